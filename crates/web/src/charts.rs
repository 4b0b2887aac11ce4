//! Charts drawn on the server as SVG, so they show without JavaScript and print well.

use crate::i18n::Tr;
use enquete_analysis::StageTotals;
use enquete_domain::people::Stage;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars, one per ladder stage, labelled with the stage and the count.
/// `shown` turns a count into what the viewer may see (`None`: hidden, drawn as "<5").
pub fn stage_bars(
    tr: &Tr,
    totals: &StageTotals,
    title: &str,
    shown: impl Fn(u64) -> Option<u64>,
) -> String {
    const WIDTH: f64 = 560.0;
    const LABEL: f64 = 120.0;
    const ROW: f64 = 30.0;
    let max = Stage::ALL
        .iter()
        .map(|s| totals.get(*s))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW * Stage::ALL.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" class=\"bars\">",
        escape(title)
    );
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let (n, text) = match shown(totals.get(*stage)) {
            Some(n) => (n, n.to_string()),
            None => (0, format!("<{}", enquete_domain::policy::SMALL_CELL)),
        };
        let text = escape(&text);
        let y = 5.0 + ROW * i as f64;
        let w = ((WIDTH - LABEL - 70.0) * n as f64 / max).max(if n > 0 { 1.0 } else { 0.0 });
        svg.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"label\">{label}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" class=\"bar stage-{code}\"><title>{label}: {text}</title></rect>\
             <text x=\"{nx:.1}\" y=\"{ty}\" class=\"value\">{text}</text>",
            lx = LABEL - 8.0,
            ty = y + 16.0,
            label = escape(&tr.stage(*stage)),
            h = ROW - 8.0,
            code = stage.as_str(),
            nx = LABEL + w + 6.0,
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars of shares (0 to 1), one per option, labelled with the option and its figure;
/// an option without a share (hidden) gets no bar and its text says why.
pub fn share_bars(items: &[(String, Option<f64>, String)], title: &str) -> String {
    const WIDTH: f64 = 640.0;
    const LABEL: f64 = 260.0;
    const ROW: f64 = 26.0;
    let height = ROW * items.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" class=\"bars\">",
        escape(title)
    );
    for (i, (label, share, text)) in items.iter().enumerate() {
        let y = 5.0 + ROW * i as f64;
        let w = share.map_or(0.0, |s| (WIDTH - LABEL - 90.0) * s.clamp(0.0, 1.0));
        svg.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"label\">{label}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" class=\"bar\"><title>{label}: {text}</title></rect>\
             <text x=\"{nx:.1}\" y=\"{ty}\" class=\"value\">{text}</text>",
            lx = LABEL - 8.0,
            ty = y + 15.0,
            label = escape(label),
            h = ROW - 8.0,
            text = escape(text),
            nx = LABEL + w + 6.0,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use enquete_domain::people::Language;

    #[test]
    fn bars_scale_to_the_largest_stage_and_escape_labels() {
        let totals = StageTotals([100, 50, 0, 10, 0, 0]);
        let svg = stage_bars(&Tr::new(Language::En), &totals, "People in <Gent>", Some);
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains("width=\"370.0\""),
            "the largest bar takes the full width"
        );
        assert!(svg.contains("width=\"185.0\""));
        assert!(svg.contains("People in &lt;Gent&gt;"));
        assert_eq!(svg.matches("<rect").count(), 6);
        let hidden = stage_bars(
            &Tr::new(Language::En),
            &StageTotals([100, 3, 0, 0, 0, 0]),
            "x",
            |n| (n == 0 || n >= 5).then_some(n),
        );
        assert!(
            hidden.contains("&lt;5") && !hidden.contains(">3<"),
            "{hidden}"
        );
    }
}

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
/// `shown` turns a stage's count into what the viewer may see (`None`: hidden, drawn as
/// [`enquete_domain::policy::HIDDEN`]).
pub fn stage_bars(
    tr: &Tr,
    totals: &StageTotals,
    title: &str,
    shown: impl Fn(Stage, u64) -> Option<u64>,
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
        let (n, text) = match shown(*stage, totals.get(*stage)) {
            Some(n) => (n, n.to_string()),
            None => (0, enquete_domain::policy::HIDDEN.to_owned()),
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
/// One bar: a share (0-1) with its 95% interval, and the text written next to it.
pub struct Bar {
    pub label: String,
    pub share: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub text: String,
}

/// Horizontal bars with error bars for the 95% interval. `compact` draws the small version used
/// for small multiples (shorter labels, no values).
pub fn estimate_bars(bars: &[Bar], title: &str, compact: bool) -> String {
    let (width, label, row, value_room) = if compact {
        (260.0, 110.0, 16.0, 8.0)
    } else {
        (640.0, 260.0, 26.0, 120.0)
    };
    let height = row * bars.len() as f64 + 10.0;
    let span = width - label - value_room;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" class=\"bars{}\">",
        escape(title),
        if compact { " compact" } else { "" }
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let w = b.share.map_or(0.0, |s| span * s.clamp(0.0, 1.0));
        let h = row - if compact { 4.0 } else { 8.0 };
        let ty = y + h - if compact { 2.0 } else { 3.0 };
        let text = escape(&b.text);
        let name = escape(&b.label);
        svg.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"label\">{name}</text>\
             <rect x=\"{label}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" class=\"bar\"><title>{name}: {text}</title></rect>",
            lx = label - 6.0,
        ));
        if let (Some(lo), Some(hi)) = (b.low, b.high) {
            let (x1, x2) = (
                label + span * lo.clamp(0.0, 1.0),
                label + span * hi.clamp(0.0, 1.0),
            );
            let mid = y + h / 2.0;
            svg.push_str(&format!(
                "<path d=\"M{x1:.1} {mid:.1}H{x2:.1}M{x1:.1} {t:.1}V{bt:.1}M{x2:.1} {t:.1}V{bt:.1}\" class=\"interval\"/>",
                t = mid - h / 4.0,
                bt = mid + h / 4.0,
            ));
        }
        if !compact {
            let right = b.high.map_or(w, |hi| span * hi.clamp(0.0, 1.0)).max(w);
            svg.push_str(&format!(
                "<text x=\"{nx:.1}\" y=\"{ty}\" class=\"value\">{text}</text>",
                nx = label + right + 6.0,
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Progress over time: the running total day by day against a straight line from 0 on the first
/// day to the target on the deadline. `days_total` is the campaign's length in days; `series`
/// holds the days so far.
pub fn progress_line(series: &[u64], target: u64, days_total: usize, title: &str) -> String {
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 180.0;
    const LEFT: f64 = 50.0;
    const BOTTOM: f64 = 20.0;
    let days = days_total.max(series.len()).max(2) as f64 - 1.0;
    let top = series.iter().copied().max().unwrap_or(0).max(target).max(1) as f64;
    let x = |d: f64| LEFT + (WIDTH - LEFT - 10.0) * d / days;
    let y = |v: f64| 10.0 + (HEIGHT - BOTTOM - 10.0) * (1.0 - v / top);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\" class=\"line\">",
        escape(title)
    );
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" class=\"axis\"/>\
         <text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\" class=\"label\">{top}</text>\
         <text x=\"{tx}\" y=\"{b}\" text-anchor=\"end\" class=\"label\">0</text>",
        b = HEIGHT - BOTTOM,
        r = WIDTH - 10.0,
        tx = LEFT - 6.0,
        ty = y(top) + 4.0,
        top = top as u64,
    ));
    if target > 0 {
        svg.push_str(&format!(
            "<line x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x1:.1}\" y2=\"{y1:.1}\" class=\"pace\"><title>{target}</title></line>",
            x0 = x(0.0),
            y0 = y(0.0),
            x1 = x(days),
            y1 = y(target as f64),
        ));
    }
    let points: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(d, v)| format!("{:.1},{:.1}", x(d as f64), y(*v as f64)))
        .collect();
    if !points.is_empty() {
        svg.push_str(&format!(
            "<polyline points=\"{}\" class=\"done\"/>",
            points.join(" ")
        ));
    }
    if let Some(last) = series.last() {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{last}</text>",
            x((series.len() - 1) as f64) + 4.0,
            y(*last as f64) - 4.0
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
    fn estimate_bars_draw_the_interval() {
        let bars = vec![
            Bar {
                label: "Housing & rent".into(),
                share: Some(0.5),
                low: Some(0.4),
                high: Some(0.6),
                text: "50%".into(),
            },
            Bar {
                label: "Hidden".into(),
                share: None,
                low: None,
                high: None,
                text: "<5".into(),
            },
        ];
        let svg = estimate_bars(&bars, "Top 3", false);
        // Span 640 - 260 - 120 = 260: the bar is 130 wide, the interval runs from 364 to 416.
        assert!(svg.contains("width=\"130.0\""), "{svg}");
        assert!(svg.contains("M364.0 ") && svg.contains("H416.0"), "{svg}");
        assert_eq!(svg.matches("class=\"interval\"").count(), 1);
        assert!(svg.contains("Housing &amp; rent") && svg.contains("&lt;5"));
    }

    #[test]
    fn bars_scale_to_the_largest_stage_and_escape_labels() {
        let totals = StageTotals([100, 50, 0, 10, 0, 0]);
        let svg = stage_bars(
            &Tr::new(Language::En),
            &totals,
            "People in <Gent>",
            |_, n| Some(n),
        );
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
            |_, n| (n == 0 || n >= 5).then_some(n),
        );
        assert!(
            hidden.contains(">×<") && !hidden.contains(">3<"),
            "{hidden}"
        );
    }
}

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
    let max = Stage::ALL
        .iter()
        .map(|s| totals.get(*s))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let rows: Vec<(Bar, String)> = Stage::ALL
        .iter()
        .map(|stage| {
            let (share, text) = match shown(*stage, totals.get(*stage)) {
                Some(n) => (Some(n as f64 / max), n.to_string()),
                None => (None, enquete_domain::policy::HIDDEN.to_owned()),
            };
            let bar = Bar {
                label: tr.stage(*stage),
                share,
                low: None,
                high: None,
                text,
            };
            (bar, format!("stage-{}", stage.as_str()))
        })
        .collect();
    let rows: Vec<(&Bar, &str)> = rows.iter().map(|(b, c)| (b, c.as_str())).collect();
    wide_bars(&rows, title)
}

/// One bar: a share (0-1) with its 95% interval, and the text written next to it; a bar without
/// a share (hidden) is not drawn and its text says why.
pub struct Bar {
    pub label: String,
    pub share: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub text: String,
}

/// Bars as wide as the page, whatever its width: each label and its figure on a line of their
/// own above the bar, so that the text keeps its size on a phone (a drawing scaled down to a
/// phone's width would shrink it) and long labels have the whole width. Positions along the
/// bars are percentages of the width; heights are pixels.
fn wide_bars(rows: &[(&Bar, &str)], title: &str) -> String {
    const ROW: f64 = 38.0;
    const BAR: f64 = 14.0;
    let height = ROW * rows.len() as f64 + 4.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{}\" class=\"bars\">",
        escape(title)
    );
    let pct = |v: f64| 100.0 * v.clamp(0.0, 1.0);
    for (i, (b, class)) in rows.iter().enumerate() {
        let y = ROW * i as f64;
        let top = y + 20.0;
        let text = escape(&b.text);
        let name = escape(&b.label);
        // A share too small to see still shows that it is not nothing.
        let w = b
            .share
            .map_or(0.0, |s| if s > 0.0 { pct(s).max(0.4) } else { 0.0 });
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{ty}\" class=\"label\">{name} <tspan class=\"value\">{text}</tspan></text>\
             <rect x=\"0\" y=\"{top}\" width=\"100%\" height=\"{BAR}\" class=\"track\"/>\
             <rect x=\"0\" y=\"{top}\" width=\"{w:.1}%\" height=\"{BAR}\" class=\"bar {class}\"><title>{name}: {text}</title></rect>",
            ty = y + 15.0,
        ));
        if let (Some(lo), Some(hi)) = (b.low, b.high) {
            let (x1, x2) = (pct(lo), pct(hi));
            let mid = top + BAR / 2.0;
            let (t, bt) = (mid - BAR / 3.0, mid + BAR / 3.0);
            svg.push_str(&format!(
                "<g class=\"interval\"><line x1=\"{x1:.1}%\" y1=\"{mid}\" x2=\"{x2:.1}%\" y2=\"{mid}\"/>\
                 <line x1=\"{x1:.1}%\" y1=\"{t:.1}\" x2=\"{x1:.1}%\" y2=\"{bt:.1}\"/>\
                 <line x1=\"{x2:.1}%\" y1=\"{t:.1}\" x2=\"{x2:.1}%\" y2=\"{bt:.1}\"/></g>",
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars with error bars for the 95% interval, as wide as the page. `compact` draws
/// the small version used for small multiples (shorter labels, no values), a drawing that
/// scales with its box.
pub fn estimate_bars(bars: &[Bar], title: &str, compact: bool) -> String {
    if !compact {
        let rows: Vec<(&Bar, &str)> = bars.iter().map(|b| (b, "")).collect();
        return wide_bars(&rows, title);
    }
    let (width, label, row, value_room) = (260.0, 110.0, 16.0, 8.0);
    let height = row * bars.len() as f64 + 10.0;
    let span = width - label - value_room;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" class=\"bars compact\">",
        escape(title),
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let w = b.share.map_or(0.0, |s| span * s.clamp(0.0, 1.0));
        let h = row - 4.0;
        let ty = y + h - 2.0;
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
    }
    svg.push_str("</svg>");
    svg
}

/// Progress over time: the running total day by day against a straight line from 0 on the first
/// day to the target on the deadline. `days_total` is the campaign's length in days; `series`
/// holds the days so far.
pub fn progress_line(series: &[u64], target: u64, days_total: usize, title: &str) -> String {
    // Drawn at about the size it is shown (a box of the small multiples, a phone's width), so
    // that its figures stay readable.
    const WIDTH: f64 = 320.0;
    const HEIGHT: f64 = 160.0;
    const LEFT: f64 = 46.0;
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

/// Where answers were given, as hexagons shaded by how many answered in each (five shades,
/// the darkest for the most), drawn in metres with north up and no basemap. Each hexagon names
/// its count for screen readers and on hover.
pub fn hex_map(map: &enquete_app::results::MapSummary, title: &str, count_word: &str) -> String {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\" role=\"img\" aria-label=\"{}\" class=\"hexmap\" preserveAspectRatio=\"xMidYMid meet\">",
        escape(&map.view_box),
        escape(title)
    );
    for h in &map.hexes {
        svg.push_str(&format!(
            "<polygon points=\"{}\" class=\"hex level-{}\"><title>{} {}</title></polygon>",
            escape(&h.points),
            h.level,
            h.count,
            escape(count_word)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars with their label and count: one per group of a conversation.
pub fn simple_bars(bars: &[(String, u64)], title: &str) -> String {
    use std::fmt::Write;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let row = 28.0;
    let height = row * bars.len().max(1) as f64 + 8.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 320 {height}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let w = 180.0 * (*n as f64) / max;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" class=\"bar-label\">{}</text>\
             <rect x=\"90\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"18\" class=\"group-{i}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"bar-value\">{n}</text>",
            y + 14.0,
            escape(label),
            96.0 + w,
            y + 14.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// How many companies a neighbourhood graph draws at each step; the list beside it names all.
const RING_ONE: usize = 16;
const RING_TWO: usize = 32;

/// A company's neighbourhood as a graph: the company in the middle, those one link away on a
/// first ring, two links away on an outer ring; each a link to its page (`base` + id), each
/// link a line (solid: owns, dashed: supplies, dotted: transports for, long dashes: finances).
pub fn neighbourhood(
    companies: &[(i64, String, u8)],
    links: &[(i64, i64, &str)],
    base: &str,
    title: &str,
) -> String {
    use std::collections::HashMap;
    use std::fmt::Write;
    const W: f64 = 360.0;
    const C: f64 = W / 2.0;
    let mut place: HashMap<i64, (f64, f64)> = HashMap::new();
    let mut drawn: Vec<(i64, &str, u8, f64, f64)> = Vec::new();
    for (step, cap, radius) in [(0u8, 1, 0.0), (1, RING_ONE, 95.0), (2, RING_TWO, 160.0)] {
        let ring: Vec<&(i64, String, u8)> =
            companies.iter().filter(|c| c.2 == step).take(cap).collect();
        let n = ring.len().max(1) as f64;
        for (i, c) in ring.iter().enumerate() {
            let angle = std::f64::consts::TAU * (i as f64) / n - std::f64::consts::FRAC_PI_2
                + if step == 2 { 0.3 } else { 0.0 };
            let (x, y) = (C + radius * angle.cos(), C + radius * angle.sin());
            place.insert(c.0, (x, y));
            drawn.push((c.0, c.1.as_str(), step, x, y));
        }
    }
    let mut svg = format!(
        "<svg class=\"graph\" viewBox=\"0 0 {W} {W}\" role=\"group\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for (a, b, kind) in links {
        let (Some((x1, y1)), Some((x2, y2))) = (place.get(a), place.get(b)) else {
            continue;
        };
        let dash = match *kind {
            "supplies" => " stroke-dasharray=\"6 3\"",
            "transports_for" => " stroke-dasharray=\"2 3\"",
            "finances" => " stroke-dasharray=\"12 4\"",
            _ => "",
        };
        let _ = write!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" \
             class=\"graph-link link-{kind}\"{dash}/>"
        );
    }
    for (id, name, step, x, y) in &drawn {
        let short: String = if name.chars().count() > 18 {
            format!("{}…", name.chars().take(17).collect::<String>())
        } else {
            (*name).to_owned()
        };
        let r = match step {
            0 => 10.0,
            1 => 7.0,
            _ => 5.0,
        };
        let _ = write!(
            svg,
            "<a href=\"{base}{id}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" \
             class=\"graph-node step-{step}\"><title>{}</title></circle>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"graph-label\">{}</text></a>",
            escape(name),
            y + r + 11.0,
            escape(&short)
        );
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
        // Half the width, the interval from 40% to 60% of it, whatever the page's width.
        assert!(svg.contains("width=\"50.0%\""), "{svg}");
        assert!(
            svg.contains("x1=\"40.0%\"") && svg.contains("x2=\"60.0%\""),
            "{svg}"
        );
        assert_eq!(svg.matches("class=\"interval\"").count(), 1);
        assert!(!svg.contains("viewBox"), "text keeps its size on a phone");
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
            svg.contains("width=\"100.0%\""),
            "the largest bar takes the full width"
        );
        assert!(svg.contains("width=\"50.0%\""));
        assert!(svg.contains("People in &lt;Gent&gt;"));
        assert_eq!(svg.matches("class=\"bar ").count(), 6);
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

    #[test]
    fn a_neighbourhood_draws_each_company_once_and_escapes_names() {
        let companies = vec![
            (1, "Hub & Co".to_owned(), 0),
            (2, "<Near>".to_owned(), 1),
            (3, "Far".to_owned(), 2),
        ];
        let svg = super::neighbourhood(
            &companies,
            &[(1, 2, "owns"), (2, 3, "supplies"), (3, 9, "owns")],
            "/c/",
            "Graph",
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(
            svg.matches("<line").count(),
            2,
            "a link to a company not drawn is left out"
        );
        assert!(svg.contains("Hub &amp; Co") && svg.contains("&lt;Near&gt;"));
        assert!(svg.contains("href=\"/c/3\""));
        assert!(svg.contains("stroke-dasharray=\"6 3\""));
    }
}

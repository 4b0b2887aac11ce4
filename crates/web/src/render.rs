//! Standalone documents the web layer renders for other doors (the command line): whole HTML
//! files to open in a browser or print, made with the same templates, words and charts as the
//! pages. Not page handlers: no request, no session, no menu.

use crate::charts::{self, Bar};
use crate::i18n::Tr;
use crate::pages::chrome::Chrome;
use askama::Template;
use enquete_app::results::{QuestionSummary, SurveyResults};
use enquete_domain::people::Language;
use enquete_domain::survey::SurveyDefinition;
use enquete_store::Dossier;

/// A count, or "<5" when it is hidden.
fn count(n: Option<u64>) -> String {
    n.map_or_else(
        || enquete_domain::policy::HIDDEN.to_owned(),
        |n| n.to_string(),
    )
}

/// A question as the report shows it.
struct ReportQuestion {
    label: String,
    /// "answered 345", in the report's language.
    answered: String,
    mean: Option<String>,
    /// The bars as SVG, built by [`charts::estimate_bars`] from escaped values; empty for
    /// questions without options.
    chart: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportDocument {
    tr: Tr,
    title: String,
    responses: String,
    weighting: String,
    highlights: Vec<String>,
    questions: Vec<ReportQuestion>,
}

fn bars(q: &QuestionSummary) -> Vec<Bar> {
    q.options
        .iter()
        .map(|o| Bar {
            label: o.label.clone(),
            share: o.share,
            low: o.low,
            high: o.high,
            text: match o.share {
                Some(s) => format!("{:.0}% ({})", s * 100.0, count(o.count)),
                None => count(o.count),
            },
        })
        .collect()
}

fn report_question(q: &QuestionSummary, tr: &Tr) -> ReportQuestion {
    ReportQuestion {
        label: q.label.clone(),
        answered: tr.t1("report-answered", "count", count(q.answered)),
        mean: q.mean.map(|m| format!("{m:.2}")),
        chart: if q.options.is_empty() {
            String::new()
        } else {
            charts::estimate_bars(&bars(q), &q.label, false)
        },
    }
}

/// The results of a survey for a unit as a standalone HTML document (`enquete report --format
/// html`): the title, the number of responses, how they were weighted, where the units below
/// differ, then each question with how many answered, its mean and its bars with their 95%
/// intervals. `results` should have been computed in `lang`, so that labels and highlights
/// speak the same language as the rest of the document.
pub fn results_report(
    def: &SurveyDefinition,
    results: &SurveyResults,
    lang: Language,
) -> Result<String, askama::Error> {
    let tr = Tr::new(lang);
    let weighting = match &results.weighting {
        Some(w) => tr.tn(
            "report-weighted",
            &[
                ("variables", results.weighting_labels().join(", ")),
                ("deff", format!("{:.2}", w.design_effect)),
                ("neff", format!("{:.0}", w.effective_n)),
            ],
        ),
        None => tr.t("report-unweighted"),
    };
    ReportDocument {
        title: format!("{} — {}", def.title.get(lang), results.unit_name),
        responses: tr.t1("report-responses", "count", count(results.responses)),
        weighting,
        highlights: results.highlights.iter().map(|h| h.text.clone()).collect(),
        questions: results
            .questions
            .iter()
            .map(|q| report_question(q, &tr))
            .collect(),
        tr,
    }
    .render()
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    c: Chrome,
    d: Dossier,
    responses: Vec<(String, String, String)>,
    can_erase: bool,
}

fn response_rows(d: &Dossier) -> Vec<(String, String, String)> {
    d.responses
        .iter()
        .map(|r| {
            (
                r.collected_at.display(),
                format!("{} (v{})", r.survey.0, r.version),
                serde_json::to_string_pretty(&r.answers).unwrap_or_default(),
            )
        })
        .collect()
}

/// Everything held about a person, within the page frame `c`; with the erase form when
/// `can_erase`. The privacy page shows this; [`dossier_html`] is the same without the menu.
pub(crate) fn dossier(d: Dossier, c: Chrome, can_erase: bool) -> Result<String, askama::Error> {
    DossierPage {
        responses: response_rows(&d),
        d,
        can_erase,
        c,
    }
    .render()
}

/// Everything held about a person as a standalone HTML document, for a request to see their
/// data (`enquete person export --format html`): the privacy page without the menu and without
/// the erase form.
pub fn dossier_html(d: Dossier, lang: Language) -> Result<String, askama::Error> {
    dossier(d, Chrome::standalone(Tr::new(lang)), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use enquete_app::results::{Highlight, OptionResult, WeightingSummary};
    use enquete_domain::survey::Labels;

    fn option(label: &str, count: Option<u64>, share: Option<f64>) -> OptionResult {
        OptionResult {
            code: label.to_lowercase(),
            label: label.into(),
            count,
            share,
            low: share.map(|s| s - 0.1),
            high: share.map(|s| s + 0.1),
            se: None,
            first: None,
            first_share: None,
            borda: None,
        }
    }

    fn results(weighted: bool) -> SurveyResults {
        SurveyResults {
            survey_id: 1,
            version: 1,
            unit_id: 1,
            unit_name: "Gent <Centrum>".into(),
            responses: Some(120),
            weighted,
            weighting: weighted.then(|| WeightingSummary {
                variables: vec!["age_band".into(), "gender".into()],
                design_effect: 1.3172,
                effective_n: 91.2,
                unplaced: None,
                outside: None,
                problems: Vec::new(),
            }),
            questions: vec![
                QuestionSummary {
                    code: "top3".into(),
                    label: "Housing & rent?".into(),
                    kind: "multiple_choice".into(),
                    demographic: false,
                    focus: false,
                    answered: Some(118),
                    options: vec![
                        option("Rents", Some(59), Some(0.5)),
                        option("Hidden", None, None),
                    ],
                    mean: None,
                    mean_low: None,
                    mean_high: None,
                    repeat: None,
                    distribution: None,
                    map: None,
                },
                QuestionSummary {
                    code: "trust".into(),
                    label: "Trust".into(),
                    kind: "scale".into(),
                    demographic: false,
                    focus: false,
                    answered: None,
                    options: Vec::new(),
                    mean: Some(3.349),
                    mean_low: Some(3.0),
                    mean_high: Some(3.7),
                    repeat: None,
                    distribution: None,
                    map: None,
                },
            ],
            highlights: vec![Highlight {
                question: "top3".into(),
                option: "rents".into(),
                unit_id: 2,
                unit_name: "Ledeberg".into(),
                share: 0.7,
                parent_id: 1,
                parent_name: "Gent".into(),
                parent_share: 0.5,
                p_value: 0.001,
                text: "Rents: 70% in Ledeberg vs 50% in <Gent>".into(),
            }],
            repeats: Vec::new(),
        }
    }

    fn definition() -> SurveyDefinition {
        SurveyDefinition {
            form_id: "enquete".into(),
            title: Labels::one(Language::En, "The Big Enquête"),
            questions: Vec::new(),
            groups: Vec::new(),
            languages: Default::default(),
            version: None,
            settings: Default::default(),
        }
    }

    #[test]
    fn the_report_says_what_the_command_line_said_and_escapes_what_it_was_given() {
        let html = results_report(&definition(), &results(true), Language::En).unwrap();
        assert!(html.starts_with("<!doctype html>"), "{html}");
        assert!(html.contains("<html lang=\"en\">"));
        assert!(
            html.contains("<title>The Big Enquête — Gent &#60;Centrum&#62;</title>"),
            "{html}"
        );
        assert!(html.contains("120 responses."), "{html}");
        assert!(
            html.contains(
                "Weighted to the population by age_band, gender (design effect 1.32, \
                 effective sample size 91)."
            ),
            "{html}"
        );
        assert!(html.contains("<h2>Where it differs</h2>"));
        assert!(html.contains("Rents: 70% in Ledeberg vs 50% in &#60;Gent&#62;"));
        assert!(html.contains("<h2>Housing &#38; rent?</h2>"), "{html}");
        assert!(html.contains("answered 118") && html.contains("answered ×"));
        assert!(html.contains("mean 3.35"), "{html}");
        // The chart goes in as it is: its labels were escaped when it was drawn.
        assert!(!html.contains("<Centrum>") && !html.contains("<Gent>"));
        assert!(
            html.contains("aria-label=\"Housing &amp; rent?\""),
            "{html}"
        );
        assert!(html.contains(">50% (59)</tspan>") && html.contains(">×</tspan>"));
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains("Taylor linearization"));
        let plain = results_report(&definition(), &results(false), Language::En).unwrap();
        assert!(plain.contains("Unweighted: every respondent counts once."));
        assert!(!plain.contains("design effect"));
    }

    #[test]
    fn the_report_speaks_every_language() {
        for lang in Language::ALL {
            let html = results_report(&definition(), &results(true), lang).unwrap();
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
            for key in ["report-", "results-"] {
                assert!(
                    !html.contains(key),
                    "{}: {key} untranslated\n{html}",
                    lang.code()
                );
            }
            assert!(html.contains("age_band, gender") && html.contains("1.32"));
            if lang != Language::En {
                assert!(!html.contains("responses."), "{}: {html}", lang.code());
                assert!(!html.contains("Where it differs"), "{}", lang.code());
            }
        }
    }
}

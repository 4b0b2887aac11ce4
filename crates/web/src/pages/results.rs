//! The results page of a survey for a unit and everything below it: highlights, then each
//! question as bars with error bars or as a table, the units below as small multiples, and
//! cross-tabs by a demographic question.

use super::chrome::{Chrome, page};
use crate::charts::{self, Bar};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Id, Params};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::results::{
    CrossTab, DistributionSummary, Highlight, MapSummary, QuestionSummary, RepeatSummary,
};
use enquete_domain::audit::AuditAction;
use enquete_domain::org::Unit;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows, hides_small_counts};
use enquete_domain::survey::SurveyId;
use serde::Deserialize;

/// A question as the page shows it.
struct Block {
    code: String,
    label: String,
    answered: String,
    chart: String,
    mean: String,
    /// Table view: option, count, share, interval, first choice, Borda.
    rows: Vec<[String; 6]>,
    ranked: bool,
    /// The answers that can become a campaign's focus (choice questions).
    choices: Vec<(String, String)>,
    /// Numbers, dates and times: the median and quartiles with their intervals, the range.
    spread: String,
    /// Places: the map and what it shows.
    map: String,
    map_note: String,
}

/// A repeat (a household's members) as the page shows it.
struct RepeatBlock {
    path: String,
    label: String,
    /// "312 rows in 120 responses, 2.6 per response".
    summary: String,
    /// Rows per response.
    chart: String,
    questions: Vec<RepeatTable>,
}

/// A question asked in each row: per option, the rows and the respondents with such a row.
struct RepeatTable {
    label: String,
    rows: Vec<[String; 5]>,
    spread: String,
    chart: String,
}

struct Multiple {
    id: i64,
    name: String,
    answered: String,
    chart: String,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    c: Chrome,
    id: i64,
    unit_id: i64,
    title: String,
    unit: String,
    responses: String,
    /// "responses", in the plural form the count takes.
    responses_word: String,
    view: String,
    weighted: bool,
    can_weight: bool,
    weighting: String,
    highlights: Vec<Highlight>,
    blocks: Vec<Block>,
    repeats: Vec<RepeatBlock>,
    multiples: Vec<Multiple>,
    multiple_question: String,
    questions: Vec<(String, String)>,
    demographics: Vec<(String, String)>,
    has_text: bool,
    /// The reader may start a campaign at this unit (a national admin: a national focus).
    can_focus: bool,
    crumbs: Vec<(i64, String)>,
    children: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct Query {
    unit: Option<i64>,
    view: Option<String>,
    q: Option<String>,
    weighted: Option<u8>,
}

fn count_text(n: Option<u64>) -> String {
    n.map_or_else(
        || enquete_domain::policy::HIDDEN.to_owned(),
        |n| n.to_string(),
    )
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn bars(q: &QuestionSummary) -> Vec<Bar> {
    q.options
        .iter()
        .map(|o| Bar {
            label: o.label.clone(),
            share: o.share,
            low: o.low,
            high: o.high,
            text: match (o.count, o.share) {
                (Some(n), Some(s)) => format!("{} ({n})", pct(s)),
                (n, _) => count_text(n),
            },
        })
        .collect()
}

fn block(q: &QuestionSummary, c: &Chrome) -> Block {
    let ranked = q.kind == "ranking";
    let rows = q
        .options
        .iter()
        .map(|o| {
            [
                o.label.clone(),
                count_text(o.count),
                o.share.map_or_else(String::new, pct),
                match (o.low, o.high) {
                    (Some(l), Some(h)) => format!("{}–{}", pct(l), pct(h)),
                    _ => String::new(),
                },
                o.first_share.map_or_else(String::new, pct),
                o.borda.map_or_else(String::new, |b| format!("{b:.2}")),
            ]
        })
        .collect();
    let mean = match (q.mean, q.mean_low, q.mean_high) {
        (Some(m), Some(l), Some(h)) => format!(
            "{m:.1} ({} {l:.1}–{h:.1})",
            c.t("results-interval").to_lowercase()
        ),
        (Some(m), _, _) => format!("{m:.1}"),
        _ => String::new(),
    };
    let choices = if !q.focus {
        Vec::new()
    } else {
        q.options
            .iter()
            .map(|o| (o.code.clone(), o.label.clone()))
            .collect()
    };
    let answers = c.t("results-count").to_lowercase();
    Block {
        choices,
        code: q.code.clone(),
        label: q.label.clone(),
        answered: count_text(q.answered),
        chart: match &q.distribution {
            _ if !q.options.is_empty() => charts::estimate_bars(&bars(q), &q.label, false),
            Some(d) => histogram(d, &q.label),
            None => String::new(),
        },
        spread: q
            .distribution
            .as_ref()
            .map_or_else(String::new, |d| spread(d, c)),
        map: q
            .map
            .as_ref()
            .map_or_else(String::new, |m| charts::hex_map(m, &q.label, &answers)),
        map_note: q.map.as_ref().map_or_else(String::new, |m| map_note(m, c)),
        mean,
        rows,
        ranked,
    }
}

/// The bars of a distribution, each with its share and count.
fn histogram(d: &DistributionSummary, title: &str) -> String {
    if d.bins.is_empty() {
        return String::new();
    }
    let top = d
        .bins
        .iter()
        .filter_map(|b| b.share)
        .fold(0.0_f64, f64::max)
        .max(f64::EPSILON);
    let bars: Vec<Bar> = d
        .bins
        .iter()
        .map(|b| Bar {
            label: b.label.clone(),
            // Scaled to the tallest bar, so that a spread over many bins stays readable.
            share: b.share.map(|s| s / top),
            low: None,
            high: None,
            text: match (b.count, b.share) {
                (Some(n), Some(s)) => format!("{} ({n})", pct(s)),
                (n, _) => count_text(n),
            },
        })
        .collect();
    charts::estimate_bars(&bars, title, false)
}

/// "Median 42 (95% interval 40–44) · quartiles 30 and 55 · from 18 to 90".
fn spread(d: &DistributionSummary, c: &Chrome) -> String {
    let mut parts = Vec::new();
    if let Some(m) = &d.median {
        parts.push(c.tr.tn(
            "results-median",
            &[("value", m.text.clone()), ("interval", m.interval.clone())],
        ));
    }
    if let (Some(a), Some(b)) = (&d.q1, &d.q3) {
        parts.push(c.tr.tn(
            "results-quartiles",
            &[
                ("low", a.text.clone()),
                ("low_interval", a.interval.clone()),
                ("high", b.text.clone()),
                ("high_interval", b.interval.clone()),
            ],
        ));
    }
    if let (Some(a), Some(b)) = (&d.min, &d.max) {
        parts.push(c.tr.tn("results-range", &[("min", a.clone()), ("max", b.clone())]));
    }
    parts.join(" · ")
}

fn map_note(m: &MapSummary, c: &Chrome) -> String {
    let mut note = c.tr.tn(
        "results-map-note",
        &[
            ("size", format!("{:.0}", 2.0 * m.radius_m)),
            ("most", m.max.to_string()),
        ],
    );
    if let Some(a) = m.accuracy_m {
        note.push(' ');
        note.push_str(
            &c.tr
                .tn("results-map-accuracy", &[("metres", format!("{a:.0}"))]),
        );
    }
    match m.hidden {
        Some(0) => {}
        Some(n) => {
            note.push(' ');
            note.push_str(&c.tr.tn("results-map-hidden", &[("n", n.to_string())]));
        }
        None => {
            note.push(' ');
            note.push_str(&c.tr.tn(
                "results-map-hidden",
                &[("n", enquete_domain::policy::HIDDEN.to_owned())],
            ));
        }
    }
    note
}

fn repeat_block(r: &RepeatSummary, c: &Chrome) -> RepeatBlock {
    let summary = match (r.rows, r.respondents, r.mean) {
        (Some(rows), Some(with), Some(mean)) => c.tr.tn(
            "results-repeat-summary",
            &[
                ("rows", rows.to_string()),
                ("responses", with.to_string()),
                ("mean", format!("{mean:.1}")),
            ],
        ),
        _ => c.t("results-repeat-hidden"),
    };
    let per_response = c.t("results-repeat-per-response");
    RepeatBlock {
        path: r.path.replace('/', "-"),
        label: r.label.clone(),
        summary,
        chart: r
            .per_respondent
            .as_ref()
            .map_or_else(String::new, |d| histogram(d, &per_response)),
        questions: r
            .questions
            .iter()
            .map(|q| RepeatTable {
                label: q.label.clone(),
                rows: q
                    .options
                    .iter()
                    .map(|o| {
                        [
                            o.label.clone(),
                            count_text(o.rows),
                            o.row_share.map_or_else(String::new, pct),
                            count_text(o.respondents),
                            o.respondent_share.map_or_else(String::new, pct),
                        ]
                    })
                    .collect(),
                spread: q
                    .distribution
                    .as_ref()
                    .map_or_else(String::new, |d| spread(d, c)),
                chart: q
                    .distribution
                    .as_ref()
                    .map_or_else(String::new, |d| histogram(d, &q.label)),
            })
            .collect(),
    }
}

async fn crumbs(state: &AppState, staff: &Staff, unit: &Unit) -> AppResult<Vec<(i64, String)>> {
    Ok(state
        .store
        .ancestry(unit)
        .await?
        .into_iter()
        .filter(|a| {
            a.id != unit.id
                && allows(
                    &staff.caller.actor,
                    Action::ViewAggregates,
                    Target::unit(&a.path),
                )
        })
        .map(|a| (a.id.0, a.name.as_str().to_owned()))
        .collect())
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<Query>,
) -> AppResult<Response> {
    let unit = enquete_app::scope::results_unit(&state, &staff.caller, q.unit.map(UnitId)).await?;
    let c = Chrome::new(&staff.ctx);
    let hide = hides_small_counts(&staff.caller.actor);
    let wanted = q.weighted != Some(0);
    let snap = enquete_app::results::snapshot(&state, SurveyId(id)).await?;
    let results = enquete_app::results::for_unit(
        &snap,
        &unit,
        hide,
        c.tr.lang,
        wanted,
        enquete_app::scope::parent_visible(&state, &staff.caller, &unit).await?,
        &c.tr,
    )?;
    let view = match q.view.as_deref() {
        Some("table") => "table",
        Some("units") => "units",
        _ => "chart",
    };
    let blocks: Vec<Block> = results
        .questions
        .iter()
        .filter(|q| q.kind != "text" && q.kind != "note" && q.repeat.is_none())
        .map(|q| block(q, &c))
        .collect();
    let repeats = results
        .repeats
        .iter()
        .map(|r| repeat_block(r, &c))
        .collect();
    let questions: Vec<(String, String)> = results
        .questions
        .iter()
        .filter(|q| !q.options.is_empty() && !q.demographic)
        .map(|q| (q.code.clone(), q.label.clone()))
        .collect();
    let demographics = results
        .questions
        .iter()
        .filter(|q| q.kind == "single_choice" && q.demographic)
        .map(|q| (q.code.clone(), q.label.clone()))
        .collect();
    let multiple_question =
        q.q.filter(|code| questions.iter().any(|(c, _)| c == code))
            .or_else(|| questions.first().map(|(c, _)| c.clone()))
            .unwrap_or_default();
    let multiples = if view == "units" {
        enquete_app::results::for_children(&snap, &unit, hide, c.tr.lang, wanted)
            .into_iter()
            .filter_map(|(u, qs)| {
                let q = qs.into_iter().find(|q| q.code == multiple_question)?;
                Some(Multiple {
                    id: u.id.0,
                    name: u.name.as_str().to_owned(),
                    answered: count_text(q.answered),
                    chart: charts::estimate_bars(&bars(&q), u.name.as_str(), true),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let weighting = results.weighting.as_ref().map_or_else(String::new, |w| {
        c.tr.tn(
            "results-weighted-note",
            &[
                ("variables", results.weighting_labels().join(", ")),
                ("deff", format!("{:.2}", w.design_effect)),
                ("neff", format!("{:.0}", w.effective_n)),
            ],
        )
    });
    let children = snap
        .units
        .iter()
        .filter(|u| u.parent == Some(unit.id) && !u.is_archived())
        .map(|u| (u.id.0, u.name.as_str().to_owned()))
        .collect();
    page(&ResultsPage {
        can_focus: allows(
            &staff.caller.actor,
            Action::ManageCampaigns,
            Target::unit(&unit.path),
        ),
        id,
        unit_id: unit.id.0,
        title: snap.survey.definition.title.get(c.tr.lang).to_owned(),
        unit: results.unit_name,
        responses_word: c.tr.t1(
            "results-responses-word",
            "n",
            // A hidden count ("<5") reads as a plural.
            results.responses.unwrap_or(2),
        ),
        responses: results.responses.map_or_else(
            || enquete_domain::policy::HIDDEN.to_owned(),
            |n| c.tr.number(n),
        ),
        view: view.to_owned(),
        weighted: results.weighted,
        can_weight: snap.weighting.is_some(),
        weighting,
        highlights: results.highlights,
        blocks,
        repeats,
        multiples,
        multiple_question,
        questions,
        demographics,
        has_text: results.questions.iter().any(|q| q.kind == "text"),
        crumbs: crumbs(&state, &staff, &unit).await?,
        children,
        c,
    })
}

#[derive(Template)]
#[template(path = "crosstab.html")]
struct CrossTabPage {
    c: Chrome,
    id: i64,
    unit_id: i64,
    title: String,
    unit: String,
    table: CrossTab,
    /// Per row, per column: "41% (35–47%)" or "<5".
    cells: Vec<Vec<String>>,
    answered: Vec<String>,
    test: String,
    crumbs: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct CrossQuery {
    unit: Option<i64>,
    q: String,
    by: String,
    weighted: Option<u8>,
}

pub async fn crosstab(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<CrossQuery>,
) -> AppResult<Response> {
    let unit = enquete_app::scope::results_unit(&state, &staff.caller, q.unit.map(UnitId)).await?;
    let c = Chrome::new(&staff.ctx);
    let snap = enquete_app::results::snapshot(&state, SurveyId(id)).await?;
    let table = enquete_app::results::crosstab(
        &snap,
        &unit,
        &q.q,
        &q.by,
        hides_small_counts(&staff.caller.actor),
        c.tr.lang,
        q.weighted != Some(0),
    )?;
    let cells = table
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|cell| match (cell.share, cell.low, cell.high) {
                    (Some(s), Some(l), Some(h)) => {
                        format!("{} ({}–{})", pct(s), pct(l), pct(h))
                    }
                    (Some(s), _, _) => pct(s),
                    _ => count_text(cell.count),
                })
                .collect()
        })
        .collect();
    let test = match (table.chi_square, table.df, table.p_value) {
        (Some(x), Some(df), Some(p)) => c.tr.tn(
            "results-chi-square",
            &[
                ("chi", format!("{x:.1}")),
                ("df", format!("{df:.0}")),
                ("p", format_p(p)),
            ],
        ),
        _ => String::new(),
    };
    page(&CrossTabPage {
        id,
        unit_id: unit.id.0,
        title: snap.survey.definition.title.get(c.tr.lang).to_owned(),
        unit: unit.name.as_str().to_owned(),
        answered: table
            .column_answered
            .iter()
            .map(|n| count_text(*n))
            .collect(),
        cells,
        test,
        table,
        crumbs: crumbs(&state, &staff, &unit).await?,
        c,
    })
}

/// A p-value as people read it: "< 0.001" below that, else three decimals.
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

#[derive(Deserialize)]
pub struct ExportQuery {
    unit: Option<i64>,
}

/// The anonymous responses below a unit as CSV (with weights when the survey is weighted).
/// Every download is written to the audit log.
pub async fn export_csv(
    state: State<AppState>,
    staff: Staff,
    id: Id,
    q: Params<ExportQuery>,
) -> AppResult<Response> {
    export(state, staff, id, q, false).await
}

/// The same as Parquet.
pub async fn export_parquet(
    state: State<AppState>,
    staff: Staff,
    id: Id,
    q: Params<ExportQuery>,
) -> AppResult<Response> {
    export(state, staff, id, q, true).await
}

async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<ExportQuery>,
    parquet: bool,
) -> AppResult<Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let unit = enquete_app::scope::results_unit(&state, &staff.caller, q.unit.map(UnitId)).await?;
    let hide = hides_small_counts(&staff.caller.actor);
    let snap = enquete_app::results::snapshot(&state, SurveyId(id)).await?;
    let (bytes, _) = enquete_app::results::export(&snap, &unit, hide, parquet)?;
    state
        .store
        .audit(&enquete_store::AuditEvent {
            at: enquete_domain::Timestamp::now_utc(),
            user: Some(staff.caller.actor.user),
            action: AuditAction::ExportResponses,
            person: None,
            detail: format!(
                "survey {} version {}, {} and below, {}{}",
                id,
                snap.survey.version,
                unit.name.as_str(),
                if parquet { "Parquet" } else { "CSV" },
                if hide { ", without free text" } else { "" }
            ),
            ip: staff.ctx.ip.clone(),
        })
        .await?;
    let (extension, kind) = if parquet {
        ("parquet", "application/vnd.apache.parquet")
    } else {
        ("csv", "text/csv; charset=utf-8")
    };
    let filename = format!(
        "attachment; filename=\"{}-{}.{extension}\"",
        snap.survey.definition.form_id, unit.id.0
    );
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, filename),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "themes.html")]
struct ThemesPage {
    c: Chrome,
    id: i64,
    unit_id: i64,
    title: String,
    unit: String,
    view: enquete_app::themes::ThemesView,
    questions: Vec<(String, String)>,
    can_edit: bool,
    lexicon: String,
    crumbs: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct ThemesQuery {
    unit: Option<i64>,
    q: Option<String>,
}

/// Whether the account may edit the themes (and lexicon) of a survey: those who may change it.
async fn may_edit_themes(state: &AppState, staff: &Staff, form_id: &str) -> bool {
    enquete_app::scope::publish_rights(state, &staff.caller, form_id)
        .await
        .is_ok()
}

pub async fn themes(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<ThemesQuery>,
) -> AppResult<Response> {
    let unit = enquete_app::scope::results_unit(&state, &staff.caller, q.unit.map(UnitId)).await?;
    let c = Chrome::new(&staff.ctx);
    let found = enquete_app::themes::run(&state, SurveyId(id), &unit, q.q.as_deref()).await?;
    let view =
        enquete_app::themes::view(&found, c.tr.lang, hides_small_counts(&staff.caller.actor));
    let snap = &found.snap;
    let can_edit = may_edit_themes(&state, &staff, &snap.survey.definition.form_id).await;
    let lexicon = if can_edit {
        found.lexicon_text.clone()
    } else {
        String::new()
    };
    let questions = snap
        .survey
        .definition
        .questions
        .iter()
        .filter(|q| q.kind.type_name() == "text")
        .map(|q| (q.name.clone(), q.label.get(c.tr.lang).to_owned()))
        .collect();
    page(&ThemesPage {
        id,
        unit_id: unit.id.0,
        title: snap.survey.definition.title.get(c.tr.lang).to_owned(),
        unit: unit.name.as_str().to_owned(),
        view,
        questions,
        can_edit,
        lexicon,
        crumbs: crumbs(&state, &staff, &unit).await?,
        c,
    })
}

#[derive(Deserialize)]
pub struct ThemeEditForm {
    unit: i64,
    question: String,
    /// rename, merge, split or lexicon
    action: String,
    theme: Option<String>,
    name: Option<String>,
    into: Option<String>,
    lexicon: Option<String>,
}

pub async fn edit_themes(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    crate::extract::Form(f): crate::extract::Form<ThemeEditForm>,
) -> AppResult<Response> {
    let unit =
        enquete_app::scope::results_unit(&state, &staff.caller, Some(UnitId(f.unit))).await?;
    let survey = state.store.survey(SurveyId(id)).await?;
    enquete_app::scope::publish_rights(&state, &staff.caller, &survey.definition.form_id).await?;
    let missing = |field: &'static str| {
        AppError::Field(enquete_domain::FieldError::new(field, "error-required"))
    };
    let by = Some(staff.id());
    let question = f.question.clone();
    match f.action.as_str() {
        "lexicon" => {
            let text = f.lexicon.ok_or_else(|| missing("lexicon"))?;
            enquete_app::themes::save_lexicon(&state, SurveyId(id), &question, &text, by).await?;
        }
        action => {
            let theme = f.theme.ok_or_else(|| missing("theme"))?;
            let edit = match action {
                "rename" => enquete_app::themes::Edit::Rename {
                    theme,
                    name: f.name.ok_or_else(|| missing("name"))?,
                },
                "merge" => enquete_app::themes::Edit::Merge {
                    theme,
                    into: f.into.ok_or_else(|| missing("into"))?,
                },
                "split" => enquete_app::themes::Edit::Split { theme },
                _ => {
                    return Err(AppError::Field(enquete_domain::FieldError::new(
                        "action",
                        "error-theme-action",
                    )));
                }
            };
            enquete_app::themes::edit(&state, SurveyId(id), &unit, &question, edit, by).await?;
        }
    }
    Ok(super::chrome::see_other(&format!(
        "/surveys/{id}/themes?unit={}&q={}&done=themes-saved",
        unit.id.0,
        form_urlencoded::byte_serialize(question.as_bytes()).collect::<String>()
    )))
}

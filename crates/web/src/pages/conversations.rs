//! Conversations: a unit's list (`/units/{id}/conversations`), a conversation's statements,
//! moderation, translations and opinion groups (`/conversations/{id}`), and the public page
//! where people vote is in `conversation_public`.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_analysis::estimate::Estimate;
use enquete_domain::conversation::StatementStatus;
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "conversations.html")]
struct ListPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    /// (id, title, open).
    conversations: Vec<(i64, String, bool)>,
    may_create: bool,
}

pub async fn list(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let list = enquete_app::conversations::of_unit(&state, &staff.caller, UnitId(id)).await?;
    let unit = state.store.unit(UnitId(id)).await?;
    page(&ListPage {
        c: Chrome::new(&staff.ctx),
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        conversations: list
            .iter()
            .map(|c| (c.id, c.title.clone(), c.open))
            .collect(),
        may_create: enquete_domain::policy::allows(
            &staff.caller.actor,
            enquete_domain::policy::Action::ManageActions,
            enquete_domain::policy::Target::unit(&unit.path),
        ),
    })
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    title: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    let c = enquete_app::conversations::create(&state, &staff.caller, UnitId(id), &f.title).await?;
    Ok(see_other(&format!("/conversations/{c}")))
}

struct StatementView {
    id: i64,
    text: String,
    language: &'static str,
    pending: bool,
    rejected: bool,
    /// "FR: …" for each translation.
    translations: Vec<String>,
}

#[derive(Template)]
#[template(path = "conversation.html")]
struct ShowPage {
    c: Chrome,
    id: i64,
    title: String,
    link: String,
    open: bool,
    moderates: bool,
    statements: Vec<StatementView>,
    languages: Vec<(&'static str, &'static str)>,
    /// "120 people voted 1,432 times; 96 voted on enough statements to be grouped."
    summary: String,
    /// The chart: one bar per group.
    chart: String,
    /// The surveys the groups may be weighted by: (id, title, linked).
    surveys: Vec<(i64, String, bool)>,
    /// How the shares are weighted, in sentences.
    weighting: Vec<String>,
    /// "Group 1", "Group 2"... for the table's columns.
    group_names: Vec<String>,
    /// Per section: name, people, a share per group.
    places: Vec<PlaceCells>,
    /// Per group: heading, and the statements that set it apart in words.
    groups: Vec<(String, Vec<String>)>,
    all_agree: Vec<String>,
    consensus: Vec<String>,
    /// How clearly people fall apart, said plainly.
    clarity: String,
}

/// What the groups part says when there is nothing to show yet (too few votes).
fn nothing_yet(tr: crate::i18n::Tr, too_few: bool, grouped: usize) -> Option<String> {
    if too_few {
        Some(tr.t("conversation-too-few"))
    } else if grouped == 0 {
        Some(tr.t("conversation-no-votes"))
    } else {
        None
    }
}

/// A share with its range, "40% (28–52%)".
fn range(tr: crate::i18n::Tr, e: &Estimate) -> String {
    tr.tn(
        "conversation-range",
        &[
            ("share", percent(e.value)),
            ("low", percent(e.low)),
            ("high", percent(e.high)),
        ],
    )
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// How the shares were weighted, in sentences.
fn weighting_words(
    tr: crate::i18n::Tr,
    w: Option<&enquete_app::conversations::WeightingView>,
) -> Vec<String> {
    let Some(w) = w else {
        return vec![tr.t("conversation-not-weighted")];
    };
    let language = tr.language();
    let label = |code: &str| {
        w.questions
            .iter()
            .find(|q| q.name == code)
            .map_or_else(|| code.to_owned(), |q| q.label.get(language).to_owned())
    };
    let questions = w
        .questions
        .iter()
        .map(|q| q.label.get(language).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if w.failed {
        return vec![tr.tn(
            "conversation-weight-failed",
            &[("unit", w.unit.clone()), ("questions", questions)],
        )];
    }
    let mut words = vec![if w.counts_hidden {
        tr.tn(
            "conversation-weighted-few",
            &[("unit", w.unit.clone()), ("questions", questions)],
        )
    } else {
        tr.tn(
            "conversation-weighted",
            &[
                ("unit", w.unit.clone()),
                ("questions", questions),
                ("placed", w.placed.to_string()),
                ("people", w.participants.to_string()),
                ("effective", format!("{:.0}", w.effective_n)),
            ],
        )
    }];
    if !w.converged {
        words.push(tr.t("conversation-weight-trimmed"));
    }
    if !w.empty.is_empty() {
        let categories = w
            .empty
            .iter()
            .map(|(variable, category)| {
                let choice = w
                    .questions
                    .iter()
                    .find(|q| q.name == *variable)
                    .and_then(|q| q.kind.choices().iter().find(|ch| ch.name == *category))
                    .map_or_else(|| category.clone(), |ch| ch.label.get(language).to_owned());
                format!("{}: {choice}", label(variable))
            })
            .collect::<Vec<_>>()
            .join("; ");
        words.push(tr.t1("conversation-weighted-empty", "categories", categories));
    }
    words
}

/// The table per section: (section, people, a (group, share) cell per group).
type PlaceCells = (String, String, Vec<(String, String)>);

fn place_rows(tr: crate::i18n::Tr, r: &enquete_app::conversations::Results) -> Vec<PlaceCells> {
    r.places
        .iter()
        .map(|p| {
            let name = if p.unit.is_some() {
                p.name.clone()
            } else {
                tr.t("conversation-place-other")
            };
            let people = p.participants.to_string();
            let cells = (0..r.groups.len())
                .map(|g| {
                    let value = match p.groups.get(g) {
                        Some(Some(e)) => range(tr, e),
                        _ if p.hidden => tr.t("conversation-place-groups-hidden"),
                        _ => "–".to_owned(),
                    };
                    (tr.t1("conversation-group-short", "n", g + 1), value)
                })
                .collect();
            (name, people, cells)
        })
        .collect()
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let (conv, statements, r) =
        enquete_app::conversations::results(&state, &staff.caller, id).await?;
    let moderates = enquete_app::conversations::moderates(&state, &staff.caller, &conv).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let lang = tr.code();
    let text_of = |id: i64| {
        statements
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.text_in(lang).to_owned())
            .unwrap_or_default()
    };
    let weighted = r.weighting.as_ref().is_some_and(|w| !w.failed);
    let whole = r.unit.clone();
    let groups: Vec<(String, Vec<String>)> = r
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut args = vec![
                ("n", (i + 1).to_string()),
                ("people", g.size.to_string()),
                ("unit", whole.clone()),
            ];
            if let Some(e) = &g.share {
                args.extend([
                    ("share", percent(e.value)),
                    ("low", percent(e.low)),
                    ("high", percent(e.high)),
                ]);
            }
            (
                tr.tn(
                    match (&g.share, weighted) {
                        (None, _) => "conversation-group",
                        (Some(_), true) => "conversation-group-weighted",
                        (Some(_), false) => "conversation-group-share",
                    },
                    &args,
                ),
                g.statements
                    .iter()
                    .map(|(s, agree, share)| {
                        tr.tn(
                            if *agree {
                                "conversation-group-agrees"
                            } else {
                                "conversation-group-disagrees"
                            },
                            &[("share", percent(*share)), ("statement", text_of(*s))],
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let bars: Vec<(String, u64)> = r
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (tr.t1("conversation-group-short", "n", i + 1), g.size as u64))
        .collect();
    let chart = crate::charts::simple_bars(&bars, &tr.t("conversation-chart"));
    let clarity = if let Some(words) = nothing_yet(tr, r.too_few, r.grouped) {
        words
    } else if r.groups.len() + r.hidden_groups <= 1 {
        tr.t("conversation-one-group")
    } else if r.silhouette >= 0.7 {
        tr.t("conversation-clear")
    } else {
        tr.t("conversation-fairly-clear")
    };
    let link = format!(
        "{}/c/{}",
        state.config.public_url.trim_end_matches('/'),
        conv.token
    );
    let consensus_line = |key: &str, (s, e): &(i64, Estimate)| {
        tr.tn(key, &[("range", range(tr, e)), ("statement", text_of(*s))])
    };
    let surveys = if moderates {
        state
            .store
            .surveys()
            .await?
            .into_iter()
            .map(|s| (s.id.0, s.title, conv.survey == Some(s.id)))
            .collect()
    } else {
        Vec::new()
    };
    page(&ShowPage {
        id,
        title: conv.title.clone(),
        link,
        open: conv.open,
        moderates,
        surveys,
        statements: statements
            .iter()
            .filter(|s| moderates || s.status == StatementStatus::Accepted)
            .map(|s| StatementView {
                id: s.id,
                text: s.text.clone(),
                language: Language::parse(&s.language).map_or("", |l| l.code()),
                pending: s.status == StatementStatus::Pending,
                rejected: s.status == StatementStatus::Rejected,
                translations: s
                    .translations
                    .iter()
                    .map(|(l, t)| format!("{}: {t}", l.to_uppercase()))
                    .collect(),
            })
            .collect(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        summary: tr.tn(
            "conversation-summary",
            &[
                ("people", r.participants.to_string()),
                ("votes", r.votes.to_string()),
                ("grouped", r.grouped.to_string()),
            ],
        ),
        weighting: if r.grouped == 0 {
            Vec::new()
        } else {
            weighting_words(tr, r.weighting.as_ref())
        },
        group_names: (1..=r.groups.len())
            .map(|n| tr.t1("conversation-group-short", "n", n))
            .collect(),
        places: if r.grouped == 0 {
            Vec::new()
        } else {
            place_rows(tr, &r)
        },
        chart: if r.grouped == 0 { String::new() } else { chart },
        groups: if r.grouped == 0 { Vec::new() } else { groups },
        all_agree: r.all_agree.iter().map(|s| text_of(*s)).collect(),
        consensus: r
            .consensus_agree
            .iter()
            .map(|x| consensus_line("conversation-consensus-agree", x))
            .chain(
                r.consensus_disagree
                    .iter()
                    .map(|x| consensus_line("conversation-consensus-disagree", x)),
            )
            .collect(),
        clarity,
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct SurveyForm {
    #[serde(default)]
    survey: String,
}

/// Links the conversation to a survey (its population figures weight the groups), or unlinks it.
pub async fn link_survey(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<SurveyForm>,
) -> AppResult<Response> {
    let survey = match f.survey.trim() {
        "" => None,
        raw => Some(
            raw.parse()
                .map_err(|_| enquete_domain::FieldError::new("survey", "error-no-survey"))?,
        ),
    };
    enquete_app::conversations::link_survey(&state, &staff.caller, id, survey).await?;
    Ok(see_other(&format!("/conversations/{id}#groups")))
}

#[derive(Deserialize, Default)]
pub struct StatementForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    text: String,
}

pub async fn add_statement(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<StatementForm>,
) -> AppResult<Response> {
    enquete_app::conversations::add_statement(&state, &staff.caller, id, &f.language, &f.text)
        .await?;
    Ok(see_other(&format!("/conversations/{id}#statements")))
}

pub async fn translate(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<StatementForm>,
) -> AppResult<Response> {
    let c = enquete_app::conversations::translate(&state, &staff.caller, id, &f.language, &f.text)
        .await?;
    Ok(see_other(&format!("/conversations/{c}#statements")))
}

#[derive(Deserialize, Default)]
pub struct YesForm {
    #[serde(default)]
    on: String,
}

pub async fn moderate(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<YesForm>,
) -> AppResult<Response> {
    let on = enquete_domain::research::yes(&f.on).map_err(|e| e.in_field("on"))?;
    let c = enquete_app::conversations::moderate(&state, &staff.caller, id, on).await?;
    Ok(see_other(&format!("/conversations/{c}#statements")))
}

pub async fn set_open(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<YesForm>,
) -> AppResult<Response> {
    let on = enquete_domain::research::yes(&f.on).map_err(|e| e.in_field("on"))?;
    enquete_app::conversations::set_open(&state, &staff.caller, id, on).await?;
    Ok(see_other(&format!("/conversations/{id}")))
}

//! Motions into demands into actions: a unit's motions with their figures
//! (`/units/{id}/motions`, across the organization at the root), a motion's demands with their
//! timeline and actions (`/motions/{id}`).

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::motions::{DemandDraft, DemandStatus, MotionDraft};
use enquete_domain::org::UnitId;
use enquete_store::DemandRecord;
use serde::Deserialize;

struct MotionRow {
    id: i64,
    title: String,
    unit: String,
    passed: String,
    demands: usize,
    /// "2 won, 1 in negotiation".
    state: String,
}

fn demand_state(c: &Chrome, demands: &[DemandRecord]) -> String {
    DemandStatus::ALL
        .iter()
        .filter_map(|s| {
            let n = demands.iter().filter(|d| d.status == *s).count();
            (n > 0).then(|| format!("{n} {}", c.t(&format!("demand-status-{}", s.as_str()))))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Template)]
#[template(path = "motions.html")]
struct ListPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    figures: String,
    motions: Vec<MotionRow>,
}

pub async fn list(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let (unit, motions, f) = enquete_app::motions::list(&state, &staff.caller, UnitId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let figures = c.tr.tn(
        "motions-figures",
        &[
            ("motions", f.motions.to_string()),
            ("with_demands", f.with_demands.to_string()),
            ("demands", f.demands.to_string()),
            ("moved", f.moved.to_string()),
            ("actions", f.with_actions.to_string()),
            ("won", f.won.to_string()),
            ("lost", f.lost.to_string()),
        ],
    );
    let motions = motions
        .iter()
        .map(|(m, d)| MotionRow {
            id: m.id,
            title: m.draft.title.clone(),
            unit: m.unit_name.clone(),
            passed: format!("{} · {}", m.draft.body, c.tr.date(m.draft.passed_on)),
            demands: d.len(),
            state: demand_state(&c, d),
        })
        .collect();
    page(&ListPage {
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        figures,
        motions,
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct MotionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    passed_by: String,
    #[serde(default)]
    passed_on: String,
    #[serde(default)]
    votes_for: String,
    #[serde(default)]
    votes_against: String,
    #[serde(default)]
    abstentions: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<MotionForm>,
) -> AppResult<Response> {
    let draft = MotionDraft::parse(
        &f.title,
        &f.text,
        &f.passed_by,
        &f.passed_on,
        &f.votes_for,
        &f.votes_against,
        &f.abstentions,
    )?;
    let motion = enquete_app::motions::create(&state, &staff.caller, UnitId(id), &draft).await?;
    Ok(see_other(&format!("/motions/{motion}")))
}

struct DemandView {
    id: i64,
    text: String,
    target: String,
    owner: String,
    status: String,
    closed: bool,
    /// (status, note, date).
    updates: Vec<(String, String, String)>,
    /// (action id, title, date).
    actions: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "motion.html")]
struct MotionPage {
    c: Chrome,
    id: i64,
    unit_id: i64,
    unit_name: String,
    title: String,
    text: String,
    passed: String,
    votes: String,
    demands: Vec<DemandView>,
    statuses: Vec<(&'static str, String)>,
    /// (id, title, date) of the unit's actions.
    actions: Vec<(i64, String, String)>,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let (m, demands, actions) = enquete_app::motions::show(&state, &staff.caller, id).await?;
    let c = Chrome::new(&staff.ctx);
    let status = |s: DemandStatus| c.t(&format!("demand-status-{}", s.as_str()));
    let demands = demands
        .iter()
        .map(|d| DemandView {
            id: d.id,
            text: d.draft.text.clone(),
            target: d.draft.target.clone(),
            owner: d.draft.owner.clone(),
            status: status(d.status),
            closed: d.status.closed(),
            updates: d
                .updates
                .iter()
                .map(|(s, note, at)| (status(*s), note.clone(), c.tr.date(*at)))
                .collect(),
            actions: d
                .actions
                .iter()
                .map(|a| (a.id.0, a.title.clone(), c.tr.date(a.starts_at)))
                .collect(),
        })
        .collect();
    page(&MotionPage {
        id,
        unit_id: m.unit.0,
        unit_name: m.unit_name.clone(),
        title: m.draft.title.clone(),
        text: m.draft.text.clone(),
        passed: format!("{} · {}", m.draft.body, c.tr.date(m.draft.passed_on)),
        votes: c.tr.tn(
            "motion-votes",
            &[
                ("for", m.draft.votes_for.to_string()),
                ("against", m.draft.votes_against.to_string()),
                ("abstentions", m.draft.abstentions.to_string()),
            ],
        ),
        demands,
        statuses: DemandStatus::ALL
            .iter()
            .map(|s| (s.as_str(), status(*s)))
            .collect(),
        actions: actions
            .iter()
            .filter(|a| !a.cancelled)
            .map(|a| (a.id.0, a.title.clone(), c.tr.date(a.starts_at)))
            .collect(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct DemandForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    owner: String,
}

pub async fn add_demand(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<DemandForm>,
) -> AppResult<Response> {
    let draft = DemandDraft::parse(&f.text, &f.target, &f.owner)?;
    enquete_app::motions::add_demand(&state, &staff.caller, id, &draft).await?;
    Ok(see_other(&format!("/motions/{id}")))
}

#[derive(Deserialize, Default)]
pub struct UpdateForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<UpdateForm>,
) -> AppResult<Response> {
    let motion =
        enquete_app::motions::update_demand(&state, &staff.caller, id, &f.status, &f.note).await?;
    Ok(see_other(&format!("/motions/{motion}#demand-{id}")))
}

#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    action: String,
}

pub async fn link(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<LinkForm>,
) -> AppResult<Response> {
    let motion = enquete_app::motions::link_action(&state, &staff.caller, id, &f.action).await?;
    Ok(see_other(&format!("/motions/{motion}#demand-{id}")))
}

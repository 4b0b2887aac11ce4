//! Canvassing assignments: organizers hand out doors to canvassers and follow their progress.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::account::{Role, UserId};
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{AssignmentId, SurveyId};
use enquete_store::Assignment;
use serde::Deserialize;

pub struct Row {
    pub id: i64,
    pub title: String,
    pub unit: String,
    pub canvasser: String,
    pub survey_id: i64,
    pub doors: u64,
    pub visited: u64,
    pub answered: u64,
    pub percent: u64,
}

#[derive(Template)]
#[template(path = "assignments.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<Row>,
    units: Vec<(i64, String)>,
    canvassers: Vec<(i64, String)>,
    surveys: Vec<(i64, String)>,
    /// A refused hand-out: the error beside its field, the form as typed.
    inv: Invalid,
    typed: Option<CreateForm>,
}

/// Rows for a list of assignments, with names.
pub async fn rows(state: &AppState, list: Vec<Assignment>) -> AppResult<Vec<Row>> {
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        let unit = state.store.unit(a.unit).await?;
        let canvasser = state.store.user(a.canvasser).await?;
        let p = &a.progress;
        out.push(Row {
            id: a.id.0,
            title: a.title.clone(),
            unit: unit.name.as_str().to_owned(),
            canvasser: canvasser.user.display_name,
            survey_id: a.survey.0,
            doors: p.doors,
            visited: p.visited,
            answered: p.answered,
            percent: (p.visited * 100).checked_div(p.doors).unwrap_or(0),
        });
    }
    Ok(out)
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    list_page(&state, &staff, Invalid::none(), None).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    typed: Option<CreateForm>,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ManageAssignments,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let sections =
        enquete_app::scope::sections_where(state, &staff.caller, Action::ManageAssignments).await?;
    let ids: Vec<UnitId> = sections.iter().map(|u| u.id).collect();
    let list = state.store.assignments(None, &ids).await?;
    let canvassers = state
        .store
        .users_in(&staff.user.unit_path)
        .await?
        .into_iter()
        .filter(|u| {
            matches!(
                u.user.role,
                Role::Canvasser | Role::Organizer | Role::Steward
            ) && !u.user.disabled
        })
        .map(|u| {
            (
                u.user.id.0,
                format!("{} ({})", u.user.display_name, u.user.email),
            )
        })
        .collect();
    let c = Chrome::new(&staff.ctx);
    let surveys = state
        .store
        .surveys()
        .await?
        .into_iter()
        .map(|s| (s.id.0, s.definition.title.get(c.tr.lang).to_owned()))
        .collect();
    page(&ListPage {
        rows: rows(state, list).await?,
        units: sections
            .iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect(),
        canvassers,
        surveys,
        inv,
        typed,
        c,
    })
}

#[derive(Deserialize, Clone)]
pub struct CreateForm {
    unit: i64,
    canvasser: i64,
    survey: i64,
    title: String,
    doors: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    let handed = enquete_app::assignments::hand_out(
        &state,
        &staff.caller,
        UnitId(f.unit),
        SurveyId(f.survey),
        UserId(f.canvasser),
        &f.title,
        &f.doors,
    )
    .await
    .map_err(AppError::from);
    match handed {
        Ok(a) => Ok(see_other(&format!("/assignments/{}", a.id))),
        // Said beside the field; the doors typed are not lost.
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                list_page(&state, &staff, inv, Some(f.clone()))
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "assignment.html")]
struct ShowPage {
    c: Chrome,
    a: Row,
    not_home: u64,
    refused: u64,
    come_back: u64,
    doors: Vec<(String, String, u64)>,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let a = enquete_app::scope::assignment_for(&state, &staff.caller, AssignmentId(id)).await?;
    let doors = state.store.doors(a.id).await?;
    let (not_home, refused, come_back) = (
        a.progress.not_home,
        a.progress.refused,
        a.progress.come_back,
    );
    let c = Chrome::new(&staff.ctx);
    let doors = doors
        .into_iter()
        .map(|d| {
            (
                d.address,
                d.last_outcome
                    .map(|o| c.t(&format!("outcome-{}", o.as_str())))
                    .unwrap_or_default(),
                d.visits,
            )
        })
        .collect();
    let row = rows(&state, vec![a])
        .await?
        .pop()
        .ok_or(AppError::NotFound("assignment"))?;
    page(&ShowPage {
        a: row,
        not_home,
        refused,
        come_back,
        doors,
        c,
    })
}

//! A unit's monthly meetings (agenda, attendance, decisions with owners and due dates, and the
//! follow-up list carried to the next meeting) and its solidarity projects.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::{Form, Id, Ids};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::meetings;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{DecisionId, MeetingId, ProjectId};
use enquete_domain::org::UnitId;
use enquete_store::{Decision, MeetingRecord, ProjectRecord};
use serde::Deserialize;

pub struct DecisionView {
    pub id: i64,
    pub text: String,
    pub owner: String,
    pub due: String,
    pub from: String,
    pub done: bool,
    pub overdue: bool,
}

fn decision_views(list: Vec<Decision>, now: Timestamp) -> Vec<DecisionView> {
    list.into_iter()
        .map(|d| DecisionView {
            id: d.id.0,
            overdue: d.done_at.is_none() && d.due_at < now,
            done: d.done_at.is_some(),
            due: d.due_at.date(),
            from: d.meeting_held_at.date(),
            text: d.text,
            owner: d.owner,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    meetings: Vec<MeetingRecord>,
    follow_up: Vec<DecisionView>,
    /// A refused new meeting: the error beside its field, the form as typed.
    inv: Invalid,
    f: NewMeetingForm,
}

pub async fn list(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    meetings_page(
        &state,
        &staff,
        id,
        Invalid::none(),
        NewMeetingForm::default(),
    )
    .await
}

async fn meetings_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    f: NewMeetingForm,
) -> AppResult<Response> {
    let (unit, meetings, follow_up) =
        meetings::meetings_of(state, &staff.caller, UnitId(id)).await?;
    let follow_up = decision_views(follow_up, staff.caller.now);
    page(&ListPage {
        unit_id: unit.id.0,
        unit_name: unit.name.as_str().to_owned(),
        meetings,
        follow_up,
        inv,
        f,
        c: Chrome::new(&staff.ctx),
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct NewMeetingForm {
    held_at: String,
    #[serde(default)]
    agenda: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<NewMeetingForm>,
) -> AppResult<Response> {
    match meetings::plan(&state, &staff.caller, UnitId(id), &f.held_at, &f.agenda).await {
        Ok(m) => Ok(see_other(&format!("/meetings/{}", m.id))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                meetings_page(&state, &staff, id, inv, f.clone())
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct ShowPage {
    c: Chrome,
    m: MeetingRecord,
    unit_name: String,
    present: Vec<(i64, String)>,
    decisions: Vec<DecisionView>,
    follow_up: Vec<DecisionView>,
    /// A refused form of the page: the error beside its field, the form as typed.
    inv: Invalid,
    typed: MeetingTyped,
}

/// What was typed in the meeting page's forms, kept when one is refused.
#[derive(Default)]
pub struct MeetingTyped {
    agenda: Option<String>,
    notes: Option<String>,
    person: String,
    text: String,
    owner: String,
    due_on: String,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    show_page(&state, &staff, id, Invalid::none(), MeetingTyped::default()).await
}

async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    typed: MeetingTyped,
) -> AppResult<Response> {
    let m = meetings::meeting_for(state, &staff.caller, MeetingId(id)).await?;
    let unit = state.store.unit(m.unit).await?;
    let now = Timestamp::now_utc();
    let decisions = decision_views(state.store.decisions(m.unit, Some(m.id)).await?, now);
    let follow_up = decision_views(
        state
            .store
            .decisions(m.unit, None)
            .await?
            .into_iter()
            .filter(|d| d.meeting != m.id)
            .collect(),
        now,
    );
    let present = state.store.present_at(m.id).await?;
    let shown: Vec<_> = present.iter().map(|(p, _)| *p).collect();
    enquete_app::audit::list(
        state,
        &staff.caller,
        AuditAction::ViewMeeting,
        &shown,
        format!("meeting {}: {} present", m.id, shown.len()),
    )
    .await?;
    let present = present.into_iter().map(|(p, n)| (p.0, n)).collect();
    page(&ShowPage {
        unit_name: unit.name.as_str().to_owned(),
        present,
        decisions,
        follow_up,
        inv,
        typed,
        m,
        c: Chrome::new(&staff.ctx),
    })
}

#[derive(Deserialize)]
pub struct NotesForm {
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    notes: String,
}

pub async fn notes(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<NotesForm>,
) -> AppResult<Response> {
    match meetings::write_notes(&state, &staff.caller, MeetingId(id), &f.agenda, &f.notes).await {
        Ok(()) => Ok(see_other(&format!("/meetings/{id}?done=person-saved"))),
        Err(e) => {
            let typed = MeetingTyped {
                agenda: Some(f.agenda.clone()),
                notes: Some(f.notes.clone()),
                ..MeetingTyped::default()
            };
            refused(staff.ctx.tr, e, |inv| {
                show_page(&state, &staff, id, inv, typed)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct PersonForm {
    /// Picked from the list (their number) or typed by name.
    person: String,
}

pub async fn present(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    let marked = async {
        let person =
            enquete_app::people::resolve(&state, &staff.caller, "person", &f.person, None).await?;
        meetings::mark_present(&state, &staff.caller, MeetingId(id), person).await
    };
    match marked.await {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}#present"))),
        Err(e) => {
            let typed = MeetingTyped {
                person: f.person.clone(),
                ..MeetingTyped::default()
            };
            refused(staff.ctx.tr, e, |inv| {
                show_page(&state, &staff, id, inv, typed)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    text: String,
    owner: String,
    due_on: String,
}

pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    match meetings::decide(
        &state,
        &staff.caller,
        MeetingId(id),
        &f.text,
        &f.owner,
        &f.due_on,
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}#decisions"))),
        Err(e) => {
            let typed = MeetingTyped {
                text: f.text.clone(),
                owner: f.owner.clone(),
                due_on: f.due_on.clone(),
                ..MeetingTyped::default()
            };
            refused(staff.ctx.tr, e, |inv| {
                show_page(&state, &staff, id, inv, typed)
            })
            .await
        }
    }
}

pub async fn done(
    State(state): State<AppState>,
    staff: Staff,
    Ids(id, decision): Ids,
    Form(_): Form<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    meetings::decision_done(&state, &staff.caller, MeetingId(id), DecisionId(decision)).await?;
    Ok(see_other(&format!("/meetings/{id}#follow-up")))
}

// Solidarity projects.

#[derive(Template)]
#[template(path = "projects.html")]
struct ProjectsPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    projects: Vec<ProjectRecord>,
    /// A refused new project: the error beside its field, the form as typed.
    inv: Invalid,
    f: ProjectForm,
}

pub async fn projects(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    projects_page(&state, &staff, id, Invalid::none(), ProjectForm::default()).await
}

async fn projects_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    f: ProjectForm,
) -> AppResult<Response> {
    let (unit, projects) = meetings::projects_of(state, &staff.caller, UnitId(id)).await?;
    page(&ProjectsPage {
        unit_id: unit.id.0,
        unit_name: unit.name.as_str().to_owned(),
        projects,
        inv,
        f,
        c: Chrome::new(&staff.ctx),
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct ProjectForm {
    name: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    needs: String,
}

pub async fn create_project(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ProjectForm>,
) -> AppResult<Response> {
    match meetings::start_project(
        &state,
        &staff.caller,
        UnitId(id),
        &f.name,
        &f.goal,
        &f.needs,
    )
    .await
    {
        Ok(p) => Ok(see_other(&format!("/projects/{}", p.id))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                projects_page(&state, &staff, id, inv, f.clone())
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    c: Chrome,
    p: ProjectRecord,
    unit_name: String,
    needs: Vec<String>,
    volunteers: Vec<(i64, String)>,
    updates: Vec<(String, String)>,
    /// A refused form of the page: the error beside its field, the form as typed.
    inv: Invalid,
    typed: ProjectTyped,
}

/// What was typed in the project page's forms, kept when one is refused.
#[derive(Default)]
pub struct ProjectTyped {
    edit: Option<ProjectForm>,
    person: String,
    update: String,
}

pub async fn project(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    project_page(&state, &staff, id, Invalid::none(), ProjectTyped::default()).await
}

async fn project_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    typed: ProjectTyped,
) -> AppResult<Response> {
    let p = meetings::project_for(state, &staff.caller, ProjectId(id)).await?;
    let unit = state.store.unit(p.unit).await?;
    let volunteers = state.store.volunteers(p.id).await?;
    let shown: Vec<_> = volunteers.iter().map(|(v, _)| *v).collect();
    enquete_app::audit::list(
        state,
        &staff.caller,
        AuditAction::ViewVolunteers,
        &shown,
        format!("project {}: {} volunteers", p.id, shown.len()),
    )
    .await?;
    page(&ProjectPage {
        unit_name: unit.name.as_str().to_owned(),
        needs: p
            .needs
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        volunteers: volunteers.into_iter().map(|(i, n)| (i.0, n)).collect(),
        updates: state
            .store
            .project_updates(p.id)
            .await?
            .into_iter()
            .map(|u| (u.at.date(), u.text))
            .collect(),
        inv,
        typed,
        p,
        c: Chrome::new(&staff.ctx),
    })
}

pub async fn update_project(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ProjectForm>,
) -> AppResult<Response> {
    match meetings::update_project(
        &state,
        &staff.caller,
        ProjectId(id),
        &f.name,
        &f.goal,
        &f.needs,
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/projects/{id}?done=person-saved"))),
        Err(e) => {
            let typed = ProjectTyped {
                edit: Some(f.clone()),
                ..ProjectTyped::default()
            };
            refused(staff.ctx.tr, e, |inv| {
                project_page(&state, &staff, id, inv, typed)
            })
            .await
        }
    }
}

pub async fn volunteer(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    let added = async {
        let person =
            enquete_app::people::resolve(&state, &staff.caller, "person", &f.person, None).await?;
        meetings::add_volunteer(&state, &staff.caller, ProjectId(id), person).await
    };
    match added.await {
        Ok(_) => Ok(see_other(&format!("/projects/{id}#volunteers"))),
        Err(e) => {
            let typed = ProjectTyped {
                person: f.person.clone(),
                ..ProjectTyped::default()
            };
            refused(staff.ctx.tr, e, |inv| {
                project_page(&state, &staff, id, inv, typed)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct UpdateForm {
    text: String,
}

pub async fn post_update(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<UpdateForm>,
) -> AppResult<Response> {
    match meetings::post_update(&state, &staff.caller, ProjectId(id), &f.text).await {
        Ok(()) => Ok(see_other(&format!("/projects/{id}#updates"))),
        Err(e) => {
            let typed = ProjectTyped {
                update: f.text.clone(),
                ..ProjectTyped::default()
            };
            refused(staff.ctx.tr, e, |inv| {
                project_page(&state, &staff, id, inv, typed)
            })
            .await
        }
    }
}

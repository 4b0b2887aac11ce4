//! A unit's meetings (agenda, attendance, decisions with owners and due dates, the follow-up
//! list) and its solidarity projects, for those who run the unit's work. The pages and the API
//! both come here.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::campaign::{
    DecisionDraft, DecisionId, MeetingId, ProjectDraft, ProjectId, clean_multiline, parse_datetime,
};
use enquete_domain::org::{Unit, UnitId, UnitPath};
use enquete_domain::people::PersonId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{Decision, MeetingRecord, ProjectRecord};

/// The unit, if the caller runs its work.
pub async fn run_unit(app: &App, caller: &Caller, id: UnitId) -> Result<Unit> {
    unit_for(app, caller, id, Action::ManageActions).await
}

/// The unit, if the caller runs its work and it is open (for new meetings and projects).
async fn open_unit(app: &App, caller: &Caller, id: UnitId) -> Result<Unit> {
    let unit = run_unit(app, caller, id).await?;
    if unit.is_archived() {
        return Err(FieldError::new("unit", "error-unit-archived").into());
    }
    Ok(unit)
}

fn check_runs(caller: &Caller, path: &UnitPath) -> Result<()> {
    if allows(&caller.actor, Action::ManageActions, Target::unit(path)) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// A person the caller may list at a meeting or on a project.
pub async fn person_in_scope(app: &App, caller: &Caller, person: PersonId) -> Result<PersonId> {
    let p = app
        .store
        .person(person)
        .await
        .map_err(|_| FieldError::new("person", "error-no-person"))?;
    if !allows(
        &caller.actor,
        Action::ViewPerson,
        Target::person(&p.unit_path, p.recorded_by),
    ) {
        return Err(Error::Forbidden);
    }
    Ok(p.person.id)
}

/// A unit's meetings (newest first) and its open decisions (soonest due first).
pub async fn meetings_of(
    app: &App,
    caller: &Caller,
    unit: UnitId,
) -> Result<(Unit, Vec<MeetingRecord>, Vec<Decision>)> {
    let unit = run_unit(app, caller, unit).await?;
    let meetings = app.store.meetings_of(unit.id).await?;
    let follow_up = app.store.decisions(unit.id, None).await?;
    Ok((unit, meetings, follow_up))
}

/// Plans a meeting of an open unit: when (`YYYY-MM-DDTHH:MM`, UTC) and its agenda.
pub async fn plan(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    held_at: &str,
    agenda: &str,
) -> Result<MeetingRecord> {
    let unit = open_unit(app, caller, unit).await?;
    let held_at = parse_datetime("held_at", held_at)?;
    let agenda = clean_multiline("agenda", agenda, 4000)?;
    Ok(app
        .store
        .create_meeting(unit.id, held_at, &agenda, Some(caller.id()), caller.now)
        .await?)
}

/// A meeting, if the caller runs its unit's work.
pub async fn meeting_for(app: &App, caller: &Caller, id: MeetingId) -> Result<MeetingRecord> {
    let m = app.store.meeting(id).await?;
    check_runs(caller, &m.unit_path)?;
    Ok(m)
}

/// Opens a meeting to the public (the unit's public calendar shows when and where, not its
/// agenda), or closes it.
pub async fn set_public(
    app: &App,
    caller: &Caller,
    meeting: MeetingId,
    public: bool,
) -> Result<()> {
    let m = meeting_for(app, caller, meeting).await?;
    app.store.set_meeting_public(m.id, public).await?;
    crate::audit::read(
        app,
        caller,
        enquete_domain::audit::AuditAction::ActionPublic,
        None,
        format!("meeting {}: public {public}", m.id.0),
    )
    .await?;
    Ok(())
}

/// Rewrites a meeting's agenda and notes.
pub async fn write_notes(
    app: &App,
    caller: &Caller,
    meeting: MeetingId,
    agenda: &str,
    notes: &str,
) -> Result<()> {
    let m = meeting_for(app, caller, meeting).await?;
    let agenda = clean_multiline("agenda", agenda, 4000)?;
    let notes = clean_multiline("notes", notes, 20_000)?;
    app.store.set_meeting_notes(m.id, &agenda, &notes).await?;
    Ok(())
}

/// Notes someone as present at a meeting.
pub async fn mark_present(
    app: &App,
    caller: &Caller,
    meeting: MeetingId,
    person: PersonId,
) -> Result<()> {
    let m = meeting_for(app, caller, meeting).await?;
    let person = person_in_scope(app, caller, person).await?;
    app.store.mark_present(m.id, person).await?;
    Ok(())
}

/// Records a decision taken at a meeting: what, who carries it, when it is due (`YYYY-MM-DD`).
pub async fn decide(
    app: &App,
    caller: &Caller,
    meeting: MeetingId,
    text: &str,
    owner: &str,
    due_on: &str,
) -> Result<()> {
    let m = meeting_for(app, caller, meeting).await?;
    let d = DecisionDraft::parse(text, owner, due_on)?;
    app.store.add_decision(m.id, &d).await?;
    Ok(())
}

/// Marks a decision of the meeting's unit done.
pub async fn decision_done(
    app: &App,
    caller: &Caller,
    meeting: MeetingId,
    decision: DecisionId,
) -> Result<()> {
    let m = meeting_for(app, caller, meeting).await?;
    app.store
        .decision_done(m.unit, decision, caller.now)
        .await?;
    Ok(())
}

/// A unit's solidarity projects.
pub async fn projects_of(
    app: &App,
    caller: &Caller,
    unit: UnitId,
) -> Result<(Unit, Vec<ProjectRecord>)> {
    let unit = run_unit(app, caller, unit).await?;
    let projects = app.store.projects_of(unit.id).await?;
    Ok((unit, projects))
}

/// Starts a solidarity project in an open unit.
pub async fn start_project(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    name: &str,
    goal: &str,
    needs: &str,
) -> Result<ProjectRecord> {
    let unit = open_unit(app, caller, unit).await?;
    let draft = ProjectDraft::parse(name, goal, needs)?;
    Ok(app
        .store
        .create_project(unit.id, &draft, Some(caller.id()), caller.now)
        .await?)
}

/// A project, if the caller runs its unit's work.
pub async fn project_for(app: &App, caller: &Caller, id: ProjectId) -> Result<ProjectRecord> {
    let p = app.store.project(id).await?;
    check_runs(caller, &p.unit_path)?;
    Ok(p)
}

/// Changes a project's name, goal and needs.
pub async fn update_project(
    app: &App,
    caller: &Caller,
    project: ProjectId,
    name: &str,
    goal: &str,
    needs: &str,
) -> Result<()> {
    let p = project_for(app, caller, project).await?;
    let draft = ProjectDraft::parse(name, goal, needs)?;
    app.store.update_project(p.id, &draft).await?;
    Ok(())
}

/// Adds a volunteer to a project.
pub async fn add_volunteer(
    app: &App,
    caller: &Caller,
    project: ProjectId,
    person: PersonId,
) -> Result<()> {
    let p = project_for(app, caller, project).await?;
    let person = person_in_scope(app, caller, person).await?;
    app.store.add_volunteer(p.id, person).await?;
    Ok(())
}

/// Posts a dated update on a project.
pub async fn post_update(app: &App, caller: &Caller, project: ProjectId, text: &str) -> Result<()> {
    let p = project_for(app, caller, project).await?;
    let text = clean_multiline("text", text, 4000)?;
    if text.is_empty() {
        return Err(FieldError::new("text", "error-empty").into());
    }
    app.store
        .add_project_update(p.id, &text, Some(caller.id()), caller.now)
        .await?;
    Ok(())
}

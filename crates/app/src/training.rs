//! Growing leaders: the national training programme (modules at levels, in four languages),
//! sessions held by units (each an action, so RSVPs, reminders and check-in work as for any
//! action; a check-in completes a module completed by attendance), assessments recorded by the
//! unit's organizers, the positions of each unit with who holds them and how they were chosen,
//! what a position requires, and who in a section is ready for what.

use crate::scope::unit_for;
use crate::{App, Caller, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::org::UnitId;
use enquete_domain::people::{PersonId, Stage};
use enquete_domain::policy::Action;
use enquete_domain::training::{
    ChosenBy, Completion, LeadershipRule, ModuleDraft, ModuleId, PositionId, PositionKind,
    SessionId, missing, parse_codes,
};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{
    CompletionRecord, ModuleRecord, PersonRecord, PositionRecord, SessionRecord, TermRecord,
};
use std::collections::HashMap;

/// Adds a module to the national programme.
pub async fn create_module(app: &App, caller: &Caller, draft: &ModuleDraft) -> Result<ModuleId> {
    unit_for(app, caller, caller.organization(), Action::ManageTraining).await?;
    let known: Vec<String> = app
        .store
        .modules()
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    if draft.requires.iter().any(|r| !known.contains(r)) {
        return Err(FieldError::new("requires", "error-module-unknown").into());
    }
    Ok(app
        .store
        .create_module(
            draft,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::TrainingModule,
                None,
                format!("module {}", draft.code),
            ),
        )
        .await?)
}

pub async fn modules(app: &App) -> Result<Vec<ModuleRecord>> {
    Ok(app.store.modules().await?)
}

pub async fn module(app: &App, id: ModuleId) -> Result<ModuleRecord> {
    Ok(app.store.module(id).await?)
}

/// Plans a session of a module in a unit: an action with the module's title, and its trainer
/// (a person of the unit's branch).
pub async fn plan_session(
    app: &App,
    caller: &Caller,
    module: ModuleId,
    unit: UnitId,
    draft: &ActionDraft,
    trainer: Option<PersonId>,
) -> Result<SessionRecord> {
    let unit_rec = unit_for(app, caller, unit, Action::ManageActions).await?;
    let module = app.store.module(module).await?;
    if let Some(t) = trainer {
        let person = app
            .store
            .person(t)
            .await
            .map_err(|_| FieldError::new("trainer", "error-not-found"))?;
        if !crate::scope::may(
            caller,
            Action::ViewPerson,
            &app.store.unit(person.person.unit).await?,
        ) {
            return Err(FieldError::new("trainer", "error-not-found").into());
        }
    }
    let action = crate::actions::plan(app, caller, unit_rec.id, None, draft).await?;
    let id = app
        .store
        .create_session(
            module.id,
            action.id,
            trainer,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::TrainingSession,
                None,
                format!("session of {} in unit {}", module.code, unit_rec.id.0),
            ),
        )
        .await?;
    Ok(app.store.session(id).await?)
}

/// The sessions the caller runs (their unit and below).
pub async fn sessions(app: &App, caller: &Caller) -> Result<Vec<SessionRecord>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    let mut list: Vec<SessionRecord> = app
        .store
        .sessions_below(&caller.actor.scope)
        .await?
        .into_iter()
        .filter(|s| {
            units
                .iter()
                .find(|u| u.id == s.unit)
                .is_some_and(|u| crate::scope::may(caller, Action::ManageActions, u))
        })
        .collect();
    name_trainers(app, &mut list).await?;
    Ok(list)
}

async fn name_trainers(app: &App, list: &mut [SessionRecord]) -> Result<()> {
    let ids: Vec<i64> = list.iter().filter_map(|s| s.trainer.map(|p| p.0)).collect();
    let names: HashMap<PersonId, String> = app
        .store
        .people_by_ids(&ids)
        .await?
        .into_iter()
        .map(|p| (p.person.id, p.person.name))
        .collect();
    for s in list {
        s.trainer_name = s.trainer.and_then(|t| names.get(&t).cloned());
    }
    Ok(())
}

/// A session with who attended it and whether each completed the module.
pub async fn session(
    app: &App,
    caller: &Caller,
    id: SessionId,
) -> Result<(SessionRecord, ModuleRecord, Vec<(PersonId, String, bool)>)> {
    let mut s = app.store.session(id).await?;
    unit_for(app, caller, s.unit, Action::ManageActions).await?;
    let module = app.store.module(s.module).await?;
    let mut one = [s];
    name_trainers(app, &mut one).await?;
    let [s1] = one;
    s = s1;
    let attended: Vec<(PersonId, String)> = app
        .store
        .rsvps(s.action)
        .await?
        .into_iter()
        .filter(|r| r.attended_at.is_some())
        .map(|r| (r.person, r.name))
        .collect();
    let mut out = Vec::with_capacity(attended.len());
    for (person, name) in attended {
        let done = app
            .store
            .completions_of(person)
            .await?
            .iter()
            .any(|c| c.module == module.id);
        out.push((person, name, done));
    }
    Ok((s, module, out))
}

/// Records that someone who attended a session passed the trainer's assessment. Returns the
/// stage they reached, if the leadership rules moved them.
pub async fn record_assessment(
    app: &App,
    caller: &Caller,
    id: SessionId,
    person: PersonId,
) -> Result<Option<Stage>> {
    let (s, module, attended) = session(app, caller, id).await?;
    if module.completion != Completion::Assessment {
        return Err(FieldError::new("person", "error-module-by-attendance").into());
    }
    if !attended.iter().any(|(p, _, _)| *p == person) {
        return Err(FieldError::new("person", "error-did-not-attend").into());
    }
    Ok(app
        .store
        .record_completion(
            module.id,
            person,
            Some(s.id),
            Some(caller.id()),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::TrainingCompleted,
                Some(person),
                format!("completed {}", module.code),
            ),
        )
        .await?)
}

/// A person's training path and responsibilities (for their page).
pub async fn path_of(
    app: &App,
    caller: &Caller,
    person: PersonId,
) -> Result<(
    Vec<CompletionRecord>,
    Vec<(TermRecord, String, String, PositionKind)>,
)> {
    crate::scope::person_for(app, caller, person, Action::ViewPerson).await?;
    Ok((
        app.store.completions_of(person).await?,
        app.store.terms_of(person).await?,
    ))
}

/// One member of a unit as its organizers plan training.
#[derive(Debug, Clone)]
pub struct Readiness {
    pub person: PersonRecord,
    pub completed: Vec<String>,
    /// Modules whose prerequisites they have and that they have not done yet.
    pub next: Vec<String>,
    pub holds_position: bool,
}

/// The members (and above) of a unit and below, with what they completed and may do next;
/// those who completed a section-level module but hold no responsibility come first.
pub async fn readiness(app: &App, caller: &Caller, unit: UnitId) -> Result<Vec<Readiness>> {
    let unit = unit_for(app, caller, unit, Action::ListPeople).await?;
    let modules = app.store.modules().await?;
    let mut done: HashMap<PersonId, Vec<String>> = HashMap::new();
    for (p, code) in app.store.completions_below(&unit.path).await? {
        done.entry(p).or_default().push(code);
    }
    let holders: Vec<PersonId> = app
        .store
        .positions_below(&unit.path, caller.now)
        .await?
        .into_iter()
        .filter_map(|p| p.holder.map(|h| h.person))
        .collect();
    let people = app
        .store
        .search_people(
            &enquete_domain::policy::people_visibility(&caller.actor),
            &enquete_store::PeopleQuery {
                unit: Some(unit.path.clone()),
                sort: enquete_store::PeopleSort::Stage,
                limit: 500,
                ..Default::default()
            },
        )
        .await?
        .people;
    let section_codes: Vec<&str> = modules
        .iter()
        .filter(|m| m.level >= enquete_domain::training::Level::Section)
        .map(|m| m.code.as_str())
        .collect();
    let mut out: Vec<Readiness> = people
        .into_iter()
        .filter(|p| p.person.stage >= Stage::Member)
        .map(|p| {
            let completed = done.remove(&p.person.id).unwrap_or_default();
            let next = modules
                .iter()
                .filter(|m| !completed.contains(&m.code))
                .filter(|m| missing(&m.requires, &completed).is_empty())
                .map(|m| m.code.clone())
                .collect();
            let holds_position = holders.contains(&p.person.id);
            Readiness {
                person: p,
                completed,
                next,
                holds_position,
            }
        })
        .collect();
    out.sort_by_key(|r| {
        let trained = r
            .completed
            .iter()
            .any(|c| section_codes.contains(&c.as_str()));
        (
            !trained || r.holds_position,
            std::cmp::Reverse(r.completed.len()),
        )
    });
    Ok(out)
}

/// Sessions per trainer over the sessions the caller runs: name, sessions, people trained.
pub fn trainers_load(sessions: &[SessionRecord]) -> Vec<(String, usize, i64)> {
    let mut load: HashMap<PersonId, (String, usize, i64)> = HashMap::new();
    for s in sessions {
        if let (Some(t), Some(name)) = (s.trainer, &s.trainer_name) {
            let e = load.entry(t).or_insert_with(|| (name.clone(), 0, 0));
            e.1 += 1;
            e.2 += s.attended;
        }
    }
    let mut out: Vec<_> = load.into_values().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Adds a position to a unit.
pub async fn create_position(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    kind: &str,
    title: &str,
    requires: &str,
) -> Result<PositionId> {
    let unit = unit_for(app, caller, unit, Action::ManagePositions).await?;
    let kind = PositionKind::parse(kind)?;
    let title = title.trim();
    if title.chars().count() > 80 {
        return Err(FieldError::new("title", "error-too-long")
            .arg("max", "80")
            .into());
    }
    let requires = parse_codes("requires", requires)?;
    let known: Vec<String> = app
        .store
        .modules()
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    if requires.iter().any(|r| !known.contains(r)) {
        return Err(FieldError::new("requires", "error-module-unknown").into());
    }
    Ok(app
        .store
        .create_position(
            unit.id,
            kind,
            title,
            &requires,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Position,
                None,
                format!("position {} in unit {}", kind.as_str(), unit.id.0),
            ),
        )
        .await?)
}

/// The positions of a unit and below.
pub async fn positions(app: &App, caller: &Caller, unit: UnitId) -> Result<Vec<PositionRecord>> {
    let unit = unit_for(app, caller, unit, Action::ManagePositions).await?;
    Ok(app.store.positions_below(&unit.path, caller.now).await?)
}

/// Gives a position to a person of the unit's branch who has what it requires. Returns the
/// stage they reached, if the leadership rules moved them.
pub async fn fill_position(
    app: &App,
    caller: &Caller,
    position: PositionId,
    person: PersonId,
    chosen_by: &ChosenBy,
    starts_at: Option<Timestamp>,
) -> Result<Option<Stage>> {
    let pos = app.store.position(position, caller.now).await?;
    unit_for(app, caller, pos.unit, Action::ManagePositions).await?;
    let holder = app
        .store
        .person(person)
        .await
        .map_err(|_| FieldError::new("person", "error-not-found"))?;
    if !holder.unit_path.is_within(&pos.unit_path) {
        return Err(FieldError::new("person", "error-position-outside").into());
    }
    let completed: Vec<String> = app
        .store
        .completions_of(person)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    let lacking = missing(&pos.requires, &completed);
    if !lacking.is_empty() {
        return Err(FieldError::new("person", "error-prerequisites")
            .arg("missing", lacking.join(", "))
            .into());
    }
    let how = match chosen_by {
        ChosenBy::Election { for_, against, .. } => format!("elected {for_} to {against}"),
        ChosenBy::Appointment => "appointed".to_owned(),
    };
    let (_, moved) = app
        .store
        .start_term(
            position,
            person,
            chosen_by,
            starts_at.unwrap_or(caller.now),
            Some(caller.id()),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::PositionFilled,
                Some(person),
                format!("{how}: {} of {}", pos.kind.as_str(), pos.unit_name),
            ),
        )
        .await?;
    Ok(moved)
}

/// Leaves a position vacant from now.
pub async fn vacate(app: &App, caller: &Caller, position: PositionId) -> Result<()> {
    let pos = app.store.position(position, caller.now).await?;
    unit_for(app, caller, pos.unit, Action::ManagePositions).await?;
    if pos.holder.is_none() {
        return Err(FieldError::new("position", "error-position-vacant").into());
    }
    app.store
        .end_term(
            position,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Position,
                pos.holder.map(|h| h.person),
                format!("{} of {} left vacant", pos.kind.as_str(), pos.unit_name),
            ),
        )
        .await?;
    Ok(())
}

/// Sets the leadership rule of the ladder (the national leadership).
pub async fn set_leadership_rule(
    app: &App,
    caller: &Caller,
    rule: Option<LeadershipRule>,
) -> Result<()> {
    let root = caller.organization();
    unit_for(app, caller, root, Action::SetLadderRules).await?;
    if let Some(r) = &rule {
        if r.stage <= Stage::Member {
            return Err(FieldError::new("leader_stage", "error-leader-stage").into());
        }
        if let Some(code) = &r.module {
            let known = app
                .store
                .modules()
                .await?
                .into_iter()
                .any(|m| &m.code == code);
            if !known {
                return Err(FieldError::new("leader_module", "error-module-unknown").into());
            }
        }
    }
    app.store
        .set_leadership_rules(
            root,
            rule.as_slice(),
            crate::audit::event(
                caller,
                AuditAction::LeadershipRules,
                None,
                format!("{rule:?}"),
            ),
        )
        .await?;
    Ok(())
}

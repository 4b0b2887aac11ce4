//! Follow-ups that do not fall through: rules that turn what happens to people into a task for
//! the organizers of their unit or a message, after a delay — "a new sympathiser gets a welcome
//! mail after 2 days and a call from the section within 7", "who said they would come and did
//! not gets a message the day after". A rule acts on what happens after it is made, once per
//! person and event, whichever server runs it. Tasks show on the start page of those who run
//! the unit, the overdue ones first.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::Stage;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{
    DueEvent, Effect, MailingId, MailingState, NewRecipient, NewRule, RuleId, RuleRecord, TaskId,
    TaskRecord,
};
use serde::Deserialize;

/// A rule as its form sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RuleInput {
    pub unit_id: i64,
    #[serde(default)]
    pub name: String,
    /// `stage:<stage>` (someone reached this stage) or `no_show`.
    #[serde(default)]
    pub trigger: String,
    #[serde(default)]
    pub delay_days: String,
    /// `task` or `mail`.
    #[serde(default)]
    pub effect: String,
    /// For a task: days to do it in (default 7).
    #[serde(default)]
    pub due_days: String,
    /// For a message: the draft mailing it sends.
    #[serde(default)]
    pub mailing_id: String,
}

fn days(field: &'static str, raw: &str, default: i64) -> Result<i64> {
    match raw.trim() {
        "" => Ok(default),
        s => s
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=365).contains(d))
            .ok_or_else(|| FieldError::new(field, "error-follow-up-days").into()),
    }
}

/// Saves a rule for a unit the caller sends mail for.
pub async fn create(app: &App, caller: &Caller, input: &RuleInput) -> Result<RuleId> {
    let unit = unit_for(app, caller, UnitId(input.unit_id), Action::ManageMailings).await?;
    let name = crate::calls::text_field("name", &input.name, 200)?;
    let trigger = input.trigger.trim();
    match trigger.strip_prefix("stage:") {
        Some(stage) => {
            Stage::parse(stage).map_err(|e| e.in_field("trigger"))?;
        }
        None if trigger == "no_show" => {}
        None => return Err(FieldError::new("trigger", "error-follow-up-trigger").into()),
    }
    let delay_days = days("delay_days", &input.delay_days, 0)?;
    let due_days = days("due_days", &input.due_days, 7)?;
    let (effect, mailing) = match input.effect.trim() {
        "task" => ("task", None),
        "mail" => {
            let id = input
                .mailing_id
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldError::new("mailing_id", "error-follow-up-mailing"))?;
            let m = app
                .store
                .mailing(MailingId(id))
                .await
                .map_err(|_| FieldError::new("mailing_id", "error-follow-up-mailing"))?;
            unit_for(app, caller, m.unit, Action::ManageMailings).await?;
            if m.state != MailingState::Draft || !m.unit_path.is_within(&unit.path) {
                return Err(FieldError::new("mailing_id", "error-follow-up-mailing").into());
            }
            ("mail", Some(m.id))
        }
        _ => return Err(FieldError::new("effect", "error-follow-up-effect").into()),
    };
    let id = app
        .store
        .create_rule(
            &NewRule {
                unit: unit.id,
                name: &name,
                trigger,
                delay_days,
                effect,
                due_days,
                mailing,
            },
            caller.id(),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::FollowUpRule,
                None,
                format!(
                    "rule \"{name}\" of unit {}: {trigger} → {effect}",
                    unit.id.0
                ),
            ),
        )
        .await?;
    Ok(id)
}

/// The rules of the units the caller sends mail for.
pub async fn rules(app: &App, caller: &Caller) -> Result<Vec<RuleRecord>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    Ok(app
        .store
        .rules_below(&caller.actor.scope, false)
        .await?
        .into_iter()
        .filter(|r| {
            units
                .iter()
                .find(|u| u.id == r.unit)
                .is_some_and(|u| crate::scope::may(caller, Action::ManageMailings, u))
        })
        .collect())
}

/// Stops a rule.
pub async fn stop(app: &App, caller: &Caller, id: RuleId) -> Result<()> {
    let rule = app.store.rule(id).await?;
    unit_for(app, caller, rule.unit, Action::ManageMailings).await?;
    app.store
        .stop_rule(
            id,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::FollowUpRule,
                None,
                format!("rule {} \"{}\" stopped", id.0, rule.name),
            ),
        )
        .await?;
    Ok(())
}

/// What a rule does for one event: the task, or the message if the person can get it.
async fn effect_of(
    app: &App,
    rule: &RuleRecord,
    event: &DueEvent,
    now: Timestamp,
) -> Result<Effect> {
    if rule.effect == "task" {
        return Ok(Effect::Task {
            title: rule.name.clone(),
            due_at: Timestamp(now.0 + rule.due_days * 86_400),
        });
    }
    let Some(mailing) = rule.mailing else {
        return Ok(Effect::Nothing);
    };
    let m = app.store.mailing_content(mailing).await?;
    let Some(record) = app.store.people_by_ids(&[event.person.0]).await?.pop() else {
        return Ok(Effect::Nothing);
    };
    let address = if m.channel == "sms" {
        record
            .person
            .phone
            .as_deref()
            .and_then(|p| enquete_domain::people::Phone::parse(p).ok())
            .map(|p| p.normalized)
    } else {
        record.person.email.clone().filter(|a| !a.trim().is_empty())
    };
    let Some(address) = address else {
        return Ok(Effect::Nothing);
    };
    let consenting = app.store.consenting(&[event.person], m.purpose).await?;
    let bouncing = if m.channel == "sms" {
        std::collections::HashSet::new()
    } else {
        app.store.bouncing(&[event.person]).await?
    };
    if !consenting.contains(&event.person) || bouncing.contains(&event.person) {
        return Ok(Effect::Nothing);
    }
    let templates: crate::mailings::message::Templates = serde_json::from_str(&m.templates)
        .map_err(|e| Error::Internal(format!("mailing {}: {e}", m.id.0)))?;
    let language = record
        .person
        .languages
        .iter()
        .map(|l| l.code())
        .find(|c| templates.0.contains_key(*c))
        .unwrap_or(m.fallback.as_str())
        .to_owned();
    Ok(Effect::Mail(NewRecipient {
        person: event.person,
        address,
        language,
        token: crate::auth::random_code(),
    }))
}

/// What a round of the rules did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acted {
    pub tasks: u64,
    pub messages: u64,
    /// Events seen with nothing to do (a message for someone without address or consent).
    pub skipped: u64,
}

/// Runs every active rule once: acts on each event whose delay has passed. Safe to run on
/// several servers at once: each event is acted on once.
pub async fn run(app: &App, now: Timestamp) -> Result<Acted> {
    let mut acted = Acted::default();
    let mut rules = Vec::new();
    for org in app.store.organizations().await? {
        rules.extend(app.store.rules_below(&org.root.path, true).await?);
    }
    for rule in rules {
        for event in app.store.due_events(&rule, now).await? {
            let effect = effect_of(app, &rule, &event, now).await?;
            if app.store.act_on(&rule, &event, &effect, now).await? {
                match effect {
                    Effect::Task { .. } => acted.tasks += 1,
                    Effect::Mail(_) => acted.messages += 1,
                    Effect::Nothing => acted.skipped += 1,
                }
            }
        }
    }
    Ok(acted)
}

/// A task as its reader sees it.
#[derive(Debug, Clone)]
pub struct Task {
    pub task: TaskRecord,
    pub person_name: String,
    pub unit_name: String,
    pub overdue: bool,
}

/// The open tasks of the units the caller runs (may edit people in), the most overdue first.
pub async fn open(app: &App, caller: &Caller, limit: u32) -> Result<Vec<Task>> {
    let tasks: Vec<TaskRecord> = app
        .store
        .open_tasks(&caller.actor.scope, limit.saturating_mul(4).max(limit))
        .await?
        .into_iter()
        .filter(|t| {
            allows(
                &caller.actor,
                Action::EditPerson,
                Target::unit(&t.unit_path),
            )
        })
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect();
    let people = app
        .store
        .people_by_ids(&tasks.iter().map(|t| t.person.0).collect::<Vec<_>>())
        .await?;
    Ok(tasks
        .into_iter()
        .map(|task| {
            let record = people.iter().find(|r| r.person.id == task.person);
            Task {
                overdue: task.due_at.0 < caller.now.0,
                person_name: record.map_or_else(String::new, |r| r.person.name.clone()),
                unit_name: record.map_or_else(String::new, |r| r.unit_name.clone()),
                task,
            }
        })
        .collect())
}

/// Marks a task done, with what came of it.
pub async fn done(app: &App, caller: &Caller, id: TaskId, note: &str) -> Result<()> {
    let task = app.store.task(id).await?;
    if !allows(
        &caller.actor,
        Action::EditPerson,
        Target::unit(&task.unit_path),
    ) {
        return Err(Error::Forbidden);
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(FieldError::new("note", "error-too-long")
            .arg("max", "2000")
            .into());
    }
    let changed = app
        .store
        .task_done(
            id,
            caller.id(),
            note,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::TaskDone,
                Some(task.person),
                format!("task {} \"{}\"", id.0, task.title),
            ),
        )
        .await?;
    if !changed {
        return Err(FieldError::new("note", "error-task-done").into());
    }
    Ok(())
}

/// The triggers a rule may have, by key: `stage:<stage>` for each stage, then `no_show`.
pub fn triggers() -> Vec<String> {
    Stage::ALL
        .iter()
        .map(|s| format!("stage:{}", s.as_str()))
        .chain(std::iter::once("no_show".to_owned()))
        .collect()
}

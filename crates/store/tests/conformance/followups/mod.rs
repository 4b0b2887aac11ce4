//! Follow-ups: rules kept per unit and stopped with their mailing, the events a rule is due to
//! act on (stage changes and no-shows, after a delay, in its branch, not yet acted on), acting
//! once per event even when two servers try at the same moment, and the tasks it makes: listed
//! by branch, done with a note, in the person's data export, gone with an erased person and
//! moved with a merged one.

mod acting;
mod rules;

use crate::support::{NOW, Tree, add, name, person};
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{UnitId, UnitKind, UnitPath};
use enquete_domain::people::{ConsentPurpose, MoveReason, PersonId, PersonInput, Stage};
use enquete_store::{
    AuditEvent, DueEvent, Effect, MailingContent, MailingId, NewRule, RuleId, RuleRecord, Store,
    TaskRecord,
};
use std::collections::HashSet;

const DAY: i64 = 86_400;
/// How long a claim on a message holds in these tests.
const HOLD: i64 = 600;

fn at(offset: i64) -> Timestamp {
    Timestamp(NOW.0 + offset)
}

fn event(action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person: None,
        detail: String::new(),
        ip: "127.0.0.1".into(),
    }
}

fn new_rule(
    unit: UnitId,
    name: &'static str,
    trigger: &'static str,
    delay_days: i64,
    effect: &'static str,
    mailing: Option<MailingId>,
) -> NewRule<'static> {
    NewRule {
        unit,
        name,
        trigger,
        delay_days,
        effect,
        due_days: 3,
        mailing,
    }
}

/// Saves a rule at `now` and reads it back.
async fn make_rule(store: &Store, rule: &NewRule<'_>, by: UserId, now: Timestamp) -> RuleRecord {
    let id = store
        .create_rule(rule, by, now, event(AuditAction::FollowUpRule))
        .await
        .unwrap();
    store.rule(id).await.unwrap()
}

/// A second neighbourhood of Gent, beside Gent Noord (people are kept in sections only).
async fn zuid(store: &Store, t: &Tree) -> UnitId {
    store
        .create_unit(
            Some(t.gent),
            UnitKind::Neighbourhood,
            &name("Gent Zuid"),
            NOW,
        )
        .await
        .unwrap()
        .id
}

async fn path_of(store: &Store, unit: UnitId) -> UnitPath {
    store.unit(unit).await.unwrap().path
}

async fn rule_ids(store: &Store, unit: UnitId, active: bool) -> Vec<RuleId> {
    store
        .rules_below(&path_of(store, unit).await, active)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// A draft mailing of `unit`.
async fn draft(store: &Store, unit: UnitId, by: UserId, name: &'static str) -> MailingId {
    let segment = store
        .create_segment(unit, name, "{}", by, NOW)
        .await
        .unwrap();
    store
        .create_mailing(
            &MailingContent {
                channel: "email",
                unit,
                segment,
                name,
                purpose: ConsentPurpose::Contact,
                templates: r#"{"nl":{"subject":"Welkom","body":"Fijn dat je erbij bent"}}"#,
                fallback: "nl",
            },
            by,
            NOW,
        )
        .await
        .unwrap()
}

async fn move_to(store: &Store, who: PersonId, stage: Stage, when: Timestamp) {
    store
        .move_stage(
            who,
            stage,
            &MoveReason::parse("talked at the door").unwrap(),
            None,
            when,
            None,
        )
        .await
        .unwrap();
}

async fn with_email(store: &Store, unit: UnitId, name: &str) -> PersonId {
    add(
        store,
        unit,
        PersonInput {
            email: format!("{}@example.org", name.to_lowercase()),
            ..person(name)
        },
        None,
    )
    .await
}

/// Who and when, in the order listed; each event key of the rule's kind and listed once.
fn who_when(events: &[DueEvent], kind: &str) -> Vec<(PersonId, Timestamp)> {
    let keys: HashSet<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(keys.len(), events.len(), "every event once: {events:?}");
    for e in events {
        let id = e
            .event
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix(':'))
            .unwrap_or_else(|| panic!("{} is not a {kind} event", e.event));
        assert!(id.parse::<i64>().is_ok(), "{}", e.event);
    }
    events.iter().map(|e| (e.person, e.at)).collect()
}

async fn due(store: &Store, rule: &RuleRecord, now: Timestamp) -> Vec<DueEvent> {
    store.due_events(rule, now).await.unwrap()
}

fn titles(tasks: &[TaskRecord]) -> Vec<&str> {
    tasks.iter().map(|t| t.title.as_str()).collect()
}

async fn open_below(store: &Store, unit: UnitId, limit: u32) -> Vec<TaskRecord> {
    store
        .open_tasks(&path_of(store, unit).await, limit)
        .await
        .unwrap()
}

/// Moves `people` to sympathiser at `moved` and has `rule` (on that stage, no delay) make a
/// task "Call <name>" for each, due a day apart in the order given, the first a day later.
async fn tasks_for(
    store: &Store,
    rule: &RuleRecord,
    people: &[(PersonId, &str)],
    moved: Timestamp,
) -> Vec<TaskRecord> {
    for (p, _) in people {
        move_to(store, *p, Stage::Sympathiser, moved).await;
    }
    let now = Timestamp(moved.0 + 10);
    let events = due(store, rule, now).await;
    assert_eq!(events.len(), people.len());
    let mut made = Vec::new();
    for (i, (p, name)) in people.iter().enumerate() {
        let e = events.iter().find(|e| e.person == *p).unwrap();
        let effect = Effect::Task {
            title: format!("Call {name}"),
            due_at: Timestamp(moved.0 + DAY * (1 + i64::try_from(i).unwrap())),
        };
        assert!(store.act_on(rule, e, &effect, now).await.unwrap());
        let mine = store.tasks_of(*p).await.unwrap();
        assert_eq!(mine.len(), 1);
        made.push(mine[0].clone());
    }
    made
}

//! Follow-ups: rules kept per unit and stopped with their mailing, the events a rule is due to
//! act on (stage changes and no-shows, after a delay, in its branch, not yet acted on), acting
//! once per event even when two servers try at the same moment, and the tasks it makes: listed
//! by branch, done with a note, in the person's data export, gone with an erased person and
//! moved with a merged one.

use crate::support::{NOW, Tree, add, admin, conformance, name, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::{Role, UserId};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, RsvpStatus};
use enquete_domain::org::{UnitId, UnitKind, UnitPath};
use enquete_domain::people::{ConsentPurpose, MoveReason, PersonId, PersonInput, Stage};
use enquete_store::{
    ActionRecord, AuditEvent, Backend, DueEvent, Effect, MailingContent, MailingId, MailingState,
    MailingTally, NewRecipient, NewRule, RuleId, RuleRecord, Store, StoreError, TaskRecord,
    testing::TestDb,
};
use std::collections::HashSet;
use std::future::Future;

conformance!(
    rules_are_kept_per_unit_and_stopped_with_their_mailing,
    a_rule_that_sends_mail_takes_over_a_draft_only,
    a_stage_rule_is_due_for_changes_to_its_stage_in_its_branch_after_the_delay,
    a_rule_acts_once_per_event_even_from_two_servers_at_once,
    a_rule_makes_a_task_a_message_or_nothing,
    tasks_are_listed_by_branch_and_done_with_a_note,
    tasks_go_with_an_erased_person_and_move_with_a_merged_one,
    merging_two_records_is_not_an_event_for_a_stage_rule,
);

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

// 1. Rules.

async fn rules_are_kept_per_unit_and_stopped_with_their_mailing(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let made = at(100);
    let welcome = make_rule(
        &store,
        &new_rule(t.gent, "Welcome", "stage:sympathiser", 2, "task", None),
        by,
        made,
    )
    .await;
    assert_eq!(welcome.unit, t.gent);
    assert_eq!(welcome.unit_path, path_of(&store, t.gent).await);
    assert_eq!(
        (
            welcome.name.as_str(),
            welcome.trigger.as_str(),
            welcome.delay_days,
            welcome.effect.as_str(),
            welcome.due_days,
        ),
        ("Welcome", "stage:sympathiser", 2, "task", 3)
    );
    assert_eq!(
        (
            welcome.mailing,
            welcome.created_at,
            welcome.stopped,
            welcome.done
        ),
        (None, made, false, 0)
    );
    let missed = make_rule(
        &store,
        &NewRule {
            due_days: 1,
            ..new_rule(t.noord, "Missed you", "no_show", 0, "task", None)
        },
        by,
        at(200),
    )
    .await;
    assert_eq!(
        (missed.unit, missed.trigger.as_str(), missed.due_days),
        (t.noord, "no_show", 1)
    );
    let harbour = make_rule(
        &store,
        &new_rule(t.haven, "Dockers", "stage:active", 1, "task", None),
        by,
        at(300),
    )
    .await;
    let mailing = draft(&store, t.gent, by, "Welcome mail").await;
    let mail = make_rule(
        &store,
        &new_rule(
            t.gent,
            "Welcome mail",
            "stage:sympathiser",
            0,
            "mail",
            Some(mailing),
        ),
        by,
        at(400),
    )
    .await;
    assert_eq!(
        (mail.effect.as_str(), mail.mailing),
        ("mail", Some(mailing))
    );

    // By branch, oldest first.
    assert_eq!(
        rule_ids(&store, t.nation, false).await,
        [welcome.id, missed.id, harbour.id, mail.id]
    );
    assert_eq!(
        rule_ids(&store, t.gent, false).await,
        [welcome.id, missed.id, mail.id]
    );
    assert_eq!(rule_ids(&store, t.noord, false).await, [missed.id]);
    assert_eq!(rule_ids(&store, t.antwerpen, false).await, [harbour.id]);
    assert_eq!(rule_ids(&store, t.haven, true).await, [harbour.id]);

    // Stopping a rule without a mailing: stopped, left out of the active ones only, and the
    // mail rule's mailing is not touched.
    let stop = at(500);
    store
        .stop_rule(missed.id, stop, event(AuditAction::FollowUpRule))
        .await
        .unwrap();
    let stopped = store.rule(missed.id).await.unwrap();
    assert!(stopped.stopped);
    assert_eq!(
        (stopped.name.as_str(), stopped.unit),
        ("Missed you", t.noord)
    );
    assert!(!store.rule(welcome.id).await.unwrap().stopped);
    assert_eq!(rule_ids(&store, t.gent, true).await, [welcome.id, mail.id]);
    assert_eq!(
        rule_ids(&store, t.gent, false).await,
        [welcome.id, missed.id, mail.id]
    );
    assert!(rule_ids(&store, t.noord, true).await.is_empty());
    assert_eq!(rule_ids(&store, t.noord, false).await, [missed.id]);
    let m = store.mailing(mailing).await.unwrap();
    assert_eq!(
        (m.state, m.started_at, m.finished_at),
        (MailingState::Automatic, Some(at(400)), None)
    );

    // Stopping the mail rule cancels its mailing.
    let later = at(600);
    store
        .stop_rule(mail.id, later, event(AuditAction::FollowUpRule))
        .await
        .unwrap();
    assert!(store.rule(mail.id).await.unwrap().stopped);
    let m = store.mailing(mailing).await.unwrap();
    assert_eq!(
        (m.state, m.finished_at),
        (MailingState::Cancelled, Some(later))
    );
    assert_eq!(
        rule_ids(&store, t.nation, true).await,
        [welcome.id, harbour.id]
    );
    assert_eq!(
        rule_ids(&store, t.nation, false).await,
        [welcome.id, missed.id, harbour.id, mail.id]
    );
    let audited = store
        .audit_events(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::FollowUpRule)
        .count();
    assert_eq!(audited, 6, "4 made, 2 stopped");
    // Stopping again changes nothing.
    store
        .stop_rule(mail.id, at(700), event(AuditAction::FollowUpRule))
        .await
        .unwrap();
    assert!(store.rule(mail.id).await.unwrap().stopped);
    assert_eq!(
        store.mailing(mailing).await.unwrap().finished_at,
        Some(later)
    );
    // Unknown.
    assert!(matches!(
        store.rule(RuleId(999_999)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn a_rule_that_sends_mail_takes_over_a_draft_only(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let follow_up_events = |store: Store| async move {
        store
            .audit_events(None, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == AuditAction::FollowUpRule)
            .count()
    };
    // A draft becomes automatic, started when the rule is made.
    let mailing = draft(&store, t.gent, by, "Welcome").await;
    assert_eq!(
        store.mailing(mailing).await.unwrap().state,
        MailingState::Draft
    );
    let made = at(50);
    let first = make_rule(
        &store,
        &new_rule(
            t.gent,
            "Welcome",
            "stage:sympathiser",
            1,
            "mail",
            Some(mailing),
        ),
        by,
        made,
    )
    .await;
    let m = store.mailing(mailing).await.unwrap();
    assert_eq!(
        (m.state, m.started_at, m.finished_at),
        (MailingState::Automatic, Some(made), None)
    );
    assert_eq!(m.tally, MailingTally::default());
    // No longer a draft: it cannot be scheduled (nor, below, taken by a second rule).
    assert!(
        !store
            .schedule_mailing(mailing, at(60), event(AuditAction::MailingScheduled))
            .await
            .unwrap()
    );
    assert_eq!(follow_up_events(store.clone()).await, 1);

    let scheduled = draft(&store, t.gent, by, "Scheduled").await;
    assert!(
        store
            .schedule_mailing(scheduled, at(3600), event(AuditAction::MailingScheduled))
            .await
            .unwrap()
    );
    let cancelled = draft(&store, t.gent, by, "Cancelled").await;
    assert!(
        store
            .cancel_mailing(cancelled, at(10), event(AuditAction::MailingCancelled))
            .await
            .unwrap()
    );
    for (taken, state) in [
        (mailing, MailingState::Automatic),
        (scheduled, MailingState::Scheduled),
        (cancelled, MailingState::Cancelled),
    ] {
        let err = store
            .create_rule(
                &new_rule(
                    t.gent,
                    "Second",
                    "stage:sympathiser",
                    0,
                    "mail",
                    Some(taken),
                ),
                by,
                at(70),
                event(AuditAction::FollowUpRule),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        let m = store.mailing(taken).await.unwrap();
        assert_eq!(m.state, state, "the mailing is left as it was");
    }
    let err = store
        .create_rule(
            &new_rule(
                t.gent,
                "Nowhere",
                "no_show",
                0,
                "mail",
                Some(MailingId(999_999)),
            ),
            by,
            at(70),
            event(AuditAction::FollowUpRule),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    // Nothing written: no rule, no audit line, the first rule's mailing unchanged.
    assert_eq!(rule_ids(&store, t.nation, false).await, [first.id]);
    assert_eq!(follow_up_events(store.clone()).await, 1);
    assert_eq!(store.mailing(mailing).await.unwrap().started_at, Some(made));
    // A rule without a mailing leaves drafts alone.
    let other = draft(&store, t.gent, by, "Other").await;
    make_rule(
        &store,
        &new_rule(t.gent, "Tasks", "stage:sympathiser", 0, "task", None),
        by,
        at(80),
    )
    .await;
    assert_eq!(
        store.mailing(other).await.unwrap().state,
        MailingState::Draft
    );
}

// 2. Stage changes.

async fn a_stage_rule_is_due_for_changes_to_its_stage_in_its_branch_after_the_delay(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    // People recorded at NOW, the rule a day later.
    let early = add(&store, t.noord, person("Early"), None).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, zuid(&store, &t).await, person("Bo"), None).await;
    let busy = add(&store, t.noord, person("Busy"), None).await;
    let far = add(&store, t.haven, person("Far"), None).await;
    let cas = add(&store, t.noord, person("Cas"), None).await;
    let r = at(DAY);
    let rule = make_rule(
        &store,
        &new_rule(t.gent, "Welcome", "stage:sympathiser", 2, "task", None),
        by,
        r,
    )
    .await;
    assert_eq!(rule.created_at, r);
    // Being recorded (a contact) is no change to sympathiser.
    assert!(due(&store, &rule, at(30 * DAY)).await.is_empty());

    move_to(&store, early, Stage::Sympathiser, Timestamp(r.0 - 1)).await;
    move_to(&store, ann, Stage::Sympathiser, r).await;
    move_to(&store, busy, Stage::Active, Timestamp(r.0 + 10)).await;
    move_to(&store, far, Stage::Sympathiser, Timestamp(r.0 + 10)).await;
    move_to(&store, bo, Stage::Sympathiser, Timestamp(r.0 + 100)).await;
    move_to(&store, cas, Stage::Sympathiser, Timestamp(r.0 + 3 * DAY)).await;

    // Two days after Ann's move, not a second earlier.
    assert!(
        due(&store, &rule, Timestamp(r.0 + 2 * DAY - 1))
            .await
            .is_empty()
    );
    assert_eq!(
        who_when(
            &due(&store, &rule, Timestamp(r.0 + 2 * DAY)).await,
            "stage-change"
        ),
        [(ann, r)]
    );
    assert_eq!(
        who_when(
            &due(&store, &rule, Timestamp(r.0 + 2 * DAY + 100)).await,
            "stage-change"
        ),
        [(ann, r), (bo, Timestamp(r.0 + 100))]
    );
    let all = due(&store, &rule, Timestamp(r.0 + 5 * DAY)).await;
    assert_eq!(
        who_when(&all, "stage-change"),
        [
            (ann, r),
            (bo, Timestamp(r.0 + 100)),
            (cas, Timestamp(r.0 + 3 * DAY))
        ]
    );

    // Acted on: no longer listed for this rule.
    let ann_event = all[0].clone();
    assert!(
        store
            .act_on(
                &rule,
                &ann_event,
                &Effect::Nothing,
                Timestamp(r.0 + 5 * DAY)
            )
            .await
            .unwrap()
    );
    assert_eq!(
        who_when(
            &due(&store, &rule, Timestamp(r.0 + 5 * DAY)).await,
            "stage-change"
        ),
        [(bo, Timestamp(r.0 + 100)), (cas, Timestamp(r.0 + 3 * DAY))]
    );
    // Ann moves on and comes back: a stage rule welcomes a person once, not again.
    move_to(&store, ann, Stage::Active, Timestamp(r.0 + 4 * DAY)).await;
    move_to(
        &store,
        ann,
        Stage::Sympathiser,
        Timestamp(r.0 + 4 * DAY + 1),
    )
    .await;
    let again = due(&store, &rule, Timestamp(r.0 + 7 * DAY)).await;
    assert_eq!(
        who_when(&again, "stage-change"),
        [(bo, Timestamp(r.0 + 100)), (cas, Timestamp(r.0 + 3 * DAY))]
    );
    assert_eq!(store.rule(rule.id).await.unwrap().done, 1);

    // The same changes for a rule of the whole country made at the same time: its own
    // branch, and Ann's first move is still due for it (once: her return is not new).
    let national = make_rule(
        &store,
        &new_rule(t.nation, "Country", "stage:sympathiser", 2, "task", None),
        by,
        r,
    )
    .await;
    assert_eq!(
        who_when(
            &due(&store, &national, Timestamp(r.0 + 7 * DAY)).await,
            "stage-change"
        ),
        [
            (ann, r),
            (far, Timestamp(r.0 + 10)),
            (bo, Timestamp(r.0 + 100)),
            (cas, Timestamp(r.0 + 3 * DAY))
        ]
    );
    // A rule on another stage; a rule made later sees only what came after it.
    let active = make_rule(
        &store,
        &new_rule(t.noord, "Active", "stage:active", 0, "task", None),
        by,
        r,
    )
    .await;
    assert_eq!(
        who_when(
            &due(&store, &active, Timestamp(r.0 + 7 * DAY)).await,
            "stage-change"
        ),
        [(busy, Timestamp(r.0 + 10)), (ann, Timestamp(r.0 + 4 * DAY))]
    );
    let late = make_rule(
        &store,
        &new_rule(t.gent, "Late", "stage:sympathiser", 0, "task", None),
        by,
        Timestamp(r.0 + 3 * DAY),
    )
    .await;
    assert_eq!(
        who_when(
            &due(&store, &late, Timestamp(r.0 + 7 * DAY)).await,
            "stage-change"
        ),
        [
            (cas, Timestamp(r.0 + 3 * DAY)),
            (ann, Timestamp(r.0 + 4 * DAY + 1))
        ]
    );
}

// 3. No-shows (with the database beside the store: actions are cancelled by hand).

async fn run_with_db<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Store, TestDb) -> Fut,
    Fut: Future<Output = TestDb>,
{
    let Some(db) = TestDb::new(backend).await.expect("test database") else {
        eprintln!("PostgreSQL skipped: ENQUETE_TEST_POSTGRES=skip");
        return;
    };
    let keys =
        enquete_store::crypto::Keyring::new("Y29uZm9ybWFuY2UgdGVzdHMgb25seTogbm8ga2V5ISE=", &[])
            .expect("test key");
    let store = db.store_with(keys).await.expect("open store");
    let db = test(store.clone(), db).await;
    store.close().await;
    db.finish().await;
}

macro_rules! with_db {
    ($($name:ident),* $(,)?) => {
        mod sqlite_with_db {
            $( #[tokio::test] async fn $name() { super::run_with_db(enquete_store::Backend::Sqlite, super::$name).await } )*
        }
        mod postgres_with_db {
            $( #[tokio::test] async fn $name() { super::run_with_db(enquete_store::Backend::Postgres, super::$name).await } )*
        }
    };
}

with_db!(a_no_show_rule_is_due_for_confirmed_people_who_did_not_come);

/// 2026-03-01T00:00:00Z.
const MARCH_1: i64 = 1_772_323_200;

async fn action_at(
    store: &Store,
    unit: UnitId,
    starts: &str,
    capacity: &str,
    token: &str,
) -> ActionRecord {
    let draft = ActionDraft::parse("Assembly", "", "Vooruit", starts, capacity).unwrap();
    store
        .create_action(unit, None, &draft, token, None, Timestamp(MARCH_1 - DAY))
        .await
        .unwrap()
}

async fn a_no_show_rule_is_due_for_confirmed_people_who_did_not_come(
    store: Store,
    db: TestDb,
) -> TestDb {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let cas = add(&store, zuid(&store, &t).await, person("Cas"), None).await;
    let dina = add(&store, t.noord, person("Dina"), None).await;
    let far = add(&store, t.haven, person("Far"), None).await;

    let before = action_at(&store, t.gent, "2026-02-28T18:00", "", "ns-before").await;
    let main = action_at(&store, t.gent, "2026-03-02T18:00", "3", "ns-main").await;
    let called_off = action_at(&store, t.gent, "2026-03-03T18:00", "", "ns-off").await;
    // A national action: it is the person's unit that counts.
    let later = action_at(&store, t.nation, "2026-03-10T18:00", "", "ns-later").await;
    assert_eq!(main.starts_at, Timestamp(MARCH_1 + DAY + 18 * 3600));

    let rsvp = |action: &ActionRecord, who: PersonId| {
        let store = store.clone();
        let action = action.id;
        async move {
            store
                .rsvp(action, who, false, "test", Timestamp(MARCH_1 - 3600))
                .await
                .unwrap()
                .status
        }
    };
    assert_eq!(rsvp(&before, ann).await, RsvpStatus::Confirmed);
    for who in [ann, bo, far] {
        assert_eq!(rsvp(&main, who).await, RsvpStatus::Confirmed);
    }
    assert_eq!(rsvp(&main, cas).await, RsvpStatus::Waiting, "full");
    assert_eq!(rsvp(&called_off, dina).await, RsvpStatus::Confirmed);
    assert_eq!(rsvp(&later, ann).await, RsvpStatus::Confirmed);
    assert_eq!(rsvp(&later, cas).await, RsvpStatus::Confirmed);
    // Bo came.
    store
        .check_in(
            main.id,
            bo,
            Some(by),
            Timestamp(main.starts_at.0 + 600),
            None,
        )
        .await
        .unwrap();
    db.raw_execute(&format!(
        "UPDATE actions SET cancelled_at = {} WHERE id = {}",
        MARCH_1, called_off.id.0
    ))
    .await
    .unwrap();
    assert!(store.action(called_off.id).await.unwrap().cancelled);

    let rule = make_rule(
        &store,
        &new_rule(t.gent, "Missed you", "no_show", 1, "task", None),
        by,
        Timestamp(MARCH_1),
    )
    .await;
    let key = |a: &ActionRecord| format!("action:{}", a.id.0);

    // A day after the action, not a second earlier.
    assert!(
        due(&store, &rule, Timestamp(main.starts_at.0 + DAY - 1))
            .await
            .is_empty()
    );
    let events = due(&store, &rule, Timestamp(main.starts_at.0 + DAY)).await;
    assert_eq!(
        events,
        [DueEvent {
            person: ann,
            event: key(&main),
            at: main.starts_at,
        }]
    );
    // The cancelled action, the action before the rule, the one who came, the one who only
    // waited and the one of another branch are never listed.
    let all = due(&store, &rule, Timestamp(later.starts_at.0 + DAY)).await;
    assert_eq!(
        all,
        [
            DueEvent {
                person: ann,
                event: key(&main),
                at: main.starts_at,
            },
            DueEvent {
                person: ann,
                event: key(&later),
                at: later.starts_at,
            },
            DueEvent {
                person: cas,
                event: key(&later),
                at: later.starts_at,
            },
        ]
    );
    assert!(!all.iter().any(|e| [bo, dina, far].contains(&e.person)));
    // The whole country's rule sees Far, and still not Bo, Dina, or the waiting Cas at the
    // main action.
    let national = make_rule(
        &store,
        &new_rule(t.nation, "Country", "no_show", 1, "task", None),
        by,
        Timestamp(MARCH_1),
    )
    .await;
    let mut got: Vec<(PersonId, String)> =
        due(&store, &national, Timestamp(later.starts_at.0 + DAY))
            .await
            .into_iter()
            .map(|e| (e.person, e.event))
            .collect();
    let mut expected = vec![
        (ann, key(&main)),
        (far, key(&main)),
        (ann, key(&later)),
        (cas, key(&later)),
    ];
    got.sort();
    expected.sort();
    assert_eq!(got, expected);

    // Acted on: gone for this rule only.
    assert!(
        store
            .act_on(
                &rule,
                &all[0],
                &Effect::Nothing,
                Timestamp(later.starts_at.0 + DAY)
            )
            .await
            .unwrap()
    );
    assert_eq!(
        due(&store, &rule, Timestamp(later.starts_at.0 + DAY)).await,
        all[1..]
    );
    assert_eq!(
        due(&store, &national, Timestamp(later.starts_at.0 + DAY))
            .await
            .len(),
        4
    );
    // Checked in late at the later action: no longer a no-show.
    store
        .check_in(
            later.id,
            cas,
            Some(by),
            Timestamp(later.starts_at.0 + 2 * DAY),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        due(&store, &rule, Timestamp(later.starts_at.0 + 2 * DAY)).await,
        all[1..2]
    );
    db
}

// 4. Acting.

async fn a_rule_acts_once_per_event_even_from_two_servers_at_once(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let r = at(100);
    let rule = make_rule(
        &store,
        &new_rule(t.gent, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        r,
    )
    .await;
    move_to(&store, ann, Stage::Sympathiser, at(200)).await;
    let now = at(300);
    let events = due(&store, &rule, now).await;
    assert_eq!(who_when(&events, "stage-change"), [(ann, at(200))]);
    let effect = Effect::Task {
        title: "Welcome Ann".into(),
        due_at: at(300 + 3 * DAY),
    };
    let (a, b) = tokio::join!(
        store.act_on(&rule, &events[0], &effect, now),
        store.act_on(&rule, &events[0], &effect, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a ^ b, "exactly one acted: {a} {b}");
    let open = open_below(&store, t.nation, 10).await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(store.tasks_of(ann).await.unwrap().len(), 1);
    assert_eq!(store.rule(rule.id).await.unwrap().done, 1);
    assert!(due(&store, &rule, now).await.is_empty());
    // Later, again: nothing more.
    assert!(
        !store
            .act_on(&rule, &events[0], &effect, at(400))
            .await
            .unwrap()
    );
    assert_eq!(open_below(&store, t.nation, 10).await.len(), 1);
    assert_eq!(store.rule(rule.id).await.unwrap().done, 1);

    // Four at once for a mail rule: one message.
    let mailing = draft(&store, t.gent, by, "Welcome").await;
    let mail = make_rule(
        &store,
        &new_rule(
            t.gent,
            "Welcome mail",
            "stage:sympathiser",
            0,
            "mail",
            Some(mailing),
        ),
        by,
        r,
    )
    .await;
    let events = due(&store, &mail, now).await;
    assert_eq!(events.len(), 1);
    let message = Effect::Mail(NewRecipient {
        person: ann,
        address: "ann@example.org".into(),
        language: "nl".into(),
        token: "fu-ann".into(),
    });
    let (a, b, c, d) = tokio::join!(
        store.act_on(&mail, &events[0], &message, now),
        store.act_on(&mail, &events[0], &message, now),
        store.act_on(&mail, &events[0], &message, now),
        store.act_on(&mail, &events[0], &message, now)
    );
    let acted = [a.unwrap(), b.unwrap(), c.unwrap(), d.unwrap()];
    assert_eq!(acted.iter().filter(|x| **x).count(), 1, "{acted:?}");
    assert_eq!(
        store.mailing_tally(mailing).await.unwrap(),
        MailingTally {
            recipients: 1,
            queued: 1,
            ..MailingTally::default()
        }
    );
    assert_eq!(store.rule(mail.id).await.unwrap().done, 1);
}

async fn a_rule_makes_a_task_a_message_or_nothing(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let ann = with_email(&store, t.noord, "Ann").await;
    let bo = with_email(&store, t.noord, "Bo").await;
    let r = at(100);
    let moved = at(200);
    let now = at(300);
    for p in [ann, bo] {
        move_to(&store, p, Stage::Sympathiser, moved).await;
    }

    // A task: in the person's unit (not the rule's), with the title and due date given.
    let tasks = make_rule(
        &store,
        &new_rule(t.gent, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        r,
    )
    .await;
    let events = due(&store, &tasks, now).await;
    assert_eq!(
        who_when(&events, "stage-change"),
        [(ann, moved), (bo, moved)]
    );
    let due_at = at(300 + 3 * DAY);
    assert!(
        store
            .act_on(
                &tasks,
                &events[0],
                &Effect::Task {
                    title: "Welcome Ann".into(),
                    due_at,
                },
                now,
            )
            .await
            .unwrap()
    );
    let open = open_below(&store, t.gent, 10).await;
    assert_eq!(open.len(), 1);
    let task = &open[0];
    assert_eq!(
        (task.unit, task.person, task.title.as_str()),
        (t.noord, ann, "Welcome Ann")
    );
    assert_eq!(task.unit_path, path_of(&store, t.noord).await);
    assert_eq!(
        (
            task.due_at,
            task.created_at,
            task.done_at,
            task.note.as_str()
        ),
        (due_at, now, None, "")
    );
    let read = store.task(task.id).await.unwrap();
    assert_eq!((read.id, read.title.as_str()), (task.id, "Welcome Ann"));
    assert_eq!(store.tasks_of(ann).await.unwrap().len(), 1);
    assert!(store.tasks_of(bo).await.unwrap().is_empty());
    // A mail effect on a rule without a mailing is refused, and writes nothing: still due.
    let refused = store
        .act_on(
            &tasks,
            &events[1],
            &Effect::Mail(NewRecipient {
                person: bo,
                address: "bo@example.org".into(),
                language: "nl".into(),
                token: "fu-bo-nowhere".into(),
            }),
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::NotFound(_)), "{refused:?}");
    assert_eq!(due(&store, &tasks, now).await, events[1..]);
    assert_eq!(store.rule(tasks.id).await.unwrap().done, 1);

    // Nothing: marked done, nothing made.
    assert!(
        store
            .act_on(&tasks, &events[1], &Effect::Nothing, now)
            .await
            .unwrap()
    );
    assert!(due(&store, &tasks, at(30 * DAY)).await.is_empty());
    assert_eq!(store.rule(tasks.id).await.unwrap().done, 2);
    assert!(store.tasks_of(bo).await.unwrap().is_empty());
    assert!(store.mails_of(bo).await.unwrap().is_empty());
    assert_eq!(open_below(&store, t.nation, 10).await.len(), 1);

    // A message: queued in the rule's mailing, handed out though the mailing is automatic,
    // and the mailing stays open for the next ones.
    let mailing = draft(&store, t.gent, by, "Welcome").await;
    let mail = make_rule(
        &store,
        &new_rule(
            t.gent,
            "Welcome mail",
            "stage:sympathiser",
            0,
            "mail",
            Some(mailing),
        ),
        by,
        r,
    )
    .await;
    assert!(
        store
            .claim_messages(10, HOLD, now)
            .await
            .unwrap()
            .is_empty()
    );
    let events = due(&store, &mail, now).await;
    assert_eq!(
        who_when(&events, "stage-change"),
        [(ann, moved), (bo, moved)]
    );
    let to_ann = NewRecipient {
        person: ann,
        address: "ann@example.org".into(),
        language: "nl".into(),
        token: "fu-ann".into(),
    };
    assert!(
        store
            .act_on(&mail, &events[0], &Effect::Mail(to_ann), now)
            .await
            .unwrap()
    );
    assert_eq!(
        store.mailing_tally(mailing).await.unwrap(),
        MailingTally {
            recipients: 1,
            queued: 1,
            ..MailingTally::default()
        }
    );
    assert_eq!(open_below(&store, t.nation, 10).await.len(), 1, "no task");
    let mails = store.mails_of(ann).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(
        (
            mails[0].mailing,
            mails[0].name.as_str(),
            mails[0].state.as_str()
        ),
        (mailing, "Welcome", "queued")
    );
    let batch = store.claim_messages(10, HOLD, now).await.unwrap();
    assert_eq!(batch.len(), 1);
    let o = &batch[0];
    assert_eq!((o.mailing, o.person), (mailing, ann));
    assert_eq!(
        (o.address.as_str(), o.language.as_str(), o.token.as_str()),
        ("ann@example.org", "nl", "fu-ann"),
        "the sealed address opens again"
    );
    assert_eq!(o.attempts, 0);
    assert_eq!(
        store.messages_sent(&[(o.id, o.claim)], now).await.unwrap(),
        1
    );
    assert_eq!(store.finish_mailings(at(400)).await.unwrap(), 0);
    let m = store.mailing(mailing).await.unwrap();
    assert_eq!((m.state, m.finished_at), (MailingState::Automatic, None));
    assert_eq!(
        m.tally,
        MailingTally {
            recipients: 1,
            sent: 1,
            ..MailingTally::default()
        }
    );
    // Bo's, later: handed out too.
    assert!(
        store
            .act_on(
                &mail,
                &events[1],
                &Effect::Mail(NewRecipient {
                    person: bo,
                    address: "bo@example.org".into(),
                    language: "nl".into(),
                    token: "fu-bo".into(),
                }),
                at(500),
            )
            .await
            .unwrap()
    );
    let batch = store.claim_messages(10, HOLD, at(500)).await.unwrap();
    assert_eq!(
        batch
            .iter()
            .map(|o| (o.person, o.address.as_str()))
            .collect::<Vec<_>>(),
        [(bo, "bo@example.org")]
    );
    assert!(due(&store, &mail, at(500)).await.is_empty());
    assert_eq!(store.rule(mail.id).await.unwrap().done, 2);
    // Stopped: what is still queued is not handed out any more.
    store
        .stop_rule(mail.id, at(600), event(AuditAction::FollowUpRule))
        .await
        .unwrap();
    assert!(
        store
            .claim_messages(10, HOLD, at(600 + 2 * HOLD))
            .await
            .unwrap()
            .is_empty()
    );
}

// 5. Tasks.

async fn tasks_are_listed_by_branch_and_done_with_a_note(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let rule = make_rule(
        &store,
        &new_rule(t.nation, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        NOW,
    )
    .await;
    let zuid = zuid(&store, &t).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, zuid, person("Bo"), None).await;
    let far = add(&store, t.haven, person("Far"), None).await;
    let cas = add(&store, t.noord, person("Cas"), None).await;
    // Made in this order; due Bo first, then Far, Cas, Ann.
    let moved = at(100);
    let made = tasks_for(
        &store,
        &rule,
        &[(bo, "Bo"), (far, "Far"), (cas, "Cas"), (ann, "Ann")],
        moved,
    )
    .await;
    let [bo_task, far_task, _cas_task, ann_task] = [&made[0], &made[1], &made[2], &made[3]];
    assert_eq!(
        (bo_task.unit, far_task.unit, ann_task.unit),
        (zuid, t.haven, t.noord)
    );

    // By branch, the most overdue first.
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Bo", "Call Far", "Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.gent, 10).await),
        ["Call Bo", "Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.noord, 10).await),
        ["Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.antwerpen, 10).await),
        ["Call Far"]
    );
    assert_eq!(
        titles(&open_below(&store, t.nation, 2).await),
        ["Call Bo", "Call Far"]
    );
    // A task made later but due before the others comes first.
    let urgent = add(&store, t.noord, person("Urgent"), None).await;
    move_to(&store, urgent, Stage::Sympathiser, at(150)).await;
    let e = due(&store, &rule, at(160)).await;
    assert_eq!(who_when(&e, "stage-change"), [(urgent, at(150))]);
    assert!(
        store
            .act_on(
                &rule,
                &e[0],
                &Effect::Task {
                    title: "Call Urgent".into(),
                    due_at: at(-DAY),
                },
                at(160),
            )
            .await
            .unwrap()
    );
    assert_eq!(
        titles(&open_below(&store, t.noord, 10).await),
        ["Call Urgent", "Call Cas", "Call Ann"]
    );

    // Done with a note, once.
    let done = at(2 * DAY);
    let note = "called, coming on Thursday";
    assert!(
        store
            .task_done(bo_task.id, by, note, done, event(AuditAction::TaskDone))
            .await
            .unwrap()
    );
    assert!(
        !store
            .task_done(
                bo_task.id,
                by,
                "again",
                at(3 * DAY),
                event(AuditAction::TaskDone)
            )
            .await
            .unwrap()
    );
    let read = store.task(bo_task.id).await.unwrap();
    assert_eq!(
        (read.done_at, read.note.as_str(), read.title.as_str()),
        (Some(done), note, "Call Bo")
    );
    assert_eq!(
        titles(&open_below(&store, t.gent, 10).await),
        ["Call Urgent", "Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Urgent", "Call Far", "Call Cas", "Call Ann"]
    );
    let of_bo = store.tasks_of(bo).await.unwrap();
    assert_eq!(of_bo.len(), 1);
    assert_eq!(
        (of_bo[0].id, of_bo[0].done_at, of_bo[0].note.as_str()),
        (bo_task.id, Some(done), note)
    );
    let done_lines = store
        .audit_events(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::TaskDone)
        .count();
    assert_eq!(done_lines, 1, "the second call wrote nothing");
    // Done without a note.
    assert!(
        store
            .task_done(far_task.id, by, "", done, event(AuditAction::TaskDone))
            .await
            .unwrap()
    );
    // Unknown.
    assert!(
        !store
            .task_done(
                enquete_store::TaskId(999_999),
                by,
                "",
                done,
                event(AuditAction::TaskDone)
            )
            .await
            .unwrap()
    );
    assert!(matches!(
        store.task(enquete_store::TaskId(999_999)).await,
        Err(StoreError::NotFound(_))
    ));

    // In the data export: done with the note, done, open.
    let exported = |who: PersonId| {
        let store = store.clone();
        async move {
            store
                .person_dossier(who)
                .await
                .unwrap()
                .participation
                .into_iter()
                .filter(|p| p.what == "task")
                .map(|p| (p.title, p.detail, p.at))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        exported(bo).await,
        [(
            "Call Bo".to_owned(),
            format!("done: {note}"),
            bo_task.created_at
        )]
    );
    assert_eq!(
        exported(far).await,
        [(
            "Call Far".to_owned(),
            "done".to_owned(),
            far_task.created_at
        )]
    );
    assert_eq!(
        exported(ann).await,
        [(
            "Call Ann".to_owned(),
            "open".to_owned(),
            ann_task.created_at
        )]
    );
}

async fn tasks_go_with_an_erased_person_and_move_with_a_merged_one(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let rule = make_rule(
        &store,
        &new_rule(t.nation, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        NOW,
    )
    .await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let keep = add(&store, t.noord, person("Keep"), None).await;
    let twin = add(&store, t.noord, person("Twin"), None).await;
    let made = tasks_for(
        &store,
        &rule,
        &[(ann, "Ann"), (bo, "Bo"), (keep, "Keep"), (twin, "Twin")],
        at(100),
    )
    .await;
    assert!(
        store
            .task_done(made[0].id, by, "met", at(200), event(AuditAction::TaskDone))
            .await
            .unwrap()
    );
    assert_eq!(store.rule(rule.id).await.unwrap().done, 4);

    // Erased: her tasks and what the rule did for her go with her.
    store
        .erase_person(ann, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert!(store.tasks_of(ann).await.unwrap().is_empty());
    assert!(matches!(
        store.task(made[0].id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.rule(rule.id).await.unwrap().done, 3);
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Bo", "Call Keep", "Call Twin"]
    );
    // One with an open task too.
    store
        .erase_person(bo, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert_eq!(store.rule(rule.id).await.unwrap().done, 2);
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Keep", "Call Twin"]
    );

    // Merged: both tasks on the record kept.
    store
        .merge_people(keep, twin, None, at(300), None)
        .await
        .unwrap();
    let mut kept: Vec<(String, PersonId)> = store
        .tasks_of(keep)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.title, t.person))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            ("Call Keep".to_owned(), keep),
            ("Call Twin".to_owned(), keep)
        ]
    );
    assert!(store.tasks_of(twin).await.unwrap().is_empty());
    assert_eq!(
        open_below(&store, t.noord, 10)
            .await
            .iter()
            .map(|t| (t.title.as_str(), t.person))
            .collect::<Vec<_>>(),
        [("Call Keep", keep), ("Call Twin", keep)]
    );
    // What the rule did for the twin counts for the record kept.
    assert_eq!(store.rule(rule.id).await.unwrap().done, 2);
    // And the kept record can be erased with both.
    store
        .erase_person(keep, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert!(open_below(&store, t.nation, 10).await.is_empty());
    assert_eq!(store.rule(rule.id).await.unwrap().done, 0);
}

/// Two records of one sympathiser, each already welcomed: merging them moves nobody up the
/// ladder, so the rule has nothing new to act on.
async fn merging_two_records_is_not_an_event_for_a_stage_rule(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let rule = make_rule(
        &store,
        &new_rule(t.nation, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        NOW,
    )
    .await;
    let keep = add(&store, t.noord, person("Keep"), None).await;
    let twin = add(&store, t.noord, person("Twin"), None).await;
    tasks_for(&store, &rule, &[(keep, "Keep"), (twin, "Twin")], at(100)).await;
    assert!(due(&store, &rule, at(200)).await.is_empty());
    store
        .merge_people(keep, twin, None, at(300), None)
        .await
        .unwrap();
    assert_eq!(
        store.person(keep).await.unwrap().person.stage,
        Stage::Sympathiser
    );
    let after = due(&store, &rule, at(400)).await;
    assert!(
        after.is_empty(),
        "the merge is listed as a new change to sympathiser: {after:?}"
    );
}

//! Rules and the events they are due to act on: rules kept per unit and stopped with their
//! mailing, stage changes in a rule's branch after its delay, and no-shows.

use super::{
    DAY, at, draft, due, event, make_rule, move_to, new_rule, path_of, rule_ids, who_when, zuid,
};
use crate::support::{add, admin, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, RsvpStatus};
use enquete_domain::org::UnitId;
use enquete_domain::people::{PersonId, Stage};
use enquete_store::{
    ActionRecord, Backend, DueEvent, Effect, MailingId, MailingState, MailingTally, NewRule,
    RuleId, Store, StoreError, testing::TestDb,
};
use std::future::Future;

conformance!(
    rules_are_kept_per_unit_and_stopped_with_their_mailing,
    a_rule_that_sends_mail_takes_over_a_draft_only,
    a_stage_rule_is_due_for_changes_to_its_stage_in_its_branch_after_the_delay,
);

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

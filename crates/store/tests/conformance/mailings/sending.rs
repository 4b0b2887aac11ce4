//! Sending: saved segments, a mailing's life from draft to sent, failed messages tried again,
//! cancelling, and messages claimed by one sender at a time and taken over when a sender dies.

use super::{HOLD, content, event, path_of, recipients, started, token, with_addresses};
use crate::support::{NOW, add, admin, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::{ConsentPurpose, PersonId};
use enquete_store::{
    MailingContent, MailingState, MailingTally, NewRecipient, Outgoing, Store, StoreError,
};
use std::collections::HashSet;

conformance!(
    segments_are_listed_below_a_unit_and_kept_while_a_mailing_uses_them,
    a_mailing_goes_from_draft_to_sent_once_to_each_recipient,
    a_failed_message_is_tried_again_after_its_wait_or_given_up,
    a_cancelled_mailing_is_not_started_and_sends_no_more,
    a_claim_hands_out_no_more_than_its_limit,
    an_expired_claim_is_taken_over_and_its_holder_marks_nothing,
);

async fn segments_are_listed_below_a_unit_and_kept_while_a_mailing_uses_them(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let noord = store
        .create_segment(t.noord, "Noord members", r#"{"stage":"member"}"#, by, NOW)
        .await
        .unwrap();
    let gent = store
        .create_segment(t.gent, "All of Gent", "{}", by, Timestamp(NOW.0 + 1))
        .await
        .unwrap();
    let haven = store
        .create_segment(t.haven, "Dockers", r#"{"tag":"docker"}"#, by, NOW)
        .await
        .unwrap();
    assert_ne!(noord, gent);

    let s = store.segment(noord).await.unwrap();
    assert_eq!(s.id, noord);
    assert_eq!(s.unit, t.noord);
    assert_eq!(s.unit_path, path_of(&store, t.noord).await);
    assert_eq!(s.name, "Noord members");
    assert_eq!(s.filter, r#"{"stage":"member"}"#);
    assert_eq!((s.created_by, s.created_at), (by, NOW));

    let names = |list: Vec<enquete_store::SegmentRecord>| -> Vec<String> {
        list.into_iter().map(|s| s.name).collect()
    };
    // Gent and its neighbourhood, by name; Antwerpen's harbour is another branch.
    assert_eq!(
        names(
            store
                .segments_below(&path_of(&store, t.gent).await)
                .await
                .unwrap()
        ),
        ["All of Gent", "Noord members"]
    );
    assert_eq!(
        names(
            store
                .segments_below(&path_of(&store, t.noord).await)
                .await
                .unwrap()
        ),
        ["Noord members"]
    );
    assert_eq!(
        names(
            store
                .segments_below(&path_of(&store, t.antwerpen).await)
                .await
                .unwrap()
        ),
        ["Dockers"]
    );
    assert_eq!(
        names(
            store
                .segments_below(&path_of(&store, t.nation).await)
                .await
                .unwrap()
        ),
        ["All of Gent", "Dockers", "Noord members"]
    );

    // A mailing uses the Gent segment: it stays.
    let mailing = store
        .create_mailing(
            &content(t.gent, gent, "Rent strike", ConsentPurpose::Contact),
            by,
            NOW,
        )
        .await
        .unwrap();
    assert!(!store.delete_segment(gent).await.unwrap());
    assert_eq!(store.segment(gent).await.unwrap().name, "All of Gent");
    // The others go.
    assert!(store.delete_segment(noord).await.unwrap());
    assert!(store.delete_segment(haven).await.unwrap());
    assert!(matches!(
        store.segment(noord).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.delete_segment(noord).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        names(
            store
                .segments_below(&path_of(&store, t.nation).await)
                .await
                .unwrap()
        ),
        ["All of Gent"]
    );
    // The mailing is listed in its branch only.
    let below = |unit| {
        let store = store.clone();
        async move {
            store
                .mailings_below(&path_of(&store, unit).await)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(below(t.region).await, [mailing]);
    assert_eq!(below(t.gent).await, [mailing]);
    assert!(below(t.antwerpen).await.is_empty());
    assert!(below(t.noord).await.is_empty());
}

async fn a_mailing_goes_from_draft_to_sent_once_to_each_recipient(store: Store) {
    const N: usize = 6;
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(
        &store,
        t.noord,
        &["Ann", "Bo", "Cas", "Dirk", "Els", "Fien"],
    )
    .await;
    assert_eq!(people.len(), N);
    let segment = store
        .create_segment(t.gent, "Everyone", "{}", by, NOW)
        .await
        .unwrap();
    let other = store
        .create_segment(t.noord, "Noord", "{}", by, NOW)
        .await
        .unwrap();

    // A draft, changed while it is one.
    let id = store
        .create_mailing(
            &content(t.gent, segment, "First draft", ConsentPurpose::Contact),
            by,
            NOW,
        )
        .await
        .unwrap();
    let m = store.mailing(id).await.unwrap();
    assert_eq!(m.state, MailingState::Draft);
    assert_eq!(
        (m.unit, m.segment, m.name.as_str()),
        (t.gent, segment, "First draft")
    );
    assert_eq!((m.created_by, m.created_at), (by, NOW));
    assert_eq!(
        (m.scheduled_at, m.started_at, m.finished_at),
        (None, None, None)
    );
    assert_eq!(m.tally, MailingTally::default());
    let changed = MailingContent {
        channel: "email",
        templates: r#"{"nl":{"subject":"Staking","body":"Kom"},"fr":{"subject":"Grève","body":"Venez"}}"#,
        fallback: "fr",
        ..content(t.noord, other, "Rent strike", ConsentPurpose::Newsletter)
    };
    assert!(store.update_mailing(id, &changed).await.unwrap());
    let m = store.mailing(id).await.unwrap();
    assert_eq!(
        (m.unit, m.segment, m.name.as_str(), m.purpose),
        (t.noord, other, "Rent strike", ConsentPurpose::Newsletter)
    );
    assert_eq!(m.unit_path, path_of(&store, t.noord).await);
    assert_eq!(
        (m.templates.as_str(), m.fallback.as_str()),
        (changed.templates, "fr")
    );
    assert_eq!(m.state, MailingState::Draft);
    // A draft is never due, nor can it be started.
    assert!(
        store
            .due_mailings(Timestamp(NOW.0 + 99_999))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .start_mailing(id, &recipients(id, &people), NOW)
            .await
            .unwrap()
    );
    assert_eq!(store.mailing_tally(id).await.unwrap().recipients, 0);

    // Scheduled in an hour: due once the hour has come.
    let at = Timestamp(NOW.0 + 3600);
    assert!(
        store
            .schedule_mailing(id, at, event(AuditAction::MailingScheduled, None))
            .await
            .unwrap()
    );
    let m = store.mailing(id).await.unwrap();
    assert_eq!(
        (m.state, m.scheduled_at),
        (MailingState::Scheduled, Some(at))
    );
    assert!(
        store
            .due_mailings(Timestamp(at.0 - 1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.due_mailings(at).await.unwrap(), [id]);
    assert_eq!(
        store.due_mailings(Timestamp(at.0 + 60)).await.unwrap(),
        [id]
    );
    // Nothing to claim before it starts.
    assert!(
        store
            .claim_messages(100, HOLD, at)
            .await
            .unwrap()
            .is_empty()
    );

    // Started once: the second start (another server) writes nothing.
    assert!(
        store
            .start_mailing(id, &recipients(id, &people), at)
            .await
            .unwrap()
    );
    let mut more = recipients(id, &people[..1]);
    more[0].token = "another-token".into();
    let extra = add(&store, t.noord, person("Late"), None).await;
    more.push(NewRecipient {
        person: extra,
        address: "late@example.org".into(),
        language: "nl".into(),
        token: "late-token".into(),
    });
    assert!(!store.start_mailing(id, &more, at).await.unwrap());
    let m = store.mailing(id).await.unwrap();
    assert_eq!((m.state, m.started_at), (MailingState::Sending, Some(at)));
    assert_eq!(
        m.tally,
        MailingTally {
            recipients: N as u64,
            queued: N as u64,
            ..MailingTally::default()
        }
    );
    assert!(store.link_owner("late-token").await.unwrap().is_none());
    assert!(store.due_mailings(at).await.unwrap().is_empty());
    // No longer a draft nor to be scheduled.
    assert!(
        !store
            .update_mailing(
                id,
                &content(t.gent, segment, "Changed late", ConsentPurpose::Contact)
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .schedule_mailing(id, at, event(AuditAction::MailingScheduled, None))
            .await
            .unwrap()
    );
    assert_eq!(store.mailing(id).await.unwrap().name, "Rent strike");

    // Two senders claim at the same moment: never the same message, all of them together.
    let now = Timestamp(at.0 + 1);
    let limit = u32::try_from(N).unwrap();
    let (a, b) = tokio::join!(
        store.claim_messages(limit, HOLD, now),
        store.claim_messages(limit, HOLD, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let ids_a: HashSet<i64> = a.iter().map(|o| o.id).collect();
    let ids_b: HashSet<i64> = b.iter().map(|o| o.id).collect();
    assert_eq!((ids_a.len(), ids_b.len()), (a.len(), b.len()));
    assert!(ids_a.is_disjoint(&ids_b), "{ids_a:?} and {ids_b:?}");
    assert_eq!(a.len() + b.len(), N);
    let all: Vec<Outgoing> = a.iter().chain(&b).cloned().collect();
    let claimed_people: HashSet<PersonId> = all.iter().map(|o| o.person).collect();
    assert_eq!(
        claimed_people,
        people.iter().map(|(p, _)| *p).collect::<HashSet<_>>()
    );
    for o in &all {
        let (_, address) = people.iter().find(|(p, _)| *p == o.person).unwrap();
        assert_eq!(o.mailing, id);
        assert_eq!(&o.address, address, "the sealed address opens again");
        assert_eq!(o.language, "nl");
        assert_eq!(o.token, token(id, o.person));
        assert_eq!(o.attempts, 0);
    }
    for batch in [&a, &b] {
        if let Some(first) = batch.first() {
            assert!(
                batch.iter().all(|o| o.claim == first.claim),
                "one claim per batch"
            );
        }
    }
    if let (Some(x), Some(y)) = (a.first(), b.first()) {
        assert_ne!(x.claim, y.claim);
    }
    // All held: a third sender gets nothing.
    assert!(
        store
            .claim_messages(100, HOLD, now)
            .await
            .unwrap()
            .is_empty()
    );

    // Marked sent by the holders only.
    let wrong: Vec<(i64, i64)> = all.iter().map(|o| (o.id, o.claim + 1)).collect();
    assert_eq!(store.messages_sent(&wrong, now).await.unwrap(), 0);
    assert_eq!(store.mailing_tally(id).await.unwrap().sent, 0);
    assert_eq!(store.finish_mailings(now).await.unwrap(), 0, "still queued");
    let right: Vec<(i64, i64)> = all.iter().map(|o| (o.id, o.claim)).collect();
    assert_eq!(store.messages_sent(&right, now).await.unwrap(), N as u64);
    // Sent once: not again, and never handed out again.
    assert_eq!(store.messages_sent(&right, now).await.unwrap(), 0);
    assert!(
        store
            .claim_messages(100, HOLD, Timestamp(now.0 + 10 * HOLD))
            .await
            .unwrap()
            .is_empty()
    );

    let done = Timestamp(now.0 + 5);
    assert_eq!(store.finish_mailings(done).await.unwrap(), 1);
    assert_eq!(store.finish_mailings(done).await.unwrap(), 0);
    let m = store.mailing(id).await.unwrap();
    assert_eq!((m.state, m.finished_at), (MailingState::Sent, Some(done)));
    assert_eq!(
        store.mailing_tally(id).await.unwrap(),
        MailingTally {
            recipients: N as u64,
            sent: N as u64,
            ..MailingTally::default()
        }
    );
    let mails = store.mails_of(people[0].0).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(
        (
            mails[0].mailing,
            mails[0].name.as_str(),
            mails[0].state.as_str()
        ),
        (id, "Rent strike", "sent")
    );
    assert_eq!(
        (
            mails[0].sent_at,
            mails[0].bounced_at,
            mails[0].unsubscribed_at
        ),
        (Some(now), None, None)
    );
    // Sent: no cancelling, no rescheduling.
    assert!(
        !store
            .cancel_mailing(id, done, event(AuditAction::MailingCancelled, None))
            .await
            .unwrap()
    );
    assert!(
        !store
            .schedule_mailing(id, done, event(AuditAction::MailingScheduled, None))
            .await
            .unwrap()
    );
}

async fn a_failed_message_is_tried_again_after_its_wait_or_given_up(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo", "Cas"]).await;
    let id = started(
        &store,
        t.gent,
        by,
        "Meeting",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    let now = Timestamp(NOW.0 + 10);
    let batch = store.claim_messages(10, HOLD, now).await.unwrap();
    assert_eq!(batch.len(), 3);
    let of = |p: PersonId| batch.iter().find(|o| o.person == p).unwrap().clone();
    let (ann, bo, cas) = (of(people[0].0), of(people[1].0), of(people[2].0));

    // Ann: the last attempt failed: given up.
    store
        .message_failed(
            ann.id,
            ann.claim,
            "550 no such user",
            1,
            Timestamp(now.0 + 60),
        )
        .await
        .unwrap();
    // Bo: to be tried again in ten minutes.
    let retry = Timestamp(now.0 + 600);
    store
        .message_failed(bo.id, bo.claim, "421 try later", 3, retry)
        .await
        .unwrap();
    // A sender whose claim does not hold the message records nothing.
    store
        .message_failed(cas.id, cas.claim + 1, "timeout", 1, retry)
        .await
        .unwrap();
    assert_eq!(
        store
            .messages_sent(&[(cas.id, cas.claim)], now)
            .await
            .unwrap(),
        1
    );

    assert_eq!(
        store.mailing_tally(id).await.unwrap(),
        MailingTally {
            recipients: 3,
            queued: 1,
            sent: 1,
            failed: 1,
            ..MailingTally::default()
        }
    );
    assert_eq!(
        store.mails_of(people[0].0).await.unwrap()[0].state,
        "failed"
    );
    assert_eq!(
        store.mails_of(people[1].0).await.unwrap()[0].state,
        "queued"
    );
    assert_eq!(store.finish_mailings(now).await.unwrap(), 0, "Bo waits");

    // Not before its time; then again, with the attempt counted and the address kept.
    assert!(
        store
            .claim_messages(10, HOLD, Timestamp(retry.0 - 1))
            .await
            .unwrap()
            .is_empty()
    );
    let again = store.claim_messages(10, HOLD, retry).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].id, again[0].person, again[0].attempts),
        (bo.id, people[1].0, 1)
    );
    assert_eq!(again[0].address, people[1].1);
    // The earlier claim no longer holds it.
    assert_eq!(
        store
            .messages_sent(&[(bo.id, bo.claim)], retry)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .messages_sent(&[(again[0].id, again[0].claim)], retry)
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.finish_mailings(retry).await.unwrap(), 1);
    let m = store.mailing(id).await.unwrap();
    assert_eq!(m.state, MailingState::Sent);
    assert_eq!(
        m.tally,
        MailingTally {
            recipients: 3,
            sent: 2,
            failed: 1,
            ..MailingTally::default()
        }
    );
}

async fn a_cancelled_mailing_is_not_started_and_sends_no_more(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo"]).await;
    // Cancelled while scheduled: never due, never started.
    let segment = store
        .create_segment(t.gent, "Everyone", "{}", by, NOW)
        .await
        .unwrap();
    let waiting = store
        .create_mailing(
            &content(t.gent, segment, "Later", ConsentPurpose::Contact),
            by,
            NOW,
        )
        .await
        .unwrap();
    assert!(
        store
            .schedule_mailing(waiting, NOW, event(AuditAction::MailingScheduled, None))
            .await
            .unwrap()
    );
    let stop = Timestamp(NOW.0 + 1);
    assert!(
        store
            .cancel_mailing(waiting, stop, event(AuditAction::MailingCancelled, None))
            .await
            .unwrap()
    );
    let m = store.mailing(waiting).await.unwrap();
    assert_eq!(
        (m.state, m.finished_at),
        (MailingState::Cancelled, Some(stop))
    );
    assert!(store.due_mailings(stop).await.unwrap().is_empty());
    assert!(
        !store
            .start_mailing(waiting, &recipients(waiting, &people), stop)
            .await
            .unwrap()
    );
    assert_eq!(store.mailing_tally(waiting).await.unwrap().recipients, 0);
    assert!(
        !store
            .cancel_mailing(waiting, stop, event(AuditAction::MailingCancelled, None))
            .await
            .unwrap()
    );
    // Cancelled while sending: what was sent stays sent, the rest is not handed out, not even
    // once its claim has run out.
    let sending = started(&store, t.gent, by, "Now", ConsentPurpose::Contact, &people).await;
    let both = store.claim_messages(10, HOLD, stop).await.unwrap();
    assert_eq!(both.len(), 2);
    assert_eq!(
        store
            .messages_sent(&[(both[0].id, both[0].claim)], stop)
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .cancel_mailing(sending, stop, event(AuditAction::MailingCancelled, None))
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_messages(10, HOLD, Timestamp(stop.0 + HOLD + 1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.finish_mailings(Timestamp(stop.0 + 1)).await.unwrap(),
        0
    );
    let m = store.mailing(sending).await.unwrap();
    assert_eq!(m.state, MailingState::Cancelled);
    assert_eq!(
        (m.tally.recipients, m.tally.sent, m.tally.queued),
        (2, 1, 1)
    );
}

async fn a_claim_hands_out_no_more_than_its_limit(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo", "Cas", "Dirk", "Els"]).await;
    started(
        &store,
        t.gent,
        by,
        "Batches",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    // Batches of two, in order, each message in one batch only.
    let mut seen: Vec<i64> = Vec::new();
    for expected in [2, 2, 1, 0] {
        let batch = store.claim_messages(2, HOLD, NOW).await.unwrap();
        assert_eq!(
            batch.len(),
            expected,
            "a claim of 2 handed out {:?} after {seen:?}",
            batch.iter().map(|o| o.id).collect::<Vec<_>>()
        );
        seen.extend(batch.iter().map(|o| o.id));
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted, seen, "in order, never twice");
    assert_eq!(seen.len(), 5);
}

async fn an_expired_claim_is_taken_over_and_its_holder_marks_nothing(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo"]).await;
    let id = started(
        &store,
        t.gent,
        by,
        "Takeover",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    let first = store.claim_messages(10, HOLD, NOW).await.unwrap();
    assert_eq!(first.len(), 2);
    // Still held just before the deadline.
    assert!(
        store
            .claim_messages(10, HOLD, Timestamp(NOW.0 + HOLD - 1))
            .await
            .unwrap()
            .is_empty()
    );
    // The first sender died: a later one takes the messages over once the deadline passed.
    let later = Timestamp(NOW.0 + HOLD + 1);
    let second = store.claim_messages(10, HOLD, later).await.unwrap();
    assert_eq!(
        second.iter().map(|o| o.id).collect::<Vec<_>>(),
        first.iter().map(|o| o.id).collect::<Vec<_>>()
    );
    assert_ne!(second[0].claim, first[0].claim);
    assert_eq!(second[0].attempts, 0);
    // The first sender comes back: its marks count for nothing.
    let stale: Vec<(i64, i64)> = first.iter().map(|o| (o.id, o.claim)).collect();
    assert_eq!(store.messages_sent(&stale, later).await.unwrap(), 0);
    store
        .message_failed(first[0].id, first[0].claim, "late", 1, later)
        .await
        .unwrap();
    assert_eq!(
        store.mailing_tally(id).await.unwrap(),
        MailingTally {
            recipients: 2,
            queued: 2,
            ..MailingTally::default()
        }
    );
    let held: Vec<(i64, i64)> = second.iter().map(|o| (o.id, o.claim)).collect();
    assert_eq!(store.messages_sent(&held, later).await.unwrap(), 2);
    assert_eq!(store.finish_mailings(later).await.unwrap(), 1);
    assert_eq!(
        store.mailing_tally(id).await.unwrap(),
        MailingTally {
            recipients: 2,
            sent: 2,
            ..MailingTally::default()
        }
    );
}

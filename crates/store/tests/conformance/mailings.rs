//! Mailings and audiences: saved segments, a mailing's life from draft to sent, messages handed
//! to one sender at a time and taken over when a sender dies, unsubscribing and bounces, what
//! erasure and merging do with the messages, and the sets of people an audience can ask for.

use crate::support::{
    NOW, action_draft, add, admin, conformance, consenting, demo_survey, person, response, tree,
};
use enquete_domain::Timestamp;
use enquete_domain::account::{Role, UserId};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{PetitionDraft, SignatureInput};
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, Language, NewConsent, PersonId, PersonInput,
};
use enquete_domain::survey::AnswerValue;
use enquete_store::{
    AuditEvent, MailingContent, MailingId, MailingState, MailingTally, NewCallAssignment,
    NewRecipient, Outgoing, RsvpFilter, SegmentId, Store, StoreError,
};
use std::collections::HashSet;

conformance!(
    segments_are_listed_below_a_unit_and_kept_while_a_mailing_uses_them,
    a_mailing_goes_from_draft_to_sent_once_to_each_recipient,
    a_failed_message_is_tried_again_after_its_wait_or_given_up,
    a_cancelled_mailing_is_not_started_and_sends_no_more,
    a_claim_hands_out_no_more_than_its_limit,
    an_expired_claim_is_taken_over_and_its_holder_marks_nothing,
    unsubscribing_withdraws_the_consent_once,
    bounces_mark_the_message_and_the_address_until_it_changes,
    erasure_and_merging_take_the_messages_along,
    audiences_find_people_by_rsvp_signature_answers_and_activity,
);

/// How long a claim holds in these tests.
const HOLD: i64 = 600;

fn event(action: AuditAction, person: Option<PersonId>) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person,
        detail: String::new(),
        ip: "127.0.0.1".into(),
    }
}

fn content(
    unit: UnitId,
    segment: SegmentId,
    name: &'static str,
    purpose: ConsentPurpose,
) -> MailingContent<'static> {
    MailingContent {
        channel: "email",
        unit,
        segment,
        name,
        purpose,
        templates: r#"{"nl":{"subject":"Huurstaking","body":"Kom naar de vergadering"}}"#,
        fallback: "nl",
    }
}

async fn path_of(store: &Store, unit: UnitId) -> UnitPath {
    store.unit(unit).await.unwrap().path
}

/// People of a unit with an address each.
async fn with_addresses(store: &Store, unit: UnitId, names: &[&str]) -> Vec<(PersonId, String)> {
    let mut out = Vec::new();
    for name in names {
        let email = format!("{}@example.org", name.to_lowercase());
        let id = add(
            store,
            unit,
            PersonInput {
                email: email.clone(),
                ..person(name)
            },
            None,
        )
        .await;
        out.push((id, email));
    }
    out
}

fn token(mailing: MailingId, person: PersonId) -> String {
    format!("tok-{}-{}", mailing.0, person.0)
}

fn recipients(mailing: MailingId, people: &[(PersonId, String)]) -> Vec<NewRecipient> {
    people
        .iter()
        .map(|(p, address)| NewRecipient {
            person: *p,
            address: address.clone(),
            language: "nl".into(),
            token: token(mailing, *p),
        })
        .collect()
}

/// A mailing of `unit` scheduled for `NOW` and started at `NOW` with these people.
async fn started(
    store: &Store,
    unit: UnitId,
    by: UserId,
    name: &'static str,
    purpose: ConsentPurpose,
    people: &[(PersonId, String)],
) -> MailingId {
    let segment = store
        .create_segment(unit, name, "{}", by, NOW)
        .await
        .unwrap();
    let id = store
        .create_mailing(&content(unit, segment, name, purpose), by, NOW)
        .await
        .unwrap();
    assert!(
        store
            .schedule_mailing(id, NOW, event(AuditAction::MailingScheduled, None))
            .await
            .unwrap()
    );
    assert!(
        store
            .start_mailing(id, &recipients(id, people), NOW)
            .await
            .unwrap()
    );
    id
}

/// Claims every waiting message at `at` and marks them sent; returns how many.
async fn send_all(store: &Store, at: Timestamp) -> u64 {
    let batch = store.claim_messages(1000, HOLD, at).await.unwrap();
    let marks: Vec<(i64, i64)> = batch.iter().map(|o| (o.id, o.claim)).collect();
    let n = store.messages_sent(&marks, at).await.unwrap();
    assert_eq!(n, batch.len() as u64);
    n
}

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

async fn unsubscribing_withdraws_the_consent_once(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo"]).await;
    let (ann, bo) = (people[0].0, people[1].0);
    for (who, purpose) in [
        (ann, ConsentPurpose::Newsletter),
        (ann, ConsentPurpose::Contact),
        (bo, ConsentPurpose::Newsletter),
    ] {
        let consent = NewConsent {
            purpose,
            granted: true,
            source: ConsentSource::parse("door").unwrap(),
        };
        store
            .record_consent(who, &consent, None, Timestamp(NOW.0 - 100), None)
            .await
            .unwrap();
    }
    assert_eq!(
        store
            .consenting(&[ann, bo], ConsentPurpose::Newsletter)
            .await
            .unwrap(),
        HashSet::from([ann, bo])
    );
    let id = started(
        &store,
        t.gent,
        by,
        "Newsletter 12",
        ConsentPurpose::Newsletter,
        &people,
    )
    .await;
    assert_eq!(send_all(&store, NOW).await, 2);

    let link = token(id, ann);
    let owner = store.link_owner(&link).await.unwrap().unwrap();
    assert_eq!(
        (
            owner.mailing,
            owner.mailing_name.as_str(),
            owner.person,
            owner.purpose,
            owner.unsubscribed
        ),
        (id, "Newsletter 12", ann, ConsentPurpose::Newsletter, false)
    );
    let before = store.consents(ann).await.unwrap().len();
    let source = ConsentSource::parse("unsubscribe link").unwrap();
    let at = Timestamp(NOW.0 + 50);
    let done = store
        .unsubscribe(
            &link,
            &source,
            at,
            event(AuditAction::Unsubscribed, Some(ann)),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (done.mailing, done.person, done.unsubscribed),
        (id, ann, true)
    );
    // Her newsletter consent is withdrawn; contact and Bo's newsletter stay.
    assert_eq!(
        store
            .consenting(&[ann, bo], ConsentPurpose::Newsletter)
            .await
            .unwrap(),
        HashSet::from([bo])
    );
    assert_eq!(
        store
            .consenting(&[ann], ConsentPurpose::Contact)
            .await
            .unwrap(),
        HashSet::from([ann])
    );
    let consents = store.consents(ann).await.unwrap();
    assert_eq!(consents.len(), before + 1);
    let last = consents.last().unwrap();
    assert_eq!(
        (
            last.purpose,
            last.granted,
            last.at,
            last.source.as_str(),
            last.recorded_by
        ),
        (
            ConsentPurpose::Newsletter,
            false,
            at,
            "unsubscribe link",
            None
        )
    );
    assert_eq!(store.mailing_tally(id).await.unwrap().unsubscribed, 1);
    assert!(store.link_owner(&link).await.unwrap().unwrap().unsubscribed);
    let mails = store.mails_of(ann).await.unwrap();
    assert_eq!(mails[0].unsubscribed_at, Some(at));

    // The link used again changes nothing.
    let again = store
        .unsubscribe(
            &link,
            &source,
            Timestamp(at.0 + 10),
            event(AuditAction::Unsubscribed, Some(ann)),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(again.unsubscribed);
    assert_eq!(store.consents(ann).await.unwrap().len(), before + 1);
    assert_eq!(store.mailing_tally(id).await.unwrap().unsubscribed, 1);
    assert_eq!(
        store.mails_of(ann).await.unwrap()[0].unsubscribed_at,
        Some(at)
    );
    let entries = store.audit_events(Some(ann), 100).await.unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == AuditAction::Unsubscribed)
            .count(),
        1
    );
    // An unknown link: nobody.
    assert!(store.link_owner("no-such-token").await.unwrap().is_none());
    assert!(
        store
            .unsubscribe(
                "no-such-token",
                &source,
                at,
                event(AuditAction::Unsubscribed, None)
            )
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.consents(bo).await.unwrap().len(), 1);
    // In her data export.
    let dossier = store.person_dossier(ann).await.unwrap();
    let mail: Vec<&str> = dossier
        .participation
        .iter()
        .filter(|p| p.what == "mail")
        .map(|p| p.detail.as_str())
        .collect();
    assert_eq!(mail, ["sent, unsubscribed"]);
}

async fn bounces_mark_the_message_and_the_address_until_it_changes(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo", "Cas"]).await;
    let (ann, bo, cas) = (people[0].0, people[1].0, people[2].0);
    let everyone = [ann, bo, cas];
    let id = started(
        &store,
        t.gent,
        by,
        "Bouncy",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    assert_eq!(send_all(&store, NOW).await, 3);
    assert!(store.bouncing(&everyone).await.unwrap().is_empty());

    // By the token found in the bounce.
    let at = Timestamp(NOW.0 + 100);
    assert_eq!(
        store
            .record_bounces(None, &[token(id, ann)], &[], at)
            .await
            .unwrap(),
        1
    );
    let tally = store.mailing_tally(id).await.unwrap();
    assert_eq!((tally.sent, tally.bounced), (3, 1), "a bounce was sent");
    assert_eq!(
        store.bouncing(&everyone).await.unwrap(),
        HashSet::from([ann])
    );
    let mails = store.mails_of(ann).await.unwrap();
    assert_eq!(
        (mails[0].state.as_str(), mails[0].bounced_at),
        ("bounced", Some(at))
    );
    // Reported twice: the message is marked once.
    assert_eq!(
        store
            .record_bounces(None, &[token(id, ann)], &[], at)
            .await
            .unwrap(),
        0
    );
    // An unknown token marks nothing.
    assert_eq!(
        store
            .record_bounces(None, &["nobody".into()], &[], at)
            .await
            .unwrap(),
        0
    );
    // By address, for the mailing (written as mail servers do).
    assert_eq!(
        store
            .record_bounces(Some(id), &[], &[" BO@Example.org ".into()], at)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.bouncing(&everyone).await.unwrap(),
        HashSet::from([ann, bo])
    );
    assert_eq!(store.mailing_tally(id).await.unwrap().bounced, 2);
    // An address nobody has marks nothing and nobody.
    assert_eq!(
        store
            .record_bounces(Some(id), &[], &["stranger@example.org".into()], at)
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.bouncing(&everyone).await.unwrap().len(), 2);
    assert_eq!(store.mailing_tally(id).await.unwrap().sent, 3);

    // Ann gives a new address: it has not bounced. Bo's saved with the same one still has.
    let details = |name: &str, email: &str, phone: &str| {
        PersonInput {
            email: email.into(),
            phone: phone.into(),
            ..person(name)
        }
        .parse()
        .unwrap()
    };
    store
        .update_person(ann, &details("Ann", "ann.new@example.org", ""), at, None)
        .await
        .unwrap();
    store
        .update_person(
            bo,
            &details("Bo", "bo@example.org", "0470 11 22 33"),
            at,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store.bouncing(&everyone).await.unwrap(),
        HashSet::from([bo])
    );
    // The message's own state is history: it stays bounced.
    assert_eq!(store.mails_of(ann).await.unwrap()[0].state, "bounced");
    assert_eq!(store.mailing_tally(id).await.unwrap().bounced, 2);
    assert!(store.bouncing(&[]).await.unwrap().is_empty());
}

async fn erasure_and_merging_take_the_messages_along(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo", "Keep", "Twin"]).await;
    let (ann, bo, keep, twin) = (people[0].0, people[1].0, people[2].0, people[3].0);
    let first = started(
        &store,
        t.gent,
        by,
        "Spring",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    let sent_at = Timestamp(NOW.0 + 5);
    assert_eq!(send_all(&store, sent_at).await, 4);
    // Only the twin got the second one.
    let second = started(
        &store,
        t.gent,
        by,
        "Summer",
        ConsentPurpose::Contact,
        &people[3..],
    )
    .await;

    // In Ann's data export, then gone with her.
    let dossier = store.person_dossier(ann).await.unwrap();
    let mail: Vec<(&str, &str, Timestamp)> = dossier
        .participation
        .iter()
        .filter(|p| p.what == "mail")
        .map(|p| (p.title.as_str(), p.detail.as_str(), p.at))
        .collect();
    assert_eq!(mail, [("Spring", "sent", sent_at)]);
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 4);
    store
        .erase_person(ann, event(AuditAction::PersonErased, None))
        .await
        .unwrap();
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 3);
    assert!(store.mails_of(ann).await.unwrap().is_empty());
    assert!(
        store
            .link_owner(&token(first, ann))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.mails_of(bo).await.unwrap().len(), 1);

    // Both records got the spring mailing: the kept one keeps its message, and gets the
    // twin's summer one.
    store
        .merge_people(keep, twin, None, NOW, None)
        .await
        .unwrap();
    let mails = store.mails_of(keep).await.unwrap();
    let mut names: Vec<&str> = mails.iter().map(|m| m.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Spring", "Summer"]);
    assert!(store.mails_of(twin).await.unwrap().is_empty());
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 2);
    assert_eq!(store.mailing_tally(second).await.unwrap().recipients, 1);
    assert_eq!(
        store
            .link_owner(&token(first, keep))
            .await
            .unwrap()
            .unwrap()
            .person,
        keep
    );
    assert!(
        store
            .link_owner(&token(first, twin))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .link_owner(&token(second, twin))
            .await
            .unwrap()
            .unwrap()
            .person,
        keep,
        "the twin's link now unsubscribes the kept record"
    );
    // The moved message is still sent to the kept record.
    let moved = store.claim_messages(10, HOLD, sent_at).await.unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0].mailing, moved[0].person), (second, keep));
    // And the kept record can be erased with both.
    store
        .erase_person(keep, event(AuditAction::PersonErased, None))
        .await
        .unwrap();
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 1);
    assert_eq!(store.mailing_tally(second).await.unwrap().recipients, 0);
}

async fn audiences_find_people_by_rsvp_signature_answers_and_activity(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let caller = admin(&store, t.noord, "caller@example.org", Role::Canvasser).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let cas = add(&store, t.noord, person("Cas"), None).await;
    let quiet = add(&store, t.noord, person("Quiet"), None).await;

    // Two places: Ann and Cas are coming, Bo waits; Ann came.
    let action = store
        .create_action(t.gent, None, &action_draft("2"), "aud-tok", None, NOW)
        .await
        .unwrap();
    let later = Timestamp(NOW.0 + 100);
    for p in [ann, cas, bo] {
        store
            .rsvp(action.id, p, false, "test", later)
            .await
            .unwrap();
    }
    store
        .check_in(action.id, ann, Some(by), later, None)
        .await
        .unwrap();
    let rsvp = |filter: RsvpFilter, now: Timestamp| {
        let store = store.clone();
        async move { store.rsvp_people(action.id, filter, now).await.unwrap() }
    };
    assert_eq!(
        rsvp(RsvpFilter::Coming, later).await,
        HashSet::from([ann, cas])
    );
    assert_eq!(rsvp(RsvpFilter::Waiting, later).await, HashSet::from([bo]));
    assert_eq!(
        rsvp(RsvpFilter::Attended, later).await,
        HashSet::from([ann])
    );
    // No-shows once it started (1 March 2026, before NOW), not before.
    assert!(action.starts_at.0 < NOW.0);
    assert_eq!(rsvp(RsvpFilter::NoShow, later).await, HashSet::from([cas]));
    assert!(
        rsvp(RsvpFilter::NoShow, Timestamp(action.starts_at.0 - 1))
            .await
            .is_empty()
    );
    let empty = store
        .create_action(t.gent, None, &action_draft(""), "aud-empty", None, NOW)
        .await
        .unwrap();
    assert!(
        store
            .rsvp_people(empty.id, RsvpFilter::Coming, later)
            .await
            .unwrap()
            .is_empty()
    );

    // Signers linked to a record: those who agreed to be contacted.
    let petition = store
        .create_petition(
            t.gent,
            None,
            &PetitionDraft::parse(&[("en", "Rents")], &[("en", "Freeze")], "the city", "100")
                .unwrap(),
            "aud-petition",
            None,
            NOW,
        )
        .await
        .unwrap();
    for (name, email, may_contact) in [
        ("Dina Claes", "dina@example.org", true),
        ("Emre Yilmaz", "emre@example.org", false),
    ] {
        let sig = SignatureInput::parse(name, email, "9000", may_contact).unwrap();
        store
            .sign(&petition, t.noord, &sig, Language::Nl, later)
            .await
            .unwrap();
    }
    let signatures = store
        .signatures(petition.id, &path_of(&store, t.nation).await, 10)
        .await
        .unwrap();
    assert_eq!(signatures.len(), 2);
    let dina = signatures.iter().find_map(|s| s.person).unwrap();
    assert_eq!(
        store.petition_signers(petition.id).await.unwrap(),
        HashSet::from([dina])
    );

    // Linked survey answers: only the response that left contact details.
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let mut linked = response("0190e000-0000-7000-8000-0000000000c1", &survey, t.noord);
    linked.contact = Some(consenting("Samira Benali", "samira@example.org"));
    let anonymous = response("0190e000-0000-7000-8000-0000000000c2", &survey, t.noord);
    store
        .ingest_responses(&[linked, anonymous], NOW)
        .await
        .unwrap();
    let answers = store.linked_answers(survey.id).await.unwrap();
    assert_eq!(answers.len(), 1);
    let (samira, given) = &answers[0];
    assert_eq!(
        given.0.get("top3"),
        Some(&AnswerValue::List(vec!["housing".into(), "wages".into()]))
    );
    assert_eq!(
        store.person(*samira).await.unwrap().person.name,
        "Samira Benali"
    );

    // Activity since a moment: record changed, RSVP, call; the quiet one did nothing.
    let edited = add(&store, t.noord, person("Edited"), None).await;
    let called = add(&store, t.noord, person("Called"), None).await;
    store
        .update_person(
            edited,
            &PersonInput {
                notes: "moved upstairs".into(),
                ..person("Edited")
            }
            .parse()
            .unwrap(),
            later,
            None,
        )
        .await
        .unwrap();
    let list = store
        .create_call_assignment(
            &NewCallAssignment {
                unit: t.gent,
                name: "Reminder",
                script: "",
                survey: None,
                cooldown_minutes: 60,
                max_attempts: 3,
                people: &[(called, 1)],
                by,
            },
            NOW,
        )
        .await
        .unwrap()
        .id;
    let claim = store
        .claim_next_call(list, caller, later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claim.person, called);
    assert!(
        store
            .record_call(
                list,
                called,
                caller,
                enquete_store::CallOutcome::Answered,
                None,
                "",
                later
            )
            .await
            .unwrap()
    );
    let all = [ann, bo, cas, quiet, edited, called];
    let since = Timestamp(NOW.0 + 50);
    assert_eq!(
        store.active_since(&all, since).await.unwrap(),
        HashSet::from([ann, bo, cas, edited, called])
    );
    assert_eq!(
        store.active_since(&[quiet, called], since).await.unwrap(),
        HashSet::from([called])
    );
    assert!(
        store
            .active_since(&all, Timestamp(later.0 + 1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.active_since(&all, NOW).await.unwrap().len(),
        all.len()
    );
    // A signer and a respondent are active from their signature and response.
    assert_eq!(
        store
            .active_since(&[dina, *samira], Timestamp(NOW.0 - 1))
            .await
            .unwrap(),
        HashSet::from([dina, *samira])
    );
    assert!(store.active_since(&[], NOW).await.unwrap().is_empty());
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

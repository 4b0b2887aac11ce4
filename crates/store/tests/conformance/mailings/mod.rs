//! Mailings and audiences: saved segments, a mailing's life from draft to sent, messages handed
//! to one sender at a time and taken over when a sender dies, unsubscribing and bounces, what
//! erasure and merging do with the messages, and the sets of people an audience can ask for.

mod people;
mod sending;

use crate::support::{NOW, add, person};
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::people::{ConsentPurpose, PersonId, PersonInput};
use enquete_store::{AuditEvent, MailingContent, MailingId, NewRecipient, SegmentId, Store};

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

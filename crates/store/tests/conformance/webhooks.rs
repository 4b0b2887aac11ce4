//! Webhooks: the events of a webhook's branch since it was made, each queued once, claimed by
//! one sender at a time, sent or tried again, the webhook paused after failures in a row, and a
//! person's queued deliveries erased with them.

use crate::support::{NOW, add, admin, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_store::{AuditEvent, Store};

conformance!(a_webhook_is_told_of_its_branch_once_and_paused_after_failures,);

fn event() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Webhook,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

async fn a_webhook_is_told_of_its_branch_once_and_paused_after_failures(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let _before = add(&store, t.noord, person("Before"), None).await;
    let made = Timestamp(NOW.0 + 100);
    let id = store
        .create_webhook(
            t.gent,
            "https://x.example/h",
            "s3cret",
            &["person.added"],
            by,
            made,
            event(),
        )
        .await
        .unwrap();
    let hook = store.webhook(id).await.unwrap();
    assert_eq!(
        (hook.secret.as_str(), hook.events.clone()),
        ("s3cret", vec!["person.added".to_owned()])
    );
    // Two people after it: one in its branch, one elsewhere.
    let later = Timestamp(NOW.0 + 200);
    let inside = store
        .create_person(
            t.noord,
            &person("Inside").parse().unwrap(),
            &[],
            None,
            later,
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    store
        .create_person(
            t.haven,
            &person("Outside").parse().unwrap(),
            &[],
            None,
            later,
            None,
        )
        .await
        .unwrap();
    let events = store.hook_events(&hook, Timestamp(0)).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].person, Some(inside));
    let items: Vec<_> = events
        .iter()
        .map(|e| (e.key.clone(), e.kind.to_owned(), e.person, "{}".to_owned()))
        .collect();
    assert_eq!(store.queue_deliveries(id, &items, later).await.unwrap(), 1);
    assert_eq!(
        store.queue_deliveries(id, &items, later).await.unwrap(),
        0,
        "queued once"
    );
    // Once queued, the event is not found again (its payload is not made twice).
    assert!(
        store
            .hook_events(&hook, Timestamp(0))
            .await
            .unwrap()
            .is_empty()
    );
    // Two senders at once: one gets it.
    let (a, b) = tokio::join!(
        store.claim_deliveries(10, 60, later),
        store.claim_deliveries(10, 60, later)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 1);
    let d = a.into_iter().chain(b).next().unwrap();
    assert_eq!((d.payload.as_str(), d.secret.as_str()), ("{}", "s3cret"));
    // Failed: back after its wait; failures counted; paused at the limit.
    let retry = Timestamp(later.0 + 60);
    store
        .delivery_outcome(&d, Some(500), Some("answered 500"), retry, 5, 1, later)
        .await
        .unwrap();
    let h = store.webhook(id).await.unwrap();
    assert_eq!((h.failures, h.paused), (1, true));
    assert!(
        store
            .claim_deliveries(10, 60, Timestamp(retry.0 + 1))
            .await
            .unwrap()
            .is_empty(),
        "paused"
    );
    store
        .change_webhook(id, false, later, event())
        .await
        .unwrap();
    assert!(
        store
            .claim_deliveries(10, 60, later)
            .await
            .unwrap()
            .is_empty(),
        "not before its wait"
    );
    let d = store
        .claim_deliveries(10, 60, retry)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(d.attempts, 1);
    store
        .delivery_outcome(&d, Some(200), None, retry, 5, 1, retry)
        .await
        .unwrap();
    let log = store.deliveries_of(id, 10).await.unwrap();
    assert_eq!(
        (log[0].state.as_str(), log[0].status, log[0].attempts),
        ("sent", Some(200), 2)
    );
    assert_eq!(store.webhook(id).await.unwrap().failures, 0);
    // Erasing the person takes their deliveries along.
    let mut erase = event();
    erase.action = AuditAction::PersonErased;
    store.erase_person(inside, erase).await.unwrap();
    assert!(store.deliveries_of(id, 10).await.unwrap().is_empty());
    // Removed: not listed, not found.
    store
        .change_webhook(id, true, retry, event())
        .await
        .unwrap();
    assert!(store.webhook(id).await.is_err());
}

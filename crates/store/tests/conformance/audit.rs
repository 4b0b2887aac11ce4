//! The audit log, and writes that commit whole or not at all (with their audit entries).

use crate::support::{NOW, add, admin, conformance, field_of, person, tree};
use enquete_domain::audit::AuditAction;
use enquete_domain::{
    Timestamp,
    account::Role,
    org::{UnitId, UnitPath},
    people::{MoveReason, Stage},
};
use enquete_store::{AuditEvent, Store};

conformance!(
    audit_log_is_append_only_and_newest_first,
    failed_operations_write_nothing,
    changes_and_their_audit_entries_commit_together,
);

async fn changes_and_their_audit_entries_commit_together(store: Store) {
    let t = tree(&store).await;
    let who = admin(&store, t.nation, "a@example.org", Role::NationalAdmin).await;
    let event = |action: AuditAction| AuditEvent {
        at: NOW,
        user: Some(who),
        action,
        person: None,
        detail: String::new(),
        ip: "192.0.2.1".into(),
    };
    let rec = store
        .create_person(
            t.noord,
            &person("Audited").parse().unwrap(),
            &[],
            Some(who),
            NOW,
            Some(event(AuditAction::Create)),
        )
        .await
        .unwrap();
    let id = rec.person.id;
    let mut moved = event(AuditAction::MoveStage);
    moved.person = Some(id);
    store
        .move_stage(
            id,
            Stage::Active,
            &MoveReason::parse("x").unwrap(),
            Some(who),
            NOW,
            Some(moved.clone()),
        )
        .await
        .unwrap();
    // A refused change leaves no audit entry either.
    assert!(
        store
            .move_stage(
                id,
                Stage::Active,
                &MoveReason::parse("x").unwrap(),
                Some(who),
                NOW,
                Some(moved)
            )
            .await
            .is_err()
    );
    let entries = store.audit_events(Some(id), 10).await.unwrap();
    let mut actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        vec!["create", "move-stage"],
        "the create entry got the new person's id"
    );
    // Merging twice: the second finds the duplicate gone and changes nothing.
    let twin = add(&store, t.noord, person("Audited Twin"), None).await;
    store
        .merge_people(id, twin, Some(who), NOW, Some(event(AuditAction::Merge)))
        .await
        .unwrap();
    let history = store.stage_history(id).await.unwrap().len();
    assert_eq!(
        field_of(
            store
                .merge_people(id, twin, Some(who), NOW, Some(event(AuditAction::Merge)))
                .await
                .unwrap_err()
        ),
        "other"
    );
    assert_eq!(store.stage_history(id).await.unwrap().len(), history);
    assert_eq!(
        store
            .audit_events(None, 50)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == AuditAction::Merge)
            .count(),
        1
    );
}

async fn audit_log_is_append_only_and_newest_first(store: Store) {
    let t = tree(&store).await;
    let who = admin(&store, t.nation, "a@example.org", Role::NationalAdmin).await;
    let p = add(&store, t.noord, person("Jan"), None).await;
    for (i, action) in [AuditAction::View, AuditAction::Edit].iter().enumerate() {
        store
            .audit(&AuditEvent {
                at: Timestamp(NOW.0 + i as i64),
                user: Some(who),
                action: *action,
                person: Some(p),
                detail: String::new(),
                ip: "127.0.0.1".into(),
            })
            .await
            .unwrap();
    }
    store
        .audit(&AuditEvent {
            at: NOW,
            user: Some(who),
            action: AuditAction::Search,
            person: None,
            detail: "q=jan".into(),
            ip: String::new(),
        })
        .await
        .unwrap();
    let mine = store.audit_events(Some(p), 10).await.unwrap();
    assert_eq!(
        mine.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["edit", "view"]
    );
    assert_eq!(store.audit_events(None, 10).await.unwrap().len(), 3);
    // A list read is in the log of every person shown: 250 people, in chunks.
    let list = AuditEvent {
        at: Timestamp(NOW.0 + 1),
        user: Some(who),
        action: AuditAction::Search,
        person: None,
        detail: "people page".into(),
        ip: "10.0.0.1".into(),
    };
    let shown: Vec<_> = std::iter::once(p)
        .chain((1..250).map(|i| enquete_domain::people::PersonId(1_000_000 + i)))
        .collect();
    store.audit_list(&list, &shown).await.unwrap();
    let mine = store.audit_events(Some(p), 10).await.unwrap();
    assert_eq!(
        (mine[0].action, mine[0].ip.as_str(), mine[0].user),
        (AuditAction::Search, "10.0.0.1", Some(who))
    );
    assert_eq!(store.audit_events(None, 1000).await.unwrap().len(), 3 + 250);
    // An empty list still leaves one entry.
    store.audit_list(&list, &[]).await.unwrap();
    assert_eq!(store.audit_events(None, 1000).await.unwrap().len(), 3 + 251);
}

async fn failed_operations_write_nothing(store: Store) {
    let t = tree(&store).await;
    let nation = store.unit(t.nation).await.unwrap().path;
    let before = store.unit_counts(&nation).await.unwrap().counts;
    assert!(
        store
            .create_person(
                UnitId(4242),
                &person("Nobody").parse().unwrap(),
                &[],
                None,
                NOW,
                None
            )
            .await
            .is_err()
    );
    let id = add(&store, t.noord, person("Jan"), None).await;
    let history_before = store.stage_history(id).await.unwrap();
    assert!(
        store
            .move_stage(
                id,
                Stage::Leader,
                &MoveReason::parse("x").unwrap(),
                None,
                NOW,
                None
            )
            .await
            .is_err()
    );
    assert_eq!(store.stage_history(id).await.unwrap(), history_before);
    assert_eq!(store.person(id).await.unwrap().person.stage, Stage::Contact);
    assert!(
        store
            .merge_people(id, enquete_domain::people::PersonId(777), None, NOW, None)
            .await
            .is_err()
    );
    assert_eq!(store.person(id).await.unwrap().person.stage, Stage::Contact);
    let after = store.unit_counts(&nation).await.unwrap().counts;
    assert_eq!(
        before.len() + 1,
        after.len(),
        "only the one valid person was added"
    );
    // A moved unit's paths stay consistent after a refused move.
    assert!(store.move_unit(t.gent, t.noord).await.is_err());
    assert_eq!(
        store.unit(t.noord).await.unwrap().path.ids(),
        vec![t.nation, t.region, t.gent, t.noord]
    );
    let _ = UnitPath::root(t.nation);
}

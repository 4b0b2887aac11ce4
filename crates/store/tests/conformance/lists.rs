//! People lists: the four orders (names sealed at rest, so ordered after opening them), the
//! filters with every match for "all that match", and the changes to a selection (tags, RSVPs),
//! each in one transaction with its audit entries.

use crate::support::{NOW, action_draft, add, admin, conformance, person, tree};
use enquete_domain::{
    Timestamp,
    account::Role,
    audit::AuditAction,
    people::{MoveReason, PersonId, PersonInput, Stage, Tag},
    policy::PeopleVisibility,
};
use enquete_store::{AuditEvent, PeopleQuery, PeopleSort, Store};

conformance!(
    lists_sort_by_name_stage_unit_and_newest_with_the_id_last,
    all_that_match_is_every_match_in_order,
    a_selection_is_tagged_and_signed_up_in_one_transaction,
);

async fn added_at(
    store: &Store,
    unit: enquete_domain::org::UnitId,
    name: &str,
    at: i64,
) -> PersonId {
    store
        .create_person(
            unit,
            &person(name).parse().unwrap(),
            &[],
            None,
            Timestamp(at),
            None,
        )
        .await
        .unwrap()
        .person
        .id
}

async fn order(store: &Store, vis: &PeopleVisibility, sort: PeopleSort) -> Vec<PersonId> {
    let page = store
        .search_people(
            vis,
            &PeopleQuery {
                sort,
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    page.people.iter().map(|r| r.person.id).collect()
}

async fn lists_sort_by_name_stage_unit_and_newest_with_the_id_last(store: Store) {
    let t = tree(&store).await;
    // Added in this order; two in the same second.
    let zoe = added_at(&store, t.noord, "zoë Vermeulen", 1_000).await;
    let emile = added_at(&store, t.haven, "Émile Peeters", 2_000).await;
    let anna = added_at(&store, t.noord, "Anna Claes", 3_000).await;
    let twin = added_at(&store, t.haven, "Anna Claes", 3_000).await;
    store
        .move_stage(
            emile,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    store
        .move_stage(
            twin,
            Stage::Sympathiser,
            &MoveReason::parse("came").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let all = PeopleVisibility::Subtree(store.unit(t.nation).await.unwrap().path);

    assert_eq!(
        order(&store, &all, PeopleSort::Name).await,
        vec![anna, twin, emile, zoe],
        "accents and case ignored, the same name by id"
    );
    assert_eq!(
        order(&store, &all, PeopleSort::Stage).await,
        vec![emile, twin, zoe, anna],
        "highest first, then by id"
    );
    assert_eq!(
        order(&store, &all, PeopleSort::Unit).await,
        vec![zoe, anna, emile, twin],
        "Gent Noord before Haven"
    );
    assert_eq!(
        order(&store, &all, PeopleSort::Newest).await,
        vec![twin, anna, emile, zoe],
        "the newest first; the same second, the later id first"
    );
    // Pages of one order never overlap.
    for sort in PeopleSort::ALL {
        let mut paged = Vec::new();
        for offset in 0..4 {
            let page = store
                .search_people(
                    &all,
                    &PeopleQuery {
                        sort,
                        limit: 1,
                        offset,
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            assert_eq!(page.total, 4);
            paged.extend(page.people.iter().map(|r| r.person.id));
        }
        assert_eq!(paged, order(&store, &all, sort).await, "{sort:?}");
    }
    assert_eq!(PeopleSort::parse("").unwrap(), PeopleSort::Name);
    assert_eq!(PeopleSort::parse("newest").unwrap(), PeopleSort::Newest);
    assert_eq!(
        PeopleSort::parse("name; DROP TABLE people")
            .unwrap_err()
            .field,
        "sort"
    );
}

async fn all_that_match_is_every_match_in_order(store: Store) {
    let t = tree(&store).await;
    let canvasser = admin(&store, t.noord, "canvas@example.org", Role::Canvasser).await;
    let mut tenants = Vec::new();
    for i in 0..60 {
        let input = PersonInput {
            tags: "tenant".into(),
            ..person(&format!("Tenant {i:02}"))
        };
        let by = (i % 2 == 0).then_some(canvasser);
        tenants.push(add(&store, t.noord, input, by).await);
    }
    add(
        &store,
        t.haven,
        PersonInput {
            tags: "tenant".into(),
            ..person("Far Tenant")
        },
        None,
    )
    .await;
    add(&store, t.noord, person("No Tag"), None).await;
    let gent = store.unit(t.gent).await.unwrap().path;
    let query = PeopleQuery {
        tag: Some(Tag::parse("tenant").unwrap()),
        sort: PeopleSort::Name,
        limit: 10,
        ..Default::default()
    };
    let matching = store
        .people_matching(&PeopleVisibility::Subtree(gent.clone()), &query)
        .await
        .unwrap();
    assert_eq!(
        matching, tenants,
        "every match past the page's limit, in order"
    );
    let own = store
        .people_matching(&PeopleVisibility::RecordedBy(gent, canvasser), &query)
        .await
        .unwrap();
    assert_eq!(own.len(), 30, "a canvasser's own only");
    let targets = store.person_targets(&own).await.unwrap();
    assert_eq!(targets.len(), 30);
    assert!(targets.iter().all(|t| t.recorded_by == Some(canvasser)));
    assert!(
        store
            .person_targets(&[PersonId(999_999)])
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_selection_is_tagged_and_signed_up_in_one_transaction(store: Store) {
    let t = tree(&store).await;
    let who = admin(&store, t.nation, "admin@example.org", Role::NationalAdmin).await;
    let a = add(
        &store,
        t.noord,
        PersonInput {
            tags: "strike".into(),
            ..person("Anna")
        },
        None,
    )
    .await;
    let b = add(&store, t.noord, person("Bert"), None).await;
    let c = add(&store, t.haven, person("Cora"), None).await;
    let event = |action| AuditEvent {
        at: NOW,
        user: Some(who),
        action,
        person: None,
        detail: "bulk".into(),
        ip: "192.0.2.1".into(),
    };
    let strike = Tag::parse("strike").unwrap();
    let changed = store
        .change_tag(
            &[a, b, c, PersonId(999_999)],
            &strike,
            true,
            NOW,
            &event(AuditAction::BulkTag),
        )
        .await
        .unwrap();
    assert_eq!(
        changed,
        vec![b, c],
        "Anna had it; the unknown id changes nothing"
    );
    for id in [b, c] {
        let rec = store.person(id).await.unwrap();
        assert_eq!(rec.person.tags, vec![strike.clone()]);
        let log = store.audit_events(Some(id), 5).await.unwrap();
        assert_eq!(log.first().unwrap().action, AuditAction::BulkTag);
    }
    assert!(store.audit_events(Some(a), 5).await.unwrap().is_empty());
    let removed = store
        .change_tag(&[a, b], &strike, false, NOW, &event(AuditAction::BulkTag))
        .await
        .unwrap();
    assert_eq!(removed, vec![a, b]);
    assert!(store.person(a).await.unwrap().person.tags.is_empty());

    let action = store
        .create_action(t.gent, None, &action_draft("2"), "bulk-tok", None, NOW)
        .await
        .unwrap();
    let outcomes = store
        .rsvp_many(
            action.id,
            &[c, a, b, PersonId(999_999)],
            "by admin",
            NOW,
            &event(AuditAction::BulkRsvp),
        )
        .await
        .unwrap();
    let got: Vec<(PersonId, &str, bool)> = outcomes
        .iter()
        .map(|o| (o.person, o.status.as_str(), o.already))
        .collect();
    assert_eq!(
        got,
        vec![
            (c, "confirmed", false),
            (a, "confirmed", false),
            (b, "waiting", false)
        ],
        "places in the order given, then the waiting list; the unknown id skipped"
    );
    assert_eq!(store.action(action.id).await.unwrap().confirmed, 2);
    let again = store
        .rsvp_many(
            action.id,
            &[a],
            "by admin",
            NOW,
            &event(AuditAction::BulkRsvp),
        )
        .await
        .unwrap();
    assert!(again.first().unwrap().already);
    let log = store.audit_events(Some(a), 10).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == AuditAction::BulkRsvp)
            .count(),
        1,
        "one entry for the answer taken, none for the repeat"
    );
}

//! People: records, sections, the ladder, consents, search, duplicates and merging.

use crate::support::{NOW, add, admin, conformance, field_of, person, tree};
use enquete_domain::{
    Timestamp,
    account::Role,
    people::{
        ConsentPurpose, ConsentSource, Language, MoveReason, NewConsent, PersonInput, Stage, Tag,
    },
    policy::PeopleVisibility,
};
use enquete_store::{PeopleQuery, Store, StoreError};

conformance!(
    people_are_created_read_and_updated,
    ladder_moves_are_checked_and_recorded,
    consents_are_appended_never_overwritten,
    search_filters_by_text_stage_tag_unit_and_visibility,
    duplicates_are_found_and_merged,
    people_belong_to_sections,
);

async fn people_belong_to_sections(store: Store) {
    let t = tree(&store).await;
    for unit in [t.nation, t.region, t.gent] {
        let err = store
            .create_person(
                unit,
                &person("Nowhere").parse().unwrap(),
                &[],
                None,
                NOW,
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(field_of(err), "unit");
    }
    let id = add(&store, t.noord, person("Somewhere"), None).await;
    assert_eq!(
        field_of(
            store
                .transfer_person(id, t.gent, NOW, None)
                .await
                .unwrap_err()
        ),
        "unit"
    );
}

async fn people_are_created_read_and_updated(store: Store) {
    let t = tree(&store).await;
    let input = PersonInput {
        name: "Fatima El Amrani".into(),
        email: "Fatima@Example.be".into(),
        phone: "0475 12 34 56".into(),
        address: "Sleepstraat 1, 9000 Gent".into(),
        languages: "nl fr".into(),
        tags: "tenant, nurse".into(),
        workplace: "UZ Gent".into(),
        ..Default::default()
    };
    let rec = store
        .create_person(t.noord, &input.parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap();
    assert_eq!(rec.person.stage, Stage::Contact);
    assert_eq!(rec.person.email.as_deref(), Some("fatima@example.be"));
    assert_eq!(rec.person.languages, vec![Language::Nl, Language::Fr]);
    assert_eq!(
        rec.person.tags.iter().map(Tag::as_str).collect::<Vec<_>>(),
        vec!["nurse", "tenant"]
    );
    assert_eq!(rec.unit_path, store.unit(t.noord).await.unwrap().path);
    let history = store.stage_history(rec.person.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history.first().unwrap().to, Stage::Contact);

    let mut changed = input.clone();
    changed.tags = "union".into();
    changed.phone.clear();
    changed.youth_wing = true;
    let later = Timestamp(NOW.0 + 60);
    let upd = store
        .update_person(rec.person.id, &changed.parse().unwrap(), later, None)
        .await
        .unwrap();
    assert_eq!(
        upd.person.tags.iter().map(Tag::as_str).collect::<Vec<_>>(),
        vec!["union"]
    );
    assert_eq!(upd.person.phone, None);
    assert!(upd.person.youth_wing);
    assert_eq!(upd.person.updated_at, later);
    assert_eq!(upd.person.created_at, NOW);
    let moved = store
        .transfer_person(rec.person.id, t.haven, later, None)
        .await
        .unwrap();
    assert_eq!(moved.person.unit, t.haven);
    assert!(matches!(
        store.person(enquete_domain::people::PersonId(424242)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn ladder_moves_are_checked_and_recorded(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "admin@example.org", Role::NationalAdmin).await;
    let id = add(&store, t.noord, person("Jan Peeters"), None).await;
    let why = MoveReason::parse("came to the action").unwrap();
    let rec = store
        .move_stage(
            id,
            Stage::Sympathiser,
            &why,
            Some(by),
            Timestamp(NOW.0 + 10),
            None,
        )
        .await
        .unwrap();
    assert_eq!(rec.person.stage, Stage::Sympathiser);
    assert_eq!(
        field_of(
            store
                .move_stage(id, Stage::Sympathiser, &why, Some(by), NOW, None)
                .await
                .unwrap_err()
        ),
        "stage"
    );
    assert_eq!(
        field_of(
            store
                .move_stage(id, Stage::Organizer, &why, Some(by), NOW, None)
                .await
                .unwrap_err()
        ),
        "stage"
    );
    store
        .move_stage(
            id,
            Stage::Member,
            &why,
            Some(by),
            Timestamp(NOW.0 + 20),
            None,
        )
        .await
        .unwrap();
    store
        .move_stage(
            id,
            Stage::Active,
            &why,
            Some(by),
            Timestamp(NOW.0 + 30),
            None,
        )
        .await
        .unwrap();
    // Having been a member once, they may become organizer from active.
    store
        .move_stage(
            id,
            Stage::Organizer,
            &why,
            Some(by),
            Timestamp(NOW.0 + 40),
            None,
        )
        .await
        .unwrap();
    let history = store.stage_history(id).await.unwrap();
    let stages: Vec<Stage> = history.iter().map(|h| h.to).collect();
    assert_eq!(
        stages,
        vec![
            Stage::Contact,
            Stage::Sympathiser,
            Stage::Member,
            Stage::Active,
            Stage::Organizer
        ]
    );
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.by, last.reason.as_str()),
        (Some(Stage::Active), Some(by), "came to the action")
    );
    // The youth wing needs no party membership.
    let young = add(
        &store,
        t.noord,
        PersonInput {
            youth_wing: true,
            ..person("Lotte")
        },
        None,
    )
    .await;
    store
        .move_stage(young, Stage::Organizer, &why, None, NOW, None)
        .await
        .unwrap();
}

async fn consents_are_appended_never_overwritten(store: Store) {
    let t = tree(&store).await;
    let id = add(&store, t.noord, person("Emre Kaya"), None).await;
    let door = ConsentSource::parse("door-to-door, Gent Noord").unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: door.clone(),
            },
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: false,
                source: door.clone(),
            },
            None,
            Timestamp(NOW.0 + 5),
            None,
        )
        .await
        .unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Newsletter,
                granted: true,
                source: door.clone(),
            },
            None,
            Timestamp(NOW.0 + 6),
            None,
        )
        .await
        .unwrap();
    let with = store
        .create_person(
            t.noord,
            &person("Met at the door").parse().unwrap(),
            &[NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: door.clone(),
            }],
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store.consents(with.person.id).await.unwrap().len(),
        1,
        "consent recorded with the person"
    );
    let consents = store.consents(id).await.unwrap();
    let summary: Vec<(ConsentPurpose, bool)> =
        consents.iter().map(|c| (c.purpose, c.granted)).collect();
    assert_eq!(
        summary,
        vec![
            (ConsentPurpose::Contact, true),
            (ConsentPurpose::Contact, false),
            (ConsentPurpose::Newsletter, true)
        ]
    );
    assert_eq!(
        consents.first().unwrap().source.as_str(),
        "door-to-door, Gent Noord"
    );
    let missing = store
        .record_consent(
            enquete_domain::people::PersonId(999),
            &NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: door.clone(),
            },
            None,
            NOW,
            None,
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
}

async fn search_filters_by_text_stage_tag_unit_and_visibility(store: Store) {
    let t = tree(&store).await;
    let canvasser = admin(&store, t.noord, "canvas@example.org", Role::Canvasser).await;
    let ayse = add(
        &store,
        t.noord,
        PersonInput {
            email: "ayse@example.be".into(),
            tags: "tenant".into(),
            ..person("Ayşe Çelik")
        },
        Some(canvasser),
    )
    .await;
    let jan = add(
        &store,
        t.noord,
        PersonInput {
            phone: "0475 11 22 33".into(),
            ..person("Jan 100% Peeters")
        },
        None,
    )
    .await;
    let piet = add(
        &store,
        t.haven,
        PersonInput {
            tags: "tenant union".into(),
            ..person("Piet Janssens")
        },
        None,
    )
    .await;
    store
        .move_stage(
            piet,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let all = PeopleVisibility::Subtree(nation.clone());
    let ids = |page: enquete_store::PeoplePage| {
        page.people.iter().map(|r| r.person.id).collect::<Vec<_>>()
    };
    let q = |text: &str| PeopleQuery {
        text: text.into(),
        limit: 50,
        ..Default::default()
    };

    assert_eq!(
        ids(store.search_people(&all, &q("celik")).await.unwrap()),
        vec![ayse]
    );
    assert_eq!(
        ids(store.search_people(&all, &q("AYSE@example")).await.unwrap()),
        vec![ayse]
    );
    assert_eq!(
        ids(store.search_people(&all, &q("0475 112233")).await.unwrap()),
        vec![jan]
    );
    assert_eq!(
        ids(store.search_people(&all, &q("100%")).await.unwrap()),
        vec![jan]
    );
    // Search matches the beginnings of words (the database holds only blind tokens of them):
    // punctuation alone matches no word, and never everyone.
    assert_eq!(
        ids(store.search_people(&all, &q("%")).await.unwrap()),
        Vec::new(),
        "% is not a wildcard"
    );
    assert_eq!(
        ids(store.search_people(&all, &q("pee")).await.unwrap()),
        vec![jan]
    );
    assert_eq!(
        ids(store
            .search_people(&all, &q("ayse@example.com"))
            .await
            .unwrap()),
        Vec::new(),
        "an address is checked whole"
    );
    assert_eq!(
        ids(store.search_people(&all, &q("_")).await.unwrap()),
        Vec::new()
    );
    let everyone = store.search_people(&all, &q("")).await.unwrap();
    assert_eq!(everyone.total, 3);
    assert_eq!(ids(everyone), vec![ayse, jan, piet], "sorted by name");

    let stage = PeopleQuery {
        stage: Some(Stage::Member),
        ..q("")
    };
    assert_eq!(
        ids(store.search_people(&all, &stage).await.unwrap()),
        vec![piet]
    );
    let tag = PeopleQuery {
        tag: Some(Tag::parse("tenant").unwrap()),
        ..q("")
    };
    assert_eq!(
        ids(store.search_people(&all, &tag).await.unwrap()),
        vec![ayse, piet]
    );
    let gent = store.unit(t.gent).await.unwrap().path;
    let in_gent = PeopleQuery {
        unit: Some(gent.clone()),
        ..q("")
    };
    assert_eq!(
        ids(store.search_people(&all, &in_gent).await.unwrap()),
        vec![ayse, jan]
    );
    // An account scoped to Gent asking for Antwerpen gets nobody.
    let antwerpen = store.unit(t.antwerpen).await.unwrap().path;
    let elsewhere = PeopleQuery {
        unit: Some(antwerpen),
        ..q("")
    };
    assert_eq!(
        store
            .search_people(&PeopleVisibility::Subtree(gent.clone()), &elsewhere)
            .await
            .unwrap()
            .total,
        0
    );
    // A canvasser sees only the people they recorded.
    let own = PeopleVisibility::RecordedBy(gent, canvasser);
    assert_eq!(
        ids(store.search_people(&own, &q("")).await.unwrap()),
        vec![ayse]
    );
    assert_eq!(
        store
            .search_people(&PeopleVisibility::None, &q(""))
            .await
            .unwrap()
            .total,
        0
    );
    // Pages.
    let page2 = PeopleQuery {
        limit: 2,
        offset: 2,
        ..q("")
    };
    let page = store.search_people(&all, &page2).await.unwrap();
    assert_eq!((page.total, ids(page)), (3, vec![piet]));
}

async fn duplicates_are_found_and_merged(store: Store) {
    let t = tree(&store).await;
    let a = add(
        &store,
        t.noord,
        PersonInput {
            email: "an@example.be".into(),
            tags: "tenant".into(),
            languages: "nl".into(),
            ..person("An Peeters")
        },
        None,
    )
    .await;
    let b = add(
        &store,
        t.noord,
        PersonInput {
            email: "AN@example.be".into(),
            phone: "0475 00 00 01".into(),
            tags: "union".into(),
            languages: "fr".into(),
            ..person("AN PEETERS")
        },
        None,
    )
    .await;
    let c = add(
        &store,
        t.haven,
        PersonInput {
            phone: "+32 475 00 00 01".into(),
            ..person("Anne P.")
        },
        None,
    )
    .await;
    let _other = add(
        &store,
        t.noord,
        PersonInput {
            email: "bob@example.be".into(),
            ..person("Bob")
        },
        None,
    )
    .await;
    store
        .move_stage(
            b,
            Stage::Sympathiser,
            &MoveReason::parse("action").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let pairs = store.find_duplicates(&nation, 50).await.unwrap();
    let found: Vec<(i64, i64)> = pairs.iter().map(|p| (p.keep.0, p.other.0)).collect();
    assert_eq!(found, vec![(a.0, b.0), (b.0, c.0)]);
    let gent = store.unit(t.gent).await.unwrap().path;
    assert_eq!(
        store.find_duplicates(&gent, 50).await.unwrap().len(),
        1,
        "scoped to the subtree"
    );

    let merged = store
        .merge_people(a, b, None, Timestamp(NOW.0 + 100), None)
        .await
        .unwrap();
    assert_eq!(
        merged.person.phone.as_deref(),
        Some("0475 00 00 01"),
        "blank field filled from the duplicate"
    );
    assert_eq!(
        merged.person.stage,
        Stage::Sympathiser,
        "the higher stage wins"
    );
    assert_eq!(merged.person.languages, vec![Language::Nl, Language::Fr]);
    assert_eq!(
        merged
            .person
            .tags
            .iter()
            .map(Tag::as_str)
            .collect::<Vec<_>>(),
        vec!["tenant", "union"]
    );
    assert!(matches!(
        store.person(b).await,
        Err(StoreError::NotFound(_))
    ));
    let history = store.stage_history(a).await.unwrap();
    assert!(history.iter().any(|h| h.reason.contains("merged")));
    assert_eq!(
        history.iter().filter(|h| h.from.is_none()).count(),
        2,
        "both first contacts kept"
    );
    assert_eq!(
        field_of(store.merge_people(a, a, None, NOW, None).await.unwrap_err()),
        "other"
    );
    assert_eq!(
        field_of(store.merge_people(a, b, None, NOW, None).await.unwrap_err()),
        "other"
    );
}

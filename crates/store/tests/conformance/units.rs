//! The org tree and the store itself: migrations, units and their moves, archiving, counts per
//! unit and stage, and the demo country.

use crate::support::{NOW, add, conformance, field_of, name, person, tree};
use enquete_domain::{
    demo::{self, Scale},
    org::{UnitId, UnitKind},
    people::{MoveReason, Stage},
    policy::PeopleVisibility,
};
use enquete_store::{PeopleQuery, Store, StoreError};

conformance!(
    migrations_run_twice_without_harm,
    the_tree_checks_kinds_and_has_one_nation,
    moving_a_unit_moves_its_subtree,
    archived_units_take_no_people_and_can_be_restored,
    counts_per_unit_and_stage,
    demo_country_loads_once_and_ids_keep_counting,
);

async fn migrations_run_twice_without_harm(store: Store) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
}

async fn the_tree_checks_kinds_and_has_one_nation(store: Store) {
    let t = tree(&store).await;
    let err = store
        .create_unit(Some(t.region), UnitKind::Workplace, &name("Nope"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");
    let err = store
        .create_unit(None, UnitKind::Nation, &name("Second"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");
    let err = store
        .create_unit(Some(UnitId(9999)), UnitKind::Region, &name("Ghost"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");

    let root = store.root_unit().await.unwrap().unwrap();
    assert_eq!(root.id, t.nation);
    let all = store.subtree(&root.path, false).await.unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all.first().unwrap().id, t.nation, "parents come first");
    let gent = store.unit(t.gent).await.unwrap();
    let below_gent: Vec<UnitId> = store
        .subtree(&gent.path, false)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(below_gent, vec![t.gent, t.noord]);
    let children: Vec<String> = store
        .children(t.region, false)
        .await
        .unwrap()
        .iter()
        .map(|u| u.name.as_str().to_owned())
        .collect();
    assert_eq!(children, vec!["Antwerpen", "Gent"]);
    let noord = store.unit(t.noord).await.unwrap();
    let names: Vec<UnitId> = store
        .ancestry(&noord)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(names, vec![t.nation, t.region, t.gent, t.noord]);
    let renamed = store
        .rename_unit(t.noord, &name("Gent Noord-West"))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_str(), "Gent Noord-West");
    assert!(matches!(
        store.unit(UnitId(9999)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn moving_a_unit_moves_its_subtree(store: Store) {
    let t = tree(&store).await;
    let wallonie = store
        .create_unit(Some(t.nation), UnitKind::Region, &name("Wallonie"), NOW)
        .await
        .unwrap();
    // Move the whole city of Gent (with its section) to the other region.
    let moved = store.move_unit(t.gent, wallonie.id).await.unwrap();
    assert_eq!(moved.parent, Some(wallonie.id));
    assert!(moved.path.is_within(&wallonie.path));
    let noord = store.unit(t.noord).await.unwrap();
    assert!(
        noord.path.is_within(&moved.path),
        "the section moved along: {:?}",
        noord.path
    );
    assert_eq!(
        noord.path.ids(),
        vec![t.nation, wallonie.id, t.gent, t.noord]
    );
    // People follow their unit into the new subtree.
    let p = add(&store, t.noord, person("An Peeters"), None).await;
    let page = store
        .search_people(
            &PeopleVisibility::Subtree(wallonie.path.clone()),
            &PeopleQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page.people.iter().map(|r| r.person.id).collect::<Vec<_>>(),
        vec![p]
    );
    // Kinds must still fit, and a unit cannot go below itself.
    assert_eq!(
        field_of(store.move_unit(t.noord, wallonie.id).await.unwrap_err()),
        "parent"
    );
    assert_eq!(
        field_of(store.move_unit(t.region, t.region).await.unwrap_err()),
        "parent"
    );
    let err = store.move_unit(t.gent, t.noord).await.unwrap_err();
    assert_eq!(field_of(err), "parent");
    // A section can move between cities.
    let back = store.move_unit(t.noord, t.antwerpen).await.unwrap();
    assert_eq!(
        back.path.ids(),
        vec![t.nation, t.region, t.antwerpen, t.noord]
    );
}

async fn archived_units_take_no_people_and_can_be_restored(store: Store) {
    let t = tree(&store).await;
    let archived = store.archive_unit(t.gent, NOW).await.unwrap();
    assert!(archived.is_archived());
    assert!(
        store.unit(t.noord).await.unwrap().is_archived(),
        "the subtree is archived too"
    );
    let nation = store.unit(t.nation).await.unwrap();
    assert_eq!(store.subtree(&nation.path, false).await.unwrap().len(), 4);
    assert_eq!(store.subtree(&nation.path, true).await.unwrap().len(), 6);
    let err = store
        .create_person(t.noord, &person("X").parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "unit");
    let err = store
        .create_unit(Some(t.gent), UnitKind::Youth, &name("Red Fox"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");
    assert_eq!(
        field_of(store.restore_unit(t.noord).await.unwrap_err()),
        "unit"
    );
    store.restore_unit(t.gent).await.unwrap();
    assert!(!store.unit(t.noord).await.unwrap().is_archived());
    assert_eq!(
        field_of(store.archive_unit(t.nation, NOW).await.unwrap_err()),
        "unit"
    );
}

async fn counts_per_unit_and_stage(store: Store) {
    let t = tree(&store).await;
    for n in ["A", "B", "C"] {
        add(&store, t.noord, person(n), None).await;
    }
    let d = add(&store, t.haven, person("D"), None).await;
    store
        .move_stage(
            d,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let counts = store.unit_counts(&nation).await.unwrap();
    assert_eq!(counts.units.len(), 6);
    let mut got: Vec<(i64, Stage, u64)> = counts
        .counts
        .iter()
        .map(|c| (c.unit.0, c.stage, c.count))
        .collect();
    got.sort_by_key(|g| (g.0, g.1));
    assert_eq!(
        got,
        vec![
            (t.noord.0, Stage::Contact, 3),
            (t.haven.0, Stage::Member, 1)
        ]
    );
}

async fn demo_country_loads_once_and_ids_keep_counting(store: Store) {
    let country = demo::country(Scale::Small, 42, NOW);
    let hashes: Vec<String> = country
        .accounts
        .iter()
        .map(|a| format!("hash-of-{}", a.email))
        .collect();
    let mut calls = 0;
    store
        .load_demo(&country, &hashes, NOW, |_| calls += 1)
        .await
        .unwrap();
    assert!(calls >= 1);
    let root = store.root_unit().await.unwrap().unwrap();
    assert_eq!(
        store.subtree(&root.path, true).await.unwrap().len(),
        country.units.len()
    );
    let all = store
        .search_people(
            &PeopleVisibility::Subtree(root.path.clone()),
            &PeopleQuery {
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total, country.people.len() as u64);
    let counts = store.unit_counts(&root.path).await.unwrap();
    let members: u64 = counts
        .counts
        .iter()
        .filter(|c| c.stage >= Stage::Member)
        .map(|c| c.count)
        .sum();
    assert_eq!(
        members,
        country
            .people
            .iter()
            .filter(|p| p.stage() >= Stage::Member)
            .count() as u64
    );
    for account in &country.accounts {
        let rec = store.user_by_email(&account.email).await.unwrap().unwrap();
        assert_eq!(rec.user.role, account.role);
    }
    assert!(
        !store
            .find_duplicates(&root.path, 10)
            .await
            .unwrap()
            .is_empty(),
        "the demo has duplicates to merge"
    );
    let survey = store.surveys().await.unwrap().remove(0);
    assert_eq!(
        store.count_responses(survey.id).await.unwrap(),
        country.responses.len() as u64,
        "the demo enquête has its responses"
    );
    // New records after a bulk load with explicit ids get fresh ids on both backends.
    let section = store
        .subtree(&root.path, false)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.kind.is_section())
        .unwrap();
    let id = add(&store, section.id, person("After the demo"), None).await;
    assert_eq!(id.0, country.people.len() as i64 + 1);
    store
        .create_unit(
            Some(section.parent.unwrap()),
            UnitKind::Youth,
            &name("Extra"),
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        field_of(
            store
                .load_demo(&country, &hashes, NOW, |_| ())
                .await
                .unwrap_err()
        ),
        "database"
    );
}

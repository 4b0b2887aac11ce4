//! The workplace map on both databases: the workplace and its parts, cells only of its own
//! departments and shifts, people placed only in their own section, assessments with history
//! and sealed at rest, the heat map's counts, departments without a social leader, structure
//! tests counted per department, reads audited, and erasure taking it all.

use crate::festival::event;
use crate::support::{NOW, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::workplace::{Support, TestDraft, WorkplaceDraft};
use enquete_store::{Store, StoreError};

conformance!(a_workplace_is_mapped_and_its_people_assessed,);

async fn a_workplace_is_mapped_and_its_people_assessed(store: Store) {
    let t = tree(&store).await;
    let a = || event(AuditAction::Workplace);
    let err = store
        .save_workplace(
            t.noord,
            &WorkplaceDraft::parse("X", "", "", "", "").unwrap(),
            NOW,
            a(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "unit"),
        "{err:?}"
    );
    let w = WorkplaceDraft::parse("PSA", "Europa Terminal", "Haven 869", "ports", "1200").unwrap();
    store.save_workplace(t.haven, &w, NOW, a()).await.unwrap();
    let mut depts = Vec::new();
    for name in ["Quay", "Yard", "Gate"] {
        depts.push(
            store
                .add_workplace_part(t.haven, false, name)
                .await
                .unwrap(),
        );
    }
    let err = store
        .add_workplace_part(t.haven, false, "Quay")
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "name"),
        "{err:?}"
    );
    let early = store
        .add_workplace_part(t.haven, true, "Early")
        .await
        .unwrap();
    let late = store
        .add_workplace_part(t.haven, true, "Late")
        .await
        .unwrap();
    store.set_cell(t.haven, depts[0], early, 10).await.unwrap();
    store.set_cell(t.haven, depts[0], late, 6).await.unwrap();
    store.set_cell(t.haven, depts[1], early, 4).await.unwrap();
    store.set_cell(t.haven, depts[0], early, 8).await.unwrap();
    // Another workplace's shift: refused.
    let other = store
        .add_workplace_part(t.haven, true, "Night")
        .await
        .unwrap();
    let gent_dept = {
        let w2 = WorkplaceDraft::parse("Volvo", "", "", "", "").unwrap();
        let plant = store
            .create_unit(
                Some(t.gent),
                enquete_domain::org::UnitKind::Workplace,
                &enquete_domain::org::UnitName::parse("Volvo Gent").unwrap(),
                NOW,
            )
            .await
            .unwrap()
            .id;
        store.save_workplace(plant, &w2, NOW, a()).await.unwrap();
        store
            .add_workplace_part(plant, false, "Paint shop")
            .await
            .unwrap()
    };
    let err = store
        .set_cell(t.haven, gent_dept, other, 3)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "department"),
        "{err:?}"
    );
    store
        .add_union(t.haven, "BTB-ABVV", "Jan (delegate, quay)", a())
        .await
        .unwrap();
    let map = store.workplace_map(t.haven).await.unwrap();
    assert_eq!(map.workplace, Some(w));
    assert_eq!(map.departments.len(), 3);
    assert_eq!(map.shifts.len(), 3);
    assert!(map.cells.contains(&(depts[0], early, 8)));
    assert_eq!(map.unions[0].representatives, "Jan (delegate, quay)");

    // People of the section, placed and assessed.
    let mut ids = Vec::new();
    for name in ["Ahmed", "Bart", "Chris", "Dana"] {
        let p = store
            .create_person(
                t.haven,
                &person(name).parse().unwrap(),
                &[],
                None,
                NOW,
                None,
            )
            .await
            .unwrap()
            .person
            .id;
        ids.push(p);
    }
    let outsider = store
        .create_person(
            t.noord,
            &person("Eve").parse().unwrap(),
            &[],
            None,
            NOW,
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    let err = store
        .place_worker(t.haven, outsider, Some(depts[0]), None, false, "", NOW, a())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "person"),
        "{err:?}"
    );
    store
        .place_worker(
            t.haven,
            ids[0],
            Some(depts[0]),
            Some(early),
            true,
            "BTB-ABVV",
            NOW,
            a(),
        )
        .await
        .unwrap();
    store
        .place_worker(
            t.haven,
            ids[1],
            Some(depts[0]),
            Some(early),
            false,
            "",
            NOW,
            a(),
        )
        .await
        .unwrap();
    store
        .place_worker(
            t.haven,
            ids[2],
            Some(depts[1]),
            Some(early),
            true,
            "",
            NOW,
            a(),
        )
        .await
        .unwrap();
    let at = |h: i64| Timestamp(NOW.0 + h * 3_600);
    let s = |n: &str| Support::parse(n).unwrap();
    store
        .assess(t.haven, ids[0], s("3"), "hesitant", None, at(1), a())
        .await
        .unwrap();
    store
        .assess(t.haven, ids[0], s("1"), "leads the quay", None, at(2), a())
        .await
        .unwrap();
    store
        .assess(t.haven, ids[1], s("4"), "", None, at(1), a())
        .await
        .unwrap();
    let err = store
        .assess(t.haven, outsider, s("1"), "", None, at(1), a())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "person"),
        "{err:?}"
    );
    let before = store.audit_events(None, 1000).await.unwrap().len();
    let placed = store.placed_workers(t.haven, a()).await.unwrap();
    assert_eq!(
        store.audit_events(None, 1000).await.unwrap().len(),
        before + 1,
        "the read is audited"
    );
    assert_eq!(placed.len(), 4, "Dana is known but not placed");
    let ahmed = placed.iter().find(|p| p.person == ids[0]).unwrap();
    assert_eq!(
        (ahmed.latest.map(|l| l.0.value()), ahmed.assessments),
        (Some(1), 2)
    );
    assert_eq!(ahmed.union_member, "BTB-ABVV");
    assert!(ahmed.social_leader);
    let history = store.assessments_of(t.haven, ids[0], a()).await.unwrap();
    assert_eq!(
        history.iter().map(|h| h.score.value()).collect::<Vec<_>>(),
        [1, 3]
    );
    assert_eq!(history[0].note, "leads the quay");
    // The heat map: quay early 8 known 2 assessed 2 supporters 1; yard early 4, 1 known.
    let cov = store.coverage(t.haven).await.unwrap();
    let quay_early = cov[&(Some(depts[0]), Some(early))];
    assert_eq!(
        (
            quay_early.headcount,
            quay_early.known,
            quay_early.assessed,
            quay_early.supporters
        ),
        (8, 2, 2, 1)
    );
    let yard_early = cov[&(Some(depts[1]), Some(early))];
    assert_eq!((yard_early.known, yard_early.assessed), (1, 0));
    assert_eq!(cov[&(Some(depts[0]), Some(late))].known, 0);
    // The yard's social leader was never assessed; the gate has none.
    assert_eq!(
        store.departments_without_leader(t.haven).await.unwrap(),
        vec![depts[1], depts[2]]
    );

    // A structure test, counted per department.
    let test = store
        .create_workplace_test(
            t.haven,
            &TestDraft::parse(
                "petition",
                "Safe staffing",
                "51",
                "2027-03-01",
                "2027-03-14",
            )
            .unwrap(),
            NOW,
            a(),
        )
        .await
        .unwrap();
    store.set_test_count(test, depts[0], 9, NOW).await.unwrap();
    store.set_test_count(test, depts[0], 11, NOW).await.unwrap();
    let err = store
        .set_test_count(test, gent_dept, 3, NOW)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "department"),
        "{err:?}"
    );
    let tests = store.workplace_tests(t.haven).await.unwrap();
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0].counts, vec![(depts[0], 11)]);
    assert_eq!(
        store.workplace_test(test).await.unwrap().draft.goal_percent,
        51
    );

    // Their assessments for their dossier, with the section that made them; erasure takes the
    // place and the history.
    let all = store.person_assessments(ids[0]).await.unwrap();
    assert_eq!(
        all.iter()
            .map(|(u, _, a)| (*u, a.score.value()))
            .collect::<Vec<_>>(),
        [(t.haven, 3), (t.haven, 1)]
    );
    store
        .erase_person(ids[0], event(AuditAction::PersonErased))
        .await
        .unwrap();
    let placed = store.placed_workers(t.haven, a()).await.unwrap();
    assert!(placed.iter().all(|p| p.person != ids[0]));
    let cov = store.coverage(t.haven).await.unwrap();
    assert_eq!(cov[&(Some(depts[0]), Some(early))].supporters, 0);
}

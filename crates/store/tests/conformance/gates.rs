//! The festival's gates on both databases (docs/festival-gates.md): a lane has one holder at a
//! time, the server admits a lane nobody holds and never while a phone holds it, a grant and an
//! admission by the server never cross, scans sent again change nothing, a lost phone's lane is
//! freed only once its lease is over, and the layout is fixed once the gates are in use.

use crate::festival::{event, festival};
use crate::support::{NOW, conformance, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::gate::{LEASE_SECONDS, Layout, lease_over};
use enquete_store::{AdmitOutcome, LaneGrant, ScanRow, Store, StoreError};

conformance!(
    a_lane_has_one_holder_at_a_time,
    the_server_admits_a_lane_nobody_holds_once,
    a_grant_and_an_admission_never_cross,
    a_lost_phones_lane_is_freed_once_its_lease_is_over,
    the_layout_is_fixed_once_the_gates_are_in_use,
    a_zone_adds_its_doors_counts_once,
);

const LAYOUT: Layout = Layout {
    entrances: 4,
    lanes: 2,
};

/// A ticket id of `lane` (the n-th found).
fn ticket_in(lane: u32, n: usize) -> String {
    (0_u64..)
        .map(|i| format!("{:032x}", u128::from(i) * 0x9e37_79b9_7f4a_7c15))
        .filter(|id| LAYOUT.lane_of(id) == lane)
        .nth(n)
        .unwrap()
}

fn scan(id: &str, ticket: &str, key: Option<&str>, at: Timestamp) -> ScanRow {
    ScanRow {
        id: id.into(),
        lane: LAYOUT.lane_of(ticket),
        ticket: ticket.into(),
        entry_key: key.map(str::to_owned),
        outcome: "admitted".into(),
        offline: true,
        scanned_at: at,
    }
}

async fn a_lane_has_one_holder_at_a_time(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let a = "phone-aaaa";
    let b = "phone-bbbb";
    let first = store.lease_lane(f, 3, a, "Anna", NOW).await.unwrap();
    assert_eq!(first, LaneGrant::Granted { entries: vec![] });
    let taken = store.lease_lane(f, 3, b, "Bilal", NOW).await.unwrap();
    assert_eq!(
        taken,
        LaneGrant::Held {
            gate_name: "Anna".into(),
            until: Timestamp(NOW.0 + LEASE_SECONDS)
        }
    );
    // Still Anna's long after her lease: only she gives it back (or the team frees it).
    let later = Timestamp(NOW.0 + 3 * LEASE_SECONDS);
    assert!(matches!(
        store.lease_lane(f, 3, b, "Bilal", later).await.unwrap(),
        LaneGrant::Held { .. }
    ));
    // The server does not admit a held lane's tickets for another phone.
    let tk = ticket_in(3, 0);
    let at = Timestamp(NOW.0 + 60);
    assert_eq!(
        store
            .admit_online(f, b, &scan("scan-b-0001", &tk, Some(&tk), at), at)
            .await
            .unwrap(),
        AdmitOutcome::LaneHeld {
            gate_name: "Anna".into()
        }
    );
    // Anna admitted it offline; her scans, sent twice, count once.
    let scans = vec![
        scan("scan-a-0001", &tk, Some(&tk), at),
        ScanRow {
            outcome: "already".into(),
            entry_key: None,
            ..scan("scan-a-0002", &tk, None, Timestamp(at.0 + 5))
        },
    ];
    let sent = store.sync_scans(f, a, &scans, at).await.unwrap();
    assert_eq!((sent.stored, sent.known, sent.doubles), (2, 0, 0));
    let again = store.sync_scans(f, a, &scans, at).await.unwrap();
    assert_eq!((again.stored, again.known, again.doubles), (0, 2, 0));
    // Her renewal carries no list; Bilal cannot give back what he does not hold.
    assert_eq!(
        store.lease_lane(f, 3, a, "Anna", at).await.unwrap(),
        LaneGrant::Granted { entries: vec![] }
    );
    assert!(!store.release_lane(f, 3, b, at).await.unwrap());
    assert!(store.release_lane(f, 3, a, at).await.unwrap());
    // Bilal takes it over with every entry admitted in it.
    assert_eq!(
        store.lease_lane(f, 3, b, "Bilal", at).await.unwrap(),
        LaneGrant::Granted {
            entries: vec![(tk.clone(), at)]
        }
    );
    let figures = store.gate_figures(f).await.unwrap();
    assert_eq!(
        (figures.entries, figures.scans, figures.offline_scans),
        (1, 2, 2)
    );
    assert_eq!(figures.doubles, 0);
    assert_eq!(figures.by_lane, vec![(3, 1)]);
    assert_eq!(
        figures.by_outcome,
        vec![("admitted".into(), 1), ("already".into(), 1)]
    );
    assert_eq!(figures.lanes.len(), 1);
    assert_eq!(figures.lanes[0].device.as_deref(), Some(b));
    // A scan id of this festival sent to another: refused, nothing taken there.
    let other = festival(&store, t.nation).await;
    let err = store
        .sync_scans(other, a, &scans[..1], at)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "scans"),
        "{err:?}"
    );
    let err = store
        .admit_online(other, a, &scans[0], at)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "scans"),
        "{err:?}"
    );
    assert_eq!(store.gate_figures(other).await.unwrap().entries, 0);
    // A lane the festival does not have.
    let err = store.lease_lane(f, 8, a, "Anna", at).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "lane"),
        "{err:?}"
    );
}

async fn the_server_admits_a_lane_nobody_holds_once(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let tk = ticket_in(5, 0);
    let at = Timestamp(NOW.0 + 100);
    let first = store
        .admit_online(
            f,
            "phone-cccc",
            &scan("scan-c-0001", &tk, Some(&tk), at),
            at,
        )
        .await
        .unwrap();
    assert_eq!(first, AdmitOutcome::Admitted);
    // The same scan sent again (its answer lost on the way): the same answer.
    let resent = store
        .admit_online(
            f,
            "phone-cccc",
            &scan("scan-c-0001", &tk, Some(&tk), at),
            at,
        )
        .await
        .unwrap();
    assert_eq!(resent, AdmitOutcome::Admitted);
    let later = Timestamp(at.0 + 30);
    let second = store
        .admit_online(
            f,
            "phone-dddd",
            &scan("scan-d-0001", &tk, Some(&tk), later),
            later,
        )
        .await
        .unwrap();
    assert_eq!(second, AdmitOutcome::Already { at });
    // A ticket that comes and goes is admitted each time.
    let free = ticket_in(5, 1);
    for i in 0..3 {
        let s = scan(&format!("scan-free-{i:04}"), &free, None, later);
        assert_eq!(
            store
                .admit_online(f, "phone-dddd", &s, later)
                .await
                .unwrap(),
            AdmitOutcome::Admitted
        );
    }
    // Twenty phones at once for one ticket: one gets in.
    let hot = ticket_in(5, 2);
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            let s = scan(&format!("scan-hot-{i:04}"), &hot, Some(&hot), later);
            tokio::spawn(async move {
                store
                    .admit_online(f, &format!("phone-{i:04}"), &s, later)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut admitted = 0;
    for task in tasks {
        if task.await.unwrap() == AdmitOutcome::Admitted {
            admitted += 1;
        }
    }
    assert_eq!(admitted, 1);
    assert_eq!(store.gate_figures(f).await.unwrap().entries, 2);
}

async fn a_grant_and_an_admission_never_cross(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let at = Timestamp(NOW.0 + 10);
    for round in 0..12 {
        let lane = round % 8;
        let tk = ticket_in(lane, round as usize + 10);
        let holder = format!("phone-grant-{round:02}");
        let granting = {
            let store = store.clone();
            let holder = holder.clone();
            tokio::spawn(async move { store.lease_lane(f, lane, &holder, "G", at).await.unwrap() })
        };
        let admitting = {
            let store = store.clone();
            let s = scan(&format!("scan-x-{round:04}"), &tk, Some(&tk), at);
            tokio::spawn(async move { store.admit_online(f, "phone-other", &s, at).await.unwrap() })
        };
        let (grant, admission) = (granting.await.unwrap(), admitting.await.unwrap());
        let LaneGrant::Granted { entries } = grant else {
            panic!("the lane was free: {grant:?}");
        };
        // Either the server admitted first and the new holder knows it, or the holder had it.
        match admission {
            AdmitOutcome::Admitted => assert!(entries.iter().any(|(k, _)| *k == tk)),
            AdmitOutcome::LaneHeld { .. } => assert!(entries.iter().all(|(k, _)| *k != tk)),
            other => panic!("{other:?}"),
        }
        assert!(store.release_lane(f, lane, &holder, at).await.unwrap());
    }
}

async fn a_lost_phones_lane_is_freed_once_its_lease_is_over(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    store
        .lease_lane(f, 0, "phone-lost", "Lost", NOW)
        .await
        .unwrap();
    let early = Timestamp(NOW.0 + LEASE_SECONDS);
    let err = store
        .free_lane(f, 0, early, event(AuditAction::FestivalLane))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "lane" && e.problem.key == "error-lane-lease-running"),
        "{err:?}"
    );
    let over = lease_over(Timestamp(NOW.0 + LEASE_SECONDS));
    store
        .free_lane(f, 0, over, event(AuditAction::FestivalLane))
        .await
        .unwrap();
    assert_eq!(
        store
            .lease_lane(f, 0, "phone-new1", "New", over)
            .await
            .unwrap(),
        LaneGrant::Granted { entries: vec![] }
    );
    // The lost phone's scans, found later: what it admitted that the new phone admitted too is
    // kept as a double entry (what freeing a lane risks, and why the team is warned).
    let tk = ticket_in(0, 0);
    let s_new = scan("scan-new-0001", &tk, Some(&tk), over);
    store
        .sync_scans(f, "phone-new1", &[s_new], over)
        .await
        .unwrap();
    let s_lost = scan("scan-lost-001", &tk, Some(&tk), Timestamp(NOW.0 + 5));
    let late = store
        .sync_scans(f, "phone-lost", &[s_lost], over)
        .await
        .unwrap();
    assert_eq!(late.doubles, 1);
    assert_eq!(store.gate_figures(f).await.unwrap().doubles, 1);
}

async fn the_layout_is_fixed_once_the_gates_are_in_use(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let three = Layout {
        entrances: 3,
        lanes: 4,
    };
    store
        .set_layout(f, three, event(AuditAction::FestivalLane))
        .await
        .unwrap();
    assert_eq!(store.festival(f).await.unwrap().layout, three);
    store
        .lease_lane(f, 11, "phone-eeee", "E", NOW)
        .await
        .unwrap();
    let err = store
        .set_layout(f, LAYOUT, event(AuditAction::FestivalLane))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "entrances"),
        "{err:?}"
    );
    assert_eq!(store.festival(f).await.unwrap().layout, three);
}

async fn a_zone_adds_its_doors_counts_once(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let hall = store
        .create_zone(f, "Main hall", 3, NOW, event(AuditAction::FestivalLane))
        .await
        .unwrap();
    let err = store
        .create_zone(f, "Main hall", 9, NOW, event(AuditAction::FestivalLane))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "name"),
        "{err:?}"
    );
    let z = store
        .count_door(hall, "door-north-1", "North", 2, 0, NOW)
        .await
        .unwrap();
    assert_eq!((z.occupancy, z.doors, z.full()), (2, 1, false));
    // Sent again, or an older count arriving late: nothing changes.
    let z = store
        .count_door(hall, "door-north-1", "North", 2, 0, NOW)
        .await
        .unwrap();
    assert_eq!(z.occupancy, 2);
    let z = store
        .count_door(hall, "door-north-1", "North", 1, 0, NOW)
        .await
        .unwrap();
    assert_eq!(z.occupancy, 2);
    // A second door: the hall is full at both.
    let z = store
        .count_door(hall, "door-south-1", "South", 2, 1, NOW)
        .await
        .unwrap();
    assert_eq!((z.occupancy, z.doors, z.full()), (3, 2, true));
    let zones = store.zones(f).await.unwrap();
    assert_eq!(zones.len(), 1);
    assert_eq!(
        (
            zones[0].name.as_str(),
            zones[0].capacity,
            zones[0].occupancy
        ),
        ("Main hall", 3, 3)
    );
    // More out than in at one door is fine; the hall never counts below zero.
    let z = store
        .count_door(hall, "door-south-1", "South", 2, 9, NOW)
        .await
        .unwrap();
    assert_eq!(z.occupancy, 0);
    assert!(matches!(
        store.zone(hall + 1000).await,
        Err(StoreError::NotFound(_))
    ));
}

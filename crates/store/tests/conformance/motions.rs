//! Motions into demands into actions on both databases: a motion's demands, their status moved
//! by dated updates (the timeline), actions linked only from the motion's unit and below, and
//! the figures per unit and across the organization.

use crate::festival::event;
use crate::support::{NOW, conformance, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::motions::{DemandDraft, DemandStatus, MotionDraft};
use enquete_store::{Store, StoreError};

conformance!(a_motion_becomes_demands_and_actions,);

async fn a_motion_becomes_demands_and_actions(store: Store) {
    let t = tree(&store).await;
    let a = || event(AuditAction::Motion);
    let motion = MotionDraft::parse(
        "No arms through our port",
        "The congress calls on dockers to refuse...",
        "BTB congress",
        "2026-10-12",
        "212",
        "9",
        "4",
    )
    .unwrap();
    let m = store
        .create_motion(t.haven, &motion, NOW, a())
        .await
        .unwrap();
    assert_eq!(store.motion(m).await.unwrap().draft, motion);
    let d1 = store
        .add_demand(
            m,
            &DemandDraft::parse(
                "No handling of arms cargo",
                "Port authority",
                "Quay delegates",
            )
            .unwrap(),
            None,
            NOW,
            a(),
        )
        .await
        .unwrap();
    let d2 = store
        .add_demand(
            m,
            &DemandDraft::parse(
                "Publish the cargo lists",
                "Terminal operator",
                "Gate delegates",
            )
            .unwrap(),
            None,
            NOW,
            a(),
        )
        .await
        .unwrap();
    let later = |d: i64| Timestamp(NOW.0 + d * 86_400);
    store
        .update_demand(
            d1,
            DemandStatus::Raised,
            "letter handed over",
            None,
            later(2),
        )
        .await
        .unwrap();
    store
        .update_demand(d1, DemandStatus::Won, "cargo refused", None, later(9))
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_demand(d1 + 100, DemandStatus::Won, "", None, later(9))
            .await,
        Err(StoreError::NotFound(_))
    ));
    let draft =
        ActionDraft::parse("Refusal to load", "", "Quay 1742", "2026-11-02T06:00", "").unwrap();
    let here = store
        .create_action(t.haven, None, &draft, "motion-action-1", None, NOW)
        .await
        .unwrap();
    let elsewhere = store
        .create_action(t.noord, None, &draft, "motion-action-2", None, NOW)
        .await
        .unwrap();
    store.link_demand_action(d1, here.id).await.unwrap();
    store.link_demand_action(d1, here.id).await.unwrap();
    let err = store
        .link_demand_action(d1, elsewhere.id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "action"),
        "{err:?}"
    );
    let demands = store.demands(m).await.unwrap();
    assert_eq!(demands.len(), 2);
    assert_eq!(demands[0].status, DemandStatus::Won);
    assert_eq!(
        demands[0]
            .updates
            .iter()
            .map(|u| (u.0, u.2))
            .collect::<Vec<_>>(),
        vec![
            (DemandStatus::Drafted, NOW),
            (DemandStatus::Raised, later(2)),
            (DemandStatus::Won, later(9))
        ]
    );
    assert_eq!(demands[0].actions.len(), 1);
    assert_eq!(demands[1].status, DemandStatus::Drafted);
    assert_eq!(store.demand_motion(d2).await.unwrap(), m);
    // A motion without demands elsewhere; the organization's figures count both.
    store
        .create_motion(t.noord, &motion, NOW, a())
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let f = store.motion_figures(&nation).await.unwrap();
    assert_eq!(
        (
            f.motions,
            f.with_demands,
            f.demands,
            f.moved,
            f.won,
            f.lost,
            f.with_actions
        ),
        (2, 1, 2, 1, 1, 0, 1)
    );
    let port = store.unit(t.haven).await.unwrap().path;
    assert_eq!(store.motion_figures(&port).await.unwrap().motions, 1);
    assert_eq!(store.motions_below(&nation).await.unwrap().len(), 2);
}

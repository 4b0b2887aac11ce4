//! The public calendar: an action shows in the calendars of its units only once made public;
//! a unit's calendar holds the public actions of the unit, above and below it; cancelling
//! raises the sequence once.

use crate::support::{NOW, action_draft, conformance, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_store::{AuditEvent, Store};

conformance!(a_units_calendar_holds_the_public_actions_around_it,);

fn event() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::ActionPublic,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

async fn a_units_calendar_holds_the_public_actions_around_it(store: Store) {
    let t = tree(&store).await;
    let draft = action_draft("");
    let make = |unit, token: &'static str| {
        let store = store.clone();
        let draft = draft.clone();
        async move {
            store
                .create_action(unit, None, &draft, token, None, NOW)
                .await
                .unwrap()
                .id
        }
    };
    let national = make(t.nation, "cal-nation").await;
    let noord = make(t.noord, "cal-noord").await;
    let hidden = make(t.noord, "cal-hidden").await;
    let haven = make(t.haven, "cal-haven").await;
    for id in [national, noord, haven] {
        store.set_action_public(id, true, event()).await.unwrap();
    }
    let path = |unit| {
        let store = store.clone();
        async move { store.unit(unit).await.unwrap().path }
    };
    let since = Timestamp(0);
    let ids = |actions: Vec<enquete_store::ActionRecord>| -> Vec<_> {
        actions.into_iter().map(|a| a.id).collect()
    };
    // Noord: its own public action and the nation's; not the hidden one, not Haven's.
    let mut noord_cal = ids(store
        .public_actions(&path(t.noord).await, since)
        .await
        .unwrap());
    noord_cal.sort();
    let mut expected = vec![national, noord];
    expected.sort();
    assert_eq!(noord_cal, expected);
    // Gent: its sections' too, as far as they are public.
    let gent_cal = ids(store
        .public_actions(&path(t.gent).await, since)
        .await
        .unwrap());
    assert!(gent_cal.contains(&noord) && !gent_cal.contains(&hidden));
    // The nation: everything public.
    assert_eq!(
        store
            .public_actions(&path(t.nation).await, since)
            .await
            .unwrap()
            .len(),
        3
    );
    // Only what starts from `since` on.
    let later = Timestamp(i64::MAX / 2);
    assert!(
        store
            .public_actions(&path(t.noord).await, later)
            .await
            .unwrap()
            .is_empty()
    );
    // Taken out again.
    store
        .set_action_public(haven, false, event())
        .await
        .unwrap();
    assert!(
        !ids(store
            .public_actions(&path(t.haven).await, since)
            .await
            .unwrap())
        .contains(&haven)
    );
    // Cancelled once: the sequence goes up once, and the action stays in the calendar.
    assert!(store.cancel_action(noord, NOW, event()).await.unwrap());
    assert!(!store.cancel_action(noord, NOW, event()).await.unwrap());
    let a = store.action(noord).await.unwrap();
    assert_eq!((a.cancelled, a.sequence, a.public), (true, 1, true));
    assert!(
        ids(store
            .public_actions(&path(t.noord).await, since)
            .await
            .unwrap())
        .contains(&noord)
    );
    // Meetings: open ones of the unit, above and below; not a closed one, not elsewhere.
    let open = store
        .create_meeting(t.noord, NOW, "Agenda", None, NOW)
        .await
        .unwrap()
        .id;
    let closed = store
        .create_meeting(t.noord, NOW, "Agenda", None, NOW)
        .await
        .unwrap()
        .id;
    let elsewhere = store
        .create_meeting(t.haven, NOW, "Agenda", None, NOW)
        .await
        .unwrap()
        .id;
    store.set_meeting_public(open, true).await.unwrap();
    store.set_meeting_public(elsewhere, true).await.unwrap();
    let meetings: Vec<_> = store
        .public_meetings(&path(t.noord).await, since)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(meetings, vec![open]);
    assert!(!meetings.contains(&closed));
    assert_eq!(
        store
            .public_meetings(&path(t.nation).await, since)
            .await
            .unwrap()
            .len(),
        2
    );
    // An unknown action cannot be made public.
    assert!(
        store
            .set_action_public(enquete_domain::campaign::ActionId(9_999), true, event())
            .await
            .is_err()
    );
}

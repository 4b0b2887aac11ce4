//! The festival's programme and shifts on both databases: venues once per name, speakers'
//! travel and accommodation sealed and changed later, sessions only with the festival's own
//! venue and speakers (nothing written otherwise), and shifts that are actions with their team.

use crate::festival::{event, festival};
use crate::support::{NOW, conformance, tree};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::programme::{SessionDraft, SpeakerDraft};
use enquete_store::{Store, StoreError};

conformance!(
    a_programme_holds_its_own_venues_speakers_and_sessions,
    a_shift_is_an_action_of_the_festival,
);

fn session(from: &str, until: &str) -> SessionDraft {
    SessionDraft::parse(
        &[
            ("en", "Ports against war"),
            ("nl", "Havens tegen de oorlog"),
        ],
        from,
        until,
        "en",
        "nl, fr",
    )
    .unwrap()
}

async fn a_programme_holds_its_own_venues_speakers_and_sessions(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let other = festival(&store, t.nation).await;
    let a = || event(AuditAction::Festival);
    let tent = store
        .create_venue(f, "Debate tent", NOW, a())
        .await
        .unwrap();
    let err = store
        .create_venue(f, "Debate tent", NOW, a())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "name"),
        "{err:?}"
    );
    let elsewhere = store
        .create_venue(other, "Debate tent", NOW, a())
        .await
        .unwrap();
    let guest =
        SpeakerDraft::parse("Ana Ferreira", "CGTP, Portugal", true, "", "", "", "").unwrap();
    let ana = store.save_speaker(f, None, &guest, NOW, a()).await.unwrap();
    let arranged = SpeakerDraft {
        travel: "TP 612, Zaventem 10:05".into(),
        accommodation: "Hotel Central, 2 nights".into(),
        ..guest.clone()
    };
    store
        .save_speaker(f, Some(ana), &arranged, NOW, a())
        .await
        .unwrap();
    let speakers = store.speakers(f).await.unwrap();
    assert_eq!(speakers.len(), 1);
    assert_eq!(speakers[0].draft, arranged);
    assert!(matches!(
        store
            .save_speaker(other, Some(ana), &arranged, NOW, a())
            .await,
        Err(StoreError::NotFound(_))
    ));
    let s = session("2027-09-04T15:30", "2027-09-04T17:00");
    let id = store
        .create_programme_session(f, tent, &s, &[ana], NOW, a())
        .await
        .unwrap();
    // Another festival's venue or speaker: refused, nothing written.
    let err = store
        .create_programme_session(f, elsewhere, &s, &[], NOW, a())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "venue"),
        "{err:?}"
    );
    let stranger = store
        .save_speaker(other, None, &guest, NOW, a())
        .await
        .unwrap();
    let err = store
        .create_programme_session(f, tent, &s, &[ana, stranger], NOW, a())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "speakers"),
        "{err:?}"
    );
    let early = session("2027-09-04T11:00", "2027-09-04T12:00");
    store
        .create_programme_session(f, tent, &early, &[], NOW, a())
        .await
        .unwrap();
    let programme = store.programme(f).await.unwrap();
    assert_eq!(programme.len(), 2, "the refused sessions left nothing");
    assert_eq!(programme[1].id, id);
    assert_eq!(programme[1].draft, s);
    assert_eq!(programme[1].venue_name, "Debate tent");
    assert_eq!(
        programme[1].speakers,
        vec![(ana, "Ana Ferreira".to_owned(), "CGTP, Portugal".to_owned())]
    );
    assert!(programme[0].speakers.is_empty());
    assert!(store.programme(other).await.unwrap().is_empty());
}

async fn a_shift_is_an_action_of_the_festival(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let draft =
        ActionDraft::parse("Bar, evening", "", "ManiFiesta", "2027-09-04T18:00", "12").unwrap();
    let ends = enquete_domain::programme::shift_end(draft.starts_at, "2027-09-04T23:30").unwrap();
    let action = store
        .create_shift(t.gent, &draft, "shift-token-1", None, NOW, (f, "bar", ends))
        .await
        .unwrap();
    assert_eq!(action.capacity, Some(12));
    let shifts = store.shifts(f).await.unwrap();
    assert_eq!(shifts.len(), 1);
    assert_eq!(
        (shifts[0].0.team.as_str(), shifts[0].0.ends_at),
        ("bar", ends)
    );
    assert_eq!(shifts[0].1.id, action.id);
    assert_eq!(shifts[0].1.unit, t.gent);
    // A shift of an unknown festival is refused whole: no action left behind.
    let before = store
        .actions_in(&store.unit(t.gent).await.unwrap().path, None)
        .await
        .unwrap()
        .len();
    let missing = enquete_domain::festival::FestivalId(f.0 + 99);
    assert!(
        store
            .create_shift(
                t.gent,
                &draft,
                "shift-token-2",
                None,
                NOW,
                (missing, "bar", ends)
            )
            .await
            .is_err()
    );
    let after = store
        .actions_in(&store.unit(t.gent).await.unwrap().path, None)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after);
}

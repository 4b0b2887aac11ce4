//! A person's training and responsibilities belong to them: the subject access export lists the
//! modules they completed, the positions they held and the sessions they gave, and erasure takes
//! the completions and terms away and leaves their sessions without a trainer.

use crate::support::{NOW, action_draft, add, conformance, person, tree};
use enquete_domain::audit::AuditAction;
use enquete_domain::training::{ChosenBy, ModuleDraft, PositionKind};
use enquete_store::{AuditEvent, Store};

conformance!(training_and_responsibilities_are_exported_and_erased_with_the_person,);

fn event(action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

async fn training_and_responsibilities_are_exported_and_erased_with_the_person(store: Store) {
    let t = tree(&store).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let module = store
        .create_module(
            &ModuleDraft::parse(
                "intro",
                &[("en", "Intro")],
                "introduction",
                "assessment",
                "",
                "",
            )
            .unwrap(),
            NOW,
            event(AuditAction::TrainingModule),
        )
        .await
        .unwrap();
    let action = store
        .create_action(
            t.noord,
            None,
            &action_draft(""),
            "privacy-session",
            None,
            NOW,
        )
        .await
        .unwrap()
        .id;
    let session = store
        .create_session(
            module,
            action,
            Some(ann),
            NOW,
            event(AuditAction::TrainingSession),
        )
        .await
        .unwrap();
    store
        .record_completion(
            module,
            ann,
            None,
            None,
            NOW,
            event(AuditAction::TrainingCompleted),
        )
        .await
        .unwrap();
    let position = store
        .create_position(
            t.noord,
            PositionKind::Treasurer,
            "",
            &[],
            NOW,
            event(AuditAction::Position),
        )
        .await
        .unwrap();
    store
        .start_term(
            position,
            ann,
            &ChosenBy::Appointment,
            NOW,
            None,
            NOW,
            event(AuditAction::PositionFilled),
        )
        .await
        .unwrap();

    let dossier = store.person_dossier(ann).await.unwrap();
    let kinds: Vec<(&str, &str)> = dossier
        .participation
        .iter()
        .map(|p| (p.what.as_str(), p.title.as_str()))
        .collect();
    for want in [
        ("training", "intro"),
        ("responsibility", "treasurer"),
        ("trainer", "Bus to Maastricht"),
    ] {
        assert!(kinds.contains(&want), "{want:?} missing from {kinds:?}");
    }

    store
        .erase_person(ann, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert!(store.completions_of(ann).await.unwrap().is_empty());
    assert!(store.terms_of(ann).await.unwrap().is_empty());
    assert_eq!(store.session(session).await.unwrap().trainer, None);
    let pos = store.position(position, NOW).await.unwrap();
    assert!(pos.holder.is_none(), "the position is vacant again");
}

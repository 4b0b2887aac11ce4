//! The rights of the people on record: erasure, and finding contacts inactive for long.

use crate::support::{
    NOW, action_draft, add, conformance, consenting, demo_survey, person, response, tree,
};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{PetitionDraft, RsvpStatus, SignatureInput};
use enquete_domain::{
    Timestamp,
    people::{Language, MoveReason, Stage},
};
use enquete_store::{AuditEvent, DAY, Store, StoreError};

conformance!(
    erasure_removes_identity_and_keeps_the_counts,
    inactive_contacts_are_found_by_their_last_activity,
);

async fn erasure_removes_identity_and_keeps_the_counts(store: Store) {
    use enquete_domain::survey::AnswerValue;
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let mut r = response("0190c000-0000-7000-8000-0000000000e1", &survey, t.noord);
    r.answers
        .0
        .insert("contact".into(), AnswerValue::Text("yes".into()));
    r.answers.0.insert(
        "change".into(),
        AnswerValue::Text("My landlord at Sleepstraat 4 never repairs anything".into()),
    );
    r.contact = Some(consenting("Samira Benali", "samira@example.org"));
    store.ingest_responses(&[r], NOW).await.unwrap();
    let samira = store.responses(survey.id, 10).await.unwrap()[0]
        .person
        .unwrap();
    // She took a place at a full action, signed a petition twice (once without consent), came
    // to a meeting.
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let action = store
        .create_action(t.gent, None, &action_draft("1"), "tok-erase", None, NOW)
        .await
        .unwrap();
    store
        .rsvp(action.id, samira, false, "test", NOW)
        .await
        .unwrap();
    assert_eq!(
        store
            .rsvp(action.id, bo, false, "test", NOW)
            .await
            .unwrap()
            .status,
        RsvpStatus::Waiting
    );
    let petition = store
        .create_petition(
            t.gent,
            None,
            &PetitionDraft::parse(
                &[("en", "Repairs now")],
                &[("en", "We ask")],
                "the city",
                "",
            )
            .unwrap(),
            "ptok-erase",
            None,
            NOW,
        )
        .await
        .unwrap();
    let sig = SignatureInput::parse("Samira Benali", "samira@example.org", "9000", true).unwrap();
    store
        .sign(&petition, t.noord, &sig, Language::Nl, NOW)
        .await
        .unwrap();
    let meeting = store
        .create_meeting(t.noord, NOW, "", None, NOW)
        .await
        .unwrap();
    store.mark_present(meeting.id, samira).await.unwrap();
    // Subject access: everything, in one dossier.
    let dossier = store.person_dossier(samira).await.unwrap();
    assert_eq!(dossier.record.person.name.as_str(), "Samira Benali");
    assert_eq!(dossier.responses.len(), 1);
    assert!(
        dossier.responses[0].answers["change"]
            .as_str()
            .unwrap()
            .contains("landlord")
    );
    assert_eq!(
        dossier.consents.len(),
        1,
        "given at the door (a public page does not add to a known record)"
    );
    let whats: Vec<&str> = dossier
        .participation
        .iter()
        .map(|p| p.what.as_str())
        .collect();
    assert!(whats.contains(&"action") && whats.contains(&"meeting") && whats.contains(&"petition"));
    assert!(!dossier.ladder.is_empty());
    // Erasure.
    let event = AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::PersonErased,
        person: None,
        detail: "request by e-mail".into(),
        ip: "127.0.0.1".into(),
    };
    let version_before = store.results_version(survey.id).await.unwrap();
    let done = store.erase_person(samira, event).await.unwrap();
    assert_eq!(
        (
            done.responses_unlinked,
            done.texts_removed,
            done.signatures_anonymised,
            done.rsvps_removed
        ),
        (1, 1, 1, 1)
    );
    assert!(matches!(
        store.person(samira).await,
        Err(StoreError::NotFound(_))
    ));
    // The response still counts, without the link or the free text.
    let stored = store.responses(survey.id, 10).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(stored[0].person.is_none());
    assert!(!stored[0].answers.0.contains_key("change"));
    assert!(stored[0].answers.0.contains_key("top3"));
    assert!(
        store.results_version(survey.id).await.unwrap().rewritten > version_before.rewritten,
        "servers read the survey again"
    );
    // The signature still counts; nothing in it names her.
    assert_eq!(store.signature_count(petition.id).await.unwrap(), 1);
    let nation = store.unit(t.nation).await.unwrap().path;
    let sigs = store.signatures(petition.id, &nation, 10).await.unwrap();
    assert_eq!(
        (
            sigs[0].name.as_str(),
            sigs[0].email.as_str(),
            sigs[0].postcode.as_str()
        ),
        ("", "", "")
    );
    // Her place went to Bo.
    let a = store.action(action.id).await.unwrap();
    assert_eq!((a.confirmed, a.waiting), (1, 0));
    assert_eq!(store.present_at(meeting.id).await.unwrap().len(), 0);
    // The audit keeps the number of the record and what was done, no name.
    let audit = store.audit_events(Some(samira), 10).await.unwrap();
    assert_eq!(audit[0].action, AuditAction::PersonErased);
    assert!(
        audit[0].detail.contains("responses unlinked 1"),
        "{}",
        audit[0].detail
    );
    assert!(!audit[0].detail.contains("Samira"));
    assert!(matches!(
        store.erase_person(samira, audit[0].clone()).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn inactive_contacts_are_found_by_their_last_activity(store: Store) {
    let t = tree(&store).await;
    let quiet = add(&store, t.noord, person("Quiet"), None).await;
    let came = add(&store, t.noord, person("Came Later"), None).await;
    let member = add(&store, t.noord, person("Member"), None).await;
    store
        .move_stage(
            member,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let action = store
        .create_action(t.gent, None, &action_draft(""), "tok-retention", None, NOW)
        .await
        .unwrap();
    store
        .check_in(action.id, came, None, Timestamp(NOW.0 + 100 * DAY), None)
        .await
        .unwrap();
    let later = Timestamp(NOW.0 + 50 * DAY);
    let found = store.inactive_contacts(later, 100).await.unwrap();
    // `came` moved up to sympathiser when checked in: no longer a contact at all.
    assert_eq!(found.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [quiet]);
    assert_eq!(found[0].1, NOW);
    assert!(
        store.inactive_contacts(NOW, 100).await.unwrap().is_empty(),
        "active until now"
    );
    assert!(store.inactive_contacts(later, 0).await.unwrap().is_empty());
}

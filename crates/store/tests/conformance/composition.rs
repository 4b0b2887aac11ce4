//! Profiles counted in who leads: sealed, replaced, counted only for people of the branch whose
//! latest choice about being counted is a yes, exported and erased with the person.

use crate::support::{NOW, add, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::composition::{Occupation, Profile};
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonId};
use enquete_store::{AuditEvent, Store};

conformance!(profiles_are_counted_only_with_the_latest_consent_and_erased_with_the_person,);

fn event() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Edit,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

async fn consent(store: &Store, who: PersonId, granted: bool, at: i64) {
    store
        .record_consent(
            who,
            &NewConsent {
                purpose: ConsentPurpose::Composition,
                granted,
                source: ConsentSource::parse("asked").unwrap(),
            },
            None,
            Timestamp(NOW.0 + at),
            None,
        )
        .await
        .unwrap();
}

async fn profiles_are_counted_only_with_the_latest_consent_and_erased_with_the_person(
    store: Store,
) {
    let t = tree(&store).await;
    let worker = Profile::parse("manual", "woman", "25_34").unwrap();
    let manager = Profile::parse("professional_manager", "man", "50_64").unwrap();
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bob = add(&store, t.noord, person("Bob"), None).await;
    let cy = add(&store, t.haven, person("Cy"), None).await;
    let dee = add(&store, t.noord, person("Dee"), None).await;
    for who in [ann, bob, cy, dee] {
        store.set_profile(who, &worker, NOW, event()).await.unwrap();
    }
    // Replaced, not added twice.
    store
        .set_profile(ann, &manager, NOW, event())
        .await
        .unwrap();
    assert_eq!(store.profile(ann).await.unwrap(), Some(manager));
    assert_eq!(store.profile(PersonId(999_999)).await.unwrap(), None);
    consent(&store, ann, true, 1).await;
    consent(&store, bob, true, 1).await;
    consent(&store, bob, false, 2).await;
    consent(&store, cy, true, 1).await;
    // Dee never agreed.
    let noord = store.unit(t.noord).await.unwrap().path;
    let counted = store.counted_profiles(&noord).await.unwrap();
    assert_eq!(
        counted.len(),
        1,
        "Ann only: Bob withdrew, Dee never agreed, Cy is elsewhere"
    );
    assert_eq!(
        (counted[0].0, counted[0].2.occupation),
        (ann, Occupation::ProfessionalManager)
    );
    let nation = store.unit(t.nation).await.unwrap().path;
    assert_eq!(store.counted_profiles(&nation).await.unwrap().len(), 2);
    // In the subject access export.
    let dossier = store.person_dossier(ann).await.unwrap();
    assert!(
        dossier
            .participation
            .iter()
            .any(|p| p.what == "composition profile" && p.title == "professional_manager")
    );
    // Erased with the person.
    store.erase_person(ann, event()).await.unwrap();
    assert_eq!(store.profile(ann).await.unwrap(), None);
    assert!(store.counted_profiles(&noord).await.unwrap().is_empty());
}

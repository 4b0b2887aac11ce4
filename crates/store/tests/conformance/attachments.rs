//! Photos, recordings and files of responses: stored once beside their response, never
//! overwritten, sealed at rest (see `at_rest`), and erased with the person they belong to.

use crate::support::{NOW, conformance, consenting, demo_survey, response, tree};
use enquete_store::{AttachmentOutcome, AuditEvent, Store, StoreError};

conformance!(
    attachments_are_stored_once_and_never_overwritten,
    attachments_go_with_an_erased_person,
    a_surveys_files_are_listed_within_a_subtree,
);

async fn a_surveys_files_are_listed_within_a_subtree(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let here = "0190d000-0000-7000-8000-0000000000c1";
    let there = "0190d000-0000-7000-8000-0000000000c2";
    store
        .ingest_responses(
            &[
                response(here, &survey, t.noord),
                response(there, &survey, t.haven),
            ],
            NOW,
        )
        .await
        .unwrap();
    for id in [here, there] {
        store
            .put_attachment(id, "door.jpg", "image/jpeg", PHOTO, NOW)
            .await
            .unwrap();
    }
    let gent = store.unit(t.gent).await.unwrap().path;
    let nation = store.unit(t.nation).await.unwrap().path;
    let in_gent = store.files_of_survey(survey.id, &gent, 100).await.unwrap();
    assert_eq!(in_gent.len(), 1);
    assert_eq!(
        (
            in_gent[0].response.as_str(),
            in_gent[0].unit,
            in_gent[0].file.name.as_str()
        ),
        (here, t.noord, "door.jpg")
    );
    assert_eq!(
        store
            .files_of_survey(survey.id, &nation, 100)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .files_of_survey(survey.id, &nation, 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.response_unit(there).await.unwrap(), t.haven);
    assert!(matches!(
        store
            .response_unit("0190d000-0000-7000-8000-00000000ffff")
            .await,
        Err(StoreError::NotFound(_))
    ));
}

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 a small photo of a letterbox \xff\xd9";

async fn attachments_are_stored_once_and_never_overwritten(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let id = "0190d000-0000-7000-8000-0000000000a1";
    store
        .ingest_responses(&[response(id, &survey, t.noord)], NOW)
        .await
        .unwrap();
    let put = |name: &'static str, data: &'static [u8]| {
        let store = store.clone();
        async move {
            store
                .put_attachment(id, name, "image/jpeg", data, NOW)
                .await
        }
    };
    assert_eq!(
        put("door.jpg", PHOTO).await.unwrap(),
        AttachmentOutcome::Stored
    );
    assert_eq!(
        put("door.jpg", PHOTO).await.unwrap(),
        AttachmentOutcome::Duplicate,
        "the phone sent it again"
    );
    let e = put("door.jpg", b"another picture").await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Invalid(f) if f.key() == "error-attachment-changed"),
        "{e}"
    );
    // At the same moment, twice: stored once.
    let (a, b) = tokio::join!(put("voice.ogg", b"OggS..."), put("voice.ogg", b"OggS..."));
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|o| *o == AttachmentOutcome::Stored);
    assert_eq!(
        outcomes,
        [AttachmentOutcome::Duplicate, AttachmentOutcome::Stored]
    );
    let listed = store.attachments_of(id).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["door.jpg", "voice.ogg"]);
    assert_eq!(listed[0].size, PHOTO.len() as u64);
    let (info, data) = store.attachment(id, "door.jpg").await.unwrap();
    assert_eq!(
        (info.content_type.as_str(), data.as_slice()),
        ("image/jpeg", PHOTO)
    );
    assert!(matches!(
        store.attachment(id, "none.jpg").await,
        Err(StoreError::NotFound(_))
    ));
    // A backup holds them (SQLite here; PostgreSQL's is pg_dump of the same tables).
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    let backed_up = match store.backup_sqlite(&copy).await {
        Ok(()) => true,
        Err(StoreError::BadUrl(_)) => false,
        Err(e) => panic!("{e}"),
    };
    if backed_up {
        let keys = enquete_store::crypto::Keyring::new(
            "Y29uZm9ybWFuY2UgdGVzdHMgb25seTogbm8ga2V5ISE=",
            &[],
        )
        .unwrap();
        let restored = Store::open_with(&format!("sqlite://{}", copy.display()), keys)
            .await
            .unwrap();
        let (_, again) = restored.attachment(id, "door.jpg").await.unwrap();
        assert_eq!(again, PHOTO, "the backup holds the photo");
        restored.close().await;
    }
    assert!(matches!(
        store
            .put_attachment(
                "0190d000-0000-7000-8000-00000000ffff",
                "x.jpg",
                "image/jpeg",
                PHOTO,
                NOW
            )
            .await,
        Err(StoreError::NotFound("response"))
    ));
}

async fn attachments_go_with_an_erased_person(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let mut linked = response("0190d000-0000-7000-8000-0000000000b1", &survey, t.noord);
    linked.contact = Some(consenting("Samira Benali", "samira@example.org"));
    let other = response("0190d000-0000-7000-8000-0000000000b2", &survey, t.noord);
    store.ingest_responses(&[linked, other], NOW).await.unwrap();
    for id in [
        "0190d000-0000-7000-8000-0000000000b1",
        "0190d000-0000-7000-8000-0000000000b2",
    ] {
        store
            .put_attachment(id, "door.jpg", "image/jpeg", PHOTO, NOW)
            .await
            .unwrap();
    }
    let samira = store
        .responses(survey.id, 10)
        .await
        .unwrap()
        .into_iter()
        .find_map(|r| r.person)
        .unwrap();
    let event = AuditEvent {
        at: NOW,
        user: None,
        action: enquete_domain::audit::AuditAction::PersonErased,
        person: None,
        detail: "request by e-mail".into(),
        ip: "127.0.0.1".into(),
    };
    let done = store.erase_person(samira, event).await.unwrap();
    assert_eq!(done.attachments_removed, 1);
    assert!(
        store
            .attachments_of("0190d000-0000-7000-8000-0000000000b1")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .attachments_of("0190d000-0000-7000-8000-0000000000b2")
            .await
            .unwrap()
            .len(),
        1,
        "someone else's photo stays"
    );
}

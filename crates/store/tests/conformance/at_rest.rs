//! Encryption at rest: personal fields sealed in the database and still found, keys rotated
//! without losing a record, records from before sealing sealed when the store opens. These tests
//! also look at what the database holds, so they get the database beside the store.

use crate::support::{NOW, Tree, add, demo_survey, field_of, person, response, tree};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{PetitionDraft, SignatureInput};
use enquete_domain::{
    people::{ConsentPurpose, ConsentSource, Language, NewConsent, PersonInput},
    policy::PeopleVisibility,
};
use enquete_store::{Backend, PeopleQuery, SignOutcome, Store, testing::TestDb};
use std::future::Future;

const KEY_A: &str = "Y29uZm9ybWFuY2UgdGVzdHMgb25seTogbm8ga2V5ISE=";
const KEY_B: &str = "c2Vjb25kIGtleSBmb3IgdGhlIHJvdGF0aW9uIHRlc3Q=";

fn keys(current: &str, old: &[&str]) -> enquete_store::crypto::Keyring {
    let old: Vec<String> = old.iter().map(|k| (*k).to_owned()).collect();
    enquete_store::crypto::Keyring::new(current, &old).unwrap()
}

async fn run_raw<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = TestDb>,
{
    let Some(db) = TestDb::new(backend).await.expect("test database") else {
        eprintln!("PostgreSQL skipped: ENQUETE_TEST_POSTGRES=skip");
        return;
    };
    test(db).await.finish().await;
}

macro_rules! at_rest {
    ($($name:ident),* $(,)?) => {
        mod sqlite_at_rest {
            $( #[tokio::test] async fn $name() { super::run_raw(enquete_store::Backend::Sqlite, super::$name).await } )*
        }
        mod postgres_at_rest {
            $( #[tokio::test] async fn $name() { super::run_raw(enquete_store::Backend::Postgres, super::$name).await } )*
        }
    };
}

at_rest!(
    personal_fields_are_sealed_at_rest_and_still_found,
    keys_rotate_without_losing_a_record,
    records_from_before_sealing_are_sealed_when_the_store_opens,
    one_answer_per_address_is_kept_under_a_keyed_digest,
);

/// A person, a signature and a linked response with a free-text answer, all in Gent Noord.
fn audit() -> enquete_store::AuditEvent {
    enquete_store::AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Workplace,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

async fn personal_data(store: &Store, t: &Tree) -> enquete_domain::people::PersonId {
    let amelie = add(
        store,
        t.noord,
        PersonInput {
            email: "Amelie.Dubois@example.be".into(),
            phone: "0470 11 22 33".into(),
            address: "Rue Haute 12".into(),
            notes: "works nights at the hospital".into(),
            workplace: "UZ Gent".into(),
            ..person("Amélie Dubois")
        },
        None,
    )
    .await;
    let petition = store
        .create_petition(
            t.gent,
            None,
            &PetitionDraft::parse(&[("en", "Rents")], &[("en", "Freeze")], "the city", "100")
                .unwrap(),
            "sealtok",
            None,
            NOW,
        )
        .await
        .unwrap();
    let sig = SignatureInput::parse("Bram Vermeulen", "bram.v@example.org", "9000", false).unwrap();
    store
        .sign(&petition, t.noord, &sig, Language::Nl, NOW)
        .await
        .unwrap();
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let mut r = response("0190c000-0000-7000-8000-0000000000aa", &survey, t.noord);
    r.answers.0.insert(
        "change".into(),
        enquete_domain::survey::AnswerValue::Text("landlord Kasprzak never repairs".into()),
    );
    r.contact = Some(enquete_store::NewContact {
        details: person("Samira Benali").parse().unwrap(),
        consent: NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door-to-door enquête").unwrap(),
        },
    });
    store.ingest_responses(&[r], NOW).await.unwrap();
    store
        .put_attachment(
            "0190c000-0000-7000-8000-0000000000aa",
            "voice.txt",
            "text/plain",
            b"this is samira benali speaking",
            NOW,
        )
        .await
        .unwrap();
    // An answer on a public RSVP page, waiting for the link mailed to its address.
    let action = store
        .create_action(
            t.gent,
            None,
            &enquete_domain::campaign::ActionDraft::parse(
                "Assembly",
                "",
                "School",
                "2026-03-01T19:00",
                "10",
            )
            .unwrap(),
            "rsvp-seal-tok",
            None,
            NOW,
        )
        .await
        .unwrap();
    let visitor = PersonInput {
        email: "carla.janssens@example.net".into(),
        phone: "0486 55 44 33".into(),
        ..person("Carla Janssens")
    }
    .parse()
    .unwrap();
    assert!(
        store
            .request_public_rsvp(
                &enquete_store::PendingRsvp {
                    action: action.id,
                    section: t.noord,
                    details: &visitor,
                    may_contact: true,
                    wants_transport: true,
                },
                "rsvp-seal-link",
                &enquete_store::ConfirmationMail {
                    subject: "Confirm your place",
                    body: "Carla Janssens, open https://example.org/a/rsvp-seal-tok/confirm/rsvp-seal-link",
                },
                NOW,
            )
            .await
            .unwrap()
    );
    // A port worker placed on the workplace map, with her union and where she stands.
    let zofia = add(store, t.haven, person("Zofia Nowakowska"), None).await;
    store
        .save_workplace(
            t.haven,
            &enquete_domain::workplace::WorkplaceDraft::parse("PSA", "", "", "", "").unwrap(),
            NOW,
            audit(),
        )
        .await
        .unwrap();
    store
        .add_union(t.haven, "BTB", "Metaalbond delegate Wouters", audit())
        .await
        .unwrap();
    store
        .place_worker(
            t.haven,
            zofia,
            None,
            None,
            true,
            "Transportbond member",
            NOW,
            audit(),
        )
        .await
        .unwrap();
    store
        .assess(
            t.haven,
            zofia,
            enquete_domain::workplace::Support::parse("2").unwrap(),
            "fears the foreman",
            None,
            NOW,
            audit(),
        )
        .await
        .unwrap();
    amelie
}

/// Every text the database holds in these tables, as one string.
async fn stored_text(db: &TestDb) -> String {
    let mut all = String::new();
    for sql in [
        "SELECT name, name_search, email, phone, phone_norm, address, workplace, notes, search_tokens, email_index, phone_index FROM people",
        "SELECT name, email, email_key, name_key, postcode FROM signatures",
        "SELECT answers FROM responses",
        "SELECT from_stage, to_stage, reason FROM stage_changes",
        "SELECT token_hash, details, email_index FROM rsvp_confirmations",
        "SELECT to_address, subject, body FROM outbox",
        "SELECT name FROM throttle_keys",
        "SELECT union_member FROM workplace_people",
        "SELECT representatives FROM workplace_unions",
        "SELECT score, note FROM support_assessments",
    ] {
        for row in db.raw_text(sql).await.unwrap() {
            all.push_str(&row.join("|").to_lowercase());
            all.push('\n');
        }
    }
    all
}

// Long enough, or holding a space, dot or accent, not to turn up by chance in hex or base64
// (the postcode, four digits, is checked column by column in `postcodes_sealed`).
const SECRETS: [&str; 21] = [
    "amélie",
    "dubois",
    "amelie.dubois",
    "0470 11 22 33",
    "32470112233",
    "rue haute",
    "hospital",
    "uz gent",
    "bram vermeulen",
    "vermeulen",
    "bram.v@example.org",
    "samira benali",
    "kasprzak",
    "carla janssens",
    "carla.janssens",
    "0486 55 44 33",
    "32486554433",
    "rsvp-seal-link",
    "metaalbond delegate",
    "transportbond member",
    "fears the foreman",
];

async fn postcodes_sealed(db: &TestDb) -> bool {
    let scores_sealed = db
        .raw_text("SELECT score FROM support_assessments")
        .await
        .unwrap()
        .iter()
        .all(|row| row.iter().all(|v| v.len() > 1));
    scores_sealed
        && db
            .raw_text("SELECT postcode FROM signatures")
            .await
            .unwrap()
            .iter()
            .all(|row| row.iter().all(|v| v != "9000"))
}

async fn personal_fields_are_sealed_at_rest_and_still_found(db: TestDb) -> TestDb {
    let store = db.store_with(keys(KEY_A, &[])).await.unwrap();
    let t = tree(&store).await;
    let amelie = personal_data(&store, &t).await;
    // A second record with the same address: a duplicate, found through the blind index.
    let again = add(
        &store,
        t.noord,
        PersonInput {
            email: "amelie.dubois@example.be".into(),
            ..person("A. Dubois")
        },
        None,
    )
    .await;
    assert!(postcodes_sealed(&db).await);
    for row in db.raw_text("SELECT data FROM attachments").await.unwrap() {
        assert!(
            row[0].starts_with("enq1:"),
            "a file is stored in clear: {row:?}"
        );
    }
    let text = stored_text(&db).await;
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{secret:?} is stored in clear:\n{text}"
        );
    }
    // Read back whole.
    let rec = store.person(amelie).await.unwrap().person;
    assert_eq!(
        (
            rec.name.as_str(),
            rec.email.as_deref(),
            rec.phone.as_deref(),
            rec.notes.as_deref()
        ),
        (
            "Amélie Dubois",
            Some("amelie.dubois@example.be"),
            Some("0470 11 22 33"),
            Some("works nights at the hospital")
        )
    );
    let nation = store.unit(t.nation).await.unwrap().path;
    let all = PeopleVisibility::Subtree(nation.clone());
    let found = |text: &'static str| {
        let store = store.clone();
        let all = all.clone();
        async move {
            let page = store
                .search_people(
                    &all,
                    &PeopleQuery {
                        text: text.into(),
                        limit: 50,
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            page.people.iter().map(|r| r.person.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(found("amel").await, vec![amelie]);
    assert_eq!(found("dubois").await, vec![again, amelie], "sorted by name");
    assert_eq!(found("AMELIE.DUBOIS@example.be").await, vec![again, amelie]);
    assert_eq!(found("+32 470 11 22 33").await, vec![amelie]);
    assert_eq!(found("samira").await.len(), 1);
    let pairs = store.find_duplicates(&nation, 10).await.unwrap();
    assert_eq!(
        pairs
            .iter()
            .map(|p| (p.keep, p.other, p.keep_name.as_str()))
            .collect::<Vec<_>>(),
        vec![(amelie, again, "Amélie Dubois")]
    );
    // The free-text answer of the linked response reads back for exports and results.
    let survey = store.surveys().await.unwrap()[0].id;
    let responses = store.responses(survey, 10).await.unwrap();
    assert!(responses.iter().any(|r| matches!(
        r.answers.0.get("change"),
        Some(enquete_domain::survey::AnswerValue::Text(t)) if t.contains("Kasprzak")
    )));
    // Merged, the record stays sealed and found.
    store
        .merge_people(amelie, again, None, NOW, None)
        .await
        .unwrap();
    assert_eq!(found("amelie").await, vec![amelie]);
    assert!(postcodes_sealed(&db).await);
    let text = stored_text(&db).await;
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{secret:?} is stored in clear after a merge"
        );
    }
    // The RSVP waiting for its link and its mail read back whole; confirmed, the new contact is
    // sealed like every record.
    let mail = store.pending_mail(10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, "carla.janssens@example.net");
    assert!(mail[0].body.starts_with("Carla Janssens"));
    let action = store.action_by_token("rsvp-seal-tok").await.unwrap().id;
    let done = store
        .confirm_public_rsvp(action, "rsvp-seal-link", NOW)
        .await
        .unwrap()
        .unwrap();
    let carla = store.person(done.person).await.unwrap().person;
    assert_eq!(
        (
            carla.name.as_str(),
            carla.email.as_deref(),
            carla.phone.as_deref()
        ),
        (
            "Carla Janssens",
            Some("carla.janssens@example.net"),
            Some("0486 55 44 33")
        )
    );
    assert!(done.bus.is_none());
    let text = stored_text(&db).await;
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{secret:?} is stored in clear after the RSVP was confirmed"
        );
    }
    // Sent, a mail keeps neither its address nor its body.
    store.mail_sent(mail[0].id, NOW).await.unwrap();
    let outbox = db
        .raw_text("SELECT to_address, body FROM outbox")
        .await
        .unwrap();
    assert_eq!(outbox, vec![vec![String::new(), String::new()]]);
    // The same database opened without the key cannot read the names, and says why.
    let keyless = db.store().await.unwrap();
    let e = keyless.person(amelie).await.unwrap_err().to_string();
    assert!(e.contains("not configured"), "{e}");
    keyless.close().await;
    store.close().await;
    db
}

async fn keys_rotate_without_losing_a_record(db: TestDb) -> TestDb {
    let store = db.store_with(keys(KEY_A, &[])).await.unwrap();
    let t = tree(&store).await;
    let amelie = personal_data(&store, &t).await;
    let old_id = store.keys().current_id().to_owned();
    store.close().await;

    // The new key comes first, the old one stays readable until the rotation is done.
    let store = db.store_with(keys(KEY_B, &[KEY_A])).await.unwrap();
    let new_id = store.keys().current_id().to_owned();
    assert_ne!(old_id, new_id);
    assert_eq!(
        store.person(amelie).await.unwrap().person.name,
        "Amélie Dubois"
    );
    let usage = store.key_usage().await.unwrap();
    assert!(usage.people.iter().all(|(k, _)| *k == old_id), "{usage:?}");
    assert_eq!((usage.responses_current, usage.responses_other), (0, 1));
    // Found mid-rotation through the old key's tokens.
    let nation = store.unit(t.nation).await.unwrap().path;
    let query = PeopleQuery {
        text: "dubois".into(),
        limit: 10,
        ..Default::default()
    };
    let all = PeopleVisibility::Subtree(nation);
    assert_eq!(store.search_people(&all, &query).await.unwrap().total, 1);
    // The same mailbox signing again is still refused across keys.
    let petition = store.petition_by_token("sealtok").await.unwrap();
    let sig = SignatureInput::parse("Bram V", "Bram.V+x@example.org", "9000", false).unwrap();
    assert!(matches!(
        store
            .sign(&petition, t.noord, &sig, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::AlreadySigned(1)
    ));

    let done = store.rotate_keys(NOW).await.unwrap();
    // Amélie, her duplicate and Zofia of the port.
    assert_eq!((done.people, done.signatures, done.responses), (3, 1, 1));
    assert_eq!(done.attachments, 1, "the recording sent with the response");
    for row in db.raw_text("SELECT data FROM attachments").await.unwrap() {
        assert!(row[0].starts_with(&format!("enq1:{new_id}:")), "{row:?}");
    }
    let (_, voice) = store
        .attachment("0190c000-0000-7000-8000-0000000000aa", "voice.txt")
        .await
        .unwrap();
    assert_eq!(voice, b"this is samira benali speaking");
    assert_eq!(
        done.waiting, 6,
        "the RSVP waiting for its link, its mail, and Zofia's union, her union's representatives, \
         her assessment's score and note"
    );
    let usage = store.key_usage().await.unwrap();
    assert_eq!(usage.people, vec![(new_id.clone(), 3)]);
    assert_eq!(usage.signatures, vec![(new_id.clone(), 1)]);
    assert_eq!((usage.responses_current, usage.responses_other), (1, 0));
    assert_eq!(
        store.rotate_keys(NOW).await.unwrap(),
        Default::default(),
        "nothing left"
    );
    store.purge_free_space().await.unwrap();
    assert!(postcodes_sealed(&db).await);
    let text = stored_text(&db).await;
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{secret:?} is stored in clear after rotation"
        );
    }
    assert!(
        store
            .audit_events(None, 10)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == AuditAction::RotateKeys && e.detail.contains("3 people"))
    );
    store.close().await;

    // After the rotation the old key is no longer needed...
    let store = db.store_with(keys(KEY_B, &[])).await.unwrap();
    assert_eq!(
        store.person(amelie).await.unwrap().person.name,
        "Amélie Dubois"
    );
    assert_eq!(store.search_people(&all, &query).await.unwrap().total, 1);
    let list = store
        .signatures(petition.id, &store.unit(t.nation).await.unwrap().path, 10)
        .await
        .unwrap();
    assert_eq!(
        (list[0].name.as_str(), list[0].postcode.as_str()),
        ("Bram Vermeulen", "9000")
    );
    let mail = store.pending_mail(10).await.unwrap();
    assert_eq!(mail[0].to, "carla.janssens@example.net");
    assert!(mail[0].body.contains("/confirm/rsvp-seal-link"));
    let action = store.action_by_token("rsvp-seal-tok").await.unwrap().id;
    let done = store
        .confirm_public_rsvp(action, "rsvp-seal-link", NOW)
        .await
        .unwrap()
        .expect("the link works under the new key");
    assert_eq!(
        store.person(done.person).await.unwrap().person.name,
        "Carla Janssens"
    );
    store.close().await;
    // ...and alone it opens nothing.
    let store = db.store_with(keys(KEY_A, &[])).await.unwrap();
    assert!(store.person(amelie).await.is_err());
    store.close().await;
    db
}

async fn records_from_before_sealing_are_sealed_when_the_store_opens(db: TestDb) -> TestDb {
    // Written without a key, then made to look as the records migrated from before sealing
    // existed: in clear, with no key id and no blind index.
    let store = db.store().await.unwrap();
    let t = tree(&store).await;
    let amelie = personal_data(&store, &t).await;
    store.close().await;
    db.raw_execute(
        "UPDATE people SET key_id = '', search_tokens = '', email_index = NULL, phone_index = NULL",
    )
    .await
    .unwrap();
    db.raw_execute("UPDATE signatures SET key_id = ''")
        .await
        .unwrap();
    assert!(stored_text(&db).await.contains("dubois"));

    // Opened with a key: sealed and indexed before the first request.
    let store = db.store_with(keys(KEY_A, &[])).await.unwrap();
    assert!(postcodes_sealed(&db).await);
    let text = stored_text(&db).await;
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret:?} is still in clear");
    }
    let nation = store.unit(t.nation).await.unwrap().path;
    let page = store
        .search_people(
            &PeopleVisibility::Subtree(nation),
            &PeopleQuery {
                text: "0470112233".into(),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.people[0].person.id, amelie);
    assert_eq!(
        page.people[0].person.address.as_deref(),
        Some("Rue Haute 12")
    );
    store.close().await;
    db
}

/// The digest the one-answer-per-address check stored before security issue 13, finding 11: a
/// name-based UUID of the link and the address, which anyone with the database could test
/// candidate addresses against.
fn unkeyed_digest(token: &str, email: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("enquete:link-email:{token}:{email}").as_bytes(),
    )
    .to_string()
}

/// Security (issue 13, finding 11): the digest of (link, address) is a keyed blind index, not
/// an unkeyed UUID; digests stored the old way and under an older key still refuse a second
/// answer.
async fn one_answer_per_address_is_kept_under_a_keyed_digest(db: TestDb) -> TestDb {
    let store = db.store_with(keys(KEY_A, &[])).await.unwrap();
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let link = store
        .create_link("link-tok", survey.id, t.noord, true, None, NOW)
        .await
        .unwrap();
    let other = store
        .create_link("other-tok", survey.id, t.noord, true, None, NOW)
        .await
        .unwrap();
    let mut n = 0;
    let mut submit = |store: Store, token: String, email: &'static str| {
        n += 1;
        let mut r = response(
            &format!("0190e000-0000-7000-8000-{n:012}"),
            &survey,
            t.noord,
        );
        r.collector = None;
        async move { store.submit_online(&token, Some(email), &r, NOW).await }
    };
    let digests = |token: &str| {
        format!("SELECT digest FROM link_emails WHERE token = '{token}' ORDER BY digest")
    };
    submit(store.clone(), link.token.clone(), "amelie@example.be")
        .await
        .unwrap();
    let stored = db.raw_text(&digests(&link.token)).await.unwrap();
    assert_eq!(stored.len(), 1);
    let digest = stored[0][0].clone();
    assert_ne!(digest, unkeyed_digest(&link.token, "amelie@example.be"));
    assert!(!digest.contains("amelie"));
    assert_eq!(
        field_of(
            submit(store.clone(), link.token.clone(), "amelie@example.be")
                .await
                .unwrap_err()
        ),
        "email",
        "one answer per address"
    );
    // The same address on another link: another digest, and it may answer there.
    submit(store.clone(), other.token.clone(), "amelie@example.be")
        .await
        .unwrap();
    let there = db.raw_text(&digests(&other.token)).await.unwrap();
    assert_eq!(there.len(), 1);
    assert_ne!(there[0][0], digest);
    // A digest stored the old way still counts; none is written the old way any more.
    db.raw_execute(&format!(
        "INSERT INTO link_emails (token, digest) VALUES ('{}', '{}')",
        link.token,
        unkeyed_digest(&link.token, "bram@example.org")
    ))
    .await
    .unwrap();
    assert_eq!(
        field_of(
            submit(store.clone(), link.token.clone(), "bram@example.org")
                .await
                .unwrap_err()
        ),
        "email",
        "an address that answered before the keyed digests"
    );
    store.close().await;
    // After a rotation the old key's digests still count, and new ones are under the new key.
    let store = db.store_with(keys(KEY_B, &[KEY_A])).await.unwrap();
    assert_eq!(
        field_of(
            submit(store.clone(), link.token.clone(), "amelie@example.be")
                .await
                .unwrap_err()
        ),
        "email",
        "an address that answered under the old key"
    );
    submit(store.clone(), link.token.clone(), "carla@example.net")
        .await
        .unwrap();
    let after = db.raw_text(&digests(&link.token)).await.unwrap();
    assert_eq!(after.len(), 3, "amelie, bram (old way), carla: {after:?}");
    assert!(
        !after
            .iter()
            .any(|row| row[0] == unkeyed_digest(&link.token, "carla@example.net"))
    );
    assert_eq!(store.count_responses(survey.id).await.unwrap(), 3);
    store.close().await;
    db
}

//! The store conformance suite: every store operation and invariant, run once on SQLite and once
//! on PostgreSQL. A backend passes only if it behaves exactly like the other.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use enquete_domain::campaign::{
    ActionDraft, CampaignDraft, DecisionDraft, Metric, PetitionDraft, ProjectDraft, RsvpStatus,
    SignatureInput, default_ladder_rules, parse_ladder_rules,
};
use enquete_domain::people::PersonId;
use enquete_domain::{
    FieldError, Timestamp,
    account::{Role, UserId},
    demo::{self, Scale},
    org::{UnitId, UnitKind, UnitName, UnitPath},
    people::{
        ConsentPurpose, ConsentSource, Email, Language, MoveReason, NewConsent, PersonInput, Stage,
        Tag,
    },
    policy::PeopleVisibility,
};
use enquete_store::{
    AuditEvent, Backend, DAY, NewCampaign, NewUser, PeopleQuery, SignOutcome, Store, StoreError,
    Tally, TargetRow, testing::TestDb,
};
use std::future::Future;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::SessionStore;

const NOW: Timestamp = Timestamp(1_790_000_000);

async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDb::new(backend).await.expect("test database") else {
        eprintln!("PostgreSQL skipped: ENQUETE_TEST_POSTGRES=skip");
        return;
    };
    // Every operation runs with personal fields sealed, as in production; without a key
    // (fields in clear) is what the web and CLI tests run with.
    let keys =
        enquete_store::crypto::Keyring::new("Y29uZm9ybWFuY2UgdGVzdHMgb25seTogbm8ga2V5ISE=", &[])
            .expect("test key");
    let store = db.store_with(keys).await.expect("open store");
    test(store.clone()).await;
    store.close().await;
    db.finish().await;
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $name() { super::run(enquete_store::Backend::Sqlite, super::$name).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $name() { super::run(enquete_store::Backend::Postgres, super::$name).await } )*
        }
    };
}

conformance!(
    migrations_run_twice_without_harm,
    the_tree_checks_kinds_and_has_one_nation,
    moving_a_unit_moves_its_subtree,
    archived_units_take_no_people_and_can_be_restored,
    people_are_created_read_and_updated,
    ladder_moves_are_checked_and_recorded,
    consents_are_appended_never_overwritten,
    search_filters_by_text_stage_tag_unit_and_visibility,
    duplicates_are_found_and_merged,
    accounts_have_unique_emails,
    failed_logins_are_counted_until_a_success,
    online_submissions_are_counted_per_address_and_forgotten,
    sessions_round_trip_and_expire,
    audit_log_is_append_only_and_newest_first,
    counts_per_unit_and_stage,
    demo_country_loads_once_and_ids_keep_counting,
    failed_operations_write_nothing,
    changes_and_their_audit_entries_commit_together,
    people_belong_to_sections,
    changing_a_password_can_end_every_session,
    surveys_publish_immutable_versions,
    responses_are_stored_once_however_often_they_are_sent,
    overlapping_batches_at_the_same_time_store_each_response_once,
    a_consenting_respondent_becomes_a_linked_contact,
    assignments_track_every_door_and_visit_once,
    responses_are_read_again_from_their_generation,
    population_margins_are_replaced_per_unit_and_variable,
    theme_lexicons_are_saved_with_an_audit_entry,
    rsvps_fill_the_places_then_the_waiting_list_under_load,
    buses_seat_riders_in_order_and_never_overfill,
    check_ins_move_people_up_by_the_ladder_rules,
    campaign_targets_and_progress_tallies,
    petitions_take_one_signature_per_mailbox,
    meetings_carry_open_decisions_to_the_next,
    solidarity_projects_keep_volunteers_and_updates,
    merging_people_keeps_their_campaign_work,
    erasure_removes_identity_and_keeps_the_counts,
    inactive_contacts_are_found_by_their_last_activity,
    password_reset_links_work_once_within_the_hour,
    mail_waits_in_the_outbox_until_sent,
    survey_drafts_are_saved_then_published_once,
    public_links_take_online_answers_once_per_address,
    public_rsvps_reach_known_people_only_below_the_action,
);

async fn responses_are_read_again_from_their_generation(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let v0 = store.results_version(survey.id).await.unwrap();
    assert_eq!((v0.responses, v0.margins, v0.definition), (0, 0, 1));
    let batch = |from: usize, n: usize| -> Vec<_> {
        (from..from + n)
            .map(|i| {
                response(
                    &format!("0190a000-0000-7000-8000-{i:012}"),
                    &survey,
                    t.noord,
                )
            })
            .collect()
    };
    store.ingest_responses(&batch(0, 30), NOW).await.unwrap();
    let v1 = store.results_version(survey.id).await.unwrap();
    store.ingest_responses(&batch(30, 5), NOW).await.unwrap();
    // Sending the same again stores nothing but still moves the generation: harmless.
    store.ingest_responses(&batch(30, 5), NOW).await.unwrap();
    let v2 = store.results_version(survey.id).await.unwrap();
    assert!(v2.responses > v1.responses && v1.responses > v0.responses);
    let read = |after: i64, upto: i64| {
        let store = store.clone();
        async move {
            let mut ids = Vec::new();
            store
                .each_raw_answer_between(survey.id, after, upto, |id, unit, json| {
                    assert_eq!(unit, t.noord);
                    assert!(json.starts_with('{'));
                    ids.push(id.to_owned());
                    Ok(())
                })
                .await
                .unwrap();
            ids
        }
    };
    assert_eq!(read(-1, v2.responses).await.len(), 35);
    assert_eq!(read(-1, v1.responses).await.len(), 30);
    let new = read(v1.responses, v2.responses).await;
    assert_eq!(new.len(), 5, "only what came after");
    assert!(
        new.iter()
            .all(|id| id.as_str() >= "0190a000-0000-7000-8000-000000000030")
    );
    // An error from the reader stops the reading and comes back as corrupt data.
    let err = store
        .each_raw_answer_between(survey.id, -1, v2.responses, |_, _, _| Err("bad".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(m) if m == "bad"));
    assert!(matches!(
        store
            .results_version(enquete_domain::survey::SurveyId(999))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn population_margins_are_replaced_per_unit_and_variable(store: Store) {
    use enquete_store::PopulationMargin;
    let t = tree(&store).await;
    let m = |unit: UnitId, var: &str, cat: &str, pop: f64| PopulationMargin {
        unit,
        variable: var.into(),
        category: cat.into(),
        population: pop,
    };
    let first = vec![
        m(t.region, "gender", "woman", 3_000_000.0),
        m(t.region, "gender", "man", 2_900_000.0),
        m(t.region, "age_band", "a65", 1_300_000.0),
        m(t.gent, "gender", "woman", 140_000.0),
    ];
    assert_eq!(store.import_margins(&first, None, NOW).await.unwrap(), 4);
    let v1 = store.results_version(
        store
            .publish_survey(&demo_survey(), None, None, NOW)
            .await
            .unwrap()
            .id,
    );
    let v1 = v1.await.unwrap().margins;
    // Replacing the region's gender figures leaves its age figures and Gent's alone.
    let second = vec![m(t.region, "gender", "woman", 3_100_000.0)];
    store.import_margins(&second, None, NOW).await.unwrap();
    let all = store.margins().await.unwrap();
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(all.contains(&m(t.region, "gender", "woman", 3_100_000.0)));
    assert!(all.contains(&m(t.region, "age_band", "a65", 1_300_000.0)));
    assert!(all.contains(&m(t.gent, "gender", "woman", 140_000.0)));
    let survey = store.surveys().await.unwrap()[0].id;
    assert!(store.results_version(survey).await.unwrap().margins > v1);
    // Bad rows write nothing.
    for bad in [
        vec![
            m(t.region, "gender", "man", 1.0),
            m(t.region, "gender", "man", 2.0),
        ],
        vec![
            m(t.region, "gender", "man", 1.0),
            m(t.region, "gender", "x", -5.0),
        ],
        vec![
            m(t.region, "gender", "man", 1.0),
            m(UnitId(9999), "gender", "x", 5.0),
        ],
    ] {
        assert!(store.import_margins(&bad, None, NOW).await.is_err());
        assert_eq!(store.margins().await.unwrap(), all);
    }
    let audit = store.audit_events(None, 10).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "import-margins")
            .count(),
        2
    );
}

async fn theme_lexicons_are_saved_with_an_audit_entry(store: Store) {
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    assert_eq!(
        store.theme_lexicon(survey.id, "change").await.unwrap(),
        None
    );
    for text in [
        "theme,lang,terms\nparks,nl,park\n",
        "theme,lang,terms\nparks,nl,park boom\n",
    ] {
        store
            .save_theme_lexicon(survey.id, "change", text, None, "edited", NOW)
            .await
            .unwrap();
        assert_eq!(
            store
                .theme_lexicon(survey.id, "change")
                .await
                .unwrap()
                .as_deref(),
            Some(text)
        );
    }
    assert_eq!(store.theme_lexicon(survey.id, "other").await.unwrap(), None);
    assert!(matches!(
        store
            .save_theme_lexicon(
                enquete_domain::survey::SurveyId(999),
                "change",
                "x",
                None,
                "x",
                NOW
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    let audit = store.audit_events(None, 10).await.unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.action == "edit-themes").count(),
        2
    );
}

async fn assignments_track_every_door_and_visit_once(store: Store) {
    use enquete_domain::survey::DoorOutcome;
    use enquete_store::NewVisit;
    let t = tree(&store).await;
    let lotte = admin(&store, t.noord, "lotte@example.org", Role::Canvasser).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let doors: Vec<String> = ["Sleepstraat 1", "Sleepstraat 3", "Sleepstraat 5"]
        .map(String::from)
        .to_vec();
    let a = store
        .create_assignment(
            t.noord,
            survey.id,
            lotte,
            "Sleepstraat oneven",
            &doors,
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!((a.progress.doors, a.progress.visited), (3, 0));
    let listed = store.doors(a.id).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|d| d.address.as_str())
            .collect::<Vec<_>>(),
        ["Sleepstraat 1", "Sleepstraat 3", "Sleepstraat 5"]
    );
    let visit = |id: &str, door: i64, outcome: DoorOutcome, at: i64| NewVisit {
        id: id.into(),
        door,
        outcome,
        response: None,
        canvasser: Some(lotte),
        visited_at: Timestamp(NOW.0 + at),
    };
    let batch = vec![
        visit("v1", listed[0].id, DoorOutcome::NotHome, 1),
        visit("v2", listed[1].id, DoorOutcome::Refused, 2),
        visit("v3", listed[0].id, DoorOutcome::Answered, 3),
    ];
    assert_eq!(
        store.record_visits(&batch).await.unwrap(),
        vec![true, true, true]
    );
    assert_eq!(
        store.record_visits(&batch).await.unwrap(),
        vec![false, false, false],
        "a resend stores nothing"
    );
    let a = store.assignment(a.id).await.unwrap();
    assert_eq!(
        (
            a.progress.visited,
            a.progress.answered,
            a.progress.refused,
            a.progress.not_home
        ),
        (2, 1, 1, 0),
        "the latest outcome counts"
    );
    let doors = store.doors(a.id).await.unwrap();
    assert_eq!(
        (doors[0].last_outcome, doors[0].visits),
        (Some(DoorOutcome::Answered), 2)
    );
    assert_eq!(
        store.door_assignment(listed[2].id).await.unwrap(),
        Some(a.id)
    );
    assert_eq!(store.door_assignment(999_999).await.unwrap(), None);
    assert_eq!(store.assignments(Some(lotte), &[]).await.unwrap().len(), 1);
    assert_eq!(store.assignments(None, &[t.noord]).await.unwrap().len(), 1);
    assert_eq!(store.assignments(None, &[t.haven]).await.unwrap().len(), 0);
    let err = store
        .record_visits(&[visit("v9", 999_999, DoorOutcome::NotHome, 4)])
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "door_id");
}

fn demo_survey() -> enquete_domain::survey::SurveyDefinition {
    enquete_domain::demo::belgian_enquete()
}

fn response(
    id: &str,
    survey: &enquete_store::SurveyRecord,
    unit: UnitId,
) -> enquete_store::NewResponse {
    use enquete_domain::survey::{AnswerValue, Answers, Channel};
    let mut answers = Answers::default();
    answers.0.insert(
        "top3".into(),
        AnswerValue::List(vec!["housing".into(), "wages".into()]),
    );
    answers
        .0
        .insert("contact".into(), AnswerValue::Text("no".into()));
    enquete_store::NewResponse {
        origin: String::new(),
        id: id.into(),
        survey: survey.id,
        version: survey.version,
        unit,
        channel: Channel::Door,
        collector: None,
        collected_at: NOW,
        answers,
        contact: None,
    }
}

async fn surveys_publish_immutable_versions(store: Store) {
    let def = demo_survey();
    let v1 = store.publish_survey(&def, None, None, NOW).await.unwrap();
    assert_eq!(v1.version, 1);
    let again = store.publish_survey(&def, None, None, NOW).await.unwrap();
    assert_eq!(
        (again.id, again.version),
        (v1.id, 1),
        "the same definition is not a new version"
    );
    let mut changed = def.clone();
    changed.questions.retain(|q| q.name != "trust");
    let v2 = store
        .publish_survey(&changed, None, None, NOW)
        .await
        .unwrap();
    assert_eq!((v2.id, v2.version), (v1.id, 2));
    assert_eq!(store.survey(v1.id).await.unwrap().version, 2);
    assert_eq!(
        store.survey_version(v1.id, 1).await.unwrap().definition,
        def,
        "version 1 is unchanged"
    );
    assert_eq!(store.surveys().await.unwrap().len(), 1);
    let mut bad = def.clone();
    bad.questions.clear();
    assert_eq!(
        field_of(
            store
                .publish_survey(&bad, None, None, NOW)
                .await
                .unwrap_err()
        ),
        "questions"
    );
    assert!(matches!(
        store.survey_version(v1.id, 9).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn responses_are_stored_once_however_often_they_are_sent(store: Store) {
    use enquete_store::IngestOutcome::{Accepted, Duplicate};
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let batch: Vec<_> = (0..60)
        .map(|i| {
            response(
                &format!("0190a000-0000-7000-8000-{i:012}"),
                &survey,
                t.noord,
            )
        })
        .collect();
    let first = store.ingest_responses(&batch, NOW).await.unwrap();
    assert!(first.iter().all(|o| *o == Accepted));
    let second = store.ingest_responses(&batch, NOW).await.unwrap();
    assert!(second.iter().all(|o| *o == Duplicate));
    let mut mixed = batch[50..].to_vec();
    mixed.push(response(
        "0190a000-0000-7000-8000-999999999999",
        &survey,
        t.noord,
    ));
    mixed.push(response(
        "0190a000-0000-7000-8000-999999999999",
        &survey,
        t.noord,
    ));
    let third = store.ingest_responses(&mixed, NOW).await.unwrap();
    assert_eq!(
        third.iter().filter(|o| **o == Accepted).count(),
        1,
        "{third:?}"
    );
    assert_eq!(store.count_responses(survey.id).await.unwrap(), 61);
    let stored = store.responses(survey.id, 1).await.unwrap();
    assert_eq!(stored[0].answers, batch[0].answers);
}

async fn overlapping_batches_at_the_same_time_store_each_response_once(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let all: Vec<_> = (0..300)
        .map(|i| {
            response(
                &format!("0190b000-0000-7000-8000-{i:012}"),
                &survey,
                t.noord,
            )
        })
        .collect();
    // Four senders with overlapping slices, all at once.
    let slices = [0..150, 100..250, 50..300, 0..300];
    let mut tasks = Vec::new();
    for range in slices {
        let store = store.clone();
        let part = all[range].to_vec();
        tasks.push(tokio::spawn(async move {
            store.ingest_responses(&part, NOW).await
        }));
    }
    let mut accepted = 0;
    for task in tasks {
        let outcomes = task.await.unwrap().unwrap();
        accepted += outcomes
            .iter()
            .filter(|o| **o == enquete_store::IngestOutcome::Accepted)
            .count();
    }
    assert_eq!(
        accepted, 300,
        "each response accepted exactly once across the senders"
    );
    assert_eq!(store.count_responses(survey.id).await.unwrap(), 300);
}

async fn a_consenting_respondent_becomes_a_linked_contact(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let mut r = response("0190c000-0000-7000-8000-000000000001", &survey, t.noord);
    r.answers.0.insert(
        "contact".into(),
        enquete_domain::survey::AnswerValue::Text("yes".into()),
    );
    r.contact = Some(enquete_store::NewContact {
        details: PersonInput {
            name: "Samira Benali".into(),
            phone: "0470 11 22 33".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        consent: NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door-to-door enquête").unwrap(),
        },
    });
    let anonymous = response("0190c000-0000-7000-8000-000000000002", &survey, t.noord);
    store
        .ingest_responses(&[r.clone(), anonymous], NOW)
        .await
        .unwrap();
    store.ingest_responses(&[r], NOW).await.unwrap();
    let stored = store.responses(survey.id, 10).await.unwrap();
    let linked: Vec<_> = stored.iter().filter_map(|s| s.person).collect();
    assert_eq!(linked.len(), 1, "only the consenting respondent is linked");
    let person = store.person(linked[0]).await.unwrap();
    assert_eq!(person.person.name, "Samira Benali");
    assert_eq!(
        store.consents(linked[0]).await.unwrap()[0].purpose,
        ConsentPurpose::Contact
    );
    let nation = store.unit(t.nation).await.unwrap().path;
    let everyone = store
        .search_people(
            &PeopleVisibility::Subtree(nation),
            &PeopleQuery {
                text: "samira".into(),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(everyone.total, 1, "sending again created no second person");
    let audit = store.audit_events(Some(linked[0]), 10).await.unwrap();
    assert_eq!(
        audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["create-from-response"]
    );
    // The same new response twice in one batch: one response, one person.
    let mut twice = response("0190c000-0000-7000-8000-000000000003", &survey, t.noord);
    twice.contact = Some(enquete_store::NewContact {
        details: PersonInput {
            name: "Twice Sent".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        consent: NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door").unwrap(),
        },
    });
    let outcomes = store
        .ingest_responses(&[twice.clone(), twice], NOW)
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [
            enquete_store::IngestOutcome::Accepted,
            enquete_store::IngestOutcome::Duplicate
        ]
    );
    let twins = store
        .search_people(
            &PeopleVisibility::Subtree(store.unit(t.nation).await.unwrap().path),
            &PeopleQuery {
                text: "twice sent".into(),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(twins.total, 1);
}

async fn changes_and_their_audit_entries_commit_together(store: Store) {
    let t = tree(&store).await;
    let who = admin(&store, t.nation, "a@example.org", Role::NationalAdmin).await;
    let event = |action: &str| AuditEvent {
        at: NOW,
        user: Some(who),
        action: action.into(),
        person: None,
        detail: String::new(),
        ip: "192.0.2.1".into(),
    };
    let rec = store
        .create_person(
            t.noord,
            &person("Audited").parse().unwrap(),
            &[],
            Some(who),
            NOW,
            Some(event("create")),
        )
        .await
        .unwrap();
    let id = rec.person.id;
    let mut moved = event("move-stage");
    moved.person = Some(id);
    store
        .move_stage(
            id,
            Stage::Active,
            &MoveReason::parse("x").unwrap(),
            Some(who),
            NOW,
            Some(moved.clone()),
        )
        .await
        .unwrap();
    // A refused change leaves no audit entry either.
    assert!(
        store
            .move_stage(
                id,
                Stage::Active,
                &MoveReason::parse("x").unwrap(),
                Some(who),
                NOW,
                Some(moved)
            )
            .await
            .is_err()
    );
    let entries = store.audit_events(Some(id), 10).await.unwrap();
    let mut actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        vec!["create", "move-stage"],
        "the create entry got the new person's id"
    );
    // Merging twice: the second finds the duplicate gone and changes nothing.
    let twin = add(&store, t.noord, person("Audited Twin"), None).await;
    store
        .merge_people(id, twin, Some(who), NOW, Some(event("merge")))
        .await
        .unwrap();
    let history = store.stage_history(id).await.unwrap().len();
    assert_eq!(
        field_of(
            store
                .merge_people(id, twin, Some(who), NOW, Some(event("merge")))
                .await
                .unwrap_err()
        ),
        "other"
    );
    assert_eq!(store.stage_history(id).await.unwrap().len(), history);
    assert_eq!(
        store
            .audit_events(None, 50)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "merge")
            .count(),
        1
    );
}

async fn people_belong_to_sections(store: Store) {
    let t = tree(&store).await;
    for unit in [t.nation, t.region, t.gent] {
        let err = store
            .create_person(
                unit,
                &person("Nowhere").parse().unwrap(),
                &[],
                None,
                NOW,
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(field_of(err), "unit");
    }
    let id = add(&store, t.noord, person("Somewhere"), None).await;
    assert_eq!(
        field_of(
            store
                .transfer_person(id, t.gent, NOW, None)
                .await
                .unwrap_err()
        ),
        "unit"
    );
}

async fn changing_a_password_can_end_every_session(store: Store) {
    let t = tree(&store).await;
    let who = admin(&store, t.nation, "a@example.org", Role::NationalAdmin).await;
    let other = admin(&store, t.nation, "b@example.org", Role::NationalAdmin).await;
    let later = wall_clock() + time::Duration::hours(1);
    let mut ids = Vec::new();
    for user in [who, who, other] {
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: later,
        };
        record.data.insert(
            enquete_store::SESSION_USER_KEY.into(),
            serde_json::json!(user.0),
        );
        store.create(&mut record).await.unwrap();
        ids.push(record.id);
    }
    assert_eq!(store.end_sessions_of(who).await.unwrap(), 2);
    assert!(store.load(&ids[0]).await.unwrap().is_none());
    assert!(
        store.load(&ids[2]).await.unwrap().is_some(),
        "another account's session stays"
    );
}

/// Sessions expire by the wall clock (the session layer gives the store no `now`).
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(Timestamp::now_utc().0).unwrap()
}

fn name(n: &str) -> UnitName {
    UnitName::parse(n).unwrap()
}

struct Tree {
    nation: UnitId,
    region: UnitId,
    gent: UnitId,
    antwerpen: UnitId,
    noord: UnitId,
    haven: UnitId,
}

async fn tree(store: &Store) -> Tree {
    let nation = store
        .create_unit(None, UnitKind::Nation, &name("België"), NOW)
        .await
        .unwrap();
    let region = store
        .create_unit(Some(nation.id), UnitKind::Region, &name("Vlaanderen"), NOW)
        .await
        .unwrap();
    let gent = store
        .create_unit(Some(region.id), UnitKind::City, &name("Gent"), NOW)
        .await
        .unwrap();
    let antwerpen = store
        .create_unit(Some(region.id), UnitKind::City, &name("Antwerpen"), NOW)
        .await
        .unwrap();
    let noord = store
        .create_unit(
            Some(gent.id),
            UnitKind::Neighbourhood,
            &name("Gent Noord"),
            NOW,
        )
        .await
        .unwrap();
    let haven = store
        .create_unit(Some(antwerpen.id), UnitKind::Workplace, &name("Haven"), NOW)
        .await
        .unwrap();
    Tree {
        nation: nation.id,
        region: region.id,
        gent: gent.id,
        antwerpen: antwerpen.id,
        noord: noord.id,
        haven: haven.id,
    }
}

fn person(name: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        ..Default::default()
    }
}

async fn add(
    store: &Store,
    unit: UnitId,
    input: PersonInput,
    by: Option<UserId>,
) -> enquete_domain::people::PersonId {
    store
        .create_person(unit, &input.parse().unwrap(), &[], by, NOW, None)
        .await
        .unwrap()
        .person
        .id
}

async fn admin(store: &Store, unit: UnitId, email: &str, role: Role) -> UserId {
    store
        .create_user(
            &NewUser {
                email: Email::parse(email).unwrap(),
                display_name: "Someone".into(),
                password_hash: "hash".into(),
                role,
                unit,
                language: Language::Nl,
                must_change_password: false,
            },
            NOW,
        )
        .await
        .unwrap()
        .user
        .id
}

fn field_of(err: StoreError) -> &'static str {
    match err {
        StoreError::Invalid(FieldError { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn migrations_run_twice_without_harm(store: Store) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
}

async fn the_tree_checks_kinds_and_has_one_nation(store: Store) {
    let t = tree(&store).await;
    let err = store
        .create_unit(Some(t.region), UnitKind::Workplace, &name("Nope"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");
    let err = store
        .create_unit(None, UnitKind::Nation, &name("Second"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");
    let err = store
        .create_unit(Some(UnitId(9999)), UnitKind::Region, &name("Ghost"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");

    let root = store.root_unit().await.unwrap().unwrap();
    assert_eq!(root.id, t.nation);
    let all = store.subtree(&root.path, false).await.unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all.first().unwrap().id, t.nation, "parents come first");
    let gent = store.unit(t.gent).await.unwrap();
    let below_gent: Vec<UnitId> = store
        .subtree(&gent.path, false)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(below_gent, vec![t.gent, t.noord]);
    let children: Vec<String> = store
        .children(t.region, false)
        .await
        .unwrap()
        .iter()
        .map(|u| u.name.as_str().to_owned())
        .collect();
    assert_eq!(children, vec!["Antwerpen", "Gent"]);
    let noord = store.unit(t.noord).await.unwrap();
    let names: Vec<UnitId> = store
        .ancestry(&noord)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(names, vec![t.nation, t.region, t.gent, t.noord]);
    let renamed = store
        .rename_unit(t.noord, &name("Gent Noord-West"))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_str(), "Gent Noord-West");
    assert!(matches!(
        store.unit(UnitId(9999)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn moving_a_unit_moves_its_subtree(store: Store) {
    let t = tree(&store).await;
    let wallonie = store
        .create_unit(Some(t.nation), UnitKind::Region, &name("Wallonie"), NOW)
        .await
        .unwrap();
    // Move the whole city of Gent (with its section) to the other region.
    let moved = store.move_unit(t.gent, wallonie.id).await.unwrap();
    assert_eq!(moved.parent, Some(wallonie.id));
    assert!(moved.path.is_within(&wallonie.path));
    let noord = store.unit(t.noord).await.unwrap();
    assert!(
        noord.path.is_within(&moved.path),
        "the section moved along: {:?}",
        noord.path
    );
    assert_eq!(
        noord.path.ids(),
        vec![t.nation, wallonie.id, t.gent, t.noord]
    );
    // People follow their unit into the new subtree.
    let p = add(&store, t.noord, person("An Peeters"), None).await;
    let page = store
        .search_people(
            &PeopleVisibility::Subtree(wallonie.path.clone()),
            &PeopleQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page.people.iter().map(|r| r.person.id).collect::<Vec<_>>(),
        vec![p]
    );
    // Kinds must still fit, and a unit cannot go below itself.
    assert_eq!(
        field_of(store.move_unit(t.noord, wallonie.id).await.unwrap_err()),
        "parent"
    );
    assert_eq!(
        field_of(store.move_unit(t.region, t.region).await.unwrap_err()),
        "parent"
    );
    let err = store.move_unit(t.gent, t.noord).await.unwrap_err();
    assert_eq!(field_of(err), "parent");
    // A section can move between cities.
    let back = store.move_unit(t.noord, t.antwerpen).await.unwrap();
    assert_eq!(
        back.path.ids(),
        vec![t.nation, t.region, t.antwerpen, t.noord]
    );
}

async fn archived_units_take_no_people_and_can_be_restored(store: Store) {
    let t = tree(&store).await;
    let archived = store.archive_unit(t.gent, NOW).await.unwrap();
    assert!(archived.is_archived());
    assert!(
        store.unit(t.noord).await.unwrap().is_archived(),
        "the subtree is archived too"
    );
    let nation = store.unit(t.nation).await.unwrap();
    assert_eq!(store.subtree(&nation.path, false).await.unwrap().len(), 4);
    assert_eq!(store.subtree(&nation.path, true).await.unwrap().len(), 6);
    let err = store
        .create_person(t.noord, &person("X").parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "unit");
    let err = store
        .create_unit(Some(t.gent), UnitKind::Youth, &name("Red Fox"), NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "parent");
    assert_eq!(
        field_of(store.restore_unit(t.noord).await.unwrap_err()),
        "unit"
    );
    store.restore_unit(t.gent).await.unwrap();
    assert!(!store.unit(t.noord).await.unwrap().is_archived());
    assert_eq!(
        field_of(store.archive_unit(t.nation, NOW).await.unwrap_err()),
        "unit"
    );
}

async fn people_are_created_read_and_updated(store: Store) {
    let t = tree(&store).await;
    let input = PersonInput {
        name: "Fatima El Amrani".into(),
        email: "Fatima@Example.be".into(),
        phone: "0475 12 34 56".into(),
        address: "Sleepstraat 1, 9000 Gent".into(),
        languages: "nl fr".into(),
        tags: "tenant, nurse".into(),
        workplace: "UZ Gent".into(),
        ..Default::default()
    };
    let rec = store
        .create_person(t.noord, &input.parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap();
    assert_eq!(rec.person.stage, Stage::Contact);
    assert_eq!(rec.person.email.as_deref(), Some("fatima@example.be"));
    assert_eq!(rec.person.languages, vec![Language::Nl, Language::Fr]);
    assert_eq!(
        rec.person.tags.iter().map(Tag::as_str).collect::<Vec<_>>(),
        vec!["nurse", "tenant"]
    );
    assert_eq!(rec.unit_path, store.unit(t.noord).await.unwrap().path);
    let history = store.stage_history(rec.person.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history.first().unwrap().to, Stage::Contact);

    let mut changed = input.clone();
    changed.tags = "union".into();
    changed.phone.clear();
    changed.youth_wing = true;
    let later = Timestamp(NOW.0 + 60);
    let upd = store
        .update_person(rec.person.id, &changed.parse().unwrap(), later, None)
        .await
        .unwrap();
    assert_eq!(
        upd.person.tags.iter().map(Tag::as_str).collect::<Vec<_>>(),
        vec!["union"]
    );
    assert_eq!(upd.person.phone, None);
    assert!(upd.person.youth_wing);
    assert_eq!(upd.person.updated_at, later);
    assert_eq!(upd.person.created_at, NOW);
    let moved = store
        .transfer_person(rec.person.id, t.haven, later, None)
        .await
        .unwrap();
    assert_eq!(moved.person.unit, t.haven);
    assert!(matches!(
        store.person(enquete_domain::people::PersonId(424242)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn ladder_moves_are_checked_and_recorded(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "admin@example.org", Role::NationalAdmin).await;
    let id = add(&store, t.noord, person("Jan Peeters"), None).await;
    let why = MoveReason::parse("came to the action").unwrap();
    let rec = store
        .move_stage(
            id,
            Stage::Sympathiser,
            &why,
            Some(by),
            Timestamp(NOW.0 + 10),
            None,
        )
        .await
        .unwrap();
    assert_eq!(rec.person.stage, Stage::Sympathiser);
    assert_eq!(
        field_of(
            store
                .move_stage(id, Stage::Sympathiser, &why, Some(by), NOW, None)
                .await
                .unwrap_err()
        ),
        "stage"
    );
    assert_eq!(
        field_of(
            store
                .move_stage(id, Stage::Organizer, &why, Some(by), NOW, None)
                .await
                .unwrap_err()
        ),
        "stage"
    );
    store
        .move_stage(
            id,
            Stage::Member,
            &why,
            Some(by),
            Timestamp(NOW.0 + 20),
            None,
        )
        .await
        .unwrap();
    store
        .move_stage(
            id,
            Stage::Active,
            &why,
            Some(by),
            Timestamp(NOW.0 + 30),
            None,
        )
        .await
        .unwrap();
    // Having been a member once, they may become organizer from active.
    store
        .move_stage(
            id,
            Stage::Organizer,
            &why,
            Some(by),
            Timestamp(NOW.0 + 40),
            None,
        )
        .await
        .unwrap();
    let history = store.stage_history(id).await.unwrap();
    let stages: Vec<Stage> = history.iter().map(|h| h.to).collect();
    assert_eq!(
        stages,
        vec![
            Stage::Contact,
            Stage::Sympathiser,
            Stage::Member,
            Stage::Active,
            Stage::Organizer
        ]
    );
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.by, last.reason.as_str()),
        (Some(Stage::Active), Some(by), "came to the action")
    );
    // The youth wing needs no party membership.
    let young = add(
        &store,
        t.noord,
        PersonInput {
            youth_wing: true,
            ..person("Lotte")
        },
        None,
    )
    .await;
    store
        .move_stage(young, Stage::Organizer, &why, None, NOW, None)
        .await
        .unwrap();
}

async fn consents_are_appended_never_overwritten(store: Store) {
    let t = tree(&store).await;
    let id = add(&store, t.noord, person("Emre Kaya"), None).await;
    let door = ConsentSource::parse("door-to-door, Gent Noord").unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: door.clone(),
            },
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: false,
                source: door.clone(),
            },
            None,
            Timestamp(NOW.0 + 5),
            None,
        )
        .await
        .unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Newsletter,
                granted: true,
                source: door.clone(),
            },
            None,
            Timestamp(NOW.0 + 6),
            None,
        )
        .await
        .unwrap();
    let with = store
        .create_person(
            t.noord,
            &person("Met at the door").parse().unwrap(),
            &[NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: door.clone(),
            }],
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store.consents(with.person.id).await.unwrap().len(),
        1,
        "consent recorded with the person"
    );
    let consents = store.consents(id).await.unwrap();
    let summary: Vec<(ConsentPurpose, bool)> =
        consents.iter().map(|c| (c.purpose, c.granted)).collect();
    assert_eq!(
        summary,
        vec![
            (ConsentPurpose::Contact, true),
            (ConsentPurpose::Contact, false),
            (ConsentPurpose::Newsletter, true)
        ]
    );
    assert_eq!(
        consents.first().unwrap().source.as_str(),
        "door-to-door, Gent Noord"
    );
    let missing = store
        .record_consent(
            enquete_domain::people::PersonId(999),
            &NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: door.clone(),
            },
            None,
            NOW,
            None,
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
}

async fn search_filters_by_text_stage_tag_unit_and_visibility(store: Store) {
    let t = tree(&store).await;
    let canvasser = admin(&store, t.noord, "canvas@example.org", Role::Canvasser).await;
    let ayse = add(
        &store,
        t.noord,
        PersonInput {
            email: "ayse@example.be".into(),
            tags: "tenant".into(),
            ..person("Ayşe Çelik")
        },
        Some(canvasser),
    )
    .await;
    let jan = add(
        &store,
        t.noord,
        PersonInput {
            phone: "0475 11 22 33".into(),
            ..person("Jan 100% Peeters")
        },
        None,
    )
    .await;
    let piet = add(
        &store,
        t.haven,
        PersonInput {
            tags: "tenant union".into(),
            ..person("Piet Janssens")
        },
        None,
    )
    .await;
    store
        .move_stage(
            piet,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let all = PeopleVisibility::Subtree(nation.clone());
    let ids = |page: enquete_store::PeoplePage| {
        page.people.iter().map(|r| r.person.id).collect::<Vec<_>>()
    };
    let q = |text: &str| PeopleQuery {
        text: text.into(),
        limit: 50,
        ..Default::default()
    };

    assert_eq!(
        ids(store.search_people(&all, &q("celik")).await.unwrap()),
        vec![ayse]
    );
    assert_eq!(
        ids(store.search_people(&all, &q("AYSE@example")).await.unwrap()),
        vec![ayse]
    );
    assert_eq!(
        ids(store.search_people(&all, &q("0475 112233")).await.unwrap()),
        vec![jan]
    );
    assert_eq!(
        ids(store.search_people(&all, &q("100%")).await.unwrap()),
        vec![jan]
    );
    // Search matches the beginnings of words (the database holds only blind tokens of them):
    // punctuation alone matches no word, and never everyone.
    assert_eq!(
        ids(store.search_people(&all, &q("%")).await.unwrap()),
        Vec::new(),
        "% is not a wildcard"
    );
    assert_eq!(
        ids(store.search_people(&all, &q("pee")).await.unwrap()),
        vec![jan]
    );
    assert_eq!(
        ids(store
            .search_people(&all, &q("ayse@example.com"))
            .await
            .unwrap()),
        Vec::new(),
        "an address is checked whole"
    );
    assert_eq!(
        ids(store.search_people(&all, &q("_")).await.unwrap()),
        Vec::new()
    );
    let everyone = store.search_people(&all, &q("")).await.unwrap();
    assert_eq!(everyone.total, 3);
    assert_eq!(ids(everyone), vec![ayse, jan, piet], "sorted by name");

    let stage = PeopleQuery {
        stage: Some(Stage::Member),
        ..q("")
    };
    assert_eq!(
        ids(store.search_people(&all, &stage).await.unwrap()),
        vec![piet]
    );
    let tag = PeopleQuery {
        tag: Some(Tag::parse("tenant").unwrap()),
        ..q("")
    };
    assert_eq!(
        ids(store.search_people(&all, &tag).await.unwrap()),
        vec![ayse, piet]
    );
    let gent = store.unit(t.gent).await.unwrap().path;
    let in_gent = PeopleQuery {
        unit: Some(gent.clone()),
        ..q("")
    };
    assert_eq!(
        ids(store.search_people(&all, &in_gent).await.unwrap()),
        vec![ayse, jan]
    );
    // An account scoped to Gent asking for Antwerpen gets nobody.
    let antwerpen = store.unit(t.antwerpen).await.unwrap().path;
    let elsewhere = PeopleQuery {
        unit: Some(antwerpen),
        ..q("")
    };
    assert_eq!(
        store
            .search_people(&PeopleVisibility::Subtree(gent.clone()), &elsewhere)
            .await
            .unwrap()
            .total,
        0
    );
    // A canvasser sees only the people they recorded.
    let own = PeopleVisibility::RecordedBy(gent, canvasser);
    assert_eq!(
        ids(store.search_people(&own, &q("")).await.unwrap()),
        vec![ayse]
    );
    assert_eq!(
        store
            .search_people(&PeopleVisibility::None, &q(""))
            .await
            .unwrap()
            .total,
        0
    );
    // Pages.
    let page2 = PeopleQuery {
        limit: 2,
        offset: 2,
        ..q("")
    };
    let page = store.search_people(&all, &page2).await.unwrap();
    assert_eq!((page.total, ids(page)), (3, vec![piet]));
}

async fn duplicates_are_found_and_merged(store: Store) {
    let t = tree(&store).await;
    let a = add(
        &store,
        t.noord,
        PersonInput {
            email: "an@example.be".into(),
            tags: "tenant".into(),
            languages: "nl".into(),
            ..person("An Peeters")
        },
        None,
    )
    .await;
    let b = add(
        &store,
        t.noord,
        PersonInput {
            email: "AN@example.be".into(),
            phone: "0475 00 00 01".into(),
            tags: "union".into(),
            languages: "fr".into(),
            ..person("AN PEETERS")
        },
        None,
    )
    .await;
    let c = add(
        &store,
        t.haven,
        PersonInput {
            phone: "+32 475 00 00 01".into(),
            ..person("Anne P.")
        },
        None,
    )
    .await;
    let _other = add(
        &store,
        t.noord,
        PersonInput {
            email: "bob@example.be".into(),
            ..person("Bob")
        },
        None,
    )
    .await;
    store
        .move_stage(
            b,
            Stage::Sympathiser,
            &MoveReason::parse("action").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let pairs = store.find_duplicates(&nation, 50).await.unwrap();
    let found: Vec<(i64, i64)> = pairs.iter().map(|p| (p.keep.0, p.other.0)).collect();
    assert_eq!(found, vec![(a.0, b.0), (b.0, c.0)]);
    let gent = store.unit(t.gent).await.unwrap().path;
    assert_eq!(
        store.find_duplicates(&gent, 50).await.unwrap().len(),
        1,
        "scoped to the subtree"
    );

    let merged = store
        .merge_people(a, b, None, Timestamp(NOW.0 + 100), None)
        .await
        .unwrap();
    assert_eq!(
        merged.person.phone.as_deref(),
        Some("0475 00 00 01"),
        "blank field filled from the duplicate"
    );
    assert_eq!(
        merged.person.stage,
        Stage::Sympathiser,
        "the higher stage wins"
    );
    assert_eq!(merged.person.languages, vec![Language::Nl, Language::Fr]);
    assert_eq!(
        merged
            .person
            .tags
            .iter()
            .map(Tag::as_str)
            .collect::<Vec<_>>(),
        vec!["tenant", "union"]
    );
    assert!(matches!(
        store.person(b).await,
        Err(StoreError::NotFound(_))
    ));
    let history = store.stage_history(a).await.unwrap();
    assert!(history.iter().any(|h| h.reason.contains("merged")));
    assert_eq!(
        history.iter().filter(|h| h.from.is_none()).count(),
        2,
        "both first contacts kept"
    );
    assert_eq!(
        field_of(store.merge_people(a, a, None, NOW, None).await.unwrap_err()),
        "other"
    );
    assert_eq!(
        field_of(store.merge_people(a, b, None, NOW, None).await.unwrap_err()),
        "other"
    );
}

async fn accounts_have_unique_emails(store: Store) {
    let t = tree(&store).await;
    let id = admin(&store, t.gent, "Org@Example.org", Role::Organizer).await;
    let rec = store
        .user_by_email("ORG@example.org ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (rec.user.id, rec.user.role, rec.user.language),
        (id, Role::Organizer, Language::Nl)
    );
    assert_eq!(rec.unit_path, store.unit(t.gent).await.unwrap().path);
    let dup = NewUser {
        email: Email::parse("org@example.org").unwrap(),
        display_name: "Twin".into(),
        password_hash: "h".into(),
        role: Role::Canvasser,
        unit: t.noord,
        language: Language::En,
        must_change_password: true,
    };
    assert_eq!(
        field_of(store.create_user(&dup, NOW).await.unwrap_err()),
        "email"
    );
    let ghost = NewUser {
        email: Email::parse("ghost@example.org").unwrap(),
        unit: UnitId(9999),
        ..dup.clone()
    };
    assert_eq!(
        field_of(store.create_user(&ghost, NOW).await.unwrap_err()),
        "unit"
    );
    let other = NewUser {
        email: Email::parse("c@example.org").unwrap(),
        ..dup
    };
    store.create_user(&other, NOW).await.unwrap();
    let gent = store.unit(t.gent).await.unwrap().path;
    assert_eq!(store.users_in(&gent).await.unwrap().len(), 2);
    let haven = store.unit(t.haven).await.unwrap().path;
    assert_eq!(store.users_in(&haven).await.unwrap().len(), 0);
    store.set_password(id, "new-hash", true).await.unwrap();
    store.set_language(id, Language::Fr).await.unwrap();
    let rec = store.user(id).await.unwrap();
    assert_eq!(
        (
            rec.password_hash.as_str(),
            rec.user.must_change_password,
            rec.user.language
        ),
        ("new-hash", true, Language::Fr)
    );
    assert!(
        store
            .user_by_email("nobody@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

async fn failed_logins_are_counted_until_a_success(store: Store) {
    for i in 0..3 {
        store
            .record_login_attempt("a@example.org", "10.0.0.1", Timestamp(NOW.0 + i))
            .await
            .unwrap();
    }
    store
        .record_login_attempt("b@example.org", "10.0.0.1", Timestamp(NOW.0 + 5))
        .await
        .unwrap();
    let f = store
        .login_failures("A@example.org", "10.0.0.1", NOW)
        .await
        .unwrap();
    assert_eq!((f.for_email, f.from_ip), (3, 4));
    let f = store
        .login_failures("a@example.org", "10.0.0.2", Timestamp(NOW.0 + 2))
        .await
        .unwrap();
    assert_eq!((f.for_email, f.from_ip), (1, 0), "only the window counts");
    let ok = store
        .record_login_attempt("a@example.org", "10.0.0.1", Timestamp(NOW.0 + 10))
        .await
        .unwrap();
    store.mark_login_success(ok).await.unwrap();
    let f = store
        .login_failures("a@example.org", "10.0.0.1", NOW)
        .await
        .unwrap();
    assert_eq!(f.for_email, 0, "a success clears the account's count");
    assert_eq!(
        store
            .prune_login_attempts(Timestamp(NOW.0 + 4))
            .await
            .unwrap(),
        3
    );
}

async fn sessions_round_trip_and_expire(store: Store) {
    let future = wall_clock() + time::Duration::hours(1);
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: future,
    };
    record.data.insert("user".into(), serde_json::json!(42));
    store.create(&mut record).await.unwrap();
    let loaded = store.load(&record.id).await.unwrap().unwrap();
    assert_eq!(loaded.data.get("user"), Some(&serde_json::json!(42)));
    record
        .data
        .insert("csrf".into(), serde_json::json!("token"));
    store.save(&record).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap().unwrap().data.len(), 2);
    store.delete(&record.id).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
    let mut old = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: wall_clock() - time::Duration::seconds(1),
    };
    store.create(&mut old).await.unwrap();
    assert!(
        store.load(&old.id).await.unwrap().is_none(),
        "expired sessions do not load"
    );
    let before = store.count_sessions().await.unwrap();
    assert_eq!(store.prune_sessions(Timestamp::now_utc()).await.unwrap(), 1);
    assert_eq!(store.count_sessions().await.unwrap(), before - 1);
}

async fn audit_log_is_append_only_and_newest_first(store: Store) {
    let t = tree(&store).await;
    let who = admin(&store, t.nation, "a@example.org", Role::NationalAdmin).await;
    let p = add(&store, t.noord, person("Jan"), None).await;
    for (i, action) in ["view", "edit"].iter().enumerate() {
        store
            .audit(&AuditEvent {
                at: Timestamp(NOW.0 + i as i64),
                user: Some(who),
                action: (*action).into(),
                person: Some(p),
                detail: String::new(),
                ip: "127.0.0.1".into(),
            })
            .await
            .unwrap();
    }
    store
        .audit(&AuditEvent {
            at: NOW,
            user: Some(who),
            action: "search".into(),
            person: None,
            detail: "q=jan".into(),
            ip: String::new(),
        })
        .await
        .unwrap();
    let mine = store.audit_events(Some(p), 10).await.unwrap();
    assert_eq!(
        mine.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["edit", "view"]
    );
    assert_eq!(store.audit_events(None, 10).await.unwrap().len(), 3);
    // A list read is in the log of every person shown: 250 people, in chunks.
    let list = AuditEvent {
        at: Timestamp(NOW.0 + 1),
        user: Some(who),
        action: "list".into(),
        person: None,
        detail: "people page".into(),
        ip: "10.0.0.1".into(),
    };
    let shown: Vec<_> = std::iter::once(p)
        .chain((1..250).map(|i| enquete_domain::people::PersonId(1_000_000 + i)))
        .collect();
    store.audit_list(&list, &shown).await.unwrap();
    let mine = store.audit_events(Some(p), 10).await.unwrap();
    assert_eq!(
        (mine[0].action.as_str(), mine[0].ip.as_str(), mine[0].user),
        ("list", "10.0.0.1", Some(who))
    );
    assert_eq!(store.audit_events(None, 1000).await.unwrap().len(), 3 + 250);
    // An empty list still leaves one entry.
    store.audit_list(&list, &[]).await.unwrap();
    assert_eq!(store.audit_events(None, 1000).await.unwrap().len(), 3 + 251);
}

async fn counts_per_unit_and_stage(store: Store) {
    let t = tree(&store).await;
    for n in ["A", "B", "C"] {
        add(&store, t.noord, person(n), None).await;
    }
    let d = add(&store, t.haven, person("D"), None).await;
    store
        .move_stage(
            d,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let nation = store.unit(t.nation).await.unwrap().path;
    let counts = store.unit_counts(&nation).await.unwrap();
    assert_eq!(counts.units.len(), 6);
    let mut got: Vec<(i64, Stage, u64)> = counts
        .counts
        .iter()
        .map(|c| (c.unit.0, c.stage, c.count))
        .collect();
    got.sort_by_key(|g| (g.0, g.1));
    assert_eq!(
        got,
        vec![
            (t.noord.0, Stage::Contact, 3),
            (t.haven.0, Stage::Member, 1)
        ]
    );
}

async fn demo_country_loads_once_and_ids_keep_counting(store: Store) {
    let country = demo::country(Scale::Small, 42, NOW);
    let hashes: Vec<String> = country
        .accounts
        .iter()
        .map(|a| format!("hash-of-{}", a.email))
        .collect();
    let mut calls = 0;
    store
        .load_demo(&country, &hashes, NOW, |_| calls += 1)
        .await
        .unwrap();
    assert!(calls >= 1);
    let root = store.root_unit().await.unwrap().unwrap();
    assert_eq!(
        store.subtree(&root.path, true).await.unwrap().len(),
        country.units.len()
    );
    let all = store
        .search_people(
            &PeopleVisibility::Subtree(root.path.clone()),
            &PeopleQuery {
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total, country.people.len() as u64);
    let counts = store.unit_counts(&root.path).await.unwrap();
    let members: u64 = counts
        .counts
        .iter()
        .filter(|c| c.stage >= Stage::Member)
        .map(|c| c.count)
        .sum();
    assert_eq!(
        members,
        country
            .people
            .iter()
            .filter(|p| p.stage() >= Stage::Member)
            .count() as u64
    );
    for account in &country.accounts {
        let rec = store.user_by_email(&account.email).await.unwrap().unwrap();
        assert_eq!(rec.user.role, account.role);
    }
    assert!(
        !store
            .find_duplicates(&root.path, 10)
            .await
            .unwrap()
            .is_empty(),
        "the demo has duplicates to merge"
    );
    let survey = store.surveys().await.unwrap().remove(0);
    assert_eq!(
        store.count_responses(survey.id).await.unwrap(),
        country.responses.len() as u64,
        "the demo enquête has its responses"
    );
    // New records after a bulk load with explicit ids get fresh ids on both backends.
    let section = store
        .subtree(&root.path, false)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.kind.is_section())
        .unwrap();
    let id = add(&store, section.id, person("After the demo"), None).await;
    assert_eq!(id.0, country.people.len() as i64 + 1);
    store
        .create_unit(
            Some(section.parent.unwrap()),
            UnitKind::Youth,
            &name("Extra"),
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        field_of(
            store
                .load_demo(&country, &hashes, NOW, |_| ())
                .await
                .unwrap_err()
        ),
        "database"
    );
}

async fn failed_operations_write_nothing(store: Store) {
    let t = tree(&store).await;
    let nation = store.unit(t.nation).await.unwrap().path;
    let before = store.unit_counts(&nation).await.unwrap().counts;
    assert!(
        store
            .create_person(
                UnitId(4242),
                &person("Nobody").parse().unwrap(),
                &[],
                None,
                NOW,
                None
            )
            .await
            .is_err()
    );
    let id = add(&store, t.noord, person("Jan"), None).await;
    let history_before = store.stage_history(id).await.unwrap();
    assert!(
        store
            .move_stage(
                id,
                Stage::Leader,
                &MoveReason::parse("x").unwrap(),
                None,
                NOW,
                None
            )
            .await
            .is_err()
    );
    assert_eq!(store.stage_history(id).await.unwrap(), history_before);
    assert_eq!(store.person(id).await.unwrap().person.stage, Stage::Contact);
    assert!(
        store
            .merge_people(id, enquete_domain::people::PersonId(777), None, NOW, None)
            .await
            .is_err()
    );
    assert_eq!(store.person(id).await.unwrap().person.stage, Stage::Contact);
    let after = store.unit_counts(&nation).await.unwrap().counts;
    assert_eq!(
        before.len() + 1,
        after.len(),
        "only the one valid person was added"
    );
    // A moved unit's paths stay consistent after a refused move.
    assert!(store.move_unit(t.gent, t.noord).await.is_err());
    assert_eq!(
        store.unit(t.noord).await.unwrap().path.ids(),
        vec![t.nation, t.region, t.gent, t.noord]
    );
    let _ = UnitPath::root(t.nation);
}

async fn online_submissions_are_counted_per_address_and_forgotten(store: Store) {
    for i in 0..3 {
        store
            .record_public_submission("192.0.2.7", Timestamp(NOW.0 + i))
            .await
            .unwrap();
    }
    store
        .record_public_submission("192.0.2.8", NOW)
        .await
        .unwrap();
    assert_eq!(
        store
            .public_submissions_since("192.0.2.7", NOW)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .public_submissions_since("192.0.2.7", Timestamp(NOW.0 + 2))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .prune_public_submissions(Timestamp(NOW.0 + 1))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .public_submissions_since("192.0.2.7", NOW)
            .await
            .unwrap(),
        2
    );
}

fn action_draft(capacity: &str) -> ActionDraft {
    ActionDraft::parse(
        "Bus to Maastricht",
        "",
        "Gent Sint-Pieters",
        "2026-03-01T08:00",
        capacity,
    )
    .unwrap()
}

async fn people_in(store: &Store, unit: UnitId, n: usize) -> Vec<PersonId> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(add(store, unit, person(&format!("Person {i}")), None).await);
    }
    out
}

async fn rsvps_fill_the_places_then_the_waiting_list_under_load(store: Store) {
    let t = tree(&store).await;
    let people = people_in(&store, t.noord, 200).await;
    let action = store
        .create_action(t.gent, None, &action_draft("150"), "tok-150", None, NOW)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for p in &people {
        let (store, p) = (store.clone(), *p);
        let id = action.id;
        tasks.push(tokio::spawn(async move {
            store.rsvp(id, p, false, "test", NOW).await
        }));
    }
    let mut confirmed = 0;
    let mut waiting = 0;
    for task in tasks {
        match task.await.unwrap().unwrap().status {
            RsvpStatus::Confirmed => confirmed += 1,
            RsvpStatus::Waiting => waiting += 1,
            RsvpStatus::Cancelled => panic!("nobody cancelled"),
        }
    }
    assert_eq!((confirmed, waiting), (150, 50));
    let a = store.action(action.id).await.unwrap();
    assert_eq!(
        (a.confirmed, a.waiting, a.places_left()),
        (150, 50, Some(0))
    );
    let list = store.rsvps(action.id).await.unwrap();
    assert_eq!(
        list.iter()
            .filter(|r| r.status == RsvpStatus::Confirmed)
            .count(),
        150
    );
    // Answering again changes nothing.
    let again = store
        .rsvp(action.id, list[0].person, false, "test", NOW)
        .await
        .unwrap();
    assert!(again.already);
    // A place freed goes to the first on the waiting list.
    let first_waiting = list
        .iter()
        .find(|r| r.status == RsvpStatus::Waiting)
        .unwrap()
        .id;
    let first_confirmed = list
        .iter()
        .find(|r| r.status == RsvpStatus::Confirmed)
        .unwrap()
        .id;
    store.cancel_rsvp(action.id, first_confirmed).await.unwrap();
    let list = store.rsvps(action.id).await.unwrap();
    let promoted = list.iter().find(|r| r.id == first_waiting).unwrap();
    assert_eq!(promoted.status, RsvpStatus::Confirmed);
    let a = store.action(action.id).await.unwrap();
    assert_eq!((a.confirmed, a.waiting), (150, 49));
    assert!(matches!(
        store
            .rsvp(action.id, PersonId(999_999), false, "test", NOW)
            .await,
        Err(StoreError::Invalid(FieldError {
            field: "person_id",
            ..
        }))
    ));
}

async fn buses_seat_riders_in_order_and_never_overfill(store: Store) {
    let t = tree(&store).await;
    let people = people_in(&store, t.noord, 6).await;
    let action = store
        .create_action(t.gent, None, &action_draft(""), "tok-bus", None, NOW)
        .await
        .unwrap();
    store.add_bus(action.id, "Bus 1", 3).await.unwrap();
    let mut outcomes = Vec::new();
    for p in &people[..5] {
        outcomes.push(store.rsvp(action.id, *p, true, "test", NOW).await.unwrap());
    }
    store
        .rsvp(action.id, people[5], false, "test", NOW)
        .await
        .unwrap();
    assert_eq!(outcomes.iter().filter(|o| o.bus.is_some()).count(), 3);
    assert!(
        outcomes[3].bus.is_none() && outcomes[4].bus.is_none(),
        "first come, first seated"
    );
    let buses = store.buses(action.id).await.unwrap();
    assert_eq!((buses[0].seats, buses[0].riders), (3, 3));
    // A second bus seats those who were waiting for transport.
    store.add_bus(action.id, "Bus 2", 1).await.unwrap();
    let buses = store.buses(action.id).await.unwrap();
    assert_eq!(buses[1].riders, 1);
    let list = store.rsvps(action.id).await.unwrap();
    let unseated: Vec<_> = list
        .iter()
        .filter(|r| r.wants_transport && r.bus.is_none())
        .collect();
    assert_eq!(unseated.len(), 1);
    assert_eq!(unseated[0].person, people[4]);
    // A full bus takes nobody more.
    let err = store
        .assign_bus(action.id, unseated[0].id, Some(buses[0].id))
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "bus");
    // A cancellation frees a seat; moving the rider there works.
    let seated = list.iter().find(|r| r.bus == Some(buses[0].id)).unwrap();
    store.cancel_rsvp(action.id, seated.id).await.unwrap();
    let buses_now = store.buses(action.id).await.unwrap();
    assert_eq!(
        buses_now[0].riders, 3,
        "the freed seat went to the one waiting for transport"
    );
}

async fn check_ins_move_people_up_by_the_ladder_rules(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "admin@example.org", Role::NationalAdmin).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let member = add(&store, t.noord, person("Mo"), None).await;
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
    assert_eq!(store.ladder_rules().await.unwrap(), default_ladder_rules());
    let mut actions = Vec::new();
    for i in 0..3 {
        actions.push(
            store
                .create_action(
                    t.gent,
                    None,
                    &action_draft(""),
                    &format!("tok-{i}"),
                    None,
                    NOW,
                )
                .await
                .unwrap()
                .id,
        );
    }
    store
        .rsvp(actions[0], ann, false, "test", NOW)
        .await
        .unwrap();
    let first = store
        .check_in(actions[0], ann, Some(by), NOW, None)
        .await
        .unwrap();
    assert_eq!(
        (first.attended, first.moved_to),
        (1, Some(Stage::Sympathiser))
    );
    let twice = store
        .check_in(actions[0], ann, Some(by), NOW, None)
        .await
        .unwrap();
    assert!(twice.already);
    // Without an RSVP: taken on the spot.
    let second = store
        .check_in(actions[1], ann, Some(by), NOW, None)
        .await
        .unwrap();
    assert_eq!((second.attended, second.moved_to), (2, None));
    let third = store
        .check_in(actions[2], ann, Some(by), Timestamp(NOW.0 + 60), None)
        .await
        .unwrap();
    assert_eq!(third.moved_to, Some(Stage::Active));
    let history = store.stage_history(ann).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.to, last.by), (Stage::Active, Some(by)));
    assert!(
        last.reason.contains("attended 3 actions"),
        "{}",
        last.reason
    );
    assert_eq!(store.person(ann).await.unwrap().person.stage, Stage::Active);
    // Members are never moved by attendance.
    let m = store
        .check_in(actions[0], member, Some(by), NOW, None)
        .await
        .unwrap();
    assert_eq!(m.moved_to, None);
    assert_eq!(store.action(actions[0]).await.unwrap().attended, 2);
    // Rules can change; a check-in with a new audit entry.
    let rules = parse_ladder_rules("2 sympathiser").unwrap();
    let event = AuditEvent {
        at: NOW,
        user: Some(by),
        action: "ladder-rules".into(),
        person: None,
        detail: "2 sympathiser".into(),
        ip: "127.0.0.1".into(),
    };
    store.set_ladder_rules(&rules, event).await.unwrap();
    assert_eq!(store.ladder_rules().await.unwrap(), rules);
    let bo = add(&store, t.noord, person("Bo"), None).await;
    assert_eq!(
        store
            .check_in(actions[0], bo, None, NOW, None)
            .await
            .unwrap()
            .moved_to,
        None
    );
    assert_eq!(
        store
            .check_in(actions[1], bo, None, NOW, None)
            .await
            .unwrap()
            .moved_to,
        Some(Stage::Sympathiser)
    );
    // Actions held above a unit reach it; those elsewhere do not.
    let noord = store.unit(t.noord).await.unwrap().path;
    assert_eq!(store.actions_reaching(&noord).await.unwrap().len(), 3);
    let antwerpen = store.unit(t.antwerpen).await.unwrap().path;
    assert!(store.actions_reaching(&antwerpen).await.unwrap().is_empty());
    // The ladder month by month: who first reached each stage.
    let nation = store.unit(t.nation).await.unwrap().path;
    let months = store
        .stages_reached_by_month(&nation, Timestamp(0))
        .await
        .unwrap();
    assert_eq!(
        months,
        vec![
            ("2026-09".to_owned(), Stage::Contact, 3),
            ("2026-09".to_owned(), Stage::Sympathiser, 2),
            ("2026-09".to_owned(), Stage::Active, 1),
            ("2026-09".to_owned(), Stage::Member, 1),
        ]
    );
    assert!(
        store
            .stages_reached_by_month(&nation, Timestamp(NOW.0 + 1000))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn campaign_targets_and_progress_tallies(store: Store) {
    let t = tree(&store).await;
    let draft = CampaignDraft::parse("Pools stay open", "", "2026-03-01", "2026-04-01").unwrap();
    let start = draft.starts_at;
    let campaign = store
        .create_campaign(
            &NewCampaign {
                unit: t.nation,
                draft,
                survey: None,
                question: "top3".into(),
                choice: "pools".into(),
                evidence: "38% of 1,200".into(),
            },
            &[
                TargetRow {
                    unit: t.nation,
                    metric: Metric::Attendance,
                    target: 10,
                },
                TargetRow {
                    unit: t.gent,
                    metric: Metric::Attendance,
                    target: 4,
                },
            ],
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(campaign.evidence, "38% of 1,200");
    store
        .set_targets(
            campaign.id,
            &[
                TargetRow {
                    unit: t.gent,
                    metric: Metric::Attendance,
                    target: 6,
                },
                TargetRow {
                    unit: t.noord,
                    metric: Metric::Signatures,
                    target: 50,
                },
            ],
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let mut targets = store.campaign_targets(campaign.id).await.unwrap();
    targets.sort_by_key(|r| (r.unit.0, r.metric));
    assert_eq!(targets.len(), 3);
    assert!(targets.contains(&TargetRow {
        unit: t.gent,
        metric: Metric::Attendance,
        target: 6
    }));
    // Progress: a check-in on day 2, a signature on day 0, a new sympathiser on day 1.
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let action = store
        .create_action(
            t.noord,
            Some(campaign.id),
            &action_draft(""),
            "tok-c",
            None,
            NOW,
        )
        .await
        .unwrap();
    store
        .check_in(action.id, ann, None, Timestamp(start.0 + 2 * DAY + 5), None)
        .await
        .unwrap();
    let petition = store
        .create_petition(
            t.nation,
            Some(campaign.id),
            &PetitionDraft::parse(&[("en", "Keep pools")], &[("en", "We ask")], "the city", "")
                .unwrap(),
            "ptok",
            None,
            NOW,
        )
        .await
        .unwrap();
    let sig = SignatureInput::parse("Bea Claes", "bea@example.org", "9000", false).unwrap();
    store
        .sign(
            &petition,
            t.noord,
            &sig,
            Language::Nl,
            Timestamp(start.0 + 10),
        )
        .await
        .unwrap();
    let bo = add(&store, t.haven, person("Bo"), None).await;
    store
        .move_stage(
            bo,
            Stage::Sympathiser,
            &MoveReason::parse("talked").unwrap(),
            None,
            Timestamp(start.0 + DAY),
            None,
        )
        .await
        .unwrap();
    // Before the campaign: not counted.
    let early = add(&store, t.haven, person("Early"), None).await;
    store
        .move_stage(
            early,
            Stage::Sympathiser,
            &MoveReason::parse("talked").unwrap(),
            None,
            Timestamp(start.0 - 10),
            None,
        )
        .await
        .unwrap();
    let root = store.unit(t.nation).await.unwrap().path;
    let mut tallies = store.campaign_tallies(&campaign, &root).await.unwrap();
    tallies.sort_by_key(|x| (x.metric, x.unit.0, x.day));
    let mut expected = vec![
        Tally {
            unit: t.noord,
            metric: Metric::Signatures,
            day: 0,
            n: 1,
        },
        Tally {
            unit: t.noord,
            metric: Metric::Attendance,
            day: 2,
            n: 1,
        },
        Tally {
            unit: t.noord,
            metric: Metric::NewSympathisers,
            day: 2,
            n: 1,
        },
        Tally {
            unit: t.haven,
            metric: Metric::NewSympathisers,
            day: 1,
            n: 1,
        },
    ];
    expected.sort_by_key(|x| (x.metric, x.unit.0, x.day));
    assert_eq!(tallies, expected);
    let gent_only = store
        .campaign_tallies(&campaign, &store.unit(t.gent).await.unwrap().path)
        .await
        .unwrap();
    assert!(gent_only.iter().all(|x| x.unit == t.noord));
    let reaching = store
        .campaigns_reaching(&store.unit(t.haven).await.unwrap().path)
        .await
        .unwrap();
    assert_eq!(reaching.len(), 1);
}

async fn petitions_take_one_signature_per_mailbox(store: Store) {
    let t = tree(&store).await;
    let petition = store
        .create_petition(
            t.gent,
            None,
            &PetitionDraft::parse(
                &[("en", "Stop arms"), ("nl", "Stop wapens")],
                &[("en", "We call"), ("nl", "Wij vragen")],
                "the federal government",
                "1000",
            )
            .unwrap(),
            "ptok",
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(petition.title.get(Language::Nl), "Stop wapens");
    assert_eq!(petition.goal, 1000);
    let ann = SignatureInput::parse("Ann Peeters", "ann.peeters@gmail.com", "9000", true).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.noord, &ann, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(1)
    );
    let again = SignatureInput::parse("Ann P.", "AnnPeeters+x@gmail.com", "9000", true).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.noord, &again, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::AlreadySigned(1)
    );
    // Same name and postcode under another address: counted, flagged.
    let other = SignatureInput::parse("ann peeters", "ann@work.example", "9000", false).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.gent, &other, Language::En, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(2)
    );
    let gent = store.unit(t.gent).await.unwrap().path;
    let list = store.signatures(petition.id, &gent, 100).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|s| s.possible_double));
    // The one who agreed to be contacted is now a contact of her section, with the consent.
    let with_person = list.iter().find(|s| s.may_contact).unwrap();
    let pid = with_person.person.unwrap();
    let rec = store.person(pid).await.unwrap();
    assert_eq!(
        (rec.person.unit, rec.person.stage),
        (t.noord, Stage::Contact)
    );
    let consents = store.consents(pid).await.unwrap();
    assert!(
        consents
            .iter()
            .any(|c| c.granted && c.source.as_str().contains("petition"))
    );
    // The one who did not is not.
    assert!(
        list.iter()
            .find(|s| !s.may_contact)
            .unwrap()
            .person
            .is_none()
    );
    let noord = store.unit(t.noord).await.unwrap().path;
    assert_eq!(
        store
            .signatures(petition.id, &noord, 100)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.signature_count(petition.id).await.unwrap(), 2);
    assert_eq!(
        store.signature_count_in(petition.id, &noord).await.unwrap(),
        1
    );
    assert_eq!(
        store.signature_count_in(petition.id, &gent).await.unwrap(),
        2
    );
    assert_eq!(store.petition_by_token("ptok").await.unwrap().signatures, 2);
    assert_eq!(store.petitions_reaching(&noord).await.unwrap().len(), 1);
}

async fn meetings_carry_open_decisions_to_the_next(store: Store) {
    let t = tree(&store).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let first = store
        .create_meeting(t.noord, NOW, "1. Pools\n2. Food bank", None, NOW)
        .await
        .unwrap();
    store.mark_present(first.id, ann).await.unwrap();
    store.mark_present(first.id, ann).await.unwrap();
    for (text, due) in [
        ("Print leaflets", "2026-10-01"),
        ("Book the hall", "2026-09-25"),
    ] {
        store
            .add_decision(first.id, &DecisionDraft::parse(text, "Ann", due).unwrap())
            .await
            .unwrap();
    }
    let m = store.meeting(first.id).await.unwrap();
    assert_eq!((m.present, m.decisions), (1, 2));
    assert_eq!(store.present_at(first.id).await.unwrap()[0].1, "Ann");
    let open = store.decisions(t.noord, None).await.unwrap();
    assert_eq!(
        open.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(),
        ["Book the hall", "Print leaflets"],
        "soonest due first"
    );
    store.decision_done(t.noord, open[0].id, NOW).await.unwrap();
    assert_eq!(
        field_of(
            store
                .decision_done(t.noord, open[0].id, NOW)
                .await
                .unwrap_err()
        ),
        "decision"
    );
    assert_eq!(
        field_of(
            store
                .decision_done(t.gent, open[1].id, NOW)
                .await
                .unwrap_err()
        ),
        "decision"
    );
    // The next meeting's follow-up list: what is still open.
    let next = store
        .create_meeting(t.noord, Timestamp(NOW.0 + 30 * DAY), "", None, NOW)
        .await
        .unwrap();
    let follow_up = store.decisions(t.noord, None).await.unwrap();
    assert_eq!(follow_up.len(), 1);
    assert_eq!(follow_up[0].meeting, first.id);
    assert!(
        store
            .decisions(t.noord, Some(next.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .decisions(t.noord, Some(first.id))
            .await
            .unwrap()
            .len(),
        2
    );
    store
        .set_meeting_notes(next.id, "Agenda", "Notes")
        .await
        .unwrap();
    let history = store.meetings_of(t.noord).await.unwrap();
    assert_eq!(
        history.iter().map(|m| m.id).collect::<Vec<_>>(),
        [next.id, first.id]
    );
    assert_eq!(history[0].notes, "Notes");
    assert!(matches!(
        store.meeting(999_999).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn solidarity_projects_keep_volunteers_and_updates(store: Store) {
    let t = tree(&store).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let p = store
        .create_project(
            t.noord,
            &ProjectDraft::parse(
                "Food bank",
                "Weekly parcels for 40 families",
                "Rice\nVolunteers on Saturday",
            )
            .unwrap(),
            None,
            NOW,
        )
        .await
        .unwrap();
    store.add_volunteer(p.id, ann).await.unwrap();
    store.add_volunteer(p.id, ann).await.unwrap();
    store
        .add_project_update(p.id, "First 12 parcels", None, NOW)
        .await
        .unwrap();
    store
        .add_project_update(p.id, "25 parcels", None, Timestamp(NOW.0 + DAY))
        .await
        .unwrap();
    let p = store.project(p.id).await.unwrap();
    assert_eq!(p.volunteers, 1);
    assert_eq!(store.volunteers(p.id).await.unwrap()[0].0, ann);
    let updates = store.project_updates(p.id).await.unwrap();
    assert_eq!(updates[0].text, "25 parcels", "newest first");
    store
        .update_project(
            p.id,
            &ProjectDraft::parse("Food bank", "50 families", "Rice").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.projects_of(t.noord).await.unwrap()[0].goal,
        "50 families"
    );
    assert!(store.projects_of(t.gent).await.unwrap().is_empty());
}

async fn merging_people_keeps_their_campaign_work(store: Store) {
    let t = tree(&store).await;
    let keep = add(&store, t.noord, person("Ann Peeters"), None).await;
    let twin = add(&store, t.noord, person("Ann Peeters"), None).await;
    let other = add(&store, t.noord, person("Bo"), None).await;
    let both = store
        .create_action(t.gent, None, &action_draft("2"), "tok-both", None, NOW)
        .await
        .unwrap();
    let only_twin = store
        .create_action(t.gent, None, &action_draft(""), "tok-twin", None, NOW)
        .await
        .unwrap();
    store.rsvp(both.id, keep, false, "test", NOW).await.unwrap();
    store.rsvp(both.id, twin, false, "test", NOW).await.unwrap();
    assert_eq!(
        store
            .rsvp(both.id, other, false, "test", NOW)
            .await
            .unwrap()
            .status,
        RsvpStatus::Waiting
    );
    store
        .check_in(only_twin.id, twin, None, NOW, None)
        .await
        .unwrap();
    let meeting = store
        .create_meeting(t.noord, NOW, "", None, NOW)
        .await
        .unwrap();
    store.mark_present(meeting.id, twin).await.unwrap();
    store.mark_present(meeting.id, keep).await.unwrap();
    let project = store
        .create_project(
            t.noord,
            &ProjectDraft::parse("Food bank", "", "").unwrap(),
            None,
            NOW,
        )
        .await
        .unwrap();
    store.add_volunteer(project.id, twin).await.unwrap();
    store
        .merge_people(keep, twin, None, NOW, None)
        .await
        .unwrap();
    // One answer per action; the places are counted again.
    let list = store.rsvps(both.id).await.unwrap();
    assert_eq!(list.iter().filter(|r| r.person == keep).count(), 1);
    // The twin's check-in, meeting and project are the kept record's now.
    let moved = store.rsvps(only_twin.id).await.unwrap();
    assert_eq!(
        (moved[0].person, moved[0].attended_at.is_some()),
        (keep, true)
    );
    assert_eq!(store.action(only_twin.id).await.unwrap().attended, 1);
    assert_eq!(store.present_at(meeting.id).await.unwrap().len(), 1);
    assert_eq!(store.volunteers(project.id).await.unwrap()[0].0, keep);
    // The freed place went to the one waiting.
    let bo = store
        .rsvps(both.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.person == other)
        .unwrap();
    assert_eq!(bo.status, RsvpStatus::Confirmed);
    assert_eq!(store.action(both.id).await.unwrap().confirmed, 2);
}

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
    r.contact = Some(enquete_store::NewContact {
        details: PersonInput {
            name: "Samira Benali".into(),
            email: "samira@example.org".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        consent: NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door-to-door enquête").unwrap(),
        },
    });
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
        action: "person-erased".into(),
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
    assert_eq!(audit[0].action, "person-erased");
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

// Encryption at rest: these tests also look at what the database holds, so they get the
// database beside the store.

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
);

/// A person, a signature and a linked response with a free-text answer, all in Gent Noord.
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
const SECRETS: [&str; 13] = [
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
];

async fn postcodes_sealed(db: &TestDb) -> bool {
    db.raw_text("SELECT postcode FROM signatures")
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
    assert_eq!((done.people, done.signatures, done.responses), (2, 1, 1));
    let usage = store.key_usage().await.unwrap();
    assert_eq!(usage.people, vec![(new_id.clone(), 2)]);
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
            .any(|e| e.action == "rotate-keys" && e.detail.contains("2 people"))
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

async fn password_reset_links_work_once_within_the_hour(store: Store) {
    let t = tree(&store).await;
    let user = admin(&store, t.gent, "reset@example.org", Role::Organizer).await;
    assert!(
        store
            .create_password_reset(user, "tok-1", "reset@example.org", "Reset", "Go to /x", NOW)
            .await
            .unwrap()
    );
    assert!(store.password_reset_valid("tok-1", NOW).await.unwrap());
    assert!(
        !store
            .password_reset_valid("tok-unknown", NOW)
            .await
            .unwrap()
    );
    // Expired after an hour.
    let later = Timestamp(NOW.0 + enquete_store::RESET_VALID_SECONDS);
    assert!(!store.password_reset_valid("tok-1", later).await.unwrap());
    assert_eq!(
        store
            .use_password_reset("tok-1", "new-hash", later)
            .await
            .unwrap(),
        None
    );
    // Used once; the other links of the account stop working with it.
    store
        .create_password_reset(user, "tok-2", "reset@example.org", "Reset", "Go", NOW)
        .await
        .unwrap();
    assert_eq!(
        store
            .use_password_reset("tok-1", "new-hash", NOW)
            .await
            .unwrap(),
        Some(user)
    );
    assert_eq!(store.user(user).await.unwrap().password_hash, "new-hash");
    assert_eq!(
        store
            .use_password_reset("tok-1", "again", NOW)
            .await
            .unwrap(),
        None
    );
    assert!(!store.password_reset_valid("tok-2", NOW).await.unwrap());
    assert_eq!(store.user(user).await.unwrap().password_hash, "new-hash");
    // No more than three mails an hour for one account.
    assert!(
        store
            .create_password_reset(user, "tok-3", "reset@example.org", "Reset", "Go", NOW)
            .await
            .unwrap()
    );
    assert!(
        !store
            .create_password_reset(user, "tok-4", "reset@example.org", "Reset", "Go", NOW)
            .await
            .unwrap(),
        "a fourth within the hour sends nothing"
    );
    assert!(!store.password_reset_valid("tok-4", NOW).await.unwrap());
    assert_eq!(store.pending_mail(10).await.unwrap().len(), 3);
}

async fn mail_waits_in_the_outbox_until_sent(store: Store) {
    let t = tree(&store).await;
    let user = admin(&store, t.gent, "mail@example.org", Role::Organizer).await;
    for token in ["a", "b"] {
        store
            .create_password_reset(
                user,
                token,
                "mail@example.org",
                "Subject",
                &format!("link {token}"),
                NOW,
            )
            .await
            .unwrap();
    }
    let pending = store.pending_mail(10).await.unwrap();
    assert_eq!(
        pending.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
        vec!["link a", "link b"]
    );
    // One server takes it; another cannot until the claim is five minutes old.
    assert!(store.claim_mail(pending[0].id, 300, NOW).await.unwrap());
    assert!(
        !store
            .claim_mail(pending[0].id, 300, Timestamp(NOW.0 + 10))
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_mail(pending[0].id, 300, Timestamp(NOW.0 + 300))
            .await
            .unwrap()
    );
    store.mail_sent(pending[0].id, NOW).await.unwrap();
    assert!(
        !store
            .claim_mail(pending[0].id, 300, Timestamp(NOW.0 + 900))
            .await
            .unwrap(),
        "sent"
    );
    store
        .mail_failed(pending[1].id, "no route", 2, NOW)
        .await
        .unwrap();
    let left = store.pending_mail(10).await.unwrap();
    assert_eq!((left.len(), left[0].attempts), (1, 1));
    store
        .mail_failed(pending[1].id, "no route", 2, NOW)
        .await
        .unwrap();
    assert!(
        store.pending_mail(10).await.unwrap().is_empty(),
        "given up after two attempts"
    );
}

async fn survey_drafts_are_saved_then_published_once(store: Store) {
    let t = tree(&store).await;
    let mut draft = demo_survey();
    draft.form_id = "draft_form".into();
    store.save_draft(&draft, None, NOW).await.unwrap();
    // Saved again: replaced, not doubled.
    store.save_draft(&draft, None, NOW).await.unwrap();
    assert_eq!(store.drafts().await.unwrap(), vec!["draft_form".to_owned()]);
    assert_eq!(
        store
            .draft("draft_form")
            .await
            .unwrap()
            .unwrap()
            .questions
            .len(),
        draft.questions.len()
    );
    assert!(store.draft("none").await.unwrap().is_none());
    assert_eq!(
        store.survey_owner("draft_form").await.unwrap(),
        None,
        "not published yet"
    );
    let published = store
        .publish_draft("draft_form", None, Some(t.gent), NOW)
        .await
        .unwrap();
    assert_eq!(published.version, 1);
    assert!(
        store.drafts().await.unwrap().is_empty(),
        "the draft is gone"
    );
    assert_eq!(
        store.survey_owner("draft_form").await.unwrap(),
        Some(Some(t.gent))
    );
    assert!(
        store
            .publish_draft("draft_form", None, None, NOW)
            .await
            .is_err()
    );
}

async fn public_links_take_online_answers_once_per_address(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let link = store
        .create_link("link-tok", survey.id, t.noord, true, None, NOW)
        .await
        .unwrap();
    assert_eq!(store.link("link-tok").await.unwrap().unit, t.noord);
    assert_eq!(store.links_of(survey.id).await.unwrap().len(), 1);
    assert!(matches!(
        store.link("nope").await,
        Err(StoreError::NotFound(_))
    ));
    let mut r = response("0190e000-0000-7000-8000-000000000001", &survey, t.noord);
    r.collector = None;
    assert_eq!(
        store
            .submit_online(&link.token, Some("digest-a"), &r, NOW)
            .await
            .unwrap(),
        enquete_store::IngestOutcome::Accepted
    );
    assert_eq!(
        store.response_collector(&r.id).await.unwrap(),
        Some(None),
        "stored, collected online"
    );
    assert_eq!(
        store
            .response_collector("0190e000-0000-7000-8000-00000000ffff")
            .await
            .unwrap(),
        None
    );
    // The same address again: refused, nothing stored.
    let mut second = response("0190e000-0000-7000-8000-000000000002", &survey, t.noord);
    second.collector = None;
    let e = store
        .submit_online(&link.token, Some("digest-a"), &second, NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(e), "email");
    assert_eq!(store.response_collector(&second.id).await.unwrap(), None);
    assert_eq!(store.count_responses(survey.id).await.unwrap(), 1);
}

async fn public_rsvps_reach_known_people_only_below_the_action(store: Store) {
    let t = tree(&store).await;
    let known = add(
        &store,
        t.noord,
        PersonInput {
            email: "known@example.be".into(),
            ..person("Known Person")
        },
        None,
    )
    .await;
    let far = add(
        &store,
        t.haven,
        PersonInput {
            email: "far@example.be".into(),
            ..person("Far Person")
        },
        None,
    )
    .await;
    let action = store
        .create_action(t.gent, None, &action_draft("10"), "pub-tok", None, NOW)
        .await
        .unwrap();
    assert_eq!(
        store.action_by_token("pub-tok").await.unwrap().id,
        action.id
    );
    let gent = store.unit(t.gent).await.unwrap().path;
    assert_eq!(
        store
            .actions_in(&gent, None)
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![action.id]
    );
    let details = |email: &str, name: &str| {
        PersonInput {
            email: email.into(),
            ..person(name)
        }
        .parse()
        .unwrap()
    };
    // Known below the action (any case): the RSVP goes on their record.
    let mine = store
        .public_rsvp(
            action.id,
            t.noord,
            &details("KNOWN@example.be", "Known"),
            &[],
            true,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!((mine.person, mine.status), (known, RsvpStatus::Confirmed));
    // Known only elsewhere in the tree: a new contact in the section, never the far record.
    let other = store
        .public_rsvp(
            action.id,
            t.noord,
            &details("far@example.be", "Far"),
            &[],
            false,
            NOW,
        )
        .await
        .unwrap();
    assert_ne!(other.person, far);
    assert_eq!(
        store.person(other.person).await.unwrap().person.unit,
        t.noord
    );
    assert_eq!(store.action(action.id).await.unwrap().confirmed, 2);

    // The campaign it belongs to, and the stages of the people it reached.
    let draft = CampaignDraft::parse("Rents", "", "2026-02-01", "2026-04-01").unwrap();
    let campaign = store
        .create_campaign(
            &NewCampaign {
                unit: t.gent,
                draft,
                survey: None,
                question: String::new(),
                choice: String::new(),
                evidence: String::new(),
            },
            &[],
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(store.campaign(campaign.id).await.unwrap().id, campaign.id);
    let with = store
        .create_action(
            t.gent,
            Some(campaign.id),
            &action_draft("5"),
            "camp-tok",
            None,
            NOW,
        )
        .await
        .unwrap();
    store
        .rsvp(with.id, known, false, "test", NOW)
        .await
        .unwrap();
    store
        .check_in(with.id, known, None, NOW, None)
        .await
        .unwrap();
    let stages = store
        .campaign_participant_stages(campaign.id, &gent)
        .await
        .unwrap();
    assert_eq!(stages.iter().map(|(_, n)| n).sum::<u64>(), 1, "{stages:?}");
    assert_eq!(
        store
            .actions_in(&gent, Some(campaign.id))
            .await
            .unwrap()
            .len(),
        1
    );
    let petition = store
        .create_petition(
            t.gent,
            Some(campaign.id),
            &PetitionDraft::parse(&[("en", "Rents")], &[("en", "Freeze")], "the city", "10")
                .unwrap(),
            "pet-tok",
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        store.petition(petition.id).await.unwrap().campaign,
        Some(campaign.id)
    );
}

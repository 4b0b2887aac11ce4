//! Surveys and responses: published versions and drafts, ingestion once per response, linked
//! contacts, assignments and visits, results generations, margins, lexicons, and public links.

use crate::support::{NOW, admin, conformance, demo_survey, field_of, response, tree};
use enquete_domain::audit::AuditAction;
use enquete_domain::{
    Timestamp,
    account::Role,
    org::UnitId,
    people::{ConsentPurpose, ConsentSource, NewConsent, PersonInput},
    policy::PeopleVisibility,
};
use enquete_store::{PeopleQuery, Store, StoreError};

conformance!(
    online_submissions_are_counted_per_address_and_forgotten,
    simultaneous_online_submissions_are_admitted_up_to_the_limit,
    surveys_publish_immutable_versions,
    responses_are_stored_once_however_often_they_are_sent,
    overlapping_batches_at_the_same_time_store_each_response_once,
    a_consenting_respondent_becomes_a_linked_contact,
    assignments_track_every_door_and_visit_once,
    responses_are_read_again_from_their_generation,
    population_margins_are_replaced_per_unit_and_variable,
    theme_lexicons_are_saved_with_an_audit_entry,
    answers_keep_the_theme_they_were_first_given,
    survey_drafts_are_saved_then_published_once,
    public_links_take_online_answers_once_per_address,
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
    // One unit's figures alone, for a conversation weighted to its nearest unit with figures.
    let gent = store.margins_of(t.gent).await.unwrap();
    assert_eq!(gent, vec![m(t.gent, "gender", "woman", 140_000.0)]);
    assert_eq!(store.margins_of(t.region).await.unwrap().len(), 2);
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
            .filter(|e| e.action == AuditAction::ImportMargins)
            .count(),
        2
    );
}

async fn answers_keep_the_theme_they_were_first_given(store: Store) {
    let t = tree(&store).await;
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let ids: Vec<String> = (0..3)
        .map(|i| format!("0190a000-0000-7000-8000-{i:012}"))
        .collect();
    let batch: Vec<_> = ids
        .iter()
        .map(|id| response(id, &survey, t.noord))
        .collect();
    store.ingest_responses(&batch, NOW).await.unwrap();
    let assigned = async |question: &str, unit| {
        store
            .theme_assignments(survey.id, question, unit)
            .await
            .unwrap()
    };
    let given = |pairs: &[(usize, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(i, t)| (ids[*i].clone(), (*t).to_owned()))
            .collect()
    };
    store
        .keep_theme_assignments(
            survey.id,
            "change",
            t.noord,
            &given(&[(0, "pool"), (1, "rent")]),
        )
        .await
        .unwrap();
    // Sent again, and with another theme: the first one holds.
    store
        .keep_theme_assignments(
            survey.id,
            "change",
            t.noord,
            &given(&[(0, "noise"), (1, "rent"), (2, "pool")]),
        )
        .await
        .unwrap();
    assert_eq!(
        assigned("change", t.noord).await,
        given(&[(0, "pool"), (1, "rent"), (2, "pool")])
    );
    // The themes of another unit (here the whole country) are its own.
    store
        .keep_theme_assignments(survey.id, "change", t.nation, &given(&[(0, "swimming")]))
        .await
        .unwrap();
    assert_eq!(
        assigned("change", t.nation).await,
        given(&[(0, "swimming")])
    );
    assert!(assigned("other", t.noord).await.is_empty());
    // An unknown answer is refused and nothing of the batch is written.
    assert!(
        store
            .keep_theme_assignments(
                survey.id,
                "other",
                t.noord,
                &[
                    (ids[0].clone(), "pool".into()),
                    ("0190a000-0000-7000-8000-999999999999".into(), "pool".into()),
                ],
            )
            .await
            .is_err()
    );
    assert!(assigned("other", t.noord).await.is_empty());
    // A rename or merge moves the answers; a split lets them be sorted again.
    store
        .move_theme_assignments(survey.id, "change", "pool", Some("swimming pool"))
        .await
        .unwrap();
    store
        .move_theme_assignments(survey.id, "change", "rent", None)
        .await
        .unwrap();
    assert_eq!(
        assigned("change", t.noord).await,
        given(&[(0, "swimming pool"), (2, "swimming pool")])
    );
    store
        .forget_theme_assignments(survey.id, "change")
        .await
        .unwrap();
    assert!(assigned("change", t.noord).await.is_empty());
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
        audit
            .iter()
            .filter(|e| e.action == AuditAction::EditThemes)
            .count(),
        2
    );
}

async fn assignments_track_every_door_and_visit_once(store: Store) {
    use enquete_domain::survey::{DoorId, DoorOutcome};
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
    let visit = |id: &str, door: DoorId, outcome: DoorOutcome, at: i64| NewVisit {
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
    assert_eq!(store.door_assignment(DoorId(999_999)).await.unwrap(), None);
    assert_eq!(store.assignments(Some(lotte), &[]).await.unwrap().len(), 1);
    assert_eq!(store.assignments(None, &[t.noord]).await.unwrap().len(), 1);
    assert_eq!(store.assignments(None, &[t.haven]).await.unwrap().len(), 0);
    let err = store
        .record_visits(&[visit("v9", DoorId(999_999), DoorOutcome::NotHome, 4)])
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "door_id");
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

async fn survey_drafts_are_saved_then_published_once(store: Store) {
    let t = tree(&store).await;
    let mut draft = demo_survey();
    draft.form_id = "draft_form".into();
    store
        .save_draft(&draft, None, Some(t.gent), NOW)
        .await
        .unwrap();
    // Saved again: replaced, not doubled; it still belongs to the unit that started it.
    store.save_draft(&draft, None, None, NOW).await.unwrap();
    assert_eq!(
        store.draft_owner("draft_form").await.unwrap(),
        Some(Some(t.gent))
    );
    assert_eq!(store.draft_owner("none").await.unwrap(), None);
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

/// Security (issue 13, finding 4): 80 of 80 simultaneous public submissions from one address
/// were accepted where 30 an hour are allowed. Counting and recording is one step now.
async fn simultaneous_online_submissions_are_admitted_up_to_the_limit(store: Store) {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..80 {
        let store = store.clone();
        tasks.spawn(async move {
            store
                .admit_public_submission(
                    "192.0.2.9",
                    Timestamp(NOW.0 - 3600),
                    30,
                    Timestamp(NOW.0 + i % 3),
                )
                .await
                .unwrap()
        });
    }
    let mut admitted = 0;
    while let Some(ok) = tasks.join_next().await {
        admitted += u32::from(ok.unwrap());
    }
    assert_eq!(admitted, 30);
    assert_eq!(
        store
            .public_submissions_since("192.0.2.9", NOW)
            .await
            .unwrap(),
        30,
        "refused submissions are not recorded"
    );
    assert!(
        store
            .admit_public_submission("192.0.2.10", NOW, 30, NOW)
            .await
            .unwrap(),
        "another address has its own count"
    );
    assert!(
        store
            .admit_public_submission("192.0.2.9", Timestamp(NOW.0 + 3), 30, NOW)
            .await
            .unwrap(),
        "only the window counts"
    );
}

//! Who leads (issue 18, part 3), against the population of the area and the enquête's
//! respondents, by occupation, gender and age band, over time; and how each choice on a
//! shortlist would move the share of workers among holders of a kind of position.

use crate::support::{NOW, TestApp};
use axum::http::StatusCode;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::composition::{Dimension, Profile};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonId, PersonInput, Stage,
};
use enquete_domain::survey::{Answers, Channel};
use enquete_domain::training::{ChosenBy, PositionKind};
use enquete_store::{AuditEvent, NewResponse};

const YEAR: i64 = 365 * 86_400;

fn audit(action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

/// A person of `unit` counted in who leads with this profile, a member since `since`.
async fn counted(
    app: &TestApp,
    unit: enquete_domain::org::UnitId,
    name: &str,
    profile: (&str, &str, &str),
    since: Timestamp,
) -> PersonId {
    let store = &app.store;
    let id = store
        .create_person(
            unit,
            &PersonInput {
                name: name.into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            &[],
            None,
            Timestamp(since.0 - 86_400),
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    store
        .move_stage(
            id,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            since,
            None,
        )
        .await
        .unwrap();
    store
        .record_consent(
            id,
            &NewConsent {
                purpose: ConsentPurpose::Composition,
                granted: true,
                source: ConsentSource::parse("asked").unwrap(),
            },
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    store
        .set_profile(
            id,
            &Profile::parse(profile.0, profile.1, profile.2).unwrap(),
            NOW,
            audit(AuditAction::Edit),
        )
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn who_leads_is_set_beside_the_population_the_respondents_and_the_years() {
    let app = TestApp::new().await;
    let p = app.places().await;
    // Twelve members, six of them workers, half of them women; four joined three years ago.
    let mut people = Vec::new();
    for i in 0..12 {
        let occupation = if i % 2 == 0 {
            "manual"
        } else {
            "professional_manager"
        };
        let gender = if i < 6 { "woman" } else { "man" };
        let since = if i < 4 {
            Timestamp(NOW.0 - 3 * YEAR)
        } else {
            Timestamp(NOW.0 - 30 * 86_400)
        };
        people.push(
            counted(
                &app,
                p.section.id,
                &format!("Member {i}"),
                (occupation, gender, "25_34"),
                since,
            )
            .await,
        );
    }
    // The enquête: 20 people answered in the section, 12 of them women.
    let survey = app
        .store
        .surveys()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.definition.questions.iter().any(|q| q.name == "gender"))
        .unwrap();
    let batch: Vec<NewResponse> = (0..20)
        .map(|i| {
            let gender = if i < 12 { "woman" } else { "man" };
            let answers: Answers = serde_json::from_str(&format!(
                r#"{{"gender": "{gender}", "age_band": "a25_34", "contact": "no"}}"#
            ))
            .unwrap();
            NewResponse {
                id: format!("0190d000-0000-7000-9100-{i:012}"),
                survey: survey.id,
                version: survey.version,
                unit: p.section.id,
                channel: Channel::Door,
                collector: None,
                collected_at: NOW,
                answers,
                contact: None,
                origin: "test".into(),
            }
        })
        .collect();
    app.store.ingest_responses(&batch, NOW).await.unwrap();

    let mut admin = app.login(Role::NationalAdmin).await;
    // By gender, at the nation: the demo's population figures (per region, summed) and the
    // respondents beside the members.
    let page = admin
        .get(&format!("/units/{}/composition?by=gender", p.nation.id.0))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Population of the area ("),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Enquête respondents (20)"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("60% ("),
        "12 of 20 respondents are women"
    );
    assert!(
        page.body
            .contains("Women are 60% of the people who answered the enquête"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("of the people of"),
        "the population's gap"
    );
    // By age band: the demo's bands (a16_24, a25_34 ...) spread over the profile's.
    let page = admin
        .get(&format!("/units/{}/composition?by=age_band", p.nation.id.0))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("under 25") && page.body.contains("Population of the area"));
    // Over time: four moments; three years ago only the first four were members (hidden: fewer
    // than 5 women), now twelve.
    let app_core = enquete_app::App::new(app.store.clone());
    let caller = enquete_app::Caller {
        actor: enquete_domain::policy::Actor::new(
            enquete_domain::account::UserId(1),
            Role::NationalAdmin,
            p.nation.path.clone(),
        ),
        email: String::new(),
        name: "test".into(),
        unit: p.nation.id,
        ip: "test".into(),
        door: enquete_app::Door::Cli,
        now: NOW,
    };
    let comp =
        enquete_app::composition::composition(&app_core, &caller, p.section.id, Dimension::Gender)
            .await
            .unwrap();
    assert_eq!(comp.trend.len(), 4);
    assert_eq!(
        comp.trend[0].members.0, 4,
        "members at the end of three years ago"
    );
    assert_eq!(comp.trend[0].members.1, None, "four women or fewer: hidden");
    assert_eq!(comp.trend[3].members, (12, Some(0.5)));
    let page = admin
        .get(&format!("/units/{}/composition", p.section.id.0))
        .await;
    assert!(page.body.contains("id=\"trend\""), "{}", page.body);
    // A wrong view is named.
    let bad = admin
        .get(&format!("/units/{}/composition?by=income", p.nation.id.0))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Broken down by"), "{}", bad.body);

    // Six section secretaries, five of them workers: each choice moves the share.
    let mut secretaries = Vec::new();
    for (i, occupation) in [
        "manual",
        "manual",
        "clerical_service",
        "manual",
        "manual",
        "student",
    ]
    .iter()
    .enumerate()
    {
        let person = counted(
            &app,
            p.far.id,
            &format!("Secretary {i}"),
            (occupation, "woman", "35_49"),
            Timestamp(NOW.0 - YEAR),
        )
        .await;
        let position = app
            .store
            .create_position(
                p.far.id,
                PositionKind::Secretary,
                "",
                &[],
                NOW,
                audit(AuditAction::Position),
            )
            .await
            .unwrap();
        app.store
            .start_term(
                position,
                person,
                &ChosenBy::Appointment,
                Timestamp(NOW.0 - YEAR),
                None,
                NOW,
                audit(AuditAction::PositionFilled),
            )
            .await
            .unwrap();
        secretaries.push(person);
    }
    let worker = people[0];
    let manager = people[1];
    let uncounted = app.store.person(p.neighbour).await.unwrap().person.id;
    let effects = enquete_app::composition::shortlist_effects(
        &app_core,
        &caller,
        &[(
            PositionKind::Secretary,
            None,
            vec![worker, manager, uncounted],
        )],
    )
    .await
    .unwrap();
    let e = &effects[0];
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    assert!(close(e[&worker].now, 5.0 / 6.0), "{:?}", e[&worker]);
    assert!(close(e[&worker].after, 6.0 / 7.0));
    assert!(close(e[&manager].after, 5.0 / 7.0));
    assert!(!e[&uncounted].counted && e[&uncounted].after.is_none());
    // Replacing the student who holds one: the share without her, then with the candidate.
    let replace = enquete_app::composition::shortlist_effects(
        &app_core,
        &caller,
        &[(
            PositionKind::Secretary,
            Some(secretaries[5]),
            vec![manager, worker],
        )],
    )
    .await
    .unwrap();
    assert!(close(replace[0][&manager].now, 1.0), "{:?}", replace[0]);
    assert!(
        close(replace[0][&manager].after, 5.0 / 6.0),
        "{:?}",
        replace[0]
    );
    // Replacing a worker: four workers left, too few to show a share.
    let few = enquete_app::composition::shortlist_effects(
        &app_core,
        &caller,
        &[(PositionKind::Secretary, Some(secretaries[0]), vec![manager])],
    )
    .await
    .unwrap();
    assert_eq!(few[0][&manager].now, None);
    assert_eq!(few[0][&manager].after, None);
    assert!(few[0][&manager].counted);
}

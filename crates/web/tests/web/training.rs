//! From member to leader: a member attends the introduction and section modules (checked in at
//! their sessions, which completes them), is elected section secretary (the position requires
//! the section module), and the leadership rule moves them to organizer. Bad input is named by
//! field and writes nothing; the prerequisites are enforced.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::account::Role;
use enquete_domain::people::{PersonId, PersonInput, Stage};

async fn post_ok(client: &mut Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = client.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    r.location()
}

/// Plans a session of a module in a unit; returns the session id and its action id.
async fn plan(client: &mut Client, app: &TestApp, module: i64, unit: i64) -> (i64, i64) {
    client.get("/training").await;
    let to = post_ok(
        client,
        "/training/sessions",
        &[
            ("module", &module.to_string()),
            ("unit", &unit.to_string()),
            ("starts_at", "2026-10-01T19:00"),
            ("place", "Volkshuis"),
            ("capacity", ""),
        ],
    )
    .await;
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let action = app
        .store
        .session(enquete_domain::training::SessionId(id))
        .await
        .unwrap()
        .action
        .0;
    (id, action)
}

#[tokio::test]
async fn a_trained_member_elected_secretary_becomes_an_organizer() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let mut organizer = app.login(Role::Organizer).await;
    // The programme: an introduction completed by attending, a section module by assessment.
    admin.get("/training").await;
    for (code, title, level, completion, requires) in [
        ("intro", "Introduction", "introduction", "attendance", ""),
        (
            "section",
            "Running a section",
            "section",
            "assessment",
            "intro",
        ),
    ] {
        post_ok(
            &mut admin,
            "/training/modules",
            &[
                ("code", code),
                ("title_en", title),
                ("level", level),
                ("completion", completion),
                ("materials", "https://example.org/handbook.pdf"),
                ("requires", requires),
            ],
        )
        .await;
    }
    // Bad input is named by field, and nothing is written.
    for (field, fields) in [
        (
            "code",
            vec![
                ("code", "Not A Code"),
                ("title_en", "x"),
                ("level", "section"),
                ("completion", "attendance"),
            ],
        ),
        (
            "title_en",
            vec![
                ("code", "empty"),
                ("level", "section"),
                ("completion", "attendance"),
            ],
        ),
        (
            "level",
            vec![
                ("code", "lvl"),
                ("title_en", "x"),
                ("level", "guru"),
                ("completion", "attendance"),
            ],
        ),
        (
            "requires",
            vec![
                ("code", "later"),
                ("title_en", "x"),
                ("level", "cadre"),
                ("completion", "attendance"),
                ("requires", "nothing-like-it"),
            ],
        ),
        (
            "code",
            vec![
                ("code", "intro"),
                ("title_en", "Again"),
                ("level", "section"),
                ("completion", "attendance"),
            ],
        ),
    ] {
        let r = admin.post("/training/modules", &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.body.contains(&format!("name=\"{field}\"")), "{field}");
        assert!(r.body.contains("aria-invalid=\"true\""), "{field}");
    }
    assert_eq!(app.store.modules().await.unwrap().len(), 2);
    // Only the national level adds modules.
    organizer.get("/training").await;
    let r = organizer
        .post(
            "/training/modules",
            &[
                ("code", "local"),
                ("title_en", "x"),
                ("level", "subject"),
                ("completion", "attendance"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let modules = app.store.modules().await.unwrap();
    let id_of = |code: &str| modules.iter().find(|m| m.code == code).unwrap().id.0;
    // The leadership rule: holders of a responsibility who completed the section module.
    admin.get("/ladder").await;
    post_ok(
        &mut admin,
        "/ladder/leadership",
        &[
            ("leader_stage", "organizer"),
            ("leader_module", "section"),
            ("leader_position", "yes"),
        ],
    )
    .await;

    // A member of the section.
    let input = PersonInput {
        name: "Lotte Peeters".into(),
        ..Default::default()
    };
    let lotte = app
        .store
        .create_person(
            p.section.id,
            &input.parse().unwrap(),
            &[],
            None,
            crate::support::NOW,
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    app.store
        .move_stage(
            lotte,
            Stage::Member,
            &enquete_domain::people::MoveReason::parse("joined").unwrap(),
            None,
            crate::support::NOW,
            None,
        )
        .await
        .unwrap();
    // A position that requires the section module.
    organizer
        .get(&format!("/units/{}/leaders", p.city.id.0))
        .await;
    post_ok(
        &mut organizer,
        &format!("/units/{}/positions", p.city.id.0),
        &[
            ("unit", &p.section.id.0.to_string()),
            ("kind", "secretary"),
            ("title", ""),
            ("requires", "section"),
        ],
    )
    .await;
    let position = app
        .store
        .positions_below(&p.section.path, crate::support::NOW)
        .await
        .unwrap()[0]
        .id
        .0;
    let elect = |person: PersonId| {
        vec![
            ("position".to_owned(), position.to_string()),
            ("person".to_owned(), person.0.to_string()),
            ("how".to_owned(), "election".to_owned()),
            ("votes_for".to_owned(), "14".to_owned()),
            ("votes_against".to_owned(), "2".to_owned()),
            ("votes_abstain".to_owned(), "1".to_owned()),
        ]
    };
    let as_refs = |v: &Vec<(String, String)>| -> Vec<(String, String)> { v.clone() };
    // Not trained yet: refused, naming what is missing.
    let fields = as_refs(&elect(lotte));
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = organizer
        .post(&format!("/units/{}/positions/fill", p.city.id.0), &f)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("section"), "{}", r.body);

    // The introduction: checked in at its session, which completes it.
    let (_, intro_action) = plan(&mut organizer, &app, id_of("intro"), p.section.id.0).await;
    organizer.get(&format!("/actions/{intro_action}")).await;
    post_ok(
        &mut organizer,
        &format!("/actions/{intro_action}/checkin"),
        &[("person", &lotte.0.to_string())],
    )
    .await;
    // The section module: checked in, then passed by the trainer's assessment.
    let (section_session, section_action) =
        plan(&mut organizer, &app, id_of("section"), p.section.id.0).await;
    organizer.get(&format!("/actions/{section_action}")).await;
    post_ok(
        &mut organizer,
        &format!("/actions/{section_action}/checkin"),
        &[("person", &lotte.0.to_string())],
    )
    .await;
    let done: Vec<String> = app
        .store
        .completions_of(lotte)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(done, ["intro"], "attending completes the introduction only");
    let page = organizer
        .get(&format!("/training/sessions/{section_session}"))
        .await;
    assert!(page.body.contains("Lotte Peeters"));
    post_ok(
        &mut organizer,
        &format!("/training/sessions/{section_session}/pass"),
        &[("person", &lotte.0.to_string())],
    )
    .await;
    assert_eq!(
        app.store.person(lotte).await.unwrap().person.stage,
        Stage::Member
    );

    // Counted in who leads: refused without her consent, then recorded with it.
    organizer.get(&format!("/people/{}", lotte.0)).await;
    let profile = [
        ("occupation", "manual"),
        ("gender", "woman"),
        ("age_band", "25_34"),
    ];
    let r = organizer
        .post(&format!("/people/{}/profile", lotte.0), &profile)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    post_ok(
        &mut organizer,
        &format!("/people/{}/consents", lotte.0),
        &[
            ("purpose", "composition"),
            ("granted", "yes"),
            ("source", "asked at the section meeting"),
        ],
    )
    .await;
    let r = organizer
        .post(
            &format!("/people/{}/profile", lotte.0),
            &[
                ("occupation", "boss"),
                ("gender", "woman"),
                ("age_band", "25_34"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    post_ok(
        &mut organizer,
        &format!("/people/{}/profile", lotte.0),
        &profile,
    )
    .await;
    let before = organizer
        .get(&format!("/units/{}/composition", p.city.id.0))
        .await;
    assert!(
        before.body.contains("Holders of a responsibility (0)"),
        "{}",
        before.body
    );
    assert!(before.body.contains("Members (1)"));

    // A bad vote count is named; an election without a majority is refused.
    organizer
        .get(&format!("/units/{}/leaders", p.city.id.0))
        .await;
    let mut fields = elect(lotte);
    fields[3].1 = "many".into();
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = organizer
        .post(&format!("/units/{}/positions/fill", p.city.id.0), &f)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Elected: the rule moves her to organizer.
    let fields = elect(lotte);
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post_ok(
        &mut organizer,
        &format!("/units/{}/positions/fill", p.city.id.0),
        &f,
    )
    .await;
    assert_eq!(
        app.store.person(lotte).await.unwrap().person.stage,
        Stage::Organizer
    );
    let history = app.store.stage_history(lotte).await.unwrap();
    assert_eq!(history.last().unwrap().to, Stage::Organizer);
    // Who leads in her city changed by exactly her: one more holder, one more organizer.
    let after = organizer
        .get(&format!("/units/{}/composition", p.city.id.0))
        .await;
    assert!(
        after.body.contains("Holders of a responsibility (1)"),
        "{}",
        after.body
    );
    assert!(after.body.contains("Organizers and leaders (1)"));
    assert!(after.body.contains("Members (1)"));
    // One person: her class is a count under 5, hidden, also from an analyst.
    let mut analyst = app.login(Role::Analyst).await;
    let seen = analyst
        .get(&format!("/units/{}/composition", p.city.id.0))
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("100%") && !seen.body.contains("Lotte"));
    // Her page shows her path; the leaders page shows her as the secretary.
    let page = organizer.get(&format!("/people/{}", lotte.0)).await;
    assert!(
        page.body.contains("id=\"training\"") && page.body.contains("section secretary"),
        "{}",
        page.body
    );
    let leaders = organizer
        .get(&format!("/units/{}/leaders", p.city.id.0))
        .await;
    assert!(leaders.body.contains("Lotte Peeters") && leaders.body.contains("14 for"));
    // A canvasser sees neither page.
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get("/training").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        canvasser
            .get(&format!("/units/{}/leaders", p.section.id.0))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

//! The workplace map over the web, as a steward uses it: a workplace of 3 departments × 2
//! shifts with 40 workers is mapped, its people placed and assessed, a majority petition run;
//! the heat map and the petition's numbers are what they should be; bad input is named with
//! nothing kept; who stands where is audited when read and hidden from analysts.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::account::Role;

async fn post_ok(c: &mut Client, path: &str, fields: &[(&str, &str)]) {
    let r = c.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
}

#[tokio::test]
async fn a_steward_maps_the_workplace_and_sees_where_it_stands() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let unit = p.workplace.id;
    let base = format!("/units/{}", unit.0);
    let mut steward = app.login(Role::Steward).await;
    steward.get(&format!("{base}/workplace")).await;
    post_ok(
        &mut steward,
        &format!("{base}/workplace"),
        &[
            ("employer", "UZ Gent"),
            ("site", "Campus Heymans"),
            ("sector", "health"),
            ("headcount", "40"),
        ],
    )
    .await;
    for d in ["Emergency", "Surgery", "Cleaning"] {
        post_ok(
            &mut steward,
            &format!("{base}/workplace/parts"),
            &[("kind", "department"), ("name", d)],
        )
        .await;
    }
    for s in ["Day", "Night"] {
        post_ok(
            &mut steward,
            &format!("{base}/workplace/parts"),
            &[("kind", "shift"), ("name", s)],
        )
        .await;
    }
    let map = app.store.workplace_map(unit).await.unwrap();
    let (d, s): (Vec<i64>, Vec<i64>) = (
        map.departments.iter().map(|x| x.0).collect(),
        map.shifts.iter().map(|x| x.0).collect(),
    );
    // 40 workers: 8 + 6, 7 + 7, 6 + 6.
    let heads = [[8, 6], [7, 7], [6, 6]];
    let mut cells = Vec::new();
    for (i, row) in heads.iter().enumerate() {
        for (j, n) in row.iter().enumerate() {
            cells.push((format!("cell_{}_{}", d[i], s[j]), n.to_string()));
        }
    }
    let fields: Vec<(&str, &str)> = cells
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post_ok(&mut steward, &format!("{base}/workplace/cells"), &fields).await;
    // A bad headcount: named, nothing kept.
    let mut bad = fields.clone();
    bad[0].1 = "lots";
    let r = steward.post(&format!("{base}/workplace/cells"), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Headcount"), "{}", r.body);
    assert!(
        app.store
            .workplace_map(unit)
            .await
            .unwrap()
            .cells
            .iter()
            .any(|c| c.2 == 8)
    );

    // People of the section: 10 placed on Emergency day, 4 of them supporters.
    let mut people = Vec::new();
    for i in 0..10 {
        let person = enquete_domain::people::PersonInput {
            name: format!("Nurse {i}"),
            ..Default::default()
        };
        people.push(
            app.store
                .create_person(
                    unit,
                    &person.parse().unwrap(),
                    &[],
                    None,
                    crate::support::NOW,
                    None,
                )
                .await
                .unwrap()
                .person
                .id
                .0,
        );
    }
    for (i, id) in people.iter().enumerate() {
        let place = format!("{base}/workers/{id}/place");
        let mut fields = vec![
            ("department", d[0].to_string()),
            ("shift", s[0].to_string()),
        ];
        if i == 0 {
            fields.push(("social_leader", "on".to_owned()));
            fields.push(("union_member", "BBTK".to_owned()));
        }
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post_ok(&mut steward, &place, &f).await;
        let score = if i < 4 {
            "2"
        } else if i < 7 {
            "3"
        } else {
            "5"
        };
        post_ok(
            &mut steward,
            &format!("{base}/workers/{id}/assess"),
            &[("score", score), ("note", "")],
        )
        .await;
    }
    // A bad score, another workplace's department: named.
    let r = steward
        .post(
            &format!("{base}/workers/{}/assess", people[0]),
            &[("score", "6")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Where they stand"), "{}", r.body);
    let r = steward
        .post(
            &format!("{base}/workers/{}/place", people[1]),
            &[("department", "999999"), ("shift", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The heat map: Emergency by day, 10 known, 10 assessed, 4 supporters of 8 (capped 100%).
    let page = steward.get(&format!("{base}/workplace")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"title="10 known · 10 assessed · 4 supporters of 8""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"id="heat-total" title="10 known · 10 assessed · 4 supporters of 40""#),
        "{}",
        page.body
    );
    // Surgery and Cleaning have no social leader reached; Emergency does.
    assert_eq!(
        page.body.matches("no social leader reached").count(),
        2,
        "{}",
        page.body
    );

    // A majority petition: Emergency 8 of 14 (57%), Surgery 5 of 14, Cleaning 7 of 12.
    post_ok(
        &mut steward,
        &format!("{base}/workplace/tests"),
        &[
            ("kind", "petition"),
            ("title", "Safe staffing"),
            ("goal", "51"),
            ("starts_on", "2027-03-01"),
            ("ends_on", "2027-03-14"),
        ],
    )
    .await;
    let test = app.store.workplace_tests(unit).await.unwrap()[0].id;
    for (i, n) in [8, 5, 7].iter().enumerate() {
        post_ok(
            &mut steward,
            &format!("/workplace-tests/{test}/counts"),
            &[("department", &d[i].to_string()), ("count", &n.to_string())],
        )
        .await;
    }
    let page = steward.get(&format!("{base}/workplace")).await;
    assert!(
        page.body.contains("2 of 3 departments reach it"),
        "{}",
        page.body
    );
    assert!(page.body.contains("8</strong> / 14 (57%)"), "{}", page.body);

    // Who stands where: read by the steward (audited), never by an analyst or canvasser.
    let before = app.store.audit_events(None, 10_000).await.unwrap().len();
    let workers = steward.get(&format!("{base}/workers")).await;
    assert_eq!(workers.status, StatusCode::OK);
    assert!(workers.body.contains("Nurse 0") && workers.body.contains("BBTK"));
    assert!(workers.body.contains("2 supporter"), "{}", workers.body);
    let events = app.store.audit_events(None, 10_000).await.unwrap();
    assert_eq!(events.len(), before + 1);
    assert!(
        events
            .iter()
            .any(|e| e.action == enquete_domain::audit::AuditAction::AssessmentsRead)
    );
    // One colleague's history, newest first, by whom; also audited.
    let history = steward.get(&format!("{base}/workers/{}", people[0])).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        history.body.contains("2 supporter") && history.body.contains("Karim"),
        "{}",
        history.body
    );
    assert_eq!(
        app.store.audit_events(None, 10_000).await.unwrap().len(),
        before + 2
    );
    // Another section's person is not found through this one.
    let elsewhere = steward.get(&format!("{base}/workers/{}", p.own.0)).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let mut analyst = app.login(Role::Analyst).await;
    assert_eq!(
        analyst.get(&format!("{base}/workers")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        analyst.get(&format!("{base}/workplace")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get(&format!("{base}/workers")).await.status,
        StatusCode::FORBIDDEN
    );
    // (That the union membership and assessments are sealed at rest is checked with every
    // personal field in the store's conformance suite, at_rest.rs.)
}

#[tokio::test]
async fn a_motion_becomes_two_demands_and_an_action() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let base = format!("/units/{}", p.workplace.id.0);
    let mut steward = app.login(Role::Steward).await;
    steward.get(&format!("{base}/motions")).await;
    let bad = steward
        .post(
            &format!("{base}/motions"),
            &[
                ("title", "No arms through our port"),
                ("passed_by", ""),
                ("passed_on", "2026-10-12"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Passed by"), "{}", bad.body);
    let r = steward
        .post(
            &format!("{base}/motions"),
            &[
                ("title", "No arms through our port"),
                ("passed_by", "BTB congress"),
                ("passed_on", "2026-10-12"),
                ("votes_for", "212"),
                ("votes_against", "9"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let motion = r.location().to_owned();
    for (text, target, owner) in [
        (
            "No handling of arms cargo",
            "Port authority",
            "Quay delegates",
        ),
        (
            "Publish the cargo lists",
            "Terminal operator",
            "Gate delegates",
        ),
    ] {
        post_ok(
            &mut steward,
            &format!("{motion}/demands"),
            &[("text", text), ("target", target), ("owner", owner)],
        )
        .await;
    }
    let bad = steward
        .post(
            &format!("{motion}/demands"),
            &[("text", "x"), ("target", ""), ("owner", "y")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Target"), "{}", bad.body);
    let id: i64 = motion.trim_start_matches("/motions/").parse().unwrap();
    let demands = app.store.demands(id).await.unwrap();
    assert_eq!(demands.len(), 2);
    // A refusal to load, planned by the section, taken for the first demand; it moves.
    let action = app
        .store
        .create_action(
            p.workplace.id,
            None,
            &enquete_domain::campaign::ActionDraft::parse(
                "Refusal to load",
                "",
                "Quay",
                "2026-11-02T06:00",
                "",
            )
            .unwrap(),
            "refusal-to-load",
            None,
            crate::support::NOW,
        )
        .await
        .unwrap();
    post_ok(
        &mut steward,
        &format!("/demands/{}/actions", demands[0].id),
        &[("action", &action.id.0.to_string())],
    )
    .await;
    post_ok(
        &mut steward,
        &format!("/demands/{}/update", demands[0].id),
        &[("status", "won"), ("note", "no cargo loaded")],
    )
    .await;
    let bad = steward
        .post(
            &format!("/demands/{}/update", demands[1].id),
            &[("status", "pending")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = steward.get(&motion).await;
    assert!(
        page.body.contains("Refusal to load") && page.body.contains("no cargo loaded"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("212 for, 9 against, 0 abstentions"),
        "{}",
        page.body
    );
    let list = steward.get(&format!("{base}/motions")).await;
    assert!(
        list.body.contains("1 motions, 1 with demands; 2 demands, 1 moved past drafting, 1 with actions; 1 won, 0 lost."),
        "{}",
        list.body
    );
    // Across the organization, for the national admin.
    let mut admin = app.login(Role::NationalAdmin).await;
    let all = admin
        .get(&format!("/units/{}/motions", p.nation.id.0))
        .await;
    assert!(
        all.body.contains("No arms through our port"),
        "{}",
        all.body
    );
}

#[tokio::test]
async fn a_political_education_session_for_the_workplace_counts_on_the_ladder() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let now = enquete_domain::Timestamp::now_utc();
    let audit = || enquete_store::AuditEvent {
        at: now,
        user: None,
        action: enquete_domain::audit::AuditAction::TrainingSession,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    };
    let module = app
        .store
        .create_module(
            &enquete_domain::training::ModuleDraft::parse(
                "ports-and-war",
                &[("en", "Who owns the port?")],
                "subject",
                "attendance",
                "https://example.org/port-reader.pdf",
                "",
            )
            .unwrap(),
            now,
            audit(),
        )
        .await
        .unwrap();
    let action = app
        .store
        .create_action(
            p.workplace.id,
            None,
            &enquete_domain::campaign::ActionDraft::parse(
                "Who owns the port?",
                "",
                "Canteen",
                "2026-11-20T12:30",
                "",
            )
            .unwrap(),
            "education-port",
            None,
            now,
        )
        .await
        .unwrap();
    app.store
        .create_session(module, action.id, None, now, audit())
        .await
        .unwrap();
    // A colleague of the section who had never come to anything comes.
    let colleague = enquete_domain::people::PersonInput {
        name: "New Colleague".into(),
        ..Default::default()
    };
    let person = app
        .store
        .create_person(
            p.workplace.id,
            &colleague.parse().unwrap(),
            &[],
            None,
            now,
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    let out = app
        .store
        .check_in(action.id, person, None, now, None)
        .await
        .unwrap();
    assert_eq!(
        out.moved_to,
        Some(enquete_domain::people::Stage::Sympathiser)
    );
    let mut steward = app.login(Role::Steward).await;
    let page = steward
        .get(&format!("/units/{}/workplace", p.workplace.id.0))
        .await;
    assert!(
        page.body.contains(r#"id="education-list""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("came: 1"), "{}", page.body);
}

#[tokio::test]
async fn assessments_in_a_dossier_are_only_for_who_may_see_where_people_stand() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let now = crate::support::NOW;
    let audit = || enquete_store::AuditEvent {
        at: now,
        user: None,
        action: enquete_domain::audit::AuditAction::SupportAssessed,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    };
    // The canvasser's own contact once worked at the port and was assessed there, then moved
    // back to the neighbourhood.
    app.store
        .transfer_person(p.own, p.workplace.id, now, None)
        .await
        .unwrap();
    app.store
        .assess(
            p.workplace.id,
            p.own,
            enquete_domain::workplace::Support::parse("5").unwrap(),
            "talks to the foreman",
            None,
            now,
            audit(),
        )
        .await
        .unwrap();
    app.store
        .transfer_person(p.own, p.section.id, now, None)
        .await
        .unwrap();
    let path = format!("/people/{}/export", p.own.0);
    let mut canvasser = app.login(Role::Canvasser).await;
    let theirs = canvasser.get(&path).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert!(
        !theirs.body.contains("talks to the foreman"),
        "{}",
        theirs.body
    );
    let mut organizer = app.login(Role::Organizer).await;
    let full = organizer.get(&path).await;
    assert!(full.body.contains("talks to the foreman"), "{}", full.body);
}

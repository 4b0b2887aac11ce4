//! The festival's gates over the web (docs/festival-gates.md): a gate phone holds a lane and
//! sends its scans (again and again: each counts once), a second phone is told who holds the
//! lane, the server decides for a phone on a lane it does not hold, forged and unreadable codes
//! are refused with their reason, every bad body is refused naming its field with nothing
//! written, and the team sees it all on the gates page.

use crate::support::{Client, TestApp};
use axum::http::{Method, StatusCode};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::festival::FestivalId;
use serde_json::{Value, json};

async fn post_ok(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = c.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    r.location().to_owned()
}

/// A festival today with `n` free tickets ordered: (festival, signed ticket codes).
async fn festival_today(app: &TestApp, admin: &mut Client, n: usize) -> (i64, Vec<String>) {
    admin.get("/festivals").await;
    let today = Timestamp::now_utc().date();
    let nation = app.places().await.nation.id.0.to_string();
    let at = post_ok(
        admin,
        "/festivals",
        &[
            ("unit", &nation),
            ("name", "Gate day"),
            ("starts_on", &today),
            ("ends_on", &today),
            ("iban", "BE68 5390 0754 7034"),
        ],
    )
    .await;
    let id: i64 = at.trim_start_matches("/festivals/").parse().unwrap();
    post_ok(
        admin,
        &format!("/festivals/{id}/types"),
        &[
            ("code", "child"),
            ("name_en", "Child"),
            ("kind", "child"),
            ("price", "0"),
            ("quota", "100"),
            ("sale_from", &today),
            ("sale_until", &today),
        ],
    )
    .await;
    let f = app.store.festival(FestivalId(id)).await.unwrap();
    let types = app.store.ticket_types(f.id).await.unwrap();
    let order = enquete_domain::festival::OrderDraft::parse(
        "Gate Visitor",
        "gate.visitor@example.org",
        "1000",
        &[(types[0].id, &n.to_string())],
        false,
    )
    .unwrap();
    let o = app
        .store
        .place_order(
            f.id,
            &order,
            enquete_domain::people::Language::En,
            None,
            Timestamp::now_utc(),
            enquete_store::AuditEvent {
                at: Timestamp::now_utc(),
                user: None,
                action: enquete_domain::audit::AuditAction::FestivalOrder,
                person: None,
                detail: String::new(),
                ip: "test".into(),
            },
            false,
            None,
        )
        .await
        .unwrap();
    let key = app.store.festival_signing_key(f.id).await.unwrap();
    let codes = app
        .store
        .tickets_of(o.id)
        .await
        .unwrap()
        .iter()
        .map(|t| {
            let claim = enquete_app::tickets::claim_of(&f, t, types.first());
            enquete_app::tickets::sign(&key, &claim).unwrap()
        })
        .collect();
    (id, codes)
}

fn ticket_of(code: &str, public_key: &str, f: FestivalId) -> String {
    enquete_app::tickets::verify(
        code,
        public_key,
        f,
        Timestamp::now_utc(),
        &Default::default(),
    )
    .unwrap()
    .ticket
}

async fn sync(c: &mut Client, id: i64, body: Value) -> (StatusCode, Value) {
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/festivals/{id}/gate/sync"),
            Some(body),
        )
        .await;
    let status = r.status;
    (status, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn two_gate_phones_and_the_server_admit_each_ticket_once() {
    let app = TestApp::new().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let (id, codes) = festival_today(&app, &mut admin, 3).await;
    let f = app.store.festival(FestivalId(id)).await.unwrap();
    let layout = f.layout;
    let ticket = ticket_of(&codes[0], &f.public_key, f.id);
    let lane = layout.lane_of(&ticket);

    // Phone one holds the ticket's lane.
    let mut one = app.login(Role::GateScanner).await;
    let page = one.get(&format!("/festivals/{id}/gate")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/static/gate.js"), "{}", page.body);
    let (status, answer) = sync(
        &mut one,
        id,
        json!({"device": "phone-one-0001", "gate_name": "Anna", "hold": [lane]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["grants"][0]["granted"], true);
    assert_eq!(answer["grants"][0]["label"], layout.label(lane));
    assert_eq!(answer["lease_seconds"], enquete_domain::gate::LEASE_SECONDS);

    // Phone two asks for the same lane: held by Anna.
    let mut two = app.login(Role::GateScanner).await;
    let (_, answer) = sync(
        &mut two,
        id,
        json!({"device": "phone-two-0002", "gate_name": "Bilal", "hold": [lane]}),
    )
    .await;
    assert_eq!(answer["grants"][0]["granted"], false);
    assert_eq!(answer["grants"][0]["held_by"], "Anna");

    // Phone two, with signal, scans the ticket: the server sends the visitor to Anna's lane.
    let admit =
        |scan: &str, code: &str| json!({"device": "phone-two-0002", "scan_id": scan, "code": code});
    let path = format!("/api/v1/festivals/{id}/gate/admit");
    let r = two
        .api(Method::POST, &path, Some(admit("scan-two-0001", &codes[0])))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json();
    assert_eq!(d["decision"], "go-to");
    assert_eq!(d["lane"], layout.label(lane));
    assert_eq!(d["gate_name"], "Anna");

    // Anna admitted it without signal; her scans arrive twice and count once.
    let scans = json!([{"id": "scan-one-0001", "lane": lane, "ticket": ticket, "entry_key": ticket,
        "outcome": "admitted", "offline": true, "scanned_at": Timestamp::now_utc().0}]);
    let body =
        json!({"device": "phone-one-0001", "gate_name": "Anna", "hold": [lane], "scans": scans});
    let (_, first) = sync(&mut one, id, body.clone()).await;
    assert_eq!(
        (first["stored"].as_u64(), first["doubles"].as_u64()),
        (Some(1), Some(0))
    );
    let (_, again) = sync(&mut one, id, body).await;
    assert_eq!(
        (again["stored"].as_u64(), again["known"].as_u64()),
        (Some(0), Some(1))
    );

    // She gives the lane back; the server now decides it: the ticket was used.
    let (_, back) = sync(
        &mut one,
        id,
        json!({"device": "phone-one-0001", "release": [lane]}),
    )
    .await;
    assert_eq!(back["released"], json!([lane]));
    let d = two
        .api(Method::POST, &path, Some(admit("scan-two-0002", &codes[0])))
        .await
        .json();
    assert_eq!(d["decision"], "already", "{d}");
    // Another ticket of a lane nobody holds: admitted once, its scan sent again gets the same.
    let other = &codes[1];
    let d = two
        .api(Method::POST, &path, Some(admit("scan-two-0003", other)))
        .await
        .json();
    assert_eq!(d["decision"], "admitted", "{d}");
    assert_eq!(d["reentry"], "once");
    let d = two
        .api(Method::POST, &path, Some(admit("scan-two-0003", other)))
        .await
        .json();
    assert_eq!(
        d["decision"], "admitted",
        "the same scan, the same answer: {d}"
    );
    let d = two
        .api(Method::POST, &path, Some(admit("scan-two-0004", other)))
        .await
        .json();
    assert_eq!(d["decision"], "already");
    // Forged, unreadable, refunded are refused with their reason.
    let mut forged = codes[2].clone().into_bytes();
    forged[30] = if forged[30] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let d = two
        .api(Method::POST, &path, Some(admit("scan-two-0005", &forged)))
        .await
        .json();
    assert_eq!(
        (d["decision"].as_str(), d["reason"].as_str()),
        (Some("refused"), Some("forged"))
    );
    let d = two
        .api(Method::POST, &path, Some(admit("scan-two-0006", "hello")))
        .await
        .json();
    assert_eq!(d["reason"], "malformed");

    // The team's page: two entries, the lane back with the server, nothing admitted twice.
    let team = admin.get(&format!("/festivals/{id}/gates")).await;
    assert_eq!(team.status, StatusCode::OK);
    assert!(
        team.body.contains(r#"<strong id="entries">2</strong>"#),
        "{}",
        team.body
    );
    assert!(
        team.body.contains(r#"<strong id="doubles">0</strong>"#),
        "{}",
        team.body
    );
    // The layout is fixed now.
    let r = admin
        .post(
            &format!("/festivals/{id}/layout"),
            &[("entrances", "2"), ("lanes", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Entrances"), "{}", r.body);
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::new().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let (id, _) = festival_today(&app, &mut admin, 1).await;
    let mut gate = app.login(Role::GateScanner).await;
    let good_scan = json!({"id": "scan-good-001", "lane": 0, "ticket": "0123456789abcdef0123456789abcdef",
        "entry_key": "0123456789abcdef0123456789abcdef", "outcome": "admitted", "scanned_at": 1});
    let cases = [
        (json!({"device": "x", "scans": [good_scan]}), "device"),
        (
            json!({"device": "phone-bad-0001", "gate_name": "g".repeat(41), "scans": [good_scan]}),
            "gate_name",
        ),
        (
            json!({"device": "phone-bad-0001", "hold": [8], "scans": [good_scan]}),
            "lane",
        ),
        (
            json!({"device": "phone-bad-0001", "scans": [good_scan, {"id": "scan-bad-0002", "lane": 0,
                "ticket": "not-hex", "outcome": "admitted", "scanned_at": 1}]}),
            "scans",
        ),
        (
            json!({"device": "phone-bad-0001", "scans": [good_scan, {"id": "scan-bad-0003", "lane": 0,
                "ticket": "0123456789abcdef0123456789abcdef", "outcome": "let-in", "scanned_at": 1}]}),
            "scans",
        ),
        (
            json!({"device": "phone-bad-0001", "scans": [good_scan, {"id": "scan-bad-0004", "lane": 0,
                "ticket": "0123456789abcdef0123456789abcdef", "entry_key": "someone-else",
                "outcome": "admitted", "scanned_at": 1}]}),
            "scans",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = sync(&mut gate, id, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert_eq!(answer["error"]["field"], field, "{body}: {answer}");
        assert!(!answer["error"]["message"].as_str().unwrap_or("").is_empty());
    }
    let (status, answer) = sync(
        &mut gate,
        id,
        json!({"device": "phone-bad-0001", "surprise": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let too_many: Vec<Value> = (0..5_001)
        .map(|i| json!({"id": format!("scan-many-{i:05}"), "lane": 0, "ticket": "", "outcome": "malformed", "scanned_at": 1}))
        .collect();
    let (status, answer) = sync(
        &mut gate,
        id,
        json!({"device": "phone-bad-0001", "scans": too_many}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["field"], "scans");
    // Nothing of it was kept.
    let figures = app.store.gate_figures(FestivalId(id)).await.unwrap();
    assert_eq!((figures.scans, figures.entries), (0, 0));
    assert!(figures.lanes.is_empty());
    // A lane that is held cannot be freed while its lease runs.
    let (status, _) = sync(
        &mut gate,
        id,
        json!({"device": "phone-held-001", "hold": [0]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let r = admin
        .post(&format!("/festivals/{id}/lanes/free"), &[("lane", "A1")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("minutes"), "{}", r.body);
    let r = admin
        .post(&format!("/festivals/{id}/lanes/free"), &[("lane", "Z9")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_full_hall_says_so_at_each_of_its_doors() {
    let app = TestApp::new().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let (id, _) = festival_today(&app, &mut admin, 1).await;
    let bad = admin
        .post(
            &format!("/festivals/{id}/zones"),
            &[("name", "Main hall"), ("capacity", "lots")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Places"), "{}", bad.body);
    post_ok(
        &mut admin,
        &format!("/festivals/{id}/zones"),
        &[("name", "Main hall"), ("capacity", "2")],
    )
    .await;
    let zone = app.store.zones(FestivalId(id)).await.unwrap()[0].id;
    let mut door = app.login(Role::GateScanner).await;
    let page = door.get(&format!("/festivals/{id}/zones/{zone}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Main hall") && page.body.contains("0 / 2"),
        "{}",
        page.body
    );
    let path = format!("/api/v1/festivals/{id}/zones/{zone}/door");
    let d = door
        .api(
            Method::POST,
            &path,
            Some(json!({"device": "door-one-0001", "ins": 1, "outs": 0})),
        )
        .await
        .json();
    assert_eq!(
        (d["occupancy"].as_u64(), d["full"].as_bool()),
        (Some(1), Some(false))
    );
    let d = door
        .api(
            Method::POST,
            &path,
            Some(json!({"device": "door-two-0002", "ins": 1, "outs": 0})),
        )
        .await
        .json();
    assert_eq!(
        (d["occupancy"].as_u64(), d["full"].as_bool()),
        (Some(2), Some(true))
    );
    let page = door.get(&format!("/festivals/{id}/zones/{zone}")).await;
    assert!(
        page.body.contains(r#"data-kind="refused""#) && page.body.contains("Full"),
        "{}",
        page.body
    );
    let team = admin.get(&format!("/festivals/{id}/gates")).await;
    assert!(
        team.body.contains("2 / 2") && team.body.contains("Full"),
        "{}",
        team.body
    );
    // Bad counts are refused naming the field; another festival's address finds nothing.
    let r = door
        .api(
            Method::POST,
            &path,
            Some(json!({"device": "x", "ins": 1, "outs": 0})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["field"], "device");
    let r = door
        .api(
            Method::POST,
            &path,
            Some(json!({"device": "door-one-0001", "ins": 20_000_000, "outs": 0})),
        )
        .await;
    assert_eq!(r.json()["error"]["field"], "ins");
    let r = door
        .api(
            Method::POST,
            &path,
            Some(json!({"device": "door-one-0001", "ins": -1, "outs": 0})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other = door
        .api(
            Method::POST,
            &format!("/api/v1/festivals/{}/zones/{zone}/door", id + 1),
            Some(json!({"device": "door-one-0001", "ins": 1, "outs": 0})),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.zone(zone).await.unwrap().occupancy, 2);
}

#[tokio::test]
async fn a_day_ticket_enters_on_its_day_only() {
    let app = TestApp::new().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let (id, _) = festival_today(&app, &mut admin, 1).await;
    let today = Timestamp::now_utc().date();
    let tomorrow = Timestamp(Timestamp::now_utc().0 + 86_400).date();
    let day = |valid_on: &str| {
        vec![
            ("code", "day".to_owned()),
            ("name_en", "Day".to_owned()),
            ("kind", "day".to_owned()),
            ("price", "0".to_owned()),
            ("quota", "10".to_owned()),
            ("sale_from", today.clone()),
            ("sale_until", today.clone()),
            ("valid_on", valid_on.to_owned()),
        ]
    };
    let fields = day(&tomorrow);
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post(&format!("/festivals/{id}/types"), &f).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the festival is today only"
    );
    assert!(r.body.contains("Valid on"), "{}", r.body);
    let fields = day(&today);
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_ok(&mut admin, &format!("/festivals/{id}/types"), &f).await;
    let festival = app.store.festival(FestivalId(id)).await.unwrap();
    let types = app.store.ticket_types(festival.id).await.unwrap();
    let ty = types.iter().find(|t| t.draft.code == "day").unwrap();
    assert_eq!(ty.draft.valid_on.map(|t| t.date()), Some(today.clone()));
    let ticket = enquete_store::TicketRecord {
        id: "0123456789abcdef0123456789abcdef".into(),
        festival: festival.id,
        order: enquete_domain::festival::OrderId(1),
        ticket_type: ty.id,
        issued_at: Timestamp::now_utc(),
        revoked_at: None,
    };
    let claim = enquete_app::tickets::claim_of(&festival, &ticket, Some(ty));
    assert_eq!(
        (claim.valid_from.date(), claim.valid_until.date()),
        (today.clone(), today)
    );
    assert_eq!(claim.valid_until.0 - claim.valid_from.0, 86_399);
}

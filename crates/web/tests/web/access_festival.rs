//! The festival's routes in the authorization matrix (crates/web/tests/web/access.rs): its
//! team (the organizers of the festival's unit, and the national admins) runs it; the order
//! page is for everyone.

use crate::access::{Row, api, page};
use crate::support::{NOW, Places, TestApp};
use axum::http::Method as M;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{FestivalId, OrderDraft, TicketTypeDraft};
use enquete_domain::org::UnitId;
use enquete_store::AuditEvent;
use serde_json::json;

fn audit() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Festival,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

/// A festival of `unit` with one ticket type and one waiting order: (festival, order).
async fn festival(app: &TestApp, unit: UnitId) -> (FestivalId, i64) {
    let f = app
        .store
        .create_festival(
            &enquete_store::NewFestival {
                unit,
                name: "Matrix festival".into(),
                starts_on: Timestamp(NOW.0 + 86_400),
                ends_on: Timestamp(NOW.0 + 2 * 86_400),
                iban: "BE68539007547034".into(),
                signing_key: "test".into(),
                public_key: String::new(),
            },
            NOW,
            audit(),
        )
        .await
        .unwrap();
    let draft = TicketTypeDraft::parse(
        "day",
        &[("en", "Day")],
        "day",
        "20",
        "100",
        "2026-01-01",
        "2030-01-01",
    )
    .unwrap();
    let ty = app
        .store
        .create_ticket_type(f, &draft, NOW, audit())
        .await
        .unwrap();
    let order = OrderDraft::parse("M", "m@example.org", "9000", &[(ty, "1")], false).unwrap();
    let o = app
        .store
        .place_order(
            f,
            &order,
            enquete_domain::people::Language::En,
            None,
            NOW,
            audit(),
            false,
            None,
        )
        .await
        .unwrap();
    (f, o.id.0)
}

pub(crate) async fn rows(app: &TestApp, p: &Places) -> Vec<Row> {
    let (near, near_order) = festival(app, p.city.id).await;
    let (far, far_order) = festival(app, p.far.id).await;
    let token = app
        .store
        .order_token(enquete_domain::festival::OrderId(near_order))
        .await
        .unwrap();
    let city = p.city.id.0.to_string();
    let create = [
        ("unit", city),
        ("name", "Matrix".to_owned()),
        ("starts_on", "2027-09-04".to_owned()),
        ("ends_on", "2027-09-05".to_owned()),
        ("iban", "BE68 5390 0754 7034".to_owned()),
    ];
    let ty = [
        ("code", "weekend".to_owned()),
        ("name_en", "Weekend".to_owned()),
        ("kind", "weekend".to_owned()),
        ("price", "45".to_owned()),
        ("quota", "10".to_owned()),
        ("sale_from", "2026-01-01".to_owned()),
        ("sale_until", "2027-09-05".to_owned()),
    ];
    let note = [("note", "matrix".to_owned())];
    let layout = [("entrances", "3".to_owned()), ("lanes", "2".to_owned())];
    let free = [("lane", "A1".to_owned())];
    let zone = [("name", "Tent".to_owned()), ("capacity", "50".to_owned())];
    let door = json!({"device": "matrix-door", "door_name": "Matrix", "ins": 3, "outs": 1});
    let mut zones = Vec::new();
    for f in [near, far] {
        zones.push(
            app.store
                .create_zone(f, "Hall", 100, NOW, audit())
                .await
                .unwrap(),
        );
    }
    let (near_zone, far_zone) = (zones[0], zones[1]);
    let postcodes = [("postcodes", "9000 9030".to_owned())];
    let venue = [("name", "Tent".to_owned())];
    let speaker = [
        ("name", "Guest Speaker".to_owned()),
        ("affiliation", "Union".to_owned()),
    ];
    let near_venue = app
        .store
        .create_venue(near, "Stage", NOW, audit())
        .await
        .unwrap();
    let far_venue = app
        .store
        .create_venue(far, "Stage", NOW, audit())
        .await
        .unwrap();
    let session = |venue: i64| {
        [
            ("title_en", "Matrix talk".to_owned()),
            ("venue", venue.to_string()),
            ("starts_at", "2027-09-04T14:00".to_owned()),
            ("ends_at", "2027-09-04T15:00".to_owned()),
            ("language", "en".to_owned()),
        ]
    };
    let shift = |unit: i64| {
        [
            ("unit", unit.to_string()),
            ("team", "bar".to_owned()),
            ("title", "Bar".to_owned()),
            ("starts_at", "2027-09-04T14:00".to_owned()),
            ("ends_at", "2027-09-04T18:00".to_owned()),
            ("places", "6".to_owned()),
        ]
    };
    let sync = json!({"device": "matrix-phone", "gate_name": "Matrix", "hold": [1], "scans": [
        {"id": "matrix-scan-1", "lane": 1, "ticket": "0123456789abcdef0123456789abcdef",
         "entry_key": "0123456789abcdef0123456789abcdef", "outcome": "admitted", "offline": true,
         "scanned_at": NOW.0}
    ]});
    let admit =
        json!({"device": "matrix-phone", "scan_id": "matrix-scan-2", "code": "EF1.unreadable"});
    //                                                                          admin org canv anal stew gate none
    vec![
        page(M::GET, "/festivals".into(), &[], "YYnnnnn"),
        page(M::POST, "/festivals".into(), &create, "YYnnnnn"),
        page(M::GET, format!("/festivals/{near}"), &[], "YYnnnnn"),
        page(M::GET, format!("/festivals/{far}"), &[], "Ynnnnnn"),
        page(M::POST, format!("/festivals/{near}/types"), &ty, "YYnnnnn"),
        page(M::POST, format!("/festivals/{far}/types"), &ty, "Ynnnnnn"),
        page(M::POST, format!("/orders/{near_order}/pay"), &[], "YYnnnnn"),
        page(M::POST, format!("/orders/{far_order}/pay"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/orders/{near_order}/close"),
            &note,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/orders/{far_order}/close"),
            &note,
            "Ynnnnnn",
        ),
        // The gates: the team's view and settings; the scanner for gate scanners (theirs is
        // the whole festival tree) and the team.
        page(M::GET, "/gate".into(), &[], "YYYYYYn"),
        page(M::GET, format!("/festivals/{near}/gates"), &[], "YYnnnnn"),
        page(M::GET, format!("/festivals/{far}/gates"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/festivals/{near}/layout"),
            &layout,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{far}/layout"),
            &layout,
            "Ynnnnnn",
        ),
        page(M::GET, format!("/festivals/{near}/gate"), &[], "YYnnnYn"),
        page(M::GET, format!("/festivals/{far}/gate"), &[], "YnnnnYn"),
        api(
            M::POST,
            format!("/api/v1/festivals/{near}/gate/sync"),
            Some(sync.clone()),
            "YYnnnYn",
        ),
        api(
            M::POST,
            format!("/api/v1/festivals/{far}/gate/sync"),
            Some(sync),
            "YnnnnYn",
        ),
        api(
            M::POST,
            format!("/api/v1/festivals/{near}/gate/admit"),
            Some(admit.clone()),
            "YYnnnYn",
        ),
        api(
            M::POST,
            format!("/api/v1/festivals/{far}/gate/admit"),
            Some(admit),
            "YnnnnYn",
        ),
        page(
            M::POST,
            format!("/festivals/{near}/zones"),
            &zone,
            "YYnnnnn",
        ),
        page(M::POST, format!("/festivals/{far}/zones"), &zone, "Ynnnnnn"),
        page(
            M::GET,
            format!("/festivals/{near}/zones/{near_zone}"),
            &[],
            "YYnnnYn",
        ),
        page(
            M::GET,
            format!("/festivals/{far}/zones/{far_zone}"),
            &[],
            "YnnnnYn",
        ),
        api(
            M::POST,
            format!("/api/v1/festivals/{near}/zones/{near_zone}/door"),
            Some(door.clone()),
            "YYnnnYn",
        ),
        api(
            M::POST,
            format!("/api/v1/festivals/{far}/zones/{far_zone}/door"),
            Some(door),
            "YnnnnYn",
        ),
        page(
            M::POST,
            format!("/festivals/{near}/lanes/free"),
            &free,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{far}/lanes/free"),
            &free,
            "Ynnnnnn",
        ),
        // The programme and the shifts: the team's; the public programme for everyone.
        page(
            M::GET,
            format!("/festivals/{near}/programme"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::GET,
            format!("/festivals/{far}/programme"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{near}/venues"),
            &venue,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{far}/venues"),
            &venue,
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{near}/speakers"),
            &speaker,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{far}/speakers"),
            &speaker,
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{near}/sessions"),
            &session(near_venue),
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{far}/sessions"),
            &session(far_venue),
            "Ynnnnnn",
        ),
        page(M::GET, format!("/festivals/{near}/shifts"), &[], "YYnnnnn"),
        page(M::GET, format!("/festivals/{far}/shifts"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/festivals/{near}/shifts"),
            &shift(p.city.id.0),
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/festivals/{far}/shifts"),
            &shift(p.far.id.0),
            "Ynnnnnn",
        ),
        // What the festival added, and bringing buyers and entries into the sections.
        page(
            M::GET,
            format!("/festivals/{near}/sections"),
            &[],
            "YYnnnnn",
        ),
        page(M::GET, format!("/festivals/{far}/sections"), &[], "Ynnnnnn"),
        page(M::POST, format!("/festivals/{near}/loop"), &[], "YYnnnnn"),
        page(M::POST, format!("/festivals/{far}/loop"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/units/{}/postcodes", p.section.id.0),
            &postcodes,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{}/postcodes", p.far.id.0),
            &postcodes,
            "Ynnnnnn",
        ),
        page(M::GET, format!("/programme/{near}"), &[], "YYYYYYY"),
        page(
            M::GET,
            format!("/programme/{near}/calendar.ics"),
            &[],
            "YYYYYYY",
        ),
        // The order page: for everyone.
        page(M::GET, format!("/tickets/{near}"), &[], "YYYYYYY"),
        // A buyer's ticket page: for whoever holds its secret link.
        page(M::GET, format!("/my-tickets/{token}"), &[], "YYYYYYY"),
    ]
}

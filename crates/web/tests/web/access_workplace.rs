//! The workplace map's routes in the authorization matrix: the map and where colleagues stand
//! are for the workplace section's stewards and the organizers above it (and national admins);
//! never analysts, canvassers or gate scanners.

use crate::access::{Row, page};
use crate::support::{NOW, Places, TestApp};
use axum::http::Method as M;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{UnitKind, UnitName};
use enquete_domain::workplace::{TestDraft, WorkplaceDraft};
use enquete_store::AuditEvent;

fn audit() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Workplace,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

/// A mapped workplace with a department, a shift, a test and a person: (unit, department,
/// shift, test, person).
async fn mapped(app: &TestApp, unit: enquete_domain::org::UnitId) -> (i64, i64, i64, i64, i64) {
    let w = WorkplaceDraft::parse("Matrix plant", "", "", "", "100").unwrap();
    app.store
        .save_workplace(unit, &w, NOW, audit())
        .await
        .unwrap();
    let d = app
        .store
        .add_workplace_part(unit, false, "Line")
        .await
        .unwrap();
    let s = app
        .store
        .add_workplace_part(unit, true, "Day")
        .await
        .unwrap();
    let t = app
        .store
        .create_workplace_test(
            unit,
            &TestDraft::parse("badge", "Badge day", "51", "2027-01-01", "2027-01-02").unwrap(),
            NOW,
            audit(),
        )
        .await
        .unwrap();
    let person = enquete_domain::people::PersonInput {
        name: "Matrix Worker".into(),
        ..Default::default()
    };
    let p = app
        .store
        .create_person(unit, &person.parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap()
        .person
        .id;
    (unit.0, d, s, t, p.0)
}

pub(crate) async fn rows(app: &TestApp, p: &Places) -> Vec<Row> {
    let far_city = p.far.parent.unwrap();
    let far_plant = app
        .store
        .create_unit(
            Some(far_city),
            UnitKind::Workplace,
            &UnitName::parse("Far plant").unwrap(),
            NOW,
        )
        .await
        .unwrap()
        .id;
    let (near, nd, ns, nt, np) = mapped(app, p.workplace.id).await;
    let (far, fd, fs, ft, fp) = mapped(app, far_plant).await;
    let details = [
        ("employer", "Matrix plant".to_owned()),
        ("headcount", "120".to_owned()),
    ];
    let part = [
        ("kind", "department".to_owned()),
        ("name", "Stores".to_owned()),
    ];
    let test = [
        ("kind", "petition".to_owned()),
        ("title", "Petition".to_owned()),
        ("goal", "51".to_owned()),
        ("starts_on", "2027-01-01".to_owned()),
        ("ends_on", "2027-01-31".to_owned()),
    ];
    let cells = |d: i64, s: i64| vec![(format!("cell_{d}_{s}"), "40".to_owned())];
    let count = |d: i64| [("department", d.to_string()), ("count", "12".to_owned())];
    let place = |d: i64, s: i64| {
        [
            ("department", d.to_string()),
            ("shift", s.to_string()),
            ("union_member", "ACV".to_owned()),
        ]
    };
    let assess = [("score", "2".to_owned()), ("note", "matrix".to_owned())];
    let cell_row = |path: String, fields: Vec<(String, String)>, expect: &'static str| Row {
        method: M::POST,
        path,
        form: fields,
        json: None,
        expect,
    };
    let motion = enquete_domain::motions::MotionDraft::parse(
        "Matrix motion",
        "",
        "Congress",
        "2026-10-12",
        "",
        "",
        "",
    )
    .unwrap();
    let near_motion = app
        .store
        .create_motion(p.workplace.id, &motion, NOW, audit())
        .await
        .unwrap();
    let far_motion = app
        .store
        .create_motion(far_plant, &motion, NOW, audit())
        .await
        .unwrap();
    let demand =
        enquete_domain::motions::DemandDraft::parse("Matrix demand", "Employer", "Delegates")
            .unwrap();
    let near_demand = app
        .store
        .add_demand(near_motion, &demand, None, NOW, audit())
        .await
        .unwrap();
    let far_demand = app
        .store
        .add_demand(far_motion, &demand, None, NOW, audit())
        .await
        .unwrap();
    let new_motion = [
        ("title", "Motion".to_owned()),
        ("passed_by", "Congress".to_owned()),
        ("passed_on", "2026-10-12".to_owned()),
    ];
    let new_demand = [
        ("text", "Demand".to_owned()),
        ("target", "Employer".to_owned()),
        ("owner", "Delegates".to_owned()),
    ];
    let status = [
        ("status", "raised".to_owned()),
        ("note", "matrix".to_owned()),
    ];
    let action = app
        .store
        .create_action(
            p.workplace.id,
            None,
            &enquete_domain::campaign::ActionDraft::parse(
                "Walk-out",
                "",
                "Gate",
                "2026-11-02T06:00",
                "",
            )
            .unwrap(),
            "matrix-walkout",
            None,
            NOW,
        )
        .await
        .unwrap()
        .id
        .0;
    let link = [("action", action.to_string())];
    //                                                                          admin org canv anal stew gate none
    vec![
        page(M::GET, format!("/units/{near}/motions"), &[], "YYnnYnn"),
        page(M::GET, format!("/units/{far}/motions"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/units/{near}/motions"),
            &new_motion,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/motions"),
            &new_motion,
            "Ynnnnnn",
        ),
        page(M::GET, format!("/motions/{near_motion}"), &[], "YYnnYnn"),
        page(M::GET, format!("/motions/{far_motion}"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/motions/{near_motion}/demands"),
            &new_demand,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/motions/{far_motion}/demands"),
            &new_demand,
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/demands/{near_demand}/update"),
            &status,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/demands/{far_demand}/update"),
            &status,
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/demands/{near_demand}/actions"),
            &link,
            "YYnnYnn",
        ),
        page(M::GET, format!("/units/{near}/workplace"), &[], "YYnnYnn"),
        page(M::GET, format!("/units/{far}/workplace"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/units/{near}/workplace"),
            &details,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/workplace"),
            &details,
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{near}/workplace/parts"),
            &part,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/workplace/parts"),
            &part,
            "Ynnnnnn",
        ),
        cell_row(
            format!("/units/{near}/workplace/cells"),
            cells(nd, ns),
            "YYnnYnn",
        ),
        cell_row(
            format!("/units/{far}/workplace/cells"),
            cells(fd, fs),
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{near}/workplace/tests"),
            &test,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/workplace/tests"),
            &test,
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/workplace-tests/{nt}/counts"),
            &count(nd),
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/workplace-tests/{ft}/counts"),
            &count(fd),
            "Ynnnnnn",
        ),
        page(M::GET, format!("/units/{near}/workers"), &[], "YYnnYnn"),
        page(M::GET, format!("/units/{far}/workers"), &[], "Ynnnnnn"),
        page(
            M::GET,
            format!("/units/{near}/workers/{np}"),
            &[],
            "YYnnYnn",
        ),
        page(M::GET, format!("/units/{far}/workers/{fp}"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/units/{near}/workers/{np}/place"),
            &place(nd, ns),
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/workers/{fp}/place"),
            &place(fd, fs),
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{near}/workers/{np}/assess"),
            &assess,
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/workers/{fp}/assess"),
            &assess,
            "Ynnnnnn",
        ),
    ]
}

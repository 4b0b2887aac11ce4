//! The training and leadership routes of the authorization matrix
//! (crates/web/tests/web/access.rs): the national level adds modules; those who run actions in
//! a unit plan its sessions and record assessments; its organizers manage its positions; the
//! national leadership sets the leadership rule.

use crate::access::{Row, page};
use crate::support::{NOW, Places, TestApp};
use axum::http::Method as M;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::training::{ModuleDraft, PositionKind};
use enquete_store::AuditEvent;

fn audit() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::TrainingModule,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

/// A session of the module in a unit; returns its id.
async fn session(
    app: &TestApp,
    module: enquete_domain::training::ModuleId,
    unit: UnitId,
    token: &str,
) -> i64 {
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Training",
        "",
        "Here",
        "2026-12-01T19:00",
        "",
    )
    .unwrap();
    let action = app
        .store
        .create_action(unit, None, &draft, token, None, NOW)
        .await
        .unwrap()
        .id;
    app.store
        .create_session(module, action, None, NOW, audit())
        .await
        .unwrap()
        .0
}

pub(crate) async fn rows(app: &TestApp, p: &Places) -> Vec<Row> {
    let module = app
        .store
        .create_module(
            &ModuleDraft::parse(
                "matrix",
                &[("en", "Matrix module")],
                "section",
                "assessment",
                "",
                "",
            )
            .unwrap(),
            NOW,
            audit(),
        )
        .await
        .unwrap();
    let near_session = session(app, module, p.section.id, "matrix-session-near").await;
    let far_session = session(app, module, p.far.id, "matrix-session-far").await;
    let position = |unit: UnitId| {
        let store = app.store.clone();
        async move {
            store
                .create_position(unit, PositionKind::Treasurer, "", &[], NOW, audit())
                .await
                .unwrap()
                .0
        }
    };
    let (near_position, far_position) = (position(p.section.id).await, position(p.far.id).await);
    let (city, section, far) = (p.city.id.0, p.section.id.0, p.far.id.0);
    let s = |v: i64| v.to_string();
    let own = s(p.own.0);
    let module_fields = |code: &str| {
        vec![
            ("code", code.to_owned()),
            ("title_en", "New module".to_owned()),
            ("level", "subject".to_owned()),
            ("completion", "attendance".to_owned()),
        ]
    };
    let session_fields = |unit: i64| {
        vec![
            ("module", s(module.0)),
            ("unit", s(unit)),
            ("starts_at", "2026-12-02T19:00".to_owned()),
            ("place", "Here".to_owned()),
        ]
    };
    let fill = |position: i64| {
        vec![
            ("position", s(position)),
            ("person", own.clone()),
            ("how", "appointment".to_owned()),
        ]
    };
    let near_person = s(p.neighbour.0);
    let profile = [
        ("occupation", "manual".to_owned()),
        ("gender", "woman".to_owned()),
        ("age_band", "35_49".to_owned()),
    ];
    let (near_p, far_p) = (near_person.clone(), s(p.stranger.0));
    //                                                                          admin org canv anal stew gate none
    vec![
        // Who leads: counts only, for those who see a unit's aggregates.
        page(M::GET, format!("/units/{city}/composition"), &[], "YYnYnnn"),
        page(M::GET, format!("/units/{far}/composition"), &[], "YnnYnnn"),
        // A person's profile: those who edit them (refused on its field without consent).
        page(
            M::POST,
            format!("/people/{near_p}/profile"),
            &profile,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/people/{far_p}/profile"),
            &profile,
            "Ynnnnnn",
        ),
        page(M::GET, "/training".into(), &[], "YYnnYnn"),
        page(
            M::POST,
            "/training/modules".into(),
            &module_fields("matrix-new"),
            "Ynnnnnn",
        ),
        // The steward runs actions in their workplace, not in the neighbourhood section.
        page(
            M::POST,
            "/training/sessions".into(),
            &session_fields(section),
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/training/sessions".into(),
            &session_fields(far),
            "Ynnnnnn",
        ),
        page(
            M::GET,
            format!("/training/sessions/{near_session}"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::GET,
            format!("/training/sessions/{far_session}"),
            &[],
            "Ynnnnnn",
        ),
        // Nobody attended: the assessment is refused on its field, past the policy.
        page(
            M::POST,
            format!("/training/sessions/{near_session}/pass"),
            &[("person", own.clone())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/training/sessions/{far_session}/pass"),
            &[("person", own.clone())],
            "Ynnnnnn",
        ),
        page(M::GET, format!("/units/{city}/leaders"), &[], "YYnnnnn"),
        page(M::GET, format!("/units/{far}/leaders"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/units/{city}/positions"),
            &[
                ("unit", s(section)),
                ("kind", "spokesperson".into()),
                ("title", String::new()),
                ("requires", String::new()),
            ],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/positions"),
            &[
                ("unit", s(far)),
                ("kind", "spokesperson".into()),
                ("title", String::new()),
                ("requires", String::new()),
            ],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{city}/positions/fill"),
            &fill(near_position),
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{city}/positions/fill"),
            &fill(far_position),
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/positions/{far_position}/vacate"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/positions/{near_position}/vacate"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/ladder/leadership".into(),
            &[
                ("leader_stage", "organizer".into()),
                ("leader_module", "matrix".into()),
                ("leader_position", "yes".into()),
            ],
            "Ynnnnnn",
        ),
    ]
}

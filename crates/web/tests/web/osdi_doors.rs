//! OSDI through other doors: a small client script (docs/osdi/sync_people.py) that a user of
//! another tool would write, run against a real server over TCP, and every route by every kind
//! of token.

use crate::osdi::{fresh_section, make_token, osdi, person};
use crate::support::TestApp;
use axum::http::StatusCode;
use enquete_domain::account::Role;
use enquete_domain::people::PersonId;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The client script a user of another tool would write, against a real server over TCP.
#[tokio::test]
async fn a_small_client_script_pages_through_people_and_signs_one_up() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let home = fresh_section(&app, p.city.id, "Script section").await;
    for i in 0..5 {
        person(
            &app,
            home,
            &format!("Person {i}"),
            &format!("p{i}@example.org"),
            &[true],
        )
        .await;
    }
    person(&app, home, "Silent", "silent@example.org", &[]).await;
    let mut organizer = app.login(Role::Organizer).await;
    let token = make_token(&mut organizer, home, "Script", "write").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = enquete_web::WebConfig {
        public_url: format!("http://{addr}"),
        ..Default::default()
    };
    let state = enquete_web::AppState::new(enquete_app::App::new(app.store.clone()), config);
    let router = enquete_web::router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/osdi/sync_people.py"
    );
    let entry = format!("http://{addr}/api/osdi/v1");
    let out = tokio::process::Command::new("python3")
        .args([
            script,
            &entry,
            &token,
            "--signup",
            "new@example.org",
            "New Person",
            "--tag",
            "volunteer",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["osdi_version"], "1.1");
    let emails: BTreeSet<&str> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    let want: BTreeSet<&str> = [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
        "p3@example.org",
        "p4@example.org",
        "new@example.org",
    ]
    .into();
    assert_eq!(
        emails, want,
        "everyone who agreed, the new one included, never the silent one"
    );
    assert_eq!(v["pages"], 3, "two per page");
    assert!(
        v["signed_up"]
            .as_str()
            .unwrap()
            .starts_with(&format!("http://{addr}/api/osdi/v1/people/"))
    );
    // With a date filter, nobody changed in the future.
    let out = tokio::process::Command::new("python3")
        .args([script, &entry, &token, "--since", "2099-01-01"])
        .output()
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_records"], 0);
}

/// Every OSDI route by every kind of token: a token reads and writes its own unit and below
/// only, a read token never writes, no token or a revoked one opens nothing.
#[tokio::test]
async fn every_osdi_route_by_every_kind_of_token() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let home = fresh_section(&app, p.city.id, "Token home").await;
    let away = fresh_section(&app, p.far.parent.unwrap(), "Token away").await;
    let ann = person(&app, home, "Ann Token", "ann.token@example.org", &[true])
        .await
        .0;
    app.store
        .change_tag(
            &[PersonId(ann)],
            &enquete_domain::people::Tag::parse("hometag").unwrap(),
            true,
            crate::support::NOW,
            &enquete_store::AuditEvent {
                at: crate::support::NOW,
                user: None,
                action: enquete_domain::audit::AuditAction::BulkTag,
                person: None,
                detail: String::new(),
                ip: "test".into(),
            },
        )
        .await
        .unwrap();
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Home action",
        "",
        "Here",
        "2026-12-12T19:30",
        "",
    )
    .unwrap();
    let action = app
        .store
        .create_action(
            home,
            None,
            &draft,
            "token-action",
            None,
            crate::support::NOW,
        )
        .await
        .unwrap()
        .id
        .0;
    let petition = enquete_domain::campaign::PetitionDraft::parse_with(
        &[("en", "Home petition")],
        &[("en", "Now.")],
        &[("en", "the council")],
        "10",
    )
    .unwrap();
    let petition = app
        .store
        .create_petition(
            home,
            None,
            &petition,
            "token-petition",
            None,
            crate::support::NOW,
        )
        .await
        .unwrap()
        .id
        .0;
    let mut admin = app.login(Role::NationalAdmin).await;
    let tokens = [
        Some(make_token(&mut admin, home, "read home", "read").await),
        Some(make_token(&mut admin, home, "write home", "write").await),
        Some(make_token(&mut admin, away, "read away", "read").await),
        Some(make_token(&mut admin, away, "write away", "write").await),
        None,
        Some(make_token(&mut admin, home, "revoked", "write").await),
    ];
    let revoked = app
        .store
        .api_tokens_below(&p.nation.path)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "revoked")
        .unwrap()
        .id
        .0;
    admin.get("/integrations").await;
    admin
        .post(&format!("/integrations/{revoked}/revoke"), &[])
        .await;
    let signup = |email: &str| json!({"person": {"given_name": "New", "email_addresses": [{"address": email, "status": "subscribed"}]}});
    //                                                               read-home write-home read-away write-away none revoked
    let rows: Vec<(&str, String, Option<Value>, &str)> = vec![
        ("GET", "/api/osdi/v1".into(), None, "YYYYnn"),
        ("GET", "/api/osdi/v1/people".into(), None, "YYYYnn"),
        ("GET", format!("/api/osdi/v1/people/{ann}"), None, "YYnnnn"),
        (
            "GET",
            format!("/api/osdi/v1/people/{ann}/taggings"),
            None,
            "YYnnnn",
        ),
        ("GET", "/api/osdi/v1/tags".into(), None, "YYYYnn"),
        ("GET", "/api/osdi/v1/tags/hometag".into(), None, "YYnnnn"),
        (
            "GET",
            "/api/osdi/v1/tags/hometag/taggings".into(),
            None,
            "YYnnnn",
        ),
        ("GET", "/api/osdi/v1/events".into(), None, "YYYYnn"),
        (
            "GET",
            format!("/api/osdi/v1/events/{action}"),
            None,
            "YYnnnn",
        ),
        (
            "GET",
            format!("/api/osdi/v1/events/{action}/attendances"),
            None,
            "YYnnnn",
        ),
        ("GET", "/api/osdi/v1/petitions".into(), None, "YYYYnn"),
        (
            "GET",
            format!("/api/osdi/v1/petitions/{petition}"),
            None,
            "YYnnnn",
        ),
        (
            "GET",
            format!("/api/osdi/v1/petitions/{petition}/signatures"),
            None,
            "YYnnnn",
        ),
        ("GET", "/api/osdi/v1/questions".into(), None, "YYYYnn"),
        (
            "POST",
            "/api/osdi/v1/people/person_signup".into(),
            Some(signup("one@example.org")),
            "nYnYnn",
        ),
        (
            "POST",
            "/api/osdi/v1/people/person_signup_helper".into(),
            Some(signup("two@example.org")),
            "nYnYnn",
        ),
        (
            "POST",
            format!("/api/osdi/v1/events/{action}/record_attendance_helper"),
            Some(signup("three@example.org")),
            "nYnnnn",
        ),
        (
            "POST",
            format!("/api/osdi/v1/petitions/{petition}/record_signature_helper"),
            Some(signup("four@example.org")),
            "nYnnnn",
        ),
    ];
    let mut failures = Vec::new();
    let mut c = app.client();
    for (col, token) in tokens.iter().enumerate() {
        for (method, path, body, expect) in &rows {
            let want = expect.as_bytes()[col] == b'Y';
            let (status, answer, _) =
                osdi(&mut c, token.as_deref(), method, path, body.clone()).await;
            let got = if status.is_success() {
                true
            } else if [
                StatusCode::UNAUTHORIZED,
                StatusCode::FORBIDDEN,
                StatusCode::NOT_FOUND,
            ]
            .contains(&status)
            {
                false
            } else {
                failures.push(format!("token {col} {method} {path}: {status} {answer}"));
                continue;
            };
            if got != want {
                failures.push(format!(
                    "token {col} {method} {path}: expected {}, got {status} {answer}",
                    if want { "allowed" } else { "denied" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

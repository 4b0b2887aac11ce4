//! Bad input on every form and every API body: a 4xx naming the field, never a server error,
//! never a partial write.

use crate::support::TestApp;
use axum::http::{Method, StatusCode};
use enquete_domain::account::Role;
use serde_json::json;

/// A form's path, its fields, and the field the error must name.
type FormCase<'a> = (String, Vec<(&'a str, &'a str)>, &'a str);

#[tokio::test]
async fn every_form_names_the_bad_field_and_writes_nothing() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::NationalAdmin).await;
    let people_before = app.count_people().await;
    let units_before = app.count_units().await;
    let (section, city) = (p.section.id.0.to_string(), p.city.id.0.to_string());
    let person = p.neighbour.0;
    let person_text = person.to_string();
    let long = "x".repeat(5000);
    let cases: Vec<FormCase> = vec![
        (
            "/people".into(),
            vec![("unit", &section), ("name", "  ")],
            "name",
        ),
        (
            "/people".into(),
            vec![
                ("unit", &section),
                ("name", "An"),
                ("email", "not-an-address"),
            ],
            "email",
        ),
        (
            "/people".into(),
            vec![
                ("unit", &section),
                ("name", "An"),
                ("phone", "call me maybe"),
            ],
            "phone",
        ),
        (
            "/people".into(),
            vec![("unit", &section), ("name", "An"), ("tags", "ok, not/ok")],
            "tags",
        ),
        (
            "/people".into(),
            vec![("unit", &section), ("name", "An"), ("notes", &long)],
            "notes",
        ),
        (
            "/people".into(),
            vec![("unit", "abc"), ("name", "An")],
            "unit",
        ),
        (
            "/people".into(),
            vec![("unit", "999999"), ("name", "An")],
            "unit",
        ),
        (format!("/people/{person}"), vec![("name", "")], "name"),
        (
            format!("/people/{person}/stage"),
            vec![("to", "boss"), ("reason", "x")],
            "stage",
        ),
        (
            format!("/people/{person}/stage"),
            vec![("to", "active"), ("reason", " ")],
            "reason",
        ),
        (
            format!("/people/{person}/stage"),
            vec![("to", "leader"), ("reason", "skipping")],
            "stage",
        ),
        (
            format!("/people/{person}/stage"),
            vec![("reason", "no stage")],
            "to",
        ),
        (
            format!("/people/{person}/consents"),
            vec![("purpose", "spam"), ("granted", "yes"), ("source", "x")],
            "purpose",
        ),
        (
            format!("/people/{person}/consents"),
            vec![
                ("purpose", "contact"),
                ("granted", "maybe"),
                ("source", "x"),
            ],
            "granted",
        ),
        (
            format!("/people/{person}/consents"),
            vec![("purpose", "contact"), ("granted", "yes"), ("source", "")],
            "source",
        ),
        (
            format!("/people/{person}/merge"),
            vec![("other", "nope")],
            "other",
        ),
        (
            format!("/people/{person}/merge"),
            vec![("other", &person_text)],
            "other",
        ),
        (
            "/units".into(),
            vec![("parent", &city), ("kind", "castle"), ("name", "X")],
            "kind",
        ),
        (
            "/units".into(),
            vec![("parent", &city), ("kind", "region"), ("name", "X")],
            "parent",
        ),
        (
            "/units".into(),
            vec![("parent", &city), ("kind", "youth"), ("name", "")],
            "name",
        ),
        (
            format!("/units/{section}/rename"),
            vec![("name", "")],
            "name",
        ),
        (
            format!("/units/{city}/move"),
            vec![("parent", &section)],
            "parent",
        ),
        (
            "/users".into(),
            vec![
                ("email", "bad"),
                ("display_name", "X"),
                ("role", "canvasser"),
                ("unit", &section),
            ],
            "email",
        ),
        (
            "/users".into(),
            vec![
                ("email", "a@b.org"),
                ("display_name", "X"),
                ("role", "king"),
                ("unit", &section),
            ],
            "role",
        ),
        (
            "/users".into(),
            vec![
                ("email", "a@b.org"),
                ("display_name", ""),
                ("role", "canvasser"),
                ("unit", &section),
            ],
            "display_name",
        ),
        (
            "/users".into(),
            vec![
                ("email", "organizer@demo.enquete.org"),
                ("display_name", "X"),
                ("role", "canvasser"),
                ("unit", &section),
            ],
            "email",
        ),
        (
            "/account/password".into(),
            vec![("current", "demo-national-admin-pass"), ("new", "short")],
            "password",
        ),
        (
            "/language".into(),
            vec![("language", "klingon")],
            "languages",
        ),
        (
            "/people/abc/stage".into(),
            vec![("to", "active"), ("reason", "x")],
            "id",
        ),
    ];
    for (path, fields, field) in &cases {
        let res = c.post(path, fields).await;
        assert!(
            res.status.is_client_error(),
            "{path} {fields:?}: {} {}",
            res.status,
            res.body
        );
        assert!(
            res.body.contains(field),
            "{path} {fields:?} should name {field}: {}",
            res.body
        );
        assert!(res.body.contains("<html"), "a page, not raw JSON: {path}");
    }
    assert_eq!(
        app.count_people().await,
        people_before,
        "no person half-written"
    );
    assert_eq!(
        app.count_units().await,
        units_before,
        "no unit half-written"
    );
    let history = app.store.stage_history(p.neighbour).await.unwrap();
    assert_eq!(history.len(), 1, "no ladder move recorded");
    assert!(app.store.consents(p.neighbour).await.unwrap().is_empty());
}

#[tokio::test]
async fn every_api_body_names_the_bad_field_and_writes_nothing() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::NationalAdmin).await;
    let people_before = app.count_people().await;
    let units_before = app.count_units().await;
    let person = p.neighbour.0;
    let section = p.section.id.0;
    let cases: Vec<(Method, String, serde_json::Value, &str)> = vec![
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section}),
            "name",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section, "name": 5}),
            "name",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"name": "An"}),
            "unit_id",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": "x", "name": "An"}),
            "unit_id",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": 999_999, "name": "An"}),
            "unit_id",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section, "name": "An", "email": "nope"}),
            "email",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section, "name": "An", "languages": ["nl", "es"]}),
            "languages",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section, "name": "An", "tags": ["a,b"]}),
            "tags",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section, "name": "An", "tags": "tenant"}),
            "tags",
        ),
        (
            Method::POST,
            "/api/v1/people".into(),
            json!({"unit_id": section, "name": "An", "colour": "red"}),
            "colour",
        ),
        (
            Method::PUT,
            format!("/api/v1/people/{person}"),
            json!({"name": ""}),
            "name",
        ),
        (
            Method::PUT,
            format!("/api/v1/people/{person}"),
            json!({"name": "X", "unit_id": p.far.id.0}),
            "unit_id",
        ),
        (
            Method::POST,
            format!("/api/v1/people/{person}/stage"),
            json!({"stage": "boss", "reason": "x"}),
            "stage",
        ),
        (
            Method::POST,
            format!("/api/v1/people/{person}/stage"),
            json!({"stage": "active"}),
            "reason",
        ),
        (
            Method::POST,
            format!("/api/v1/people/{person}/stage"),
            json!({"stage": "leader", "reason": "skip"}),
            "stage",
        ),
        (
            Method::POST,
            format!("/api/v1/people/{person}/consents"),
            json!({"purpose": "x", "granted": true, "source": "y"}),
            "purpose",
        ),
        (
            Method::POST,
            format!("/api/v1/people/{person}/consents"),
            json!({"purpose": "contact", "granted": "yes", "source": "y"}),
            "granted",
        ),
        (
            Method::POST,
            "/api/v1/units".into(),
            json!({"parent_id": p.city.id.0, "kind": "castle", "name": "X"}),
            "kind",
        ),
        (
            Method::POST,
            "/api/v1/units".into(),
            json!({"parent_id": p.city.id.0, "kind": "youth", "name": " "}),
            "name",
        ),
        (
            Method::POST,
            "/api/v1/units".into(),
            json!({"parent_id": 999_999, "kind": "youth", "name": "X"}),
            "parent_id",
        ),
        (
            Method::PATCH,
            format!("/api/v1/units/{section}"),
            json!({"name": "A", "archived": true}),
            "body",
        ),
        (
            Method::PATCH,
            format!("/api/v1/units/{section}"),
            json!({}),
            "body",
        ),
        (
            Method::PATCH,
            format!("/api/v1/units/{}", p.city.id.0),
            json!({"parent_id": section}),
            "parent",
        ),
        (
            Method::GET,
            "/api/v1/people?limit=0".into(),
            json!(null),
            "limit",
        ),
        (
            Method::GET,
            "/api/v1/people?limit=lots".into(),
            json!(null),
            "limit",
        ),
        (
            Method::GET,
            "/api/v1/people?stage=boss".into(),
            json!(null),
            "stage",
        ),
        (Method::GET, "/api/v1/people/abc".into(), json!(null), "id"),
    ];
    for (method, path, body, field) in &cases {
        let res = if body.is_null() {
            c.api(method.clone(), path, None).await
        } else {
            c.api(method.clone(), path, Some(body.clone())).await
        };
        assert!(
            res.status.is_client_error(),
            "{method} {path} {body}: {} {}",
            res.status,
            res.body
        );
        let json = res.json();
        let named = json["error"]["field"]
            .as_str()
            .unwrap_or("")
            .contains(field)
            || json["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains(field);
        assert!(
            named,
            "{method} {path} {body} should name {field}: {}",
            res.body
        );
    }
    for raw in ["{", "[]", "null", "{\"name\": \"An\"} trailing", ""] {
        let res = c.api_raw(Method::POST, "/api/v1/people", raw).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{raw:?}: {}",
            res.body
        );
        assert!(res.json()["error"]["message"].is_string());
    }
    assert_eq!(app.count_people().await, people_before);
    assert_eq!(app.count_units().await, units_before);
    assert_eq!(app.store.stage_history(p.neighbour).await.unwrap().len(), 1);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::new().await;
    let mut c = app.login(Role::NationalAdmin).await;
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let res = c.api_raw(Method::POST, "/api/v1/people", &huge).await;
    assert!(res.status.is_client_error(), "{}", res.status);
}

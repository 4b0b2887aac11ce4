//! ODK Collect as a client: a script that talks to the server as Collect does (the form list,
//! the XForm, the manifest, the submission probe, then instances with a photo, sent twice) and
//! what each account may do there.

use crate::support::{NOW, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine;
use enquete_domain::account::Role;
use enquete_domain::demo;
use enquete_domain::survey::SurveyDefinition;

/// A household form as field forms come: a group, a repeat of members with a constraint, a
/// photo of the door, and a place.
fn household() -> SurveyDefinition {
    serde_json::from_value(serde_json::json!({
        "form_id": "household_visit",
        "title": {"en": "Household visit"},
        "questions": [
            {"name": "street", "label": {"en": "Street"}, "type": "text", "max_length": 200,
             "required": true},
            {"name": "size", "label": {"en": "People in the household"}, "type": "number",
             "min": 1, "max": 30, "group": "hh"},
            {"name": "member", "label": {"en": "Name"}, "type": "text", "max_length": 100,
             "group": "hh/members"},
            {"name": "age", "label": {"en": "Age"}, "type": "number", "min": null, "max": null,
             "group": "hh/members", "constraint": ". >= 0 and . <= 120",
             "constraint_message": {"en": "an age from 0 to 120"}},
            {"name": "door", "label": {"en": "Photo of the door"}, "type": "media",
             "media": "image"},
            {"name": "place", "label": {"en": "Where"}, "type": "geopoint"},
            {"name": "end", "label": {}, "type": "metadata", "what": "end"}
        ],
        "groups": [
            {"name": "hh", "label": {"en": "Household"}, "at": 1},
            {"name": "members", "parent": "hh", "label": {"en": "Member"}, "repeat": true,
             "repeat_count": "${size}", "at": 2}
        ]
    }))
    .unwrap()
}

fn basic(role: Role) -> String {
    let (_, email, password) = demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == role)
        .unwrap();
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{email}:{password}"))
    )
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(app: &TestApp, req: Request<Body>) -> Answer {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = app.app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &TestApp, path: &str, auth: Option<&str>) -> Answer {
    let mut req = Request::builder().method(Method::GET).uri(path);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

const BOUNDARY: &str = "----enquete-collect-test";

/// A multipart submission as Collect makes it: the instance, then the files.
fn submission(instance: &str, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut part = |name: &str, file: &str, kind: &str, data: &[u8]| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {kind}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "xml_submission_file",
        "submission.xml",
        "text/xml",
        instance.as_bytes(),
    );
    for (file, kind, data) in files {
        part(file, file, kind, data);
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn submit(app: &TestApp, auth: &str, body: Vec<u8>) -> Answer {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/submission")
        .header(header::AUTHORIZATION, auth)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("x-openrosa-version", "1.0")
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

fn instance(id: &str, version: i64, ages: &[&str], photo: &str) -> String {
    let members: String = ages
        .iter()
        .enumerate()
        .map(|(i, age)| format!("<members><member>Member {i}</member><age>{age}</age></members>"))
        .collect();
    format!(
        "<?xml version='1.0' ?><data id=\"household_visit\" version=\"{version}\">\
         <street>Sleepstraat</street><hh><size>{}</size>{members}</hh>\
         <door>{photo}</door><place>51.0605 3.7265 12 4.5</place>\
         <end>2026-09-12T10:15:00.000+02:00</end>\
         <meta><instanceID>uuid:{id}</instanceID></meta></data>",
        ages.len()
    )
}

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 the front door of number 12 \xff\xd9";

#[tokio::test]
async fn collect_fetches_forms_and_submits_each_instance_once_with_its_photo() {
    let app = TestApp::new().await;
    let survey = app
        .store
        .publish_survey(&household(), None, None, NOW)
        .await
        .unwrap();
    let canvasser = basic(Role::Canvasser);

    // Without an account, or with a wrong password: asked to log in.
    let res = get(&app, "/formList", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        res.headers[header::WWW_AUTHENTICATE]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("canvasser@demo.enquete.org:nope")
    );
    assert_eq!(
        get(&app, "/formList", Some(&wrong)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The form list, the XForm and the manifest.
    let list = get(&app, "/formList", Some(&canvasser)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.headers["x-openrosa-version"], "1.0");
    assert!(
        list.body.contains("<formID>household_visit</formID>"),
        "{}",
        list.body
    );
    assert!(
        list.body
            .contains(&format!("<version>{}</version>", survey.version))
    );
    assert!(list.body.contains("<hash>md5:"));
    assert!(
        list.body
            .contains("/forms/household_visit/form.xml</downloadUrl>")
    );
    let form = get(&app, "/forms/household_visit/form.xml", Some(&canvasser)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for needed in [
        "<h:html",
        "jr:template",
        "/data/hh/members/age",
        "mediatype=\"image/*\"",
    ] {
        assert!(form.body.contains(needed), "{needed} in {}", form.body);
    }
    let manifest = get(&app, "/forms/household_visit/manifest", Some(&canvasser)).await;
    assert_eq!(manifest.status, StatusCode::OK);
    assert!(manifest.body.contains("xformsManifest"));
    assert_eq!(
        get(&app, "/forms/no_such_form/form.xml", Some(&canvasser))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Collect asks before it sends.
    let probe = send(
        &app,
        Request::builder()
            .method(Method::HEAD)
            .uri("/submission")
            .header(header::AUTHORIZATION, &canvasser)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(probe.status, StatusCode::NO_CONTENT);
    assert!(
        probe
            .headers
            .contains_key("x-openrosa-accept-content-length")
    );

    // An instance with three members and a photo, sent twice (the phone did not hear the
    // first answer): stored once, photo kept.
    let id = "0190e000-0000-7000-8000-000000000c01";
    let xml = instance(id, survey.version, &["44", "41", "9"], "door-1.jpg");
    for _ in 0..2 {
        let res = submit(
            &app,
            &canvasser,
            submission(&xml, &[("door-1.jpg", "image/jpeg", PHOTO)]),
        )
        .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        assert!(res.body.contains("OpenRosaResponse"));
    }
    let stored = app.store.responses(survey.id, 10).await.unwrap();
    assert_eq!(stored.len(), 1, "stored once");
    assert_eq!(
        stored[0].collected_at.0, 1_789_200_900,
        "collected when the phone says the form was finished"
    );
    let rows = match &stored[0].answers.0["hh/members"] {
        enquete_domain::survey::AnswerValue::Rows(rows) => rows.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(rows, 3);
    let (info, data) = app.store.attachment(id, "door-1.jpg").await.unwrap();
    assert_eq!(
        (info.content_type.as_str(), data.as_slice()),
        ("image/jpeg", PHOTO)
    );

    // Refused, with the reason: an age the form's check does not allow, a file the instance
    // does not name.
    let bad = instance(
        "0190e000-0000-7000-8000-000000000c02",
        survey.version,
        &["150"],
        "d.jpg",
    );
    let res = submit(
        &app,
        &canvasser,
        submission(&bad, &[("d.jpg", "image/jpeg", PHOTO)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("an age from 0 to 120"), "{}", res.body);
    let other = instance(
        "0190e000-0000-7000-8000-000000000c03",
        survey.version,
        &["30"],
        "d.jpg",
    );
    let res = submit(
        &app,
        &canvasser,
        submission(&other, &[("virus.exe", "application/x", b"MZ")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("virus.exe"), "{}", res.body);
    // A photo larger than a phone may send.
    let big = vec![0u8; enquete_app::openrosa::MAX_FILE + 1];
    let huge = instance(
        "0190e000-0000-7000-8000-000000000c04",
        survey.version,
        &["30"],
        "big.jpg",
    );
    let res = submit(
        &app,
        &canvasser,
        submission(&huge, &[("big.jpg", "image/jpeg", &big)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(
        res.body.contains("big.jpg is larger than 10 MB"),
        "{}",
        res.body
    );
    // Not XML, and XML with a DOCTYPE (no entities are ever expanded).
    let res = submit(&app, &canvasser, submission("this is not xml <", &[])).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let xxe = "<?xml version='1.0'?><!DOCTYPE data [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><data id=\"household_visit\"><street>&x;</street></data>";
    let res = submit(&app, &canvasser, submission(xxe, &[])).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(!res.body.contains("root:"), "{}", res.body);
    assert_eq!(app.store.responses(survey.id, 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn choices_from_a_file_travel_with_the_form() {
    let app = TestApp::new().await;
    let mut def: SurveyDefinition = serde_json::from_value(serde_json::json!({
        "form_id": "village_visit",
        "title": {"en": "Village visit"},
        "questions": [
            {"name": "village", "label": {"en": "Village"}, "type": "single_choice",
             "choices": [], "choices_file": "villages.csv"}
        ]
    }))
    .unwrap();
    assert_eq!(
        enquete_formats::xlsform::missing_files(&def),
        ["villages.csv"]
    );
    enquete_formats::xlsform::attach(
        &mut def,
        "villages.csv",
        b"name,label\nv1,Sleidinge\nv2,Evergem\n",
    )
    .unwrap();
    app.store
        .publish_survey(&def, None, None, NOW)
        .await
        .unwrap();
    let canvasser = basic(Role::Canvasser);
    let list = get(&app, "/formList", Some(&canvasser)).await;
    assert!(
        list.body
            .contains("/forms/village_visit/manifest</manifestUrl>"),
        "{}",
        list.body
    );
    let manifest = get(&app, "/forms/village_visit/manifest", Some(&canvasser)).await;
    assert!(
        manifest.body.contains("<filename>villages.csv</filename>"),
        "{}",
        manifest.body
    );
    let csv = get(
        &app,
        "/forms/village_visit/media/villages.csv",
        Some(&canvasser),
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("v2,Evergem"), "{}", csv.body);
    use md5::Digest;
    let digest: String = md5::Md5::digest(csv.body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(
        manifest
            .body
            .contains(&format!("<hash>md5:{digest}</hash>")),
        "{}",
        manifest.body
    );
    assert_eq!(
        get(
            &app,
            "/forms/village_visit/media/other.csv",
            Some(&canvasser)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_accounts_that_collect_see_the_forms() {
    let app = TestApp::new().await;
    app.store
        .publish_survey(&household(), None, None, NOW)
        .await
        .unwrap();
    // NationalAdmin, Organizer, Canvasser, Analyst, Steward, GateScanner.
    let expect = [
        (Role::NationalAdmin, true),
        (Role::Organizer, true),
        (Role::Canvasser, true),
        (Role::Analyst, false),
        (Role::Steward, true),
        (Role::GateScanner, false),
    ];
    for (role, allowed) in expect {
        let res = get(&app, "/formList", Some(&basic(role))).await;
        let want = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(res.status, want, "{role:?}: {}", res.body);
        let res = get(&app, "/forms/household_visit/form.xml", Some(&basic(role))).await;
        assert_eq!(res.status, want, "{role:?}");
    }
}

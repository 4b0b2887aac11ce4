//! The enquête over the API: surveys, and response batches answered item by item, idempotent
//! under resends and concurrent overlapping sends.

use crate::support::TestApp;
use axum::http::{Method, StatusCode};
use enquete_domain::account::Role;
use serde_json::{Value, json};

fn item(id: &str, survey: &Value, unit: i64) -> Value {
    json!({
        "id": id,
        "survey_id": survey["id"],
        "version": survey["version"],
        "unit_id": unit,
        "channel": "door",
        "collected_at": 1_790_000_000,
        "answers": {"top3": ["housing", "wages"], "trust": 4, "contact": "no"}
    })
}

fn uuid(n: u32) -> String {
    format!("0190d000-0000-7000-8000-{n:012}")
}

async fn survey(c: &mut crate::support::Client) -> Value {
    let list = c.api(Method::GET, "/api/v1/surveys", None).await.json();
    let id = list[0]["id"].as_i64().unwrap();
    c.api(Method::GET, &format!("/api/v1/surveys/{id}"), None)
        .await
        .json()
}

fn statuses(res: &crate::support::Response) -> Vec<String> {
    res.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_same_batch_twice_and_overlapping_batches_at_once_store_each_response_once() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::Canvasser).await;
    let s = survey(&mut c).await;
    assert_eq!(s["definition"]["form_id"], "enquete_2026");
    let unit = p.section.id.0;
    let batch: Vec<Value> = (0..50).map(|i| item(&uuid(i), &s, unit)).collect();
    let first = c
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": batch})),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(statuses(&first).iter().all(|s| s == "accepted"));
    let again = c
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": batch})),
        )
        .await;
    assert!(statuses(&again).iter().all(|s| s == "duplicate"));

    // Two phones sending overlapping batches at the same moment.
    let a: Vec<Value> = (100..180).map(|i| item(&uuid(i), &s, unit)).collect();
    let b: Vec<Value> = (140..220).map(|i| item(&uuid(i), &s, unit)).collect();
    let mut c2 = app.login(Role::Canvasser).await;
    let (ra, rb) = tokio::join!(
        c.api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": a}))
        ),
        c2.api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": b}))
        ),
    );
    let accepted = statuses(&ra)
        .iter()
        .chain(statuses(&rb).iter())
        .filter(|s| *s == "accepted")
        .count();
    assert_eq!(accepted, 120, "every response accepted exactly once");
    let sid = enquete_domain::survey::SurveyId(s["id"].as_i64().unwrap());
    assert_eq!(app.store.count_responses(sid).await.unwrap(), 170);
}

#[tokio::test]
async fn each_item_is_answered_on_its_own_with_a_reason() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::Canvasser).await;
    let s = survey(&mut c).await;
    let unit = p.section.id.0;
    let mut bad_answer = item(&uuid(2), &s, unit);
    bad_answer["answers"]["trust"] = json!(11);
    let mut skipped_required = item(&uuid(3), &s, unit);
    skipped_required["answers"]
        .as_object_mut()
        .unwrap()
        .remove("top3");
    let mut v4 = item("9b2f4d2e-3c1a-4f7e-9a8b-1c2d3e4f5a6b", &s, unit);
    v4["id"] = json!("9b2f4d2e-3c1a-4f7e-9a8b-1c2d3e4f5a6b");
    let far = item(&uuid(5), &s, p.far.id.0);
    let mut wrong_version = item(&uuid(6), &s, unit);
    wrong_version["version"] = json!(99);
    let mut no_consent = item(&uuid(7), &s, unit);
    no_consent["contact"] = json!({"name": "X", "consent": false});
    let mut bad_phone = item(&uuid(8), &s, unit);
    bad_phone["answers"]["contact"] = json!("yes");
    bad_phone["contact"] = json!({"name": "Y", "phone": "call me", "consent": true});
    let mut bad_type = item(&uuid(9), &s, unit);
    bad_type["unit_id"] = json!("Gent");
    let batch = vec![
        item(&uuid(1), &s, unit),
        bad_answer,
        skipped_required,
        v4,
        far,
        wrong_version,
        no_consent,
        bad_phone,
        bad_type,
    ];
    let res = c
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": batch})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let results = res.json()["results"].as_array().unwrap().clone();
    let summary: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_owned(),
                r["error"]["field"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let want = [
        ("accepted", ""),
        ("rejected", "answers"),
        ("rejected", "answers"),
        ("rejected", "id"),
        ("rejected", "unit_id"),
        ("rejected", "version"),
        ("rejected", "contact.consent"),
        ("rejected", "contact.phone"),
        ("rejected", "unit_id"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(summary, want, "{}", res.body);
    assert!(
        results[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("trust: must be from 0 to 10")
    );
    assert!(
        results[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("top3: an answer is required")
    );
    let sid = enquete_domain::survey::SurveyId(s["id"].as_i64().unwrap());
    assert_eq!(
        app.store.count_responses(sid).await.unwrap(),
        1,
        "only the good one was stored"
    );
    // The batch itself must be well formed.
    let res = c
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"items": []})),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let many: Vec<Value> = (0..501).map(|i| item(&uuid(1000 + i), &s, unit)).collect();
    let res = c
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": many})),
        )
        .await;
    assert_eq!(res.json()["error"]["field"], "responses");
}

#[tokio::test]
async fn only_collectors_send_responses_and_publishing_is_for_organizers() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut analyst = app.login(Role::Analyst).await;
    let s = survey(&mut analyst).await;
    let res = analyst
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": [item(&uuid(1), &s, p.section.id.0)]})),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut steward = app.login(Role::Steward).await;
    let res = steward
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": [item(&uuid(1), &s, p.section.id.0)]})),
        )
        .await;
    assert_eq!(
        res.json()["results"][0]["error"]["field"],
        "unit_id",
        "a steward collects in their own workplace only"
    );
    let mut anon = app.client();
    assert_eq!(
        anon.api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": []}))
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let mut def = s["definition"].clone();
    def["form_id"] = json!("local_2026");
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser
            .api(Method::POST, "/api/v1/surveys", Some(def.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .api(Method::POST, "/api/v1/surveys", Some(def.clone()))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    def["questions"][0]["relevant"] = json!("${nothing} = 'x'");
    let res = org.api(Method::POST, "/api/v1/surveys", Some(def)).await;
    assert_eq!(res.json()["error"]["field"], "relevant", "{}", res.body);
    // The canvassing page opens for collectors only.
    let id = s["id"].as_i64().unwrap();
    assert_eq!(
        canvasser.get(&format!("/canvass/{id}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        analyst.get(&format!("/canvass/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
}

fn multipart(csrf: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "enquete-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn an_organizer_publishes_an_xlsform_and_downloads_it_again() {
    let app = TestApp::new().await;
    let mut org = app.login(Role::Organizer).await;
    let list = org.get("/surveys").await;
    assert!(list.body.contains("The Big Enquête 2026"));
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../formats/tests/fixtures/household.xlsx"
    ))
    .unwrap();
    let upload = |csrf: String, file: Vec<u8>| {
        let (ctype, body) = multipart(&csrf, &file);
        axum::http::Request::post("/surveys/import")
            .header(axum::http::header::CONTENT_TYPE, ctype)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let res = org.send(upload(org.csrf.clone(), fixture.clone())).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = org.get(&res.location()).await;
    assert!(
        page.body.contains("How many adults live here?")
            && page.body.contains("The survey was published.")
    );
    let id = res
        .location()
        .trim_start_matches("/surveys/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let download = org.get(&format!("/surveys/{id}/xlsform")).await;
    assert_eq!(download.status, StatusCode::OK);
    // A broken workbook is refused with its place; no token, no publishing.
    let bad = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../formats/tests/fixtures/unsupported.xlsx"
    ))
    .unwrap();
    let res = org.send(upload(org.csrf.clone(), bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("survey sheet, row 3, column type"),
        "{}",
        res.body
    );
    let res = org.send(upload("forged".into(), fixture.clone())).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut canvasser = app.login(Role::Canvasser).await;
    canvasser.get("/surveys").await;
    let res = canvasser
        .send(upload(canvasser.csrf.clone(), fixture))
        .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "canvassers do not publish surveys"
    );
    assert_eq!(app.store.surveys().await.unwrap().len(), 2);
}

#[tokio::test]
async fn paper_forms_uploaded_as_csv_report_every_bad_row() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut canvasser = app.login(Role::Canvasser).await;
    let s = survey(&mut canvasser).await;
    let id = s["id"].as_i64().unwrap();
    canvasser.get(&format!("/surveys/{id}")).await;
    let csv = format!(
        "top3,trust,contact,unit\nhousing;wages,6,no,\nprices,,no,{}\nwages,4,maybe,\n",
        p.far.id.0
    );
    let send = |csrf: String, skip: bool, body: &str| {
        let boundary = "paper-boundary";
        let mut b = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
        );
        b.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n{}\r\n",
            p.section.id.0
        ));
        if skip {
            b.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"skip_bad\"\r\n\r\n1\r\n"
            ));
        }
        b.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n{body}\r\n--{boundary}--\r\n"));
        axum::http::Request::post(format!("/surveys/{id}/responses"))
            .header(
                axum::http::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(axum::body::Body::from(b))
            .unwrap()
    };
    let res = canvasser
        .send(send(canvasser.csrf.clone(), false, &csv))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body
            .contains("you may not collect responses for this unit"),
        "the far section is out of scope"
    );
    assert!(res.body.contains("<code>contact</code>"), "{}", res.body);
    let sid = enquete_domain::survey::SurveyId(id);
    assert_eq!(
        app.store.count_responses(sid).await.unwrap(),
        0,
        "nothing imported"
    );
    let res = canvasser
        .send(send(canvasser.csrf.clone(), true, &csv))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("id=\"paper-result\""));
    assert_eq!(app.store.count_responses(sid).await.unwrap(), 1);
    let stored = app.store.responses(sid, 10).await.unwrap();
    assert_eq!(
        (stored[0].channel.as_str(), stored[0].unit),
        ("paper", p.section.id)
    );
}

#[tokio::test]
async fn anyone_answers_through_a_public_link_once_per_address() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let s = survey(&mut org).await;
    let id = s["id"].as_i64().unwrap();
    org.get(&format!("/surveys/{id}")).await;
    let res = org
        .post(
            &format!("/surveys/{id}/links"),
            &[
                ("unit", &p.section.id.0.to_string()),
                ("one_per_email", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = org.get(&res.location()).await;
    let start = page.body.find("href=\"/s/").unwrap() + 6;
    let link = page.body[start..start + page.body[start..].find('"').unwrap()].to_owned();

    let mut visitor = app.client();
    let form = visitor.get(&format!("{link}?lang=fr")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("Quels sont pour vous les trois problèmes les plus importants"),
        "in French"
    );
    let answer = |email: &str, website: &str| {
        let mut f = form_urlencoded::Serializer::new(String::new());
        f.append_pair("email", email);
        f.append_pair("website", website);
        f.append_pair("q_top3_1", "medicine");
        f.append_pair("q_top3_2", "housing");
        f.append_pair("q_trust", "2");
        f.append_pair("q_contact", "no");
        f.finish()
    };
    let sid = enquete_domain::survey::SurveyId(id);
    let res = visitor.post_raw(&link, answer("a@example.be", "")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("id=\"thanks\""));
    assert_eq!(app.store.count_responses(sid).await.unwrap(), 1);
    let stored = app.store.responses(sid, 5).await.unwrap();
    assert_eq!(
        (
            stored[0].channel.as_str(),
            stored[0].unit,
            stored[0].collector
        ),
        ("online", p.section.id, None)
    );
    // The same address again: refused, nothing stored.
    let res = visitor.post_raw(&link, answer("A@example.be", "")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("already answered"), "{}", res.body);
    // A robot filling the hidden field is thanked and ignored.
    let res = visitor
        .post_raw(&link, answer("bot@example.be", "http://spam.example"))
        .await;
    assert!(res.body.contains("id=\"thanks\""));
    // A missing required answer is named, and what was typed is shown again.
    let res = visitor
        .post_raw(&link, "email=c%40example.be&q_trust=5".into())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body
            .contains(r#"id="q_top3-error" data-field="q_top3">an answer is required<"#),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("value=\"5\" checked"),
        "the trust answer is kept"
    );
    assert_eq!(app.store.count_responses(sid).await.unwrap(), 1);
    // Unknown links and other sites' forms get nowhere.
    assert_eq!(visitor.get("/s/nope").await.status, StatusCode::NOT_FOUND);
    let req = axum::http::Request::post(&link)
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(axum::http::header::ORIGIN, "https://evil.example")
        .header(axum::http::header::HOST, "enquete.example.org")
        .body(axum::body::Body::from(answer("d@example.be", "")))
        .unwrap();
    assert_eq!(visitor.send(req).await.status, StatusCode::FORBIDDEN);
    // Per address, at most 30 an hour (the ones above count too).
    let mut last = StatusCode::OK;
    for i in 0..30 {
        last = visitor
            .post_raw(&link, answer(&format!("n{i}@example.be"), ""))
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn door_visits_are_stored_once_and_only_by_the_assigned_canvasser() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut canvasser = app.login(Role::Canvasser).await;
    let s = survey(&mut canvasser).await;
    let me = app
        .store
        .user_by_email("canvasser@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let doors: Vec<String> = vec!["Sleepstraat 1".into(), "Sleepstraat 3".into()];
    let sid = enquete_domain::survey::SurveyId(s["id"].as_i64().unwrap());
    let a = app
        .store
        .create_assignment(
            p.section.id,
            sid,
            me,
            "Sleepstraat",
            &doors,
            None,
            crate::support::NOW,
        )
        .await
        .unwrap();
    let got = canvasser
        .api(Method::GET, &format!("/api/v1/assignments/{}", a.id), None)
        .await
        .json();
    let door = got["doors"][0]["id"].as_i64().unwrap();
    // The page sends the response collected at the door before the visit that points at it.
    let sent = canvasser
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": [item(&uuid(3), &s, p.section.id.0)]})),
        )
        .await;
    assert_eq!(statuses(&sent), ["accepted"]);
    let visits = json!({"visits": [
        {"id": uuid(1), "door_id": door, "outcome": "not_home", "visited_at": 1_790_000_000},
        {"id": uuid(2), "door_id": door, "outcome": "answered", "response_id": uuid(3), "visited_at": 1_790_000_100},
        {"id": uuid(4), "door_id": door, "outcome": "dancing", "visited_at": 1_790_000_100},
        {"id": uuid(5), "door_id": 999_999, "outcome": "refused", "visited_at": 1_790_000_100},
    ]});
    let res = canvasser
        .api(Method::POST, "/api/v1/visits:batch", Some(visits.clone()))
        .await;
    assert_eq!(
        statuses(&res),
        ["accepted", "accepted", "rejected", "rejected"],
        "{}",
        res.body
    );
    let res = canvasser
        .api(Method::POST, "/api/v1/visits:batch", Some(visits))
        .await;
    assert_eq!(statuses(&res)[..2], ["duplicate", "duplicate"]);
    let after = canvasser
        .api(Method::GET, &format!("/api/v1/assignments/{}", a.id), None)
        .await
        .json();
    assert_eq!(after["progress"]["answered"], 1);
    assert_eq!(after["doors"][0]["visits"], 2);
    // Another canvasser of the same section may not write on this list.
    let other = enquete_app::accounts::new_account(
        &app.store,
        "other@example.be",
        "Other",
        Role::Canvasser,
        p.section.id,
        enquete_domain::people::Language::En,
        enquete_domain::Timestamp::now_utc(),
    )
    .await
    .unwrap();
    let mut c2 = app.client();
    c2.login(&other.0, &other.1).await;
    c2.post(
        "/account/password",
        &[("current", &other.1), ("new", "another long password")],
    )
    .await;
    c2.get("/account").await;
    let token = c2.api(Method::GET, "/api/v1/session", None).await.json()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    c2.api_csrf = token;
    let res = c2.api(Method::POST, "/api/v1/visits:batch", Some(json!({"visits": [{"id": uuid(9), "door_id": door, "outcome": "refused", "visited_at": 1_790_000_200}]}))).await;
    assert_eq!(
        res.json()["results"][0]["error"]["field"],
        "door_id",
        "{}",
        res.body
    );
    assert_eq!(
        c2.api(Method::GET, &format!("/api/v1/assignments/{}", a.id), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_organizer_writes_a_survey_in_the_designer_and_publishes_versions() {
    let app = TestApp::new().await;
    let mut org = app.login(Role::Organizer).await;
    org.get("/designer").await;
    let res = org
        .post(
            "/designer",
            &[
                ("form_id", "zwembad_2026"),
                ("title_nl", "Het zwembad"),
                ("title_fr", "La piscine"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/designer/zwembad_2026");
    let page = org.get("/designer/zwembad_2026").await;
    assert!(
        page.body.contains("<code>contact</code>"),
        "a new survey starts with the consent question"
    );
    let add = |fields: Vec<(&'static str, &'static str)>| fields;
    let res = org
        .post(
            "/designer/zwembad_2026/questions",
            &add(vec![
                ("kind", "single_choice"),
                ("name", "keep_open"),
                ("label_nl", "Moet het zwembad open blijven?"),
                ("label_en", "Should the pool stay open?"),
                (
                    "choices",
                    "yes | ja | oui | ja | yes\nno | nee | non | nein | no",
                ),
                ("required", "1"),
            ]),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = org
        .post(
            "/designer/zwembad_2026/questions",
            &add(vec![
                ("kind", "text"),
                ("name", "why"),
                ("label_nl", "Waarom?"),
                ("relevant", "${keep_open} = 'yes'"),
                ("max", "500"),
            ]),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // Mistakes are named and change nothing.
    let res = org
        .post(
            "/designer/zwembad_2026/questions",
            &add(vec![
                ("kind", "single_choice"),
                ("name", "bad"),
                ("label_nl", "X"),
                ("choices", ""),
            ]),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("Choices: question bad has no choices"),
        "{}",
        res.body
    );
    let res = org
        .post(
            "/designer/zwembad_2026/questions",
            &add(vec![
                ("kind", "scale"),
                ("name", "Bad Name"),
                ("label_nl", "X"),
            ]),
        )
        .await;
    assert!(
        res.body
            .contains("Name: &#34;Bad Name&#34; is not a valid name"),
        "{}",
        res.body
    );
    // A question others depend on cannot go.
    let res = org
        .post(
            "/designer/zwembad_2026/questions/keep_open/change",
            &[("action", "delete")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("relevant"), "{}", res.body);
    let res = org
        .post(
            "/designer/zwembad_2026/questions/contact/change",
            &[("action", "down")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let draft = app.store.draft("zwembad_2026").await.unwrap().unwrap();
    let order: Vec<&str> = draft.questions.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(order, ["keep_open", "contact", "why"]);
    // Publish: version 1, the draft is gone.
    let res = org.post("/designer/zwembad_2026/publish", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id: i64 = res
        .location()
        .trim_start_matches("/surveys/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let v1 = app
        .store
        .survey(enquete_domain::survey::SurveyId(id))
        .await
        .unwrap();
    assert_eq!((v1.version, v1.definition.questions.len()), (1, 3));
    assert!(app.store.draft("zwembad_2026").await.unwrap().is_none());
    // Change it again: the published version stays as it was, the new one is version 2.
    let res = org.post(&format!("/surveys/{id}/edit"), &[]).await;
    assert_eq!(res.location(), "/designer/zwembad_2026");
    let form = org.get("/designer/zwembad_2026/questions/why").await;
    assert!(form.body.contains("value=\"Waarom?\""));
    org.post(
        "/designer/zwembad_2026/questions",
        &add(vec![
            ("original", "why"),
            ("kind", "text"),
            ("name", "why"),
            ("label_nl", "Waarom precies?"),
            ("relevant", "${keep_open} = 'yes'"),
        ]),
    )
    .await;
    org.post("/designer/zwembad_2026/publish", &[]).await;
    let v2 = app
        .store
        .survey(enquete_domain::survey::SurveyId(id))
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(
        v2.definition
            .question("why")
            .unwrap()
            .label
            .get(enquete_domain::people::Language::Nl),
        "Waarom precies?"
    );
    assert_eq!(
        app.store
            .survey_version(enquete_domain::survey::SurveyId(id), 1)
            .await
            .unwrap()
            .definition,
        v1.definition
    );
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get("/designer").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_national_enquete_is_changed_at_the_national_level_only() {
    let app = TestApp::new().await;
    let national = app
        .store
        .surveys()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.definition.form_id == "enquete_2026")
        .unwrap();
    let mut org = app.login(Role::Organizer).await;
    org.get("/surveys").await;
    assert_eq!(
        org.post(&format!("/surveys/{}/edit", national.id), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut changed = serde_json::to_value(&national.definition).unwrap();
    changed["questions"][0]["required"] = json!(false);
    assert_eq!(
        org.api(Method::POST, "/api/v1/surveys", Some(changed.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut admin = app.login(Role::NationalAdmin).await;
    assert_eq!(
        admin
            .api(Method::POST, "/api/v1/surveys", Some(changed))
            .await
            .status,
        StatusCode::CREATED
    );
    // A visit cannot point at a response its canvasser did not collect.
    let p = app.places().await;
    let me = app
        .store
        .user_by_email("canvasser@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let a = app
        .store
        .create_assignment(
            p.section.id,
            national.id,
            me,
            "X",
            &["Kerkstraat 1".to_owned()],
            None,
            crate::support::NOW,
        )
        .await
        .unwrap();
    let door = app.store.doors(a.id).await.unwrap()[0].id;
    let mut c = app.login(Role::Canvasser).await;
    let res = c
        .api(Method::POST, "/api/v1/visits:batch", Some(json!({"visits": [{"id": uuid(1), "door_id": door, "outcome": "answered", "response_id": uuid(77), "visited_at": 1_790_000_000}]})))
        .await;
    assert_eq!(
        res.json()["results"][0]["error"]["field"],
        "response_id",
        "{}",
        res.body
    );
}

#[tokio::test]
async fn results_roll_up_and_small_counts_stay_hidden_from_analysts() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut canvasser = app.login(Role::Canvasser).await;
    let s = survey(&mut canvasser).await;
    let id = s["id"].as_i64().unwrap();
    let mut batch: Vec<serde_json::Value> =
        (0..6).map(|i| item(&uuid(i), &s, p.section.id.0)).collect();
    batch[5]["answers"]["top3"] = json!(["medicine"]);
    let res = canvasser
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": batch})),
        )
        .await;
    assert!(statuses(&res).iter().all(|s| s == "accepted"));
    let mut admin = app.login(Role::NationalAdmin).await;
    let section = admin
        .api(
            Method::GET,
            &format!("/api/v1/surveys/{id}/results?unit_id={}", p.section.id.0),
            None,
        )
        .await
        .json();
    let city = admin
        .api(
            Method::GET,
            &format!("/api/v1/surveys/{id}/results?unit_id={}", p.city.id.0),
            None,
        )
        .await
        .json();
    let nation = admin
        .api(Method::GET, &format!("/api/v1/surveys/{id}/results"), None)
        .await
        .json();
    assert_eq!(
        (
            section["responses"].clone(),
            city["responses"].clone(),
            nation["responses"].clone()
        ),
        (json!(6), json!(6), json!(6))
    );
    let option = |r: &serde_json::Value, code: &str| {
        r["questions"][0]["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(option(&nation, "housing")["count"], 5);
    assert_eq!(option(&nation, "housing")["first"], 5);
    let borda = option(&nation, "wages")["borda"].as_f64().unwrap();
    assert!(
        (borda - 5.0 * 2.0 / 6.0).abs() < 1e-9,
        "second place of 3 scores 2, averaged over the 6 who answered: {borda}"
    );
    assert_eq!(option(&nation, "medicine")["count"], 1);
    let trust = &nation["questions"][1];
    assert_eq!(trust["mean"], 4.0);
    // An analyst sees the 5 but not the 1.
    let mut analyst = app.login(Role::Analyst).await;
    let seen = analyst
        .api(Method::GET, &format!("/api/v1/surveys/{id}/results"), None)
        .await
        .json();
    assert_eq!(option(&seen, "housing")["count"], 5);
    assert!(option(&seen, "medicine")["count"].is_null());
    let page = analyst.get(&format!("/surveys/{id}/results")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("×") && page.body.contains("<svg"));
    assert_eq!(
        canvasser
            .get(&format!("/surveys/{id}/results"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// Security (issue 13): a public respondent's free text starting with `=` reaches the survey
/// export as text, never as a live formula.
#[tokio::test]
async fn a_formula_typed_by_the_public_is_inert_in_the_export() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let s = survey(&mut org).await;
    let id = s["id"].as_i64().unwrap();
    org.get(&format!("/surveys/{id}")).await;
    let res = org
        .post(
            &format!("/surveys/{id}/links"),
            &[("unit", &p.section.id.0.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = org.get(&res.location()).await;
    let start = page.body.find("href=\"/s/").unwrap() + 6;
    let link = page.body[start..start + page.body[start..].find('"').unwrap()].to_owned();
    let mut visitor = app.client();
    visitor.get(&link).await;
    let mut f = form_urlencoded::Serializer::new(String::new());
    f.append_pair("q_top3_1", "medicine");
    f.append_pair("q_trust", "2");
    f.append_pair("q_contact", "no");
    f.append_pair("q_change", "=HYPERLINK(\"https://evil.example\",\"click\")");
    let res = visitor.post_raw(&link, f.finish()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("id=\"thanks\""), "{}", res.body);
    let mut admin = app.login(Role::NationalAdmin).await;
    let export = admin.get(&format!("/surveys/{id}/export.csv")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.body.contains("HYPERLINK"), "{}", export.body);
    for line in export.body.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with("=HYPERLINK("),
                "live formula: {}",
                export.body
            );
        }
    }
    assert!(
        export.body.contains("'=HYPERLINK("),
        "made inert with an apostrophe: {}",
        export.body
    );
}

/// Logs in a second organizer, of the city holding `far` (outside the demo organizer's city).
async fn other_city_organizer(app: &TestApp, p: &crate::support::Places) -> crate::support::Client {
    let city = app.store.unit(p.far.parent.unwrap()).await.unwrap();
    assert!(!city.path.is_within(&p.city.path) && !p.city.path.is_within(&city.path));
    let (email, password) = enquete_app::accounts::new_account(
        &app.store,
        "organizer-b@example.be",
        "Organizer B",
        Role::Organizer,
        city.id,
        enquete_domain::people::Language::En,
        enquete_domain::Timestamp::now_utc(),
    )
    .await
    .unwrap();
    let mut c = app.client();
    c.login(&email, &password).await;
    c.post(
        "/account/password",
        &[("current", &password), ("new", "another long password")],
    )
    .await;
    c.get("/designer").await;
    c
}

#[tokio::test]
async fn a_draft_belongs_to_the_unit_that_started_it() {
    // Security issue 13, finding 6: a draft was anyone's to take over.
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut a = app.login(Role::Organizer).await;
    a.get("/designer").await;
    let res = a
        .post(
            "/designer",
            &[("form_id", "buurt_a"), ("title_nl", "Buurt A")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mut b = other_city_organizer(&app, &p).await;
    let question = [
        ("kind", "scale"),
        ("name", "taken"),
        ("label_nl", "Overgenomen?"),
        ("original", ""),
    ];
    for (what, status) in [
        ("open", b.get("/designer/buurt_a").await.status),
        (
            "edit a question",
            b.get("/designer/buurt_a/questions/contact").await.status,
        ),
        (
            "add a question",
            b.post("/designer/buurt_a/questions", &question)
                .await
                .status,
        ),
        (
            "move a question",
            b.post(
                "/designer/buurt_a/questions/contact/change",
                &[("action", "delete")],
            )
            .await
            .status,
        ),
        (
            "publish",
            b.post("/designer/buurt_a/publish", &[]).await.status,
        ),
        (
            "start it again",
            b.post("/designer", &[("form_id", "buurt_a")]).await.status,
        ),
    ] {
        assert!(
            status == StatusCode::FORBIDDEN
                || (what == "start it again" && status == StatusCode::UNPROCESSABLE_ENTITY),
            "organizer B may not {what} A's draft: {status}"
        );
    }
    assert!(!b.get("/designer").await.body.contains("buurt_a"));
    assert!(a.get("/designer").await.body.contains("buurt_a"));
    let draft = app.store.draft("buurt_a").await.unwrap().unwrap();
    assert_eq!(draft.questions.len(), 1, "B changed nothing");
    // A draft saved before drafts had owners belongs to the root unit: national admins only.
    let mut old = draft.clone();
    old.form_id = "oud_ontwerp".into();
    app.store
        .save_draft(&old, None, None, crate::support::NOW)
        .await
        .unwrap();
    assert_eq!(
        a.get("/designer/oud_ontwerp").await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        app.store
            .surveys()
            .await
            .unwrap()
            .iter()
            .all(|s| s.definition.form_id != "buurt_a")
    );
    // A national admin may, A still does.
    let mut admin = app.login(Role::NationalAdmin).await;
    assert_eq!(admin.get("/designer/buurt_a").await.status, StatusCode::OK);
    assert_eq!(
        admin.get("/designer/oud_ontwerp").await.status,
        StatusCode::OK
    );
    let res = a.post("/designer/buurt_a/publish", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let published = app.store.survey_owner("buurt_a").await.unwrap();
    assert_eq!(published, Some(Some(p.city.id)));
}

/// Security (issue 13, finding 8): an account that may not publish surveys is refused before
/// the upload is read: a file that is no workbook, or a body cut short, is a 403 all the same.
#[tokio::test]
async fn an_xlsform_upload_without_publishing_rights_is_refused_before_it_is_read() {
    let app = TestApp::new().await;
    let upload = |ctype: String, body: Vec<u8>| {
        axum::http::Request::post("/surveys/import")
            .header(axum::http::header::CONTENT_TYPE, ctype)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    for role in [Role::Canvasser, Role::Analyst, Role::Steward] {
        let mut c = app.login(role).await;
        c.get("/surveys").await;
        let (ctype, body) = multipart(&c.csrf, b"PK\x03\x04 not a workbook at all");
        let res = c.send(upload(ctype.clone(), body.clone())).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{role:?}: {}", res.body);
        let cut = body[..body.len() - 20].to_vec();
        let res = c.send(upload(ctype, cut)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{role:?}: {}", res.body);
    }
    // An organizer's upload is read: the same file is refused, naming the file.
    let mut org = app.login(Role::Organizer).await;
    org.get("/surveys").await;
    let (ctype, body) = multipart(&org.csrf, b"PK\x03\x04 not a workbook at all");
    let res = org.send(upload(ctype, body)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(app.store.surveys().await.unwrap().len(), 1);
}

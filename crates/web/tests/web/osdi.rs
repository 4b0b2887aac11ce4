//! The OSDI 1.1 API: answers shaped like the specification's own examples (field names and link
//! relations, crates/web/tests/fixtures/osdi), tokens scoped to a unit with read or write
//! rights, people shown only while they agree to be contacted, the three helpers, and a small
//! client script (docs/osdi/sync_people.py) run against a real server.

use crate::support::{Client, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use enquete_domain::account::Role;
use enquete_domain::org::UnitId;
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonId, PersonInput};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/osdi/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Every field and link relation of `ours` is one the specification's example of the same
/// resource uses (or one its field table lists: `extra`), nested objects alike.
fn shaped_like(ours: &Value, spec: &Value, extra: &[&str], what: &str) {
    let spec_keys = keys(spec);
    for k in keys(ours) {
        assert!(
            spec_keys.contains(&k) || extra.contains(&k.as_str()) || k == "curies",
            "{what}: {k} is not a field of the specification's example ({spec_keys:?})"
        );
        match (&ours[&k], &spec[&k]) {
            (Value::Object(_), Value::Object(_)) if k != "custom_fields" && k != "_embedded" => {
                shaped_like(&ours[&k], &spec[&k], &[], &format!("{what}.{k}"));
            }
            (Value::Array(a), Value::Array(b))
                if a.first().is_some_and(Value::is_object)
                    && b.first().is_some_and(Value::is_object) =>
            {
                shaped_like(&a[0], &b[0], &[], &format!("{what}.{k}[0]"));
            }
            _ => {}
        }
    }
}

/// An OSDI call with a token (or none).
pub(crate) async fn osdi(
    client: &mut Client,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header("OSDI-API-Token", t);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let res = client.send(req).await;
    let kind = res
        .headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let json = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status, json, kind)
}

/// Makes a token through the page; returns the token shown once.
pub(crate) async fn make_token(
    client: &mut Client,
    unit: UnitId,
    name: &str,
    rights: &str,
) -> String {
    client.get("/integrations").await;
    let r = client
        .post(
            "/integrations",
            &[
                ("unit", &unit.0.to_string()),
                ("name", name),
                ("rights", rights),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .split("<code id=\"token-value\">")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_owned()
}

/// A new neighbourhood section with nobody in it yet.
pub(crate) async fn fresh_section(app: &TestApp, parent: UnitId, name: &str) -> UnitId {
    app.store
        .create_unit(
            Some(parent),
            enquete_domain::org::UnitKind::Neighbourhood,
            &enquete_domain::org::UnitName::parse(name).unwrap(),
            crate::support::NOW,
        )
        .await
        .unwrap()
        .id
}

/// A person with an e-mail address, and a yes or no (or nothing) about being contacted.
pub(crate) async fn person(
    app: &TestApp,
    unit: UnitId,
    name: &str,
    email: &str,
    contact: &[bool],
) -> PersonId {
    let input = PersonInput {
        name: name.into(),
        email: email.into(),
        tags: "volunteer".into(),
        ..Default::default()
    };
    let id = app
        .store
        .create_person(
            unit,
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
    for (i, granted) in contact.iter().enumerate() {
        app.store
            .record_consent(
                id,
                &NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: *granted,
                    source: ConsentSource::parse("test").unwrap(),
                },
                None,
                enquete_domain::Timestamp(crate::support::NOW.0 + i as i64),
                None,
            )
            .await
            .unwrap();
    }
    id
}

#[tokio::test]
async fn osdi_answers_as_the_specification_shows_within_the_tokens_unit() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let home = fresh_section(&app, p.city.id, "OSDI Noord").await;
    let ann = person(&app, home, "Ann Peeters", "ann@example.org", &[true]).await;
    let bob = person(
        &app,
        home,
        "Bob Janssens",
        "bob@example.org",
        &[true, false],
    )
    .await;
    let carl = person(&app, home, "Carl Maes", "carl@example.org", &[]).await;
    let fiona = person(&app, p.far.id, "Fiona Far", "fiona@example.org", &[true]).await;
    let mut organizer = app.login(Role::Organizer).await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let read = make_token(&mut organizer, home, "Newsletter tool", "read").await;
    let write = make_token(&mut organizer, home, "Signup forms", "write").await;
    let far = make_token(&mut admin, p.far.id, "Far tool", "read").await;
    // An organizer cannot make a token for another city.
    organizer.get("/integrations").await;
    let r = organizer
        .post(
            "/integrations",
            &[
                ("unit", &p.far.id.0.to_string()),
                ("name", "x"),
                ("rights", "read"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut c = app.client();

    // The entry point, like the specification's.
    let (status, entry, kind) = osdi(&mut c, Some(&read), "GET", "/api/osdi/v1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/hal+json"), "{kind}");
    shaped_like(&entry, &fixture("aep"), &[], "entry point");
    assert_eq!(entry["osdi_version"], "1.1");
    for rel in [
        "osdi:people",
        "osdi:tags",
        "osdi:events",
        "osdi:petitions",
        "osdi:questions",
        "osdi:person_signup_helper",
    ] {
        assert!(entry["_links"][rel]["href"].is_string(), "{rel}");
    }
    // No token, a wrong one: 401.
    for t in [None, Some("not-a-token-at-all-0123456789")] {
        assert_eq!(
            osdi(&mut c, t, "GET", "/api/osdi/v1/people", None).await.0,
            StatusCode::UNAUTHORIZED
        );
    }

    // People: only those of the city who agreed to be contacted (not Bob, who withdrew, nor
    // Carl, never asked, nor Fiona, elsewhere).
    let (status, list, _) = osdi(&mut c, Some(&read), "GET", "/api/osdi/v1/people", None).await;
    assert_eq!(status, StatusCode::OK);
    shaped_like(&list, &fixture("people_collection"), &["prev"], "people");
    let people = list["_embedded"]["osdi:people"].as_array().unwrap();
    let emails: Vec<&str> = people
        .iter()
        .filter_map(|p| p["email_addresses"][0]["address"].as_str())
        .collect();
    assert_eq!(emails, ["ann@example.org"]);
    assert_eq!(list["total_records"], 1);
    let one = &people[0];
    shaped_like(one, &fixture("person"), &[], "person");
    assert_eq!(
        (one["given_name"].as_str(), one["family_name"].as_str()),
        (Some("Ann"), Some("Peeters"))
    );
    assert_eq!(one["custom_fields"]["stage"], "contact");
    assert_eq!(list["_links"]["osdi:people"][0], one["_links"]["self"]);
    for hidden in [bob, carl, fiona] {
        let path = format!("/api/osdi/v1/people/{}", hidden.0);
        assert_eq!(
            osdi(&mut c, Some(&read), "GET", &path, None).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The far section's token sees Fiona, never the city's people.
    let (_, far_list, _) = osdi(
        &mut c,
        Some(&far),
        "GET",
        "/api/osdi/v1/people?filter=email%20eq%20%27fiona%40example.org%27",
        None,
    )
    .await;
    assert_eq!(far_list["total_records"], 1);
    let ann_path = format!("/api/osdi/v1/people/{}", ann.0);
    assert_eq!(
        osdi(&mut c, Some(&far), "GET", &ann_path, None).await.0,
        StatusCode::NOT_FOUND
    );

    // Filters: the OData subset.
    let q = |f: &str| {
        format!(
            "/api/osdi/v1/people?filter={}",
            form_urlencoded::byte_serialize(f.as_bytes()).collect::<String>()
        )
    };
    let (_, by_email, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        &q("email eq 'ann@example.org'"),
        None,
    )
    .await;
    assert_eq!(by_email["total_records"], 1);
    let (_, later, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        &q("modified_date gt '2099-01-01'"),
        None,
    )
    .await;
    assert_eq!(later["total_records"], 0);
    let (_, earlier, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        &q("modified_date gt '2020-01-01T00:00:00Z' and email eq 'ann@example.org'"),
        None,
    )
    .await;
    assert_eq!(earlier["total_records"], 1);
    let (status, bad, _) = osdi(&mut c, Some(&read), "GET", &q("name like 'x'"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["field"], "filter", "{bad}");
    let (status, _, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        "/api/osdi/v1/people?per_page=0",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A read token cannot write.
    let signup = fixture("person_signup_request");
    assert_eq!(
        osdi(
            &mut c,
            Some(&read),
            "POST",
            "/api/osdi/v1/people/person_signup",
            Some(signup.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // The specification's own example, sent as it is: the person is added to the city, but it
    // says nothing of consent, so the integration gets back only the new id and never sees them.
    let (status, added, _) = osdi(
        &mut c,
        Some(&write),
        "POST",
        "/api/osdi/v1/people/person_signup_helper",
        Some(signup),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert!(added["_links"]["self"]["href"].is_string());
    assert!(added.get("email_addresses").is_none(), "{added}");
    assert_eq!(
        osdi(&mut c, Some(&read), "GET", "/api/osdi/v1/people", None)
            .await
            .1["total_records"],
        1
    );
    // Subscribed: shown, with the tags added.
    let (status, dana, _) = osdi(
        &mut c,
        Some(&write),
        "POST",
        "/api/osdi/v1/people/person_signup",
        Some(json!({
            "person": {"given_name": "Dana", "family_name": "Claes",
                       "email_addresses": [{"address": "dana@example.org", "primary": true, "status": "subscribed"}]},
            "add_tags": ["volunteer", "tenant"]
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{dana}");
    shaped_like(&dana, &fixture("person"), &[], "signed up person");
    assert_eq!(dana["email_addresses"][0]["address"], "dana@example.org");
    // Bad input is named by field.
    let (status, bad, _) = osdi(
        &mut c,
        Some(&write),
        "POST",
        "/api/osdi/v1/people/person_signup",
        Some(json!({"person": {"email_addresses": [{"address": "not an address", "status": "subscribed"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["field"], "person_email_addresses", "{bad}");
    let (status, bad, _) = osdi(
        &mut c,
        Some(&write),
        "POST",
        "/api/osdi/v1/people/person_signup",
        Some(json!({"person": {"given_name": 7}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");

    // Tags and taggings.
    let (_, tags, _) = osdi(&mut c, Some(&read), "GET", "/api/osdi/v1/tags", None).await;
    let names: Vec<&str> = tags["_embedded"]["osdi:tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["tenant", "volunteer"]);
    shaped_like(
        &tags["_embedded"]["osdi:tags"][0],
        &fixture("tag"),
        &[],
        "tag",
    );
    let (_, taggings, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        "/api/osdi/v1/tags/volunteer/taggings",
        None,
    )
    .await;
    assert_eq!(taggings["total_records"], 2, "Ann and Dana");
    shaped_like(
        &taggings["_embedded"]["osdi:taggings"][0],
        &fixture("tagging"),
        &[],
        "tagging",
    );

    // Events and the Record Attendance Helper.
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Tenants' assembly",
        "",
        "Vooruit",
        "2026-12-12T19:30",
        "100",
    )
    .unwrap();
    let action = app
        .store
        .create_action(home, None, &draft, "osdi-action", None, crate::support::NOW)
        .await
        .unwrap()
        .id
        .0;
    let far_draft = enquete_domain::campaign::ActionDraft::parse(
        "Far meeting",
        "",
        "Far",
        "2026-12-12T19:30",
        "",
    )
    .unwrap();
    let far_action = app
        .store
        .create_action(
            p.far.id,
            None,
            &far_draft,
            "osdi-far",
            None,
            crate::support::NOW,
        )
        .await
        .unwrap()
        .id
        .0;
    let (_, events, _) = osdi(&mut c, Some(&read), "GET", "/api/osdi/v1/events", None).await;
    let titles: Vec<&str> = events["_embedded"]["osdi:events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Tenants' assembly"]);
    shaped_like(
        &events["_embedded"]["osdi:events"][0],
        &fixture("event"),
        &["capacity"],
        "event",
    );
    assert_eq!(
        osdi(
            &mut c,
            Some(&read),
            "GET",
            &format!("/api/osdi/v1/events/{far_action}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let helper = format!("/api/osdi/v1/events/{action}/record_attendance_helper");
    assert_eq!(
        osdi(
            &mut c,
            Some(&read),
            "POST",
            &helper,
            Some(fixture("record_attendance_request"))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let mut attending = fixture("record_attendance_request");
    attending["person"]["email_addresses"][0]["status"] = json!("subscribed");
    let (status, attendance, _) =
        osdi(&mut c, Some(&write), "POST", &helper, Some(attending)).await;
    assert_eq!(status, StatusCode::OK, "{attendance}");
    shaped_like(
        &attendance,
        &fixture("record_attendance_response"),
        &["status"],
        "recorded attendance",
    );
    let (_, list, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        &format!("/api/osdi/v1/events/{action}/attendances"),
        None,
    )
    .await;
    assert_eq!(list["total_records"], 1);
    shaped_like(
        &list["_embedded"]["osdi:attendances"][0],
        &fixture("attendance"),
        &[],
        "attendance",
    );
    assert_eq!(
        list["_embedded"]["osdi:attendances"][0]["status"],
        "accepted"
    );

    // Petitions and the Record Signature Helper.
    let petition = enquete_domain::campaign::PetitionDraft::parse_with(
        &[("en", "Freeze the rents")],
        &[("en", "Now.")],
        &[("en", "the city council")],
        "100",
    )
    .unwrap();
    let petition = app
        .store
        .create_petition(
            home,
            None,
            &petition,
            "osdi-petition",
            None,
            crate::support::NOW,
        )
        .await
        .unwrap()
        .id
        .0;
    let (_, petitions, _) = osdi(&mut c, Some(&read), "GET", "/api/osdi/v1/petitions", None).await;
    assert_eq!(petitions["total_records"], 1);
    shaped_like(
        &petitions["_embedded"]["osdi:petitions"][0],
        &fixture("petition"),
        &[],
        "petition",
    );
    let mut signing = fixture("record_signature_request");
    signing["person"]["email_addresses"][0]["address"] = json!("erik@example.org");
    signing["person"]["email_addresses"][0]["status"] = json!("subscribed");
    let helper = format!("/api/osdi/v1/petitions/{petition}/record_signature_helper");
    let (status, signed, _) = osdi(&mut c, Some(&write), "POST", &helper, Some(signing)).await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    shaped_like(
        &signed,
        &fixture("record_signature_response"),
        &["total_signatures"],
        "recorded signature",
    );
    assert_eq!(signed["total_signatures"], 1);
    let (_, sigs, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        &format!("/api/osdi/v1/petitions/{petition}/signatures"),
        None,
    )
    .await;
    assert_eq!(sigs["total_records"], 1);
    shaped_like(
        &sigs["_embedded"]["osdi:signatures"][0],
        &fixture("signature"),
        &[],
        "signature",
    );

    // Questions: the enquête's choice questions.
    let (_, questions, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        "/api/osdi/v1/questions?per_page=100",
        None,
    )
    .await;
    let top3 = questions["_embedded"]["osdi:questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "top3")
        .unwrap()
        .clone();
    shaped_like(&top3, &fixture("question"), &[], "question");
    assert_eq!(top3["responses"].as_array().unwrap().len(), 12);
    let (status, one, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        top3["_links"]["self"]["href"]
            .as_str()
            .unwrap()
            .trim_start_matches("http://localhost:8080"),
        None,
    )
    .await;
    assert_eq!((status, &one["name"]), (StatusCode::OK, &json!("top3")));

    // Answers: only of people who agreed to be contacted and to have their answers linked.
    let survey = app.store.surveys().await.unwrap()[0].id;
    let respond = |n: u8, link: bool| {
        let store = app.store.clone();
        async move {
            let answers: enquete_domain::survey::Answers =
                serde_json::from_str(r#"{"top3": ["housing", "wages"], "contact": "yes"}"#)
                    .unwrap();
            let contact = enquete_store::NewContact {
                details: PersonInput {
                    name: format!("Respondent {n}"),
                    email: format!("respondent{n}@example.org"),
                    ..Default::default()
                }
                .parse()
                .unwrap(),
                consent: NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: true,
                    source: ConsentSource::parse("door").unwrap(),
                },
            };
            store
                .ingest_responses(
                    &[enquete_store::NewResponse {
                        id: format!("0190d000-0000-7000-9000-0000000000{n:02x}"),
                        survey,
                        version: 1,
                        unit: home,
                        channel: enquete_domain::survey::Channel::Door,
                        collector: None,
                        collected_at: crate::support::NOW,
                        answers,
                        contact: Some(contact),
                        origin: "test".into(),
                    }],
                    crate::support::NOW,
                )
                .await
                .unwrap();
            let id = store
                .person_with_email_below(
                    &format!("respondent{n}@example.org"),
                    &store.root_unit().await.unwrap().unwrap().path,
                )
                .await
                .unwrap()
                .unwrap();
            store
                .record_consent(
                    id,
                    &NewConsent {
                        purpose: ConsentPurpose::SurveyLink,
                        granted: link,
                        source: ConsentSource::parse("door").unwrap(),
                    },
                    None,
                    crate::support::NOW,
                    None,
                )
                .await
                .unwrap();
            id
        }
    };
    let linked = respond(1, true).await;
    respond(2, false).await;
    let answers_path = format!("/api/osdi/v1/questions/{}-top3/answers", survey.0);
    let (status, answers, _) = osdi(&mut c, Some(&read), "GET", &answers_path, None).await;
    assert_eq!(status, StatusCode::OK, "{answers}");
    assert_eq!(answers["total_records"], 1, "{answers}");
    let answer = &answers["_embedded"]["osdi:answers"][0];
    assert_eq!(answer["responses"], json!(["housing", "wages"]));
    assert!(
        answer["_links"]["osdi:person"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/people/{}", linked.0))
    );
    let (_, far_answers, _) = osdi(&mut c, Some(&far), "GET", &answers_path, None).await;
    assert_eq!(far_answers["total_records"], 0);

    // Paging: one per page, with next and prev.
    let (_, first, _) = osdi(
        &mut c,
        Some(&read),
        "GET",
        "/api/osdi/v1/people?per_page=1",
        None,
    )
    .await;
    assert_eq!(
        (first["total_pages"].as_i64(), first["page"].as_i64()),
        (Some(first["total_records"].as_i64().unwrap()), Some(1))
    );
    let next = first["_links"]["next"]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://localhost:8080")
        .to_owned();
    let (_, second, _) = osdi(&mut c, Some(&read), "GET", &next, None).await;
    assert_eq!(second["page"], 2);
    assert!(second["_links"]["prev"]["href"].is_string());
    assert_ne!(
        first["_embedded"]["osdi:people"][0]["identifiers"],
        second["_embedded"]["osdi:people"][0]["identifiers"]
    );

    // A revoked token opens nothing.
    let id = app
        .store
        .api_tokens_below(&p.nation.path)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Newsletter tool")
        .unwrap()
        .id
        .0;
    organizer.get("/integrations").await;
    assert_eq!(
        organizer
            .post(&format!("/integrations/{id}/revoke"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        osdi(&mut c, Some(&read), "GET", "/api/osdi/v1", None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

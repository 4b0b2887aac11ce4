//! Texts through an HTTP gateway (a small server in the test that records what it is sent):
//! the length and parts are shown before sending, each person with a phone and consent gets one
//! text in their language with the line on how to stop, the gateway's delivery report is
//! recorded, and an answer STOP (in German here) stops the next mailing.

use crate::support::{NOW, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use enquete_app::mail::{MailConfig, Transport};
use enquete_app::mailings::sms::Gateway;
use enquete_domain::account::Role;
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonInput};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A gateway that answers 200 and keeps every request body.
async fn gateway() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let keep = seen.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |body: String| {
            let keep = keep.clone();
            async move {
                keep.lock().unwrap().push(body);
                "queued"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, seen)
}

const SECRET: &str = "gateway-secret-0123456789";

#[tokio::test]
async fn a_text_reaches_each_consenting_phone_once_and_stop_stops() {
    let (url, seen) = gateway().await;
    let app = TestApp::new().await;
    let p = app.places().await;
    let unit = p.section.id;
    let people = [
        ("Anna Tekst", "0475 10 10 10", "nl", true),
        ("Brice Texte", "0475 20 20 20", "fr", true),
        ("Carl Text", "+32 475 30 30 30", "de", true),
        ("Dirk Stil", "0475 40 40 40", "nl", false),
        ("Eva Zonder", "", "nl", true),
    ];
    for (name, phone, lang, consent) in people {
        let input = PersonInput {
            name: name.into(),
            phone: phone.into(),
            tags: "textest".into(),
            languages: lang.into(),
            ..Default::default()
        };
        let consents: Vec<NewConsent> = if consent {
            vec![NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: ConsentSource::parse("door").unwrap(),
            }]
        } else {
            Vec::new()
        };
        app.store
            .create_person(unit, &input.parse().unwrap(), &consents, None, NOW, None)
            .await
            .unwrap();
    }
    let mut organizer = app.login(Role::Organizer).await;
    let section = unit.0.to_string();
    let saved = organizer
        .post(
            "/audiences",
            &[
                ("unit", section.as_str()),
                ("name", "Texts"),
                ("tag", "textest"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let segment = app.store.segments_below(&p.section.path).await.unwrap()[0]
        .id
        .0
        .to_string();
    let form = |name: &'static str| {
        vec![
            ("audience", segment.clone()),
            ("channel", "sms".to_owned()),
            ("name", name.to_owned()),
            (
                "body_nl",
                "Dag {{first_name}}, de bus vertrekt om 9 uur.".to_owned(),
            ),
            (
                "body_fr",
                "Bonjour {{first_name}}, le bus part à 9 heures.".to_owned(),
            ),
            (
                "body_en",
                "Hello {{first_name}}, the bus leaves at 9.".to_owned(),
            ),
            ("fallback", "en".to_owned()),
        ]
    };
    let fields = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let post = |f: Vec<(&'static str, String)>| f;
    let first = post(fields(&form("Bus")));
    let refs: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let made = organizer.post("/mailings", &refs).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = made.location();
    let shown = organizer.get(&page).await;
    // Five match; three have a phone and consent.
    assert!(shown.body.contains("5 people match: 3 reached; left out 1 without an address, 0 whose mail came back and 1 without consent."), "{}", shown.body);
    assert!(shown.body.contains("id=\"sms-length\""), "{}", shown.body);
    assert!(shown.body.contains("About 3 SMS in all"), "{}", shown.body);
    assert_eq!(
        organizer
            .post(&format!("{page}/schedule"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let config = MailConfig {
        public_url: "http://enquete.test".into(),
        sms: Some(Gateway {
            url,
            body: r#"{"to":"{to}","text":"{text}","reference":"{id}"}"#.into(),
            content_type: "application/json".into(),
            header: Some(("Authorization".into(), "Bearer test".into())),
        }),
        ..MailConfig::default()
    };
    let one = enquete_app::App::new(app.store.clone());
    let sent = enquete_app::mailings::send::run_once(
        &one,
        &Transport::Unset,
        &config,
        &BTreeMap::new(),
        10,
    )
    .await
    .unwrap();
    assert_eq!((sent.sent, sent.failed), (3, 0));
    let requests: Vec<serde_json::Value> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(requests.len(), 3);
    let by_number: BTreeMap<String, serde_json::Value> = requests
        .into_iter()
        .map(|r| (r["to"].as_str().unwrap().to_owned(), r))
        .collect();
    let anna = &by_number["+32475101010"]["text"];
    assert_eq!(
        anna.as_str().unwrap(),
        "Dag Anna, de bus vertrekt om 9 uur.\nAntwoord STOP om geen sms meer te krijgen."
    );
    assert!(
        by_number["+32475202020"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Bonjour Brice, le bus part à 9 heures.")
    );
    // No German version: the English one, with its stop line.
    let carl = &by_number["+32475303030"];
    assert!(
        carl["text"]
            .as_str()
            .unwrap()
            .ends_with("Reply STOP to receive no more texts.")
    );

    // The gateway's reports, at the secret address only.
    let gateway_side = app.with_config(enquete_web::WebConfig {
        sms_webhook_secret: Some(SECRET.into()),
        ..enquete_web::WebConfig::default()
    });
    let report = |path: String, json: String| {
        let mut client = gateway_side.clone();
        async move {
            client
                .send(
                    Request::post(path)
                        .header("content-type", "application/json")
                        .body(Body::from(json))
                        .unwrap(),
                )
                .await
        }
    };
    let reference = carl["reference"].as_str().unwrap().to_owned();
    let wrong = report(
        "/sms/receipt/not-the-secret".into(),
        format!(r#"{{"reference":"{reference}","status":"delivered"}}"#),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let delivered = report(
        format!("/sms/receipt/{SECRET}"),
        format!(r#"{{"reference":"{reference}","status":"DELIVRD"}}"#),
    )
    .await;
    assert_eq!(delivered.status, StatusCode::OK, "{}", delivered.body);
    // Carl answers in German.
    let stop = report(
        format!("/sms/inbound/{SECRET}"),
        r#"{"from":"+32475303030","text":"Stopp"}"#.into(),
    )
    .await;
    assert_eq!(stop.status, StatusCode::OK, "{}", stop.body);
    let mailing: i64 = page.trim_start_matches("/mailings/").parse().unwrap();
    let tally = app
        .store
        .mailing_tally(enquete_store::MailingId(mailing))
        .await
        .unwrap();
    assert_eq!((tally.sent, tally.delivered, tally.unsubscribed), (3, 1, 1));

    // The next text leaves Carl out.
    let second = form("Bus 2");
    let refs: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let next = organizer.post("/mailings", &refs).await;
    let next_page = next.location();
    let shown = organizer.get(&next_page).await;
    assert!(
        shown.body.contains("5 people match: 2 reached"),
        "{}",
        shown.body
    );
}

//! Webhooks against a real HTTP receiver in the test: an organizer adds one for their section;
//! a person added and their stage change reach it once each (two servers at once), signed with
//! the webhook's secret; a person without consent goes without name or address; a receiver that
//! keeps failing is tried again, then paused, and resumes.

use crate::support::{NOW, TestApp};
use axum::http::{HeaderMap, StatusCode};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonInput, Stage,
};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

type Seen = Arc<Mutex<Vec<(String, String, String, i64)>>>;

/// A receiver answering with `status`, keeping (event, signature, body) of each request.
async fn receiver(status: Arc<AtomicU16>) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let keep = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let keep = keep.clone();
            let status = status.clone();
            async move {
                let h = |n: &str| {
                    headers
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned()
                };
                let at = h("x-enquete-timestamp").parse().unwrap_or(0);
                keep.lock().unwrap().push((
                    h("x-enquete-event"),
                    h("x-enquete-signature"),
                    body,
                    at,
                ));
                StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hook",
        listener.local_addr().unwrap().port()
    );
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, seen)
}

#[tokio::test]
async fn a_webhook_is_told_once_signed_and_paused_when_it_keeps_failing() {
    let status = Arc::new(AtomicU16::new(200));
    let (url, seen) = receiver(status.clone()).await;
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut organizer = app.login(Role::Organizer).await;
    let section = p.section.id.0.to_string();
    // Bad input named.
    let bad = organizer
        .post(
            "/webhooks",
            &[
                ("unit", section.as_str()),
                ("url", "ftp://x"),
                ("event", "person.added"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("must be an https:// address"),
        "{}",
        bad.body
    );
    let made = organizer
        .post(
            "/webhooks",
            &[
                ("unit", section.as_str()),
                ("url", url.as_str()),
                ("event", "person.added"),
                ("event", "stage.changed"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = made.location();
    let hook = app.store.webhooks_below(&p.section.path).await.unwrap()[0].clone();

    // After the webhook: one person with consent, one without, and a stage change.
    let now = Timestamp::now_utc();
    let add = |name: &str, email: &str, consent: bool| {
        let store = app.store.clone();
        let input = PersonInput {
            name: name.into(),
            email: email.into(),
            ..Default::default()
        };
        let unit = p.section.id;
        async move {
            let consents: Vec<NewConsent> = if consent {
                vec![NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: true,
                    source: ConsentSource::parse("door").unwrap(),
                }]
            } else {
                Vec::new()
            };
            store
                .create_person(unit, &input.parse().unwrap(), &consents, None, now, None)
                .await
                .unwrap()
                .person
                .id
        }
    };
    let open = add("Olga Open", "olga@example.be", true).await;
    add("Quinten Quiet", "quinten@example.be", false).await;
    app.store
        .move_stage(
            open,
            Stage::Sympathiser,
            &MoveReason::parse("joined").unwrap(),
            None,
            now,
            None,
        )
        .await
        .unwrap();
    // Someone added before the webhook existed is not news.
    assert!(NOW.0 < hook.created_at.0);

    let client = reqwest::Client::new();
    let (one, two) = (
        enquete_app::App::new(app.store.clone()),
        enquete_app::App::new(app.store.clone()),
    );
    let (a, b) = tokio::join!(
        enquete_app::webhooks::run(&one, &client, now),
        enquete_app::webhooks::run(&two, &client, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a.sent + b.sent,
        3,
        "two people added, one stage change: once each"
    );
    let got = seen.lock().unwrap().clone();
    assert_eq!(got.len(), 3);
    for (event, signature, body, at) in &got {
        assert_eq!(*at, now.0, "the moment of sending, signed with the body");
        assert_eq!(
            signature,
            &enquete_app::webhooks::signature(&hook.secret, *at, body),
            "signed with the webhook's secret"
        );
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(&v["event"], event);
        let person = &v["person"];
        if person["id"] == open.0 {
            assert_eq!(person["name"], "Olga Open");
        } else {
            // No consent: no name, no address.
            assert!(
                person.get("name").is_none() && person.get("email").is_none(),
                "{v}"
            );
        }
    }
    assert!(
        got.iter()
            .any(|(e, _, b, _)| e == "stage.changed" && b.contains("sympathiser"))
    );
    // Nothing new: nothing sent again.
    let again = enquete_app::webhooks::run(&one, &client, now)
        .await
        .unwrap();
    assert_eq!((again.queued, again.sent), (0, 0));

    // The receiver breaks: tried again later, then paused after 20 failures in a row.
    status.store(500, Ordering::SeqCst);
    for i in 0..30 {
        add(&format!("Later{i} Person"), "", false).await;
    }
    let mut t = now;
    for _ in 0..40 {
        t = Timestamp(t.0 + 7 * 3600);
        enquete_app::webhooks::run(&one, &client, t).await.unwrap();
    }
    let paused = app.store.webhook(hook.id).await.unwrap();
    assert!(paused.paused, "{paused:?}");
    let shown = organizer.get(&page).await;
    assert!(shown.body.contains("id=\"paused\""), "{}", shown.body);
    assert!(shown.body.contains("answered 500"), "{}", shown.body);
    // Fixed and resumed: what waited goes.
    status.store(200, Ordering::SeqCst);
    let resumed = organizer.post(&format!("{page}/resume"), &[]).await;
    assert_eq!(resumed.status, StatusCode::SEE_OTHER);
    let after = enquete_app::webhooks::run(&one, &client, Timestamp(t.0 + 7 * 3600))
        .await
        .unwrap();
    assert!(after.sent > 0);
    // Another unit's organizer may not see it; a canvasser has no webhooks.
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get("/webhooks").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(canvasser.get(&page).await.status, StatusCode::FORBIDDEN);
}

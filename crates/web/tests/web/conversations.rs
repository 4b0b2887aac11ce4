//! A conversation over the web: an organizer puts statements to people; participants vote
//! through the public link (one through the form, the others from phones, a batch sent twice
//! kept once) and one proposes a statement that waits for moderation; the organizer sees three
//! opinion groups with what sets each apart and what all agree on; an analyst sees the groups
//! but never one of fewer than 5; nobody sees who voted what.

use crate::support::{Client, TestApp};
use axum::http::{Method, StatusCode};
use enquete_domain::account::Role;

/// A phone's batch of votes, as the public page sends it.
async fn send_votes(
    c: &mut Client,
    token: &str,
    body: &serde_json::Value,
) -> crate::support::Response {
    c.send(
        axum::http::Request::post(format!("/c/{token}/votes"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn post_ok(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = c.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    r.location().to_owned()
}

#[tokio::test]
async fn people_vote_and_the_organizer_sees_the_groups() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let city = p.city.id.0;
    let mut org = app.login(Role::Organizer).await;
    let page = org.get(&format!("/units/{city}/conversations")).await;
    assert_eq!(page.status, StatusCode::OK);
    let loc = post_ok(
        &mut org,
        &format!("/units/{city}/conversations"),
        &[("title", "What should change in our city?")],
    )
    .await;
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    // Three camps, four statements each, and one everybody agrees with.
    let texts = [
        "Rents must be capped",
        "Social housing first",
        "Empty buildings requisitioned",
        "No more luxury flats",
        "More buses at night",
        "Free public transport",
        "Safe cycle lanes",
        "Trams to the suburbs",
        "A swimming pool in the north",
        "Sports halls open late",
        "Youth houses in every district",
        "Free football pitches",
        "The city must listen to its people",
    ];
    for t in texts {
        post_ok(
            &mut org,
            &format!("/conversations/{id}/statements"),
            &[("language", "en"), ("text", t)],
        )
        .await;
    }
    let r = org
        .post(
            &format!("/conversations/{id}/statements"),
            &[("language", "en"), ("text", "ok")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too short: named"
    );
    let conv = app.store.conversation(id).await.unwrap();
    let statements = app.store.statements(id, true).await.unwrap();
    assert_eq!(statements.len(), 13);
    let token = conv.token.clone();

    // A visitor votes through the public form and proposes a statement.
    let mut visitor = app.client();
    let page = visitor.get(&format!("/c/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Rents must be capped"));
    let vote_field = format!("vote_{}", statements[0].id);
    let r = visitor
        .post(
            &format!("/c/{token}"),
            &[
                (vote_field.as_str(), "agree"),
                ("text", "A market hall in the centre"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"thanks\""));
    let bad = visitor
        .post(&format!("/c/{token}"), &[(vote_field.as_str(), "maybe")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The proposal waits for moderation; the public page does not show it.
    let all = app.store.statements(id, false).await.unwrap();
    let proposed = all
        .iter()
        .find(|s| s.text == "A market hall in the centre")
        .unwrap();
    assert!(
        !visitor
            .get(&format!("/c/{token}"))
            .await
            .body
            .contains("A market hall")
    );

    // Sixty participants from phones: each agrees with their camp's statements, disagrees
    // with the next camp's, passes on the rest.
    let mut phone = app.client();
    for person in 0..60 {
        let camp = person / 20;
        let votes: Vec<serde_json::Value> = statements
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let own = i / 4;
                let vote = if i == 12 || own == camp {
                    "agree"
                } else if own == (camp + 1) % 3 {
                    "disagree"
                } else {
                    "pass"
                };
                serde_json::json!({"statement": s.id, "vote": vote, "at": "2026-11-30T10:00:00Z"})
            })
            .collect();
        let body = serde_json::json!({"participant": format!("phone-participant-{person:04}"), "votes": votes});
        if person < 20 {
            let r = send_votes(&mut phone, &token, &body).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            // Sent again (the phone did not hear the answer): kept once.
            if person == 0 {
                let again = send_votes(&mut phone, &token, &body).await;
                assert!(again.body.contains("\"changed\":0"), "{}", again.body);
            }
        } else {
            // The rest straight into the store (the public routes count submissions per address).
            let votes: Vec<(i64, i8, enquete_domain::Timestamp)> = statements
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let own = i / 4;
                    let v = if i == 12 || own == camp {
                        1
                    } else if own == (camp + 1) % 3 {
                        -1
                    } else {
                        0
                    };
                    (s.id, v, crate::support::NOW)
                })
                .collect();
            app.store
                .sync_votes(
                    id,
                    &format!("phone-participant-{person:04}"),
                    None,
                    &votes,
                    crate::support::NOW,
                )
                .await
                .unwrap();
        }
    }
    let page = org.get(&format!("/conversations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("class=\"card group\"").count(),
        3,
        "{}",
        page.body
    );
    assert!(page.body.contains("All groups agree that"));
    assert!(page.body.contains("The city must listen to its people"));
    assert!(
        page.body.contains("100% agree: Rents must be capped")
            || page.body.contains("agree: Rents must be capped")
    );
    assert!(page.body.contains("61 people voted"), "{}", page.body);
    assert!(
        !page.body.contains("phone-participant"),
        "nobody sees who voted"
    );
    assert!(
        page.body.contains("A market hall in the centre"),
        "the moderator sees the proposal"
    );
    post_ok(
        &mut org,
        &format!("/statements/{}/moderate", proposed.id),
        &[("on", "yes")],
    )
    .await;
    assert!(
        visitor
            .get(&format!("/c/{token}"))
            .await
            .body
            .contains("A market hall")
    );

    // An analyst sees the groups, not the pending statements, and no group of fewer than 5.
    let mut analyst = app.login(Role::Analyst).await;
    let page = analyst.get(&format!("/conversations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("class=\"card group\"").count(), 3);
    assert!(!page.body.contains("/moderate"));
    let r = analyst
        .post(
            &format!("/conversations/{id}/statements"),
            &[("language", "en"), ("text", "Analysts may not add")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A canvasser of another unit does not see it.
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get(&format!("/conversations/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    // Closed, the public link is gone.
    post_ok(
        &mut org,
        &format!("/conversations/{id}/open"),
        &[("on", "no")],
    )
    .await;
    assert_eq!(
        visitor.get(&format!("/c/{token}")).await.status,
        StatusCode::NOT_FOUND
    );
    let _ = Method::GET;
}

/// A participant who changes their mind is forgotten: their votes and what they said about
/// themselves, from a browser (its cookie) or a phone at the door (the key of the person
/// holding it); nobody else's, and never from another site.
#[tokio::test]
async fn a_participant_who_asks_is_forgotten() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let city = p.city.id.0;
    let mut org = app.login(Role::Organizer).await;
    let loc = post_ok(
        &mut org,
        &format!("/units/{city}/conversations"),
        &[("title", "Forget me")],
    )
    .await;
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    post_ok(
        &mut org,
        &format!("/conversations/{id}/statements"),
        &[("language", "en"), ("text", "More trees in our street")],
    )
    .await;
    let token = app.store.conversation(id).await.unwrap().token;
    let statement = app.store.statements(id, true).await.unwrap()[0].id;
    let people = || async { app.store.vote_matrix(id).await.unwrap().units.len() };

    let mut visitor = app.client();
    let page = visitor.get(&format!("/c/{token}")).await;
    assert!(page.body.contains("id=\"forget-form\""));
    let field = format!("vote_{statement}");
    let r = visitor
        .post(&format!("/c/{token}"), &[(field.as_str(), "agree")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut phone = app.client();
    let body = serde_json::json!({"participant": "door-person-0001",
        "votes": [{"statement": statement, "vote": "disagree", "at": "2026-11-30T10:00:00Z"}]});
    let r = send_votes(&mut phone, &token, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(people().await, 2);

    // Another site cannot make a browser forget itself.
    let r = visitor
        .send(
            axum::http::Request::post(format!("/c/{token}/forget"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "https://elsewhere.example")
                .body(axum::body::Body::from("participant="))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(people().await, 2);

    // The browser: known by its cookie.
    let r = visitor
        .post(&format!("/c/{token}/forget"), &[("participant", "")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"forgotten\""), "{}", r.body);
    assert_eq!(people().await, 1, "the phone's person is still there");
    // The phone at the door: the key of the person holding it.
    let r = phone
        .post(
            &format!("/c/{token}/forget"),
            &[("participant", "door-person-0001")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(people().await, 0);
    // A key that no phone makes is refused, naming it; nothing else is touched.
    let r = phone
        .post(
            &format!("/c/{token}/forget"),
            &[("participant", "not a key; DROP TABLE")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("participant"), "{}", r.body);
    // Voting again, the browser counts as someone new.
    let r = visitor
        .post(&format!("/c/{token}"), &[(field.as_str(), "pass")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(people().await, 1);
    // Closed, the conversation still forgets who asks.
    post_ok(
        &mut org,
        &format!("/conversations/{id}/open"),
        &[("on", "no")],
    )
    .await;
    let r = visitor
        .post(&format!("/c/{token}/forget"), &[("participant", "")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"forgotten\""), "{}", r.body);
    assert!(!r.body.contains("vote-form"), "no votes taken when closed");
    assert_eq!(people().await, 0);
}

//! Conversations in the authorization matrix: their results for those who read the unit's
//! counts (analysts included: no one sees who voted what), their statements and moderation for
//! those who run the unit, the public link for anyone.

use crate::access::{Row, page};
use crate::support::{NOW, Places, TestApp};
use axum::http::Method as M;

pub(crate) async fn rows(app: &TestApp, p: &Places) -> Vec<Row> {
    let city = p.city.id;
    let c = app
        .store
        .create_conversation(
            city,
            "Matrix conversation",
            "matrix-conversation-token",
            NOW,
        )
        .await
        .unwrap();
    let s = app
        .store
        .add_statement(c, "en", "Matrix statement to vote on", false, NOW)
        .await
        .unwrap();
    let pending = app
        .store
        .add_statement(c, "en", "Matrix proposal waiting", true, NOW)
        .await
        .unwrap();
    let statement = [
        ("language", "en".to_owned()),
        ("text", "A matrix statement".to_owned()),
    ];
    let vote = format!("vote_{s}");
    //                                                                   admin org canv anal stew gate none
    vec![
        page(
            M::GET,
            format!("/units/{}/conversations", city.0),
            &[],
            "YYnYnnn",
        ),
        page(
            M::POST,
            format!("/units/{}/conversations", city.0),
            &[("title", "Matrix".to_owned())],
            "YYnnnnn",
        ),
        page(M::GET, format!("/conversations/{c}"), &[], "YYnYnnn"),
        page(
            M::POST,
            format!("/conversations/{c}/statements"),
            &statement,
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/statements/{s}/translations"),
            &[
                ("language", "fr".to_owned()),
                ("text", "Une affirmation".to_owned()),
            ],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/statements/{pending}/moderate"),
            &[("on", "yes".to_owned())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/conversations/{c}/survey"),
            &[("survey", String::new())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/conversations/{c}/open"),
            &[("on", "yes".to_owned())],
            "YYnnnnn",
        ),
        page(
            M::GET,
            "/c/matrix-conversation-token".into(),
            &[],
            "YYYYYYY",
        ),
        page(
            M::POST,
            "/c/matrix-conversation-token".into(),
            &[(Box::leak(vote.into_boxed_str()), "agree".to_owned())],
            "YYYYYYY",
        ),
        // Anyone may ask to be forgotten: only the key they hold is.
        page(
            M::POST,
            "/c/matrix-conversation-token/forget".into(),
            &[("participant", String::new())],
            "YYYYYYY",
        ),
    ]
}

//! Issue 15, errors: a refused value is told in the visitor's language, beside its field, with
//! the form kept as typed; the API answers with the message id and the message in the
//! caller's language; the ladder form offers only moves the rules allow.

use crate::support::{Client, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use enquete_domain::account::Role;
use enquete_domain::people::Stage;

async fn petition(app: &TestApp, token: &str) {
    let city = app.places().await.city.id;
    app.store
        .create_petition(
            city,
            None,
            &enquete_domain::campaign::PetitionDraft::parse(
                &[("fr", "Pétition"), ("nl", "Petitie")],
                &[("fr", "Texte"), ("nl", "Tekst")],
                "la ville",
                "",
            )
            .unwrap(),
            token,
            None,
            enquete_domain::Timestamp(1_800_000_000),
        )
        .await
        .unwrap();
}

async fn post_form(
    c: &mut Client,
    path: &str,
    fields: &[(&str, &str)],
) -> crate::support::Response {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        form.append_pair(k, v);
    }
    c.post_raw(path, form.finish()).await
}

/// The HTML of the element with `id`, to check what sits beside a field.
fn after<'a>(body: &'a str, marker: &str) -> &'a str {
    let at = body
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in the page:\n{body}"));
    &body[at..(at + 400).min(body.len())]
}

#[tokio::test]
async fn a_french_petition_with_a_bad_address_says_so_in_french_beside_the_field() {
    let app = TestApp::new().await;
    petition(&app, "errors-petition").await;
    let mut c = app.client();

    let res = post_form(
        &mut c,
        "/p/errors-petition?lang=fr",
        &[
            ("name", "Camille Dupont"),
            ("email", "camille@exemple"),
            ("postcode", "1000"),
        ],
    )
    .await;

    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let field = after(&res.body, "name=\"email\"");
    assert!(field.contains("value=\"camille@exemple\""), "{field}");
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    assert!(
        field.contains("aria-describedby=\"email-error\""),
        "{field}"
    );
    assert!(
        field.contains("id=\"email-error\" data-field=\"email\">doit ressembler à nom@exemple.be, sans espaces<"),
        "{field}"
    );
    assert!(
        res.body.contains("value=\"Camille Dupont\""),
        "the name is kept"
    );
    assert!(res.body.contains("value=\"1000\""), "the postcode is kept");
    assert!(!res.body.contains("email:"), "no internal field name");
    assert!(!res.body.contains("must look like"), "no English");
    assert!(
        res.body.contains("action=\"/p/errors-petition?lang=fr\""),
        "the form posts back in French"
    );
}

#[tokio::test]
async fn a_dutch_rsvp_with_a_bad_phone_says_so_in_dutch_beside_the_field() {
    let app = TestApp::new().await;
    let places = app.places().await;
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Optocht",
        "",
        "Markt",
        "2027-05-01T10:00",
        "",
    )
    .unwrap();
    app.store
        .create_action(
            places.section.id,
            None,
            &draft,
            "errors-action",
            None,
            enquete_domain::Timestamp(1_800_000_000),
        )
        .await
        .unwrap();
    let mut c = app.client();

    let res = post_form(
        &mut c,
        "/a/errors-action?lang=nl",
        &[
            ("name", "Jan Peeters"),
            ("phone", "bel me"),
            ("may_contact", "yes"),
        ],
    )
    .await;

    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let field = after(&res.body, "name=\"phone\"");
    assert!(field.contains("value=\"bel me\""), "{field}");
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    assert!(
        field.contains("mag alleen cijfers, spaties en + - . / ( ) bevatten"),
        "{field}"
    );
    assert!(
        res.body.contains("value=\"Jan Peeters\""),
        "the name is kept"
    );
    assert!(
        res.body
            .contains("name=\"may_contact\" value=\"yes\" checked"),
        "the box stays ticked"
    );
    assert!(!res.body.contains("may hold only"), "no English");
}

#[tokio::test]
async fn the_api_answers_with_the_message_id_and_the_message_in_the_callers_language() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for (lang, says) in [
        (
            "fr-BE,fr;q=0.9",
            "Mot de passe : l'adresse e-mail ou le mot de passe est incorrect",
        ),
        (
            "nl-BE",
            "Wachtwoord: het e-mailadres of het wachtwoord klopt niet",
        ),
        (
            "en",
            "Password: the e-mail address or password is not right",
        ),
    ] {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(
                r#"{"email":"nobody@example.org","password":"not the password"}"#,
            ))
            .unwrap();
        let res = c.send(req).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let body = res.json();
        assert_eq!(body["error"]["field"], "password", "{body}");
        assert_eq!(body["error"]["code"], "error-login-wrong", "{body}");
        assert_eq!(body["error"]["message"], says, "{body}");
    }
    // A body that does not fit: the field by its internal name, a code, no English of serde's.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "de")
        .body(Body::from(r#"{"email":"a@b.be"}"#))
        .unwrap();
    let body = c.send(req).await.json();
    assert_eq!(body["error"]["field"], "password", "{body}");
    assert_eq!(body["error"]["code"], "error-required", "{body}");
    assert_eq!(
        body["error"]["message"], "Passwort: ist erforderlich",
        "{body}"
    );
}

#[tokio::test]
async fn the_ladder_offers_only_the_moves_its_rules_allow_and_a_refused_move_stays_on_the_page() {
    let app = TestApp::new().await;
    let places = app.places().await;
    let mut c = app.login(Role::Organizer).await;
    let id = places.neighbour.0;

    let page = c.get(&format!("/people/{id}")).await;
    let select = after(&page.body, "<select name=\"to\"");
    let select = &select[..select.find("</select>").unwrap()];
    for refused in ["contact", "organizer", "leader"] {
        assert!(
            !select.contains(&format!("value=\"{refused}\"")),
            "a contact cannot move to {refused}: {select}"
        );
    }
    assert!(select.contains("value=\"member\""), "{select}");

    // A move sent anyway (an old page, a script) is refused beside the field, as typed.
    let res = c
        .post(
            &format!("/people/{id}/stage"),
            &[("to", "organizer"), ("reason", "stepped up at the rally")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let field = after(&res.body, "<select name=\"to\"");
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    assert!(field.contains("id=\"stage-error\""), "{field}");
    assert!(
        res.body.contains("value=\"stepped up at the rally\""),
        "the reason is kept"
    );
    assert!(!res.body.contains("stage: "), "no internal field name");
    let person = app
        .store
        .person(enquete_domain::people::PersonId(id))
        .await
        .unwrap();
    assert_eq!(person.person.stage, Stage::Contact);
}

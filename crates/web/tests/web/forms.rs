//! Issue 15, errors on the remaining forms: logging in, a forgotten password, a new unit,
//! action, meeting, project and campaign, one's own password. A French post with a bad value
//! answers 422 with the message in French beside its field and the rest as typed.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::Problem;
use enquete_domain::account::Role;
use enquete_domain::people::Language;
use enquete_web::i18n::Tr;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Checks the answer: 422, the field `field` marked and described by the French `message`,
/// and each of `kept` (HTML) still on the page.
fn refused_in_french(res: &crate::support::Response, field: &str, message: &str, kept: &[&str]) {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let at = res
        .body
        .find(&format!("name=\"{field}\""))
        .unwrap_or_else(|| panic!("no field {field}:\n{}", res.body));
    let input = &res.body[at..(at + 600).min(res.body.len())];
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(
        input.contains(&format!("aria-describedby=\"{field}-error\"")),
        "{input}"
    );
    let note = format!(
        "id=\"{field}-error\" data-field=\"{field}\">{}</span>",
        escape(message)
    );
    assert!(
        input.contains(&note),
        "{note} not beside the field:\n{input}"
    );
    assert!(res.body.contains("lang=\"fr\""), "the page is in French");
    for k in kept {
        assert!(res.body.contains(k), "{k} not kept");
    }
}

fn fr(problem: Problem) -> String {
    Tr::new(Language::Fr).problem(&problem)
}

async fn staff_in_french(app: &TestApp, role: Role) -> Client {
    let mut c = app.login(role).await;
    c.get("/account").await;
    let res = c.post("/language", &[("language", "fr")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    c.get("/account").await;
    c
}

#[tokio::test]
async fn a_wrong_password_is_said_beside_it_with_the_address_kept() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.get("/login?lang=fr").await;
    let res = c
        .post(
            "/login?lang=fr",
            &[
                ("email", "nobody@example.be"),
                ("password", "not this one"),
                ("next", "/"),
            ],
        )
        .await;
    refused_in_french(
        &res,
        "password",
        &Tr::new(Language::Fr).t("login-failed"),
        &["value=\"nobody@example.be\""],
    );
    assert!(
        !res.body.contains("not this one"),
        "a password is never shown again"
    );
}

#[tokio::test]
async fn a_forgotten_password_with_no_usable_address_is_said_beside_it() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.get("/password/forgot?lang=fr").await;
    let long = format!("{}@example.be", "a".repeat(260));
    let res = c
        .post("/password/forgot?lang=fr", &[("email", &long)])
        .await;
    refused_in_french(
        &res,
        "email",
        &fr(Problem::new("error-account-email")),
        &[&format!("value=\"{long}\"")],
    );
}

#[tokio::test]
async fn a_new_unit_with_too_long_a_name_stays_on_its_parent_page() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = staff_in_french(&app, Role::Organizer).await;
    let name = "Quartier ".repeat(14);
    let res = c
        .post(
            "/units",
            &[
                ("parent", &p.city.id.0.to_string()),
                ("kind", "neighbourhood"),
                ("name", &name),
            ],
        )
        .await;
    refused_in_french(
        &res,
        "name",
        &fr(Problem::new("error-too-long").arg("max", 120)),
        &[
            &format!("value=\"{}\"", name),
            "<option value=\"neighbourhood\" selected>",
        ],
    );
    assert!(res.body.contains("<details open>"), "the form is open");
}

#[tokio::test]
async fn a_new_action_with_a_bad_date_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = staff_in_french(&app, Role::Organizer).await;
    let res = c
        .post(
            "/actions",
            &[
                ("unit", &p.section.id.0.to_string()),
                ("campaign", ""),
                ("title", "Piquet de grève"),
                ("starts_at", "demain matin"),
                ("place", "Porte 3"),
                ("capacity", "40"),
                ("description", "Apportez du café"),
            ],
        )
        .await;
    refused_in_french(
        &res,
        "starts_at",
        &fr(Problem::new("error-datetime")),
        &[
            "value=\"Piquet de grève\"",
            "value=\"demain matin\"",
            "value=\"Porte 3\"",
            "value=\"40\"",
            ">Apportez du café</textarea>",
            &format!("<option value=\"{}\" selected>", p.section.id),
        ],
    );
}

#[tokio::test]
async fn a_new_meeting_and_a_new_project_keep_what_was_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = staff_in_french(&app, Role::Organizer).await;
    let res = c
        .post(
            &format!("/units/{}/meetings", p.section.id),
            &[("held_at", "bientôt"), ("agenda", "Loyers\nGrève")],
        )
        .await;
    refused_in_french(
        &res,
        "held_at",
        &fr(Problem::new("error-datetime")),
        &["value=\"bientôt\"", ">Loyers\nGrève</textarea>"],
    );

    let res = c
        .post(
            &format!("/units/{}/projects", p.section.id),
            &[
                ("name", "   "),
                ("goal", "Des repas chauds"),
                ("needs", "cuisiniers"),
            ],
        )
        .await;
    refused_in_french(
        &res,
        "name",
        &fr(Problem::new("error-empty")),
        &[">Des repas chauds</textarea>", ">cuisiniers</textarea>"],
    );
}

#[tokio::test]
async fn a_new_campaign_with_a_bad_date_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = staff_in_french(&app, Role::Organizer).await;
    let res = c
        .post(
            "/campaigns",
            &[
                ("unit", &p.city.id.0.to_string()),
                ("title", "Des loyers justes"),
                ("description", "Contre les hausses"),
                ("starts_on", "lundi"),
                ("ends_on", "2030-06-30"),
                ("target_conversations", "300"),
            ],
        )
        .await;
    refused_in_french(
        &res,
        "starts_on",
        &fr(Problem::new("error-date")),
        &[
            "value=\"Des loyers justes\"",
            ">Contre les hausses</textarea>",
            "value=\"2030-06-30\"",
            "name=\"target_conversations\" value=\"300\"",
            &format!("<option value=\"{}\" selected>", p.city.id),
        ],
    );
}

#[tokio::test]
async fn a_wrong_current_password_or_a_short_new_one_is_said_beside_it() {
    let app = TestApp::new().await;
    let mut c = staff_in_french(&app, Role::Organizer).await;
    let res = c
        .post(
            "/account/password",
            &[
                ("current", "not my password"),
                ("new", "a long new password"),
            ],
        )
        .await;
    refused_in_french(
        &res,
        "current",
        &fr(Problem::new("error-current-password-wrong")),
        &[],
    );
    assert!(
        !res.body.contains("a long new password"),
        "never shown again"
    );

    let (_, _, password) = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == Role::Organizer)
        .unwrap();
    let res = c
        .post(
            "/account/password",
            &[("current", &password), ("new", "short")],
        )
        .await;
    refused_in_french(
        &res,
        "new",
        &fr(Problem::new("error-too-short").arg("min", 10)),
        &[],
    );
}

//! Phone banking through the pages: an organizer counts a selection before making the call
//! list, a volunteer caller of the section gets one person with a button that dials, records
//! what came of the call, and someone who asks not to be called again is not.

use crate::support::{NOW, TestApp};
use axum::http::StatusCode;
use enquete_domain::account::Role;
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonInput};

#[tokio::test]
async fn an_organizer_makes_a_call_list_and_a_volunteer_calls_from_it() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let add = |name: &str, phone: &str, consent: bool| {
        let store = app.store.clone();
        let input = PersonInput {
            name: name.into(),
            phone: phone.into(),
            tags: "bus".into(),
            languages: "nl".into(),
            ..Default::default()
        };
        let unit = p.section.id;
        async move {
            let consents = if consent {
                vec![NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: true,
                    source: ConsentSource::parse("door").unwrap(),
                }]
            } else {
                Vec::new()
            };
            store
                .create_person(unit, &input.parse().unwrap(), &consents, None, NOW, None)
                .await
                .unwrap()
                .person
                .id
        }
    };
    let callable = add("Anna Bus", "0475 12 34 56", true).await;
    add("Bert Bus", "0475 65 43 21", false).await;
    add("Cor Bus", "", true).await;

    let survey = app.store.surveys().await.unwrap()[0].id.0;
    let mut organizer = app.login(Role::Organizer).await;
    let form = |step: &str| {
        vec![
            ("unit", p.section.id.0.to_string()),
            ("name", "Bus to Brussels".to_owned()),
            ("tag", "bus".to_owned()),
            (
                "script",
                "Hello, will you come on the bus on Sunday?".to_owned(),
            ),
            ("survey", survey.to_string()),
            // Called again at once after no answer.
            ("cooldown_minutes", "0".to_owned()),
            ("step", step.to_owned()),
        ]
    };
    fn fields<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        f.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
    let counted = organizer.post("/calls", &fields(&form("count"))).await;
    assert_eq!(counted.status, StatusCode::OK);
    assert!(
        counted.body.contains(
            "3 people match: 1 to call; left out 1 without a phone number and 1 without consent to be contacted."
        ),
        "{}",
        counted.body
    );
    let made = organizer.post("/calls", &fields(&form("make"))).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let list = made.location();
    let id: i64 = list.trim_start_matches("/calls/").parse().unwrap();

    // The steward of another section may not call from it.
    let mut steward = app.login(Role::Steward).await;
    assert_eq!(steward.get(&list).await.status, StatusCode::FORBIDDEN);

    // The canvasser gets Anna, with a button that dials and the script.
    let mut caller = app.login(Role::Canvasser).await;
    // The list is on the caller's start page, one tap from the first call.
    let start = caller.get("/").await;
    assert!(start.body.contains("Calls to make"), "{}", start.body);
    assert!(start.body.contains(&format!("href=\"{list}\"")));
    let sheet = caller.get(&list).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.body.contains("Anna Bus"), "{}", sheet.body);
    assert!(sheet.body.contains("href=\"tel:"), "{}", sheet.body);
    assert!(sheet.body.contains("will you come on the bus"));
    // The survey is asked on the call: its answers count as given on the phone.
    let ask = format!("/canvass/{survey}?channel=phone");
    assert!(sheet.body.contains(&ask), "{}", sheet.body);
    let form = caller.get(&ask).await;
    assert!(
        form.body.contains("<option value=\"phone\" selected>"),
        "{}",
        form.body
    );
    assert!(!sheet.body.contains("Bert Bus"));
    // A wrong outcome is named; nothing is recorded.
    let wrong = caller
        .post(
            &format!("/calls/{id}/outcome"),
            &[("person_id", &callable.0.to_string()), ("outcome", "maybe")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Choose what came of the call"));
    // No answer: with no cool-down she comes back at once, with the note of the first try.
    let missed = caller
        .post(
            &format!("/calls/{id}/outcome"),
            &[
                ("person_id", &callable.0.to_string()),
                ("outcome", "no_answer"),
                ("note", "Voicemail, try after six"),
            ],
        )
        .await;
    assert_eq!(missed.status, StatusCode::SEE_OTHER, "{}", missed.body);
    let again = caller.get(&list).await;
    assert!(again.body.contains("Anna Bus"));
    assert!(again.body.contains("Earlier calls on this list"));
    assert!(
        again.body.contains("No answer · Voicemail, try after six"),
        "{}",
        again.body
    );
    // She asks not to be called again: recorded, and her consent to be contacted withdrawn.
    let done = caller
        .post(
            &format!("/calls/{id}/outcome"),
            &[
                ("person_id", &callable.0.to_string()),
                ("outcome", "do_not_call"),
                ("note", "Asked us to stop calling"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        app.store
            .consenting(&[callable], ConsentPurpose::Contact)
            .await
            .unwrap()
            .is_empty()
    );
    let next = caller.get(&format!("/calls/{id}?done=call-recorded")).await;
    assert!(next.body.contains("The call was recorded."));
    assert!(
        next.body.contains("Nobody to call right now"),
        "{}",
        next.body
    );
    // The same outcome sent again is refused: she is no longer the caller's.
    let again = caller
        .post(
            &format!("/calls/{id}/outcome"),
            &[
                ("person_id", &callable.0.to_string()),
                ("outcome", "answered"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The organizer sees the call per caller; the analyst sees nothing of it.
    let progress = organizer.get(&list).await;
    assert!(
        progress.body.contains("Lotte (canvasser)"),
        "{}",
        progress.body
    );
    assert!(progress.body.contains("do not call 1"), "{}", progress.body);
    let mut analyst = app.login(Role::Analyst).await;
    assert_eq!(analyst.get(&list).await.status, StatusCode::FORBIDDEN);
    // On her history.
    let dossier = app.store.person_dossier(callable).await.unwrap();
    assert!(
        dossier
            .participation
            .iter()
            .any(|x| x.what == "call" && x.detail == "do_not_call: Asked us to stop calling")
    );
}

/// A list for a named group of callers: only they (and those who run the list) call from it;
/// another volunteer of the same section neither sees it nor opens it.
#[tokio::test]
async fn a_call_list_for_a_group_of_callers_is_theirs_only() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let input = PersonInput {
        name: "Greet Groep".into(),
        phone: "0475 55 55 55".into(),
        languages: "nl".into(),
        tags: "group".into(),
        ..Default::default()
    };
    let consents = [NewConsent {
        purpose: ConsentPurpose::Contact,
        granted: true,
        source: ConsentSource::parse("door").unwrap(),
    }];
    app.store
        .create_person(
            p.section.id,
            &input.parse().unwrap(),
            &consents,
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    // A second volunteer of the section.
    let password = "another-volunteer-pw-2026";
    let hash = enquete_app::auth::hash_password(
        &enquete_domain::account::NewPassword::parse(password).unwrap(),
    )
    .await
    .unwrap();
    app.store
        .create_user(
            &enquete_store::NewUser {
                email: enquete_domain::people::Email::parse("other@demo.enquete.org").unwrap(),
                display_name: "Other volunteer".into(),
                password_hash: hash,
                role: Role::Canvasser,
                unit: p.section.id,
                language: enquete_domain::people::Language::En,
                must_change_password: false,
            },
            NOW,
        )
        .await
        .unwrap();
    let canvasser = app
        .store
        .user_by_email("canvasser@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let mut organizer = app.login(Role::Organizer).await;
    let form = organizer.get("/calls").await;
    assert!(form.body.contains("id=\"callers\""), "{}", form.body);
    let section = p.section.id.0.to_string();
    let mine = canvasser.0.to_string();
    let made = organizer
        .post(
            "/calls",
            &[
                ("unit", section.as_str()),
                ("name", "Group list"),
                ("tag", "group"),
                ("caller", mine.as_str()),
                ("step", "make"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let list = made.location();
    // An account that may not call for the section is refused, by field.
    let analyst = app
        .store
        .user_by_email("analyst@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id
        .0
        .to_string();
    let refused = organizer
        .post(
            "/calls",
            &[
                ("unit", section.as_str()),
                ("name", "Wrong group"),
                ("tag", "group"),
                ("caller", analyst.as_str()),
                ("step", "make"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );

    let mut named = app.login(Role::Canvasser).await;
    let page = named.get(&list).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("0475 55 55 55"), "{}", page.body);
    let mut other = app.client();
    other.login("other@demo.enquete.org", password).await;
    assert_eq!(other.get(&list).await.status, StatusCode::FORBIDDEN);
    assert!(!other.get("/calls").await.body.contains("Group list"));
    // The organizer who runs it still follows it.
    assert_eq!(organizer.get(&list).await.status, StatusCode::OK);
}

//! Issue 15, items 6 and 8: the campaign dashboard shows every unit's numbers and every unit
//! falling behind, a focus chosen on a city's results cites the city, housekeeping questions
//! are never offered as a focus, and pages speak one language with its plurals and dates.

use crate::support::{Client, TestApp};
use axum::http::{Method, StatusCode};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::org::UnitId;
use enquete_domain::survey::{Answers, Channel, SurveyId};
use enquete_store::{NewResponse, PopulationMargin};
use serde_json::json;

fn response(n: u32, survey: SurveyId, unit: UnitId, json: &str) -> NewResponse {
    let answers: Answers = serde_json::from_str(json).unwrap();
    NewResponse {
        id: format!("0190d000-0000-7000-9000-{n:012}"),
        survey,
        version: 1,
        unit,
        channel: Channel::Door,
        collector: None,
        collected_at: Timestamp(1_790_000_000),
        answers,
        contact: None,
        origin: "test".into(),
    }
}

/// A national campaign that started 10 days ago and ends in 20: a third of the way, with
/// nothing done yet, every unit is behind.
async fn national_campaign(app: &TestApp, admin: &mut Client) -> i64 {
    let nation = app.store.root_unit().await.unwrap().unwrap();
    let now = Timestamp::now_utc().0;
    let res = admin
        .api(
            Method::POST,
            "/api/v1/campaigns",
            Some(json!({
                "unit_id": nation.id.0, "title": "Pensions", "starts_on": Timestamp(now - 10 * 86_400).date(),
                "ends_on": Timestamp(now + 20 * 86_400).date(),
                "targets": {"conversations": 100000, "signatures": 50000}
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()["id"].as_i64().unwrap()
}

/// "Units below show labels without numbers and no bars until there is progress";
/// "Falling behind stops at 20 rows, all from one region, no more".
#[tokio::test]
async fn the_dashboard_shows_numbers_and_bars_at_zero_and_every_unit_behind() {
    let app = TestApp::new().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let kid = national_campaign(&app, &mut admin).await;
    let nation = app.store.root_unit().await.unwrap().unwrap();
    let regions = app.store.children(nation.id, false).await.unwrap();
    let below = app.store.subtree(&nation.path, false).await.unwrap().len() - 1;
    assert!(below > 20, "the demo has {below} units below the nation");

    // What the API counts as behind: every unit below with a target, on each metric.
    let api = admin
        .api(
            Method::GET,
            &format!("/api/v1/campaigns/{kid}/progress"),
            None,
        )
        .await
        .json();
    let all_behind = api["behind"].as_array().unwrap().clone();
    assert!(all_behind.len() > 20, "{} behind", all_behind.len());
    let units_behind: std::collections::HashSet<i64> = all_behind
        .iter()
        .map(|b| b["unit_id"].as_i64().unwrap())
        .collect();

    let page = admin.get(&format!("/campaigns/{kid}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let section = page
        .body
        .split("id=\"below\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    for r in &regions {
        assert!(
            section.contains(r.name.as_str()),
            "{} below",
            r.name.as_str()
        );
    }
    // Every metric of every unit below: its numbers, a track and a bar, at 0 too.
    let rows = regions.len() * 2;
    assert_eq!(
        section.matches("class=\"track\"").count(),
        rows,
        "{section}"
    );
    assert_eq!(section.matches("class=\"bar ").count(), rows, "{section}");
    assert!(section.matches(">0 / ").count() >= rows, "{section}");

    // Falling behind: all of them counted, the first 25 shown, the rest one click away.
    let behind = page
        .body
        .split("id=\"behind\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        behind.contains(&format!(
            "{} units are behind their pace",
            units_behind.len()
        )),
        "{behind}"
    );
    assert_eq!(behind.matches("<tr><td").count(), 25, "{behind}");
    assert!(behind.contains("id=\"behind-all\""), "{behind}");
    // Not all from one region: the worst of each region come first.
    if regions.len() > 1 {
        for r in &regions {
            let first_rows: String = behind
                .split("<tr><td")
                .skip(1)
                .take(regions.len() * 2)
                .collect();
            assert!(
                first_rows.contains(r.name.as_str()),
                "{} among the first rows: {first_rows}",
                r.name.as_str()
            );
        }
    }
    let all = admin.get(&format!("/campaigns/{kid}?all=1")).await;
    let rows_all = all
        .body
        .split("id=\"behind\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap()
        .matches("<tr><td")
        .count();
    assert_eq!(
        rows_all,
        all_behind.len(),
        "every unit behind, on each metric"
    );
    // One region at a time.
    let first = &regions[0];
    let one = admin
        .get(&format!("/campaigns/{kid}?behind_in={}&all=1", first.id.0))
        .await;
    let in_first = all_behind
        .iter()
        .filter(|b| b["group_id"] == first.id.0)
        .count();
    assert!(in_first > 0 && in_first < all_behind.len());
    let section = one.body.split("id=\"behind\"").nth(1).unwrap();
    let section = section.split("</section>").next().unwrap();
    assert_eq!(section.matches("<tr><td").count(), in_first, "{section}");
}

/// Responses: 12 of 20 put housing first in the organizer's city, none of 20 elsewhere.
async fn city_and_elsewhere(app: &TestApp, survey: SurveyId) -> (UnitId, UnitId) {
    let p = app.places().await;
    let mut batch = Vec::new();
    for i in 0..20 {
        let first = if i < 12 { "housing" } else { "wages" };
        batch.push(response(
            i,
            survey,
            p.section.id,
            &format!(r#"{{"top3": ["{first}"], "gender": "woman", "contact": "no"}}"#),
        ));
    }
    for i in 20..40 {
        batch.push(response(
            i,
            survey,
            p.far.id,
            r#"{"top3": ["wages"], "gender": "man", "contact": "yes"}"#,
        ));
    }
    app.store
        .ingest_responses(&batch, Timestamp(1_790_000_000))
        .await
        .unwrap();
    (p.city.id, p.far.id)
}

/// "A campaign started from a city's results falls back to the nation (the focus figure cited
/// is the national one)."
#[tokio::test]
async fn a_focus_chosen_on_a_citys_results_cites_the_city() {
    let app = TestApp::new().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    let (city, _) = city_and_elsewhere(&app, survey).await;
    let city_name = app.store.unit(city).await.unwrap().name.as_str().to_owned();
    let mut admin = app.login(Role::NationalAdmin).await;
    let results = admin
        .get(&format!("/surveys/{}/results?unit={}", survey.0, city.0))
        .await;
    let top3 = results.body.split("id=\"q-top3\"").nth(1).unwrap();
    let top3 = top3.split("</section>").next().unwrap();
    assert!(
        top3.contains(&format!("name=\"unit\" value=\"{}\"", city.0)),
        "the focus form says which unit: {top3}"
    );
    let form = admin
        .get(&format!(
            "/campaigns?survey={}&question=top3&choice=housing&unit={}",
            survey.0, city.0
        ))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("60% of 20 respondents"), "{}", form.body);
    assert!(
        form.body.contains(&format!("in {city_name}")),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains(&format!("<option value=\"{}\" selected>", city.0)),
        "the city is chosen as the campaign's root"
    );
    // Started there, the campaign cites the city's figure, not the nation's 30%.
    let now = Timestamp::now_utc().0;
    let res = admin
        .post(
            "/campaigns",
            &[
                ("unit", &city.0.to_string()),
                ("title", "Housing"),
                ("starts_on", &Timestamp(now).date()),
                ("ends_on", &Timestamp(now + 30 * 86_400).date()),
                ("survey", &survey.0.to_string()),
                ("question", "top3"),
                ("choice", "housing"),
                ("target_conversations", "100"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = admin.get(&res.location()).await;
    let issue = page.body.split("id=\"issue\">").nth(1).unwrap();
    let issue = issue.split("</span>").next().unwrap();
    assert!(
        issue.contains("60%") && issue.contains(&city_name),
        "{issue}"
    );
    assert!(!issue.contains("30%"), "{issue}");
    // In another language, the same figures in that language.
    admin.post("/language", &[("language", "fr")]).await;
    let page = admin.get(&res.location()).await;
    let issue = page.body.split("id=\"issue\">").nth(1).unwrap();
    let issue = issue.split("</span>").next().unwrap();
    assert!(issue.contains("des 20 personnes interrogées"), "{issue}");
    assert!(issue.contains("logement et loyers"), "{issue}");
    assert!(!issue.contains("respondents"), "{issue}");
}

/// "'Make this the focus' is offered for yes/no housekeeping questions."
#[tokio::test]
async fn no_focus_is_offered_for_yes_no_or_demographic_questions() {
    let app = TestApp::new().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    city_and_elsewhere(&app, survey).await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let results = admin.get(&format!("/surveys/{}/results", survey.0)).await;
    let block = |code: &str| {
        let b = results
            .body
            .split(&format!("id=\"q-{code}\""))
            .nth(1)
            .unwrap();
        b.split("</section>").next().unwrap().to_owned()
    };
    assert!(block("top3").contains("campaigns#new"));
    for code in ["contact", "gender", "age_band"] {
        assert!(!block(code).contains("campaigns#new"), "{code}");
    }
    let res = admin
        .get(&format!(
            "/campaigns?survey={}&question=contact&choice=yes",
            survey.0
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
}

/// "Weighted … by age_band, gender": the weighting names the questions by their labels.
#[tokio::test]
async fn the_weighting_summary_names_questions_by_their_labels() {
    let app = TestApp::new().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    city_and_elsewhere(&app, survey).await;
    let p = app.places().await;
    let margins: Vec<PopulationMargin> = ["woman", "man"]
        .iter()
        .map(|g| PopulationMargin {
            unit: p.section.id,
            variable: "gender".into(),
            category: (*g).into(),
            population: 500.0,
        })
        .collect();
    app.store
        .import_margins(&margins, None, Timestamp(1_790_000_000))
        .await
        .unwrap();
    let mut admin = app.login(Role::NationalAdmin).await;
    for (lang, label) in [("en", "Gender"), ("fr", "Genre"), ("de", "Geschlecht")] {
        admin.post("/language", &[("language", lang)]).await;
        let page = admin
            .get(&format!(
                "/surveys/{}/results?unit={}",
                survey.0, p.section.id.0
            ))
            .await;
        let note = page.body.split("id=\"weighting\">").nth(1).unwrap();
        let note = note.split("</p>").next().unwrap();
        assert!(note.contains(label), "{lang}: {note}");
        assert!(!note.contains("gender"), "{lang}: {note}");
    }
}

/// "Dates shown as ISO on public pages": an action's public page in French.
#[tokio::test]
async fn the_public_action_page_gives_its_date_in_the_visitors_language() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.city.id.0, "title": "Assemblée", "place": "Salle des fêtes",
                "starts_at": "2036-12-05T19:00"
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let path = res.json()["public_path"].as_str().unwrap().to_owned();
    let mut visitor = app.client();
    for (lang, when) in [
        ("fr", "5 décembre 2036, 19:00"),
        ("nl", "5 december 2036 om 19:00"),
        ("de", "5. Dezember 2036, 19:00"),
        ("en", "5 December 2036, 19:00"),
    ] {
        let page = visitor.get(&format!("{path}?lang={lang}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(when), "{lang}: {}", page.body);
        assert!(!page.body.contains("2036-12-05"), "{lang}");
    }
}

/// "Untranslated strings (a campaign's 'from the enquête' line, 'Accounts' in Dutch)": pages
/// read in Dutch, French and German hold none of the English words they used to.
#[tokio::test]
async fn pages_in_other_languages_hold_no_english_leftovers() {
    let app = TestApp::new().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    city_and_elsewhere(&app, survey).await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let kid = national_campaign(&app, &mut admin).await;
    let form = format!(
        "/campaigns?survey={}&question=top3&choice=housing",
        survey.0
    );
    for lang in ["nl", "fr", "de"] {
        admin.post("/language", &[("language", lang)]).await;
        for path in [
            "/".to_owned(),
            "/campaigns".to_owned(),
            form.clone(),
            format!("/campaigns/{kid}"),
            format!("/surveys/{}/results", survey.0),
        ] {
            let page = admin.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{lang} {path}");
            for english in [
                ">Accounts<",
                "respondents",
                ", weighted",
                "first choice of",
                "Falling behind",
                "Deadline",
                " signatures<",
                "units are behind",
            ] {
                assert!(
                    !page.body.contains(english),
                    "{lang} {path}: {english:?} in {}",
                    page.body
                );
            }
        }
    }
}

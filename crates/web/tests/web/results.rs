//! Collated results over the API and the pages: weighting to imported population figures with
//! margins of error, cross-tabs, highlights, and results that follow new responses.

use crate::support::TestApp;
use axum::http::{Method, StatusCode};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::org::UnitId;
use enquete_domain::survey::{Answers, Channel, SurveyId};
use enquete_store::{NewResponse, PopulationMargin};
use serde_json::Value;

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

fn option<'a>(r: &'a Value, question: usize, code: &str) -> &'a Value {
    r["questions"][question]["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == code)
        .unwrap()
}

#[tokio::test]
async fn results_are_weighted_with_margins_and_follow_new_responses() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    let sid = survey.0;
    let other = app
        .store
        .children(p.city.id, false)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.id != p.section.id)
        .unwrap();
    // Section A: 20 women putting housing first, 10 men putting wages first. Section B: 30
    // people putting wages first.
    let mut batch = Vec::new();
    for i in 0..30 {
        let (first, gender) = if i < 20 {
            ("housing", "woman")
        } else {
            ("wages", "man")
        };
        batch.push(response(
            i,
            survey,
            p.section.id,
            &format!(
                r#"{{"top3": ["{first}"], "gender": "{gender}", "contact": "{}"}}"#,
                if i % 2 == 0 { "yes" } else { "no" }
            ),
        ));
    }
    for i in 30..60 {
        batch.push(response(
            i,
            survey,
            other.id,
            r#"{"top3": ["wages"], "gender": "man", "contact": "no"}"#,
        ));
    }
    app.store
        .ingest_responses(&batch, Timestamp(1_790_000_000))
        .await
        .unwrap();
    // The section's population is half women, half men.
    app.store
        .import_margins(
            &[
                PopulationMargin {
                    unit: p.section.id,
                    variable: "gender".into(),
                    category: "woman".into(),
                    population: 500.0,
                },
                PopulationMargin {
                    unit: p.section.id,
                    variable: "gender".into(),
                    category: "man".into(),
                    population: 500.0,
                },
            ],
            None,
            Timestamp(1_790_000_000),
        )
        .await
        .unwrap();
    let mut admin = app.login(Role::NationalAdmin).await;
    let url = format!("/api/v1/surveys/{sid}/results?unit_id={}", p.section.id.0);
    let weighted = admin.api(Method::GET, &url, None).await.json();
    assert_eq!(weighted["weighted"], true);
    let housing = option(&weighted, 0, "housing");
    // Women weigh 500/20 = 25, men 500/10 = 50: housing is half of the weighted answers.
    assert!(
        (housing["share"].as_f64().unwrap() - 0.5).abs() < 1e-9,
        "{housing}"
    );
    assert_eq!(housing["count"], 20);
    // Taylor linearization: z = w (y - p) / Σw; var = n/(n-1) Σ z² = 30/29 · 0.009375.
    let se = housing["se"].as_f64().unwrap();
    assert!(
        (se - (30.0_f64 / 29.0 * 0.009_375).sqrt()).abs() < 1e-12,
        "{se}"
    );
    let (low, high) = (
        housing["low"].as_f64().unwrap(),
        housing["high"].as_f64().unwrap(),
    );
    assert!(low < 0.5 && high > 0.5 && (0.5 - low - (high - 0.5)).abs() < 1e-9);
    let w = &weighted["weighting"];
    assert_eq!(w["variables"], serde_json::json!(["gender"]));
    assert!(
        (w["design_effect"].as_f64().unwrap() - 1.125).abs() < 1e-9,
        "{w}"
    );

    let raw = admin
        .api(Method::GET, &format!("{url}&weighted=false"), None)
        .await
        .json();
    assert_eq!(raw["weighted"], false);
    let share = option(&raw, 0, "housing")["share"].as_f64().unwrap();
    assert!((share - 2.0 / 3.0).abs() < 1e-12);

    // The city: section A differs from the rest of the city on housing and wages.
    let city = admin
        .api(
            Method::GET,
            &format!("/api/v1/surveys/{sid}/results?unit_id={}", p.city.id.0),
            None,
        )
        .await
        .json();
    let highlights = city["highlights"].as_array().unwrap();
    let housing = highlights
        .iter()
        .find(|h| h["option"] == "housing")
        .unwrap_or_else(|| panic!("{highlights:?}"));
    assert_eq!(housing["unit_id"], p.section.id.0);
    assert!(
        housing["text"].as_str().unwrap().starts_with(&format!(
            "Housing and rents: 50% in {}",
            p.section.name.as_str()
        )),
        "{housing}"
    );
    assert!(housing["p_value"].as_f64().unwrap() < 0.001);

    // Cross-tab: contact by gender (one answer: one test), top3 by gender (a test per answer).
    let tab = admin
        .api(
            Method::GET,
            &format!(
                "/api/v1/surveys/{sid}/crosstab?question=top3&by=gender&unit_id={}",
                p.section.id.0
            ),
            None,
        )
        .await
        .json();
    assert_eq!(tab["columns"][0][0], "woman");
    let row = tab["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "housing")
        .unwrap();
    assert_eq!(row["cells"][0]["share"], 1.0);
    assert_eq!(row["cells"][1]["share"], 0.0);
    assert!(row["p_value"].as_f64().unwrap() < 0.001, "{row}");
    let tab = admin
        .api(
            Method::GET,
            &format!(
                "/api/v1/surveys/{sid}/crosstab?question=contact&by=gender&unit_id={}&weighted=false",
                p.section.id.0
            ),
            None,
        )
        .await
        .json();
    // Women: 10 of 20 said yes; men: 5 of 10. No association: chi-square 0.
    assert_eq!(tab["chi_square"], 0.0);
    assert_eq!(tab["df"], 1.0);
    assert_eq!(tab["p_value"], 1.0);
    let bad = admin
        .api(
            Method::GET,
            &format!("/api/v1/surveys/{sid}/crosstab?question=top3&by=trust"),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("by"), "{}", bad.body);

    // New responses show at once (the cached results read only what is new).
    let more: Vec<NewResponse> = (60..70)
        .map(|i| {
            response(
                i,
                survey,
                p.section.id,
                r#"{"top3": ["climate"], "gender": "woman", "contact": "no"}"#,
            )
        })
        .collect();
    app.store
        .ingest_responses(&more, Timestamp(1_790_000_001))
        .await
        .unwrap();
    let after = admin.api(Method::GET, &url, None).await.json();
    assert_eq!(after["responses"], 40);
    assert_eq!(option(&after, 0, "climate")["count"], 10);

    // The pages: charts with error bars, the table, side by side, the cross-tab.
    let page = admin
        .get(&format!("/surveys/{sid}/results?unit={}", p.city.id.0))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("class=\"interval\""));
    assert!(page.body.contains("id=\"highlights\""));
    let table = admin
        .get(&format!(
            "/surveys/{sid}/results?unit={}&view=table",
            p.section.id.0
        ))
        .await;
    assert!(table.body.contains("<table class=\"cards results\">"));
    let units = admin
        .get(&format!(
            "/surveys/{sid}/results?unit={}&view=units&q=top3",
            p.city.id.0
        ))
        .await;
    assert!(units.body.contains("id=\"multiples\""));
    assert!(units.body.contains(other.name.as_str()));
    let cross = admin
        .get(&format!(
            "/surveys/{sid}/crosstab?q=contact&by=gender&unit={}",
            p.section.id.0
        ))
        .await;
    assert_eq!(cross.status, StatusCode::OK);
    assert!(cross.body.contains("id=\"test\""), "{}", cross.body);

    // Exports: organizers get every column; analysts neither free text nor the postcode.
    let csv = admin
        .get(&format!(
            "/surveys/{sid}/export.csv?unit={}",
            p.section.id.0
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.starts_with(
            "response_id,unit_id,region,city,section,top3,trust,change,age_band,gender,postcode,contact,weight\n"
        ),
        "{}",
        csv.body
    );
    assert_eq!(csv.body.lines().count(), 41, "a header and 40 responses");
    let mut analyst = app.login(Role::Analyst).await;
    let csv = analyst.get(&format!("/surveys/{sid}/export.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let header = csv.body.lines().next().unwrap();
    assert!(
        !header.contains("change") && !header.contains("postcode") && header.contains("top3"),
        "{header}"
    );
    // Row numbers instead of the phones' response ids.
    assert!(
        csv.body.lines().nth(1).unwrap().starts_with("1,"),
        "{}",
        csv.body
    );
}

fn theme<'a>(view: &'a Value, key: &str) -> Option<&'a Value> {
    view["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == key)
}

#[tokio::test]
async fn answers_keep_their_theme_when_more_arrive() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    let sid = survey.0;
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../analysis/tests/data/themes_unseen_a.csv"
    ))
    .unwrap();
    let texts: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[3].to_owned())
        .take(120)
        .collect();
    let send = |from: usize, to: usize| -> Vec<NewResponse> {
        (from..to)
            .map(|i| {
                let answers =
                    serde_json::json!({"top3": ["wages"], "change": texts[i], "contact": "no"});
                response(500 + i as u32, survey, p.section.id, &answers.to_string())
            })
            .collect()
    };
    app.store
        .ingest_responses(&send(0, 80), Timestamp(1_790_000_000))
        .await
        .unwrap();
    let mut admin = app.login(Role::NationalAdmin).await;
    let url = format!("/api/v1/surveys/{sid}/themes?question=change");
    let first = admin.api(Method::GET, &url, None).await.json();
    assert_eq!(first["few"], false, "{first}");
    let given = app
        .store
        .theme_assignments(survey, "change", p.nation.id)
        .await
        .unwrap();
    assert!(
        given.len() >= 70,
        "{} of 80 answers given a theme",
        given.len()
    );
    // Forty more answers: the eighty keep their themes, the new ones are given one.
    app.store
        .ingest_responses(&send(80, 120), Timestamp(1_790_000_100))
        .await
        .unwrap();
    let second = admin.api(Method::GET, &url, None).await.json();
    assert_eq!(second["answered"], 120, "{second}");
    let after = app
        .store
        .theme_assignments(survey, "change", p.nation.id)
        .await
        .unwrap();
    for (response, theme) in &given {
        assert!(
            after.contains(&(response.clone(), theme.clone())),
            "{response} {theme}"
        );
    }
    assert!(after.len() > given.len() + 30, "{} given", after.len());
    let names: Vec<&str> = second["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    for (_, theme) in &given {
        assert!(
            names.contains(&theme.as_str()),
            "{theme} still a theme: {names:?}"
        );
    }
}

#[tokio::test]
async fn themes_are_found_and_organizers_edits_hold() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    let sid = survey.0;
    let texts = [
        "De huur van ons appartement is weer gestegen",
        "Le loyer est devenu impayable pour notre famille",
        "Die Miete für unsere Wohnung ist zu hoch",
        "Our landlord raised the rent again this year",
        "Huurprijzen in de stad zijn onbetaalbaar geworden",
        "Mon propriétaire augmente encore le loyer",
        "Het zwembad moet open blijven voor de kinderen",
        "Het zwembad in onze wijk mag niet sluiten",
        "Red het zwembad, de kinderen leren er zwemmen",
        "Het zwembad is te duur geworden en gaat dicht",
        "Houd het zwembad open in de zomer",
        "Zonder zwembad kunnen de kinderen nergens zwemmen",
        "more trees and benches in the park please",
        "the park needs trees and a playground",
        "the park near us has no benches",
        "plant trees in the park and fix the playground",
        "a clean park with benches for the elderly",
        "our park needs more trees",
    ];
    let batch: Vec<NewResponse> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            response(
                100 + i as u32,
                survey,
                p.section.id,
                &format!(r#"{{"top3": ["wages"], "change": "{t}", "contact": "no"}}"#),
            )
        })
        .collect();
    app.store
        .ingest_responses(&batch, Timestamp(1_790_000_000))
        .await
        .unwrap();
    let mut admin = app.login(Role::NationalAdmin).await;
    let url = format!("/api/v1/surveys/{sid}/themes?question=change");
    let view = admin.api(Method::GET, &url, None).await.json();
    assert_eq!(view["answered"], 18);
    let housing = theme(&view, "housing").unwrap_or_else(|| panic!("{view}"));
    assert_eq!(housing["size"], 6, "{view}");
    assert_eq!(housing["discovered"], false);
    assert_eq!(housing["quotes"].as_array().unwrap().len(), 3);
    let found: Vec<&Value> = view["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["discovered"] == true)
        .collect();
    assert_eq!(found.len(), 2, "{view}");
    let pool = found
        .iter()
        .find(|t| t["key"].as_str().unwrap().contains("pool"))
        .unwrap_or_else(|| panic!("{view}"));
    let park = found
        .iter()
        .find(|t| t["key"].as_str().unwrap().contains("park"))
        .unwrap_or_else(|| panic!("{view}"));
    assert_eq!(
        (pool["size"].clone(), park["size"].clone()),
        (6.into(), 6.into())
    );

    // Rename the pool theme: it joins the lexicon under its new name.
    let page = format!("/surveys/{sid}/themes");
    let unit = p.nation.id.0.to_string();
    let res = admin
        .post(
            &page,
            &[
                ("unit", &unit),
                ("question", "change"),
                ("action", "rename"),
                ("theme", pool["key"].as_str().unwrap()),
                ("name", "Swimming pool"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let view = admin.api(Method::GET, &url, None).await.json();
    let renamed = theme(&view, "Swimming pool").unwrap_or_else(|| panic!("{view}"));
    assert_eq!(
        (renamed["size"].clone(), renamed["discovered"].clone()),
        (6.into(), false.into())
    );

    // Merge the park theme into it, then split it again.
    let park_key = view["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["discovered"] == true && t["key"].as_str().unwrap().contains("park"))
        .unwrap_or_else(|| panic!("{view}"))["key"]
        .clone();
    let res = admin
        .post(
            &page,
            &[
                ("unit", &unit),
                ("question", "change"),
                ("action", "merge"),
                ("theme", park_key.as_str().unwrap()),
                ("into", "Swimming pool"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let view = admin.api(Method::GET, &url, None).await.json();
    assert_eq!(theme(&view, "Swimming pool").unwrap()["size"], 12, "{view}");
    let res = admin
        .post(
            &page,
            &[
                ("unit", &unit),
                ("question", "change"),
                ("action", "split"),
                ("theme", "Swimming pool"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let view = admin.api(Method::GET, &url, None).await.json();
    assert!(theme(&view, "Swimming pool").is_none());
    let sizes: Vec<u64> = view["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["key"] != "housing")
        .map(|t| t["size"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, vec![6, 6], "{view}");

    // The edits live in the database: a second server finds the same themes.
    let mut other = app.second_server();
    let (_, email, password) = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == Role::NationalAdmin)
        .unwrap();
    other.login(&email, &password).await;
    let again = other.api(Method::GET, &url, None).await.json();
    assert_eq!(again["themes"], view["themes"]);
    assert!(
        app.store
            .theme_lexicon(survey, "change")
            .await
            .unwrap()
            .unwrap()
            .contains("zwembad")
    );

    // Mistakes are named; analysts read themes but do not edit them.
    for (fields, field) in [
        (
            vec![("action", "rename"), ("theme", "housing"), ("name", " ")],
            "name",
        ),
        (
            vec![
                ("action", "rename"),
                ("theme", "housing"),
                ("name", "x\nhousing,nl,huur"),
            ],
            "name",
        ),
        (
            vec![("action", "rename"), ("theme", "nothing"), ("name", "x")],
            "theme",
        ),
        (
            vec![
                ("action", "merge"),
                ("theme", "housing"),
                ("into", "housing"),
            ],
            "into",
        ),
        (
            vec![
                ("action", "lexicon"),
                ("lexicon", "theme,lang,terms\nparks,xx,tree\n"),
            ],
            "lexicon",
        ),
        (vec![("action", "burn")], "action"),
    ] {
        let mut all = vec![("unit", unit.as_str()), ("question", "change")];
        all.extend(fields);
        let res = admin.post(&page, &all).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{all:?}: {}",
            res.body
        );
        assert!(res.body.contains(field), "{field}: {}", res.body);
    }
    let mut analyst = app.login(Role::Analyst).await;
    assert_eq!(
        analyst.api(Method::GET, &url, None).await.status,
        StatusCode::OK
    );
    let html = analyst.get(&format!("{page}?q=change")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(
        !html.body.contains("name=\"action\""),
        "no edit forms for analysts"
    );
    let res = analyst
        .post(
            &page,
            &[
                ("unit", &unit),
                ("question", "change"),
                ("action", "split"),
                ("theme", "housing"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let html = admin.get(&format!("{page}?q=change")).await;
    let view = admin.api(Method::GET, &url, None).await.json();
    let quote = theme(&view, "housing").unwrap()["quotes"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(html.body.contains("id=\"lexicon\"") && html.body.contains(&quote));
    // Few answers: the page says the groups are a first reading.
    assert!(html.body.contains("id=\"few\""));
}

/// Security issue 13, finding 1: analysts read no free text word for word. They get no quotes,
/// and only top words used by at least 5 answers, without digits, and not written like a name.
#[tokio::test]
async fn analysts_see_no_quotes_and_no_rare_or_naming_words_in_themes() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    let sid = survey.0;
    let texts = [
        "The rent is too high, ask Jansen in the Kerkstraat about the union",
        "Our landlord raised the rent again, says Jansen",
        "The rent went up and Jansen from 12 ignores us",
        "The rent is impossible, Jansen told my family",
        "We pay too much rent like Jansen",
        "The rent for a small flat is too much",
    ];
    let batch: Vec<NewResponse> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            response(
                300 + i as u32,
                survey,
                p.section.id,
                &format!(r#"{{"top3": ["wages"], "change": "{t}", "contact": "no"}}"#),
            )
        })
        .collect();
    app.store
        .ingest_responses(&batch, Timestamp(1_790_000_000))
        .await
        .unwrap();
    let url = format!("/api/v1/surveys/{sid}/themes?question=change");
    let page = format!("/surveys/{sid}/themes?q=change");

    // National admins see the answers closest to a theme's centre, names and all.
    let mut admin = app.login(Role::NationalAdmin).await;
    let view = admin.api(Method::GET, &url, None).await.json();
    // One theme of the six answers, found by clustering and named after its top words.
    let rent = &view["themes"][0];
    assert_eq!(rent["size"], 6, "{view}");
    assert_eq!(rent["quotes"].as_array().unwrap().len(), 3, "{view}");
    assert!(view.to_string().contains("Jansen"), "{view}");
    let html = admin.get(&page).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("<blockquote>"), "{}", html.body);

    // Analysts: no quote, and only words of at least 5 answers that are no name and no number.
    let mut analyst = app.login(Role::Analyst).await;
    let res = analyst.api(Method::GET, &url, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let view = res.json();
    assert_eq!(view["themes"][0]["size"], 6, "{view}");
    for t in view["themes"].as_array().unwrap() {
        assert!(
            t["quotes"].as_array().is_none_or(|q| q.is_empty()),
            "{view}"
        );
        for words in t["top_terms"].as_object().unwrap().values() {
            for w in words.as_array().unwrap() {
                let w = w.as_str().unwrap();
                let used = texts
                    .iter()
                    .filter(|a| {
                        a.split(|c: char| !c.is_alphanumeric())
                            .any(|x| x.to_lowercase() == w)
                    })
                    .count();
                assert!(used >= 5, "{w} is used by {used} answers: {view}");
                assert!(!w.chars().any(char::is_numeric), "{view}");
            }
        }
    }
    let body = view.to_string().to_lowercase();
    assert!(body.contains("\"rent\""), "{view}");
    for secret in ["jansen", "kerkstraat", "landlord"] {
        assert!(!body.contains(secret), "{secret} in {view}");
    }
    let html = analyst.get(&page).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(!html.body.contains("<blockquote>"), "{}", html.body);
    let lower = html.body.to_lowercase();
    for secret in ["jansen", "kerkstraat", "landlord", "ignores"] {
        assert!(!lower.contains(secret), "{secret} in the page");
    }
}

//! Results of what field forms collect besides choices: numbers and dates as distributions with
//! quartiles, places as a hexagon map, repeats counted per row and per respondent, and what a
//! reader who sees no names gets of them.

use crate::support::{NOW, TestApp};
use axum::http::Method;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::survey::{Answers, Channel, SurveyDefinition};
use enquete_store::NewResponse;
use serde_json::{Value, json};

fn household() -> SurveyDefinition {
    serde_json::from_value(json!({
        "form_id": "household_results",
        "title": {"en": "Household visit"},
        "questions": [
            {"name": "visited", "label": {"en": "Day of the visit"}, "type": "date"},
            {"name": "rent", "label": {"en": "Rent"}, "type": "decimal"},
            {"name": "age", "label": {"en": "Age"}, "type": "number", "min": 0, "max": 120,
             "group": "hh/members"},
            {"name": "works", "label": {"en": "Works"}, "type": "single_choice",
             "group": "hh/members",
             "choices": [{"name": "yes", "label": {"en": "Yes"}}, {"name": "no", "label": {"en": "No"}}]},
            {"name": "place", "label": {"en": "Where"}, "type": "geopoint"}
        ],
        "groups": [
            {"name": "hh", "label": {"en": "Household"}, "at": 2},
            {"name": "members", "parent": "hh", "label": {"en": "Members"}, "repeat": true, "at": 2}
        ]
    }))
    .unwrap()
}

fn question<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["code"] == code)
        .unwrap()
}

#[tokio::test]
async fn numbers_dates_places_and_repeats_have_results_of_their_own() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app
        .store
        .publish_survey(&household(), None, None, NOW)
        .await
        .unwrap()
        .id;
    // 40 households in the section: 1 to 3 members each, adults working one time in two; 37
    // visited around one street corner, 3 at one farm far away.
    let mut batch = Vec::new();
    let (mut rows, mut working_rows, mut ages) = (0, 0, Vec::new());
    let mut households_working = 0;
    for i in 0..40_u32 {
        let members: Vec<Value> = (0..=(i % 3))
            .map(|m| {
                let age = 20 + (i * 7 + m * 13) % 60;
                let works = if (i + m) % 2 == 0 { "yes" } else { "no" };
                rows += 1;
                ages.push(age);
                working_rows += u32::from(works == "yes");
                json!({"hh/members/age": age, "hh/members/works": works})
            })
            .collect();
        households_working += u32::from(members.iter().any(|m| m["hh/members/works"] == "yes"));
        let place = if i < 37 {
            format!("50.85{:02} 4.35{:02} 20 {}", i % 7, i % 5, 3 + i % 4)
        } else {
            "51.2 4.9 0 8".to_owned()
        };
        let answers: Answers = serde_json::from_value(json!({
            "visited": format!("2026-03-{:02}", 1 + i % 28),
            "rent": 400.0 + f64::from(i % 4) * 100.0 + if i == 0 { 2.5 } else { 0.0 },
            "hh/members": members,
            "place": place,
        }))
        .unwrap();
        batch.push(NewResponse {
            id: format!("0190d000-0000-7000-9000-{i:012}"),
            survey,
            version: 1,
            unit: p.section.id,
            channel: Channel::Door,
            collector: None,
            collected_at: Timestamp(1_790_000_000),
            answers,
            contact: None,
            origin: "test".into(),
        });
    }
    app.store
        .ingest_responses(&batch, Timestamp(1_790_000_000))
        .await
        .unwrap();
    let url = format!(
        "/api/v1/surveys/{}/results?unit_id={}",
        survey.0, p.section.id.0
    );
    let mut admin = app.login(Role::NationalAdmin).await;
    let all = admin.api(Method::GET, &url, None).await.json();

    // Rent: ten households each at 400, 500, 600 and 700 (one at 402.5): the median falls
    // between the 20th (500) and the 21st (600).
    let rent = &question(&all, "rent")["distribution"];
    assert_eq!(rent["scale"], "decimal");
    assert_eq!(rent["median"]["value"].as_f64(), Some(550.0), "{rent}");
    let (low, high) = (
        rent["median"]["low"].as_f64().unwrap(),
        rent["median"]["high"].as_f64().unwrap(),
    );
    assert!(low <= 500.0 && high >= 600.0, "{rent}");
    assert_eq!(rent["min"], "400");
    assert_eq!(rent["max"], "700");
    let counted: u64 = rent["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 40, "every answer in one bar: {rent}");

    // The days of the visits, in March.
    let visited = &question(&all, "visited")["distribution"];
    assert_eq!(visited["scale"], "date");
    assert_eq!(visited["min"], "2026-03-01");
    assert_eq!(visited["max"], "2026-03-28");

    // Members: per row and per household.
    let members = &all["repeats"][0];
    assert_eq!(members["path"], "hh/members");
    assert_eq!(members["rows"], rows);
    assert_eq!(members["respondents"], 40);
    let works = members["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["code"] == "works")
        .unwrap();
    let yes = &works["options"][0];
    assert_eq!(yes["rows"], working_rows);
    assert_eq!(yes["respondents"], households_working);
    assert_eq!(
        question(&all, "works")["repeat"],
        "hh/members",
        "per respondent, the households with at least one"
    );
    let age = members["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["code"] == "age")
        .unwrap();
    ages.sort_unstable();
    let n = ages.len();
    let median = if n % 2 == 0 {
        f64::from(ages[n / 2 - 1] + ages[n / 2]) / 2.0
    } else {
        f64::from(ages[n / 2])
    };
    assert_eq!(
        age["distribution"]["median"]["value"].as_f64(),
        Some(median)
    );
    let per_household: u64 = members["per_respondent"]["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(per_household, 40);

    // The map: every place in a hexagon; the farm's 3 in one of their own.
    let map = &question(&all, "place")["map"];
    let hexes = map["hexes"].as_array().unwrap();
    assert_eq!(
        hexes
            .iter()
            .map(|h| h["count"].as_u64().unwrap())
            .sum::<u64>(),
        40
    );
    assert!(hexes.iter().any(|h| h["count"] == 3), "{map}");
    assert_eq!(map["hidden"], 0);

    // A reader who sees no names: no hexagon under 5, no extremes, no bar under 5, and the
    // figures of the rows only where those of the households are all shown.
    let mut analyst = app.login(Role::Analyst).await;
    let seen = analyst.api(Method::GET, &url, None).await.json();
    if std::env::var("SHOW").is_ok() {
        for r in [&all, &seen] {
            println!("{}", question(r, "rent")["distribution"]);
            println!("{}", question(r, "place")["map"]);
            println!("{}", r["repeats"]);
        }
    }
    let map = &question(&seen, "place")["map"];
    assert!(
        map["hexes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["count"].as_u64().unwrap() >= 5),
        "{map}"
    );
    assert!(
        map["hidden"].is_null(),
        "3 hidden answers are not a count to give: {map}"
    );
    assert_eq!(map["hexes"][0]["count"], 37, "{map}");
    let rent = &question(&seen, "rent")["distribution"];
    assert!(rent["min"].is_null() && rent["max"].is_null(), "{rent}");
    assert_eq!(rent["median"]["value"].as_f64(), Some(550.0));
    for b in rent["bins"].as_array().unwrap() {
        assert!(
            b["count"].is_null() || b["count"].as_u64().unwrap() >= 5 || b["count"] == 0,
            "{rent}"
        );
    }
    let hidden_bins = rent["bins"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["count"].is_null())
        .count();
    assert_ne!(
        hidden_bins, 1,
        "a single hidden bar is the total minus the others"
    );
    assert!(
        rent["bins"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["count"] == 10),
        "bars of 10 are shown: {rent}"
    );
    let members = &seen["repeats"][0];
    for q in members["questions"].as_array().unwrap() {
        for o in q["options"].as_array().unwrap() {
            assert!(
                o["respondents"].is_null() || o["respondents"].as_u64().unwrap() >= 5,
                "{o}"
            );
            if o["respondents"].is_null() {
                assert!(o["rows"].is_null(), "{q}");
            }
        }
        assert!(
            q["distribution"]["bins"]
                .as_array()
                .is_none_or(|b| b.is_empty()),
            "a repeat's rows are not drawn as bars for this reader: {q}"
        );
    }

    // The page draws them at a phone's width without JavaScript.
    let page = admin
        .get(&format!(
            "/surveys/{}/results?unit={}",
            survey.0, p.section.id.0
        ))
        .await;
    let html = page.body;
    assert!(html.contains("class=\"hexmap\""), "{html}");
    assert!(html.contains("id=\"repeat-hh-members\""));
    assert!(html.contains("Median 550"), "{html}");
}

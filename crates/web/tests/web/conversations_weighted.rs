//! A conversation weighted to the population: linked to the enquête, its public page asks
//! where people live and the enquête's weighting questions (optional); the groups are then
//! counted as shares of the population with their ranges, per section, and bad answers about
//! oneself are refused with the field named.

use crate::support::{Client, NOW, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use enquete_domain::account::Role;
use enquete_domain::org::UnitId;
use enquete_store::PopulationMargin;

async fn send_json(
    c: &mut Client,
    token: &str,
    body: serde_json::Value,
) -> crate::support::Response {
    c.send(
        Request::post(format!("/c/{token}/votes"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn groups_are_weighted_to_the_population_and_shown_per_section() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let city = p.city.id;
    let survey = app.store.surveys().await.unwrap()[0].id;
    let sections = app.store.children(city, false).await.unwrap();
    // Another neighbourhood of the city (people do not live in a workplace section).
    let other = match sections
        .iter()
        .find(|u| u.id != p.section.id && u.kind == enquete_domain::org::UnitKind::Neighbourhood)
    {
        Some(u) => u.id,
        None => {
            app.store
                .create_unit(
                    Some(city),
                    enquete_domain::org::UnitKind::Neighbourhood,
                    &enquete_domain::org::UnitName::parse("Gent Noord").unwrap(),
                    NOW,
                )
                .await
                .unwrap()
                .id
        }
    };
    assert!(!sections.is_empty());
    // The city is half women, half men.
    let margin = |category: &str| PopulationMargin {
        unit: city,
        variable: "gender".into(),
        category: category.into(),
        population: 5_000.0,
    };
    app.store
        .import_margins(&[margin("woman"), margin("man")], None, NOW)
        .await
        .unwrap();
    let mut org = app.login(Role::Organizer).await;
    let r = org
        .post(
            &format!("/units/{}/conversations", city.0),
            &[("title", "Our city")],
        )
        .await;
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    for t in [
        "Rents must be capped",
        "Social housing first",
        "Empty buildings requisitioned",
        "More buses at night",
        "Free public transport",
        "Safe cycle lanes",
        "Parks need benches",
    ] {
        let r = org
            .post(
                &format!("/conversations/{id}/statements"),
                &[("language", "en"), ("text", t)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let token = app.store.conversation(id).await.unwrap().token;
    let statements = app.store.statements(id, true).await.unwrap();

    // Not linked yet: the page asks where people live, not their gender.
    let mut visitor = app.client();
    let page = visitor.get(&format!("/c/{token}")).await;
    assert!(page.body.contains("name=\"place\""), "{}", page.body);
    assert!(!page.body.contains("name=\"about_gender\""));
    // A bad survey number is refused, naming the field; then the enquête is linked.
    let r = org
        .post(
            &format!("/conversations/{id}/survey"),
            &[("survey", "999999")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("survey"), "{}", r.body);
    let r = org
        .post(
            &format!("/conversations/{id}/survey"),
            &[("survey", &survey.0.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = visitor.get(&format!("/c/{token}")).await;
    assert!(page.body.contains("name=\"about_gender\""), "{}", page.body);
    // Only questions with population figures are asked: no age without figures for it.
    assert!(!page.body.contains("name=\"about_age_band\""));

    // Answers about oneself that do not fit (a made-up choice, a question not asked, a place
    // outside the city): left out and named, the votes kept.
    let vote = |s: usize, v: &str| serde_json::json!({"statement": statements[s].id, "vote": v, "at": "2026-11-30T10:00:00Z"});
    let key = "visitor-key-0000000001";
    let r = send_json(
        &mut visitor,
        &token,
        serde_json::json!({"participant": key, "votes": [vote(0, "agree")],
            "about": {"gender": "alien", "income": "high"}, "place": p.far.id.0}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let answer: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(answer["changed"], 1, "{answer}");
    let mut ignored: Vec<&str> = answer["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    ignored.sort_unstable();
    assert_eq!(ignored, ["about_gender", "about_income", "place"]);
    assert!(
        app.store.participant_profiles(id).await.unwrap().is_empty(),
        "nothing that does not fit is kept"
    );
    // A vote on a statement that does not exist: refused, named, and nothing about the person
    // kept either.
    let r = send_json(
        &mut visitor,
        &token,
        serde_json::json!({"participant": "visitor-key-0000000009",
            "votes": [{"statement": 987654, "vote": "agree", "at": "2026-11-30T10:00:00Z"}],
            "about": {"gender": "woman"}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("statement"), "{}", r.body);
    assert!(app.store.participant_profiles(id).await.unwrap().is_empty());
    // Through the form: a vote with gender and place.
    let r = visitor
        .post(
            &format!("/c/{token}"),
            &[
                (format!("vote_{}", statements[0].id).as_str(), "agree"),
                ("about_gender", "woman"),
                ("place", &p.section.id.0.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // From a phone: sent twice, kept once.
    let body = serde_json::json!({"participant": key, "votes": [vote(0, "agree"), vote(1, "agree")],
        "about": {"gender": "woman"}, "place": p.section.id.0});
    for _ in 0..2 {
        let r = send_json(&mut visitor, &token, body.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    // 30 women in the section agree with housing; 10 men elsewhere with transport; 3 people who
    // did not say anything about themselves, in a third place (or none).
    let camp = |housing: bool| -> Vec<(i64, i8, enquete_domain::Timestamp)> {
        statements
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let v = match (i, housing) {
                    (6, _) => 1,
                    (0..=2, true) | (3..=5, false) => 1,
                    _ => -1,
                };
                (s.id, v, NOW)
            })
            .collect()
    };
    for n in 0..43 {
        let key = format!("participant-weighted-{n:04}");
        let (housing, gender, place): (bool, Option<&str>, Option<UnitId>) = match n {
            0..30 => (true, Some("woman"), Some(p.section.id)),
            30..40 => (false, Some("man"), Some(other)),
            _ => (true, None, None),
        };
        let answers: Vec<(String, String)> = gender
            .map(|g| vec![("gender".to_owned(), g.to_owned())])
            .unwrap_or_default();
        app.store
            .set_participant_profile(id, &key, place, &answers, NOW)
            .await
            .unwrap();
        app.store
            .sync_votes(id, &key, place, &camp(housing), NOW)
            .await
            .unwrap();
    }
    let page = org.get(&format!("/conversations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_eq!(body.matches("class=\"card group\"").count(), 2, "{body}");
    // 32 women (and 3 who did not say) against 10 men: unweighted the housing group is 77%;
    // weighted to a city of half women, half men it stands for about half.
    assert!(body.contains("Weighted to the population of"), "{body}");
    assert!(body.contains("42 of 45 people said"), "{body}");
    let shares: Vec<u32> = body
        .match_indices("standing for about ")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            rest[..rest.find('%').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(shares.len(), 2, "{body}");
    assert!(shares.iter().all(|s| (45..=55).contains(s)), "{shares:?}");
    assert!(body.contains("likely"), "the range is said: {body}");
    // Per section: the section and the other place, and those who said nothing.
    assert!(body.contains("id=\"places\""), "{body}");
    assert!(body.contains(p.section.name.as_str()));
    assert!(body.contains("Elsewhere or not said"));
    assert!(
        !body.contains("participant-weighted"),
        "nobody sees who voted"
    );

    // An analyst: the place with 3 people is put with the others, never shown alone, and no
    // share resting on 1-4 people of a group is shown.
    let mut analyst = app.login(Role::Analyst).await;
    let page = analyst.get(&format!("/conversations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("standing for about"), "{}", page.body);
    // The 3 who said nothing are put with the smallest section (13 together); 3 of them in
    // the housing group is a small count, so that row's shares are hidden, and the other row's
    // with it (the group sizes would give them away).
    assert!(
        !page.body.contains("<td data-label=\"People\">3</td>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<td data-label=\"People\">13</td>"),
        "{}",
        page.body
    );
    assert_eq!(
        page.body.matches("hidden: too few to show").count(),
        4,
        "{}",
        page.body
    );
    // 3 did not say their gender: how many did is not said to the analyst either.
    assert!(!page.body.contains("42 of 45"), "{}", page.body);
    assert!(
        page.body
            .contains("those who did not say count at the average weight")
    );
    assert!(
        !page.body.contains("/survey\""),
        "analysts do not link surveys"
    );
    let r = analyst
        .post(&format!("/conversations/{id}/survey"), &[("survey", "")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Unlinked: the shares are of those who took part, said so.
    let r = org
        .post(&format!("/conversations/{id}/survey"), &[("survey", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = org.get(&format!("/conversations/{id}")).await;
    assert!(
        page.body.contains("not weighted to the population"),
        "{}",
        page.body
    );
    assert!(page.body.contains("of those in a group"), "{}", page.body);
}

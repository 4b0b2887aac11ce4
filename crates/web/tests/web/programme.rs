//! The festival's programme and volunteer shifts over the web: the team adds stages, speakers
//! (a guest's travel tracked, flagged while missing) and sessions (clashes said, bad input
//! named with nothing kept); the public programme reads in each language and as an iCalendar
//! feed; a shift is an action whose sign-ups and check-ins show who is short where, and its
//! check-in moves the volunteer on the ladder.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::account::Role;
use enquete_domain::festival::FestivalId;

async fn post_ok(c: &mut Client, path: &str, fields: &[(&str, &str)]) {
    let r = c.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
}

async fn festival(admin: &mut Client, nation: i64) -> i64 {
    admin.get("/festivals").await;
    let r = admin
        .post(
            "/festivals",
            &[
                ("unit", &nation.to_string()),
                ("name", "ManiFiesta"),
                ("starts_on", "2027-09-04"),
                ("ends_on", "2027-09-05"),
                ("iban", "BE68 5390 0754 7034"),
            ],
        )
        .await;
    r.location()
        .trim_start_matches("/festivals/")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_programme_is_built_by_the_team_and_read_in_every_language() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let id = festival(&mut admin, p.nation.id.0).await;
    let base = format!("/festivals/{id}");
    post_ok(
        &mut admin,
        &format!("{base}/venues"),
        &[("name", "Debate tent")],
    )
    .await;
    post_ok(
        &mut admin,
        &format!("{base}/speakers"),
        &[
            ("name", "Ana Ferreira"),
            ("affiliation", "CGTP, Portugal"),
            ("from_abroad", "on"),
        ],
    )
    .await;
    post_ok(
        &mut admin,
        &format!("{base}/speakers"),
        &[("name", "Sara Haddad"), ("affiliation", "Tenants")],
    )
    .await;
    let venue = app.store.venues(FestivalId(id)).await.unwrap()[0]
        .id
        .to_string();
    let speakers = app.store.speakers(FestivalId(id)).await.unwrap();
    let ana = speakers
        .iter()
        .find(|s| s.draft.name == "Ana Ferreira")
        .unwrap()
        .id
        .to_string();
    let sara = speakers
        .iter()
        .find(|s| s.draft.name == "Sara Haddad")
        .unwrap()
        .id
        .to_string();
    let talk = [
        ("title_en", "Ports against war"),
        ("title_nl", "Havens tegen de oorlog"),
        ("title_fr", "Des ports contre la guerre"),
        ("venue", venue.as_str()),
        ("starts_at", "2027-09-04T15:30"),
        ("ends_at", "2027-09-04T17:00"),
        ("language", "en"),
        ("interpretation", "nl, fr"),
        ("speaker", ana.as_str()),
        ("speaker", sara.as_str()),
    ];
    // Bad input: named, nothing kept.
    for (field, value, named) in [
        ("ends_at", "2027-09-04T15:00", "Ends at"),
        ("language", "English", "Language"),
        ("venue", "999999", "Stage or room"),
        ("speaker", "999999", "Speakers"),
    ] {
        let mut bad: Vec<(&str, &str)> =
            talk.iter().filter(|(k, _)| *k != field).copied().collect();
        bad.push((field, value));
        let r = admin.post(&format!("{base}/sessions"), &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.body.contains(named), "{field}: {}", r.body);
    }
    assert!(
        app.store
            .programme(FestivalId(id))
            .await
            .unwrap()
            .is_empty()
    );
    post_ok(&mut admin, &format!("{base}/sessions"), &talk).await;
    // The same speaker in the same tent at an overlapping time: the team page says so.
    let mut overlap = talk;
    overlap[0] = ("title_en", "Dockers meet");
    overlap[4] = ("starts_at", "2027-09-04T16:30");
    overlap[5] = ("ends_at", "2027-09-04T18:00");
    post_ok(&mut admin, &format!("{base}/sessions"), &overlap[..9]).await;
    let team = admin.get(&format!("{base}/programme")).await;
    assert_eq!(team.status, StatusCode::OK);
    assert!(team.body.contains(r#"id="clashes""#), "{}", team.body);
    assert!(team.body.contains("Debate tent") && team.body.contains("Ana Ferreira"));
    assert!(
        team.body.contains("Travel not arranged yet"),
        "{}",
        team.body
    );
    // Her travel arranged later: the flag goes.
    post_ok(
        &mut admin,
        &format!("{base}/speakers"),
        &[
            ("speaker", ana.as_str()),
            ("name", "Ana Ferreira"),
            ("affiliation", "CGTP, Portugal"),
            ("from_abroad", "on"),
            ("travel", "TP 612, Zaventem 10:05"),
            ("accommodation", "Hotel Central"),
            ("arrives_at", "2027-09-03T10:05"),
        ],
    )
    .await;
    let team = admin.get(&format!("{base}/programme")).await;
    assert!(
        !team.body.contains("Travel not arranged yet"),
        "{}",
        team.body
    );
    assert!(team.body.contains("TP 612"));

    // The public programme, in Dutch and in French, without an account.
    let mut visitor = app.client();
    let nl = visitor.get(&format!("/programme/{id}?lang=nl")).await;
    assert_eq!(nl.status, StatusCode::OK);
    assert!(nl.body.contains("Havens tegen de oorlog"), "{}", nl.body);
    assert!(nl.body.contains("15:30 – 17:00"));
    assert!(nl.body.contains("Ana Ferreira (CGTP, Portugal)"));
    assert!(!nl.body.contains("TP 612"), "travel stays with the team");
    let fr = visitor.get(&format!("/programme/{id}?lang=fr")).await;
    assert!(
        fr.body.contains("Des ports contre la guerre"),
        "{}",
        fr.body
    );
    // German was not written: the English title stands in.
    let de = visitor.get(&format!("/programme/{id}?lang=de")).await;
    assert!(de.body.contains("Ports against war"), "{}", de.body);
    let ics = visitor
        .get(&format!("/programme/{id}/calendar.ics?lang=nl"))
        .await;
    assert_eq!(ics.status, StatusCode::OK);
    let unfolded = ics.body.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Havens tegen de oorlog"),
        "{unfolded}"
    );
    assert!(unfolded.contains("DTSTART;TZID=Europe/Brussels:20270904T153000"));
    assert!(unfolded.contains("DTEND;TZID=Europe/Brussels:20270904T170000"));
    assert!(unfolded.contains("LOCATION:Debate tent"));
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 2);
    assert!(!unfolded.contains("TP 612"));
}

#[tokio::test]
async fn shifts_show_who_is_short_where_and_a_check_in_counts_on_the_ladder() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let id = festival(&mut admin, p.nation.id.0).await;
    let base = format!("/festivals/{id}");
    let mut shift = [
        ("unit", p.nation.id.0.to_string()),
        ("team", "bar".to_owned()),
        ("title", "Bar, evening".to_owned()),
        ("starts_at", "2027-09-04T18:00".to_owned()),
        ("ends_at", "2027-09-04T23:30".to_owned()),
        ("places", "3".to_owned()),
    ];
    let send = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    for (field, value, named) in [
        ("team", "juggling", "Team"),
        ("ends_at", "2027-09-04T17:00", "Ends at"),
        ("places", "", "Places"),
    ] {
        let mut bad = send(&shift);
        bad.iter_mut().find(|(k, _)| *k == field).unwrap().1 = value.to_owned();
        let fields: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = admin.post(&format!("{base}/shifts"), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.body.contains(named), "{field}: {}", r.body);
    }
    let fields: Vec<(&str, &str)> = shift.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_ok(&mut admin, &format!("{base}/shifts"), &fields).await;
    shift[0].1 = p.city.id.0.to_string();
    shift[1].1 = "stand".into();
    shift[2].1 = "Stand of the city".into();
    let fields: Vec<(&str, &str)> = shift.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_ok(&mut admin, &format!("{base}/shifts"), &fields).await;
    let shifts = app.store.shifts(FestivalId(id)).await.unwrap();
    assert_eq!(shifts.len(), 2);
    let bar = shifts.iter().find(|(s, _)| s.team == "bar").unwrap().1.id;
    // One volunteer signs up and checks in at the bar: two places still short there.
    let people = app
        .store
        .search_people(
            &enquete_domain::policy::PeopleVisibility::Subtree(p.city.path.clone()),
            &enquete_store::PeopleQuery {
                limit: 1,
                stage: Some(enquete_domain::people::Stage::Contact),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .people;
    let person = people[0].person.id;
    let now = enquete_domain::Timestamp::now_utc();
    app.store
        .rsvp(bar, person, false, "test", now)
        .await
        .unwrap();
    let before = app.store.person(person).await.unwrap().person.stage;
    let checked = app
        .store
        .check_in(bar, person, None, now, None)
        .await
        .unwrap();
    let page = admin.get(&format!("{base}/shifts")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Places still to fill: 5"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Bar, evening") && page.body.contains("Stand of the city"));
    // The check-in went through the ladder rules, as at any action (1 sympathiser, 3 active).
    let after = app.store.person(person).await.unwrap().person.stage;
    assert_eq!(before, enquete_domain::people::Stage::Contact);
    assert!(!checked.already, "{checked:?}");
    let expected = if checked.attended >= 3 {
        enquete_domain::people::Stage::Active
    } else {
        enquete_domain::people::Stage::Sympathiser
    };
    assert_eq!(after, expected, "{checked:?}");
    assert_eq!(checked.moved_to, Some(expected));
}

#[tokio::test]
async fn buyers_and_entries_come_back_into_the_sections() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    // The organizer says which postcode the canvasser's section covers; a city cannot.
    let page = org.get(&format!("/units/{}", p.section.id.0)).await;
    assert!(
        page.body.contains(r#"id="postcodes-form""#),
        "{}",
        page.body
    );
    let r = org
        .post(
            &format!("/units/{}/postcodes", p.section.id.0),
            &[("postcodes", "9000, 9030")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = org
        .post(
            &format!("/units/{}/postcodes", p.section.id.0),
            &[("postcodes", "9000 !!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store.postcodes(p.section.id).await.unwrap(),
        ["9000", "9030"]
    );
    let mut admin = app.login(Role::NationalAdmin).await;
    let id = festival(&mut admin, p.nation.id.0).await;
    post_ok(
        &mut admin,
        &format!("/festivals/{id}/types"),
        &[
            ("code", "child"),
            ("name_en", "Child"),
            ("kind", "child"),
            ("price", "0"),
            ("quota", "10"),
            ("sale_from", "2026-01-01"),
            ("sale_until", "2030-01-01"),
        ],
    )
    .await;
    let ty = app.store.ticket_types(FestivalId(id)).await.unwrap()[0].id;
    let mut visitor = app.client();
    visitor.get(&format!("/tickets/{id}")).await;
    for (name, email, postcode, contact) in [
        ("Nora Noord", "nora.noord@example.org", "9030", true),
        ("Far Away", "far.away@example.org", "4000", true),
        ("No Thanks", "no.thanks@example.org", "9000", false),
    ] {
        let mut fields = vec![
            (format!("type_{}", ty.0), "1".to_owned()),
            ("name".into(), name.into()),
            ("email".into(), email.into()),
            ("postcode".into(), postcode.into()),
        ];
        if contact {
            fields.push(("contact".into(), "yes".into()));
        }
        let f: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = visitor.post(&format!("/tickets/{id}"), &f).await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{}",
            r.body
        );
    }
    let r = admin.post(&format!("/festivals/{id}/loop"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(r#"id="loop-report""#), "{}", r.body);
    assert!(
        r.body
            .contains("1 buyers became contacts of the section of their postcode"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("1 have no section for their postcode"),
        "{}",
        r.body
    );
    assert!(r.body.contains(p.section.name.as_str()), "{}", r.body);
    // The organizer finds Nora among the section's people; the buyer who said no is nowhere.
    let people = org.get("/people?q=Nora").await;
    assert!(people.body.contains("Nora Noord"), "{}", people.body);
    let none = org.get("/people?q=Thanks").await;
    assert!(!none.body.contains("No Thanks"));
    // Again: nothing new.
    let again = admin.post(&format!("/festivals/{id}/loop"), &[]).await;
    assert!(
        again.body.contains("0 buyers became contacts"),
        "{}",
        again.body
    );
}

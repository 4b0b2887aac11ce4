//! From results to action, end to end through the API and the pages: a focus chosen from an
//! enquête result cascades to every section as targets, an action fills up with RSVPs and a
//! waiting list, check-ins move people up the ladder, and progress adds up at every level.

use crate::support::{Client, TestApp};
use axum::http::{Method, StatusCode};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::campaign::{ActionId, CampaignId, Metric, PetitionId};
use enquete_domain::org::{UnitId, UnitKind};
use enquete_domain::people::{PersonId, PersonInput, Stage};
use enquete_domain::survey::{Answers, Channel};
use enquete_store::{Backend, NewResponse};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Dates around today, so that what the handlers stamp with the clock falls in the campaign.
fn window() -> (String, String) {
    let now = Timestamp::now_utc().0;
    (
        Timestamp(now - 86_400).date(),
        Timestamp(now + 30 * 86_400).date(),
    )
}

async fn add_people(app: &TestApp, unit: UnitId, n: usize, prefix: &str) -> Vec<PersonId> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let input = PersonInput {
            name: format!("{prefix} {i}"),
            ..Default::default()
        };
        out.push(
            app.store
                .create_person(
                    unit,
                    &input.parse().unwrap(),
                    &[],
                    None,
                    Timestamp::now_utc(),
                    None,
                )
                .await
                .unwrap()
                .person
                .id,
        );
    }
    out
}

fn metric<'a>(unit: &'a Value, name: &str) -> &'a Value {
    unit["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == name)
        .unwrap_or_else(|| panic!("no {name} in {unit}"))
}

async fn progress_at(client: &mut Client, campaign: i64, unit: UnitId) -> Value {
    let res = client
        .api(
            Method::GET,
            &format!("/api/v1/campaigns/{campaign}/progress?unit_id={}", unit.0),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn a_focus_from_the_results_reaches_every_section_and_progress_adds_up() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    // What the enquête found: housing first for 12 of 20 people in the canvasser's section.
    let batch: Vec<NewResponse> = (0..20)
        .map(|i| {
            let first = if i < 12 { "housing" } else { "wages" };
            let answers: Answers =
                serde_json::from_str(&format!(r#"{{"top3": ["{first}"], "contact": "no"}}"#))
                    .unwrap();
            NewResponse {
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
            }
        })
        .collect();
    app.store
        .ingest_responses(&batch, Timestamp(1_790_000_000))
        .await
        .unwrap();

    // The national admin makes housing the national focus, with targets for the whole country.
    let mut admin = app.login(Role::NationalAdmin).await;
    let results = admin.get(&format!("/surveys/{}/results", survey.0)).await;
    assert!(
        results.body.contains("action=\"/campaigns#new\""),
        "{}",
        results.body
    );
    let form = admin
        .get(&format!(
            "/campaigns?survey={}&question=top3&choice=housing",
            survey.0
        ))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body.to_lowercase().contains("value=\"housing"),
        "the title is the answer: {}",
        form.body
    );
    assert!(form.body.contains("60%"), "the figures come along");
    let (starts, ends) = window();
    let res = admin
        .api(
            Method::POST,
            "/api/v1/campaigns",
            Some(json!({
                "unit_id": p.nation.id.0, "title": "Housing for all", "starts_on": starts, "ends_on": ends,
                "survey_id": survey.0, "question": "top3", "choice": "housing",
                "targets": {"attendance": 1000, "new_sympathisers": 400}
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let k = res.json();
    let kid = k["id"].as_i64().unwrap();
    let evidence = k["evidence"].as_str().unwrap();
    assert!(
        evidence.contains("60%"),
        "the figure it came from: {evidence}"
    );
    assert!(evidence.contains("20 respondents"), "{evidence}");

    // Every unit has a target; at every level the children add up to their parent.
    let targets = app.store.campaign_targets(CampaignId(kid)).await.unwrap();
    let units = app.store.subtree(&p.nation.path, false).await.unwrap();
    let attendance: HashMap<UnitId, u64> = targets
        .iter()
        .filter(|t| t.metric == Metric::Attendance)
        .map(|t| (t.unit, t.target))
        .collect();
    let sections = units.iter().filter(|u| u.kind.is_section()).count();
    assert!(sections > 10);
    assert_eq!(attendance.len(), units.len(), "a target in every unit");
    assert_eq!(attendance[&p.nation.id], 1000);
    for u in &units {
        let kids: Vec<_> = units.iter().filter(|c| c.parent == Some(u.id)).collect();
        if !kids.is_empty() {
            let sum: u64 = kids.iter().map(|c| attendance[&c.id]).sum();
            assert_eq!(
                sum,
                attendance[&u.id],
                "children of {} add up",
                u.name.as_str()
            );
        }
    }

    // The city's organizer raises the canvasser's section's target, and plans an action there
    // with 3 places.
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .api(
            Method::PUT,
            &format!("/api/v1/campaigns/{kid}/targets"),
            Some(json!({"unit_id": p.section.id.0, "targets": {"attendance": 50}})),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    // Not above their own scope.
    let res = org
        .api(
            Method::PUT,
            &format!("/api/v1/campaigns/{kid}/targets"),
            Some(json!({"unit_id": p.nation.id.0, "targets": {"attendance": 1}})),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.section.id.0, "campaign_id": kid, "title": "Rent strike meeting",
                "place": "Community hall", "starts_at": format!("{}T19:00", ends), "capacity": 3
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let action = res.json()["id"].as_i64().unwrap();

    // Four answer: three places, one on the waiting list.
    let people = add_people(&app, p.section.id, 4, "Tenant").await;
    let mut statuses = Vec::new();
    for person in &people {
        let res = org
            .api(
                Method::POST,
                &format!("/api/v1/actions/{action}/rsvps"),
                Some(json!({"person_id": person.0})),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        statuses.push(res.json()["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(statuses, ["confirmed", "confirmed", "confirmed", "waiting"]);

    // Three come and are checked in: a first action makes them sympathisers.
    for person in &people[..3] {
        let res = org
            .api(
                Method::POST,
                &format!("/api/v1/actions/{action}/checkins"),
                Some(json!({"person_id": person.0})),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["moved_to"], "sympathiser");
    }
    // One of them comes to two more actions and becomes active.
    for title in ["Second meeting", "Third meeting"] {
        let res = org
            .api(
                Method::POST,
                "/api/v1/actions",
                Some(json!({
                    "unit_id": p.section.id.0, "campaign_id": kid, "title": title,
                    "place": "Hall", "starts_at": format!("{}T19:00", ends)
                })),
            )
            .await;
        let next = res.json()["id"].as_i64().unwrap();
        let res = org
            .api(
                Method::POST,
                &format!("/api/v1/actions/{next}/checkins"),
                Some(json!({"person_id": people[0].0})),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let ann = app.store.person(people[0]).await.unwrap();
    assert_eq!(ann.person.stage, Stage::Active);
    let history = app.store.stage_history(people[0]).await.unwrap();
    assert_eq!(
        history.iter().map(|h| h.to).collect::<Vec<_>>(),
        [Stage::Contact, Stage::Sympathiser, Stage::Active]
    );
    assert!(history[2].reason.contains("attended 3 actions"));
    assert_eq!(
        app.store.person(people[3]).await.unwrap().person.stage,
        Stage::Contact,
        "the one who did not come stays where they were"
    );

    // Progress: 5 check-ins and 3 new sympathisers, the same at section, city, region and
    // nation; nothing in a region where nothing happened.
    let region = app.store.unit(p.city.parent.unwrap()).await.unwrap();
    for (unit, national) in [
        (p.section.id, false),
        (p.city.id, false),
        (region.id, true),
        (p.nation.id, true),
    ] {
        let who = if national { &mut admin } else { &mut org };
        let pr = progress_at(who, kid, unit).await;
        assert_eq!(pr["unit"]["unit_id"], unit.0);
        assert_eq!(metric(&pr["unit"], "attendance")["done"], 5, "at {unit:?}");
        assert_eq!(
            metric(&pr["unit"], "new_sympathisers")["done"],
            3,
            "at {unit:?}"
        );
        let series = pr["series"].as_array().unwrap();
        assert_eq!(
            series.last().unwrap()["values"][0],
            5,
            "the running total ends at 5"
        );
    }
    let section = progress_at(&mut org, kid, p.section.id).await;
    assert_eq!(metric(&section["unit"], "attendance")["target"], 50);
    let city = progress_at(&mut org, kid, p.city.id).await;
    let children_sum: u64 = city["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| metric(c, "attendance")["target"].as_u64().unwrap())
        .sum();
    assert_eq!(
        metric(&city["unit"], "attendance")["children_target"],
        children_sum
    );
    let nation = progress_at(&mut admin, kid, p.nation.id).await;
    let other_regions: Vec<&Value> = nation["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["unit_id"] != region.id.0)
        .collect();
    assert!(!other_regions.is_empty());
    for r in other_regions {
        assert_eq!(metric(r, "attendance")["done"], 0);
    }
    // The organizer cannot look from above their city; looking from the nation shows the
    // campaign from where they stand.
    let res = org
        .api(
            Method::GET,
            &format!("/api/v1/campaigns/{kid}/progress?unit_id={}", p.far.id.0),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // The pages show the same.
    let page = org
        .get(&format!("/campaigns/{kid}?unit={}", p.city.id.0))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Housing for all"));
    assert!(page.body.contains("class=\"done\">5</td>"), "{}", page.body);
    let page = org.get(&format!("/actions/{action}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("3/3 · 1 waiting"), "{}", page.body);
    let reminders = org.get(&format!("/actions/{action}/reminders.csv")).await;
    assert_eq!(reminders.status, StatusCode::OK);
    assert_eq!(
        reminders.body.lines().count(),
        2,
        "the one still to come, on the waiting list: {}",
        reminders.body
    );
    assert!(
        reminders.body.contains("Tenant 3,,,waiting,"),
        "{}",
        reminders.body
    );
    let funnel = app
        .store
        .campaign_participant_stages(CampaignId(kid), &p.nation.path)
        .await
        .unwrap();
    let at: HashMap<Stage, u64> = funnel.into_iter().collect();
    assert_eq!(at.get(&Stage::Sympathiser), Some(&2));
    assert_eq!(at.get(&Stage::Active), Some(&1));
    assert_eq!(
        at.get(&Stage::Contact),
        Some(&1),
        "the one on the waiting list"
    );
}

async fn concurrent_rsvps(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        eprintln!("PostgreSQL skipped");
        return;
    };
    let p = app.places().await;
    let people = add_people(&app, p.section.id, 200, "Rider").await;
    let mut org = app.login(Role::Organizer).await;
    let (_, ends) = window();
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.city.id.0, "title": "Bus to the border", "place": "Station",
                "starts_at": format!("{ends}T07:00"), "capacity": 150
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let action = res.json()["id"].as_i64().unwrap();
    let mut tasks = Vec::new();
    for person in people {
        let mut tab = org.clone();
        tasks.push(tokio::spawn(async move {
            let res = tab
                .api(
                    Method::POST,
                    &format!("/api/v1/actions/{action}/rsvps"),
                    Some(json!({"person_id": person.0})),
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            res.json()["status"].as_str().unwrap().to_owned()
        }));
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in tasks {
        *counts.entry(t.await.unwrap()).or_default() += 1;
    }
    assert_eq!(counts.get("confirmed"), Some(&150), "{counts:?}");
    assert_eq!(counts.get("waiting"), Some(&50), "{counts:?}");
    let a = org
        .api(Method::GET, &format!("/api/v1/actions/{action}"), None)
        .await
        .json();
    assert_eq!(
        (a["confirmed"].as_u64(), a["waiting"].as_u64()),
        (Some(150), Some(50))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_rsvps_at_once_for_150_places_on_sqlite() {
    concurrent_rsvps(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_rsvps_at_once_for_150_places_on_postgres() {
    concurrent_rsvps(Backend::Postgres).await;
}

#[tokio::test]
async fn the_public_pages_take_rsvps_and_signatures_once() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let (_, ends) = window();
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(json!({
                "unit_id": p.city.id.0, "addressee": "the federal government", "goal": 100,
                "title": {"en": "Stop arms deliveries", "nl": "Stop wapenleveringen", "fr": "Arrêtez les livraisons d'armes", "de": "Stoppt Waffenlieferungen"},
                "text": {"en": "We call for a military embargo.", "nl": "Wij vragen een militair embargo."}
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let petition = res.json();
    let path = petition["public_path"].as_str().unwrap().to_owned();
    let mut public = app.client();
    for (lang, title) in [
        ("nl", "Stop wapenleveringen"),
        ("fr", "Arrêtez les livraisons d&#39;armes"),
        ("de", "Stoppt Waffenlieferungen"),
        ("en", "Stop arms deliveries"),
    ] {
        let page = public.get(&format!("{path}?lang={lang}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(title), "{lang}: {}", page.body);
    }
    let via = format!("{}", p.section.id.0);
    let sign = |email: &'static str| {
        vec![
            ("name", "Ann Peeters"),
            ("email", email),
            ("postcode", "9000"),
            ("may_contact", "yes"),
        ]
    };
    let mut fields = sign("ann.peeters@gmail.com");
    fields.push(("via", &via));
    let res = public.post(&format!("{path}?lang=nl"), &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Bedankt om te tekenen"), "{}", res.body);
    let res = public
        .post(&format!("{path}?lang=en"), &sign("AnnPeeters+2@gmail.com"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Thank you for signing"), "{}", res.body);
    assert!(!res.body.contains("already signed"), "{}", res.body);
    let res = public
        .post(&format!("{path}?lang=en"), &[("name", "A"), ("email", "x")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("name"), "{}", res.body);
    let count = public.get(&format!("{path}/count")).await.json();
    assert_eq!(count["count"], 1);
    // The signer is a contact of the section whose link she used, with her consent.
    let pid = petition["id"].as_i64().unwrap();
    let list = app
        .store
        .signatures(PetitionId(pid), &p.nation.path, 10)
        .await
        .unwrap();
    let person = app.store.person(list[0].person.unwrap()).await.unwrap();
    assert_eq!(person.person.unit, p.section.id);
    // The organizer's dashboard and the delivery list show her; the list leaves out e-mail.
    let page = org.get(&format!("/petitions/{pid}")).await;
    assert!(page.body.contains("Ann Peeters") && page.body.contains("ann.peeters@gmail.com"));
    let audit = app.store.audit_events(None, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == enquete_domain::audit::AuditAction::ViewSignatures),
        "reading the signatures is in the audit log"
    );
    let csv = org.get(&format!("/petitions/{pid}/signatures.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("1,Ann Peeters,9000,"), "{}", csv.body);
    assert!(!csv.body.contains("gmail"));

    // The public RSVP page: a new contact, then the waiting list once the places are gone.
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.section.id.0, "title": "Neighbourhood assembly", "place": "School",
                "starts_at": format!("{ends}T19:00"), "capacity": 1
            })),
        )
        .await;
    let created = res.json();
    let rsvp_path = created["public_path"].as_str().unwrap().to_owned();
    let assembly = created["id"].as_i64().unwrap();
    let res = public
        .post(
            &rsvp_path,
            &[("name", "Bo Claes"), ("email", "bo@example.org")],
        )
        .await;
    assert!(res.body.contains("Check your mail"), "{}", res.body);
    let res = confirm_by_mail(&app, &mut public, "bo@example.org").await;
    assert!(res.body.contains("your place is confirmed"), "{}", res.body);
    let res = public
        .post(
            &rsvp_path,
            &[("name", "Cas Maes"), ("phone", "0470 12 34 56")],
        )
        .await;
    assert!(res.body.contains("waiting list"), "{}", res.body);
    // An address known elsewhere in the country does not reach that record from a public page:
    // a new contact is made in the section.
    let far = PersonInput {
        name: "Far Away".into(),
        email: "far@example.org".into(),
        ..Default::default()
    };
    let far = app
        .store
        .create_person(
            p.far.id,
            &far.parse().unwrap(),
            &[],
            None,
            Timestamp::now_utc(),
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    public
        .post(
            &rsvp_path,
            &[("name", "Not Far"), ("email", "far@example.org")],
        )
        .await;
    confirm_by_mail(&app, &mut public, "far@example.org").await;
    let list = app.store.rsvps(ActionId(assembly)).await.unwrap();
    let not_far = list.iter().find(|r| r.name == "Not Far").unwrap();
    assert_ne!(not_far.person, far);
    assert_eq!(
        app.store.person(not_far.person).await.unwrap().person.unit,
        p.section.id
    );
    let stored = app.store.person(far).await.unwrap();
    assert_eq!(
        stored.person.name.as_str(),
        "Far Away",
        "the far record is untouched"
    );
    let res = public.post(&rsvp_path, &[("name", "Dee")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("email"), "{}", res.body);
    assert!(app.count_people().await > 0);
    let _ = UnitKind::Nation;
}

/// The link in the last mail waiting for `to`, as a path on this server.
async fn mailed_link(app: &TestApp, to: &str) -> String {
    let mail = app.store.pending_mail(100).await.unwrap();
    let mail = mail
        .iter()
        .rev()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("a mail to {to}: {mail:?}"));
    mail.body
        .split_whitespace()
        .find(|w| w.starts_with("http://localhost:8080/a/"))
        .expect("the link, on the configured address")
        .trim_start_matches("http://localhost:8080")
        .to_owned()
}

/// Opens the link mailed to `to` and presses its button.
async fn confirm_by_mail(app: &TestApp, client: &mut Client, to: &str) -> crate::support::Response {
    let link = mailed_link(app, to).await;
    let page = client.get(&link).await;
    assert!(page.body.contains("Confirm my place"), "{}", page.body);
    client.post(&link, &[]).await
}

/// Security issue 13, finding 7, the RSVP half: on a full action, the address of someone who
/// has a place and an address nobody has get the same answer, and nothing is taken or touched
/// until the link mailed to the address is used; then the RSVP goes on the record of the person
/// known by that address below the action's unit.
#[tokio::test]
async fn the_rsvp_page_answers_the_same_whatever_the_address() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let (_, ends) = window();
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.section.id.0, "title": "Tenants' assembly", "place": "School",
                "starts_at": format!("{ends}T19:00"), "capacity": 1
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let created = res.json();
    let path = created["public_path"].as_str().unwrap().to_owned();
    let action = ActionId(created["id"].as_i64().unwrap());
    let known = |name: &str, email: &str| PersonInput {
        name: name.into(),
        email: email.into(),
        ..Default::default()
    };
    let add = |input: PersonInput| {
        let store = app.store.clone();
        let unit = p.section.id;
        async move {
            store
                .create_person(
                    unit,
                    &input.parse().unwrap(),
                    &[],
                    None,
                    Timestamp::now_utc(),
                    None,
                )
                .await
                .unwrap()
                .person
                .id
        }
    };
    let attendee = add(known("Anna Attendee", "attendee@example.org")).await;
    let member = add(known("Mo Member", "member@example.org")).await;
    // The attendee holds the only place.
    app.store
        .rsvp(action, attendee, false, "test", Timestamp::now_utc())
        .await
        .unwrap();
    let people_before = app.count_people().await;
    let member_before = app.store.person(member).await.unwrap().person;
    let mut public = app.client();
    let form = |email: &'static str| {
        vec![
            ("name", "Someone"),
            ("email", email),
            ("may_contact", "yes"),
        ]
    };
    let theirs = public
        .post(&format!("{path}?lang=en"), &form("attendee@example.org"))
        .await;
    let nobodys = public
        .post(&format!("{path}?lang=en"), &form("nobody@example.org"))
        .await;
    let members = public
        .post(&format!("{path}?lang=en"), &form("Member@Example.org"))
        .await;
    let mut trap = form("trap@example.org");
    trap.push(("website", "http://spam.example"));
    let bot = public.post(&format!("{path}?lang=en"), &trap).await;
    for other in [&nobodys, &members, &bot] {
        assert_eq!(other.status, theirs.status);
        assert_eq!(other.body, theirs.body, "the same answer for every address");
    }
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert!(theirs.body.contains("Check your mail"), "{}", theirs.body);
    assert!(!theirs.body.contains("confirmed") && !theirs.body.contains("waiting list"));
    // Nothing taken, nobody added or changed, until a link is used.
    assert_eq!(app.store.rsvps(action).await.unwrap().len(), 1);
    assert_eq!(app.count_people().await, people_before);
    assert_eq!(
        app.store.person(member).await.unwrap().person.updated_at,
        member_before.updated_at
    );
    // One mail per real answer (none for the trap), each with its link, in the page's language.
    let mail = app.store.pending_mail(100).await.unwrap();
    let to: Vec<&str> = mail.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(
        to,
        vec![
            "attendee@example.org",
            "nobody@example.org",
            "member@example.org"
        ]
    );
    assert!(
        mail[0].subject.contains("Tenants' assembly"),
        "{:?}",
        mail[0]
    );
    // Opening the link shows a button and takes nothing (mail scanners open links too).
    let link = mailed_link(&app, "member@example.org").await;
    let page = public.get(&format!("{link}?lang=en")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Confirm my place"), "{}", page.body);
    assert!(
        page.body.contains(&format!("action=\"{link}\"")),
        "{}",
        page.body
    );
    assert_eq!(app.store.rsvps(action).await.unwrap().len(), 1);
    // Pressing it puts the RSVP on the member's record: the mailbox owner learns their place.
    let done = public.post(&format!("{link}?lang=en"), &[]).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("waiting list"), "{}", done.body);
    let list = app.store.rsvps(action).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].person, member);
    assert_eq!(app.count_people().await, people_before);
    // Once only.
    let again = public.post(&format!("{link}?lang=en"), &[]).await;
    assert!(
        again.body.contains("expired or was already used"),
        "{}",
        again.body
    );
    assert!(
        again.body.contains(&format!("href=\"{path}\"")),
        "{}",
        again.body
    );
    let opened = public.get(&format!("{link}?lang=en")).await;
    assert!(opened.body.contains("expired or was already used"));
    assert!(!opened.body.contains("Confirm my place"));
    assert_eq!(app.store.rsvps(action).await.unwrap().len(), 2);
    // A made-up link says the same, and a link of another action does not work here.
    let wrong = public
        .get(&format!("{path}/confirm/0123456789abcdef?lang=en"))
        .await;
    assert!(wrong.body.contains("expired or was already used"));
    let nobody_link = mailed_link(&app, "nobody@example.org").await;
    let token = nobody_link.rsplit('/').next().unwrap();
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.section.id.0, "title": "Other", "place": "Hall",
                "starts_at": format!("{ends}T10:00")
            })),
        )
        .await;
    let other_path = res.json()["public_path"].as_str().unwrap().to_owned();
    let elsewhere = public
        .post(&format!("{other_path}/confirm/{token}?lang=en"), &[])
        .await;
    assert!(elsewhere.body.contains("expired or was already used"));
    // The address nobody had: a new contact of the section, with the consent given.
    let res = public.post(&format!("{nobody_link}?lang=en"), &[]).await;
    assert!(res.body.contains("waiting list"), "{}", res.body);
    let list = app.store.rsvps(action).await.unwrap();
    let newcomer = app.store.person(list[2].person).await.unwrap();
    assert_eq!(newcomer.person.unit, p.section.id);
    assert_eq!(newcomer.person.email.as_deref(), Some("nobody@example.org"));
    assert_eq!(app.store.consents(list[2].person).await.unwrap().len(), 1);
    // An address that would reach a second mailbox from the `To:` line is refused, whoever
    // has it; nothing is sent.
    let mails = app.store.pending_mail(100).await.unwrap().len();
    let res = public
        .post(&format!("{path}?lang=en"), &form("x,member@example.org"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("plain address"), "{}", res.body);
    assert_eq!(app.store.pending_mail(100).await.unwrap().len(), mails);
    // A form sent from another site is refused.
    let mut foreign = app.client();
    let res = foreign
        .send(
            axum::http::Request::post(format!("{link}?lang=en"))
                .header("origin", "https://evil.example")
                .header("host", "localhost:8080")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_ne!(res.status, StatusCode::OK);
}

/// Security issue 13, finding 7: the petition page answers a repeat signature exactly as a new
/// one, and a signature under the address of someone already known is not put on their record.
#[tokio::test]
async fn the_petition_page_answers_the_same_whatever_the_address() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(json!({
                "unit_id": p.city.id.0, "addressee": "the city", "goal": 100,
                "title": {"en": "Repairs now"}, "text": {"en": "We ask for repairs."}
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let petition = res.json();
    let pid = PetitionId(petition["id"].as_i64().unwrap());
    let path = petition["public_path"].as_str().unwrap().to_owned();
    let known = PersonInput {
        name: "Known Member".into(),
        email: "known@example.org".into(),
        ..Default::default()
    };
    let known = app
        .store
        .create_person(
            p.section.id,
            &known.parse().unwrap(),
            &[],
            None,
            Timestamp::now_utc(),
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    let consents_before = app.store.consents(known).await.unwrap().len();
    let via = p.section.id.0.to_string();
    let mut public = app.client();
    let sign = |email: &'static str| {
        vec![
            ("name", "Someone"),
            ("email", email),
            ("postcode", "9000"),
            ("may_contact", "yes"),
            ("via", via.as_str()),
        ]
    };
    let first = public
        .post(&format!("{path}?lang=en"), &sign("new@example.org"))
        .await;
    let repeat = public
        .post(&format!("{path}?lang=en"), &sign("new@example.org"))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(repeat.status, first.status);
    assert!(
        first.body.contains("Thank you for signing"),
        "{}",
        first.body
    );
    assert_eq!(repeat.body, first.body, "a repeat is answered as a new one");
    // The address of a known person: the same answer, and her record is left alone.
    let theirs = public
        .post(&format!("{path}?lang=en"), &sign("known@example.org"))
        .await;
    assert_eq!(theirs.status, first.status);
    assert!(
        theirs.body.contains("Thank you for signing"),
        "{}",
        theirs.body
    );
    assert!(!theirs.body.contains("already"), "{}", theirs.body);
    let list = app.store.signatures(pid, &p.nation.path, 10).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(
        list.iter().all(|s| s.person != Some(known)),
        "no signature is put on the known record from the form"
    );
    assert_eq!(
        app.store.consents(known).await.unwrap().len(),
        consents_before
    );
    // Her subject access still lists the signature made under her address.
    let dossier = app.store.person_dossier(known).await.unwrap();
    assert!(
        dossier.participation.iter().any(|x| x.what == "petition"),
        "{:?}",
        dossier.participation
    );
}

#[tokio::test]
async fn bad_campaign_input_names_the_field_and_writes_nothing() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let (starts, ends) = window();
    for (body, field) in [
        (
            json!({"unit_id": p.nation.id.0, "title": "", "starts_on": starts, "ends_on": ends, "targets": {"attendance": 5}}),
            "title",
        ),
        (
            json!({"unit_id": p.nation.id.0, "title": "X", "starts_on": ends, "ends_on": starts, "targets": {"attendance": 5}}),
            "ends_on",
        ),
        (
            json!({"unit_id": p.nation.id.0, "title": "X", "starts_on": starts, "ends_on": ends, "targets": {"hugs": 5}}),
            "targets",
        ),
        (
            json!({"unit_id": p.nation.id.0, "title": "X", "starts_on": starts, "ends_on": ends, "targets": {"attendance": -1}}),
            "targets",
        ),
        (
            json!({"unit_id": p.nation.id.0, "title": "X", "starts_on": starts, "ends_on": ends, "targets": {}}),
            "targets",
        ),
        (
            json!({"unit_id": p.nation.id.0, "title": "X", "starts_on": starts, "ends_on": ends, "targets": {"attendance": 5}, "survey_id": 1, "question": "top3", "choice": "nope"}),
            "choice",
        ),
    ] {
        let res = admin
            .api(Method::POST, "/api/v1/campaigns", Some(body))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(res.json()["error"]["field"], field, "{}", res.body);
    }
    assert!(
        app.store
            .campaigns_reaching(&p.nation.path)
            .await
            .unwrap()
            .is_empty()
    );
    let mut org = app.login(Role::Organizer).await;
    for (body, field) in [
        (
            json!({"unit_id": p.section.id.0, "title": "A", "place": "P", "starts_at": "soon"}),
            "starts_at",
        ),
        (
            json!({"unit_id": p.section.id.0, "title": "A", "place": "P", "starts_at": "2026-01-01T10:00", "capacity": 0}),
            "capacity",
        ),
        (
            json!({"unit_id": p.section.id.0, "title": "A", "place": "", "starts_at": "2026-01-01T10:00"}),
            "place",
        ),
    ] {
        let res = org.api(Method::POST, "/api/v1/actions", Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(res.json()["error"]["field"], field, "{}", res.body);
    }
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(json!({"unit_id": p.city.id.0, "addressee": "x", "title": {"xx": "T"}, "text": {"en": "t"}})),
        )
        .await;
    assert_eq!(res.json()["error"]["field"], "title", "{}", res.body);
}

#[tokio::test]
async fn meetings_carry_decisions_forward_and_projects_keep_their_people() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let section = p.section.id.0;
    let res = org
        .post(
            &format!("/units/{section}/meetings"),
            &[
                ("held_at", "2026-10-05T19:30"),
                ("agenda", "1. Housing focus\n2. Food bank"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let first = res.location();
    let own = p.own.0.to_string();
    org.post(&format!("{first}/present"), &[("person", &own)])
        .await;
    let res = org
        .post(
            &format!("{first}/decisions"),
            &[
                ("text", "Print 500 leaflets"),
                ("owner", "Lotte"),
                ("due_on", "2026-10-12"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = org
        .post(
            &format!("{first}/decisions"),
            &[("text", "x"), ("owner", "Lotte"), ("due_on", "soon")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("due_on"), "{}", res.body);
    let page = org.get(&first).await;
    assert!(page.body.contains("Own Contact") && page.body.contains("Print 500 leaflets"));
    // The next meeting shows the open decision as follow-up, until it is done.
    let next = org
        .post(
            &format!("/units/{section}/meetings"),
            &[("held_at", "2026-11-02T19:30")],
        )
        .await
        .location();
    let page = org.get(&next).await;
    let follow_up = &page.body[page.body.find("id=\"follow-up\"").unwrap()..];
    assert!(follow_up.contains("Print 500 leaflets"), "{}", page.body);
    let decision = app.store.decisions(p.section.id, None).await.unwrap()[0].id;
    let res = org
        .post(&format!("{next}/decisions/{decision}/done"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(
        app.store
            .decisions(p.section.id, None)
            .await
            .unwrap()
            .is_empty()
    );
    let history = org.get(&format!("/units/{section}/meetings")).await;
    assert_eq!(history.body.matches("<li><a href=\"/meetings/").count(), 2);

    // A solidarity project with a volunteer and an update.
    let res = org
        .post(
            &format!("/units/{section}/projects"),
            &[
                ("name", "Food bank"),
                ("goal", "Parcels for 40 families"),
                ("needs", "Rice\nDrivers on Saturday"),
            ],
        )
        .await;
    let project = res.location();
    org.post(&format!("{project}/volunteers"), &[("person", &own)])
        .await;
    org.post(
        &format!("{project}/updates"),
        &[("text", "First 12 parcels handed out")],
    )
    .await;
    let page = org.get(&project).await;
    assert!(page.body.contains("Drivers on Saturday"));
    assert!(page.body.contains("Own Contact"));
    assert!(page.body.contains("First 12 parcels handed out"));
    // Someone outside the organizer's scope cannot be listed.
    let stranger = p.stranger.0.to_string();
    let res = org
        .post(&format!("{project}/volunteers"), &[("person", &stranger)])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The same over the API.
    let api = org
        .api(
            Method::GET,
            &format!("/api/v1/units/{section}/meetings"),
            None,
        )
        .await
        .json();
    assert_eq!(api["meetings"].as_array().unwrap().len(), 2);
    assert!(api["follow_up"].as_array().unwrap().is_empty());
    let api = org
        .api(
            Method::GET,
            &format!("/api/v1/units/{section}/projects"),
            None,
        )
        .await
        .json();
    assert_eq!(api[0]["volunteers"], 1);
    let res = org
        .api(
            Method::POST,
            &format!("/api/v1/units/{section}/meetings"),
            Some(json!({"held_at": "next week"})),
        )
        .await;
    assert_eq!(res.json()["error"]["field"], "held_at");
    // A canvasser does not run the section's meetings.
    let mut canv = app.login(Role::Canvasser).await;
    assert_eq!(canv.get(&first).await.status, StatusCode::FORBIDDEN);
    assert_eq!(canv.get(&project).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_person_sees_everything_held_and_is_erased_on_request() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id;
    // A consenting respondent with a free-text answer.
    let answers: Answers = serde_json::from_str(
        r#"{"top3": ["housing"], "contact": "yes", "change": "Fix the leak at Kerkstraat 12"}"#,
    )
    .unwrap();
    let contact = enquete_store::NewContact {
        details: PersonInput {
            name: "Samira Benali".into(),
            email: "samira@example.org".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        consent: enquete_domain::people::NewConsent {
            purpose: enquete_domain::people::ConsentPurpose::Contact,
            granted: true,
            source: enquete_domain::people::ConsentSource::parse("door").unwrap(),
        },
    };
    app.store
        .ingest_responses(
            &[NewResponse {
                id: "0190d000-0000-7000-9000-0000000000aa".into(),
                survey,
                version: 1,
                unit: p.section.id,
                channel: Channel::Door,
                collector: None,
                collected_at: Timestamp(1_790_000_000),
                answers,
                contact: Some(contact),
                origin: "test".into(),
            }],
            Timestamp(1_790_000_000),
        )
        .await
        .unwrap();
    let samira = app.store.responses(survey, 10).await.unwrap()[0]
        .person
        .unwrap();
    let mut org = app.login(Role::Organizer).await;
    let page = org.get(&format!("/people/{}/export", samira.0)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Fix the leak at Kerkstraat 12"));
    assert!(!page.body.contains("/erase"), "organizers do not erase");
    let json = org
        .get(&format!("/people/{}/export.json", samira.0))
        .await
        .json();
    assert_eq!(
        json["responses"][0]["answers"]["change"],
        "Fix the leak at Kerkstraat 12"
    );
    assert!(
        json["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "subject-access-export"),
        "reading the dossier is in the audit log"
    );
    let res = org
        .post(
            &format!("/people/{}/erase", samira.0),
            &[("confirm", "Samira Benali")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The results count her answer before and after.
    let mut admin = app.login(Role::NationalAdmin).await;
    let results = |body: Value| body["responses"].as_u64();
    let before = results(
        admin
            .api(
                Method::GET,
                &format!("/api/v1/surveys/{}/results", survey.0),
                None,
            )
            .await
            .json(),
    );
    let export = admin
        .get(&format!("/surveys/{}/export.csv", survey.0))
        .await;
    assert!(export.body.contains("Kerkstraat"), "{}", export.body);
    let res = admin
        .post(
            &format!("/people/{}/erase", samira.0),
            &[("confirm", "Samira")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = admin
        .post(
            &format!("/people/{}/erase", samira.0),
            &[("confirm", "Samira Benali"), ("reason", "asked by e-mail")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        org.get(&format!("/people/{}", samira.0)).await.status,
        StatusCode::NOT_FOUND
    );
    let after = results(
        admin
            .api(
                Method::GET,
                &format!("/api/v1/surveys/{}/results", survey.0),
                None,
            )
            .await
            .json(),
    );
    assert_eq!(before, after, "her answer still counts");
    let export = admin
        .get(&format!("/surveys/{}/export.csv", survey.0))
        .await;
    assert!(
        !export.body.contains("Kerkstraat"),
        "servers read the rewritten answers again: {}",
        export.body
    );
}

/// Two servers in front of one database, on both backends: a login made on one holds on the
/// other, places at an action are shared out correctly when RSVPs arrive at both, and results on
/// one follow responses sent to the other.
async fn two_servers(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        eprintln!("PostgreSQL skipped");
        return;
    };
    let p = app.places().await;
    let mut a = app.login(Role::Organizer).await;
    let mut b = app.on_second_server(&a);
    let me = b.api(Method::GET, "/api/v1/session", None).await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "the session made on A holds on B"
    );
    let (_, ends) = window();
    let res = a
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(
                json!({"unit_id": p.city.id.0, "title": "Shared", "place": "Hall",
                        "starts_at": format!("{ends}T10:00"), "capacity": 150}),
            ),
        )
        .await;
    let action = res.json()["id"].as_i64().unwrap();
    let people = add_people(&app, p.section.id, 200, "Both").await;
    let mut tasks = Vec::new();
    for (i, person) in people.into_iter().enumerate() {
        let mut tab = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            let res = tab
                .api(
                    Method::POST,
                    &format!("/api/v1/actions/{action}/rsvps"),
                    Some(json!({"person_id": person.0})),
                )
                .await;
            res.json()["status"].as_str().unwrap().to_owned()
        }));
    }
    let mut confirmed = 0;
    for t in tasks {
        if t.await.unwrap() == "confirmed" {
            confirmed += 1;
        }
    }
    assert_eq!(confirmed, 150, "150 places, wherever the RSVPs arrived");
    // Results read on B follow responses sent through A.
    let mut admin_a = app.login(Role::NationalAdmin).await;
    let mut admin_b = app.on_second_server(&admin_a);
    let survey = app.store.surveys().await.unwrap()[0].id;
    let path = format!("/api/v1/surveys/{}/results", survey.0);
    let before = admin_b.api(Method::GET, &path, None).await.json()["responses"].as_u64();
    let mut canv = app.login(Role::Canvasser).await;
    let items: Vec<Value> = (0..7)
        .map(|i| {
            json!({"id": format!("0190e000-0000-7000-9000-{i:012}"), "survey_id": survey.0, "version": 1,
                   "unit_id": p.section.id.0, "channel": "door", "collected_at": 1_790_000_000,
                   "answers": {"top3": ["housing"], "contact": "no"}})
        })
        .collect();
    let res = canv
        .api(
            Method::POST,
            "/api/v1/responses:batch",
            Some(json!({"responses": items})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let after = admin_b.api(Method::GET, &path, None).await.json()["responses"].as_u64();
    assert_eq!(after.unwrap_or(0), before.unwrap_or(0) + 7);
    let on_a = admin_a.api(Method::GET, &path, None).await.json()["responses"].as_u64();
    assert_eq!(on_a, after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_one_sqlite_database() {
    two_servers(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_one_postgres_database() {
    two_servers(Backend::Postgres).await;
}

/// Issue 15, problem 2: people are chosen by name (as the person list shows them), never by an
/// internal number; problem 1: an RSVP is cancelled only when confirmed, and can be taken back.
#[tokio::test]
async fn people_are_chosen_by_name_and_a_cancelled_rsvp_can_be_undone() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let names = |res: &crate::support::Response| -> Vec<String> {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let mut n: Vec<String> = res
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_owned())
            .collect();
        n.sort();
        n
    };
    // The city's organizer finds the city's people by name, not another city's.
    let mut org = app.login(Role::Organizer).await;
    assert_eq!(
        names(&org.get("/people/pick?q=contact").await),
        ["Neighbour Contact", "Own Contact", "Worker Contact"]
    );
    assert!(names(&org.get("/people/pick?q=Stranger").await).is_empty());
    // A canvasser: only the people they recorded. An analyst: nobody at all.
    let mut canv = app.login(Role::Canvasser).await;
    assert_eq!(
        names(&canv.get("/people/pick?q=Contact").await),
        ["Own Contact"]
    );
    let mut analyst = app.login(Role::Analyst).await;
    assert_eq!(
        analyst.get("/people/pick?q=Contact").await.status,
        StatusCode::FORBIDDEN
    );

    // An action; RSVPs typed by name when the script is not there to pick from the list.
    let (_, ends) = window();
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.section.id.0, "title": "Door-to-door evening",
                "place": "Station square", "starts_at": format!("{ends}T18:00")
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let action = res.json()["id"].as_i64().unwrap();
    let rsvps = format!("/actions/{action}/rsvps");
    let res = org.post(&rsvps, &[("person", "own contact")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = org
        .post(&rsvps, &[("person", &p.neighbour.0.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // Several people have the name, or nobody the organizer may see: the field says so.
    // The action page comes back with the message beside the name and the name as typed.
    for (typed, says) in [
        ("Contact", "several people have this name"),
        ("Stranger Contact", "nobody you can see has this name"),
        ("", "type a name and pick the person from the list"),
    ] {
        let res = org.post(&rsvps, &[("person", typed)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(res.body.contains(says), "{typed}: {}", res.body);
        assert!(res.body.contains("aria-invalid=\"true\""));
        assert!(res.body.contains(&format!("value=\"{typed}\"")));
        assert!(res.body.contains("id=\"rsvps\""), "the action page itself");
    }
    let held = app.store.rsvps(ActionId(action)).await.unwrap();
    assert_eq!(held.len(), 2);
    let own = held.iter().find(|r| r.person == p.own).unwrap();

    // The list: a labelled bus choice per person, cancelling asks first.
    let page = org.get(&format!("/actions/{action}")).await;
    assert!(page.body.contains("Own Contact") && page.body.contains("Neighbour Contact"));
    assert!(page.body.contains("<details class=\"confirm\">"));
    assert!(!page.body.contains("type=\"number\" name=\"person\""));
    // Cancelled, then offered back, then taken back.
    let res = org
        .post(&format!("/actions/{action}/rsvps/{}/cancel", own.id.0), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let back = res.location();
    assert!(back.contains(&format!("undo={}", own.id.0)), "{back}");
    let page = org.get(&back).await;
    assert!(
        page.body.contains("class=\"notice undo\""),
        "the undo is offered"
    );
    let res = org.post(&rsvps, &[("person", &p.own.0.to_string())]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let again = app.store.rsvps(ActionId(action)).await.unwrap();
    assert!(
        again
            .iter()
            .any(|r| r.person == p.own && r.status.as_str() == "confirmed")
    );

    // At the door: the list by name; the script checks in and stays on the page.
    let door = org.get(&format!("/actions/{action}/door")).await;
    assert_eq!(door.status, StatusCode::OK);
    assert!(door.body.contains("Neighbour Contact") && door.body.contains("id=\"door-filter\""));
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("csrf", &org.csrf.clone());
    form.append_pair("person", &p.neighbour.0.to_string());
    form.append_pair("back", "door");
    let req = axum::http::Request::post(format!("/actions/{action}/checkin"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(axum::body::Body::from(form.finish()))
        .unwrap();
    let res = org.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["person"], p.neighbour.0);
    // A walk-in typed at the door whom several people's names match: the door page again,
    // with the message beside the name.
    let res = org
        .post(
            &format!("/actions/{action}/checkin"),
            &[("person", "Contact"), ("back", "door")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"door-filter\"") && res.body.contains("aria-invalid=\"true\""));
    // Sent twice (a phone retrying after losing the connection): present once.
    let res = org
        .post(
            &format!("/actions/{action}/checkin"),
            &[("person", &p.neighbour.0.to_string()), ("back", "door")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        res.location()
            .starts_with(&format!("/actions/{action}/door"))
    );
    let present = app
        .store
        .rsvps(ActionId(action))
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.attended_at.is_some())
        .count();
    assert_eq!(present, 1);
}

/// Issue 15, problem 10: public links come whole, with a QR code to print and, for actions, an
/// event for the calendar; only real links answer.
#[tokio::test]
async fn public_links_have_qr_codes_and_actions_a_calendar_event() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let (_, ends) = window();
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(json!({
                "unit_id": p.section.id.0, "title": "Rent strike meeting, all welcome",
                "place": "Community hall", "starts_at": format!("{ends}T19:00")
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let action = res.json()["id"].as_i64().unwrap();
    let token = app.store.action(ActionId(action)).await.unwrap().token;
    let page = org.get(&format!("/actions/{action}")).await;
    assert!(
        page.body
            .contains(&format!("value=\"http://localhost:8080/a/{token}\"")),
        "the whole address, to copy"
    );
    assert!(page.body.contains(&format!("/a/{token}/qr.svg")));
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(json!({
                "unit_id": p.city.id.0, "addressee": "the city council",
                "title": {"en": "Fix the heating"}, "text": {"en": "Now."}
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let petition = res.json()["public_path"].as_str().unwrap().to_owned();

    // Anyone with the link gets its QR code and the calendar event; no session needed.
    let mut public = app.client();
    for path in [
        format!("/a/{token}/qr.svg"),
        format!("{petition}/qr.svg"),
        format!("{petition}/qr.svg?via={}", p.section.id.0),
    ] {
        let res = public.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.headers["content-type"], "image/svg+xml");
        assert!(res.body.contains("<svg") && res.body.contains("<path"));
    }
    let ics = public.get(&format!("/a/{token}/event.ics")).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(
        ics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(
        ics.body
            .contains("SUMMARY:Rent strike meeting\\, all welcome")
    );
    assert!(ics.body.contains(&format!(
        "DTSTART;TZID=Europe/Brussels:{}T190000",
        ends.replace('-', "")
    )));
    assert!(ics.body.contains("LOCATION:Community hall"));
    let public_page = public.get(&format!("/a/{token}")).await;
    assert!(public_page.body.contains(&format!("/a/{token}/event.ics")));
    // Made-up links answer nothing.
    for path in [
        "/a/nope/qr.svg",
        "/a/nope/event.ics",
        "/p/nope/qr.svg",
        "/s/nope/qr.svg",
    ] {
        assert_eq!(
            public.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

/// Issue 15, problem 8: "À the federal government": a petition's addressee is written per
/// language like its title, and the API still takes one text.
#[tokio::test]
async fn a_petition_names_its_addressee_in_the_reader_s_language() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(json!({
                "unit_id": p.city.id.0,
                "addressee": {"en": "the federal government", "fr": "le gouvernement fédéral", "nl": "de federale regering"},
                "title": {"en": "Freeze the rents", "fr": "Gelez les loyers"}, "text": {"en": "Now."}
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.json()["addressee"]["fr"], "le gouvernement fédéral");
    let path = res.json()["public_path"].as_str().unwrap().to_owned();
    let mut public = app.client();
    let fr = public.get(&format!("{path}?lang=fr")).await;
    assert!(fr.body.contains("le gouvernement fédéral"), "{}", fr.body);
    assert!(!fr.body.contains("the federal government"));
    let de = public.get(&format!("{path}?lang=de")).await;
    assert!(
        de.body.contains("the federal government"),
        "no German: English"
    );
    // One text for every language still works, and a made-up language is refused.
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(
                json!({"unit_id": p.city.id.0, "addressee": "the city council",
                "title": {"en": "Heating"}, "text": {"en": "Now."}}),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.json()["addressee"]["en"], "the city council");
    let res = org
        .api(
            Method::POST,
            "/api/v1/petitions",
            Some(
                json!({"unit_id": p.city.id.0, "addressee": {"xx": "nobody"},
                "title": {"en": "Heating"}, "text": {"en": "Now."}}),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["field"], "addressee");
}

/// Issue 15, problem 3: the forms of a meeting, a project and an action's buses answer a
/// mistake on their own page, beside the field, with what was typed kept.
#[tokio::test]
async fn meeting_project_and_bus_forms_keep_what_was_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let section = p.section.id.0;
    let meeting = org
        .post(
            &format!("/units/{section}/meetings"),
            &[("held_at", "2026-10-05T19:30")],
        )
        .await
        .location();
    let res = org
        .post(
            &format!("{meeting}/decisions"),
            &[
                ("text", "Print 500 leaflets"),
                ("owner", "Lotte"),
                ("due_on", "soon"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("id=\"decisions\""),
        "the meeting page itself"
    );
    assert!(
        res.body.contains("value=\"Print 500 leaflets\"") && res.body.contains("value=\"soon\"")
    );
    assert!(res.body.contains("aria-invalid=\"true\""));
    let res = org
        .post(&format!("{meeting}/present"), &[("person", "Contact")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("several people have this name")
            && res.body.contains("value=\"Contact\"")
    );

    let project = org
        .post(
            &format!("/units/{section}/projects"),
            &[("name", "Food bank"), ("goal", "Every Saturday")],
        )
        .await;
    assert_eq!(project.status, StatusCode::SEE_OTHER, "{}", project.body);
    let project = project.location();
    let project = project.split('?').next().unwrap();
    let res = org
        .post(
            &format!("{project}/volunteers"),
            &[("person", "Nobody Byname")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("nobody you can see has this name"));
    assert!(res.body.contains("value=\"Nobody Byname\""));

    let (_, ends) = window();
    let res = org
        .api(
            Method::POST,
            "/api/v1/actions",
            Some(
                json!({"unit_id": section, "title": "Demo", "place": "Square",
                "starts_at": format!("{ends}T10:00")}),
            ),
        )
        .await;
    let action = res.json()["id"].as_i64().unwrap();
    let res = org
        .post(
            &format!("/actions/{action}/buses"),
            &[("label", "Bus from Gent"), ("seats", "0")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("value=\"Bus from Gent\"") && res.body.contains("value=\"0\""));
    assert!(res.body.contains("aria-invalid=\"true\"") && res.body.contains("id=\"rsvps\""));
}

/// Issue 15, problem 3: a new petition missing its addressee comes back on the petitions page,
/// the error beside the languages, everything typed kept.
#[tokio::test]
async fn a_refused_petition_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let city = p.city.id.0.to_string();
    let res = org
        .post(
            "/petitions",
            &[
                ("unit", &city),
                ("goal", "500"),
                ("title_fr", "Des logements abordables"),
                ("text_fr", "Nous demandons des logements abordables."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("value=\"Des logements abordables\""));
    assert!(
        res.body
            .contains(">Nous demandons des logements abordables.</textarea>")
    );
    assert!(res.body.contains("value=\"500\""));
    assert!(res.body.contains("class=\"field-error\""), "{}", res.body);
    assert!(
        app.store
            .petitions_reaching(&p.city.path)
            .await
            .unwrap()
            .iter()
            .all(|x| x.goal != 500)
    );
}

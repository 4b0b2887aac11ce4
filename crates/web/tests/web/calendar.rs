//! The public calendar of a unit, read by a real iCalendar parser (Python's `icalendar`,
//! installed by scripts/setup): only the actions the organizers made public, those of the unit,
//! above and below it, with the organization's time zone; a cancellation reaches calendars as
//! the same UID with a higher SEQUENCE.

use crate::support::TestApp;
use axum::http::StatusCode;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use std::io::Write;
use std::process::{Command, Stdio};

/// The events of a calendar as the parser reads them: uid, summary, sequence, status, start
/// (ISO with its offset), time zone name.
fn parse(ics: &str) -> Vec<serde_json::Value> {
    let script = r#"
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = []
for e in cal.walk("VEVENT"):
    start = e.decoded("DTSTART")
    out.append({"uid": str(e["UID"]), "summary": str(e["SUMMARY"]),
                "sequence": int(e["SEQUENCE"]), "status": str(e["STATUS"]),
                "start": start.isoformat(), "tz": str(start.tzinfo)})
print(json.dumps({"name": str(cal.get("X-WR-CALNAME")), "events": out,
                  "zones": [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with icalendar (scripts/setup installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the feed: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["zones"], serde_json::json!(["Europe/Brussels"]));
    v["events"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_units_public_calendar_holds_its_public_actions_and_their_cancellations() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let now = Timestamp::now_utc();
    let day = |n: i64| Timestamp(now.0 + n * 86_400).date();
    let make = |unit: enquete_domain::org::UnitId, title: &'static str, date: String| {
        let store = app.store.clone();
        async move {
            let draft = enquete_domain::campaign::ActionDraft::parse(
                title,
                "",
                "Zaal Vooruit, Gent",
                &format!("{date}T19:30"),
                "",
            )
            .unwrap();
            store
                .create_action(unit, None, &draft, &format!("cal-{title}"), None, now)
                .await
                .unwrap()
                .id
                .0
        }
    };
    let strike = make(p.section.id, "Rent strike meeting", day(10)).await;
    let internal = make(p.section.id, "Planning the blockade", day(12)).await;
    let march = make(p.nation.id, "National march", day(20)).await;
    let far = make(p.far.id, "Far away", day(5)).await;
    let mut organizer = app.login(Role::Organizer).await;
    let mut admin = app.login(Role::NationalAdmin).await;
    for (admin_does, id) in [(false, strike), (true, march), (true, far)] {
        let client = if admin_does {
            &mut admin
        } else {
            &mut organizer
        };
        let r = client
            .post(&format!("/actions/{id}/public"), &[("public", "yes")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    // Bad input named.
    let bad = organizer
        .post(
            &format!("/actions/{internal}/public"),
            &[("public", "maybe")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Anyone may read the section's calendar: no login.
    let mut visitor = app.client();
    let feed = visitor
        .get(&format!("/calendar/{}.ics", p.section.id.0))
        .await;
    assert_eq!(feed.status, StatusCode::OK);
    let events = parse(&feed.body);
    let titles: Vec<&str> = events
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    // The section's own public action and the nation's; not the internal one, not elsewhere.
    assert_eq!(titles, ["Rent strike meeting", "National march"]);
    let first = &events[0];
    assert_eq!(first["tz"], "Europe/Brussels");
    assert!(
        first["start"]
            .as_str()
            .unwrap()
            .ends_with("T19:30:00+01:00")
            || first["start"]
                .as_str()
                .unwrap()
                .ends_with("T19:30:00+02:00")
    );
    assert_eq!(
        (first["sequence"].as_i64(), first["status"].as_str()),
        (Some(0), Some("CONFIRMED"))
    );
    // The nation's calendar has what is below it.
    let national = parse(
        &visitor
            .get(&format!("/calendar/{}.ics", p.nation.id.0))
            .await
            .body,
    );
    assert_eq!(national.len(), 3);

    // An open meeting of the section: when and whose, never its agenda.
    let meeting = app
        .store
        .create_meeting(
            p.section.id,
            Timestamp(now.0 + 3 * 86_400),
            "1. The secret plan",
            None,
            now,
        )
        .await
        .unwrap()
        .id
        .0;
    let opened = organizer
        .post(&format!("/meetings/{meeting}/public"), &[("public", "yes")])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let with_meeting = visitor
        .get(&format!("/calendar/{}.ics", p.section.id.0))
        .await;
    assert!(!with_meeting.body.contains("secret plan"));
    let events = parse(&with_meeting.body);
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["summary"], p.section.name.as_str());
    assert!(events[0]["uid"].as_str().unwrap().starts_with("meeting-"));

    // Cancelled: the same event, a higher sequence.
    let cancelled = organizer
        .post(&format!("/actions/{strike}/cancel"), &[])
        .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let again = parse(
        &visitor
            .get(&format!("/calendar/{}.ics", p.section.id.0))
            .await
            .body,
    );
    // The meeting (soonest) comes first; the strike keeps its UID.
    let again: Vec<_> = again
        .into_iter()
        .filter(|e| e["uid"] == first["uid"])
        .collect();
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0]["sequence"].as_i64(), again[0]["status"].as_str()),
        (Some(1), Some("CANCELLED"))
    );
    // Cancelling twice is refused by field; a unit that does not exist has no calendar.
    let twice = organizer
        .post(&format!("/actions/{strike}/cancel"), &[])
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        visitor.get("/calendar/99999.ics").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor.get("/calendar/nope").await.status,
        StatusCode::NOT_FOUND
    );
    // A canvasser cannot publish.
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser
            .post(&format!("/actions/{internal}/public"), &[("public", "yes")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

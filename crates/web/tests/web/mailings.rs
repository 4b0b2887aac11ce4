//! Mailings through a real SMTP server (Python's aiosmtpd, writing every message it accepts to
//! a maildir): an organizer saves an audience, writes a mailing in three languages and sends
//! it; each person with consent gets exactly one message in their language (the fallback for
//! the language without a version), nobody without consent gets one, two servers sending at
//! once deliver each message once, the one-click unsubscribe link stops the next mailing, and a
//! bounce report marks the address.

use crate::support::{NOW, TestApp};
use axum::http::StatusCode;
use enquete_app::mail::{MailConfig, Transport};
use enquete_domain::account::Role;
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonInput};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An SMTP server on a free local port that keeps what it accepts in a maildir.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 -m aiosmtpd (installed by scripts/setup: pip install aiosmtpd)");
        // Stopped by its Drop, also when it never answers.
        let sink = Self { child, port, dir };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return sink;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "aiosmtpd did not start on port {port} (is it installed? scripts/setup installs it)"
        );
    }

    /// Every message accepted so far, as text.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let path: PathBuf = self.dir.path().join("mail").join(sub);
            if let Ok(entries) = std::fs::read_dir(path) {
                for e in entries.flatten() {
                    out.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A header's value (the first), unfolded.
pub fn header(message: &str, name: &str) -> Option<String> {
    let head = message
        .split("\r\n\r\n")
        .next()
        .unwrap_or("")
        .split("\n\n")
        .next()
        .unwrap_or("");
    let unfolded = head.replace("\r\n ", " ").replace("\n ", " ");
    unfolded.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

pub fn config(port: u16) -> MailConfig {
    MailConfig {
        smtp: Some(format!("smtp://127.0.0.1:{port}")),
        from: "Beweging <news@example.org>".into(),
        public_url: "http://enquete.test".into(),
        rate: 0,
        bounce_address: Some("bounces@example.org".into()),
        ..MailConfig::default()
    }
}

async fn add_person(
    app: &TestApp,
    unit: enquete_domain::org::UnitId,
    name: &str,
    email: &str,
    languages: &str,
    consent: bool,
) -> enquete_domain::people::PersonId {
    let input = PersonInput {
        name: name.into(),
        email: email.into(),
        tags: "mailtest".into(),
        languages: languages.into(),
        ..Default::default()
    };
    let consents = if consent {
        vec![NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door").unwrap(),
        }]
    } else {
        Vec::new()
    };
    app.store
        .create_person(unit, &input.parse().unwrap(), &consents, None, NOW, None)
        .await
        .unwrap()
        .person
        .id
}

async fn send_all(app: &TestApp, config: &MailConfig) -> u64 {
    let transport = Transport::from_config(config).unwrap();
    let footers = BTreeMap::new();
    // Two servers on the same database, sending at the same time.
    let (one, two) = (
        enquete_app::App::new(app.store.clone()),
        enquete_app::App::new(app.store.clone()),
    );
    let (a, b) = tokio::join!(
        enquete_app::mailings::send::run_once(&one, &transport, config, &footers, 100),
        enquete_app::mailings::send::run_once(&two, &transport, config, &footers, 100),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.failed + b.failed, 0);
    a.sent + b.sent
}

fn fields<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_mailing_reaches_each_consenting_person_once_in_their_language() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::new().await;
    let p = app.places().await;
    let unit = p.section.id;
    let mut expected: BTreeMap<String, &str> = BTreeMap::new();
    for i in 0..12 {
        let (lang, expect) = match i % 4 {
            0 => ("nl", "nl"),
            1 => ("fr", "fr"),
            2 => ("en", "en"),
            // No German version: the fallback (English).
            _ => ("de", "en"),
        };
        let email = format!("person{i}@example.be");
        add_person(&app, unit, &format!("Person{i} Test"), &email, lang, true).await;
        expected.insert(email, expect);
    }
    // Without consent, and without an address: left out and counted.
    for i in 0..3 {
        add_person(
            &app,
            unit,
            &format!("Quiet{i} Test"),
            &format!("quiet{i}@example.be"),
            "nl",
            false,
        )
        .await;
    }
    add_person(&app, unit, "Nomail Test", "", "nl", true).await;

    let mut organizer = app.login(Role::Organizer).await;
    let audience = vec![
        ("unit", unit.0.to_string()),
        ("name", "Mail test".to_owned()),
        ("tag", "mailtest".to_owned()),
    ];
    let mut count = audience.clone();
    count.push(("step", "count".into()));
    let counted = organizer.post("/audiences", &fields(&count)).await;
    assert_eq!(counted.status, StatusCode::OK, "{}", counted.body);
    assert!(
        counted.body.contains("16 people match: 12 reached; left out 1 without an address, 0 whose mail came back and 3 without consent."),
        "{}",
        counted.body
    );
    let saved = organizer.post("/audiences", &fields(&audience)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let segment = app.store.segments_below(&p.section.path).await.unwrap();
    let segment = segment.iter().find(|s| s.name == "Mail test").unwrap().id.0;

    let mailing = |name: &str| {
        vec![
            ("audience", segment.to_string()),
            ("name", name.to_owned()),
            ("subject_nl", "Bus naar Brussel".to_owned()),
            (
                "body_nl",
                "Dag {{first_name}}, de bus vertrekt om 9 uur.".to_owned(),
            ),
            ("subject_fr", "Bus pour Bruxelles".to_owned()),
            (
                "body_fr",
                "Bonjour {{first_name}}, le bus part a 9 heures.".to_owned(),
            ),
            ("subject_en", "Bus to Brussels".to_owned()),
            (
                "body_en",
                "Hello {{first_name}}, the bus leaves at 9.".to_owned(),
            ),
            ("fallback", "en".to_owned()),
        ]
    };
    // An unknown merge field is refused, naming the field it is in.
    let mut bad = mailing("Bad");
    bad[4].1 = "Dag {{voornaam}}".into();
    let refused = organizer.post("/mailings", &fields(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("voornaam"), "{}", refused.body);

    let made = organizer.post("/mailings", &fields(&mailing("Bus"))).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = made.location();
    let shown = organizer.get(&page).await;
    assert!(shown.body.contains("12 reached"), "{}", shown.body);
    let scheduled = organizer.post(&format!("{page}/schedule"), &[]).await;
    assert_eq!(
        scheduled.status,
        StatusCode::SEE_OTHER,
        "{}",
        scheduled.body
    );

    let cfg = config(smtp.port);
    assert_eq!(send_all(&app, &cfg).await, 12);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 12, "exactly one message per person");
    let mut seen = BTreeMap::new();
    for m in &messages {
        let to = header(m, "To").unwrap();
        let lang = header(m, "Content-Language").unwrap();
        assert_eq!(Some(&lang.as_str()), expected.get(&to), "{m}");
        let subject = header(m, "Subject").unwrap();
        let want = match lang.as_str() {
            "nl" => "Bus naar Brussel",
            "fr" => "Bus pour Bruxelles",
            _ => "Bus to Brussels",
        };
        assert_eq!(subject, want);
        assert!(header(m, "List-Unsubscribe-Post").unwrap() == "List-Unsubscribe=One-Click");
        assert!(
            seen.insert(to, m.clone()).is_none(),
            "a person got two messages"
        );
    }
    assert!(!seen.keys().any(|a| a.starts_with("quiet")));

    // One click from the mail program (RFC 8058): no session, no form token.
    let victim = "person0@example.be";
    let link = header(&seen[victim], "List-Unsubscribe").unwrap();
    let path = link
        .trim_matches(|c| c == '<' || c == '>')
        .trim_start_matches("http://enquete.test")
        .to_owned();
    let mut mail_program = app.client();
    let clicked = mail_program
        .post_raw(&path, "List-Unsubscribe=One-Click".into())
        .await;
    assert_eq!(clicked.status, StatusCode::OK, "{}", clicked.body);
    // The page itself asks before it unsubscribes; the same link again changes nothing.
    let again = mail_program.get(&path).await;
    assert!(again.body.contains("id=\"unsubscribed\""), "{}", again.body);

    // A bounce of another person's message, as the bounce mailbox receives it.
    let bounced = "person1@example.be";
    let bounce_token = {
        let sender = header(&seen[bounced], "Return-Path").unwrap();
        sender
            .trim_matches(|c| c == '<' || c == '>')
            .split_once('+')
            .unwrap()
            .1
            .split('@')
            .next()
            .unwrap()
            .to_owned()
    };
    let dsn = format!(
        "From: MAILER-DAEMON@example.be\nTo: bounces+{bounce_token}@example.org\nSubject: Undelivered Mail\n\nReporting-MTA: dns; mx.example.be\n\nFinal-Recipient: rfc822; {bounced}\nAction: failed\nStatus: 5.1.1\n"
    );
    let imported = organizer
        .post(&format!("{page}/bounces"), &[("report", dsn.as_str())])
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    let after = organizer.get(&page).await;
    assert!(
        after
            .body
            .contains("12 of 12 sent · 0 failed · 1 bounced · 1 unsubscribed"),
        "{}",
        after.body
    );

    // The next mailing to the same audience leaves both out.
    let next = organizer
        .post("/mailings", &fields(&mailing("Bus 2")))
        .await;
    let next_page = next.location();
    let shown = organizer.get(&next_page).await;
    assert!(
        shown.body.contains("16 people match: 10 reached; left out 1 without an address, 1 whose mail came back and 4 without consent."),
        "{}",
        shown.body
    );
    organizer.post(&format!("{next_page}/schedule"), &[]).await;
    assert_eq!(send_all(&app, &cfg).await, 10);
    let all = smtp.messages();
    assert_eq!(all.len(), 22);
    let to_victim = all
        .iter()
        .filter(|m| header(m, "To").as_deref() == Some(victim))
        .count();
    assert_eq!(to_victim, 1, "unsubscribed: no second message");
    let to_bounced = all
        .iter()
        .filter(|m| header(m, "To").as_deref() == Some(bounced))
        .count();
    assert_eq!(to_bounced, 1, "bounced: no second message");
}

#[tokio::test]
async fn canvassers_and_other_units_cannot_use_an_audience() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut organizer = app.login(Role::Organizer).await;
    // The organizer cannot count the people of a unit outside their city.
    let far = organizer
        .post(
            "/audiences",
            &[("unit", p.far.id.0.to_string().as_str()), ("step", "count")],
        )
        .await;
    assert_eq!(far.status, StatusCode::FORBIDDEN);
    // Bad input is named by its field.
    let bad = organizer
        .post(
            "/audiences",
            &[
                ("unit", p.section.id.0.to_string().as_str()),
                ("active_days", "soon"),
                ("step", "count"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("must be a positive number"),
        "{}",
        bad.body
    );
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get("/mailings").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_action_page_starts_a_reminder_audience_of_the_people_coming() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Bus to Brussels",
        "",
        "Station",
        "2030-05-01T09:00",
        "",
    )
    .unwrap();
    let action = app
        .store
        .create_action(p.section.id, None, &draft, "reminder-action", None, NOW)
        .await
        .unwrap()
        .id
        .0;
    let mut organizer = app.login(Role::Organizer).await;
    let page = organizer.get(&format!("/actions/{action}")).await;
    assert!(
        page.body.contains(&format!("/audiences?action={action}")),
        "{}",
        page.body
    );
    let form = organizer.get(&format!("/audiences?action={action}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains(&format!("<option value=\"{action}\" selected>")),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("<option value=\"coming\" selected>"),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("value=\"Bus to Brussels\""),
        "{}",
        form.body
    );
}

#[tokio::test]
async fn a_call_list_is_made_from_a_saved_audience() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let unit = p.section.id;
    for (i, phone) in ["0475 11 11 11", "0475 22 22 22", ""].iter().enumerate() {
        let input = PersonInput {
            name: format!("Caller{i} Test"),
            phone: (*phone).into(),
            tags: "phonetest".into(),
            languages: "nl".into(),
            ..Default::default()
        };
        let consents = [NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door").unwrap(),
        }];
        app.store
            .create_person(unit, &input.parse().unwrap(), &consents, None, NOW, None)
            .await
            .unwrap();
    }
    let mut organizer = app.login(Role::Organizer).await;
    let saved = organizer
        .post(
            "/audiences",
            &[
                ("unit", unit.0.to_string().as_str()),
                ("name", "Phone test"),
                ("tag", "phonetest"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let segment = app.store.segments_below(&p.section.path).await.unwrap()[0]
        .id
        .0;
    let page = organizer.get("/calls").await;
    assert!(
        page.body
            .contains(&format!("<option value=\"{segment}\">Phone test")),
        "{}",
        page.body
    );
    let counted = organizer
        .post(
            "/calls",
            &[
                ("unit", unit.0.to_string().as_str()),
                ("name", "From the audience"),
                ("audience", segment.to_string().as_str()),
                ("step", "count"),
            ],
        )
        .await;
    assert!(
        counted.body.contains(
            "3 people match: 2 to call; left out 1 without a phone number and 0 without consent"
        ),
        "{}",
        counted.body
    );
    // A steward of the workplace may not use the city's audience.
    let mut steward = app.login(Role::Steward).await;
    let refused = steward
        .post(
            "/calls",
            &[
                ("unit", p.workplace.id.0.to_string().as_str()),
                ("name", "Theirs"),
                ("audience", segment.to_string().as_str()),
                ("step", "count"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
}

#[tokio::test]
async fn clicks_are_counted_for_the_mailing_only_where_turned_on() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::new().await;
    let p = app.places().await;
    add_person(
        &app,
        p.section.id,
        "Lien Klik",
        "lien@example.be",
        "nl",
        true,
    )
    .await;
    add_person(&app, p.section.id, "Mo Klik", "mo@example.be", "nl", true).await;
    let mut organizer = app.login(Role::Organizer).await;
    let section = p.section.id.0.to_string();
    organizer
        .post(
            "/audiences",
            &[
                ("unit", section.as_str()),
                ("name", "Clicks"),
                ("tag", "mailtest"),
            ],
        )
        .await;
    let segment = app.store.segments_below(&p.section.path).await.unwrap()[0]
        .id
        .0
        .to_string();
    let made = organizer
        .post(
            "/mailings",
            &[
                ("audience", segment.as_str()),
                ("name", "Petition"),
                ("subject_nl", "Teken de petitie"),
                (
                    "body_nl",
                    "Teken hier: https://example.org/petitie?van=mail. Dank je!",
                ),
            ],
        )
        .await;
    let page = made.location();
    organizer.post(&format!("{page}/schedule"), &[]).await;
    let cfg = MailConfig {
        track_clicks: true,
        ..config(smtp.port)
    };
    assert_eq!(send_all(&app, &cfg).await, 2);
    let messages = smtp.messages();
    let id = page.trim_start_matches("/mailings/");
    for m in &messages {
        assert!(m.contains(&format!("http://enquete.test/c/{id}/1")), "{m}");
        assert!(!m.contains("https://example.org/petitie"), "{m}");
    }
    // The link counts and leads on; it carries nothing that tells who followed it.
    let mut reader = app.client();
    let followed = reader.get(&format!("/c/{id}/1")).await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER);
    assert_eq!(followed.location(), "https://example.org/petitie?van=mail");
    assert_eq!(
        reader.get(&format!("/c/{id}/9")).await.status,
        StatusCode::NOT_FOUND
    );
    let shown = organizer.get(&page).await;
    assert!(
        shown
            .body
            .contains("https://example.org/petitie?van=mail: once"),
        "{}",
        shown.body
    );
}

//! Benchmark: a mailing of 100,000 messages through a local SMTP server (Python's aiosmtpd with
//! its discarding handler), on SQLite, with the national demo country's people.
//!
//! Two runs in one process, against the same SMTP server:
//! - the reference: the same number of ready-made messages handed to the server by a bare
//!   loop over the same pooled SMTP transport, as many at once as the mailing sends (nothing
//!   read, rendered or recorded);
//! - the mailing: claimed from the database in batches, each rendered in its person's
//!   language with the unsubscribe headers, handed over, and marked sent.
//!
//! Prints messages per second of each, their ratio, and the share of the mailing's time spent
//! outside the SMTP exchange (claiming, rendering, recording).
//!
//!   cargo bench -p enquete-app --bench mailing            (100,000 messages)
//!   ENQUETE_BENCH_MESSAGES=20000 cargo bench -p enquete-app --bench mailing

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark stops at the first failure"
)]

use enquete_app::mail::{MailConfig, Transport};
use enquete_domain::Timestamp;
use enquete_domain::demo::{self, Scale};
use enquete_domain::people::PersonId;
use enquete_domain::policy::PeopleVisibility;
use enquete_store::{NewRecipient, PeopleQuery, Store};
use futures_util::StreamExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    // `cargo test --all-targets` runs benchmarks once without `--bench`: nothing to measure then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("mailing benchmark: run with cargo bench -p enquete-app --bench mailing");
        return;
    }
    let n: usize = std::env::var("ENQUETE_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}/bench.db", dir.path().display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let now = Timestamp::now_utc();
    let t = Instant::now();
    let country = demo::country(Scale::National, 1, now);
    let hashes: Vec<String> = country.accounts.iter().map(|_| String::from("x")).collect();
    store
        .load_demo(&country, &hashes, now, |_| ())
        .await
        .unwrap();
    let root = store.root_unit().await.unwrap().unwrap();
    let mut people: Vec<PersonId> = store
        .people_matching(
            &PeopleVisibility::Subtree(root.path.clone()),
            &PeopleQuery::default(),
        )
        .await
        .unwrap();
    people.truncate(n);
    assert_eq!(
        people.len(),
        n,
        "the national demo has fewer people than asked for"
    );
    println!(
        "national demo loaded in {:.0} s; {n} recipients",
        t.elapsed().as_secs_f64()
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut smtp = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Sink"])
        .stdout(Stdio::null())
        .spawn()
        .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let config = MailConfig {
        smtp: Some(format!("smtp://127.0.0.1:{port}")),
        from: "Beweging <news@example.org>".into(),
        public_url: "https://enquete.example.org".into(),
        rate: 0,
        bounce_address: Some("bounces@example.org".into()),
        ..MailConfig::default()
    };
    let transport = Transport::from_config(&config).unwrap();

    // The reference: the bare SMTP exchange.
    let message = b"From: news@example.org\r\nTo: someone@example.be\r\nSubject: Bus\r\n\r\nHello, the bus leaves at 9.\r\n".to_vec();
    let t = Instant::now();
    let results: Vec<Result<(), String>> = futures_util::stream::iter((0..n).map(|i| {
        let (transport, message) = (&transport, &message);
        async move {
            transport
                .send(
                    "news@example.org",
                    &format!("person{i}@example.be"),
                    message,
                )
                .await
        }
    }))
    .buffer_unordered(enquete_app::mailings::send::CONNECTIONS)
    .collect()
    .await;
    assert!(results.iter().all(Result::is_ok));
    let reference = t.elapsed();

    // The mailing.
    let segment = store
        .create_segment(root.id, "Everyone", "{}", country_author(&store).await, now)
        .await
        .unwrap();
    let templates = r#"{"nl":{"subject":"Bus naar Brussel","body":"Dag {{first_name}}, de bus van {{unit}} vertrekt om 9 uur."},"fr":{"subject":"Bus pour Bruxelles","body":"Bonjour {{first_name}}, le bus de {{unit}} part a 9 heures."},"en":{"subject":"Bus to Brussels","body":"Hello {{first_name}}, the bus of {{unit}} leaves at 9."}}"#;
    let mailing = store
        .create_mailing(
            &enquete_store::MailingContent {
                channel: "email",
                unit: root.id,
                segment,
                name: "Bench",
                purpose: enquete_domain::people::ConsentPurpose::Contact,
                templates,
                fallback: "en",
            },
            country_author(&store).await,
            now,
        )
        .await
        .unwrap();
    let audit = enquete_store::AuditEvent {
        at: now,
        user: None,
        action: enquete_domain::audit::AuditAction::MailingScheduled,
        person: None,
        detail: String::new(),
        ip: "bench".into(),
    };
    store.schedule_mailing(mailing, now, audit).await.unwrap();
    let langs = ["nl", "fr", "en", "de"];
    let recipients: Vec<NewRecipient> = people
        .iter()
        .enumerate()
        .map(|(i, p)| NewRecipient {
            person: *p,
            address: format!("person{i}@example.be"),
            language: langs[i % 4].to_owned(),
            token: format!("{i:0>24}"),
        })
        .collect();
    let t = Instant::now();
    assert!(
        store
            .start_mailing(mailing, &recipients, now)
            .await
            .unwrap()
    );
    let start = t.elapsed();
    let app = enquete_app::App::new(store.clone());
    let footers = Default::default();
    let t = Instant::now();
    let mut sent = 0;
    let mut in_transport = Duration::ZERO;
    loop {
        let s = enquete_app::mailings::send::send_batch(
            &app,
            &transport,
            &config,
            &footers,
            Timestamp::now_utc(),
        )
        .await
        .unwrap();
        assert_eq!(s.failed, 0);
        if s.sent == 0 {
            break;
        }
        sent += s.sent;
        in_transport += s.in_transport;
    }
    let total = t.elapsed();
    let _ = smtp.kill();
    let _ = smtp.wait();
    assert_eq!(sent as usize, n);
    let tally = store.mailing_tally(mailing).await.unwrap();
    assert_eq!(tally.sent as usize, n);
    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "recipients written when the mailing starts: {:.1} s",
        start.as_secs_f64()
    );
    println!(
        "reference (bare SMTP loop):   {:>8.0} messages/s",
        rate(reference)
    );
    println!(
        "mailing (claim, render, send, mark): {:>8.0} messages/s",
        rate(total)
    );
    println!(
        "ratio mailing / reference:    {:>8.2}",
        rate(total) / rate(reference)
    );
    println!(
        "share of the mailing's time outside the SMTP exchange: {:.1} %",
        100.0 * (1.0 - in_transport.as_secs_f64() / total.as_secs_f64())
    );
}

/// An account of the demo, to own the mailing.
async fn country_author(store: &Store) -> enquete_domain::account::UserId {
    let (_, email, _) = demo::demo_logins().into_iter().next().unwrap();
    store.user_by_email(&email).await.unwrap().unwrap().user.id
}

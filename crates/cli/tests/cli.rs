//! The `enquete` binary as an organizer runs it: set up, load the demo, add an account, serve,
//! on SQLite and on PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use enquete_store::{Backend, testing::TestDb};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn enquete(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_enquete"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ENQUETE_LOG", "warn")
        .output()
        .expect("run enquete")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A plain HTTP/1.1 GET, enough to check the server answers.
fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

async fn full_round(backend: Backend) {
    let Some(db) = TestDb::new(backend).await.unwrap() else {
        return;
    };
    let url = db.url.clone();

    let out = enquete(&url, &["init"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = enquete(&url, &["demo", "--scale", "small", "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("organizer@demo.enquete.org"),
        "{}",
        text(&out)
    );
    let again = enquete(&url, &["demo", "--scale", "small"]);
    assert!(!again.status.success());
    assert!(
        text(&again).contains("already holds an organization"),
        "{}",
        text(&again)
    );

    let out = enquete(
        &url,
        &[
            "user",
            "add",
            "lotte@example.org",
            "--role",
            "canvasser",
            "--unit",
            "Gent Centrum",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("One-time password"));
    let out = enquete(
        &url,
        &[
            "user",
            "add",
            "lotte@example.org",
            "--role",
            "canvasser",
            "--unit",
            "Gent Centrum",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("email: an account with this e-mail address already exists"),
        "{}",
        text(&out)
    );
    let out = enquete(
        &url,
        &[
            "user",
            "add",
            "x@example.org",
            "--role",
            "king",
            "--unit",
            "Gent Centrum",
        ],
    );
    assert!(text(&out).contains("--role"), "{}", text(&out));
    let out = enquete(
        &url,
        &[
            "user",
            "add",
            "x@example.org",
            "--role",
            "analyst",
            "--unit",
            "Atlantis",
        ],
    );
    assert!(
        text(&out).contains("no unit is called \"Atlantis\""),
        "{}",
        text(&out)
    );

    let mut server = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .args(["--db", &url, "serve", "--addr", "127.0.0.1:0"])
        .env("ENQUETE_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    let health = get(&addr, "/healthz");
    let login = get(&addr, "/login");
    let doc = get(&addr, "/api/v1/openapi.json");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        health.starts_with("HTTP/1.1 200") && health.ends_with("ok"),
        "{health}"
    );
    assert!(
        login.starts_with("HTTP/1.1 200")
            && login.contains("<form method=\"post\" action=\"/login\""),
        "{login}"
    );
    assert!(doc.contains("\"/api/v1/people\""));
    db.finish().await;
}

#[tokio::test]
async fn init_demo_user_and_serve_on_sqlite() {
    full_round(Backend::Sqlite).await;
}

#[tokio::test]
async fn init_demo_user_and_serve_on_postgresql() {
    full_round(Backend::Postgres).await;
}

#[test]
fn a_new_organization_starts_with_one_admin() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    let out = enquete(
        &url,
        &[
            "init",
            "--nation",
            "België - Belgique",
            "--admin-email",
            "nadia@example.org",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("national admin nadia@example.org"));
    let out = enquete(
        &url,
        &[
            "init",
            "--nation",
            "Second",
            "--admin-email",
            "x@example.org",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("parent: there is already a nation"),
        "{}",
        text(&out)
    );
    let out = enquete("mysql://nope", &["init"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("sqlite://FILE.db or postgres://"),
        "{}",
        text(&out)
    );
}

#[test]
fn surveys_go_in_and_out_as_xlsform() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../formats/tests/fixtures/household.xlsx"
    );
    let out = enquete(&url, &["survey", "import", fixture]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Published survey 1 (housing_2026), version 1, with 5 questions."),
        "{}",
        text(&out)
    );
    let again = enquete(&url, &["survey", "import", fixture]);
    assert!(
        text(&again).contains("version 1"),
        "the same form twice is not a new version"
    );
    let file = dir.path().join("out.xlsx");
    let out = enquete(
        &url,
        &[
            "survey",
            "export",
            "housing_2026",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::metadata(&file).unwrap().len() > 1000);
    let list = enquete(&url, &["survey", "list"]);
    assert!(text(&list).contains("housing_2026"));
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../formats/tests/fixtures/unsupported.xlsx"
    );
    let out = enquete(&url, &["survey", "import", bad]);
    assert!(!out.status.success());
    assert!(
        text(&out)
            .contains("survey sheet, row 3, column type: the group household is never closed"),
        "{}",
        text(&out)
    );
}

#[test]
fn paper_forms_import_whole_or_not_at_all() {
    let (dir, url) = small_demo();
    let csv = dir.path().join("paper.csv");
    std::fs::write(
        &csv,
        "top3,trust,contact,contact_name,contact_phone,collected_on\n\
         housing;wages,6,no,,,2026-11-20\n\
         prices,11,no,,,\n\
         health,3,yes,Jan Peeters,0470 11 22 33,2026-11-21\n",
    )
    .unwrap();
    let path = csv.to_str().unwrap();
    let out = enquete(
        &url,
        &[
            "responses",
            "import",
            "enquete_2026",
            path,
            "--unit",
            "Gent Centrum",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("row 3, column trust: must be from 0 to 10"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("nothing was imported"),
        "{}",
        text(&out)
    );
    let out = enquete(
        &url,
        &[
            "responses",
            "import",
            "enquete_2026",
            path,
            "--unit",
            "Gent Centrum",
            "--skip-bad",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Imported 2 responses (0 were already there; skipped 1 bad rows"),
        "{}",
        text(&out)
    );
    let out = enquete(
        &url,
        &[
            "responses",
            "import",
            "enquete_2026",
            path,
            "--unit",
            "Gent Centrum",
            "--skip-bad",
        ],
    );
    assert!(
        text(&out).contains("Imported 0 responses (2 were already there"),
        "{}",
        text(&out)
    );
    let out = enquete(
        &url,
        &["responses", "import", "enquete_2026", path, "--skip-bad"],
    );
    assert!(
        text(&out).contains("no unit for this row"),
        "{}",
        text(&out)
    );
    // The report counts the demo's door-to-door responses and the two paper forms.
    let report = enquete(&url, &["report", "enquete_2026", "--format", "csv"]);
    assert!(report.status.success(), "{}", text(&report));
    assert!(
        text(&report).starts_with(
            "unit,question,option,answered,count,share,low,high,se,first,borda,mean,weighted"
        ),
        "{}",
        text(&report)
    );
    let table = enquete(&url, &["report", "enquete_2026", "--unit", "Gent Centrum"]);
    let demo_there = demo_responses_in("Gent Centrum");
    assert!(
        text(&table).contains(&format!("Gent Centrum ({} responses)", demo_there + 2)),
        "{}",
        text(&table)
    );
}

/// A temporary SQLite database holding the small demo country (seed 1).
fn small_demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let loaded = enquete(&url, &["demo", "--scale", "small"]);
    assert!(loaded.status.success(), "{}", text(&loaded));
    (dir, url)
}

/// How many responses the small demo country (seed 1) has in a section.
fn demo_responses_in(section: &str) -> usize {
    let country = enquete_domain::demo::country(
        enquete_domain::demo::Scale::Small,
        1,
        enquete_domain::Timestamp(0),
    );
    let index = country
        .units
        .iter()
        .position(|u| u.name == section)
        .unwrap();
    country.responses.iter().filter(|r| r.unit == index).count()
}

#[test]
fn help_is_written_for_organizers() {
    let out = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .arg("--help")
        .output()
        .unwrap();
    let help = text(&out);
    for word in ["serve", "demo", "init", "user", "organizing loop"] {
        assert!(help.contains(word), "--help lacks {word}: {help}");
    }
}

#[test]
fn weights_from_files_match_the_margins_and_mistakes_are_placed() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("s.csv");
    let margins = dir.path().join("m.csv");
    let out = dir.path().join("w.csv");
    std::fs::write(&sample, "id,gender\na,woman\nb,woman\nc,woman\nd,man\n").unwrap();
    std::fs::write(
        &margins,
        "variable,category,population\ngender,woman,50\ngender,man,50\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "weights",
            "--sample",
            sample.to_str().unwrap(),
            "--margins",
            margins.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_enquete"))
            .args(&args)
            .output()
            .unwrap()
    };
    let done = run(&[]);
    assert!(done.status.success(), "{}", text(&done));
    assert!(
        text(&done).contains("design effect 1.333"),
        "{}",
        text(&done)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    let weights: Vec<f64> = written
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(
        (weights[0] - 50.0 / 3.0).abs() < 1e-9 && (weights[3] - 50.0).abs() < 1e-9,
        "{written}"
    );
    let trimmed = run(&["--trim", "0.5,1.5"]);
    assert!(trimmed.status.success(), "{}", text(&trimmed));
    let written = std::fs::read_to_string(&out).unwrap();
    let most = written
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .fold(0.0, f64::max);
    assert!(
        most <= 1.5 * 25.0 + 1e-9,
        "no weight above 1.5 times the mean: {written}"
    );
    let bad = run(&["--trim", "2,3"]);
    assert!(text(&bad).contains("--trim"), "{}", text(&bad));
    std::fs::write(&sample, "id,gender\na,woman\nb,robot\n").unwrap();
    let bad = run(&[]);
    assert!(
        text(&bad).contains("sample, row 3, column gender: \"robot\" is not a category"),
        "{}",
        text(&bad)
    );
}

#[test]
fn a_stored_survey_is_weighted_to_the_imported_population() {
    let (dir, url) = small_demo();
    let out = dir.path().join("weights.csv");
    let done = enquete(
        &url,
        &["weights", "enquete_2026", "--out", out.to_str().unwrap()],
    );
    assert!(done.status.success(), "{}", text(&done));
    // The demo comes with figures per region: each region is raked to its own.
    assert!(
        text(&done).contains("Vlaanderen:") && text(&done).contains("raked by age_band, gender"),
        "{}",
        text(&done)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("response_id,weight\n"));
    let weights: Vec<f64> = written
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let country = enquete_domain::demo::country(
        enquete_domain::demo::Scale::Small,
        1,
        enquete_domain::Timestamp(0),
    );
    assert_eq!(weights.len(), country.responses.len());
    let population: f64 = country
        .margins
        .iter()
        .filter(|m| m.1 == "gender")
        .map(|m| m.3)
        .sum();
    let total: f64 = weights.iter().sum();
    assert!(
        (total - population).abs() < 1e-3 * population,
        "weights add up to the adult population: {total} vs {population}"
    );
    let report = enquete(&url, &["report", "enquete_2026", "--format", "csv"]);
    assert!(
        text(&report).lines().nth(1).unwrap().ends_with(",true"),
        "{}",
        text(&report)
    );
    let raw = enquete(
        &url,
        &["report", "enquete_2026", "--format", "csv", "--unweighted"],
    );
    assert!(
        text(&raw).lines().nth(1).unwrap().ends_with(",false"),
        "{}",
        text(&raw)
    );
    let table = enquete(&url, &["report", "enquete_2026"]);
    assert!(
        text(&table).contains("Weighted to the population by age_band, gender"),
        "{}",
        text(&table)
    );
    let html = enquete(&url, &["report", "enquete_2026", "--format", "html"]);
    assert!(
        text(&html).starts_with("<!doctype html>") && text(&html).contains("class=\"interval\"")
    );

    // Importing figures: mistakes name the row and column, and nothing is half-written.
    let file = dir.path().join("pop.csv");
    std::fs::write(
        &file,
        "unit,variable,category,population\nWallonie,gender,woman,1600000\nWallonie,gender,man,lots\n",
    )
    .unwrap();
    let bad = enquete(&url, &["margins", "import", file.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(
        text(&bad).contains("row 3, column population: \"lots\" is not a positive number"),
        "{}",
        text(&bad)
    );
    std::fs::write(
        &file,
        "unit,variable,category,population\nNowhere,gender,woman,1600000\n",
    )
    .unwrap();
    let bad = enquete(&url, &["margins", "import", file.to_str().unwrap()]);
    assert!(
        text(&bad).contains("row 2, column unit") && text(&bad).contains("no unit is called"),
        "{}",
        text(&bad)
    );
    std::fs::write(
        &file,
        "unit,variable,category,population\nWallonie,gender,woman,1600000\nWallonie,gender,man,1400000\n",
    )
    .unwrap();
    let good = enquete(&url, &["margins", "import", file.to_str().unwrap()]);
    assert!(
        text(&good).contains("Imported 2 population figures for 1 unit(s)"),
        "{}",
        text(&good)
    );
    let listed = enquete(&url, &["margins", "list"]);
    assert!(
        text(&listed).contains(",gender,man,1400000"),
        "{}",
        text(&listed)
    );
    assert!(
        !text(&listed).contains(",gender,other,"),
        "the other figures stay: {}",
        text(&listed)
    );
    assert!(
        text(&listed).contains(",age_band,a65,"),
        "{}",
        text(&listed)
    );
}

#[test]
fn themes_of_a_plain_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("themes.csv");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../analysis/tests/data/themes_labelled.csv"
    );
    let done = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .args(["themes", file, "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", text(&done));
    assert!(text(&done).starts_with("300 answers, "), "{}", text(&done));
    assert!(text(&done).contains("  housing "), "{}", text(&done));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 301);
    assert!(written.starts_with("id,theme\n"));
    let wrong = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .args([
            "themes",
            file,
            "--text-column",
            "answer",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains(
            "row 1: there is no column \"answer\" (the columns are id, lang, theme, text)"
        ),
        "{}",
        text(&wrong)
    );
}

#[test]
fn a_backup_restores_into_a_new_database_only() {
    let (dir, url) = small_demo();
    let backup = dir.path().join("backup.db");
    let backup_arg = backup.to_str().unwrap();
    let out = enquete(&url, &["backup", backup_arg]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Backup written"), "{}", text(&out));
    // Never over an existing file.
    let out = enquete(&url, &["backup", backup_arg]);
    assert!(!out.status.success());
    assert!(text(&out).contains("exists already"), "{}", text(&out));
    // Restored into a new file: the same organization.
    let restored = format!("sqlite://{}", dir.path().join("restored.db").display());
    let out = enquete(&restored, &["restore", backup_arg]);
    assert!(out.status.success(), "{}", text(&out));
    // Both organizations: the party (its youth sections archived, now the youth wing's) and
    // the youth wing.
    let country = enquete_domain::demo::country(
        enquete_domain::demo::Scale::Small,
        1,
        enquete_domain::Timestamp(0),
    );
    let youth = country
        .units
        .iter()
        .filter(|u| u.kind == enquete_domain::org::UnitKind::Youth)
        .count();
    let party = format!("{} units", country.units.len() - youth);
    assert!(text(&out).contains(&party), "{party}: {}", text(&out));
    assert!(text(&out).contains("Red Fox:"), "{}", text(&out));
    let original = enquete(&url, &["report", "1", "--format", "csv"]);
    let copy = enquete(&restored, &["report", "1", "--format", "csv"]);
    assert_eq!(
        original.stdout, copy.stdout,
        "the same results from the copy"
    );
    // Never over an existing database.
    let out = enquete(&url, &["restore", backup_arg]);
    assert!(!out.status.success());
    assert!(text(&out).contains("exists already"), "{}", text(&out));
    let out = enquete(&restored, &["restore", "/nonexistent/backup.db"]);
    assert!(text(&out).contains("not a backup file"), "{}", text(&out));
}

#[test]
fn a_person_is_exported_and_erased_from_the_command_line() {
    let (dir, url) = small_demo();
    let out = enquete(&url, &["person", "export", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    let dossier: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = dossier["record"]["person"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(dossier["ladder"].as_array().is_some_and(|l| !l.is_empty()));
    let html = dir.path().join("dossier.html");
    let out = enquete(
        &url,
        &[
            "person",
            "export",
            "1",
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read_to_string(&html).unwrap().contains(&name));
    let out = enquete(&url, &["person", "erase", "1"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("--yes"), "{}", text(&out));
    let out = enquete(
        &url,
        &[
            "person",
            "erase",
            "1",
            "--yes",
            "--reason",
            "asked by letter",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Person 1 erased"), "{}", text(&out));
    let out = enquete(&url, &["person", "export", "1"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("not found"), "{}", text(&out));
}

#[test]
fn retention_has_a_dry_run_and_needs_a_period() {
    let (_dir, url) = small_demo();
    let out = enquete(&url, &["retention"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("retention_months"), "{}", text(&out));
    let out = enquete(&url, &["retention", "--months", "1", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("none erased (dry run)"),
        "{}",
        text(&out)
    );
    let out = enquete(&url, &["retention", "--months", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("contacts with no activity for 1 months erased"),
        "{}",
        text(&out)
    );
}

/// Everything in the SQLite files of a database, as text (lossy), to look for names in clear.
fn file_text(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        all.push_str(&String::from_utf8_lossy(&bytes));
    }
    all
}

#[test]
fn a_key_encrypts_the_personal_data_of_a_whole_database() {
    let (dir, url) = small_demo();
    let country = enquete_domain::demo::country(
        enquete_domain::demo::Scale::Small,
        1,
        enquete_domain::Timestamp(0),
    );
    // Names and addresses that only a person's record holds.
    let someone = country
        .people
        .iter()
        .find(|p| p.email.is_some() && p.name.len() > 10)
        .unwrap();
    let email = someone.email.clone().unwrap();
    assert!(
        file_text(dir.path()).contains(&email),
        "stored in clear without a key"
    );

    let new = enquete(&url, &["keys", "new"]);
    let key = String::from_utf8_lossy(&new.stdout).trim().to_owned();
    assert_eq!(key.len(), 44, "{}", text(&new));
    let with_key = |args: &[&str], key: &str, old: &str| {
        Command::new(env!("CARGO_BIN_EXE_enquete"))
            .arg("--db")
            .arg(&url)
            .args(args)
            .env("ENQUETE_LOG", "warn")
            .env("ENQUETE_ENCRYPTION_KEY", key)
            .env("ENQUETE_OLD_ENCRYPTION_KEYS", old)
            .output()
            .unwrap()
    };
    let status = with_key(&["keys", "status"], &key, "");
    assert!(text(&status).contains("Current key:"), "{}", text(&status));
    let rotate = with_key(&["keys", "rotate"], &key, "");
    assert!(rotate.status.success(), "{}", text(&rotate));
    // The demo's youth wing: some of its members joined the party (a second record each).
    let people = country.people.len() + enquete_app::demo::youth::JOINED as usize;
    assert!(
        text(&rotate).contains(&format!("{people} people")),
        "{}",
        text(&rotate)
    );
    let stored = file_text(dir.path());
    assert!(!stored.contains(&email), "still in clear after rotating");
    assert!(!stored.contains(&someone.name));

    // The records read and are found as before, with the key.
    let found = with_key(&["person", "export", "1"], &key, "");
    assert!(found.status.success(), "{}", text(&found));
    // Without it, the data cannot be read, and the message says why.
    let without = enquete(&url, &["person", "export", "1"]);
    assert!(!without.status.success());
    assert!(
        text(&without).contains("not configured"),
        "{}",
        text(&without)
    );

    // A second rotation: new key, the first one kept as old until the rotation is done.
    let second = String::from_utf8_lossy(&enquete(&url, &["keys", "new"]).stdout)
        .trim()
        .to_owned();
    let rotate = with_key(&["keys", "rotate"], &second, &key);
    assert!(
        text(&rotate).contains(&format!("{people} people")),
        "{}",
        text(&rotate)
    );
    let found = with_key(&["person", "export", "1"], &second, "");
    assert!(found.status.success(), "{}", text(&found));

    // A server started without the key refuses to run rather than fail on every page.
    let mut server = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .args(["--db", &url, "serve", "--addr", "127.0.0.1:0"])
        .env("ENQUETE_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while server.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if server.try_wait().unwrap().is_none() {
        server.kill().unwrap();
    }
    let keyless = server.wait_with_output().unwrap();
    assert!(!keyless.status.success(), "the server ran without the key");
    assert!(
        text(&keyless).contains("no encryption key is set"),
        "{}",
        text(&keyless)
    );

    // A key that is not a key is refused before anything is opened.
    let bad = with_key(&["keys", "status"], "tooshort", "");
    assert!(!bad.status.success());
    assert!(text(&bad).contains("enquete keys new"), "{}", text(&bad));
}

//! The `enquete` command: run the server, set up the database, load a demo country, add
//! accounts. Parsing happens here; the work is done by the other crates.

mod bench;
mod config;
mod report;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use config::Config;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::demo::{self, Scale};
use enquete_domain::org::{UnitId, UnitKind, UnitName};
use enquete_domain::people::Language;
use enquete_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "enquete",
    version,
    about = "Enquête: listen to people, collate what they say, decide a focus, act, and grow the movement.",
    long_about = "Enquête runs a movement's organizing loop: the door-to-door enquête, results from every section up to the nation, campaigns, and the ladder from contact to leader.\n\nStart with `enquete serve --demo` to look around with a demo country, or `enquete init` to set up your own."
)]
struct Cli {
    /// A configuration file (TOML). Without it, ./enquete.toml is read if present.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where the data lives: sqlite://FILE.db (the default, sqlite://enquete.db) or postgres://USER@HOST/DATABASE.
    #[arg(long, global = true, value_name = "URL")]
    db: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or update the database, and optionally start your organization with its first admin.
    Init {
        /// The name of the nation at the top of your tree (for example "België - Belgique").
        #[arg(long, requires = "admin_email")]
        nation: Option<String>,
        /// The e-mail address of the first national admin; a one-time password is printed.
        #[arg(long, requires = "nation")]
        admin_email: Option<String>,
    },
    /// Run the web server.
    Serve {
        /// Address and port to listen on (default 127.0.0.1:8080).
        #[arg(long, value_name = "HOST:PORT")]
        addr: Option<String>,
        /// Load a demo country first if the database is empty, and print a login for every role.
        #[arg(long)]
        demo: bool,
        /// How big the demo country is.
        #[arg(long, value_enum, default_value_t = ScaleArg::National, requires = "demo")]
        demo_scale: ScaleArg,
    },
    /// Load a demo country into an empty database.
    Demo {
        /// small: a few hundred people, for trying things out and for tests; national: a
        /// Belgium-shaped country with ~125,000 people; 1m: the national country and a million
        /// responses to a survey of 30 questions.
        #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
        scale: ScaleArg,
        /// The same seed always gives the same country.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import survey responses typed in from paper forms.
    Responses {
        #[command(subcommand)]
        command: ResponsesCommand,
    },
    /// Weight respondents to the population by raking. Either a stored survey (to the
    /// population figures imported with `enquete margins import`; writes response_id,weight) or
    /// two files, such as an export of another tool and official statistics (--sample and
    /// --margins; writes id,weight). Reports the design effect and effective sample size.
    Weights {
        /// The survey's number or its form_id (leave out with --sample and --margins).
        survey: Option<String>,
        /// One row per respondent: an id column and one column per weighting variable.
        #[arg(long, requires = "margins", conflicts_with = "survey")]
        sample: Option<PathBuf>,
        /// Population per category: variable,category,population.
        #[arg(long, requires = "sample")]
        margins: Option<PathBuf>,
        /// Where to write the weights.
        #[arg(long)]
        out: PathBuf,
        /// Keep every weight between these multiples of the mean weight, for example 0.3,3.
        #[arg(long, value_name = "LOW,HIGH")]
        trim: Option<String>,
    },
    /// The results of a survey for a unit and everything below it (the whole organization by
    /// default): shares with 95% intervals, weighted to the population figures when there are
    /// any, and where the units below differ.
    Report {
        /// The survey's number or its form_id.
        survey: String,
        /// The unit: its number or exact name.
        #[arg(long)]
        unit: Option<String>,
        /// table (to read), json, csv (one row per question and option) or html (a page).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Every respondent counts once, even when population figures were imported.
        #[arg(long)]
        unweighted: bool,
    },
    /// Write the anonymous responses of a survey (no names, no collectors) as CSV, or as Parquet
    /// when the file name ends in .parquet: one row per response with region, city and section,
    /// for a spreadsheet, R, Python or DuckDB. Adds a weight column when population figures were
    /// imported.
    Export {
        /// The survey's number or its form_id.
        survey: String,
        /// The unit: its number or exact name (default: everything).
        #[arg(long)]
        unit: Option<String>,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Find themes in free-text answers from any tool (a CSV file with an id column and a text
    /// column, in Dutch, French, German or English): writes id,theme and prints each theme with
    /// its size and most telling words per language.
    Themes {
        /// The CSV file.
        file: PathBuf,
        #[arg(long, default_value = "id")]
        id_column: String,
        #[arg(long, default_value = "text")]
        text_column: String,
        /// Where to write id,theme (answers in no theme get an empty theme).
        #[arg(long)]
        out: PathBuf,
        /// A lexicon theme,lang,terms to sort answers into known themes (default: the twelve
        /// issues of the demo enquête).
        #[arg(long)]
        lexicon: Option<PathBuf>,
    },
    /// Copy the whole database while the server keeps running. SQLite: a consistent copy of the
    /// file as of the moment the copy starts. PostgreSQL: a pg_dump archive (needs pg_dump, from
    /// the PostgreSQL client tools).
    Backup {
        /// The file to write; it must not exist yet.
        out: PathBuf,
    },
    /// Put a backup made with `enquete backup` into the database given with --db, which must be
    /// new: an SQLite file that does not exist yet, or an empty PostgreSQL database (needs
    /// pg_restore). The database is brought up to this version's schema afterwards.
    Restore {
        /// The backup file.
        from: PathBuf,
    },
    /// Benchmarks (used by the scripts in bench/).
    #[command(hide = true)]
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// A person's rights over their data: everything held about them, and erasure.
    Person {
        #[command(subcommand)]
        command: PersonCommand,
    },
    /// Erase contacts with no activity for a number of months (never sympathisers, members or
    /// above), as `serve` does every day when retention_months is set. With --dry-run, only
    /// lists who would be erased.
    Retention {
        /// Months without activity (default: retention_months from the configuration).
        #[arg(long)]
        months: Option<u32>,
        #[arg(long)]
        dry_run: bool,
    },
    /// The key that encrypts personal fields (names, addresses, phone numbers, e-mail addresses,
    /// notes, answers tied to a person): make one, see what each key holds, move everything to
    /// the current key.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Population figures for weighting survey respondents.
    Margins {
        #[command(subcommand)]
        command: MarginsCommand,
    },
    /// Publish, list and download surveys (XLSForm, the ODK/KoboToolbox standard).
    Survey {
        #[command(subcommand)]
        command: SurveyCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Print a new random key, to put in encryption_key (or ENQUETE_ENCRYPTION_KEY).
    New,
    /// How many records each key holds.
    Status,
    /// Encrypt again with the current key everything encrypted with an older key or stored
    /// before a key was set. Set the new key as encryption_key and the previous one in
    /// old_encryption_keys first; when this is done, the old key can go. Safe while servers
    /// run (restart them with the new configuration first) and safe to run again.
    Rotate,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Roll up N responses to the 30-question survey; writes them as CSV for DuckDB.
    Rollup {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long)]
        csv: PathBuf,
    },
    /// Rake N respondents over 3 margins; writes sample, margins and weights for weightipy.
    Rake {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long)]
        dir: PathBuf,
    },
    /// Find themes in N answers made from a labelled file.
    Themes {
        #[arg(long, default_value_t = 100_000)]
        answers: usize,
        #[arg(long)]
        labelled: PathBuf,
    },
}

#[derive(Subcommand)]
enum PersonCommand {
    /// Everything held about a person (record, consents, ladder history, linked enquête answers,
    /// actions, meetings, projects, petitions, who read or changed the record), for a request to
    /// see their data. Recorded in the audit log.
    Export {
        /// The person's number.
        id: i64,
        /// json (complete, for machines) or html (to read or print).
        #[arg(long, value_enum, default_value_t = DossierFormat::Json)]
        format: DossierFormat,
        /// Write to this file instead of the screen.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Erase a person at their request: the record, consents, ladder history, RSVPs, meetings
    /// and projects are deleted; their enquête answers and petition signatures stay in the
    /// counts with no link, name or free text. Cannot be undone.
    Erase {
        /// The person's number.
        id: i64,
        /// Confirms the erasure.
        #[arg(long)]
        yes: bool,
        /// The request, for the audit log (no personal details).
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DossierFormat {
    Json,
    Html,
}

#[derive(Subcommand)]
enum MarginsCommand {
    /// Import a CSV file unit,variable,category,population: the population of a unit (number
    /// or exact name) in each category of a demographic question (variable = the question's
    /// code, category = the choice's code), for example from official statistics per region.
    /// Replaces the figures of each unit and variable in the file.
    Import { file: PathBuf },
    /// List the imported figures.
    List,
}

#[derive(Subcommand)]
enum ResponsesCommand {
    /// Import a CSV file: one row per paper form, one column per question code (several choices
    /// or a ranking separated by ;), optionally unit, collected_on (YYYY-MM-DD), contact_name,
    /// contact_phone, contact_email. A file with bad rows imports nothing unless --skip-bad.
    Import {
        /// The survey's number or its form_id.
        survey: String,
        /// The CSV file.
        file: PathBuf,
        /// The section for rows without a unit column: its number or exact name.
        #[arg(long)]
        unit: Option<String>,
        /// Import the good rows and list the bad ones instead of importing nothing.
        #[arg(long)]
        skip_bad: bool,
    },
}

#[derive(Subcommand)]
enum SurveyCommand {
    /// Publish an XLSForm workbook: a new survey, or a new version of the survey with the same form_id.
    Import {
        /// The .xlsx file.
        file: PathBuf,
    },
    /// Write a survey's latest version as an XLSForm workbook.
    Export {
        /// The survey's number or its form_id.
        survey: String,
        /// Where to write the .xlsx file.
        #[arg(long)]
        out: PathBuf,
    },
    /// List the surveys with their latest version.
    List,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account; prints a one-time password to hand over. They choose their own at first login.
    Add {
        /// Their e-mail address, used to log in.
        email: String,
        /// national-admin, organizer, canvasser, analyst, steward or gate-scanner.
        #[arg(long)]
        role: String,
        /// The unit their access starts at: its number or its exact name.
        #[arg(long)]
        unit: String,
        /// Their name as colleagues know it (default: the part of the e-mail before @).
        #[arg(long)]
        name: Option<String>,
        /// The language of their interface: nl, fr, de or en.
        #[arg(long, default_value = "en")]
        language: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
    Csv,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScaleArg {
    Small,
    National,
    /// The national country and a million responses to a 30-question survey (for benchmarks).
    #[value(name = "1m")]
    Million,
}

impl From<ScaleArg> for Scale {
    fn from(s: ScaleArg) -> Self {
        match s {
            ScaleArg::Small => Scale::Small,
            ScaleArg::National | ScaleArg::Million => Scale::National,
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ENQUETE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}

async fn open_store(config: &Config) -> Result<Store> {
    Store::open_with(&config.db, config.keyring()?)
        .await
        .with_context(|| format!("cannot open the database at {}", config.db))
}

/// Says, so that nobody can miss it, that personal data is stored unencrypted, or that records
/// are still under an older key.
async fn warn_without_key(store: &Store) -> Result<()> {
    if store.keys().is_configured() {
        let usage = store.key_usage().await?;
        let current = store.keys().current_id();
        let behind: u64 = usage
            .people
            .iter()
            .chain(&usage.signatures)
            .filter(|(id, _)| id != current)
            .map(|(_, n)| n)
            .sum::<u64>()
            + usage.responses_other;
        if behind > 0 {
            tracing::warn!(
                records = behind,
                "records are not yet under the current encryption key: run `enquete keys rotate`"
            );
        }
        return Ok(());
    }
    // Encrypted records and no key: every page naming a person would fail; say it now.
    let usage = store.key_usage().await?;
    let none = store.keys().current_id();
    if let Some((id, n)) = usage
        .people
        .iter()
        .chain(&usage.signatures)
        .find(|(id, n)| !id.is_empty() && id != none && *n > 0)
    {
        bail!(
            "this database holds {n} records encrypted with key {id}, and no encryption key is set: \
             set encryption_key (or ENQUETE_ENCRYPTION_KEY) to that key"
        );
    }
    let lines = [
        "WARNING: no encryption key is set.",
        "Names, addresses, phone numbers, e-mail addresses, notes and the answers of people",
        "who agreed to be contacted are stored UNENCRYPTED. Anyone with a copy of the",
        "database or of a backup can read them. For anything but a trial, run",
        "`enquete keys new`, put the key in encryption_key (or ENQUETE_ENCRYPTION_KEY),",
        "keep a copy somewhere safe, restart, and run `enquete keys rotate`.",
    ];
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let bar = "!".repeat(width + 4);
    eprintln!("{bar}");
    for line in lines {
        eprintln!("! {line:width$} !");
    }
    eprintln!("{bar}");
    tracing::warn!("personal data is stored unencrypted: no encryption key is set");
    Ok(())
}

/// Contacts with no activity for `months` months (30-day months).
async fn retention_due(
    store: &Store,
    months: u32,
) -> Result<Vec<(enquete_domain::people::PersonId, Timestamp)>> {
    let before = Timestamp(Timestamp::now_utc().0 - i64::from(months) * 30 * 86_400);
    Ok(store.inactive_contacts(before, u32::MAX).await?)
}

/// Erases the contacts found by [`retention_due`], each with an audit entry.
async fn erase_for_retention(
    store: &Store,
    found: &[(enquete_domain::people::PersonId, Timestamp)],
    months: u32,
) -> Result<usize> {
    let mut erased = 0;
    for (id, last) in found {
        let event = enquete_store::AuditEvent {
            at: Timestamp::now_utc(),
            user: None,
            action: "person-erased".into(),
            person: Some(*id),
            detail: format!(
                "retention: no activity for {months} months (last {})",
                last.date()
            ),
            ip: "retention job".into(),
        };
        match store.erase_person(*id, event).await {
            Ok(_) => erased += 1,
            // Erased meanwhile by someone else: nothing left to do.
            Err(enquete_store::StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(erased)
}

/// Loads the demo country with a progress bar.
async fn load_demo(store: &Store, scale: Scale, seed: u64) -> Result<()> {
    let now = Timestamp::now_utc();
    let country = demo::country(scale, seed, now);
    let mut hashes = Vec::with_capacity(country.accounts.len());
    for account in &country.accounts {
        let password = enquete_domain::account::NewPassword::parse(&account.password)?;
        hashes.push(
            enquete_web::auth::hash_password(&password)
                .await
                .map_err(|e| anyhow!("{e}"))?,
        );
    }
    let bar = ProgressBar::new(country.people.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} people ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("Loading the demo country");
    store
        .load_demo(&country, &hashes, now, |p| bar.set_position(p.people_done))
        .await
        .context("loading the demo country")?;
    bar.finish_and_clear();
    // Printed plainly too, since the bar is not drawn when the output is not a terminal.
    println!(
        "Demo country loaded: {} units, {} people, {} staff accounts.",
        country.units.len(),
        country.people.len(),
        country.accounts.len()
    );
    Ok(())
}

/// A million (or `total`) responses to the 30-question benchmark survey, in the sections of the
/// national demo country just loaded.
async fn load_bench(store: &Store, seed: u64, total: usize) -> Result<()> {
    let now = Timestamp::now_utc();
    let country = demo::country(Scale::National, seed, now);
    let root = store
        .root_unit()
        .await?
        .ok_or_else(|| anyhow!("the organization is empty"))?;
    let survey = store
        .publish_survey(&enquete_domain::demo_bench::bench_survey(), None, None, now)
        .await?;
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} responses ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("Loading the benchmark responses");
    const BATCH: usize = 5000;
    let mut start = 0;
    while start < total {
        let end = (start + BATCH).min(total);
        let batch: Vec<enquete_store::NewResponse> =
            enquete_domain::demo_bench::bench_responses(&country, seed, start, end, now)
                .into_iter()
                .map(|r| enquete_store::NewResponse {
                    id: r.id,
                    survey: survey.id,
                    version: survey.version,
                    unit: UnitId(root.id.0 + i64::try_from(r.unit).unwrap_or(0)),
                    channel: r.channel,
                    collector: None,
                    collected_at: r.collected_at,
                    answers: r.answers,
                    contact: None,
                    origin: "demo".into(),
                })
                .collect();
        store.ingest_responses(&batch, now).await?;
        bar.set_position(end as u64);
        start = end;
    }
    bar.finish_and_clear();
    println!(
        "Benchmark survey {} ({}) loaded with {total} responses.",
        survey.id.0, survey.definition.form_id
    );
    Ok(())
}

fn print_demo_logins(addr: &str) {
    println!();
    println!("Enquête is running at http://{addr}/");
    println!("Demo logins, one per role:");
    for (role, email, password) in demo::demo_logins() {
        println!(
            "  {:<15} {email:<40} {password}",
            role.as_str().replace('_', " ")
        );
    }
    println!();
}

/// Finds a survey by its number or its form_id.
async fn find_survey(store: &Store, wanted: &str) -> Result<enquete_store::SurveyRecord> {
    store
        .surveys()
        .await?
        .into_iter()
        .find(|s| s.id.0.to_string() == wanted || s.definition.form_id == wanted)
        .ok_or_else(|| {
            anyhow!("no survey has the number or form_id {wanted:?}; see `enquete survey list`")
        })
}

/// What the web layer needs to compute results from the command line (nothing cached yet).
fn web_state(store: &Store, config: &Config) -> enquete_web::AppState {
    enquete_web::AppState {
        store: store.clone(),
        config: Arc::new(config.web()),
        results: Default::default(),
    }
}

/// The unit given by number or exact name, or the top of the organization.
async fn unit_or_top(store: &Store, wanted: Option<&str>) -> Result<enquete_domain::org::Unit> {
    match wanted {
        Some(u) => Ok(store.unit(find_unit(store, u).await?).await?),
        None => store
            .root_unit()
            .await?
            .ok_or_else(|| anyhow!("the organization is empty")),
    }
}

/// Finds a unit by number or exact name.
fn themes_of_file(
    file: &Path,
    id_column: &str,
    text_column: &str,
    out: &Path,
    lexicon: Option<&Path>,
) -> Result<()> {
    use enquete_analysis::themes::{Lexicon, ThemeOptions, find_themes};
    let lexicon = match lexicon {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            Lexicon::parse(&text).map_err(|e| anyhow!("{}: {e}", p.display()))?
        }
        None => Lexicon::issues(),
    };
    let mut reader =
        csv::Reader::from_path(file).with_context(|| format!("cannot read {}", file.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{}, row 1", file.display()))?
        .clone();
    let column = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            anyhow!(
                "{}, row 1: there is no column {name:?} (the columns are {})",
                file.display(),
                header.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let (id_at, text_at) = (column(id_column)?, column(text_column)?);
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}, row {}", file.display(), i + 2))?;
        ids.push(record.get(id_at).unwrap_or_default().to_owned());
        texts.push(record.get(text_at).unwrap_or_default().to_owned());
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let found = find_themes(&refs, &lexicon, ThemeOptions::default());
    let took = started.elapsed();
    let mut writer =
        csv::Writer::from_path(out).with_context(|| format!("cannot write {}", out.display()))?;
    writer.write_record(["id", "theme"])?;
    for (id, a) in ids.iter().zip(&found.assignment) {
        let name = a
            .and_then(|t| found.themes.get(t))
            .map_or("", |t| t.name.as_str());
        writer.write_record([id.as_str(), name])?;
    }
    writer.flush()?;
    let themed = found.assignment.iter().filter(|a| a.is_some()).count();
    println!(
        "{} answers, {} in {} themes, {} in none ({:.1} s). Written to {}.",
        texts.len(),
        themed,
        found.themes.len(),
        texts.len() - themed,
        took.as_secs_f64(),
        out.display()
    );
    for t in &found.themes {
        let words: Vec<String> = t
            .top_terms
            .iter()
            .map(|(l, w)| format!("{}: {}", l.code(), w.join(", ")))
            .collect();
        println!(
            "  {:<30} {:>6}  {}{}",
            t.name,
            t.size,
            words.join(" | "),
            if t.issue.is_none() { "  (new)" } else { "" }
        );
    }
    Ok(())
}

fn parse_trim(t: &str) -> Result<(f64, f64)> {
    let (lo, hi) = t
        .split_once(',')
        .ok_or_else(|| anyhow!("--trim: write it as LOW,HIGH, for example 0.3,3"))?;
    let lo: f64 = lo
        .trim()
        .parse()
        .map_err(|_| anyhow!("--trim: {lo:?} is not a number"))?;
    let hi: f64 = hi
        .trim()
        .parse()
        .map_err(|_| anyhow!("--trim: {hi:?} is not a number"))?;
    if !(0.0 < lo && lo < 1.0 && hi > 1.0) {
        bail!("--trim: the low bound must be between 0 and 1 and the high bound above 1");
    }
    Ok((lo, hi))
}

fn write_weights<'a>(
    out: &Path,
    header: &str,
    rows: impl Iterator<Item = (&'a str, f64)>,
) -> Result<()> {
    let mut writer =
        csv::Writer::from_path(out).with_context(|| format!("cannot write {}", out.display()))?;
    writer.write_record([header, "weight"])?;
    for (id, w) in rows {
        writer.write_record([id, &format!("{w:.12}")])?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

fn weights_of_files(
    sample: &Path,
    margins: &Path,
    trim: Option<(f64, f64)>,
    out: &Path,
) -> Result<()> {
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("cannot read {}", p.display()));
    let (ids, margins) =
        enquete_formats::weights::read(&read(sample)?, &read(margins)?).map_err(|e| anyhow!(e))?;
    let options = enquete_analysis::raking::RakeOptions {
        trim,
        ..Default::default()
    };
    let w = enquete_analysis::raking::rake(&margins, options).map_err(|e| anyhow!("{e}"))?;
    write_weights(
        out,
        "id",
        ids.iter()
            .map(String::as_str)
            .zip(w.weights.iter().copied()),
    )?;
    println!(
        "Weighted {} respondents in {} iterations{}; design effect {:.3}, effective sample size {:.0}. Written to {}.",
        ids.len(),
        w.iterations,
        if w.converged {
            ""
        } else {
            " (did not fully converge)"
        },
        w.design_effect,
        w.effective_n,
        out.display()
    );
    Ok(())
}

async fn weights_of_survey(
    store: &Store,
    config: &Config,
    survey: &str,
    trim: Option<(f64, f64)>,
    out: &Path,
) -> Result<()> {
    let found = find_survey(store, survey).await?;
    let state = web_state(store, config);
    let snap = enquete_web::results::snapshot(&state, found.id)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let ancestry = snap.units.iter().map(|u| (u.id, u.path.ids())).collect();
    let margins: Vec<_> = store
        .margins()
        .await?
        .into_iter()
        .map(|m| enquete_analysis::weighting::Population {
            unit: m.unit,
            variable: m.variable,
            category: m.category,
            population: m.population,
        })
        .collect();
    let options = enquete_analysis::raking::RakeOptions {
        trim: Some(trim.unwrap_or(enquete_web::results::TRIM)),
        tolerance: 1e-8,
        ..Default::default()
    };
    let Some(w) = enquete_analysis::weighting::weight_dataset(
        &snap.survey.definition,
        &snap.data,
        &ancestry,
        &margins,
        options,
    ) else {
        bail!(
            "there are no population figures for this survey's questions; import them with `enquete margins import FILE.csv` (unit,variable,category,population)"
        );
    };
    write_weights(
        out,
        "response_id",
        snap.data
            .ids
            .iter()
            .map(|i| &**i)
            .zip(w.weights.iter().copied()),
    )?;
    let name = |id: UnitId| {
        snap.units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.0.to_string(), |u| u.name.as_str().to_owned())
    };
    for g in &w.groups {
        match &g.problem {
            Some(p) => println!("{}: not raked: {p}", name(g.unit)),
            None => println!(
                "{}: {} respondents raked by {} in {} iterations{}; design effect {:.3}, effective sample size {:.0}{}",
                name(g.unit),
                g.respondents,
                g.variables.join(", "),
                g.iterations,
                if g.converged {
                    ""
                } else {
                    " (did not fully converge)"
                },
                g.design_effect,
                g.effective_n,
                if g.unplaced > 0 {
                    format!(
                        "; {} kept at the mean weight (a weighting answer missing)",
                        g.unplaced
                    )
                } else {
                    String::new()
                }
            ),
        }
    }
    if w.outside > 0 {
        println!(
            "{} respondents under no unit with population figures kept at the mean weight.",
            w.outside
        );
    }
    println!(
        "Weighted {} responses; design effect {:.3}, effective sample size {:.0}. Written to {}.",
        snap.data.len(),
        w.design_effect,
        w.effective_n,
        out.display()
    );
    Ok(())
}

async fn find_unit(store: &Store, wanted: &str) -> Result<UnitId> {
    if let Ok(id) = wanted.parse::<i64>() {
        return Ok(store
            .unit(UnitId(id))
            .await
            .with_context(|| format!("there is no unit number {id}"))?
            .id);
    }
    let root = store.root_unit().await?.ok_or_else(|| {
        anyhow!(
            "the organization is empty; run `enquete init --nation ... --admin-email ...` first"
        )
    })?;
    let matches: Vec<_> = store
        .subtree(&root.path, true)
        .await?
        .into_iter()
        .filter(|u| u.name.as_str().eq_ignore_ascii_case(wanted.trim()))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => bail!("no unit is called {wanted:?}; give its number or exact name"),
        many => bail!(
            "{} units are called {wanted:?} (numbers {}); give the number",
            many.len(),
            many.iter()
                .map(|u| u.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

async fn run(cli: Cli) -> Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(db) = cli.db {
        config.db = db;
    }
    match cli.command {
        Command::Init {
            nation,
            admin_email,
        } => {
            let store = open_store(&config).await?;
            println!("The database at {} is ready.", config.db);
            if let (Some(nation), Some(email)) = (nation, admin_email) {
                let name =
                    UnitName::parse(&nation).map_err(|e| anyhow!("--nation: {}", e.problem))?;
                let unit = store
                    .create_unit(None, UnitKind::Nation, &name, Timestamp::now_utc())
                    .await
                    .map_err(|e| anyhow!("{e}"))?;
                let display = email.split('@').next().unwrap_or("admin").to_owned();
                let (email, password) = enquete_web::new_account(
                    &store,
                    &email,
                    &display,
                    Role::NationalAdmin,
                    unit.id,
                    Language::En,
                )
                .await
                .map_err(|e| anyhow!("{e}"))?;
                println!("Created {} with the national admin {email}.", name.as_str());
                println!("One-time password (shown once): {password}");
            }
            store.close().await;
        }
        Command::Serve {
            addr,
            demo,
            demo_scale,
        } => {
            init_logging();
            if let Some(addr) = addr {
                config.addr = addr;
            }
            let store = open_store(&config).await?;
            warn_without_key(&store).await?;
            if demo {
                if store.root_unit().await?.is_none() {
                    load_demo(&store, demo_scale.into(), 1).await?;
                } else {
                    println!(
                        "The database already holds an organization; not loading the demo again."
                    );
                }
            }
            let listener = tokio::net::TcpListener::bind(&config.addr)
                .await
                .with_context(|| format!("cannot listen on {}", config.addr))?;
            let bound = listener.local_addr()?.to_string();
            if demo {
                print_demo_logins(&bound);
            } else {
                println!("Enquête is running at http://{bound}/");
            }
            if store.backend() == enquete_store::Backend::Sqlite && config.db.contains(":memory:") {
                bail!("an in-memory database would lose everything");
            }
            let state = web_state(&store, &config);
            let mail = enquete_web::mail::MailConfig {
                command: config.mail_command.clone(),
                from: config.mail_from.clone(),
            };
            if mail.command.is_none() {
                tracing::warn!(
                    "no mail_command is set: password reset mails wait in the outbox, unsent"
                );
            }
            {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
                    loop {
                        tick.tick().await;
                        if let Err(e) =
                            enquete_web::mail::deliver_pending(&store, &mail, Timestamp::now_utc())
                                .await
                        {
                            tracing::warn!(error = %e, "mail delivery");
                        }
                    }
                });
            }
            if let Some(months) = config.retention_months {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut tick = tokio::time::interval(std::time::Duration::from_secs(86_400));
                    loop {
                        tick.tick().await;
                        match retention_due(&store, months).await {
                            Ok(found) => match erase_for_retention(&store, &found, months).await {
                                Ok(n) if n > 0 => {
                                    tracing::info!(
                                        erased = n,
                                        months,
                                        "retention: inactive contacts erased"
                                    )
                                }
                                Ok(_) => {}
                                Err(e) => tracing::warn!(error = %e, "retention"),
                            },
                            Err(e) => tracing::warn!(error = %e, "retention"),
                        }
                    }
                });
            }
            if demo {
                enquete_web::campaigns::load_demo_campaign(&state, Timestamp::now_utc())
                    .await
                    .map_err(|e| anyhow!("loading the demo campaign: {}", e.message()))?;
            }
            // Read every survey's responses into memory in the background, so the first
            // results page does not wait for a large survey to load.
            let warm = state.clone();
            tokio::spawn(async move {
                if let Ok(surveys) = warm.store.surveys().await {
                    for s in surveys {
                        if let Err(e) = enquete_web::results::snapshot(&warm, s.id).await {
                            tracing::warn!(survey = s.id.0, error = %e, "could not load results");
                        }
                    }
                }
            });
            enquete_web::serve(listener, state).await?;
            store.close().await;
        }
        Command::Backup { out } => {
            if out.exists() {
                bail!(
                    "{} exists already; choose a new file name so that no backup is overwritten",
                    out.display()
                );
            }
            let store = Store::connect(&config.db)
                .await
                .with_context(|| format!("cannot open the database at {}", config.db))?;
            match store.backend() {
                enquete_store::Backend::Sqlite => store
                    .backup_sqlite(&out)
                    .await
                    .context("copying the database")?,
                enquete_store::Backend::Postgres => {
                    let status = std::process::Command::new("pg_dump")
                        .args(["--format=custom", "--no-owner", "--file"])
                        .arg(&out)
                        .arg("--dbname")
                        .arg(&config.db)
                        .status()
                        .context("running pg_dump (install the PostgreSQL client tools)")?;
                    if !status.success() {
                        bail!("pg_dump failed ({status}); nothing was written to rely on");
                    }
                }
            }
            store.close().await;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            println!(
                "Backup written to {} ({:.1} MB).",
                out.display(),
                size as f64 / 1e6
            );
        }
        Command::Restore { from } => {
            if !from.is_file() {
                bail!("{} is not a backup file", from.display());
            }
            let sqlite_path = config
                .db
                .strip_prefix("sqlite://")
                .or_else(|| config.db.strip_prefix("sqlite:"))
                .map(|rest| rest.split('?').next().unwrap_or(rest).to_owned());
            match sqlite_path {
                Some(path) => {
                    let path = PathBuf::from(path);
                    if path.exists() {
                        bail!(
                            "{} exists already; restore into a new file (move the old one away first)",
                            path.display()
                        );
                    }
                    std::fs::copy(&from, &path).with_context(|| {
                        format!("copying {} to {}", from.display(), path.display())
                    })?;
                }
                None => {
                    let store = Store::connect(&config.db)
                        .await
                        .with_context(|| format!("cannot open the database at {}", config.db))?;
                    if !store.is_empty().await? {
                        bail!(
                            "the database already holds an organization; restore into an empty database"
                        );
                    }
                    store.close().await;
                    let status = std::process::Command::new("pg_restore")
                        .args([
                            "--no-owner",
                            "--no-privileges",
                            "--exit-on-error",
                            "--dbname",
                        ])
                        .arg(&config.db)
                        .arg(&from)
                        .status()
                        .context("running pg_restore (install the PostgreSQL client tools)")?;
                    if !status.success() {
                        bail!("pg_restore failed ({status})");
                    }
                }
            }
            let store = open_store(&config).await?;
            let root = store
                .root_unit()
                .await?
                .ok_or_else(|| anyhow!("the restored database holds no organization"))?;
            let counts = store.unit_counts(&root.path).await?;
            let people: u64 = counts.counts.iter().map(|c| c.count).sum();
            println!(
                "Restored {}: {} units, {} people.",
                root.name.as_str(),
                counts.units.len(),
                people
            );
            store.close().await;
        }
        Command::Demo { scale, seed } => {
            let store = open_store(&config).await?;
            load_demo(&store, scale.into(), seed).await?;
            enquete_web::campaigns::load_demo_campaign(
                &web_state(&store, &config),
                Timestamp::now_utc(),
            )
            .await
            .map_err(|e| anyhow!("loading the demo campaign: {}", e.message()))?;
            if matches!(scale, ScaleArg::Million) {
                load_bench(&store, seed, 1_000_000).await?;
            }
            for (role, email, password) in demo::demo_logins() {
                println!(
                    "  {:<15} {email:<40} {password}",
                    role.as_str().replace('_', " ")
                );
            }
            store.close().await;
        }
        Command::Responses {
            command:
                ResponsesCommand::Import {
                    survey,
                    file,
                    unit,
                    skip_bad,
                },
        } => {
            let store = open_store(&config).await?;
            let found = find_survey(&store, &survey).await?;
            let default_unit = match unit {
                Some(u) => Some(store.unit(find_unit(&store, &u).await?).await?),
                None => None,
            };
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = enquete_web::paper::import(
                &store,
                &found,
                &bytes,
                default_unit.as_ref(),
                |_| true,
                None,
                skip_bad,
                "the command line",
                Timestamp::now_utc(),
            )
            .await
            .map_err(|e| anyhow!("{}: {e}", file.display()))?;
            for bad in &report.bad_rows {
                eprintln!("{}: {bad}", file.display());
            }
            store.close().await;
            if report.refused {
                bail!(
                    "{} bad rows, listed above: nothing was imported. Correct them, or give --skip-bad to import the good rows and leave these out.",
                    report.bad_rows.len()
                );
            }
            println!(
                "Imported {} responses ({} were already there{}).",
                report.imported,
                report.already_there,
                if report.bad_rows.is_empty() {
                    String::new()
                } else {
                    format!("; skipped {} bad rows, listed above", report.bad_rows.len())
                }
            );
        }
        Command::Weights {
            survey,
            sample,
            margins,
            out,
            trim,
        } => {
            let trim = match trim {
                None => None,
                Some(t) => Some(parse_trim(&t)?),
            };
            match (survey, sample, margins) {
                (Some(survey), None, None) => {
                    let store = open_store(&config).await?;
                    weights_of_survey(&store, &config, &survey, trim, &out).await?;
                    store.close().await;
                }
                (None, Some(sample), Some(margins)) => {
                    weights_of_files(&sample, &margins, trim, &out)?;
                }
                _ => bail!(
                    "give either a survey (its number or form_id) or both --sample and --margins"
                ),
            }
        }
        Command::Export { survey, unit, out } => {
            let store = open_store(&config).await?;
            let found = find_survey(&store, &survey).await?;
            let unit = unit_or_top(&store, unit.as_deref()).await?;
            let state = web_state(&store, &config);
            let snap = enquete_web::results::snapshot(&state, found.id)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let parquet = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
            let (bytes, rows) = enquete_web::results::export(&snap, &unit, false, parquet)
                .map_err(|e| anyhow!("{e}"))?;
            std::fs::write(&out, &bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            store
                .audit(&enquete_store::AuditEvent {
                    at: Timestamp::now_utc(),
                    user: None,
                    action: "export-responses".into(),
                    person: None,
                    detail: format!(
                        "survey {} version {}, {} and below, from the command line",
                        found.id.0,
                        snap.survey.version,
                        unit.name.as_str()
                    ),
                    ip: String::new(),
                })
                .await?;
            println!("Wrote {} responses to {}.", rows, out.display());
            store.close().await;
        }
        Command::Themes {
            file,
            id_column,
            text_column,
            out,
            lexicon,
        } => themes_of_file(&file, &id_column, &text_column, &out, lexicon.as_deref())?,
        Command::Bench { command } => match command {
            BenchCommand::Rollup { rows, csv } => bench::rollup(rows, &csv)?,
            BenchCommand::Rake { rows, dir } => bench::raking(rows, &dir)?,
            BenchCommand::Themes { answers, labelled } => bench::themes(answers, &labelled)?,
        },
        Command::Retention { months, dry_run } => {
            let months = months
                .or(config.retention_months)
                .ok_or_else(|| anyhow!("give --months, or set retention_months in enquete.toml"))?;
            let store = open_store(&config).await?;
            let found = retention_due(&store, months).await?;
            if dry_run {
                println!(
                    "{} contacts have had no activity for {months} months; none erased (dry run).",
                    found.len()
                );
                for (id, last) in found.iter().take(50) {
                    println!("  person {}: last activity {}", id.0, last.date());
                }
            } else {
                let erased = erase_for_retention(&store, &found, months).await?;
                println!("{erased} contacts with no activity for {months} months erased.");
            }
            store.close().await;
        }
        Command::Keys { command } => match command {
            KeysCommand::New => {
                println!("{}", enquete_store::crypto::Keyring::generate());
                eprintln!(
                    "Put this in encryption_key (enquete.toml) or ENQUETE_ENCRYPTION_KEY, and keep a \
                     copy apart from the database and its backups: without it, the personal data \
                     cannot be read, by anyone."
                );
            }
            KeysCommand::Status => {
                let store = open_store(&config).await?;
                let usage = store.key_usage().await?;
                let current = store.keys().current_id().to_owned();
                if store.keys().is_configured() {
                    println!("Current key: {current}");
                } else {
                    println!("No encryption key is set: personal data is stored unencrypted.");
                }
                let name = |id: &str| {
                    if id.is_empty() {
                        "from before encryption".to_owned()
                    } else if id == current {
                        format!("{id} (current)")
                    } else {
                        id.to_owned()
                    }
                };
                for (what, rows) in [("People", &usage.people), ("Signatures", &usage.signatures)] {
                    for (id, n) in rows {
                        println!("{what}: {n} under {}", name(id));
                    }
                }
                println!(
                    "Answers of people who agreed to be contacted: {} under the current key, {} not.",
                    usage.responses_current, usage.responses_other
                );
                store.close().await;
            }
            KeysCommand::Rotate => {
                let store = open_store(&config).await?;
                if !store.keys().is_configured() {
                    bail!(
                        "no encryption key is set: make one with `enquete keys new` and set it as encryption_key first"
                    );
                }
                let done = store.rotate_keys(Timestamp::now_utc()).await?;
                store.purge_free_space().await?;
                println!(
                    "Encrypted again with key {}: {} people, {} signatures, {} answers of people who agreed to be contacted.",
                    store.keys().current_id(),
                    done.people,
                    done.signatures,
                    done.responses
                );
                println!(
                    "Every record is now under the current key; old_encryption_keys can be emptied."
                );
                store.close().await;
            }
        },
        Command::Person { command } => {
            let store = open_store(&config).await?;
            let cli_event = |action: &str, person: i64, detail: String| enquete_store::AuditEvent {
                at: Timestamp::now_utc(),
                user: None,
                action: action.to_owned(),
                person: Some(enquete_domain::people::PersonId(person)),
                detail,
                ip: "command line".to_owned(),
            };
            match command {
                PersonCommand::Export { id, format, out } => {
                    let dossier = store
                        .person_dossier(enquete_domain::people::PersonId(id))
                        .await
                        .with_context(|| format!("person {id}"))?;
                    let text = match format {
                        DossierFormat::Json => serde_json::to_string_pretty(&dossier)?,
                        DossierFormat::Html => enquete_web::pages::privacy::dossier_html(
                            dossier,
                            enquete_web::i18n::Tr::new(Language::En),
                        )?,
                    };
                    store
                        .audit(&cli_event("subject-access-export", id, String::new()))
                        .await?;
                    match out {
                        Some(path) => {
                            std::fs::write(&path, text)
                                .with_context(|| format!("cannot write {}", path.display()))?;
                            println!("Written to {}.", path.display());
                        }
                        None => println!("{text}"),
                    }
                }
                PersonCommand::Erase { id, yes, reason } => {
                    if !yes {
                        bail!("erasing cannot be undone; add --yes to confirm");
                    }
                    let done = store
                        .erase_person(
                            enquete_domain::people::PersonId(id),
                            cli_event("person-erased", id, reason),
                        )
                        .await
                        .with_context(|| format!("person {id}"))?;
                    println!(
                        "Person {id} erased: {} responses kept without link ({} free-text answers removed), {} signatures kept anonymously, {} RSVPs removed.",
                        done.responses_unlinked,
                        done.texts_removed,
                        done.signatures_anonymised,
                        done.rsvps_removed
                    );
                }
            }
            store.close().await;
        }
        Command::Margins { command } => {
            let store = open_store(&config).await?;
            match command {
                MarginsCommand::Import { file } => {
                    let bytes = std::fs::read(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    let rows = enquete_formats::weights::read_population(&bytes)
                        .map_err(|e| anyhow!("{}: {e}", file.display()))?;
                    let mut units: HashMap<String, UnitId> = HashMap::new();
                    let mut margins = Vec::with_capacity(rows.len());
                    for (i, r) in rows.into_iter().enumerate() {
                        let unit = match units.get(&r.unit) {
                            Some(u) => *u,
                            None => {
                                let u = find_unit(&store, &r.unit).await.with_context(|| {
                                    format!("{}, row {}, column unit", file.display(), i + 2)
                                })?;
                                units.insert(r.unit.clone(), u);
                                u
                            }
                        };
                        margins.push(enquete_store::PopulationMargin {
                            unit,
                            variable: r.variable,
                            category: r.category,
                            population: r.population,
                        });
                    }
                    let n = store
                        .import_margins(&margins, None, Timestamp::now_utc())
                        .await
                        .map_err(|e| anyhow!("{}: {e}", file.display()))?;
                    println!(
                        "Imported {n} population figures for {} unit(s).",
                        units.len()
                    );
                }
                MarginsCommand::List => {
                    println!("unit,variable,category,population");
                    for m in store.margins().await? {
                        println!(
                            "{},{},{},{}",
                            m.unit.0, m.variable, m.category, m.population
                        );
                    }
                }
            }
            store.close().await;
        }
        Command::Report {
            survey,
            unit,
            format,
            unweighted,
        } => {
            let store = open_store(&config).await?;
            let found = find_survey(&store, &survey).await?;
            let unit = unit_or_top(&store, unit.as_deref()).await?;
            let state = web_state(&store, &config);
            let snap = enquete_web::results::snapshot(&state, found.id)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let results = enquete_web::results::for_unit(
                &snap,
                &unit,
                false,
                Language::En,
                !unweighted,
                true,
            )
            .map_err(|e| anyhow!("{e}"))?;
            let text = match format {
                ReportFormat::Json => serde_json::to_string_pretty(&results)? + "\n",
                ReportFormat::Csv => report::csv(&results)?,
                ReportFormat::Table => report::table(&found.definition, &results),
                ReportFormat::Html => report::html(&found.definition, &results),
            };
            print!("{text}");
            store.close().await;
        }
        Command::Survey { command } => {
            let store = open_store(&config).await?;
            match command {
                SurveyCommand::Import { file } => {
                    let bytes = std::fs::read(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    let definition = enquete_formats::xlsform::import(&bytes)
                        .map_err(|e| anyhow!("{}: {e}", file.display()))?;
                    let rec = store
                        .publish_survey(&definition, None, None, Timestamp::now_utc())
                        .await
                        .map_err(|e| anyhow!("{e}"))?;
                    println!(
                        "Published survey {} ({}), version {}, with {} questions.",
                        rec.id,
                        rec.definition.form_id,
                        rec.version,
                        rec.definition.questions.len()
                    );
                }
                SurveyCommand::Export { survey, out } => {
                    let found = find_survey(&store, &survey).await?;
                    let bytes = enquete_formats::xlsform::export(&found.definition)
                        .map_err(|e| anyhow!("{e}"))?;
                    std::fs::write(&out, bytes)
                        .with_context(|| format!("cannot write {}", out.display()))?;
                    println!(
                        "Wrote {} version {} to {}.",
                        found.definition.form_id,
                        found.version,
                        out.display()
                    );
                }
                SurveyCommand::List => {
                    for s in store.surveys().await? {
                        println!(
                            "{:>4}  {:<24} v{:<3} {:>3} questions  {}",
                            s.id.0,
                            s.definition.form_id,
                            s.version,
                            s.definition.questions.len(),
                            s.definition.title.get(Language::En)
                        );
                    }
                }
            }
            store.close().await;
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    unit,
                    name,
                    language,
                },
        } => {
            let role = Role::parse(&role).map_err(|e| anyhow!("--role: {}", e.problem))?;
            let language = Language::parse(&language)
                .map_err(|_| anyhow!("--language: must be nl, fr, de or en"))?;
            let store = open_store(&config).await?;
            let unit = find_unit(&store, &unit).await?;
            let display = name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_owned());
            let (email, password) =
                enquete_web::new_account(&store, &email, &display, role, unit, language)
                    .await
                    .map_err(|e| anyhow!("{e}"))?;
            println!("Account {email} created.");
            println!(
                "One-time password (shown once; they choose their own at first login): {password}"
            );
            store.close().await;
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("enquete: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn user_add_takes_role_and_unit() {
        let cli = Cli::try_parse_from([
            "enquete",
            "user",
            "add",
            "a@b.org",
            "--role",
            "organizer",
            "--unit",
            "Gent",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::User {
                command: UserCommand::Add { .. }
            }
        ));
        assert!(Cli::try_parse_from(["enquete", "user", "add", "a@b.org"]).is_err());
        assert!(
            Cli::try_parse_from(["enquete", "init", "--nation", "X"]).is_err(),
            "a nation needs an admin"
        );
    }
}

//! `enquete serve`: check the database and its key, optionally load the demo, start the
//! background jobs and run the web server.

use super::common::open_store;
use super::demo::{ScaleArg, load_demo, print_demo_logins};
use crate::config::Config;
use anyhow::{Context, Result, anyhow, bail};
use enquete_app::App;
use enquete_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// Address and port to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "HOST:PORT")]
    addr: Option<String>,
    /// Load a demo country first if the database is empty, and print a login for every role.
    #[arg(long)]
    demo: bool,
    /// How big the demo country is.
    #[arg(long, value_enum, default_value_t = ScaleArg::National, requires = "demo")]
    demo_scale: ScaleArg,
}

pub async fn run(mut config: Config, args: Args) -> Result<()> {
    let Args {
        addr,
        demo,
        demo_scale,
    } = args;
    init_logging();
    if let Some(addr) = addr {
        config.addr = addr;
    }
    let store = open_store(&config).await?;
    warn_without_key(&store).await?;
    let app = App::new(store.clone());
    if demo {
        if store.root_unit().await?.is_none() {
            load_demo(&app, demo_scale.into(), 1).await?;
        } else {
            println!("The database already holds an organization; not loading the demo again.");
            // A database loaded before campaigns existed gets the demo campaign.
            enquete_app::demo::load_demo_campaign(&app, enquete_domain::Timestamp::now_utc())
                .await
                .map_err(|e| anyhow!("loading the demo campaign: {e}"))?;
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
    // The server starts the background jobs (mail, retention, results read into memory,
    // clean-ups) once the demo and its campaign are in, so the results read include them.
    let jobs = enquete_app::jobs::JobsConfig {
        mail: enquete_app::mail::MailConfig {
            command: config.mail_command.clone(),
            smtp: config.mail_smtp.clone(),
            from: config.mail_from.clone(),
            public_url: config.web().public_url,
            rate: config.mail_rate,
            bounce_address: config.mail_bounce_address.clone(),
            footers: Default::default(),
            sms: config.sms_gateway()?,
            track_clicks: config.mail_track_clicks,
        },
        retention_months: config.retention_months,
    };
    enquete_app::mail::Transport::from_config(&jobs.mail).map_err(|e| anyhow!(e))?;
    let state = enquete_web::AppState::new(app, config.web());
    enquete_web::serve(listener, state, jobs).await?;
    store.close().await;
    Ok(())
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ENQUETE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
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

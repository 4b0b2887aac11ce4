//! `enquete demo`, and the demo loading that `serve --demo` shares: the demo country, the
//! million benchmark responses and the list of demo logins.

use super::common::{open_store, web_state};
use crate::config::Config;
use anyhow::{Context, Result, anyhow};
use clap::ValueEnum;
use enquete_domain::Timestamp;
use enquete_domain::demo::{self, Scale};
use enquete_domain::org::UnitId;
use enquete_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(clap::Args)]
pub struct Args {
    /// small: a few hundred people, for trying things out and for tests; national: a
    /// Belgium-shaped country with ~125,000 people; 1m: the national country and a million
    /// responses to a survey of 30 questions.
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    scale: ScaleArg,
    /// The same seed always gives the same country.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ScaleArg {
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

pub async fn run(config: &Config, args: Args) -> Result<()> {
    let Args { scale, seed } = args;
    let store = open_store(config).await?;
    load_demo(&store, scale.into(), seed).await?;
    enquete_web::campaigns::load_demo_campaign(&web_state(&store, config), Timestamp::now_utc())
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
    Ok(())
}

/// Loads the demo country with a progress bar.
pub async fn load_demo(store: &Store, scale: Scale, seed: u64) -> Result<()> {
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

pub fn print_demo_logins(addr: &str) {
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

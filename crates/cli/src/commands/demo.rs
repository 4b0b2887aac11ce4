//! `enquete demo`, and the demo loading that `serve --demo` shares: the demo country, the
//! million benchmark responses and the list of demo logins.

use super::common::open_store;
use crate::config::Config;
use anyhow::{Result, anyhow};
use clap::ValueEnum;
use enquete_app::App;
use enquete_domain::Timestamp;
use enquete_domain::demo::{self, Scale};
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
    let app = App::new(store.clone());
    load_demo(&app, scale.into(), seed).await?;
    if matches!(scale, ScaleArg::Million) {
        load_bench(&app, seed, 1_000_000).await?;
    }
    print_logins();
    store.close().await;
    Ok(())
}

/// Loads the demo country and its campaign with a progress bar.
pub async fn load_demo(app: &App, scale: Scale, seed: u64) -> Result<()> {
    let bar = progress_bar("{msg} [{bar:40}] {pos}/{len} people ({eta} left)");
    bar.set_message("Loading the demo country");
    let now = Timestamp::now_utc();
    let loaded = enquete_app::demo::load(app, scale, seed, now, |done, all| {
        bar.set_length(all);
        bar.set_position(done);
    })
    .await
    .map_err(|e| anyhow!("loading the demo country: {e}"))?;
    bar.finish_and_clear();
    // Printed plainly too, since the bar is not drawn when the output is not a terminal.
    println!(
        "Demo country loaded: {} units, {} people, {} staff accounts.",
        loaded.units, loaded.people, loaded.accounts
    );
    Ok(())
}

/// A million (or `total`) responses to the 30-question benchmark survey, in the sections of the
/// national demo country just loaded.
async fn load_bench(app: &App, seed: u64, total: usize) -> Result<()> {
    let bar = progress_bar("{msg} [{bar:40}] {pos}/{len} responses ({eta} left)");
    bar.set_length(total as u64);
    bar.set_message("Loading the benchmark responses");
    let survey = enquete_app::demo::load_bench(app, seed, total, Timestamp::now_utc(), |n| {
        bar.set_position(n)
    })
    .await
    .map_err(|e| anyhow!("loading the benchmark responses: {e}"))?;
    bar.finish_and_clear();
    println!(
        "Benchmark survey {} ({}) loaded with {total} responses.",
        survey.id.0, survey.definition.form_id
    );
    Ok(())
}

/// The demo's logins: one per role in the party, then the youth wing's own.
fn print_logins() {
    for (role, email, password) in demo::demo_logins() {
        println!(
            "  {:<15} {email:<40} {password}",
            role.as_str().replace('_', " ")
        );
    }
    println!("Red Fox, the youth wing (an organization of its own):");
    for (role, email, password) in enquete_app::demo::youth::logins() {
        println!(
            "  {:<15} {email:<40} {password}",
            role.as_str().replace('_', " ")
        );
    }
}

fn progress_bar(template: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

pub fn print_demo_logins(addr: &str) {
    println!();
    println!("Enquête is running at http://{addr}/");
    println!("Demo logins, one per role:");
    print_logins();
    println!();
}

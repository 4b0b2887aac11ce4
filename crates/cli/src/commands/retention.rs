//! `enquete retention`: erase inactive contacts now, or list them (the daily job of `serve`
//! does the same; see `crate::jobs`).

use super::common::open_store;
use crate::config::Config;
use anyhow::{Result, anyhow};
use enquete_app::jobs::{erase_for_retention, retention_due};

#[derive(clap::Args)]
pub struct Args {
    /// Months without activity (default: retention_months from the configuration).
    #[arg(long)]
    months: Option<u32>,
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(config: &Config, args: Args) -> Result<()> {
    let Args { months, dry_run } = args;
    let months = months
        .or(config.retention_months)
        .ok_or_else(|| anyhow!("give --months, or set retention_months in enquete.toml"))?;
    let store = open_store(config).await?;
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
        let orders = enquete_app::jobs::old_orders_anonymised(&store, months).await?;
        println!(
            "{orders} festival orders of festivals over for {months} months lost their buyer's name, address and postcode."
        );
    }
    store.close().await;
    Ok(())
}

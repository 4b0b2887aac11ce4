//! `enquete responses`: survey responses typed in from paper forms.

use super::common::{find_survey, find_unit, open_store};
use crate::config::Config;
use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use enquete_domain::Timestamp;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ResponsesCommand {
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

pub async fn run(config: &Config, command: ResponsesCommand) -> Result<()> {
    let ResponsesCommand::Import {
        survey,
        file,
        unit,
        skip_bad,
    } = command;
    let store = open_store(config).await?;
    let found = find_survey(&store, &survey).await?;
    let default_unit = match unit {
        Some(u) => Some(store.unit(find_unit(&store, &u).await?).await?),
        None => None,
    };
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let report = enquete_app::paper::import(
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
        eprintln!(
            "{}: row {}, column {}: {}",
            file.display(),
            bad.row,
            bad.column,
            enquete_web::i18n::Tr::new(enquete_domain::people::Language::En).problem(&bad.problem)
        );
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
    Ok(())
}

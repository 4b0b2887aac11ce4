//! `enquete export`: the anonymous responses of a survey as CSV or Parquet.

use super::common::{find_survey, open_store, unit_or_top};
use crate::config::Config;
use anyhow::{Context, Result, anyhow};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The survey's number or its form_id.
    survey: String,
    /// The unit: its number or exact name (default: everything).
    #[arg(long)]
    unit: Option<String>,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
}

pub async fn run(config: &Config, args: Args) -> Result<()> {
    let Args { survey, unit, out } = args;
    let store = open_store(config).await?;
    let found = find_survey(&store, &survey).await?;
    let unit = unit_or_top(&store, unit.as_deref()).await?;
    let state = enquete_app::App::new(store.clone());
    let snap = enquete_app::results::snapshot(&state, found.id)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let parquet = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let (bytes, rows) =
        enquete_app::results::export(&snap, &unit, false, parquet).map_err(|e| anyhow!("{e}"))?;
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    store
        .audit(&enquete_store::AuditEvent {
            at: Timestamp::now_utc(),
            user: None,
            action: AuditAction::ExportResponses,
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
    Ok(())
}

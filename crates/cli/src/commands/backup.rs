//! `enquete backup` and `enquete restore`: copy the whole database to a file, and put such a
//! copy into a new database.

use super::common::open_store;
use crate::config::Config;
use anyhow::{Context, Result, bail};
use enquete_store::Store;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    out: PathBuf,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The backup file.
    from: PathBuf,
}

pub async fn backup(config: &Config, args: BackupArgs) -> Result<()> {
    let BackupArgs { out } = args;
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
    Ok(())
}

pub async fn restore(config: &Config, args: RestoreArgs) -> Result<()> {
    let RestoreArgs { from } = args;
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
            std::fs::copy(&from, &path)
                .with_context(|| format!("copying {} to {}", from.display(), path.display()))?;
        }
        None => {
            let store = Store::connect(&config.db)
                .await
                .with_context(|| format!("cannot open the database at {}", config.db))?;
            if !store.is_empty().await? {
                bail!("the database already holds an organization; restore into an empty database");
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
    let store = open_store(config).await?;
    let orgs = store.organizations().await?;
    if orgs.is_empty() {
        bail!("the restored database holds no organization");
    }
    let mut parts = Vec::new();
    for org in &orgs {
        let counts = store.unit_counts(&org.root.path).await?;
        let people: u64 = counts.counts.iter().map(|c| c.count).sum();
        parts.push(format!(
            "{}: {} units, {} people",
            org.root.name.as_str(),
            counts.units.len(),
            people
        ));
    }
    println!("Restored {}.", parts.join("; "));
    store.close().await;
    Ok(())
}

//! `enquete margins`: population figures for weighting survey respondents.

use super::common::{find_unit, open_store};
use crate::config::Config;
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use enquete_domain::Timestamp;
use enquete_domain::org::UnitId;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum MarginsCommand {
    /// Import a CSV file unit,variable,category,population: the population of a unit (number
    /// or exact name) in each category of a demographic question (variable = the question's
    /// code, category = the choice's code), for example from official statistics per region.
    /// Replaces the figures of each unit and variable in the file.
    Import { file: PathBuf },
    /// List the imported figures.
    List,
}

pub async fn run(config: &Config, command: MarginsCommand) -> Result<()> {
    let store = open_store(config).await?;
    match command {
        MarginsCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
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
    Ok(())
}

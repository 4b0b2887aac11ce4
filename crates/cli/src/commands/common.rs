//! Helpers shared by several subcommands: opening the database, finding a survey or a unit
//! by what the user typed.

use crate::config::Config;
use anyhow::{Context, Result, anyhow, bail};
use enquete_domain::org::{UnitId, UnitReference, find_unit as find_in};
use enquete_store::Store;

/// Opens (and brings up to date) the database of the configuration, with its encryption keys.
pub async fn open_store(config: &Config) -> Result<Store> {
    Store::open_with(&config.db, config.keyring()?)
        .await
        .with_context(|| format!("cannot open the database at {}", config.db))
}

/// Finds a survey by its number or its form_id.
pub async fn find_survey(store: &Store, wanted: &str) -> Result<enquete_store::SurveyRecord> {
    store
        .surveys()
        .await?
        .into_iter()
        .find(|s| s.id.0.to_string() == wanted || s.definition.form_id == wanted)
        .ok_or_else(|| {
            anyhow!("no survey has the number or form_id {wanted:?}; see `enquete survey list`")
        })
}

/// The unit given by number or exact name, or the top of the organization.
pub async fn unit_or_top(store: &Store, wanted: Option<&str>) -> Result<enquete_domain::org::Unit> {
    match wanted {
        Some(u) => Ok(store.unit(find_unit(store, u).await?).await?),
        None => store
            .root_unit()
            .await?
            .ok_or_else(|| anyhow!("the organization is empty")),
    }
}

/// Finds a unit by number or exact name.
pub async fn find_unit(store: &Store, wanted: &str) -> Result<UnitId> {
    if let Ok(id) = wanted.parse::<i64>() {
        return Ok(store
            .unit(UnitId(id))
            .await
            .with_context(|| format!("there is no unit number {id}"))?
            .id);
    }
    let orgs = store.organizations().await?;
    if orgs.is_empty() {
        bail!("the organization is empty; run `enquete init --nation ... --admin-email ...` first");
    }
    // By name: in the first organization, then in the others (a youth wing may name its
    // regions as the party does; the party's come first).
    let mut result = Err(UnitReference::Unknown);
    for org in &orgs {
        let units = store.subtree(&org.root.path, true).await?;
        result = find_in(&units, wanted).map(|u| u.id);
        if !matches!(result, Err(UnitReference::Unknown)) {
            break;
        }
    }
    match result {
        Ok(unit) => Ok(unit),
        Err(UnitReference::Unknown) => {
            bail!("no unit is called {wanted:?}; give its number or exact name")
        }
        Err(UnitReference::Ambiguous(ids)) => bail!(
            "{} units are called {wanted:?} (numbers {}); give the number",
            ids.len(),
            ids.iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A problem found in a value, in English words for the operator at the command line.
pub fn english(problem: &enquete_domain::Problem) -> String {
    enquete_web::i18n::english(problem)
}

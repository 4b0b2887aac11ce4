//! `enquete init`: create or update the database, and optionally the nation and its first admin.

use super::common::{english, open_store};
use crate::config::Config;
use anyhow::{Result, anyhow};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::org::{UnitKind, UnitName};
use enquete_domain::people::Language;

#[derive(clap::Args)]
pub struct Args {
    /// The name of the nation at the top of your tree (for example "België - Belgique").
    #[arg(long, requires = "admin_email")]
    nation: Option<String>,
    /// The e-mail address of the first national admin; a one-time password is printed.
    #[arg(long, requires = "nation")]
    admin_email: Option<String>,
}

pub async fn run(config: &Config, args: Args) -> Result<()> {
    let Args {
        nation,
        admin_email,
    } = args;
    let store = open_store(config).await?;
    println!("The database at {} is ready.", config.db);
    if let (Some(nation), Some(email)) = (nation, admin_email) {
        let name =
            UnitName::parse(&nation).map_err(|e| anyhow!("--nation: {}", english(&e.problem)))?;
        let unit = store
            .create_unit(None, UnitKind::Nation, &name, Timestamp::now_utc())
            .await
            .map_err(|e| anyhow!("{e}"))?;
        let display = email.split('@').next().unwrap_or("admin").to_owned();
        let (email, password) = enquete_app::accounts::new_account(
            &store,
            &email,
            &display,
            Role::NationalAdmin,
            unit.id,
            Language::En,
            Timestamp::now_utc(),
        )
        .await
        .map_err(|e| anyhow!("{e}"))?;
        println!("Created {} with the national admin {email}.", name.as_str());
        println!("One-time password (shown once): {password}");
    }
    store.close().await;
    Ok(())
}

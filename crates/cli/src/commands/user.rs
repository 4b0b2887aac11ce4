//! `enquete user`: staff accounts.

use super::common::{english, find_unit, open_store};
use crate::config::Config;
use anyhow::{Result, anyhow};
use clap::Subcommand;
use enquete_domain::account::Role;
use enquete_domain::people::Language;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account; prints a one-time password to hand over. They choose their own at first login.
    Add {
        /// Their e-mail address, used to log in.
        email: String,
        /// national-admin, organizer, canvasser, analyst, steward or gate-scanner.
        #[arg(long)]
        role: String,
        /// The unit their access starts at: its number or its exact name.
        #[arg(long)]
        unit: String,
        /// Their name as colleagues know it (default: the part of the e-mail before @).
        #[arg(long)]
        name: Option<String>,
        /// The language of their interface: nl, fr, de or en.
        #[arg(long, default_value = "en")]
        language: String,
    },
}

pub async fn run(config: &Config, command: UserCommand) -> Result<()> {
    let UserCommand::Add {
        email,
        role,
        unit,
        name,
        language,
    } = command;
    let role = Role::parse(&role).map_err(|e| anyhow!("--role: {}", english(&e.problem)))?;
    let language =
        Language::parse(&language).map_err(|_| anyhow!("--language: must be nl, fr, de or en"))?;
    let store = open_store(config).await?;
    let unit = find_unit(&store, &unit).await?;
    let display = name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_owned());
    let (email, password) = enquete_app::accounts::new_account(
        &store,
        &email,
        &display,
        role,
        unit,
        language,
        enquete_domain::Timestamp::now_utc(),
    )
    .await
    .map_err(|e| anyhow!("{e}"))?;
    println!("Account {email} created.");
    println!("One-time password (shown once; they choose their own at first login): {password}");
    store.close().await;
    Ok(())
}

//! `enquete organization`: more than one organization on one installation (the party and its
//! youth wing), each a tree of its own with its own accounts and ladder.

use super::common::{english, find_unit, open_store};
use crate::config::Config;
use anyhow::{Result, anyhow};
use clap::Subcommand;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitName;
use enquete_domain::people::Language;

#[derive(Subcommand)]
pub enum OrganizationCommand {
    /// Start another organization (a youth wing) with its first national admin; prints a
    /// one-time password to hand over.
    Add {
        /// Its name, at the top of its tree (for example "Red Fox").
        name: String,
        /// The organization it is affiliated to (its top unit's number or exact name): that
        /// organization's national admins see its counts, never its names unless granted.
        #[arg(long)]
        affiliate_of: Option<String>,
        /// The e-mail address of its first national admin.
        #[arg(long)]
        admin_email: String,
    },
    /// List the organizations on this installation.
    List,
}

pub async fn run(config: &Config, command: OrganizationCommand) -> Result<()> {
    let store = open_store(config).await?;
    match command {
        OrganizationCommand::Add {
            name,
            affiliate_of,
            admin_email,
        } => {
            let name =
                UnitName::parse(&name).map_err(|e| anyhow!("name: {}", english(&e.problem)))?;
            let parent = match affiliate_of {
                Some(u) => Some(find_unit(&store, &u).await?),
                None => None,
            };
            let now = Timestamp::now_utc();
            let root = store
                .create_organization(
                    &name,
                    parent,
                    now,
                    enquete_store::AuditEvent {
                        at: now,
                        user: None,
                        action: AuditAction::Organization,
                        person: None,
                        detail: name.as_str().to_owned(),
                        ip: "command line".into(),
                    },
                )
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let display = admin_email.split('@').next().unwrap_or("admin").to_owned();
            let (email, password) = enquete_app::accounts::new_account(
                &store,
                &admin_email,
                &display,
                Role::NationalAdmin,
                root.id,
                Language::En,
                now,
            )
            .await
            .map_err(|e| anyhow!("{e}"))?;
            println!(
                "Started {} (unit {}) with the national admin {email}.",
                name.as_str(),
                root.id
            );
            println!("One-time password (shown once): {password}");
        }
        OrganizationCommand::List => {
            let orgs = store.organizations().await?;
            for o in &orgs {
                let parent = o
                    .affiliate_of
                    .and_then(|p| orgs.iter().find(|x| x.root.id == p))
                    .map(|p| format!(", affiliated to {}", p.root.name.as_str()))
                    .unwrap_or_default();
                println!("{}\t{}{parent}", o.root.id, o.root.name.as_str());
            }
        }
    }
    store.close().await;
    Ok(())
}

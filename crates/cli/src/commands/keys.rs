//! `enquete keys`: the key that encrypts personal fields: make one, see what each key holds,
//! move everything to the current key.

use super::common::open_store;
use crate::config::Config;
use anyhow::{Result, bail};
use clap::Subcommand;
use enquete_domain::Timestamp;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Print a new random key, to put in encryption_key (or ENQUETE_ENCRYPTION_KEY).
    New,
    /// How many records each key holds.
    Status,
    /// Encrypt again with the current key everything encrypted with an older key or stored
    /// before a key was set. Set the new key as encryption_key and the previous one in
    /// old_encryption_keys first; when this is done, the old key can go. Safe while servers
    /// run (restart them with the new configuration first) and safe to run again.
    Rotate,
}

pub async fn run(config: &Config, command: KeysCommand) -> Result<()> {
    match command {
        KeysCommand::New => {
            println!("{}", enquete_store::crypto::Keyring::generate());
            eprintln!(
                "Put this in encryption_key (enquete.toml) or ENQUETE_ENCRYPTION_KEY, and keep a \
                     copy apart from the database and its backups: without it, the personal data \
                     cannot be read, by anyone."
            );
        }
        KeysCommand::Status => {
            let store = open_store(config).await?;
            let usage = store.key_usage().await?;
            let current = store.keys().current_id().to_owned();
            if store.keys().is_configured() {
                println!("Current key: {current}");
            } else {
                println!("No encryption key is set: personal data is stored unencrypted.");
            }
            let name = |id: &str| {
                if id.is_empty() {
                    "from before encryption".to_owned()
                } else if id == current {
                    format!("{id} (current)")
                } else {
                    id.to_owned()
                }
            };
            for (what, rows) in [("People", &usage.people), ("Signatures", &usage.signatures)] {
                for (id, n) in rows {
                    println!("{what}: {n} under {}", name(id));
                }
            }
            println!(
                "Answers of people who agreed to be contacted: {} under the current key, {} not.",
                usage.responses_current, usage.responses_other
            );
            store.close().await;
        }
        KeysCommand::Rotate => {
            let store = open_store(config).await?;
            if !store.keys().is_configured() {
                bail!(
                    "no encryption key is set: make one with `enquete keys new` and set it as encryption_key first"
                );
            }
            let done = store.rotate_keys(Timestamp::now_utc()).await?;
            store.purge_free_space().await?;
            println!(
                "Encrypted again with key {}: {} people, {} signatures, {} answers of people who agreed to be contacted, {} RSVP links and mails waiting, {} photos and files of responses.",
                store.keys().current_id(),
                done.people,
                done.signatures,
                done.responses,
                done.waiting,
                done.attachments
            );
            println!(
                "Every record is now under the current key; old_encryption_keys can be emptied."
            );
            store.close().await;
        }
    }
    Ok(())
}

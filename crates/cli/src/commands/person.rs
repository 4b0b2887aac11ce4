//! `enquete person`: a person's rights over their data: everything held about them, and erasure.

use super::common::open_store;
use crate::config::Config;
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::{Language, PersonId};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Everything held about a person (record, consents, ladder history, linked enquête answers,
    /// actions, meetings, projects, petitions, who read or changed the record), for a request to
    /// see their data. Recorded in the audit log.
    Export {
        /// The person's number.
        id: i64,
        /// json (complete, for machines) or html (to read or print).
        #[arg(long, value_enum, default_value_t = DossierFormat::Json)]
        format: DossierFormat,
        /// Write to this file instead of the screen.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Erase a person at their request: the record, consents, ladder history, RSVPs, meetings
    /// and projects are deleted; their enquête answers and petition signatures stay in the
    /// counts with no link, name or free text. Cannot be undone.
    Erase {
        /// The person's number.
        id: i64,
        /// Confirms the erasure.
        #[arg(long)]
        yes: bool,
        /// The request, for the audit log (no personal details).
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DossierFormat {
    Json,
    Html,
}

pub async fn run(config: &Config, command: PersonCommand) -> Result<()> {
    let store = open_store(config).await?;
    let cli_event =
        |action: AuditAction, person: PersonId, detail: String| enquete_store::AuditEvent {
            at: Timestamp::now_utc(),
            user: None,
            action,
            person: Some(person),
            detail,
            ip: "command line".to_owned(),
        };
    match command {
        PersonCommand::Export { id, format, out } => {
            let dossier = store
                .person_dossier(PersonId(id))
                .await
                .with_context(|| format!("person {id}"))?;
            let text = match format {
                DossierFormat::Json => serde_json::to_string_pretty(&dossier)?,
                DossierFormat::Html => enquete_web::render::dossier_html(dossier, Language::En)?,
            };
            store
                .audit(&cli_event(
                    AuditAction::SubjectAccessExport,
                    PersonId(id),
                    String::new(),
                ))
                .await?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!("Written to {}.", path.display());
                }
                None => println!("{text}"),
            }
        }
        PersonCommand::Erase { id, yes, reason } => {
            if !yes {
                bail!("erasing cannot be undone; add --yes to confirm");
            }
            let done = store
                .erase_person(
                    PersonId(id),
                    cli_event(AuditAction::PersonErased, PersonId(id), reason),
                )
                .await
                .with_context(|| format!("person {id}"))?;
            println!(
                "Person {id} erased: {} responses kept without link ({} free-text answers removed), {} signatures kept anonymously, {} RSVPs removed.",
                done.responses_unlinked,
                done.texts_removed,
                done.signatures_anonymised,
                done.rsvps_removed
            );
        }
    }
    store.close().await;
    Ok(())
}

//! The work a running server does in the background: sending the mails in the outbox, erasing
//! contacts past the retention period once a day, and reading every survey's results into
//! memory at start. [`spawn`] starts them all; `enquete serve` calls it, and so can anything
//! else that embeds the web server. This file depends on the library crates only (no clap, no
//! command-line configuration), so that it can move into one of them.

use enquete_domain::Timestamp;
use enquete_domain::people::PersonId;
use enquete_store::{AuditEvent, Store, StoreError};
use enquete_web::AppState;
use enquete_web::mail::MailConfig;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Starts the background jobs of a server on the current Tokio runtime and returns their
/// handles (dropping them leaves the jobs running):
/// - every 5 seconds, the mails waiting in the outbox are handed to `mail.command` (without
///   one, a warning is logged and they wait, unsent);
/// - with `retention_months`, once a day from now, contacts with no activity for that many
///   months are erased (see [`retention_due`]);
/// - once, every survey's responses are read into `state`'s results cache, so that the first
///   results page does not wait for a large survey to load.
pub fn spawn(
    state: &AppState,
    mail: MailConfig,
    retention_months: Option<u32>,
) -> Vec<JoinHandle<()>> {
    if mail.command.is_none() {
        tracing::warn!("no mail_command is set: password reset mails wait in the outbox, unsent");
    }
    let mut jobs = vec![tokio::spawn(deliver_mail(state.store.clone(), mail))];
    if let Some(months) = retention_months {
        jobs.push(tokio::spawn(retention(state.store.clone(), months)));
    }
    jobs.push(tokio::spawn(warm_results(state.clone())));
    jobs
}

/// Hands the mails in the outbox to the mail command every 5 seconds.
async fn deliver_mail(store: Store, mail: MailConfig) {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(e) =
            enquete_web::mail::deliver_pending(&store, &mail, Timestamp::now_utc()).await
        {
            tracing::warn!(error = %e, "mail delivery");
        }
    }
}

/// Erases the contacts with no activity for `months` months, now and then every day.
async fn retention(store: Store, months: u32) {
    let mut tick = tokio::time::interval(Duration::from_secs(86_400));
    loop {
        tick.tick().await;
        match retention_due(&store, months).await {
            Ok(found) => match erase_for_retention(&store, &found, months).await {
                Ok(n) if n > 0 => {
                    tracing::info!(erased = n, months, "retention: inactive contacts erased")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention"),
            },
            Err(e) => tracing::warn!(error = %e, "retention"),
        }
    }
}

/// Reads every survey's responses into memory, so the first results page does not wait for a
/// large survey to load.
async fn warm_results(state: AppState) {
    if let Ok(surveys) = state.store.surveys().await {
        for s in surveys {
            if let Err(e) = enquete_web::results::snapshot(&state, s.id).await {
                tracing::warn!(survey = s.id.0, error = %e, "could not load results");
            }
        }
    }
}

/// Contacts with no activity for `months` months (30-day months).
pub async fn retention_due(
    store: &Store,
    months: u32,
) -> Result<Vec<(PersonId, Timestamp)>, StoreError> {
    let before = Timestamp(Timestamp::now_utc().0 - i64::from(months) * 30 * 86_400);
    store.inactive_contacts(before, u32::MAX).await
}

/// Erases the contacts found by [`retention_due`], each with an audit entry.
pub async fn erase_for_retention(
    store: &Store,
    found: &[(PersonId, Timestamp)],
    months: u32,
) -> Result<usize, StoreError> {
    let mut erased = 0;
    for (id, last) in found {
        let event = AuditEvent {
            at: Timestamp::now_utc(),
            user: None,
            action: "person-erased".into(),
            person: Some(*id),
            detail: format!(
                "retention: no activity for {months} months (last {})",
                last.date()
            ),
            ip: "retention job".into(),
        };
        match store.erase_person(*id, event).await {
            Ok(_) => erased += 1,
            // Erased meanwhile by someone else: nothing left to do.
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(erased)
}

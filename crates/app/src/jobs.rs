//! The work a running server does in the background: sending the mails in the outbox, erasing
//! contacts past the retention period once a day, and reading every survey's results into
//! memory at start, and forgetting expired sessions, old attempts and used or expired RSVP
//! confirmation links every hour. [`spawn`]
//! starts them all; the web server's `serve` calls it, so whoever runs the server gets them.

use crate::App;
use crate::mail::MailConfig;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::PersonId;
use enquete_store::{Store, StoreError};
use std::time::Duration;
use tokio::task::JoinHandle;

/// What the background jobs need to know.
#[derive(Debug, Clone)]
pub struct JobsConfig {
    pub mail: MailConfig,
    /// Months without activity before a contact is erased; `None` keeps contacts.
    pub retention_months: Option<u32>,
}

/// Starts the background jobs of a server on the current Tokio runtime and returns their
/// handles (dropping them leaves the jobs running):
/// - every 5 seconds, the mails waiting in the outbox are handed to `mail.command` (without
///   one, a warning is logged and they wait, unsent);
/// - with `retention_months`, once a day from now, contacts with no activity for that many
///   months are erased (see [`retention_due`]);
/// - once, every survey's responses are read into the results cache, so that the first
///   results page does not wait for a large survey to load.
/// - every hour, expired sessions, old login attempts, old online-submission counts and used or
///   expired RSVP confirmation links are forgotten.
pub fn spawn(app: &App, config: JobsConfig) -> Vec<JoinHandle<()>> {
    let JobsConfig {
        mail,
        retention_months,
    } = config;
    if mail.command.is_none() && mail.smtp.is_none() {
        tracing::warn!(
            "neither mail_smtp nor mail_command is set: password resets, RSVP confirmations and mailings wait, unsent"
        );
    }
    let mut jobs = vec![
        tokio::spawn(housekeeping(app.store.clone())),
        tokio::spawn(deliver_mail(app.clone(), mail)),
    ];
    if let Some(months) = retention_months {
        jobs.push(tokio::spawn(retention(app.store.clone(), months)));
    }
    jobs.push(tokio::spawn(warm_results(app.clone())));
    jobs
}

/// Forgets expired sessions, old login attempts, old online-submission counts and RSVP
/// confirmation links used or expired, now and then every hour.
async fn housekeeping(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = Timestamp::now_utc();
        if let Err(e) = store.prune_sessions(now).await {
            tracing::warn!(error = %e, "pruning sessions");
        }
        let day_ago = Timestamp(now.0 - 86_400);
        if let Err(e) = store.prune_login_attempts(day_ago).await {
            tracing::warn!(error = %e, "pruning login attempts");
        }
        if let Err(e) = store.prune_public_submissions(day_ago).await {
            tracing::warn!(error = %e, "pruning online submissions");
        }
        if let Err(e) = store.prune_throttle_keys(day_ago).await {
            tracing::warn!(error = %e, "pruning throttle keys");
        }
        if let Err(e) = store.prune_rsvp_confirmations(now).await {
            tracing::warn!(error = %e, "pruning RSVP confirmation links");
        }
    }
}

/// Every 5 seconds: hands the mails in the outbox over, starts the mailings whose time has
/// come and sends their messages; every minute, the follow-up rules act on what is due.
async fn deliver_mail(app: App, mail: MailConfig) {
    let transport = match crate::mail::Transport::from_config(&mail) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "mail cannot be sent");
            crate::mail::Transport::Unset
        }
    };
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    let mut round: u64 = 0;
    let client = reqwest::Client::new();
    loop {
        tick.tick().await;
        let now = Timestamp::now_utc();
        // Once a minute, the follow-up rules act on what is due (their messages then go below),
        // and webhooks are told of what happened.
        if round.is_multiple_of(12) {
            match crate::webhooks::run(&app, &client, now).await {
                Ok(r) if r.sent + r.failed > 0 => {
                    tracing::info!(sent = r.sent, failed = r.failed, "webhooks");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhooks"),
            }
            match crate::followups::run(&app, now).await {
                Ok(a) if a.tasks + a.messages > 0 => {
                    tracing::info!(tasks = a.tasks, messages = a.messages, "follow-ups");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "follow-ups"),
            }
        }
        round = round.wrapping_add(1);
        if let Err(e) =
            crate::mail::deliver_pending_with(&app.store, &transport, &mail.from, now).await
        {
            tracing::warn!(error = %e, "mail delivery");
        }
        match crate::mailings::send::run_once(&app, &transport, &mail, &mail.footers, 50).await {
            Ok(s) if s.sent + s.failed > 0 => {
                tracing::info!(
                    sent = s.sent,
                    failed = s.failed,
                    "mailing messages handed over"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mailings"),
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
        match old_orders_anonymised(&store, months).await {
            Ok(n) if n > 0 => tracing::info!(orders = n, months, "retention: festival buyers"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention"),
        }
    }
}

/// Festival orders of festivals that ended `months` ago lose their buyer's name, address and
/// postcode (buyers who became records follow their record's retention).
pub async fn old_orders_anonymised(store: &Store, months: u32) -> Result<u64, StoreError> {
    let before = Timestamp(Timestamp::now_utc().0 - i64::from(months) * 30 * 86_400);
    store.anonymise_old_orders(before).await
}

/// Reads every survey's responses into memory, so the first results page does not wait for a
/// large survey to load.
async fn warm_results(app: App) {
    if let Ok(surveys) = app.store.surveys().await {
        for s in surveys {
            match crate::results::snapshot(&app, s.id).await {
                // What analysts may see of the results is worked out once, off the request path.
                Ok(snap) => {
                    let _ = tokio::task::spawn_blocking(move || {
                        snap.mask();
                    })
                    .await;
                }
                Err(e) => {
                    tracing::warn!(survey = s.id.0, error = %e, "could not load results");
                }
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
        let reason = format!(
            "retention: no activity for {months} months (last {})",
            last.date()
        );
        let event = crate::privacy::System::RetentionJob.event(
            AuditAction::PersonErased,
            *id,
            reason,
            Timestamp::now_utc(),
        );
        match store.erase_person(*id, event).await {
            Ok(_) => erased += 1,
            // Erased meanwhile by someone else: nothing left to do.
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(erased)
}

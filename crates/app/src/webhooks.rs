//! Webhooks: an organizer gives the HTTPS address of another tool and picks what it is told of
//! in their unit and below (a person added, a stage reached, an RSVP, a signature, a response
//! counted). Each delivery is a JSON POST signed with the webhook's secret
//! (`X-Enquete-Signature: sha256=<HMAC of the body>`), tried again with a growing wait, the
//! webhook paused after too many failures in a row, and sent once whatever the number of
//! servers. A person's name and address go only to a tool when they agreed to be contacted.
//!
//! The signature covers the moment of sending too (`X-Enquete-Timestamp`, signed as
//! `<timestamp>.<body>`), so that a receiver can refuse an old message played again.

use crate::scope::unit_for;
use crate::{App, Caller, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::ConsentPurpose;
use enquete_domain::policy::Action;
use enquete_store::{Delivery, DeliveryRecord, HookEvent, WebhookId, WebhookRecord};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use std::time::Duration;

/// What a webhook can be told of.
pub const KINDS: [&str; 5] = [
    "person.added",
    "stage.changed",
    "rsvp.added",
    "signature.added",
    "response.counted",
];
/// Attempts before a delivery is given up.
pub const ATTEMPTS: i64 = 8;
/// Failed deliveries in a row after which a webhook is paused.
pub const PAUSE_AFTER: i64 = 20;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct WebhookInput {
    pub unit_id: i64,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub events: Vec<String>,
}

/// Checks an address: HTTPS (plain HTTP only to this machine, for a local relay).
fn check_url(raw: &str) -> Result<String> {
    let url = raw.trim();
    let local = url.starts_with("http://127.0.0.1") || url.starts_with("http://localhost");
    if url.len() > 500
        || !(url.starts_with("https://") || local)
        || url.contains(char::is_whitespace)
    {
        return Err(FieldError::new("url", "error-webhook-url").into());
    }
    reqwest::Url::parse(url).map_err(|_| FieldError::new("url", "error-webhook-url"))?;
    Ok(url.to_owned())
}

/// Adds a webhook; returns it with its secret (shown to the organizer to set up the other side).
pub async fn create(app: &App, caller: &Caller, input: &WebhookInput) -> Result<WebhookRecord> {
    let unit = unit_for(
        app,
        caller,
        UnitId(input.unit_id),
        Action::ManageIntegrations,
    )
    .await?;
    let url = check_url(&input.url)?;
    let mut events: Vec<&str> = Vec::new();
    for e in &input.events {
        let kind = KINDS
            .iter()
            .find(|k| **k == e.as_str())
            .ok_or_else(|| FieldError::new("events", "error-webhook-events"))?;
        if !events.contains(kind) {
            events.push(kind);
        }
    }
    if events.is_empty() {
        return Err(FieldError::new("events", "error-webhook-events").into());
    }
    let secret = crate::auth::random_token();
    let id = app
        .store
        .create_webhook(
            unit.id,
            &url,
            &secret,
            &events,
            caller.id(),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Webhook,
                None,
                format!(
                    "webhook to {url} for unit {}: {}",
                    unit.id.0,
                    events.join(", ")
                ),
            ),
        )
        .await?;
    Ok(app.store.webhook(id).await?)
}

/// The webhooks of the units the caller connects tools to.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<WebhookRecord>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    Ok(app
        .store
        .webhooks_below(&caller.actor.scope)
        .await?
        .into_iter()
        .filter(|w| {
            units
                .iter()
                .find(|u| u.id == w.unit)
                .is_some_and(|u| crate::scope::may(caller, Action::ManageIntegrations, u))
        })
        .collect())
}

/// A webhook with its latest deliveries.
pub async fn get(
    app: &App,
    caller: &Caller,
    id: WebhookId,
) -> Result<(WebhookRecord, Vec<DeliveryRecord>)> {
    let hook = app.store.webhook(id).await?;
    unit_for(app, caller, hook.unit, Action::ManageIntegrations).await?;
    let log = app.store.deliveries_of(id, 50).await?;
    Ok((hook, log))
}

/// Removes a webhook, or resumes a paused one.
pub async fn change(app: &App, caller: &Caller, id: WebhookId, delete: bool) -> Result<()> {
    let (hook, _) = get(app, caller, id).await?;
    app.store
        .change_webhook(
            id,
            delete,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Webhook,
                None,
                format!(
                    "webhook {} to {}: {}",
                    id.0,
                    hook.url,
                    if delete { "removed" } else { "resumed" }
                ),
            ),
        )
        .await?;
    Ok(())
}

/// The JSON a tool receives for an event: what happened, where, when, and the person — their
/// name and e-mail only if they agreed to be contacted.
async fn payload(app: &App, e: &HookEvent) -> Result<String> {
    let mut person = serde_json::Value::Null;
    if let Some(id) = e.person
        && let Some(r) = app.store.people_by_ids(&[id.0]).await?.pop()
    {
        let consents = app.store.consenting(&[id], ConsentPurpose::Contact).await?;
        person = if consents.contains(&id) {
            serde_json::json!({
                "id": id.0,
                "stage": r.person.stage.as_str(),
                "name": r.person.name,
                "email": r.person.email,
            })
        } else {
            serde_json::json!({ "id": id.0, "stage": r.person.stage.as_str() })
        };
    }
    Ok(serde_json::json!({
        "event": e.kind,
        "id": e.key,
        "at": e.at.rfc3339(),
        "unit_id": e.unit.0,
        "detail": e.detail,
        "person": person,
    })
    .to_string())
}

/// The signature of a delivery: `sha256=` and the hex HMAC-SHA256, under the secret, of the
/// moment of sending (Unix seconds), a dot and the body.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

async fn deliver(
    client: &reqwest::Client,
    d: &Delivery,
    now: Timestamp,
) -> (Option<i64>, Option<String>) {
    let sent = client
        .post(&d.url)
        .header("Content-Type", "application/json")
        .header("X-Enquete-Event", &d.kind)
        .header("X-Enquete-Delivery", d.id.to_string())
        .header("X-Enquete-Timestamp", now.0.to_string())
        .header(
            "X-Enquete-Signature",
            signature(&d.secret, now.0, &d.payload),
        )
        .timeout(Duration::from_secs(15))
        .body(d.payload.clone())
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => (Some(i64::from(r.status().as_u16())), None),
        Ok(r) => (
            Some(i64::from(r.status().as_u16())),
            Some(format!("answered {}", r.status())),
        ),
        Err(e) => (None, Some(format!("could not reach it: {e}"))),
    }
}

/// What a round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub queued: u64,
    pub sent: u64,
    pub failed: u64,
}

/// One round: queues what happened in the last week for every webhook and was not queued yet
/// (only those events get their payload made), then delivers what is due.
pub async fn run(app: &App, client: &reqwest::Client, now: Timestamp) -> Result<Round> {
    let mut round = Round::default();
    let since = Timestamp(now.0 - 7 * 86_400);
    let mut hooks = Vec::new();
    for org in app.store.organizations().await? {
        hooks.extend(app.store.webhooks_below(&org.root.path).await?);
    }
    for hook in hooks {
        if hook.paused {
            continue;
        }
        let mut items = Vec::new();
        for e in app.store.hook_events(&hook, since).await? {
            items.push((
                e.key.clone(),
                e.kind.to_owned(),
                e.person,
                payload(app, &e).await?,
            ));
        }
        round.queued += app.store.queue_deliveries(hook.id, &items, now).await?;
    }
    loop {
        let batch = app.store.claim_deliveries(50, 120, now).await?;
        if batch.is_empty() {
            break;
        }
        for d in &batch {
            let (status, error) = deliver(client, d, now).await;
            if error.is_some() {
                round.failed += 1;
            } else {
                round.sent += 1;
            }
            // 1, 2, 4 ... minutes, at most six hours.
            let wait = (60_i64 << d.attempts.clamp(0, 9)).min(6 * 3600);
            app.store
                .delivery_outcome(
                    d,
                    status,
                    error.as_deref(),
                    Timestamp(now.0 + wait),
                    ATTEMPTS,
                    PAUSE_AFTER,
                    now,
                )
                .await?;
        }
    }
    Ok(round)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_is_the_hmac_of_the_timestamp_and_the_body() {
        // Python: hmac.new(b"Jefe", b"1790000000.what do ya want for nothing?", sha256).
        assert_eq!(
            super::signature("Jefe", 1_790_000_000, "what do ya want for nothing?"),
            "sha256=79368d676f0012602ea15029a7cad98cbcca320c179f8dfbfb27122c189b86d4"
        );
        assert_ne!(
            super::signature("Jefe", 1, "x"),
            super::signature("Jefe", 2, "x")
        );
    }
}

//! Webhooks: addresses of an organization's other tools, the events of their unit and below
//! they are told of, and the deliveries: one per webhook and event (unique, so scanning the same
//! events again queues nothing twice), claimed by one server at a time like mailing messages,
//! tried again with a growing wait, the webhook paused after too many failures in a row.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::PersonId,
};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct WebhookId(pub i64);

#[derive(Debug, Clone, Serialize)]
pub struct WebhookRecord {
    pub id: WebhookId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub url: String,
    #[serde(skip)]
    pub secret: String,
    /// The kinds of event it is told of.
    pub events: Vec<String>,
    pub created_at: Timestamp,
    /// Failed deliveries in a row.
    pub failures: i64,
    pub paused: bool,
}

/// Something that happened, as a webhook is told of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookEvent {
    /// `person.added`, `stage.changed`, `rsvp.added`, `signature.added`, `response.counted`.
    pub kind: &'static str,
    /// Unique for the kind: `stage.changed:12`.
    pub key: String,
    pub at: Timestamp,
    pub unit: UnitId,
    pub person: Option<PersonId>,
    /// The stage reached, the action, petition or survey concerned.
    pub detail: String,
}

/// A delivery claimed for sending.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub claim: i64,
    pub webhook: WebhookId,
    pub url: String,
    pub secret: String,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// One delivery in a webhook's log.
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryRecord {
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub attempts: i64,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub status: Option<i64>,
    pub last_error: String,
}

const HOOK_COLUMNS: &str = "w.id, w.unit_id, u.path, w.url, w.secret, w.events, w.created_at, \
     w.failures, w.paused_at";

impl Store {
    fn hook_from_row(&self, row: &sqlx::any::AnyRow) -> StoreResult<WebhookRecord> {
        let events: String = col(row, "events")?;
        Ok(WebhookRecord {
            id: WebhookId(col(row, "id")?),
            unit: UnitId(col(row, "unit_id")?),
            unit_path: crate::path_col(row, "path")?,
            url: col(row, "url")?,
            secret: self
                .keys
                .open("webhooks.secret", &col::<String>(row, "secret")?)?,
            events: events.split(',').map(str::to_owned).collect(),
            created_at: Timestamp(col(row, "created_at")?),
            failures: col(row, "failures")?,
            paused: col::<Option<i64>>(row, "paused_at")?.is_some(),
        })
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "a webhook with its audit entry, in one go"
    )]
    pub async fn create_webhook(
        &self,
        unit: UnitId,
        url: &str,
        secret: &str,
        events: &[&str],
        by: UserId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<WebhookId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (unit_id, url, secret, events, created_by, created_at, failures) \
             VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
        )
        .bind(unit.0)
        .bind(url)
        .bind(self.keys.seal("webhooks.secret", secret)?)
        .bind(events.join(","))
        .bind(by.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(WebhookId(id))
    }

    pub async fn webhook(&self, id: WebhookId) -> StoreResult<WebhookRecord> {
        let row = sqlx::query(&format!(
            "SELECT {HOOK_COLUMNS} FROM webhooks w JOIN units u ON u.id = w.unit_id \
             WHERE w.id = $1 AND w.deleted_at IS NULL"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("webhook"))?;
        self.hook_from_row(&row)
    }

    /// The webhooks of the units at or below `path`, oldest first.
    pub async fn webhooks_below(&self, path: &UnitPath) -> StoreResult<Vec<WebhookRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {HOOK_COLUMNS} FROM webhooks w JOIN units u ON u.id = w.unit_id \
             WHERE w.deleted_at IS NULL AND u.path >= $1 AND u.path < $2 ORDER BY w.id"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| self.hook_from_row(r)).collect()
    }

    /// Removes a webhook (its log stays for the audit) or resumes a paused one.
    pub async fn change_webhook(
        &self,
        id: WebhookId,
        delete: bool,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let sql = if delete {
            "UPDATE webhooks SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL"
        } else {
            "UPDATE webhooks SET paused_at = NULL, failures = 0 WHERE id = $2 AND $1 = $1"
        };
        sqlx::query(sql)
            .bind(now.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What happened in a webhook's unit and below since `since` (and since it was made), of
    /// the kinds it is told of, and not queued for it yet (an event is queued after it
    /// happened, so those of the window are found among the deliveries made since its start).
    pub async fn hook_events(
        &self,
        hook: &WebhookRecord,
        since: Timestamp,
    ) -> StoreResult<Vec<HookEvent>> {
        let since = since.0.max(hook.created_at.0);
        let (lo, hi) = subtree_range(hook.unit_path.as_str());
        let queries: [(&'static str, &str); 5] = [
            (
                "person.added",
                "SELECT p.id AS id, p.id AS person_id, p.unit_id, p.created_at AS at, '' AS detail \
                 FROM people p JOIN units u ON u.id = p.unit_id WHERE p.created_at >= $1",
            ),
            (
                "stage.changed",
                "SELECT s.id AS id, s.person_id, p.unit_id, s.at, s.to_stage AS detail \
                 FROM stage_changes s JOIN people p ON p.id = s.person_id \
                 JOIN units u ON u.id = p.unit_id WHERE s.at >= $1 \
                 AND s.from_stage IS NOT NULL AND s.from_stage <> s.to_stage",
            ),
            (
                "rsvp.added",
                "SELECT r.id AS id, r.person_id, p.unit_id, r.created_at AS at, \
                 CAST(r.action_id AS TEXT) AS detail FROM rsvps r \
                 JOIN people p ON p.id = r.person_id JOIN units u ON u.id = p.unit_id \
                 WHERE r.created_at >= $1",
            ),
            (
                "signature.added",
                "SELECT s.id AS id, s.person_id, s.unit_id, s.signed_at AS at, \
                 CAST(s.petition_id AS TEXT) AS detail FROM signatures s \
                 JOIN units u ON u.id = s.unit_id WHERE s.signed_at >= $1",
            ),
            (
                "response.counted",
                "SELECT r.id AS id, r.person_id, r.unit_id, r.received_at AS at, \
                 CAST(r.survey_id AS TEXT) AS detail FROM responses r \
                 JOIN units u ON u.id = r.unit_id WHERE r.received_at >= $1",
            ),
        ];
        let queued: std::collections::HashSet<String> = sqlx::query_scalar(
            "SELECT event FROM webhook_deliveries WHERE webhook_id = $1 AND created_at >= $2",
        )
        .bind(hook.id.0)
        .bind(since)
        .fetch_all(&self.read)
        .await?
        .into_iter()
        .collect();
        let mut out = Vec::new();
        for (kind, sql) in queries {
            if !hook.events.iter().any(|e| e == kind) {
                continue;
            }
            let sql = format!("{sql} AND u.path >= $2 AND u.path < $3 ORDER BY 4 LIMIT 5000");
            let rows = sqlx::query(&sql)
                .bind(since)
                .bind(&lo)
                .bind(&hi)
                .fetch_all(&self.read)
                .await?;
            for row in &rows {
                // Responses are named by text (their UUID), the rest by number.
                let id = match col::<String>(row, "id") {
                    Ok(s) => s,
                    Err(_) => col::<i64>(row, "id")?.to_string(),
                };
                let key = format!("{kind}:{id}");
                if queued.contains(&key) {
                    continue;
                }
                out.push(HookEvent {
                    kind,
                    key,
                    at: Timestamp(col(row, "at")?),
                    unit: UnitId(col(row, "unit_id")?),
                    person: col::<Option<i64>>(row, "person_id")?.map(PersonId),
                    detail: col(row, "detail")?,
                });
            }
        }
        Ok(out)
    }

    /// Queues deliveries (an event already queued for the webhook is left). Returns how many
    /// are new.
    pub async fn queue_deliveries(
        &self,
        hook: WebhookId,
        items: &[(String, String, Option<PersonId>, String)],
        now: Timestamp,
    ) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let mut n = 0;
        for (key, kind, person, payload) in items {
            n += sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, event, kind, payload, state, attempts, \
                 next_at, claim, claimed_until, created_at, last_error, person_id) \
                 VALUES ($1, $2, $3, $4, 'queued', 0, $5, 0, 0, $5, '', $6) \
                 ON CONFLICT (webhook_id, event) DO NOTHING",
            )
            .bind(hook.0)
            .bind(key)
            .bind(kind)
            .bind(self.keys.seal("webhook_deliveries.payload", payload)?)
            .bind(now.0)
            .bind(person.map(|p| p.0))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Claims up to `limit` deliveries that are due, of webhooks not paused, for `hold` seconds.
    pub async fn claim_deliveries(
        &self,
        limit: u32,
        hold: i64,
        now: Timestamp,
    ) -> StoreResult<Vec<Delivery>> {
        let claim = crate::new_claim();
        let skip = match self.backend() {
            crate::Backend::Postgres => " FOR UPDATE OF d SKIP LOCKED",
            crate::Backend::Sqlite => "",
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "WITH picked AS MATERIALIZED (\
             SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.state = 'queued' AND d.next_at <= $3 AND d.claimed_until <= $3 \
             AND w.paused_at IS NULL AND w.deleted_at IS NULL ORDER BY d.id LIMIT $4{skip}) \
             UPDATE webhook_deliveries SET claim = $1, claimed_until = $2 \
             WHERE state = 'queued' AND claimed_until <= $3 AND id IN (SELECT id FROM picked)"
        ))
        .bind(claim)
        .bind(now.0 + hold)
        .bind(now.0)
        .bind(i64::from(limit))
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(
            "SELECT d.id, d.webhook_id, w.url, w.secret, d.kind, d.payload, d.attempts \
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.claim = $1 AND d.claimed_until = $2 AND d.state = 'queued' ORDER BY d.id",
        )
        .bind(claim)
        .bind(now.0 + hold)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|row| {
                Ok(Delivery {
                    id: col(row, "id")?,
                    claim,
                    webhook: WebhookId(col(row, "webhook_id")?),
                    url: col(row, "url")?,
                    secret: self
                        .keys
                        .open("webhooks.secret", &col::<String>(row, "secret")?)?,
                    kind: col(row, "kind")?,
                    payload: self.keys.open(
                        "webhook_deliveries.payload",
                        &col::<String>(row, "payload")?,
                    )?,
                    attempts: col(row, "attempts")?,
                })
            })
            .collect()
    }

    /// Records a delivery's outcome by the holder of its claim: sent (the webhook's failures
    /// start again from 0), or failed (tried again at `retry_at`, given up after
    /// `max_attempts`; the webhook paused once `pause_after` deliveries failed in a row).
    #[expect(
        clippy::too_many_arguments,
        reason = "one outcome, recorded in one transaction"
    )]
    pub async fn delivery_outcome(
        &self,
        d: &Delivery,
        status: Option<i64>,
        error: Option<&str>,
        retry_at: Timestamp,
        max_attempts: i64,
        pause_after: i64,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        match error {
            None => {
                let done = sqlx::query(
                    "UPDATE webhook_deliveries SET state = 'sent', sent_at = $1, status = $2, \
                     attempts = attempts + 1, payload = '' WHERE id = $3 AND claim = $4 \
                     AND state = 'queued'",
                )
                .bind(now.0)
                .bind(status)
                .bind(d.id)
                .bind(d.claim)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() > 0 {
                    sqlx::query("UPDATE webhooks SET failures = 0 WHERE id = $1")
                        .bind(d.webhook.0)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            Some(e) => {
                let e: String = e.chars().take(300).collect();
                let done = sqlx::query(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, status = $1, \
                     last_error = $2, next_at = $3, claimed_until = 0, \
                     state = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE 'queued' END \
                     WHERE id = $5 AND claim = $6 AND state = 'queued'",
                )
                .bind(status)
                .bind(e)
                .bind(retry_at.0)
                .bind(max_attempts)
                .bind(d.id)
                .bind(d.claim)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() > 0 {
                    sqlx::query(
                        "UPDATE webhooks SET failures = failures + 1, \
                         paused_at = CASE WHEN failures + 1 >= $1 THEN $2 ELSE paused_at END \
                         WHERE id = $3",
                    )
                    .bind(pause_after)
                    .bind(now.0)
                    .bind(d.webhook.0)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// A webhook's latest deliveries, newest first.
    pub async fn deliveries_of(
        &self,
        hook: WebhookId,
        limit: u32,
    ) -> StoreResult<Vec<DeliveryRecord>> {
        sqlx::query(
            "SELECT id, kind, state, attempts, created_at, sent_at, status, last_error \
             FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(hook.0)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|row| {
            Ok(DeliveryRecord {
                id: col(row, "id")?,
                kind: col(row, "kind")?,
                state: col(row, "state")?,
                attempts: col(row, "attempts")?,
                created_at: Timestamp(col(row, "created_at")?),
                sent_at: col::<Option<i64>>(row, "sent_at")?.map(Timestamp),
                status: col(row, "status")?,
                last_error: col(row, "last_error")?,
            })
        })
        .collect()
    }
}

//! Mailings: a message in several languages to the people of a saved audience, sent once to
//! each of them.
//!
//! When a mailing starts, its recipients are written in one transaction (the state moves from
//! scheduled to sending in the same statement, so two servers never both start it): each with
//! their address (sealed), their language and a random token, the secret of their unsubscribe
//! link. The recipients are then the mailing's outbox. A sending server claims a batch by
//! writing a random claim number and a deadline on rows whose deadline has passed; the
//! statement re-checks the deadline on every row it writes, so on PostgreSQL a row another
//! server claimed in the meantime is skipped, and on SQLite the single writer orders the
//! claims. A message is marked sent by the holder of its claim; one whose holder died is taken
//! over once the deadline has passed.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::{ConsentPurpose, ConsentSource, PersonId},
};
use serde::Serialize;

pub use crate::audiences::SegmentId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MailingId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailingState {
    Draft,
    Scheduled,
    Sending,
    Sent,
    Cancelled,
    /// Sent person by person by a follow-up rule, as it acts.
    Automatic,
}

impl MailingState {
    pub const ALL: [MailingState; 6] = [
        Self::Draft,
        Self::Scheduled,
        Self::Sending,
        Self::Sent,
        Self::Cancelled,
        Self::Automatic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Cancelled => "cancelled",
            Self::Automatic => "automatic",
        }
    }

    fn parse(s: &str) -> StoreResult<Self> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("mailing state {s}")))
    }
}

/// What became of a mailing's messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MailingTally {
    pub recipients: u64,
    /// Waiting to be sent (or to be tried again).
    pub queued: u64,
    pub sent: u64,
    /// Given up on after the last attempt.
    pub failed: u64,
    /// Sent, then reported undeliverable.
    pub bounced: u64,
    /// Unsubscribed through this mailing's link (or, for texts, by answering STOP).
    pub unsubscribed: u64,
    /// Texts the gateway reported delivered.
    pub delivered: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MailingRecord {
    pub id: MailingId,
    /// `email` or `sms`.
    pub channel: String,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub segment: SegmentId,
    pub name: String,
    pub purpose: ConsentPurpose,
    /// Subject and body per language, as the app layer saved them (JSON).
    pub templates: String,
    /// The language of those whose own has no version.
    pub fallback: String,
    pub state: MailingState,
    pub scheduled_at: Option<Timestamp>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub tally: MailingTally,
}

/// A mailing's content and audience, checked by the app layer.
#[derive(Debug, Clone)]
pub struct MailingContent<'a> {
    /// `email` or `sms`.
    pub channel: &'a str,
    pub unit: UnitId,
    pub segment: SegmentId,
    pub name: &'a str,
    pub purpose: ConsentPurpose,
    pub templates: &'a str,
    pub fallback: &'a str,
}

/// One person a mailing goes to, as decided when it starts.
#[derive(Debug, Clone)]
pub struct NewRecipient {
    pub person: PersonId,
    pub address: String,
    pub language: String,
    pub token: String,
}

/// A message claimed for sending.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub claim: i64,
    pub mailing: MailingId,
    pub person: PersonId,
    pub address: String,
    pub language: String,
    pub token: String,
    pub attempts: i64,
}

/// The mailing an unsubscribe link belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct LinkOwner {
    pub mailing: MailingId,
    pub mailing_name: String,
    pub person: PersonId,
    pub purpose: ConsentPurpose,
    pub unsubscribed: bool,
}

/// One message on a person's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailRecord {
    pub mailing: MailingId,
    pub name: String,
    pub state: String,
    pub sent_at: Option<Timestamp>,
    pub bounced_at: Option<Timestamp>,
    pub unsubscribed_at: Option<Timestamp>,
}

const MAILING_COLUMNS: &str = "m.id, m.channel, m.unit_id, u.path, m.segment_id, m.name, m.purpose, \
     m.templates, m.fallback, m.state, m.scheduled_at, m.created_by, m.created_at, \
     m.started_at, m.finished_at";

fn opt_ts(row: &sqlx::any::AnyRow, name: &str) -> StoreResult<Option<Timestamp>> {
    Ok(col::<Option<i64>>(row, name)?.map(Timestamp))
}

impl Store {
    pub async fn create_mailing(
        &self,
        content: &MailingContent<'_>,
        by: UserId,
        now: Timestamp,
    ) -> StoreResult<MailingId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mailings (unit_id, segment_id, name, purpose, templates, fallback, \
             state, created_by, created_at, channel) \
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9) RETURNING id",
        )
        .bind(content.unit.0)
        .bind(content.segment.0)
        .bind(content.name)
        .bind(content.purpose.as_str())
        .bind(content.templates)
        .bind(content.fallback)
        .bind(by.0)
        .bind(now.0)
        .bind(content.channel)
        .fetch_one(&self.write)
        .await?;
        Ok(MailingId(id))
    }

    /// Replaces a draft's content; `false` once it is no longer a draft.
    pub async fn update_mailing(
        &self,
        id: MailingId,
        content: &MailingContent<'_>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE mailings SET unit_id = $1, segment_id = $2, name = $3, purpose = $4, \
             templates = $5, fallback = $6, channel = $8 WHERE id = $7 AND state = 'draft'",
        )
        .bind(content.unit.0)
        .bind(content.segment.0)
        .bind(content.name)
        .bind(content.purpose.as_str())
        .bind(content.templates)
        .bind(content.fallback)
        .bind(id.0)
        .bind(content.channel)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn mailing(&self, id: MailingId) -> StoreResult<MailingRecord> {
        let mut m = self.mailing_content(id).await?;
        m.tally = self.mailing_tally(id).await?;
        Ok(m)
    }

    /// A mailing without its tally (which counts every recipient): what sending needs.
    pub async fn mailing_content(&self, id: MailingId) -> StoreResult<MailingRecord> {
        let row = sqlx::query(&format!(
            "SELECT {MAILING_COLUMNS} FROM mailings m JOIN units u ON u.id = m.unit_id \
             WHERE m.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("mailing"))?;
        self.mailing_row(&row)
    }

    /// The mailings of the units at or below `path`, newest first.
    pub async fn mailings_below(&self, path: &UnitPath) -> StoreResult<Vec<MailingRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {MAILING_COLUMNS} FROM mailings m JOIN units u ON u.id = m.unit_id \
             WHERE u.path >= $1 AND u.path < $2 ORDER BY m.id DESC"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(self.mailing_from_row(row).await?);
        }
        Ok(out)
    }

    async fn mailing_from_row(&self, row: &sqlx::any::AnyRow) -> StoreResult<MailingRecord> {
        let mut m = self.mailing_row(row)?;
        m.tally = self.mailing_tally(m.id).await?;
        Ok(m)
    }

    fn mailing_row(&self, row: &sqlx::any::AnyRow) -> StoreResult<MailingRecord> {
        let id = MailingId(col(row, "id")?);
        let purpose: String = col(row, "purpose")?;
        Ok(MailingRecord {
            id,
            channel: col(row, "channel")?,
            unit: UnitId(col(row, "unit_id")?),
            unit_path: crate::path_col(row, "path")?,
            segment: SegmentId(col(row, "segment_id")?),
            name: col(row, "name")?,
            purpose: ConsentPurpose::parse(&purpose)
                .map_err(|_| StoreError::Corrupt(format!("purpose {purpose}")))?,
            templates: col(row, "templates")?,
            fallback: col(row, "fallback")?,
            state: MailingState::parse(&col::<String>(row, "state")?)?,
            scheduled_at: opt_ts(row, "scheduled_at")?,
            created_by: UserId(col(row, "created_by")?),
            created_at: Timestamp(col(row, "created_at")?),
            started_at: opt_ts(row, "started_at")?,
            finished_at: opt_ts(row, "finished_at")?,
            tally: MailingTally::default(),
        })
    }

    pub async fn mailing_tally(&self, id: MailingId) -> StoreResult<MailingTally> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS recipients, \
             COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0) AS queued, \
             COALESCE(SUM(CASE WHEN state IN ('sent', 'bounced') THEN 1 ELSE 0 END), 0) AS sent, \
             COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS failed, \
             COALESCE(SUM(CASE WHEN state = 'bounced' THEN 1 ELSE 0 END), 0) AS bounced, \
             COALESCE(SUM(CASE WHEN unsubscribed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS unsubscribed, \
             COALESCE(SUM(CASE WHEN delivery = 'delivered' THEN 1 ELSE 0 END), 0) AS delivered \
             FROM mailing_recipients WHERE mailing_id = $1",
        )
        .bind(id.0)
        .fetch_one(&self.read)
        .await?;
        let n = |name: &str| -> StoreResult<u64> {
            Ok(u64::try_from(col::<i64>(&row, name)?).unwrap_or(0))
        };
        Ok(MailingTally {
            recipients: n("recipients")?,
            queued: n("queued")?,
            sent: n("sent")?,
            failed: n("failed")?,
            bounced: n("bounced")?,
            unsubscribed: n("unsubscribed")?,
            delivered: n("delivered")?,
        })
    }

    /// Schedules a draft (or moves a scheduled mailing) to `at`; `false` when it has started,
    /// ended or was cancelled.
    pub async fn schedule_mailing(
        &self,
        id: MailingId,
        at: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE mailings SET state = 'scheduled', scheduled_at = $1 WHERE id = $2 \
             AND state IN ('draft', 'scheduled')",
        )
        .bind(at.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stops a mailing: one not started will not be; one sending sends no more (what was sent
    /// stays sent). `false` when it had already ended.
    pub async fn cancel_mailing(
        &self,
        id: MailingId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE mailings SET state = 'cancelled', finished_at = $1 WHERE id = $2 \
             AND state IN ('draft', 'scheduled', 'sending')",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The scheduled mailings whose time has come.
    pub async fn due_mailings(&self, now: Timestamp) -> StoreResult<Vec<MailingId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM mailings WHERE state = 'scheduled' AND scheduled_at <= $1 ORDER BY id",
        )
        .bind(now.0)
        .fetch_all(&self.read)
        .await?;
        Ok(ids.into_iter().map(MailingId).collect())
    }

    /// Starts a scheduled mailing with these recipients, in one transaction; `false` (and
    /// nothing written) when it is not scheduled any more: another server started it, or it
    /// was cancelled.
    pub async fn start_mailing(
        &self,
        id: MailingId,
        recipients: &[NewRecipient],
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE mailings SET state = 'sending', started_at = $1 WHERE id = $2 \
             AND state = 'scheduled'",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        for r in recipients {
            sqlx::query(
                "INSERT INTO mailing_recipients (mailing_id, person_id, address, language, token, \
                 state, attempts, claim, claimed_until, last_error) \
                 VALUES ($1, $2, $3, $4, $5, 'queued', 0, 0, 0, '')",
            )
            .bind(id.0)
            .bind(r.person.0)
            .bind(self.keys.seal("mailing_recipients.address", &r.address)?)
            .bind(&r.language)
            .bind(&r.token)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Claims up to `limit` messages waiting to be sent, for `hold` seconds. The claim number
    /// is random; `claimed_until` is checked again on every row written, so a row another
    /// server claimed in the meantime is left to it.
    pub async fn claim_messages(
        &self,
        limit: u32,
        hold: i64,
        now: Timestamp,
    ) -> StoreResult<Vec<Outgoing>> {
        let claim = crate::new_claim();
        let skip = match self.backend() {
            crate::Backend::Postgres => " FOR UPDATE OF r SKIP LOCKED",
            crate::Backend::Sqlite => "",
        };
        let mut tx = self.begin_write().await?;
        // The pick is materialized: as a plain `IN (subquery)`, PostgreSQL may run the
        // subquery again for every row, and with SKIP LOCKED each run skips the rows already
        // taken, so the limit would not hold.
        sqlx::query(&format!(
            "WITH picked AS MATERIALIZED (\
             SELECT r.id FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id \
             WHERE r.state = 'queued' AND r.claimed_until <= $3 \
             AND m.state IN ('sending', 'automatic') \
             ORDER BY r.id LIMIT $4{skip}) \
             UPDATE mailing_recipients SET claim = $1, claimed_until = $2 \
             WHERE state = 'queued' AND claimed_until <= $3 AND id IN (SELECT id FROM picked)"
        ))
        .bind(claim)
        .bind(now.0 + hold)
        .bind(now.0)
        .bind(i64::from(limit))
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(
            "SELECT id, mailing_id, person_id, address, language, token, attempts \
             FROM mailing_recipients WHERE claim = $1 AND claimed_until = $2 AND state = 'queued' \
             ORDER BY id",
        )
        .bind(claim)
        .bind(now.0 + hold)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|row| {
                Ok(Outgoing {
                    id: col(row, "id")?,
                    claim,
                    mailing: MailingId(col(row, "mailing_id")?),
                    person: PersonId(col(row, "person_id")?),
                    address: self.keys.open(
                        "mailing_recipients.address",
                        &col::<String>(row, "address")?,
                    )?,
                    language: col(row, "language")?,
                    token: col(row, "token")?,
                    attempts: col(row, "attempts")?,
                })
            })
            .collect()
    }

    /// Marks claimed messages sent (their address is forgotten). Returns how many the claim
    /// still held.
    pub async fn messages_sent(&self, sent: &[(i64, i64)], now: Timestamp) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let mut n = 0;
        for (id, claim) in sent {
            n += sqlx::query(
                "UPDATE mailing_recipients SET state = 'sent', sent_at = $1, address = '' \
                 WHERE id = $2 AND claim = $3 AND state = 'queued'",
            )
            .bind(now.0)
            .bind(*id)
            .bind(*claim)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Records a failed attempt: tried again at `retry_at`, or given up after `max_attempts`.
    pub async fn message_failed(
        &self,
        id: i64,
        claim: i64,
        error: &str,
        max_attempts: i64,
        retry_at: Timestamp,
    ) -> StoreResult<()> {
        let error: String = error.chars().take(500).collect();
        sqlx::query(
            "UPDATE mailing_recipients SET attempts = attempts + 1, last_error = $1, \
             claimed_until = $2, state = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'queued' END, \
             address = CASE WHEN attempts + 1 >= $3 THEN '' ELSE address END \
             WHERE id = $4 AND claim = $5 AND state = 'queued'",
        )
        .bind(error)
        .bind(retry_at.0)
        .bind(max_attempts)
        .bind(id)
        .bind(claim)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Marks the sending mailings with nothing left to send as sent. Returns how many.
    pub async fn finish_mailings(&self, now: Timestamp) -> StoreResult<u64> {
        Ok(sqlx::query(
            "UPDATE mailings SET state = 'sent', finished_at = $1 WHERE state = 'sending' \
             AND NOT EXISTS (SELECT 1 FROM mailing_recipients r WHERE r.mailing_id = mailings.id \
             AND r.state = 'queued')",
        )
        .bind(now.0)
        .execute(&self.write)
        .await?
        .rows_affected())
    }

    /// Puts a test message of a mailing in the outbox, for its author.
    pub async fn queue_test_mail(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        audit: AuditEvent,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        crate::resets::queue_mail(&mut tx, &self.keys, to, subject, body, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whose unsubscribe link this is.
    pub async fn link_owner(&self, token: &str) -> StoreResult<Option<LinkOwner>> {
        let row = sqlx::query(
            "SELECT r.mailing_id, m.name, r.person_id, m.purpose, r.unsubscribed_at \
             FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id WHERE r.token = $1",
        )
        .bind(token)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let purpose: String = col(&row, "purpose")?;
        Ok(Some(LinkOwner {
            mailing: MailingId(col(&row, "mailing_id")?),
            mailing_name: col(&row, "name")?,
            person: PersonId(col(&row, "person_id")?),
            purpose: ConsentPurpose::parse(&purpose)
                .map_err(|_| StoreError::Corrupt(format!("purpose {purpose}")))?,
            unsubscribed: opt_ts(&row, "unsubscribed_at")?.is_some(),
        }))
    }

    /// Unsubscribes the owner of a link: their consent for the mailing's purpose withdrawn, the
    /// link marked used, and the audit entry (made about the owner, naming the mailing) written,
    /// in one transaction. Using the link again changes nothing. `None` for
    /// an unknown link.
    pub async fn unsubscribe(
        &self,
        token: &str,
        source: &ConsentSource,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<Option<LinkOwner>> {
        let Some(owner) = self.link_owner(token).await? else {
            return Ok(None);
        };
        if owner.unsubscribed {
            return Ok(Some(owner));
        }
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE mailing_recipients SET unsubscribed_at = $1 WHERE token = $2 \
             AND unsubscribed_at IS NULL",
        )
        .bind(now.0)
        .bind(token)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            sqlx::query(
                "INSERT INTO consents (person_id, purpose, granted, at, source, recorded_by) \
                 VALUES ($1, $2, 0, $3, $4, NULL)",
            )
            .bind(owner.person.0)
            .bind(owner.purpose.as_str())
            .bind(now.0)
            .bind(source.as_str())
            .execute(&mut *tx)
            .await?;
            // The entry is about the link's owner and names the mailing.
            let audit = AuditEvent {
                person: Some(owner.person),
                detail: format!("mailing {}: {}", owner.mailing.0, owner.purpose.as_str()),
                ..audit
            };
            write_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(Some(LinkOwner {
            unsubscribed: true,
            ..owner
        }))
    }

    /// Records bounces: by the tokens found in bounce messages (a message of one mailing), and
    /// by addresses (any message of `mailing` to that address). The people's addresses are
    /// marked as bouncing. Returns how many messages were marked (again: none).
    pub async fn record_bounces(
        &self,
        mailing: Option<MailingId>,
        tokens: &[String],
        addresses: &[String],
        now: Timestamp,
    ) -> StoreResult<u64> {
        let mut people: Vec<i64> = Vec::new();
        for chunk in tokens.chunks(500) {
            let sql = format!(
                "SELECT person_id FROM mailing_recipients WHERE token IN ({})",
                placeholders(1, chunk.len())
            );
            let ids: Vec<i64> = chunk
                .iter()
                .fold(sqlx::query_scalar(&sql), |q, t| q.bind(t))
                .fetch_all(&self.read)
                .await?;
            people.extend(ids);
        }
        let mut by_address: Vec<i64> = Vec::new();
        for address in addresses {
            let lookups = self.keys.lookups("email", &address.trim().to_lowercase());
            let sql = format!(
                "SELECT id FROM people WHERE email_index IN ({})",
                placeholders(1, lookups.len())
            );
            let ids: Vec<i64> = lookups
                .iter()
                .fold(sqlx::query_scalar(&sql), |q, t| q.bind(t))
                .fetch_all(&self.read)
                .await?;
            by_address.extend(ids);
        }
        let mut tx = self.begin_write().await?;
        let mut marked = 0;
        for token in tokens {
            marked += sqlx::query(
                "UPDATE mailing_recipients SET state = 'bounced', bounced_at = $1 \
                 WHERE token = $2 AND state = 'sent'",
            )
            .bind(now.0)
            .bind(token)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if let Some(mailing) = mailing {
            for person in &by_address {
                marked += sqlx::query(
                    "UPDATE mailing_recipients SET state = 'bounced', bounced_at = $1 \
                     WHERE mailing_id = $2 AND person_id = $3 AND state = 'sent'",
                )
                .bind(now.0)
                .bind(mailing.0)
                .bind(*person)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
        }
        people.extend(by_address);
        for person in people {
            sqlx::query("UPDATE people SET email_bounced_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(person)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(marked)
    }

    /// Records what a text gateway reported for a message (`delivered`, `failed`, ...), found
    /// by the message's token. `false` for an unknown token.
    pub async fn record_delivery(&self, token: &str, status: &str) -> StoreResult<bool> {
        let status: String = status.chars().take(40).collect();
        Ok(
            sqlx::query("UPDATE mailing_recipients SET delivery = $1 WHERE token = $2")
                .bind(status)
                .bind(token)
                .execute(&self.write)
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// The people with this phone number (its digits as the phone form normalizes them).
    pub async fn people_with_phone(&self, digits: &str) -> StoreResult<Vec<PersonId>> {
        let lookups = self.keys.lookups("phone", digits);
        let sql = format!(
            "SELECT id FROM people WHERE phone_index IN ({}) ORDER BY id",
            placeholders(1, lookups.len())
        );
        let ids: Vec<i64> = lookups
            .iter()
            .fold(sqlx::query_scalar(&sql), |q, t| q.bind(t))
            .fetch_all(&self.read)
            .await?;
        Ok(ids.into_iter().map(PersonId).collect())
    }

    /// Marks the latest text sent to a person as the one they answered STOP to.
    pub async fn mark_stopped(&self, person: PersonId, now: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mailing_recipients SET unsubscribed_at = $1 WHERE id = (SELECT r.id FROM \
             mailing_recipients r JOIN mailings m ON m.id = r.mailing_id WHERE r.person_id = $2 \
             AND m.channel = 'sms' AND r.state = 'sent' ORDER BY r.id DESC LIMIT 1) \
             AND unsubscribed_at IS NULL",
        )
        .bind(now.0)
        .bind(person.0)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Numbers the links of a mailing (the same link keeps its number), for counting clicks.
    pub async fn mailing_links(
        &self,
        mailing: MailingId,
        urls: &[String],
    ) -> StoreResult<Vec<(i64, String)>> {
        let mut tx = self.begin_write().await?;
        for url in urls {
            sqlx::query(
                "INSERT INTO mailing_links (mailing_id, n, url, clicks) \
                 SELECT $1, COALESCE(MAX(n), 0) + 1, $2, 0 FROM mailing_links WHERE mailing_id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM mailing_links WHERE mailing_id = $1 AND url = $2)",
            )
            .bind(mailing.0)
            .bind(url)
            .execute(&mut *tx)
            .await?;
        }
        let rows = sqlx::query("SELECT n, url FROM mailing_links WHERE mailing_id = $1 ORDER BY n")
            .bind(mailing.0)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|row| Ok((col(row, "n")?, col(row, "url")?)))
            .collect()
    }

    /// Counts a click on a mailing's link and gives where it leads; `None` for no such link.
    pub async fn click(&self, mailing: MailingId, n: i64) -> StoreResult<Option<String>> {
        let url: Option<String> = sqlx::query_scalar(
            "UPDATE mailing_links SET clicks = clicks + 1 WHERE mailing_id = $1 AND n = $2 \
             RETURNING url",
        )
        .bind(mailing.0)
        .bind(n)
        .fetch_optional(&self.write)
        .await?;
        Ok(url)
    }

    /// A mailing's links with their clicks.
    pub async fn link_clicks(&self, mailing: MailingId) -> StoreResult<Vec<(String, u64)>> {
        sqlx::query("SELECT url, clicks FROM mailing_links WHERE mailing_id = $1 ORDER BY n")
            .bind(mailing.0)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    col(row, "url")?,
                    u64::try_from(col::<i64>(row, "clicks")?).unwrap_or(0),
                ))
            })
            .collect()
    }

    /// The mailings sent to a person, newest first.
    pub async fn mails_of(&self, person: PersonId) -> StoreResult<Vec<MailRecord>> {
        sqlx::query(
            "SELECT r.mailing_id, m.name, r.state, r.sent_at, r.bounced_at, r.unsubscribed_at \
             FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id \
             WHERE r.person_id = $1 ORDER BY r.id DESC",
        )
        .bind(person.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|row| {
            Ok(MailRecord {
                mailing: MailingId(col(row, "mailing_id")?),
                name: col(row, "name")?,
                state: col(row, "state")?,
                sent_at: opt_ts(row, "sent_at")?,
                bounced_at: opt_ts(row, "bounced_at")?,
                unsubscribed_at: opt_ts(row, "unsubscribed_at")?,
            })
        })
        .collect()
    }
}

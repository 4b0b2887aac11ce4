//! Bringing every sealed record under the current key: after a key rotation (`enquete keys
//! rotate`), after a key is first configured, and, at start-up, for the records written before
//! encryption at rest existed. Work goes in batches, each in its own transaction with the rows
//! locked, so the servers keep running and an interrupted rotation simply resumes.
//!
//! Not re-indexed: the digests that claim an address on a public link (`link_emails`), which
//! cannot be recomputed without the address; they are looked up under every key of the keyring
//! instead (see [`Store::submit_online`]).

use crate::people::OpenIdentity;
use crate::{Store, StoreResult, col};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{email_key, name_key};
use serde::Serialize;

/// Rows per transaction.
const BATCH: i64 = 500;

/// How many records were sealed again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Resealed {
    pub people: u64,
    pub signatures: u64,
    pub responses: u64,
    /// Short-lived rows: public RSVPs waiting for their link, mail waiting to be sent.
    pub waiting: u64,
    /// Photos, recordings and files of responses.
    pub attachments: u64,
}

/// How many records each key holds (`''`: written before encryption at rest, not yet sealed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KeyUsage {
    pub people: Vec<(String, u64)>,
    pub signatures: Vec<(String, u64)>,
    /// Linked responses whose answers are sealed with the current key, and those that are not.
    pub responses_current: u64,
    pub responses_other: u64,
}

/// Which records a pass takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Only those from before encryption at rest.
    Unsealed,
    /// Every record not under the current key.
    NotCurrent,
}

impl Store {
    /// Seals and indexes the records written before encryption at rest (run when a store opens;
    /// nothing to do after the first time).
    pub(crate) async fn seal_unsealed(&self) -> StoreResult<Resealed> {
        let done = self.reseal(Scope::Unsealed).await?;
        if done != Resealed::default() {
            tracing::info!(
                people = done.people,
                signatures = done.signatures,
                responses = done.responses,
                waiting = done.waiting,
                key = self.keys.current_id(),
                "sealed the records written before encryption at rest"
            );
        }
        Ok(done)
    }

    /// Seals again, under the current key, every record sealed with an older key (or stored in
    /// clear before a key was configured), with an audit entry. Safe to run while servers run,
    /// and to run again after an interruption.
    pub async fn rotate_keys(&self, now: Timestamp) -> StoreResult<Resealed> {
        let done = self.reseal(Scope::NotCurrent).await?;
        self.audit(&crate::AuditEvent {
            at: now,
            user: None,
            action: AuditAction::RotateKeys,
            person: None,
            detail: format!(
                "sealed again under key {}: {} people, {} signatures, {} linked responses, \
                 {} RSVP links and mails waiting, {} files of responses",
                self.keys.current_id(),
                done.people,
                done.signatures,
                done.responses,
                done.waiting,
                done.attachments
            ),
            ip: String::new(),
        })
        .await?;
        Ok(done)
    }

    /// After a rotation, rewrites the database so that no earlier copy of a re-sealed value
    /// stays in its free space: SQLite is vacuumed into a fresh file and its write-ahead log
    /// emptied; PostgreSQL's tables holding sealed values are vacuumed (old row versions become
    /// free space; `VACUUM FULL` in a quiet hour rewrites them entirely).
    pub async fn purge_free_space(&self) -> StoreResult<()> {
        use sqlx::Executor;
        match self.backend {
            crate::Backend::Sqlite => {
                let mut conn = self.write.acquire().await?;
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
                conn.execute("VACUUM").await?;
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
            }
            crate::Backend::Postgres => {
                let mut conn = self.write.acquire().await?;
                conn.execute(
                    "VACUUM people, signatures, responses, rsvp_confirmations, outbox, attachments, \
                     mailing_recipients",
                )
                .await?;
            }
        }
        Ok(())
    }

    /// What each key holds, for `enquete keys status`.
    pub async fn key_usage(&self) -> StoreResult<KeyUsage> {
        let count = |table: &'static str| async move {
            let rows = sqlx::query(&format!(
                "SELECT key_id, COUNT(*) AS n FROM {table} GROUP BY key_id ORDER BY key_id"
            ))
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        col::<String>(r, "key_id")?,
                        u64::try_from(col::<i64>(r, "n")?).unwrap_or(0),
                    ))
                })
                .collect::<StoreResult<Vec<_>>>()
        };
        let current: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM responses WHERE person_id IS NOT NULL AND answers LIKE $1",
        )
        .bind(format!("enq1:{}:%", self.keys.current_id()))
        .fetch_one(&self.read)
        .await?;
        let linked: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE person_id IS NOT NULL")
                .fetch_one(&self.read)
                .await?;
        let (current, linked) = if self.keys.is_configured() {
            (current, linked)
        } else {
            // Without a key, answers in clear are what is current.
            let sealed: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM responses WHERE person_id IS NOT NULL AND answers LIKE 'enq1:%'",
            )
            .fetch_one(&self.read)
            .await?;
            (linked - sealed, linked)
        };
        Ok(KeyUsage {
            people: count("people").await?,
            signatures: count("signatures").await?,
            responses_current: u64::try_from(current).unwrap_or(0),
            responses_other: u64::try_from(linked - current).unwrap_or(0),
        })
    }

    /// What a sealed value a pass leaves alone looks like (`LIKE`): any sealed value when only
    /// the unsealed are taken, one sealed with the current key otherwise.
    fn sealed_pattern(&self, scope: Scope) -> String {
        match scope {
            Scope::Unsealed => "enq1:%".to_owned(),
            Scope::NotCurrent => format!("enq1:{}:%", self.keys.current_id()),
        }
    }

    /// Each pass walks the table once in id order (a batch starts after the last id of the one
    /// before), so it ends even if a record could not be brought under the current key.
    async fn reseal(&self, scope: Scope) -> StoreResult<Resealed> {
        let mut done = Resealed::default();
        let mut after = 0;
        while let Some((n, last)) = self.reseal_people(scope, after).await? {
            done.people += n;
            after = last;
        }
        let mut after = 0;
        while let Some((n, last)) = self.reseal_signatures(scope, after).await? {
            done.signatures += n;
            after = last;
        }
        if self.keys.is_configured() {
            let mut after = String::new();
            while let Some((n, last)) = self.reseal_responses(scope, &after).await? {
                done.responses += n;
                after = last;
            }
            loop {
                let n = self.reseal_waiting(scope).await?;
                if n == 0 {
                    break;
                }
                done.waiting += n;
            }
            let mut after = String::new();
            while let Some((n, last)) = self.reseal_attachments(scope, &after).await? {
                done.attachments += n;
                after = last;
            }
        }
        Ok(done)
    }

    /// One batch of files not under the current key, after `after` (`response/name`), in
    /// small batches: a file can be megabytes.
    async fn reseal_attachments(
        &self,
        scope: Scope,
        after: &str,
    ) -> StoreResult<Option<(u64, String)>> {
        const FILES: i64 = 20;
        let pattern = self.sealed_pattern(scope);
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(&format!(
            "SELECT response_id, name, data FROM attachments WHERE data NOT LIKE $1 \
             AND response_id || '/' || name > $2 ORDER BY response_id || '/' || name \
             LIMIT {FILES}{}",
            self.lock_rows()
        ))
        .bind(&pattern)
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let data = self
                .keys
                .open("attachments.data", &col::<String>(row, "data")?)?;
            sqlx::query("UPDATE attachments SET data = $1 WHERE response_id = $2 AND name = $3")
                .bind(self.keys.seal("attachments.data", &data)?)
                .bind(col::<String>(row, "response_id")?)
                .bind(col::<String>(row, "name")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        let last = match rows.last() {
            Some(row) => format!(
                "{}/{}",
                col::<String>(row, "response_id")?,
                col::<String>(row, "name")?
            ),
            None => return Ok(None),
        };
        Ok(Some((u64::try_from(rows.len()).unwrap_or(0), last)))
    }

    /// One batch of the short-lived sealed rows not under the current key: public RSVPs waiting
    /// for their link and mail not sent yet (a sealed value opened and sealed again no longer
    /// matches, so the batches end). How many were sealed again.
    async fn reseal_waiting(&self, scope: Scope) -> StoreResult<u64> {
        let pattern = self.sealed_pattern(scope);
        let keys = &self.keys;
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(&format!(
            "SELECT token_hash, details FROM rsvp_confirmations WHERE details NOT LIKE $1 \
             ORDER BY token_hash LIMIT {BATCH}{}",
            self.lock_rows()
        ))
        .bind(&pattern)
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let details = keys.open(
                "rsvp_confirmations.details",
                &col::<String>(row, "details")?,
            )?;
            sqlx::query("UPDATE rsvp_confirmations SET details = $1 WHERE token_hash = $2")
                .bind(keys.seal("rsvp_confirmations.details", &details)?)
                .bind(col::<String>(row, "token_hash")?)
                .execute(&mut *tx)
                .await?;
        }
        let mail = sqlx::query(&format!(
            "SELECT id, to_address, body FROM outbox WHERE sent_at IS NULL \
             AND (to_address NOT LIKE $1 OR body NOT LIKE $1) ORDER BY id LIMIT {BATCH}{}",
            self.lock_rows()
        ))
        .bind(&pattern)
        .fetch_all(&mut *tx)
        .await?;
        for row in &mail {
            let to = keys.open("outbox.to_address", &col::<String>(row, "to_address")?)?;
            let body = keys.open("outbox.body", &col::<String>(row, "body")?)?;
            sqlx::query("UPDATE outbox SET to_address = $1, body = $2 WHERE id = $3")
                .bind(keys.seal("outbox.to_address", &to)?)
                .bind(keys.seal("outbox.body", &body)?)
                .bind(col::<i64>(row, "id")?)
                .execute(&mut *tx)
                .await?;
        }
        // Mailing messages waiting to be sent (sent ones keep no address).
        let waiting = sqlx::query(&format!(
            "SELECT id, address FROM mailing_recipients WHERE address <> '' \
             AND address NOT LIKE $1 ORDER BY id LIMIT {BATCH}{}",
            self.lock_rows()
        ))
        .bind(&pattern)
        .fetch_all(&mut *tx)
        .await?;
        for row in &waiting {
            let address = keys.open(
                "mailing_recipients.address",
                &col::<String>(row, "address")?,
            )?;
            sqlx::query("UPDATE mailing_recipients SET address = $1 WHERE id = $2")
                .bind(keys.seal("mailing_recipients.address", &address)?)
                .bind(col::<i64>(row, "id")?)
                .execute(&mut *tx)
                .await?;
        }
        // Webhook secrets, and deliveries waiting to be sent (sent ones keep no payload).
        let mut hooks = 0;
        for (table, column, id_column, field) in [
            ("webhooks", "secret", "id", "webhooks.secret"),
            (
                "webhook_deliveries",
                "payload",
                "id",
                "webhook_deliveries.payload",
            ),
            (
                "person_profiles",
                "profile",
                "person_id",
                "person_profiles.profile",
            ),
            ("festival_orders", "name", "id", "festival_orders.name"),
            ("festivals", "signing_key", "id", "festivals.signing_key"),
            ("festival_orders", "email", "id", "festival_orders.email"),
            (
                "workplace_people",
                "union_member",
                "person_id",
                "workplace_people.union_member",
            ),
            (
                "workplace_unions",
                "representatives",
                "id",
                "workplace_unions.representatives",
            ),
            (
                "support_assessments",
                "score",
                "id",
                "support_assessments.score",
            ),
            (
                "support_assessments",
                "note",
                "id",
                "support_assessments.note",
            ),
            (
                "festival_speakers",
                "travel",
                "id",
                "festival_speakers.travel",
            ),
            (
                "festival_speakers",
                "accommodation",
                "id",
                "festival_speakers.accommodation",
            ),
            (
                "statement_lines",
                "counterparty",
                "id",
                "statement_lines.counterparty",
            ),
        ] {
            let found = sqlx::query(&format!(
                "SELECT {id_column} AS id, {column} AS v FROM {table} WHERE {column} <> '' \
                 AND {column} NOT LIKE $1 ORDER BY {id_column} LIMIT {BATCH}{}",
                self.lock_rows()
            ))
            .bind(&pattern)
            .fetch_all(&mut *tx)
            .await?;
            for row in &found {
                let plain = keys.open(field, &col::<String>(row, "v")?)?;
                sqlx::query(&format!(
                    "UPDATE {table} SET {column} = $1 WHERE {id_column} = $2"
                ))
                .bind(keys.seal(field, &plain)?)
                .bind(col::<i64>(row, "id")?)
                .execute(&mut *tx)
                .await?;
            }
            hooks += found.len();
        }
        tx.commit().await?;
        Ok(u64::try_from(rows.len() + mail.len() + waiting.len() + hooks).unwrap_or(0))
    }

    /// `key_id = ''` or `key_id <> current`, as a condition with its one parameter.
    fn key_filter(&self, scope: Scope) -> (&'static str, String) {
        match scope {
            Scope::Unsealed => ("key_id = $1", String::new()),
            Scope::NotCurrent => ("key_id <> $1", self.keys.current_id().to_owned()),
        }
    }

    /// One batch of people after id `after`: how many, and the last id (`None`: no more).
    async fn reseal_people(&self, scope: Scope, after: i64) -> StoreResult<Option<(u64, i64)>> {
        let (filter, param) = self.key_filter(scope);
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(&format!(
            "SELECT id, name, email, phone, address, workplace, notes FROM people \
             WHERE {filter} AND id > $2 ORDER BY id LIMIT {BATCH}{}",
            self.lock_rows()
        ))
        .bind(&param)
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let sealed = OpenIdentity::from_row(&self.keys, row)?
                .as_identity()
                .seal(&self.keys)?;
            crate::people::write_identity(
                &mut tx,
                enquete_domain::people::PersonId(col(row, "id")?),
                &sealed,
            )
            .await?;
        }
        tx.commit().await?;
        last_id(&rows)
    }

    async fn reseal_signatures(&self, scope: Scope, after: i64) -> StoreResult<Option<(u64, i64)>> {
        let (filter, param) = self.key_filter(scope);
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(&format!(
            "SELECT id, name, email, postcode, email_key FROM signatures \
             WHERE {filter} AND id > $2 ORDER BY id LIMIT {BATCH}{}",
            self.lock_rows()
        ))
        .bind(&param)
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        let keys = &self.keys;
        for row in &rows {
            let id: i64 = col(row, "id")?;
            let erased = col::<String>(row, "email_key")?.starts_with("erased:");
            if erased {
                // Kept for the count only: nothing to seal.
                sqlx::query("UPDATE signatures SET key_id = $1 WHERE id = $2")
                    .bind(keys.current_id())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                continue;
            }
            let name = keys.open("signatures.name", &col::<String>(row, "name")?)?;
            let email = keys.open("signatures.email", &col::<String>(row, "email")?)?;
            let postcode = keys.open("signatures.postcode", &col::<String>(row, "postcode")?)?;
            sqlx::query(
                "UPDATE signatures SET name = $1, email = $2, postcode = $3, email_key = $4, \
                 name_key = $5, key_id = $6 WHERE id = $7",
            )
            .bind(keys.seal("signatures.name", &name)?)
            .bind(keys.seal("signatures.email", &email)?)
            .bind(keys.seal("signatures.postcode", &postcode)?)
            .bind(keys.index("signature email", &email_key(&email)))
            .bind(keys.index("signature name", &name_key(&name, &postcode)))
            .bind(keys.current_id())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        last_id(&rows)
    }

    async fn reseal_responses(
        &self,
        scope: Scope,
        after: &str,
    ) -> StoreResult<Option<(u64, String)>> {
        let pattern = self.sealed_pattern(scope);
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(&format!(
            "SELECT id, answers FROM responses WHERE person_id IS NOT NULL \
             AND answers NOT LIKE $1 AND id > $2 ORDER BY id LIMIT {BATCH}{}",
            self.lock_rows()
        ))
        .bind(&pattern)
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let answers = self
                .keys
                .open("responses.answers", &col::<String>(row, "answers")?)?;
            sqlx::query("UPDATE responses SET answers = $1 WHERE id = $2")
                .bind(self.keys.seal("responses.answers", &answers)?)
                .bind(col::<String>(row, "id")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        let last = match rows.last() {
            Some(row) => col::<String>(row, "id")?,
            None => return Ok(None),
        };
        Ok(Some((u64::try_from(rows.len()).unwrap_or(0), last)))
    }
}

/// How many rows a batch took and the last id, or `None` when there were none.
fn last_id(rows: &[sqlx::any::AnyRow]) -> StoreResult<Option<(u64, i64)>> {
    match rows.last() {
        Some(row) => Ok(Some((
            u64::try_from(rows.len()).unwrap_or(0),
            col(row, "id")?,
        ))),
        None => Ok(None),
    }
}

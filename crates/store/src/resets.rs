//! Password reset by e-mail (the token is kept only as a hash, used once, for an hour), and the
//! outbox of mail waiting to be handed to the mail system.

use crate::crypto::Keyring;
use crate::{Store, StoreResult, col};
use enquete_domain::{
    Timestamp,
    account::{MailId, UserId},
};
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

/// How long a reset link works.
pub const RESET_VALID_SECONDS: i64 = 60 * 60;
/// At most this many reset mails per account per hour; more requests send nothing.
pub const RESETS_PER_HOUR: i64 = 3;

/// The hash a token sent by mail (a reset link, an RSVP confirmation) is stored and looked up
/// by.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Puts a mail in the outbox, inside the transaction that records what it is about; its address
/// and its body (which holds a link) are sealed.
pub(crate) async fn queue_mail(
    tx: &mut Transaction<'_, Any>,
    keys: &Keyring,
    to: &str,
    subject: &str,
    body: &str,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(keys.seal("outbox.to_address", to)?)
    .bind(subject)
    .bind(keys.seal("outbox.body", body)?)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A mail waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub id: MailId,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

impl Store {
    /// Records a reset token for an account and puts the mail carrying it in the outbox, in one
    /// transaction. Sends nothing (returns `false`) when the account already had
    /// [`RESETS_PER_HOUR`] resets in the last hour.
    pub async fn create_password_reset(
        &self,
        user: UserId,
        token: &str,
        to: &str,
        subject: &str,
        body: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2",
        )
        .bind(user.0)
        .bind(now.0 - 3600)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= RESETS_PER_HOUR {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash(token))
        .bind(user.0)
        .bind(now.0)
        .bind(now.0 + RESET_VALID_SECONDS)
        .execute(&mut *tx)
        .await?;
        queue_mail(&mut tx, &self.keys, to, subject, body, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether a reset link still works (not used, not expired).
    pub async fn password_reset_valid(&self, token: &str, now: Timestamp) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL \
             AND expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now.0)
        .fetch_optional(&self.read)
        .await?;
        Ok(found.is_some())
    }

    /// Uses a reset link: sets the new password, makes every other link of the account
    /// useless, and ends all the account's sessions, in one transaction. `None` when the link
    /// does not work (unknown, used or expired: the caller says the same for all three).
    pub async fn use_password_reset(
        &self,
        token: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<UserId>> {
        let mut tx = self.begin_write().await?;
        let user: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL \
             AND expires_at > $2{}",
            self.lock_rows()
        ))
        .bind(token_hash(token))
        .bind(now.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user) = user else {
            return Ok(None);
        };
        sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        )
        .bind(now.0)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
            .bind(password_hash)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(UserId(user)))
    }

    /// Mail not sent yet, oldest first (at most `limit`), bodies opened.
    pub async fn pending_mail(&self, limit: u32) -> StoreResult<Vec<Mail>> {
        let rows = sqlx::query(
            "SELECT id, to_address, subject, body, attempts FROM outbox WHERE sent_at IS NULL \
             ORDER BY id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Mail {
                    id: MailId(col(row, "id")?),
                    to: self
                        .keys
                        .open("outbox.to_address", &col::<String>(row, "to_address")?)?,
                    subject: col(row, "subject")?,
                    body: self
                        .keys
                        .open("outbox.body", &col::<String>(row, "body")?)?,
                    attempts: col(row, "attempts")?,
                })
            })
            .collect()
    }

    /// Takes a mail to send it: `false` when another server took it less than `hold` seconds
    /// ago (or it is sent), so that several servers never send the same mail twice.
    pub async fn claim_mail(&self, id: MailId, hold: i64, now: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET claimed_at = $1 WHERE id = $2 AND sent_at IS NULL \
             AND (claimed_at IS NULL OR claimed_at <= $3)",
        )
        .bind(now.0)
        .bind(id.0)
        .bind(now.0 - hold)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a mail sent; its address and its body (which may hold a link) are not kept.
    pub async fn mail_sent(&self, id: MailId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, to_address = '', body = '' WHERE id = $2")
            .bind(now.0)
            .bind(id.0)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Records a failed attempt to send a mail; after `give_up_after` attempts it is dropped
    /// (marked sent with its error, address and body emptied).
    pub async fn mail_failed(
        &self,
        id: MailId,
        error: &str,
        give_up_after: i64,
        now: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, \
             sent_at = CASE WHEN attempts + 1 >= $2 THEN $3 ELSE NULL END, claimed_at = NULL, \
             to_address = CASE WHEN attempts + 1 >= $2 THEN '' ELSE to_address END, \
             body = CASE WHEN attempts + 1 >= $2 THEN '' ELSE body END WHERE id = $4",
        )
        .bind(error)
        .bind(give_up_after)
        .bind(now.0)
        .bind(id.0)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}

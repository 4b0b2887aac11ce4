//! Public RSVPs that gave an e-mail address, confirmed by a link mailed to it (security issue 13,
//! finding 7). The answer waits, sealed, until the mailbox owner opens the link; only then is the
//! RSVP taken, on the record of someone known by that address below the action's unit, or on a
//! new contact. The token is kept only as a hash, works once, for 48 hours; at most
//! [`RSVP_MAILS_PER_HOUR`] mails go to one address in an hour.

use crate::actions::{PublicAnswer, Reach, public_rsvp_in};
use crate::resets::{queue_mail, token_hash};
use crate::{RsvpOutcome, Store, StoreError, StoreResult, col, placeholders};
use enquete_domain::campaign::ActionId;
use enquete_domain::org::UnitId;
use enquete_domain::people::{PersonDetails, PersonInput};
use enquete_domain::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};

/// How long a confirmation link works.
pub const RSVP_CONFIRM_VALID_SECONDS: i64 = 48 * 60 * 60;
/// At most this many confirmation mails per address per hour; more answers send nothing.
pub const RSVP_MAILS_PER_HOUR: i64 = 3;

/// An answer on the public RSVP page that gave an e-mail address.
#[derive(Debug, Clone, Copy)]
pub struct PendingRsvp<'a> {
    pub action: ActionId,
    /// The section a new contact would belong to.
    pub section: UnitId,
    pub details: &'a PersonDetails,
    /// They agreed to be contacted (recorded on a new contact, with its source).
    pub may_contact: bool,
    pub wants_transport: bool,
}

/// The confirmation mail, with the link in its body.
#[derive(Debug, Clone, Copy)]
pub struct ConfirmationMail<'a> {
    pub subject: &'a str,
    pub body: &'a str,
}

/// What waits for the link, sealed as one value under `rsvp_confirmations.details`.
#[derive(Serialize, Deserialize)]
struct Details {
    name: String,
    email: String,
    phone: Option<String>,
    may_contact: bool,
    wants_transport: bool,
}

/// An address as its blind index takes it: the same as for `people.email_index`.
fn normalized_address(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Store {
    /// Keeps an answer until the link sent to its address is opened, and puts the mail carrying
    /// the link in the outbox, in one transaction. Stores and sends nothing (returns `false`)
    /// when the address already had [`RSVP_MAILS_PER_HOUR`] mails in the last hour; the caller
    /// answers the same either way. Nobody is looked up.
    pub async fn request_public_rsvp(
        &self,
        pending: &PendingRsvp<'_>,
        token: &str,
        mail: &ConfirmationMail<'_>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let Some(email) = &pending.details.email else {
            return Err(FieldError::new("email", "error-email-needed-for-link").into());
        };
        let address = normalized_address(email.as_str());
        let index = self.keys.index("email", &address);
        let lookups = self.keys.lookups("email", &address);
        let mut tx = self.begin_write().await?;
        // Simultaneous answers for one address take turns, so that the limit holds.
        Store::take_turn(&mut tx, &format!("rsvp-mail:{index}"), now.0).await?;
        let sql = format!(
            "SELECT COUNT(*) FROM rsvp_confirmations WHERE created_at > $1 AND email_index IN ({})",
            placeholders(2, lookups.len())
        );
        let recent: i64 = lookups
            .iter()
            .fold(sqlx::query_scalar(&sql).bind(now.0 - 3600), |q, k| {
                q.bind(k.as_str())
            })
            .fetch_one(&mut *tx)
            .await?;
        if recent >= RSVP_MAILS_PER_HOUR {
            return Ok(false);
        }
        let details = Details {
            name: pending.details.name.as_str().to_owned(),
            email: email.as_str().to_owned(),
            phone: pending.details.phone.as_ref().map(|p| p.display.clone()),
            may_contact: pending.may_contact,
            wants_transport: pending.wants_transport,
        };
        let details = serde_json::to_string(&details)
            .map_err(|e| StoreError::Corrupt(format!("RSVP details: {e}")))?;
        sqlx::query(
            "INSERT INTO rsvp_confirmations (token_hash, action_id, section_id, details, \
             email_index, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token_hash(token))
        .bind(pending.action.0)
        .bind(pending.section.0)
        .bind(self.keys.seal("rsvp_confirmations.details", &details)?)
        .bind(index)
        .bind(now.0)
        .bind(now.0 + RSVP_CONFIRM_VALID_SECONDS)
        .execute(&mut *tx)
        .await?;
        queue_mail(
            &mut tx,
            &self.keys,
            email.as_str(),
            mail.subject,
            mail.body,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether a confirmation link of this action still works (not used, not expired).
    pub async fn public_rsvp_pending(
        &self,
        action: ActionId,
        token: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT action_id FROM rsvp_confirmations WHERE token_hash = $1 AND action_id = $2 \
             AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash(token))
        .bind(action.0)
        .bind(now.0)
        .fetch_optional(&self.read)
        .await?;
        Ok(found.is_some())
    }

    /// Uses a confirmation link: marks it used and takes the RSVP, in one transaction, on the
    /// record of someone known by the address below the action's unit, or on a new contact of
    /// the section (with the consent to be contacted, if given). `None` when the link does not
    /// work (unknown, used or expired: the caller says the same for all three).
    pub async fn confirm_public_rsvp(
        &self,
        action: ActionId,
        token: &str,
        now: Timestamp,
    ) -> StoreResult<Option<RsvpOutcome>> {
        let hash = token_hash(token);
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "SELECT section_id, details FROM rsvp_confirmations WHERE token_hash = $1 \
             AND action_id = $2 AND used_at IS NULL AND expires_at > $3{}",
            self.lock_rows()
        ))
        .bind(&hash)
        .bind(action.0)
        .bind(now.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        sqlx::query("UPDATE rsvp_confirmations SET used_at = $1 WHERE token_hash = $2")
            .bind(now.0)
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        let sealed: String = col(&row, "details")?;
        let details: Details =
            serde_json::from_str(&self.keys.open("rsvp_confirmations.details", &sealed)?)
                .map_err(|e| StoreError::Corrupt(format!("RSVP details: {e}")))?;
        let person = PersonInput {
            name: details.name,
            email: details.email,
            phone: details.phone.unwrap_or_default(),
            ..Default::default()
        }
        .parse()?;
        let outcome = public_rsvp_in(
            &mut tx,
            self,
            PublicAnswer {
                action,
                section: UnitId(col(&row, "section_id")?),
                details: &person,
                may_contact: details.may_contact,
                wants_transport: details.wants_transport,
            },
            Reach::KnownByVerifiedEmail,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Some(outcome))
    }

    /// Forgets the confirmation links that were used or have expired.
    pub async fn prune_rsvp_confirmations(&self, now: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM rsvp_confirmations WHERE used_at IS NOT NULL OR expires_at <= $1",
        )
        .bind(now.0)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }
}

/// The blind indexes, under every key, of a person's address, to find the answers waiting
/// under it (erasure, subject access).
pub(crate) fn pending_lookups(store: &Store, email: Option<&str>) -> Vec<String> {
    email
        .map(|e| store.keys.lookups("email", &normalized_address(e)))
        .unwrap_or_default()
}

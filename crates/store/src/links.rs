//! Public survey links: answer online without an account, with per-address rate limits and,
//! where asked, one response per e-mail address.

use crate::surveys::NewResponse;
use crate::{IngestOutcome, Store, StoreError, StoreResult, col};
use enquete_domain::{FieldError, Timestamp, account::UserId, org::UnitId, survey::SurveyId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SurveyLink {
    pub token: String,
    pub survey: SurveyId,
    pub unit: UnitId,
    pub one_per_email: bool,
    pub closed: bool,
}

fn link_from_row(row: &sqlx::any::AnyRow) -> StoreResult<SurveyLink> {
    Ok(SurveyLink {
        token: col(row, "token")?,
        survey: SurveyId(col(row, "survey_id")?),
        unit: UnitId(col(row, "unit_id")?),
        one_per_email: col::<i64>(row, "one_per_email")? != 0,
        closed: col::<Option<i64>>(row, "closed_at")?.is_some(),
    })
}

/// The kind of blind index that claims an address on a public link (see [`Store::submit_online`]).
const LINK_EMAIL: &str = "link-email";

/// The digest stored before security issue 13, finding 11: a name-based UUID of the link and
/// the address, under no key. Still looked for, so that who answered then cannot answer again;
/// never written.
fn unkeyed_link_digest(token: &str, email: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("enquete:link-email:{token}:{email}").as_bytes(),
    )
    .to_string()
}

impl Store {
    pub async fn create_link(
        &self,
        token: &str,
        survey: SurveyId,
        unit: UnitId,
        one_per_email: bool,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<SurveyLink> {
        sqlx::query(
            "INSERT INTO survey_links (token, survey_id, unit_id, one_per_email, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token)
        .bind(survey.0)
        .bind(unit.0)
        .bind(i64::from(one_per_email))
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .execute(&self.write)
        .await?;
        self.link(token).await
    }

    pub async fn link(&self, token: &str) -> StoreResult<SurveyLink> {
        let row = sqlx::query("SELECT token, survey_id, unit_id, one_per_email, closed_at FROM survey_links WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("link"))?;
        link_from_row(&row)
    }

    /// The open links of a survey.
    pub async fn links_of(&self, survey: SurveyId) -> StoreResult<Vec<SurveyLink>> {
        let rows = sqlx::query(
            "SELECT token, survey_id, unit_id, one_per_email, closed_at FROM survey_links \
             WHERE survey_id = $1 AND closed_at IS NULL ORDER BY created_at",
        )
        .bind(survey.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(link_from_row).collect()
    }

    /// Online submissions from an address since a time, for the rate limit.
    pub async fn public_submissions_since(&self, ip: &str, since: Timestamp) -> StoreResult<u32> {
        let mut conn = self.read.acquire().await?;
        count_submissions(&mut conn, ip, since).await
    }

    /// Forgets online submissions older than `before` (they only serve the hourly limit).
    pub async fn prune_public_submissions(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM public_submissions WHERE at < $1")
            .bind(before.0)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Counts a submission against the address's limit (also for ones quietly dropped).
    pub async fn record_public_submission(&self, ip: &str, now: Timestamp) -> StoreResult<()> {
        let mut conn = self.write.acquire().await?;
        insert_submission(&mut conn, ip, now).await
    }

    /// Counts the submissions from `ip` since `since` and, only when fewer than `limit`,
    /// records this one at `now` — in one write transaction, so that simultaneous submissions
    /// cannot all see the old count (security issue 13, finding 4). Returns whether it was
    /// admitted; a refused one is not recorded.
    pub async fn admit_public_submission(
        &self,
        ip: &str,
        since: Timestamp,
        limit: u32,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        Self::take_turn(&mut tx, &format!("public-ip:{ip}"), now.0).await?;
        if count_submissions(&mut tx, ip, since).await? >= limit {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_submission(&mut tx, ip, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores one online response. With `email` (the normalized address, as
    /// [`enquete_domain::people::Email`] gives it), the address is claimed for this link in the
    /// same transaction: a second response with it is refused and nothing is stored.
    ///
    /// The address itself is not kept, only a keyed digest of (link, address): the keyring's
    /// blind index (see [`crate::crypto`]), so that a copy of the database cannot be used to test
    /// candidate addresses (security issue 13, finding 11). Digests cannot be recomputed without
    /// the address, so none is converted: the check looks for the digest under every key of the
    /// keyring (older keys after a rotation, the public no-key index) and for the unkeyed digest
    /// stored before the keyed ones; only the current key's digest is written.
    pub async fn submit_online(
        &self,
        token: &str,
        email: Option<&str>,
        response: &NewResponse,
        now: Timestamp,
    ) -> StoreResult<IngestOutcome> {
        let mut tx = self.begin_write().await?;
        if let Some(email) = email {
            let value = format!("{token}\0{email}");
            let mut known = self.keys.lookups(LINK_EMAIL, &value);
            known.push(unkeyed_link_digest(token, email));
            let placeholders: Vec<String> = (2..known.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT COUNT(*) FROM link_emails WHERE token = $1 AND digest IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(token);
            for digest in &known {
                query = query.bind(digest.as_str());
            }
            let answered = query.fetch_one(&mut *tx).await?;
            let claimed = if answered > 0 {
                0
            } else {
                sqlx::query(
                    "INSERT INTO link_emails (token, digest) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(token)
                .bind(self.keys.index(LINK_EMAIL, &value))
                .execute(&mut *tx)
                .await?
                .rows_affected()
            };
            if claimed == 0 {
                return Err(FieldError::new("email", "error-email-already-answered").into());
            }
        }
        // The address is claimed and the response stored together, or neither.
        let outcome =
            crate::surveys::ingest_in(&mut tx, &self.keys, std::slice::from_ref(response), now)
                .await?;
        tx.commit().await?;
        Ok(outcome
            .into_iter()
            .next()
            .unwrap_or(IngestOutcome::Duplicate))
    }
}

/// Online submissions from an address since a time.
async fn count_submissions(
    conn: &mut sqlx::AnyConnection,
    ip: &str,
    since: Timestamp,
) -> StoreResult<u32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM public_submissions WHERE ip = $1 AND at >= $2")
            .bind(ip)
            .bind(since.0)
            .fetch_one(&mut *conn)
            .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Counts one submission from an address.
async fn insert_submission(
    conn: &mut sqlx::AnyConnection,
    ip: &str,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO public_submissions (ip, at) VALUES ($1, $2)")
        .bind(ip)
        .bind(now.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

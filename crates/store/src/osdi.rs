//! What the OSDI API reads and the integrations it answers: API tokens (only their SHA-256 is
//! kept), and the people of a branch that an integration may see: only those whose latest
//! choice about being contacted is a yes.

use crate::audit::write_audit;
use crate::people::PersonRecord;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ApiTokenId(pub i64);

#[derive(Debug, Clone, Serialize)]
pub struct ApiTokenRecord {
    pub id: ApiTokenId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub name: String,
    pub can_write: bool,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// Which people of a branch an integration lists.
#[derive(Debug, Clone, Default)]
pub struct OsdiPeopleQuery {
    /// Changed strictly after / before.
    pub modified_after: Option<Timestamp>,
    pub modified_before: Option<Timestamp>,
    /// With this e-mail address (compared through its blind index).
    pub email: Option<String>,
    /// With this tag.
    pub tag: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// The latest choice of the person `p` about being contacted is a yes.
const CONTACT_OK: &str = "EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id \
     AND c.purpose = 'contact' AND c.granted = 1 AND NOT EXISTS (SELECT 1 FROM consents d \
     WHERE d.person_id = p.id AND d.purpose = 'contact' \
     AND (d.at > c.at OR (d.at = c.at AND d.id > c.id))))";

const TOKEN_COLUMNS: &str = "t.id, t.unit_id, u.path, u.name AS unit_name, t.name, t.can_write, \
     t.created_by, t.created_at, t.last_used_at";

fn token_from_row(row: &sqlx::any::AnyRow) -> StoreResult<ApiTokenRecord> {
    Ok(ApiTokenRecord {
        id: ApiTokenId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "path")?,
        unit_name: col(row, "unit_name")?,
        name: col(row, "name")?,
        can_write: col::<i64>(row, "can_write")? != 0,
        created_by: UserId(col(row, "created_by")?),
        created_at: Timestamp(col(row, "created_at")?),
        last_used_at: col::<Option<i64>>(row, "last_used_at")?.map(Timestamp),
    })
}

impl Store {
    /// Keeps a new token (its hash) for an integration.
    #[expect(
        clippy::too_many_arguments,
        reason = "a token with its rights, its author and its audit entry, in one go"
    )]
    pub async fn create_api_token(
        &self,
        unit: UnitId,
        name: &str,
        token_hash: &str,
        can_write: bool,
        by: UserId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<ApiTokenId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (unit_id, name, token_hash, can_write, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit.0)
        .bind(name)
        .bind(token_hash)
        .bind(i64::from(can_write))
        .bind(by.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(ApiTokenId(id))
    }

    /// The tokens (not revoked) of a unit and below.
    pub async fn api_tokens_below(&self, path: &UnitPath) -> StoreResult<Vec<ApiTokenRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN units u ON u.id = t.unit_id \
             WHERE t.revoked_at IS NULL AND u.path >= $1 AND u.path < $2 ORDER BY t.id"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(token_from_row).collect()
    }

    pub async fn api_token(&self, id: ApiTokenId) -> StoreResult<ApiTokenRecord> {
        let row = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN units u ON u.id = t.unit_id \
             WHERE t.id = $1 AND t.revoked_at IS NULL"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("token"))?;
        token_from_row(&row)
    }

    /// The token with this hash, if it is not revoked; notes when it was last used (at most
    /// once a minute, so that reading does not turn every request into a write).
    pub async fn api_token_by_hash(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<ApiTokenRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN units u ON u.id = t.unit_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
        ))
        .bind(token_hash)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token = token_from_row(&row)?;
        if token.last_used_at.is_none_or(|t| now.0 - t.0 >= 60) {
            let mut tx = self.begin_write().await?;
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(token.id.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(token))
    }

    /// Revokes a token: it opens nothing from now on.
    pub async fn revoke_api_token(
        &self,
        id: ApiTokenId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("token"));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// People of a branch who agreed to be contacted, in id order, with how many match in all.
    pub async fn osdi_people(
        &self,
        below: &UnitPath,
        query: &OsdiPeopleQuery,
    ) -> StoreResult<(Vec<PersonRecord>, i64)> {
        let (lo, hi) = subtree_range(below.as_str());
        let mut filter = format!("u.path >= $1 AND u.path < $2 AND {CONTACT_OK}");
        let mut binds: Vec<Bind> = vec![Bind::Text(lo), Bind::Text(hi)];
        if let Some(t) = query.modified_after {
            binds.push(Bind::Int(t.0));
            filter.push_str(&format!(" AND p.updated_at > ${}", binds.len()));
        }
        if let Some(t) = query.modified_before {
            binds.push(Bind::Int(t.0));
            filter.push_str(&format!(" AND p.updated_at < ${}", binds.len()));
        }
        if let Some(tag) = &query.tag {
            binds.push(Bind::Text(tag.clone()));
            filter.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM person_tags g WHERE g.person_id = p.id AND g.tag = ${})",
                binds.len()
            ));
        }
        if let Some(email) = &query.email {
            let indexes = self.keys.lookups("email", &email.trim().to_lowercase());
            let marks = placeholders(binds.len() + 1, indexes.len());
            binds.extend(indexes.into_iter().map(Bind::Text));
            filter.push_str(&format!(" AND p.email_index IN ({marks})"));
        }
        let count_sql = format!(
            "SELECT COUNT(*) AS n FROM people p JOIN units u ON u.id = p.unit_id WHERE {filter}"
        );
        let total: i64 = col(
            &bind_all(sqlx::query(&count_sql), &binds)
                .fetch_one(&self.read)
                .await?,
            "n",
        )?;
        let ids_sql = format!(
            "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE {filter} \
             ORDER BY p.id LIMIT {} OFFSET {}",
            query.limit.clamp(1, 100),
            query.offset.max(0)
        );
        let ids: Vec<i64> = bind_all(sqlx::query(&ids_sql), &binds)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| col(r, "id"))
            .collect::<StoreResult<_>>()?;
        Ok((self.people_by_ids(&ids).await?, total))
    }

    /// The tags of the people of a branch who agreed to be contacted, with how many carry each.
    pub async fn osdi_tags(&self, below: &UnitPath) -> StoreResult<Vec<(String, i64)>> {
        let (lo, hi) = subtree_range(below.as_str());
        let rows = sqlx::query(&format!(
            "SELECT g.tag, COUNT(*) AS n FROM person_tags g JOIN people p ON p.id = g.person_id \
             JOIN units u ON u.id = p.unit_id WHERE u.path >= $1 AND u.path < $2 AND {CONTACT_OK} \
             GROUP BY g.tag ORDER BY g.tag"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((col(r, "tag")?, col(r, "n")?)))
            .collect()
    }
}

/// A value bound to a query built at run time.
enum Bind {
    Int(i64),
    Text(String),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &[Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Int(i) => q.bind(*i),
            Bind::Text(t) => q.bind(t.clone()),
        };
    }
    q
}

impl Store {
    /// The first person with this e-mail address in a branch (any consent): whom a signup
    /// through an integration updates instead of adding them twice.
    pub async fn person_with_email_below(
        &self,
        email: &str,
        below: &UnitPath,
    ) -> StoreResult<Option<enquete_domain::people::PersonId>> {
        let mut tx = self.read.begin().await?;
        let found =
            crate::people::person_by_email_below(&mut tx, &self.keys, email, below.as_str())
                .await?;
        tx.commit().await?;
        Ok(found)
    }
}

impl Store {
    /// Links a petition's signature made with this mailbox (through an integration, which
    /// signed the person up first) to that person, when it is not linked yet.
    pub async fn link_signature(
        &self,
        petition: enquete_domain::campaign::PetitionId,
        input: &enquete_domain::campaign::SignatureInput,
        person: enquete_domain::people::PersonId,
    ) -> StoreResult<()> {
        let lookups = self.keys.lookups("signature email", &input.email_key());
        let sql = format!(
            "UPDATE signatures SET person_id = $1 WHERE petition_id = $2 AND person_id IS NULL \
             AND email_key IN ({})",
            placeholders(3, lookups.len())
        );
        let mut tx = self.begin_write().await?;
        lookups
            .iter()
            .fold(sqlx::query(&sql).bind(person.0).bind(petition.0), |q, l| {
                q.bind(l.as_str())
            })
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

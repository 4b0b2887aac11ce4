//! The audit log: who read or changed which personal record, when, and from where. Append-only:
//! the store has no method that changes or deletes an entry.

use crate::{Store, StoreResult, col};
use enquete_domain::audit::AuditAction;
use enquete_domain::{Timestamp, account::UserId, people::PersonId};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub at: Timestamp,
    pub user: Option<UserId>,
    pub action: AuditAction,
    pub person: Option<PersonId>,
    pub detail: String,
    pub ip: String,
}

/// Writes an audit entry inside a transaction, so the entry and the change it records are
/// committed together or not at all.
pub(crate) async fn write_audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event: &AuditEvent,
) -> StoreResult<()> {
    insert(event).execute(&mut **tx).await?;
    Ok(())
}

/// Writes the same entry in each of these people's logs, inside a transaction.
pub(crate) async fn write_audit_for(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event: &AuditEvent,
    people: &[PersonId],
) -> StoreResult<()> {
    for chunk in people.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO audit_events (at, user_id, action, person_id, detail, ip) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("({})", crate::placeholders(i * 6 + 1, 6)));
        }
        let mut query = sqlx::query(&sql);
        for person in chunk {
            query = query
                .bind(event.at.0)
                .bind(event.user.map(|u| u.0))
                .bind(event.action.as_str())
                .bind(person.0)
                .bind(event.detail.as_str())
                .bind(event.ip.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

fn insert(event: &AuditEvent) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
    sqlx::query(
        "INSERT INTO audit_events (at, user_id, action, person_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(event.at.0)
    .bind(event.user.map(|u| u.0))
    .bind(event.action.as_str())
    .bind(event.person.map(|p| p.0))
    .bind(event.detail.as_str())
    .bind(event.ip.as_str())
}

impl Store {
    /// Records a read (or anything not written through a transaction of its own).
    pub async fn audit(&self, event: &AuditEvent) -> StoreResult<()> {
        insert(event).execute(&self.write).await?;
        Ok(())
    }

    /// Records the reading of a list of people: one entry per person shown (so each person's
    /// own log says who saw them in which list), or one entry without a person when the list
    /// was empty. In one transaction.
    pub async fn audit_list(&self, event: &AuditEvent, people: &[PersonId]) -> StoreResult<()> {
        if people.is_empty() {
            return self.audit(event).await;
        }
        let mut tx = self.begin_write().await?;
        write_audit_for(&mut tx, event, people).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest entries of one organization (the tree at `org`), newest first: those made by
    /// its accounts or about its people, and those of the installation itself (no account, no
    /// person: a key rotation, an order on a public page).
    pub async fn audit_events_in(
        &self,
        org: &enquete_domain::org::UnitPath,
        limit: u32,
    ) -> StoreResult<Vec<AuditEvent>> {
        let (lo, hi) = crate::subtree_range(org.as_str());
        let rows = sqlx::query(
            "SELECT at, user_id, action, person_id, detail, ip FROM audit_events a WHERE \
             (a.user_id IS NULL AND a.person_id IS NULL) \
             OR EXISTS (SELECT 1 FROM users s JOIN units u ON u.id = s.unit_id \
                 WHERE s.id = a.user_id AND u.path >= $1 AND u.path < $2) \
             OR EXISTS (SELECT 1 FROM people p JOIN units u ON u.id = p.unit_id \
                 WHERE p.id = a.person_id AND u.path >= $1 AND u.path < $2) \
             ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(lo)
        .bind(hi)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// The latest entries, newest first; for one person when `person` is given.
    pub async fn audit_events(
        &self,
        person: Option<PersonId>,
        limit: u32,
    ) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT at, user_id, action, person_id, detail, ip FROM audit_events \
             WHERE ($1 = 0 OR person_id = $1) ORDER BY at DESC, id DESC LIMIT $2",
        )
        .bind(person.map_or(0, |p| p.0))
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(event_from_row).collect()
    }
}

fn event_from_row(row: &sqlx::any::AnyRow) -> StoreResult<AuditEvent> {
    Ok(AuditEvent {
        at: Timestamp(col(row, "at")?),
        user: col::<Option<i64>>(row, "user_id")?.map(UserId),
        action: AuditAction::parse(&col::<String>(row, "action")?)?,
        person: col::<Option<i64>>(row, "person_id")?.map(PersonId),
        detail: col(row, "detail")?,
        ip: col(row, "ip")?,
    })
}

//! Changes to many people at once (a list's selection): who they are for the policy, and
//! adding or removing a tag, each in one transaction with its audit entries.

use crate::audit::write_audit_for;
use crate::{AuditEvent, Store, StoreResult, col, path_col, placeholders};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::UnitPath,
    people::{PersonId, Tag},
};

/// What the policy needs to decide about one person of a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonTarget {
    pub id: PersonId,
    pub unit_path: UnitPath,
    pub recorded_by: Option<UserId>,
}

impl Store {
    /// Where each of these people belongs and who recorded them, in no particular order; ids
    /// that name nobody are left out. Read 500 at a time.
    pub async fn person_targets(&self, ids: &[PersonId]) -> StoreResult<Vec<PersonTarget>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT p.id, p.recorded_by, u.path AS unit_path FROM people p \
                 JOIN units u ON u.id = p.unit_id WHERE p.id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id.0);
            }
            for row in query.fetch_all(&self.read).await? {
                out.push(PersonTarget {
                    id: PersonId(col(&row, "id")?),
                    unit_path: path_col(&row, "unit_path")?,
                    recorded_by: col::<Option<i64>>(&row, "recorded_by")?.map(UserId),
                });
            }
        }
        Ok(out)
    }

    /// Adds `tag` to these people (`add`), or removes it, in one transaction; `event` goes in
    /// the log of each person it changed. Returns those it changed (the others had the tag
    /// already, or did not have it, or are no one).
    pub async fn change_tag(
        &self,
        people: &[PersonId],
        tag: &Tag,
        add: bool,
        now: Timestamp,
        event: &AuditEvent,
    ) -> StoreResult<Vec<PersonId>> {
        let mut tx = self.begin_write().await?;
        let mut changed = Vec::new();
        for id in people {
            let sql = if add {
                // From `people`, so that an id naming nobody adds nothing (and fails nothing).
                "INSERT INTO person_tags (person_id, tag) SELECT id, $2 FROM people WHERE id = $1 \
                 ON CONFLICT DO NOTHING"
            } else {
                "DELETE FROM person_tags WHERE person_id = $1 AND tag = $2"
            };
            let done = sqlx::query(sql)
                .bind(id.0)
                .bind(tag.as_str())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() > 0 {
                sqlx::query("UPDATE people SET updated_at = $1 WHERE id = $2")
                    .bind(now.0)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
                changed.push(*id);
            }
        }
        write_audit_for(&mut tx, event, &changed).await?;
        tx.commit().await?;
        Ok(changed)
    }
}

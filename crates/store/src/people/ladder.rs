//! The ladder: moving a person from stage to stage under its rules, and the history of moves.

use super::record::PersonRecord;
use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::{
    Timestamp,
    account::UserId,
    people::{MoveReason, PersonId, Stage, StageChange, check_stage_move},
};
use sqlx::{Any, Transaction};

/// Moves a person on the ladder inside a transaction, checking the rules against the stored stage
/// (row-locked on PostgreSQL), and writes the history line. Returns the stage they came from.
pub(crate) async fn move_stage_in(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    id: PersonId,
    to: Stage,
    reason: &MoveReason,
    by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<Stage> {
    let select = format!("SELECT stage, youth_wing FROM people WHERE id = $1{}", lock);
    let row = sqlx::query(&select)
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("person"))?;
    let current: String = col(&row, "stage")?;
    let from =
        Stage::parse(&current).map_err(|_| StoreError::Corrupt(format!("stage {current}")))?;
    let youth_wing = col::<i64>(&row, "youth_wing")? != 0;
    let was_member: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stage_changes WHERE person_id = $1 AND to_stage IN ('member', 'organizer', 'leader')",
        )
        .bind(id.0)
        .fetch_one(&mut **tx)
        .await?;
    check_stage_move(from, to, youth_wing, was_member > 0)?;
    sqlx::query("UPDATE people SET stage = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO stage_changes (person_id, from_stage, to_stage, at, by_user, reason) \
             VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.0)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now.0)
    .bind(by.map(|u| u.0))
    .bind(reason.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(from)
}

impl Store {
    /// Moves a person on the ladder and records who did it, when and why. The rules of
    /// [`check_stage_move`] are checked inside the transaction, against the stored stage.
    pub async fn move_stage(
        &self,
        id: PersonId,
        to: Stage,
        reason: &MoveReason,
        by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<PersonRecord> {
        let mut tx = self.begin_write().await?;
        move_stage_in(&mut tx, self.lock_rows(), id, to, reason, by, now).await?;
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(id).await
    }

    /// The ladder history, oldest first.
    pub async fn stage_history(&self, id: PersonId) -> StoreResult<Vec<StageChange>> {
        let rows = sqlx::query(
            "SELECT from_stage, to_stage, at, by_user, reason FROM stage_changes \
             WHERE person_id = $1 ORDER BY at, id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let from: Option<String> = col(row, "from_stage")?;
                let to: String = col(row, "to_stage")?;
                let parse = |s: &str| {
                    Stage::parse(s).map_err(|_| StoreError::Corrupt(format!("stage {s}")))
                };
                Ok(StageChange {
                    from: from.as_deref().map(parse).transpose()?,
                    to: parse(&to)?,
                    at: Timestamp(col(row, "at")?),
                    by: col::<Option<i64>>(row, "by_user")?.map(UserId),
                    reason: col(row, "reason")?,
                })
            })
            .collect()
    }
}

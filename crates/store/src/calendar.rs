//! The public calendar's part of actions: whether an action is in its units' public calendars,
//! cancelling it (which calendars must learn of), and the public actions around a unit.

use crate::actions::{ACTION_COLUMNS, ActionRecord, action_from_row};
use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult};
use enquete_domain::{Timestamp, campaign::ActionId, org::UnitPath};

impl Store {
    /// Shows an action in (or takes it out of) the public calendars of its units.
    pub async fn set_action_public(
        &self,
        id: ActionId,
        public: bool,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE actions SET public = $1 WHERE id = $2")
            .bind(i64::from(public))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("action"));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Cancels an action: no more RSVPs, and calendars that show it see it cancelled (its
    /// sequence raised). `false` when it already was.
    pub async fn cancel_action(
        &self,
        id: ActionId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE actions SET cancelled_at = $1, sequence = sequence + 1 WHERE id = $2 \
             AND cancelled_at IS NULL",
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

    /// The public actions of a unit's calendar: those of the unit, the units above it and the
    /// units below it, starting from `since` on (cancelled ones included, so that calendars
    /// learn of the cancellation), soonest first.
    pub async fn public_actions(
        &self,
        path: &UnitPath,
        since: Timestamp,
    ) -> StoreResult<Vec<ActionRecord>> {
        let (cond, params) = crate::reaching("u.path", path.as_str(), 2);
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM actions a JOIN units u ON u.id = a.unit_id \
             WHERE a.public = 1 AND a.starts_at >= $1 AND {cond} \
             ORDER BY a.starts_at, a.id LIMIT 1000"
        );
        let mut query = sqlx::query(&sql).bind(since.0);
        for p in &params {
            query = query.bind(p.as_str());
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(action_from_row).collect()
    }
}

//! Motions, their demands and the actions taken for them. A demand's status moves only by a
//! dated update, kept with the status, so its history is the timeline.

use crate::audit::write_audit;
use crate::{ActionRecord, AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::account::UserId;
use enquete_domain::campaign::ActionId;
use enquete_domain::motions::{DemandDraft, DemandStatus, MotionDraft};
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::{FieldError, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionRecord {
    pub id: i64,
    pub unit: UnitId,
    pub unit_name: String,
    pub draft: MotionDraft,
}

#[derive(Debug, Clone)]
pub struct DemandRecord {
    pub id: i64,
    pub motion: i64,
    pub draft: DemandDraft,
    pub status: DemandStatus,
    /// (status, note, when), oldest first.
    pub updates: Vec<(DemandStatus, String, Timestamp)>,
    pub actions: Vec<ActionRecord>,
}

/// Motions and demands under a unit, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MotionFigures {
    pub motions: u64,
    pub with_demands: u64,
    pub demands: u64,
    /// Demands past drafting.
    pub moved: u64,
    pub won: u64,
    pub lost: u64,
    /// Demands with at least one action.
    pub with_actions: u64,
}

fn motion_from_row(r: &sqlx::any::AnyRow) -> StoreResult<MotionRecord> {
    let n = |c: &str| -> StoreResult<u32> { Ok(u32::try_from(col::<i64>(r, c)?).unwrap_or(0)) };
    Ok(MotionRecord {
        id: col(r, "id")?,
        unit: UnitId(col(r, "unit_id")?),
        unit_name: col(r, "unit_name")?,
        draft: MotionDraft {
            title: col(r, "title")?,
            text: col(r, "text")?,
            body: col(r, "body")?,
            passed_on: Timestamp(col(r, "passed_on")?),
            votes_for: n("votes_for")?,
            votes_against: n("votes_against")?,
            abstentions: n("abstentions")?,
        },
    })
}

const MOTION: &str = "SELECT m.id, m.unit_id, u.name AS unit_name, m.title, m.text, m.body, \
     m.passed_on, m.votes_for, m.votes_against, m.abstentions FROM motions m \
     JOIN units u ON u.id = m.unit_id";

impl Store {
    pub async fn create_motion(
        &self,
        unit: UnitId,
        d: &MotionDraft,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO motions (unit_id, title, text, body, passed_on, votes_for, votes_against, \
             abstentions, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(unit.0)
        .bind(&d.title)
        .bind(&d.text)
        .bind(&d.body)
        .bind(d.passed_on.0)
        .bind(i64::from(d.votes_for))
        .bind(i64::from(d.votes_against))
        .bind(i64::from(d.abstentions))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn motion(&self, id: i64) -> StoreResult<MotionRecord> {
        let row = sqlx::query(&format!("{MOTION} WHERE m.id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("motion"))?;
        motion_from_row(&row)
    }

    /// The motions of a unit and below, the newest passed first.
    pub async fn motions_below(&self, root: &UnitPath) -> StoreResult<Vec<MotionRecord>> {
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(&format!(
            "{MOTION} WHERE u.path >= $1 AND u.path < $2 ORDER BY m.passed_on DESC, m.id DESC"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(motion_from_row).collect()
    }

    /// Adds a demand to a motion, drafted, with its first update.
    pub async fn add_demand(
        &self,
        motion: i64,
        d: &DemandDraft,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO demands (motion_id, text, target, owner, status, created_at) \
             VALUES ($1, $2, $3, $4, 'drafted', $5) RETURNING id",
        )
        .bind(motion)
        .bind(&d.text)
        .bind(&d.target)
        .bind(&d.owner)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO demand_updates (demand_id, status, note, by_user, at) \
             VALUES ($1, 'drafted', '', $2, $3)",
        )
        .bind(id)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Moves a demand to a status, with a note, dated.
    pub async fn update_demand(
        &self,
        demand: i64,
        status: DemandStatus,
        note: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE demands SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(demand)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("demand"));
        }
        sqlx::query(
            "INSERT INTO demand_updates (demand_id, status, note, by_user, at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(demand)
        .bind(status.as_str())
        .bind(note)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Links an action taken for a demand; refused on `action` for an action outside the
    /// motion's unit and below.
    pub async fn link_demand_action(&self, demand: i64, action: ActionId) -> StoreResult<()> {
        let motion: Option<i64> = sqlx::query_scalar("SELECT motion_id FROM demands WHERE id = $1")
            .bind(demand)
            .fetch_optional(&self.read)
            .await?;
        let motion = self
            .motion(motion.ok_or(StoreError::NotFound("demand"))?)
            .await?;
        let root = self.unit(motion.unit).await?.path;
        let a = self
            .action(action)
            .await
            .map_err(|_| StoreError::Invalid(FieldError::new("action", "error-action-not-here")))?;
        if !a.unit_path.is_within(&root) {
            return Err(FieldError::new("action", "error-action-not-here").into());
        }
        sqlx::query(
            "INSERT INTO demand_actions (demand_id, action_id) VALUES ($1, $2) \
             ON CONFLICT (demand_id, action_id) DO NOTHING",
        )
        .bind(demand)
        .bind(action.0)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn demand_motion(&self, demand: i64) -> StoreResult<i64> {
        let motion: Option<i64> = sqlx::query_scalar("SELECT motion_id FROM demands WHERE id = $1")
            .bind(demand)
            .fetch_optional(&self.read)
            .await?;
        motion.ok_or(StoreError::NotFound("demand"))
    }

    /// A motion's demands with their updates and actions.
    pub async fn demands(&self, motion: i64) -> StoreResult<Vec<DemandRecord>> {
        let rows = sqlx::query(
            "SELECT id, motion_id, text, target, owner, status FROM demands WHERE motion_id = $1 \
             ORDER BY id",
        )
        .bind(motion)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let id: i64 = col(r, "id")?;
            let status: String = col(r, "status")?;
            let updates = sqlx::query(
                "SELECT status, note, at FROM demand_updates WHERE demand_id = $1 ORDER BY at, id",
            )
            .bind(id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|u| {
                let s: String = col(u, "status")?;
                Ok((
                    DemandStatus::parse(&s)
                        .map_err(|_| StoreError::Corrupt(format!("demand status {s}")))?,
                    col(u, "note")?,
                    Timestamp(col(u, "at")?),
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
            let action_ids: Vec<i64> = sqlx::query_scalar(
                "SELECT action_id FROM demand_actions WHERE demand_id = $1 ORDER BY action_id",
            )
            .bind(id)
            .fetch_all(&self.read)
            .await?;
            let mut actions = Vec::new();
            for a in action_ids {
                actions.push(self.action(ActionId(a)).await?);
            }
            out.push(DemandRecord {
                id,
                motion: col(r, "motion_id")?,
                draft: DemandDraft {
                    text: col(r, "text")?,
                    target: col(r, "target")?,
                    owner: col(r, "owner")?,
                },
                status: DemandStatus::parse(&status)
                    .map_err(|_| StoreError::Corrupt(format!("demand status {status}")))?,
                updates,
                actions,
            });
        }
        Ok(out)
    }

    /// Motions and demands under a unit, counted.
    pub async fn motion_figures(&self, root: &UnitPath) -> StoreResult<MotionFigures> {
        let (lo, hi) = subtree_range(root.as_str());
        let row = sqlx::query(
            "SELECT \
             (SELECT COUNT(*) FROM motions m JOIN units u ON u.id = m.unit_id \
                WHERE u.path >= $1 AND u.path < $2) AS motions, \
             (SELECT COUNT(DISTINCT d.motion_id) FROM demands d JOIN motions m ON m.id = d.motion_id \
                JOIN units u ON u.id = m.unit_id WHERE u.path >= $1 AND u.path < $2) AS with_demands, \
             (SELECT COUNT(*) FROM demands d JOIN motions m ON m.id = d.motion_id \
                JOIN units u ON u.id = m.unit_id WHERE u.path >= $1 AND u.path < $2) AS demands, \
             (SELECT COUNT(*) FROM demands d JOIN motions m ON m.id = d.motion_id \
                JOIN units u ON u.id = m.unit_id WHERE u.path >= $1 AND u.path < $2 \
                AND d.status <> 'drafted') AS moved, \
             (SELECT COUNT(*) FROM demands d JOIN motions m ON m.id = d.motion_id \
                JOIN units u ON u.id = m.unit_id WHERE u.path >= $1 AND u.path < $2 \
                AND d.status = 'won') AS won, \
             (SELECT COUNT(*) FROM demands d JOIN motions m ON m.id = d.motion_id \
                JOIN units u ON u.id = m.unit_id WHERE u.path >= $1 AND u.path < $2 \
                AND d.status = 'lost') AS lost, \
             (SELECT COUNT(DISTINCT a.demand_id) FROM demand_actions a JOIN demands d ON d.id = a.demand_id \
                JOIN motions m ON m.id = d.motion_id JOIN units u ON u.id = m.unit_id \
                WHERE u.path >= $1 AND u.path < $2) AS with_actions",
        )
        .bind(lo)
        .bind(hi)
        .fetch_one(&self.read)
        .await?;
        let n =
            |c: &str| -> StoreResult<u64> { Ok(u64::try_from(col::<i64>(&row, c)?).unwrap_or(0)) };
        Ok(MotionFigures {
            motions: n("motions")?,
            with_demands: n("with_demands")?,
            demands: n("demands")?,
            moved: n("moved")?,
            won: n("won")?,
            lost: n("lost")?,
            with_actions: n("with_actions")?,
        })
    }
}

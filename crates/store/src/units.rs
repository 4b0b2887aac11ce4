//! The org tree: create, rename, move, archive, and counts of people per stage.

use crate::{Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::{
    FieldError, Timestamp,
    org::{Unit, UnitId, UnitKind, UnitName, UnitPath, check_move},
    people::Stage,
};
use serde::Serialize;
use sqlx::any::AnyRow;

pub(crate) const UNIT_COLUMNS: &str = "id, parent_id, kind, name, path, archived_at";

pub(crate) fn unit_from_row(row: &AnyRow) -> StoreResult<Unit> {
    let kind: String = col(row, "kind")?;
    let name: String = col(row, "name")?;
    let path: String = col(row, "path")?;
    Ok(Unit {
        id: UnitId(col(row, "id")?),
        parent: col::<Option<i64>>(row, "parent_id")?.map(UnitId),
        kind: UnitKind::parse(&kind)
            .map_err(|_| StoreError::Corrupt(format!("unit kind {kind}")))?,
        name: UnitName::parse(&name)
            .map_err(|_| StoreError::Corrupt(format!("unit name {name:?}")))?,
        path: UnitPath::from_stored(&path)
            .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))?,
        archived_at: col::<Option<i64>>(row, "archived_at")?.map(Timestamp),
    })
}

/// People per ladder stage, for one unit alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageCount {
    pub unit: UnitId,
    pub stage: Stage,
    pub count: u64,
}

/// Everything the analysis crate needs to roll counts up a subtree.
#[derive(Debug, Clone)]
pub struct UnitCounts {
    pub units: Vec<Unit>,
    pub counts: Vec<StageCount>,
}

impl Store {
    /// Creates a unit below `parent` (or the nation, when `parent` is `None`).
    pub async fn create_unit(
        &self,
        parent: Option<UnitId>,
        kind: UnitKind,
        name: &UnitName,
        now: Timestamp,
    ) -> StoreResult<Unit> {
        let mut tx = self.begin_write().await?;
        let parent_unit = match parent {
            Some(id) => {
                // Locked (PostgreSQL) so that a move of the parent cannot slip in between
                // reading its path and writing the child's.
                let select = format!(
                    "SELECT {UNIT_COLUMNS} FROM units WHERE id = $1{}",
                    self.lock_rows()
                );
                let row = sqlx::query(&select)
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::Invalid(FieldError::new(
                        "parent",
                        "error-no-unit",
                    )))?;
                Some(unit_from_row(&row)?)
            }
            None => None,
        };
        kind.check_parent(parent_unit.as_ref().map(|p| p.kind))?;
        if parent_unit.as_ref().is_some_and(Unit::is_archived) {
            return Err(FieldError::new("parent", "error-parent-archived").into());
        }
        if parent.is_none() {
            let nations: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE parent_id IS NULL")
                    .fetch_one(&mut *tx)
                    .await?;
            if nations > 0 {
                return Err(FieldError::new("parent", "error-nation-exists").into());
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (parent_id, kind, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(parent.map(|p| p.0))
        .bind(kind.as_str())
        .bind(name.as_str())
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        let path = match &parent_unit {
            Some(p) => p.path.child(UnitId(id)),
            None => UnitPath::root(UnitId(id)),
        };
        sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
            .bind(path.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if parent_unit.is_none() {
            crate::organizations::register(&mut tx, UnitId(id), None, now).await?;
        }
        tx.commit().await?;
        Ok(Unit {
            id: UnitId(id),
            parent,
            kind,
            name: name.clone(),
            path,
            archived_at: None,
        })
    }

    pub async fn unit(&self, id: UnitId) -> StoreResult<Unit> {
        let row = sqlx::query(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("unit"))?;
        unit_from_row(&row)
    }

    /// The top of the tree, if the tree has been started.
    pub async fn root_unit(&self) -> StoreResult<Option<Unit>> {
        let row = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1"
        ))
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(unit_from_row).transpose()
    }

    /// The unit and everything below it, ordered by path (parents before children).
    pub async fn subtree(&self, root: &UnitPath, include_archived: bool) -> StoreResult<Vec<Unit>> {
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE path >= $1 AND path < $2 \
             AND ($3 = 1 OR archived_at IS NULL) ORDER BY path"
        ))
        .bind(lo)
        .bind(hi)
        .bind(i64::from(include_archived))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// The direct children of a unit, by name.
    pub async fn children(&self, id: UnitId, include_archived: bool) -> StoreResult<Vec<Unit>> {
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE parent_id = $1 \
             AND ($2 = 1 OR archived_at IS NULL) ORDER BY name"
        ))
        .bind(id.0)
        .bind(i64::from(include_archived))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// The units from the top of the tree down to `unit`, inclusive.
    pub async fn ancestry(&self, unit: &Unit) -> StoreResult<Vec<Unit>> {
        let mut out = Vec::new();
        for id in unit.path.ids() {
            if id == unit.id {
                out.push(unit.clone());
            } else {
                out.push(self.unit(id).await?);
            }
        }
        Ok(out)
    }

    pub async fn rename_unit(&self, id: UnitId, name: &UnitName) -> StoreResult<Unit> {
        let done = sqlx::query("UPDATE units SET name = $1 WHERE id = $2")
            .bind(name.as_str())
            .bind(id.0)
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("unit"));
        }
        self.unit(id).await
    }

    /// Moves a unit, with everything below it, under a new parent.
    pub async fn move_unit(&self, id: UnitId, new_parent: UnitId) -> StoreResult<Unit> {
        let mut tx = self.begin_write().await?;
        if self.backend == crate::Backend::Postgres {
            // Lock the moving subtree and the new parent in one statement, in id order, before
            // reading them: a concurrent move or a child being created waits, and what is read
            // next is what will be written over.
            let current: Option<String> =
                sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (lo, hi) = subtree_range(current.as_deref().unwrap_or("/"));
            sqlx::query("SELECT id FROM units WHERE (path >= $1 AND path < $2) OR id = $3 ORDER BY id FOR UPDATE")
                .bind(lo)
                .bind(hi)
                .bind(new_parent.0)
                .fetch_all(&mut *tx)
                .await?;
        }
        let select = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1");
        let fetch = |id: UnitId| sqlx::query(&select).bind(id.0);
        let unit = unit_from_row(
            &fetch(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("unit"))?,
        )?;
        let parent = unit_from_row(&fetch(new_parent).fetch_optional(&mut *tx).await?.ok_or(
            StoreError::Invalid(FieldError::new("parent", "error-no-unit")),
        )?)?;
        check_move(&unit, &parent)?;
        let new_path = parent.path.child(unit.id);
        let old = unit.path.as_str();
        let (lo, hi) = subtree_range(old);
        // Rewrite the prefix of every path in the moved subtree.
        sqlx::query(
            "UPDATE units SET path = $1 || substr(path, CAST($2 AS INTEGER)) \
             WHERE path >= $3 AND path < $4",
        )
        .bind(new_path.as_str())
        .bind(i64::try_from(old.len() + 1).unwrap_or(i64::MAX))
        .bind(lo)
        .bind(hi)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
            .bind(parent.id.0)
            .bind(unit.id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.unit(id).await
    }

    /// Archives a unit and everything below it; a unit still holding people who are not archived
    /// elsewhere keeps them (they stay readable), but it receives no new people or sub-units.
    pub async fn archive_unit(&self, id: UnitId, now: Timestamp) -> StoreResult<Unit> {
        let unit = self.unit(id).await?;
        if unit.parent.is_none() {
            return Err(FieldError::new("unit", "error-nation-archive").into());
        }
        let (lo, hi) = subtree_range(unit.path.as_str());
        sqlx::query(
            "UPDATE units SET archived_at = $1 WHERE path >= $2 AND path < $3 AND archived_at IS NULL",
        )
        .bind(now.0)
        .bind(lo)
        .bind(hi)
        .execute(&self.write)
        .await?;
        self.unit(id).await
    }

    /// Brings an archived unit (and its subtree) back.
    pub async fn restore_unit(&self, id: UnitId) -> StoreResult<Unit> {
        let mut tx = self.begin_write().await?;
        let select = format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE id = $1{}",
            self.lock_rows()
        );
        let row = sqlx::query(&select)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("unit"))?;
        let unit = unit_from_row(&row)?;
        if let Some(parent) = unit.parent {
            let parent_archived: Option<i64> = sqlx::query_scalar(&format!(
                "SELECT archived_at FROM units WHERE id = $1{}",
                self.lock_rows()
            ))
            .bind(parent.0)
            .fetch_one(&mut *tx)
            .await?;
            if parent_archived.is_some() {
                return Err(FieldError::new("unit", "error-restore-parent-first").into());
            }
        }
        let (lo, hi) = subtree_range(unit.path.as_str());
        sqlx::query("UPDATE units SET archived_at = NULL WHERE path >= $1 AND path < $2")
            .bind(lo)
            .bind(hi)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.unit(id).await
    }

    /// People per stage for every unit of a subtree, with the units, for roll-ups.
    pub async fn unit_counts(&self, root: &UnitPath) -> StoreResult<UnitCounts> {
        let units = self.subtree(root, false).await?;
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(
            "SELECT p.unit_id AS unit_id, p.stage AS stage, COUNT(*) AS n FROM people p \
             JOIN units u ON u.id = p.unit_id WHERE u.path >= $1 AND u.path < $2 \
             GROUP BY p.unit_id, p.stage",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        let mut counts = Vec::with_capacity(rows.len());
        for row in &rows {
            let stage: String = col(row, "stage")?;
            counts.push(StageCount {
                unit: UnitId(col(row, "unit_id")?),
                stage: Stage::parse(&stage)
                    .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
                count: u64::try_from(col::<i64>(row, "n")?).unwrap_or(0),
            });
        }
        Ok(UnitCounts { units, counts })
    }
}

//! Training and responsibilities: modules, their sessions (each an action: place, time, RSVPs,
//! check-in), completions (a check-in at a session of a module completed by attendance records
//! one in the same transaction), positions of units and their terms, and the leadership rules
//! that move members who hold a responsibility and completed a module up the ladder.

use crate::audit::write_audit;
use crate::people::move_stage_in;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::campaign::ActionId;
use enquete_domain::people::{MoveReason, PersonId, Stage};
use enquete_domain::survey::Labels;
use enquete_domain::training::{
    ChosenBy, Completion, LeadershipRule, Level, ModuleDraft, ModuleId, PositionId, PositionKind,
    SessionId, TermId, stage_for_leadership,
};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
};
use serde::Serialize;
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, Serialize)]
pub struct ModuleRecord {
    pub id: ModuleId,
    pub code: String,
    pub title: Labels,
    pub level: Level,
    pub completion: Completion,
    pub materials: Vec<String>,
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionRecord {
    pub id: SessionId,
    pub module: ModuleId,
    pub module_code: String,
    pub action: ActionId,
    pub title: String,
    pub starts_at: Timestamp,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub trainer: Option<PersonId>,
    pub trainer_name: Option<String>,
    pub attended: i64,
}

/// A module someone completed.
#[derive(Debug, Clone, Serialize)]
pub struct CompletionRecord {
    pub module: ModuleId,
    pub code: String,
    pub completed_at: Timestamp,
    pub session: Option<SessionId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionRecord {
    pub id: PositionId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub kind: PositionKind,
    pub title: String,
    pub requires: Vec<String>,
    /// The term running now, if the position is filled.
    pub holder: Option<TermRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermRecord {
    pub id: TermId,
    pub position: PositionId,
    pub person: PersonId,
    pub person_name: String,
    pub starts_at: Timestamp,
    pub ends_at: Option<Timestamp>,
    pub chosen_by: ChosenBy,
}

fn codes(raw: &str) -> Vec<String> {
    raw.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn module_from_row(row: &sqlx::any::AnyRow) -> StoreResult<ModuleRecord> {
    let title: String = col(row, "title")?;
    let materials: String = col(row, "materials")?;
    Ok(ModuleRecord {
        id: ModuleId(col(row, "id")?),
        code: col(row, "code")?,
        title: serde_json::from_str(&title)
            .map_err(|e| StoreError::Corrupt(format!("module title: {e}")))?,
        level: Level::parse(&col::<String>(row, "level")?)
            .map_err(|_| StoreError::Corrupt("module level".into()))?,
        completion: Completion::parse(&col::<String>(row, "completion")?)
            .map_err(|_| StoreError::Corrupt("module completion".into()))?,
        materials: materials
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        requires: codes(&col::<String>(row, "requires")?),
    })
}

/// Records the completion of the modules whose session this action is, when completing means
/// attending (called by check-in, in its transaction); then applies the leadership rules and
/// returns the stage they moved the person to, if any.
pub(crate) async fn complete_by_attendance(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    action: ActionId,
    person: PersonId,
    by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<Option<Stage>> {
    let done = sqlx::query(
        "INSERT INTO training_completions (module_id, person_id, session_id, completed_at, \
         recorded_by) SELECT s.module_id, $1, s.id, $2, $3 FROM training_sessions s \
         JOIN training_modules m ON m.id = s.module_id \
         WHERE s.action_id = $4 AND m.completion = 'attendance' ON CONFLICT DO NOTHING",
    )
    .bind(person.0)
    .bind(now.0)
    .bind(by.map(|u| u.0))
    .bind(action.0)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    apply_leadership(tx, lock, person, by, now).await
}

/// Moves a person up when the leadership rules say so (inside the caller's transaction).
async fn apply_leadership(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    person: PersonId,
    by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<Option<Stage>> {
    let org = crate::organizations::organization_of_person(tx, person).await?;
    let rules = read_leadership(tx, org).await?;
    if rules.is_empty() {
        return Ok(None);
    }
    let stage: String =
        sqlx::query_scalar(&format!("SELECT stage FROM people WHERE id = $1{lock}"))
            .bind(person.0)
            .fetch_one(&mut **tx)
            .await?;
    let stage = Stage::parse(&stage).map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?;
    let completed: Vec<String> = sqlx::query_scalar(
        "SELECT m.code FROM training_completions c JOIN training_modules m ON m.id = c.module_id \
         WHERE c.person_id = $1",
    )
    .bind(person.0)
    .fetch_all(&mut **tx)
    .await?;
    let holds: Option<i64> = sqlx::query_scalar(
        "SELECT t.id FROM position_terms t JOIN positions p ON p.id = t.position_id \
         WHERE t.person_id = $1 AND (t.ends_at IS NULL OR t.ends_at > $2) \
         AND t.starts_at <= $2 AND p.closed_at IS NULL LIMIT 1",
    )
    .bind(person.0)
    .bind(now.0)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(to) = stage_for_leadership(stage, &completed, holds.is_some(), &rules) else {
        return Ok(None);
    };
    let reason =
        MoveReason::parse("holds a responsibility and completed the training the ladder asks for")?;
    move_stage_in(tx, lock, person, to, &reason, by, now).await?;
    Ok(Some(to))
}

async fn read_leadership(
    tx: &mut Transaction<'_, Any>,
    org: UnitId,
) -> StoreResult<Vec<LeadershipRule>> {
    let rows = sqlx::query(
        "SELECT stage, module_code, needs_position FROM leadership_rules WHERE org_id = $1 \
         ORDER BY id",
    )
    .bind(org.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            let stage: String = col(r, "stage")?;
            Ok(LeadershipRule {
                stage: Stage::parse(&stage)
                    .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
                module: col(r, "module_code")?,
                needs_position: col::<i64>(r, "needs_position")? != 0,
            })
        })
        .collect()
}

const SESSION_COLUMNS: &str = "s.id, s.module_id, m.code, s.action_id, a.title, a.starts_at, \
     a.unit_id, u.path, u.name AS unit_name, s.trainer_id, \
     (SELECT COUNT(*) FROM rsvps r WHERE r.action_id = a.id AND r.attended_at IS NOT NULL) AS attended";

impl Store {
    fn session_from_row(&self, row: &sqlx::any::AnyRow) -> StoreResult<SessionRecord> {
        Ok(SessionRecord {
            id: SessionId(col(row, "id")?),
            module: ModuleId(col(row, "module_id")?),
            module_code: col(row, "code")?,
            action: ActionId(col(row, "action_id")?),
            title: col(row, "title")?,
            starts_at: Timestamp(col(row, "starts_at")?),
            unit: UnitId(col(row, "unit_id")?),
            unit_path: crate::path_col(row, "path")?,
            unit_name: col(row, "unit_name")?,
            trainer: col::<Option<i64>>(row, "trainer_id")?.map(PersonId),
            trainer_name: None,
            attended: col(row, "attended")?,
        })
    }

    /// Adds a module; a code already used is refused on `code`.
    pub async fn create_module(
        &self,
        draft: &ModuleDraft,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<ModuleId> {
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM training_modules WHERE code = $1")
                .bind(&draft.code)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(enquete_domain::FieldError::new("code", "error-code-taken").into());
        }
        let title = serde_json::to_string(&draft.title)
            .map_err(|e| StoreError::Corrupt(format!("module title: {e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO training_modules (code, title, level, completion, materials, requires, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&draft.code)
        .bind(title)
        .bind(draft.level.as_str())
        .bind(draft.completion.as_str())
        .bind(draft.materials.join("\n"))
        .bind(draft.requires.join(","))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(ModuleId(id))
    }

    /// Every module, by level then code.
    pub async fn modules(&self) -> StoreResult<Vec<ModuleRecord>> {
        let rows = sqlx::query("SELECT * FROM training_modules ORDER BY id")
            .fetch_all(&self.read)
            .await?;
        let mut list = rows
            .iter()
            .map(module_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        list.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
        Ok(list)
    }

    pub async fn module(&self, id: ModuleId) -> StoreResult<ModuleRecord> {
        let row = sqlx::query("SELECT * FROM training_modules WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("module"))?;
        module_from_row(&row)
    }

    /// Makes an action a session of a module, with its trainer.
    pub async fn create_session(
        &self,
        module: ModuleId,
        action: ActionId,
        trainer: Option<PersonId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<SessionId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO training_sessions (module_id, action_id, trainer_id, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(module.0)
        .bind(action.0)
        .bind(trainer.map(|p| p.0))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(SessionId(id))
    }

    pub async fn session(&self, id: SessionId) -> StoreResult<SessionRecord> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions s \
             JOIN training_modules m ON m.id = s.module_id JOIN actions a ON a.id = s.action_id \
             JOIN units u ON u.id = a.unit_id WHERE s.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("session"))?;
        self.session_from_row(&row)
    }

    /// The sessions held by a unit and below, latest first (at most 500).
    pub async fn sessions_below(&self, path: &UnitPath) -> StoreResult<Vec<SessionRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions s \
             JOIN training_modules m ON m.id = s.module_id JOIN actions a ON a.id = s.action_id \
             JOIN units u ON u.id = a.unit_id WHERE u.path >= $1 AND u.path < $2 \
             ORDER BY a.starts_at DESC, s.id DESC LIMIT 500"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| self.session_from_row(r)).collect()
    }

    /// Records that a person completed a module (an assessment), once; then applies the
    /// leadership rules. Returns the stage reached, if they moved.
    pub async fn record_completion(
        &self,
        module: ModuleId,
        person: PersonId,
        session: Option<SessionId>,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<Option<Stage>> {
        let mut tx = self.begin_write().await?;
        let lock = self.lock_rows();
        let done = sqlx::query(
            "INSERT INTO training_completions (module_id, person_id, session_id, completed_at, \
             recorded_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(module.0)
        .bind(person.0)
        .bind(session.map(|s| s.0))
        .bind(now.0)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        // Recorded before: nothing changes, nothing to audit.
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        let moved = apply_leadership(&mut tx, lock, person, by, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// The modules a person completed, oldest first.
    pub async fn completions_of(&self, person: PersonId) -> StoreResult<Vec<CompletionRecord>> {
        let rows = sqlx::query(
            "SELECT c.module_id, m.code, c.completed_at, c.session_id FROM training_completions c \
             JOIN training_modules m ON m.id = c.module_id WHERE c.person_id = $1 \
             ORDER BY c.completed_at, c.id",
        )
        .bind(person.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CompletionRecord {
                    module: ModuleId(col(r, "module_id")?),
                    code: col(r, "code")?,
                    completed_at: Timestamp(col(r, "completed_at")?),
                    session: col::<Option<i64>>(r, "session_id")?.map(SessionId),
                })
            })
            .collect()
    }

    /// Completions of the people of a unit and below: person, module code.
    pub async fn completions_below(&self, path: &UnitPath) -> StoreResult<Vec<(PersonId, String)>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(
            "SELECT c.person_id, m.code FROM training_completions c \
             JOIN training_modules m ON m.id = c.module_id JOIN people p ON p.id = c.person_id \
             JOIN units u ON u.id = p.unit_id WHERE u.path >= $1 AND u.path < $2 \
             ORDER BY c.person_id, m.code",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((PersonId(col(r, "person_id")?), col(r, "code")?)))
            .collect()
    }

    /// Adds a position to a unit.
    pub async fn create_position(
        &self,
        unit: UnitId,
        kind: PositionKind,
        title: &str,
        requires: &[String],
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<PositionId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO positions (unit_id, kind, title, requires, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(unit.0)
        .bind(kind.as_str())
        .bind(title)
        .bind(requires.join(","))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(PositionId(id))
    }

    /// The open positions of a unit and below, each with its holder now.
    pub async fn positions_below(
        &self,
        path: &UnitPath,
        now: Timestamp,
    ) -> StoreResult<Vec<PositionRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(
            "SELECT p.id, p.unit_id, u.path, u.name AS unit_name, p.kind, p.title, p.requires \
             FROM positions p JOIN units u ON u.id = p.unit_id \
             WHERE p.closed_at IS NULL AND u.path >= $1 AND u.path < $2 ORDER BY u.path, p.id",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id = PositionId(col(r, "id")?);
            out.push(PositionRecord {
                id,
                unit: UnitId(col(r, "unit_id")?),
                unit_path: crate::path_col(r, "path")?,
                unit_name: col(r, "unit_name")?,
                kind: PositionKind::parse(&col::<String>(r, "kind")?)
                    .map_err(|_| StoreError::Corrupt("position kind".into()))?,
                title: col(r, "title")?,
                requires: codes(&col::<String>(r, "requires")?),
                holder: None,
            });
        }
        let terms = self.terms_running_below(path, now).await?;
        for p in &mut out {
            p.holder = terms.iter().find(|t| t.position == p.id).cloned();
        }
        Ok(out)
    }

    pub async fn position(&self, id: PositionId, now: Timestamp) -> StoreResult<PositionRecord> {
        let path: String = sqlx::query_scalar(
            "SELECT u.path FROM positions p JOIN units u ON u.id = p.unit_id WHERE p.id = $1 \
             AND p.closed_at IS NULL",
        )
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("position"))?;
        let path = UnitPath::from_stored(&path)
            .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))?;
        self.positions_below(&path, now)
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(StoreError::NotFound("position"))
    }

    async fn terms_running_below(
        &self,
        path: &UnitPath,
        now: Timestamp,
    ) -> StoreResult<Vec<TermRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(
            "SELECT t.id, t.position_id, t.person_id, t.starts_at, t.ends_at, t.chosen_by, \
             pe.name FROM position_terms t JOIN positions p ON p.id = t.position_id \
             JOIN units u ON u.id = p.unit_id JOIN people pe ON pe.id = t.person_id \
             WHERE u.path >= $1 AND u.path < $2 AND t.starts_at <= $3 \
             AND (t.ends_at IS NULL OR t.ends_at > $3) ORDER BY t.id",
        )
        .bind(lo)
        .bind(hi)
        .bind(now.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| self.term_from_row(r)).collect()
    }

    fn term_from_row(&self, r: &sqlx::any::AnyRow) -> StoreResult<TermRecord> {
        let chosen: String = col(r, "chosen_by")?;
        Ok(TermRecord {
            id: TermId(col(r, "id")?),
            position: PositionId(col(r, "position_id")?),
            person: PersonId(col(r, "person_id")?),
            person_name: self.keys.open("people.name", &col::<String>(r, "name")?)?,
            starts_at: Timestamp(col(r, "starts_at")?),
            ends_at: col::<Option<i64>>(r, "ends_at")?.map(Timestamp),
            chosen_by: serde_json::from_str(&chosen)
                .map_err(|e| StoreError::Corrupt(format!("chosen_by: {e}")))?,
        })
    }

    /// Every term a person held or holds, newest first.
    pub async fn terms_of(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<(TermRecord, String, String, PositionKind)>> {
        let rows = sqlx::query(
            "SELECT t.id, t.position_id, t.person_id, t.starts_at, t.ends_at, t.chosen_by, \
             pe.name, p.title, p.kind, u.name AS unit_name FROM position_terms t \
             JOIN positions p ON p.id = t.position_id JOIN units u ON u.id = p.unit_id \
             JOIN people pe ON pe.id = t.person_id WHERE t.person_id = $1 \
             ORDER BY t.starts_at DESC, t.id DESC",
        )
        .bind(person.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    self.term_from_row(r)?,
                    col(r, "title")?,
                    col(r, "unit_name")?,
                    PositionKind::parse(&col::<String>(r, "kind")?)
                        .map_err(|_| StoreError::Corrupt("position kind".into()))?,
                ))
            })
            .collect()
    }

    /// Gives a position to a person from `starts_at` (ending the term running then), and
    /// applies the leadership rules. Returns the term and the stage reached, if they moved.
    #[expect(
        clippy::too_many_arguments,
        reason = "a term with how it was chosen, its author, time and audit entry"
    )]
    pub async fn start_term(
        &self,
        position: PositionId,
        person: PersonId,
        chosen_by: &ChosenBy,
        starts_at: Timestamp,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<(TermId, Option<Stage>)> {
        let mut tx = self.begin_write().await?;
        let lock = self.lock_rows();
        sqlx::query(
            "UPDATE position_terms SET ends_at = $1 WHERE position_id = $2 \
             AND (ends_at IS NULL OR ends_at > $1) AND starts_at <= $1",
        )
        .bind(starts_at.0)
        .bind(position.0)
        .execute(&mut *tx)
        .await?;
        let chosen = serde_json::to_string(chosen_by)
            .map_err(|e| StoreError::Corrupt(format!("chosen_by: {e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO position_terms (position_id, person_id, starts_at, chosen_by, \
             recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(position.0)
        .bind(person.0)
        .bind(starts_at.0)
        .bind(chosen)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        let moved = apply_leadership(&mut tx, lock, person, by, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok((TermId(id), moved))
    }

    /// Ends the term running in a position (the position is vacant from `at`).
    pub async fn end_term(
        &self,
        position: PositionId,
        at: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE position_terms SET ends_at = $1 WHERE position_id = $2 \
             AND (ends_at IS NULL OR ends_at > $1) AND starts_at <= $1",
        )
        .bind(at.0)
        .bind(position.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("term"));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The leadership rules of the organization rooted at `org`.
    pub async fn leadership_rules(&self, org: UnitId) -> StoreResult<Vec<LeadershipRule>> {
        let mut tx = self.read.begin().await?;
        let rules = read_leadership(&mut tx, org).await?;
        tx.commit().await?;
        Ok(rules)
    }

    /// Replaces the leadership rules.
    pub async fn set_leadership_rules(
        &self,
        org: UnitId,
        rules: &[LeadershipRule],
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM leadership_rules WHERE org_id = $1")
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        for r in rules {
            sqlx::query(
                "INSERT INTO leadership_rules (org_id, stage, module_code, needs_position) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(org.0)
            .bind(r.stage.as_str())
            .bind(r.module.clone())
            .bind(i64::from(r.needs_position))
            .execute(&mut *tx)
            .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

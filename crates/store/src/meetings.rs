//! A unit's monthly meetings (agenda, attendance, decisions with owners and due dates, the
//! follow-up list carried to the next meeting) and its solidarity projects (goal, needs,
//! volunteers, updates).

use crate::campaigns::to_u64;
use crate::{Store, StoreError, StoreResult, col};
use enquete_domain::campaign::{DecisionDraft, DecisionId, MeetingId, ProjectDraft, ProjectId};
use enquete_domain::people::{PersonId, fold_for_search};
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, Serialize)]
pub struct MeetingRecord {
    pub id: MeetingId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub held_at: Timestamp,
    pub agenda: String,
    pub notes: String,
    pub present: u64,
    pub decisions: u64,
    /// Open to the public: in the unit's public calendar.
    pub public: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub id: DecisionId,
    pub meeting: MeetingId,
    pub meeting_held_at: Timestamp,
    pub text: String,
    pub owner: String,
    pub due_at: Timestamp,
    pub done_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectRecord {
    pub id: ProjectId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub name: String,
    pub goal: String,
    pub needs: String,
    pub volunteers: u64,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectUpdate {
    pub at: Timestamp,
    pub text: String,
}

const MEETING_COLUMNS: &str = "m.id, m.unit_id, m.held_at, m.agenda, m.notes, m.public, u.path AS unit_path, \
     (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id) AS present, \
     (SELECT COUNT(*) FROM decisions d WHERE d.meeting_id = m.id) AS decided";

fn meeting_from_row(row: &AnyRow) -> StoreResult<MeetingRecord> {
    Ok(MeetingRecord {
        id: MeetingId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "unit_path")?,
        held_at: Timestamp(col(row, "held_at")?),
        agenda: col(row, "agenda")?,
        notes: col(row, "notes")?,
        present: to_u64(col(row, "present")?),
        decisions: to_u64(col(row, "decided")?),
        public: col::<i64>(row, "public")? != 0,
    })
}

const PROJECT_COLUMNS: &str = "p.id, p.unit_id, p.name, p.goal, p.needs, p.created_at, u.path AS unit_path, \
     (SELECT COUNT(*) FROM project_volunteers v WHERE v.project_id = p.id) AS volunteers";

fn project_from_row(row: &AnyRow) -> StoreResult<ProjectRecord> {
    Ok(ProjectRecord {
        id: ProjectId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "unit_path")?,
        name: col(row, "name")?,
        goal: col(row, "goal")?,
        needs: col(row, "needs")?,
        volunteers: to_u64(col(row, "volunteers")?),
        created_at: Timestamp(col(row, "created_at")?),
    })
}

impl Store {
    /// Opens a meeting to the public (its unit's public calendar shows it), or closes it.
    pub async fn set_meeting_public(&self, id: MeetingId, public: bool) -> StoreResult<()> {
        let done = sqlx::query("UPDATE meetings SET public = $1 WHERE id = $2")
            .bind(i64::from(public))
            .bind(id.0)
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        Ok(())
    }

    /// The public meetings of a unit's calendar: of the unit, above and below it, from `since`
    /// on, soonest first.
    pub async fn public_meetings(
        &self,
        path: &UnitPath,
        since: Timestamp,
    ) -> StoreResult<Vec<MeetingRecord>> {
        let (cond, params) = crate::reaching("u.path", path.as_str(), 2);
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN units u ON u.id = m.unit_id \
             WHERE m.public = 1 AND m.held_at >= $1 AND {cond} ORDER BY m.held_at, m.id LIMIT 1000"
        );
        let mut query = sqlx::query(&sql).bind(since.0);
        for p in &params {
            query = query.bind(p.as_str());
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(meeting_from_row).collect()
    }

    pub async fn create_meeting(
        &self,
        unit: UnitId,
        held_at: Timestamp,
        agenda: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<MeetingRecord> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (unit_id, held_at, agenda, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(unit.0)
        .bind(held_at.0)
        .bind(agenda)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&self.write)
        .await?;
        self.meeting(MeetingId(id)).await
    }

    pub async fn meeting(&self, id: MeetingId) -> StoreResult<MeetingRecord> {
        let row = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN units u ON u.id = m.unit_id WHERE m.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("meeting"))?;
        meeting_from_row(&row)
    }

    /// A unit's meeting history, newest first.
    pub async fn meetings_of(&self, unit: UnitId) -> StoreResult<Vec<MeetingRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN units u ON u.id = m.unit_id \
             WHERE m.unit_id = $1 ORDER BY m.held_at DESC, m.id DESC"
        ))
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(meeting_from_row).collect()
    }

    pub async fn set_meeting_notes(
        &self,
        id: MeetingId,
        agenda: &str,
        notes: &str,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE meetings SET agenda = $1, notes = $2 WHERE id = $3")
            .bind(agenda)
            .bind(notes)
            .bind(id.0)
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        Ok(())
    }

    /// Marks a person present (again: no change).
    pub async fn mark_present(&self, meeting: MeetingId, person: PersonId) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO meeting_attendance (meeting_id, person_id) VALUES ($1, $2) \
             ON CONFLICT (meeting_id, person_id) DO NOTHING",
        )
        .bind(meeting.0)
        .bind(person.0)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// People as (id, name) from rows with `id` and a sealed `name`, in alphabetical order.
    fn names_in_order(&self, rows: &[AnyRow]) -> StoreResult<Vec<(PersonId, String)>> {
        let mut out = rows
            .iter()
            .map(|r| {
                let name = self.keys.open("people.name", &col::<String>(r, "name")?)?;
                Ok((fold_for_search(&name), PersonId(col(r, "id")?), name))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        out.sort();
        Ok(out.into_iter().map(|(_, id, name)| (id, name)).collect())
    }

    /// Who was there, by name.
    pub async fn present_at(&self, meeting: MeetingId) -> StoreResult<Vec<(PersonId, String)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.name FROM meeting_attendance a JOIN people p ON p.id = a.person_id \
             WHERE a.meeting_id = $1",
        )
        .bind(meeting.0)
        .fetch_all(&self.read)
        .await?;
        self.names_in_order(&rows)
    }

    pub async fn add_decision(&self, meeting: MeetingId, d: &DecisionDraft) -> StoreResult<()> {
        let done = sqlx::query(
            "INSERT INTO decisions (meeting_id, unit_id, text, owner, due_at) \
             SELECT id, unit_id, $2, $3, $4 FROM meetings WHERE id = $1",
        )
        .bind(meeting.0)
        .bind(d.text.as_str())
        .bind(d.owner.as_str())
        .bind(d.due_at.0)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        Ok(())
    }

    /// A unit's decisions: those taken at `meeting` with `Some`, else every open one (the
    /// follow-up list for the next meeting), oldest due first.
    pub async fn decisions(
        &self,
        unit: UnitId,
        meeting: Option<MeetingId>,
    ) -> StoreResult<Vec<Decision>> {
        let rows = sqlx::query(
            "SELECT d.id, d.meeting_id, d.text, d.owner, d.due_at, d.done_at, m.held_at \
             FROM decisions d JOIN meetings m ON m.id = d.meeting_id WHERE d.unit_id = $1 \
             AND (($2 = 0 AND d.done_at IS NULL) OR d.meeting_id = $2) ORDER BY d.due_at, d.id",
        )
        .bind(unit.0)
        .bind(meeting.map_or(0, |m| m.0))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Decision {
                    id: DecisionId(col(r, "id")?),
                    meeting: MeetingId(col(r, "meeting_id")?),
                    meeting_held_at: Timestamp(col(r, "held_at")?),
                    text: col(r, "text")?,
                    owner: col(r, "owner")?,
                    due_at: Timestamp(col(r, "due_at")?),
                    done_at: col::<Option<i64>>(r, "done_at")?.map(Timestamp),
                })
            })
            .collect()
    }

    /// Marks a decision of `unit` done.
    pub async fn decision_done(
        &self,
        unit: UnitId,
        id: DecisionId,
        now: Timestamp,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE decisions SET done_at = $1 WHERE id = $2 AND unit_id = $3 AND done_at IS NULL",
        )
        .bind(now.0)
        .bind(id.0)
        .bind(unit.0)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(FieldError::new("decision", "error-no-decision").into());
        }
        Ok(())
    }

    pub async fn create_project(
        &self,
        unit: UnitId,
        draft: &ProjectDraft,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<ProjectRecord> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO solidarity_projects (unit_id, name, goal, needs, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit.0)
        .bind(draft.name.as_str())
        .bind(draft.goal.as_str())
        .bind(draft.needs.as_str())
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&self.write)
        .await?;
        self.project(ProjectId(id)).await
    }

    pub async fn project(&self, id: ProjectId) -> StoreResult<ProjectRecord> {
        let row = sqlx::query(&format!(
            "SELECT {PROJECT_COLUMNS} FROM solidarity_projects p JOIN units u ON u.id = p.unit_id WHERE p.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("solidarity project"))?;
        project_from_row(&row)
    }

    pub async fn projects_of(&self, unit: UnitId) -> StoreResult<Vec<ProjectRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {PROJECT_COLUMNS} FROM solidarity_projects p JOIN units u ON u.id = p.unit_id \
             WHERE p.unit_id = $1 ORDER BY p.created_at, p.id"
        ))
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(project_from_row).collect()
    }

    /// Changes what a project aims at and needs.
    pub async fn update_project(&self, id: ProjectId, draft: &ProjectDraft) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE solidarity_projects SET name = $1, goal = $2, needs = $3 WHERE id = $4",
        )
        .bind(draft.name.as_str())
        .bind(draft.goal.as_str())
        .bind(draft.needs.as_str())
        .bind(id.0)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("solidarity project"));
        }
        Ok(())
    }

    pub async fn add_volunteer(&self, project: ProjectId, person: PersonId) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO project_volunteers (project_id, person_id) VALUES ($1, $2) \
             ON CONFLICT (project_id, person_id) DO NOTHING",
        )
        .bind(project.0)
        .bind(person.0)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn volunteers(&self, project: ProjectId) -> StoreResult<Vec<(PersonId, String)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.name FROM project_volunteers v JOIN people p ON p.id = v.person_id \
             WHERE v.project_id = $1",
        )
        .bind(project.0)
        .fetch_all(&self.read)
        .await?;
        self.names_in_order(&rows)
    }

    pub async fn add_project_update(
        &self,
        project: ProjectId,
        text: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO project_updates (project_id, at, text, by_user) VALUES ($1, $2, $3, $4)",
        )
        .bind(project.0)
        .bind(now.0)
        .bind(text)
        .bind(by.map(|u| u.0))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A project's updates, newest first.
    pub async fn project_updates(&self, project: ProjectId) -> StoreResult<Vec<ProjectUpdate>> {
        let rows = sqlx::query(
            "SELECT at, text FROM project_updates WHERE project_id = $1 ORDER BY at DESC, id DESC",
        )
        .bind(project.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ProjectUpdate {
                    at: Timestamp(col(r, "at")?),
                    text: col(r, "text")?,
                })
            })
            .collect()
    }
}

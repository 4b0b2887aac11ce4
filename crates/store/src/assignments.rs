//! Canvassing assignments: doors for a canvasser, visits with their outcome, and progress.

use crate::{Store, StoreError, StoreResult, col};
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    org::UnitId,
    survey::{AssignmentId, DoorId, DoorOutcome, SurveyId},
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub doors: u64,
    /// Doors visited at least once.
    pub visited: u64,
    /// Doors by their latest outcome.
    pub answered: u64,
    pub not_home: u64,
    pub refused: u64,
    pub come_back: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub id: AssignmentId,
    pub unit: UnitId,
    pub survey: SurveyId,
    pub canvasser: UserId,
    pub title: String,
    pub closed: bool,
    pub progress: Progress,
}

#[derive(Debug, Clone, Serialize)]
pub struct Door {
    pub id: DoorId,
    pub address: String,
    pub last_outcome: Option<DoorOutcome>,
    pub visits: u64,
}

/// A visit as sent by a phone, already checked by the caller.
#[derive(Debug, Clone)]
pub struct NewVisit {
    pub id: String,
    pub door: DoorId,
    pub outcome: DoorOutcome,
    pub response: Option<String>,
    pub canvasser: Option<UserId>,
    pub visited_at: Timestamp,
}

impl Store {
    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is a distinct fact of the assignment, named at every call"
    )]
    pub async fn create_assignment(
        &self,
        unit: UnitId,
        survey: SurveyId,
        canvasser: UserId,
        title: &str,
        doors: &[String],
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<Assignment> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assignments (unit_id, survey_id, canvasser_id, title, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit.0)
        .bind(survey.0)
        .bind(canvasser.0)
        .bind(title)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        for (i, address) in doors.iter().enumerate() {
            sqlx::query("INSERT INTO assignment_doors (assignment_id, position, address) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(i64::try_from(i).unwrap_or(i64::MAX))
                .bind(address)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.assignment(AssignmentId(id)).await
    }

    pub async fn assignment(&self, id: AssignmentId) -> StoreResult<Assignment> {
        let row = sqlx::query("SELECT id, unit_id, survey_id, canvasser_id, title, closed_at FROM assignments WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("assignment"))?;
        let doors = self.doors(id).await?;
        Ok(Assignment {
            id,
            unit: UnitId(col(&row, "unit_id")?),
            survey: SurveyId(col(&row, "survey_id")?),
            canvasser: UserId(col(&row, "canvasser_id")?),
            title: col(&row, "title")?,
            closed: col::<Option<i64>>(&row, "closed_at")?.is_some(),
            progress: progress_of(&doors),
        })
    }

    /// Assignments of one canvasser, or of every section in a list of units, newest first.
    pub async fn assignments(
        &self,
        canvasser: Option<UserId>,
        units: &[UnitId],
    ) -> StoreResult<Vec<Assignment>> {
        let ids: Vec<i64> = match canvasser {
            Some(user) => {
                sqlx::query_scalar(
                    "SELECT id FROM assignments WHERE canvasser_id = $1 ORDER BY id DESC",
                )
                .bind(user.0)
                .fetch_all(&self.read)
                .await?
            }
            None if units.is_empty() => Vec::new(),
            None => {
                let sql = format!(
                    "SELECT id FROM assignments WHERE unit_id IN ({}) ORDER BY id DESC",
                    crate::placeholders(1, units.len())
                );
                let mut query = sqlx::query_scalar(&sql);
                for u in units {
                    query = query.bind(u.0);
                }
                query.fetch_all(&self.read).await?
            }
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.assignment(AssignmentId(id)).await?);
        }
        Ok(out)
    }

    /// The doors of an assignment in order, each with its latest outcome.
    pub async fn doors(&self, assignment: AssignmentId) -> StoreResult<Vec<Door>> {
        let rows = sqlx::query(
            "SELECT id, address FROM assignment_doors WHERE assignment_id = $1 ORDER BY position",
        )
        .bind(assignment.0)
        .fetch_all(&self.read)
        .await?;
        let visits = sqlx::query(
            "SELECT v.door_id AS door_id, v.outcome AS outcome FROM door_visits v \
             JOIN assignment_doors d ON d.id = v.door_id WHERE d.assignment_id = $1 ORDER BY v.visited_at, v.id",
        )
        .bind(assignment.0)
        .fetch_all(&self.read)
        .await?;
        let mut last: HashMap<DoorId, (DoorOutcome, u64)> = HashMap::new();
        for v in &visits {
            let outcome: String = col(v, "outcome")?;
            let outcome = DoorOutcome::parse(&outcome)
                .map_err(|_| StoreError::Corrupt(format!("outcome {outcome}")))?;
            let entry = last
                .entry(DoorId(col(v, "door_id")?))
                .or_insert((outcome, 0));
            *entry = (outcome, entry.1 + 1);
        }
        rows.iter()
            .map(|r| {
                let id = DoorId(col(r, "id")?);
                let seen = last.get(&id);
                Ok(Door {
                    id,
                    address: col(r, "address")?,
                    last_outcome: seen.map(|s| s.0),
                    visits: seen.map_or(0, |s| s.1),
                })
            })
            .collect()
    }

    /// The assignment a door belongs to.
    pub async fn door_assignment(&self, door: DoorId) -> StoreResult<Option<AssignmentId>> {
        let assignment: Option<i64> =
            sqlx::query_scalar("SELECT assignment_id FROM assignment_doors WHERE id = $1")
                .bind(door.0)
                .fetch_optional(&self.read)
                .await?;
        Ok(assignment.map(AssignmentId))
    }

    /// Stores visits idempotently by their id; returns for each whether it was new.
    pub async fn record_visits(&self, visits: &[NewVisit]) -> StoreResult<Vec<bool>> {
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(visits.len());
        for v in visits {
            let done = sqlx::query(
                "INSERT INTO door_visits (id, door_id, outcome, response_id, canvasser_id, visited_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&v.id)
            .bind(v.door.0)
            .bind(v.outcome.as_str())
            .bind(v.response.clone())
            .bind(v.canvasser.map(|u| u.0))
            .bind(v.visited_at.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::Invalid(FieldError::new("door_id", "error-no-door")),
                _ => StoreError::Database(e),
            })?;
            out.push(done.rows_affected() == 1);
        }
        tx.commit().await?;
        Ok(out)
    }
}

fn progress_of(doors: &[Door]) -> Progress {
    let mut p = Progress {
        doors: doors.len() as u64,
        ..Progress::default()
    };
    for d in doors {
        if let Some(o) = d.last_outcome {
            p.visited += 1;
            match o {
                DoorOutcome::Answered => p.answered += 1,
                DoorOutcome::NotHome => p.not_home += 1,
                DoorOutcome::Refused => p.refused += 1,
                DoorOutcome::ComeBack => p.come_back += 1,
            }
        }
    }
    p
}

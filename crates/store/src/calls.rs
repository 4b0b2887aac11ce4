//! Phone banking: call assignments (a list of people for a group of callers), the next person
//! for a caller, the outcome of each call, and progress.
//!
//! Handing out is one step per assignment: the assignment's row is locked (`FOR UPDATE` on
//! PostgreSQL; SQLite's single writer serializes anyway), then the person who has been tried
//! the fewest times, of the highest priority, whose cool-down is over and whom no other caller
//! holds, is claimed for [`CLAIM_SECONDS`]. So two callers never get the same person at the same
//! time, and everyone is called once before anyone is called twice.

use crate::{Store, StoreError, StoreResult, col};
use enquete_domain::{Timestamp, account::UserId, org::UnitId, people::PersonId, survey::SurveyId};
use serde::Serialize;

/// How long a person stays with the caller they were handed to, without an outcome.
pub const CLAIM_SECONDS: i64 = 15 * 60;

/// What came of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Reached and talked: done.
    Answered,
    /// No answer: tried again after the cool-down, up to the assignment's attempts.
    NoAnswer,
    /// Asked to be called back at a given time.
    CallBack,
    /// The number is not theirs: not called again on this assignment.
    WrongNumber,
    /// Asked never to be called: not called again, and their consent to be contacted withdrawn.
    DoNotCall,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 5] = [
        CallOutcome::Answered,
        CallOutcome::NoAnswer,
        CallOutcome::CallBack,
        CallOutcome::WrongNumber,
        CallOutcome::DoNotCall,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Answered => "answered",
            CallOutcome::NoAnswer => "no_answer",
            CallOutcome::CallBack => "call_back",
            CallOutcome::WrongNumber => "wrong_number",
            CallOutcome::DoNotCall => "do_not_call",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CallAssignmentId(pub i64);

/// Where an assignment stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallProgress {
    pub people: u64,
    /// Not called yet.
    pub not_called: u64,
    /// Waiting for another try (no answer, call back).
    pub to_retry: u64,
    pub reached: u64,
    pub wrong_number: u64,
    pub do_not_call: u64,
    /// Tried as often as the assignment allows without an answer.
    pub gave_up: u64,
    pub calls: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallAssignment {
    pub id: CallAssignmentId,
    pub unit: UnitId,
    pub name: String,
    /// What callers say and ask, as written by the organizer.
    pub script: String,
    /// The survey callers ask on the call (its answers count as answers on the phone).
    pub survey: Option<SurveyId>,
    pub cooldown_minutes: i64,
    pub max_attempts: i64,
    pub closed: bool,
    pub progress: CallProgress,
    /// The callers it is for; empty: every caller of its unit.
    pub callers: Vec<UserId>,
}

/// The person handed to a caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub person: PersonId,
    pub attempts: i64,
    pub until: Timestamp,
}

/// Calls made per caller on an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallerTally {
    pub caller: i64,
    pub calls: u64,
    pub reached: u64,
}

/// One call on a person's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    pub assignment: CallAssignmentId,
    pub caller: i64,
    pub outcome: String,
    pub note: String,
    pub called_at: Timestamp,
}

/// A new assignment, checked by the caller of the store.
#[derive(Debug, Clone)]
pub struct NewCallAssignment<'a> {
    pub unit: UnitId,
    pub name: &'a str,
    pub script: &'a str,
    pub survey: Option<SurveyId>,
    pub cooldown_minutes: i64,
    pub max_attempts: i64,
    /// The people to call with their priority (higher first).
    pub people: &'a [(PersonId, i64)],
    pub by: UserId,
}

impl Store {
    pub async fn create_call_assignment(
        &self,
        new: &NewCallAssignment<'_>,
        now: Timestamp,
    ) -> StoreResult<CallAssignment> {
        self.create_call_assignment_for(new, &[], now).await
    }

    /// Makes a call list for a group of callers (none: every caller of its unit), in one
    /// transaction with its people.
    pub async fn create_call_assignment_for(
        &self,
        new: &NewCallAssignment<'_>,
        callers: &[UserId],
        now: Timestamp,
    ) -> StoreResult<CallAssignment> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO call_assignments (unit_id, name, script, survey_id, cooldown_minutes, \
             max_attempts, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(new.unit.0)
        .bind(new.name)
        .bind(new.script)
        .bind(new.survey.map(|s| s.0))
        .bind(new.cooldown_minutes)
        .bind(new.max_attempts)
        .bind(new.by.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        for (person, priority) in new.people {
            sqlx::query(
                "INSERT INTO call_targets (assignment_id, person_id, priority, state, attempts, \
                 next_at, claimed_until) VALUES ($1, $2, $3, 'open', 0, 0, 0)",
            )
            .bind(id)
            .bind(person.0)
            .bind(*priority)
            .execute(&mut *tx)
            .await?;
        }
        for caller in callers {
            sqlx::query(
                "INSERT INTO call_callers (assignment_id, user_id) VALUES ($1, $2) \
                 ON CONFLICT (assignment_id, user_id) DO NOTHING",
            )
            .bind(id)
            .bind(caller.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.call_assignment(CallAssignmentId(id)).await
    }

    pub async fn call_assignment(&self, id: CallAssignmentId) -> StoreResult<CallAssignment> {
        let row = sqlx::query(
            "SELECT unit_id, name, script, survey_id, cooldown_minutes, max_attempts, closed_at \
             FROM call_assignments WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("call assignment"))?;
        Ok(CallAssignment {
            id,
            unit: UnitId(col(&row, "unit_id")?),
            name: col(&row, "name")?,
            script: col(&row, "script")?,
            survey: col::<Option<i64>>(&row, "survey_id")?.map(SurveyId),
            cooldown_minutes: col(&row, "cooldown_minutes")?,
            max_attempts: col(&row, "max_attempts")?,
            closed: col::<Option<i64>>(&row, "closed_at")?.is_some(),
            progress: self.call_progress(id).await?,
            callers: sqlx::query_scalar::<_, i64>(
                "SELECT user_id FROM call_callers WHERE assignment_id = $1 ORDER BY user_id",
            )
            .bind(id.0)
            .fetch_all(&self.read)
            .await?
            .into_iter()
            .map(UserId)
            .collect(),
        })
    }

    /// The assignments of the given units, newest first.
    pub async fn call_assignments(&self, units: &[UnitId]) -> StoreResult<Vec<CallAssignment>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id FROM call_assignments WHERE unit_id IN ({}) ORDER BY id DESC",
            crate::placeholders(1, units.len())
        );
        let ids: Vec<i64> = units
            .iter()
            .fold(sqlx::query_scalar(&sql), |q, u| q.bind(u.0))
            .fetch_all(&self.read)
            .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.call_assignment(CallAssignmentId(id)).await?);
        }
        Ok(out)
    }

    async fn call_progress(&self, id: CallAssignmentId) -> StoreResult<CallProgress> {
        let rows = sqlx::query(
            "SELECT state, attempts, COUNT(*) AS n FROM call_targets WHERE assignment_id = $1 \
             GROUP BY state, attempts",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        let mut p = CallProgress::default();
        for row in rows {
            let n = u64::try_from(col::<i64>(&row, "n")?).unwrap_or(0);
            let attempts: i64 = col(&row, "attempts")?;
            p.people += n;
            match col::<String>(&row, "state")?.as_str() {
                "open" if attempts == 0 => p.not_called += n,
                "open" => p.to_retry += n,
                "done" => p.reached += n,
                "wrong_number" => p.wrong_number += n,
                "do_not_call" => p.do_not_call += n,
                _ => p.gave_up += n,
            }
        }
        let calls: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM call_log WHERE assignment_id = $1")
                .bind(id.0)
                .fetch_one(&self.read)
                .await?;
        p.calls = u64::try_from(calls).unwrap_or(0);
        Ok(p)
    }

    /// The person a caller should call now: the one they already hold, or the next free one.
    /// `None` when nobody is to be called now (everyone done, held or cooling down).
    pub async fn claim_next_call(
        &self,
        id: CallAssignmentId,
        caller: UserId,
        now: Timestamp,
    ) -> StoreResult<Option<Claim>> {
        let mut tx = self.begin_write().await?;
        let open: Option<Option<i64>> = sqlx::query_scalar(&format!(
            "SELECT closed_at FROM call_assignments WHERE id = $1{}",
            self.lock_rows()
        ))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        match open {
            None => return Err(StoreError::NotFound("call assignment")),
            Some(Some(_)) => return Ok(None),
            Some(None) => {}
        }
        let until = now.0 + CLAIM_SECONDS;
        let held = sqlx::query(
            "SELECT person_id, attempts FROM call_targets WHERE assignment_id = $1 \
             AND claimed_by = $2 AND claimed_until > $3 AND state = 'open' \
             ORDER BY person_id LIMIT 1",
        )
        .bind(id.0)
        .bind(caller.0)
        .bind(now.0)
        .fetch_optional(&mut *tx)
        .await?;
        let row = match held {
            Some(row) => Some(row),
            None => {
                sqlx::query(
                    "SELECT person_id, attempts FROM call_targets WHERE assignment_id = $1 \
                     AND state = 'open' AND next_at <= $2 AND claimed_until <= $2 \
                     ORDER BY attempts, priority DESC, person_id LIMIT 1",
                )
                .bind(id.0)
                .bind(now.0)
                .fetch_optional(&mut *tx)
                .await?
            }
        };
        let Some(row) = row else {
            tx.commit().await?;
            return Ok(None);
        };
        let person: i64 = col(&row, "person_id")?;
        sqlx::query(
            "UPDATE call_targets SET claimed_by = $1, claimed_until = $2 \
             WHERE assignment_id = $3 AND person_id = $4",
        )
        .bind(caller.0)
        .bind(until)
        .bind(id.0)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(Claim {
            person: PersonId(person),
            attempts: col(&row, "attempts")?,
            until: Timestamp(until),
        }))
    }

    /// Records a call's outcome by the caller who holds the person, and frees them: done,
    /// tried again after the cool-down (or at `call_back`), or never again. `false` when the
    /// caller does not hold the person (their claim ran out and another caller has them).
    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is a distinct fact of the call, named at every call site"
    )]
    pub async fn record_call(
        &self,
        id: CallAssignmentId,
        person: PersonId,
        caller: UserId,
        outcome: CallOutcome,
        call_back: Option<Timestamp>,
        note: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let assignment = sqlx::query(&format!(
            "SELECT cooldown_minutes, max_attempts FROM call_assignments WHERE id = $1{}",
            self.lock_rows()
        ))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound("call assignment"))?;
        let target = sqlx::query(
            "SELECT attempts, claimed_by, claimed_until, state FROM call_targets \
             WHERE assignment_id = $1 AND person_id = $2",
        )
        .bind(id.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound("person on this call assignment"))?;
        let holder: Option<i64> = col(&target, "claimed_by")?;
        // A claim that ran out still counts if nobody else took the person since.
        if holder != Some(caller.0) || col::<String>(&target, "state")? != "open" {
            tx.commit().await?;
            return Ok(false);
        }
        let attempts = col::<i64>(&target, "attempts")? + 1;
        let cooldown = col::<i64>(&assignment, "cooldown_minutes")? * 60;
        let max: i64 = col(&assignment, "max_attempts")?;
        let (state, next_at) = match outcome {
            CallOutcome::Answered => ("done", now.0),
            CallOutcome::WrongNumber => ("wrong_number", now.0),
            CallOutcome::DoNotCall => ("do_not_call", now.0),
            CallOutcome::CallBack => ("open", call_back.map_or(now.0 + cooldown, |t| t.0)),
            CallOutcome::NoAnswer if attempts >= max => ("no_answer_limit", now.0),
            CallOutcome::NoAnswer => ("open", now.0 + cooldown),
        };
        sqlx::query(
            "UPDATE call_targets SET state = $1, attempts = $2, next_at = $3, claimed_by = NULL, \
             claimed_until = 0 WHERE assignment_id = $4 AND person_id = $5",
        )
        .bind(state)
        .bind(attempts)
        .bind(next_at)
        .bind(id.0)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO call_log (assignment_id, person_id, caller, outcome, note, called_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.0)
        .bind(person.0)
        .bind(caller.0)
        .bind(outcome.as_str())
        .bind(note)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Calls per caller on an assignment, most first.
    pub async fn call_tallies(&self, id: CallAssignmentId) -> StoreResult<Vec<CallerTally>> {
        let rows = sqlx::query(
            "SELECT caller, COUNT(*) AS calls, \
             SUM(CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END) AS reached \
             FROM call_log WHERE assignment_id = $1 GROUP BY caller ORDER BY calls DESC, caller",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CallerTally {
                    caller: col(r, "caller")?,
                    calls: u64::try_from(col::<i64>(r, "calls")?).unwrap_or(0),
                    reached: u64::try_from(col::<i64>(r, "reached")?).unwrap_or(0),
                })
            })
            .collect()
    }

    /// The calls made to a person, newest first.
    pub async fn calls_of(&self, person: PersonId) -> StoreResult<Vec<CallRecord>> {
        let rows = sqlx::query(
            "SELECT assignment_id, caller, outcome, note, called_at FROM call_log \
             WHERE person_id = $1 ORDER BY called_at DESC, id DESC",
        )
        .bind(person.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CallRecord {
                    assignment: CallAssignmentId(col(r, "assignment_id")?),
                    caller: col(r, "caller")?,
                    outcome: col(r, "outcome")?,
                    note: col(r, "note")?,
                    called_at: Timestamp(col(r, "called_at")?),
                })
            })
            .collect()
    }

    /// Closes an assignment: nobody is handed out any more.
    pub async fn close_call_assignment(
        &self,
        id: CallAssignmentId,
        now: Timestamp,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE call_assignments SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            self.call_assignment(id).await?;
        }
        Ok(())
    }
}

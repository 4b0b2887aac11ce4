//! Follow-ups: rules over what happens to people, the events they are due for, acting on an
//! event once (a task for the organizers of the person's unit, or a message of the rule's
//! mailing), and the tasks themselves.

use crate::audit::write_audit;
use crate::mailings::{MailingId, NewRecipient};
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::PersonId,
};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RuleId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TaskId(pub i64);

#[derive(Debug, Clone, Serialize)]
pub struct RuleRecord {
    pub id: RuleId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub name: String,
    /// `stage:<stage>` or `no_show`.
    pub trigger: String,
    pub delay_days: i64,
    /// `task` or `mail`.
    pub effect: String,
    /// Days a task is due in, after it is made.
    pub due_days: i64,
    pub mailing: Option<MailingId>,
    pub created_at: Timestamp,
    pub stopped: bool,
    /// People it acted on so far.
    pub done: u64,
}

/// A new rule, checked by the app layer.
#[derive(Debug, Clone)]
pub struct NewRule<'a> {
    pub unit: UnitId,
    pub name: &'a str,
    pub trigger: &'a str,
    pub delay_days: i64,
    pub effect: &'a str,
    pub due_days: i64,
    pub mailing: Option<MailingId>,
}

/// An event a rule is due to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEvent {
    pub person: PersonId,
    /// What happened, as a key unique for the person: `stage-change:12`, `action:4`.
    pub event: String,
    pub at: Timestamp,
}

/// What acting on an event does.
#[derive(Debug, Clone)]
pub enum Effect {
    /// A task for the organizers of the person's unit, due then.
    Task { title: String, due_at: Timestamp },
    /// A message of the rule's mailing.
    Mail(NewRecipient),
    /// Nothing (no address, no consent): the event is marked as seen all the same.
    Nothing,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskRecord {
    pub id: TaskId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub person: PersonId,
    pub title: String,
    pub due_at: Timestamp,
    pub created_at: Timestamp,
    pub done_at: Option<Timestamp>,
    pub note: String,
}

const RULE_COLUMNS: &str = "r.id, r.unit_id, u.path, r.name, r.trigger, r.delay_days, r.effect, \
     r.due_days, r.mailing_id, r.created_at, r.stopped_at, \
     (SELECT COUNT(*) FROM follow_up_done d WHERE d.rule_id = r.id) AS done";

const TASK_COLUMNS: &str = "t.id, t.unit_id, u.path, t.person_id, t.title, t.due_at, \
     t.created_at, t.done_at, t.note";

fn rule_from_row(row: &sqlx::any::AnyRow) -> StoreResult<RuleRecord> {
    Ok(RuleRecord {
        id: RuleId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "path")?,
        name: col(row, "name")?,
        trigger: col(row, "trigger")?,
        delay_days: col(row, "delay_days")?,
        effect: col(row, "effect")?,
        due_days: col(row, "due_days")?,
        mailing: col::<Option<i64>>(row, "mailing_id")?.map(MailingId),
        created_at: Timestamp(col(row, "created_at")?),
        stopped: col::<Option<i64>>(row, "stopped_at")?.is_some(),
        done: u64::try_from(col::<i64>(row, "done")?).unwrap_or(0),
    })
}

fn task_from_row(row: &sqlx::any::AnyRow) -> StoreResult<TaskRecord> {
    Ok(TaskRecord {
        id: TaskId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "path")?,
        person: PersonId(col(row, "person_id")?),
        title: col(row, "title")?,
        due_at: Timestamp(col(row, "due_at")?),
        created_at: Timestamp(col(row, "created_at")?),
        done_at: col::<Option<i64>>(row, "done_at")?.map(Timestamp),
        note: col(row, "note")?,
    })
}

impl Store {
    /// Saves a rule; a rule that sends mail takes over its mailing (a draft), which from then
    /// on is sent person by person as the rule acts.
    pub async fn create_rule(
        &self,
        rule: &NewRule<'_>,
        by: UserId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<RuleId> {
        let mut tx = self.begin_write().await?;
        if let Some(mailing) = rule.mailing {
            let done = sqlx::query(
                "UPDATE mailings SET state = 'automatic', started_at = $1 WHERE id = $2 \
                 AND state = 'draft'",
            )
            .bind(now.0)
            .bind(mailing.0)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound("draft mailing"));
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO follow_up_rules (unit_id, name, trigger, delay_days, effect, due_days, \
             mailing_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING id",
        )
        .bind(rule.unit.0)
        .bind(rule.name)
        .bind(rule.trigger)
        .bind(rule.delay_days)
        .bind(rule.effect)
        .bind(rule.due_days)
        .bind(rule.mailing.map(|m| m.0))
        .bind(by.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(RuleId(id))
    }

    pub async fn rule(&self, id: RuleId) -> StoreResult<RuleRecord> {
        let row = sqlx::query(&format!(
            "SELECT {RULE_COLUMNS} FROM follow_up_rules r JOIN units u ON u.id = r.unit_id \
             WHERE r.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("follow-up rule"))?;
        rule_from_row(&row)
    }

    /// The rules of the units at or below `path` (`active` only: not stopped), oldest first.
    pub async fn rules_below(&self, path: &UnitPath, active: bool) -> StoreResult<Vec<RuleRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let stopped = if active {
            " AND r.stopped_at IS NULL"
        } else {
            ""
        };
        sqlx::query(&format!(
            "SELECT {RULE_COLUMNS} FROM follow_up_rules r JOIN units u ON u.id = r.unit_id \
             WHERE u.path >= $1 AND u.path < $2{stopped} ORDER BY r.id"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(rule_from_row)
        .collect()
    }

    /// Stops a rule (and its mailing): it acts on nothing more.
    pub async fn stop_rule(
        &self,
        id: RuleId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE follow_up_rules SET stopped_at = $1 WHERE id = $2 AND stopped_at IS NULL",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE mailings SET state = 'cancelled', finished_at = $1 WHERE state = 'automatic' \
             AND id = (SELECT mailing_id FROM follow_up_rules WHERE id = $2)",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The events a rule has not acted on yet whose delay has passed: only those that happened
    /// after the rule was made, to people of its unit and below.
    pub async fn due_events(
        &self,
        rule: &RuleRecord,
        now: Timestamp,
    ) -> StoreResult<Vec<DueEvent>> {
        let (lo, hi) = subtree_range(rule.unit_path.as_str());
        let until = now.0 - rule.delay_days * 86_400;
        let rows = if let Some(stage) = rule.trigger.strip_prefix("stage:") {
            sqlx::query(
                "SELECT s.person_id, s.id AS event_id, s.at FROM stage_changes s \
                 JOIN people p ON p.id = s.person_id JOIN units u ON u.id = p.unit_id \
                 WHERE s.to_stage = $1 AND (s.from_stage IS NULL OR s.from_stage <> s.to_stage) \
                 AND s.at >= $2 AND s.at <= $3 \
                 AND u.path >= $4 AND u.path < $5 ORDER BY s.at, s.id",
            )
            .bind(stage)
            .bind(rule.created_at.0)
            .bind(until)
            .bind(&lo)
            .bind(&hi)
            .fetch_all(&self.read)
            .await?
        } else if rule.trigger == "no_show" {
            sqlx::query(
                "SELECT r.person_id, r.action_id AS event_id, a.starts_at AS at FROM rsvps r \
                 JOIN actions a ON a.id = r.action_id JOIN people p ON p.id = r.person_id \
                 JOIN units u ON u.id = p.unit_id \
                 WHERE r.status = 'confirmed' AND r.attended_at IS NULL AND a.cancelled_at IS NULL \
                 AND a.starts_at >= $1 AND a.starts_at <= $2 AND u.path >= $3 AND u.path < $4 \
                 ORDER BY a.starts_at, r.id",
            )
            .bind(rule.created_at.0)
            .bind(until)
            .bind(&lo)
            .bind(&hi)
            .fetch_all(&self.read)
            .await?
        } else {
            return Err(StoreError::Corrupt(format!(
                "rule trigger {}",
                rule.trigger
            )));
        };
        let kind = if rule.trigger == "no_show" {
            "action"
        } else {
            "stage-change"
        };
        let done: std::collections::HashSet<(i64, String)> =
            sqlx::query("SELECT person_id, event FROM follow_up_done WHERE rule_id = $1")
                .bind(rule.id.0)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|row| Ok((col::<i64>(row, "person_id")?, col::<String>(row, "event")?)))
                .collect::<StoreResult<_>>()?;
        // A stage rule welcomes a person once: a merge of two records (which writes a stage
        // change of its own) or a second time at the stage is not a new sympathiser.
        let once_per_person = kind == "stage-change";
        let mut welcomed: std::collections::HashSet<i64> = if once_per_person {
            done.iter().map(|(p, _)| *p).collect()
        } else {
            std::collections::HashSet::new()
        };
        let mut out = Vec::new();
        for row in &rows {
            let person: i64 = col(row, "person_id")?;
            let event = format!("{kind}:{}", col::<i64>(row, "event_id")?);
            if once_per_person && !welcomed.insert(person) {
                continue;
            }
            if !done.contains(&(person, event.clone())) {
                out.push(DueEvent {
                    person: PersonId(person),
                    event,
                    at: Timestamp(col(row, "at")?),
                });
            }
        }
        Ok(out)
    }

    /// Acts on an event: marks it done for the rule and makes its task or message, in one
    /// transaction. `false` (nothing made) when the rule had already acted on it, on this
    /// server or another.
    pub async fn act_on(
        &self,
        rule: &RuleRecord,
        event: &DueEvent,
        effect: &Effect,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let fresh = sqlx::query(
            "INSERT INTO follow_up_done (rule_id, person_id, event, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (rule_id, person_id, event) DO NOTHING",
        )
        .bind(rule.id.0)
        .bind(event.person.0)
        .bind(&event.event)
        .bind(now.0)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if !fresh {
            return Ok(false);
        }
        match effect {
            Effect::Task { title, due_at } => {
                sqlx::query(
                    "INSERT INTO tasks (unit_id, person_id, rule_id, title, due_at, created_at, note) \
                     SELECT unit_id, id, $1, $2, $3, $4, '' FROM people WHERE id = $5",
                )
                .bind(rule.id.0)
                .bind(title)
                .bind(due_at.0)
                .bind(now.0)
                .bind(event.person.0)
                .execute(&mut *tx)
                .await?;
            }
            Effect::Mail(r) => {
                let mailing = rule.mailing.ok_or(StoreError::NotFound("rule mailing"))?;
                sqlx::query(
                    "INSERT INTO mailing_recipients (mailing_id, person_id, address, language, \
                     token, state, attempts, claim, claimed_until, last_error) \
                     VALUES ($1, $2, $3, $4, $5, 'queued', 0, 0, 0, '') \
                     ON CONFLICT (mailing_id, person_id) DO NOTHING",
                )
                .bind(mailing.0)
                .bind(r.person.0)
                .bind(self.keys.seal("mailing_recipients.address", &r.address)?)
                .bind(&r.language)
                .bind(&r.token)
                .execute(&mut *tx)
                .await?;
            }
            Effect::Nothing => {}
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Open tasks of the units at or below `path`, the most overdue first.
    pub async fn open_tasks(&self, path: &UnitPath, limit: u32) -> StoreResult<Vec<TaskRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        sqlx::query(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks t JOIN units u ON u.id = t.unit_id \
             WHERE t.done_at IS NULL AND u.path >= $1 AND u.path < $2 \
             ORDER BY t.due_at, t.id LIMIT $3"
        ))
        .bind(lo)
        .bind(hi)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(task_from_row)
        .collect()
    }

    pub async fn task(&self, id: TaskId) -> StoreResult<TaskRecord> {
        let row = sqlx::query(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks t JOIN units u ON u.id = t.unit_id WHERE t.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("task"))?;
        task_from_row(&row)
    }

    /// Marks a task done with a note; `false` when it already was.
    pub async fn task_done(
        &self,
        id: TaskId,
        by: UserId,
        note: &str,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE tasks SET done_at = $1, done_by = $2, note = $3 WHERE id = $4 AND done_at IS NULL",
        )
        .bind(now.0)
        .bind(by.0)
        .bind(note)
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

    /// A person's tasks, newest first.
    pub async fn tasks_of(&self, person: PersonId) -> StoreResult<Vec<TaskRecord>> {
        sqlx::query(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks t JOIN units u ON u.id = t.unit_id \
             WHERE t.person_id = $1 ORDER BY t.id DESC"
        ))
        .bind(person.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(task_from_row)
        .collect()
    }
}

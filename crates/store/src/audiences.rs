//! Audiences: saved selections of people (segments), and the sets of people a selection can ask
//! for beyond the people list's own filters: who answered an action, who signed a petition,
//! whose linked survey answers say something, who did anything lately.
//!
//! A segment keeps its filter (as the app layer writes it), not its people: it reaches whoever
//! matches on the day it is used.

use crate::{Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::PersonId,
    survey::{Answers, SurveyId},
};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SegmentId(pub i64);

#[derive(Debug, Clone, Serialize)]
pub struct SegmentRecord {
    pub id: SegmentId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub name: String,
    /// The filter, as the app layer saved it (JSON).
    pub filter: String,
    pub created_by: UserId,
    pub created_at: Timestamp,
}

/// Which answers to an action a selection wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpFilter {
    /// Coming (confirmed).
    Coming,
    /// On the waiting list.
    Waiting,
    /// Checked in at the action.
    Attended,
    /// Confirmed but never checked in, once the action has started.
    NoShow,
}

impl Store {
    pub async fn create_segment(
        &self,
        unit: UnitId,
        name: &str,
        filter: &str,
        by: UserId,
        now: Timestamp,
    ) -> StoreResult<SegmentId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO segments (unit_id, name, filter, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(unit.0)
        .bind(name)
        .bind(filter)
        .bind(by.0)
        .bind(now.0)
        .fetch_one(&self.write)
        .await?;
        Ok(SegmentId(id))
    }

    pub async fn segment(&self, id: SegmentId) -> StoreResult<SegmentRecord> {
        let rows = self.segments_where("s.id = $1", Some(id.0), None).await?;
        rows.into_iter()
            .next()
            .ok_or(StoreError::NotFound("audience"))
    }

    /// The segments of the units at or below `path`, by name.
    pub async fn segments_below(&self, path: &UnitPath) -> StoreResult<Vec<SegmentRecord>> {
        self.segments_where("u.path >= $1 AND u.path < $2", None, Some(path))
            .await
    }

    async fn segments_where(
        &self,
        condition: &str,
        id: Option<i64>,
        path: Option<&UnitPath>,
    ) -> StoreResult<Vec<SegmentRecord>> {
        let sql = format!(
            "SELECT s.id, s.unit_id, u.path, s.name, s.filter, s.created_by, s.created_at \
             FROM segments s JOIN units u ON u.id = s.unit_id WHERE {condition} ORDER BY s.name, s.id"
        );
        let mut query = sqlx::query(&sql);
        if let Some(id) = id {
            query = query.bind(id);
        }
        if let Some(path) = path {
            let (lo, hi) = subtree_range(path.as_str());
            query = query.bind(lo).bind(hi);
        }
        query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| {
                Ok(SegmentRecord {
                    id: SegmentId(col(row, "id")?),
                    unit: UnitId(col(row, "unit_id")?),
                    unit_path: crate::path_col(row, "path")?,
                    name: col(row, "name")?,
                    filter: col(row, "filter")?,
                    created_by: UserId(col(row, "created_by")?),
                    created_at: Timestamp(col(row, "created_at")?),
                })
            })
            .collect()
    }

    /// Deletes a segment no mailing uses; `false` when one does (it stays).
    pub async fn delete_segment(&self, id: SegmentId) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mailings WHERE segment_id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
        if used > 0 {
            return Ok(false);
        }
        let done = sqlx::query("DELETE FROM segments WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("audience"));
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The people whose answer to an action is of the given kind.
    pub async fn rsvp_people(
        &self,
        action: enquete_domain::campaign::ActionId,
        filter: RsvpFilter,
        now: Timestamp,
    ) -> StoreResult<HashSet<PersonId>> {
        let base = "SELECT r.person_id FROM rsvps r JOIN actions a ON a.id = r.action_id \
                    WHERE r.action_id = $1 AND ";
        let query = match filter {
            RsvpFilter::Coming => format!("{base}r.status = 'confirmed'"),
            RsvpFilter::Waiting => format!("{base}r.status = 'waiting'"),
            RsvpFilter::Attended => format!("{base}r.attended_at IS NOT NULL"),
            RsvpFilter::NoShow => format!(
                "{base}r.status = 'confirmed' AND r.attended_at IS NULL AND a.starts_at <= $2"
            ),
        };
        let mut q = sqlx::query(&query).bind(action.0);
        if filter == RsvpFilter::NoShow {
            q = q.bind(now.0);
        }
        self.person_set(q).await
    }

    /// The people linked to a signature of a petition.
    pub async fn petition_signers(
        &self,
        petition: enquete_domain::campaign::PetitionId,
    ) -> StoreResult<HashSet<PersonId>> {
        self.person_set(
            sqlx::query(
                "SELECT person_id FROM signatures WHERE petition_id = $1 AND person_id IS NOT NULL",
            )
            .bind(petition.0),
        )
        .await
    }

    /// The answers of the responses to a survey that are linked to a person, with the person.
    pub async fn linked_answers(&self, survey: SurveyId) -> StoreResult<Vec<(PersonId, Answers)>> {
        sqlx::query(
            "SELECT person_id, answers FROM responses WHERE survey_id = $1 \
             AND person_id IS NOT NULL ORDER BY person_id",
        )
        .bind(survey.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|row| {
            let sealed: String = col(row, "answers")?;
            let answers = self.keys.open_cow("responses.answers", &sealed)?;
            let answers = serde_json::from_str(&answers)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
            Ok((PersonId(col(row, "person_id")?), answers))
        })
        .collect()
    }

    /// Of these people, those with anything on record since `since`: their record changed, an
    /// answer to an action, a signature, a response, a call.
    pub async fn active_since(
        &self,
        ids: &[PersonId],
        since: Timestamp,
    ) -> StoreResult<HashSet<PersonId>> {
        let mut out = HashSet::new();
        for chunk in ids.chunks(500) {
            let list = placeholders(2, chunk.len());
            let sql = format!(
                "SELECT id AS person_id FROM people WHERE updated_at >= $1 AND id IN ({list}) \
                 UNION SELECT person_id FROM rsvps WHERE created_at >= $1 AND person_id IN ({list}) \
                 UNION SELECT person_id FROM signatures WHERE signed_at >= $1 AND person_id IN ({list}) \
                 UNION SELECT person_id FROM responses WHERE collected_at >= $1 AND person_id IN ({list}) \
                 UNION SELECT person_id FROM call_log WHERE called_at >= $1 AND person_id IN ({list})"
            );
            let query = chunk
                .iter()
                .fold(sqlx::query(&sql).bind(since.0), |q, id| q.bind(id.0));
            out.extend(self.person_set(query).await?);
        }
        Ok(out)
    }

    /// Of these people, those whose e-mail address is marked as bouncing.
    pub async fn bouncing(&self, ids: &[PersonId]) -> StoreResult<HashSet<PersonId>> {
        let mut out = HashSet::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id AS person_id FROM people WHERE email_bounced_at IS NOT NULL AND id IN ({})",
                placeholders(1, chunk.len())
            );
            let query = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(id.0));
            out.extend(self.person_set(query).await?);
        }
        Ok(out)
    }

    async fn person_set<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> StoreResult<HashSet<PersonId>> {
        query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| Ok(PersonId(col(row, "person_id")?)))
            .collect()
    }
}

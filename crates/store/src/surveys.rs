//! Surveys with immutable published versions, and responses stored idempotently by their
//! client-made id.

use crate::people::insert_person;
use crate::{Store, StoreError, StoreResult, col};
use enquete_domain::audit::AuditAction;
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::UnitId,
    people::{NewConsent, PersonDetails, PersonId},
    survey::{Answers, Channel, SurveyDefinition, SurveyId},
};
use serde::Serialize;
use sqlx::any::AnyRow;
use std::collections::HashSet;

/// One published version of a survey.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyRecord {
    pub id: SurveyId,
    pub version: i64,
    pub title: String,
    pub definition: SurveyDefinition,
    pub published_at: Timestamp,
}

/// Who to contact again, given only with the respondent's consent.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub details: PersonDetails,
    pub consent: NewConsent,
}

/// A response checked by the caller against its survey version and the collector's rights.
#[derive(Debug, Clone)]
pub struct NewResponse {
    /// The client-made id (a UUID), lower-case.
    pub id: String,
    pub survey: SurveyId,
    pub version: i64,
    pub unit: UnitId,
    pub channel: Channel,
    pub collector: Option<UserId>,
    pub collected_at: Timestamp,
    pub answers: Answers,
    pub contact: Option<NewContact>,
    /// Where it came from (the sender's address), for the audit log.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestOutcome {
    /// Stored now.
    Accepted,
    /// Already stored by an earlier send; nothing changed.
    Duplicate,
}

/// A stored response, as read back.
#[derive(Debug, Clone, Serialize)]
pub struct StoredResponse {
    pub id: String,
    pub survey: SurveyId,
    pub version: i64,
    pub unit: UnitId,
    pub channel: String,
    pub collector: Option<UserId>,
    pub collected_at: Timestamp,
    pub answers: Answers,
    pub person: Option<PersonId>,
}

fn survey_from_row(row: &AnyRow) -> StoreResult<SurveyRecord> {
    let definition: String = col(row, "definition")?;
    Ok(SurveyRecord {
        id: SurveyId(col(row, "survey_id")?),
        version: col(row, "version")?,
        title: col(row, "title")?,
        definition: serde_json::from_str(&definition)
            .map_err(|e| StoreError::Corrupt(format!("survey definition: {e}")))?,
        published_at: Timestamp(col(row, "published_at")?),
    })
}

const VERSION_COLUMNS: &str = "survey_id, version, title, definition, published_at";

/// Rows per INSERT when storing a batch of responses.
const RESPONSE_CHUNK: usize = 200;

/// Stores checked responses inside a transaction; see [`Store::ingest_responses`].
pub(crate) async fn ingest_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    keys: &crate::crypto::Keyring,
    batch: &[NewResponse],
    now: Timestamp,
) -> StoreResult<Vec<IngestOutcome>> {
    let mut inserted: HashSet<String> = HashSet::new();
    // Each survey in the batch moves to its next generation (in survey order, so two batches
    // never wait on each other crosswise); on PostgreSQL the row lock this takes also orders the
    // commits, so a reader that sees generation g sees every response up to g.
    let mut generations = std::collections::BTreeMap::new();
    for r in batch {
        generations.insert(r.survey.0, 0_i64);
    }
    for (survey, generation) in generations.iter_mut() {
        *generation = sqlx::query_scalar(
            "UPDATE surveys SET generation = generation + 1 WHERE id = $1 RETURNING generation",
        )
        .bind(*survey)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("survey"))?;
    }
    for chunk in batch.chunks(RESPONSE_CHUNK) {
        let mut sql = String::from(
            "INSERT INTO responses (id, survey_id, version, unit_id, channel, collector_id, \
             collected_at, received_at, answers, generation) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("({})", crate::placeholders(i * 10 + 1, 10)));
        }
        sql.push_str(" ON CONFLICT (id) DO NOTHING RETURNING id");
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for r in chunk {
            let answers = serde_json::to_string(&r.answers)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
            // Answers tied to a person (the respondent agreed to be contacted) are sealed.
            let answers = if r.contact.is_some() {
                keys.seal("responses.answers", &answers)?
            } else {
                answers
            };
            query = query
                .bind(r.id.clone())
                .bind(r.survey.0)
                .bind(r.version)
                .bind(r.unit.0)
                .bind(r.channel.as_str())
                .bind(r.collector.map(|u| u.0))
                .bind(r.collected_at.0)
                .bind(now.0)
                .bind(answers)
                .bind(generations.get(&r.survey.0).copied().unwrap_or(0));
        }
        inserted.extend(query.fetch_all(&mut **tx).await?);
    }
    // In the order sent: the first copy of an id that was stored now is accepted (and only it
    // creates a contact), every other copy is a duplicate.
    let mut outcomes = Vec::with_capacity(batch.len());
    for r in batch {
        if !inserted.remove(&r.id) {
            outcomes.push(IngestOutcome::Duplicate);
            continue;
        }
        outcomes.push(IngestOutcome::Accepted);
        let Some(contact) = &r.contact else { continue };
        let person = insert_person(
            tx,
            keys,
            r.unit,
            &contact.details,
            std::slice::from_ref(&contact.consent),
            r.collector,
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Invalid(f) => StoreError::Invalid(f.arg("response", &r.id)),
            e => e,
        })?;
        sqlx::query("UPDATE responses SET person_id = $1 WHERE id = $2")
            .bind(person.0)
            .bind(&r.id)
            .execute(&mut **tx)
            .await?;
        // A person created from a response is audited like one added by hand.
        crate::audit::write_audit(
            tx,
            &crate::AuditEvent {
                at: now,
                user: r.collector,
                action: AuditAction::CreateFromResponse,
                person: Some(person),
                detail: format!("{} response {}", r.channel.as_str(), r.id),
                ip: r.origin.clone(),
            },
        )
        .await?;
    }
    Ok(outcomes)
}

impl Store {
    /// Publishes a definition: a new survey for a new `form_id`, else a new version of the
    /// survey with that code. Publishing the same definition as the latest version again
    /// changes nothing and returns that version.
    pub async fn publish_survey(
        &self,
        definition: &SurveyDefinition,
        by: Option<UserId>,
        owner: Option<UnitId>,
        now: Timestamp,
    ) -> StoreResult<SurveyRecord> {
        definition.validate()?;
        let json = serde_json::to_string(definition)
            .map_err(|e| StoreError::Corrupt(format!("survey definition: {e}")))?;
        let mut tx = self.begin_write().await?;
        let existing: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM surveys WHERE form_id = $1{}",
            self.lock_rows()
        ))
        .bind(&definition.form_id)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match existing {
            Some(id) => id,
            None => {
                sqlx::query_scalar(
                    "INSERT INTO surveys (form_id, created_at, owner_unit_id) VALUES ($1, $2, $3) RETURNING id",
                )
                .bind(&definition.form_id)
                .bind(now.0)
                .bind(owner.map(|u| u.0))
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let latest = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM survey_versions WHERE survey_id = $1 ORDER BY version DESC LIMIT 1"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = &latest {
            let record = survey_from_row(row)?;
            if &record.definition == definition {
                tx.commit().await?;
                return Ok(record);
            }
        }
        let version = match &latest {
            Some(row) => col::<i64>(row, "version")? + 1,
            None => 1,
        };
        let title = definition
            .title
            .get(enquete_domain::people::Language::En)
            .to_owned();
        sqlx::query(
            "INSERT INTO survey_versions (survey_id, version, title, definition, published_at, published_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(version)
        .bind(&title)
        .bind(&json)
        .bind(now.0)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SurveyRecord {
            id: SurveyId(id),
            version,
            title,
            definition: definition.clone(),
            published_at: now,
        })
    }

    /// The latest version of a survey.
    pub async fn survey(&self, id: SurveyId) -> StoreResult<SurveyRecord> {
        let row = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM survey_versions WHERE survey_id = $1 ORDER BY version DESC LIMIT 1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("survey"))?;
        survey_from_row(&row)
    }

    /// One exact version of a survey.
    pub async fn survey_version(&self, id: SurveyId, version: i64) -> StoreResult<SurveyRecord> {
        let row = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM survey_versions WHERE survey_id = $1 AND version = $2"
        ))
        .bind(id.0)
        .bind(version)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("survey version"))?;
        survey_from_row(&row)
    }

    /// The latest version of every survey, newest survey first.
    pub async fn surveys(&self) -> StoreResult<Vec<SurveyRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM survey_versions v WHERE version = \
             (SELECT MAX(version) FROM survey_versions w WHERE w.survey_id = v.survey_id) ORDER BY survey_id DESC"
        ))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(survey_from_row).collect()
    }

    /// Stores a batch of checked responses in one transaction. A response whose id is already
    /// stored (an earlier send of the same batch, or an overlapping one running at the same
    /// time) is reported as a duplicate and left as it is. For new responses with a contact,
    /// the person is created and linked in the same transaction.
    pub async fn ingest_responses(
        &self,
        batch: &[NewResponse],
        now: Timestamp,
    ) -> StoreResult<Vec<IngestOutcome>> {
        let mut tx = self.begin_write().await?;
        let outcomes = ingest_in(&mut tx, &self.keys, batch, now).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    /// For an existing survey (by its code): the unit whose organizers may change it, `None`
    /// for a national survey. `Ok(None)` when there is no survey with that code.
    pub async fn survey_owner(&self, form_id: &str) -> StoreResult<Option<Option<UnitId>>> {
        let row = sqlx::query("SELECT owner_unit_id FROM surveys WHERE form_id = $1")
            .bind(form_id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| col::<Option<i64>>(&r, "owner_unit_id").map(|o| o.map(UnitId)))
            .transpose()
    }

    /// Who collected a response, if it is stored (`Some(None)`: stored, collected online).
    pub async fn response_collector(&self, id: &str) -> StoreResult<Option<Option<UserId>>> {
        let row = sqlx::query("SELECT collector_id FROM responses WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| col::<Option<i64>>(&r, "collector_id").map(|c| c.map(UserId)))
            .transpose()
    }

    /// How many responses a survey has.
    pub async fn count_responses(&self, survey: SurveyId) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE survey_id = $1")
            .bind(survey.0)
            .fetch_one(&self.read)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Responses of a survey in the order they were collected (for exports and checks).
    pub async fn responses(
        &self,
        survey: SurveyId,
        limit: u32,
    ) -> StoreResult<Vec<StoredResponse>> {
        let rows = sqlx::query(
            "SELECT id, survey_id, version, unit_id, channel, collector_id, collected_at, answers, person_id \
             FROM responses WHERE survey_id = $1 ORDER BY collected_at, id LIMIT $2",
        )
        .bind(survey.0)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let answers: String = col(row, "answers")?;
                let answers = self.keys.open_cow("responses.answers", &answers)?;
                Ok(StoredResponse {
                    id: col(row, "id")?,
                    survey: SurveyId(col(row, "survey_id")?),
                    version: col(row, "version")?,
                    unit: UnitId(col(row, "unit_id")?),
                    channel: col(row, "channel")?,
                    collector: col::<Option<i64>>(row, "collector_id")?.map(UserId),
                    collected_at: Timestamp(col(row, "collected_at")?),
                    answers: serde_json::from_str(&answers)
                        .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?,
                    person: col::<Option<i64>>(row, "person_id")?.map(PersonId),
                })
            })
            .collect()
    }
}

impl Store {
    /// Saves a survey being written (not checked as a whole until it is published). `owner` is
    /// the unit the draft belongs to (`None`: the root unit); it and the account that started
    /// the draft are kept from the first save, later saves change only the definition.
    pub async fn save_draft(
        &self,
        draft: &SurveyDefinition,
        by: Option<UserId>,
        owner: Option<UnitId>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let json =
            serde_json::to_string(draft).map_err(|e| StoreError::Corrupt(format!("draft: {e}")))?;
        sqlx::query(
            "INSERT INTO survey_drafts (form_id, definition, updated_at, updated_by, owner_unit_id, started_by) \
             VALUES ($1, $2, $3, $4, $5, $4) \
             ON CONFLICT (form_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(&draft.form_id)
        .bind(json)
        .bind(now.0)
        .bind(by.map(|u| u.0))
        .bind(owner.map(|u| u.0))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The unit a draft belongs to, if the draft exists (`Some(None)`: the root unit's, as are
    /// drafts saved before drafts had owners).
    pub async fn draft_owner(&self, form_id: &str) -> StoreResult<Option<Option<UnitId>>> {
        let row = sqlx::query("SELECT owner_unit_id FROM survey_drafts WHERE form_id = $1")
            .bind(form_id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| col::<Option<i64>>(&r, "owner_unit_id").map(|o| o.map(UnitId)))
            .transpose()
    }

    pub async fn draft(&self, form_id: &str) -> StoreResult<Option<SurveyDefinition>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT definition FROM survey_drafts WHERE form_id = $1")
                .bind(form_id)
                .fetch_optional(&self.read)
                .await?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("draft: {e}")))
        })
        .transpose()
    }

    /// The form ids of the drafts, by name.
    pub async fn drafts(&self) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT form_id FROM survey_drafts ORDER BY form_id")
                .fetch_all(&self.read)
                .await?,
        )
    }

    /// Publishes a draft and removes it, in that order; the draft stays if publishing fails.
    pub async fn publish_draft(
        &self,
        form_id: &str,
        by: Option<UserId>,
        owner: Option<UnitId>,
        now: Timestamp,
    ) -> StoreResult<SurveyRecord> {
        let draft = self
            .draft(form_id)
            .await?
            .ok_or(StoreError::NotFound("draft"))?;
        let published = self.publish_survey(&draft, by, owner, now).await?;
        sqlx::query("DELETE FROM survey_drafts WHERE form_id = $1")
            .bind(form_id)
            .execute(&self.write)
            .await?;
        Ok(published)
    }
}

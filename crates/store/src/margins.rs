//! Population margins (for weighting) and the incremental reading of a survey's responses that
//! keeps results held in memory up to date.

use crate::{Store, StoreError, StoreResult, col};
use enquete_domain::audit::AuditAction;
use enquete_domain::{FieldError, Timestamp, account::UserId, org::UnitId, survey::SurveyId};
use serde::Serialize;
use std::collections::BTreeSet;

/// The population of a unit in one category of a demographic variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationMargin {
    pub unit: UnitId,
    pub variable: String,
    pub category: String,
    pub population: f64,
}

/// What decides whether results held in memory are still current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultsVersion {
    /// The survey's generation: it grows with every stored batch of responses.
    pub responses: i64,
    /// The latest import of population margins (0 when there are none).
    pub margins: i64,
    /// The survey's latest published version.
    pub definition: i64,
    /// Grows when stored responses are rewritten (a person erased): read them all again.
    pub rewritten: i64,
}

impl Store {
    /// Replaces the margins of every (unit, variable) named in `rows` by the rows given, in one
    /// transaction with an audit entry. Returns how many rows were stored.
    pub async fn import_margins(
        &self,
        rows: &[PopulationMargin],
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<usize> {
        let mut seen = BTreeSet::new();
        for (i, r) in rows.iter().enumerate() {
            if !(r.population.is_finite() && r.population > 0.0) {
                return Err(StoreError::Invalid(
                    FieldError::new("population", "error-margin-population").arg("row", i + 1),
                ));
            }
            if !seen.insert((r.unit, r.variable.as_str(), r.category.as_str())) {
                return Err(StoreError::Invalid(
                    FieldError::new("category", "error-margin-twice")
                        .arg("row", i + 1)
                        .arg("variable", &r.variable)
                        .arg("category", &r.category),
                ));
            }
        }
        let mut tx = self.begin_write().await?;
        let import: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(import_id), 0) + 1 FROM population_margins")
                .fetch_one(&mut *tx)
                .await?;
        let pairs: BTreeSet<(i64, &str)> = rows
            .iter()
            .map(|r| (r.unit.0, r.variable.as_str()))
            .collect();
        for (unit, variable) in &pairs {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
                .bind(*unit)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::Invalid(
                    FieldError::new("unit", "error-no-unit-number").arg("unit", unit),
                ));
            }
            sqlx::query("DELETE FROM population_margins WHERE unit_id = $1 AND variable = $2")
                .bind(*unit)
                .bind(*variable)
                .execute(&mut *tx)
                .await?;
        }
        for r in rows {
            sqlx::query(
                "INSERT INTO population_margins (unit_id, variable, category, population, import_id) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(r.unit.0)
            .bind(&r.variable)
            .bind(&r.category)
            .bind(r.population)
            .bind(import)
            .execute(&mut *tx)
            .await?;
        }
        crate::audit::write_audit(
            &mut tx,
            &crate::AuditEvent {
                at: now,
                user: by,
                action: AuditAction::ImportMargins,
                person: None,
                detail: format!(
                    "{} population figures for {} unit(s)",
                    rows.len(),
                    pairs.iter().map(|p| p.0).collect::<BTreeSet<_>>().len()
                ),
                ip: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Every population margin, by unit, variable and category.
    pub async fn margins(&self) -> StoreResult<Vec<PopulationMargin>> {
        let rows = sqlx::query(
            "SELECT unit_id, variable, category, population FROM population_margins \
             ORDER BY unit_id, variable, category",
        )
        .fetch_all(&self.read)
        .await?;
        margins_from(&rows)
    }

    /// The population margins of one unit, by variable and category.
    pub async fn margins_of(&self, unit: UnitId) -> StoreResult<Vec<PopulationMargin>> {
        let rows = sqlx::query(
            "SELECT unit_id, variable, category, population FROM population_margins \
             WHERE unit_id = $1 ORDER BY variable, category",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        margins_from(&rows)
    }

    /// The version of a survey's results: see [`ResultsVersion`].
    pub async fn results_version(&self, survey: SurveyId) -> StoreResult<ResultsVersion> {
        let row = sqlx::query(
            "SELECT generation, rewritten, (SELECT COALESCE(MAX(import_id), 0) FROM population_margins) AS margins, \
             (SELECT MAX(version) FROM survey_versions v WHERE v.survey_id = s.id) AS definition \
             FROM surveys s WHERE id = $1",
        )
        .bind(survey.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("survey"))?;
        Ok(ResultsVersion {
            responses: col(&row, "generation")?,
            margins: col(&row, "margins")?,
            definition: col(&row, "definition")?,
            rewritten: col(&row, "rewritten")?,
        })
    }

    /// The responses stored after generation `after` up to `upto`, handed over one by one as
    /// (id, section, answers as stored JSON) while they are read, so a million responses never
    /// sit in memory at once. An error from `each` stops the reading and is returned.
    pub async fn each_raw_answer_between(
        &self,
        survey: SurveyId,
        after: i64,
        upto: i64,
        mut each: impl FnMut(&str, UnitId, &str) -> Result<(), String>,
    ) -> StoreResult<()> {
        use futures_util::TryStreamExt;
        let mut rows = sqlx::query(
            "SELECT id, unit_id, answers FROM responses \
             WHERE survey_id = $1 AND generation > $2 AND generation <= $3 ORDER BY generation, id",
        )
        .bind(survey.0)
        .bind(after)
        .bind(upto)
        .fetch(&self.read);
        while let Some(row) = rows.try_next().await? {
            let id: String = col(&row, "id")?;
            let answers: String = col(&row, "answers")?;
            let answers = self.keys.open_cow("responses.answers", &answers)?;
            each(&id, UnitId(col(&row, "unit_id")?), &answers).map_err(StoreError::Corrupt)?;
        }
        Ok(())
    }
}

impl Store {
    /// The lexicon organizers saved for a survey question, if any.
    pub async fn theme_lexicon(
        &self,
        survey: SurveyId,
        question: &str,
    ) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT lexicon FROM theme_lexicons WHERE survey_id = $1 AND question = $2",
        )
        .bind(survey.0)
        .bind(question)
        .fetch_optional(&self.read)
        .await?)
    }

    /// Saves the lexicon of a survey question, with an audit entry saying what changed.
    pub async fn save_theme_lexicon(
        &self,
        survey: SurveyId,
        question: &str,
        lexicon: &str,
        by: Option<UserId>,
        what: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM surveys WHERE id = $1")
            .bind(survey.0)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound("survey"));
        }
        sqlx::query(
            "INSERT INTO theme_lexicons (survey_id, question, lexicon, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (survey_id, question) DO UPDATE SET \
             lexicon = excluded.lexicon, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(survey.0)
        .bind(question)
        .bind(lexicon)
        .bind(now.0)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        crate::audit::write_audit(
            &mut tx,
            &crate::AuditEvent {
                at: now,
                user: by,
                action: AuditAction::EditThemes,
                person: None,
                detail: format!("survey {} question {question}: {what}", survey.0),
                ip: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The themes answers of a survey question were given in a unit's themes: (response id,
    /// theme).
    pub async fn theme_assignments(
        &self,
        survey: SurveyId,
        question: &str,
        unit: UnitId,
    ) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT response_id, theme FROM theme_assignments \
             WHERE survey_id = $1 AND question = $2 AND unit_id = $3 ORDER BY response_id",
        )
        .bind(survey.0)
        .bind(question)
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?)
    }

    /// Records the themes answers were given in a unit's themes, for the answers that have none
    /// there yet (an answer keeps the first theme it was given). Answers of unknown responses
    /// are refused, with nothing written.
    pub async fn keep_theme_assignments(
        &self,
        survey: SurveyId,
        question: &str,
        unit: UnitId,
        given: &[(String, String)],
    ) -> StoreResult<()> {
        if given.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for chunk in given.chunks(150) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 5;
                    format!(
                        "(${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO theme_assignments (survey_id, question, unit_id, response_id, theme) \
                 VALUES {} ON CONFLICT (survey_id, question, unit_id, response_id) DO NOTHING",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (response, theme) in chunk {
                q = q
                    .bind(survey.0)
                    .bind(question)
                    .bind(unit.0)
                    .bind(response.as_str())
                    .bind(theme.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives the answers of theme `from` the theme `to` (a rename or a merge), or lets them be
    /// sorted again (`to` none: a split), in the themes of every unit.
    pub async fn move_theme_assignments(
        &self,
        survey: SurveyId,
        question: &str,
        from: &str,
        to: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        match to {
            Some(to) => {
                sqlx::query(
                    "UPDATE theme_assignments SET theme = $1 \
                     WHERE survey_id = $2 AND question = $3 AND theme = $4",
                )
                .bind(to)
                .bind(survey.0)
                .bind(question)
                .bind(from)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM theme_assignments \
                     WHERE survey_id = $1 AND question = $2 AND theme = $3",
                )
                .bind(survey.0)
                .bind(question)
                .bind(from)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Lets every answer of a survey question be sorted again (a new lexicon was saved).
    pub async fn forget_theme_assignments(
        &self,
        survey: SurveyId,
        question: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM theme_assignments WHERE survey_id = $1 AND question = $2")
            .bind(survey.0)
            .bind(question)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn margins_from(rows: &[sqlx::any::AnyRow]) -> StoreResult<Vec<PopulationMargin>> {
    rows.iter()
        .map(|r| {
            Ok(PopulationMargin {
                unit: UnitId(col(r, "unit_id")?),
                variable: col(r, "variable")?,
                category: col(r, "category")?,
                population: col(r, "population")?,
            })
        })
        .collect()
}

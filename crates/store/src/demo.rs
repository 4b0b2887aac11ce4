//! Loading the demo country fast: multi-row inserts in large transactions, with explicit ids.

use crate::{Backend, Store, StoreError, StoreResult};
use enquete_domain::{FieldError, Timestamp, demo::Country, people::Language};
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Transaction};

/// How far the load has come, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct DemoProgress {
    pub people_done: u64,
    pub people_total: u64,
}

/// Rows per INSERT statement; keeps parameters under SQLite's and PostgreSQL's limits.
const CHUNK: usize = 400;

/// One multi-row INSERT being built: `INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)`.
struct BulkInsert {
    head: String,
    columns: usize,
    rows: Vec<String>,
    args: AnyArguments<'static>,
    next: usize,
}

impl BulkInsert {
    fn new(table: &str, columns: &[&str]) -> Self {
        Self {
            head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
            columns: columns.len(),
            rows: Vec::new(),
            args: AnyArguments::default(),
            next: 1,
        }
    }

    fn bind<T>(&mut self, value: T) -> StoreResult<()>
    where
        T: 'static + Send + sqlx::Encode<'static, Any> + sqlx::Type<Any>,
    {
        self.args
            .add(value)
            .map_err(|e| StoreError::Corrupt(format!("cannot encode a demo value: {e}")))
    }

    fn end_row(&mut self) {
        self.rows.push(format!(
            "({})",
            crate::placeholders(self.next, self.columns)
        ));
        self.next += self.columns;
    }

    async fn flush(&mut self, tx: &mut Transaction<'_, Any>) -> StoreResult<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let sql = format!("{}{}", self.head, self.rows.join(", "));
        let args = std::mem::take(&mut self.args);
        sqlx::query_with(&sql, args).execute(&mut **tx).await?;
        self.rows.clear();
        self.next = 1;
        Ok(())
    }
}

async fn next_id(tx: &mut Transaction<'_, Any>, table: &str) -> StoreResult<i64> {
    let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(&mut **tx)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

impl Store {
    /// Loads a demo country into an empty database. `password_hashes` matches `country.accounts`.
    pub async fn load_demo(
        &self,
        country: &Country,
        password_hashes: &[String],
        now: Timestamp,
        mut progress: impl FnMut(DemoProgress),
    ) -> StoreResult<()> {
        if self.root_unit().await?.is_some() {
            return Err(FieldError::new("database", "error-database-not-empty").into());
        }
        let mut tx = self.begin_write().await?;
        // Units: ids in tree order, so a parent's id and path are known before its children.
        let first_unit = next_id(&mut tx, "units").await?;
        let mut paths: Vec<String> = Vec::with_capacity(country.units.len());
        let mut units = BulkInsert::new(
            "units",
            &["id", "parent_id", "kind", "name", "path", "created_at"],
        );
        for (i, unit) in country.units.iter().enumerate() {
            let id = first_unit + i64::try_from(i).unwrap_or(0);
            let parent_path = unit
                .parent
                .and_then(|p| paths.get(p))
                .cloned()
                .unwrap_or_else(|| "/".into());
            let path = format!("{parent_path}{id}/");
            units.bind(id)?;
            units.bind(
                unit.parent
                    .map(|p| first_unit + i64::try_from(p).unwrap_or(0)),
            )?;
            units.bind(unit.kind.as_str())?;
            units.bind(unit.name.clone())?;
            units.bind(path.clone())?;
            units.bind(now.0)?;
            units.end_row();
            paths.push(path);
            if units.rows.len() >= CHUNK {
                units.flush(&mut tx).await?;
            }
        }
        units.flush(&mut tx).await?;
        let unit_id = |index: usize| first_unit + i64::try_from(index).unwrap_or(0);
        for (i, unit) in country.units.iter().enumerate() {
            if unit.parent.is_none() {
                crate::organizations::register(
                    &mut tx,
                    enquete_domain::org::UnitId(unit_id(i)),
                    None,
                    now,
                )
                .await?;
            }
        }

        let first_user = next_id(&mut tx, "users").await?;
        for (i, (account, hash)) in country.accounts.iter().zip(password_hashes).enumerate() {
            sqlx::query(
                "INSERT INTO users (id, email, display_name, password_hash, role, unit_id, language, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(first_user + i64::try_from(i).unwrap_or(0))
            .bind(account.email.clone())
            .bind(account.display_name.clone())
            .bind(hash.clone())
            .bind(account.role.as_str())
            .bind(unit_id(account.unit))
            .bind(account.language.code())
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        }

        let first_person = next_id(&mut tx, "people").await?;
        let total = u64::try_from(country.people.len()).unwrap_or(0);
        let mut people = BulkInsert::new(
            "people",
            &[
                "id",
                "unit_id",
                "name",
                "name_search",
                "email",
                "phone",
                "workplace",
                "key_id",
                "search_tokens",
                "email_index",
                "phone_index",
                "languages",
                "stage",
                "youth_wing",
                "created_at",
                "updated_at",
            ],
        );
        let mut tags = BulkInsert::new("person_tags", &["person_id", "tag"]);
        let mut history = BulkInsert::new(
            "stage_changes",
            &["person_id", "from_stage", "to_stage", "at", "reason"],
        );
        let mut consents = BulkInsert::new(
            "consents",
            &["person_id", "purpose", "granted", "at", "source"],
        );
        for (i, p) in country.people.iter().enumerate() {
            let id = first_person + i64::try_from(i).unwrap_or(0);
            let phone = p
                .phone
                .as_deref()
                .map(enquete_domain::people::Phone::parse)
                .transpose()?;
            let updated = p.history.last().map_or(p.created_at, |m| m.2);
            people.bind(id)?;
            people.bind(unit_id(p.unit))?;
            let sealed = crate::people::Identity {
                name: &p.name,
                email: p.email.as_deref(),
                phone: phone.as_ref().map(|ph| ph.display.as_str()),
                address: None,
                workplace: p.workplace.as_deref(),
                notes: None,
            }
            .seal(&self.keys)?;
            people.bind(sealed.name)?;
            people.bind("")?;
            people.bind(sealed.email)?;
            people.bind(sealed.phone)?;
            people.bind(sealed.workplace)?;
            people.bind(sealed.key_id)?;
            people.bind(sealed.search_tokens)?;
            people.bind(sealed.email_index)?;
            people.bind(sealed.phone_index)?;
            people.bind(Language::join(&p.languages))?;
            people.bind(p.stage().as_str())?;
            people.bind(i64::from(p.youth_wing))?;
            people.bind(p.created_at.0)?;
            people.bind(updated.0)?;
            people.end_row();
            for tag in &p.tags {
                tags.bind(id)?;
                tags.bind(tag.clone())?;
                tags.end_row();
            }
            for (from, to, at, reason) in &p.history {
                history.bind(id)?;
                history.bind(from.map(|s| s.as_str()))?;
                history.bind(to.as_str())?;
                history.bind(at.0)?;
                history.bind(*reason)?;
                history.end_row();
            }
            for (purpose, granted, at, source) in &p.consents {
                consents.bind(id)?;
                consents.bind(purpose.as_str())?;
                consents.bind(i64::from(*granted))?;
                consents.bind(at.0)?;
                consents.bind(*source)?;
                consents.end_row();
            }
            // Rows that point at people go in only after those people are in.
            let full = [&people, &tags, &history, &consents]
                .iter()
                .any(|b| b.rows.len() >= CHUNK);
            if full {
                for bulk in [&mut people, &mut tags, &mut history, &mut consents] {
                    bulk.flush(&mut tx).await?;
                }
                progress(DemoProgress {
                    people_done: u64::try_from(i + 1).unwrap_or(0),
                    people_total: total,
                });
            }
        }
        people.flush(&mut tx).await?;
        for bulk in [&mut tags, &mut history, &mut consents] {
            bulk.flush(&mut tx).await?;
        }
        if self.backend == Backend::Postgres {
            // Explicit ids do not advance PostgreSQL's identity sequences; catch them up.
            for table in ["units", "users", "people"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        let mut published = Vec::new();
        for survey in &country.surveys {
            published.push(self.publish_survey(survey, None, None, now).await?);
        }
        if let Some(first) = published.first() {
            let responses: Vec<crate::NewResponse> = country
                .responses
                .iter()
                .map(|r| crate::NewResponse {
                    id: r.id.clone(),
                    survey: first.id,
                    version: first.version,
                    unit: enquete_domain::org::UnitId(unit_id(r.unit)),
                    channel: r.channel,
                    collector: None,
                    collected_at: r.collected_at,
                    answers: r.answers.clone(),
                    contact: None,
                    origin: "demo".into(),
                })
                .collect();
            for chunk in responses.chunks(2000) {
                self.ingest_responses(chunk, now).await?;
            }
        }
        let margins: Vec<crate::PopulationMargin> = country
            .margins
            .iter()
            .map(
                |(unit, variable, category, population)| crate::PopulationMargin {
                    unit: enquete_domain::org::UnitId(unit_id(*unit)),
                    variable: (*variable).to_owned(),
                    category: (*category).to_owned(),
                    population: *population,
                },
            )
            .collect();
        if !margins.is_empty() {
            self.import_margins(&margins, None, now).await?;
        }
        progress(DemoProgress {
            people_done: total,
            people_total: total,
        });
        Ok(())
    }
}

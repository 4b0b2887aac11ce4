//! A person's record: reading it (with its tags), and creating, updating and transferring it.

use super::identity::{Identity, write_identity};
use crate::audit::write_audit;
use crate::crypto::Keyring;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::{Language, NewConsent, Person, PersonDetails, PersonId, Stage, Tag},
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

pub(super) const PERSON_COLUMNS: &str = "p.id, p.unit_id, p.name, p.email, p.phone, p.address, p.languages, \
     p.stage, p.youth_wing, p.workplace, p.notes, p.recorded_by, p.created_at, p.updated_at, \
     u.path AS unit_path, u.name AS unit_name";

/// A person with what the policy needs to decide about them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRecord {
    pub person: Person,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub recorded_by: Option<UserId>,
}

pub(super) fn person_from_row(
    keys: &Keyring,
    row: &AnyRow,
    tags: Vec<Tag>,
) -> StoreResult<PersonRecord> {
    let open = |field: &str, column: &str| -> StoreResult<Option<String>> {
        keys.open_opt(field, col::<Option<String>>(row, column)?.as_deref())
    };
    let stage: String = col(row, "stage")?;
    let languages: String = col(row, "languages")?;
    let path: String = col(row, "unit_path")?;
    Ok(PersonRecord {
        person: Person {
            id: PersonId(col(row, "id")?),
            unit: UnitId(col(row, "unit_id")?),
            name: keys.open("people.name", &col::<String>(row, "name")?)?,
            email: open("people.email", "email")?,
            phone: open("people.phone", "phone")?,
            address: open("people.address", "address")?,
            languages: Language::parse_list(&languages)
                .map_err(|_| StoreError::Corrupt(format!("languages {languages}")))?,
            tags,
            stage: Stage::parse(&stage)
                .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
            youth_wing: col::<i64>(row, "youth_wing")? != 0,
            workplace: open("people.workplace", "workplace")?,
            notes: open("people.notes", "notes")?,
            created_at: Timestamp(col(row, "created_at")?),
            updated_at: Timestamp(col(row, "updated_at")?),
        },
        unit_path: UnitPath::from_stored(&path)
            .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))?,
        unit_name: col(row, "unit_name")?,
        recorded_by: col::<Option<i64>>(row, "recorded_by")?.map(UserId),
    })
}

/// Checks that the unit exists and takes people.
/// Checks that the unit exists, is a section (people are met in sections, not in cities or
/// regions) and is not archived.
async fn check_unit_open(tx: &mut Transaction<'_, Any>, unit: UnitId) -> StoreResult<()> {
    let row = sqlx::query("SELECT kind, archived_at FROM units WHERE id = $1")
        .bind(unit.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::Invalid(FieldError::new("unit", "error-no-unit")))?;
    let kind: String = col(&row, "kind")?;
    let kind = enquete_domain::org::UnitKind::parse(&kind)
        .map_err(|_| StoreError::Corrupt(format!("unit kind {kind}")))?;
    if !kind.is_section() {
        return Err(FieldError::new("unit", "error-unit-not-section").into());
    }
    if col::<Option<i64>>(&row, "archived_at")?.is_some() {
        return Err(FieldError::new("unit", "error-unit-archived").into());
    }
    Ok(())
}

pub(super) async fn write_tags(
    tx: &mut Transaction<'_, Any>,
    id: PersonId,
    tags: &[Tag],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM person_tags WHERE person_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    for tag in tags {
        sqlx::query("INSERT INTO person_tags (person_id, tag) VALUES ($1, $2)")
            .bind(id.0)
            .bind(tag.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Inserts a person with the first line of their history and their consents, inside a
/// transaction (shared by [`Store::create_person`] and response ingestion).
pub(crate) async fn insert_person(
    tx: &mut Transaction<'_, Any>,
    keys: &Keyring,
    unit: UnitId,
    details: &PersonDetails,
    consents: &[NewConsent],
    recorded_by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<PersonId> {
    check_unit_open(tx, unit).await?;
    let sealed = Identity::of_details(details).seal(keys)?;
    // The row first, then its identity, written as every change of identity is.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (unit_id, name, name_search, languages, stage, youth_wing, \
         recorded_by, created_at, updated_at) \
         VALUES ($1, '', '', $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(unit.0)
    .bind(Language::join(&details.languages))
    .bind(Stage::Contact.as_str())
    .bind(i64::from(details.youth_wing))
    .bind(recorded_by.map(|u| u.0))
    .bind(now.0)
    .fetch_one(&mut **tx)
    .await?;
    let id = PersonId(id);
    write_identity(tx, id, &sealed).await?;
    write_tags(tx, id, &details.tags).await?;
    sqlx::query(
        "INSERT INTO stage_changes (person_id, from_stage, to_stage, at, by_user, reason) \
         VALUES ($1, NULL, $2, $3, $4, $5)",
    )
    .bind(id.0)
    .bind(Stage::Contact.as_str())
    .bind(now.0)
    .bind(recorded_by.map(|u| u.0))
    .bind("first contact")
    .execute(&mut **tx)
    .await?;
    for consent in consents {
        sqlx::query(
            "INSERT INTO consents (person_id, purpose, granted, at, source, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.0)
        .bind(consent.purpose.as_str())
        .bind(i64::from(consent.granted))
        .bind(now.0)
        .bind(consent.source.as_str())
        .bind(recorded_by.map(|u| u.0))
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

impl Store {
    /// Adds a person at the first rung of the ladder, with the first line of their history.
    pub async fn create_person(
        &self,
        unit: UnitId,
        details: &PersonDetails,
        consents: &[NewConsent],
        recorded_by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<PersonRecord> {
        let mut tx = self.begin_write().await?;
        let id = insert_person(
            &mut tx,
            &self.keys,
            unit,
            details,
            consents,
            recorded_by,
            now,
        )
        .await?;
        if let Some(mut event) = audit {
            event.person = Some(id);
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(id).await
    }

    pub async fn person(&self, id: PersonId) -> StoreResult<PersonRecord> {
        let row = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("person"))?;
        let tags = self.tags_of(id).await?;
        person_from_row(&self.keys, &row, tags)
    }

    async fn tags_of(&self, id: PersonId) -> StoreResult<Vec<Tag>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT tag FROM person_tags WHERE person_id = $1 ORDER BY tag")
                .bind(id.0)
                .fetch_all(&self.read)
                .await?;
        rows.iter()
            .map(|t| Tag::parse(t).map_err(|_| StoreError::Corrupt(format!("tag {t}"))))
            .collect()
    }

    /// Replaces a person's details (not their stage, which moves only through [`Store::move_stage`]).
    pub async fn update_person(
        &self,
        id: PersonId,
        details: &PersonDetails,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<PersonRecord> {
        let sealed = Identity::of_details(details).seal(&self.keys)?;
        let mut tx = self.begin_write().await?;
        // A new address has not bounced (yet).
        sqlx::query(
            "UPDATE people SET email_bounced_at = NULL WHERE id = $1 \
             AND (email_index IS NULL OR $2 IS NULL OR email_index <> $2)",
        )
        .bind(id.0)
        .bind(sealed.email_index.as_deref())
        .execute(&mut *tx)
        .await?;
        if !write_identity(&mut tx, id, &sealed).await? {
            return Err(StoreError::NotFound("person"));
        }
        sqlx::query(
            "UPDATE people SET languages = $1, youth_wing = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(Language::join(&details.languages))
        .bind(i64::from(details.youth_wing))
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        write_tags(&mut tx, id, &details.tags).await?;
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(id).await
    }

    /// Moves a person to another unit.
    pub async fn transfer_person(
        &self,
        id: PersonId,
        unit: UnitId,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<PersonRecord> {
        let mut tx = self.begin_write().await?;
        check_unit_open(&mut tx, unit).await?;
        let done = sqlx::query("UPDATE people SET unit_id = $1, updated_at = $2 WHERE id = $3")
            .bind(unit.0)
            .bind(now.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("person"));
        }
        // Their open follow-up tasks go to the organizers of the new unit.
        sqlx::query("UPDATE tasks SET unit_id = $1 WHERE person_id = $2 AND done_at IS NULL")
            .bind(unit.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(id).await
    }
}

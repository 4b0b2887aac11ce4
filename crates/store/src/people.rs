//! People: records, search, the ladder with its history, consents, duplicates and merging.

use crate::audit::write_audit;
use crate::crypto::Keyring;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::{
        Consent, ConsentPurpose, ConsentSource, DuplicatePair, DuplicateReason, Language,
        MoveReason, NewConsent, Person, PersonDetails, PersonId, Phone, Stage, StageChange, Tag,
        check_stage_move, fold_for_search,
    },
    policy::PeopleVisibility,
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

const PERSON_COLUMNS: &str = "p.id, p.unit_id, p.name, p.email, p.phone, p.address, p.languages, \
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

/// A search over people. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    /// Matched against the name (accents and case ignored), the e-mail address and the phone.
    pub text: String,
    /// Only this unit and below.
    pub unit: Option<UnitPath>,
    pub stage: Option<Stage>,
    pub tag: Option<Tag>,
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeoplePage {
    pub people: Vec<PersonRecord>,
    pub total: u64,
}

fn person_from_row(keys: &Keyring, row: &AnyRow, tags: Vec<Tag>) -> StoreResult<PersonRecord> {
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

/// A person's identity as stored: the personal fields sealed, and their blind indexes.
pub(crate) struct SealedIdentity {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub workplace: Option<String>,
    pub notes: Option<String>,
    pub key_id: String,
    pub search_tokens: String,
    pub email_index: Option<String>,
    pub phone_index: Option<String>,
}

/// The clear text of a person's identity, as typed (phone as displayed).
pub(crate) struct Identity<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub workplace: Option<&'a str>,
    pub notes: Option<&'a str>,
}

impl<'a> Identity<'a> {
    pub fn of_details(details: &'a PersonDetails) -> Self {
        Identity {
            name: details.name.as_str(),
            email: details.email.as_ref().map(|e| e.as_str()),
            phone: details.phone.as_ref().map(|p| p.display.as_str()),
            address: details.address.as_deref(),
            workplace: details.workplace.as_deref(),
            notes: details.notes.as_deref(),
        }
    }

    /// Sealed under the current key, with indexes under the same key.
    pub fn seal(&self, keys: &Keyring) -> StoreResult<SealedIdentity> {
        // The number as stored for matching: what the phone form would make of it.
        let phone_digits = self.phone.map(|p| {
            Phone::parse(p)
                .map(|p| p.normalized)
                .unwrap_or_else(|_| p.to_owned())
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        });
        Ok(SealedIdentity {
            name: keys.seal("people.name", self.name)?,
            email: keys.seal_opt("people.email", self.email)?,
            phone: keys.seal_opt("people.phone", self.phone)?,
            address: keys.seal_opt("people.address", self.address)?,
            workplace: keys.seal_opt("people.workplace", self.workplace)?,
            notes: keys.seal_opt("people.notes", self.notes)?,
            key_id: keys.current_id().to_owned(),
            search_tokens: keys.person_tokens(self.name, self.email, phone_digits.as_deref()),
            email_index: self
                .email
                .map(|e| keys.index("email", &e.trim().to_lowercase())),
            phone_index: phone_digits.as_deref().map(|d| keys.index("phone", d)),
        })
    }
}

/// A person's identity opened from a row that has the columns name, email, phone, address,
/// workplace and notes.
pub(crate) struct OpenIdentity {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub workplace: Option<String>,
    pub notes: Option<String>,
}

impl OpenIdentity {
    pub fn from_row(keys: &Keyring, row: &AnyRow) -> StoreResult<Self> {
        let open = |column: &str| -> StoreResult<Option<String>> {
            keys.open_opt(
                &format!("people.{column}"),
                col::<Option<String>>(row, column)?.as_deref(),
            )
        };
        Ok(OpenIdentity {
            name: keys.open("people.name", &col::<String>(row, "name")?)?,
            email: open("email")?,
            phone: open("phone")?,
            address: open("address")?,
            workplace: open("workplace")?,
            notes: open("notes")?,
        })
    }

    pub fn as_identity(&self) -> Identity<'_> {
        Identity {
            name: &self.name,
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            address: self.address.as_deref(),
            workplace: self.workplace.as_deref(),
            notes: self.notes.as_deref(),
        }
    }

    /// This identity where it has a field, `other`'s where it has not (the name stays).
    pub fn filled_from<'a>(&'a self, other: &'a OpenIdentity) -> Identity<'a> {
        Identity {
            name: &self.name,
            email: self.email.as_deref().or(other.email.as_deref()),
            phone: self.phone.as_deref().or(other.phone.as_deref()),
            address: self.address.as_deref().or(other.address.as_deref()),
            workplace: self.workplace.as_deref().or(other.workplace.as_deref()),
            notes: self.notes.as_deref().or(other.notes.as_deref()),
        }
    }
}

/// Writes a person's sealed identity over what is stored (`false` if there is no such person).
pub(crate) async fn write_identity(
    tx: &mut Transaction<'_, Any>,
    id: PersonId,
    sealed: &SealedIdentity,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE people SET name = $1, name_search = '', email = $2, phone = $3, phone_norm = NULL, \
         address = $4, workplace = $5, notes = $6, key_id = $7, search_tokens = $8, \
         email_index = $9, phone_index = $10 WHERE id = $11",
    )
    .bind(&sealed.name)
    .bind(&sealed.email)
    .bind(&sealed.phone)
    .bind(&sealed.address)
    .bind(&sealed.workplace)
    .bind(&sealed.notes)
    .bind(&sealed.key_id)
    .bind(&sealed.search_tokens)
    .bind(&sealed.email_index)
    .bind(&sealed.phone_index)
    .bind(id.0)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Checks that the unit exists and takes people.
/// Checks that the unit exists, is a section (people are met in sections, not in cities or
/// regions) and is not archived.
async fn check_unit_open(tx: &mut Transaction<'_, Any>, unit: UnitId) -> StoreResult<()> {
    let row = sqlx::query("SELECT kind, archived_at FROM units WHERE id = $1")
        .bind(unit.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::Invalid(FieldError::new("unit", "no such unit")))?;
    let kind: String = col(&row, "kind")?;
    let kind = enquete_domain::org::UnitKind::parse(&kind)
        .map_err(|_| StoreError::Corrupt(format!("unit kind {kind}")))?;
    if !kind.is_section() {
        return Err(FieldError::new("unit", "people belong to a section (neighbourhood, workplace or youth), not to a city or region").into());
    }
    if col::<Option<i64>>(&row, "archived_at")?.is_some() {
        return Err(FieldError::new("unit", "this unit is archived").into());
    }
    Ok(())
}

async fn write_tags(tx: &mut Transaction<'_, Any>, id: PersonId, tags: &[Tag]) -> StoreResult<()> {
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

/// The first person with this e-mail address at `below` or under it: what public pages may
/// match an unverified address to (never a record elsewhere in the tree).
pub(crate) async fn person_by_email_below(
    tx: &mut Transaction<'_, Any>,
    keys: &Keyring,
    email: &str,
    below: &str,
) -> StoreResult<Option<PersonId>> {
    let (lo, hi) = subtree_range(below);
    let indexes = keys.lookups("email", &email.trim().to_lowercase());
    let sql = format!(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.path >= $1 AND u.path < $2 AND p.email_index IN ({}) ORDER BY p.id LIMIT 1",
        placeholders(3, indexes.len())
    );
    let mut query = sqlx::query_scalar(&sql).bind(lo).bind(hi);
    for index in &indexes {
        query = query.bind(index);
    }
    let id: Option<i64> = query.fetch_optional(&mut **tx).await?;
    Ok(id.map(PersonId))
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

/// The condition on `search_tokens` for what was typed: every name word, or the e-mail
/// address, or the phone number. The patterns are pushed to `patterns`, bound from $6 on.
fn tokens_filter(terms: &crate::crypto::SearchTerms, patterns: &mut Vec<String>) -> String {
    let mut any_of = |alternatives: &[String]| -> String {
        let likes: Vec<String> = alternatives
            .iter()
            .map(|t| {
                patterns.push(format!("% {t} %"));
                format!("p.search_tokens LIKE ${}", 5 + patterns.len())
            })
            .collect();
        format!("({})", likes.join(" OR "))
    };
    let mut groups = Vec::new();
    if !terms.name_words.is_empty() {
        let words: Vec<String> = terms.name_words.iter().map(|w| any_of(w)).collect();
        groups.push(format!("({})", words.join(" AND ")));
    }
    groups.push(any_of(&terms.email));
    if !terms.phone.is_empty() {
        groups.push(any_of(&terms.phone));
    }
    format!(" AND ({})", groups.join(" OR "))
}

/// Moves a person on the ladder inside a transaction, checking the rules against the stored stage
/// (row-locked on PostgreSQL), and writes the history line. Returns the stage they came from.
pub(crate) async fn move_stage_in(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    id: PersonId,
    to: Stage,
    reason: &MoveReason,
    by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<Stage> {
    let select = format!("SELECT stage, youth_wing FROM people WHERE id = $1{}", lock);
    let row = sqlx::query(&select)
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("person"))?;
    let current: String = col(&row, "stage")?;
    let from =
        Stage::parse(&current).map_err(|_| StoreError::Corrupt(format!("stage {current}")))?;
    let youth_wing = col::<i64>(&row, "youth_wing")? != 0;
    let was_member: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stage_changes WHERE person_id = $1 AND to_stage IN ('member', 'organizer', 'leader')",
        )
        .bind(id.0)
        .fetch_one(&mut **tx)
        .await?;
    check_stage_move(from, to, youth_wing, was_member > 0)?;
    sqlx::query("UPDATE people SET stage = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO stage_changes (person_id, from_stage, to_stage, at, by_user, reason) \
             VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.0)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now.0)
    .bind(by.map(|u| u.0))
    .bind(reason.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(from)
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

    /// Tags of many people in one query.
    async fn tags_for(&self, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<Tag>>> {
        let mut out: HashMap<i64, Vec<Tag>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT person_id, tag FROM person_tags WHERE person_id IN ({}) ORDER BY tag",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&self.read).await? {
            let tag: String = col(&row, "tag")?;
            let tag = Tag::parse(&tag).map_err(|_| StoreError::Corrupt(format!("tag {tag}")))?;
            out.entry(col(&row, "person_id")?).or_default().push(tag);
        }
        Ok(out)
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
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(id).await
    }

    /// Moves a person on the ladder and records who did it, when and why. The rules of
    /// [`check_stage_move`] are checked inside the transaction, against the stored stage.
    pub async fn move_stage(
        &self,
        id: PersonId,
        to: Stage,
        reason: &MoveReason,
        by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<PersonRecord> {
        let mut tx = self.begin_write().await?;
        move_stage_in(&mut tx, self.lock_rows(), id, to, reason, by, now).await?;
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(id).await
    }

    /// The ladder history, oldest first.
    pub async fn stage_history(&self, id: PersonId) -> StoreResult<Vec<StageChange>> {
        let rows = sqlx::query(
            "SELECT from_stage, to_stage, at, by_user, reason FROM stage_changes \
             WHERE person_id = $1 ORDER BY at, id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let from: Option<String> = col(row, "from_stage")?;
                let to: String = col(row, "to_stage")?;
                let parse = |s: &str| {
                    Stage::parse(s).map_err(|_| StoreError::Corrupt(format!("stage {s}")))
                };
                Ok(StageChange {
                    from: from.as_deref().map(parse).transpose()?,
                    to: parse(&to)?,
                    at: Timestamp(col(row, "at")?),
                    by: col::<Option<i64>>(row, "by_user")?.map(UserId),
                    reason: col(row, "reason")?,
                })
            })
            .collect()
    }

    /// Records a consent given or withdrawn. Consents are never overwritten: the latest entry per
    /// purpose is the one in force, and the earlier ones remain as the record of what was agreed.
    pub async fn record_consent(
        &self,
        id: PersonId,
        consent: &NewConsent,
        by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "INSERT INTO consents (person_id, purpose, granted, at, source, recorded_by) \
             SELECT id, $2, $3, $4, $5, $6 FROM people WHERE id = $1",
        )
        .bind(id.0)
        .bind(consent.purpose.as_str())
        .bind(i64::from(consent.granted))
        .bind(now.0)
        .bind(consent.source.as_str())
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("person"));
        }
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every consent entry, oldest first.
    pub async fn consents(&self, id: PersonId) -> StoreResult<Vec<Consent>> {
        let rows = sqlx::query(
            "SELECT purpose, granted, at, source, recorded_by FROM consents WHERE person_id = $1 ORDER BY at, id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let purpose: String = col(row, "purpose")?;
                let source: String = col(row, "source")?;
                Ok(Consent {
                    purpose: ConsentPurpose::parse(&purpose)
                        .map_err(|_| StoreError::Corrupt(format!("purpose {purpose}")))?,
                    granted: col::<i64>(row, "granted")? != 0,
                    at: Timestamp(col(row, "at")?),
                    source: ConsentSource::parse(&source)
                        .map_err(|_| StoreError::Corrupt("consent source".into()))?,
                    recorded_by: col::<Option<i64>>(row, "recorded_by")?.map(UserId),
                })
            })
            .collect()
    }

    /// Searches the people an account may see.
    pub async fn search_people(
        &self,
        visibility: &PeopleVisibility,
        query: &PeopleQuery,
    ) -> StoreResult<PeoplePage> {
        let (scope, recorder) = match visibility {
            PeopleVisibility::None => {
                return Ok(PeoplePage {
                    people: Vec::new(),
                    total: 0,
                });
            }
            PeopleVisibility::Subtree(p) => (p, None),
            PeopleVisibility::RecordedBy(p, u) => (p, Some(*u)),
        };
        // The narrower of the account's scope and the asked-for unit; disjoint means nothing.
        let path = match &query.unit {
            Some(unit) if unit.is_within(scope) => unit,
            Some(unit) if scope.is_within(unit) => scope,
            Some(_) => {
                return Ok(PeoplePage {
                    people: Vec::new(),
                    total: 0,
                });
            }
            None => scope,
        };
        let (lo, hi) = subtree_range(path.as_str());
        let text = query.text.trim();
        let stage = query.stage.map_or("", Stage::as_str);
        let tag = query.tag.as_ref().map_or("", Tag::as_str);
        let recorder = recorder.map_or(0, |u| u.0);
        // The typed text, as blind indexes (see crypto::Keyring::search_terms); the patterns
        // are bound from $6 on.
        let mut patterns: Vec<String> = Vec::new();
        let mut text_filter = String::new();
        let mut email_starts = None;
        if !text.is_empty() {
            let terms = self.keys.search_terms(text);
            email_starts = terms.email_starts.clone();
            text_filter = if terms.email_exact.is_empty() {
                tokens_filter(&terms, &mut patterns)
            } else {
                patterns.extend(terms.email_exact.iter().cloned());
                format!(
                    " AND p.email_index IN ({})",
                    placeholders(6, patterns.len())
                )
            };
        }
        // The sealed addresses are read only when what was typed must be checked against them.
        let email_column = if email_starts.is_some() {
            "p.email"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT p.id, p.name, {email_column} AS email FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $1 AND u.path < $2 \
             AND ($3 = '' OR p.stage = $3) \
             AND ($4 = '' OR EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag = $4)) \
             AND ($5 = 0 OR p.recorded_by = $5){text_filter}"
        );
        let mut matches = sqlx::query(&sql)
            .bind(&lo)
            .bind(&hi)
            .bind(stage)
            .bind(tag)
            .bind(recorder);
        for pattern in &patterns {
            matches = matches.bind(pattern);
        }
        // Names are sealed, so the alphabetical order is made here, after opening them.
        let mut found: Vec<(String, i64)> = Vec::new();
        for row in matches.fetch_all(&self.read).await? {
            if let Some(start) = &email_starts {
                let email = self.keys.open_opt(
                    "people.email",
                    col::<Option<String>>(&row, "email")?.as_deref(),
                )?;
                if !email.is_some_and(|e| e.to_lowercase().starts_with(start.as_str())) {
                    continue;
                }
            }
            let name = self
                .keys
                .open("people.name", &col::<String>(&row, "name")?)?;
            found.push((fold_for_search(&name), col(&row, "id")?));
        }
        found.sort_unstable();
        let total = found.len();
        let limit = usize::try_from(query.limit.clamp(1, 500)).unwrap_or(500);
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let ids: Vec<i64> = found
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(_, id)| id)
            .collect();
        let people = self.people_by_ids(&ids).await?;
        Ok(PeoplePage {
            people,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// These people, in this order (ids not found are left out).
    async fn people_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<PersonRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.read).await?;
        let mut tags = self.tags_for(ids).await?;
        let mut by_id = HashMap::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = col(row, "id")?;
            by_id.insert(
                id,
                person_from_row(&self.keys, row, tags.remove(&id).unwrap_or_default())?,
            );
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Pairs of records in a subtree that share an e-mail address or a phone number.
    pub async fn find_duplicates(
        &self,
        scope: &UnitPath,
        limit: u32,
    ) -> StoreResult<Vec<DuplicatePair>> {
        let (lo, hi) = subtree_range(scope.as_str());
        let mut pairs = Vec::new();
        for (column, reason) in [
            ("email_index", DuplicateReason::SameEmail),
            ("phone_index", DuplicateReason::SamePhone),
        ] {
            let rows = sqlx::query(&format!(
                "SELECT a.id AS keep_id, a.name AS keep_name, b.id AS other_id, b.name AS other_name \
                 FROM people a JOIN people b ON a.{column} = b.{column} AND a.id < b.id \
                 JOIN units ua ON ua.id = a.unit_id JOIN units ub ON ub.id = b.unit_id \
                 WHERE a.{column} IS NOT NULL AND ua.path >= $1 AND ua.path < $2 \
                 AND ub.path >= $1 AND ub.path < $2 ORDER BY a.id, b.id LIMIT $3"
            ))
            .bind(&lo)
            .bind(&hi)
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await?;
            for row in &rows {
                let keep = PersonId(col(row, "keep_id")?);
                let other = PersonId(col(row, "other_id")?);
                if pairs
                    .iter()
                    .any(|p: &DuplicatePair| p.keep == keep && p.other == other)
                {
                    continue;
                }
                pairs.push(DuplicatePair {
                    keep,
                    other,
                    keep_name: self
                        .keys
                        .open("people.name", &col::<String>(row, "keep_name")?)?,
                    other_name: self
                        .keys
                        .open("people.name", &col::<String>(row, "other_name")?)?,
                    reason,
                });
            }
        }
        pairs.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(pairs)
    }

    /// Merges `other` into `keep`: empty fields of `keep` are filled from `other`, tags are
    /// united, consents and ladder history move over, the higher stage wins, and `other` is
    /// deleted. All in one transaction.
    pub async fn merge_people(
        &self,
        keep: PersonId,
        other: PersonId,
        by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<PersonRecord> {
        if keep == other {
            return Err(FieldError::new("other", "a record cannot be merged with itself").into());
        }
        let mut tx = self.begin_write().await?;
        // Both records as they are now, locked until the merge is done (PostgreSQL), so that
        // an edit or a second merge in between cannot be lost or applied twice.
        let select = format!(
            "SELECT id, name, email, phone, address, workplace, notes, stage, youth_wing, languages \
             FROM people WHERE id IN ($1, $2) ORDER BY id{}",
            self.lock_rows()
        );
        let rows = sqlx::query(&select)
            .bind(keep.0)
            .bind(other.0)
            .fetch_all(&mut *tx)
            .await?;
        let mut a = None;
        let mut b = None;
        for row in &rows {
            let id = PersonId(col(row, "id")?);
            let stage: String = col(row, "stage")?;
            let languages: String = col(row, "languages")?;
            let facts = MergeFacts {
                identity: OpenIdentity::from_row(&self.keys, row)?,
                stage: Stage::parse(&stage)
                    .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
                youth_wing: col::<i64>(row, "youth_wing")? != 0,
                languages: Language::parse_list(&languages)
                    .map_err(|_| StoreError::Corrupt(format!("languages {languages}")))?,
                tags: sqlx::query_scalar::<_, String>(
                    "SELECT tag FROM person_tags WHERE person_id = $1",
                )
                .bind(id.0)
                .fetch_all(&mut *tx)
                .await?,
            };
            if id == keep {
                a = Some(facts);
            } else {
                b = Some(facts);
            }
        }
        let a = a.ok_or(StoreError::NotFound("person"))?;
        let b = b.ok_or_else(|| StoreError::Invalid(FieldError::new("other", "no such person")))?;
        // Empty fields of the record kept are filled from the other; sealed again, with the
        // indexes, under the current key.
        let merged = a.identity.filled_from(&b.identity).seal(&self.keys)?;
        write_identity(&mut tx, keep, &merged).await?;
        sqlx::query("UPDATE people SET updated_at = $1 WHERE id = $2")
            .bind(now.0)
            .bind(keep.0)
            .execute(&mut *tx)
            .await?;
        let mut languages = a.languages.clone();
        for l in &b.languages {
            if !languages.contains(l) {
                languages.push(*l);
            }
        }
        let stage = a.stage.max(b.stage);
        sqlx::query("UPDATE people SET languages = $1, stage = $2, youth_wing = $3 WHERE id = $4")
            .bind(Language::join(&languages))
            .bind(stage.as_str())
            .bind(i64::from(a.youth_wing || b.youth_wing))
            .bind(keep.0)
            .execute(&mut *tx)
            .await?;
        let mut tags = a.tags.clone();
        tags.extend(b.tags.iter().cloned());
        tags.sort();
        tags.dedup();
        let tags = tags
            .iter()
            .map(|t| Tag::parse(t).map_err(|_| StoreError::Corrupt(format!("tag {t}"))))
            .collect::<StoreResult<Vec<_>>>()?;
        write_tags(&mut tx, keep, &tags).await?;
        move_campaign_work(&mut tx, self.lock_rows(), keep, other).await?;
        for table in ["consents", "stage_changes", "responses", "signatures"] {
            sqlx::query(&format!(
                "UPDATE {table} SET person_id = $1 WHERE person_id = $2"
            ))
            .bind(keep.0)
            .bind(other.0)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO stage_changes (person_id, from_stage, to_stage, at, by_user, reason) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(keep.0)
        .bind(a.stage.as_str())
        .bind(stage.as_str())
        .bind(now.0)
        .bind(by.map(|u| u.0))
        // The number only: the history is not a place for the other record's name.
        .bind(format!("merged with the duplicate record #{other}"))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM person_tags WHERE person_id = $1")
            .bind(other.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM people WHERE id = $1")
            .bind(other.0)
            .execute(&mut *tx)
            .await?;
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        self.person(keep).await
    }
}

/// Moves a duplicate's part in campaigns to the record kept: RSVPs and check-ins (one per
/// action: where both answered, the kept record's answer stays), meetings attended and projects
/// volunteered for. Places at the actions concerned are counted again, under their row locks.
async fn move_campaign_work(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    keep: PersonId,
    other: PersonId,
) -> StoreResult<()> {
    let actions: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT action_id FROM rsvps WHERE person_id = $1 OR person_id = $2 ORDER BY action_id",
    )
    .bind(keep.0)
    .bind(other.0)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE rsvps SET person_id = $1 WHERE person_id = $2 AND action_id NOT IN \
         (SELECT action_id FROM rsvps WHERE person_id = $1)",
    )
    .bind(keep.0)
    .bind(other.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM rsvps WHERE person_id = $1")
        .bind(other.0)
        .execute(&mut **tx)
        .await?;
    for action in actions {
        crate::actions::recount_places(tx, lock, action).await?;
    }
    for (table, column) in [
        ("meeting_attendance", "meeting_id"),
        ("project_volunteers", "project_id"),
    ] {
        sqlx::query(&format!(
            "INSERT INTO {table} ({column}, person_id) SELECT {column}, $1 FROM {table} \
             WHERE person_id = $2 ON CONFLICT ({column}, person_id) DO NOTHING"
        ))
        .bind(keep.0)
        .bind(other.0)
        .execute(&mut **tx)
        .await?;
        sqlx::query(&format!("DELETE FROM {table} WHERE person_id = $1"))
            .bind(other.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// What a merge needs to know of each record, read inside its transaction.
struct MergeFacts {
    identity: OpenIdentity,
    stage: Stage,
    youth_wing: bool,
    languages: Vec<Language>,
    tags: Vec<String>,
}

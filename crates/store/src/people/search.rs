//! Finding people: the search over the people an account may see, and the match of an e-mail
//! address under a unit.

use super::record::{PERSON_COLUMNS, PersonRecord, person_from_row};
use crate::crypto::Keyring;
use crate::{Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    FieldError,
    org::UnitPath,
    people::{PersonId, Stage, Tag, fold_for_search},
    policy::PeopleVisibility,
};
use serde::Serialize;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// The order of a people list: a closed list, so that nothing typed reaches the SQL.
///
/// Names are sealed at rest, so no database can order by them: for [`PeopleSort::Name`] the
/// store opens the name of every match and sorts them here (accents and case ignored). The
/// other orders use plain columns and never open a name. Every order ends on the id, so a page
/// boundary never moves, and both databases give the same order (no collation is involved).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PeopleSort {
    /// Alphabetical by name.
    #[default]
    Name,
    /// Highest on the ladder first (leaders, then organizers ... contacts).
    Stage,
    /// Alphabetical by the name of their unit.
    Unit,
    /// The most recently added first.
    Newest,
}

impl PeopleSort {
    pub const ALL: [PeopleSort; 4] = [Self::Name, Self::Stage, Self::Unit, Self::Newest];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Stage => "stage",
            Self::Unit => "unit",
            Self::Newest => "newest",
        }
    }

    /// One of `name`, `stage`, `unit`, `newest`; an empty value is the default (name).
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim() {
            "" => Ok(Self::default()),
            s => Self::ALL
                .into_iter()
                .find(|o| o.as_str() == s)
                .ok_or_else(|| FieldError::new("sort", "error-sort").arg("value", s)),
        }
    }
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
    pub sort: PeopleSort,
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeoplePage {
    pub people: Vec<PersonRecord>,
    pub total: u64,
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

/// Where a person falls in a list's order, before the id.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Number(i64),
    /// Folded text, then a number that keeps equal texts of different things apart (two units
    /// with the same name).
    Text(String, i64),
}

/// A stage's place on the ladder, from 0 (contact).
fn rank(stage: Stage) -> i64 {
    Stage::ALL
        .iter()
        .position(|s| *s == stage)
        .and_then(|i| i64::try_from(i).ok())
        .unwrap_or(0)
}

impl Store {
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

    /// Searches the people an account may see: one page of them, in the query's order, and
    /// how many match in all.
    pub async fn search_people(
        &self,
        visibility: &PeopleVisibility,
        query: &PeopleQuery,
    ) -> StoreResult<PeoplePage> {
        let found = self.matching_people(visibility, query).await?;
        let total = found.len();
        let limit = usize::try_from(query.limit.clamp(1, 500)).unwrap_or(500);
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let ids: Vec<i64> = found.into_iter().skip(offset).take(limit).collect();
        let people = self.people_by_ids(&ids).await?;
        Ok(PeoplePage {
            people,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// Every person an account may see that the query matches, in the query's order (its
    /// `limit` and `offset` are ignored): the selection "all that match" of a list.
    pub async fn people_matching(
        &self,
        visibility: &PeopleVisibility,
        query: &PeopleQuery,
    ) -> StoreResult<Vec<PersonId>> {
        Ok(self
            .matching_people(visibility, query)
            .await?
            .into_iter()
            .map(PersonId)
            .collect())
    }

    /// The ids of every match, in order.
    async fn matching_people(
        &self,
        visibility: &PeopleVisibility,
        query: &PeopleQuery,
    ) -> StoreResult<Vec<i64>> {
        let (scope, recorder) = match visibility {
            PeopleVisibility::None => return Ok(Vec::new()),
            PeopleVisibility::Subtree(p) => (p, None),
            PeopleVisibility::RecordedBy(p, u) => (p, Some(*u)),
        };
        // The narrower of the account's scope and the asked-for unit; disjoint means nothing.
        let path = match &query.unit {
            Some(unit) if unit.is_within(scope) => unit,
            Some(unit) if scope.is_within(unit) => scope,
            Some(_) => return Ok(Vec::new()),
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
        // Sealed columns are read only when needed: the addresses when what was typed must be
        // checked against them, the names when the list is in their order.
        let email_column = if email_starts.is_some() {
            "p.email"
        } else {
            "NULL"
        };
        let name_column = if query.sort == PeopleSort::Name {
            "p.name"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT p.id, {name_column} AS name, {email_column} AS email, p.stage, p.created_at, \
             p.unit_id, u.name AS unit_name FROM people p JOIN units u ON u.id = p.unit_id \
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
        let mut found: Vec<(SortKey, i64)> = Vec::new();
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
            let id: i64 = col(&row, "id")?;
            let key = match query.sort {
                PeopleSort::Name => {
                    let name = self
                        .keys
                        .open("people.name", &col::<String>(&row, "name")?)?;
                    SortKey::Text(fold_for_search(&name), 0)
                }
                PeopleSort::Stage => {
                    let stage: String = col(&row, "stage")?;
                    let stage = Stage::parse(&stage)
                        .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?;
                    // Highest first.
                    SortKey::Number(-rank(stage))
                }
                PeopleSort::Unit => SortKey::Text(
                    fold_for_search(&col::<String>(&row, "unit_name")?),
                    col(&row, "unit_id")?,
                ),
                PeopleSort::Newest => SortKey::Number(-col::<i64>(&row, "created_at")?),
            };
            // The newest first down to the id too: of two added in the same second, the later.
            let id_key = if query.sort == PeopleSort::Newest {
                -id
            } else {
                id
            };
            found.push((key, id_key));
        }
        found.sort_unstable();
        Ok(found
            .into_iter()
            .map(|(_, id)| {
                if query.sort == PeopleSort::Newest {
                    -id
                } else {
                    id
                }
            })
            .collect())
    }

    /// These people, in this order (ids not found are left out), read 500 at a time.
    pub async fn people_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<PersonRecord>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            out.extend(self.people_chunk(chunk).await?);
        }
        Ok(out)
    }

    async fn people_chunk(&self, ids: &[i64]) -> StoreResult<Vec<PersonRecord>> {
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
}

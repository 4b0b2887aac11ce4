//! Finding people: the search over the people an account may see, and the match of an e-mail
//! address under a unit.

use super::record::{PERSON_COLUMNS, PersonRecord, person_from_row};
use crate::crypto::Keyring;
use crate::{Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    org::UnitPath,
    people::{PersonId, Stage, Tag, fold_for_search},
    policy::PeopleVisibility,
};
use serde::Serialize;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

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
}

//! Duplicates: pairs of records that share an e-mail address or a phone number, and merging one
//! into the other.

use super::identity::{OpenIdentity, write_identity};
use super::record::{PersonRecord, write_tags};
use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    campaign::ActionId,
    org::UnitPath,
    people::{DuplicatePair, DuplicateReason, Language, PersonId, Stage, Tag},
};
use sqlx::{Any, Transaction};

impl Store {
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
            return Err(FieldError::new("other", "error-merge-itself").into());
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
        let b =
            b.ok_or_else(|| StoreError::Invalid(FieldError::new("other", "error-no-person")))?;
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
    for action in actions.into_iter().map(ActionId) {
        crate::actions::recount_places(tx, lock, action).await?;
    }
    // Calls and mail: the history moves; where both were on the same call list or mailing,
    // the kept record's entry stays.
    // Open tasks go to the organizers of the kept record's unit.
    sqlx::query(
        "UPDATE tasks SET person_id = $1, unit_id = CASE WHEN done_at IS NULL THEN \
         (SELECT unit_id FROM people WHERE id = $1) ELSE unit_id END WHERE person_id = $2",
    )
    .bind(keep.0)
    .bind(other.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO follow_up_done (rule_id, person_id, event, at) \
         SELECT rule_id, $1, event, at FROM follow_up_done WHERE person_id = $2 \
         ON CONFLICT (rule_id, person_id, event) DO NOTHING",
    )
    .bind(keep.0)
    .bind(other.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM follow_up_done WHERE person_id = $1")
        .bind(other.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE webhook_deliveries SET person_id = $1 WHERE person_id = $2")
        .bind(keep.0)
        .bind(other.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE call_log SET person_id = $1 WHERE person_id = $2")
        .bind(keep.0)
        .bind(other.0)
        .execute(&mut **tx)
        .await?;
    for (table, column) in [
        ("call_targets", "assignment_id"),
        ("mailing_recipients", "mailing_id"),
    ] {
        sqlx::query(&format!(
            "UPDATE {table} SET person_id = $1 WHERE person_id = $2 AND {column} NOT IN \
             (SELECT {column} FROM {table} WHERE person_id = $1)"
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

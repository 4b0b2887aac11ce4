//! Consents: what a person agreed to, given or withdrawn, never overwritten.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::{
    Timestamp,
    account::UserId,
    people::{Consent, ConsentPurpose, ConsentSource, NewConsent, PersonId},
};

impl Store {
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

    /// Which of these people's latest choice for `purpose` is a yes (read 500 at a time).
    pub async fn consenting(
        &self,
        ids: &[PersonId],
        purpose: ConsentPurpose,
    ) -> StoreResult<std::collections::HashSet<PersonId>> {
        let mut latest: std::collections::HashMap<i64, bool> = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT person_id, granted FROM consents WHERE purpose = $1 AND person_id IN ({}) \
                 ORDER BY at, id",
                crate::placeholders(2, chunk.len())
            );
            let rows = chunk
                .iter()
                .fold(sqlx::query(&sql).bind(purpose.as_str()), |q, id| {
                    q.bind(id.0)
                })
                .fetch_all(&self.read)
                .await?;
            for row in rows {
                latest.insert(col(&row, "person_id")?, col::<i64>(&row, "granted")? != 0);
            }
        }
        Ok(latest
            .into_iter()
            .filter(|(_, yes)| *yes)
            .map(|(id, _)| PersonId(id))
            .collect())
    }
}

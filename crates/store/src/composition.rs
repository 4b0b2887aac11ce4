//! The consented profiles (occupation class, gender, age band) of people, sealed, and the ones
//! a composition counts: people of a branch whose latest choice about being counted is a yes.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::Timestamp;
use enquete_domain::composition::Profile;
use enquete_domain::org::UnitPath;
use enquete_domain::people::{PersonId, Stage};
use enquete_domain::training::PositionKind;

const FIELD: &str = "person_profiles.profile";

/// The latest choice of person `p` about being counted is a yes.
const COUNTED: &str = "EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id \
     AND c.purpose = 'composition' AND c.granted = 1 AND NOT EXISTS (SELECT 1 FROM consents d \
     WHERE d.person_id = p.id AND d.purpose = 'composition' \
     AND (d.at > c.at OR (d.at = c.at AND d.id > c.id))))";

impl Store {
    /// Keeps (or replaces) a person's profile.
    pub async fn set_profile(
        &self,
        person: PersonId,
        profile: &Profile,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(profile)
            .map_err(|e| StoreError::Corrupt(format!("profile: {e}")))?;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM person_profiles WHERE person_id = $1")
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO person_profiles (person_id, profile, updated_at) VALUES ($1, $2, $3)",
        )
        .bind(person.0)
        .bind(self.keys.seal(FIELD, &json)?)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's profile, if one is kept.
    pub async fn profile(&self, person: PersonId) -> StoreResult<Option<Profile>> {
        let sealed: Option<String> =
            sqlx::query_scalar("SELECT profile FROM person_profiles WHERE person_id = $1")
                .bind(person.0)
                .fetch_optional(&self.read)
                .await?;
        sealed.map(|s| self.open_profile(&s)).transpose()
    }

    fn open_profile(&self, sealed: &str) -> StoreResult<Profile> {
        let json = self.keys.open(FIELD, sealed)?;
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("profile: {e}")))
    }

    /// The profiles a composition of a branch counts: person, stage, profile.
    pub async fn counted_profiles(
        &self,
        below: &UnitPath,
    ) -> StoreResult<Vec<(PersonId, Stage, Profile)>> {
        let (lo, hi) = subtree_range(below.as_str());
        let rows = sqlx::query(&format!(
            "SELECT p.id, p.stage, f.profile FROM person_profiles f JOIN people p ON p.id = f.person_id \
             JOIN units u ON u.id = p.unit_id WHERE u.path >= $1 AND u.path < $2 AND {COUNTED} \
             ORDER BY p.id"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let stage: String = col(r, "stage")?;
                Ok((
                    PersonId(col(r, "id")?),
                    Stage::parse(&stage)
                        .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
                    self.open_profile(&col::<String>(r, "profile")?)?,
                ))
            })
            .collect()
    }

    /// Every ladder move of these people (those counted in a composition), by person then time:
    /// (person, stage reached, when). With [`Store::terms_below`], the composition at any date.
    /// Read by the index on the person, 500 people a query.
    pub async fn stage_changes_of(
        &self,
        people: &[PersonId],
    ) -> StoreResult<Vec<(PersonId, Stage, Timestamp)>> {
        let mut sorted: Vec<i64> = people.iter().map(|p| p.0).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut out = Vec::new();
        for chunk in sorted.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT person_id, to_stage, at FROM stage_changes WHERE person_id IN ({}) \
                 ORDER BY person_id, at, id",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&self.read).await? {
                let stage: String = col(&r, "to_stage")?;
                out.push((
                    PersonId(col(&r, "person_id")?),
                    Stage::parse(&stage)
                        .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
                    Timestamp(col(&r, "at")?),
                ));
            }
        }
        Ok(out)
    }

    /// Every term of a position of a branch, ended or not: (person, kind of position, start,
    /// end).
    pub async fn terms_below(
        &self,
        below: &UnitPath,
    ) -> StoreResult<Vec<(PersonId, PositionKind, Timestamp, Option<Timestamp>)>> {
        let (lo, hi) = subtree_range(below.as_str());
        let rows = sqlx::query(
            "SELECT t.person_id, p.kind, t.starts_at, t.ends_at FROM position_terms t \
             JOIN positions p ON p.id = t.position_id JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $1 AND u.path < $2 ORDER BY t.starts_at, t.id",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    PersonId(col(r, "person_id")?),
                    PositionKind::parse(&col::<String>(r, "kind")?)
                        .map_err(|_| StoreError::Corrupt("position kind".into()))?,
                    Timestamp(col(r, "starts_at")?),
                    col::<Option<i64>>(r, "ends_at")?.map(Timestamp),
                ))
            })
            .collect()
    }
}

//! The festival's programme: venues, speakers (their travel and accommodation sealed), sessions
//! and who speaks at each; and the volunteer shifts, which are actions of the festival's unit or
//! of a section, with their team and end.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::festival::FestivalId;
use enquete_domain::programme::{SessionDraft, SpeakerDraft};
use enquete_domain::survey::Labels;
use enquete_domain::{FieldError, Timestamp};

const TRAVEL: &str = "festival_speakers.travel";
const ACCOMMODATION: &str = "festival_speakers.accommodation";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueRecord {
    pub id: i64,
    pub festival: FestivalId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRecord {
    pub id: i64,
    pub festival: FestivalId,
    pub draft: SpeakerDraft,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeSession {
    pub id: i64,
    pub festival: FestivalId,
    pub venue: i64,
    pub venue_name: String,
    pub draft: SessionDraft,
    /// (speaker, name, affiliation).
    pub speakers: Vec<(i64, String, String)>,
}

/// A volunteer shift: its action, team and end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftRecord {
    pub action: enquete_domain::campaign::ActionId,
    pub festival: FestivalId,
    pub team: String,
    pub ends_at: Timestamp,
}

impl Store {
    pub async fn create_venue(
        &self,
        festival: FestivalId,
        name: &str,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        if crate::name_taken(&mut tx, "festival_venues", "festival_id", festival.0, name).await? {
            return Err(FieldError::new("name", "error-venue-taken").into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO festival_venues (festival_id, name, created_at) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(festival.0)
        .bind(name)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn venues(&self, festival: FestivalId) -> StoreResult<Vec<VenueRecord>> {
        let rows = sqlx::query(
            "SELECT id, festival_id, name FROM festival_venues WHERE festival_id = $1 ORDER BY id",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(VenueRecord {
                    id: col(r, "id")?,
                    festival: FestivalId(col(r, "festival_id")?),
                    name: col(r, "name")?,
                })
            })
            .collect()
    }

    /// Adds a speaker (`None`) or changes one of the festival (their travel arranged later).
    pub async fn save_speaker(
        &self,
        festival: FestivalId,
        id: Option<i64>,
        d: &SpeakerDraft,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let travel = self.keys.seal(TRAVEL, &d.travel)?;
        let accommodation = self.keys.seal(ACCOMMODATION, &d.accommodation)?;
        let id =
            match id {
                None => sqlx::query_scalar(
                    "INSERT INTO festival_speakers (festival_id, name, affiliation, from_abroad, \
                     travel, accommodation, arrives_at, leaves_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(festival.0)
                .bind(&d.name)
                .bind(&d.affiliation)
                .bind(i64::from(d.from_abroad))
                .bind(travel)
                .bind(accommodation)
                .bind(d.arrives_at.map(|t| t.0))
                .bind(d.leaves_at.map(|t| t.0))
                .bind(now.0)
                .fetch_one(&mut *tx)
                .await?,
                Some(id) => {
                    let done = sqlx::query(
                    "UPDATE festival_speakers SET name = $1, affiliation = $2, from_abroad = $3, \
                     travel = $4, accommodation = $5, arrives_at = $6, leaves_at = $7 \
                     WHERE id = $8 AND festival_id = $9",
                )
                .bind(&d.name)
                .bind(&d.affiliation)
                .bind(i64::from(d.from_abroad))
                .bind(travel)
                .bind(accommodation)
                .bind(d.arrives_at.map(|t| t.0))
                .bind(d.leaves_at.map(|t| t.0))
                .bind(id)
                .bind(festival.0)
                .execute(&mut *tx)
                .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound("speaker"));
                    }
                    id
                }
            };
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn speakers(&self, festival: FestivalId) -> StoreResult<Vec<SpeakerRecord>> {
        let rows = sqlx::query(
            "SELECT id, festival_id, name, affiliation, from_abroad, travel, accommodation, \
             arrives_at, leaves_at FROM festival_speakers WHERE festival_id = $1 ORDER BY name, id",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SpeakerRecord {
                    id: col(r, "id")?,
                    festival: FestivalId(col(r, "festival_id")?),
                    draft: SpeakerDraft {
                        name: col(r, "name")?,
                        affiliation: col(r, "affiliation")?,
                        from_abroad: col::<i64>(r, "from_abroad")? != 0,
                        travel: self.keys.open(TRAVEL, &col::<String>(r, "travel")?)?,
                        accommodation: self
                            .keys
                            .open(ACCOMMODATION, &col::<String>(r, "accommodation")?)?,
                        arrives_at: col::<Option<i64>>(r, "arrives_at")?.map(Timestamp),
                        leaves_at: col::<Option<i64>>(r, "leaves_at")?.map(Timestamp),
                    },
                })
            })
            .collect()
    }

    /// Adds a session at a venue of the festival with some of its speakers; refused on `venue`
    /// or `speakers` when they are another festival's.
    pub async fn create_programme_session(
        &self,
        festival: FestivalId,
        venue: i64,
        d: &SessionDraft,
        speakers: &[i64],
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let ours: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM festival_venues WHERE id = $1 AND festival_id = $2",
        )
        .bind(venue)
        .bind(festival.0)
        .fetch_one(&mut *tx)
        .await?;
        if ours == 0 {
            return Err(FieldError::new("venue", "error-no-venue").into());
        }
        let titles = serde_json::to_string(&d.title)
            .map_err(|e| StoreError::Corrupt(format!("titles: {e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO festival_sessions (festival_id, venue_id, titles, language, \
             interpretation, starts_at, ends_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
             $8) RETURNING id",
        )
        .bind(festival.0)
        .bind(venue)
        .bind(titles)
        .bind(&d.language)
        .bind(d.interpretation.join(","))
        .bind(d.starts_at.0)
        .bind(d.ends_at.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        for speaker in speakers {
            let ours: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM festival_speakers WHERE id = $1 AND festival_id = $2",
            )
            .bind(speaker)
            .bind(festival.0)
            .fetch_one(&mut *tx)
            .await?;
            if ours == 0 {
                return Err(FieldError::new("speakers", "error-no-speaker").into());
            }
            sqlx::query(
                "INSERT INTO festival_session_speakers (session_id, speaker_id) VALUES ($1, $2) \
                 ON CONFLICT (session_id, speaker_id) DO NOTHING",
            )
            .bind(id)
            .bind(speaker)
            .execute(&mut *tx)
            .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The festival's sessions by start, with their speakers.
    pub async fn programme(&self, festival: FestivalId) -> StoreResult<Vec<ProgrammeSession>> {
        let rows = sqlx::query(
            "SELECT s.id, s.festival_id, s.venue_id, v.name AS venue_name, s.titles, s.language, \
             s.interpretation, s.starts_at, s.ends_at FROM festival_sessions s \
             JOIN festival_venues v ON v.id = s.venue_id WHERE s.festival_id = $1 \
             ORDER BY s.starts_at, v.name, s.id",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        let speakers = sqlx::query(
            "SELECT ss.session_id, p.id, p.name, p.affiliation FROM festival_session_speakers ss \
             JOIN festival_speakers p ON p.id = ss.speaker_id WHERE p.festival_id = $1 \
             ORDER BY p.name",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let id: i64 = col(r, "id")?;
                let titles: Labels = serde_json::from_str(&col::<String>(r, "titles")?)
                    .map_err(|e| StoreError::Corrupt(format!("session titles: {e}")))?;
                let interpretation: String = col(r, "interpretation")?;
                let mut who = Vec::new();
                for s in &speakers {
                    if col::<i64>(s, "session_id")? == id {
                        who.push((col(s, "id")?, col(s, "name")?, col(s, "affiliation")?));
                    }
                }
                Ok(ProgrammeSession {
                    id,
                    festival: FestivalId(col(r, "festival_id")?),
                    venue: col(r, "venue_id")?,
                    venue_name: col(r, "venue_name")?,
                    draft: SessionDraft {
                        title: titles,
                        starts_at: Timestamp(col(r, "starts_at")?),
                        ends_at: Timestamp(col(r, "ends_at")?),
                        language: col(r, "language")?,
                        interpretation: interpretation
                            .split(',')
                            .filter(|c| !c.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    },
                    speakers: who,
                })
            })
            .collect()
    }

    /// A volunteer shift: the action and its link to the festival, in one transaction.
    pub async fn create_shift(
        &self,
        unit: enquete_domain::org::UnitId,
        draft: &enquete_domain::campaign::ActionDraft,
        token: &str,
        by: Option<enquete_domain::account::UserId>,
        now: Timestamp,
        (festival, team, ends_at): (FestivalId, &str, Timestamp),
    ) -> StoreResult<crate::ActionRecord> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO actions (campaign_id, unit_id, title, description, place, starts_at, \
             capacity, token, created_by, created_at) VALUES (NULL, $1, $2, $3, $4, $5, $6, $7, \
             $8, $9) RETURNING id",
        )
        .bind(unit.0)
        .bind(draft.title.as_str())
        .bind(draft.description.as_str())
        .bind(draft.place.as_str())
        .bind(draft.starts_at.0)
        .bind(draft.capacity.map(i64::from))
        .bind(token)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO festival_shifts (action_id, festival_id, team, ends_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(festival.0)
        .bind(team)
        .bind(ends_at.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.action(enquete_domain::campaign::ActionId(id)).await
    }

    /// The festival's shifts (with their actions), by start.
    pub async fn shifts(
        &self,
        festival: FestivalId,
    ) -> StoreResult<Vec<(ShiftRecord, crate::ActionRecord)>> {
        let rows = sqlx::query(
            "SELECT action_id, festival_id, team, ends_at FROM festival_shifts \
             WHERE festival_id = $1",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let shift = ShiftRecord {
                action: enquete_domain::campaign::ActionId(col(r, "action_id")?),
                festival: FestivalId(col(r, "festival_id")?),
                team: col(r, "team")?,
                ends_at: Timestamp(col(r, "ends_at")?),
            };
            let action = self.action(shift.action).await?;
            out.push((shift, action));
        }
        out.sort_by(|a, b| {
            (a.1.starts_at, &a.0.team, a.1.id.0).cmp(&(b.1.starts_at, &b.0.team, b.1.id.0))
        });
        Ok(out)
    }
}

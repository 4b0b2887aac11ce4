//! Campaigns and their targets, and the counts their progress is made of.
//!
//! Progress is not stored: it is counted from what happened (responses collected, signatures,
//! check-ins, ladder moves), so it can never disagree with the records, and rolled up the tree by
//! the analysis crate like every other count.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::campaign::{CampaignDraft, CampaignId, Metric};
use enquete_domain::people::Stage;
use enquete_domain::survey::SurveyId;
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
};
use serde::Serialize;
use sqlx::any::AnyRow;

/// One day, the step of the progress charts.
pub const DAY: i64 = 86_400;

#[derive(Debug, Clone, Serialize)]
pub struct CampaignRecord {
    pub id: CampaignId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub title: String,
    pub description: String,
    pub survey: Option<SurveyId>,
    pub question: String,
    pub choice: String,
    /// The figures the focus was chosen on, in words.
    pub evidence: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub created_at: Timestamp,
}

/// A new campaign: where it is rooted, what it says, and the result it came from.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub unit: UnitId,
    pub draft: CampaignDraft,
    pub survey: Option<SurveyId>,
    pub question: String,
    pub choice: String,
    pub evidence: String,
}

/// A unit's own target for one metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetRow {
    pub unit: UnitId,
    pub metric: Metric,
    pub target: u64,
}

/// How many of `metric` happened in `unit` (itself, not below) on day `day` of the campaign
/// (0 is the first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub unit: UnitId,
    pub metric: Metric,
    pub day: i64,
    pub n: u64,
}

const CAMPAIGN_COLUMNS: &str = "c.id, c.unit_id, c.title, c.description, c.survey_id, c.question, \
     c.choice, c.evidence, c.starts_at, c.ends_at, c.created_at, u.path AS unit_path, u.name AS unit_name";

fn campaign_from_row(row: &AnyRow) -> StoreResult<CampaignRecord> {
    Ok(CampaignRecord {
        id: CampaignId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "unit_path")?,
        unit_name: col(row, "unit_name")?,
        title: col(row, "title")?,
        description: col(row, "description")?,
        survey: col::<Option<i64>>(row, "survey_id")?.map(SurveyId),
        question: col(row, "question")?,
        choice: col(row, "choice")?,
        evidence: col(row, "evidence")?,
        starts_at: Timestamp(col(row, "starts_at")?),
        ends_at: Timestamp(col(row, "ends_at")?),
        created_at: Timestamp(col(row, "created_at")?),
    })
}

pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

async fn upsert_targets(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    campaign: CampaignId,
    targets: &[TargetRow],
    by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<()> {
    for t in targets {
        sqlx::query(
            "INSERT INTO campaign_targets (campaign_id, unit_id, metric, target, set_by, set_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (campaign_id, unit_id, metric) \
             DO UPDATE SET target = excluded.target, set_by = excluded.set_by, set_at = excluded.set_at",
        )
        .bind(campaign.0)
        .bind(t.unit.0)
        .bind(t.metric.as_str())
        .bind(to_i64(t.target))
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Stores a campaign with its targets in every unit, all or nothing.
    pub async fn create_campaign(
        &self,
        new: &NewCampaign,
        targets: &[TargetRow],
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<CampaignRecord> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (unit_id, title, description, survey_id, question, choice, \
             evidence, starts_at, ends_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(new.unit.0)
        .bind(new.draft.title.as_str())
        .bind(new.draft.description.as_str())
        .bind(new.survey.map(|s| s.0))
        .bind(new.question.as_str())
        .bind(new.choice.as_str())
        .bind(new.evidence.as_str())
        .bind(new.draft.starts_at.0)
        .bind(new.draft.ends_at.0)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        let id = CampaignId(id);
        upsert_targets(&mut tx, id, targets, by, now).await?;
        tx.commit().await?;
        self.campaign(id).await
    }

    pub async fn campaign(&self, id: CampaignId) -> StoreResult<CampaignRecord> {
        let row = sqlx::query(&format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c JOIN units u ON u.id = c.unit_id WHERE c.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("campaign"))?;
        campaign_from_row(&row)
    }

    /// Campaigns that reach `path`: those rooted above it (a national focus reaches every
    /// section) and those rooted inside it. Newest first.
    pub async fn campaigns_reaching(&self, path: &UnitPath) -> StoreResult<Vec<CampaignRecord>> {
        let (cond, params) = crate::reaching("u.path", path.as_str(), 1);
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c JOIN units u ON u.id = c.unit_id \
             WHERE {cond} ORDER BY c.starts_at DESC, c.id DESC LIMIT 500"
        );
        let mut query = sqlx::query(&sql);
        for p in &params {
            query = query.bind(p.as_str());
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(campaign_from_row).collect()
    }

    /// The targets of a campaign, every unit and metric.
    pub async fn campaign_targets(&self, campaign: CampaignId) -> StoreResult<Vec<TargetRow>> {
        let rows = sqlx::query(
            "SELECT unit_id, metric, target FROM campaign_targets WHERE campaign_id = $1",
        )
        .bind(campaign.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let metric: String = col(row, "metric")?;
                Ok(TargetRow {
                    unit: UnitId(col(row, "unit_id")?),
                    metric: Metric::parse(&metric)
                        .map_err(|_| StoreError::Corrupt(format!("metric {metric}")))?,
                    target: to_u64(col(row, "target")?),
                })
            })
            .collect()
    }

    /// Sets targets (adding or replacing), all or nothing, with an audit line.
    pub async fn set_targets(
        &self,
        campaign: CampaignId,
        targets: &[TargetRow],
        by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        upsert_targets(&mut tx, campaign, targets, by, now).await?;
        if let Some(event) = audit {
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Everything the campaign's progress is made of, per unit of `root`'s subtree, metric and
    /// day from the campaign's start to a day after its deadline.
    pub async fn campaign_tallies(
        &self,
        campaign: &CampaignRecord,
        root: &UnitPath,
    ) -> StoreResult<Vec<Tally>> {
        let (lo, hi) = subtree_range(root.as_str());
        let (from, to) = (campaign.starts_at.0, campaign.ends_at.0 + DAY);
        let queries: [(Metric, String); 5] = [
            (
                Metric::Conversations,
                "SELECT r.unit_id AS unit_id, (r.collected_at - $3) / 86400 AS day, COUNT(*) AS n \
                 FROM responses r JOIN units u ON u.id = r.unit_id \
                 WHERE u.path >= $1 AND u.path < $2 AND r.collected_at >= $3 AND r.collected_at < $4 \
                 AND $5 = $5 GROUP BY r.unit_id, (r.collected_at - $3) / 86400"
                    .to_owned(),
            ),
            (
                Metric::Signatures,
                "SELECT s.unit_id AS unit_id, (s.signed_at - $3) / 86400 AS day, COUNT(*) AS n \
                 FROM signatures s JOIN petitions p ON p.id = s.petition_id JOIN units u ON u.id = s.unit_id \
                 WHERE u.path >= $1 AND u.path < $2 AND s.signed_at >= $3 AND s.signed_at < $4 \
                 AND p.campaign_id = $5 GROUP BY s.unit_id, (s.signed_at - $3) / 86400"
                    .to_owned(),
            ),
            (
                Metric::Attendance,
                "SELECT a.unit_id AS unit_id, (r.attended_at - $3) / 86400 AS day, COUNT(*) AS n \
                 FROM rsvps r JOIN actions a ON a.id = r.action_id JOIN units u ON u.id = a.unit_id \
                 WHERE u.path >= $1 AND u.path < $2 AND r.attended_at >= $3 AND r.attended_at < $4 \
                 AND a.campaign_id = $5 GROUP BY a.unit_id, (r.attended_at - $3) / 86400"
                    .to_owned(),
            ),
            (
                Metric::NewSympathisers,
                "SELECT p.unit_id AS unit_id, (sc.at - $3) / 86400 AS day, COUNT(DISTINCT sc.person_id) AS n \
                 FROM stage_changes sc JOIN people p ON p.id = sc.person_id JOIN units u ON u.id = p.unit_id \
                 WHERE u.path >= $1 AND u.path < $2 AND sc.at >= $3 AND sc.at < $4 AND $5 = $5 \
                 AND sc.from_stage = 'contact' AND sc.to_stage <> 'contact' \
                 GROUP BY p.unit_id, (sc.at - $3) / 86400"
                    .to_owned(),
            ),
            (
                Metric::NewMembers,
                "SELECT p.unit_id AS unit_id, (sc.at - $3) / 86400 AS day, COUNT(DISTINCT sc.person_id) AS n \
                 FROM stage_changes sc JOIN people p ON p.id = sc.person_id JOIN units u ON u.id = p.unit_id \
                 WHERE u.path >= $1 AND u.path < $2 AND sc.at >= $3 AND sc.at < $4 AND $5 = $5 \
                 AND sc.to_stage = 'member' AND sc.from_stage IN ('contact', 'sympathiser', 'active') \
                 GROUP BY p.unit_id, (sc.at - $3) / 86400"
                    .to_owned(),
            ),
        ];
        let mut out = Vec::new();
        for (metric, sql) in &queries {
            let rows = sqlx::query(sql)
                .bind(lo.as_str())
                .bind(hi.as_str())
                .bind(from)
                .bind(to)
                .bind(campaign.id.0)
                .fetch_all(&self.read)
                .await?;
            for row in &rows {
                out.push(Tally {
                    unit: UnitId(col(row, "unit_id")?),
                    metric: *metric,
                    day: col(row, "day")?,
                    n: to_u64(col(row, "n")?),
                });
            }
        }
        Ok(out)
    }

    /// Where the people who took part in a campaign in a subtree (answered an action or signed
    /// a petition with their consent) stand on the ladder now.
    pub async fn campaign_participant_stages(
        &self,
        campaign: CampaignId,
        root: &UnitPath,
    ) -> StoreResult<Vec<(Stage, u64)>> {
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(
            "SELECT p.stage AS stage, COUNT(*) AS n FROM people p JOIN units u ON u.id = p.unit_id \
             WHERE u.path >= $1 AND u.path < $2 AND p.id IN ( \
               SELECT r.person_id FROM rsvps r JOIN actions a ON a.id = r.action_id \
               WHERE a.campaign_id = $3 AND r.status <> 'cancelled' \
               UNION SELECT s.person_id FROM signatures s JOIN petitions t ON t.id = s.petition_id \
               WHERE t.campaign_id = $3 AND s.person_id IS NOT NULL) \
             GROUP BY p.stage",
        )
        .bind(lo)
        .bind(hi)
        .bind(campaign.0)
        .fetch_all(&self.read)
        .await?;
        stage_counts(&rows)
    }

    /// How many people of each unit of a subtree first reached each stage, month by month
    /// (`YYYY-MM`, UTC), from the ladder history: the funnel over time. The units' own people
    /// only, not rolled up.
    pub async fn stages_reached_by_month(
        &self,
        root: &UnitPath,
        since: Timestamp,
    ) -> StoreResult<Vec<(UnitId, String, Stage, u64)>> {
        // Grouped in the database: per unit, stage and day of first reaching it, so the page
        // reads a bounded number of rows however many people; days become months here.
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(
            "SELECT unit_id, stage, first_at / 86400 AS day, COUNT(*) AS n FROM ( \
               SELECT p.unit_id AS unit_id, sc.to_stage AS stage, MIN(sc.at) AS first_at \
               FROM stage_changes sc JOIN people p ON p.id = sc.person_id JOIN units u ON u.id = p.unit_id \
               WHERE u.path >= $1 AND u.path < $2 GROUP BY p.unit_id, sc.person_id, sc.to_stage \
               HAVING MIN(sc.at) >= $3) firsts \
             GROUP BY unit_id, stage, first_at / 86400",
        )
        .bind(lo)
        .bind(hi)
        .bind(since.0)
        .fetch_all(&self.read)
        .await?;
        let mut counts: std::collections::BTreeMap<(i64, String, Stage), u64> = Default::default();
        for row in &rows {
            let stage: String = col(row, "stage")?;
            let stage =
                Stage::parse(&stage).map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?;
            let day: i64 = col(row, "day")?;
            let month = Timestamp(day * DAY)
                .date()
                .chars()
                .take(7)
                .collect::<String>();
            let unit: i64 = col(row, "unit_id")?;
            *counts.entry((unit, month, stage)).or_default() += to_u64(col(row, "n")?);
        }
        Ok(counts
            .into_iter()
            .map(|((u, m, s), n)| (UnitId(u), m, s, n))
            .collect())
    }
}

fn stage_counts(rows: &[AnyRow]) -> StoreResult<Vec<(Stage, u64)>> {
    rows.iter()
        .map(|row| {
            let stage: String = col(row, "stage")?;
            Ok((
                Stage::parse(&stage).map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
                to_u64(col(row, "n")?),
            ))
        })
        .collect()
}

//! Campaign progress as pages and the API show it: what happened in a unit and below against
//! its target, the units below side by side, progress day by day and the units falling behind.
//! Counted from the records on every request (see `enquete_store::campaigns`), so every server
//! shows the same numbers.

use crate::AppState;
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use enquete_analysis::progress::{MetricTotals, cumulative_by_day, done_by_unit};
use enquete_domain::Timestamp;
use enquete_domain::campaign::{Metric, pace};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{CampaignRecord, DAY, TargetRow};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

/// One metric of one unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MetricProgress {
    /// conversations, signatures, attendance, new_sympathisers or new_members
    pub metric: String,
    /// Everything counted in the unit and below.
    pub done: u64,
    /// The unit's own target, if it has one.
    pub target: Option<u64>,
    /// The targets of the units directly below, added up.
    pub children_target: u64,
    /// `done / target` (0 without a target).
    pub share: f64,
    /// Where a steady pace from start to deadline would be by now.
    pub expected: f64,
    pub behind: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitProgress {
    pub unit_id: i64,
    pub name: String,
    pub kind: String,
    pub metrics: Vec<MetricProgress>,
}

impl UnitProgress {
    pub fn metric(&self, metric: Metric) -> Option<&MetricProgress> {
        self.metrics.iter().find(|m| m.metric == metric.as_str())
    }
}

/// A unit below the target's pace on one metric.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Behind {
    pub unit_id: i64,
    pub name: String,
    pub metric: String,
    pub done: u64,
    pub target: u64,
    pub expected: f64,
}

/// Totals up to and including one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayTotals {
    /// YYYY-MM-DD
    pub date: String,
    /// One number per metric, in the order of `metrics` of the campaign.
    pub values: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignProgress {
    pub campaign_id: i64,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The metrics with a target anywhere in the campaign, in a fixed order.
    pub metrics: Vec<String>,
    pub unit: UnitProgress,
    pub children: Vec<UnitProgress>,
    pub behind: Vec<Behind>,
    pub series: Vec<DayTotals>,
}

/// Whether the account follows campaign work in `unit`: those who run it there.
pub fn follows(staff: &Staff, unit: &Unit) -> bool {
    let here = Target::unit(&unit.path);
    allows(&staff.actor, Action::ManageActions, here)
        || allows(&staff.actor, Action::ManageCampaigns, here)
}

/// The unit a campaign is looked at from: the one asked for, or where the account stands, but
/// never above the campaign's own root. Refuses units the campaign does not reach.
pub async fn view_unit(
    state: &AppState,
    staff: &Staff,
    campaign: &CampaignRecord,
    asked: Option<i64>,
) -> AppResult<Unit> {
    let id = asked.map_or(staff.user.user.unit, UnitId);
    let mut unit = state.store.unit(id).await?;
    if campaign.unit_path.is_within(&unit.path) {
        unit = state.store.unit(campaign.unit).await?;
    }
    if !unit.path.is_within(&campaign.unit_path) {
        return Err(AppError::NotFound("campaign"));
    }
    if !follows(staff, &unit) {
        return Err(AppError::Forbidden);
    }
    Ok(unit)
}

/// The metrics a campaign has targets for, in the fixed order of [`Metric::ALL`].
pub fn campaign_metrics(targets: &[TargetRow]) -> Vec<Metric> {
    Metric::ALL
        .into_iter()
        .filter(|m| targets.iter().any(|t| t.metric == *m))
        .collect()
}

/// Computes the progress of `campaign` seen from `unit`.
pub async fn progress(
    state: &AppState,
    campaign: &CampaignRecord,
    unit: &Unit,
    now: Timestamp,
) -> AppResult<CampaignProgress> {
    let units = state.store.subtree(&unit.path, false).await?;
    let targets = state.store.campaign_targets(campaign.id).await?;
    let metrics = campaign_metrics(&targets);
    let tallies = state.store.campaign_tallies(campaign, &unit.path).await?;
    let tree: Vec<(UnitId, Option<UnitId>)> = units.iter().map(|u| (u.id, u.parent)).collect();
    let done = done_by_unit(&tree, tallies.iter().map(|t| (t.unit, t.metric, t.n)));
    let own: HashMap<(UnitId, Metric), u64> = targets
        .iter()
        .map(|t| ((t.unit, t.metric), t.target))
        .collect();
    let mut below: HashMap<(UnitId, Metric), u64> = HashMap::new();
    for u in &units {
        let Some(parent) = u.parent else { continue };
        for m in &metrics {
            if let Some(t) = own.get(&(u.id, *m)) {
                *below.entry((parent, *m)).or_default() += t;
            }
        }
    }
    let row = |u: &Unit| -> UnitProgress {
        let totals = done.get(&u.id).copied().unwrap_or_default();
        UnitProgress {
            unit_id: u.id.0,
            name: u.name.as_str().to_owned(),
            kind: u.kind.as_str().to_owned(),
            metrics: metrics
                .iter()
                .map(|m| {
                    let target = own.get(&(u.id, *m)).copied();
                    let d = totals.get(*m);
                    let p = pace(
                        target.unwrap_or(0),
                        d,
                        campaign.starts_at,
                        campaign.ends_at,
                        now,
                    );
                    MetricProgress {
                        metric: m.as_str().to_owned(),
                        done: d,
                        target,
                        children_target: below.get(&(u.id, *m)).copied().unwrap_or(0),
                        share: p.done_share,
                        expected: p.expected,
                        behind: p.behind,
                    }
                })
                .collect(),
        }
    };
    let mut behind: Vec<Behind> = Vec::new();
    for u in units.iter().filter(|u| u.id != unit.id) {
        for m in row(u).metrics.into_iter().filter(|m| m.behind) {
            behind.push(Behind {
                unit_id: u.id.0,
                name: u.name.as_str().to_owned(),
                metric: m.metric,
                done: m.done,
                target: m.target.unwrap_or(0),
                expected: m.expected,
            });
        }
    }
    behind.sort_by(|a, b| {
        let ra = a.done as f64 / a.target.max(1) as f64;
        let rb = b.done as f64 / b.target.max(1) as f64;
        ra.total_cmp(&rb).then(a.unit_id.cmp(&b.unit_id))
    });
    behind.truncate(50);
    let last = now.0.clamp(campaign.starts_at.0, campaign.ends_at.0);
    let days = usize::try_from((last - campaign.starts_at.0) / DAY + 1).unwrap_or(1);
    let within: HashSet<UnitId> = units.iter().map(|u| u.id).collect();
    let daily: Vec<MetricTotals> = cumulative_by_day(
        &within,
        tallies.iter().map(|t| (t.unit, t.metric, t.day, t.n)),
        days,
    );
    let series = daily
        .iter()
        .enumerate()
        .map(|(d, totals)| DayTotals {
            date: Timestamp(campaign.starts_at.0 + DAY * i64::try_from(d).unwrap_or(0)).date(),
            values: metrics.iter().map(|m| totals.get(*m)).collect(),
        })
        .collect();
    Ok(CampaignProgress {
        campaign_id: campaign.id,
        title: campaign.title.clone(),
        starts_on: campaign.starts_at.date(),
        ends_on: campaign.ends_at.date(),
        metrics: metrics.iter().map(|m| m.as_str().to_owned()).collect(),
        unit: row(unit),
        children: units
            .iter()
            .filter(|u| u.parent == Some(unit.id))
            .map(row)
            .collect(),
        behind,
        series,
    })
}

/// The ladder funnel of the people who took part in a campaign in `unit` and below.
pub async fn funnel(
    state: &AppState,
    campaign: &CampaignRecord,
    unit: &Unit,
) -> AppResult<Vec<enquete_analysis::FunnelStep>> {
    let mut totals = enquete_analysis::StageTotals::default();
    for (stage, n) in state
        .store
        .campaign_participant_stages(campaign.id, &unit.path)
        .await?
    {
        totals.add(stage, n);
    }
    Ok(totals.funnel())
}

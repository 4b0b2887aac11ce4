//! Campaign progress as pages and the API show it: what happened in a unit and below against
//! its target, the units below side by side, progress day by day and the units falling behind.
//! Counted from the records on every request (see `enquete_store::campaigns`), so every server
//! shows the same numbers.

use crate::App;
use crate::Caller;
use crate::{Error, Result};
use enquete_analysis::progress::cascade;
use enquete_analysis::progress::{MetricTotals, cumulative_by_day, done_by_unit};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{CampaignDraft, CampaignId};
use enquete_domain::campaign::{Metric, format_ladder_rules, pace, parse_ladder_rules};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::SurveyId;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::NewCampaign;
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
    /// The unit directly below the one looked from that this one is in (or is): its region,
    /// its city..., so that the list can be read and filtered one part of the tree at a time.
    pub group_id: i64,
    pub group_name: String,
    pub metric: String,
    pub done: u64,
    pub target: u64,
    /// `done / target`.
    pub share: f64,
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
    /// The campaign's length in days, first day and deadline included.
    pub days: usize,
    /// The metrics with a target anywhere in the campaign, in a fixed order.
    pub metrics: Vec<String>,
    pub unit: UnitProgress,
    pub children: Vec<UnitProgress>,
    /// Every unit below behind its pace on some metric: the worst of each part of the tree
    /// first, then the second worst of each, and so on (see [`interleave_behind`]).
    pub behind: Vec<Behind>,
    pub series: Vec<DayTotals>,
}

/// Whether the account follows campaign work in `unit`: those who run it there.
pub fn follows(caller: &Caller, unit: &Unit) -> bool {
    let here = Target::unit(&unit.path);
    allows(&caller.actor, Action::ManageActions, here)
        || allows(&caller.actor, Action::ManageCampaigns, here)
}

/// The unit a campaign is looked at from: the one asked for, or where the account stands, but
/// never above the campaign's own root. Refuses units the campaign does not reach.
pub async fn view_unit(
    app: &App,
    caller: &Caller,
    campaign: &CampaignRecord,
    asked: Option<UnitId>,
) -> Result<Unit> {
    let id = asked.unwrap_or(caller.unit);
    let mut unit = app.store.unit(id).await?;
    if campaign.unit_path.is_within(&unit.path) {
        unit = app.store.unit(campaign.unit).await?;
    }
    if !unit.path.is_within(&campaign.unit_path) {
        return Err(Error::NotFound("campaign"));
    }
    if !follows(caller, &unit) {
        return Err(Error::Forbidden);
    }
    Ok(unit)
}

/// The unit where the account plans work (`action`: actions or petitions), checked: in scope,
/// open, and reached by the campaign the work belongs to, if any.
pub async fn work_unit(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    action: Action,
    campaign: Option<CampaignId>,
) -> Result<Unit> {
    let unit = crate::scope::unit_for(app, caller, unit, action).await?;
    if unit.is_archived() {
        return Err(enquete_domain::FieldError::new("unit", "error-unit-archived").into());
    }
    if let Some(k) = campaign {
        let k = app
            .store
            .campaign(k)
            .await
            .map_err(|_| enquete_domain::FieldError::new("campaign", "error-no-campaign"))?;
        if !unit.path.is_within(&k.unit_path) {
            return Err(
                enquete_domain::FieldError::new("campaign", "error-campaign-not-here").into(),
            );
        }
    }
    Ok(unit)
}

/// A campaign chosen in a form: empty for none.
pub fn campaign_field(raw: &str) -> Result<Option<CampaignId>, enquete_domain::FieldError> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(|id| Some(CampaignId(id)))
            .map_err(|_| enquete_domain::FieldError::new("campaign", "error-campaign-number")),
    }
}

/// The metrics a campaign has targets for, in the fixed order of [`Metric::ALL`].
fn campaign_metrics(targets: &[TargetRow]) -> Vec<Metric> {
    Metric::ALL
        .into_iter()
        .filter(|m| targets.iter().any(|t| t.metric == *m))
        .collect()
}

/// Computes the progress of `campaign` seen from `unit`.
pub async fn progress(
    app: &App,
    campaign: &CampaignRecord,
    unit: &Unit,
    now: Timestamp,
) -> Result<CampaignProgress> {
    let units = app.store.subtree(&unit.path, false).await?;
    let targets = app.store.campaign_targets(campaign.id).await?;
    let metrics = campaign_metrics(&targets);
    let tallies = app.store.campaign_tallies(campaign, &unit.path).await?;
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
    let names: HashMap<UnitId, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let mut behind: Vec<Behind> = Vec::new();
    for u in units.iter().filter(|u| u.id != unit.id) {
        let ids = u.path.ids();
        let group = ids
            .iter()
            .skip_while(|id| **id != unit.id)
            .nth(1)
            .copied()
            .unwrap_or(u.id);
        for m in row(u).metrics.into_iter().filter(|m| m.behind) {
            let target = m.target.unwrap_or(0);
            behind.push(Behind {
                unit_id: u.id.0,
                name: u.name.as_str().to_owned(),
                group_id: group.0,
                group_name: names.get(&group).copied().unwrap_or_default().to_owned(),
                metric: m.metric,
                done: m.done,
                target,
                share: m.done as f64 / target.max(1) as f64,
                expected: m.expected,
            });
        }
    }
    let behind = interleave_behind(behind);
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
        campaign_id: campaign.id.0,
        title: campaign.title.clone(),
        starts_on: campaign.starts_at.date(),
        ends_on: campaign.ends_at.date(),
        days: usize::try_from((campaign.ends_at.0 - campaign.starts_at.0) / DAY + 1).unwrap_or(1),
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

/// Orders the units behind so that no one part of the tree fills the top of the list: within
/// each group (the unit directly below the one looked from) the furthest behind first, then the
/// first of every group, the second of every group..., each round worst first.
pub fn interleave_behind(mut behind: Vec<Behind>) -> Vec<Behind> {
    behind.sort_by(|a, b| {
        a.group_id
            .cmp(&b.group_id)
            .then(a.share.total_cmp(&b.share))
            .then(a.unit_id.cmp(&b.unit_id))
            .then(a.metric.cmp(&b.metric))
    });
    let mut rank: Vec<(usize, Behind)> = Vec::with_capacity(behind.len());
    let mut last: Option<i64> = None;
    let mut n = 0;
    for b in behind {
        n = if last == Some(b.group_id) { n + 1 } else { 0 };
        last = Some(b.group_id);
        rank.push((n, b));
    }
    rank.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(a.share.total_cmp(&b.share))
            .then(a.group_id.cmp(&b.group_id))
    });
    rank.into_iter().map(|(_, b)| b).collect()
}

/// The ladder funnel of the people who took part in a campaign in `unit` and below.
pub async fn funnel(
    app: &App,
    campaign: &CampaignRecord,
    unit: &Unit,
) -> Result<Vec<enquete_analysis::FunnelStep>> {
    let mut totals = enquete_analysis::StageTotals::default();
    for (stage, n) in app
        .store
        .campaign_participant_stages(campaign.id, &unit.path)
        .await?
    {
        totals.add(stage, n);
    }
    Ok(totals.funnel())
}

/// The figures of one answer of an enquête at one unit: what a focus keeps of the result it was
/// chosen from. Stored with the campaign as JSON, and worded in each reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct Evidence {
    pub unit_id: i64,
    pub unit_name: String,
    /// The share who chose the answer, with its 95% interval.
    pub share: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// How many answered the question.
    pub answered: Option<u64>,
    pub weighted: bool,
    /// Rankings: the share who put it first.
    pub first_share: Option<f64>,
}

impl Evidence {
    /// As stored in the campaign's record.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From the campaign's record; `None` for none, or for the words older campaigns kept.
    pub fn from_stored(raw: &str) -> Option<Self> {
        serde_json::from_str(raw).ok()
    }
}

/// The result a campaign's focus was chosen from, as a reader sees it: the question and answer
/// in their language, and the figures then (or, for older campaigns, the words kept then).
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    pub question: String,
    pub choice: String,
    pub figures: Option<Evidence>,
    pub words: String,
}

/// Whether a question's answers can become a campaign's focus: choices that are issues, not a
/// yes/no or either/or question (consent to be contacted) nor a demographic one.
pub fn may_be_focus(q: &enquete_domain::survey::Question) -> bool {
    use enquete_domain::survey::QuestionKind;
    !q.demographic
        && match &q.kind {
            QuestionKind::SingleChoice { choices } => choices.len() > 2,
            QuestionKind::MultipleChoice { choices } | QuestionKind::Ranking { choices, .. } => {
                !choices.is_empty()
            }
            _ => false,
        }
}

/// The figures of one answer of an enquête at a unit, with the question and answer in `lang`.
/// Refuses questions that cannot be a focus ([`may_be_focus`]).
pub async fn evidence(
    app: &App,
    survey: SurveyId,
    question: &str,
    choice: &str,
    unit: &Unit,
    lang: Language,
) -> Result<Cited> {
    let snap = crate::results::snapshot(app, survey).await?;
    let asked = snap
        .survey
        .definition
        .questions
        .iter()
        .find(|q| q.name == question)
        .ok_or_else(|| FieldError::new("question", "error-no-question"))?;
    if !may_be_focus(asked) {
        return Err(FieldError::new("question", "error-question-not-focus").into());
    }
    let results = crate::results::for_unit(
        &snap,
        unit,
        false,
        lang,
        true,
        false,
        &crate::results::Plain,
    )?;
    let q = results
        .questions
        .iter()
        .find(|q| q.code == question)
        .ok_or_else(|| FieldError::new("question", "error-no-question"))?;
    let o = q
        .options
        .iter()
        .find(|o| o.code == choice)
        .ok_or_else(|| FieldError::new("choice", "error-no-choice"))?;
    Ok(Cited {
        question: q.label.clone(),
        choice: o.label.clone(),
        figures: Some(Evidence {
            unit_id: unit.id.0,
            unit_name: results.unit_name.clone(),
            share: o.share,
            low: o.low,
            high: o.high,
            answered: q.answered,
            weighted: results.weighted,
            first_share: o.first_share,
        }),
        words: String::new(),
    })
}

/// The result `k` was chosen from, in `lang`; `None` for a campaign started from scratch.
pub async fn cited(app: &App, k: &CampaignRecord, lang: Language) -> Result<Option<Cited>> {
    let Some(survey) = k.survey else {
        return Ok(None);
    };
    let def = app.store.survey(survey).await?.definition;
    let q = def.questions.iter().find(|q| q.name == k.question);
    let question = q.map_or_else(|| k.question.clone(), |q| q.label.get(lang).to_owned());
    let choice = q
        .and_then(|q| q.kind.choices().iter().find(|c| c.name == k.choice))
        .map_or_else(|| k.choice.clone(), |c| c.label.get(lang).to_owned());
    let figures = Evidence::from_stored(&k.evidence);
    Ok(Some(Cited {
        question,
        choice,
        words: if figures.is_some() {
            String::new()
        } else {
            k.evidence.clone()
        },
        figures,
    }))
}

/// Shares each metric's number at `root` out over its subtree, in proportion to the people of
/// each unit (equally where there are none).
pub async fn cascaded(app: &App, root: &Unit, numbers: &[(Metric, u64)]) -> Result<Vec<TargetRow>> {
    let totals = crate::scope::totals_below(app, root).await?;
    let units = app.store.subtree(&root.path, false).await?;
    let tree: Vec<(UnitId, Option<UnitId>)> = units.iter().map(|u| (u.id, u.parent)).collect();
    let weight: HashMap<UnitId, u64> = totals.iter().map(|(k, v)| (*k, v.total())).collect();
    let mut out = Vec::new();
    for (metric, total) in numbers {
        for (unit, target) in cascade(&tree, root.id, *total, &weight) {
            out.push(TargetRow {
                unit,
                metric: *metric,
                target,
            });
        }
    }
    Ok(out)
}

/// Starts a campaign: checks it, shares its targets out and stores it. Shared with the API.
pub async fn start(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    draft: CampaignDraft,
    source: Option<(SurveyId, String, String)>,
    numbers: &[(Metric, u64)],
    lang: Language,
) -> Result<CampaignRecord> {
    let root = crate::scope::unit_for(app, caller, unit, Action::ManageCampaigns).await?;
    if root.is_archived() {
        return Err(FieldError::new("unit", "error-unit-archived").into());
    }
    if numbers.is_empty() {
        return Err(FieldError::new("targets", "error-targets-none").into());
    }
    let (survey, question, choice, evidence) = match source {
        Some((survey, question, choice)) => {
            let cited = evidence(app, survey, &question, &choice, &root, lang).await?;
            let figures = cited.figures.map(|e| e.to_stored()).unwrap_or_default();
            (Some(survey), question, choice, figures)
        }
        None => (None, String::new(), String::new(), String::new()),
    };
    let targets = cascaded(app, &root, numbers).await?;
    Ok(app
        .store
        .create_campaign(
            &NewCampaign {
                unit: root.id,
                draft,
                survey,
                question,
                choice,
                evidence,
            },
            &targets,
            Some(caller.id()),
            caller.now,
        )
        .await?)
}

/// Sets a unit's own targets (and, when asked, shares them out again below it). Shared with the
/// API.
pub async fn set_targets_for(
    app: &App,
    caller: &Caller,
    k: &CampaignRecord,
    unit: UnitId,
    numbers: &[(Metric, u64)],
    share_out: bool,
) -> Result<()> {
    let unit = crate::scope::unit_for(app, caller, unit, Action::ManageCampaigns).await?;
    if !unit.path.is_within(&k.unit_path) {
        return Err(FieldError::new("unit", "error-campaign-not-here").into());
    }
    if numbers.is_empty() {
        return Err(FieldError::new("targets", "error-targets-none").into());
    }
    let rows = if share_out {
        cascaded(app, &unit, numbers).await?
    } else {
        numbers
            .iter()
            .map(|(metric, target)| TargetRow {
                unit: unit.id,
                metric: *metric,
                target: *target,
            })
            .collect()
    };
    let now = caller.now;
    let detail = numbers
        .iter()
        .map(|(m, n)| format!("{}={n}", m.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    app.store
        .set_targets(
            k.id,
            &rows,
            Some(caller.id()),
            now,
            Some(crate::audit::event(
                caller,
                AuditAction::CampaignTargets,
                None,
                format!(
                    "campaign {} at {}: {detail}{}",
                    k.id,
                    unit.name.as_str(),
                    if share_out { ", shared out below" } else { "" }
                ),
            )),
        )
        .await?;
    Ok(())
}

/// Sets the ladder rules (which actions move people up), for those who may; the rules as
/// written go into the audit entry.
pub async fn set_ladder_rules(app: &App, caller: &Caller, written: &str) -> Result<()> {
    let org = caller.actor.organization();
    if !allows(&caller.actor, Action::SetLadderRules, Target::unit(&org)) {
        return Err(Error::Forbidden);
    }
    let rules = parse_ladder_rules(written)?;
    let text = format_ladder_rules(&rules);
    let event = crate::audit::event(
        caller,
        AuditAction::LadderRules,
        None,
        text.replace('\n', "; "),
    );
    app.store
        .set_ladder_rules(caller.organization(), &rules, event)
        .await?;
    Ok(())
}

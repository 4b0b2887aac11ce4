//! Campaigns: a focus chosen from the enquête's results (or from scratch) cascading to every
//! unit below as targets; the dashboard of a campaign seen from any unit; the ladder rules.

use super::chrome::{Chrome, Invalid, page, see_other, unprocessable};
use crate::charts::{Bar, estimate_bars, progress_line};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id, Params};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::campaigns::{CampaignProgress, progress};
use enquete_domain::campaign::{
    CampaignDraft, CampaignId, Metric, format_ladder_rules, parse_target,
};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::SurveyId;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::CampaignRecord;
use serde::Deserialize;
use std::collections::HashMap;

pub struct CampaignRow {
    pub id: i64,
    pub title: String,
    pub unit: String,
    pub dates: String,
    pub issue: String,
}

#[derive(Template)]
#[template(path = "campaigns.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<CampaignRow>,
    /// Units where the account may start a campaign (the nation first, for a focus).
    roots: Vec<(i64, String)>,
    /// Each measure: its key, its label, and the target as typed.
    metrics: Vec<(String, String, String)>,
    prefill: Prefill,
    /// A refused new campaign: the error beside its field (the form as typed is `prefill`).
    inv: Invalid,
}

#[derive(Default)]
struct Prefill {
    title: String,
    evidence: String,
    survey: String,
    question: String,
    choice: String,
    unit: String,
    description: String,
    starts_on: String,
    ends_on: String,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    survey: Option<i64>,
    question: Option<String>,
    choice: Option<String>,
}

fn metric_labels(c: &Chrome) -> Vec<(String, String)> {
    Metric::ALL
        .iter()
        .map(|m| {
            (
                m.as_str().to_owned(),
                c.t(&format!("metric-{}", m.as_str())),
            )
        })
        .collect()
}

/// The units of the account's tree where it may start a campaign, in tree order.
async fn campaign_roots(state: &AppState, staff: &Staff) -> AppResult<Vec<Unit>> {
    let root = enquete_app::scope::visible_root(state, &staff.caller).await?;
    Ok(state
        .store
        .subtree(&root.path, false)
        .await?
        .into_iter()
        .filter(|u| {
            allows(
                &staff.caller.actor,
                Action::ManageCampaigns,
                Target::unit(&u.path),
            )
        })
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<ListQuery>,
) -> AppResult<Response> {
    list_page(&state, &staff, q, None).await
}

/// The campaigns, with the form for a new one; after a refusal, with the error beside its
/// field and the form as typed.
async fn list_page(
    state: &AppState,
    staff: &Staff,
    q: ListQuery,
    refused: Option<(Invalid, &CreateForm)>,
) -> AppResult<Response> {
    let state = state.clone();
    let root = enquete_app::scope::visible_root(&state, &staff.caller).await?;
    if !enquete_app::campaigns::follows(&staff.caller, &root)
        && !enquete_app::campaigns::follows(
            &staff.caller,
            &state.store.unit(staff.user.user.unit).await?,
        )
    {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    let roots = campaign_roots(&state, staff).await?;
    let mut prefill = Prefill::default();
    if let (Some(survey), Some(question), Some(choice), Some(top)) =
        (q.survey, q.question, q.choice, roots.first())
    {
        let (label, text) = enquete_app::campaigns::evidence(
            &state,
            SurveyId(survey),
            &question,
            &choice,
            top,
            c.tr.lang,
        )
        .await?;
        prefill = Prefill {
            title: label,
            evidence: text,
            survey: survey.to_string(),
            question,
            choice,
            ..Prefill::default()
        };
    }
    let here = state.store.unit(staff.user.user.unit).await?;
    let rows = state
        .store
        .campaigns_reaching(&here.path)
        .await?
        .into_iter()
        .map(|k| CampaignRow {
            id: k.id.0,
            dates: format!("{} → {}", k.starts_at.date(), k.ends_at.date()),
            unit: k.unit_name,
            issue: k.evidence,
            title: k.title,
        })
        .collect();
    let (inv, typed) = match refused {
        Some((inv, f)) => {
            prefill.title.clone_from(&f.title);
            prefill.unit.clone_from(&f.unit);
            prefill.description.clone_from(&f.description);
            prefill.starts_on.clone_from(&f.starts_on);
            prefill.ends_on.clone_from(&f.ends_on);
            (inv, Some(&f.targets))
        }
        None => (Invalid::none(), None),
    };
    let metrics = metric_labels(&c)
        .into_iter()
        .map(|(key, label)| {
            let value = typed
                .and_then(|t| t.get(&format!("target_{key}")))
                .cloned()
                .unwrap_or_default();
            (key, label, value)
        })
        .collect();
    page(&ListPage {
        rows,
        roots: roots
            .iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect(),
        metrics,
        prefill,
        inv,
        c,
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    // Strings, not numbers: the form's target fields are read as a map beside these.
    unit: String,
    title: String,
    #[serde(default)]
    description: String,
    starts_on: String,
    ends_on: String,
    #[serde(default)]
    survey: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    choice: String,
    #[serde(flatten)]
    targets: HashMap<String, String>,
}

fn unit_id(raw: &str) -> Result<i64, FieldError> {
    raw.trim()
        .parse()
        .map_err(|_| FieldError::new("unit", "error-unit-number"))
}

/// Reads `target_<metric>` fields: the metrics given a number.
fn targets_from(fields: &HashMap<String, String>) -> Result<Vec<(Metric, u64)>, FieldError> {
    let mut out = Vec::new();
    for m in Metric::ALL {
        let key = format!("target_{}", m.as_str());
        if let Some(raw) = fields.get(&key).filter(|v| !v.trim().is_empty()) {
            let field: &'static str = match m {
                Metric::Conversations => "target_conversations",
                Metric::Signatures => "target_signatures",
                Metric::Attendance => "target_attendance",
                Metric::NewSympathisers => "target_new_sympathisers",
                Metric::NewMembers => "target_new_members",
            };
            out.push((m, parse_target(field, raw)?));
        }
    }
    Ok(out)
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    match start(&state, &staff, &f).await {
        Ok(id) => Ok(see_other(&format!("/campaigns/{id}"))),
        Err(e) => {
            let Some(inv) = Invalid::of(staff.ctx.tr, &e) else {
                return Err(e);
            };
            let q = ListQuery {
                survey: f.survey.trim().parse().ok(),
                question: Some(f.question.clone()).filter(|s| !s.is_empty()),
                choice: Some(f.choice.clone()).filter(|s| !s.is_empty()),
            };
            Ok(unprocessable(
                list_page(&state, &staff, q, Some((inv, &f))).await?,
            ))
        }
    }
}

/// Starts the campaign the form describes.
async fn start(state: &AppState, staff: &Staff, f: &CreateForm) -> AppResult<CampaignId> {
    let draft = CampaignDraft::parse(&f.title, &f.description, &f.starts_on, &f.ends_on)?;
    let source = match f.survey.trim() {
        "" => None,
        raw => Some((
            SurveyId(
                raw.parse()
                    .map_err(|_| FieldError::new("survey", "error-survey-number"))?,
            ),
            f.question.trim().to_owned(),
            f.choice.trim().to_owned(),
        )),
    };
    let numbers = targets_from(&f.targets)?;
    let k = enquete_app::campaigns::start(
        state,
        &staff.caller,
        UnitId(unit_id(&f.unit)?),
        draft,
        source,
        &numbers,
        staff.ctx.tr.lang,
    )
    .await?;
    Ok(k.id)
}

pub struct MetricView {
    pub key: String,
    pub label: String,
    pub done: u64,
    pub target: String,
    pub children_target: String,
    pub percent: String,
    pub behind: bool,
    pub chart: String,
    pub line: String,
}

pub struct ChildView {
    pub id: i64,
    pub name: String,
    pub chart: String,
}

pub struct BehindView {
    pub id: i64,
    pub name: String,
    pub metric: String,
    pub done: u64,
    pub target: u64,
    pub expected: String,
}

#[derive(Template)]
#[template(path = "campaign.html")]
struct ShowPage {
    c: Chrome,
    k: CampaignRecord,
    unit_id: i64,
    unit_name: String,
    crumbs: Vec<(i64, String)>,
    metrics: Vec<MetricView>,
    children: Vec<ChildView>,
    behind: Vec<BehindView>,
    can_set: bool,
    actions: Vec<(i64, String, String, String)>,
    petitions: Vec<(i64, String, u64)>,
    funnel: Vec<(String, u64, String)>,
    all_metrics: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
pub struct UnitQuery {
    unit: Option<i64>,
}

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn view_metrics(c: &Chrome, p: &CampaignProgress) -> Vec<MetricView> {
    p.unit
        .metrics
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let label = c.t(&format!("metric-{}", m.metric));
            let series: Vec<u64> = p
                .series
                .iter()
                .map(|d| d.values.get(i).copied().unwrap_or(0))
                .collect();
            MetricView {
                key: m.metric.clone(),
                done: m.done,
                target: m.target.map(|t| t.to_string()).unwrap_or_default(),
                children_target: if m.children_target > 0 {
                    m.children_target.to_string()
                } else {
                    String::new()
                },
                percent: m.target.map(|_| pct(m.share)).unwrap_or_default(),
                behind: m.behind,
                chart: String::new(),
                line: progress_line(
                    &series,
                    m.target.unwrap_or(0),
                    p.days,
                    &format!("{label}: {}", c.t("campaign-over-time")),
                ),
                label,
            }
        })
        .collect()
}

fn bars_for(c: &Chrome, u: &enquete_app::campaigns::UnitProgress) -> Vec<Bar> {
    u.metrics
        .iter()
        .map(|m| Bar {
            label: c.t(&format!("metric-{}", m.metric)),
            share: m.target.map(|_| m.share.min(1.0)),
            low: None,
            high: None,
            text: match m.target {
                Some(t) => format!("{} / {t}", m.done),
                None => m.done.to_string(),
            },
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<UnitQuery>,
) -> AppResult<Response> {
    let k = state.store.campaign(CampaignId(id)).await?;
    let unit =
        enquete_app::campaigns::view_unit(&state, &staff.caller, &k, q.unit.map(UnitId)).await?;
    let now = Timestamp::now_utc();
    let p = progress(&state, &k, &unit, now).await?;
    let c = Chrome::new(&staff.ctx);
    let mut metrics = view_metrics(&c, &p);
    let bars = bars_for(&c, &p.unit);
    let title = c.t("campaign-progress");
    if let Some(first) = metrics.first_mut() {
        first.chart = estimate_bars(&bars, &title, false);
    }
    let children = p
        .children
        .iter()
        .map(|ch| ChildView {
            id: ch.unit_id,
            name: ch.name.clone(),
            chart: estimate_bars(&bars_for(&c, ch), &ch.name, true),
        })
        .collect();
    let behind = p
        .behind
        .iter()
        .map(|b| BehindView {
            id: b.unit_id,
            name: b.name.clone(),
            metric: c.t(&format!("metric-{}", b.metric)),
            done: b.done,
            target: b.target,
            expected: format!("{:.0}", b.expected),
        })
        .collect();
    let mut crumbs = Vec::new();
    for uid in unit.path.ids() {
        if uid == unit.id {
            break;
        }
        let u = state.store.unit(uid).await?;
        if u.path.is_within(&k.unit_path) && enquete_app::campaigns::follows(&staff.caller, &u) {
            crumbs.push((u.id.0, u.name.as_str().to_owned()));
        }
    }
    let actions = state
        .store
        .actions_in(&unit.path, Some(k.id))
        .await?
        .into_iter()
        .map(|a| (a.id.0, a.title, a.starts_at.display(), a.unit_name))
        .collect();
    let petitions = state
        .store
        .petitions_reaching(&unit.path)
        .await?
        .into_iter()
        .filter(|pt| pt.campaign == Some(k.id))
        .map(|pt| (pt.id.0, pt.title.get(c.tr.lang).to_owned(), pt.signatures))
        .collect();
    let funnel = enquete_app::campaigns::funnel(&state, &k, &unit)
        .await?
        .into_iter()
        .map(|s| {
            (
                c.tr.stage(s.stage),
                s.reached,
                s.conversion.map(pct).unwrap_or_default(),
            )
        })
        .collect();
    // The unit's own targets, as the progress already read them.
    let all_metrics = if p.unit.metrics.is_empty() {
        Metric::ALL
            .iter()
            .map(|m| {
                let key = m.as_str().to_owned();
                (key.clone(), c.t(&format!("metric-{key}")), String::new())
            })
            .collect()
    } else {
        p.unit
            .metrics
            .iter()
            .map(|m| {
                (
                    m.metric.clone(),
                    c.t(&format!("metric-{}", m.metric)),
                    m.target.map(|n| n.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    };
    page(&ShowPage {
        can_set: allows(
            &staff.caller.actor,
            Action::ManageCampaigns,
            Target::unit(&unit.path),
        ),
        unit_id: unit.id.0,
        unit_name: unit.name.as_str().to_owned(),
        crumbs,
        metrics,
        children,
        behind,
        actions,
        petitions,
        funnel,
        all_metrics,
        k,
        c,
    })
}

#[derive(Deserialize)]
pub struct TargetsForm {
    unit: String,
    #[serde(default)]
    share_out: Option<String>,
    #[serde(flatten)]
    targets: HashMap<String, String>,
}

pub async fn set_targets(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<TargetsForm>,
) -> AppResult<Response> {
    let k = state.store.campaign(CampaignId(id)).await?;
    let numbers = targets_from(&f.targets)?;
    let unit = unit_id(&f.unit)?;
    enquete_app::campaigns::set_targets_for(
        &state,
        &staff.caller,
        &k,
        UnitId(unit),
        &numbers,
        f.share_out.is_some(),
    )
    .await?;
    Ok(see_other(&format!(
        "/campaigns/{id}?unit={unit}&done=targets-saved"
    )))
}

#[derive(Template)]
#[template(path = "ladder_rules.html")]
struct RulesPage {
    c: Chrome,
    rules: String,
    can_edit: bool,
}

pub async fn ladder(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let here = Target::unit(&staff.user.unit_path);
    if !allows(&staff.caller.actor, Action::ManageActions, here)
        && !allows(&staff.caller.actor, Action::SetLadderRules, here)
    {
        return Err(AppError::Forbidden);
    }
    let rules = state.store.ladder_rules().await?;
    page(&RulesPage {
        rules: format_ladder_rules(&rules),
        can_edit: allows(&staff.caller.actor, Action::SetLadderRules, here),
        c: Chrome::new(&staff.ctx),
    })
}

#[derive(Deserialize)]
pub struct RulesForm {
    rules: String,
}

pub async fn set_ladder(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<RulesForm>,
) -> AppResult<Response> {
    enquete_app::campaigns::set_ladder_rules(&state, &staff.caller, &f.rules).await?;
    Ok(see_other("/ladder?done=rules-saved"))
}

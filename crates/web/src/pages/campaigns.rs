//! Campaigns: a focus chosen from the enquête's results (or from scratch) cascading to every
//! unit below as targets; the dashboard of a campaign seen from any unit; the ladder rules.

use super::chrome::{Chrome, Invalid, page, refused, see_other, unprocessable};
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
use enquete_domain::people::Stage;
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
    /// The unit whose result it is, chosen in the form (as typed, after a refusal).
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
    /// The unit of the results page the focus was chosen on.
    unit: Option<i64>,
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
    // A focus chosen on a unit's results is that unit's figure, when a campaign may start
    // there; otherwise the first unit where it may (the nation, for a national admin).
    let from = q
        .unit
        .and_then(|id| roots.iter().find(|u| u.id.0 == id))
        .or_else(|| roots.first());
    if let (Some(survey), Some(question), Some(choice), Some(from)) =
        (q.survey, q.question, q.choice, from)
    {
        let cited = enquete_app::campaigns::evidence(
            &state,
            SurveyId(survey),
            &question,
            &choice,
            from,
            c.tr.lang,
        )
        .await?;
        prefill = Prefill {
            evidence: c.tr.evidence(&cited),
            title: cited.choice,
            survey: survey.to_string(),
            question,
            choice,
            unit: from.id.0.to_string(),
            ..Prefill::default()
        };
    }
    let here = state.store.unit(staff.user.user.unit).await?;
    let mut rows = Vec::new();
    for k in state.store.campaigns_reaching(&here.path).await? {
        let issue = enquete_app::campaigns::cited(&state, &k, c.tr.lang)
            .await?
            .map(|cited| c.tr.evidence(&cited))
            .unwrap_or_default();
        rows.push(CampaignRow {
            id: k.id.0,
            dates: format!("{} → {}", c.tr.date(k.starts_at), c.tr.date(k.ends_at)),
            unit: k.unit_name,
            issue,
            title: k.title,
        });
    }
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
                unit: f.unit.trim().parse().ok(),
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
    pub done: String,
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
    /// The part of the tree it is in, when that is not the unit itself.
    pub group: String,
    pub metric: String,
    pub done: String,
    pub target: String,
    pub expected: String,
}

/// A part of the tree in the "falling behind" filter: id, name, units behind there.
pub struct BehindGroup {
    pub id: i64,
    pub name: String,
    pub count: String,
}

/// How many rows of units falling behind are shown before "show all".
const BEHIND_SHOWN: usize = 25;

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
    /// The result the focus was chosen from, in words.
    issue: String,
    dates: String,
    behind: Vec<BehindView>,
    /// "12 units are behind their pace" (in the part of the tree chosen).
    behind_count: String,
    behind_groups: Vec<BehindGroup>,
    /// The part of the tree chosen (0: all).
    behind_in: i64,
    /// Rows left out until "show all".
    behind_more: String,
    can_set: bool,
    actions: Vec<(i64, String, String, String)>,
    petitions: Vec<(i64, String, String)>,
    funnel: Vec<(String, String, String)>,
    all_metrics: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
pub struct UnitQuery {
    unit: Option<i64>,
    /// Units falling behind in this part of the tree only (a unit directly below).
    behind_in: Option<i64>,
    /// Every unit falling behind, not only the first.
    all: Option<u8>,
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
                done: c.tr.number(m.done),
                target: m.target.map(|t| c.tr.number(t)).unwrap_or_default(),
                children_target: if m.children_target > 0 {
                    c.tr.number(m.children_target)
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

/// A unit's progress as bars: each metric with its numbers (done / target) and a bar against
/// its target, drawn (as an empty track) also before anything is done.
fn bars_for(c: &Chrome, u: &enquete_app::campaigns::UnitProgress) -> Vec<Bar> {
    u.metrics
        .iter()
        .map(|m| Bar {
            label: c.t(&format!("metric-{}", m.metric)),
            share: Some(if m.target.is_some() {
                m.share.min(1.0)
            } else {
                0.0
            }),
            low: None,
            high: None,
            text: match m.target {
                Some(t) => format!("{} / {}", c.tr.number(m.done), c.tr.number(t)),
                None => format!("{} / –", c.tr.number(m.done)),
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
            chart: estimate_bars(&bars_for(&c, ch), &ch.name, false),
        })
        .collect();
    // Units falling behind: the parts of the tree directly below with how many are behind in
    // each, the list in one part or all of them, the first rows until "show all".
    let mut behind_groups: Vec<BehindGroup> = Vec::new();
    let mut units_in: HashMap<i64, std::collections::HashSet<i64>> = HashMap::new();
    for b in &p.behind {
        units_in.entry(b.group_id).or_default().insert(b.unit_id);
        if !behind_groups.iter().any(|g| g.id == b.group_id) {
            behind_groups.push(BehindGroup {
                id: b.group_id,
                name: b.group_name.clone(),
                count: String::new(),
            });
        }
    }
    behind_groups.sort_by(|a, b| a.name.cmp(&b.name));
    for g in &mut behind_groups {
        let n = units_in.get(&g.id).map_or(0, |u| u.len() as u64);
        g.count = c.tr.number(n);
    }
    let behind_in = q
        .behind_in
        .filter(|id| behind_groups.iter().any(|g| g.id == *id))
        .unwrap_or(0);
    let chosen: Vec<&enquete_app::campaigns::Behind> = p
        .behind
        .iter()
        .filter(|b| behind_in == 0 || b.group_id == behind_in)
        .collect();
    let behind_units = chosen
        .iter()
        .map(|b| b.unit_id)
        .collect::<std::collections::HashSet<_>>()
        .len() as u64;
    let shown = if q.all == Some(1) {
        chosen.len()
    } else {
        BEHIND_SHOWN.min(chosen.len())
    };
    let behind_more = if shown < chosen.len() {
        c.tr.count("campaign-behind-show-all", chosen.len() as u64)
    } else {
        String::new()
    };
    let behind = chosen
        .iter()
        .take(shown)
        .map(|b| BehindView {
            id: b.unit_id,
            group: if b.group_id == b.unit_id {
                String::new()
            } else {
                b.group_name.clone()
            },
            name: b.name.clone(),
            metric: c.t(&format!("metric-{}", b.metric)),
            done: c.tr.number(b.done),
            target: c.tr.number(b.target),
            expected: c.tr.number(b.expected.round().max(0.0) as u64),
        })
        .collect();
    let behind_count = c.tr.count("campaign-behind-count", behind_units);
    let issue = enquete_app::campaigns::cited(&state, &k, c.tr.lang)
        .await?
        .map(|cited| c.tr.evidence(&cited))
        .unwrap_or_default();
    let dates = format!("{} → {}", c.tr.date(k.starts_at), c.tr.date(k.ends_at));
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
        .map(|a| (a.id.0, a.title, c.tr.date_time(a.starts_at), a.unit_name))
        .collect();
    let petitions = state
        .store
        .petitions_reaching(&unit.path)
        .await?
        .into_iter()
        .filter(|pt| pt.campaign == Some(k.id))
        .map(|pt| {
            (
                pt.id.0,
                pt.title.get(c.tr.lang).to_owned(),
                c.tr.count("petition-signature-count", pt.signatures),
            )
        })
        .collect();
    let steps = enquete_app::campaigns::funnel(&state, &k, &unit).await?;
    // Nobody reached yet: the page says so instead of a table of zeros.
    let reached_any = steps.iter().any(|s| s.reached > 0);
    let funnel = steps
        .into_iter()
        .filter(|_| reached_any)
        .map(|s| {
            (
                c.tr.stage(s.stage),
                c.tr.number(s.reached),
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
        issue,
        dates,
        behind,
        behind_count,
        behind_groups,
        behind_in,
        behind_more,
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
    /// The leadership rule: stage (empty: none), module code, needs a responsibility.
    leader: (String, String, bool),
    /// code, title of each module; (code, name) of the stages above member.
    modules: Vec<(String, String)>,
    leader_stages: Vec<(&'static str, String)>,
    /// Refused rules: the error beside them, the rules as typed.
    inv: Invalid,
}

pub async fn ladder(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    rules_page(&state, &staff, Invalid::none(), None).await
}

async fn rules_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    typed: Option<String>,
) -> AppResult<Response> {
    let here = Target::unit(&staff.user.unit_path);
    if !allows(&staff.caller.actor, Action::ManageActions, here)
        && !allows(&staff.caller.actor, Action::SetLadderRules, here)
    {
        return Err(AppError::Forbidden);
    }
    let rules = match typed {
        Some(t) => t,
        None => format_ladder_rules(
            &state
                .store
                .ladder_rules(staff.caller.organization())
                .await?,
        ),
    };
    let leader = state
        .store
        .leadership_rules(staff.caller.organization())
        .await?
        .into_iter()
        .next()
        .map_or_else(
            || (String::new(), String::new(), true),
            |r| {
                (
                    r.stage.as_str().to_owned(),
                    r.module.unwrap_or_default(),
                    r.needs_position,
                )
            },
        );
    let modules = state
        .store
        .modules()
        .await?
        .into_iter()
        .map(|m| {
            let title = m.title.get(staff.ctx.tr.lang).to_owned();
            (m.code, title)
        })
        .collect();
    page(&RulesPage {
        leader,
        modules,
        leader_stages: [Stage::Organizer, Stage::Leader]
            .iter()
            .map(|s| (s.as_str(), staff.ctx.tr.stage(*s)))
            .collect(),
        rules,
        can_edit: allows(&staff.caller.actor, Action::SetLadderRules, here),
        inv,
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
    match enquete_app::campaigns::set_ladder_rules(&state, &staff.caller, &f.rules)
        .await
        .map_err(AppError::from)
    {
        Ok(()) => Ok(see_other("/ladder?done=rules-saved")),
        // Said beside the rules, as typed.
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                rules_page(&state, &staff, inv, Some(f.rules.clone()))
            })
            .await
        }
    }
}

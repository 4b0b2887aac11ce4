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
    /// The campaign's length in days, first day and deadline included.
    pub days: usize,
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

/// The unit where the account plans work (`action`: actions or petitions), checked: in scope,
/// open, and reached by the campaign the work belongs to, if any.
pub async fn work_unit(
    state: &AppState,
    staff: &Staff,
    unit: i64,
    action: Action,
    campaign: Option<i64>,
) -> AppResult<Unit> {
    let unit = crate::pages::units::unit_for(state, staff, unit, action).await?;
    if unit.is_archived() {
        return Err(enquete_domain::FieldError::new("unit", "this unit is archived").into());
    }
    if let Some(k) = campaign {
        let k = state
            .store
            .campaign(k)
            .await
            .map_err(|_| enquete_domain::FieldError::new("campaign", "no such campaign"))?;
        if !unit.path.is_within(&k.unit_path) {
            return Err(enquete_domain::FieldError::new(
                "campaign",
                "this campaign does not reach that unit",
            )
            .into());
        }
    }
    Ok(unit)
}

/// A campaign chosen in a form: empty for none.
pub fn campaign_field(raw: &str) -> Result<Option<i64>, enquete_domain::FieldError> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(Some)
            .map_err(|_| enquete_domain::FieldError::new("campaign", "must be a campaign number")),
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
    behind.truncate(20);
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

/// Gives the demo country a national focus to look at: housing, chosen from the demo enquête,
/// with targets in every unit, a petition in four languages, an action with a bus in the
/// organizer's city where some people answered and came, a section meeting with a decision to
/// follow up and a solidarity project. Does nothing when a campaign exists already.
pub async fn load_demo_campaign(state: &AppState, now: Timestamp) -> AppResult<()> {
    use enquete_domain::campaign::{
        ActionDraft, CampaignDraft, DecisionDraft, PetitionDraft, ProjectDraft,
    };
    use enquete_domain::demo::demo_logins;
    use enquete_domain::people::Language;
    let store = &state.store;
    let Some(nation) = store.root_unit().await? else {
        return Ok(());
    };
    if !store.campaigns_reaching(&nation.path).await?.is_empty() {
        return Ok(());
    }
    let day = DAY;
    let draft = CampaignDraft::parse(
        "Housing for all",
        "Rents eat half of what people earn. Every section goes door to door, collects signatures for a rent freeze and brings people to the housing assembly.",
        &Timestamp(now.0 - 10 * day).date(),
        &Timestamp(now.0 + 50 * day).date(),
    )?;
    let survey = store.surveys().await?.into_iter().next();
    let (survey_id, evidence) = match &survey {
        Some(s) => match crate::pages::campaigns::evidence(
            state,
            s.id,
            "top3",
            "housing",
            &nation,
            Language::En,
        )
        .await
        {
            Ok((_, text)) => (Some(s.id), text),
            Err(_) => (None, String::new()),
        },
        None => (None, String::new()),
    };
    let numbers = [
        (Metric::Conversations, 20_000),
        (Metric::Signatures, 50_000),
        (Metric::Attendance, 5_000),
        (Metric::NewSympathisers, 2_000),
        (Metric::NewMembers, 400),
    ];
    let targets = crate::pages::campaigns::cascaded(state, &nation, &numbers).await?;
    let campaign = store
        .create_campaign(
            &enquete_store::NewCampaign {
                unit: nation.id,
                draft,
                survey: survey_id,
                question: if survey_id.is_some() {
                    "top3".into()
                } else {
                    String::new()
                },
                choice: if survey_id.is_some() {
                    "housing".into()
                } else {
                    String::new()
                },
                evidence,
            },
            &targets,
            None,
            now,
        )
        .await?;
    let petition = PetitionDraft::parse(
        &[
            ("nl", "Bevries de huurprijzen"),
            ("fr", "Gelez les loyers"),
            ("de", "Mieten einfrieren"),
            ("en", "Freeze the rents"),
        ],
        &[
            (
                "nl",
                "Wij vragen de regering de huurprijzen te bevriezen en 50.000 sociale woningen te bouwen.",
            ),
            (
                "fr",
                "Nous demandons au gouvernement de geler les loyers et de construire 50 000 logements sociaux.",
            ),
            (
                "de",
                "Wir fordern die Regierung auf, die Mieten einzufrieren und 50.000 Sozialwohnungen zu bauen.",
            ),
            (
                "en",
                "We call on the government to freeze rents and build 50,000 social homes.",
            ),
        ],
        "the federal government",
        "50000",
    )?;
    store
        .create_petition(
            nation.id,
            Some(campaign.id),
            &petition,
            &crate::auth::random_token(),
            None,
            now,
        )
        .await?;
    // The organizer's city and the canvasser's section, as the demo logins see them.
    let logins = demo_logins();
    let unit_of = |role: enquete_domain::account::Role| {
        let email = logins
            .iter()
            .find(|(r, _, _)| *r == role)
            .map(|(_, e, _)| e.clone());
        async move {
            match email {
                Some(e) => store
                    .user_by_email(&e)
                    .await
                    .ok()
                    .flatten()
                    .map(|u| u.user.unit),
                None => None,
            }
        }
    };
    let (Some(city), Some(section)) = (
        unit_of(enquete_domain::account::Role::Organizer).await,
        unit_of(enquete_domain::account::Role::Canvasser).await,
    ) else {
        return Ok(());
    };
    let action = store
        .create_action(
            city,
            Some(campaign.id),
            &ActionDraft::parse(
                "Housing assembly",
                "Tenants from every neighbourhood plan the rent strike.",
                "Vooruit, Sint-Pietersnieuwstraat 23",
                &format!("{}T19:30", Timestamp(now.0 + 7 * day).date()),
                "150",
            )?,
            &crate::auth::random_token(),
            None,
            now,
        )
        .await?;
    store.add_bus(action.id, "Bus from the harbour", 50).await?;
    let people = store
        .search_people(
            &enquete_domain::policy::PeopleVisibility::Subtree(store.unit(section).await?.path),
            &enquete_store::PeopleQuery {
                limit: 30,
                ..Default::default()
            },
        )
        .await?
        .people;
    for (i, p) in people.iter().enumerate() {
        store
            .rsvp(action.id, p.person.id, i % 3 == 0, "demo", now)
            .await?;
        if i % 2 == 0 {
            store
                .check_in(action.id, p.person.id, None, now, None)
                .await?;
        }
    }
    let meeting = store
        .create_meeting(
            section,
            Timestamp(now.0 - 5 * day + 19 * 3600),
            "1. The housing focus: who goes door to door\n2. The food bank\n3. The housing assembly",
            None,
            now,
        )
        .await?;
    for p in people.iter().take(8) {
        store.mark_present(meeting.id, p.person.id).await?;
    }
    store
        .add_decision(
            meeting.id,
            &DecisionDraft::parse(
                "Print 500 leaflets on the rent freeze",
                "Lotte",
                &Timestamp(now.0 + 3 * day).date(),
            )?,
        )
        .await?;
    let project = store
        .create_project(
            section,
            &ProjectDraft::parse(
                "Food bank",
                "A parcel every Saturday for 40 families",
                "Rice and pasta\nDrivers on Saturday morning\nA bigger freezer",
            )?,
            None,
            now,
        )
        .await?;
    for p in people.iter().skip(8).take(5) {
        store.add_volunteer(project.id, p.person.id).await?;
    }
    store
        .add_project_update(project.id, "32 parcels handed out this week.", None, now)
        .await?;
    Ok(())
}

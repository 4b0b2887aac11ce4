//! The organization tree and each unit's dashboard.

use super::chrome::{Chrome, Invalid, page, refused, see_other, unprocessable};
use crate::charts;
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::units;
use enquete_domain::org::{Unit, UnitId, UnitKind};
use enquete_domain::people::Stage;
use enquete_domain::policy::{Action, Target, allows};
use serde::Deserialize;

struct MetricLine {
    label: String,
    done: u64,
    target: u64,
    /// "12 of 40 · expected 15 by now"
    text: String,
    behind: bool,
}

struct RunningView {
    id: i64,
    title: String,
    days_left: String,
    lines: Vec<MetricLine>,
    can_open: bool,
}

struct ActionLine {
    id: i64,
    /// The action's page for those who may open it, else its public page.
    href: String,
    opens: bool,
    title: String,
    when: String,
    place: String,
    today: bool,
}

struct AssignmentLine {
    id: i64,
    title: String,
    text: String,
    own: bool,
}

struct DecisionLine {
    text: String,
    owner: String,
    due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    links: Vec<(String, String)>,
    running: Vec<RunningView>,
    actions: Vec<ActionLine>,
    show_actions: bool,
    assignments: Vec<AssignmentLine>,
    /// Call lists with people to call: id, name, progress in words.
    calls: Vec<(i64, String, String)>,
    decisions: Vec<DecisionLine>,
    show_decisions: bool,
    /// Open follow-up tasks: id, what, person id, person and unit, due, overdue.
    tasks: Vec<(i64, String, i64, String, String, bool)>,
    /// Shipments of concern expected where the account's workplaces work: (workplace unit,
    /// its name, the shipment, its evidence).
    warnings: Vec<(
        i64,
        String,
        (crate::facts::FactView, crate::facts::ShipmentView),
    )>,
}

/// The start page: what the account has to do now, one tap from each.
pub async fn home(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let today = enquete_app::today::of(&state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let actor = &staff.caller.actor;
    let here = Target::unit(&today.unit.path);
    let now = staff.caller.now;
    let mut links = Vec::new();
    if allows(actor, Action::CollectResponses, here) {
        links.push(("/canvass".to_owned(), c.t("today-go-canvass")));
    }
    if allows(actor, Action::ViewAggregates, here) {
        // The newest survey's results, where analysts and organizers start.
        if let Some(s) = state
            .store
            .surveys()
            .await?
            .into_iter()
            .max_by_key(|s| s.id.0)
        {
            links.push((
                format!("/surveys/{}/results", s.id.0),
                c.tr.t1(
                    "today-go-results",
                    "survey",
                    s.definition.title.get(c.tr.lang),
                ),
            ));
        }
    }
    if allows(actor, Action::ListPeople, here) {
        links.push(("/people".to_owned(), c.t("today-go-people")));
    }
    if allows(actor, Action::ViewUnit, here) {
        links.push((
            format!("/units/{}", today.unit.id.0),
            c.tr.t1("today-go-unit", "unit", today.unit.name.as_str()),
        ));
    }
    let running = today
        .running
        .iter()
        .map(|r| RunningView {
            id: r.campaign.id.0,
            title: r.campaign.title.clone(),
            days_left: c.tr.t1("today-days-left", "n", r.days_left.max(0)),
            can_open: r.progress.is_some(),
            lines: r
                .progress
                .iter()
                .flat_map(|p| p.metrics.iter())
                .filter_map(|m| {
                    let target = m.target.filter(|t| *t > 0)?;
                    let expected = m.expected.round() as u64;
                    let mut text = c.tr.tn(
                        "today-of-target",
                        &[("done", m.done.to_string()), ("target", target.to_string())],
                    );
                    if m.behind {
                        text.push_str(" · ");
                        text.push_str(&c.tr.t1("today-expected", "n", expected));
                    }
                    Some(MetricLine {
                        label: c.t(&format!("metric-{}", m.metric)),
                        done: m.done.min(target),
                        target,
                        text,
                        behind: m.behind,
                    })
                })
                .collect(),
        })
        .collect();
    let actions = today
        .actions
        .iter()
        .map(|a| {
            let opens = enquete_app::today::opens(&staff.caller, a);
            (a, opens)
        })
        .map(|(a, opens)| ActionLine {
            id: a.id.0,
            opens,
            href: if opens {
                format!("/actions/{}", a.id.0)
            } else {
                format!("/a/{}", a.token)
            },
            title: a.title.clone(),
            when: c.tr.date_time(a.starts_at),
            place: a.place.clone(),
            today: enquete_app::today::is_today(a, now),
        })
        .collect();
    let assignments = today
        .assignments
        .iter()
        .map(|a| AssignmentLine {
            id: a.id.0,
            title: a.title.clone(),
            text: c.tr.tn(
                "today-doors",
                &[
                    ("visited", a.progress.visited.to_string()),
                    ("doors", a.progress.doors.to_string()),
                ],
            ),
            own: a.canvasser == staff.caller.actor.user,
        })
        .collect();
    let calls = today
        .calls
        .iter()
        .map(|l| {
            let p = &l.progress;
            (
                l.id.0,
                l.name.clone(),
                c.tr.tn(
                    "calls-progress",
                    &[
                        ("called", (p.people - p.not_called).to_string()),
                        ("people", p.people.to_string()),
                        ("reached", p.reached.to_string()),
                    ],
                ),
            )
        })
        .collect();
    let decisions = today
        .decisions
        .iter()
        .map(|d| DecisionLine {
            text: d.text.clone(),
            owner: d.owner.clone(),
            due: c.tr.date(d.due_at),
            overdue: d.due_at.0 < now.0,
        })
        .collect();
    let tasks = today
        .tasks
        .iter()
        .map(|t| {
            (
                t.task.id.0,
                t.task.title.clone(),
                t.task.person.0,
                format!("{} · {}", t.person_name, t.unit_name),
                c.tr.date(t.task.due_at),
                t.overdue,
            )
        })
        .collect();
    let warnings = today
        .warnings
        .iter()
        .map(|w| {
            (
                w.unit.0,
                w.unit_name.clone(),
                (
                    crate::facts::fact_view(c.tr, &w.shipment.fact),
                    crate::facts::shipment_view(c.tr, &w.shipment),
                ),
            )
        })
        .collect();
    page(&TodayPage {
        warnings,
        tasks,
        unit_id: today.unit.id.0,
        unit_name: today.unit.name.as_str().to_owned(),
        links,
        running,
        actions,
        show_actions: enquete_app::today::shows_actions(&staff.caller, &today.unit),
        assignments,
        calls,
        decisions,
        show_decisions: allows(actor, Action::ManageActions, here),
        c,
    })
}

struct TreeRow {
    id: i64,
    name: String,
    kind: String,
    depth: usize,
    people: String,
}

#[derive(Template)]
#[template(path = "tree.html")]
struct TreePage {
    c: Chrome,
    rows: Vec<TreeRow>,
}

pub async fn tree(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let root = enquete_app::scope::visible_root(&state, &staff.caller).await?;
    if !allows(
        &staff.caller.actor,
        Action::ViewUnit,
        Target::unit(&root.path),
    ) {
        return Err(AppError::Forbidden);
    }
    let aggregates = allows(
        &staff.caller.actor,
        Action::ViewAggregates,
        Target::unit(&root.path),
    );
    let counts = if aggregates {
        Some(enquete_app::scope::people_counts(&state, &staff.caller, &root).await?)
    } else {
        None
    };
    let units = state.store.subtree(&root.path, false).await?;
    let base = root.path.depth();
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let rows = units
        .iter()
        .map(|u| TreeRow {
            id: u.id.0,
            name: u.name.as_str().to_owned(),
            kind: c.tr.kind(u.kind.as_str()),
            depth: u.path.depth().saturating_sub(base),
            people: counts
                .as_ref()
                .filter(|c| c.totals.contains_key(&u.id))
                .map_or_else(String::new, |c| count_text(&tr, c.total(u.id))),
        })
        .collect();
    page(&TreePage { c, rows })
}

struct FunnelRow {
    label: String,
    at: String,
    reached: String,
    conversion: String,
}

/// A count as shown: the number, or "<5" when it is hidden from this account.
fn count_text(tr: &crate::i18n::Tr, n: Option<u64>) -> String {
    n.map_or_else(
        || enquete_domain::policy::HIDDEN.to_owned(),
        |n| tr.number(n),
    )
}

struct Stats {
    total: String,
    members: String,
    chart: String,
    funnel: Vec<FunnelRow>,
}

struct ChildRow {
    id: i64,
    name: String,
    kind: String,
    people: String,
    members: String,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    kind: String,
    archived: bool,
    crumbs: Vec<(i64, String)>,
    stats: Option<Stats>,
    children: Vec<ChildRow>,
    can_list_people: bool,
    can_add_person: bool,
    child_kinds: Vec<(&'static str, String)>,
    can_change: bool,
    move_targets: Vec<(i64, String)>,
    /// Meetings and solidarity projects, for those who run the unit's work.
    can_run: bool,
    /// May see the unit's positions and who is ready for them.
    can_lead: bool,
    /// May see who its members and leaders are, by occupation class (counts only).
    can_compose: bool,
    /// A workplace section whose map the caller keeps.
    can_map: bool,
    /// The funnel over time: per month, how many first reached each stage.
    trend: Vec<(String, Vec<String>)>,
    stage_names: Vec<String>,
    /// A refused new unit: the error beside its field, and the kind and name as typed.
    inv: Invalid,
    new_kind: String,
    new_name: String,
    /// A refused rename or move: the error beside its field, the name as typed.
    change_inv: Invalid,
    renamed: Option<String>,
    /// A section's postcodes (where festival buyers and the like belong), for who may change it.
    postcodes: Option<String>,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    unit_page(&state, &staff, id, Invalid::none(), None, Refused::none()).await
}

/// A refused rename or move of the unit.
struct Refused {
    inv: Invalid,
    name: Option<String>,
}

impl Refused {
    fn none() -> Self {
        Self {
            inv: Invalid::none(),
            name: None,
        }
    }
}

/// A unit's page; after a refused new unit below it, with the error beside its field and the
/// new unit's kind and name as typed.
async fn unit_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    typed: Option<&CreateForm>,
    change: Refused,
) -> AppResult<Response> {
    let state = state.clone();
    let unit =
        enquete_app::scope::unit_for(&state, &staff.caller, UnitId(id), Action::ViewUnit).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let target = Target::unit(&unit.path);
    let crumbs = state
        .store
        .ancestry(&unit)
        .await?
        .into_iter()
        .filter(|a| {
            a.id != unit.id && allows(&staff.caller.actor, Action::ViewUnit, Target::unit(&a.path))
        })
        .map(|a| (a.id.0, a.name.as_str().to_owned()))
        .collect();
    let aggregates = allows(&staff.caller.actor, Action::ViewAggregates, target);
    let counts = if aggregates {
        Some(enquete_app::scope::people_counts(&state, &staff.caller, &unit).await?)
    } else {
        None
    };
    let totals = counts.as_ref().map(|c| &c.totals);
    let stats = totals
        .and_then(|all| all.get(&unit.id))
        .zip(counts.as_ref())
        .map(|(t, counts)| {
            let mut previous_hidden = false;
            Stats {
                total: count_text(&tr, counts.total(unit.id)),
                members: count_text(&tr, counts.reached(unit.id, Stage::Member)),
                chart: charts::stage_bars(
                    &tr,
                    t,
                    &tr.t1("unit-chart-label", "unit", unit.name.as_str()),
                    |stage, _| counts.at(unit.id, stage),
                ),
                funnel: t
                    .funnel()
                    .into_iter()
                    .map(|step| {
                        let reached = counts.reached(unit.id, step.stage);
                        // A rate over a hidden count would give the count away.
                        let conversion = match (reached, previous_hidden) {
                            (Some(_), false) => step
                                .conversion
                                .map_or_else(String::new, |r| format!("{:.0}%", r * 100.0)),
                            _ => String::new(),
                        };
                        previous_hidden = reached.is_none();
                        FunnelRow {
                            label: tr.stage(step.stage),
                            at: count_text(&tr, counts.at(unit.id, step.stage)),
                            reached: count_text(&tr, reached),
                            conversion,
                        }
                    })
                    .collect(),
            }
        });
    let children = state
        .store
        .children(unit.id, false)
        .await?
        .into_iter()
        .map(|ch| {
            let c = counts.as_ref().filter(|c| c.totals.contains_key(&ch.id));
            ChildRow {
                id: ch.id.0,
                name: ch.name.as_str().to_owned(),
                kind: tr.kind(ch.kind.as_str()),
                people: c.map_or_else(String::new, |c| count_text(&tr, c.total(ch.id))),
                members: c.map_or_else(String::new, |c| {
                    count_text(&tr, c.reached(ch.id, Stage::Member))
                }),
            }
        })
        .collect();
    let child_kinds =
        if allows(&staff.caller.actor, Action::CreateUnit, target) && !unit.is_archived() {
            UnitKind::ALL
                .into_iter()
                .filter(|k| k.parent_kind() == Some(unit.kind))
                .map(|k| (k.as_str(), tr.kind(k.as_str())))
                .collect()
        } else {
            Vec::new()
        };
    let can_change = allows(&staff.caller.actor, Action::ChangeUnit, target);
    let move_targets = match (can_change, unit.kind.parent_kind()) {
        (true, Some(parent_kind)) => {
            let root = enquete_app::scope::visible_root(&state, &staff.caller).await?;
            state
                .store
                .subtree(&root.path, false)
                .await?
                .into_iter()
                .filter(|u| u.kind == parent_kind && Some(u.id) != unit.parent)
                .filter(|u| {
                    allows(
                        &staff.caller.actor,
                        Action::CreateUnit,
                        Target::unit(&u.path),
                    )
                })
                .map(|u| (u.id.0, u.name.as_str().to_owned()))
                .collect()
        }
        _ => Vec::new(),
    };
    let trend = if allows(&staff.caller.actor, Action::ViewAggregates, target) {
        funnel_by_month(&state, staff, &unit).await?
    } else {
        Vec::new()
    };
    let postcodes = if can_change && unit.kind.is_section() {
        Some(state.store.postcodes(unit.id).await?.join(" "))
    } else {
        None
    };
    page(&UnitPage {
        unit_id: unit.id.0,
        unit_name: unit.name.as_str().to_owned(),
        kind: tr.kind(unit.kind.as_str()),
        archived: unit.is_archived(),
        crumbs,
        stats,
        children,
        can_list_people: allows(&staff.caller.actor, Action::ListPeople, target),
        can_add_person: unit.kind.is_section()
            && !unit.is_archived()
            && allows(&staff.caller.actor, Action::CreatePerson, target),
        child_kinds,
        can_change,
        move_targets,
        can_run: allows(&staff.caller.actor, Action::ManageActions, target),
        can_lead: allows(&staff.caller.actor, Action::ManagePositions, target),
        can_compose: allows(&staff.caller.actor, Action::ViewAggregates, target),
        can_map: unit.kind == enquete_domain::org::UnitKind::Workplace
            && allows(&staff.caller.actor, Action::MapWorkplace, target),
        trend,
        stage_names: Stage::ALL.iter().map(|st| tr.stage(*st)).collect(),
        inv,
        new_kind: typed.map(|t| t.kind.clone()).unwrap_or_default(),
        new_name: typed.map(|t| t.name.clone()).unwrap_or_default(),
        change_inv: change.inv,
        renamed: change.name,
        postcodes,
        c,
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    parent: i64,
    kind: String,
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    match units::create(
        &state,
        &staff.caller,
        UnitId(f.parent),
        None,
        &f.kind,
        &f.name,
    )
    .await
    {
        Ok(unit) => Ok(see_other(&format!("/units/{}?done=unit-created", unit.id))),
        Err(e) => {
            let e = AppError::from(e);
            match Invalid::of(staff.ctx.tr, &e) {
                // The form sits on the page of the unit it would go under.
                Some(inv) if inv.field.as_deref() != Some("parent") => Ok(unprocessable(
                    unit_page(&state, &staff, f.parent, inv, Some(&f), Refused::none()).await?,
                )),
                _ => Err(e),
            }
        }
    }
}

#[derive(Deserialize)]
pub struct RenameForm {
    name: String,
}

pub async fn rename(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<RenameForm>,
) -> AppResult<Response> {
    match units::rename(&state, &staff.caller, UnitId(id), &f.name)
        .await
        .map_err(AppError::from)
    {
        Ok(_) => Ok(see_other(&format!("/units/{id}?done=unit-renamed"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                let change = Refused {
                    inv,
                    name: Some(f.name.clone()),
                };
                unit_page(&state, &staff, id, Invalid::none(), None, change)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    parent: i64,
}

pub async fn move_unit(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<MoveForm>,
) -> AppResult<Response> {
    match units::move_to(&state, &staff.caller, UnitId(id), UnitId(f.parent), None)
        .await
        .map_err(AppError::from)
    {
        Ok(_) => Ok(see_other(&format!("/units/{id}?done=unit-moved"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                let change = Refused { inv, name: None };
                unit_page(&state, &staff, id, Invalid::none(), None, change)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn archive(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<EmptyForm>,
) -> AppResult<Response> {
    units::archive(&state, &staff.caller, UnitId(id)).await?;
    Ok(see_other(&format!("/units/{id}?done=unit-archived")))
}

pub async fn restore(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<EmptyForm>,
) -> AppResult<Response> {
    units::restore(&state, &staff.caller, UnitId(id)).await?;
    Ok(see_other(&format!("/units/{id}?done=unit-restored")))
}

/// The last twelve months of the ladder: per month, how many people of the unit first reached
/// each stage (small counts hidden from those who see no names).
async fn funnel_by_month(
    state: &AppState,
    staff: &Staff,
    unit: &Unit,
) -> AppResult<Vec<(String, Vec<String>)>> {
    let months = enquete_app::scope::ladder_by_month(
        &state.app,
        &staff.caller,
        unit,
        enquete_domain::Timestamp::now_utc(),
    )
    .await?;
    Ok(months
        .into_iter()
        .map(|(m, counts)| {
            let shown = counts
                .iter()
                .map(|n| match n {
                    Some(n) => n.to_string(),
                    None => enquete_domain::policy::HIDDEN.to_owned(),
                })
                .collect();
            (m, shown)
        })
        .collect())
}

#[derive(serde::Deserialize, Default)]
pub struct PostcodesForm {
    #[serde(default)]
    postcodes: String,
}

/// The postcodes a section covers.
pub async fn postcodes(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PostcodesForm>,
) -> AppResult<Response> {
    units::set_postcodes(&state, &staff.caller, UnitId(id), &f.postcodes).await?;
    Ok(see_other(&format!("/units/{id}?done=postcodes-saved")))
}

//! The workplace map of a workplace section (`/units/{id}/workplace`): the workplace, its
//! departments, shifts and unions, the heat map of coverage and the structure tests; and who
//! stands where (`/units/{id}/workers`), for the section's stewards and the organizers above.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::{Form, FormFields, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use enquete_domain::org::UnitId;
use enquete_domain::people::PersonId;
use enquete_domain::workplace::{TestDraft, TestKind, WorkplaceDraft};
use serde::Deserialize;

/// A cell of the heat map as drawn.
struct CellView {
    /// "3 known · 2 assessed · 1 supporters of 20", said in full (the cell's title).
    text: String,
    /// "1/20": supporters of the headcount, shown large.
    main: String,
    /// "3 known · 2 assessed", shown small.
    detail: String,
    level: u8,
    percent: u32,
    headcount: u32,
}

fn cell(c: &Chrome, v: enquete_domain::workplace::Coverage) -> CellView {
    CellView {
        text: c.tr.tn(
            "workplace-cell",
            &[
                ("known", v.known.to_string()),
                ("assessed", v.assessed.to_string()),
                ("supporters", v.supporters.to_string()),
                ("headcount", v.headcount.to_string()),
            ],
        ),
        main: format!("{}/{}", v.supporters, v.headcount),
        detail: c.tr.tn(
            "workplace-cell-detail",
            &[
                ("known", v.known.to_string()),
                ("assessed", v.assessed.to_string()),
            ],
        ),
        level: v.level(),
        percent: v.support_percent(),
        headcount: v.headcount,
    }
}

#[derive(Template)]
#[template(path = "workplace.html")]
struct MapPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    employer: String,
    site: String,
    address: String,
    sector: String,
    headcount: String,
    shifts: Vec<(i64, String)>,
    rows: Vec<Row>,
    by_shift: Vec<CellView>,
    total: CellView,
    unplaced_known: u32,
    unions: Vec<(String, String)>,
    /// title, kind, goal, dates, (department, name, count, headcount, percent, reaches), summary.
    tests: Vec<TestView>,
    kinds: Vec<(&'static str, String)>,
    may_assess: bool,
    /// (action, title, date, attended).
    education: Vec<(i64, String, String, i64)>,
    /// The research sites the workplace is linked to: (site, "name · company · place").
    linked: Vec<(i64, String)>,
    /// Reviewed sites it may be linked to.
    sites: Vec<(i64, String)>,
    /// Reviewed shipments expected there, with their evidence.
    expected: Vec<(crate::facts::FactView, crate::facts::ShipmentView)>,
}

/// A department's row: its id, name, cells (with their shift), total, and whether no social
/// leader is reached there.
type Row = (i64, String, Vec<(i64, CellView)>, CellView, bool);

struct TestView {
    id: i64,
    title: String,
    kind: String,
    summary: String,
    rows: Vec<(i64, String, u32, u32, u32, bool)>,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let v = enquete_app::workplaces::map(&state, &staff.caller, UnitId(id)).await?;
    let hands = enquete_app::research::hands(&state, &staff.caller, UnitId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let site_line = |s: &enquete_store::SiteRecord| {
        (
            s.fact.id,
            [
                s.draft.name.as_str(),
                s.company_name.as_str(),
                s.draft.place.as_str(),
            ]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        )
    };
    let w = v.map.workplace.clone().unwrap_or_default();
    let rows = v
        .map
        .departments
        .iter()
        .zip(&v.grid)
        .zip(&v.by_department)
        .map(|(((d, name), cells), total)| {
            (
                *d,
                name.clone(),
                v.map
                    .shifts
                    .iter()
                    .zip(cells)
                    .map(|((s, _), x)| (*s, cell(&c, *x)))
                    .collect(),
                cell(&c, *total),
                v.without_leader.contains(d),
            )
        })
        .collect();
    let tests = v
        .tests
        .iter()
        .map(|t| TestView {
            id: t.test.id,
            title: t.test.draft.title.clone(),
            kind: c.t(&format!("test-kind-{}", t.test.draft.kind.as_str())),
            summary: c.tr.tn(
                "workplace-test-summary",
                &[
                    ("goal", t.test.draft.goal_percent.to_string()),
                    ("reaching", t.reaching.to_string()),
                    ("departments", t.counted.to_string()),
                    ("from", c.tr.date(t.test.draft.starts_on)),
                    ("until", c.tr.date(t.test.draft.ends_on)),
                ],
            ),
            rows: t.rows.clone(),
        })
        .collect();
    let may_assess = enquete_domain::policy::allows(
        &staff.caller.actor,
        enquete_domain::policy::Action::AssessSupport,
        enquete_domain::policy::Target::unit(&v.unit.path),
    );
    page(&MapPage {
        unit_id: id,
        unit_name: v.unit.name.as_str().to_owned(),
        employer: w.employer,
        site: w.site,
        address: w.address,
        sector: w.sector,
        headcount: if w.headcount > 0 {
            w.headcount.to_string()
        } else {
            String::new()
        },
        shifts: v.map.shifts.clone(),
        rows,
        by_shift: v.by_shift.iter().map(|x| cell(&c, *x)).collect(),
        total: cell(&c, v.total),
        unplaced_known: v.unplaced.known,
        unions: v
            .map
            .unions
            .iter()
            .map(|u| (u.name.clone(), u.representatives.clone()))
            .collect(),
        tests,
        kinds: TestKind::ALL
            .iter()
            .map(|k| (k.as_str(), c.t(&format!("test-kind-{}", k.as_str()))))
            .collect(),
        may_assess,
        education: v
            .education
            .iter()
            .map(|e| {
                (
                    e.action.0,
                    e.title.clone(),
                    c.tr.date(e.starts_at),
                    e.attended,
                )
            })
            .collect(),
        linked: hands.linked.iter().map(site_line).collect(),
        sites: hands
            .sites
            .iter()
            .filter(|s| !hands.linked.iter().any(|l| l.fact.id == s.fact.id))
            .map(site_line)
            .collect(),
        expected: hands
            .expected
            .iter()
            .map(|e| {
                (
                    crate::facts::fact_view(c.tr, &e.shipment.fact),
                    crate::facts::shipment_view(c.tr, &e.shipment),
                )
            })
            .collect(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct WorkplaceForm {
    #[serde(default)]
    employer: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    headcount: String,
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<WorkplaceForm>,
) -> AppResult<Response> {
    let draft = WorkplaceDraft::parse(&f.employer, &f.site, &f.address, &f.sector, &f.headcount)?;
    enquete_app::workplaces::save(&state, &staff.caller, UnitId(id), &draft).await?;
    Ok(see_other(&format!("/units/{id}/workplace")))
}

#[derive(Deserialize, Default)]
pub struct PartForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    representatives: String,
}

pub async fn add_part(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PartForm>,
) -> AppResult<Response> {
    if f.kind == "union" {
        enquete_app::workplaces::add_union(
            &state,
            &staff.caller,
            UnitId(id),
            &f.name,
            &f.representatives,
        )
        .await?;
    } else {
        enquete_app::workplaces::add_part(&state, &staff.caller, UnitId(id), &f.kind, &f.name)
            .await?;
    }
    Ok(see_other(&format!("/units/{id}/workplace")))
}

/// The headcount grid: fields `cell_{department}_{shift}`.
pub async fn cells(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    fields: FormFields,
) -> AppResult<Response> {
    let mut cells = Vec::new();
    for (k, v) in &fields.0 {
        let Some(rest) = k.strip_prefix("cell_") else {
            continue;
        };
        let mut parts = rest.split('_').map(str::parse::<i64>);
        if let (Some(Ok(d)), Some(Ok(s))) = (parts.next(), parts.next()) {
            cells.push((d, s, v.clone()));
        } else {
            return Err(
                enquete_domain::FieldError::new("headcount", "error-headcount")
                    .arg("max", 100_000)
                    .into(),
            );
        }
    }
    enquete_app::workplaces::set_cells(&state, &staff.caller, UnitId(id), &cells).await?;
    Ok(see_other(&format!("/units/{id}/workplace")))
}

#[derive(Deserialize, Default)]
pub struct TestForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

pub async fn add_test(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<TestForm>,
) -> AppResult<Response> {
    let draft = TestDraft::parse(&f.kind, &f.title, &f.goal, &f.starts_on, &f.ends_on)?;
    enquete_app::workplaces::add_test(&state, &staff.caller, UnitId(id), &draft).await?;
    Ok(see_other(&format!("/units/{id}/workplace#tests")))
}

#[derive(Deserialize, Default)]
pub struct CountForm {
    #[serde(default)]
    department: String,
    #[serde(default)]
    count: String,
}

pub async fn set_count(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<CountForm>,
) -> AppResult<Response> {
    let unit =
        enquete_app::workplaces::set_count(&state, &staff.caller, id, &f.department, &f.count)
            .await?;
    Ok(see_other(&format!("/units/{}/workplace#test-{id}", unit.0)))
}

#[derive(Template)]
#[template(path = "workers.html")]
struct WorkersPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    departments: Vec<(i64, String)>,
    shifts: Vec<(i64, String)>,
    people: Vec<WorkerView>,
    scores: Vec<(u8, String)>,
}

struct WorkerView {
    id: i64,
    name: String,
    department: Option<i64>,
    shift: Option<i64>,
    place: String,
    social_leader: bool,
    union_member: String,
    latest: String,
    level: u8,
}

pub async fn workers(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let (unit, people) =
        enquete_app::workplaces::workers(&state, &staff.caller, UnitId(id)).await?;
    let map = state.store.workplace_map(unit.id).await?;
    let c = Chrome::new(&staff.ctx);
    let name_of = |list: &[(i64, String)], id: Option<i64>| {
        id.and_then(|id| list.iter().find(|(x, _)| *x == id))
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| "—".to_owned())
    };
    let people = people
        .into_iter()
        .map(|p| WorkerView {
            id: p.person.0,
            place: format!(
                "{} · {}",
                name_of(&map.departments, p.department),
                name_of(&map.shifts, p.shift)
            ),
            department: p.department,
            shift: p.shift,
            social_leader: p.social_leader,
            union_member: p.union_member,
            latest: p.latest.map_or_else(
                || c.t("workers-not-assessed"),
                |(s, at)| {
                    c.tr.tn(
                        "workers-latest",
                        &[
                            ("score", c.t(&format!("support-{}", s.value()))),
                            ("date", c.tr.date(at)),
                            ("n", p.assessments.to_string()),
                        ],
                    )
                },
            ),
            level: p.latest.map_or(0, |(s, _)| s.value()),
            name: p.name,
        })
        .collect();
    page(&WorkersPage {
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        departments: map.departments,
        shifts: map.shifts,
        people,
        scores: enquete_domain::workplace::Support::ALL
            .iter()
            .map(|n| (*n, c.t(&format!("support-{n}"))))
            .collect(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct PlaceForm {
    #[serde(default)]
    department: String,
    #[serde(default)]
    shift: String,
    #[serde(default)]
    social_leader: Option<String>,
    #[serde(default)]
    union_member: String,
}

pub async fn place(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, person)): Path<(i64, i64)>,
    Form(f): Form<PlaceForm>,
) -> AppResult<Response> {
    enquete_app::workplaces::place(
        &state,
        &staff.caller,
        UnitId(id),
        PersonId(person),
        &f.department,
        &f.shift,
        f.social_leader.is_some(),
        &f.union_member,
    )
    .await?;
    Ok(see_other(&format!("/units/{id}/workers#person-{person}")))
}

#[derive(Deserialize, Default)]
pub struct AssessForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    note: String,
}

pub async fn assess(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, person)): Path<(i64, i64)>,
    Form(f): Form<AssessForm>,
) -> AppResult<Response> {
    enquete_app::workplaces::assess(
        &state,
        &staff.caller,
        UnitId(id),
        PersonId(person),
        &f.score,
        &f.note,
    )
    .await?;
    Ok(see_other(&format!("/units/{id}/workers#person-{person}")))
}

#[derive(Template)]
#[template(path = "worker.html")]
struct WorkerPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    name: String,
    /// (score words, note, date, by).
    history: Vec<(u8, String, String, String, String)>,
}

/// One colleague's assessments, newest first (the read is audited).
pub async fn worker(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, person)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let history =
        enquete_app::workplaces::history(&state, &staff.caller, UnitId(id), PersonId(person))
            .await?;
    let unit = state.store.unit(UnitId(id)).await?;
    let record = state.store.person(PersonId(person)).await?;
    let c = Chrome::new(&staff.ctx);
    let mut names = std::collections::HashMap::new();
    for h in &history {
        if let Some(u) = h.by
            && !names.contains_key(&u.0)
        {
            let name = state
                .store
                .user(u)
                .await
                .map(|r| r.user.display_name)
                .unwrap_or_default();
            names.insert(u.0, name);
        }
    }
    page(&WorkerPage {
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        name: record.person.name.as_str().to_owned(),
        history: history
            .iter()
            .map(|h| {
                (
                    h.score.value(),
                    c.t(&format!("support-{}", h.score.value())),
                    h.note.clone(),
                    c.tr.date(h.at),
                    h.by.and_then(|u| names.get(&u.0).cloned())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct SiteForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    on: String,
}

/// Links the workplace to a site of the research it works on (or unlinks it).
pub async fn link_site(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<SiteForm>,
) -> AppResult<Response> {
    let site: i64 = f
        .site
        .trim()
        .parse()
        .map_err(|_| enquete_domain::FieldError::new("site", "error-no-site"))?;
    let on = enquete_domain::research::yes(&f.on).map_err(|e| e.in_field("on"))?;
    enquete_app::research::link_site(
        &state,
        &staff.caller,
        UnitId(id),
        site,
        on,
        crate::facts::warning_mail(&state),
    )
    .await?;
    Ok(see_other(&format!("/units/{id}/workplace#hands")))
}

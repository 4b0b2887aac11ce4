//! The workplace map (issue 16, parts 1 and 2), for the stewards of a workplace section and the
//! organizers above it: the workplace and its departments, shifts and unions; where the
//! section's people work, who the social leaders are and where each stands (assessments,
//! audited when read, never exported by name); the heat map of coverage per department and
//! shift; structure tests counted per department against their goal.

use crate::scope::unit_for;
use crate::{App, Caller, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{Unit, UnitId, UnitKind};
use enquete_domain::people::PersonId;
use enquete_domain::policy::Action;
use enquete_domain::workplace::{
    Coverage, Support, TestDraft, WorkplaceDraft, cell_headcount, part_name, reaches,
};
use enquete_store::{AssessmentRecord, PlacedPerson, TestRecord, WorkplaceMap};

/// A workplace section the caller may act on.
async fn workplace_for(app: &App, caller: &Caller, id: UnitId, action: Action) -> Result<Unit> {
    let unit = unit_for(app, caller, id, action).await?;
    if unit.kind != UnitKind::Workplace {
        return Err(FieldError::new("unit", "error-not-workplace").into());
    }
    Ok(unit)
}

fn audit(
    caller: &Caller,
    action: AuditAction,
    person: Option<PersonId>,
    detail: String,
) -> enquete_store::AuditEvent {
    crate::audit::event(caller, action, person, detail)
}

pub async fn save(app: &App, caller: &Caller, id: UnitId, draft: &WorkplaceDraft) -> Result<()> {
    let unit = workplace_for(app, caller, id, Action::MapWorkplace).await?;
    app.store
        .save_workplace(
            unit.id,
            draft,
            caller.now,
            audit(
                caller,
                AuditAction::Workplace,
                None,
                format!("unit {}", unit.id.0),
            ),
        )
        .await?;
    Ok(())
}

/// Adds a department (`kind` "department") or a shift ("shift").
pub async fn add_part(
    app: &App,
    caller: &Caller,
    id: UnitId,
    kind: &str,
    name: &str,
) -> Result<i64> {
    let unit = workplace_for(app, caller, id, Action::MapWorkplace).await?;
    let shift = match kind {
        "department" => false,
        "shift" => true,
        _ => return Err(FieldError::new("kind", "error-part-kind").into()),
    };
    let name = part_name("name", name)?;
    Ok(app.store.add_workplace_part(unit.id, shift, &name).await?)
}

/// Sets the headcounts of the grid: (department, shift, headcount as typed); every value is
/// checked before any is kept.
pub async fn set_cells(
    app: &App,
    caller: &Caller,
    id: UnitId,
    cells: &[(i64, i64, String)],
) -> Result<()> {
    let unit = workplace_for(app, caller, id, Action::MapWorkplace).await?;
    let mut parsed = Vec::with_capacity(cells.len());
    for (d, s, raw) in cells {
        parsed.push((*d, *s, cell_headcount(raw)?));
    }
    Ok(app.store.set_cells(unit.id, &parsed).await?)
}

pub async fn add_union(
    app: &App,
    caller: &Caller,
    id: UnitId,
    name: &str,
    representatives: &str,
) -> Result<i64> {
    let unit = workplace_for(app, caller, id, Action::MapWorkplace).await?;
    let name = part_name("name", name)?;
    let reps = representatives.trim();
    if reps.chars().count() > 500 {
        return Err(FieldError::new("representatives", "error-too-long")
            .arg("max", 500)
            .into());
    }
    Ok(app
        .store
        .add_union(
            unit.id,
            &name,
            reps,
            audit(
                caller,
                AuditAction::Workplace,
                None,
                format!("unit {}: union", unit.id.0),
            ),
        )
        .await?)
}

/// The map with its heat map (counts only).
pub struct MapView {
    pub unit: Unit,
    pub map: WorkplaceMap,
    /// Per department (in order), per shift (in order), the cell.
    pub grid: Vec<Vec<Coverage>>,
    pub by_department: Vec<Coverage>,
    pub by_shift: Vec<Coverage>,
    pub total: Coverage,
    /// People placed on no department or shift yet.
    pub unplaced: Coverage,
    pub without_leader: Vec<i64>,
    pub tests: Vec<TestView>,
    /// Political-education sessions held for the workplace (training sessions of the section:
    /// their check-ins count on the ladder as at any action).
    pub education: Vec<enquete_store::SessionRecord>,
}

/// A structure test with, per department: (department, count, headcount, percent, reaches
/// the goal).
pub struct TestView {
    pub test: TestRecord,
    pub rows: Vec<(i64, String, u32, u32, u32, bool)>,
    /// Departments reaching the goal, of those with a headcount.
    pub reaching: usize,
    pub counted: usize,
}

pub async fn map(app: &App, caller: &Caller, id: UnitId) -> Result<MapView> {
    let unit = workplace_for(app, caller, id, Action::MapWorkplace).await?;
    let map = app.store.workplace_map(unit.id).await?;
    let coverage = app.store.coverage(unit.id).await?;
    let grid: Vec<Vec<Coverage>> = map
        .departments
        .iter()
        .map(|(d, _)| {
            map.shifts
                .iter()
                .map(|(s, _)| {
                    coverage
                        .get(&(Some(*d), Some(*s)))
                        .copied()
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let mut by_department = vec![Coverage::default(); map.departments.len()];
    let mut by_shift = vec![Coverage::default(); map.shifts.len()];
    let mut total = Coverage::default();
    let mut unplaced = Coverage::default();
    for ((d, s), c) in &coverage {
        total.add(*c);
        let di = d.and_then(|d| map.departments.iter().position(|(id, _)| *id == d));
        let si = s.and_then(|s| map.shifts.iter().position(|(id, _)| *id == s));
        if let Some(slot) = di.and_then(|i| by_department.get_mut(i)) {
            slot.add(*c);
        }
        if let Some(slot) = si.and_then(|i| by_shift.get_mut(i)) {
            slot.add(*c);
        }
        if di.is_none() || si.is_none() {
            unplaced.known += c.known;
            unplaced.assessed += c.assessed;
            unplaced.supporters += c.supporters;
        }
    }
    let headcount_of = |d: i64| -> u32 {
        map.cells
            .iter()
            .filter(|(cd, _, _)| *cd == d)
            .map(|(_, _, n)| *n)
            .sum()
    };
    let tests = app
        .store
        .workplace_tests(unit.id)
        .await?
        .into_iter()
        .map(|test| {
            let rows: Vec<_> = map
                .departments
                .iter()
                .map(|(d, name)| {
                    let count = test
                        .counts
                        .iter()
                        .find(|(cd, _)| cd == d)
                        .map_or(0, |(_, n)| *n);
                    let headcount = headcount_of(*d);
                    let percent = (count * 100).checked_div(headcount).unwrap_or(0).min(100);
                    (
                        *d,
                        name.clone(),
                        count,
                        headcount,
                        percent,
                        reaches(count, headcount, test.draft.goal_percent),
                    )
                })
                .collect();
            TestView {
                reaching: rows.iter().filter(|r| r.5).count(),
                counted: rows.iter().filter(|r| r.3 > 0).count(),
                rows,
                test,
            }
        })
        .collect();
    let education = app.store.sessions_below(&unit.path).await?;
    Ok(MapView {
        education,
        without_leader: app.store.departments_without_leader(unit.id).await?,
        unit,
        map,
        grid,
        by_department,
        by_shift,
        total,
        unplaced,
        tests,
    })
}

/// Who stands where, by name: for the section's stewards and the organizers above; audited.
pub async fn workers(app: &App, caller: &Caller, id: UnitId) -> Result<(Unit, Vec<PlacedPerson>)> {
    let unit = workplace_for(app, caller, id, Action::AssessSupport).await?;
    let people = app
        .store
        .placed_workers(
            unit.id,
            audit(
                caller,
                AuditAction::AssessmentsRead,
                None,
                format!("unit {}", unit.id.0),
            ),
        )
        .await?;
    Ok((unit, people))
}

fn optional_id(field: &'static str, raw: &str) -> Result<Option<i64>> {
    match raw.trim() {
        "" => Ok(None),
        v => Ok(Some(v.parse::<i64>().map_err(|_| {
            FieldError::new(field, "error-not-this-workplace")
        })?)),
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one person's place on the map, as typed"
)]
pub async fn place(
    app: &App,
    caller: &Caller,
    id: UnitId,
    person: PersonId,
    department: &str,
    shift: &str,
    social_leader: bool,
    union_member: &str,
) -> Result<()> {
    let unit = workplace_for(app, caller, id, Action::AssessSupport).await?;
    let department = optional_id("department", department)?;
    let shift = optional_id("shift", shift)?;
    let union_member = union_member.trim();
    if union_member.chars().count() > 80 {
        return Err(FieldError::new("union_member", "error-too-long")
            .arg("max", 80)
            .into());
    }
    app.store
        .place_worker(
            unit.id,
            person,
            department,
            shift,
            social_leader,
            union_member,
            caller.now,
            audit(
                caller,
                AuditAction::WorkerPlaced,
                Some(person),
                String::new(),
            ),
        )
        .await?;
    Ok(())
}

pub async fn assess(
    app: &App,
    caller: &Caller,
    id: UnitId,
    person: PersonId,
    score: &str,
    note: &str,
) -> Result<()> {
    let unit = workplace_for(app, caller, id, Action::AssessSupport).await?;
    let score = Support::parse(score)?;
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(FieldError::new("note", "error-too-long")
            .arg("max", 500)
            .into());
    }
    app.store
        .assess(
            unit.id,
            person,
            score,
            note,
            Some(caller.id()),
            caller.now,
            audit(
                caller,
                AuditAction::SupportAssessed,
                Some(person),
                String::new(),
            ),
        )
        .await?;
    Ok(())
}

/// A person's assessment history (the person must be of the section); audited.
pub async fn history(
    app: &App,
    caller: &Caller,
    id: UnitId,
    person: PersonId,
) -> Result<Vec<AssessmentRecord>> {
    let unit = workplace_for(app, caller, id, Action::AssessSupport).await?;
    let record = app.store.person(person).await?;
    if record.person.unit != unit.id {
        return Err(crate::Error::NotFound("person"));
    }
    Ok(app
        .store
        .assessments_of(
            unit.id,
            person,
            audit(
                caller,
                AuditAction::AssessmentsRead,
                Some(person),
                String::new(),
            ),
        )
        .await?)
}

pub async fn add_test(app: &App, caller: &Caller, id: UnitId, draft: &TestDraft) -> Result<i64> {
    let unit = workplace_for(app, caller, id, Action::MapWorkplace).await?;
    Ok(app
        .store
        .create_workplace_test(
            unit.id,
            draft,
            caller.now,
            audit(
                caller,
                AuditAction::Workplace,
                None,
                format!("test {}", draft.title),
            ),
        )
        .await?)
}

/// Sets a department's count in a structure test; returns the test's unit.
pub async fn set_count(
    app: &App,
    caller: &Caller,
    test: i64,
    department: &str,
    count: &str,
) -> Result<UnitId> {
    let t = app.store.workplace_test(test).await?;
    let unit = workplace_for(app, caller, t.unit, Action::MapWorkplace).await?;
    let department = optional_id("department", department)?
        .ok_or_else(|| FieldError::new("department", "error-required"))?;
    let count = cell_headcount(count).map_err(|e| FieldError {
        field: "count",
        ..e
    })?;
    app.store
        .set_test_count(test, department, count, caller.now)
        .await?;
    Ok(unit.id)
}

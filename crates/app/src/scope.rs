//! Loading what a caller asks for, checked against the access policy: a unit, a person, an
//! action, a petition, an assignment. Out of scope reads as forbidden; every operation starts
//! here before it reads or changes anything.

use crate::{App, Caller, Error, Result};
use enquete_analysis::{StageTotals, roll_up};
use enquete_domain::campaign::ActionId;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::PersonId;
use enquete_domain::policy::{Action, Target, allows, sees_whole_tree, works_assignment};
use enquete_domain::survey::AssignmentId;
use enquete_store::{ActionRecord, Assignment, PersonRecord, RsvpRecord};
use std::collections::HashMap;

/// Whether the caller may do `action` in `unit`.
pub fn may(caller: &Caller, action: Action, unit: &Unit) -> bool {
    allows(&caller.actor, action, Target::unit(&unit.path))
}

/// Loads a unit the caller may act on; out of scope reads as forbidden.
pub async fn unit_for(app: &App, caller: &Caller, id: UnitId, action: Action) -> Result<Unit> {
    let unit = app.store.unit(id).await?;
    if !allows(&caller.actor, action, Target::unit(&unit.path)) {
        return Err(Error::Forbidden);
    }
    Ok(unit)
}

/// The root of what a caller sees of the tree.
pub async fn visible_root(app: &App, caller: &Caller) -> Result<Unit> {
    if sees_whole_tree(&caller.actor) {
        Ok(app.store.unit(caller.organization()).await?)
    } else {
        Ok(app.store.unit(caller.unit).await?)
    }
}

/// The open sections the caller sees where it may do `action` (collect, add people, hand out
/// doors), in tree order.
pub async fn sections_where(app: &App, caller: &Caller, action: Action) -> Result<Vec<Unit>> {
    let root = visible_root(app, caller).await?;
    Ok(app
        .store
        .subtree(&root.path, false)
        .await?
        .into_iter()
        .filter(|u| u.kind.is_section() && allows(&caller.actor, action, Target::unit(&u.path)))
        .collect())
}

/// The root of the organization a unit belongs to.
pub async fn organization_of(app: &App, unit: &Unit) -> Result<Unit> {
    match unit.path.ids().first() {
        Some(root) if *root != unit.id => Ok(app.store.unit(*root).await?),
        _ => Ok(unit.clone()),
    }
}

/// Per-unit totals of people on each stage for a subtree, rolled up.
pub async fn totals_below(app: &App, root: &Unit) -> Result<HashMap<UnitId, StageTotals>> {
    Ok(tree_totals(app, &root.path).await?.1)
}

/// The units at `path` and below, (unit, parent) parents first, with their rolled-up totals.
async fn tree_totals(
    app: &App,
    path: &enquete_domain::org::UnitPath,
) -> Result<(Vec<(UnitId, Option<UnitId>)>, HashMap<UnitId, StageTotals>)> {
    let counts = app.store.unit_counts(path).await?;
    let units: Vec<(UnitId, Option<UnitId>)> =
        counts.units.iter().map(|u| (u.id, u.parent)).collect();
    let totals = roll_up(
        &units,
        counts.counts.iter().map(|c| (c.unit, c.stage, c.count)),
    );
    Ok((units, totals))
}

/// People per stage in `root` and below, as the caller may see them: for readers who see no
/// names, with the counts hidden that the whole tree's [`crate::disclosure::StageMask`] hides
/// (the same whichever unit they look at).
pub async fn people_counts(
    app: &App,
    caller: &Caller,
    root: &Unit,
) -> Result<crate::disclosure::PeopleCounts> {
    if !enquete_domain::policy::hides_small_counts_in(&caller.actor, &root.path) {
        let totals = totals_below(app, root).await?;
        return Ok(crate::disclosure::PeopleCounts { totals, mask: None });
    }
    // The organization's whole tree, read once: the mask needs all of it, and a unit's totals
    // are the same in it as in its own subtree.
    let top = organization_of(app, root).await?;
    let (units, totals) = tree_totals(app, &top.path).await?;
    let mask = Some(crate::disclosure::StageMask::build(&units, &totals));
    Ok(crate::disclosure::PeopleCounts { totals, mask })
}

/// The ladder month by month over the last year: per month (`YYYY-MM`, newest first), how many
/// people of `unit` and below first reached each stage, as the caller may see them (for readers
/// who see no names, with the counts hidden that the whole tree's
/// [`crate::disclosure::FunnelMask`] hides).
pub async fn ladder_by_month(
    app: &App,
    caller: &Caller,
    unit: &Unit,
    now: enquete_domain::Timestamp,
) -> Result<Vec<(String, [Option<u64>; 6])>> {
    if !may(caller, Action::ViewAggregates, unit) {
        return Err(Error::Forbidden);
    }
    let since = enquete_domain::Timestamp(now.0 - 366 * 86_400);
    let hides = enquete_domain::policy::hides_small_counts_in(&caller.actor, &unit.path);
    // Readers who see no names get the mask of the organization's whole tree, the same
    // whichever unit they look at; so the whole tree is read.
    let top = if hides {
        organization_of(app, unit).await?
    } else {
        unit.clone()
    };
    let funnel = app.store.stages_reached_by_month(&top.path, since).await?;
    let below: std::collections::HashSet<UnitId> = app
        .store
        .subtree(&unit.path, true)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut months: std::collections::BTreeMap<String, [u64; 6]> = Default::default();
    for (u, month, stage, n) in &funnel {
        if below.contains(u)
            && let Some(slot) = months
                .entry(month.clone())
                .or_default()
                .get_mut(stage.index())
        {
            *slot += n;
        }
    }
    let mask = if hides {
        let (units, totals) = tree_totals(app, &top.path).await?;
        let stages = crate::disclosure::StageMask::build(&units, &totals);
        // Every month of the tree, so that a month missing tells nothing.
        for (_, month, _, _) in &funnel {
            months.entry(month.clone()).or_default();
        }
        Some(crate::disclosure::FunnelMask::build(
            &units, &totals, &stages, &funnel,
        ))
    } else {
        None
    };
    Ok(months
        .into_iter()
        .rev()
        .map(|(m, counts)| {
            let shown = std::array::from_fn(|s| {
                let n = counts.get(s).copied().unwrap_or(0);
                match &mask {
                    Some(mask) => mask.at(unit.id, &m, s, n),
                    None => Some(n),
                }
            });
            (m, shown)
        })
        .collect())
}

/// Loads a person the caller may do `action` on.
pub async fn person_for(
    app: &App,
    caller: &Caller,
    id: PersonId,
    action: Action,
) -> Result<PersonRecord> {
    let rec = app.store.person(id).await?;
    if !allows(
        &caller.actor,
        action,
        Target::person(&rec.unit_path, rec.recorded_by),
    ) {
        return Err(Error::Forbidden);
    }
    Ok(rec)
}

/// The unit results are asked for (default: the top of what the caller sees), checked against
/// the caller's scope.
pub async fn results_unit(app: &App, caller: &Caller, unit: Option<UnitId>) -> Result<Unit> {
    let unit = match unit {
        Some(u) => unit_for(app, caller, u, Action::ViewAggregates).await?,
        None => visible_root(app, caller).await?,
    };
    if !may(caller, Action::ViewAggregates, &unit) {
        return Err(Error::Forbidden);
    }
    Ok(unit)
}

/// Whether the caller may see the results of the unit above this one.
pub async fn parent_visible(app: &App, caller: &Caller, unit: &Unit) -> Result<bool> {
    Ok(match unit.parent {
        Some(p) => {
            let parent = app.store.unit(p).await?;
            may(caller, Action::ViewAggregates, &parent)
        }
        None => false,
    })
}

/// Whether the caller may publish a survey with this form id, and for which unit: `Some(unit)`
/// for a new survey (owned by the caller's unit), `None` for a new version of one the caller's
/// scope owns.
pub async fn publish_rights(app: &App, caller: &Caller, form_id: &str) -> Result<Option<UnitId>> {
    match app.store.survey_owner(form_id).await? {
        None => {
            let here = Target::unit(&caller.actor.scope);
            if allows(&caller.actor, Action::PublishSurvey, here) {
                Ok(Some(caller.unit))
            } else {
                Err(Error::Forbidden)
            }
        }
        Some(owner) => {
            may_publish_in(app, caller, owner).await?;
            Ok(None)
        }
    }
}

/// Whether the caller may publish surveys in the unit that owns a survey or a draft (`None`:
/// the root unit, so national admins only). The one rule for published surveys and drafts.
pub async fn may_publish_in(app: &App, caller: &Caller, owner: Option<UnitId>) -> Result<()> {
    let owner_path = match owner {
        Some(unit) => app.store.unit(unit).await?.path,
        None => {
            app.store
                .root_unit()
                .await?
                .ok_or(Error::NotFound("organization"))?
                .path
        }
    };
    if allows(
        &caller.actor,
        Action::PublishSurvey,
        Target::unit(&owner_path),
    ) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Loads an assignment the caller may work on.
pub async fn assignment_for(app: &App, caller: &Caller, id: AssignmentId) -> Result<Assignment> {
    let a = app.store.assignment(id).await?;
    let unit = app.store.unit(a.unit).await?;
    if !works_assignment(&caller.actor, &unit.path, a.canvasser) {
        return Err(Error::Forbidden);
    }
    Ok(a)
}

/// Whether the caller runs this action: plans it, sees every RSVP, checks anyone in.
pub fn runs(caller: &Caller, a: &ActionRecord) -> bool {
    allows(
        &caller.actor,
        Action::ManageActions,
        Target::unit(&a.unit_path),
    )
}

/// Whether the action concerns the caller: it is in its scope, or above it (a national action
/// reaches every section, whose organizers bring their people).
pub fn reaches(caller: &Caller, a: &ActionRecord) -> bool {
    runs(caller, a)
        || allows(&caller.actor, Action::CheckIn, Target::unit(&a.unit_path))
        || (caller.actor.scope.is_within(&a.unit_path)
            && allows(
                &caller.actor,
                Action::CheckIn,
                Target::unit(&caller.actor.scope),
            ))
}

/// Loads an action the caller may see.
pub async fn action_for(app: &App, caller: &Caller, id: ActionId) -> Result<ActionRecord> {
    let a = app.store.action(id).await?;
    if !reaches(caller, &a) {
        return Err(Error::Forbidden);
    }
    Ok(a)
}

/// The RSVPs the caller may see: those of the people in its own scope (a national action run
/// by the nation shows each city's organizers their own people).
pub fn visible_rsvps(caller: &Caller, all: Vec<RsvpRecord>) -> Vec<RsvpRecord> {
    all.into_iter()
        .filter(|r| allows(&caller.actor, Action::CheckIn, Target::unit(&r.unit_path)))
        .collect()
}

/// The open units of a subtree where the caller may do `action`, in tree order (the choices of
/// a form's unit field).
pub async fn units_where(
    app: &App,
    caller: &Caller,
    below: &enquete_domain::org::UnitPath,
    action: Action,
) -> Result<Vec<Unit>> {
    Ok(app
        .store
        .subtree(below, false)
        .await?
        .into_iter()
        .filter(|u| may(caller, action, u))
        .collect())
}

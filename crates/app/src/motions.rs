//! Motions into demands into actions (issue 16, part 3), for those who run a unit's work: a
//! motion passed by a union body is broken into demands, each with a target, an owner and a
//! status moved by dated updates, and the unit's actions taken for it; counted per unit and
//! across the organization.

use crate::scope::unit_for;
use crate::{App, Caller, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionId;
use enquete_domain::motions::{DemandDraft, DemandStatus, MotionDraft};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::policy::Action;
use enquete_store::{ActionRecord, DemandRecord, MotionFigures, MotionRecord};

pub async fn create(app: &App, caller: &Caller, unit: UnitId, draft: &MotionDraft) -> Result<i64> {
    let unit = unit_for(app, caller, unit, Action::ManageActions).await?;
    Ok(app
        .store
        .create_motion(
            unit.id,
            draft,
            caller.now,
            crate::audit::event(caller, AuditAction::Motion, None, draft.title.clone()),
        )
        .await?)
}

/// The motions of a unit and below, with their figures.
pub async fn list(
    app: &App,
    caller: &Caller,
    unit: UnitId,
) -> Result<(Unit, Vec<(MotionRecord, Vec<DemandRecord>)>, MotionFigures)> {
    let unit = unit_for(app, caller, unit, Action::ManageActions).await?;
    let mut out = Vec::new();
    for m in app.store.motions_below(&unit.path).await? {
        let demands = app.store.demands(m.id).await?;
        out.push((m, demands));
    }
    let figures = app.store.motion_figures(&unit.path).await?;
    Ok((unit, out, figures))
}

async fn motion_for(app: &App, caller: &Caller, id: i64) -> Result<(MotionRecord, Unit)> {
    let m = app.store.motion(id).await?;
    let unit = unit_for(app, caller, m.unit, Action::ManageActions).await?;
    Ok((m, unit))
}

/// A motion, its demands, and the actions of its unit and below that may be linked.
pub async fn show(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(MotionRecord, Vec<DemandRecord>, Vec<ActionRecord>)> {
    let (m, unit) = motion_for(app, caller, id).await?;
    let demands = app.store.demands(m.id).await?;
    let actions = app.store.actions_in(&unit.path, None).await?;
    Ok((m, demands, actions))
}

pub async fn add_demand(
    app: &App,
    caller: &Caller,
    motion: i64,
    draft: &DemandDraft,
) -> Result<i64> {
    let (m, _) = motion_for(app, caller, motion).await?;
    Ok(app
        .store
        .add_demand(
            m.id,
            draft,
            Some(caller.id()),
            caller.now,
            crate::audit::event(caller, AuditAction::Motion, None, draft.text.clone()),
        )
        .await?)
}

/// Moves a demand; returns its motion.
pub async fn update_demand(
    app: &App,
    caller: &Caller,
    demand: i64,
    status: &str,
    note: &str,
) -> Result<i64> {
    let motion = app.store.demand_motion(demand).await?;
    motion_for(app, caller, motion).await?;
    let status = DemandStatus::parse(status)?;
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(FieldError::new("note", "error-too-long")
            .arg("max", 1000)
            .into());
    }
    app.store
        .update_demand(demand, status, note, Some(caller.id()), caller.now)
        .await?;
    Ok(motion)
}

/// Links an action taken for a demand; returns its motion.
pub async fn link_action(app: &App, caller: &Caller, demand: i64, action: &str) -> Result<i64> {
    let motion = app.store.demand_motion(demand).await?;
    motion_for(app, caller, motion).await?;
    let action = action
        .trim()
        .parse::<i64>()
        .map_err(|_| FieldError::new("action", "error-action-not-here"))?;
    app.store
        .link_demand_action(demand, ActionId(action))
        .await?;
    Ok(motion)
}

//! What an account has to do now, for its start page: the campaigns running in its unit with
//! the unit's targets and pace, its next actions, its open canvassing assignments, its call
//! lists with people to call, and the open decisions of its unit's meetings. Each part only as
//! far as the account may see it.

use crate::campaigns::{UnitProgress, follows, progress};
use crate::scope::reaches;
use crate::{App, Caller, Result};
use enquete_domain::Timestamp;
use enquete_domain::org::Unit;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{ActionRecord, Assignment, CallAssignment, CampaignRecord, DAY, Decision};

/// A campaign running now in the account's unit.
pub struct Running {
    pub campaign: CampaignRecord,
    /// The unit's targets, what is done and the pace, for those who follow the campaign there.
    pub progress: Option<UnitProgress>,
    /// Days left, the deadline included.
    pub days_left: i64,
}

pub struct Today {
    pub unit: Unit,
    /// The widest first: a national focus before a city's own campaign.
    pub running: Vec<Running>,
    /// The next actions that reach the unit (those started in the last six hours included, for
    /// checking people in), soonest first.
    pub actions: Vec<ActionRecord>,
    /// Open assignments with doors left: the account's own, then those of its unit's sections.
    pub assignments: Vec<Assignment>,
    /// Open call lists the account may call from, with people still to call.
    pub calls: Vec<CallAssignment>,
    /// Open decisions of the meetings of the unit and of the units right below it, soonest due
    /// first.
    pub decisions: Vec<Decision>,
    /// Open follow-up tasks of the units the account runs, the most overdue first.
    pub tasks: Vec<crate::followups::Task>,
    /// Reviewed shipments of concern expected in the coming weeks at the sites of the
    /// workplace sections the account keeps the map of (the early warning of the research).
    pub warnings: Vec<enquete_store::ExpectedShipment>,
}

/// How many of each shown at most; the full lists are one tap away.
const SHOWN: usize = 5;

pub async fn of(app: &App, caller: &Caller) -> Result<Today> {
    let unit = app.store.unit(caller.unit).await?;
    let now = caller.now;
    let here = Target::unit(&unit.path);

    let mut running = Vec::new();
    let mut campaigns: Vec<CampaignRecord> = app
        .store
        .campaigns_reaching(&unit.path)
        .await?
        .into_iter()
        .filter(|k| k.starts_at.0 <= now.0 && now.0 < k.ends_at.0 + DAY)
        // Those rooted above the unit: the unit's part of them is its target.
        .filter(|k| unit.path.is_within(&k.unit_path))
        .collect();
    campaigns.sort_by_key(|k| (k.unit_path.depth(), std::cmp::Reverse(k.starts_at.0)));
    for campaign in campaigns.into_iter().take(3) {
        let progress = if follows(caller, &unit) {
            Some(progress(app, &campaign, &unit, now).await?.unit)
        } else {
            None
        };
        running.push(Running {
            days_left: (campaign.ends_at.0 - now.0).div_euclid(DAY) + 1,
            campaign,
            progress,
        });
    }

    // Those who run actions, and canvassers, who bring people to them (they open the public
    // page, which they can share).
    let actions = if shows_actions(caller, &unit) {
        let mut next: Vec<ActionRecord> = app
            .store
            .actions_reaching(&unit.path)
            .await?
            .into_iter()
            .filter(|a| !a.cancelled && a.starts_at.0 >= now.0 - 6 * 3600)
            .collect();
        next.sort_by_key(|a| a.starts_at.0);
        next.truncate(SHOWN);
        next
    } else {
        Vec::new()
    };

    let mut assignments: Vec<Assignment> = app
        .store
        .assignments(Some(caller.actor.user), &[])
        .await?
        .into_iter()
        .filter(|a| !a.closed && a.progress.visited < a.progress.doors)
        .collect();
    if allows(&caller.actor, Action::ManageAssignments, here) {
        let sections: Vec<_> = app
            .store
            .subtree(&unit.path, false)
            .await?
            .into_iter()
            .filter(|u| u.kind.is_section())
            .map(|u| u.id)
            .take(200)
            .collect();
        for a in app.store.assignments(None, &sections).await? {
            if !a.closed
                && a.progress.visited < a.progress.doors
                && !assignments.iter().any(|b| b.id == a.id)
            {
                assignments.push(a);
            }
        }
    }
    assignments.truncate(SHOWN);

    let calls = if allows(&caller.actor, Action::MakeCalls, here) {
        let mut open: Vec<CallAssignment> = crate::calls::lists(app, caller)
            .await?
            .into_iter()
            .filter(|l| !l.closed && l.progress.not_called + l.progress.to_retry > 0)
            .collect();
        open.truncate(SHOWN);
        open
    } else {
        Vec::new()
    };

    // The unit's own meetings and those of the units right below it (a city's sections).
    let decisions = if allows(&caller.actor, Action::ManageActions, here) {
        let mut open = app.store.decisions(unit.id, None).await?;
        let below = app.store.subtree(&unit.path, false).await?;
        for u in below.iter().filter(|u| u.parent == Some(unit.id)).take(30) {
            open.extend(app.store.decisions(u.id, None).await?);
        }
        open.sort_by_key(|d| (d.due_at.0, d.id.0));
        open.truncate(SHOWN);
        open
    } else {
        Vec::new()
    };

    let tasks = if allows(&caller.actor, Action::EditPerson, here) {
        crate::followups::open(app, caller, SHOWN as u32).await?
    } else {
        Vec::new()
    };

    let warnings = crate::research::warnings(app, caller).await?;

    Ok(Today {
        warnings,
        unit,
        running,
        actions,
        assignments,
        calls,
        decisions,
        tasks,
    })
}

/// Whether the start page lists the next actions for this account.
pub fn shows_actions(caller: &Caller, unit: &Unit) -> bool {
    let here = Target::unit(&unit.path);
    allows(&caller.actor, Action::CheckIn, here)
        || allows(&caller.actor, Action::CollectResponses, here)
}

/// Whether the account opens an action's own page (else its public page).
pub fn opens(caller: &Caller, a: &ActionRecord) -> bool {
    reaches(caller, a)
}

/// Whether an action is on today (local day of the server's clock, as the rest of the pages).
pub fn is_today(a: &ActionRecord, now: Timestamp) -> bool {
    a.starts_at.date() == now.date()
}

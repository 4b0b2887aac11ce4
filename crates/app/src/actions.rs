//! Actions: planning them, RSVPs, check-ins at the door.

use crate::scope::{action_for, visible_rsvps};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, ActionId, BusId, CampaignId, RsvpId, parse_bus};
use enquete_domain::people::PersonId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{ActionRecord, RsvpRecord};

/// Plans an action; shared with the API.
pub async fn plan(
    app: &App,
    caller: &Caller,
    unit: enquete_domain::org::UnitId,
    campaign: Option<CampaignId>,
    draft: &ActionDraft,
) -> Result<ActionRecord> {
    let unit =
        crate::campaigns::work_unit(app, caller, unit, Action::ManageActions, campaign).await?;
    Ok(app
        .store
        .create_action(
            unit.id,
            campaign,
            draft,
            &crate::auth::random_token(),
            Some(caller.id()),
            caller.now,
        )
        .await?)
}

/// Loads a person the account may bring to an action.
pub async fn person_for(app: &App, caller: &Caller, person: PersonId) -> Result<PersonId> {
    let p = app
        .store
        .person(person)
        .await
        .map_err(|_| FieldError::new("person_id", "no such person"))?;
    if !allows(&caller.actor, Action::CheckIn, Target::unit(&p.unit_path)) {
        return Err(Error::Forbidden);
    }
    Ok(p.person.id)
}

/// Takes an RSVP for a person; shared with the API.
pub async fn rsvp_for(
    app: &App,
    caller: &Caller,
    action: ActionId,
    person: PersonId,
    wants_transport: bool,
) -> Result<enquete_store::RsvpOutcome> {
    let a = action_for(app, caller, action).await?;
    let person = person_for(app, caller, person).await?;
    Ok(app
        .store
        .rsvp(
            a.id,
            person,
            wants_transport,
            &format!("by {}", caller.email),
            caller.now,
        )
        .await?)
}

/// Loads an RSVP of the action that the account may change.
pub async fn rsvp_of(
    app: &App,
    caller: &Caller,
    a: &ActionRecord,
    rsvp: RsvpId,
) -> Result<RsvpRecord> {
    let all = app.store.rsvps(a.id).await?;
    visible_rsvps(caller, all)
        .into_iter()
        .find(|r| r.id == rsvp)
        .ok_or(Error::NotFound("RSVP"))
}

/// Checks a person in; shared with the API.
pub async fn check_in_for(
    app: &App,
    caller: &Caller,
    action: ActionId,
    person: PersonId,
) -> Result<enquete_store::CheckInOutcome> {
    let a = action_for(app, caller, action).await?;
    let person = person_for(app, caller, person).await?;
    let now = caller.now;
    Ok(app
        .store
        .check_in(
            a.id,
            person,
            Some(caller.id()),
            now,
            Some(crate::audit::event(
                caller,
                AuditAction::CheckIn,
                Some(person),
                format!("action {}: {}", a.id, a.title),
            )),
        )
        .await?)
}

/// An action the caller runs (plans, sees every RSVP, seats people).
async fn run_action(app: &App, caller: &Caller, id: ActionId) -> Result<ActionRecord> {
    let a = action_for(app, caller, id).await?;
    if !crate::scope::runs(caller, &a) {
        return Err(Error::Forbidden);
    }
    Ok(a)
}

/// Cancels an RSVP the caller may see; the longest waiting takes the place freed.
pub async fn cancel_rsvp(app: &App, caller: &Caller, action: ActionId, rsvp: RsvpId) -> Result<()> {
    let a = action_for(app, caller, action).await?;
    let r = rsvp_of(app, caller, &a, rsvp).await?;
    app.store.cancel_rsvp(a.id, r.id).await?;
    Ok(())
}

/// Adds a bus to an action the caller runs: its label and seats as typed.
pub async fn add_bus(
    app: &App,
    caller: &Caller,
    action: ActionId,
    label: &str,
    seats: &str,
) -> Result<()> {
    let a = run_action(app, caller, action).await?;
    let (label, seats) = parse_bus(label, seats)?;
    app.store.add_bus(a.id, &label, seats).await?;
    Ok(())
}

/// Seats an RSVP on a bus (or on none).
pub async fn seat(
    app: &App,
    caller: &Caller,
    action: ActionId,
    rsvp: RsvpId,
    bus: Option<BusId>,
) -> Result<()> {
    let a = run_action(app, caller, action).await?;
    let r = rsvp_of(app, caller, &a, rsvp).await?;
    app.store.assign_bus(a.id, r.id, bus).await?;
    Ok(())
}

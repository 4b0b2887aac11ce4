//! Actions: planning them, RSVPs, check-ins at the door, and the answers of the public RSVP
//! page, which reach an existing record only once the link mailed to the address typed has been
//! opened (security issue 13, finding 7).

use crate::scope::{action_for, visible_rsvps};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, ActionId, BusId, CampaignId, RsvpId, parse_bus};
use enquete_domain::org::UnitId;
use enquete_domain::people::{PersonDetails, PersonId};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{ActionRecord, ConfirmationMail, PendingRsvp, RsvpOutcome, RsvpRecord};

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
        .map_err(|_| FieldError::new("person_id", "error-no-person"))?;
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

/// An action and the RSVPs of it the caller may see (the people of its own scope): a list of
/// names, phones and stages, so its reading goes in the audit log (`place`: where it was read,
/// for the log).
pub async fn rsvp_list(
    app: &App,
    caller: &Caller,
    action: ActionId,
    place: &str,
) -> Result<(ActionRecord, Vec<RsvpRecord>)> {
    let a = action_for(app, caller, action).await?;
    let rsvps = visible_rsvps(caller, app.store.rsvps(a.id).await?);
    let shown: Vec<PersonId> = rsvps.iter().map(|r| r.person).collect();
    crate::audit::list(
        app,
        caller,
        AuditAction::ViewRsvps,
        &shown,
        format!("action {}{place}: {} people", a.id, rsvps.len()),
    )
    .await?;
    Ok((a, rsvps))
}

/// The actions the caller runs that are still to come and not cancelled, soonest first: those
/// it may bring people to from a list.
pub async fn upcoming_run_by(app: &App, caller: &Caller) -> Result<Vec<ActionRecord>> {
    let root = crate::scope::visible_root(app, caller).await?;
    let mut list: Vec<ActionRecord> = app
        .store
        .actions_in(&root.path, None)
        .await?
        .into_iter()
        .filter(|a| !a.cancelled && a.starts_at >= caller.now && crate::scope::runs(caller, a))
        .collect();
    list.sort_by_key(|a| (a.starts_at, a.id));
    Ok(list)
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

/// Shows an action in the public calendar of its units, or takes it out.
pub async fn set_public(app: &App, caller: &Caller, action: ActionId, public: bool) -> Result<()> {
    let a = run_action(app, caller, action).await?;
    app.store
        .set_action_public(
            a.id,
            public,
            crate::audit::event(
                caller,
                AuditAction::ActionPublic,
                None,
                format!("action {} \"{}\": public {public}", a.id.0, a.title),
            ),
        )
        .await?;
    Ok(())
}

/// Cancels an action; calendars that show it learn of it.
pub async fn cancel_action(app: &App, caller: &Caller, action: ActionId) -> Result<()> {
    let a = run_action(app, caller, action).await?;
    let done = app
        .store
        .cancel_action(
            a.id,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::ActionCancelled,
                None,
                format!("action {} \"{}\"", a.id.0, a.title),
            ),
        )
        .await?;
    if !done {
        return Err(FieldError::new("action", "error-action-cancelled").into());
    }
    Ok(())
}

/// A unit's public calendar: its name, the public actions and the open meetings of the unit,
/// above and below it, from a month ago on (meetings with their unit's name). Anyone may read
/// it: it holds only what the organizers made public.
pub async fn calendar(
    app: &App,
    unit: UnitId,
    now: Timestamp,
) -> Result<(
    enquete_domain::org::Unit,
    Vec<ActionRecord>,
    Vec<(enquete_store::MeetingRecord, String)>,
)> {
    let unit = app.store.unit(unit).await?;
    if unit.is_archived() {
        return Err(crate::Error::NotFound("calendar"));
    }
    let since = Timestamp(now.0 - 31 * 86_400);
    let actions = app.store.public_actions(&unit.path, since).await?;
    let mut meetings = Vec::new();
    for m in app.store.public_meetings(&unit.path, since).await? {
        let name = app.store.unit(m.unit).await?.name.as_str().to_owned();
        meetings.push((m, name));
    }
    Ok((unit, actions, meetings))
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

/// An answer on the public RSVP page, validated.
#[derive(Debug, Clone)]
pub struct PublicAnswer {
    /// The section a new contact belongs to.
    pub section: UnitId,
    pub details: PersonDetails,
    pub may_contact: bool,
    pub wants_transport: bool,
}

/// The confirmation mail for a link: its subject and its body, the link included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsvpMail {
    pub subject: String,
    pub body: String,
}

/// What became of an answer on the public RSVP page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicRsvp {
    /// An e-mail address was given: nothing is taken until the link mailed to it is opened.
    /// Said the same way whoever the address belongs to, and also when nothing was sent because
    /// the address had its hour's worth of mails.
    LinkSent,
    /// Only a phone number: taken at once, on a new contact (nobody is looked up by phone).
    Taken(RsvpOutcome),
}

/// Answers the public invitation of an action. With an e-mail address, nobody is looked up:
/// the answer waits for the link, and `mail` writes the mail for the token of that link (it
/// is called whether or not the mail is then sent, so every address costs the same work). With
/// only a phone number, the RSVP is taken at once on a new contact.
pub async fn public_rsvp(
    app: &App,
    action: &ActionRecord,
    answer: &PublicAnswer,
    now: Timestamp,
    mail: impl FnOnce(&str) -> RsvpMail,
) -> Result<PublicRsvp> {
    if answer.details.email.is_none() {
        let outcome = app
            .store
            .public_rsvp(
                action.id,
                answer.section,
                &answer.details,
                answer.may_contact,
                answer.wants_transport,
                now,
            )
            .await?;
        return Ok(PublicRsvp::Taken(outcome));
    }
    if answer
        .details
        .email
        .as_ref()
        .is_some_and(|e| !e.is_mailable())
    {
        return Err(FieldError::new("email", "error-email-plain").into());
    }
    let token = crate::auth::random_token();
    let RsvpMail { subject, body } = mail(&token);
    let sent = app
        .store
        .request_public_rsvp(
            &PendingRsvp {
                action: action.id,
                section: answer.section,
                details: &answer.details,
                may_contact: answer.may_contact,
                wants_transport: answer.wants_transport,
            },
            &token,
            &ConfirmationMail {
                subject: &subject,
                body: &body,
            },
            now,
        )
        .await?;
    if !sent {
        tracing::info!(
            action = action.id.0,
            "public RSVP: this address had its hour's worth of confirmation mails; nothing sent"
        );
    }
    Ok(PublicRsvp::LinkSent)
}

/// Whether a confirmation link of the action still works (for the page that asks to confirm;
/// opening the link never acts, since mail scanners open links too).
pub async fn public_rsvp_link_works(
    app: &App,
    action: &ActionRecord,
    token: &str,
    now: Timestamp,
) -> Result<bool> {
    Ok(app.store.public_rsvp_pending(action.id, token, now).await?)
}

/// Confirms a public RSVP with the link mailed to its address: the RSVP is taken, on the record
/// of someone known by that address below the action's unit, or on a new contact. `None` when
/// the link is unknown, used or expired.
pub async fn confirm_public_rsvp(
    app: &App,
    action: &ActionRecord,
    token: &str,
    now: Timestamp,
) -> Result<Option<RsvpOutcome>> {
    // Checked on the reading side first, so that a stale link costs no write.
    if !app.store.public_rsvp_pending(action.id, token, now).await? {
        return Ok(None);
    }
    Ok(app.store.confirm_public_rsvp(action.id, token, now).await?)
}

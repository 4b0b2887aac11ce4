//! The festival's programme and volunteers (issue 17, parts 4 and 5). The team adds stages and
//! rooms, speakers (with the travel and accommodation of guests from abroad, which stay with
//! the team) and sessions; the programme is public per language and as an iCalendar feed.
//! Volunteer shifts are actions of the festival's unit or of a section (its stand): sign-ups are
//! their RSVPs, the check-in at the shift counts on the ladder like any other, and the team
//! sees who is short where.

use crate::{App, Caller, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::festival::FestivalId;
use enquete_domain::org::UnitId;
use enquete_domain::policy::Action;
use enquete_domain::programme::{SessionDraft, ShiftTeam, SpeakerDraft, clashes};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{
    ActionRecord, FestivalRecord, ProgrammeSession, ShiftRecord, SpeakerRecord, VenueRecord,
};

fn audit(caller: &Caller, what: String) -> enquete_store::AuditEvent {
    crate::audit::event(caller, AuditAction::Festival, None, what)
}

pub async fn add_venue(app: &App, caller: &Caller, id: FestivalId, name: &str) -> Result<i64> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(FieldError::new("name", "error-too-long")
            .arg("max", 80)
            .into());
    }
    Ok(app
        .store
        .create_venue(
            f.id,
            name,
            caller.now,
            audit(caller, format!("venue {name}")),
        )
        .await?)
}

pub async fn save_speaker(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    speaker: Option<i64>,
    draft: &SpeakerDraft,
) -> Result<i64> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    Ok(app
        .store
        .save_speaker(
            f.id,
            speaker,
            draft,
            caller.now,
            audit(caller, format!("speaker {}", draft.name)),
        )
        .await?)
}

pub async fn add_session(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    venue: i64,
    draft: &SessionDraft,
    speakers: &[i64],
) -> Result<i64> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    Ok(app
        .store
        .create_programme_session(
            f.id,
            venue,
            draft,
            speakers,
            caller.now,
            audit(caller, format!("session at venue {venue}")),
        )
        .await?)
}

/// What the team sees of the programme: venues, speakers, sessions, and what needs attention
/// (sessions sharing a venue or a speaker at the same time; guests from abroad whose travel or
/// accommodation is not arranged, or who arrive after their first session).
pub struct TeamProgramme {
    pub festival: FestivalRecord,
    pub venues: Vec<VenueRecord>,
    pub speakers: Vec<SpeakerRecord>,
    pub sessions: Vec<ProgrammeSession>,
    /// (session, session, the venue or speaker they share).
    pub clashes: Vec<(i64, i64, String)>,
    /// (speaker, message ids of what is missing).
    pub missing: Vec<(i64, Vec<&'static str>)>,
}

pub async fn for_team(app: &App, caller: &Caller, id: FestivalId) -> Result<TeamProgramme> {
    let festival = crate::festival::festival_for(app, caller, id).await?;
    let venues = app.store.venues(id).await?;
    let speakers = app.store.speakers(id).await?;
    let sessions = app.store.programme(id).await?;
    let mut found = Vec::new();
    let by_venue: Vec<_> = sessions
        .iter()
        .map(|s| (s.venue, s.draft.starts_at, s.draft.ends_at))
        .collect();
    for (i, j) in clashes(&by_venue) {
        if let (Some(a), Some(b)) = (sessions.get(i), sessions.get(j)) {
            found.push((a.id, b.id, a.venue_name.clone()));
        }
    }
    let by_speaker: Vec<_> = sessions
        .iter()
        .flat_map(|s| {
            s.speakers.iter().map(move |(p, name, _)| {
                (
                    (*p, name.clone(), s.id),
                    (s.draft.starts_at, s.draft.ends_at),
                )
            })
        })
        .collect();
    let keyed: Vec<_> = by_speaker
        .iter()
        .map(|((p, _, _), (a, b))| (*p, *a, *b))
        .collect();
    for (i, j) in clashes(&keyed) {
        if let (Some(((_, name, a), _)), Some(((_, _, b), _))) =
            (by_speaker.get(i), by_speaker.get(j))
        {
            found.push((*a, *b, name.clone()));
        }
    }
    let missing = speakers
        .iter()
        .map(|s| {
            let mut m = s.draft.missing();
            let first = sessions
                .iter()
                .filter(|x| x.speakers.iter().any(|(p, _, _)| *p == s.id))
                .map(|x| x.draft.starts_at)
                .min();
            if let (Some(arrives), Some(first)) = (s.draft.arrives_at, first)
                && arrives > first
            {
                m.push("speaker-arrives-late");
            }
            (s.id, m)
        })
        .filter(|(_, m)| !m.is_empty())
        .collect();
    Ok(TeamProgramme {
        festival,
        venues,
        speakers,
        sessions,
        clashes: found,
        missing,
    })
}

/// The public programme: for anyone.
pub async fn public(app: &App, id: FestivalId) -> Result<(FestivalRecord, Vec<ProgrammeSession>)> {
    let festival = app.store.festival(id).await?;
    let sessions = app.store.programme(id).await?;
    Ok((festival, sessions))
}

/// Adds a volunteer shift: an action of the festival's unit, or of a section below it (for its
/// stand), with its team, end and places.
#[expect(clippy::too_many_arguments, reason = "one shift's form")]
pub async fn add_shift(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    unit: UnitId,
    team: &str,
    title: &str,
    starts_at: &str,
    ends_at: &str,
    places: &str,
) -> Result<ActionRecord> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    let festival_unit = app.store.unit(f.unit).await?;
    let unit = crate::campaigns::work_unit(app, caller, unit, Action::ManageActions, None).await?;
    if !unit.path.is_within(&festival_unit.path) {
        return Err(FieldError::new("unit", "error-shift-unit").into());
    }
    let team = ShiftTeam::parse(team)?;
    if places.trim().is_empty() {
        return Err(FieldError::new("capacity", "error-required").into());
    }
    let draft = ActionDraft::parse(title, "", &f.name, starts_at, places)?;
    let ends = enquete_domain::programme::shift_end(draft.starts_at, ends_at)?;
    Ok(app
        .store
        .create_shift(
            unit.id,
            &draft,
            &crate::auth::random_token(),
            Some(caller.id()),
            caller.now,
            (f.id, team.as_str(), ends),
        )
        .await?)
}

/// A shift and how it stands.
pub struct ShiftRow {
    pub shift: ShiftRecord,
    pub action: ActionRecord,
    /// Places not taken by a sign-up.
    pub short: u64,
    /// Under way now: places whose volunteer has not checked in.
    pub missing_now: Option<u64>,
}

/// The festival's shifts, with who is short where.
pub async fn shifts(app: &App, caller: &Caller, id: FestivalId) -> Result<Vec<ShiftRow>> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    Ok(app
        .store
        .shifts(f.id)
        .await?
        .into_iter()
        .map(|(shift, action)| {
            let places = action.capacity.unwrap_or(0);
            let now = caller.now;
            let under_way = action.starts_at <= now && now < shift.ends_at;
            ShiftRow {
                short: places.saturating_sub(action.confirmed),
                missing_now: under_way.then(|| places.saturating_sub(action.attended)),
                shift,
                action,
            }
        })
        .collect())
}

/// Whether `t` falls on the festival's days.
pub fn during(f: &FestivalRecord, t: Timestamp) -> bool {
    f.starts_on <= t && t.0 <= f.ends_on.0 + 86_399
}

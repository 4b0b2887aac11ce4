//! Phone banking: an organizer makes a call list from a selection of people of their unit (by
//! stage and tag), with a script; volunteer callers of the unit are each handed the next
//! person to call, never one another caller holds, and record what came of the call. People
//! without a phone number or without consent to be contacted are left out and counted; someone
//! who asks not to be called again has their consent to be contacted withdrawn.

use crate::scope::unit_for;
use crate::{App, Caller, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::{ConsentPurpose, ConsentSource, PersonId, Stage, Tag};
use enquete_domain::policy::{Action, people_visibility};
use enquete_store::{
    CallAssignment, CallAssignmentId, CallOutcome, CallerTally, NewCallAssignment, PeopleQuery,
};
use serde::{Deserialize, Serialize};

/// The longest script.
pub const MAX_SCRIPT: usize = 10_000;
/// The largest call list.
pub const MAX_PEOPLE: usize = 50_000;

/// A call list as an organizer asks for it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallListInput {
    pub unit_id: i64,
    pub name: String,
    #[serde(default)]
    pub script: String,
    /// The survey callers ask on the call, if any.
    #[serde(default)]
    pub survey_id: Option<i64>,
    /// Only people at this stage of the ladder.
    #[serde(default)]
    pub stage: Option<String>,
    /// Only people with this tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// A saved audience to call instead of the stage and tag (its unit is the list's unit).
    #[serde(default)]
    pub audience_id: Option<i64>,
    /// The accounts the list is for; empty: every caller of its unit.
    #[serde(default)]
    pub callers: Vec<i64>,
    /// Minutes before someone who did not answer is called again (default 240).
    #[serde(default)]
    pub cooldown_minutes: Option<i64>,
    /// Calls without an answer before giving up on someone (default 3).
    #[serde(default)]
    pub max_attempts: Option<i64>,
}

/// Who a selection reaches, counted before anything is made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Audience {
    /// People the selection matches in the unit and below.
    pub matched: u64,
    /// Of those, left out for having no phone number.
    pub without_phone: u64,
    /// Left out for not having agreed to be contacted (or having withdrawn it).
    pub without_consent: u64,
    /// To be called.
    pub callable: u64,
}

/// The person a caller is to call now, with what they need for the call.
#[derive(Debug, Clone, Serialize)]
pub struct CallSheet {
    pub assignment: CallAssignmentId,
    pub assignment_name: String,
    pub script: String,
    /// The survey to ask on the call, if the list has one.
    pub survey: Option<i64>,
    pub person: PersonId,
    pub name: String,
    pub phone: String,
    /// `tel:` link for the phone's dialler.
    pub tel: String,
    /// Languages the person speaks, by code.
    pub languages: Vec<String>,
    /// Calls already made to them on this list.
    pub attempts: i64,
    /// Until when the person stays with this caller.
    pub held_until: Timestamp,
    /// Earlier calls to them on this list, newest first: when, the outcome's code, the note.
    pub earlier: Vec<(Timestamp, String, String)>,
}

struct Selection {
    unit: enquete_domain::org::Unit,
    /// Those to call, with their priority (their stage on the ladder: further up first).
    people: Vec<(PersonId, i64)>,
    audience: Audience,
}

pub(crate) fn text_field(field: &'static str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "error-required").into());
    }
    if v.chars().count() > max {
        return Err(FieldError::new(field, "error-too-long")
            .arg("max", max.to_string())
            .into());
    }
    Ok(v.to_owned())
}

async fn select(app: &App, caller: &Caller, input: &CallListInput) -> Result<Selection> {
    if let Some(id) = input.audience_id {
        return select_audience(app, caller, id).await;
    }
    let unit = unit_for(app, caller, UnitId(input.unit_id), Action::ManageCalls).await?;
    let stage = match input.stage.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(Stage::parse(s).map_err(|e| e.in_field("stage"))?),
    };
    let tag = match input.tag.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(Tag::parse(t).map_err(|e| e.in_field("tag"))?),
    };
    let query = PeopleQuery {
        unit: Some(unit.path.clone()),
        stage,
        tag,
        ..PeopleQuery::default()
    };
    let visibility = people_visibility(&caller.actor);
    let matched = app.store.people_matching(&visibility, &query).await?;
    if matched.len() > MAX_PEOPLE {
        return Err(FieldError::new("stage", "error-call-list-too-large")
            .arg("max", MAX_PEOPLE.to_string())
            .into());
    }
    let records = app
        .store
        .people_by_ids(&matched.iter().map(|p| p.0).collect::<Vec<_>>())
        .await?;
    let with_phone: Vec<(PersonId, i64)> = records
        .iter()
        .filter(|r| {
            r.person
                .phone
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty())
        })
        .map(|r| {
            let priority = i64::try_from(r.person.stage.index()).unwrap_or(0);
            (r.person.id, priority)
        })
        .collect();
    let ids: Vec<PersonId> = with_phone.iter().map(|(p, _)| *p).collect();
    let consenting = app.store.consenting(&ids, ConsentPurpose::Contact).await?;
    let people: Vec<(PersonId, i64)> = with_phone
        .iter()
        .copied()
        .filter(|(p, _)| consenting.contains(p))
        .collect();
    let audience = Audience {
        matched: matched.len() as u64,
        without_phone: (matched.len() - with_phone.len()) as u64,
        without_consent: (with_phone.len() - people.len()) as u64,
        callable: people.len() as u64,
    };
    Ok(Selection {
        unit,
        people,
        audience,
    })
}

/// The people of a saved audience with a phone and consent to be contacted.
async fn select_audience(app: &App, caller: &Caller, id: i64) -> Result<Selection> {
    let audience = crate::audiences::get_for(
        app,
        caller,
        enquete_store::SegmentId(id),
        Action::ManageCalls,
    )
    .await
    .map_err(|e| match e {
        crate::Error::NotFound(_) => FieldError::new("audience_id", "error-no-audience").into(),
        e => e,
    })?;
    let sel = crate::audiences::select(
        app,
        caller,
        audience.unit,
        &audience.filter,
        crate::audiences::Channel::Phone,
        ConsentPurpose::Contact,
        Action::ManageCalls,
    )
    .await?;
    if sel.people.len() > MAX_PEOPLE {
        return Err(FieldError::new("audience_id", "error-call-list-too-large")
            .arg("max", MAX_PEOPLE.to_string())
            .into());
    }
    Ok(Selection {
        people: sel
            .people
            .iter()
            .map(|r| {
                let priority = i64::try_from(r.person.stage.index()).unwrap_or(0);
                (r.person.id, priority)
            })
            .collect(),
        audience: Audience {
            matched: sel.reach.matched,
            without_phone: sel.reach.without_address,
            without_consent: sel.reach.without_consent,
            callable: sel.reach.reachable,
        },
        unit: sel.unit,
    })
}

/// Counts who a call list would reach, before it is made.
pub async fn preview(app: &App, caller: &Caller, input: &CallListInput) -> Result<Audience> {
    Ok(select(app, caller, input).await?.audience)
}

/// Makes a call list: the selection's people with a phone and consent, members and those
/// further up the ladder first.
pub async fn create(
    app: &App,
    caller: &Caller,
    input: &CallListInput,
) -> Result<(CallAssignment, Audience)> {
    let name = text_field("name", &input.name, 200)?;
    let script = input.script.trim();
    if script.chars().count() > MAX_SCRIPT {
        return Err(FieldError::new("script", "error-too-long")
            .arg("max", MAX_SCRIPT.to_string())
            .into());
    }
    let cooldown = input.cooldown_minutes.unwrap_or(240);
    if !(0..=60 * 24 * 30).contains(&cooldown) {
        return Err(FieldError::new("cooldown_minutes", "error-call-cooldown").into());
    }
    let attempts = input.max_attempts.unwrap_or(3);
    if !(1..=20).contains(&attempts) {
        return Err(FieldError::new("max_attempts", "error-call-attempts").into());
    }
    let survey = match input.survey_id {
        Some(id) => Some(
            app.store
                .survey(enquete_domain::survey::SurveyId(id))
                .await
                .map_err(|_| FieldError::new("survey_id", "error-no-survey"))?
                .id,
        ),
        None => None,
    };
    let sel = select(app, caller, input).await?;
    if sel.people.is_empty() {
        return Err(FieldError::new("stage", "error-call-list-empty").into());
    }
    // Each caller named must be an account that may call for the list's unit.
    let mut callers = Vec::with_capacity(input.callers.len());
    for id in &input.callers {
        let user = app
            .store
            .user(enquete_domain::account::UserId(*id))
            .await
            .map_err(|_| FieldError::new("callers", "error-call-caller"))?;
        let actor = user.actor();
        let target = enquete_domain::policy::Target::unit(&sel.unit.path);
        if user.user.disabled || !enquete_domain::policy::allows(&actor, Action::MakeCalls, target)
        {
            return Err(FieldError::new("callers", "error-call-caller").into());
        }
        callers.push(user.user.id);
    }
    let made = app
        .store
        .create_call_assignment_for(
            &NewCallAssignment {
                unit: sel.unit.id,
                name: &name,
                script,
                survey,
                cooldown_minutes: cooldown,
                max_attempts: attempts,
                people: &sel.people,
                by: caller.id(),
            },
            &callers,
            caller.now,
        )
        .await?;
    crate::audit::list(
        app,
        caller,
        AuditAction::CallList,
        &sel.people.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        format!("call list {} \"{name}\"", made.id.0),
    )
    .await?;
    Ok((made, sel.audience))
}

/// An assignment the caller may work: make calls on, or manage.
async fn reachable(
    app: &App,
    caller: &Caller,
    id: CallAssignmentId,
    action: Action,
) -> Result<CallAssignment> {
    let a = app.store.call_assignment(id).await?;
    let unit = unit_for(app, caller, a.unit, action).await?;
    if action == Action::MakeCalls && !is_for(caller, &a, &unit) {
        return Err(crate::Error::Forbidden);
    }
    Ok(a)
}

/// Whether a list is for this caller: it names no callers, names them, or they run the list.
fn is_for(caller: &Caller, list: &CallAssignment, unit: &enquete_domain::org::Unit) -> bool {
    list.callers.is_empty()
        || list.callers.contains(&caller.id())
        || crate::scope::may(caller, Action::ManageCalls, unit)
}

/// The call lists of the units the caller may call for, newest first.
pub async fn lists(app: &App, caller: &Caller) -> Result<Vec<CallAssignment>> {
    let units = app.store.subtree(&caller.actor.scope, false).await?;
    let ids: Vec<UnitId> = units
        .iter()
        .filter(|u| crate::scope::may(caller, Action::MakeCalls, u))
        .map(|u| u.id)
        .collect();
    Ok(app
        .store
        .call_assignments(&ids)
        .await?
        .into_iter()
        .filter(|l| {
            units
                .iter()
                .find(|u| u.id == l.unit)
                .is_some_and(|u| is_for(caller, l, u))
        })
        .collect())
}

/// A call list as one reader sees it: the person to call now (for those who call), the calls
/// per caller (for those who manage it).
pub struct CallView {
    pub list: CallAssignment,
    pub sheet: Option<CallSheet>,
    pub tallies: Option<Vec<CallerTally>>,
}

/// Opens a call list: for a caller, hands them the person they hold or the next free one.
pub async fn open(app: &App, caller: &Caller, id: CallAssignmentId) -> Result<CallView> {
    let list = app.store.call_assignment(id).await?;
    let unit = app.store.unit(list.unit).await?;
    let manages = crate::scope::may(caller, Action::ManageCalls, &unit);
    let calls = crate::scope::may(caller, Action::MakeCalls, &unit) && is_for(caller, &list, &unit);
    if !manages && !calls {
        return Err(crate::Error::Forbidden);
    }
    let sheet = if calls {
        next(app, caller, &list).await?
    } else {
        None
    };
    let tallies = if manages {
        Some(app.store.call_tallies(id).await?)
    } else {
        None
    };
    Ok(CallView {
        list,
        sheet,
        tallies,
    })
}

/// The person the caller is to call now (the one they hold, or the next free one), or `None`
/// when nobody is to be called now.
async fn next(app: &App, caller: &Caller, a: &CallAssignment) -> Result<Option<CallSheet>> {
    let id = a.id;
    let Some(claim) = app
        .store
        .claim_next_call(id, caller.id(), caller.now)
        .await?
    else {
        return Ok(None);
    };
    let rec = app.store.person(claim.person).await?;
    let earlier = app
        .store
        .calls_of(claim.person)
        .await?
        .into_iter()
        .filter(|c| c.assignment == id)
        .map(|c| (c.called_at, c.outcome, c.note))
        .collect();
    let phone = rec.person.phone.clone().unwrap_or_default();
    crate::audit::read(
        app,
        caller,
        AuditAction::CallHandedOut,
        Some(claim.person),
        format!("call list {}", id.0),
    )
    .await?;
    Ok(Some(CallSheet {
        assignment: id,
        assignment_name: a.name.clone(),
        script: a.script.clone(),
        survey: a.survey.map(|s| s.0),
        person: claim.person,
        name: rec.person.name.clone(),
        tel: format!(
            "tel:{}",
            phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect::<String>()
        ),
        phone,
        languages: rec
            .person
            .languages
            .iter()
            .map(|l| l.code().to_owned())
            .collect(),
        attempts: claim.attempts,
        held_until: claim.until,
        earlier,
    }))
}

/// What a caller says came of a call.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallResult {
    pub person_id: i64,
    pub outcome: String,
    /// For `call_back`: when, as `YYYY-MM-DDTHH:MM` (UTC).
    #[serde(default)]
    pub call_back_at: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// Records a call. Refused when the person is no longer the caller's to call (their turn ran
/// out and another caller took them): nothing is recorded twice.
pub async fn record(
    app: &App,
    caller: &Caller,
    id: CallAssignmentId,
    result: &CallResult,
) -> Result<()> {
    reachable(app, caller, id, Action::MakeCalls).await?;
    let outcome = CallOutcome::parse(result.outcome.trim())
        .ok_or_else(|| FieldError::new("outcome", "error-call-outcome"))?;
    let note = result.note.trim();
    if note.chars().count() > 2000 {
        return Err(FieldError::new("note", "error-too-long")
            .arg("max", "2000")
            .into());
    }
    let call_back = match (outcome, result.call_back_at.as_deref().map(str::trim)) {
        (CallOutcome::CallBack, Some(t)) if !t.is_empty() => {
            let at = enquete_domain::dates::parse_datetime("call_back_at", t)?;
            if at.0 <= caller.now.0 {
                return Err(FieldError::new("call_back_at", "error-call-back-past").into());
            }
            Some(at)
        }
        _ => None,
    };
    let person = PersonId(result.person_id);
    let recorded = app
        .store
        .record_call(
            id,
            person,
            caller.id(),
            outcome,
            call_back,
            note,
            caller.now,
        )
        .await?;
    if !recorded {
        return Err(FieldError::new("person_id", "error-call-not-yours").into());
    }
    if outcome == CallOutcome::DoNotCall {
        let consent = enquete_domain::people::NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: false,
            source: ConsentSource::parse(&format!("asked on a call (call list {})", id.0))?,
        };
        app.store
            .record_consent(
                person,
                &consent,
                Some(caller.id()),
                caller.now,
                Some(crate::audit::event(
                    caller,
                    AuditAction::Consent,
                    Some(person),
                    "asked not to be called again (phone banking)".into(),
                )),
            )
            .await?;
    }
    crate::audit::read(
        app,
        caller,
        AuditAction::CallRecorded,
        Some(person),
        format!("call list {}: {}", id.0, outcome.as_str()),
    )
    .await?;
    Ok(())
}

/// Closes a call list.
pub async fn close(app: &App, caller: &Caller, id: CallAssignmentId) -> Result<()> {
    reachable(app, caller, id, Action::ManageCalls).await?;
    app.store.close_call_assignment(id, caller.now).await?;
    Ok(())
}

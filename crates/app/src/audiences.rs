//! Audiences: a saved selection of people of a unit and below — by ladder stage, tag, language,
//! workplace, answer to an action, signature of a petition, a linked survey answer, recent
//! activity. A saved audience keeps the filter, so it reaches whoever matches on the day it is
//! used, and only within the scope of whoever uses it. Before anything is sent, the reach is
//! counted: people without an address for the channel, whose address bounced, or without
//! consent for the purpose are left out and counted as such.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionId, PetitionId};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::{ConsentPurpose, Language, PersonId, Stage, Tag, fold_for_search};
use enquete_domain::policy::{Action, people_visibility};
use enquete_domain::survey::{AnswerValue, SurveyId};
use enquete_store::{PeopleQuery, PersonRecord, RsvpFilter, SegmentId, SegmentRecord};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The largest audience.
pub const MAX_PEOPLE: usize = 200_000;

/// A selection as saved (JSON in the store). Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Words the workplace contains (accents and case ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<i64>,
    /// coming, waiting, attended or no_show (default coming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub petition: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Something on record in the last this many days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_days: Option<i64>,
}

/// An audience as an organizer fills in its form: every field as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AudienceInput {
    pub unit_id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub action_id: String,
    #[serde(default)]
    pub rsvp: String,
    #[serde(default)]
    pub petition_id: String,
    #[serde(default)]
    pub survey_id: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub active_days: String,
}

/// The channel a reach is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Phone,
}

/// Who a selection reaches on a channel, counted before anything is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// People the selection matches in the unit and below.
    pub matched: u64,
    /// Left out for having no address (or phone number) for the channel.
    pub without_address: u64,
    /// Left out because mail to their address came back undeliverable.
    pub bounced: u64,
    /// Left out for not having agreed (or having withdrawn).
    pub without_consent: u64,
    /// Reached.
    pub reachable: u64,
}

/// A selection worked out: the unit, the people it reaches, and the count.
pub struct Selection {
    pub unit: Unit,
    pub people: Vec<PersonRecord>,
    pub reach: Reach,
}

/// A saved audience with what it reaches by mail today.
#[derive(Debug, Clone, Serialize)]
pub struct SavedAudience {
    pub id: SegmentId,
    pub unit: UnitId,
    pub unit_name: String,
    pub name: String,
    pub filter: Filter,
}

fn number(field: &'static str, raw: &str) -> Result<Option<i64>> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| FieldError::new(field, "error-positive-number").into()),
    }
}

fn text(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.chars().take(200).collect())
}

/// Reads and checks a form's filter.
pub fn filter_of(input: &AudienceInput) -> Result<Filter> {
    let stage = text(&input.stage);
    if let Some(s) = &stage {
        Stage::parse(s).map_err(|e| e.in_field("stage"))?;
    }
    let tag = text(&input.tag);
    if let Some(t) = &tag {
        Tag::parse(t).map_err(|e| e.in_field("tag"))?;
    }
    let language = text(&input.language);
    if let Some(l) = &language {
        Language::parse(l).map_err(|e| e.in_field("language"))?;
    }
    let action = number("action_id", &input.action_id)?;
    let rsvp = text(&input.rsvp);
    if let Some(r) = &rsvp {
        rsvp_filter(r)?;
        if action.is_none() {
            return Err(FieldError::new("action_id", "error-required").into());
        }
    }
    let survey = number("survey_id", &input.survey_id)?;
    let question = text(&input.question);
    let answer = text(&input.answer);
    if survey.is_some() != question.is_some() || (answer.is_some() && question.is_none()) {
        let field = if survey.is_none() {
            "survey_id"
        } else {
            "question"
        };
        return Err(FieldError::new(field, "error-audience-answer").into());
    }
    let active_days = number("active_days", &input.active_days)?;
    if active_days.is_some_and(|d| d > 3660) {
        return Err(FieldError::new("active_days", "error-positive-number").into());
    }
    Ok(Filter {
        stage,
        tag,
        language,
        workplace: text(&input.workplace),
        action,
        rsvp,
        petition: number("petition_id", &input.petition_id)?,
        survey,
        question,
        answer,
        active_days,
    })
}

fn rsvp_filter(raw: &str) -> Result<RsvpFilter> {
    Ok(match raw {
        "coming" => RsvpFilter::Coming,
        "waiting" => RsvpFilter::Waiting,
        "attended" => RsvpFilter::Attended,
        "no_show" => RsvpFilter::NoShow,
        _ => return Err(FieldError::new("rsvp", "error-audience-rsvp").into()),
    })
}

fn answer_matches(value: &AnswerValue, wanted: Option<&str>) -> bool {
    match (value, wanted) {
        (v, None) => !v.is_blank(),
        (AnswerValue::List(list), Some(w)) => list.iter().any(|c| c == w),
        (v, Some(w)) => v.as_text() == w,
    }
}

/// The people of `unit` and below the filter matches, as far as the caller may see them.
pub async fn matching(
    app: &App,
    caller: &Caller,
    unit: &Unit,
    filter: &Filter,
    now: Timestamp,
) -> Result<Vec<PersonRecord>> {
    let query = PeopleQuery {
        unit: Some(unit.path.clone()),
        stage: filter
            .stage
            .as_deref()
            .map(Stage::parse)
            .transpose()
            .map_err(|e| e.in_field("stage"))?,
        tag: filter
            .tag
            .as_deref()
            .map(Tag::parse)
            .transpose()
            .map_err(|e| e.in_field("tag"))?,
        ..PeopleQuery::default()
    };
    let visibility = people_visibility(&caller.actor);
    let mut ids = app.store.people_matching(&visibility, &query).await?;
    let keep = |ids: &mut Vec<PersonId>, set: HashSet<PersonId>| ids.retain(|p| set.contains(p));
    if let Some(action) = filter.action {
        let which = rsvp_filter(filter.rsvp.as_deref().unwrap_or("coming"))?;
        app.store
            .action(ActionId(action))
            .await
            .map_err(|_| FieldError::new("action_id", "error-no-action"))?;
        keep(
            &mut ids,
            app.store.rsvp_people(ActionId(action), which, now).await?,
        );
    }
    if let Some(petition) = filter.petition {
        app.store
            .petition(PetitionId(petition))
            .await
            .map_err(|_| FieldError::new("petition_id", "error-no-petition"))?;
        keep(
            &mut ids,
            app.store.petition_signers(PetitionId(petition)).await?,
        );
    }
    if let (Some(survey), Some(question)) = (filter.survey, &filter.question) {
        let found = app
            .store
            .survey(SurveyId(survey))
            .await
            .map_err(|_| FieldError::new("survey_id", "error-no-survey"))?;
        if found.definition.question(question).is_none() {
            return Err(FieldError::new("question", "error-audience-question")
                .arg("question", question.as_str())
                .into());
        }
        let answered: HashSet<PersonId> = app
            .store
            .linked_answers(SurveyId(survey))
            .await?
            .into_iter()
            .filter(|(_, answers)| {
                answers
                    .0
                    .get(question)
                    .is_some_and(|v| answer_matches(v, filter.answer.as_deref()))
            })
            .map(|(p, _)| p)
            .collect();
        // Only those who agreed that their answers be linked to their name.
        let listed: Vec<PersonId> = answered.iter().copied().collect();
        let linked = app
            .store
            .consenting(&listed, ConsentPurpose::SurveyLink)
            .await?;
        keep(&mut ids, linked);
    }
    if let Some(days) = filter.active_days {
        let since = Timestamp(now.0 - days * 86_400);
        let active = app.store.active_since(&ids, since).await?;
        keep(&mut ids, active);
    }
    if ids.len() > MAX_PEOPLE {
        return Err(FieldError::new("unit_id", "error-audience-too-large")
            .arg("max", MAX_PEOPLE.to_string())
            .into());
    }
    let mut people = app
        .store
        .people_by_ids(&ids.iter().map(|p| p.0).collect::<Vec<_>>())
        .await?;
    if let Some(code) = &filter.language {
        let language = Language::parse(code).map_err(|e| e.in_field("language"))?;
        people.retain(|r| r.person.languages.contains(&language));
    }
    if let Some(words) = &filter.workplace {
        let words = fold_for_search(words);
        people.retain(|r| {
            r.person
                .workplace
                .as_deref()
                .is_some_and(|w| fold_for_search(w).contains(&words))
        });
    }
    Ok(people)
}

/// Works out who a filter reaches on a channel for a purpose: the unit checked against the
/// caller's rights for `action`, the people matched, those without an address, bouncing or
/// without consent left out and counted.
pub async fn select(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    filter: &Filter,
    channel: Channel,
    purpose: ConsentPurpose,
    action: Action,
) -> Result<Selection> {
    let unit = unit_for(app, caller, unit, action).await?;
    let matched = matching(app, caller, &unit, filter, caller.now).await?;
    let has_address = |r: &PersonRecord| {
        let v = match channel {
            Channel::Email => r.person.email.as_deref(),
            Channel::Phone => r.person.phone.as_deref(),
        };
        v.is_some_and(|a| !a.trim().is_empty())
    };
    let with_address: Vec<PersonRecord> =
        matched.iter().filter(|r| has_address(r)).cloned().collect();
    let ids: Vec<PersonId> = with_address.iter().map(|r| r.person.id).collect();
    let bouncing = match channel {
        Channel::Email => app.store.bouncing(&ids).await?,
        Channel::Phone => HashSet::new(),
    };
    let consenting = app.store.consenting(&ids, purpose).await?;
    let mut reach = Reach {
        matched: matched.len() as u64,
        without_address: (matched.len() - with_address.len()) as u64,
        ..Reach::default()
    };
    let mut people = Vec::with_capacity(with_address.len());
    for r in with_address {
        if bouncing.contains(&r.person.id) {
            reach.bounced += 1;
        } else if !consenting.contains(&r.person.id) {
            reach.without_consent += 1;
        } else {
            people.push(r);
        }
    }
    reach.reachable = people.len() as u64;
    Ok(Selection {
        unit,
        people,
        reach,
    })
}

/// Counts who a form's audience reaches by mail, before it is saved.
pub async fn preview(app: &App, caller: &Caller, input: &AudienceInput) -> Result<Reach> {
    unit_for(app, caller, UnitId(input.unit_id), Action::ManageMailings).await?;
    let filter = filter_of(input)?;
    Ok(select(
        app,
        caller,
        UnitId(input.unit_id),
        &filter,
        Channel::Email,
        ConsentPurpose::Contact,
        Action::ManageMailings,
    )
    .await?
    .reach)
}

/// Saves an audience.
pub async fn save(app: &App, caller: &Caller, input: &AudienceInput) -> Result<SegmentId> {
    let unit = unit_for(app, caller, UnitId(input.unit_id), Action::ManageMailings).await?;
    let name = crate::calls::text_field("name", &input.name, 200)?;
    let filter = filter_of(input)?;
    // The filter is checked against what it names (the action, the survey question) now.
    matching(app, caller, &unit, &filter, caller.now).await?;
    let json = serde_json::to_string(&filter).map_err(|e| Error::Internal(e.to_string()))?;
    let id = app
        .store
        .create_segment(unit.id, &name, &json, caller.id(), caller.now)
        .await?;
    crate::audit::read(
        app,
        caller,
        AuditAction::AudienceSaved,
        None,
        format!("audience {} \"{name}\" of unit {}", id.0, unit.id.0),
    )
    .await?;
    Ok(id)
}

fn saved(record: &SegmentRecord, unit_name: String) -> Result<SavedAudience> {
    Ok(SavedAudience {
        id: record.id,
        unit: record.unit,
        unit_name,
        name: record.name.clone(),
        filter: serde_json::from_str(&record.filter)
            .map_err(|e| Error::Internal(format!("audience {}: {e}", record.id.0)))?,
    })
}

/// The audiences of the units the caller sends mail for.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<SavedAudience>> {
    list_for(app, caller, Action::ManageMailings).await
}

/// The audiences of the units where the caller may do `action`.
pub async fn list_for(app: &App, caller: &Caller, action: Action) -> Result<Vec<SavedAudience>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    let mut out = Vec::new();
    for record in app.store.segments_below(&caller.actor.scope).await? {
        let Some(unit) = units.iter().find(|u| u.id == record.unit) else {
            continue;
        };
        if crate::scope::may(caller, action, unit) {
            out.push(saved(&record, unit.name.as_str().to_owned())?);
        }
    }
    Ok(out)
}

/// One saved audience the caller may send mail to.
pub async fn get(app: &App, caller: &Caller, id: SegmentId) -> Result<SavedAudience> {
    get_for(app, caller, id, Action::ManageMailings).await
}

/// One saved audience the caller may use for `action` (mail, or call lists).
pub async fn get_for(
    app: &App,
    caller: &Caller,
    id: SegmentId,
    action: Action,
) -> Result<SavedAudience> {
    let record = app.store.segment(id).await?;
    let unit = unit_for(app, caller, record.unit, action).await?;
    saved(&record, unit.name.as_str().to_owned())
}

/// Deletes a saved audience no mailing uses.
pub async fn delete(app: &App, caller: &Caller, id: SegmentId) -> Result<()> {
    let audience = get(app, caller, id).await?;
    if !app.store.delete_segment(id).await? {
        return Err(FieldError::new("audience", "error-audience-in-use").into());
    }
    crate::audit::read(
        app,
        caller,
        AuditAction::AudienceSaved,
        None,
        format!("audience {} \"{}\" deleted", id.0, audience.name),
    )
    .await?;
    Ok(())
}

//! Canvassing assignments: handing out the doors of a section to a canvasser, and the visits
//! a phone sends in batches (each answered on its own; a resend is never stored twice).

use crate::responses::{ItemOutcome, MAX_BATCH, Outcome, Refusal};
use crate::scope::{assignment_for, unit_for};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{
    AssignmentId, DoorId, DoorOutcome, SurveyId, parse_doors, plausible_collection_time,
};
use enquete_store::{Assignment, NewVisit};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Hands out doors (one address a line) of a section to a canvasser for a survey.
pub async fn hand_out(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    survey: SurveyId,
    canvasser: UserId,
    title: &str,
    doors: &str,
) -> Result<Assignment> {
    let unit = unit_for(app, caller, unit, Action::ManageAssignments).await?;
    if !unit.kind.is_section() {
        return Err(FieldError::new("unit", "error-assignment-section").into());
    }
    let title =
        enquete_domain::people::PersonName::parse(title).map_err(|e| e.in_field("title"))?;
    let doors = parse_doors(doors)?;
    let canvasser = app
        .store
        .user(canvasser)
        .await
        .map_err(|_| FieldError::new("canvasser", "error-no-account"))?;
    // The canvasser must be able to collect in that section, or the assignment is useless.
    let theirs = canvasser.actor();
    if !allows(&theirs, Action::CollectResponses, Target::unit(&unit.path)) {
        return Err(FieldError::new("canvasser", "error-canvasser-cannot-collect").into());
    }
    let survey = app
        .store
        .survey(survey)
        .await
        .map_err(|_| FieldError::new("survey", "error-no-survey"))?;
    Ok(app
        .store
        .create_assignment(
            unit.id,
            survey.id,
            canvasser.user.id,
            title.as_str(),
            &doors,
            Some(caller.id()),
            caller.now,
        )
        .await?)
}

/// One visit at a door, as a phone sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitItem {
    /// Made by the phone: a UUID, so a resend is recognised.
    pub id: String,
    pub door_id: i64,
    /// not_home, refused, come_back or answered
    pub outcome: String,
    /// The response collected at the door, when answered.
    pub response_id: Option<String>,
    /// Seconds since 1970-01-01 UTC.
    pub visited_at: i64,
}

/// Checks one visit; `Ok(Err(refusal))` is a refusal to report, `Err` a failure of the server.
async fn check(
    app: &App,
    caller: &Caller,
    allowed: &mut HashMap<AssignmentId, bool>,
    v: &VisitItem,
) -> Result<std::result::Result<NewVisit, Refusal>> {
    let refuse = |field: &str, key: &'static str| {
        Ok(Err(Refusal {
            field: field.to_owned(),
            problem: enquete_domain::Problem::new(key),
        }))
    };
    let Ok(id) = uuid::Uuid::parse_str(&v.id) else {
        return refuse("id", "error-uuid");
    };
    let outcome = match DoorOutcome::parse(&v.outcome) {
        Ok(o) => o,
        Err(e) => return refuse("outcome", e.key()),
    };
    if !plausible_collection_time(v.visited_at, caller.now) {
        return refuse("visited_at", "error-collected-at");
    }
    let Some(assignment) = app.store.door_assignment(DoorId(v.door_id)).await? else {
        return refuse("door_id", "error-no-door");
    };
    let may = match allowed.get(&assignment) {
        Some(m) => *m,
        None => {
            let m = match assignment_for(app, caller, assignment).await {
                Ok(_) => true,
                Err(Error::Forbidden) => false,
                Err(e) => return Err(e),
            };
            allowed.insert(assignment, m);
            m
        }
    };
    if !may {
        return refuse("door_id", "error-door-not-yours");
    }
    let response = match v.response_id.as_deref().map(uuid::Uuid::parse_str) {
        None => None,
        Some(Ok(u)) => {
            // The page sends responses before visits, so the response is already stored; it
            // must be one this account collected.
            let id = u.hyphenated().to_string();
            match app.store.response_collector(&id).await? {
                Some(Some(who)) if who == caller.id() => Some(id),
                Some(_) => return refuse("response_id", "error-response-not-yours"),
                None => {
                    return refuse("response_id", "error-no-response");
                }
            }
        }
        Some(Err(_)) => return refuse("response_id", "error-uuid"),
    };
    Ok(Ok(NewVisit {
        id: id.hyphenated().to_string(),
        door: DoorId(v.door_id),
        outcome,
        response,
        canvasser: Some(caller.id()),
        visited_at: Timestamp(v.visited_at),
    }))
}

/// Takes a batch of door visits from a phone: each checked and answered on its own (the door
/// is on one of the caller's assignments, the response one the caller collected), the good ones
/// stored together; a resend is reported as a duplicate.
pub async fn record_visits(
    app: &App,
    caller: &Caller,
    items: Vec<VisitItem>,
) -> Result<Vec<ItemOutcome>> {
    let here = Target::unit(&caller.actor.scope);
    if !allows(&caller.actor, Action::CollectResponses, here) {
        return Err(Error::Forbidden);
    }
    if items.len() > MAX_BATCH {
        return Err(FieldError::new("visits", "error-visits-too-many")
            .arg("max", MAX_BATCH)
            .into());
    }
    let mut allowed = HashMap::new();
    let mut results: Vec<Option<ItemOutcome>> = Vec::with_capacity(items.len());
    let mut good: Vec<(usize, NewVisit)> = Vec::new();
    for (i, v) in items.into_iter().enumerate() {
        match check(app, caller, &mut allowed, &v).await? {
            Ok(visit) => {
                good.push((i, visit));
                results.push(None);
            }
            Err(refusal) => results.push(Some(ItemOutcome {
                id: v.id,
                outcome: Outcome::Rejected(refusal),
            })),
        }
    }
    let visits: Vec<NewVisit> = good.iter().map(|(_, v)| v.clone()).collect();
    let stored = app.store.record_visits(&visits).await?;
    for ((i, v), new) in good.into_iter().zip(stored) {
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(ItemOutcome {
                id: v.id,
                outcome: if new {
                    Outcome::Accepted
                } else {
                    Outcome::Duplicate
                },
            });
        }
    }
    Ok(results.into_iter().flatten().collect())
}

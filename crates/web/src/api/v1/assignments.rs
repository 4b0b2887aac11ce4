//! Canvassing assignments over the API: the doors of an assignment for the canvassing page,
//! and door visits in batches (idempotent, like responses).

use crate::ctx::Staff;
use crate::error::{AppError, AppResult, ErrorBody, ErrorDetail};
use crate::extract::{ApiJson, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use enquete_domain::Timestamp;
use enquete_domain::survey::{AssignmentId, DoorId, DoorOutcome};
use enquete_store::{NewVisit, Progress, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DoorDto {
    pub id: i64,
    pub address: String,
    /// not_home, refused, come_back or answered; absent before the first visit.
    pub last_outcome: Option<String>,
    pub visits: u64,
}

#[derive(Serialize, ToSchema)]
pub struct AssignmentDto {
    pub id: i64,
    pub title: String,
    pub unit_id: i64,
    pub survey_id: i64,
    pub canvasser_id: i64,
    #[schema(value_type = Object)]
    pub progress: Progress,
    pub doors: Vec<DoorDto>,
}

/// One assignment with its doors and how far it is.
#[utoipa::path(get, path = "/api/v1/assignments/{id}", tag = "assignments", params(("id" = i64, Path)),
    responses((status = 200, body = AssignmentDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<AssignmentDto>> {
    let a = enquete_app::scope::assignment_for(&state, &staff.caller, AssignmentId(id)).await?;
    let doors = state.store.doors(a.id).await?;
    Ok(Json(AssignmentDto {
        id: a.id.0,
        title: a.title,
        unit_id: a.unit.0,
        survey_id: a.survey.0,
        canvasser_id: a.canvasser.0,
        progress: a.progress,
        doors: doors
            .into_iter()
            .map(|d| DoorDto {
                id: d.id.0,
                address: d.address,
                last_outcome: d.last_outcome.map(|o| o.as_str().to_owned()),
                visits: d.visits,
            })
            .collect(),
    }))
}

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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitBatch {
    pub visits: Vec<VisitItem>,
}

#[derive(Serialize, ToSchema)]
pub struct VisitResult {
    pub id: String,
    /// accepted, duplicate or rejected
    pub status: String,
    pub error: Option<ErrorDetail>,
}

#[derive(Serialize, ToSchema)]
pub struct VisitBatchResult {
    pub results: Vec<VisitResult>,
}

/// Send door visits. Each one is answered on its own; resending is always safe.
#[utoipa::path(post, path = "/api/v1/visits:batch", tag = "assignments", request_body = VisitBatch,
    responses((status = 200, body = VisitBatchResult), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn visits(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<VisitBatch>,
) -> AppResult<Json<VisitBatchResult>> {
    if !enquete_domain::policy::allows(
        &staff.actor,
        enquete_domain::policy::Action::CollectResponses,
        enquete_domain::policy::Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    if body.visits.len() > enquete_app::responses::MAX_BATCH {
        return Err(enquete_domain::FieldError::new(
            "visits",
            format!(
                "send at most {} visits at a time",
                enquete_app::responses::MAX_BATCH
            ),
        )
        .into());
    }
    let now = Timestamp::now_utc();
    let mut allowed: HashMap<AssignmentId, bool> = HashMap::new();
    let mut results: Vec<Option<VisitResult>> = Vec::new();
    let mut good: Vec<(usize, NewVisit)> = Vec::new();
    for (i, v) in body.visits.into_iter().enumerate() {
        let reject = |field: &str, message: &str| VisitResult {
            id: v.id.clone(),
            status: "rejected".into(),
            error: Some(ErrorDetail {
                field: Some(field.to_owned()),
                message: message.to_owned(),
            }),
        };
        let id = match uuid::Uuid::parse_str(&v.id) {
            Ok(u) => u.hyphenated().to_string(),
            Err(_) => {
                results.push(Some(reject("id", "must be a UUID")));
                continue;
            }
        };
        let outcome = match DoorOutcome::parse(&v.outcome) {
            Ok(o) => o,
            Err(e) => {
                results.push(Some(reject("outcome", &e.problem)));
                continue;
            }
        };
        if !enquete_domain::survey::plausible_collection_time(v.visited_at, now) {
            results.push(Some(reject(
                "visited_at",
                "is not a plausible time (seconds since 1970, UTC)",
            )));
            continue;
        }
        let Some(assignment) = state.store.door_assignment(DoorId(v.door_id)).await? else {
            results.push(Some(reject("door_id", "no such door")));
            continue;
        };
        let may = match allowed.get(&assignment) {
            Some(m) => *m,
            None => {
                let m = match enquete_app::scope::assignment_for(&state, &staff.caller, assignment)
                    .await
                    .map_err(AppError::from)
                {
                    Ok(_) => true,
                    Err(AppError::Forbidden) => false,
                    Err(e) => return Err(e),
                };
                allowed.insert(assignment, m);
                m
            }
        };
        if !may {
            results.push(Some(reject(
                "door_id",
                "this door is on another canvasser's assignment",
            )));
            continue;
        }
        let response = match v.response_id.as_deref().map(uuid::Uuid::parse_str) {
            None => None,
            Some(Ok(u)) => {
                // The page sends responses before visits, so the response is already stored;
                // it must be one this account collected.
                let id = u.hyphenated().to_string();
                match state.store.response_collector(&id).await? {
                    Some(Some(who)) if who == staff.id() => Some(id),
                    Some(_) => {
                        results.push(Some(reject(
                            "response_id",
                            "is not a response you collected",
                        )));
                        continue;
                    }
                    None => {
                        results.push(Some(reject(
                            "response_id",
                            "no such response; send the response first",
                        )));
                        continue;
                    }
                }
            }
            Some(Err(_)) => {
                results.push(Some(reject("response_id", "must be a UUID")));
                continue;
            }
        };
        good.push((
            i,
            NewVisit {
                id,
                door: DoorId(v.door_id),
                outcome,
                response,
                canvasser: Some(staff.id()),
                visited_at: Timestamp(v.visited_at),
            },
        ));
        results.push(None);
    }
    let visits: Vec<NewVisit> = good.iter().map(|(_, v)| v.clone()).collect();
    let stored = state
        .store
        .record_visits(&visits)
        .await
        .map_err(|e| match e {
            StoreError::Invalid(f) => AppError::Field(f),
            e => e.into(),
        })?;
    for ((i, v), new) in good.into_iter().zip(stored) {
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(VisitResult {
                id: v.id,
                status: if new { "accepted" } else { "duplicate" }.into(),
                error: None,
            });
        }
    }
    Ok(Json(VisitBatchResult {
        results: results.into_iter().flatten().collect(),
    }))
}

//! Canvassing assignments over the API: the doors of an assignment for the canvassing page,
//! and door visits in batches (idempotent, like responses).

use crate::ctx::Staff;
use crate::error::{AppResult, ErrorBody, ErrorDetail};
use crate::extract::{ApiJson, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use enquete_app::responses::{ItemOutcome, Outcome};
use enquete_domain::survey::AssignmentId;
use enquete_store::Progress;
use serde::{Deserialize, Serialize};
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

pub use enquete_app::assignments::VisitItem;

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

impl VisitResult {
    /// One item's outcome, a refusal worded in `tr`'s language.
    fn new(o: ItemOutcome, tr: crate::i18n::Tr) -> Self {
        let (status, error) = match o.outcome {
            Outcome::Accepted => ("accepted", None),
            Outcome::Duplicate => ("duplicate", None),
            Outcome::Rejected(r) => (
                "rejected",
                Some(ErrorDetail {
                    message: tr.problem_in_context(&r.problem),
                    code: r.problem.key.to_owned(),
                    field: Some(r.field),
                }),
            ),
        };
        VisitResult {
            id: o.id,
            status: status.into(),
            error,
        }
    }
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
    let outcomes =
        enquete_app::assignments::record_visits(&state, &staff.caller, body.visits).await?;
    Ok(Json(VisitBatchResult {
        results: outcomes
            .into_iter()
            .map(|o| VisitResult::new(o, staff.ctx.tr))
            .collect(),
    }))
}

//! Responses in batches, as the offline canvassing page (or any client) sends them: each item is
//! answered on its own (accepted, duplicate, rejected with a reason), and sending the same
//! batch again never stores anything twice.

use crate::ctx::Staff;
use crate::error::{AppResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use enquete_app::responses::{ItemOutcome, Outcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    /// The responses; each is checked and answered on its own.
    #[schema(value_type = Vec<ResponseItem>)]
    pub responses: Vec<serde_json::Value>,
}

pub use enquete_app::responses::{ContactBody, ResponseItem};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Serialize, ToSchema)]
pub struct ItemResult {
    /// The response's id, as sent (empty if the item had none).
    pub id: String,
    pub status: ItemStatus,
    /// Why it was rejected.
    pub error: Option<crate::error::ErrorDetail>,
}

#[derive(Serialize, ToSchema)]
pub struct BatchResult {
    /// One result per response, in the order sent.
    pub results: Vec<ItemResult>,
}

impl ItemResult {
    /// One item's outcome, a refusal worded in `tr`'s language.
    fn new(o: ItemOutcome, tr: crate::i18n::Tr) -> Self {
        let (status, error) = match o.outcome {
            Outcome::Accepted => (ItemStatus::Accepted, None),
            Outcome::Duplicate => (ItemStatus::Duplicate, None),
            Outcome::Rejected(r) => (
                ItemStatus::Rejected,
                Some(crate::error::ErrorDetail {
                    message: tr.problem_in_context(&r.problem),
                    code: r.problem.key.to_owned(),
                    field: Some(r.field),
                }),
            ),
        };
        ItemResult {
            id: o.id,
            status,
            error,
        }
    }
}

/// Send collected responses. Each one is answered on its own; resending is always safe.
#[utoipa::path(post, path = "/api/v1/responses:batch", tag = "responses", request_body = BatchBody,
    responses((status = 200, body = BatchResult), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<BatchBody>,
) -> AppResult<Json<BatchResult>> {
    let outcomes =
        enquete_app::responses::sync_batch(&state, &staff.caller, body.responses).await?;
    Ok(Json(BatchResult {
        results: outcomes
            .into_iter()
            .map(|o| ItemResult::new(o, staff.ctx.tr))
            .collect(),
    }))
}

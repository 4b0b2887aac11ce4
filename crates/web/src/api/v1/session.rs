//! Logging in and out over the API. The session is the same cookie the pages use.

use crate::auth;
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, check_api_csrf};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use enquete_domain::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct SessionDto {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    /// national_admin, organizer, canvasser, analyst, steward or gate_scanner
    pub role: String,
    /// The unit the account's access starts at.
    pub unit_id: i64,
    pub language: String,
    /// Send this in the X-CSRF-Token header on every call that changes something.
    pub csrf_token: String,
    pub must_change_password: bool,
}

fn dto(rec: &enquete_store::UserRecord, csrf: String) -> SessionDto {
    SessionDto {
        user_id: rec.user.id.0,
        email: rec.user.email.clone(),
        display_name: rec.user.display_name.clone(),
        role: rec.user.role.as_str().to_owned(),
        unit_id: rec.user.unit.0,
        language: rec.user.language.code().to_owned(),
        csrf_token: csrf,
        must_change_password: rec.user.must_change_password,
    }
}

/// Log in.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginBody,
    responses((status = 200, body = SessionDto), (status = 422, body = ErrorBody, description = "wrong e-mail or password"), (status = 429, body = ErrorBody, description = "too many failed attempts"), (status = 503, body = ErrorBody, description = "too many password checks at once; see Retry-After")))]
pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<LoginBody>,
) -> AppResult<Json<SessionDto>> {
    let session = ctx
        .session
        .clone()
        .ok_or_else(|| AppError::Internal("no session".into()))?;
    let user = enquete_app::auth::login(
        &state.store,
        &body.email,
        body.password,
        &ctx.ip,
        Timestamp::now_utc(),
    )
    .await?;
    let csrf = auth::establish_session(&session, user.user.id).await?;
    Ok(Json(dto(&user, csrf)))
}

/// Who is logged in.
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = SessionDto), (status = 401, body = ErrorBody)))]
pub async fn current(staff: Staff) -> AppResult<Json<SessionDto>> {
    Ok(Json(dto(&staff.user, staff.ctx.csrf.clone())))
}

/// Log out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204), (status = 403, body = ErrorBody, description = "missing or wrong X-CSRF-Token")))]
pub async fn logout(ctx: Ctx, headers: HeaderMap) -> AppResult<StatusCode> {
    check_api_csrf(&ctx, &headers)?;
    if let Some(session) = &ctx.session {
        session
            .flush()
            .await
            .map_err(|e| AppError::Internal(format!("session: {e}")))?;
    }
    Ok(StatusCode::NO_CONTENT)
}

use crate::error::ErrorBody;

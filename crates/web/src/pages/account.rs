//! One's own account: details and password.

use super::chrome::{Chrome, page, see_other};
use crate::auth;
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::Form;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use enquete_domain::account::NewPassword;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    must_change: bool,
    error: Option<String>,
    email: String,
    role: String,
    unit: String,
}

async fn render(state: &AppState, staff: &Staff, error: Option<String>) -> AppResult<Response> {
    let unit = state.store.unit(staff.user.user.unit).await?;
    let c = Chrome::new(&staff.ctx);
    let has_error = error.is_some();
    let mut response = page(&AccountPage {
        must_change: staff.user.user.must_change_password,
        error,
        email: staff.user.user.email.clone(),
        role: c.tr.role(staff.user.user.role.as_str()),
        unit: unit.name.as_str().to_owned(),
        c,
    })?;
    if has_error {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    render(&state, &staff, None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    // Guessing the current password from a stolen session is throttled like logging in.
    let now = enquete_domain::Timestamp::now_utc();
    enquete_app::auth::check_throttle(&state.store, &staff.user.user.email, &staff.ctx.ip, now)
        .await?;
    let attempt = state
        .store
        .record_login_attempt(&staff.user.user.email, &staff.ctx.ip, now)
        .await?;
    if !enquete_app::auth::verify_password(Some(staff.user.password_hash.clone()), f.current).await
    {
        return render(
            &state,
            &staff,
            Some("current: the current password is not right".into()),
        )
        .await;
    }
    state.store.mark_login_success(attempt).await?;
    let new = match NewPassword::parse(&f.new) {
        Ok(p) => p,
        Err(e) => return render(&state, &staff, Some(e.to_string())).await,
    };
    let hash = enquete_app::auth::hash_password(&new).await?;
    state.store.set_password(staff.id(), &hash, false).await?;
    // End every session of the account, then start a new one here: a session stolen before the
    // change is worth nothing after it.
    state.store.end_sessions_of(staff.id()).await?;
    let session = staff
        .ctx
        .session
        .clone()
        .ok_or_else(|| AppError::Internal("no session".into()))?;
    auth::establish_session(&session, staff.id()).await?;
    Ok(see_other("/account?done=password-changed"))
}

//! One's own account: details and password.

use super::chrome::{Chrome, Invalid, page, see_other};
use crate::auth;
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::Form;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    must_change: bool,
    /// A refused change, beside its field (passwords are never shown again as typed).
    inv: Invalid,
    email: String,
    role: String,
    unit: String,
}

async fn render(state: &AppState, staff: &Staff, inv: Invalid) -> AppResult<Response> {
    let unit = state.store.unit(staff.user.user.unit).await?;
    let c = Chrome::new(&staff.ctx);
    let has_error = inv.any();
    let mut response = page(&AccountPage {
        must_change: staff.user.user.must_change_password,
        inv,
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
    render(&state, &staff, Invalid::none()).await
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
    match enquete_app::auth::change_password(&state, &staff.caller, f.current, &f.new).await {
        Ok(()) => {}
        Err(enquete_app::Error::Field(e)) => {
            // The domain names the new password `password`; the form calls it `new`.
            let mut inv = Invalid::field(staff.ctx.tr, &e);
            if e.field == "password" {
                inv = inv.on("new");
            }
            return render(&state, &staff, inv).await;
        }
        Err(e) => return Err(e.into()),
    }
    // Every session of the account ended; a new one starts here.
    let session = staff
        .ctx
        .session
        .clone()
        .ok_or_else(|| AppError::Internal("no session".into()))?;
    auth::establish_session(&session, staff.id()).await?;
    Ok(see_other("/account?done=password-changed"))
}

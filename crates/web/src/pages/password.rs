//! "Forgot your password?": a link by mail that works once, for an hour. Whether an account
//! uses the address typed is never told: the answer, its status and its timing are the same
//! either way (the mail is prepared after the answer is sent).

use super::chrome::{Chrome, Invalid, page, see_other, unprocessable};
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::extract::Form;
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use enquete_domain::Timestamp;
use enquete_domain::account::NewPassword;
use enquete_domain::audit::AuditAction;
use enquete_store::AuditEvent;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password_forgot.html")]
struct ForgotPage {
    c: Chrome,
    sent: bool,
    /// A refused address, beside its field, as typed.
    inv: Invalid,
    email: String,
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    c: Chrome,
    token: String,
    valid: bool,
    /// A refused new password, beside its field (never shown again as typed).
    inv: Invalid,
}

pub async fn forgot_form(ctx: Ctx) -> AppResult<Response> {
    page(&ForgotPage {
        c: Chrome::new(&ctx),
        sent: false,
        inv: Invalid::none(),
        email: String::new(),
    })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    email: String,
}

pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ForgotForm>,
) -> AppResult<Response> {
    let email = f.email.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 {
        let c = Chrome::new(&ctx);
        let inv = Invalid {
            field: Some("email".to_owned()),
            message: c
                .tr
                .problem(&enquete_domain::Problem::new("error-account-email")),
        };
        return Ok(unprocessable(page(&ForgotPage {
            c,
            sent: false,
            inv,
            email: f.email,
        })?));
    }
    // Counted like a failed login, under its own name: at most a few requests per address
    // typed and per network address, whatever the accounts.
    let now = Timestamp::now_utc();
    let key = format!("reset:{email}");
    enquete_app::auth::admit_attempt(&state.store, &key, &ctx.ip, now).await?;
    let ip = ctx.ip.clone();
    tokio::spawn(async move {
        if let Err(e) = send_link(&state, &email, &ip, now).await {
            tracing::warn!(error = %e.message(), "password reset");
        }
    });
    page(&ForgotPage {
        c: Chrome::new(&ctx),
        sent: true,
        inv: Invalid::none(),
        email: String::new(),
    })
}

/// Puts a reset mail in the outbox if an account (not disabled) uses this address.
async fn send_link(state: &AppState, email: &str, ip: &str, now: Timestamp) -> AppResult<()> {
    let Some(user) = state.store.user_by_email(email).await? else {
        return Ok(());
    };
    if user.user.disabled {
        return Ok(());
    }
    let token = enquete_app::auth::random_token();
    let tr = Tr::new(user.user.language);
    let link = format!(
        "{}/password/reset/{token}",
        state.config.public_url.trim_end_matches('/')
    );
    let body = format!(
        "{}\n\n{link}\n\n{}",
        tr.t("reset-mail-body"),
        tr.t("reset-mail-ignore")
    );
    let queued = state
        .store
        .create_password_reset(
            user.user.id,
            &token,
            user.user.email.as_str(),
            &tr.t("reset-mail-subject"),
            &body,
            now,
        )
        .await?;
    state
        .store
        .audit(&AuditEvent {
            at: now,
            user: Some(user.user.id),
            action: AuditAction::PasswordResetRequested,
            person: None,
            detail: if queued {
                "link sent".into()
            } else {
                "too many requests this hour: nothing sent".into()
            },
            ip: ip.to_owned(),
        })
        .await?;
    Ok(())
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let valid = state
        .store
        .password_reset_valid(&token, Timestamp::now_utc())
        .await?;
    page(&ResetPage {
        c: Chrome::new(&ctx),
        token,
        valid,
        inv: Invalid::none(),
    })
}

#[derive(Deserialize)]
pub struct ResetForm {
    new: String,
}

pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(f): Form<ResetForm>,
) -> AppResult<Response> {
    let now = Timestamp::now_utc();
    let invalid = |c: Chrome, token: String| {
        page(&ResetPage {
            c,
            token,
            valid: false,
            inv: Invalid::none(),
        })
    };
    if !state.store.password_reset_valid(&token, now).await? {
        return invalid(Chrome::new(&ctx), token);
    }
    let new = match NewPassword::parse(&f.new) {
        Ok(p) => p,
        Err(e) => {
            return Ok(unprocessable(page(&ResetPage {
                c: Chrome::new(&ctx),
                token,
                valid: true,
                inv: Invalid::field(ctx.tr, &e).on("new"),
            })?));
        }
    };
    let hash = enquete_app::auth::hash_password(&new).await?;
    let Some(user) = state.store.use_password_reset(&token, &hash, now).await? else {
        return invalid(Chrome::new(&ctx), token);
    };
    state
        .store
        .audit(&AuditEvent {
            at: now,
            user: Some(user),
            action: AuditAction::PasswordReset,
            person: None,
            detail: "new password chosen with a link sent by mail; every session ended".into(),
            ip: ctx.ip.clone(),
        })
        .await?;
    Ok(see_other("/login?done=password-reset"))
}

//! Logging in and out, and choosing the interface language.

use super::chrome::{Chrome, Invalid, page, see_other, unprocessable};
use crate::auth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Form;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use enquete_domain::{Timestamp, people::Language};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    /// A refused login, beside the password (which of the two was wrong is never said).
    inv: Invalid,
    email: String,
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only local paths: never send someone to another site after logging in. Browsers drop tabs
/// and line breaks from URLs and read `\` as `/`, so any of those, or a second leading slash,
/// could turn a path into another site's address.
fn safe_next(next: &str) -> String {
    let local = next.starts_with('/')
        && !next
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        && !next.starts_with("//");
    if local {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

pub async fn form(ctx: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(see_other(&safe_next(&q.next)));
    }
    page(&LoginPage {
        c: Chrome::new(&ctx),
        inv: Invalid::none(),
        email: String::new(),
        next: q.next,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let session = ctx
        .session
        .clone()
        .ok_or_else(|| AppError::Internal("no session".into()))?;
    match enquete_app::auth::login(
        &state.store,
        &f.email,
        f.password,
        &ctx.ip,
        Timestamp::now_utc(),
    )
    .await
    .map_err(AppError::from)
    {
        Ok(user) => {
            auth::establish_session(&session, user.user.id).await?;
            Ok(see_other(&safe_next(&f.next)))
        }
        Err(AppError::Field(_)) => {
            let c = Chrome::new(&ctx);
            let inv = Invalid {
                field: Some("password".to_owned()),
                message: c.t("login-failed"),
            };
            Ok(unprocessable(page(&LoginPage {
                c,
                inv,
                email: f.email,
                next: f.next,
            })?))
        }
        Err(other) => Err(other),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(ctx: Ctx, Form(_): Form<Empty>) -> AppResult<Response> {
    if let Some(session) = &ctx.session {
        session
            .flush()
            .await
            .map_err(|e| AppError::Internal(format!("session: {e}")))?;
    }
    Ok(see_other("/login"))
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
}

/// Remembers the language in a cookie, and on the account when logged in.
pub async fn language(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Form(f): Form<LanguageForm>,
) -> AppResult<Response> {
    let lang = Language::parse(&f.language)?;
    if let Some(user) = &ctx.user {
        state.store.set_language(user.user.id, lang).await?;
    }
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| {
            rest.find('/')
                .and_then(|i| rest.get(i..))
                .map(str::to_owned)
        })
        .map_or_else(|| "/".to_owned(), |p| safe_next(&without_lang(&p)));
    let mut response = see_other(&back);
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    if let Ok(value) = cookie.parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response.into_response())
}

/// The page to go back to after choosing a language, without a `lang=` in its address (which
/// would win over the choice just made).
fn without_lang(path: &str) -> String {
    let Some((base, query)) = path.split_once('?') else {
        return path.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .collect();
    if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn going_back_drops_the_language_of_the_address() {
        assert_eq!(super::without_lang("/p/abc?lang=nl"), "/p/abc");
        assert_eq!(super::without_lang("/p/abc?via=3&lang=nl"), "/p/abc?via=3");
        assert_eq!(super::without_lang("/people"), "/people");
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(super::safe_next("/people/3"), "/people/3");
        assert_eq!(super::safe_next("//evil.example"), "/");
        assert_eq!(super::safe_next("https://evil.example"), "/");
        assert_eq!(super::safe_next("/\\evil.example"), "/");
        assert_eq!(super::safe_next("/\t/evil.example"), "/");
        assert_eq!(super::safe_next("/\n/evil.example"), "/");
    }
}

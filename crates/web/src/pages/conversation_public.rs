//! The public page of a conversation (`/c/{token}`): people vote agree / disagree / pass, may
//! add a statement and say (if they wish) where they live and what the weighting questions ask;
//! `/c/{token}/votes` takes the votes a phone collected offline.

use super::chrome::{Chrome, page};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use enquete_domain::Timestamp;
use serde::Deserialize;

const KEY_COOKIE: &str = "enquete_conversation";

/// The participant key in the cookie, if one this server could have made (64 hex digits).
fn key_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix(KEY_COOKIE)?.strip_prefix('='))
        .find(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned)
}

fn with_key(mut response: Response, key: &str, secure: bool) -> Response {
    let cookie = format!(
        "{KEY_COOKIE}={key}; Path=/c/; HttpOnly; SameSite=Lax; Max-Age=31536000{}",
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[derive(Template)]
#[template(path = "public_conversation.html")]
struct PublicPage {
    c: Chrome,
    token: String,
    title: String,
    /// (id, text, this participant's vote already given).
    statements: Vec<(i64, String, bool)>,
    /// What happened: "thanks" or "proposed".
    done: String,
    /// The sections people may say they live in: (unit, name).
    places: Vec<(i64, String)>,
    /// The weighting questions: (code, label, choices as (code, label)).
    questions: Vec<AboutQuestion>,
    /// Votes are taken (a closed conversation only says that a participant was forgotten).
    open: bool,
}

type AboutQuestion = (String, String, Vec<(String, String)>);

async fn public_page(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    key: &str,
    done: &str,
) -> AppResult<Response> {
    let (conv, statements) = enquete_app::conversations::public(state, token).await?;
    let voted = state.store.voted_statements(conv.id, key).await?;
    let lang = ctx.tr.code();
    let (questions, places) = enquete_app::conversations::public_profile(state, &conv).await?;
    let language = ctx.tr.language();
    page(&PublicPage {
        places: places
            .iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect(),
        questions: questions
            .iter()
            .map(|q| {
                (
                    q.name.clone(),
                    q.label.get(language).to_owned(),
                    q.kind
                        .choices()
                        .iter()
                        .map(|ch| (ch.name.clone(), ch.label.get(language).to_owned()))
                        .collect(),
                )
            })
            .collect(),
        c: Chrome::new(ctx),
        token: token.to_owned(),
        title: conv.title,
        statements: statements
            .iter()
            .map(|s| (s.id, s.text_in(lang).to_owned(), voted.contains(&s.id)))
            .collect(),
        done: done.to_owned(),
        open: true,
    })
}

/// The service worker that keeps the public pages for phones without signal.
pub async fn service_worker() -> Response {
    super::chrome::script(concat!(
        include_str!("../../static/sw-cache.js"),
        include_str!("../../static/conversation-sw.js")
    ))
}

/// The script of the public page: votes kept on the phone, sent when there is a connection.
pub async fn script() -> Response {
    super::chrome::script(include_str!("../../static/conversation.js"))
}

pub async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (key, fresh) = match key_of(&headers) {
        Some(k) => (k, false),
        None => (enquete_app::auth::random_token(), true),
    };
    let response = public_page(&state, &ctx, &token, &key, "").await?;
    Ok(if fresh {
        with_key(response, &key, state.config.secure_cookies)
    } else {
        response
    })
}

/// The votes of the public page's form: `vote_{statement}` = agree, disagree or pass.
pub async fn public_vote(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let now = enquete_app::public::admit(&state, &ctx.ip, Timestamp::now_utc()).await?;
    let fields = super::public::single_fields(&body);
    // A phone handed on at the door votes for the person holding it (their key, made on the
    // phone), when the page could not keep their votes and sends the form as it is.
    let (key, fresh) = match (
        fields.get("participant").filter(|k| !k.is_empty()),
        key_of(&headers),
    ) {
        (Some(k), _) => (k.clone(), false),
        (None, Some(k)) => (k, false),
        (None, None) => (enquete_app::auth::random_token(), true),
    };
    let mut votes = Vec::new();
    for (k, v) in &fields {
        let Some(id) = k.strip_prefix("vote_") else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        let statement: i64 = id
            .parse()
            .map_err(|_| enquete_domain::FieldError::new("statement", "error-no-statement"))?;
        votes.push((statement, enquete_domain::conversation::vote(v)?, now));
    }
    let profile = enquete_app::conversations::Profile {
        place: match fields.get("place").map(|p| p.trim()) {
            None | Some("") => None,
            Some(p) => Some(p.parse().map_err(|_| {
                enquete_domain::FieldError::new("place", "error-no-unit-number").arg("unit", p)
            })?),
        },
        answers: fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("about_")?.to_owned(), v.trim().to_owned())))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
    };
    // The votes first: a proposal that cannot be taken must not cost them.
    enquete_app::conversations::vote(&state, &token, &key, &votes, &profile, now).await?;
    if let Some(text) = fields.get("text").filter(|t| !t.trim().is_empty()) {
        enquete_app::conversations::propose(&state, &token, ctx.tr.language(), text, now).await?;
    }
    let response = public_page(&state, &ctx, &token, &key, "thanks").await?;
    Ok(if fresh {
        with_key(response, &key, state.config.secure_cookies)
    } else {
        response
    })
}

/// Forgets the person holding the phone or browser, at their request: their votes and what
/// they said about themselves. The phone at the door sends the key of the person holding it; a
/// browser is known by its cookie, which it keeps (nothing here is tied to it any more, and its
/// other conversations still know it by that key). Works on a closed conversation too.
pub async fn forget(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let fields = super::public::single_fields(&body);
    let key = match fields.get("participant").filter(|k| !k.trim().is_empty()) {
        Some(k) => Some(enquete_domain::conversation::participant_key(k)?),
        None => key_of(&headers),
    };
    let conv = enquete_app::conversations::forget(&state, &token, key.as_deref()).await?;
    let key = key.unwrap_or_default();
    match public_page(&state, &ctx, &token, &key, "forgotten").await {
        Ok(page) => Ok(page),
        // Closed: only the word that it is done.
        Err(_) => page(&PublicPage {
            c: Chrome::new(&ctx),
            token,
            title: conv.title,
            statements: Vec::new(),
            done: "forgotten".into(),
            places: Vec::new(),
            questions: Vec::new(),
            open: false,
        }),
    }
}

#[derive(Deserialize)]
pub struct PhoneVote {
    statement: i64,
    vote: String,
    /// RFC 3339, when the vote was given on the phone.
    at: String,
}

#[derive(Deserialize)]
pub struct PhoneVotes {
    /// The participant's key; without it, the browser's own (its cookie).
    #[serde(default)]
    participant: Option<String>,
    #[serde(default)]
    votes: Vec<PhoneVote>,
    /// The section the participant lives in (a unit right below the conversation's).
    #[serde(default)]
    place: Option<i64>,
    /// Their answers to the weighting questions: question code → choice code.
    #[serde(default)]
    about: std::collections::BTreeMap<String, String>,
}

/// Votes collected on a phone (at the door, offline) and sent when it is online again: the
/// same batch sent twice is kept once.
pub async fn phone_votes(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    // JSON only (another site cannot send that without the browser asking first), and not
    // from another site.
    crate::extract::check_same_origin(&headers)?;
    if !headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
    {
        return Err(AppError::Input {
            field: "votes".into(),
            problem: enquete_domain::Problem::new("error-json-content-type"),
        });
    }
    let now = enquete_app::public::admit(&state, &ctx.ip, Timestamp::now_utc()).await?;
    let batch: PhoneVotes = serde_json::from_slice(&body).map_err(|e| AppError::Input {
        field: "votes".into(),
        problem: enquete_domain::Problem::new("error-body-unreadable").arg("detail", e),
    })?;
    let mut votes = Vec::with_capacity(batch.votes.len());
    for v in &batch.votes {
        let at = enquete_domain::dates::parse_rfc3339("at", &v.at)?;
        votes.push((
            v.statement,
            enquete_domain::conversation::vote(&v.vote)?,
            at,
        ));
    }
    let participant = batch
        .participant
        .or_else(|| key_of(&headers))
        .ok_or_else(|| enquete_domain::FieldError::new("participant", "error-participant-key"))?;
    let profile = enquete_app::conversations::Profile {
        place: batch.place,
        answers: batch
            .about
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect(),
    };
    let synced =
        enquete_app::conversations::vote(&state, &token, &participant, &votes, &profile, now)
            .await?;
    Ok(axum::Json(serde_json::json!({
        "received": votes.len(),
        "changed": synced.changed,
        // What the participant said about themselves that no longer fits the conversation.
        "ignored": synced.ignored,
    }))
    .into_response())
}

//! Conversations: a unit's list (`/units/{id}/conversations`), a conversation's statements,
//! moderation, translations and opinion groups (`/conversations/{id}`), and the public page
//! where people vote and add statements (`/c/{token}`, and `/c/{token}/votes` for phones that
//! send votes collected offline).

use super::chrome::{Chrome, page, see_other};
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use enquete_domain::Timestamp;
use enquete_domain::conversation::StatementStatus;
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
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
#[template(path = "conversations.html")]
struct ListPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    /// (id, title, open).
    conversations: Vec<(i64, String, bool)>,
    may_create: bool,
}

pub async fn list(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let list = enquete_app::conversations::of_unit(&state, &staff.caller, UnitId(id)).await?;
    let unit = state.store.unit(UnitId(id)).await?;
    page(&ListPage {
        c: Chrome::new(&staff.ctx),
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        conversations: list
            .iter()
            .map(|c| (c.id, c.title.clone(), c.open))
            .collect(),
        may_create: enquete_domain::policy::allows(
            &staff.caller.actor,
            enquete_domain::policy::Action::ManageActions,
            enquete_domain::policy::Target::unit(&unit.path),
        ),
    })
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    title: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    let c = enquete_app::conversations::create(&state, &staff.caller, UnitId(id), &f.title).await?;
    Ok(see_other(&format!("/conversations/{c}")))
}

struct StatementView {
    id: i64,
    text: String,
    language: &'static str,
    pending: bool,
    rejected: bool,
    /// "FR: …" for each translation.
    translations: Vec<String>,
}

#[derive(Template)]
#[template(path = "conversation.html")]
struct ShowPage {
    c: Chrome,
    id: i64,
    title: String,
    link: String,
    open: bool,
    moderates: bool,
    statements: Vec<StatementView>,
    languages: Vec<(&'static str, &'static str)>,
    /// "120 people voted 1,432 times; 96 voted on enough statements to be grouped."
    summary: String,
    /// The chart: one bar per group.
    chart: String,
    /// Per group: heading, and the statements that set it apart in words.
    groups: Vec<(String, Vec<String>)>,
    all_agree: Vec<String>,
    consensus: Vec<String>,
    /// How clearly people fall apart, said plainly.
    clarity: String,
}

/// What the groups part says when there is nothing to show yet (too few votes).
fn nothing_yet(tr: crate::i18n::Tr, too_few: bool, grouped: usize) -> Option<String> {
    if too_few {
        Some(tr.t("conversation-too-few"))
    } else if grouped == 0 {
        Some(tr.t("conversation-no-votes"))
    } else {
        None
    }
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let (conv, statements, r) =
        enquete_app::conversations::results(&state, &staff.caller, id).await?;
    let moderates = enquete_app::conversations::moderates(&state, &staff.caller, &conv).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let lang = tr.code();
    let text_of = |id: i64| {
        statements
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.text_in(lang).to_owned())
            .unwrap_or_default()
    };
    let percent = |share: f64| format!("{:.0}%", share * 100.0);
    let groups: Vec<(String, Vec<String>)> = r
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            (
                tr.tn(
                    "conversation-group",
                    &[
                        ("n", (i + 1).to_string()),
                        ("people", g.size.unwrap_or_default().to_string()),
                    ],
                ),
                g.statements
                    .iter()
                    .map(|(s, agree, share)| {
                        tr.tn(
                            if *agree {
                                "conversation-group-agrees"
                            } else {
                                "conversation-group-disagrees"
                            },
                            &[("share", percent(*share)), ("statement", text_of(*s))],
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let bars: Vec<(String, u64)> = r
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            (
                tr.t1("conversation-group-short", "n", i + 1),
                g.size.unwrap_or_default() as u64,
            )
        })
        .collect();
    let chart = crate::charts::simple_bars(&bars, &tr.t("conversation-chart"));
    let clarity = if let Some(words) = nothing_yet(tr, r.too_few, r.grouped) {
        words
    } else if r.groups.len() + r.hidden_groups <= 1 {
        tr.t("conversation-one-group")
    } else if r.silhouette >= 0.7 {
        tr.t("conversation-clear")
    } else {
        tr.t("conversation-fairly-clear")
    };
    let link = format!(
        "{}/c/{}",
        state.config.public_url.trim_end_matches('/'),
        conv.token
    );
    page(&ShowPage {
        id,
        title: conv.title.clone(),
        link,
        open: conv.open,
        moderates,
        statements: statements
            .iter()
            .filter(|s| moderates || s.status == StatementStatus::Accepted)
            .map(|s| StatementView {
                id: s.id,
                text: s.text.clone(),
                language: Language::parse(&s.language).map_or("", |l| l.code()),
                pending: s.status == StatementStatus::Pending,
                rejected: s.status == StatementStatus::Rejected,
                translations: s
                    .translations
                    .iter()
                    .map(|(l, t)| format!("{}: {t}", l.to_uppercase()))
                    .collect(),
            })
            .collect(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        summary: tr.tn(
            "conversation-summary",
            &[
                ("people", r.participants.to_string()),
                ("votes", r.votes.to_string()),
                ("grouped", r.grouped.to_string()),
            ],
        ),
        chart: if r.grouped == 0 { String::new() } else { chart },
        groups: if r.grouped == 0 { Vec::new() } else { groups },
        all_agree: r.all_agree.iter().map(|s| text_of(*s)).collect(),
        consensus: r
            .consensus_agree
            .iter()
            .map(|(s, share)| {
                tr.tn(
                    "conversation-consensus-agree",
                    &[("share", percent(*share)), ("statement", text_of(*s))],
                )
            })
            .chain(r.consensus_disagree.iter().map(|(s, share)| {
                tr.tn(
                    "conversation-consensus-disagree",
                    &[("share", percent(*share)), ("statement", text_of(*s))],
                )
            }))
            .collect(),
        clarity,
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct StatementForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    text: String,
}

pub async fn add_statement(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<StatementForm>,
) -> AppResult<Response> {
    enquete_app::conversations::add_statement(&state, &staff.caller, id, &f.language, &f.text)
        .await?;
    Ok(see_other(&format!("/conversations/{id}#statements")))
}

pub async fn translate(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<StatementForm>,
) -> AppResult<Response> {
    let c = enquete_app::conversations::translate(&state, &staff.caller, id, &f.language, &f.text)
        .await?;
    Ok(see_other(&format!("/conversations/{c}#statements")))
}

#[derive(Deserialize, Default)]
pub struct YesForm {
    #[serde(default)]
    on: String,
}

pub async fn moderate(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<YesForm>,
) -> AppResult<Response> {
    let on = enquete_domain::research::yes(&f.on).map_err(|e| e.in_field("on"))?;
    let c = enquete_app::conversations::moderate(&state, &staff.caller, id, on).await?;
    Ok(see_other(&format!("/conversations/{c}#statements")))
}

pub async fn set_open(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<YesForm>,
) -> AppResult<Response> {
    let on = enquete_domain::research::yes(&f.on).map_err(|e| e.in_field("on"))?;
    enquete_app::conversations::set_open(&state, &staff.caller, id, on).await?;
    Ok(see_other(&format!("/conversations/{id}")))
}

// The public page.

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
}

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
    page(&PublicPage {
        c: Chrome::new(ctx),
        token: token.to_owned(),
        title: conv.title,
        statements: statements
            .iter()
            .map(|s| (s.id, s.text_in(lang).to_owned(), voted.contains(&s.id)))
            .collect(),
        done: done.to_owned(),
    })
}

/// The service worker that keeps the public pages for phones without signal.
pub async fn service_worker() -> Response {
    super::chrome::script(include_str!("../../static/conversation-sw.js"))
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
    let (key, fresh) = match key_of(&headers) {
        Some(k) => (k, false),
        None => (enquete_app::auth::random_token(), true),
    };
    let fields = super::public::single_fields(&body);
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
    // The votes first: a proposal that cannot be taken must not cost them.
    enquete_app::conversations::vote(&state, &token, &key, &votes, now).await?;
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
    votes: Vec<PhoneVote>,
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
    let changed =
        enquete_app::conversations::vote(&state, &token, &participant, &votes, now).await?;
    Ok(
        axum::Json(serde_json::json!({ "received": votes.len(), "changed": changed }))
            .into_response(),
    )
}

//! The canvassing page for phones: works offline (service worker + IndexedDB, see
//! `static/canvass.js`), sends responses in batches when there is signal.

use super::chrome::{Chrome, page};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::Id;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{AssignmentId, Channel, SurveyId};

#[derive(Template)]
#[template(path = "canvass_list.html")]
struct ListPage {
    c: Chrome,
    surveys: Vec<(i64, String, i64)>,
    mine: Vec<super::assignments::Row>,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::CollectResponses,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    let surveys = state
        .store
        .surveys()
        .await?
        .into_iter()
        .map(|s| {
            (
                s.id.0,
                s.definition.title.get(c.tr.lang).to_owned(),
                s.version,
            )
        })
        .collect();
    let mine = super::assignments::rows(
        &state,
        state.store.assignments(Some(staff.id()), &[]).await?,
    )
    .await?;
    page(&ListPage { c, surveys, mine })
}

#[derive(Template)]
#[template(path = "canvass.html")]
struct CanvassPage {
    c: Chrome,
    survey_id: i64,
    title: String,
    units: Vec<(i64, String)>,
    channels: Vec<(&'static str, String)>,
    /// The channel chosen first (a call list's survey: on the phone).
    channel: String,
    strings: String,
    assignment: Option<i64>,
    assignment_unit: Option<i64>,
    user_id: i64,
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    assignment: Option<i64>,
    /// The channel to start with (`phone` from a call list).
    #[serde(default)]
    channel: Option<String>,
}

/// Texts the script shows, in the page's language; `{n}` is filled in by the script.
const SCRIPT_TEXTS: &[&str] = &[
    "pending",
    "sent",
    "saved",
    "offline",
    "server-problem",
    "required",
    "rank-hint",
    "no-survey",
    "visits-pending",
    "answer-this",
    "missing",
    "noted",
    "next-door",
    "all-visited",
    "add-row",
    "row",
    "remove-row",
    "choose",
    "record-position",
    "locating",
    "position",
    "position-failed",
    "points-hint",
    "acknowledge",
    "constraint",
    "invalid",
    "language-default",
    "logic-failed",
];

/// Interface texts the script shows as they are (door outcomes, labels).
const SCRIPT_LABELS: &[&str] = &[
    "outcome-not_home",
    "outcome-refused",
    "outcome-come_back",
    "outcome-answered",
    "assign-choose-door",
    "assign-no-door",
];

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    crate::extract::Params(q): crate::extract::Params<ShowQuery>,
) -> AppResult<Response> {
    let survey = state.store.survey(SurveyId(id)).await?;
    let assignment = match q.assignment {
        Some(a) => {
            let a =
                enquete_app::scope::assignment_for(&state, &staff.caller, AssignmentId(a)).await?;
            if a.survey != survey.id {
                return Err(enquete_domain::FieldError::new(
                    "assignment",
                    "error-assignment-other-survey",
                )
                .into());
            }
            Some(a)
        }
        None => None,
    };
    let units: Vec<(i64, String)> =
        enquete_app::scope::sections_where(&state, &staff.caller, Action::CollectResponses)
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect();
    if units.is_empty() {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    // Each text with `{n}` for the script to fill in, and as it reads for exactly one (the
    // plural forms differ: "1 door visit waiting", "3 door visits waiting").
    let mut texts: serde_json::Map<String, serde_json::Value> = SCRIPT_TEXTS
        .iter()
        .flat_map(|k| {
            let key = format!("canvass-js-{k}");
            [
                (
                    (*k).to_owned(),
                    serde_json::Value::String(c.tr.t1(&key, "n", "{n}")),
                ),
                (
                    format!("{k}:one"),
                    serde_json::Value::String(c.tr.t1(&key, "n", 1)),
                ),
            ]
        })
        .collect();
    for k in SCRIPT_LABELS {
        texts.insert((*k).to_owned(), serde_json::Value::String(c.t(k)));
    }
    page(&CanvassPage {
        survey_id: survey.id.0,
        title: survey.definition.title.get(c.tr.lang).to_owned(),
        units,
        channels: Channel::ALL
            .iter()
            .filter(|ch| **ch != Channel::Online)
            .map(|ch| (ch.as_str(), c.t(&format!("channel-{}", ch.as_str()))))
            .collect(),
        channel: q
            .channel
            .as_deref()
            .and_then(|c| Channel::parse(c).ok())
            .map_or_else(
                || Channel::Door.as_str().to_owned(),
                |c| c.as_str().to_owned(),
            ),
        strings: serde_json::Value::Object(texts).to_string(),
        assignment: assignment.as_ref().map(|a| a.id.0),
        assignment_unit: assignment.as_ref().map(|a| a.unit.0),
        user_id: staff.id().0,
        c,
    })
}

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../../static/canvass.js"),
    )
}

pub async fn logout_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../../static/logout.js"),
    )
}

/// The form logic, compiled to WebAssembly from `crates/formlogic` (`scripts/build-wasm`): the
/// page runs the same checks as the server. Committed, so the server builds without the wasm
/// target; `scripts/test` fails when it is not what the code gives.
pub async fn form_logic() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/wasm"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_bytes!("../../static/formlogic.wasm").as_slice(),
    )
}

/// The service worker, served from /canvass/ so that it may look after the canvassing pages.
pub async fn service_worker() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        concat!(
            include_str!("../../static/sw-cache.js"),
            include_str!("../../static/sw.js")
        ),
    )
}

//! The public calendar: a unit's public actions as an iCalendar feed calendars subscribe to,
//! and the two switches on an action's page that decide what it shows (public or not,
//! cancelled).

use super::chrome::see_other;
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use enquete_domain::campaign::ActionId;
use serde::Deserialize;

#[derive(Deserialize, Clone, Default)]
pub struct PublicForm {
    /// `yes` or `no`.
    #[serde(default)]
    public: String,
}

impl PublicForm {
    fn public(&self) -> AppResult<bool> {
        match self.public.as_str() {
            "yes" => Ok(true),
            "no" => Ok(false),
            _ => Err(AppError::Field(enquete_domain::FieldError::new(
                "public",
                "error-yes-no",
            ))),
        }
    }
}

pub async fn set_public(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PublicForm>,
) -> AppResult<Response> {
    let public = f.public()?;
    enquete_app::actions::set_public(&state, &staff.caller, ActionId(id), public).await?;
    Ok(see_other(&format!("/actions/{id}")))
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

pub async fn set_meeting_public(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PublicForm>,
) -> AppResult<Response> {
    let public = f.public()?;
    enquete_app::meetings::set_public(
        &state,
        &staff.caller,
        enquete_domain::campaign::MeetingId(id),
        public,
    )
    .await?;
    Ok(see_other(&format!("/meetings/{id}")))
}

pub async fn cancel(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::actions::cancel_action(&state, &staff.caller, ActionId(id)).await?;
    Ok(see_other(&format!("/actions/{id}")))
}

/// `GET /calendar/{unit}.ics`: the unit's public actions, for calendars to subscribe to.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let unit: i64 = file
        .strip_suffix(".ics")
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound("calendar"))?;
    let now = enquete_domain::Timestamp::now_utc();
    let (unit, actions, meetings) =
        enquete_app::actions::calendar(&state, enquete_domain::org::UnitId(unit), now).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let host = base.split("://").nth(1).unwrap_or(base);
    let uids: Vec<String> = actions
        .iter()
        .map(|a| format!("action-{}@{host}", a.id.0))
        .collect();
    let urls: Vec<String> = actions
        .iter()
        .map(|a| format!("{base}/a/{}", a.token))
        .collect();
    let meeting_uids: Vec<String> = meetings
        .iter()
        .map(|(m, _)| format!("meeting-{}@{host}", m.id.0))
        .collect();
    let mut events: Vec<enquete_formats::ics::Event<'_>> = actions
        .iter()
        .zip(uids.iter().zip(&urls))
        .map(|(a, (uid, url))| enquete_formats::ics::Event {
            uid,
            starts_at: a.starts_at,
            ends_at: None,
            stamp: now,
            summary: &a.title,
            location: &a.place,
            description: &a.description,
            url,
            cancelled: a.cancelled,
            sequence: a.sequence,
        })
        .collect();
    // Open meetings: when and whose, never their agenda.
    events.extend(meetings.iter().zip(&meeting_uids).map(|((m, name), uid)| {
        enquete_formats::ics::Event {
            uid,
            starts_at: m.held_at,
            ends_at: None,
            stamp: now,
            summary: name,
            location: "",
            description: "",
            url: "",
            cancelled: false,
            sequence: 0,
        }
    }));
    events.sort_by_key(|e| e.starts_at.0);
    let ics = enquete_formats::ics::feed(unit.name.as_str(), &events);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=900"),
        ],
        ics,
    )
        .into_response())
}

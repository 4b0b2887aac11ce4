//! A unit's meetings and solidarity projects over the API, for those who run the unit's work.

use crate::ctx::Staff;
use crate::error::{AppResult, ErrorBody};
use crate::extract::{ApiJson, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use enquete_app::meetings;
use enquete_domain::campaign::MeetingId;
use enquete_domain::org::UnitId;
use enquete_store::{Decision, MeetingRecord, ProjectRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DecisionDto {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub owner: String,
    /// YYYY-MM-DD
    pub due_on: String,
    pub done: bool,
}

impl From<Decision> for DecisionDto {
    fn from(d: Decision) -> Self {
        Self {
            id: d.id.0,
            meeting_id: d.meeting.0,
            due_on: d.due_at.date(),
            done: d.done_at.is_some(),
            text: d.text,
            owner: d.owner,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: i64,
    pub unit_id: i64,
    /// RFC 3339
    pub held_at: String,
    pub agenda: String,
    pub notes: String,
    pub present: u64,
    pub decisions: u64,
}

impl From<MeetingRecord> for MeetingDto {
    fn from(m: MeetingRecord) -> Self {
        Self {
            id: m.id.0,
            unit_id: m.unit.0,
            held_at: m.held_at.rfc3339(),
            agenda: m.agenda,
            notes: m.notes,
            present: m.present,
            decisions: m.decisions,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingsDto {
    /// Newest first.
    pub meetings: Vec<MeetingDto>,
    /// Decisions still open, soonest due first: the follow-up list for the next meeting.
    pub follow_up: Vec<DecisionDto>,
}

/// A unit's meetings and its open decisions.
#[utoipa::path(get, path = "/api/v1/units/{id}/meetings", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = MeetingsDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn meetings(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<MeetingsDto>> {
    let (_, list, follow_up) = meetings::meetings_of(&state, &staff.caller, UnitId(id)).await?;
    Ok(Json(MeetingsDto {
        meetings: list.into_iter().map(MeetingDto::from).collect(),
        follow_up: follow_up.into_iter().map(DecisionDto::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMeetingBody {
    /// YYYY-MM-DDTHH:MM, UTC
    pub held_at: String,
    #[serde(default)]
    pub agenda: String,
}

/// Plan a meeting of a unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/meetings", tag = "meetings", params(("id" = i64, Path)), request_body = NewMeetingBody,
    responses((status = 201, body = MeetingDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_meeting(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(b): ApiJson<NewMeetingBody>,
) -> AppResult<(StatusCode, Json<MeetingDto>)> {
    let m = meetings::plan(&state, &staff.caller, UnitId(id), &b.held_at, &b.agenda).await?;
    Ok((StatusCode::CREATED, Json(m.into())))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub text: String,
    pub owner: String,
    /// YYYY-MM-DD
    pub due_on: String,
}

/// Record a decision taken at a meeting.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "meetings", params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(b): ApiJson<DecisionBody>,
) -> AppResult<StatusCode> {
    meetings::decide(
        &state,
        &staff.caller,
        MeetingId(id),
        &b.text,
        &b.owner,
        &b.due_on,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ProjectDto {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub goal: String,
    /// One per line.
    pub needs: String,
    pub volunteers: u64,
}

impl From<ProjectRecord> for ProjectDto {
    fn from(p: ProjectRecord) -> Self {
        Self {
            id: p.id.0,
            unit_id: p.unit.0,
            name: p.name,
            goal: p.goal,
            needs: p.needs,
            volunteers: p.volunteers,
        }
    }
}

/// A unit's solidarity projects.
#[utoipa::path(get, path = "/api/v1/units/{id}/projects", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = [ProjectDto]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn projects(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<Vec<ProjectDto>>> {
    let (_, projects) = meetings::projects_of(&state, &staff.caller, UnitId(id)).await?;
    Ok(Json(projects.into_iter().map(ProjectDto::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProjectBody {
    pub name: String,
    #[serde(default)]
    pub goal: String,
    /// One per line.
    #[serde(default)]
    pub needs: String,
}

/// Start a solidarity project in a unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/projects", tag = "meetings", params(("id" = i64, Path)), request_body = NewProjectBody,
    responses((status = 201, body = ProjectDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_project(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(b): ApiJson<NewProjectBody>,
) -> AppResult<(StatusCode, Json<ProjectDto>)> {
    let p = meetings::start_project(
        &state,
        &staff.caller,
        UnitId(id),
        &b.name,
        &b.goal,
        &b.needs,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

//! `/api/v1`: the same capabilities as the pages, under the same policy.

pub(crate) mod assignments;
mod campaigns;
mod gates;
mod meetings;
mod people;
pub mod responses;
mod session;
mod surveys;
mod units;

use crate::error::{ErrorBody, ErrorDetail};
use crate::state::AppState;
use axum::Json;
use axum::Router;
use axum::routing::{get, post};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Enquête API",
        description = "Organize the movement: the org tree and the people met, under the same access rules as the web pages. Log in with POST /api/v1/session; send the returned csrf_token in the X-CSRF-Token header on every call that changes something."
    ),
    paths(
        session::login, session::current, session::logout,
        units::list, units::get_one, units::create, units::update,
        people::search, people::get_one, people::create, people::replace, people::move_stage, people::record_consent, people::history,
        surveys::list, surveys::get_one, surveys::publish, surveys::results, surveys::crosstab, surveys::themes, responses::batch,
        assignments::get_one, assignments::visits,
        campaigns::list, campaigns::create, campaigns::get_progress, campaigns::set_targets,
        campaigns::create_action, campaigns::get_action, campaigns::rsvp, campaigns::check_in,
        campaigns::create_petition, campaigns::get_petition,
        meetings::meetings, meetings::create_meeting, meetings::decide, meetings::projects, meetings::create_project,
        gates::sync, gates::admit, gates::door,
    ),
    components(schemas(
        ErrorBody, ErrorDetail,
        session::LoginBody, session::SessionDto,
        units::UnitDto, units::StageCountsDto, units::NewUnitBody, units::UnitPatchBody,
        people::PersonDto, people::PeoplePageDto, people::PersonBody, people::StageBody, people::ConsentBody, people::StageChangeDto,
        surveys::SurveySummaryDto, surveys::SurveyDto, surveys::PublishedDto,
        enquete_app::results::SurveyResults, enquete_app::results::QuestionSummary, enquete_app::results::OptionResult,
        enquete_app::results::Highlight, enquete_app::results::WeightingSummary, enquete_app::results::CrossTab, enquete_app::results::CrossRow, enquete_app::results::CrossCell, enquete_app::themes::ThemesView, enquete_app::themes::ThemeView,
        responses::BatchBody, responses::ResponseItem, responses::ContactBody, responses::ItemStatus, responses::ItemResult, responses::BatchResult,
        assignments::DoorDto, assignments::AssignmentDto, assignments::VisitItem, assignments::VisitBatch, assignments::VisitResult, assignments::VisitBatchResult,
        campaigns::CampaignDto, campaigns::NewCampaignBody, campaigns::TargetsBody, enquete_app::campaigns::CampaignProgress, enquete_app::campaigns::UnitProgress, enquete_app::campaigns::MetricProgress, enquete_app::campaigns::Behind, enquete_app::campaigns::DayTotals, enquete_app::campaigns::Evidence,
        campaigns::ActionDto, campaigns::NewActionBody, campaigns::RsvpBody, campaigns::RsvpDto, campaigns::CheckInBody, campaigns::CheckInDto,
        campaigns::PetitionDto, campaigns::NewPetitionBody,
        gates::ScanBody, gates::SyncBody, gates::GrantDto, gates::SyncDto, gates::AdmitBody, gates::AdmitDto, gates::DoorBody, gates::ZoneDto,
        meetings::DecisionDto, meetings::MeetingDto, meetings::MeetingsDto, meetings::NewMeetingBody, meetings::DecisionBody, meetings::ProjectDto, meetings::NewProjectBody,
    )),
    tags((name = "session"), (name = "units"), (name = "people"), (name = "surveys"), (name = "responses"), (name = "assignments"), (name = "campaigns"), (name = "actions"), (name = "petitions"), (name = "meetings"), (name = "festival"))
)]
pub struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route(
            "/api/v1/session",
            get(session::current)
                .post(session::login)
                .delete(session::logout),
        )
        .route("/api/v1/units", get(units::list).post(units::create))
        .route(
            "/api/v1/units/{id}",
            get(units::get_one).patch(units::update),
        )
        .route("/api/v1/people", get(people::search).post(people::create))
        .route(
            "/api/v1/people/{id}",
            get(people::get_one).put(people::replace),
        )
        .route("/api/v1/people/{id}/stage", post(people::move_stage))
        .route("/api/v1/people/{id}/consents", post(people::record_consent))
        .route("/api/v1/people/{id}/history", get(people::history))
        .route("/api/v1/surveys", get(surveys::list).post(surveys::publish))
        .route("/api/v1/surveys/{id}", get(surveys::get_one))
        .route("/api/v1/surveys/{id}/results", get(surveys::results))
        .route("/api/v1/surveys/{id}/crosstab", get(surveys::crosstab))
        .route("/api/v1/surveys/{id}/themes", get(surveys::themes))
        .route("/api/v1/responses:batch", post(responses::batch))
        .route("/api/v1/festivals/{id}/gate/sync", post(gates::sync))
        .route("/api/v1/festivals/{id}/gate/admit", post(gates::admit))
        .route(
            "/api/v1/festivals/{id}/zones/{zone}/door",
            post(gates::door),
        )
        .route("/api/v1/assignments/{id}", get(assignments::get_one))
        .route("/api/v1/visits:batch", post(assignments::visits))
        .route(
            "/api/v1/campaigns",
            get(campaigns::list).post(campaigns::create),
        )
        .route(
            "/api/v1/campaigns/{id}/progress",
            get(campaigns::get_progress),
        )
        .route(
            "/api/v1/campaigns/{id}/targets",
            axum::routing::put(campaigns::set_targets),
        )
        .route("/api/v1/actions", post(campaigns::create_action))
        .route("/api/v1/actions/{id}", get(campaigns::get_action))
        .route("/api/v1/actions/{id}/rsvps", post(campaigns::rsvp))
        .route("/api/v1/actions/{id}/checkins", post(campaigns::check_in))
        .route("/api/v1/petitions", post(campaigns::create_petition))
        .route("/api/v1/petitions/{id}", get(campaigns::get_petition))
        .route(
            "/api/v1/units/{id}/meetings",
            get(meetings::meetings).post(meetings::create_meeting),
        )
        .route("/api/v1/meetings/{id}/decisions", post(meetings::decide))
        .route(
            "/api/v1/units/{id}/projects",
            get(meetings::projects).post(meetings::create_project),
        )
}

//! Campaigns, actions and petitions over the API, under the same policy as the pages (the
//! handlers share their checks with `pages::campaigns`, `pages::actions` and `pages::petitions`).

use crate::ctx::Staff;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{ApiJson, Id, Params};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use enquete_app::campaigns::{CampaignProgress, progress};
use enquete_domain::campaign::{
    ActionDraft, ActionId, CampaignDraft, CampaignId, Metric, PetitionDraft, PetitionId,
    parse_target,
};
use enquete_domain::org::UnitId;
use enquete_domain::people::PersonId;
use enquete_domain::survey::SurveyId;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{ActionRecord, CampaignRecord, PetitionRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: i64,
    pub unit_id: i64,
    pub title: String,
    pub description: String,
    pub survey_id: Option<i64>,
    pub question: String,
    pub choice: String,
    /// The figures the focus was chosen on, in words in the caller's language.
    pub evidence: String,
    /// The same figures as numbers (none for a campaign started from scratch, or for words
    /// kept by an older version).
    pub evidence_figures: Option<enquete_app::campaigns::Evidence>,
    pub starts_on: String,
    pub ends_on: String,
}

impl CampaignDto {
    async fn new(state: &AppState, tr: &crate::i18n::Tr, k: CampaignRecord) -> AppResult<Self> {
        let cited = enquete_app::campaigns::cited(state, &k, tr.lang).await?;
        Ok(Self {
            id: k.id.0,
            unit_id: k.unit.0,
            starts_on: k.starts_at.date(),
            ends_on: k.ends_at.date(),
            survey_id: k.survey.map(|s| s.0),
            title: k.title,
            description: k.description,
            question: k.question,
            choice: k.choice,
            evidence: cited.as_ref().map(|c| tr.evidence(c)).unwrap_or_default(),
            evidence_figures: cited.and_then(|c| c.figures),
        })
    }
}

/// Targets by metric: conversations, signatures, attendance, new_sympathisers, new_members.
fn numbers(targets: &BTreeMap<String, i64>) -> Result<Vec<(Metric, u64)>, FieldError> {
    targets
        .iter()
        .map(|(k, v)| {
            let m = Metric::parse(k).map_err(|e| e.in_field("targets"))?;
            Ok((m, parse_target("targets", &v.to_string())?))
        })
        .collect()
}

/// Campaigns that reach the account's unit, newest first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns",
    responses((status = 200, body = [CampaignDto]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
) -> AppResult<Json<Vec<CampaignDto>>> {
    let here = state.store.unit(staff.user.user.unit).await?;
    if !enquete_app::campaigns::follows(&staff.caller, &here) {
        return Err(AppError::Forbidden);
    }
    let mut out = Vec::new();
    for k in state.store.campaigns_reaching(&here.path).await? {
        out.push(CampaignDto::new(&state, &staff.ctx.tr, k).await?);
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaignBody {
    /// The unit it is rooted at: the nation for a national focus.
    pub unit_id: i64,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD, the deadline of every target.
    pub ends_on: String,
    /// The enquête result the focus comes from: survey, question and answer codes.
    pub survey_id: Option<i64>,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub choice: String,
    /// The numbers for the whole campaign, by metric; shared out to every unit below.
    pub targets: BTreeMap<String, i64>,
}

/// Start a campaign; its targets are shared out to every unit below in proportion to people.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = NewCampaignBody,
    responses((status = 201, body = CampaignDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(b): ApiJson<NewCampaignBody>,
) -> AppResult<(StatusCode, Json<CampaignDto>)> {
    let draft = CampaignDraft::parse(&b.title, &b.description, &b.starts_on, &b.ends_on)?;
    let numbers = numbers(&b.targets)?;
    let source = b.survey_id.map(|s| (SurveyId(s), b.question, b.choice));
    let k = enquete_app::campaigns::start(
        &state,
        &staff.caller,
        UnitId(b.unit_id),
        draft,
        source,
        &numbers,
        staff.ctx.tr.lang,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CampaignDto::new(&state, &staff.ctx.tr, k).await?),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ProgressQuery {
    /// The unit to look from; by default the account's own (never above the campaign's root).
    pub unit_id: Option<i64>,
}

/// Progress of a campaign at a unit: done against targets, the units below, day by day, and
/// the units falling behind.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/progress", tag = "campaigns", params(("id" = i64, Path), ProgressQuery),
    responses((status = 200, body = CampaignProgress), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_progress(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<ProgressQuery>,
) -> AppResult<Json<CampaignProgress>> {
    let k = state.store.campaign(CampaignId(id)).await?;
    let unit =
        enquete_app::campaigns::view_unit(&state, &staff.caller, &k, q.unit_id.map(UnitId)).await?;
    Ok(Json(
        progress(&state, &k, &unit, Timestamp::now_utc()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetsBody {
    pub unit_id: i64,
    /// The unit's own numbers, by metric.
    pub targets: BTreeMap<String, i64>,
    /// Also share these numbers out again over the units below.
    #[serde(default)]
    pub share_out: bool,
}

/// Set a unit's own targets.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}/targets", tag = "campaigns", params(("id" = i64, Path)), request_body = TargetsBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_targets(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(b): ApiJson<TargetsBody>,
) -> AppResult<StatusCode> {
    let k = state.store.campaign(CampaignId(id)).await?;
    let numbers = numbers(&b.targets)?;
    enquete_app::campaigns::set_targets_for(
        &state,
        &staff.caller,
        &k,
        UnitId(b.unit_id),
        &numbers,
        b.share_out,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ActionDto {
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub unit_id: i64,
    pub title: String,
    pub place: String,
    /// RFC 3339
    pub starts_at: String,
    pub capacity: Option<u64>,
    pub confirmed: u64,
    pub waiting: u64,
    pub attended: u64,
    /// The public RSVP page.
    pub public_path: String,
}

impl From<ActionRecord> for ActionDto {
    fn from(a: ActionRecord) -> Self {
        Self {
            id: a.id.0,
            campaign_id: a.campaign.map(|c| c.0),
            unit_id: a.unit.0,
            starts_at: a.starts_at.rfc3339(),
            capacity: a.capacity,
            confirmed: a.confirmed,
            waiting: a.waiting,
            attended: a.attended,
            public_path: format!("/a/{}", a.token),
            title: a.title,
            place: a.place,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActionBody {
    pub unit_id: i64,
    pub campaign_id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub place: String,
    /// YYYY-MM-DDTHH:MM, UTC
    pub starts_at: String,
    /// Places; none for no limit.
    pub capacity: Option<u32>,
}

/// Plan an action or event.
#[utoipa::path(post, path = "/api/v1/actions", tag = "actions", request_body = NewActionBody,
    responses((status = 201, body = ActionDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_action(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(b): ApiJson<NewActionBody>,
) -> AppResult<(StatusCode, Json<ActionDto>)> {
    let capacity = b.capacity.map(|c| c.to_string()).unwrap_or_default();
    let draft = ActionDraft::parse(&b.title, &b.description, &b.place, &b.starts_at, &capacity)?;
    let a = enquete_app::actions::plan(
        &state,
        &staff.caller,
        UnitId(b.unit_id),
        b.campaign_id.map(CampaignId),
        &draft,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// One action with its counts.
#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)),
    responses((status = 200, body = ActionDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_action(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<ActionDto>> {
    Ok(Json(
        enquete_app::scope::action_for(&state, &staff.caller, ActionId(id))
            .await?
            .into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RsvpBody {
    pub person_id: i64,
    #[serde(default)]
    pub transport: bool,
}

#[derive(Serialize, ToSchema)]
pub struct RsvpDto {
    pub id: i64,
    pub person_id: i64,
    /// confirmed or waiting
    pub status: String,
    pub bus_id: Option<i64>,
    /// The person had answered before; nothing changed.
    pub already: bool,
}

/// Take an RSVP for a person: confirmed while places are left, else on the waiting list.
#[utoipa::path(post, path = "/api/v1/actions/{id}/rsvps", tag = "actions", params(("id" = i64, Path)), request_body = RsvpBody,
    responses((status = 200, body = RsvpDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rsvp(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(b): ApiJson<RsvpBody>,
) -> AppResult<Json<RsvpDto>> {
    let o = enquete_app::actions::rsvp_for(
        &state,
        &staff.caller,
        ActionId(id),
        PersonId(b.person_id),
        b.transport,
    )
    .await?;
    Ok(Json(RsvpDto {
        id: o.id.0,
        person_id: o.person.0,
        status: o.status.as_str().to_owned(),
        bus_id: o.bus.map(|b| b.0),
        already: o.already,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInBody {
    pub person_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInDto {
    pub person_id: i64,
    /// Actions this person has attended, this one included.
    pub attended: u64,
    /// The stage the ladder rules moved them to, if any.
    pub moved_to: Option<String>,
    pub already: bool,
}

/// Check a person in at an action (with or without an RSVP); the ladder rules may move them up.
#[utoipa::path(post, path = "/api/v1/actions/{id}/checkins", tag = "actions", params(("id" = i64, Path)), request_body = CheckInBody,
    responses((status = 200, body = CheckInDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(b): ApiJson<CheckInBody>,
) -> AppResult<Json<CheckInDto>> {
    let o = enquete_app::actions::check_in_for(
        &state,
        &staff.caller,
        ActionId(id),
        PersonId(b.person_id),
    )
    .await?;
    Ok(Json(CheckInDto {
        person_id: o.person.0,
        attended: o.attended,
        moved_to: o.moved_to.map(|s| s.as_str().to_owned()),
        already: o.already,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PetitionDto {
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub unit_id: i64,
    /// By language code.
    pub title: BTreeMap<String, String>,
    pub text: BTreeMap<String, String>,
    /// By language code.
    pub addressee: BTreeMap<String, String>,
    pub goal: u64,
    pub signatures: u64,
    /// The public signature page.
    pub public_path: String,
}

impl From<PetitionRecord> for PetitionDto {
    fn from(p: PetitionRecord) -> Self {
        Self {
            id: p.id.0,
            campaign_id: p.campaign.map(|c| c.0),
            unit_id: p.unit.0,
            public_path: format!("/p/{}", p.token),
            title: p.title.0,
            text: p.body.0,
            addressee: p.addressee.0,
            goal: p.goal,
            signatures: p.signatures,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPetitionBody {
    pub unit_id: i64,
    pub campaign_id: Option<i64>,
    /// By language code (nl, fr, de, en); at least one.
    pub title: BTreeMap<String, String>,
    pub text: BTreeMap<String, String>,
    /// To whom it is addressed: one text, or by language code (nl, fr, de, en).
    pub addressee: AddresseeBody,
    #[serde(default)]
    pub goal: u64,
}

/// An addressee written once, or once per language.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AddresseeBody {
    One(String),
    ByLanguage(BTreeMap<String, String>),
}

/// Open a petition with its public signature page.
#[utoipa::path(post, path = "/api/v1/petitions", tag = "petitions", request_body = NewPetitionBody,
    responses((status = 201, body = PetitionDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_petition(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(b): ApiJson<NewPetitionBody>,
) -> AppResult<(StatusCode, Json<PetitionDto>)> {
    let known = |m: &BTreeMap<String, String>, field: &'static str| {
        m.keys()
            .find(|k| enquete_domain::people::Language::parse(k).is_err())
            .map_or(Ok(()), |k| {
                Err(FieldError::new(field, "error-language-key").arg("code", k))
            })
    };
    known(&b.title, "title")?;
    known(&b.text, "text")?;
    let addressee: Vec<(&str, &str)> = match &b.addressee {
        AddresseeBody::One(a) => vec![("en", a.as_str())],
        AddresseeBody::ByLanguage(m) => {
            known(m, "addressee")?;
            m.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
        }
    };
    let title: Vec<(&str, &str)> = b
        .title
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let text: Vec<(&str, &str)> = b
        .text
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let draft = PetitionDraft::parse_with(&title, &text, &addressee, &b.goal.to_string())?;
    let p = enquete_app::petitions::open(
        &state,
        &staff.caller,
        UnitId(b.unit_id),
        b.campaign_id.map(CampaignId),
        &draft,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// One petition with its count.
#[utoipa::path(get, path = "/api/v1/petitions/{id}", tag = "petitions", params(("id" = i64, Path)),
    responses((status = 200, body = PetitionDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_petition(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<PetitionDto>> {
    Ok(Json(
        enquete_app::petitions::petition_for(&state, &staff.caller, PetitionId(id))
            .await?
            .into(),
    ))
}

//! People over the API. Every read and change is audited, as on the pages.

use crate::ctx::Staff;
use crate::error::{AppResult, ErrorBody};
use crate::extract::{ApiJson, Id, Params};
use crate::state::AppState;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use enquete_domain::FieldError;
use enquete_domain::org::UnitId;
use enquete_domain::people::PersonId;
use enquete_domain::people::{Language, PersonInput, Tag};
use enquete_domain::policy::Action;
use enquete_store::PersonRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Among nl, fr, de, en.
    pub languages: Vec<String>,
    pub tags: Vec<String>,
    /// contact, sympathiser, active, member, organizer or leader
    pub stage: String,
    pub youth_wing: bool,
    pub workplace: Option<String>,
    pub notes: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

fn dto(rec: &PersonRecord) -> PersonDto {
    let p = &rec.person;
    PersonDto {
        id: p.id.0,
        unit_id: p.unit.0,
        unit_name: rec.unit_name.clone(),
        name: p.name.clone(),
        email: p.email.clone(),
        phone: p.phone.clone(),
        address: p.address.clone(),
        languages: p.languages.iter().map(|l| l.code().to_owned()).collect(),
        tags: p.tags.iter().map(|t| t.as_str().to_owned()).collect(),
        stage: p.stage.as_str().to_owned(),
        youth_wing: p.youth_wing,
        workplace: p.workplace.clone(),
        notes: p.notes.clone(),
        created_at: p.created_at.rfc3339(),
        updated_at: p.updated_at.rfc3339(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePageDto {
    pub people: Vec<PersonDto>,
    /// How many match in all (the page holds at most `limit`).
    pub total: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Part of a name (accents and case ignored), an e-mail address or a phone number: at most
    /// 12 words and 200 characters (more is a 422 naming `q`).
    pub q: Option<String>,
    /// Only this unit and below: a unit whose people the account may list (another is a 403).
    pub unit_id: Option<i64>,
    /// Only people at this stage: contact, sympathiser, active, member, organizer or leader.
    pub stage: Option<String>,
    /// Only people with this tag.
    pub tag: Option<String>,
    /// The order: `name` (the default; alphabetical, accents and case ignored), `stage`
    /// (highest on the ladder first), `unit` (by the unit's name) or `newest` (most recently
    /// added first). Ties are broken by id, so pages never overlap. Anything else is a 422
    /// naming `sort`.
    pub sort: Option<String>,
    /// 1 to 500, default 50.
    pub limit: Option<u32>,
    /// How many to skip (default 0): with `limit`, which page; `total` says how many match.
    pub offset: Option<u32>,
}

/// Search the people this account may see, filtered by unit, stage and tag, in the order
/// asked for; every person returned has the reading in their audit log.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(SearchParams),
    responses((status = 200, body = PeoplePageDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    staff: Staff,
    Params(p): Params<SearchParams>,
) -> AppResult<Json<PeoplePageDto>> {
    let limit = p.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(FieldError::new("limit", "error-limit")
            .arg("max", 500)
            .into());
    }
    let filter = enquete_app::people::Filter::parse(
        p.q.as_deref().unwrap_or_default(),
        p.unit_id,
        p.stage.as_deref().unwrap_or_default(),
        p.tag.as_deref().unwrap_or_default(),
        p.sort.as_deref().unwrap_or_default(),
    )?;
    let found =
        enquete_app::people::list(&state, &staff.caller, &filter, limit, p.offset.unwrap_or(0))
            .await?;
    Ok(Json(PeoplePageDto {
        people: found.people.iter().map(dto).collect(),
        total: found.total,
    }))
}

/// One person's record.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = PersonDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<PersonDto>> {
    let rec = enquete_app::people::read(&state, &staff.caller, PersonId(id)).await?;
    Ok(Json(dto(&rec)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    /// The section the person belongs to (when creating; a replace must keep it).
    pub unit_id: Option<i64>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub youth_wing: bool,
    pub workplace: Option<String>,
    pub notes: Option<String>,
    /// When creating: whether they agreed to be contacted again.
    pub consent_to_contact: Option<bool>,
}

impl PersonBody {
    fn input(&self) -> Result<PersonInput, FieldError> {
        for (i, lang) in self.languages.iter().enumerate() {
            Language::parse(lang).map_err(|e| e.in_field("languages").arg("item", i))?;
        }
        for (i, tag) in self.tags.iter().enumerate() {
            Tag::parse(tag).map_err(|e| e.in_field("tags").arg("item", i))?;
        }
        Ok(PersonInput {
            name: self.name.clone(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            address: self.address.clone().unwrap_or_default(),
            languages: self.languages.join(","),
            tags: self.tags.join(","),
            youth_wing: self.youth_wing,
            workplace: self.workplace.clone().unwrap_or_default(),
            notes: self.notes.clone().unwrap_or_default(),
        })
    }
}

/// Add a person at the first rung of the ladder.
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = PersonBody,
    responses((status = 201, body = PersonDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<PersonBody>,
) -> AppResult<(StatusCode, Json<PersonDto>)> {
    let unit_id = body
        .unit_id
        .ok_or_else(|| FieldError::new("unit_id", "error-required"))?;
    let details = body.input()?.parse()?;
    let rec = enquete_app::people::create(
        &state,
        &staff.caller,
        UnitId(unit_id),
        ("unit_id", "error-no-unit"),
        &details,
        body.consent_to_contact,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(dto(&rec))))
}

/// Replace a person's details (not their stage: see the stage call).
#[utoipa::path(put, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)), request_body = PersonBody,
    responses((status = 200, body = PersonDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn replace(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(body): ApiJson<PersonBody>,
) -> AppResult<Json<PersonDto>> {
    let rec =
        enquete_app::scope::person_for(&state, &staff.caller, PersonId(id), Action::EditPerson)
            .await?;
    if body.unit_id.is_some_and(|u| u != rec.person.unit.0) {
        return Err(FieldError::new("unit_id", "error-unit-stays").into());
    }
    if body.consent_to_contact.is_some() {
        return Err(FieldError::new("consent_to_contact", "error-consent-call").into());
    }
    let details = body.input()?.parse()?;
    let rec = enquete_app::people::update_record(&state, &staff.caller, &rec, &details).await?;
    Ok(Json(dto(&rec)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    /// contact, sympathiser, active, member, organizer or leader
    pub stage: String,
    /// Why, in a few words.
    pub reason: String,
}

/// Move a person on the ladder.
#[utoipa::path(post, path = "/api/v1/people/{id}/stage", tag = "people", params(("id" = i64, Path)), request_body = StageBody,
    responses((status = 200, body = PersonDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_stage(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(body): ApiJson<StageBody>,
) -> AppResult<Json<PersonDto>> {
    let moved = enquete_app::people::move_on_ladder(
        &state,
        &staff.caller,
        PersonId(id),
        &body.stage,
        &body.reason,
    )
    .await?;
    Ok(Json(dto(&moved)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    /// contact, newsletter, survey_link or membership
    pub purpose: String,
    pub granted: bool,
    /// Where and how it was given or withdrawn.
    pub source: String,
}

/// Record a consent given or withdrawn.
#[utoipa::path(post, path = "/api/v1/people/{id}/consents", tag = "people", params(("id" = i64, Path)), request_body = ConsentBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_consent(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(body): ApiJson<ConsentBody>,
) -> AppResult<StatusCode> {
    enquete_app::people::record_consent(
        &state,
        &staff.caller,
        PersonId(id),
        &body.purpose,
        body.granted,
        &body.source,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct StageChangeDto {
    pub from: Option<String>,
    pub to: String,
    pub at: String,
    pub by_user_id: Option<i64>,
    pub reason: String,
}

/// A person's ladder history, oldest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/history", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = [StageChangeDto]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<Vec<StageChangeDto>>> {
    let history = enquete_app::people::history(&state, &staff.caller, PersonId(id)).await?;
    Ok(Json(
        history
            .iter()
            .map(|h| StageChangeDto {
                from: h.from.map(|s| s.as_str().to_owned()),
                to: h.to.as_str().to_owned(),
                at: h.at.rfc3339(),
                by_user_id: h.by.map(|u| u.0),
                reason: h.reason.clone(),
            })
            .collect(),
    ))
}

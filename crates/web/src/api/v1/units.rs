//! Units of the org tree over the API.

use crate::ctx::Staff;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{ApiJson, Id};
use crate::state::AppState;
use enquete_app::disclosure::PeopleCounts;
use enquete_app::units;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use enquete_domain::FieldError;
use enquete_domain::org::Unit;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// People per stage. For analysts, a count from 1 to 4 is `null`, and so are the counts hidden
/// so that such a count cannot be worked out from the others (docs/privacy.md).
#[derive(Serialize, ToSchema)]
pub struct StageCountsDto {
    pub contact: Option<u64>,
    pub sympathiser: Option<u64>,
    pub active: Option<u64>,
    pub member: Option<u64>,
    pub organizer: Option<u64>,
    pub leader: Option<u64>,
    pub total: Option<u64>,
}

fn counts(c: &PeopleCounts, unit: UnitId) -> StageCountsDto {
    use enquete_domain::people::Stage;
    StageCountsDto {
        contact: c.at(unit, Stage::Contact),
        sympathiser: c.at(unit, Stage::Sympathiser),
        active: c.at(unit, Stage::Active),
        member: c.at(unit, Stage::Member),
        organizer: c.at(unit, Stage::Organizer),
        leader: c.at(unit, Stage::Leader),
        total: c.total(unit),
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// nation, region, city, neighbourhood, workplace or youth
    pub kind: String,
    pub name: String,
    /// Ids from the top of the tree down to this unit.
    pub path: Vec<i64>,
    pub archived: bool,
    /// People per stage in this unit and everything below it; absent for accounts that may
    /// not see counts.
    pub people: Option<StageCountsDto>,
}

fn dto(unit: &Unit, people: Option<&PeopleCounts>) -> UnitDto {
    UnitDto {
        id: unit.id.0,
        parent_id: unit.parent.map(|p| p.0),
        kind: unit.kind.as_str().to_owned(),
        name: unit.name.as_str().to_owned(),
        path: unit.path.ids().iter().map(|i| i.0).collect(),
        archived: unit.is_archived(),
        people: people
            .filter(|c| c.totals.contains_key(&unit.id))
            .map(|c| counts(c, unit.id)),
    }
}

/// Every unit the account can see, parents before children.
#[utoipa::path(get, path = "/api/v1/units", tag = "units",
    responses((status = 200, body = [UnitDto]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Json<Vec<UnitDto>>> {
    let root = enquete_app::scope::visible_root(&state, &staff.caller).await?;
    if !allows(
        &staff.caller.actor,
        Action::ViewUnit,
        Target::unit(&root.path),
    ) {
        return Err(AppError::Forbidden);
    }
    let totals = if allows(
        &staff.caller.actor,
        Action::ViewAggregates,
        Target::unit(&root.path),
    ) {
        Some(enquete_app::scope::people_counts(&state, &staff.caller, &root).await?)
    } else {
        None
    };
    let units = state.store.subtree(&root.path, true).await?;
    Ok(Json(
        units.iter().map(|u| dto(u, totals.as_ref())).collect(),
    ))
}

/// One unit, with its people per stage.
#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "units", params(("id" = i64, Path)),
    responses((status = 200, body = UnitDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<UnitDto>> {
    let unit =
        enquete_app::scope::unit_for(&state, &staff.caller, UnitId(id), Action::ViewUnit).await?;
    let totals = if allows(
        &staff.caller.actor,
        Action::ViewAggregates,
        Target::unit(&unit.path),
    ) {
        Some(enquete_app::scope::people_counts(&state, &staff.caller, &unit).await?)
    } else {
        None
    };
    Ok(Json(dto(&unit, totals.as_ref())))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnitBody {
    pub parent_id: i64,
    /// region, city, neighbourhood, workplace or youth
    pub kind: String,
    pub name: String,
}

/// Create a unit below another.
#[utoipa::path(post, path = "/api/v1/units", tag = "units", request_body = NewUnitBody,
    responses((status = 201, body = UnitDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<NewUnitBody>,
) -> AppResult<(StatusCode, Json<UnitDto>)> {
    let unit = units::create(
        &state,
        &staff.caller,
        UnitId(body.parent_id),
        Some("parent_id"),
        &body.kind,
        &body.name,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(dto(&unit, None))))
}

/// One change at a time, so that a change is either made whole or not at all.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPatchBody {
    /// Rename the unit.
    pub name: Option<String>,
    /// Move the unit, with everything below it, under this unit.
    pub parent_id: Option<i64>,
    /// Archive (true) or restore (false) the unit with everything below it.
    pub archived: Option<bool>,
}

/// Rename, move, archive or restore a unit: exactly one of the fields.
#[utoipa::path(patch, path = "/api/v1/units/{id}", tag = "units", params(("id" = i64, Path)), request_body = UnitPatchBody,
    responses((status = 200, body = UnitDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(body): ApiJson<UnitPatchBody>,
) -> AppResult<Json<UnitDto>> {
    let (caller, id) = (&staff.caller, UnitId(id));
    let unit = match (body.name, body.parent_id, body.archived) {
        (Some(name), None, None) => units::rename(&state, caller, id, &name).await?,
        (None, Some(parent), None) => {
            units::move_to(&state, caller, id, UnitId(parent), Some("parent_id")).await?
        }
        (None, None, Some(true)) => units::archive(&state, caller, id).await?,
        (None, None, Some(false)) => units::restore(&state, caller, id).await?,
        _ => {
            return Err(FieldError::new("body", "error-unit-change-one").into());
        }
    };
    Ok(Json(dto(&unit, None)))
}

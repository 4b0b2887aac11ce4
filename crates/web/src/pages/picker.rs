//! The person picker: every form that names a person finds them by name, among the people the
//! account may see.

use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::Params;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::org::UnitId;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PickQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unit: Option<i64>,
}

#[derive(serde::Serialize)]
pub struct Picked {
    id: i64,
    name: String,
    unit: String,
    stage: String,
}

/// People to choose from by name (the person picker of every form that names a person): the
/// few the account may see whose name matches, with only what tells them apart.
pub async fn pick(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<PickQuery>,
) -> AppResult<axum::Json<Vec<Picked>>> {
    let found =
        enquete_app::people::pick(&state, &staff.caller, &q.q, q.unit.map(UnitId), 8).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|r| Picked {
                id: r.person.id.0,
                stage: staff.ctx.tr.stage_str(r.person.stage.as_str()),
                name: r.person.name,
                unit: r.unit_name,
            })
            .collect(),
    ))
}

/// Turns every `input[data-picker]` into a search by name (see `static/picker.js`).
pub async fn script() -> Response {
    super::chrome::script(include_str!("../../static/picker.js"))
}

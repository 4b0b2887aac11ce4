//! A person's rights over their data: everything held about them (subject access), as a page
//! and as JSON, and erasure at their request.

use super::chrome::{Chrome, html, see_other};
use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::{Form, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::people::PersonId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::Dossier;
use serde::Deserialize;

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let d = enquete_app::privacy::dossier(&state, &staff.caller, PersonId(id)).await?;
    let can_erase = allows(
        &staff.caller.actor,
        Action::ErasePerson,
        Target::person(&d.record.unit_path, d.record.recorded_by),
    );
    html(crate::render::dossier(
        d,
        Chrome::new(&staff.ctx),
        can_erase,
    ))
}

pub async fn json(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<Dossier>> {
    Ok(Json(
        enquete_app::privacy::dossier(&state, &staff.caller, PersonId(id)).await?,
    ))
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    reason: String,
}

pub async fn erase(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<EraseForm>,
) -> AppResult<Response> {
    enquete_app::privacy::erase(&state, &staff.caller, PersonId(id), &f.confirm, &f.reason).await?;
    Ok(see_other("/people?done=person-erased"))
}

//! A person's rights over their data: everything held about them (subject access), as a page
//! and as JSON, and erasure at their request.

use super::chrome::{Chrome, html, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::PersonId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{AuditEvent, Dossier};
use serde::Deserialize;

async fn dossier_for(state: &AppState, staff: &Staff, id: i64) -> AppResult<Dossier> {
    let rec =
        enquete_app::scope::person_for(state, &staff.caller, PersonId(id), Action::ViewPerson)
            .await?;
    let d = state.store.person_dossier(rec.person.id).await?;
    enquete_app::audit::read(
        state,
        &staff.caller,
        AuditAction::SubjectAccessExport,
        Some(rec.person.id),
        String::new(),
    )
    .await?;
    Ok(d)
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let d = dossier_for(&state, &staff, id).await?;
    let can_erase = allows(
        &staff.actor,
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
    Ok(Json(dossier_for(&state, &staff, id).await?))
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
    let rec =
        enquete_app::scope::person_for(&state, &staff.caller, PersonId(id), Action::ErasePerson)
            .await?;
    if f.confirm.trim() != rec.person.name.as_str() {
        return Err(FieldError::new("confirm", "type the person's name exactly to confirm").into());
    }
    let reason = f.reason.trim().chars().take(200).collect::<String>();
    state
        .store
        .erase_person(
            rec.person.id,
            AuditEvent {
                at: Timestamp::now_utc(),
                user: Some(staff.id()),
                action: AuditAction::PersonErased,
                person: Some(rec.person.id),
                detail: reason,
                ip: staff.ctx.ip.clone(),
            },
        )
        .await
        .map_err(AppError::from)?;
    Ok(see_other("/people?done=person-erased"))
}

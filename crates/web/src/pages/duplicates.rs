//! Possible duplicates of a person (same e-mail address or phone), and merging two records.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::{DuplicateReason, PersonId};
use enquete_domain::policy::{Action, Target, allows};
use serde::Deserialize;

struct DupRow {
    keep: i64,
    other: i64,
    keep_name: String,
    other_name: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "duplicates.html")]
struct DuplicatesPage {
    c: Chrome,
    pairs: Vec<DupRow>,
}

pub async fn duplicates(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::MergePeople,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let root = enquete_app::scope::visible_root(&state, &staff.caller).await?;
    let pairs = state.store.find_duplicates(&root.path, 100).await?;
    let shown: Vec<PersonId> = pairs.iter().flat_map(|d| [d.keep, d.other]).collect();
    enquete_app::audit::list(
        &state,
        &staff.caller,
        AuditAction::Duplicates,
        &shown,
        format!("pairs={}", pairs.len()),
    )
    .await?;
    let c = Chrome::new(&staff.ctx);
    let pairs = pairs
        .into_iter()
        .map(|d| DupRow {
            keep: d.keep.0,
            other: d.other.0,
            keep_name: d.keep_name,
            other_name: d.other_name,
            reason: c.t(match d.reason {
                DuplicateReason::SameEmail => "dup-same-email",
                DuplicateReason::SamePhone => "dup-same-phone",
            }),
        })
        .collect();
    page(&DuplicatesPage { c, pairs })
}

#[derive(Deserialize)]
pub struct MergeForm {
    other: i64,
}

pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<MergeForm>,
) -> AppResult<Response> {
    enquete_app::people::merge(&state, &staff.caller, PersonId(id), PersonId(f.other)).await?;
    Ok(see_other(&format!("/people/{id}?done=merged")))
}

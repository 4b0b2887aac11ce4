//! The audit log, for national admins.

use super::chrome::{Chrome, page};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::policy::{Action, Target, allows};

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    events: Vec<(String, String, String, Option<i64>, String, String)>,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ViewAudit,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    // The caller's own organization only: an affiliate's admins never read the party's log,
    // nor the reverse.
    let events = state
        .store
        .audit_events_in(&staff.caller.actor.organization(), 500)
        .await?;
    let mut names = std::collections::HashMap::new();
    for e in &events {
        if let Some(u) = e.user
            && let std::collections::hash_map::Entry::Vacant(e) = names.entry(u)
        {
            let name = state
                .store
                .user(u)
                .await
                .map(|r| r.user.email)
                .unwrap_or_else(|_| format!("#{u}"));
            e.insert(name);
        }
    }
    let events = events
        .into_iter()
        .map(|e| {
            let who = e
                .user
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default();
            (
                e.at.display(),
                who,
                e.action.as_str().to_owned(),
                e.person.map(|p| p.0),
                e.detail,
                e.ip,
            )
        })
        .collect();
    page(&AuditPage {
        c: Chrome::new(&staff.ctx),
        events,
    })
}

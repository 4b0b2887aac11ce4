//! Webhooks: the other tools told of what happens in a unit, with each one's secret and
//! delivery log.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, FormFields, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::webhooks::{KINDS, WebhookInput};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::WebhookId;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "webhooks.html")]
struct ListPage {
    c: Chrome,
    /// id, address, unit path, events in words, paused.
    hooks: Vec<(i64, String, String, bool)>,
    units: Vec<(i64, String)>,
    /// key, label.
    kinds: Vec<(&'static str, String)>,
    url: String,
    inv: Invalid,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    list_page(&state, &staff, Invalid::none(), String::new()).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    url: String,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ManageIntegrations,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let hooks = enquete_app::webhooks::list(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let units = enquete_app::scope::units_where(
        state,
        &staff.caller,
        &staff.user.unit_path,
        Action::ManageIntegrations,
    )
    .await?
    .into_iter()
    .map(|u| (u.id.0, u.name.as_str().to_owned()))
    .collect();
    page(&ListPage {
        hooks: hooks
            .iter()
            .map(|h| {
                (
                    h.id.0,
                    h.url.clone(),
                    h.events
                        .iter()
                        .map(|e| c.t(&format!("webhook-kind-{}", e.replace('.', "-"))))
                        .collect::<Vec<_>>()
                        .join(", "),
                    h.paused,
                )
            })
            .collect(),
        units,
        kinds: KINDS
            .iter()
            .map(|k| (*k, c.t(&format!("webhook-kind-{}", k.replace('.', "-")))))
            .collect(),
        url,
        inv,
        c,
    })
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    fields: FormFields,
) -> AppResult<Response> {
    let input = WebhookInput {
        unit_id: fields.get("unit").trim().parse().unwrap_or(0),
        url: fields.get("url").to_owned(),
        events: fields.all("event").map(str::to_owned).collect(),
    };
    match enquete_app::webhooks::create(&state, &staff.caller, &input).await {
        Ok(hook) => Ok(see_other(&format!("/webhooks/{}", hook.id.0))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                list_page(&state, &staff, inv, input.url.clone())
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "webhook.html")]
struct ShowPage {
    c: Chrome,
    id: i64,
    url: String,
    secret: String,
    /// Why it is paused, in words (paused webhooks only).
    paused: Option<String>,
    /// what, state, attempts in words, when, answer.
    log: Vec<(String, String, String, String, String)>,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let (hook, log) = enquete_app::webhooks::get(&state, &staff.caller, WebhookId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    page(&ShowPage {
        id,
        url: hook.url,
        secret: hook.secret,
        paused: hook.paused.then(|| {
            c.tr.tn("webhook-paused-after", &[("n", hook.failures.to_string())])
        }),
        log: log
            .iter()
            .map(|d| {
                (
                    c.t(&format!("webhook-kind-{}", d.kind.replace('.', "-"))),
                    c.t(&format!("webhook-state-{}", d.state)),
                    c.tr.tn("webhook-attempts", &[("n", d.attempts.to_string())]),
                    c.tr.date_time(d.sent_at.unwrap_or(d.created_at)),
                    match (d.status, d.last_error.is_empty()) {
                        (Some(s), true) => s.to_string(),
                        _ => d.last_error.clone(),
                    },
                )
            })
            .collect(),
        c,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

pub async fn resume(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::webhooks::change(&state, &staff.caller, WebhookId(id), false).await?;
    Ok(see_other(&format!("/webhooks/{id}")))
}

pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::webhooks::change(&state, &staff.caller, WebhookId(id), true).await?;
    Ok(see_other("/webhooks"))
}

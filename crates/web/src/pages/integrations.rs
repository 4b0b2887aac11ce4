//! API tokens of the organization's other tools (the OSDI API at `/api/osdi/v1`): one per tool,
//! for a unit and below, reading only or also writing; the token is shown once, then only its
//! name, rights and last use.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, FormFields, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::ApiTokenId;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "integrations.html")]
struct ListPage {
    c: Chrome,
    /// id, name, unit, rights in words, last use in words.
    tokens: Vec<(i64, String, String, String, String)>,
    units: Vec<(i64, String)>,
    /// A token just made: its name and the token itself, shown this once.
    made: Option<(String, String)>,
    entry: String,
    name: String,
    inv: Invalid,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    list_page(&state, &staff, Invalid::none(), None, String::new()).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    made: Option<(String, String)>,
    name: String,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ManageIntegrations,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let tokens = enquete_app::osdi::tokens(state, &staff.caller).await?;
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
        tokens: tokens
            .iter()
            .map(|t| {
                (
                    t.id.0,
                    t.name.clone(),
                    t.unit_name.clone(),
                    c.t(if t.can_write {
                        "token-read-write"
                    } else {
                        "token-read"
                    }),
                    t.last_used_at.map_or_else(
                        || c.t("token-never-used"),
                        |at| c.tr.t1("token-last-used", "when", c.tr.date_time(at)),
                    ),
                )
            })
            .collect(),
        units,
        made,
        entry: format!(
            "{}/api/osdi/v1",
            state.config.public_url.trim_end_matches('/')
        ),
        name,
        inv,
        c,
    })
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    fields: FormFields,
) -> AppResult<Response> {
    let unit: i64 = fields.get("unit").trim().parse().unwrap_or(0);
    let name = fields.get("name").to_owned();
    let write = match fields.get("rights") {
        "write" => true,
        "read" | "" => false,
        _ => {
            return refused(
                staff.ctx.tr,
                enquete_domain::FieldError::new("rights", "error-token-rights"),
                |inv| list_page(&state, &staff, inv, None, name.clone()),
            )
            .await;
        }
    };
    match enquete_app::osdi::create_token(&state, &staff.caller, UnitId(unit), &name, write).await {
        Ok((record, token)) => {
            list_page(
                &state,
                &staff,
                Invalid::none(),
                Some((record.name, token)),
                String::new(),
            )
            .await
        }
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                list_page(&state, &staff, inv, None, name.clone())
            })
            .await
        }
    }
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::osdi::revoke_token(&state, &staff.caller, ApiTokenId(id)).await?;
    Ok(see_other("/integrations"))
}

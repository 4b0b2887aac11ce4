//! Staff accounts: who has access, and adding someone with a one-time password.

use super::chrome::{Chrome, Invalid, page, refused};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::Form;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::FieldError;
use enquete_domain::account::Role;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use serde::Deserialize;

struct UserRow {
    id: i64,
    /// Whether the account does complicity research.
    researcher: bool,
    email: String,
    name: String,
    role: String,
    unit: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Chrome,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, String)>,
    units: Vec<(i64, String)>,
    /// National admins make accounts researchers.
    may_grant_research: bool,
    created: Option<(String, String)>,
    /// A refused new account: the error beside its field, the form as typed.
    inv: Invalid,
    typed: Option<CreateForm>,
}

async fn render(
    state: &AppState,
    staff: &Staff,
    created: Option<(String, String)>,
    inv: Invalid,
    typed: Option<CreateForm>,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ListUsers,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let root = enquete_app::scope::visible_root(state, &staff.caller).await?;
    let units = state.store.subtree(&root.path, false).await?;
    let unit_name = |id: UnitId| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.as_str().to_owned())
            .unwrap_or_default()
    };
    let c = Chrome::new(&staff.ctx);
    let users = state
        .store
        .users_in(&staff.user.unit_path)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.user.id.0,
            researcher: u.researcher,
            email: u.user.email,
            name: u.user.display_name,
            role: c.tr.role(u.user.role.as_str()),
            unit: unit_name(u.user.unit),
        })
        .collect();
    let here = Target::unit(&staff.user.unit_path);
    let roles = Role::ALL
        .into_iter()
        .filter(|r| allows(&staff.caller.actor, Action::CreateUser(*r), here))
        .map(|r| (r.as_str(), c.tr.role(r.as_str())))
        .collect();
    let unit_options = units
        .iter()
        .map(|u| {
            (
                u.id.0,
                format!("{} ({})", u.name.as_str(), c.tr.kind(u.kind.as_str())),
            )
        })
        .collect();
    let may_grant_research = allows(
        &staff.caller.actor,
        Action::PublishResearch,
        Target::unit(&staff.caller.actor.organization()),
    );
    page(&UsersPage {
        c,
        may_grant_research,
        users,
        roles,
        units: unit_options,
        created,
        inv,
        typed,
    })
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    render(&state, &staff, None, Invalid::none(), None).await
}

#[derive(Deserialize, Clone)]
pub struct CreateForm {
    email: String,
    display_name: String,
    role: String,
    unit: i64,
}

async fn create_account(
    state: &AppState,
    staff: &Staff,
    f: &CreateForm,
) -> AppResult<(String, String)> {
    let role = Role::parse(&f.role)?;
    let unit = state
        .store
        .unit(UnitId(f.unit))
        .await
        .map_err(|e| match e {
            enquete_store::StoreError::NotFound(_) => {
                AppError::Field(FieldError::new("unit", "error-no-unit"))
            }
            e => e.into(),
        })?;
    if !allows(
        &staff.caller.actor,
        Action::CreateUser(role),
        Target::unit(&unit.path),
    ) {
        return Err(AppError::Forbidden);
    }
    Ok(enquete_app::accounts::new_account(
        &state.store,
        &f.email,
        &f.display_name,
        role,
        unit.id,
        staff.ctx.tr.lang,
        staff.caller.now,
    )
    .await?)
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    match create_account(&state, &staff, &f).await {
        Ok((email, password)) => {
            let message = staff.ctx.tr.t1("users-created", "email", &email);
            render(
                &state,
                &staff,
                Some((message, password)),
                Invalid::none(),
                None,
            )
            .await
        }
        // Said beside the field, the form as typed.
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                render(&state, &staff, None, inv, Some(f.clone()))
            })
            .await
        }
    }
}

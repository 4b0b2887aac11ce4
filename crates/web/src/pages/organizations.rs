//! The organizations of the movement on this installation (`/organizations`): the caller's own
//! and its affiliates (the youth wing) with their counts, never their names unless granted; the
//! start of an affiliate; the grants an affiliate gives; and a person joining another
//! organization (`/people/{id}/join`).

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::account::UserId;
use enquete_domain::org::UnitId;
use enquete_domain::people::PersonId;
use enquete_domain::policy::HIDDEN;
use serde::Deserialize;

/// One organization on the page.
struct Row {
    id: i64,
    name: String,
    /// "affiliated to …", or empty.
    affiliation: String,
    own: bool,
    names: bool,
    /// Per stage: its name and the count (or the hidden mark).
    stages: Vec<(String, String)>,
    total: String,
    /// "2026: 14 joined …" lines.
    moves: Vec<String>,
    /// The accounts it lets read its people: id, "name (e-mail)", since.
    grants: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "organizations.html")]
struct OrganizationsPage {
    c: Chrome,
    rows: Vec<Row>,
    /// Whether the caller may start an affiliate and give grants (its national admins).
    admin: bool,
    /// Whether the caller's own organization is an affiliate (it may grant).
    affiliate: bool,
    /// After an affiliate was started: its admin's e-mail and one-time password.
    started: Option<(String, String)>,
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| HIDDEN.to_owned(), |n| n.to_string())
}

async fn render(
    state: &AppState,
    staff: &Staff,
    started: Option<(String, String)>,
) -> AppResult<Response> {
    let views = enquete_app::organizations::overview(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let affiliate = views.iter().any(|v| v.own && v.affiliate_of.is_some());
    let rows = views
        .into_iter()
        .map(|v| {
            let mut moves: Vec<String> = v
                .moves_in
                .iter()
                .map(|(year, n)| {
                    tr.tn(
                        "organizations-moves-in",
                        &[("year", year.clone()), ("n", n.to_string())],
                    )
                })
                .collect();
            moves.extend(v.moves_out.iter().map(|(year, n)| {
                tr.tn(
                    "organizations-moves-out",
                    &[("year", year.clone()), ("n", n.to_string())],
                )
            }));
            Row {
                id: v.root.id.0,
                affiliation: v.affiliate_of.map_or_else(String::new, |name| {
                    tr.tn("organizations-affiliate-of", &[("name", name)])
                }),
                name: v.root.name.as_str().to_owned(),
                own: v.own,
                names: v.names,
                stages: v
                    .stages
                    .iter()
                    .map(|(s, n)| (tr.t(&format!("stage-{}", s.as_str())), count(*n)))
                    .collect(),
                total: count(v.total),
                moves,
                grants: v
                    .grants
                    .iter()
                    .map(|g| {
                        (
                            g.user.0,
                            format!("{} ({})", g.name, g.email),
                            tr.date(g.granted_at),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    page(&OrganizationsPage {
        rows,
        admin: staff.caller.actor.role == enquete_domain::account::Role::NationalAdmin,
        affiliate,
        started,
        c,
    })
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    render(&state, &staff, None).await
}

#[derive(Deserialize, Clone, Default)]
pub struct StartForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    admin_email: String,
}

/// Starts an affiliate; the page then shows its first admin's one-time password, once.
pub async fn start(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<StartForm>,
) -> AppResult<Response> {
    let (_, email, password) =
        enquete_app::organizations::start_affiliate(&state, &staff.caller, &f.name, &f.admin_email)
            .await?;
    render(&state, &staff, Some((email, password))).await
}

#[derive(Deserialize, Clone, Default)]
pub struct GrantForm {
    #[serde(default)]
    email: String,
}

pub async fn grant(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<GrantForm>,
) -> AppResult<Response> {
    enquete_app::organizations::set_grant(&state, &staff.caller, &f.email, true).await?;
    Ok(see_other("/organizations?done=saved"))
}

pub async fn withdraw(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    enquete_app::organizations::withdraw_grant(&state, &staff.caller, UserId(id)).await?;
    Ok(see_other("/organizations?done=saved"))
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    c: Chrome,
    id: i64,
    name: String,
    /// The sections the person may join: id, "organization — section".
    sections: Vec<(i64, String)>,
}

pub async fn join_form(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let rec = enquete_app::people::read(&state, &staff.caller, PersonId(id)).await?;
    if !enquete_domain::policy::allows(
        &staff.caller.actor,
        enquete_domain::policy::Action::EditPerson,
        enquete_domain::policy::Target::person(&rec.unit_path, rec.recorded_by),
    ) {
        return Err(AppError::Forbidden);
    }
    let orgs = state.store.organizations().await?;
    let sections = enquete_app::organizations::sections_to_join(&state, &staff.caller)
        .await?
        .into_iter()
        .map(|u| {
            let org = u
                .path
                .ids()
                .first()
                .and_then(|root| orgs.iter().find(|o| o.root.id == *root))
                .map(|o| o.root.name.as_str().to_owned())
                .unwrap_or_default();
            (u.id.0, format!("{org} — {}", u.name.as_str()))
        })
        .collect();
    page(&JoinPage {
        c: Chrome::new(&staff.ctx),
        id,
        name: rec.person.name.clone(),
        sections,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct JoinForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    agreed: Option<String>,
}

pub async fn join(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<JoinForm>,
) -> AppResult<Response> {
    let unit = f
        .unit
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            AppError::Field(enquete_domain::FieldError::new(
                "unit",
                "error-join-section",
            ))
        })?;
    enquete_app::organizations::join(
        &state,
        &staff.caller,
        PersonId(id),
        UnitId(unit),
        f.agreed.is_some(),
    )
    .await?;
    Ok(see_other(&format!("/people/{id}?done=person-joined")))
}

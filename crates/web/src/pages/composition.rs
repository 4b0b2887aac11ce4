//! Who leads, measured (`/units/{id}/composition`): the occupation classes of a unit's members,
//! organizers and holders of responsibilities side by side, from the people who agreed to be
//! counted; and the form on a person's page that records their class, gender and age band.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::composition::{Occupation, Profile};
use enquete_domain::org::UnitId;
use enquete_domain::people::PersonId;
use enquete_domain::policy::HIDDEN;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "composition.html")]
struct CompositionPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    /// Column heads: the groups with how many are counted.
    groups: Vec<String>,
    /// One row per class: its name, then per group its head and "41% (33–49%)" or the hidden
    /// mark.
    rows: Vec<(String, Vec<(String, String)>)>,
    /// The gap in plain words, when both shares can be shown.
    gap: Option<String>,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let (unit, groups) =
        enquete_app::composition::composition(&state, &staff.caller, UnitId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let heads: Vec<String> = groups
        .iter()
        .map(|g| {
            c.tr.tn(
                &format!("composition-group-{}", g.key),
                &[("n", g.counted.to_string())],
            )
        })
        .collect();
    let rows = Occupation::ALL
        .iter()
        .enumerate()
        .map(|(i, o)| {
            (
                c.t(&format!("occupation-{}", o.as_str())),
                groups
                    .iter()
                    .zip(&heads)
                    .map(|(g, head)| {
                        let value = match g.cells.get(i).and_then(|cell| cell.share) {
                            Some((share, lo, hi)) => {
                                format!("{} ({}–{})", pct(share), pct(lo), pct(hi))
                            }
                            None => HIDDEN.to_owned(),
                        };
                        (head.clone(), value)
                    })
                    .collect(),
            )
        })
        .collect();
    let share = |key: &str| groups.iter().find(|g| g.key == key).and_then(|g| g.workers);
    let gap = match (share("members"), share("holders")) {
        (Some(m), Some(h)) => Some(c.tr.tn(
            "composition-gap",
            &[
                ("members", pct(m)),
                ("holders", pct(h)),
                ("unit", unit.name.as_str().to_owned()),
            ],
        )),
        _ => None,
    };
    page(&CompositionPage {
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        groups: heads,
        rows,
        gap,
        c,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct ProfileForm {
    #[serde(default)]
    occupation: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    age_band: String,
}

pub async fn set_profile(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ProfileForm>,
) -> AppResult<Response> {
    // Authorization before the input is read.
    enquete_app::composition::profile(&state, &staff.caller, PersonId(id)).await?;
    let profile = Profile::parse(&f.occupation, &f.gender, &f.age_band).map_err(AppError::Field)?;
    enquete_app::composition::set_profile(&state, &staff.caller, PersonId(id), &profile).await?;
    Ok(see_other(&format!("/people/{id}?done=person-saved")))
}

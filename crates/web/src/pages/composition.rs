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
use enquete_domain::composition::{Dimension, Occupation, Profile};
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
    /// The dimensions to choose from: code, name, chosen.
    dimensions: Vec<(&'static str, String, bool)>,
    /// The head of the first column (occupation, gender, age band).
    head: String,
    /// Column heads: the groups with how many are counted, then the population and the
    /// respondents.
    groups: Vec<String>,
    /// One row per category: its name, then per column its head and "41% (33–49%)" or the
    /// hidden mark.
    rows: Vec<(String, Vec<(String, String)>)>,
    /// The gaps in plain words, when both shares can be shown.
    gaps: Vec<String>,
    /// Where the respondents come from.
    sources: Vec<String>,
    /// Over time: date, members (n, share), holders (n, share).
    trend: Vec<(String, String, String)>,
    trend_head: String,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

#[derive(Deserialize, Default)]
pub struct ByQuery {
    #[serde(default)]
    by: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    axum::extract::Query(q): axum::extract::Query<ByQuery>,
) -> AppResult<Response> {
    let by = match q.by.as_deref() {
        None | Some("") => Dimension::Occupation,
        Some(raw) => Dimension::parse(raw).map_err(AppError::Field)?,
    };
    let comp = enquete_app::composition::composition(&state, &staff.caller, UnitId(id), by).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let mut heads: Vec<String> = comp
        .groups
        .iter()
        .map(|g| {
            tr.tn(
                &format!("composition-group-{}", g.key),
                &[("n", g.counted.to_string())],
            )
        })
        .collect();
    heads.extend(comp.references.iter().map(|r| {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a count of people, rounded"
        )]
        let n = r.total.round().max(0.0) as u64;
        tr.tn(
            &format!("composition-ref-{}", r.key),
            &[("n", tr.number(n))],
        )
    }));
    let category_name = |code: &str| match by {
        Dimension::Occupation => tr.t(&format!("occupation-{code}")),
        Dimension::Gender => tr.t(&format!("gender-{code}")),
        Dimension::AgeBand => tr.t(&format!("age-band-{code}")),
    };
    let rows = by
        .categories()
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let mut cells: Vec<String> = comp
                .groups
                .iter()
                .map(|g| match g.cells.get(i).and_then(|cell| cell.share) {
                    Some((share, lo, hi)) => format!("{} ({}–{})", pct(share), pct(lo), pct(hi)),
                    None => HIDDEN.to_owned(),
                })
                .collect();
            cells.extend(comp.references.iter().map(
                |r| match r.shares.get(i).copied().flatten() {
                    Some((share, Some((lo, hi)))) => {
                        format!("{} ({}–{})", pct(share), pct(lo), pct(hi))
                    }
                    Some((share, None)) => pct(share),
                    None => HIDDEN.to_owned(),
                },
            ));
            (
                category_name(code),
                heads.iter().cloned().zip(cells).collect(),
            )
        })
        .collect();
    let focus = |key: &str| {
        comp.groups
            .iter()
            .find(|g| g.key == key)
            .and_then(|g| g.focus)
    };
    let unit = comp.unit.name.as_str().to_owned();
    let mut gaps = Vec::new();
    if let (Some(m), Some(h)) = (focus("members"), focus("holders")) {
        gaps.push(tr.tn(
            &format!("composition-gap-{}", by.as_str()),
            &[
                ("members", pct(m)),
                ("holders", pct(h)),
                ("unit", unit.clone()),
            ],
        ));
    }
    for r in &comp.references {
        if let (Some(share), Some(m)) = (r.focus, focus("members")) {
            gaps.push(tr.tn(
                &format!("composition-gap-{}-{}", r.key, by.as_str()),
                &[
                    ("share", pct(share)),
                    ("members", pct(m)),
                    ("unit", unit.clone()),
                ],
            ));
        }
    }
    let shown = |(n, share): (u64, Option<f64>)| match share {
        Some(s) => format!("{} ({n})", pct(s)),
        None => format!("{HIDDEN} ({n})"),
    };
    page(&CompositionPage {
        unit_id: id,
        unit_name: unit,
        dimensions: Dimension::ALL
            .iter()
            .map(|d| {
                (
                    d.as_str(),
                    tr.t(&format!("composition-by-{}", d.as_str())),
                    *d == by,
                )
            })
            .collect(),
        head: tr.t(&format!("composition-by-{}", by.as_str())),
        groups: heads,
        rows,
        gaps,
        sources: comp
            .references
            .iter()
            .filter(|r| !r.source.is_empty())
            .map(|r| tr.tn("composition-source", &[("survey", r.source.clone())]))
            .collect(),
        trend: comp
            .trend
            .iter()
            .map(|t| (tr.date(t.at), shown(t.members), shown(t.holders)))
            .collect(),
        trend_head: tr.t(&format!("composition-trend-{}", by.as_str())),
        c,
    })
}

/// The profile form of a person's page: the profile counted in compositions (occupation,
/// gender, age band: codes, empty when none) and the choices of each, with their names.
pub(super) struct ProfileChoices {
    pub profile: (String, String, String),
    pub occupations: Vec<(&'static str, String)>,
    pub genders: Vec<(&'static str, String)>,
    pub age_bands: Vec<(&'static str, String)>,
}

pub(super) async fn profile_choices(
    state: &AppState,
    staff: &Staff,
    person: PersonId,
    tr: crate::i18n::Tr,
) -> AppResult<ProfileChoices> {
    let profile = enquete_app::composition::profile(state, &staff.caller, person)
        .await?
        .map_or_else(
            || (String::new(), String::new(), String::new()),
            |p| {
                (
                    p.occupation.as_str().to_owned(),
                    p.gender.as_str().to_owned(),
                    p.age_band.as_str().to_owned(),
                )
            },
        );
    Ok(ProfileChoices {
        profile,
        occupations: Occupation::ALL
            .iter()
            .map(|o| (o.as_str(), tr.t(&format!("occupation-{}", o.as_str()))))
            .collect(),
        genders: enquete_domain::composition::Gender::ALL
            .iter()
            .map(|g| (g.as_str(), tr.t(&format!("gender-{}", g.as_str()))))
            .collect(),
        age_bands: enquete_domain::composition::AgeBand::ALL
            .iter()
            .map(|a| (a.as_str(), tr.t(&format!("age-band-{}", a.as_str()))))
            .collect(),
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

//! The results page of a survey for a unit and everything below it, with a bar chart per question
//! and links down the tree.

use super::{Chrome, page};
use crate::AppState;
use crate::charts;
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Id, Params};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::policy::{Action, SMALL_CELL, Target, allows, hides_small_counts};
use enquete_domain::survey::SurveyId;
use serde::Deserialize;

struct Block {
    label: String,
    answered: String,
    chart: String,
    mean: String,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    c: Chrome,
    id: i64,
    title: String,
    unit: String,
    responses: String,
    blocks: Vec<Block>,
    crumbs: Vec<(i64, String)>,
    children: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct Query {
    unit: Option<i64>,
}

fn count_text(n: Option<u64>) -> String {
    n.map_or_else(|| format!("<{SMALL_CELL}"), |n| n.to_string())
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<Query>,
) -> AppResult<Response> {
    let unit = match q.unit {
        Some(u) => super::units::unit_for(&state, &staff, u, Action::ViewAggregates).await?,
        None => super::units::visible_root(&state, &staff).await?,
    };
    if !allows(
        &staff.actor,
        Action::ViewAggregates,
        Target::unit(&unit.path),
    ) {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    let results = crate::results::for_unit(
        &state,
        SurveyId(id),
        &unit,
        hides_small_counts(&staff.actor),
        c.tr.lang,
    )
    .await?;
    let survey = state.store.survey(SurveyId(id)).await?;
    let blocks = results
        .questions
        .iter()
        .filter(|q| q.kind != "text")
        .map(|q| {
            let items: Vec<(String, Option<f64>, String)> = q
                .options
                .iter()
                .map(|o| {
                    let text = match (o.count, o.share) {
                        (Some(n), Some(s)) => format!("{:.0}% ({n})", s * 100.0),
                        (n, _) => count_text(n),
                    };
                    (o.label.clone(), o.share, text)
                })
                .collect();
            Block {
                label: q.label.clone(),
                answered: count_text(q.answered),
                chart: if items.is_empty() {
                    String::new()
                } else {
                    charts::share_bars(&items, &q.label)
                },
                mean: q.mean.map_or_else(String::new, |m| format!("{m:.1}")),
            }
        })
        .collect();
    let crumbs = state
        .store
        .ancestry(&unit)
        .await?
        .into_iter()
        .filter(|a| {
            a.id != unit.id && allows(&staff.actor, Action::ViewAggregates, Target::unit(&a.path))
        })
        .map(|a| (a.id.0, a.name.as_str().to_owned()))
        .collect();
    let children = state
        .store
        .children(unit.id, false)
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name.as_str().to_owned()))
        .collect();
    page(&ResultsPage {
        id,
        title: survey.definition.title.get(c.tr.lang).to_owned(),
        unit: results.unit_name,
        responses: count_text(results.responses),
        blocks,
        crumbs,
        children,
        c,
    })
}

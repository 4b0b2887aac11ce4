//! Surveys over the API: definitions for the collection pages and other clients, and publishing.

use crate::ctx::Staff;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{ApiJson, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{Condition, SurveyDefinition, SurveyId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SurveySummaryDto {
    pub id: i64,
    pub version: i64,
    pub form_id: String,
    /// The title in the reader's language.
    pub title: String,
    pub questions: usize,
    pub published_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyDto {
    pub id: i64,
    /// Send this with every response collected with this definition.
    pub version: i64,
    /// The definition: questions with labels in nl/fr/de/en, choices, skip logic.
    #[schema(value_type = Object)]
    pub definition: SurveyDefinition,
    /// The skip logic of each question that has some, already parsed, for clients that
    /// evaluate it (`op`: compare, selected, count_selected, not, and, or).
    #[schema(value_type = Object)]
    pub conditions: BTreeMap<String, Condition>,
    /// Responses stored so far; only for accounts that may see counts.
    pub response_count: Option<u64>,
}

fn may_view(staff: &Staff) -> AppResult<()> {
    if allows(
        &staff.caller.actor,
        Action::ViewSurveys,
        Target::unit(&staff.user.unit_path),
    ) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The surveys, latest version of each.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, body = [SurveySummaryDto]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
) -> AppResult<Json<Vec<SurveySummaryDto>>> {
    may_view(&staff)?;
    let lang = staff.ctx.tr.lang;
    Ok(Json(
        state
            .store
            .surveys()
            .await?
            .into_iter()
            .map(|s| SurveySummaryDto {
                id: s.id.0,
                version: s.version,
                form_id: s.definition.form_id.clone(),
                title: s.definition.title.get(lang).to_owned(),
                questions: s.definition.questions.len(),
                published_at: s.published_at.rfc3339(),
            })
            .collect(),
    ))
}

/// The latest version of one survey, ready to collect with.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "surveys", params(("id" = i64, Path)),
    responses((status = 200, body = SurveyDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Json<SurveyDto>> {
    may_view(&staff)?;
    let survey = state.store.survey(SurveyId(id)).await?;
    let mut conditions = BTreeMap::new();
    for q in &survey.definition.questions {
        // Field forms use more of the expression language than this older subset; those
        // clients run the form's logic itself (the definition carries the expressions).
        if let Some(cond) = q.relevant.as_deref().and_then(|e| Condition::parse(e).ok()) {
            conditions.insert(q.name.clone(), cond);
        }
    }
    let counts = allows(
        &staff.caller.actor,
        Action::ViewAggregates,
        Target::unit(&staff.user.unit_path),
    );
    let response_count = if counts && staff.user.unit_path.depth() == 1 {
        Some(state.store.count_responses(survey.id).await?)
    } else {
        None
    };
    Ok(Json(SurveyDto {
        id: survey.id.0,
        version: survey.version,
        definition: survey.definition,
        conditions,
        response_count,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PublishedDto {
    pub id: i64,
    pub version: i64,
}

/// Publish a survey definition: a new survey, or a new version of the survey with the same
/// `form_id`. Published versions never change.
#[utoipa::path(post, path = "/api/v1/surveys", tag = "surveys", request_body(content = Object, description = "a survey definition"),
    responses((status = 201, body = PublishedDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(def): ApiJson<SurveyDefinition>,
) -> AppResult<(StatusCode, Json<PublishedDto>)> {
    let rec = enquete_app::surveys::publish(&state, &staff.caller, &def).await?;
    Ok((
        StatusCode::CREATED,
        Json(PublishedDto {
            id: rec.id.0,
            version: rec.version,
        }),
    ))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsParams {
    /// The unit (and everything below it); default: the top of what the account sees.
    pub unit_id: Option<i64>,
    /// Weighted to the population figures when there are any (the default), or raw.
    pub weighted: Option<bool>,
}

/// Results of a survey for a unit and everything below it: counts, shares with 95% intervals
/// (weighted to the population when figures were imported), first choices and Borda points for
/// rankings, means for scales, and the children that differ significantly from it. Counts under
/// 5 are null for accounts that see no names, with every share resting on them.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", tag = "surveys", params(("id" = i64, Path), ResultsParams),
    responses((status = 200, body = enquete_app::results::SurveyResults), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn results(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    crate::extract::Params(p): crate::extract::Params<ResultsParams>,
) -> AppResult<Json<enquete_app::results::SurveyResults>> {
    let unit =
        enquete_app::scope::results_unit(&state, &staff.caller, p.unit_id.map(UnitId)).await?;
    let hide = enquete_domain::policy::hides_small_counts(&staff.caller.actor);
    let snap = enquete_app::results::snapshot(&state, SurveyId(id)).await?;
    Ok(Json(enquete_app::results::for_unit(
        &snap,
        &unit,
        hide,
        staff.ctx.tr.lang,
        p.weighted.unwrap_or(true),
        enquete_app::scope::parent_visible(&state, &staff.caller, &unit).await?,
        &staff.ctx.tr,
    )?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CrossTabParams {
    /// The unit (and everything below it); default: the top of what the account sees.
    pub unit_id: Option<i64>,
    /// The code of the question in the rows.
    pub question: String,
    /// The code of a question with one answer (age band, gender ...) in the columns.
    pub by: String,
    /// Weighted (the default when there are population figures) or raw.
    pub weighted: Option<bool>,
}

/// A cross-tab of a question by a demographic question: per column, the share choosing each
/// option with its 95% interval, and a chi-square test of independence.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/crosstab", tag = "surveys", params(("id" = i64, Path), CrossTabParams),
    responses((status = 200, body = enquete_app::results::CrossTab), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn crosstab(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    crate::extract::Params(p): crate::extract::Params<CrossTabParams>,
) -> AppResult<Json<enquete_app::results::CrossTab>> {
    let unit =
        enquete_app::scope::results_unit(&state, &staff.caller, p.unit_id.map(UnitId)).await?;
    let hide = enquete_domain::policy::hides_small_counts(&staff.caller.actor);
    let snap = enquete_app::results::snapshot(&state, SurveyId(id)).await?;
    Ok(Json(enquete_app::results::crosstab(
        &snap,
        &unit,
        &p.question,
        &p.by,
        hide,
        staff.ctx.tr.lang,
        p.weighted.unwrap_or(true),
    )?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThemesParams {
    /// The unit (and everything below it); default: the top of what the account sees.
    pub unit_id: Option<i64>,
    /// The code of a free-text question; default: the survey's first.
    pub question: Option<String>,
}

/// Themes of the free-text answers below a unit: the survey's issues (through its lexicon) and
/// themes found among the rest, each with its size, most telling words per language and three
/// answers. Only themes of at least 5 answers are given. Analysts get no answers, and only words
/// used by at least 5 answers that hold no digit and are not written like a name.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/themes", tag = "surveys", params(("id" = i64, Path), ThemesParams),
    responses((status = 200, body = enquete_app::themes::ThemesView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn themes(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    crate::extract::Params(p): crate::extract::Params<ThemesParams>,
) -> AppResult<Json<enquete_app::themes::ThemesView>> {
    let unit =
        enquete_app::scope::results_unit(&state, &staff.caller, p.unit_id.map(UnitId)).await?;
    Ok(Json(
        enquete_app::themes::for_unit(
            &state,
            SurveyId(id),
            &unit,
            p.question.as_deref(),
            staff.ctx.tr.lang,
            enquete_domain::policy::hides_small_counts(&staff.caller.actor),
        )
        .await?,
    ))
}

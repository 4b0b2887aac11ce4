//! Survey results as people read them: per question, the options with their counts and shares
//! for one unit (and below), with counts under 5 hidden from accounts that see no names.

use crate::AppState;
use crate::error::{AppError, AppResult};
use enquete_analysis::results::roll_up_responses;
use enquete_domain::org::Unit;
use enquete_domain::people::Language;
use enquete_domain::policy::SMALL_CELL;
use enquete_domain::survey::{QuestionKind, SurveyId};
use serde::Serialize;

/// One option of one question.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OptionResult {
    pub code: String,
    pub label: String,
    /// `None` when hidden (fewer than 5, for accounts that see no names).
    pub count: Option<u64>,
    /// Share of those who answered, 0 to 1; `None` when the count is hidden.
    pub share: Option<f64>,
    /// Rankings: how many put it first.
    pub first: Option<u64>,
    /// Rankings: Borda points.
    pub borda: Option<u64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionSummary {
    pub code: String,
    pub label: String,
    /// single_choice, multiple_choice, ranking, scale, number or text
    pub kind: String,
    pub answered: Option<u64>,
    pub options: Vec<OptionResult>,
    /// Scales and numbers: the mean of the answers.
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveyResults {
    pub survey_id: i64,
    pub version: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub responses: Option<u64>,
    pub questions: Vec<QuestionSummary>,
}

/// Computes the results of a survey for a unit and everything below it.
pub async fn for_unit(
    state: &AppState,
    survey: SurveyId,
    unit: &Unit,
    hide_small: bool,
    lang: Language,
) -> AppResult<SurveyResults> {
    let rec = state.store.survey(survey).await?;
    let subtree = state.store.subtree(&unit.path, true).await?;
    let tree: Vec<_> = subtree.iter().map(|u| (u.id, u.parent)).collect();
    let answers = state.store.answers_of(survey).await?;
    let rolled = roll_up_responses(&rec.definition, &tree, answers.iter().map(|(u, a)| (*u, a)));
    let here = rolled.get(&unit.id).ok_or(AppError::NotFound("unit"))?;
    let shown = |n: u64| (!(hide_small && n > 0 && n < SMALL_CELL)).then_some(n);
    let questions = rec
        .definition
        .questions
        .iter()
        .zip(&here.questions)
        .map(|(q, r)| {
            let ranked = matches!(q.kind, QuestionKind::Ranking { .. });
            let answered = shown(r.answered);
            QuestionSummary {
                code: q.name.clone(),
                label: q.label.get(lang).to_owned(),
                kind: q.kind.type_name().to_owned(),
                answered,
                options: q
                    .kind
                    .choices()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let count = r.chosen.get(i).copied().and_then(shown);
                        OptionResult {
                            code: c.name.clone(),
                            label: c.label.get(lang).to_owned(),
                            count,
                            share: match (count, answered) {
                                (Some(n), Some(total)) if total > 0 => {
                                    Some(n as f64 / total as f64)
                                }
                                (Some(_), Some(_)) => Some(0.0),
                                _ => None,
                            },
                            first: ranked
                                .then(|| r.first.get(i).copied().and_then(shown))
                                .flatten(),
                            borda: ranked
                                .then(|| r.borda.get(i).copied())
                                .flatten()
                                .filter(|_| count.is_some()),
                        }
                    })
                    .collect(),
                mean: answered.and(r.mean()),
            }
        })
        .collect();
    Ok(SurveyResults {
        survey_id: rec.id.0,
        version: rec.version,
        unit_id: unit.id.0,
        unit_name: unit.name.as_str().to_owned(),
        responses: shown(here.responses),
        questions,
    })
}

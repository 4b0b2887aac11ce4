//! A cross-tab of two questions at a unit, as people read it: counts, shares with their
//! intervals and the test, with what readers who see no names may not see left out (the
//! cross-tab's mask over the whole tree, see [`crate::disclosure::CrossMask`]).

use super::Snapshot;
use crate::error::{Error as AppError, Result as AppResult};
use enquete_analysis::crosstab::cross_count;
use enquete_analysis::estimate::proportion;
use enquete_domain::org::Unit;
use enquete_domain::people::Language;
use serde::Serialize;

/// One cell of a cross-tab: respondents in a row option and a column category.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrossCell {
    pub count: Option<u64>,
    /// Share of the column's respondents (weighted when the results are) choosing the row.
    pub share: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrossRow {
    pub code: String,
    pub label: String,
    pub cells: Vec<CrossCell>,
    /// Questions with several answers: the test of this row (chosen or not) by the columns.
    pub p_value: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrossTab {
    pub question: String,
    pub question_label: String,
    pub by: String,
    pub by_label: String,
    /// The categories of `by`, in the survey's order.
    pub columns: Vec<(String, String)>,
    pub column_answered: Vec<Option<u64>>,
    pub rows: Vec<CrossRow>,
    pub weighted: bool,
    /// Pearson's chi-square (corrected by the design effect of the weights when weighted; see
    /// the docs), its degrees of freedom and p-value. For questions with one answer.
    pub chi_square: Option<f64>,
    pub df: Option<f64>,
    pub p_value: Option<f64>,
}

/// Cross-tabulates question `code` by the single-choice question `by` over a unit.
#[allow(
    clippy::too_many_arguments,
    reason = "one call site per surface; all are needed"
)]
pub fn crosstab(
    snap: &Snapshot,
    unit: &Unit,
    code: &str,
    by: &str,
    hide_small: bool,
    lang: Language,
    weighted: bool,
) -> AppResult<CrossTab> {
    let def = &snap.survey.definition;
    let bad = |field: &'static str, key: &'static str| {
        AppError::Field(enquete_domain::FieldError::new(field, key))
    };
    let (qi, q) = def
        .questions
        .iter()
        .enumerate()
        .find(|(_, q)| q.name == code)
        .ok_or_else(|| bad("question", "error-no-question"))?;
    let (bi, b) = def
        .questions
        .iter()
        .enumerate()
        .find(|(_, q)| q.name == by)
        .ok_or_else(|| bad("by", "error-no-question"))?;
    if q.kind.choices().is_empty() {
        return Err(bad("question", "error-crosstab-choices"));
    }
    let weights = if weighted {
        snap.weighting.as_ref().map(|w| w.weights.as_slice())
    } else {
        None
    };
    let inside = snap.sections_below(unit);
    let counts = cross_count(
        &snap.data,
        &inside,
        qi,
        q.kind.choices().len(),
        bi,
        b.kind.choices().len(),
        weights,
    )
    .ok_or_else(|| bad("by", "error-crosstab-by"))?;
    let single = snap.survey.definition.one_answer(qi);
    // Readers who see no names: the cells and column totals the cross-tab's mask leaves shown.
    let mask = if hide_small {
        Some(
            snap.cross_mask(qi, bi)
                .ok_or_else(|| bad("by", "error-crosstab-by"))?,
        )
    } else {
        None
    };
    let cell_shown = |i: usize, j: usize| {
        mask.as_ref()
            .is_none_or(|(m, turned)| !m.cell(unit.id, i, j, *turned))
    };
    let column_shown = |j: usize| {
        mask.as_ref()
            .is_none_or(|(m, turned)| !m.column(unit.id, j, *turned))
    };
    // A test over hidden cells could be solved for them: given only when none is hidden.
    let complete = (0..counts.cells.len())
        .all(|i| (0..counts.columns.len()).all(|j| cell_shown(i, j) && column_shown(j)));
    let rows = q
        .kind
        .choices()
        .iter()
        .zip(&counts.cells)
        .enumerate()
        .map(|(i, (choice, row))| {
            // Several answers: each row chosen or not, by column.
            let p_value = if single || !complete {
                None
            } else {
                counts.row_p(i)
            };
            CrossRow {
                code: choice.name.clone(),
                label: choice.label.get(lang).to_owned(),
                cells: row
                    .iter()
                    .zip(&counts.columns)
                    .enumerate()
                    .map(|(j, (s, b))| {
                        let count = cell_shown(i, j).then_some(s.count);
                        // A share of a hidden column total would give the total away.
                        let est = count.filter(|_| column_shown(j)).and(proportion(b, s));
                        CrossCell {
                            count,
                            share: est.map(|e| e.value),
                            low: est.map(|e| e.low),
                            high: est.map(|e| e.high),
                        }
                    })
                    .collect(),
                p_value,
            }
        })
        .collect();
    let test = if single && complete {
        counts.test()
    } else {
        None
    };
    Ok(CrossTab {
        question: q.name.clone(),
        question_label: q.label.get(lang).to_owned(),
        by: b.name.clone(),
        by_label: b.label.get(lang).to_owned(),
        columns: b
            .kind
            .choices()
            .iter()
            .map(|c| (c.name.clone(), c.label.get(lang).to_owned()))
            .collect(),
        column_answered: counts
            .columns
            .iter()
            .enumerate()
            .map(|(j, b)| column_shown(j).then_some(b.n))
            .collect(),
        rows,
        weighted: weights.is_some(),
        chi_square: test.map(|t| t.0),
        df: test.map(|t| t.1),
        p_value: test.map(|t| t.2),
    })
}

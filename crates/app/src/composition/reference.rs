//! What a composition is compared with: the population of the area (the figures imported to
//! weight the enquête, variable `occupation`, `gender` or `age_band`) and the enquête's own
//! respondents (a choice question of the same name), each spread over the profile's categories
//! (`Dimension::spread`: age bands written otherwise are split by the years they share).

use super::is_focus;
use crate::{App, Result};
use enquete_domain::composition::{Dimension, wilson};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::policy::SMALL_CELL;
use std::collections::{HashMap, HashSet};

/// A category's share, with its 95% interval when it rests on a sample.
pub type Share = (f64, Option<(f64, f64)>);

/// The population or the respondents, by the composition's categories.
#[derive(Debug, Clone)]
pub struct Reference {
    /// `population` or `respondents`.
    pub key: &'static str,
    /// How many it rests on: people living in the area, respondents who answered.
    pub total: f64,
    /// Per category: its share, with a 95% interval for respondents (`None`: hidden, fewer
    /// than 5).
    pub shares: Vec<Option<Share>>,
    /// The share of the dimension's focus (workers, women, people under 35).
    pub focus: Option<f64>,
    /// Where it comes from: the survey's title, for respondents.
    pub source: String,
}

pub(super) async fn references(app: &App, unit: &Unit, by: Dimension) -> Result<Vec<Reference>> {
    let mut out = Vec::new();
    if let Some(p) = population(app, unit, by).await? {
        out.push(p);
    }
    if let Some(r) = respondents(app, unit, by).await? {
        out.push(r);
    }
    Ok(out)
}

/// Sums per category, spread over the dimension's categories.
fn spread_sums(by: Dimension, figures: impl Iterator<Item = (String, f64)>) -> Vec<f64> {
    let mut sums = vec![0.0; by.categories().len()];
    for (code, n) in figures {
        for (i, part) in by.spread(&code) {
            if let Some(s) = sums.get_mut(i) {
                *s += n * part;
            }
        }
    }
    sums
}

fn focus_share(by: Dimension, sums: &[f64], total: f64) -> f64 {
    sums.iter()
        .enumerate()
        .filter(|(i, _)| is_focus(by, *i))
        .map(|(_, s)| s)
        .sum::<f64>()
        / total
}

/// The population of the unit: its own figures, or else the sum of those of the highest units
/// below it that have figures (never a unit and one below it twice). `None` when no figures
/// of this variable cover it.
async fn population(app: &App, unit: &Unit, by: Dimension) -> Result<Option<Reference>> {
    let below = app.store.subtree(&unit.path, true).await?;
    let paths: HashMap<UnitId, &Unit> = below.iter().map(|u| (u.id, u)).collect();
    let margins: Vec<_> = app
        .store
        .margins()
        .await?
        .into_iter()
        .filter(|m| m.variable == by.as_str() && paths.contains_key(&m.unit))
        .collect();
    let with: HashSet<UnitId> = margins.iter().map(|m| m.unit).collect();
    // A unit counts when no unit above it (within the branch) has figures of its own.
    let counted = |id: UnitId| {
        paths.get(&id).is_some_and(|u| {
            u.path
                .ids()
                .iter()
                .all(|a| *a == id || !with.contains(a) || !paths.contains_key(a))
        })
    };
    let sums = spread_sums(
        by,
        margins
            .iter()
            .filter(|m| counted(m.unit))
            .map(|m| (m.category.clone(), m.population)),
    );
    let total: f64 = sums.iter().sum();
    if total <= 0.0 {
        return Ok(None);
    }
    Ok(Some(Reference {
        key: "population",
        total,
        shares: sums.iter().map(|s| Some((s / total, None))).collect(),
        focus: Some(focus_share(by, &sums, total)),
        source: String::new(),
    }))
}

/// The enquête's respondents in the unit: the newest survey with a choice question named after
/// the dimension that has answers there.
async fn respondents(app: &App, unit: &Unit, by: Dimension) -> Result<Option<Reference>> {
    for survey in app.store.surveys().await? {
        let Some((q, question)) = survey
            .definition
            .questions
            .iter()
            .enumerate()
            .find(|(_, q)| q.name == by.as_str() && !q.kind.choices().is_empty())
        else {
            continue;
        };
        let snap = crate::results::snapshot(app, survey.id).await?;
        let Some(result) = snap.raw.get(&unit.id).and_then(|r| r.questions.get(q)) else {
            continue;
        };
        let choices = question.kind.choices();
        let sums = spread_sums(
            by,
            choices.iter().zip(&result.chosen).map(|(c, sums)| {
                #[expect(clippy::cast_precision_loss, reason = "counts of respondents")]
                let n = sums.count as f64;
                (c.name.clone(), n)
            }),
        );
        let total: f64 = sums.iter().sum();
        if total < 1.0 {
            continue;
        }
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "rounded counts of respondents"
        )]
        let (n, shares) = (
            total.round() as u64,
            sums.iter()
                .map(|s| {
                    let k = s.round() as u64;
                    (k >= SMALL_CELL).then(|| (s / total, wilson(k, total.round() as u64)))
                })
                .collect(),
        );
        let focus_n: f64 = sums
            .iter()
            .enumerate()
            .filter(|(i, _)| is_focus(by, *i))
            .map(|(_, s)| s)
            .sum();
        #[expect(clippy::cast_precision_loss, reason = "counts of respondents")]
        let shown = focus_n >= SMALL_CELL as f64;
        return Ok(Some(Reference {
            key: "respondents",
            total: n as f64,
            shares,
            focus: shown.then(|| focus_share(by, &sums, total)),
            source: survey.title.clone(),
        }));
    }
    Ok(None)
}

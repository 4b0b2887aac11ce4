//! Weights for the respondents of a stored survey: each respondent is raked, with the others of
//! its group, to the population margins of the nearest unit above it (or its own) that has
//! margins, so a country with margins per region is weighted per region and one with national
//! margins only is weighted nationally.
//!
//! Respondents who did not answer one of the weighting questions (or gave a category the margins
//! do not list) cannot be placed in a cell; they keep the mean weight of their group. Respondents
//! under no unit with margins keep the mean weight of everyone weighted. Both are counted in the
//! report so nobody is surprised.

use crate::dataset::{Column, Dataset, NO_CHOICE};
use crate::raking::{Margin, RakeOptions, design_effect, rake};
use enquete_domain::org::UnitId;
use enquete_domain::survey::SurveyDefinition;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One population figure: the population of `unit` in `category` of `variable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    pub unit: UnitId,
    pub variable: String,
    pub category: String,
    pub population: f64,
}

/// How one group of respondents was weighted.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    /// The unit whose margins the group was raked to.
    pub unit: UnitId,
    pub variables: Vec<String>,
    pub respondents: usize,
    /// Respondents kept at the mean weight because a weighting answer was missing.
    pub unplaced: usize,
    pub iterations: usize,
    pub converged: bool,
    pub design_effect: f64,
    pub effective_n: f64,
    /// Why the group could not be raked (it then keeps equal weights that add up to the
    /// population), in words for the organizer.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Weighting {
    /// One per row of the dataset, in population units.
    pub weights: Vec<f64>,
    pub groups: Vec<GroupReport>,
    /// Respondents under no unit with margins.
    pub outside: usize,
    pub design_effect: f64,
    pub effective_n: f64,
}

/// A variable's categories and their populations.
type Targets<'a> = (Vec<&'a str>, Vec<f64>);

/// Weights the dataset's rows, or `None` when there are no margins for any of its questions.
/// `ancestry` gives, for every unit of the dataset, its ancestors from the root down to itself.
pub fn weight_dataset(
    def: &SurveyDefinition,
    data: &Dataset,
    ancestry: &HashMap<UnitId, Vec<UnitId>>,
    margins: &[Population],
    options: RakeOptions,
) -> Option<Weighting> {
    // The single-choice questions margins can refer to, by code.
    let questions: HashMap<&str, usize> = def
        .questions
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(data.columns.get(*i), Some(Column::Single(_))))
        .map(|(i, q)| (q.name.as_str(), i))
        .collect();
    let mut by_unit: BTreeMap<UnitId, BTreeMap<&str, Targets>> = BTreeMap::new();
    for m in margins {
        if !questions.contains_key(m.variable.as_str()) {
            continue;
        }
        let entry = by_unit
            .entry(m.unit)
            .or_default()
            .entry(m.variable.as_str())
            .or_default();
        entry.0.push(m.category.as_str());
        entry.1.push(m.population);
    }
    if by_unit.is_empty() {
        return None;
    }
    // Each row's group: the deepest unit with margins on its way up.
    let unit_group: Vec<Option<UnitId>> = data
        .unit_ids
        .iter()
        .map(|u| {
            ancestry
                .get(u)
                .and_then(|path| path.iter().rev().find(|a| by_unit.contains_key(a)).copied())
        })
        .collect();
    let mut members: BTreeMap<UnitId, Vec<usize>> = BTreeMap::new();
    let mut outside = Vec::new();
    for (row, u) in data.units.iter().enumerate() {
        match unit_group.get(*u as usize).copied().flatten() {
            Some(g) => members.entry(g).or_default().push(row),
            None => outside.push(row),
        }
    }
    let mut weights = vec![f64::NAN; data.len()];
    let mut groups = Vec::new();
    for (unit, rows) in &members {
        let Some(vars) = by_unit.get(unit) else {
            continue;
        };
        let population: f64 = vars
            .values()
            .next()
            .map_or(0.0, |(_, p)| p.iter().sum::<f64>());
        // Each row's category per variable, as an index into the margin's categories.
        let cells: Vec<Vec<Option<usize>>> = vars
            .iter()
            .map(|(var, (cats, _))| {
                let q = questions.get(var).copied().unwrap_or(usize::MAX);
                let choices = def.questions.get(q).map(|q| q.kind.choices());
                let to_margin: Vec<Option<usize>> = choices
                    .unwrap_or_default()
                    .iter()
                    .map(|c| cats.iter().position(|k| *k == c.name))
                    .collect();
                let codes = match data.columns.get(q) {
                    Some(Column::Single(codes)) => Some(codes),
                    _ => None,
                };
                rows.iter()
                    .map(|r| {
                        let code = codes.and_then(|c| c.get(*r)).copied().unwrap_or(NO_CHOICE);
                        to_margin.get(usize::from(code)).copied().flatten()
                    })
                    .collect()
            })
            .collect();
        let complete: Vec<usize> = (0..rows.len())
            .filter(|i| cells.iter().all(|c| c.get(*i).copied().flatten().is_some()))
            .collect();
        let margin_list: Vec<Margin> = vars
            .iter()
            .zip(&cells)
            .map(|((var, (cats, pops)), c)| Margin {
                variable: (*var).to_owned(),
                categories: cats.iter().map(|s| (*s).to_owned()).collect(),
                population: pops.clone(),
                respondents: complete
                    .iter()
                    .map(|i| c.get(*i).copied().flatten())
                    .collect(),
            })
            .collect();
        let mut report = GroupReport {
            unit: *unit,
            variables: vars.keys().map(|v| (*v).to_owned()).collect(),
            respondents: rows.len(),
            unplaced: rows.len() - complete.len(),
            iterations: 0,
            converged: false,
            design_effect: 1.0,
            effective_n: rows.len() as f64,
            problem: None,
        };
        // Scale: the complete rows carry the population share of all rows of the group.
        let share = complete.len() as f64 / rows.len().max(1) as f64;
        match rake(&margin_list, options) {
            Ok(raked) => {
                for (i, w) in complete.iter().zip(&raked.weights) {
                    if let Some(slot) = rows.get(*i).and_then(|r| weights.get_mut(*r)) {
                        *slot = w * share;
                    }
                }
                report.iterations = raked.iterations;
                report.converged = raked.converged;
            }
            Err(e) => {
                report.problem = Some(e.to_string());
                for r in rows {
                    if let Some(slot) = weights.get_mut(*r) {
                        *slot = population / rows.len() as f64;
                    }
                }
            }
        }
        let mean_complete = if complete.is_empty() {
            population / rows.len().max(1) as f64
        } else {
            population * share / complete.len() as f64
        };
        for r in rows {
            if let Some(slot) = weights.get_mut(*r)
                && slot.is_nan()
            {
                *slot = mean_complete;
            }
        }
        let group_weights: Vec<f64> = rows
            .iter()
            .filter_map(|r| weights.get(*r).copied())
            .collect();
        report.design_effect = design_effect(&group_weights);
        report.effective_n = rows.len() as f64 / report.design_effect;
        groups.push(report);
    }
    let placed: Vec<f64> = weights.iter().copied().filter(|w| !w.is_nan()).collect();
    let mean = if placed.is_empty() {
        1.0
    } else {
        placed.iter().sum::<f64>() / placed.len() as f64
    };
    for w in &mut weights {
        if w.is_nan() {
            *w = mean;
        }
    }
    let deff = design_effect(&weights);
    Some(Weighting {
        effective_n: weights.len() as f64 / deff,
        design_effect: deff,
        weights,
        groups,
        outside: outside.len(),
    })
}

/// A weighting variable of one unit, for people who said their category themselves: its
/// categories and the population of each.
#[derive(Debug, Clone, PartialEq)]
pub struct PeopleMargin {
    pub variable: String,
    pub categories: Vec<String>,
    pub population: Vec<f64>,
}

/// How a set of people was weighted to a unit's margins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleWeights {
    /// One per person, in population units.
    pub weights: Vec<f64>,
    /// People who said their category for every variable (the others keep the mean weight).
    pub placed: usize,
    /// The weights match every margin (trimming may keep them from it).
    pub converged: bool,
    /// Categories nobody placed is in: (variable, category). Their population is spread over
    /// the variable's other categories, so they are not represented, only made up for.
    pub empty: Vec<(String, String)>,
    pub design_effect: f64,
    pub effective_n: f64,
    /// Why the people could not be raked (they then count equally), in words for the organizer.
    pub problem: Option<String>,
}

/// Weights people to one unit's margins. `answers[person][margin]` is the category the person
/// gave (`None` when they did not say, or said one the margins do not list). Those placed in
/// every variable are raked and carry their share of the population; the others keep the mean
/// weight of those placed. A category nobody placed is in is left out and its population spread
/// over the variable's other categories (reported in `empty`), since raking cannot fill it.
pub fn weight_people(
    margins: &[PeopleMargin],
    answers: &[Vec<Option<&str>>],
    options: RakeOptions,
) -> PeopleWeights {
    let n = answers.len();
    let total: f64 = margins
        .first()
        .map_or(0.0, |m| m.population.iter().sum::<f64>());
    // Each person's category index per margin.
    let cells: Vec<Vec<Option<usize>>> = answers
        .iter()
        .map(|person| {
            margins
                .iter()
                .enumerate()
                .map(|(v, m)| {
                    let said = person.get(v).copied().flatten()?;
                    m.categories.iter().position(|c| c == said)
                })
                .collect()
        })
        .collect();
    let complete: Vec<usize> = (0..n)
        .filter(|p| cells.get(*p).is_some_and(|c| c.iter().all(Option::is_some)))
        .collect();
    let mut empty = Vec::new();
    let margin_list: Vec<Margin> = margins
        .iter()
        .enumerate()
        .map(|(v, m)| {
            let used: Vec<usize> = (0..m.categories.len())
                .filter(|c| {
                    complete.iter().any(|p| {
                        cells.get(*p).and_then(|x| x.get(v)).copied().flatten() == Some(*c)
                    })
                })
                .collect();
            for (c, name) in m.categories.iter().enumerate() {
                if !used.contains(&c) {
                    empty.push((m.variable.clone(), name.clone()));
                }
            }
            let kept: f64 = used.iter().filter_map(|c| m.population.get(*c)).sum();
            let all: f64 = m.population.iter().sum();
            let scale = if kept > 0.0 { all / kept } else { 1.0 };
            Margin {
                variable: m.variable.clone(),
                categories: used
                    .iter()
                    .filter_map(|c| m.categories.get(*c).cloned())
                    .collect(),
                population: used
                    .iter()
                    .filter_map(|c| m.population.get(*c).map(|p| p * scale))
                    .collect(),
                respondents: complete
                    .iter()
                    .map(|p| {
                        let c = cells.get(*p).and_then(|x| x.get(v)).copied().flatten()?;
                        used.iter().position(|u| *u == c)
                    })
                    .collect(),
            }
        })
        .collect();
    let share = complete.len() as f64 / n.max(1) as f64;
    let mut weights = vec![f64::NAN; n];
    let mut problem = None;
    let mut converged = false;
    if complete.is_empty() || margins.is_empty() {
        problem = Some("nobody said their category for every weighting question".to_owned());
    } else {
        match rake(&margin_list, options) {
            Ok(raked) => {
                converged = raked.converged;
                for (p, w) in complete.iter().zip(&raked.weights) {
                    if let Some(slot) = weights.get_mut(*p) {
                        *slot = w * share;
                    }
                }
            }
            Err(e) => problem = Some(e.to_string()),
        }
    }
    let fallback = if n == 0 { 0.0 } else { total / n as f64 };
    let placed_weights: Vec<f64> = weights.iter().copied().filter(|w| !w.is_nan()).collect();
    let mean = if placed_weights.is_empty() {
        fallback
    } else {
        placed_weights.iter().sum::<f64>() / placed_weights.len() as f64
    };
    for w in &mut weights {
        if w.is_nan() {
            *w = mean;
        }
    }
    let deff = if n == 0 { 1.0 } else { design_effect(&weights) };
    PeopleWeights {
        placed: if problem.is_some() { 0 } else { complete.len() },
        converged,
        empty,
        effective_n: n as f64 / deff,
        design_effect: deff,
        weights,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use enquete_domain::survey::Answers;

    fn margin(unit: i64, var: &str, cat: &str, pop: f64) -> Population {
        Population {
            unit: UnitId(unit),
            variable: var.into(),
            category: cat.into(),
            population: pop,
        }
    }

    #[test]
    fn each_region_is_raked_to_its_own_margins() {
        let def = enquete_domain::demo::belgian_enquete();
        // Nation 1 with regions 2 and 3; sections 4 (in 2) and 5 (in 3) and 6 (in 3).
        let ancestry: HashMap<UnitId, Vec<UnitId>> = [
            (UnitId(4), vec![UnitId(1), UnitId(2), UnitId(4)]),
            (UnitId(5), vec![UnitId(1), UnitId(3), UnitId(5)]),
            (UnitId(6), vec![UnitId(1), UnitId(3), UnitId(6)]),
        ]
        .into();
        let a = |g: &str| -> Answers {
            serde_json::from_str(&format!(r#"{{"top3": ["wages"], "gender": "{g}"}}"#)).unwrap()
        };
        let (w, m, o) = (a("woman"), a("man"), a("other"));
        let none: Answers = serde_json::from_str(r#"{"top3": ["wages"]}"#).unwrap();
        let rows = vec![
            ("r1", UnitId(4), &w),
            ("r2", UnitId(4), &w),
            ("r3", UnitId(4), &w),
            ("r4", UnitId(4), &m),
            ("r5", UnitId(5), &w),
            ("r6", UnitId(6), &m),
            ("r7", UnitId(6), &o),
            ("r8", UnitId(6), &none),
        ];
        let data = Dataset::encode(&def, rows);
        let margins = vec![
            margin(2, "gender", "woman", 500.0),
            margin(2, "gender", "man", 500.0),
            margin(3, "gender", "woman", 300.0),
            margin(3, "gender", "man", 100.0),
            // Not a question of the survey: ignored.
            margin(3, "income", "high", 10.0),
        ];
        let out = weight_dataset(&def, &data, &ancestry, &margins, RakeOptions::default()).unwrap();
        let w = &out.weights;
        // Region 2: 3 women share 500, 1 man gets 500.
        assert!((w[0] - 500.0 / 3.0).abs() < 1e-9, "{w:?}");
        assert!((w[3] - 500.0).abs() < 1e-9);
        // Region 3: 2 of 4 respondents can be placed; they carry half the population (200),
        // split 150/50 by the margins; the other two keep the mean of the placed (100).
        assert!((w[4] - 150.0).abs() < 1e-9, "{w:?}");
        assert!((w[5] - 50.0).abs() < 1e-9);
        assert!((w[6] - 100.0).abs() < 1e-9 && (w[7] - 100.0).abs() < 1e-9);
        let total: f64 = w.iter().sum();
        assert!(
            (total - 1400.0).abs() < 1e-9,
            "weights add up to the population"
        );
        assert_eq!(out.groups.len(), 2);
        assert_eq!(out.groups[1].unplaced, 2);
        assert_eq!(out.outside, 0);
        assert!(out.design_effect > 1.0);
    }

    fn people_margin(variable: &str, cats: &[(&str, f64)]) -> PeopleMargin {
        PeopleMargin {
            variable: variable.into(),
            categories: cats.iter().map(|(c, _)| (*c).to_owned()).collect(),
            population: cats.iter().map(|(_, p)| *p).collect(),
        }
    }

    #[test]
    fn people_are_raked_to_their_units_margins() {
        let margins = [
            people_margin("gender", &[("woman", 600.0), ("man", 400.0)]),
            people_margin("age", &[("young", 300.0), ("old", 700.0)]),
        ];
        // Three women and two men, all said both; one person said nothing.
        let answers = vec![
            vec![Some("woman"), Some("young")],
            vec![Some("woman"), Some("old")],
            vec![Some("woman"), Some("old")],
            vec![Some("man"), Some("young")],
            vec![Some("man"), Some("old")],
            vec![None, Some("old")],
        ];
        let w = weight_people(&margins, &answers, RakeOptions::default());
        assert!(w.problem.is_none(), "{w:?}");
        assert_eq!(w.placed, 5);
        assert!(w.converged);
        // The five placed carry 5/6 of the population, matched on both margins.
        let placed: f64 = w.weights.iter().take(5).sum();
        assert!((placed - 1000.0 * 5.0 / 6.0).abs() < 1e-6, "{w:?}");
        let women: f64 = w.weights.iter().take(3).sum();
        assert!((women / placed - 0.6).abs() < 1e-6, "{w:?}");
        let young = w.weights[0] + w.weights[3];
        assert!((young / placed - 0.3).abs() < 1e-6, "{w:?}");
        // The one who did not say both keeps the mean weight of the placed.
        assert!((w.weights[5] - placed / 5.0).abs() < 1e-6);
        let total: f64 = w.weights.iter().sum();
        assert!((total - 1000.0).abs() < 1e-6);
        assert!(w.design_effect > 1.0);
    }

    #[test]
    fn a_category_nobody_is_in_is_spread_over_the_others_and_said() {
        let margins = [people_margin(
            "age",
            &[("young", 200.0), ("middle", 300.0), ("old", 500.0)],
        )];
        let answers = vec![vec![Some("young")], vec![Some("old")], vec![Some("old")]];
        let w = weight_people(&margins, &answers, RakeOptions::default());
        assert_eq!(w.empty, vec![("age".to_owned(), "middle".to_owned())]);
        assert!(w.problem.is_none());
        // young : old = 200 : 500 of the whole 1000.
        assert!((w.weights[0] - 1000.0 * 2.0 / 7.0).abs() < 1e-6, "{w:?}");
        // Nobody placed: equal weights and the problem said.
        let none = weight_people(
            &margins,
            &[vec![None], vec![Some("unknown")]],
            RakeOptions::default(),
        );
        assert!(none.problem.is_some());
        assert!((none.weights[0] - 500.0).abs() < 1e-6 && (none.weights[1] - 500.0).abs() < 1e-6);
    }

    #[test]
    fn no_margins_for_the_survey_means_no_weights() {
        let def = enquete_domain::demo::belgian_enquete();
        let data = Dataset::new(&def);
        let margins = vec![margin(1, "income", "high", 10.0)];
        assert!(
            weight_dataset(
                &def,
                &data,
                &HashMap::new(),
                &margins,
                RakeOptions::default()
            )
            .is_none()
        );
    }
}

//! Weighting respondents to the population by raking (iterative proportional fitting): the
//! weights are adjusted variable by variable until the weighted count of every category of every
//! weighting variable matches the population, optionally trimmed so no one counts for too much,
//! with the Kish design effect and effective sample size they imply.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RakeError {
    #[error("respondent {row}: no category for {variable}")]
    Missing { row: usize, variable: String },
    #[error(
        "{variable}: category {category} has a population but no respondent, so it cannot be matched"
    )]
    EmptyCategory { variable: String, category: String },
    #[error("{variable}: the population of category {category} must be a positive number")]
    BadTarget { variable: String, category: String },
    #[error(
        "the weighting variables do not describe the same population: {0} and {1} differ by more than 0.1%"
    )]
    Totals(String, String),
    #[error("no respondents")]
    Empty,
}

/// One weighting variable: its name, the population of each category, and each respondent's
/// category (an index into `categories`; `None` when not answered).
#[derive(Debug, Clone)]
pub struct Margin {
    pub variable: String,
    pub categories: Vec<String>,
    pub population: Vec<f64>,
    pub respondents: Vec<Option<usize>>,
}

#[derive(Debug, Clone, Copy)]
pub struct RakeOptions {
    /// Stop when every weighted category is within this relative distance of its population.
    pub tolerance: f64,
    pub max_iterations: usize,
    /// Keep each weight between these multiples of the mean weight (trimming), re-raking after.
    pub trim: Option<(f64, f64)>,
}

impl Default for RakeOptions {
    fn default() -> Self {
        Self {
            tolerance: 1e-10,
            max_iterations: 1000,
            trim: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Weights {
    /// One per respondent; they add up to the population.
    pub weights: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
    /// Kish: n Σw² / (Σw)².
    pub design_effect: f64,
    /// n / design effect.
    pub effective_n: f64,
}

/// Kish's design effect of a set of weights.
pub fn design_effect(weights: &[f64]) -> f64 {
    let n = weights.len() as f64;
    let sum: f64 = weights.iter().sum();
    let squares: f64 = weights.iter().map(|w| w * w).sum();
    if sum == 0.0 {
        1.0
    } else {
        n * squares / (sum * sum)
    }
}

fn check(margins: &[Margin]) -> Result<usize, RakeError> {
    let n = margins.first().map_or(0, |m| m.respondents.len());
    if n == 0 {
        return Err(RakeError::Empty);
    }
    let mut total: Option<(String, f64)> = None;
    for m in margins {
        for (c, p) in m.categories.iter().zip(&m.population) {
            if !(p.is_finite() && *p > 0.0) {
                return Err(RakeError::BadTarget {
                    variable: m.variable.clone(),
                    category: c.clone(),
                });
            }
        }
        for (row, r) in m.respondents.iter().enumerate() {
            if r.is_none_or(|c| c >= m.categories.len()) {
                return Err(RakeError::Missing {
                    row,
                    variable: m.variable.clone(),
                });
            }
        }
        for (i, c) in m.categories.iter().enumerate() {
            if !m.respondents.contains(&Some(i)) {
                return Err(RakeError::EmptyCategory {
                    variable: m.variable.clone(),
                    category: c.clone(),
                });
            }
        }
        let t: f64 = m.population.iter().sum();
        match &total {
            Some((name, first)) if ((t - first) / first).abs() > 1e-3 => {
                return Err(RakeError::Totals(name.clone(), m.variable.clone()));
            }
            None => total = Some((m.variable.clone(), t)),
            _ => {}
        }
    }
    Ok(n)
}

/// One full round over the variables; returns the largest relative gap before adjusting.
fn rake_round(weights: &mut [f64], margins: &[Margin], scale: &[f64]) -> f64 {
    let mut worst: f64 = 0.0;
    for (m, s) in margins.iter().zip(scale) {
        let mut sums = vec![0.0; m.categories.len()];
        for (w, c) in weights.iter().zip(&m.respondents) {
            if let Some(slot) = c.and_then(|c| sums.get_mut(c)) {
                *slot += w;
            }
        }
        let factors: Vec<f64> = m
            .population
            .iter()
            .zip(&sums)
            .map(|(p, have)| {
                let target = p * s;
                worst = worst.max(((have - target) / target).abs());
                if *have > 0.0 { target / have } else { 1.0 }
            })
            .collect();
        for (w, c) in weights.iter_mut().zip(&m.respondents) {
            if let Some(f) = c.and_then(|c| factors.get(c)) {
                *w *= f;
            }
        }
    }
    worst
}

/// Rakes the respondents to the margins.
pub fn rake(margins: &[Margin], options: RakeOptions) -> Result<Weights, RakeError> {
    let n = check(margins)?;
    // Every variable is matched to the first one's total, so small differences between sources
    // of official statistics do not stop convergence.
    let total: f64 = margins.first().map_or(0.0, |m| m.population.iter().sum());
    let scale: Vec<f64> = margins
        .iter()
        .map(|m| total / m.population.iter().sum::<f64>())
        .collect();
    let mut weights = vec![total / n as f64; n];
    let mut iterations = 0;
    let mut converged = false;
    for _round in 0..=options.trim.map_or(0, |_| 20) {
        while iterations < options.max_iterations {
            iterations += 1;
            if rake_round(&mut weights, margins, &scale) < options.tolerance {
                converged = true;
                break;
            }
        }
        let Some((lo, hi)) = options.trim else { break };
        let mean = total / n as f64;
        let mut clipped = false;
        for w in &mut weights {
            let t = w.clamp(lo * mean, hi * mean);
            if (t - *w).abs() > mean * 1e-12 {
                clipped = true;
                *w = t;
            }
        }
        if !clipped {
            break;
        }
        converged = false;
    }
    let design_effect = design_effect(&weights);
    Ok(Weights {
        effective_n: n as f64 / design_effect,
        design_effect,
        weights,
        iterations,
        converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn margin(
        variable: &str,
        categories: &[&str],
        population: &[f64],
        respondents: &[usize],
    ) -> Margin {
        Margin {
            variable: variable.into(),
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
            population: population.to_vec(),
            respondents: respondents.iter().map(|r| Some(*r)).collect(),
        }
    }

    #[test]
    fn weighted_margins_match_the_population() {
        // 8 respondents, skewed towards women and older people.
        let gender = margin(
            "gender",
            &["woman", "man"],
            &[520.0, 480.0],
            &[0, 0, 0, 0, 0, 1, 1, 0],
        );
        let age = margin(
            "age",
            &["young", "old"],
            &[400.0, 600.0],
            &[0, 1, 1, 1, 0, 1, 0, 1],
        );
        let w = rake(&[gender.clone(), age.clone()], RakeOptions::default()).unwrap();
        assert!(w.converged);
        for m in [&gender, &age] {
            for (c, target) in m.population.iter().enumerate() {
                let got: f64 = w
                    .weights
                    .iter()
                    .zip(&m.respondents)
                    .filter(|(_, r)| **r == Some(c))
                    .map(|(w, _)| w)
                    .sum();
                assert!(
                    (got - target).abs() < 1e-6,
                    "{}: {got} vs {target}",
                    m.variable
                );
            }
        }
        assert!((w.weights.iter().sum::<f64>() - 1000.0).abs() < 1e-6);
        assert!(w.design_effect > 1.0 && w.effective_n < 8.0);
    }

    #[test]
    fn trimming_bounds_the_weights() {
        let gender = margin(
            "gender",
            &["woman", "man"],
            &[500.0, 500.0],
            &[0, 0, 0, 0, 0, 0, 0, 1],
        );
        let free = rake(std::slice::from_ref(&gender), RakeOptions::default()).unwrap();
        let trimmed = rake(
            &[gender],
            RakeOptions {
                trim: Some((0.5, 2.0)),
                ..RakeOptions::default()
            },
        )
        .unwrap();
        let max = |w: &Weights| w.weights.iter().copied().fold(0.0, f64::max);
        assert!(max(&free) > 3.0 * 125.0);
        assert!(max(&trimmed) <= 2.0 * 125.0 + 1e-9);
        assert!(trimmed.design_effect < free.design_effect);
    }

    #[test]
    fn impossible_margins_are_named() {
        let empty = margin("age", &["young", "old"], &[400.0, 600.0], &[0, 0, 0]);
        assert_eq!(
            rake(&[empty], RakeOptions::default()).unwrap_err(),
            RakeError::EmptyCategory {
                variable: "age".into(),
                category: "old".into()
            }
        );
        let mut missing = margin("age", &["young", "old"], &[400.0, 600.0], &[0, 1, 0]);
        missing.respondents[1] = None;
        assert!(matches!(
            rake(&[missing], RakeOptions::default()),
            Err(RakeError::Missing { row: 1, .. })
        ));
        let a = margin("a", &["x", "y"], &[10.0, 10.0], &[0, 1]);
        let b = margin("b", &["x", "y"], &[50.0, 50.0], &[0, 1]);
        assert!(matches!(
            rake(&[a, b], RakeOptions::default()),
            Err(RakeError::Totals(..))
        ));
        assert_eq!(design_effect(&[1.0, 1.0, 1.0]), 1.0);
    }
}

//! Where a unit differs from the rest of its parent: every option of every question (demographic
//! questions left out) compared between a unit and the rest of its parent with a two-sided test
//! of the difference of proportions, the family kept at a false discovery rate of 5% by
//! Benjamini-Hochberg, the strongest first.

use crate::estimate::{Estimate, Sums, benjamini_hochberg, difference_p};
use crate::results::{QuestionResult, UnitResults};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::policy::SMALL_CELL;
use enquete_domain::survey::SurveyDefinition;
use std::collections::HashMap;

/// False discovery rate of the highlights.
pub const FDR: f64 = 0.05;
/// A highlight needs at least this many answers on each side of the comparison.
pub const MIN_ANSWERED: u64 = 20;

/// One option where a unit differs from the rest of its parent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Index of the question in the survey definition.
    pub question: usize,
    /// Index of the option in the question's choices.
    pub option: usize,
    pub unit: UnitId,
    pub parent: UnitId,
    /// The unit's share choosing the option.
    pub share: Estimate,
    /// The parent's share (the unit included).
    pub parent_share: f64,
    pub p: f64,
}

fn compare(
    def: &SurveyDefinition,
    rolled: &HashMap<UnitId, UnitResults>,
    unit: &Unit,
    parent: &Unit,
    out: &mut Vec<Difference>,
) {
    let (Some(own), Some(whole)) = (rolled.get(&unit.id), rolled.get(&parent.id)) else {
        return;
    };
    for (qi, (q, (a, p))) in def
        .questions
        .iter()
        .zip(own.questions.iter().zip(&whole.questions))
        .enumerate()
    {
        if q.demographic || q.kind.choices().is_empty() {
            continue;
        }
        let rest: QuestionResult = p.minus(a);
        if a.answered() < MIN_ANSWERED || rest.answered() < MIN_ANSWERED {
            continue;
        }
        for oi in 0..q.kind.choices().len() {
            let small = |s: Option<&Sums>| s.is_none_or(|s| s.count < SMALL_CELL);
            if small(a.chosen.get(oi)) {
                continue;
            }
            let (Some(share), Some(other), Some(parent_share)) =
                (a.share(oi), rest.share(oi), p.share(oi))
            else {
                continue;
            };
            if let Some(pv) = difference_p(&share, &other) {
                out.push(Difference {
                    question: qi,
                    option: oi,
                    unit: unit.id,
                    parent: parent.id,
                    share,
                    parent_share: parent_share.value,
                    p: pv,
                });
            }
        }
    }
}

/// The differences worth reading at `unit`, the strongest first, at most `limit`: its children
/// (open units) compared with it, or, for a unit without children, the unit compared with its
/// parent when `parent_visible`.
pub fn differences(
    def: &SurveyDefinition,
    rolled: &HashMap<UnitId, UnitResults>,
    units: &[Unit],
    unit: &Unit,
    parent_visible: bool,
    limit: usize,
) -> Vec<Difference> {
    let children: Vec<&Unit> = units
        .iter()
        .filter(|u| u.parent == Some(unit.id) && !u.is_archived())
        .collect();
    let parent = unit.parent.and_then(|p| units.iter().find(|u| u.id == p));
    let mut family = Vec::new();
    if children.is_empty() {
        if let Some(parent) = parent
            && parent_visible
        {
            compare(def, rolled, unit, parent, &mut family);
        }
    } else {
        for child in children {
            compare(def, rolled, child, unit, &mut family);
        }
    }
    let ps: Vec<f64> = family.iter().map(|c| c.p).collect();
    let keep = benjamini_hochberg(&ps, FDR);
    let mut found: Vec<Difference> = family
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect();
    found.sort_by(|a, b| a.p.partial_cmp(&b.p).unwrap_or(std::cmp::Ordering::Equal));
    found.truncate(limit);
    found
}

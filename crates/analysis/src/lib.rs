//! Pure statistics over in-memory snapshots, with no I/O: people per ladder stage rolled up the
//! org tree with the ladder funnel, and survey results rolled up the same way (`results`), with
//! the tests read from them: cross-tabs with chi-square (`crosstab`) and where a unit differs
//! from the rest of its parent (`highlights`); how number, date and time answers are spread
//! (`distribution`) and where answers were given, as hexagons (`hexbin`).

pub mod crosstab;
pub mod dataset;
pub mod disclosure;
pub mod distribution;
pub mod estimate;
pub mod hexbin;
pub mod highlights;
pub mod opinions;
pub mod progress;
pub mod raking;
pub mod results;
pub mod themes;
pub mod weighting;

use enquete_domain::{org::UnitId, people::Stage};
use serde::Serialize;
use std::collections::HashMap;

/// People per stage, indexed by [`Stage::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StageTotals(pub [u64; 6]);

impl StageTotals {
    pub fn get(&self, stage: Stage) -> u64 {
        self.0.get(stage.index()).copied().unwrap_or(0)
    }

    pub fn add(&mut self, stage: Stage, n: u64) {
        if let Some(slot) = self.0.get_mut(stage.index()) {
            *slot += n;
        }
    }

    pub fn merge(&mut self, other: &StageTotals) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// People at this stage or higher: everyone who has climbed at least this far.
    pub fn reached(&self, stage: Stage) -> u64 {
        self.0.iter().skip(stage.index()).sum()
    }

    /// The funnel: for each stage, how many reached it and what share of those at the stage
    /// below went on to reach it (`None` for the first stage, or when nobody was below).
    pub fn funnel(&self) -> Vec<FunnelStep> {
        let mut steps = Vec::with_capacity(Stage::ALL.len());
        let mut previous: Option<u64> = None;
        for stage in Stage::ALL {
            let reached = self.reached(stage);
            let conversion = previous.and_then(|p| (p > 0).then(|| reached as f64 / p as f64));
            steps.push(FunnelStep {
                stage,
                reached,
                conversion,
            });
            previous = Some(reached);
        }
        steps
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelStep {
    pub stage: Stage,
    pub reached: u64,
    pub conversion: Option<f64>,
}

/// Rolls per-unit counts up the tree: every unit's totals include everything below it.
///
/// `units` lists `(unit, parent)` with parents before children (the order of a path sort);
/// units whose parent is not in the list are roots of the snapshot. Counts for units not in the
/// list are ignored. One pass over the counts, one pass back up the units.
pub fn roll_up(
    units: &[(UnitId, Option<UnitId>)],
    counts: impl IntoIterator<Item = (UnitId, Stage, u64)>,
) -> HashMap<UnitId, StageTotals> {
    roll_up_with(
        units,
        counts.into_iter().map(|(u, s, n)| (u, (s, n))),
        |t: &mut StageTotals, (s, n)| t.add(s, n),
        StageTotals::merge,
    )
}

/// The same roll-up for any kind of totals: `add` puts one item into its unit's totals, `merge`
/// folds a child's totals into its parent's.
pub fn roll_up_with<T: Default + Clone, X>(
    units: &[(UnitId, Option<UnitId>)],
    items: impl IntoIterator<Item = (UnitId, X)>,
    mut add: impl FnMut(&mut T, X),
    merge: impl Fn(&mut T, &T),
) -> HashMap<UnitId, T> {
    let mut totals: HashMap<UnitId, T> = units.iter().map(|(id, _)| (*id, T::default())).collect();
    for (unit, item) in items {
        if let Some(t) = totals.get_mut(&unit) {
            add(t, item);
        }
    }
    // Children come after their parents, so walking backwards folds each finished subtree
    // into its parent exactly once.
    for (id, parent) in units.iter().rev() {
        let Some(parent) = parent else { continue };
        let Some(own) = totals.get(id).cloned() else {
            continue;
        };
        if let Some(p) = totals.get_mut(parent) {
            merge(p, &own);
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_roll_up_to_every_ancestor() {
        let (n, r, c1, c2, s1, s2, s3) = (
            UnitId(1),
            UnitId(2),
            UnitId(3),
            UnitId(4),
            UnitId(5),
            UnitId(6),
            UnitId(7),
        );
        let units = vec![
            (n, None),
            (r, Some(n)),
            (c1, Some(r)),
            (s1, Some(c1)),
            (s2, Some(c1)),
            (c2, Some(r)),
            (s3, Some(c2)),
        ];
        let counts = vec![
            (s1, Stage::Contact, 10),
            (s2, Stage::Member, 3),
            (s3, Stage::Contact, 5),
            (c2, Stage::Leader, 1),
            (UnitId(99), Stage::Contact, 1000),
        ];
        let t = roll_up(&units, counts);
        assert_eq!(t[&s1].total(), 10);
        assert_eq!(t[&c1].get(Stage::Contact), 10);
        assert_eq!(t[&c1].get(Stage::Member), 3);
        assert_eq!(t[&c2].total(), 6);
        assert_eq!(t[&r].total(), 19);
        assert_eq!(t[&n].total(), 19, "units outside the snapshot are ignored");
        assert_eq!(t[&n].reached(Stage::Member), 4);
    }

    #[test]
    fn a_subtree_snapshot_has_its_own_root() {
        let units = vec![(UnitId(3), Some(UnitId(2))), (UnitId(5), Some(UnitId(3)))];
        let t = roll_up(&units, vec![(UnitId(5), Stage::Active, 2)]);
        assert_eq!(t[&UnitId(3)].total(), 2);
        assert!(!t.contains_key(&UnitId(2)));
    }

    #[test]
    fn funnel_converts_between_stages() {
        let totals = StageTotals([60, 20, 10, 8, 2, 0]);
        let f = totals.funnel();
        assert_eq!(f[0].reached, 100);
        assert_eq!(f[0].conversion, None);
        assert_eq!(f[1].reached, 40);
        assert_eq!(f[1].conversion, Some(0.4));
        assert_eq!(f[3].reached, 10);
        assert_eq!(f[5].reached, 0);
        assert_eq!(f[5].conversion, Some(0.0));
        assert_eq!(StageTotals::default().funnel()[1].conversion, None);
    }
}

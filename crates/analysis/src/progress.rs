//! Campaign progress: what happened per unit rolled up the tree like every other count, targets
//! cascaded down it, progress over time, and the units falling behind.

use crate::roll_up_with;
use enquete_domain::campaign::{Metric, split};
use enquete_domain::org::UnitId;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One number per [`Metric`], indexed by [`Metric::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MetricTotals(pub [u64; 5]);

impl MetricTotals {
    pub fn get(&self, metric: Metric) -> u64 {
        self.0.get(metric.index()).copied().unwrap_or(0)
    }

    pub fn add(&mut self, metric: Metric, n: u64) {
        if let Some(slot) = self.0.get_mut(metric.index()) {
            *slot = slot.saturating_add(n);
        }
    }

    pub fn merge(&mut self, other: &MetricTotals) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a = a.saturating_add(b);
        }
    }
}

/// Rolls `(unit, metric, n)` up the tree: every unit's totals include everything below it.
/// `units` lists `(unit, parent)` with parents first, as for [`crate::roll_up`].
pub fn done_by_unit(
    units: &[(UnitId, Option<UnitId>)],
    counts: impl IntoIterator<Item = (UnitId, Metric, u64)>,
) -> HashMap<UnitId, MetricTotals> {
    roll_up_with(
        units,
        counts.into_iter().map(|(u, m, n)| (u, (m, n))),
        |t: &mut MetricTotals, (m, n)| t.add(m, n),
        MetricTotals::merge,
    )
}

/// Cumulative totals day by day, for the units in `within`: entry `d` holds everything up to and
/// including day `d` (day 0 is the campaign's first). Days outside `0..days` are left out.
pub fn cumulative_by_day(
    within: &HashSet<UnitId>,
    counts: impl IntoIterator<Item = (UnitId, Metric, i64, u64)>,
    days: usize,
) -> Vec<MetricTotals> {
    let mut per_day = vec![MetricTotals::default(); days];
    for (unit, metric, day, n) in counts {
        if !within.contains(&unit) {
            continue;
        }
        let Ok(day) = usize::try_from(day) else {
            continue;
        };
        if let Some(slot) = per_day.get_mut(day) {
            slot.add(metric, n);
        }
    }
    let mut running = MetricTotals::default();
    for slot in &mut per_day {
        running.merge(slot);
        *slot = running;
    }
    per_day
}

/// Shares a target at `root` out over the whole subtree: each unit's number is split over its
/// children in proportion to `weight` (people in each child's subtree, say), so that at every
/// level the children add up to their parent. Returns every unit's number, `root` included.
pub fn cascade(
    units: &[(UnitId, Option<UnitId>)],
    root: UnitId,
    total: u64,
    weight: &HashMap<UnitId, u64>,
) -> HashMap<UnitId, u64> {
    let mut children: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
    for (id, parent) in units {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(*id);
        }
    }
    let mut out = HashMap::new();
    out.insert(root, total);
    let mut stack = vec![root];
    while let Some(unit) = stack.pop() {
        let Some(kids) = children.get(&unit) else {
            continue;
        };
        let own = out.get(&unit).copied().unwrap_or(0);
        let weights: Vec<u64> = kids
            .iter()
            .map(|k| weight.get(k).copied().unwrap_or(0))
            .collect();
        for (kid, part) in kids.iter().zip(split(own, &weights)) {
            out.insert(*kid, part);
            stack.push(*kid);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<(UnitId, Option<UnitId>)> {
        // nation 1 > regions 2, 3 > city 4 (in 2) > sections 5, 6; section 7 under region 3.
        vec![
            (UnitId(1), None),
            (UnitId(2), Some(UnitId(1))),
            (UnitId(4), Some(UnitId(2))),
            (UnitId(5), Some(UnitId(4))),
            (UnitId(6), Some(UnitId(4))),
            (UnitId(3), Some(UnitId(1))),
            (UnitId(7), Some(UnitId(3))),
        ]
    }

    #[test]
    fn progress_rolls_up() {
        let done = done_by_unit(
            &tree(),
            vec![
                (UnitId(5), Metric::Attendance, 3),
                (UnitId(6), Metric::Attendance, 2),
                (UnitId(7), Metric::Signatures, 10),
                (UnitId(4), Metric::Attendance, 1),
            ],
        );
        assert_eq!(done[&UnitId(4)].get(Metric::Attendance), 6);
        assert_eq!(done[&UnitId(2)].get(Metric::Attendance), 6);
        assert_eq!(done[&UnitId(1)].get(Metric::Attendance), 6);
        assert_eq!(done[&UnitId(1)].get(Metric::Signatures), 10);
        assert_eq!(done[&UnitId(3)].get(Metric::Attendance), 0);
    }

    #[test]
    fn series_is_cumulative_within_the_subtree() {
        let within: HashSet<UnitId> = [UnitId(5), UnitId(6)].into();
        let s = cumulative_by_day(
            &within,
            vec![
                (UnitId(5), Metric::Signatures, 0, 2),
                (UnitId(6), Metric::Signatures, 2, 3),
                (UnitId(7), Metric::Signatures, 1, 100),
                (UnitId(5), Metric::Signatures, 9, 100),
                (UnitId(5), Metric::Signatures, -1, 100),
            ],
            4,
        );
        let got: Vec<u64> = s.iter().map(|t| t.get(Metric::Signatures)).collect();
        assert_eq!(got, vec![2, 2, 5, 5]);
    }

    #[test]
    fn cascade_adds_up_at_every_level() {
        let weight: HashMap<UnitId, u64> = [
            (UnitId(2), 300),
            (UnitId(3), 100),
            (UnitId(4), 300),
            (UnitId(5), 200),
            (UnitId(6), 100),
            (UnitId(7), 100),
        ]
        .into();
        let t = cascade(&tree(), UnitId(1), 1000, &weight);
        assert_eq!(t[&UnitId(1)], 1000);
        assert_eq!(t[&UnitId(2)], 750);
        assert_eq!(t[&UnitId(3)], 250);
        assert_eq!(t[&UnitId(4)], 750);
        assert_eq!(t[&UnitId(5)] + t[&UnitId(6)], 750);
        assert_eq!(t[&UnitId(5)], 500);
        assert_eq!(t[&UnitId(7)], 250);
        let sub = cascade(&tree(), UnitId(4), 9, &HashMap::new());
        assert_eq!(sub.len(), 3, "only the subtree");
        assert_eq!(sub[&UnitId(5)] + sub[&UnitId(6)], 9);
    }
}

//! Which bars of a histogram readers who see no names get. A distribution (ages, dates of a
//! visit, rows per household) is laid out like a question: per unit, how many answered and how
//! many fell in each bin (the same bins at every level of the tree), tied by sums (the bins add
//! up to the answers, a parent is the sum of its children), and protected the same way.

use super::{ResultsMask, log};
use crate::results::Snapshot;
use enquete_analysis::disclosure::{Table, suppress};
use enquete_domain::org::UnitId;
use enquete_domain::policy::SMALL_CELL;
use std::collections::HashMap;

/// What the bins add up to at each unit.
#[derive(Debug, Clone, Copy)]
pub enum Total {
    /// Those who answered question `q` (one value each), as the results show them.
    Answered(usize),
    /// Every respondent (a count made of each response, such as its rows of a repeat).
    Responses,
}

/// The hidden bins of one distribution, at every unit with results.
pub struct BinMask {
    index: HashMap<UnitId, usize>,
    /// `[unit][bin]`
    hidden: Vec<Vec<bool>>,
}

impl BinMask {
    /// `counts`: per unit with results, the count in each bin (units missing count nothing).
    pub fn build(
        snap: &Snapshot,
        mask: &ResultsMask,
        counts: &HashMap<UnitId, Vec<u64>>,
        bins: usize,
        total: Total,
    ) -> Self {
        let tree = &mask.tree;
        let units = tree.ids.len();
        let mut table = Table::default();
        let mut cells: Vec<Vec<usize>> = Vec::with_capacity(units);
        let mut totals = Vec::with_capacity(units);
        for u in 0..units {
            let id = tree.ids.get(u).copied().unwrap_or(UnitId(0));
            let row: Vec<u64> = counts.get(&id).cloned().unwrap_or_else(|| vec![0; bins]);
            let (value, cell) = match total {
                Total::Answered(q) => {
                    let n = snap
                        .raw
                        .get(&id)
                        .and_then(|r| r.questions.get(q))
                        .map_or(0, |r| r.answered());
                    (n, mask.margin(&mut table, id, q, None, n))
                }
                Total::Responses => {
                    let n = snap.raw.get(&id).map_or(0, |r| r.responses);
                    let hidden = mask.responses.get(u).copied().unwrap_or(true);
                    (n, table.fixed_cell(n, hidden))
                }
            };
            let parts: Vec<usize> = row.iter().map(|v| table.cell(*v)).collect();
            // The bins add up to the total where every answer fell in one.
            if row.iter().sum::<u64>() == value {
                table.sum(cell, parts.clone());
            } else {
                for p in &parts {
                    table.at_most(*p, cell);
                }
            }
            totals.push(cell);
            cells.push(parts);
        }
        tree.sums(&mut table, &totals);
        for b in 0..bins {
            let column: Vec<usize> = cells
                .iter()
                .map(|row| row.get(b).copied().unwrap_or(0))
                .collect();
            tree.sums(&mut table, &column);
        }
        let s = suppress(&table, SMALL_CELL);
        log(&s, "distribution");
        Self {
            index: tree.index.clone(),
            hidden: cells
                .iter()
                .map(|row| row.iter().map(|c| s.is_hidden(*c)).collect())
                .collect(),
        }
    }

    /// Whether bin `b` at a unit is hidden (a unit without results hides everything).
    pub fn hidden(&self, unit: UnitId, b: usize) -> bool {
        self.index
            .get(&unit)
            .and_then(|u| self.hidden.get(*u)?.get(b).copied())
            .unwrap_or(true)
    }
}

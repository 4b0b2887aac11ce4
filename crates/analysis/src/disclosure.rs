//! Statistical disclosure control for counts shown to readers who see no names: which cells to
//! hide so that no count under 5 can be read, nor worked out from the figures that are shown.
//!
//! A [`Table`] is a set of counts (cells) tied by additive relations: a total is the sum of its
//! parts (a parent unit of its children, a question's answers of its options, a cross-tab's
//! margins of its cells). Hiding the cells under 5 (primary suppression) is not enough: a hidden
//! cell is its total minus the shown parts. [`suppress`] therefore hides further cells
//! (secondary suppression, as sdcTable and tau-argus do) until an audit finds no hidden cell that
//! the relations pin down:
//!
//! - in every relation holding a hidden cell, at least one other cell is hidden;
//! - a relation whose hidden parts could only all be 1 (their sum is known and equals their
//!   number) gets one more hidden part;
//! - the relations restricted to the hidden cells, with the shown cells moved to the known side,
//!   are brought to reduced row echelon form per group of linked cells: a hidden cell is worked
//!   out exactly when a row reduces to that cell alone. Each such cell gets another cell hidden
//!   in one of its relations, and the audit runs again.
//!
//! Cells whose state another table decides (a cross-tab's margins are a question's results) are
//! `fixed`: they are never hidden or shown here, only counted as known or unknown. The cells
//! chosen are the smallest counts that break the relation, so that as little as possible is
//! lost. Counts of 0 are shown (they point at nobody), except where nothing else is left to hide
//! with a small count; so a hidden count may be 0, and nobody can assume it is at least 1.

#![allow(
    clippy::indexing_slicing,
    reason = "every index is a cell of the table: `Table` only takes sums and bounds of cells it holds"
)]

/// A sum: `total` = the sum of `parts` (plus a constant that does not matter here, such as
/// answers recorded at a parent unit itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Counts and the sums that tie them.
#[derive(Debug, Clone, Default)]
pub struct Table {
    values: Vec<u64>,
    /// `Some(hidden)` where another table has decided the cell's state.
    fixed: Vec<Option<bool>>,
    sums: Vec<Sum>,
    /// `(a, b)`: cell `a` is at most cell `b` (an option of a question with several answers at
    /// most its answers, the answers at most the respondents), which an attacker knows too.
    at_most: Vec<(usize, usize)>,
    /// What an attacker already knows of a cell from elsewhere (its smallest and largest
    /// possible value, from the table that shows it): narrows the cell here from the start.
    known: Vec<Option<(f64, f64)>>,
    /// Cells published nowhere (a figure the sums need but no page shows): protected only when
    /// small.
    unpublished: Vec<bool>,
}

impl Table {
    /// Adds a cell and returns its index.
    pub fn cell(&mut self, value: u64) -> usize {
        self.values.push(value);
        self.fixed.push(None);
        self.known.push(None);
        self.unpublished.push(false);
        self.values.len() - 1
    }

    /// Adds a cell whose state is decided elsewhere, with what can be known of it there.
    pub fn fixed_cell(&mut self, value: u64, hidden: bool) -> usize {
        let c = self.cell(value);
        self.fixed[c] = Some(hidden);
        c
    }

    /// Adds a cell decided elsewhere and hidden there, known there to lie within `bounds`.
    pub fn known_cell(&mut self, value: u64, bounds: (f64, f64)) -> usize {
        let c = self.fixed_cell(value, true);
        self.known[c] = Some(bounds);
        c
    }

    /// Adds a figure that no page shows.
    pub fn unpublished_cell(&mut self, value: u64) -> usize {
        let c = self.fixed_cell(value, true);
        self.unpublished[c] = true;
        c
    }

    /// A cell's count.
    pub fn value(&self, cell: usize) -> u64 {
        self.values.get(cell).copied().unwrap_or(0)
    }

    /// Records that cell `a` is at most cell `b` (ignored unless both are cells of the table).
    pub fn at_most(&mut self, a: usize, b: usize) {
        if a < self.values.len() && b < self.values.len() {
            self.at_most.push((a, b));
        }
    }

    /// Adds a sum; sums with no parts, or naming a cell the table does not hold, are left out.
    pub fn sum(&mut self, total: usize, parts: Vec<usize>) {
        let n = self.values.len();
        if !parts.is_empty() && total < n && parts.iter().all(|p| *p < n) {
            self.sums.push(Sum { total, parts });
        }
    }
}

/// Which cells are hidden, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub hidden: Vec<bool>,
    /// Cells hidden for being under the threshold (the others hidden were hidden to protect them,
    /// or were fixed hidden).
    pub primary: usize,
    pub secondary: usize,
    /// Hidden cells that could still be worked out because no cell was left to hide with them
    /// (every other cell of their sums is fixed or zero). Zero in every table the program
    /// builds; kept for the tests and the logs.
    pub exposed: usize,
}

impl Suppression {
    pub fn is_hidden(&self, cell: usize) -> bool {
        self.hidden.get(cell).copied().unwrap_or(false)
    }
}

/// Hides every cell from 1 to `threshold - 1`, then what is needed so that none of them can be
/// worked out from the cells shown.
pub fn suppress(table: &Table, threshold: u64) -> Suppression {
    let n = table.values.len();
    let mut hidden: Vec<bool> = (0..n)
        .map(|c| {
            table
                .fixed
                .get(c)
                .copied()
                .flatten()
                .unwrap_or_else(|| (1..threshold).contains(&table.values[c]))
        })
        .collect();
    let primary = (0..n)
        .filter(|c| table.fixed[*c].is_none() && hidden[*c])
        .count();
    // The sums each cell is in.
    let mut sums_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (s, sum) in table.sums.iter().enumerate() {
        sums_of[sum.total].push(s);
        for p in &sum.parts {
            sums_of[*p].push(s);
        }
    }
    // A cell pinned by a bound `a ≤ b` is freed by hiding the other side too.
    let mut bound_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in &table.at_most {
        bound_of[*a].push(*b);
        bound_of[*b].push(*a);
    }
    let mut exposed = Vec::new();
    // Each round hides at least one cell or ends; a table cannot need more rounds than cells.
    for _ in 0..=n {
        let mut needs: Vec<usize> = Vec::new();
        let mut grown = false;
        for sum in &table.sums {
            let cells = || std::iter::once(sum.total).chain(sum.parts.iter().copied());
            let hidden_cells: Vec<usize> = cells().filter(|c| hidden[*c]).collect();
            if hidden_cells.len() == 1 {
                needs.push(hidden_cells[0]);
            } else if !hidden_cells.is_empty() && !hidden[sum.total] {
                // The hidden parts' sum is known: if it is 0, each is; if it equals their number,
                // each is most likely 1 (a hidden 0 is rare).
                let known: u64 = hidden_cells.iter().map(|c| table.values[*c]).sum();
                if known == 0 || known == hidden_cells.len() as u64 {
                    // Another part of this sum, above 0.
                    let free = |c: &usize| {
                        !hidden[*c] && table.fixed[*c].is_none() && table.values[*c] > 0
                    };
                    let pick = sum
                        .parts
                        .iter()
                        .copied()
                        .filter(free)
                        .min_by_key(|c| table.values[*c])
                        .or_else(|| free(&sum.total).then_some(sum.total));
                    match pick {
                        Some(c) => {
                            hidden[c] = true;
                            grown = true;
                        }
                        None => needs.push(hidden_cells[0]),
                    }
                }
            }
        }
        // The sums one at a time first (cheap); when they ask for nothing more that can be
        // given, the sums together.
        let mut changed = protect(table, &mut hidden, &sums_of, needs, &mut exposed) || grown;
        if !changed {
            let needs = determined(table, &hidden, &sums_of, threshold);
            changed = protect(table, &mut hidden, &sums_of, needs, &mut exposed);
        }
        if !changed {
            let needs = narrowed(table, &hidden, threshold);
            // Hidden cells at a bound: the other side of the bound goes too, when shown.
            for c in &needs {
                for other in &bound_of[*c] {
                    if !hidden[*other] && table.fixed[*other].is_none() && table.values[*other] > 0
                    {
                        hidden[*other] = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                changed = protect(table, &mut hidden, &sums_of, needs, &mut exposed);
            }
        }
        if !changed {
            break;
        }
    }
    let total_hidden = hidden.iter().filter(|h| **h).count();
    let fixed_hidden = table.fixed.iter().filter(|f| **f == Some(true)).count();
    Suppression {
        secondary: total_hidden - fixed_hidden - primary,
        hidden,
        primary,
        exposed: exposed.len(),
    }
}

/// Hides a partner for each cell in `needs`; whether any was hidden. Cells left without one are
/// in `exposed`.
fn protect(
    table: &Table,
    hidden: &mut [bool],
    sums_of: &[Vec<usize>],
    mut needs: Vec<usize>,
    exposed: &mut Vec<usize>,
) -> bool {
    needs.sort_unstable();
    needs.dedup();
    exposed.clear();
    let mut changed = false;
    for cell in needs {
        match complement(table, hidden, sums_of, cell) {
            Some(other) => {
                hidden[other] = true;
                changed = true;
            }
            None => exposed.push(cell),
        }
    }
    changed
}

/// The cell to hide with `cell`: in the sums holding it, the smallest shown count above 0 that
/// is not fixed, preferring parts to totals (a total hidden loses more).
fn complement(
    table: &Table,
    hidden: &[bool],
    sums_of: &[Vec<usize>],
    cell: usize,
) -> Option<usize> {
    // A shown count of 0 can go too, when nothing else can: a hidden cell may then be 0, which
    // is why nobody may assume a hidden count is at least 1.
    // Not a 0 that a shown total of 0 pins anyway. A 0 that is the total of zeros can go: one
    // of those zeros then goes with it in a later round, down to the smallest unit.
    let useful_zero = |c: usize| {
        sums_of[c].iter().all(|s| {
            let sum = &table.sums[*s];
            sum.total == c || hidden[sum.total] || table.values[sum.total] > 0
        })
    };
    let free = |c: usize| {
        !hidden[c] && table.fixed[c].is_none() && (table.values[c] > 0 || useful_zero(c))
    };
    let mut best: Option<(bool, bool, u64, usize)> = None;
    for s in &sums_of[cell] {
        let sum = &table.sums[*s];
        let candidates = sum
            .parts
            .iter()
            .map(|p| (false, *p))
            .chain(std::iter::once((true, sum.total)));
        for (is_total, c) in candidates {
            if c != cell && free(c) {
                let key = (table.values[c] == 0, is_total, table.values[c], c);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
    }
    best.map(|(_, _, _, c)| c)
}

/// Hidden cells whose possible values the sums narrow to one, a hidden count being 0 or more: each sum bounds each of its cells by the bounds of the others, over
/// and over until nothing moves (interval propagation, as an attacker would do it by hand).
fn narrowed(table: &Table, hidden: &[bool], threshold: u64) -> Vec<usize> {
    let (low, high) = intervals(table, hidden);
    (0..table.values.len())
        .filter(|c| hidden[*c] && (low[*c] - 1e-9).ceil() >= (high[*c] + 1e-9).floor())
        .filter(|c| !table.unpublished[*c] || (1..threshold).contains(&table.values[*c]))
        .collect()
}

/// The smallest and largest value an attacker can give each cell from the cells shown, the sums
/// and the bounds.
pub fn intervals(table: &Table, hidden: &[bool]) -> (Vec<f64>, Vec<f64>) {
    let n = table.values.len();
    let mut low: Vec<f64> = (0..n)
        .map(|c| {
            if hidden[c] {
                0.0
            } else {
                table.values[c] as f64
            }
        })
        .collect();
    let mut high: Vec<f64> = (0..n)
        .map(|c| {
            if hidden[c] {
                f64::INFINITY
            } else {
                table.values[c] as f64
            }
        })
        .collect();
    for (c, k) in table.known.iter().enumerate() {
        if let (Some((lo, hi)), true) = (k, hidden[c]) {
            low[c] = low[c].max(*lo);
            high[c] = high[c].min(*hi);
        }
    }
    for _ in 0..100 {
        let mut moved = false;
        for sum in &table.sums {
            let parts_low: f64 = sum.parts.iter().map(|p| low[*p]).sum();
            // Highs may be unbounded: their finite sum and how many are not.
            let finite_high: f64 = sum
                .parts
                .iter()
                .map(|p| high[*p])
                .filter(|h| h.is_finite())
                .sum();
            let unbounded = sum.parts.iter().filter(|p| !high[**p].is_finite()).count();
            let parts_high = if unbounded > 0 {
                f64::INFINITY
            } else {
                finite_high
            };
            // The constant outside the parts (answers at a parent itself) is known.
            let rest = table.values[sum.total] as f64
                - sum
                    .parts
                    .iter()
                    .map(|p| table.values[*p] as f64)
                    .sum::<f64>();
            let t = sum.total;
            if parts_low + rest > low[t] {
                low[t] = parts_low + rest;
                moved = true;
            }
            if parts_high + rest < high[t] {
                high[t] = parts_high + rest;
                moved = true;
            }
            for p in &sum.parts {
                let others_low = parts_low - low[*p];
                let others_high = match (unbounded, high[*p].is_finite()) {
                    (0, _) => finite_high - high[*p],
                    (1, false) => finite_high,
                    _ => f64::INFINITY,
                };
                let up = high[t] - rest - others_low;
                if up < high[*p] {
                    high[*p] = up;
                    moved = true;
                }
                if others_high.is_finite() {
                    let down = low[t] - rest - others_high;
                    if down > low[*p] {
                        low[*p] = down;
                        moved = true;
                    }
                }
            }
        }
        for (a, b) in &table.at_most {
            if high[*b] < high[*a] {
                high[*a] = high[*b];
                moved = true;
            }
            if low[*a] > low[*b] {
                low[*b] = low[*a];
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    (low, high)
}

/// Hidden cells the sums pin down exactly, found by reduced row echelon form of the sums over
/// the hidden cells, one group of linked hidden cells at a time.
fn determined(
    table: &Table,
    hidden: &[bool],
    sums_of: &[Vec<usize>],
    threshold: u64,
) -> Vec<usize> {
    let n = table.values.len();
    // Group the hidden cells linked through a sum (union-find).
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut c: usize) -> usize {
        while parent[c] != c {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        c
    }
    for sum in &table.sums {
        let mut first: Option<usize> = None;
        for c in std::iter::once(sum.total).chain(sum.parts.iter().copied()) {
            if hidden[c] {
                match first {
                    None => first = Some(c),
                    Some(f) => {
                        let (a, b) = (root(&mut parent, f), root(&mut parent, c));
                        parent[a] = b;
                    }
                }
            }
        }
    }
    let mut groups: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for c in (0..n).filter(|c| hidden[*c]) {
        let r = root(&mut parent, c);
        groups.entry(r).or_default().push(c);
    }
    let mut out = Vec::new();
    for cells in groups.values() {
        // Every cell hidden here must stay unknown; cells fixed hidden elsewhere (a figure not
        // published at all) only when they are small.
        let index: std::collections::HashMap<usize, usize> =
            cells.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        let mut seen = std::collections::HashSet::new();
        let mut rows: Vec<Vec<f64>> = Vec::new();
        for c in cells {
            for s in &sums_of[*c] {
                if !seen.insert(*s) {
                    continue;
                }
                let sum = &table.sums[*s];
                let mut row = vec![0.0; cells.len()];
                if let Some(i) = index.get(&sum.total) {
                    row[*i] += 1.0;
                }
                for p in &sum.parts {
                    if let Some(i) = index.get(p) {
                        row[*i] -= 1.0;
                    }
                }
                if row.iter().any(|x| *x != 0.0) {
                    rows.push(row);
                }
            }
        }
        for col in pinned(&mut rows, cells.len()) {
            let cell = cells[col];
            if !table.unpublished[cell] || (1..threshold).contains(&table.values[cell]) {
                out.push(cell);
            }
        }
    }
    out
}

/// The columns that reduced row echelon form of `rows` leaves alone in a row: those whose value
/// the equations fix.
fn pinned(rows: &mut [Vec<f64>], width: usize) -> Vec<usize> {
    const EPS: f64 = 1e-9;
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut r = 0;
    for col in 0..width {
        if r >= rows.len() {
            break;
        }
        let Some(p) = (r..rows.len()).max_by(|a, b| {
            rows[*a][col]
                .abs()
                .partial_cmp(&rows[*b][col].abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        }) else {
            break;
        };
        if rows[p][col].abs() < EPS {
            continue;
        }
        rows.swap(r, p);
        let lead = rows[r][col];
        for x in rows[r].iter_mut() {
            *x /= lead;
        }
        let pivot_row = rows[r].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != r && row[col].abs() > EPS {
                let f = row[col];
                for (x, y) in row.iter_mut().zip(&pivot_row) {
                    *x -= f * y;
                }
            }
        }
        pivots.push((r, col));
        r += 1;
    }
    pivots
        .into_iter()
        .filter(|(row, col)| {
            rows[*row]
                .iter()
                .enumerate()
                .all(|(c, x)| c == *col || x.abs() < EPS)
        })
        .map(|(_, col)| col)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A total with its parts.
    fn row(table: &mut Table, parts: &[u64]) -> (usize, Vec<usize>) {
        let cells: Vec<usize> = parts.iter().map(|v| table.cell(*v)).collect();
        let total = table.cell(parts.iter().sum());
        table.sum(total, cells.clone());
        (total, cells)
    }

    #[test]
    fn a_lone_small_count_gets_a_partner() {
        let mut t = Table::default();
        let (total, cells) = row(&mut t, &[40, 3, 12, 7]);
        let s = suppress(&t, 5);
        assert!(s.is_hidden(cells[1]));
        // The smallest other part goes with it, not the total.
        assert!(s.is_hidden(cells[3]) && !s.is_hidden(cells[2]) && !s.is_hidden(total));
        assert_eq!((s.primary, s.secondary, s.exposed), (1, 1, 0));
    }

    #[test]
    fn two_hidden_ones_are_not_left_alone() {
        let mut t = Table::default();
        let (_, cells) = row(&mut t, &[40, 1, 1, 9]);
        let s = suppress(&t, 5);
        assert!(s.is_hidden(cells[1]) && s.is_hidden(cells[2]));
        assert!(s.is_hidden(cells[3]), "1 + 1 = 2 would give both away");
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let mut t = Table::default();
        row(&mut t, &[40, 0, 12, 7]);
        let s = suppress(&t, 5);
        assert!(s.hidden.iter().all(|h| !h));
    }

    /// A two-way table with both margins and a grand total: a hidden cell needs a partner in its
    /// row and in its column, and the pattern as a whole must leave each free.
    #[test]
    fn two_way_tables_are_protected_in_both_directions() {
        let values = [[20u64, 2, 9], [11, 14, 6], [8, 7, 30]];
        let mut t = Table::default();
        let cells: Vec<Vec<usize>> = values
            .iter()
            .map(|r| r.iter().map(|v| t.cell(*v)).collect())
            .collect();
        let rows: Vec<usize> = values.iter().map(|r| t.cell(r.iter().sum())).collect();
        let cols: Vec<usize> = (0..3)
            .map(|j| t.cell(values.iter().map(|r| r[j]).sum()))
            .collect();
        let grand = t.cell(values.iter().flatten().sum());
        for i in 0..3 {
            t.sum(rows[i], cells[i].clone());
            t.sum(cols[i], cells.iter().map(|r| r[i]).collect());
        }
        t.sum(grand, rows.clone());
        t.sum(grand, cols.clone());
        let s = suppress(&t, 5);
        assert_eq!(s.exposed, 0);
        let hidden_in = |c: &[usize]| c.iter().filter(|c| s.is_hidden(**c)).count();
        assert!(s.is_hidden(cells[0][1]));
        for i in 0..3 {
            let row = &cells[i];
            let col: Vec<usize> = cells.iter().map(|r| r[i]).collect();
            assert_ne!(hidden_in(row), 1, "row {i}");
            assert_ne!(hidden_in(&col), 1, "column {i}");
        }
    }

    /// A parent and its children, each with a question's options: hiding a child's small count
    /// must hold across the tree as well as across the options.
    #[test]
    fn hierarchies_are_protected_at_every_level() {
        // Children's counts per option.
        let children = [[30u64, 2, 10], [25, 12, 9], [40, 7, 6]];
        let mut t = Table::default();
        let mut child_cells = Vec::new();
        let mut child_totals = Vec::new();
        for c in &children {
            let (total, cells) = row(&mut t, c);
            child_cells.push(cells);
            child_totals.push(total);
        }
        let parent: Vec<usize> = (0..3)
            .map(|o| t.cell(children.iter().map(|c| c[o]).sum()))
            .collect();
        let parent_total = t.cell(children.iter().flatten().sum());
        t.sum(parent_total, parent.clone());
        t.sum(parent_total, child_totals.clone());
        for o in 0..3 {
            t.sum(parent[o], child_cells.iter().map(|c| c[o]).collect());
        }
        let s = suppress(&t, 5);
        assert_eq!(s.exposed, 0);
        assert!(s.is_hidden(child_cells[0][1]));
        // Down the tree: another child's count of the same option is hidden too.
        assert!(
            child_cells[1..].iter().any(|c| s.is_hidden(c[1])),
            "{:?}",
            s.hidden
        );
    }

    #[test]
    fn fixed_cells_are_neither_hidden_nor_shown_here() {
        let mut t = Table::default();
        let a = t.cell(3);
        let b = t.cell(20);
        let total = t.fixed_cell(23, false);
        t.sum(total, vec![a, b]);
        let s = suppress(&t, 5);
        assert!(s.is_hidden(a) && s.is_hidden(b) && !s.is_hidden(total));
        let mut t = Table::default();
        let a = t.cell(3);
        let total = t.fixed_cell(3, false);
        t.sum(total, vec![a]);
        assert_eq!(suppress(&t, 5).exposed, 1, "nothing left to hide with it");
    }

    #[test]
    fn a_zero_that_is_a_total_of_zeros_goes_with_one_of_them() {
        // A row shown as 8 whose only other part is 0: that 0 must go, and since it is a unit's
        // total of zeros, one of the zeros below it goes too, or it would still read 0.
        let mut t = Table::default();
        let total = t.fixed_cell(8, false);
        let a = t.fixed_cell(8, true);
        let (b, below) = row(&mut t, &[0, 0]);
        t.sum(total, vec![a, b]);
        let s = suppress(&t, 5);
        assert_eq!(s.exposed, 0);
        assert!(s.is_hidden(b) && below.iter().any(|c| s.is_hidden(*c)));
        let (low, high) = intervals(&t, &s.hidden);
        assert!(high[a] - low[a] >= 1.0, "{} ..= {}", low[a], high[a]);
    }

    #[test]
    fn a_bridge_between_two_protected_squares_is_found() {
        // Row and column sums over hidden cells that pass the one-partner rule but still pin a
        // cell: the reduced system finds it and hides more.
        let mut rows = vec![
            vec![1.0, 1.0, 0.0, 0.0],
            vec![0.0, 0.0, 1.0, 1.0],
            vec![1.0, 0.0, 1.0, 0.0],
            vec![0.0, 1.0, 0.0, 0.0],
        ];
        let p = pinned(&mut rows, 4);
        assert_eq!(p.len(), 4, "all four are fixed by four independent sums");
        let mut rows = vec![vec![1.0, 1.0, 0.0], vec![0.0, 1.0, 1.0]];
        assert!(pinned(&mut rows, 3).is_empty());
    }
}

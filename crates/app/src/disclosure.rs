//! Which counts readers who see no names (analysts) get, for every figure they can ask for: a
//! survey's results at every unit of the tree, its cross-tabs, the themes of its free text, and
//! the people per ladder stage. Each is laid out as a table of counts tied by sums (a parent is
//! the sum of its children, a question's answers the sum of its options, a cross-tab's margins
//! the sums of its cells) and handed to [`enquete_analysis::disclosure::suppress`], which hides
//! the counts under 5 and then as many more as it takes for none of them to be worked out from
//! what is shown. docs/privacy.md says what this covers.
//!
//! The survey's results are decided first, over the whole tree, and are the same for every
//! reader; a cross-tab takes them as its margins (a margin shown in the results is shown in the
//! cross-tab, a hidden one stays hidden), so that the two cannot be played against each other.

#![allow(
    clippy::indexing_slicing,
    reason = "tables are laid out by position: units of the snapshot's tree (only those with results), questions and options of its definition, the same lengths throughout"
)]

use crate::results::Snapshot;
use enquete_analysis::StageTotals;
use enquete_analysis::disclosure::{Suppression, Table, intervals, suppress};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::Stage;
use enquete_domain::policy::SMALL_CELL;
use enquete_domain::survey::QuestionKind;
use std::collections::HashMap;

mod bins;
pub use bins::{BinMask, Total};

/// The units of the tree that have figures, with their children among them.
struct Tree {
    /// Position of each unit in `ids`.
    index: HashMap<UnitId, usize>,
    ids: Vec<UnitId>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

impl Tree {
    fn new<'a>(units: impl Iterator<Item = &'a Unit> + Clone) -> Self {
        Self::of(units.map(|u| (u.id, u.parent)))
    }

    /// From (unit, parent) pairs, parents before children.
    fn of(units: impl Iterator<Item = (UnitId, Option<UnitId>)> + Clone) -> Self {
        let ids: Vec<UnitId> = units.clone().map(|u| u.0).collect();
        let index: HashMap<UnitId, usize> = ids.iter().enumerate().map(|(i, u)| (*u, i)).collect();
        let mut children = vec![Vec::new(); ids.len()];
        let mut parent = vec![None; ids.len()];
        for (id, up) in units {
            if let (Some(p), Some(c)) = (up.and_then(|p| index.get(&p)), index.get(&id)) {
                children[*p].push(*c);
                parent[*c] = Some(*p);
            }
        }
        Self {
            index,
            ids,
            parent,
            children,
        }
    }

    /// Adds, for a figure laid out as one cell per unit, the sums parent = children.
    fn sums(&self, table: &mut Table, cells: &[usize]) {
        for (u, kids) in self.children.iter().enumerate() {
            table.sum(cells[u], kids.iter().map(|k| cells[*k]).collect());
        }
    }
}

/// Which of a survey's results are hidden, at every unit, for readers who see no names.
pub struct ResultsMask {
    tree: Tree,
    responses: Vec<bool>,
    /// `[question][unit]`
    answered: Vec<Vec<bool>>,
    /// `[question][unit][option]`
    chosen: Vec<Vec<Vec<bool>>>,
    first: Vec<Vec<Vec<bool>>>,
    /// What an attacker can tell of each hidden figure from the results: `[question][unit]`
    /// for the answers, `[question][unit][option]` for the options.
    answered_bounds: Vec<Vec<(f64, f64)>>,
    chosen_bounds: Vec<Vec<Vec<(f64, f64)>>>,
    first_bounds: Vec<Vec<Vec<(f64, f64)>>>,
}

/// A question's results laid out in a table: per unit, the answers, each option, each
/// ranking's first places.
struct Laid {
    a: Vec<usize>,
    c: Vec<Vec<usize>>,
    f: Vec<Vec<usize>>,
}

/// Lays out question `qi`'s results over the tree in `table`, with the sums and bounds that tie
/// them. `decided`: the results mask already worked out, whose states and bounds the cells then
/// take (as margins of another table); `None` to decide them here.
fn lay_question(
    table: &mut Table,
    snap: &Snapshot,
    tree: &Tree,
    qi: usize,
    responses: &[bool],
    decided: Option<&ResultsMask>,
) -> Laid {
    let at = |u: usize| &snap.raw[&tree.ids[u]];
    let q = &snap.survey.definition.questions[qi];
    let options = q.kind.choices().len();
    let ranked = matches!(q.kind, QuestionKind::Ranking { .. });
    // Asked in a repeat, a single choice is read per response as the choices of any row.
    let single = snap.survey.definition.one_answer(qi);
    let multiple = !single
        && matches!(
            q.kind,
            QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }
        );
    let units = tree.ids.len();
    let mut a = Vec::with_capacity(units);
    let mut c = Vec::with_capacity(units);
    let mut f = Vec::with_capacity(units);
    for u in 0..units {
        let id = tree.ids[u];
        let r = &at(u).questions[qi];
        let everyone = r.answered() == at(u).responses;
        a.push(match decided {
            Some(m) => m.margin(table, id, qi, None, r.answered()),
            // Where everyone answered, the answers are the respondents: a cross-tab with
            // another such question gives them away, so they are shown or hidden with the
            // respondents.
            None if everyone => table.fixed_cell(r.answered(), responses[u]),
            None => table.cell(r.answered()),
        });
        if !everyone {
            // Elsewhere the answers are at most the respondents.
            let all = table.fixed_cell(at(u).responses, responses[u]);
            table.at_most(a[u], all);
        }
        c.push(
            (0..options)
                .map(|i| {
                    let v = r.chosen.get(i).map_or(0, |s| s.count);
                    match decided {
                        Some(m) => m.margin(table, id, qi, Some(i), v),
                        None => table.cell(v),
                    }
                })
                .collect::<Vec<_>>(),
        );
        f.push(if ranked {
            (0..options)
                .map(|i| {
                    let v = r.first.get(i).map_or(0, |s| s.count);
                    match decided {
                        Some(m) => match m
                            .at(id)
                            .and_then(|u| m.first_bounds.get(qi)?.get(u)?.get(i).copied())
                        {
                            Some(b) if m.first(id, qi, i) => table.known_cell(v, b),
                            _ => table.fixed_cell(v, m.first(id, qi, i)),
                        },
                        None => table.cell(v),
                    }
                })
                .collect::<Vec<_>>()
        } else {
            Vec::new()
        });
        // Several answers (and rankings): each option at most the answers; a ranking's first
        // places at most the times the option was named.
        if multiple || ranked {
            for option in &c[u] {
                table.at_most(*option, a[u]);
            }
        }
        for (first, named) in f[u].iter().zip(&c[u]) {
            table.at_most(*first, *named);
        }
    }
    tree.sums(table, &a);
    for i in 0..options {
        let column: Vec<usize> = c.iter().map(|row| row[i]).collect();
        tree.sums(table, &column);
        if ranked {
            let column: Vec<usize> = f.iter().map(|row| row[i]).collect();
            tree.sums(table, &column);
        }
    }
    // One answer each: the options add up to the answers; rankings: the firsts do.
    for u in 0..units {
        let parts = if single {
            &c[u]
        } else if ranked {
            &f[u]
        } else {
            continue;
        };
        let added: u64 = parts.iter().map(|p| table.value(*p)).sum();
        if added == table.value(a[u]) {
            table.sum(a[u], parts.clone());
        }
    }
    Laid { a, c, f }
}

impl ResultsMask {
    /// Lays out and protects the results of every question over the whole tree.
    pub fn build(snap: &Snapshot) -> Self {
        let tree = Tree::new(snap.units.iter().filter(|u| snap.raw.contains_key(&u.id)));
        let at = |u: usize| &snap.raw[&tree.ids[u]];
        let units = tree.ids.len();
        // Respondents per unit.
        let mut table = Table::default();
        let cells: Vec<usize> = (0..units).map(|u| table.cell(at(u).responses)).collect();
        tree.sums(&mut table, &cells);
        let s = suppress(&table, SMALL_CELL);
        let responses: Vec<bool> = cells.iter().map(|c| s.is_hidden(*c)).collect();
        let mut answered = Vec::new();
        let mut chosen = Vec::new();
        let mut first = Vec::new();
        let mut answered_bounds = Vec::new();
        let mut chosen_bounds = Vec::new();
        let mut first_bounds = Vec::new();
        for qi in 0..snap.survey.definition.questions.len() {
            let mut table = Table::default();
            let Laid { a, c, f } = lay_question(&mut table, snap, &tree, qi, &responses, None);
            let s = suppress(&table, SMALL_CELL);
            log(&s, "results");
            answered.push(a.iter().map(|x| s.is_hidden(*x)).collect());
            let hidden = |rows: &Vec<Vec<usize>>| -> Vec<Vec<bool>> {
                rows.iter()
                    .map(|row| row.iter().map(|x| s.is_hidden(*x)).collect())
                    .collect()
            };
            chosen.push(hidden(&c));
            first.push(hidden(&f));
            let (low, high) = intervals(&table, &s.hidden);
            answered_bounds.push(a.iter().map(|x| (low[*x], high[*x])).collect());
            let bounds = |rows: &Vec<Vec<usize>>| -> Vec<Vec<(f64, f64)>> {
                rows.iter()
                    .map(|row| row.iter().map(|x| (low[*x], high[*x])).collect())
                    .collect()
            };
            chosen_bounds.push(bounds(&c));
            first_bounds.push(bounds(&f));
        }
        Self {
            tree,
            responses,
            answered,
            chosen,
            first,
            answered_bounds,
            chosen_bounds,
            first_bounds,
        }
    }

    fn at(&self, unit: UnitId) -> Option<usize> {
        self.tree.index.get(&unit).copied()
    }

    /// Whether the number of respondents at a unit is hidden.
    pub fn responses(&self, unit: UnitId) -> bool {
        self.at(unit)
            .and_then(|u| self.responses.get(u).copied())
            .unwrap_or(true)
    }

    /// Whether the number who answered question `q` at a unit is hidden.
    pub fn answered(&self, unit: UnitId, q: usize) -> bool {
        self.at(unit)
            .and_then(|u| self.answered.get(q)?.get(u).copied())
            .unwrap_or(true)
    }

    /// Whether the number who chose option `i` of question `q` at a unit is hidden.
    pub fn chosen(&self, unit: UnitId, q: usize, i: usize) -> bool {
        self.at(unit)
            .and_then(|u| self.chosen.get(q)?.get(u)?.get(i).copied())
            .unwrap_or(true)
    }

    /// A figure of question `q` at a unit as another table must take it: shown, or hidden
    /// with what the results let anyone tell of it (option `None`: the answers).
    fn margin(
        &self,
        table: &mut Table,
        unit: UnitId,
        q: usize,
        option: Option<usize>,
        value: u64,
    ) -> usize {
        let (hidden, bounds) = match option {
            Some(i) => (
                self.chosen(unit, q, i),
                self.at(unit)
                    .and_then(|u| self.chosen_bounds.get(q)?.get(u)?.get(i).copied()),
            ),
            None => (
                self.answered(unit, q),
                self.at(unit)
                    .and_then(|u| self.answered_bounds.get(q)?.get(u).copied()),
            ),
        };
        match (hidden, bounds) {
            (true, Some(b)) => table.known_cell(value, b),
            (h, _) => table.fixed_cell(value, h),
        }
    }

    /// Rankings: whether the number who put option `i` first is hidden.
    pub fn first(&self, unit: UnitId, q: usize, i: usize) -> bool {
        self.at(unit)
            .and_then(|u| self.first.get(q)?.get(u)?.get(i).copied())
            .unwrap_or(true)
    }
}

fn log(s: &Suppression, what: &str) {
    if s.exposed > 0 {
        tracing::warn!(
            what,
            exposed = s.exposed,
            "counts under 5 left with nothing to hide them with"
        );
    }
}

/// Which cells of a cross-tab of question `q` by question `by` are hidden, at every unit.
pub struct CrossMask {
    tree: Tree,
    /// `[unit][row][column]`
    cells: Vec<Vec<Vec<bool>>>,
    /// `[unit][column]`: respondents of the column.
    columns: Vec<Vec<bool>>,
    /// `[unit][row]`: respondents of the row (the columns of the cross-tab turned).
    rows: Vec<Vec<bool>>,
}

impl CrossMask {
    /// Lays out the cross-tab at every unit, with the results as its margins, and protects it.
    /// Questions with one answer are laid out the same way whichever is `q`: the cross-tab of
    /// `by` by `q` is this one turned, and gives the same cells.
    pub fn build(snap: &Snapshot, results: &ResultsMask, q: usize, by: usize) -> Option<Self> {
        let def = &snap.survey.definition;
        let (qk, bk) = (&def.questions.get(q)?.kind, &def.questions.get(by)?.kind);
        let single = def.one_answer(q);
        let (rows, cols) = (qk.choices().len(), bk.choices().len());
        let counts = enquete_analysis::crosstab::count_by_section(&snap.data, q, rows, by, cols)?;
        let tree = Tree::new(snap.units.iter().filter(|u| snap.raw.contains_key(&u.id)));
        let units = tree.ids.len();
        // Counts per unit: the sections' own, then rolled up (children come after parents).
        let mut x = vec![vec![vec![0u64; cols]; rows]; units];
        let mut n = vec![vec![0u64; cols]; units];
        for (section, c) in counts.iter().enumerate() {
            let Some(u) = snap
                .data
                .unit_ids
                .get(section)
                .and_then(|id| tree.index.get(id))
            else {
                continue;
            };
            add(&mut x[*u], &mut n[*u], &c.cells, &c.columns);
        }
        for u in (0..units).rev() {
            if let Some(p) = tree.parent[u] {
                let (cells, columns) = (x[u].clone(), n[u].clone());
                add(&mut x[p], &mut n[p], &cells, &columns);
            }
        }
        let at = |u: usize| &snap.raw[&tree.ids[u]];
        let mut table = Table::default();
        // Both questions' results as they are shown, with all that ties them: what an attacker
        // holding the results knows of the margins.
        let lq = lay_question(
            &mut table,
            snap,
            &tree,
            q,
            &results.responses,
            Some(results),
        );
        let lb = lay_question(
            &mut table,
            snap,
            &tree,
            by,
            &results.responses,
            Some(results),
        );
        let mut xc = Vec::with_capacity(units);
        let mut nc = Vec::with_capacity(units);
        let mut rc = Vec::with_capacity(units);
        let mut ac = Vec::with_capacity(units);
        for u in 0..units {
            let cells: Vec<Vec<usize>> = x[u]
                .iter()
                .map(|row| row.iter().map(|v| table.cell(*v)).collect())
                .collect();
            // A margin equal to a result is that result, shown or hidden as it is there.
            let chosen_b = |j: usize| at(u).questions[by].chosen.get(j).map_or(0, |s| s.count);
            let columns: Vec<usize> = (0..cols)
                .map(|j| {
                    if n[u][j] == chosen_b(j) {
                        lb.c[u][j]
                    } else {
                        table.cell(n[u][j])
                    }
                })
                .collect();
            let chosen_q = |i: usize| at(u).questions[q].chosen.get(i).map_or(0, |s| s.count);
            let row_totals: Vec<usize> = (0..rows)
                .map(|i| {
                    let v: u64 = x[u][i].iter().sum();
                    if v == chosen_q(i) {
                        lq.c[u][i]
                    } else if single {
                        // Given as a column of the cross-tab turned the other way.
                        table.cell(v)
                    } else {
                        table.unpublished_cell(v)
                    }
                })
                .collect();
            let both: u64 = n[u].iter().sum();
            let all = table.unpublished_cell(both);
            // Where all who answered one question answered the other, the cross-tab's total is
            // that question's answers.
            for (question, laid) in [(q, &lq), (by, &lb)] {
                if both == at(u).questions[question].answered() {
                    table.sum(laid.a[u], vec![all]);
                }
            }
            for (i, row) in cells.iter().enumerate() {
                table.sum(row_totals[i], row.clone());
            }
            if single {
                for (j, col) in columns.iter().enumerate() {
                    table.sum(*col, cells.iter().map(|r| r[j]).collect());
                }
                table.sum(all, row_totals.clone());
            }
            table.sum(all, columns.clone());
            xc.push(cells);
            nc.push(columns);
            rc.push(row_totals);
            ac.push(all);
        }
        tree.sums(&mut table, &ac);
        for i in 0..rows {
            tree.sums(&mut table, &rc.iter().map(|r| r[i]).collect::<Vec<_>>());
            for j in 0..cols {
                tree.sums(&mut table, &xc.iter().map(|c| c[i][j]).collect::<Vec<_>>());
            }
        }
        for j in 0..cols {
            tree.sums(&mut table, &nc.iter().map(|c| c[j]).collect::<Vec<_>>());
        }
        let s = suppress(&table, SMALL_CELL);
        log(&s, "cross-tab");
        Some(Self {
            cells: xc
                .iter()
                .map(|u| {
                    u.iter()
                        .map(|r| r.iter().map(|c| s.is_hidden(*c)).collect())
                        .collect()
                })
                .collect(),
            columns: nc
                .iter()
                .map(|u| u.iter().map(|c| s.is_hidden(*c)).collect())
                .collect(),
            rows: rc
                .iter()
                .map(|u| u.iter().map(|c| s.is_hidden(*c)).collect())
                .collect(),
            tree,
        })
    }

    /// Whether the cell of option `row` in column `col` is hidden at a unit (`turned`: the
    /// cross-tab asked for is this one turned, `row` an option of its `by`).
    pub fn cell(&self, unit: UnitId, row: usize, col: usize, turned: bool) -> bool {
        let (row, col) = if turned { (col, row) } else { (row, col) };
        self.tree
            .index
            .get(&unit)
            .and_then(|u| self.cells.get(*u)?.get(row)?.get(col).copied())
            .unwrap_or(true)
    }

    /// Whether the number of respondents of a column is hidden at a unit.
    pub fn column(&self, unit: UnitId, col: usize, turned: bool) -> bool {
        let of = if turned { &self.rows } else { &self.columns };
        self.tree
            .index
            .get(&unit)
            .and_then(|u| of.get(*u)?.get(col).copied())
            .unwrap_or(true)
    }
}

/// Adds a cross-tab's counts to another's.
fn add(cells: &mut [Vec<u64>], columns: &mut [u64], more: &[Vec<u64>], more_columns: &[u64]) {
    for (row, more) in cells.iter_mut().zip(more) {
        for (x, y) in row.iter_mut().zip(more) {
            *x += y;
        }
    }
    for (x, y) in columns.iter_mut().zip(more_columns) {
        *x += y;
    }
}

/// Which of a unit's theme figures are hidden: its answers (as in the results), each theme's
/// size, and the answers in no theme shown. Themes under 5 are never shown; what is left once the
/// shown sizes are taken from the answers must not be a count under 5 either.
pub struct ThemesMask {
    pub sizes: Vec<bool>,
    pub unthemed: bool,
}

/// `sizes[k]`: `Some(size)` of the themes shown, `None` for those never shown.
pub fn themes_mask(
    answered: u64,
    answered_hidden: bool,
    sizes: &[(u64, bool)],
    unthemed: u64,
) -> ThemesMask {
    let mut table = Table::default();
    let all = table.fixed_cell(answered, answered_hidden);
    let cells: Vec<usize> = sizes
        .iter()
        .map(|(size, shown)| {
            if *shown {
                table.cell(*size)
            } else {
                table.fixed_cell(*size, true)
            }
        })
        .collect();
    let rest = table.cell(unthemed);
    let mut parts = cells.clone();
    parts.push(rest);
    table.sum(all, parts);
    let s = suppress(&table, SMALL_CELL);
    log(&s, "themes");
    ThemesMask {
        sizes: cells.iter().map(|c| s.is_hidden(*c)).collect(),
        unthemed: s.is_hidden(rest),
    }
}

/// People per stage below a unit as a reader may see them: everything, or, for readers who see
/// no names, what a [`StageMask`] over the whole tree leaves shown.
pub struct PeopleCounts {
    pub totals: HashMap<UnitId, StageTotals>,
    pub mask: Option<StageMask>,
}

impl PeopleCounts {
    fn figure(&self, unit: UnitId, stage: Stage, reached: bool) -> Option<u64> {
        let t = self.totals.get(&unit)?;
        let n = if reached {
            t.reached(stage)
        } else {
            t.get(stage)
        };
        match &self.mask {
            None => Some(n),
            Some(m) if reached => m.reached(unit, stage.index(), n),
            Some(m) => m.at(unit, stage.index(), n),
        }
    }

    /// How many are at a stage.
    pub fn at(&self, unit: UnitId, stage: Stage) -> Option<u64> {
        self.figure(unit, stage, false)
    }

    /// How many reached a stage (that stage or beyond).
    pub fn reached(&self, unit: UnitId, stage: Stage) -> Option<u64> {
        self.figure(unit, stage, true)
    }

    /// Everyone.
    pub fn total(&self, unit: UnitId) -> Option<u64> {
        self.figure(unit, Stage::Contact, true)
    }
}

/// Which people counts are hidden at every unit: per stage, the total, and how many reached
/// each stage (that stage or beyond).
pub struct StageMask {
    index: HashMap<UnitId, usize>,
    /// `[unit][stage]`
    at: Vec<[bool; 6]>,
    reached: Vec<[bool; 6]>,
    /// `[unit][stage]`: what an attacker can know of each "reached" count from the shown ones
    /// (its smallest and largest possible value; the value itself where it is shown).
    reached_bounds: Vec<[(f64, f64); 6]>,
}

impl StageMask {
    /// Lays out the people per stage over the units given (with their totals, rolled up) and
    /// protects them.
    pub fn build(
        units: &[(UnitId, Option<UnitId>)],
        totals: &HashMap<UnitId, StageTotals>,
    ) -> Self {
        let tree = Tree::of(
            units
                .iter()
                .copied()
                .filter(|(u, _)| totals.contains_key(u)),
        );
        let mut table = Table::default();
        let mut at_cells = Vec::new();
        let mut reached_cells = Vec::new();
        for id in &tree.ids {
            let t = totals[id];
            let at: [usize; 6] = std::array::from_fn(|s| table.cell(t.0[s]));
            let reached: [usize; 6] =
                std::array::from_fn(|s| table.cell(t.0[s..].iter().sum::<u64>()));
            // Reached a stage = at it + reached the next; the first holds everyone.
            for s in 0..6 {
                let mut parts = vec![at[s]];
                if s + 1 < 6 {
                    parts.push(reached[s + 1]);
                }
                table.sum(reached[s], parts);
            }
            at_cells.push(at);
            reached_cells.push(reached);
        }
        for s in 0..6 {
            tree.sums(
                &mut table,
                &at_cells.iter().map(|a| a[s]).collect::<Vec<_>>(),
            );
            tree.sums(
                &mut table,
                &reached_cells.iter().map(|a| a[s]).collect::<Vec<_>>(),
            );
        }
        let s = suppress(&table, SMALL_CELL);
        log(&s, "people per stage");
        let hidden = |cells: &Vec<[usize; 6]>| -> Vec<[bool; 6]> {
            cells
                .iter()
                .map(|a| std::array::from_fn(|k| s.is_hidden(a[k])))
                .collect()
        };
        let (low, high) = intervals(&table, &s.hidden);
        Self {
            at: hidden(&at_cells),
            reached: hidden(&reached_cells),
            reached_bounds: reached_cells
                .iter()
                .map(|a| std::array::from_fn(|k| (low[a[k]], high[a[k]])))
                .collect(),
            index: tree.index,
        }
    }

    /// How many are at a stage, as shown: `None` when hidden.
    pub fn at(&self, unit: UnitId, stage: usize, n: u64) -> Option<u64> {
        let hidden = self
            .index
            .get(&unit)
            .and_then(|u| self.at.get(*u)?.get(stage).copied())
            .unwrap_or(true);
        (!hidden).then_some(n)
    }

    /// How many reached a stage (index 0: everyone), as shown.
    pub fn reached(&self, unit: UnitId, stage: usize, n: u64) -> Option<u64> {
        let hidden = self
            .index
            .get(&unit)
            .and_then(|u| self.reached.get(*u)?.get(stage).copied())
            .unwrap_or(true);
        (!hidden).then_some(n)
    }
}

/// Which counts of the ladder month by month (how many first reached each stage, per month)
/// are hidden, at every unit, for readers who see no names.
pub struct FunnelMask {
    index: HashMap<UnitId, usize>,
    months: HashMap<String, usize>,
    /// `[unit][month][stage]`
    hidden: Vec<Vec<[bool; 6]>>,
}

impl FunnelMask {
    /// Lays out the funnel over the units given (`funnel`: each unit's own counts per month,
    /// rolled up here), with the people per stage where a stage's months add up to everyone
    /// who reached it (as shown there: an attacker holding both knows the sum), and protects it.
    pub fn build(
        units: &[(UnitId, Option<UnitId>)],
        totals: &HashMap<UnitId, StageTotals>,
        stages: &StageMask,
        funnel: &[(UnitId, String, Stage, u64)],
    ) -> Self {
        let tree = Tree::of(
            units
                .iter()
                .copied()
                .filter(|(u, _)| totals.contains_key(u)),
        );
        let mut months: Vec<String> = funnel.iter().map(|f| f.1.clone()).collect();
        months.sort();
        months.dedup();
        let month_index: HashMap<String, usize> = months
            .iter()
            .enumerate()
            .map(|(i, m)| (m.clone(), i))
            .collect();
        let mut counts = vec![vec![[0u64; 6]; months.len()]; tree.ids.len()];
        for (unit, month, stage, n) in funnel {
            if let (Some(u), Some(m)) = (tree.index.get(unit), month_index.get(month)) {
                counts[*u][*m][stage.index()] += n;
            }
        }
        for u in (0..tree.ids.len()).rev() {
            if let Some(p) = tree.parent[u] {
                let own = counts[u].clone();
                for (to, from) in counts[p].iter_mut().zip(&own) {
                    for (a, b) in to.iter_mut().zip(from) {
                        *a += b;
                    }
                }
            }
        }
        let mut table = Table::default();
        let cells: Vec<Vec<[usize; 6]>> = counts
            .iter()
            .map(|u| {
                u.iter()
                    .map(|m| std::array::from_fn(|s| table.cell(m[s])))
                    .collect()
            })
            .collect();
        for (u, id) in tree.ids.iter().enumerate() {
            let reached = totals[id];
            for s in 0..6 {
                let sum: u64 = counts[u].iter().map(|m| m[s]).sum();
                let everyone: u64 = reached.0[s..].iter().sum();
                if sum != everyone || months.is_empty() {
                    continue;
                }
                let margin = match stages.index.get(id) {
                    Some(k) if stages.reached[*k][s] => {
                        table.known_cell(everyone, stages.reached_bounds[*k][s])
                    }
                    _ => table.fixed_cell(everyone, false),
                };
                table.sum(margin, cells[u].iter().map(|m| m[s]).collect());
            }
        }
        for m in 0..months.len() {
            for s in 0..6 {
                tree.sums(
                    &mut table,
                    &cells.iter().map(|u| u[m][s]).collect::<Vec<_>>(),
                );
            }
        }
        let sup = suppress(&table, SMALL_CELL);
        log(&sup, "ladder month by month");
        Self {
            hidden: cells
                .iter()
                .map(|u| {
                    u.iter()
                        .map(|m| std::array::from_fn(|s| sup.is_hidden(m[s])))
                        .collect()
                })
                .collect(),
            index: tree.index,
            months: month_index,
        }
    }

    /// How many of a unit first reached a stage in a month, as shown: `None` when hidden.
    pub fn at(&self, unit: UnitId, month: &str, stage: usize, n: u64) -> Option<u64> {
        let hidden = self
            .index
            .get(&unit)
            .zip(self.months.get(month))
            .and_then(|(u, m)| self.hidden.get(*u)?.get(*m)?.get(stage).copied())
            .unwrap_or(true);
        (!hidden).then_some(n)
    }
}

/// A survey's rows made k-anonymous for readers who see no names, once for the whole survey so
/// that two exports (a city's, one of its sections') never show one row two ways.
pub struct Anonymised {
    pub data: enquete_analysis::dataset::Dataset,
    pub weights: Option<Vec<f64>>,
    /// Each row's unit as shown (moved up the tree where needed).
    pub places: Vec<UnitId>,
    /// Rows whose place or demographic answers were made coarser.
    pub generalised: usize,
    /// Rows left out: alone in their group even at the top of the tree with no demographics.
    pub dropped: usize,
}

/// Makes the rows of an export k-anonymous (k = 5): every combination of what could single
/// someone out (the unit, and the answers to the demographic questions with choices: age band,
/// gender ...) that the export shows is shared by at least 5 rows. Rows in a rarer combination
/// are moved up the tree one level at a time (a section's row shows its city only, then its
/// region ...) until their combination is common enough; at the top, their demographic answers
/// are left out too; a row still alone is dropped. A moved row's weight becomes the average
/// weight of its group, since a raking weight says which demographic cell a row is in.
///
/// `rows` are positions in the snapshot's dataset; `weights` are parallel to `rows`.
pub fn k_anonymous(snap: &Snapshot, rows: &[usize], weights: Option<&[f64]>) -> Anonymised {
    let k = SMALL_CELL as usize;
    anonymise(snap, rows, weights, k)
}

fn anonymise(snap: &Snapshot, rows: &[usize], weights: Option<&[f64]>, k: usize) -> Anonymised {
    use enquete_analysis::dataset::{Column, NO_CHOICE};
    let def = &snap.survey.definition;
    let demographic: Vec<usize> = def
        .questions
        .iter()
        .enumerate()
        .filter(|(i, q)| {
            q.demographic && matches!(snap.data.columns.get(*i), Some(Column::Single(_)))
        })
        .map(|(i, _)| i)
        .collect();
    let parent: HashMap<UnitId, Option<UnitId>> =
        snap.units.iter().map(|u| (u.id, u.parent)).collect();
    let answer = |r: usize, q: usize| match snap.data.columns.get(q) {
        Some(Column::Single(v)) => v.get(r).copied().unwrap_or(NO_CHOICE),
        _ => NO_CHOICE,
    };
    // Each row's place (moving up) and whether its demographic answers still show.
    let mut place: Vec<UnitId> = rows
        .iter()
        .map(|r| {
            snap.data
                .units
                .get(*r)
                .and_then(|u| snap.data.unit_ids.get(*u as usize))
                .copied()
                .unwrap_or(UnitId(0))
        })
        .collect();
    let mut blanked = vec![false; rows.len()];
    let mut moved = vec![false; rows.len()];
    let mut group = vec![usize::MAX; rows.len()];
    let mut pending: Vec<usize> = (0..rows.len()).collect();
    let mut groups = 0;
    while !pending.is_empty() {
        let mut by_key: HashMap<(UnitId, Vec<u16>), Vec<usize>> = HashMap::new();
        for &i in &pending {
            let answers = if blanked[i] {
                Vec::new()
            } else {
                demographic.iter().map(|q| answer(rows[i], *q)).collect()
            };
            by_key.entry((place[i], answers)).or_default().push(i);
        }
        let mut next = Vec::new();
        for ((unit, _), members) in by_key {
            if members.len() >= k {
                for i in &members {
                    group[*i] = groups;
                }
                groups += 1;
                continue;
            }
            for i in members {
                match parent.get(&unit).copied().flatten() {
                    Some(up) => {
                        place[i] = up;
                        moved[i] = true;
                        next.push(i);
                    }
                    // At the top: without demographics, then not at all.
                    None if !blanked[i] && !demographic.is_empty() => {
                        blanked[i] = true;
                        moved[i] = true;
                        next.push(i);
                    }
                    None => {}
                }
            }
        }
        pending = next;
    }
    let kept: Vec<usize> = (0..rows.len())
        .filter(|i| group[*i] != usize::MAX)
        .collect();
    let mut data = snap
        .data
        .select(&kept.iter().map(|i| rows[*i]).collect::<Vec<_>>());
    for (out, i) in kept.iter().enumerate() {
        if moved[*i] {
            data.move_row(out, place[*i]);
        }
        if blanked[*i] {
            for q in &demographic {
                data.blank(out, *q);
            }
        }
    }
    let weights = weights.map(|w| {
        let mut sum = vec![0.0; groups];
        let mut count = vec![0usize; groups];
        for i in &kept {
            sum[group[*i]] += w.get(*i).copied().unwrap_or(f64::NAN);
            count[group[*i]] += 1;
        }
        kept.iter()
            .map(|i| {
                let g = group[*i];
                if moved[*i] {
                    sum[g] / count[g] as f64
                } else {
                    w.get(*i).copied().unwrap_or(f64::NAN)
                }
            })
            .collect()
    });
    Anonymised {
        data,
        weights,
        places: kept.iter().map(|i| place[*i]).collect(),
        generalised: kept.iter().filter(|i| moved[**i]).count(),
        dropped: rows.len() - kept.len(),
    }
}

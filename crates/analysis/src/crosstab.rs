//! Cross-tabulation of one question by a question with one answer (age band, gender ...) over
//! the respondents of a part of the tree, weighted or not, with Pearson's chi-square corrected
//! by the design effect of the weights.

use crate::dataset::{Column, Dataset, NO_CHOICE};
use crate::estimate::{Base, Sums, chi_square_p};

/// Weighted counts of a cross-tab: per column of `by`, its respondents; per row option and
/// column, those choosing the option.
#[derive(Debug, Clone)]
pub struct CrossCounts {
    pub columns: Vec<Base>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Sums>>,
    /// Every respondent counted, whatever their column.
    pub all: Base,
}

impl CrossCounts {
    /// Kish's design effect of the weights of everyone counted (1 without weights).
    pub fn deff(&self) -> f64 {
        if self.all.n > 0 {
            self.all.n as f64 / self.all.effective_n()
        } else {
            1.0
        }
    }

    /// The test of the whole table (for a question with one answer): statistic, degrees of
    /// freedom and p-value.
    pub fn test(&self) -> Option<(f64, f64, f64)> {
        let table: Vec<Vec<f64>> = self
            .cells
            .iter()
            .map(|row| row.iter().map(|s| s.wy).collect())
            .collect();
        chi_square(&table, self.all.n as f64, self.deff())
    }

    /// The p-value of one row, chosen or not, by the columns (for questions with several
    /// answers).
    pub fn row_p(&self, row: usize) -> Option<f64> {
        let cells = self.cells.get(row)?;
        let table = vec![
            cells.iter().map(|s| s.wy).collect::<Vec<f64>>(),
            cells
                .iter()
                .zip(&self.columns)
                .map(|(s, b)| b.w - s.wy)
                .collect::<Vec<f64>>(),
        ];
        chi_square(&table, self.all.n as f64, self.deff()).map(|c| c.2)
    }
}

/// Counts question `question` (with `rows` options) by the one-answer question `by` (with
/// `cols` options) over the respondents whose unit index is marked in `inside`. `None` when
/// `by` is not a question with one answer.
pub fn cross_count(
    data: &Dataset,
    inside: &[bool],
    question: usize,
    rows: usize,
    by: usize,
    cols: usize,
    weights: Option<&[f64]>,
) -> Option<CrossCounts> {
    let Some(Column::Single(by_codes)) = data.columns.get(by) else {
        return None;
    };
    let mut columns = vec![Base::default(); cols];
    let mut cells = vec![vec![Sums::default(); cols]; rows];
    let mut all = Base::default();
    for (r, u) in data.units.iter().enumerate() {
        if !inside.get(*u as usize).copied().unwrap_or(false) {
            continue;
        }
        let col = by_codes.get(r).copied().unwrap_or(NO_CHOICE);
        if col == NO_CHOICE {
            continue;
        }
        let col = usize::from(col);
        let chosen: Vec<u16> = match data.columns.get(question) {
            Some(Column::Single(c)) => match c.get(r) {
                Some(x) if *x != NO_CHOICE => vec![*x],
                _ => continue,
            },
            Some(Column::Multiple(l) | Column::Ranking(l)) => match l.row(r) {
                Some(list) => list.to_vec(),
                None => continue,
            },
            _ => continue,
        };
        let w = weights.and_then(|w| w.get(r).copied()).unwrap_or(1.0);
        if let Some(b) = columns.get_mut(col) {
            b.add(w);
        }
        all.add(w);
        for (i, row) in cells.iter_mut().enumerate() {
            let y = if chosen.iter().any(|c| usize::from(*c) == i) {
                1.0
            } else {
                0.0
            };
            if let Some(s) = row.get_mut(col) {
                s.add(w, y);
            }
        }
    }
    Some(CrossCounts {
        columns,
        cells,
        all,
    })
}

/// Respondents (not weighted) of a cross-tab in one section: per row option and column, and per
/// column.
#[derive(Debug, Clone)]
pub struct SectionCounts {
    pub cells: Vec<Vec<u64>>,
    pub columns: Vec<u64>,
}

/// The counts of [`cross_count`] for every section at once (by index into `data.unit_ids`), in
/// one pass over the rows. `None` when `by` is not a question with one answer.
pub fn count_by_section(
    data: &Dataset,
    question: usize,
    rows: usize,
    by: usize,
    cols: usize,
) -> Option<Vec<SectionCounts>> {
    let Some(Column::Single(by_codes)) = data.columns.get(by) else {
        return None;
    };
    let mut out = vec![
        SectionCounts {
            cells: vec![vec![0; cols]; rows],
            columns: vec![0; cols],
        };
        data.unit_ids.len()
    ];
    for (r, u) in data.units.iter().enumerate() {
        let col = by_codes.get(r).copied().unwrap_or(NO_CHOICE);
        if col == NO_CHOICE || usize::from(col) >= cols {
            continue;
        }
        let col = usize::from(col);
        let chosen: &[u16] = match data.columns.get(question) {
            Some(Column::Single(c)) => match c.get(r) {
                Some(x) if *x != NO_CHOICE => std::slice::from_ref(x),
                _ => continue,
            },
            Some(Column::Multiple(l) | Column::Ranking(l)) => match l.row(r) {
                Some(list) => list,
                None => continue,
            },
            _ => continue,
        };
        let Some(section) = out.get_mut(*u as usize) else {
            continue;
        };
        if let Some(n) = section.columns.get_mut(col) {
            *n += 1;
        }
        for c in chosen {
            if let Some(cell) = section
                .cells
                .get_mut(usize::from(*c))
                .and_then(|row| row.get_mut(col))
            {
                *cell += 1;
            }
        }
    }
    Some(out)
}

/// The chi-square of a table of weighted counts, scaled to the respondents and divided by the
/// design effect (a first-order design correction); without weights it is Pearson's own.
/// Statistic, degrees of freedom and p-value; `None` with fewer than two live rows or columns.
pub fn chi_square(table: &[Vec<f64>], n: f64, deff: f64) -> Option<(f64, f64, f64)> {
    let total: f64 = table.iter().flatten().sum();
    if total <= 0.0 {
        return None;
    }
    let rows: Vec<f64> = table.iter().map(|r| r.iter().sum()).collect();
    let width = table.first().map_or(0, Vec::len);
    let cols: Vec<f64> = (0..width)
        .map(|j| table.iter().filter_map(|r| r.get(j)).sum())
        .collect();
    let live_rows = rows.iter().filter(|r| **r > 0.0).count();
    let live_cols = cols.iter().filter(|c| **c > 0.0).count();
    if live_rows < 2 || live_cols < 2 {
        return None;
    }
    let mut stat = 0.0;
    for (r, row) in table.iter().zip(&rows) {
        for (x, col) in r.iter().zip(&cols) {
            let expected = row * col / total;
            if expected > 0.0 {
                stat += (x - expected).powi(2) / expected;
            }
        }
    }
    // Pearson's statistic on counts scaled to n respondents.
    let stat = stat * n / total / deff.max(1.0);
    let df = ((live_rows - 1) * (live_cols - 1)) as f64;
    Some((stat, df, chi_square_p(stat, df)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_of_a_known_table() {
        // 2x2 table [[10, 20], [30, 40]]: Pearson's chi-square is 0.7937 (scipy, no correction).
        let t = vec![vec![10.0, 20.0], vec![30.0, 40.0]];
        let (stat, df, p) = chi_square(&t, 100.0, 1.0).unwrap();
        assert!((stat - 0.793_650_793_650_793_6).abs() < 1e-9, "{stat}");
        assert_eq!(df, 1.0);
        assert!((p - 0.372_998_483_613_486_86).abs() < 1e-9, "{p}");
        assert!(
            chi_square(&[vec![1.0, 2.0]], 3.0, 1.0).is_none(),
            "one row: no test"
        );
    }
}

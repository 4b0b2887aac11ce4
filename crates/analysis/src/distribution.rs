//! How the answers to a number, date or time question are spread: counts in bins of a round
//! width (or whole calendar months, quarters and years), the quartiles with 95% intervals, and
//! bins merged where too few people would stand behind one.
//!
//! Bins are chosen so that there are at most [`MAX_BINS`] of them: the finest round width that
//! fits. Numbers use widths of 1, 2, 2.5 or 5 times a power of ten (whole numbers only whole
//! widths); dates use days, weeks starting on Monday, calendar months, quarters, years and
//! round numbers of years; times of day use 15, 30, 60, 120 or 180 minutes; moments (date and
//! time) use hours, 6 hours, days, weeks and then the calendar units of dates, all in UTC.
//! Every bin holds its lower edge and not its upper one, except the last, which holds both.
//! For whole numbers, dates, times and moments the last upper edge is always above the largest
//! value, so a value on an edge always belongs to the bin that starts there.
//!
//! Quartiles are weighted and their intervals come from Woodruff's method; see [`Quantile`].

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The most bins a distribution is cut into before any merging.
pub const MAX_BINS: i64 = 12;

/// The normal quantile for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;
const SECONDS_PER_DAY: f64 = 86_400.0;
/// Dates are kept within a million years of 1970, so that calendar arithmetic cannot overflow.
const MAX_YEAR: i64 = 1_000_000;
const MAX_DAYS: i64 = 365_250_000;

/// How values are read and binned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Decimal,
    Integer,
    /// Days since 1970-01-01.
    Date,
    /// Minutes after midnight, 0 to 1440.
    Time,
    /// Seconds since the Unix epoch, UTC.
    DateTime,
}

/// One answer: its value, its weight (1.0 unweighted) and who gave it. The respondent is an
/// index, so that a bin can count distinct people when one respondent gives several values
/// (household members in a repeat, for example).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub value: f64,
    pub weight: f64,
    pub respondent: u32,
}

/// One bin: the values from `low` up to but not including `high` (the last bin includes `high`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    /// Values in the bin.
    pub count: u64,
    /// Distinct respondents who gave a value in the bin.
    pub respondents: u64,
    /// The sum of the weights of the values in the bin.
    pub weight: f64,
    /// `weight` as a share of the total weight.
    pub share: f64,
}

/// A weighted quantile with its 95% interval.
///
/// The quantile at `p` is the smallest value whose cumulative weight share reaches `p`; when
/// the share reaches `p` exactly at a value, it is the average of that value and the next one
/// (so the median of 1, 2, 3, 4 is 2.5 and the first quartile of 1 to 100 is 25.5).
///
/// The interval is Woodruff's: the values at the cumulative shares `p ± 1.96·√(p(1−p)/n)`
/// (clamped to 0 and 1), where `n` is Kish's effective sample size `(Σw)² / Σw²` over
/// respondents, each respondent's weights summed first. With all weights 1 and one value per
/// respondent this is the usual distribution-free interval between two order statistics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantile {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// The spread of the answers to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    pub scale: Scale,
    /// Values counted (finite, with a positive weight).
    pub n: u64,
    /// Distinct respondents behind them.
    pub respondents: u64,
    pub bins: Vec<Bin>,
    /// The first quartile; needs at least 4 values.
    pub q1: Option<Quantile>,
    /// The median; needs at least 1 value.
    pub median: Option<Quantile>,
    /// The third quartile; needs at least 4 values.
    pub q3: Option<Quantile>,
    /// The smallest value, unrounded: the caller decides whether a reader may see it.
    pub min: f64,
    /// The largest value, unrounded.
    pub max: f64,
    /// Whether bins were merged so that none stands for too few people.
    pub merged: bool,
}

/// The distribution of `obs` read on `scale`.
///
/// Values that are not finite and weights that are not positive are left out; `None` when
/// nothing is left.
///
/// When `min_respondents` is above 0, neighbouring bins are merged until each one that holds
/// any value holds values of at least `min_respondents` distinct respondents. A bin breaks the
/// rule when it holds values of fewer respondents than that, and an empty bin breaks it when a
/// neighbour does (it would be left alone between merges; an empty bin stays only where both
/// neighbours keep the rule). Of the bins breaking the rule, the one with the fewest
/// respondents (the leftmost on a tie) is merged with whichever neighbour has fewer respondents
/// (the left one on a tie), and so on. When the whole distribution has fewer respondents than
/// `min_respondents`, this ends with one bin.
pub fn distribution(
    obs: &[Observation],
    scale: Scale,
    min_respondents: u64,
) -> Option<Distribution> {
    let mut kept: Vec<Observation> = obs
        .iter()
        .filter(|o| o.value.is_finite() && o.weight.is_finite() && o.weight > 0.0)
        .copied()
        .collect();
    kept.sort_by(|a, b| a.value.total_cmp(&b.value));
    let min = kept.first()?.value;
    let max = kept.last()?.value;

    let edges = bin_edges(scale, min, max);
    let pile = |w: &[f64]| Some((*w.first()?, *w.last()?));
    let mut bins: Vec<Pile> = edges.windows(2).filter_map(pile).map(Pile::new).collect();
    let last = bins.len().saturating_sub(1);
    // Each respondent's weight, and which bin last counted them: in arrays by respondent when
    // the numbers are dense (rows of a survey), in maps otherwise.
    let top = kept.iter().map(|o| o.respondent).max().unwrap_or(0) as usize;
    let dense = top <= 4 * kept.len() + 1024;
    let mut weight_of: Vec<f64> = if dense {
        vec![0.0; top + 1]
    } else {
        Vec::new()
    };
    let mut last_bin: Vec<usize> = if dense && min_respondents == 0 {
        vec![usize::MAX; top + 1]
    } else {
        Vec::new()
    };
    let mut sparse: BTreeMap<u32, f64> = BTreeMap::new();
    let mut total_weight = 0.0;
    for o in &kept {
        // The bin whose lower edge is the last one at or below the value; the last bin also
        // takes its upper edge.
        let index = edges
            .partition_point(|e| *e <= o.value)
            .saturating_sub(1)
            .min(last);
        let r = o.respondent as usize;
        if let Some(pile) = bins.get_mut(index) {
            pile.count += 1;
            pile.weight += o.weight;
            // Values come in order, so a respondent's values in one bin come before the next
            // bin's: a marker of the last bin is enough to count each of them once.
            match last_bin.get_mut(r) {
                Some(seen) if *seen != index => {
                    *seen = index;
                    pile.distinct += 1;
                }
                Some(_) => {}
                None => {
                    pile.people.insert(o.respondent);
                }
            }
        }
        match weight_of.get_mut(r) {
            Some(w) => *w += o.weight,
            None => *sparse.entry(o.respondent).or_insert(0.0) += o.weight,
        }
        total_weight += o.weight;
    }
    let merged = merge_small_bins(&mut bins, min_respondents);

    let n = kept.len() as u64;
    let per_respondent: Vec<f64> = weight_of
        .into_iter()
        .filter(|w| *w > 0.0)
        .chain(sparse.into_values())
        .collect();
    let (sum, sum_sq) = per_respondent
        .iter()
        .fold((0.0, 0.0), |(s, s2), w| (s + w, s2 + w * w));
    // Kish's effective size (`Cdf::quantile` reads a size that is not above 0 as no information).
    let effective_n = sum * sum / sum_sq;
    let cdf = Cdf::new(&kept);
    let quantile = |p: f64, needed: u64| (n >= needed).then(|| cdf.quantile(p, effective_n));

    Some(Distribution {
        scale,
        n,
        respondents: per_respondent.len() as u64,
        bins: bins
            .into_iter()
            .map(|p| Bin {
                low: p.low,
                high: p.high,
                count: p.count,
                respondents: p.respondents(),
                weight: p.weight,
                // Every weight kept is positive, so the total is too.
                share: p.weight / total_weight,
            })
            .collect(),
        q1: quantile(0.25, 4),
        median: quantile(0.5, 1),
        q3: quantile(0.75, 4),
        min,
        max,
        merged,
    })
}

/// A bin while it is being filled and merged, with the set of its respondents.
#[derive(Debug, Clone, Default, PartialEq)]
struct Pile {
    low: f64,
    high: f64,
    count: u64,
    weight: f64,
    people: BTreeSet<u32>,
    /// Respondents counted without keeping them (when no bins are merged).
    distinct: u64,
}

impl Pile {
    fn new((low, high): (f64, f64)) -> Pile {
        Pile {
            low,
            high,
            ..Pile::default()
        }
    }

    /// Takes in the bin to its right.
    fn absorb(&mut self, right: Pile) {
        self.high = right.high;
        self.count += right.count;
        self.weight += right.weight;
        self.people.extend(right.people);
    }

    fn respondents(&self) -> u64 {
        self.distinct + self.people.len() as u64
    }
}

/// Merges neighbouring bins until none that holds a value stands for fewer than `min` distinct
/// respondents, in the order told at [`distribution`]; says whether any merge happened.
fn merge_small_bins(bins: &mut Vec<Pile>, min: u64) -> bool {
    if min == 0 || bins.len() < 2 {
        return false;
    }
    // With fewer than `min` respondents in all, every bin holding a value breaks the rule for
    // as long as it has a neighbour, so the bins end as one.
    let mut merged = false;
    let small = |p: Option<&Pile>| p.is_some_and(|p| p.count > 0 && p.respondents() < min);
    loop {
        let breaks = |i: usize| {
            let Some(pile) = bins.get(i) else {
                return false;
            };
            let (left, right) = (i.checked_sub(1).and_then(|j| bins.get(j)), bins.get(i + 1));
            small(Some(pile)) || (pile.count == 0 && (small(left) || small(right)))
        };
        let Some(i) = (0..bins.len())
            .filter(|i| breaks(*i))
            .min_by_key(|i| (bins.get(*i).map_or(0, Pile::respondents), *i))
        else {
            return merged;
        };
        let left = i
            .checked_sub(1)
            .and_then(|j| bins.get(j).map(|p| (j, p.respondents())));
        let right = bins.get(i + 1).map(|p| (i + 1, p.respondents()));
        let j = match (left, right) {
            (Some((_, nl)), Some((r, nr))) if nr < nl => r,
            (Some((l, _)), _) => l,
            (None, Some((r, _))) => r,
            (None, None) => return merged,
        };
        let (a, b) = (i.min(j), i.max(j));
        if b >= bins.len() {
            return merged;
        }
        let right = bins.remove(b);
        if let Some(pile) = bins.get_mut(a) {
            pile.absorb(right);
            merged = true;
        }
    }
}

/// The weighted empirical distribution: distinct values in order with the cumulative weight up
/// to and including each.
struct Cdf {
    steps: Vec<(f64, f64)>,
    total: f64,
}

impl Cdf {
    /// From observations sorted by value.
    fn new(sorted: &[Observation]) -> Cdf {
        let mut steps: Vec<(f64, f64)> = Vec::new();
        let mut total = 0.0;
        for o in sorted {
            total += o.weight;
            match steps.last_mut() {
                Some((value, cumulative)) if *value == o.value => *cumulative = total,
                _ => steps.push((o.value, total)),
            }
        }
        Cdf { steps, total }
    }

    /// Weight differences below this are rounding.
    fn tolerance(&self) -> f64 {
        1e-9 * self.total
    }

    /// The position of the smallest value whose cumulative share reaches `share`.
    fn position(&self, share: f64) -> usize {
        let target = share * self.total - self.tolerance();
        self.steps
            .partition_point(|(_, c)| *c < target)
            .min(self.steps.len().saturating_sub(1))
    }

    /// The smallest value whose cumulative share reaches `share`.
    fn at(&self, share: f64) -> f64 {
        let step = self.steps.get(self.position(share));
        step.map_or(f64::NAN, |s| s.0)
    }

    /// The quantile at `p` and its Woodruff interval (see [`Quantile`]).
    fn quantile(&self, p: f64, effective_n: f64) -> Quantile {
        let i = self.position(p);
        let value = match (self.steps.get(i), self.steps.get(i + 1)) {
            (Some((v, c)), Some((next, _))) if (c - p * self.total).abs() <= self.tolerance() => {
                (v + next) / 2.0
            }
            (Some((v, _)), _) => *v,
            (None, _) => f64::NAN,
        };
        let half = if effective_n > 0.0 {
            Z95 * (p * (1.0 - p) / effective_n).sqrt()
        } else {
            1.0
        };
        Quantile {
            value,
            low: self.at((p - half).clamp(0.0, 1.0)),
            high: self.at((p + half).clamp(0.0, 1.0)),
        }
    }
}

/// How bin edges are laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Grid {
    /// Edges at `offset + k·mantissa·10^exponent` for every whole `k`. The width is kept as a
    /// mantissa and a power of ten so that an edge such as 0.3 is computed as 3/10, not 3·0.1.
    Even {
        mantissa: f64,
        exponent: i32,
        offset: f64,
    },
    /// Edges at midnight on the first day of every `months`-th month counted from January of
    /// the year 0, in units of `per_day` per day (1 for dates, 86 400 for moments).
    Calendar { months: i64, per_day: f64 },
}

impl Grid {
    fn every(width: f64, offset: f64) -> Grid {
        Grid::Even {
            mantissa: width,
            exponent: 0,
            offset,
        }
    }

    fn edge(&self, k: i64) -> f64 {
        match *self {
            Grid::Even {
                mantissa,
                exponent,
                offset,
            } => {
                let units = k as f64 * mantissa;
                if exponent >= 0 {
                    offset + units * 10f64.powi(exponent)
                } else {
                    offset + units / 10f64.powi(-exponent)
                }
            }
            Grid::Calendar { months, per_day } => {
                let month = k.saturating_mul(months);
                let day = days_from_civil(month.div_euclid(12), month.rem_euclid(12) + 1, 1);
                day as f64 * per_day
            }
        }
    }

    /// The `k` of the bin holding `v`, with `edge(k) ≤ v < edge(k + 1)`.
    fn locate(&self, v: f64) -> i64 {
        let mut k = match *self {
            Grid::Even { offset, .. } => {
                let width = self.edge(1) - self.edge(0);
                ((v - offset) / width).floor() as i64
            }
            Grid::Calendar { months, per_day } => {
                let (year, month, _) = civil_from_days((v / per_day).floor() as i64);
                (year * 12 + month - 1).div_euclid(months.max(1))
            }
        };
        // Division can round the first guess one bin off either way.
        for _ in 0..4 {
            if self.edge(k) > v {
                k = k.saturating_sub(1);
            } else if self.edge(k.saturating_add(1)) <= v {
                k = k.saturating_add(1);
            } else {
                break;
            }
        }
        k
    }

    /// The edges covering `min` to `max`, or `None` when more than [`MAX_BINS`] bins would be
    /// needed. With `closed_top` the last bin may end exactly on `max`; otherwise it ends above.
    fn cover(&self, min: f64, max: f64, closed_top: bool) -> Option<Vec<f64>> {
        let first = self.locate(min);
        let mut end = self.locate(max).saturating_add(1);
        if closed_top && end.saturating_sub(1) > first && self.edge(end.saturating_sub(1)) == max {
            end = end.saturating_sub(1);
        }
        let bins = end.saturating_sub(first);
        if !(1..=MAX_BINS).contains(&bins) {
            return None;
        }
        let edges: Vec<f64> = (first..=end).map(|k| self.edge(k)).collect();
        let increasing = edges.windows(2).all(|w| matches!(w, [a, b] if a < b));
        let covers = edges.first().is_some_and(|e| *e <= min)
            && edges
                .last()
                .is_some_and(|e| *e > max || (closed_top && *e >= max));
        (increasing && covers).then_some(edges)
    }
}

/// Round widths 1, 2, 2.5 and 5 times a power of ten, from a little below `range / MAX_BINS`
/// upwards; with `whole`, only whole widths.
fn round_widths(range: f64, whole: bool) -> impl Iterator<Item = Grid> {
    let start = if range > 0.0 {
        ((range / MAX_BINS as f64).log10().floor() as i32).clamp(-320, 310) - 1
    } else {
        0
    };
    let start = if whole { start.max(0) } else { start };
    (start..start.saturating_add(40)).flat_map(move |exponent| {
        [1.0, 2.0, 2.5, 5.0]
            .into_iter()
            .filter(move |m| !whole || exponent > 0 || *m != 2.5)
            .map(move |mantissa| Grid::Even {
                mantissa,
                exponent,
                offset: 0.0,
            })
    })
}

/// Calendar grids from months to round numbers of years, in units of `per_day` per day.
fn calendar_grids(per_day: f64) -> impl Iterator<Item = Grid> {
    let years = [2, 5, 10, 20, 50, 100, 200, 500, 1_000, 10_000, 100_000];
    [1, 3, 12]
        .into_iter()
        .chain(years.into_iter().map(|y| y * 12))
        .map(move |months| Grid::Calendar { months, per_day })
}

/// The bin edges for values from `min` to `max`: the first grid of the scale's ladder that needs
/// no more than [`MAX_BINS`] bins.
fn bin_edges(scale: Scale, min: f64, max: f64) -> Vec<f64> {
    let range = max - min;
    if !range.is_finite() || (scale == Scale::Decimal && range <= 0.0) {
        return vec![min, max];
    }
    let day = SECONDS_PER_DAY;
    // 1970-01-05, the first Monday after the epoch, is day 4.
    let monday = 4.0;
    let ladder: Vec<Grid> = match scale {
        Scale::Decimal | Scale::Integer => Vec::new(),
        Scale::Date => vec![Grid::every(1.0, 0.0), Grid::every(7.0, monday)],
        Scale::Time => [15.0, 30.0, 60.0, 120.0, 180.0]
            .map(|w| Grid::every(w, 0.0))
            .to_vec(),
        Scale::DateTime => vec![
            Grid::every(3_600.0, 0.0),
            Grid::every(6.0 * 3_600.0, 0.0),
            Grid::every(day, 0.0),
            Grid::every(7.0 * day, monday * day),
        ],
    };
    let calendar = match scale {
        Scale::Date => Some(1.0),
        Scale::DateTime => Some(day),
        _ => None,
    };
    let closed_top = scale == Scale::Decimal;
    let whole = scale != Scale::Decimal;
    ladder
        .into_iter()
        .chain(calendar.into_iter().flat_map(calendar_grids))
        .chain(round_widths(range, whole))
        .find_map(|grid| grid.cover(min, max, closed_top))
        .unwrap_or_else(|| vec![min, max])
}

/// A value written plainly: a number with at most 2 decimals (`2.5`, `3`), a whole number, a
/// date (`2026-03-01`), a time of day (`07:30`) or a moment in UTC (`2026-03-01 07:00`). Times
/// are rounded to the minute.
pub fn label(scale: Scale, value: f64) -> String {
    match scale {
        Scale::Decimal => decimal(value, 2),
        Scale::Integer => format!("{}", value.round() as i64),
        Scale::Date => date(value.floor() as i64),
        Scale::Time => clock(value.round() as i64),
        Scale::DateTime => {
            let minutes = (value / 60.0).round() as i64;
            format!(
                "{} {}",
                date(minutes.div_euclid(1_440)),
                clock(minutes.rem_euclid(1_440))
            )
        }
    }
}

/// A bin written plainly, naming the values it holds:
///
/// - numbers: `2.5–5`; whole numbers: `3` for a bin of one value, `20–29` for several;
/// - dates: `2026-03-01` for a day, `2026-03` for a month, `2026-01 – 2026-03` for several,
///   `2026` for a year, `2020–2029` for several, otherwise the first and last day
///   (`2026-03-02 – 2026-03-08` for a week);
/// - times of day: `07:00–07:30`;
/// - moments: as dates when the bin runs from midnight to midnight, `2026-03-01 06:00–12:00`
///   within a day, otherwise both ends in full.
///
/// The label depends on the edges alone, so merged bins are named as well as single ones.
pub fn bin_label(scale: Scale, low: f64, high: f64) -> String {
    match scale {
        Scale::Decimal => {
            if low == high {
                return label(scale, low);
            }
            let places = decimals_needed(low).max(decimals_needed(high)).max(2);
            format!("{}–{}", decimal(low, places), decimal(high, places))
        }
        Scale::Integer => {
            let first = low.ceil() as i64;
            let last = (high.ceil() as i64).saturating_sub(1).max(first);
            if last == first {
                format!("{first}")
            } else {
                format!("{first}–{last}")
            }
        }
        Scale::Date => date_range(low.floor() as i64, high.ceil() as i64),
        Scale::Time => format!("{}–{}", label(scale, low), label(scale, high)),
        Scale::DateTime => {
            let split = |s: f64| {
                let minutes = (s / 60.0).round() as i64;
                (minutes.div_euclid(1_440), minutes.rem_euclid(1_440))
            };
            let ((low_day, low_min), (high_day, high_min)) = (split(low), split(high));
            if low_min == 0 && high_min == 0 {
                date_range(low_day, high_day)
            } else if high_day == low_day || (high_day == low_day + 1 && high_min == 0) {
                let end = if high_day > low_day { 1_440 } else { high_min };
                format!("{} {}–{}", date(low_day), clock(low_min), clock(end))
            } else {
                format!("{} – {}", label(scale, low), label(scale, high))
            }
        }
    }
}

/// The days from `low` up to but not including `high`, named by calendar unit where they fill one.
fn date_range(low: i64, high: i64) -> String {
    if high - low <= 1 {
        return date(low);
    }
    let (low_year, low_month, low_day) = civil_from_days(low);
    let (high_year, high_month, high_day) = civil_from_days(high);
    if low_day == 1 && high_day == 1 {
        if low_month == 1 && high_month == 1 {
            return if high_year - low_year == 1 {
                format!("{low_year}")
            } else {
                format!("{low_year}–{}", high_year - 1)
            };
        }
        let months = (high_year * 12 + high_month) - (low_year * 12 + low_month);
        let (last_year, last_month, _) = civil_from_days(high - 1);
        return if months == 1 {
            format!("{low_year:04}-{low_month:02}")
        } else {
            format!("{low_year:04}-{low_month:02} – {last_year:04}-{last_month:02}")
        };
    }
    format!("{} – {}", date(low), date(high - 1))
}

/// How many decimals `v` needs to be written exactly (up to 10).
fn decimals_needed(v: f64) -> usize {
    (0..10)
        .find(|&places| {
            let text = format!("{v:.places$}");
            text.parse::<f64>()
                .is_ok_and(|back| (back - v).abs() <= 1e-9 * v.abs().max(1.0))
        })
        .unwrap_or(10)
}

/// `v` with at most `places` decimals, trailing zeros dropped.
fn decimal(v: f64, places: usize) -> String {
    let text = format!("{v:.places$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Minutes after midnight as `HH:MM` (`24:00` for the end of the day).
fn clock(minutes: i64) -> String {
    let (hours, minutes) = (minutes.div_euclid(60), minutes.rem_euclid(60));
    format!("{hours:02}:{minutes:02}")
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`); `month` runs from 1 to 12.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = year.clamp(-MAX_YEAR, MAX_YEAR);
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let march_based = (month + 9).rem_euclid(12);
    let day_of_year = (153 * march_based + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year, month (1 to 12) and day of a day counted from 1970-01-01 (Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.clamp(-MAX_DAYS, MAX_DAYS) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_based + 2) / 5 + 1;
    let month = if march_based < 10 {
        march_based + 3
    } else {
        march_based - 9
    };
    let year = year_of_era + era * 400;
    (if month <= 2 { year + 1 } else { year }, month, day)
}

#[cfg(test)]
mod tests;

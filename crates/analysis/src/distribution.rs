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
    let mut per_respondent: BTreeMap<u32, f64> = BTreeMap::new();
    let mut total_weight = 0.0;
    for o in &kept {
        // The bin whose lower edge is the last one at or below the value; the last bin also
        // takes its upper edge.
        let index = edges
            .partition_point(|e| *e <= o.value)
            .saturating_sub(1)
            .min(last);
        if let Some(pile) = bins.get_mut(index) {
            pile.count += 1;
            pile.weight += o.weight;
            pile.people.insert(o.respondent);
        }
        *per_respondent.entry(o.respondent).or_insert(0.0) += o.weight;
        total_weight += o.weight;
    }
    let merged = merge_small_bins(&mut bins, min_respondents);

    let n = kept.len() as u64;
    let (sum, sum_sq) = per_respondent
        .values()
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
                respondents: p.people.len() as u64,
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
        self.people.len() as u64
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
pub fn bin_label(scale: Scale, bin: &Bin) -> String {
    let (low, high) = (bin.low, bin.high);
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
mod tests {
    use super::*;

    /// Unweighted values, given by the respondents named with each.
    fn given(values: &[(f64, u32)]) -> Vec<Observation> {
        let obs = |(value, respondent): &(f64, u32)| Observation {
            value: *value,
            weight: 1.0,
            respondent: *respondent,
        };
        values.iter().map(obs).collect()
    }

    /// One value per respondent, unweighted.
    fn one_each(values: &[f64]) -> Vec<Observation> {
        given(&values.iter().copied().zip(0..).collect::<Vec<_>>())
    }

    /// The distribution of one value per respondent, with no merging.
    fn of(values: &[f64], scale: Scale) -> Distribution {
        distribution(&one_each(values), scale, 0).unwrap()
    }

    fn lows(d: &Distribution) -> Vec<f64> {
        d.bins.iter().map(|b| b.low).collect()
    }

    fn counts(d: &Distribution) -> Vec<u64> {
        d.bins.iter().map(|b| b.count).collect()
    }

    fn people(d: &Distribution) -> Vec<u64> {
        d.bins.iter().map(|b| b.respondents).collect()
    }

    fn labels(d: &Distribution) -> Vec<String> {
        d.bins.iter().map(|b| bin_label(d.scale, b)).collect()
    }

    fn q(x: Option<Quantile>) -> (f64, f64, f64) {
        x.map(|q| (q.value, q.low, q.high)).unwrap()
    }

    fn day(y: i64, m: i64, d: i64) -> f64 {
        days_from_civil(y, m, d) as f64
    }

    #[test]
    fn civil_dates_match_the_calendar() {
        // From Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2028, 1, 1), 21_184);
        assert_eq!(days_from_civil(2028, 2, 1), 21_215);
        assert_eq!(days_from_civil(2028, 3, 1), 21_244);
        assert_eq!(civil_from_days(21_243), (2028, 2, 29));
        assert_eq!(civil_from_days(20_514), (2026, 3, 2));
        for d in (-800_000..800_000).step_by(97) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn a_scale_of_one_to_five_gets_one_bin_per_value() {
        let d = of(&[1., 2., 2., 3., 4., 5., 5., 5.], Scale::Integer);
        assert_eq!(lows(&d), vec![1., 2., 3., 4., 5.]);
        assert_eq!(d.bins[4].high, 6.0);
        assert_eq!(counts(&d), vec![1, 2, 1, 1, 3]);
        assert_eq!(labels(&d), vec!["1", "2", "3", "4", "5"]);
        assert_eq!(d.bins[4].share, 3.0 / 8.0);
        assert_eq!((d.n, d.respondents, d.min, d.max), (8, 8, 1.0, 5.0));
        assert!(!d.merged);
    }

    #[test]
    fn ages_fall_in_decades() {
        let ages: Vec<f64> = (18..=90).map(f64::from).collect();
        let d = of(&ages, Scale::Integer);
        assert_eq!(lows(&d), vec![10., 20., 30., 40., 50., 60., 70., 80., 90.]);
        assert_eq!(counts(&d), vec![2, 10, 10, 10, 10, 10, 10, 10, 1]);
        let l = labels(&d);
        assert_eq!((l[0].as_str(), l[1].as_str()), ("10–19", "20–29"));
        assert_eq!(l[8], "90–99");
    }

    #[test]
    fn decimals_get_round_widths_and_the_last_bin_holds_its_top() {
        // Range 2.1: 0.1 would need 21 bins, 0.2 needs 11 (0.2 to 2.4, 2.4 in the last).
        let d = of(&[0.3, 0.75, 1.0, 2.4], Scale::Decimal);
        let expected = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2];
        assert_eq!(lows(&d), expected);
        assert_eq!(d.bins[10].high, 2.4);
        assert_eq!(counts(&d), vec![1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(
            (labels(&d)[0].as_str(), labels(&d)[10].as_str()),
            ("0.2–0.4", "2.2–2.4")
        );

        // Range 25: width 2 would need 13 bins, 2.5 needs 10.
        let d = of(&[0.0, 7.5, 25.0], Scale::Decimal);
        assert_eq!(counts(&d), vec![1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(labels(&d)[..2], ["0–2.5", "2.5–5"]);
        assert_eq!(labels(&d)[9], "22.5–25");

        // One value: one bin of no width.
        assert_eq!(labels(&of(&[3.25, 3.25], Scale::Decimal)), vec!["3.25"]);
    }

    #[test]
    fn months_follow_the_calendar_in_a_leap_year() {
        // 90 days would need 14 weeks (Monday 2027-12-27 to Monday 2028-03-27), so months.
        let days = [(1, 1), (1, 15), (2, 29), (3, 1), (3, 31)].map(|(m, d)| day(2028, m, d));
        let d = of(&days, Scale::Date);
        assert_eq!(lows(&d), vec![21_184., 21_215., 21_244.]);
        assert_eq!(d.bins[1].high - d.bins[1].low, 29.0);
        assert_eq!(d.bins[2].high, 21_275.0);
        assert_eq!(counts(&d), vec![2, 1, 2]);
        assert_eq!(labels(&d), vec!["2028-01", "2028-02", "2028-03"]);
    }

    #[test]
    fn weeks_start_on_monday() {
        // Wednesday 2026-03-04, Sunday 2026-03-08 and Monday 2026-04-20.
        let d = of(
            &[day(2026, 3, 4), day(2026, 3, 8), day(2026, 4, 20)],
            Scale::Date,
        );
        assert_eq!(d.bins[0].low, day(2026, 3, 2));
        assert_eq!(counts(&d), vec![2, 0, 0, 0, 0, 0, 0, 1]);
        let l = labels(&d);
        assert_eq!(l[0], "2026-03-02 – 2026-03-08");
        assert_eq!(l[7], "2026-04-20 – 2026-04-26");
    }

    #[test]
    fn long_spans_of_dates_use_years_and_decades() {
        let d = of(&[day(2019, 6, 10), day(2026, 2, 3)], Scale::Date);
        assert_eq!(d.bins.len(), 8);
        assert_eq!(d.bins[0].low, day(2019, 1, 1));
        assert_eq!(
            (labels(&d)[0].as_str(), labels(&d)[7].as_str()),
            ("2019", "2026")
        );

        // 1940 to 2005: 66 years, 33 of two, 14 of five, 7 decades.
        let d = of(&[day(1940, 5, 1), day(2005, 12, 31)], Scale::Date);
        assert_eq!(d.bins.len(), 7);
        assert_eq!(labels(&d)[0], "1940–1949");
        assert_eq!(d.bins[6].high, day(2010, 1, 1));
    }

    #[test]
    fn times_of_day_use_half_hours_over_a_morning() {
        // 07:00 to 12:00: 21 quarters of an hour, 11 half hours (12:00 starts the last).
        let d = of(&[420.0, 449.0, 450.0, 720.0], Scale::Time);
        assert_eq!(d.bins.len(), 11);
        assert_eq!(d.bins[0].low, 420.0);
        assert_eq!((counts(&d)[0], counts(&d)[1], counts(&d)[10]), (2, 1, 1));
        let l = labels(&d);
        assert_eq!(
            (l[0].as_str(), l[10].as_str()),
            ("07:00–07:30", "12:00–12:30")
        );
    }

    #[test]
    fn moments_use_six_hours_over_two_days() {
        // 2026-03-01 07:00 and 2026-03-02 20:00 UTC: 38 hours, 7 blocks of six.
        let d = of(&[1_772_348_400.0, 1_772_481_600.0], Scale::DateTime);
        assert_eq!(d.bins.len(), 7);
        assert_eq!(d.bins[0].low, 1_772_344_800.0);
        let l = labels(&d);
        assert_eq!(l[0], "2026-03-01 06:00–12:00");
        assert_eq!(l[2], "2026-03-01 18:00–24:00");
        assert_eq!(l[3], "2026-03-02 00:00–06:00");

        // Four days and a bit: whole days.
        let d = of(&[1_772_348_400.0, 1_772_694_000.0], Scale::DateTime);
        assert_eq!(d.bins.len(), 5);
        assert_eq!(labels(&d)[0], "2026-03-01");
    }

    #[test]
    fn labels_are_plain() {
        assert_eq!(label(Scale::Decimal, 2.5), "2.5");
        assert_eq!(label(Scale::Decimal, 3.0), "3");
        assert_eq!(label(Scale::Decimal, 2.456), "2.46");
        assert_eq!(label(Scale::Decimal, -0.001), "0");
        assert_eq!(label(Scale::Integer, 3.4), "3");
        assert_eq!(label(Scale::Date, 21_243.0), "2028-02-29");
        assert_eq!(label(Scale::Time, 450.0), "07:30");
        assert_eq!(label(Scale::Time, 1_440.0), "24:00");
        assert_eq!(label(Scale::DateTime, 1_772_348_400.0), "2026-03-01 07:00");
    }

    #[test]
    fn quartiles_of_one_to_a_hundred() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let d = of(&values, Scale::Integer);
        // The share reaches 1/4, 1/2 and 3/4 exactly at 25, 50 and 75: the average with the
        // next value. Intervals: 1.96·√(p(1−p)/100) = 0.0849 (quartiles), 0.0980 (median), so
        // the shares 0.165–0.335, 0.402–0.598 and 0.665–0.835, reached at these values.
        assert_eq!(q(d.q1), (25.5, 17.0, 34.0));
        assert_eq!(q(d.median), (50.5, 41.0, 60.0));
        assert_eq!(q(d.q3), (75.5, 67.0, 84.0));
    }

    #[test]
    fn the_median_interval_narrows_as_the_sample_grows() {
        let median = |n: u32| {
            let values: Vec<f64> = (1..=n).map(|i| f64::from(i) / f64::from(n)).collect();
            q(of(&values, Scale::Decimal).median)
        };
        let (_, low, high) = median(100);
        assert_eq!((low, high), (0.41, 0.6));
        // 1.96·√(0.25/1000) = 0.0310: shares 0.469 to 0.531.
        let large = median(1_000);
        assert_eq!(large, (0.5005, 0.47, 0.531));
        assert!(large.2 - large.1 < (high - low) / 3.0);
    }

    #[test]
    fn an_even_median_averages_the_middle_values() {
        let d = of(&[4.0, 1.0, 3.0, 2.0], Scale::Decimal);
        assert_eq!((q(d.q1).0, q(d.median).0, q(d.q3).0), (1.5, 2.5, 3.5));
    }

    #[test]
    fn a_heavy_weight_shifts_the_median() {
        let mut obs = one_each(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            q(of(&[1.0, 2.0, 3.0, 4.0, 5.0], Scale::Integer).median).0,
            3.0
        );
        // Weights 1 1 1 1 3: the cumulative share passes 1/2 at 4 (4/7).
        obs[4].weight = 3.0;
        let d = distribution(&obs, Scale::Integer, 0).unwrap();
        assert_eq!(q(d.median).0, 4.0);
        assert_eq!((d.bins[4].weight, d.bins[4].share), (3.0, 3.0 / 7.0));
    }

    #[test]
    fn several_values_per_respondent_widen_the_interval() {
        // 1 to 100 from 25 respondents of four values each: the effective size is 25, so the
        // shares 0.5 ± 1.96·0.1 = 0.304 to 0.696, reached at 31 and 70.
        let values: Vec<(f64, u32)> = (1..=100_u32).map(|i| (f64::from(i), (i - 1) / 4)).collect();
        let d = distribution(&given(&values), Scale::Integer, 0).unwrap();
        assert_eq!((d.n, d.respondents), (100, 25));
        assert_eq!(q(d.median), (50.5, 31.0, 70.0));
    }

    #[test]
    fn quartiles_need_four_values_and_the_median_one() {
        let d = of(&[7.0], Scale::Integer);
        assert_eq!(q(d.median), (7.0, 7.0, 7.0));
        assert_eq!((d.q1, d.q3), (None, None));
        let d = of(&[1.0, 2.0, 3.0], Scale::Integer);
        assert_eq!((q(d.median).0, d.q1), (2.0, None));
        assert!(of(&[1.0, 2.0, 3.0, 4.0], Scale::Integer).q1.is_some());
    }

    #[test]
    fn unusable_values_and_weights_are_left_out() {
        let mut obs = one_each(&[f64::NAN, f64::INFINITY, 2.0, 3.0, 4.0, 5.0]);
        obs[3].weight = 0.0;
        obs[4].weight = -1.0;
        obs[5].weight = f64::NAN;
        let d = distribution(&obs, Scale::Integer, 0).unwrap();
        assert_eq!((d.n, d.min, d.max), (1, 2.0, 2.0));
        assert_eq!(distribution(&obs[3..], Scale::Integer, 0), None);
        assert_eq!(distribution(&[], Scale::Date, 0), None);
    }

    /// `people[i]` distinct respondents each give the value `i + 1`.
    fn respondents_per_value(people: &[u32]) -> Vec<Observation> {
        let values: Vec<f64> = (1..)
            .zip(people)
            .flat_map(|(value, n)| (0..*n).map(move |_| f64::from(value)))
            .collect();
        one_each(&values)
    }

    #[test]
    fn small_bins_merge_with_their_smaller_neighbour() {
        // Worked by hand, smallest rule-breaker first (empty bins next to small ones count):
        // 3 joins 2; 7 joins 6; 6–7 joins 8; 2–3 joins 4; 10 joins 9; 2–4 (3 people, tied
        // with 6–8, leftmost) joins 1 (6 < 7); 6–8 joins 9–10 (6 < 7).
        let obs = respondents_per_value(&[6, 1, 0, 2, 7, 0, 0, 3, 5, 1]);
        let d = distribution(&obs, Scale::Integer, 5).unwrap();
        assert!(d.merged);
        assert_eq!((lows(&d), d.bins[2].high), (vec![1.0, 5.0, 6.0], 11.0));
        assert_eq!(people(&d), vec![9, 7, 9]);
        assert!(d.bins.iter().all(|b| b.count == 0 || b.respondents >= 5));
        assert_eq!(counts(&d).iter().sum::<u64>(), 25);
        assert_eq!(labels(&d), vec!["1–4", "5", "6–10"]);
        let shares: f64 = d.bins.iter().map(|b| b.share).sum();
        assert!((shares - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_respondent_counts_once_in_a_bin() {
        // Respondents 0-5 answer 1; respondent 6 answers 2 three times and 3 once, with
        // respondents 7-10 also answering 3.
        let mut values: Vec<(f64, u32)> = (0..6).map(|r| (1.0, r)).collect();
        values.extend([(2.0, 6), (2.0, 6), (2.0, 6), (3.0, 6)]);
        values.extend((7..=10).map(|r| (3.0, r)));
        let d = distribution(&given(&values), Scale::Integer, 0).unwrap();
        assert_eq!((counts(&d), people(&d)), (vec![6, 3, 5], vec![6, 1, 5]));
        assert_eq!(d.respondents, 11);

        // The bin of 2 (1 person) joins the bin of 3 (5 < 6): respondent 6 is counted once.
        let d = distribution(&given(&values), Scale::Integer, 5).unwrap();
        assert_eq!((counts(&d), people(&d)), (vec![6, 8], vec![6, 5]));
        assert_eq!(labels(&d), vec!["1", "2–3"]);
    }

    #[test]
    fn an_empty_bin_between_two_large_ones_stays() {
        let d = distribution(&respondents_per_value(&[5, 0, 5]), Scale::Integer, 5).unwrap();
        assert_eq!(counts(&d), vec![5, 0, 5]);
        assert!(!d.merged);
    }

    #[test]
    fn too_few_respondents_make_one_bin() {
        let d = distribution(&one_each(&[1.0, 5.0, 9.0]), Scale::Integer, 5).unwrap();
        assert!(d.merged);
        assert_eq!(d.bins.len(), 1);
        let b = &d.bins[0];
        assert_eq!((b.low, b.high, b.count, b.respondents), (1.0, 10.0, 3, 3));
        assert_eq!(
            (b.share, bin_label(Scale::Integer, b)),
            (1.0, "1–9".to_owned())
        );
    }
}

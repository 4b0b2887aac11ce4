//! Results of the answers field forms collect besides choices: numbers, dates and times as
//! distributions (bars of the same bins at every level, quartiles with their intervals), places
//! as a map of hexagons (no basemap: nothing is fetched from outside), and repeats counted per
//! row and per respondent (members, and households with at least one such member).
//!
//! Readers who see no names get the bins through [`crate::disclosure::BinMask`] (counts under 5
//! hidden, and whatever would give them away), quartiles only from 10 answers, never the
//! extremes (one person's answer), hexagons only where 5 or more answered, and the figures of a
//! repeat's rows only where every figure of its respondents is shown.

use super::{Shown, Snapshot};
use crate::disclosure::{BinMask, Total};
use enquete_analysis::dataset::{Column, Dataset, NO_NUMBER};
use enquete_analysis::distribution::{Distribution, Observation, Scale, bin_label, distribution};
use enquete_analysis::hexbin::{self, Point};
use enquete_analysis::results::UnitResults;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::Language;
use enquete_domain::policy::SMALL_CELL;
use enquete_domain::survey::QuestionKind;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Answers needed before quartiles are shown to readers who see no names.
const QUARTILES_FROM: u64 = 2 * SMALL_CELL;
/// Hexagons across the widest side of a unit's map.
const HEXES_ACROSS: u32 = 24;

/// One bar of a distribution.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BinSummary {
    /// The range in words: `20–29`, `2026-03`, `07:00–07:30`.
    pub label: String,
    pub low: f64,
    pub high: f64,
    /// Answers in it; `None` when hidden.
    pub count: Option<u64>,
    /// Its share of the answers (weighted when the results are); `None` when hidden.
    pub share: Option<f64>,
}

/// A quartile with its 95% interval, as numbers and as text in the answers' own form.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuantileSummary {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub text: String,
    pub interval: String,
}

/// How the answers to a number, date or time question spread.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DistributionSummary {
    /// decimal, integer, date, time or date_time
    pub scale: String,
    pub bins: Vec<BinSummary>,
    pub q1: Option<QuantileSummary>,
    pub median: Option<QuantileSummary>,
    pub q3: Option<QuantileSummary>,
    /// The smallest and largest answers; not shown to readers who see no names.
    pub min: Option<String>,
    pub max: Option<String>,
}

/// One hexagon of a map: its outline in the map's drawing (metres, north up) and how many
/// answered in it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HexSummary {
    /// SVG polygon points.
    pub points: String,
    pub count: u64,
    /// 1 (fewest) to 5 (most), for the colour.
    pub level: u8,
}

/// Where a place question was answered, at one unit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MapSummary {
    /// The drawing's SVG view box (metres east and, negated, north of the map's centre).
    pub view_box: String,
    /// Centre-to-corner size of a hexagon, in metres.
    pub radius_m: f64,
    pub hexes: Vec<HexSummary>,
    /// Answers in hexagons left out for having fewer than 5 (readers who see no names); `None`
    /// when that number would itself be under 5.
    pub hidden: Option<u64>,
    /// The median accuracy the phones reported, in metres.
    pub accuracy_m: Option<f64>,
    /// The largest count of one hexagon.
    pub max: u64,
}

/// A choice of a question asked in a repeat: per row and per respondent.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepeatOption {
    pub code: String,
    pub label: String,
    /// Rows with this choice, and their share of the rows that answered.
    pub rows: Option<u64>,
    pub row_share: Option<f64>,
    /// Respondents with at least one such row, and their share of those with a row answered.
    pub respondents: Option<u64>,
    pub respondent_share: Option<f64>,
}

/// A question asked in each row of a repeat.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepeatQuestion {
    pub code: String,
    pub label: String,
    pub kind: String,
    /// Rows that answered it.
    pub rows: Option<u64>,
    /// Choices: respondents with at least one row that answered it.
    pub respondents: Option<u64>,
    pub options: Vec<RepeatOption>,
    /// Numbers, dates and times over the rows.
    pub distribution: Option<DistributionSummary>,
}

/// A repeat (a household's members) at one unit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepeatSummary {
    pub path: String,
    pub label: String,
    /// Respondents with at least one row.
    pub respondents: Option<u64>,
    /// Rows over all respondents.
    pub rows: Option<u64>,
    /// Rows per respondent (respondents without a row count as 0).
    pub per_respondent: Option<DistributionSummary>,
    pub mean: Option<f64>,
    pub questions: Vec<RepeatQuestion>,
}

/// A question's answers read as numbers, once per snapshot.
pub struct Values {
    pub scale: Scale,
    /// One per row of the question's dataset (the responses, or a repeat's rows); NaN when
    /// not answered or not readable.
    pub value: Vec<f64>,
    /// The response each value belongs to (a repeat's row: its response).
    pub respondent: Vec<u32>,
    /// The bins of the whole survey, used at every unit.
    pub edges: Vec<(f64, f64)>,
}

/// Places answered to a question, once per snapshot.
pub struct Places {
    pub points: Vec<(f64, f64, Option<f64>, u32)>,
}

/// What the snapshot keeps of the field kinds once worked out.
#[derive(Default)]
pub struct FieldCache {
    values: std::sync::Mutex<HashMap<usize, Option<Arc<Values>>>>,
    places: std::sync::Mutex<HashMap<usize, Arc<Places>>>,
    masks: std::sync::Mutex<HashMap<(usize, bool), Arc<BinMask>>>,
    /// What a unit's readers get, by question, unit, weighted and hiding small counts.
    distributions: std::sync::Mutex<HashMap<Key, Option<DistributionSummary>>>,
    maps: std::sync::Mutex<HashMap<Key, Option<MapSummary>>>,
    /// Rows per response of each repeat, by its position in the dataset's repeats.
    rows: std::sync::Mutex<HashMap<usize, Arc<Values>>>,
    /// The repeats as a unit's readers get them, by unit, weighted, hiding small counts and
    /// the reader's language.
    repeats: std::sync::Mutex<HashMap<RepeatsKey, Vec<RepeatSummary>>>,
}

type Key = (usize, UnitId, bool, bool);
type RepeatsKey = (UnitId, bool, bool, Language);

fn scale_of(kind: &QuestionKind) -> Option<Scale> {
    Some(match kind {
        QuestionKind::Number { .. } | QuestionKind::Scale { .. } => Scale::Integer,
        QuestionKind::Decimal => Scale::Decimal,
        QuestionKind::Date => Scale::Date,
        QuestionKind::Time => Scale::Time,
        QuestionKind::DateTime => Scale::DateTime,
        _ => return None,
    })
}

/// Where question `q`'s answers are: its dataset, its column there, and for a repeat's rows
/// the response of each row.
fn source(snap: &Snapshot, q: usize) -> (&Dataset, usize, Option<&[u32]>) {
    match snap
        .data
        .repeats
        .iter()
        .find_map(|r| Some((r, r.questions.iter().position(|x| *x == q)?)))
    {
        Some((r, column)) => (&r.data, column, Some(r.parent.as_slice())),
        None => (&snap.data, q, None),
    }
}

fn read(scale: Scale, text: &str) -> Option<f64> {
    let t = text.trim();
    let v = match scale {
        Scale::Decimal | Scale::Integer => t.parse::<f64>().ok()?,
        Scale::Date => enquete_domain::survey::date_from_str(t)? as f64,
        Scale::Time => enquete_domain::survey::time_from_str(t)? as f64 / 60_000.0,
        Scale::DateTime => (enquete_domain::survey::datetime_from_str(t)? / 1000) as f64,
    };
    v.is_finite().then_some(v)
}

/// The bins of the whole survey for these values, used at every unit.
fn survey_edges(value: &[f64], respondent: &[u32], scale: Scale) -> Vec<(f64, f64)> {
    let all: Vec<Observation> = value
        .iter()
        .zip(respondent)
        .map(|(v, r)| Observation {
            value: *v,
            weight: 1.0,
            respondent: *r,
        })
        .collect();
    distribution(&all, scale, 0)
        .map(|d| d.bins.iter().map(|b| (b.low, b.high)).collect())
        .unwrap_or_default()
}

fn respondents(rows: usize, parent: Option<&[u32]>) -> Vec<u32> {
    match parent {
        Some(p) => p.to_vec(),
        None => (0..u32::try_from(rows).unwrap_or(u32::MAX)).collect(),
    }
}

impl Snapshot {
    /// Question `q`'s answers as numbers, when it asks for a number, a date or a time.
    pub fn values(&self, q: usize) -> Option<Arc<Values>> {
        if let Some(hit) = self.fields.values.lock().ok()?.get(&q) {
            return hit.clone();
        }
        let built = self.build_values(q).map(Arc::new);
        if let Ok(mut m) = self.fields.values.lock() {
            m.insert(q, built.clone());
        }
        built
    }

    fn build_values(&self, q: usize) -> Option<Values> {
        let scale = scale_of(&self.survey.definition.questions.get(q)?.kind)?;
        let (data, column, parent) = source(self, q);
        let value: Vec<f64> = match data.columns.get(column)? {
            Column::Number(v) => v
                .iter()
                .map(|n| if *n == NO_NUMBER { f64::NAN } else { *n as f64 })
                .collect(),
            Column::Text(v) => v
                .iter()
                .map(|t| {
                    t.as_deref()
                        .and_then(|t| read(scale, t))
                        .unwrap_or(f64::NAN)
                })
                .collect(),
            _ => return None,
        };
        let respondent = respondents(value.len(), parent);
        let edges = survey_edges(&value, &respondent, scale);
        Some(Values {
            scale,
            value,
            respondent,
            edges,
        })
    }

    /// How many rows each response has in repeat `ri` (worked out once per snapshot).
    fn rows_per_response(&self, ri: usize) -> Option<Arc<Values>> {
        if let Some(hit) = self.fields.rows.lock().ok()?.get(&ri) {
            return Some(hit.clone());
        }
        let rep = self.data.repeats.get(ri)?;
        let value: Vec<f64> = rep
            .counts(self.data.len())
            .into_iter()
            .map(f64::from)
            .collect();
        let respondent = respondents(value.len(), None);
        let edges = survey_edges(&value, &respondent, Scale::Integer);
        let built = Arc::new(Values {
            scale: Scale::Integer,
            value,
            respondent,
            edges,
        });
        if let Ok(mut m) = self.fields.rows.lock() {
            m.insert(ri, built.clone());
        }
        Some(built)
    }

    /// Question `q`'s places (latitude, longitude, accuracy, response).
    pub fn places(&self, q: usize) -> Option<Arc<Places>> {
        let def = &self.survey.definition;
        if !matches!(def.questions.get(q)?.kind, QuestionKind::Geopoint) {
            return None;
        }
        if let Some(hit) = self.fields.places.lock().ok()?.get(&q) {
            return Some(hit.clone());
        }
        let (data, column, parent) = source(self, q);
        let Column::Text(texts) = data.columns.get(column)? else {
            return None;
        };
        let owners = respondents(texts.len(), parent);
        let points = texts
            .iter()
            .zip(owners)
            .filter_map(|(t, r)| {
                let (lat, lon, acc) = hexbin::parse_geopoint(t.as_deref()?)?;
                Some((lat, lon, acc, r))
            })
            .collect();
        let built = Arc::new(Places { points });
        if let Ok(mut m) = self.fields.places.lock() {
            m.insert(q, built.clone());
        }
        Some(built)
    }

    /// The hidden bins of a distribution for readers who see no names: of question `q`, or
    /// (`rows`) of the rows per respondent of repeat `q`.
    fn bin_mask(
        &self,
        q: usize,
        rows: bool,
        edges: &[(f64, f64)],
        of: &[(f64, u32)],
    ) -> Arc<BinMask> {
        if let Some(hit) = self
            .fields
            .masks
            .lock()
            .ok()
            .and_then(|m| m.get(&(q, rows)).cloned())
        {
            return hit;
        }
        // Per section, then up the tree.
        let mut per_unit: HashMap<UnitId, Vec<u64>> = HashMap::new();
        for (v, r) in of {
            let (Some(b), Some(unit)) = (bin_of(edges, *v), self.unit_of(*r)) else {
                continue;
            };
            let row = per_unit.entry(unit).or_insert_with(|| vec![0; edges.len()]);
            if let Some(c) = row.get_mut(b) {
                *c += 1;
            }
        }
        let mut totals: HashMap<UnitId, Vec<u64>> = HashMap::new();
        for u in &self.units {
            let Some(row) = per_unit.get(&u.id) else {
                continue;
            };
            for id in u.path.ids() {
                let t = totals.entry(id).or_insert_with(|| vec![0; edges.len()]);
                for (a, b) in t.iter_mut().zip(row) {
                    *a += b;
                }
            }
        }
        let total = if rows {
            Total::Responses
        } else {
            Total::Answered(q)
        };
        let built = Arc::new(BinMask::build(
            self,
            self.mask(),
            &totals,
            edges.len(),
            total,
        ));
        if let Ok(mut m) = self.fields.masks.lock() {
            m.insert((q, rows), built.clone());
        }
        built
    }

    fn unit_of(&self, row: u32) -> Option<UnitId> {
        let u = self.data.units.get(row as usize)?;
        self.data.unit_ids.get(*u as usize).copied()
    }
}

fn bin_of(edges: &[(f64, f64)], v: f64) -> Option<usize> {
    if !v.is_finite() {
        return None;
    }
    let last = edges.len().checked_sub(1)?;
    edges
        .iter()
        .position(|(low, high)| v >= *low && v < *high)
        .or_else(|| edges.get(last).filter(|(_, h)| v == *h).map(|_| last))
}

fn quantile(
    scale: Scale,
    q: Option<enquete_analysis::distribution::Quantile>,
) -> Option<QuantileSummary> {
    let q = q?;
    let text = |v: f64| enquete_analysis::distribution::label(scale, v);
    Some(QuantileSummary {
        value: q.value,
        low: q.low,
        high: q.high,
        text: text(q.value),
        interval: format!("{}–{}", text(q.low), text(q.high)),
    })
}

/// Who is read, and how.
pub(super) struct Reader<'a> {
    pub snap: &'a Snapshot,
    pub unit: &'a Unit,
    pub shown: Shown<'a>,
    /// The weights of the responses, when the results are weighted.
    pub weights: Option<&'a [f64]>,
    pub lang: Language,
    /// For each section of the dataset, whether it lies in the unit.
    pub inside: Vec<bool>,
}

impl Reader<'_> {
    fn has(&self, respondent: u32) -> bool {
        self.snap
            .data
            .units
            .get(respondent as usize)
            .and_then(|u| self.inside.get(*u as usize))
            .copied()
            .unwrap_or(false)
    }

    fn weight(&self, respondent: u32) -> f64 {
        self.weights
            .and_then(|w| w.get(respondent as usize).copied())
            .unwrap_or(1.0)
    }

    /// A distribution of `(value, respondent)` pairs at the unit, over the survey's bins.
    /// `mask`: for readers who see no names, which bins they may see (`None`: the values are a
    /// repeat's rows, of which they get the quartiles only).
    fn summary(
        &self,
        scale: Scale,
        edges: &[(f64, f64)],
        of: &[(f64, u32)],
        mask: Option<&BinMask>,
        answered: Option<u64>,
    ) -> Option<DistributionSummary> {
        let obs: Vec<Observation> = of
            .iter()
            .filter(|(v, r)| v.is_finite() && self.has(*r))
            .map(|(v, r)| Observation {
                value: *v,
                weight: self.weight(*r),
                respondent: *r,
            })
            .collect();
        let d: Distribution = distribution(&obs, scale, 0)?;
        let hides = self.shown.hides();
        let people = d.respondents;
        // Counts per survey bin.
        let mut counts = vec![0_u64; edges.len()];
        let mut weight = vec![0.0_f64; edges.len()];
        let mut total = 0.0;
        for o in &obs {
            if let Some(b) = bin_of(edges, o.value) {
                if let (Some(c), Some(w)) = (counts.get_mut(b), weight.get_mut(b)) {
                    *c += 1;
                    *w += o.weight;
                }
                total += o.weight;
            }
        }
        let unit = self.unit.id;
        let bins = if hides && mask.is_none() {
            Vec::new()
        } else {
            edges
                .iter()
                .enumerate()
                .map(|(b, (low, high))| {
                    let hidden = hides && mask.is_none_or(|m| m.hidden(unit, b));
                    let count = counts.get(b).copied().unwrap_or(0);

                    BinSummary {
                        label: bin_label(scale, *low, *high),
                        low: *low,
                        high: *high,
                        count: (!hidden).then_some(count),
                        share: (!hidden && total > 0.0)
                            .then(|| weight.get(b).copied().unwrap_or(0.0) / total),
                    }
                })
                .collect()
        };
        let quartiles = !hides || (answered.is_some() && people >= QUARTILES_FROM);
        Some(DistributionSummary {
            scale: scale_name(scale).to_owned(),
            bins,
            q1: quantile(scale, d.q1.filter(|_| quartiles)),
            median: quantile(scale, d.median.filter(|_| quartiles)),
            q3: quantile(scale, d.q3.filter(|_| quartiles)),
            min: (!hides).then(|| enquete_analysis::distribution::label(scale, d.min)),
            max: (!hides).then(|| enquete_analysis::distribution::label(scale, d.max)),
        })
    }

    fn key(&self, q: usize) -> Key {
        (q, self.unit.id, self.weights.is_some(), self.shown.hides())
    }

    /// The distribution of question `q`'s answers at the unit (worked out once per snapshot).
    pub fn distribution(&self, q: usize, answered: Option<u64>) -> Option<DistributionSummary> {
        let cache = &self.snap.fields.distributions;
        if let Some(hit) = cache.lock().ok()?.get(&self.key(q)) {
            return hit.clone();
        }
        let built = self.build_distribution(q, answered);
        if let Ok(mut m) = cache.lock() {
            m.insert(self.key(q), built.clone());
        }
        built
    }

    fn build_distribution(&self, q: usize, answered: Option<u64>) -> Option<DistributionSummary> {
        let v = self.snap.values(q)?;
        let of: Vec<(f64, u32)> = v
            .value
            .iter()
            .copied()
            .zip(v.respondent.iter().copied())
            .collect();
        let in_repeat = self
            .snap
            .data
            .repeats
            .iter()
            .any(|r| r.questions.contains(&q));
        let mask =
            (self.shown.hides() && !in_repeat).then(|| self.snap.bin_mask(q, false, &v.edges, &of));
        self.summary(v.scale, &v.edges, &of, mask.as_deref(), answered)
    }

    /// The map of question `q`'s places at the unit (worked out once per snapshot).
    pub fn map(&self, q: usize, answered: Option<u64>) -> Option<MapSummary> {
        let cache = &self.snap.fields.maps;
        if let Some(hit) = cache.lock().ok()?.get(&self.key(q)) {
            return hit.clone();
        }
        let built = self.build_map(q, answered);
        if let Ok(mut m) = cache.lock() {
            m.insert(self.key(q), built.clone());
        }
        built
    }

    fn build_map(&self, q: usize, answered: Option<u64>) -> Option<MapSummary> {
        let places = self.snap.places(q)?;
        let hides = self.shown.hides();
        if hides && answered.is_none() {
            return None;
        }
        let mut accuracies = Vec::new();
        let points: Vec<Point> = places
            .points
            .iter()
            .filter(|(_, _, _, r)| self.has(*r))
            .map(|(lat, lon, acc, r)| {
                accuracies.extend(acc.filter(|a| a.is_finite()));
                Point {
                    lat: *lat,
                    lon: *lon,
                    respondent: *r,
                }
            })
            .collect();
        let min = if hides { SMALL_CELL } else { 0 };
        let m = hexbin::hexbin(&points, HEXES_ACROSS, min)?;
        accuracies.sort_by(f64::total_cmp);
        let max = m.hexes.iter().map(|h| h.count).max().unwrap_or(0);
        let pad = m.radius_m;
        Some(MapSummary {
            view_box: format!(
                "{:.0} {:.0} {:.0} {:.0}",
                m.min_x - pad,
                -m.max_y - pad,
                (m.max_x - m.min_x) + 2.0 * pad,
                (m.max_y - m.min_y) + 2.0 * pad
            ),
            radius_m: m.radius_m,
            hexes: m
                .hexes
                .iter()
                .map(|h| HexSummary {
                    points: hexbin::corners(h, m.radius_m)
                        .iter()
                        .map(|(x, y)| format!("{x:.0},{:.0}", -y))
                        .collect::<Vec<_>>()
                        .join(" "),
                    count: h.count,
                    level: level(h.count, max),
                })
                .collect(),
            hidden: (!hides || m.hidden == 0 || m.hidden >= SMALL_CELL).then_some(m.hidden),
            accuracy_m: accuracies.get(accuracies.len() / 2).copied(),
            max,
        })
    }

    /// The repeats of the survey at the unit.
    pub fn repeats(
        &self,
        here: &UnitResults,
        rows_rolled: &[HashMap<UnitId, UnitResults>],
    ) -> Vec<RepeatSummary> {
        let key = (
            self.unit.id,
            self.weights.is_some(),
            self.shown.hides(),
            self.lang,
        );
        if let Some(hit) = self
            .snap
            .fields
            .repeats
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return hit;
        }
        let built = self.build_repeats(here, rows_rolled);
        if let Ok(mut m) = self.snap.fields.repeats.lock() {
            m.insert(key, built.clone());
        }
        built
    }

    fn build_repeats(
        &self,
        here: &UnitResults,
        rows_rolled: &[HashMap<UnitId, UnitResults>],
    ) -> Vec<RepeatSummary> {
        let def = &self.snap.survey.definition;
        let unit = self.unit.id;
        let responses = self.shown.responses(here.responses);
        self.snap
            .data
            .repeats
            .iter()
            .enumerate()
            .filter_map(|(ri, rep)| Some((ri, rep, self.snap.rows_per_response(ri)?)))
            .map(|(ri, rep, counts)| {
                let of: Vec<(f64, u32)> = counts
                    .value
                    .iter()
                    .copied()
                    .zip(counts.respondent.iter().copied())
                    .collect();
                let edges = &counts.edges;
                let inside: Vec<&(f64, u32)> = of.iter().filter(|(_, r)| self.has(*r)).collect();
                let with_rows = inside.iter().filter(|(n, _)| *n > 0.0).count() as u64;
                let rows: u64 = inside.iter().map(|(n, _)| *n as u64).sum();
                let mask = self
                    .shown
                    .hides()
                    .then(|| self.snap.bin_mask(ri, true, edges, &of));
                let per_respondent =
                    self.summary(Scale::Integer, edges, &of, mask.as_deref(), responses);
                let all_shown = per_respondent
                    .as_ref()
                    .is_some_and(|d| d.bins.iter().all(|b| b.count.is_some()));
                let open = !self.shown.hides() || (responses.is_some() && all_shown);
                let group = def.group(&rep.path);
                RepeatSummary {
                    path: rep.path.to_string(),
                    label: group
                        .map(|g| g.label.get(self.lang).to_owned())
                        .filter(|l| !l.is_empty())
                        .or_else(|| group.map(|g| g.name.clone()))
                        .unwrap_or_default(),
                    respondents: open.then_some(with_rows),
                    rows: open.then_some(rows),
                    mean: (open && here.responses > 0)
                        .then(|| rows as f64 / inside.len().max(1) as f64),
                    per_respondent,
                    questions: rep
                        .questions
                        .iter()
                        .enumerate()
                        .filter_map(|(column, q)| {
                            self.repeat_question(
                                *q,
                                rows_rolled.get(ri)?.get(&unit)?.questions.get(column)?,
                                here,
                            )
                        })
                        .collect(),
                }
            })
            .collect()
    }

    fn repeat_question(
        &self,
        q: usize,
        per_row: &enquete_analysis::results::QuestionResult,
        here: &UnitResults,
    ) -> Option<RepeatQuestion> {
        let question = self.snap.survey.definition.questions.get(q)?;
        // Choices, numbers, dates and times have figures; free text and the rest do not here.
        if question.kind.choices().is_empty() && scale_of(&question.kind).is_none() {
            return None;
        }
        let any = here.questions.get(q)?;
        let choices = question.kind.choices();
        // Counted per respondent for choices only (a respondent's choices in any row).
        let respondents = if choices.is_empty() {
            None
        } else {
            self.shown.answered(q, any.answered())
        };
        // The rows' figures only where every figure of their respondents is shown.
        let open = !self.shown.hides()
            || ((respondents.is_some() || choices.is_empty())
                && (0..choices.len()).all(|i| {
                    self.shown
                        .chosen(q, i, any.chosen.get(i).map_or(0, |s| s.count))
                        .is_some()
                }));
        let rows = open.then(|| per_row.answered());
        let share = |n: u64, of: u64| (of > 0).then(|| n as f64 / of as f64);
        Some(RepeatQuestion {
            code: question.name.clone(),
            label: question.shown_label(self.lang).to_owned(),
            kind: question.kind.type_name().to_owned(),
            rows,
            respondents,
            options: choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let by_rows = per_row.chosen.get(i).map_or(0, |s| s.count);
                    let by_people =
                        self.shown
                            .chosen(q, i, any.chosen.get(i).map_or(0, |s| s.count));
                    RepeatOption {
                        code: c.name.clone(),
                        label: c.label.get(self.lang).to_owned(),
                        rows: open.then_some(by_rows),
                        row_share: rows.and_then(|r| share(by_rows, r)),
                        respondents: by_people,
                        respondent_share: by_people
                            .and(respondents)
                            .and_then(|n| share(by_people.unwrap_or(0), n)),
                    }
                })
                .collect(),
            distribution: scale_of(&question.kind)
                .and_then(|_| self.distribution(q, open.then(|| per_row.answered()))),
        })
    }
}

fn level(count: u64, max: u64) -> u8 {
    if max == 0 {
        return 1;
    }
    let x = (count as f64 / max as f64 * 5.0).ceil();
    (x as u8).clamp(1, 5)
}

fn scale_name(scale: Scale) -> &'static str {
    match scale {
        Scale::Decimal => "decimal",
        Scale::Integer => "integer",
        Scale::Date => "date",
        Scale::Time => "time",
        Scale::DateTime => "date_time",
    }
}

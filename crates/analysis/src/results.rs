//! Survey results rolled up the org tree: for every question at every level (section, city,
//! region, nation, or any subtree), how many answered and how many chose each option; for
//! rankings also the first-choice count, the count naming it anywhere in the top N and a Borda
//! score; for numbers and scales the count, sum, minimum and maximum.
//!
//! Responses are first encoded into per-section accumulators (one pass over the responses), then
//! the accumulators are folded into their ancestors (one pass back up the tree), as the design
//! asks; nothing here knows where the responses came from.

use crate::dataset::{Column, Dataset, NO_CHOICE, NO_NUMBER};
use crate::estimate::{Base, Estimate, Sums, mean, proportion};
use enquete_domain::org::UnitId;
use enquete_domain::survey::{Answers, QuestionKind, SurveyDefinition};
use serde::Serialize;
use std::collections::HashMap;

/// Results of one question in one unit (the unit and everything below it). Every figure is kept
/// as weighted sums (with weights of 1 when the survey is not weighted), so units add up and the
/// margins of error follow from the sums (see [`crate::estimate`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuestionResult {
    /// Responses that answered this question.
    pub base: Base,
    /// Per choice, in the survey's order: who chose it (for rankings: named it anywhere).
    pub chosen: Vec<Sums>,
    /// Rankings: who put each choice first.
    pub first: Vec<Sums>,
    /// Rankings: weighted Borda points (first place scores `max`, the last place 1).
    pub borda: Vec<f64>,
    /// Numbers and scales: the answers.
    pub value: Sums,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl QuestionResult {
    fn merge(&mut self, other: &QuestionResult) {
        self.base.merge(&other.base);
        for (a, b) in [
            (&mut self.chosen, &other.chosen),
            (&mut self.first, &other.first),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
        for (x, y) in self.borda.iter_mut().zip(&other.borda) {
            *x += y;
        }
        self.value.merge(&other.value);
        self.min = match (self.min, other.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// How many answered.
    pub fn answered(&self) -> u64 {
        self.base.n
    }

    /// How many chose each option (unweighted counts).
    pub fn counts(&self) -> Vec<u64> {
        self.chosen.iter().map(|s| s.count).collect()
    }

    /// The share of those who answered that chose each option (0 when nobody answered).
    pub fn shares(&self) -> Vec<f64> {
        self.chosen
            .iter()
            .map(|c| proportion(&self.base, c).map_or(0.0, |e| e.value))
            .collect()
    }

    /// The share choosing option `i`, with its margin of error.
    pub fn share(&self, i: usize) -> Option<Estimate> {
        proportion(&self.base, self.chosen.get(i)?)
    }

    /// Rankings: the share putting option `i` first.
    pub fn first_share(&self, i: usize) -> Option<Estimate> {
        proportion(&self.base, self.first.get(i)?)
    }

    /// Numbers and scales: the mean with its margin of error.
    pub fn mean(&self) -> Option<Estimate> {
        self.min.and_then(|_| mean(&self.base, &self.value))
    }

    /// These results with `other` (a part of them) taken out: the rest of a parent.
    pub fn minus(&self, other: &QuestionResult) -> QuestionResult {
        QuestionResult {
            base: self.base.minus(&other.base),
            chosen: self
                .chosen
                .iter()
                .zip(&other.chosen)
                .map(|(a, b)| a.minus(b))
                .collect(),
            first: self
                .first
                .iter()
                .zip(&other.first)
                .map(|(a, b)| a.minus(b))
                .collect(),
            borda: self
                .borda
                .iter()
                .zip(&other.borda)
                .map(|(a, b)| a - b)
                .collect(),
            value: self.value.minus(&other.value),
            min: self.min,
            max: self.max,
        }
    }
}

/// All questions' results for one unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitResults {
    pub responses: u64,
    /// In the survey's question order; free-text questions count answers only.
    pub questions: Vec<QuestionResult>,
}

impl UnitResults {
    fn empty(def: &SurveyDefinition) -> Self {
        let questions = def
            .questions
            .iter()
            .map(|q| {
                let n = q.kind.choices().len();
                let ranked = matches!(q.kind, QuestionKind::Ranking { .. });
                QuestionResult {
                    chosen: vec![Sums::default(); n],
                    first: vec![Sums::default(); if ranked { n } else { 0 }],
                    borda: vec![0.0; if ranked { n } else { 0 }],
                    ..QuestionResult::default()
                }
            })
            .collect();
        Self {
            responses: 0,
            questions,
        }
    }

    fn merge(&mut self, other: &UnitResults) {
        self.responses += other.responses;
        for (a, b) in self.questions.iter_mut().zip(&other.questions) {
            a.merge(b);
        }
    }
}

fn add_column(
    def_kind: &QuestionKind,
    column: &Column,
    slots: &[Option<usize>],
    weight: &dyn Fn(usize) -> f64,
    results: &mut [QuestionResult],
) {
    let rows = slots
        .iter()
        .enumerate()
        .filter_map(|(r, s)| s.map(|s| (r, s)));
    match column {
        Column::Single(codes) => {
            for (r, slot) in rows {
                let (Some(code), Some(acc)) = (codes.get(r), results.get_mut(slot)) else {
                    continue;
                };
                if *code == NO_CHOICE {
                    continue;
                }
                let w = weight(r);
                acc.base.add(w);
                if let Some(s) = acc.chosen.get_mut(usize::from(*code)) {
                    s.add(w, 1.0);
                }
            }
        }
        Column::Multiple(lists) => {
            for (r, slot) in rows {
                let (Some(list), Some(acc)) = (lists.row(r), results.get_mut(slot)) else {
                    continue;
                };
                let w = weight(r);
                acc.base.add(w);
                for code in list {
                    if let Some(s) = acc.chosen.get_mut(usize::from(*code)) {
                        s.add(w, 1.0);
                    }
                }
            }
        }
        Column::Ranking(lists) => {
            let max = match def_kind {
                QuestionKind::Ranking { max, .. } => f64::from(*max),
                _ => 0.0,
            };
            for (r, slot) in rows {
                let (Some(list), Some(acc)) = (lists.row(r), results.get_mut(slot)) else {
                    continue;
                };
                let w = weight(r);
                acc.base.add(w);
                for (place, code) in list.iter().enumerate() {
                    let c = usize::from(*code);
                    if let Some(s) = acc.chosen.get_mut(c) {
                        s.add(w, 1.0);
                    }
                    if place == 0
                        && let Some(s) = acc.first.get_mut(c)
                    {
                        s.add(w, 1.0);
                    }
                    if let Some(b) = acc.borda.get_mut(c) {
                        *b += w * (max - place as f64).max(0.0);
                    }
                }
            }
        }
        Column::Number(values) => {
            for (r, slot) in rows {
                let (Some(v), Some(acc)) = (values.get(r), results.get_mut(slot)) else {
                    continue;
                };
                if *v == NO_NUMBER {
                    continue;
                }
                let w = weight(r);
                acc.base.add(w);
                acc.value.add(w, *v as f64);
                acc.min = Some(acc.min.map_or(*v, |m| m.min(*v)));
                acc.max = Some(acc.max.map_or(*v, |m| m.max(*v)));
            }
        }
        Column::Text(texts) => {
            for (r, slot) in rows {
                if let (Some(Some(_)), Some(acc)) = (texts.get(r), results.get_mut(slot)) {
                    acc.base.add(weight(r));
                }
            }
        }
    }
}

/// Without weights every figure is a count: the columns are tallied as integers per section
/// (the inner loops only add one), and the sums the estimates need are made from the counts.
fn tally_unweighted(
    kind: &QuestionKind,
    column: &Column,
    units: &[u32],
    per_unit: &mut [QuestionResult],
) {
    let n_units = per_unit.len();
    let k = kind.choices().len();
    let count = |n: u64| Sums {
        count: n,
        wy: n as f64,
        w2y: n as f64,
        w2y2: n as f64,
    };
    let base = |n: u64| Base {
        n,
        w: n as f64,
        w2: n as f64,
    };
    match column {
        Column::Single(codes) => {
            // One slot per choice and one for "not answered", per section.
            let width = k + 1;
            let mut tally = vec![0_u32; n_units * width];
            for (code, u) in codes.iter().zip(units) {
                let c = usize::from(*code).min(k);
                if let Some(t) = tally.get_mut(*u as usize * width + c) {
                    *t += 1;
                }
            }
            for (u, acc) in per_unit.iter_mut().enumerate() {
                let row = tally.get(u * width..u * width + k).unwrap_or_default();
                acc.base = base(row.iter().map(|x| u64::from(*x)).sum());
                for (s, n) in acc.chosen.iter_mut().zip(row) {
                    *s = count(u64::from(*n));
                }
            }
        }
        Column::Multiple(lists) | Column::Ranking(lists) => {
            let max = match kind {
                QuestionKind::Ranking { max, .. } => u64::from(*max),
                _ => 0,
            };
            let mut answered = vec![0_u64; n_units];
            let mut chosen = vec![0_u64; n_units * k];
            let mut first = vec![0_u64; n_units * k];
            let mut points = vec![0_u64; n_units * k];
            // Straight over the offsets, without looking each row up.
            let rows = lists.offsets.windows(2).zip(&lists.answered).zip(units);
            for ((span, was_answered), u) in rows {
                if !*was_answered {
                    continue;
                }
                let (Some(from), Some(to)) = (span.first(), span.get(1)) else {
                    continue;
                };
                let list = lists
                    .codes
                    .get(*from as usize..*to as usize)
                    .unwrap_or_default();
                let u = *u as usize;
                if let Some(a) = answered.get_mut(u) {
                    *a += 1;
                }
                if max == 0 {
                    for code in list {
                        if let Some(c) = chosen.get_mut(u * k + usize::from(*code)) {
                            *c += 1;
                        }
                    }
                    continue;
                }
                for (place, code) in list.iter().enumerate() {
                    let at = u * k + usize::from(*code);
                    if let Some(c) = chosen.get_mut(at) {
                        *c += 1;
                    }
                    if max > 0 {
                        if place == 0
                            && let Some(f) = first.get_mut(at)
                        {
                            *f += 1;
                        }
                        if let Some(p) = points.get_mut(at) {
                            *p += max.saturating_sub(place as u64);
                        }
                    }
                }
            }
            for (u, acc) in per_unit.iter_mut().enumerate() {
                acc.base = base(answered.get(u).copied().unwrap_or(0));
                let span = u * k..u * k + k;
                for (s, n) in acc
                    .chosen
                    .iter_mut()
                    .zip(chosen.get(span.clone()).unwrap_or_default())
                {
                    *s = count(*n);
                }
                for (s, n) in acc
                    .first
                    .iter_mut()
                    .zip(first.get(span.clone()).unwrap_or_default())
                {
                    *s = count(*n);
                }
                for (b, n) in acc
                    .borda
                    .iter_mut()
                    .zip(points.get(span).unwrap_or_default())
                {
                    *b = *n as f64;
                }
            }
        }
        Column::Number(values) => {
            // count, count of non-zero, sum, sum of squares, min, max per section, in integers.
            let mut t = vec![(0_u64, 0_u64, 0_i128, 0_i128, i64::MAX, i64::MIN); n_units];
            for (v, u) in values.iter().zip(units) {
                if *v == NO_NUMBER {
                    continue;
                }
                if let Some(x) = t.get_mut(*u as usize) {
                    x.0 += 1;
                    x.1 += u64::from(*v != 0);
                    x.2 += i128::from(*v);
                    x.3 += i128::from(*v) * i128::from(*v);
                    x.4 = x.4.min(*v);
                    x.5 = x.5.max(*v);
                }
            }
            for (acc, (n, nonzero, sum, squares, min, max)) in per_unit.iter_mut().zip(t) {
                if n == 0 {
                    continue;
                }
                acc.base = base(n);
                acc.value = Sums {
                    count: nonzero,
                    wy: sum as f64,
                    w2y: sum as f64,
                    w2y2: squares as f64,
                };
                acc.min = Some(min);
                acc.max = Some(max);
            }
        }
        Column::Text(texts) => {
            for (t, u) in texts.iter().zip(units) {
                if t.is_some()
                    && let Some(acc) = per_unit.get_mut(*u as usize)
                {
                    acc.base.add(1.0);
                }
            }
        }
    }
}

/// Rolls the responses of a dataset up the tree. `units` lists `(unit, parent)` with parents
/// before children; responses of units not in the list are left out. `weights`, when given, has
/// one weight per row of the dataset.
///
/// The responses are first tallied per section in one pass per question, then each section is
/// added to its place in the tree and the tree folded up: the work on responses does not depend
/// on how many levels there are.
pub fn roll_up(
    def: &SurveyDefinition,
    data: &Dataset,
    units: &[(UnitId, Option<UnitId>)],
    weights: Option<&[f64]>,
) -> HashMap<UnitId, UnitResults> {
    let position: HashMap<UnitId, usize> = units
        .iter()
        .enumerate()
        .map(|(i, (u, _))| (*u, i))
        .collect();
    // Per section of the dataset.
    let mut sections: Vec<UnitResults> = data
        .unit_ids
        .iter()
        .map(|_| UnitResults::empty(def))
        .collect();
    for u in &data.units {
        if let Some(s) = sections.get_mut(*u as usize) {
            s.responses += 1;
        }
    }
    let all_rows: Vec<Option<usize>> = data.units.iter().map(|u| Some(*u as usize)).collect();
    let weight = |r: usize| weights.and_then(|w| w.get(r).copied()).unwrap_or(1.0);
    // Questions are independent: they are tallied on as many threads as the machine has cores
    // (each thread takes every n-th question), then put back in order.
    let tally = |q: usize| -> Vec<QuestionResult> {
        let (Some(question), Some(column)) = (def.questions.get(q), data.columns.get(q)) else {
            return Vec::new();
        };
        let mut per_unit: Vec<QuestionResult> = sections
            .iter()
            .map(|a| a.questions.get(q).cloned().unwrap_or_default())
            .collect();
        if weights.is_some() {
            add_column(&question.kind, column, &all_rows, &weight, &mut per_unit);
        } else {
            tally_unweighted(&question.kind, column, &data.units, &mut per_unit);
        }
        per_unit
    };
    let questions = def.questions.len().min(data.columns.len());
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(questions.max(1));
    let mut tallied: Vec<(usize, Vec<QuestionResult>)> = if threads > 1 && data.len() >= 50_000 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let tally = &tally;
                    scope.spawn(move || {
                        (t..questions)
                            .step_by(threads)
                            .map(|q| (q, tally(q)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    } else {
        (0..questions).map(|q| (q, tally(q))).collect()
    };
    tallied.sort_by_key(|(q, _)| *q);
    for (q, per_unit) in tallied {
        for (a, r) in sections.iter_mut().zip(per_unit) {
            if let Some(slot) = a.questions.get_mut(q) {
                *slot = r;
            }
        }
    }
    let mut acc: Vec<UnitResults> = units.iter().map(|_| UnitResults::empty(def)).collect();
    for (id, section) in data.unit_ids.iter().zip(&sections) {
        if let Some(a) = position.get(id).and_then(|p| acc.get_mut(*p)) {
            a.merge(section);
        }
    }
    // Children come after their parents: walking backwards folds each finished subtree into its
    // parent exactly once.
    for (i, (_, parent)) in units.iter().enumerate().rev() {
        let Some(p) = parent.and_then(|p| position.get(&p).copied()) else {
            continue;
        };
        if p >= i {
            continue;
        }
        let (head, tail) = acc.split_at_mut(i);
        if let (Some(parent), Some(own)) = (head.get_mut(p), tail.first()) {
            parent.merge(own);
        }
    }
    units.iter().map(|(u, _)| *u).zip(acc).collect()
}

/// Rolls responses given as `(section, answers)` up the tree, unweighted.
pub fn roll_up_responses<'a>(
    def: &SurveyDefinition,
    units: &[(UnitId, Option<UnitId>)],
    responses: impl IntoIterator<Item = (UnitId, &'a Answers)>,
) -> HashMap<UnitId, UnitResults> {
    let data = Dataset::encode(def, responses.into_iter().map(|(u, a)| ("", u, a)));
    roll_up(def, &data, units, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(json: &str) -> Answers {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn counting_and_weighting_by_one_agree() {
        use enquete_domain::demo::{Scale, country};
        use enquete_domain::demo_bench::{bench_responses, bench_survey};
        let now = enquete_domain::Timestamp(1_790_000_000);
        let c = country(Scale::Small, 1, now);
        let def = bench_survey();
        // Enough rows for the tally to run on several threads.
        let rows = bench_responses(&c, 3, 0, 60_000, now);
        let data = Dataset::encode(
            &def,
            rows.iter()
                .map(|r| (r.id.as_str(), UnitId(r.unit as i64), &r.answers)),
        );
        let mut tree: Vec<(UnitId, Option<UnitId>)> = c
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (UnitId(i as i64), u.parent.map(|p| UnitId(p as i64))))
            .collect();
        tree.sort_by_key(|(u, _)| u.0);
        let counted = roll_up(&def, &data, &tree, None);
        let weighted = roll_up(&def, &data, &tree, Some(&vec![1.0; data.len()]));
        assert_eq!(counted, weighted);
        assert_eq!(counted[&UnitId(0)].responses, 60_000);
        // A count straight from the answers.
        let agree = rows
            .iter()
            .filter(|r| {
                r.answers.0.get("s07")
                    == Some(&enquete_domain::survey::AnswerValue::Text("agree".into()))
            })
            .count() as u64;
        assert_eq!(counted[&UnitId(0)].questions[7].chosen[0].count, agree);
    }

    #[test]
    fn counts_roll_up_with_rankings_and_numbers() {
        let def = enquete_domain::demo::belgian_enquete();
        let (nation, city, a, b) = (UnitId(1), UnitId(2), UnitId(3), UnitId(4));
        let units = vec![
            (nation, None),
            (city, Some(nation)),
            (a, Some(city)),
            (b, Some(city)),
        ];
        let r1 = answers(
            r#"{"top3": ["housing", "wages", "health"], "trust": 2, "contact": "no", "change": "more parks"}"#,
        );
        let r2 = answers(r#"{"top3": ["wages"], "trust": 8, "contact": "yes"}"#);
        let r3 = answers(r#"{"top3": ["housing", "prices"], "contact": "no"}"#);
        let other = answers(r#"{"top3": ["climate"], "contact": "no"}"#);
        let res = roll_up_responses(
            &def,
            &units,
            vec![(a, &r1), (a, &r2), (b, &r3), (UnitId(99), &other)],
        );
        let top3 = |u: UnitId| res[&u].questions[0].clone();
        let pos = |code: &str| {
            def.questions[0]
                .kind
                .choices()
                .iter()
                .position(|c| c.name == code)
                .unwrap()
        };
        assert_eq!(
            res[&nation].responses, 3,
            "responses outside the tree are left out"
        );
        assert_eq!(top3(nation).answered(), 3);
        assert_eq!(top3(nation).chosen[pos("housing")].count, 2);
        assert_eq!(top3(nation).first[pos("housing")].count, 2);
        assert_eq!(top3(nation).first[pos("wages")].count, 1);
        // Borda with 3 places: first 3 points, second 2, third 1.
        assert_eq!(top3(nation).borda[pos("wages")], 2.0 + 3.0);
        assert_eq!(top3(nation).borda[pos("health")], 1.0);
        assert_eq!(top3(a).answered(), 2);
        assert_eq!(top3(b).chosen[pos("prices")].count, 1);
        let trust = &res[&nation].questions[1];
        assert_eq!(
            (trust.answered(), trust.value.wy, trust.min, trust.max),
            (2, 10.0, Some(2), Some(8))
        );
        assert_eq!(trust.mean().map(|e| e.value), Some(5.0));
        let contact = &res[&city].questions[6];
        assert_eq!(contact.shares(), vec![1.0 / 3.0, 2.0 / 3.0]);
        assert_eq!(
            res[&nation].questions[2].answered(),
            1,
            "free text counts answers only"
        );
        assert_eq!(
            res[&city], res[&nation],
            "a city with all the sections equals the nation here"
        );
    }
}

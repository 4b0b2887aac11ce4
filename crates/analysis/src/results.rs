//! Survey results rolled up the org tree: for every question at every level (section, city,
//! region, nation, or any subtree), how many answered and how many chose each option; for
//! rankings also the first-choice count, the count naming it anywhere in the top N and a Borda
//! score; for numbers and scales the count, sum, minimum and maximum.
//!
//! Responses are first encoded into per-section accumulators (one pass over the responses), then
//! the accumulators are folded into their ancestors (one pass back up the tree), as the design
//! asks; nothing here knows where the responses came from.

use enquete_domain::org::UnitId;
use enquete_domain::survey::{AnswerValue, Answers, QuestionKind, SurveyDefinition};
use serde::Serialize;
use std::collections::HashMap;

/// Results of one question in one unit (the unit and everything below it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuestionResult {
    /// Responses that answered this question.
    pub answered: u64,
    /// Per choice, in the survey's order: how many chose it (for rankings: named it anywhere).
    pub chosen: Vec<u64>,
    /// Rankings: how many put each choice first.
    pub first: Vec<u64>,
    /// Rankings: Borda points (first place scores `max`, the last place 1).
    pub borda: Vec<u64>,
    /// Numbers and scales.
    pub sum: i64,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl QuestionResult {
    fn merge(&mut self, other: &QuestionResult) {
        self.answered += other.answered;
        for (a, b) in [
            (&mut self.chosen, &other.chosen),
            (&mut self.first, &other.first),
            (&mut self.borda, &other.borda),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.sum += other.sum;
        self.min = match (self.min, other.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// The share of those who answered that chose each option (0 when nobody answered).
    pub fn shares(&self) -> Vec<f64> {
        self.chosen
            .iter()
            .map(|c| {
                if self.answered == 0 {
                    0.0
                } else {
                    *c as f64 / self.answered as f64
                }
            })
            .collect()
    }

    pub fn mean(&self) -> Option<f64> {
        (self.answered > 0 && self.min.is_some()).then(|| self.sum as f64 / self.answered as f64)
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
                    chosen: vec![0; n],
                    first: vec![0; if ranked { n } else { 0 }],
                    borda: vec![0; if ranked { n } else { 0 }],
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

/// For each question, a map from choice code to its position, built once.
struct Codebook {
    positions: Vec<HashMap<String, usize>>,
}

impl Codebook {
    fn new(def: &SurveyDefinition) -> Self {
        Self {
            positions: def
                .questions
                .iter()
                .map(|q| {
                    q.kind
                        .choices()
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (c.name.clone(), i))
                        .collect()
                })
                .collect(),
        }
    }
}

fn add_answer(def: &SurveyDefinition, book: &Codebook, acc: &mut UnitResults, answers: &Answers) {
    acc.responses += 1;
    for (i, q) in def.questions.iter().enumerate() {
        let (Some(result), Some(codes), Some(value)) = (
            acc.questions.get_mut(i),
            book.positions.get(i),
            answers.0.get(&q.name),
        ) else {
            continue;
        };
        match (&q.kind, value) {
            (QuestionKind::SingleChoice { .. }, AnswerValue::Text(code)) => {
                if let Some(slot) = codes.get(code).and_then(|p| result.chosen.get_mut(*p)) {
                    *slot += 1;
                    result.answered += 1;
                }
            }
            (QuestionKind::MultipleChoice { .. }, AnswerValue::List(list)) => {
                result.answered += 1;
                for code in list {
                    if let Some(slot) = codes.get(code).and_then(|p| result.chosen.get_mut(*p)) {
                        *slot += 1;
                    }
                }
            }
            (QuestionKind::Ranking { max, .. }, AnswerValue::List(list)) => {
                result.answered += 1;
                for (place, code) in list.iter().enumerate() {
                    let Some(p) = codes.get(code).copied() else {
                        continue;
                    };
                    if let Some(slot) = result.chosen.get_mut(p) {
                        *slot += 1;
                    }
                    if place == 0
                        && let Some(slot) = result.first.get_mut(p)
                    {
                        *slot += 1;
                    }
                    if let Some(slot) = result.borda.get_mut(p) {
                        *slot += u64::from(*max).saturating_sub(place as u64);
                    }
                }
            }
            (QuestionKind::Scale { .. } | QuestionKind::Number { .. }, AnswerValue::Number(n)) => {
                result.answered += 1;
                result.sum += n;
                result.min = Some(result.min.map_or(*n, |m| m.min(*n)));
                result.max = Some(result.max.map_or(*n, |m| m.max(*n)));
            }
            (QuestionKind::Text { .. }, AnswerValue::Text(t)) if !t.trim().is_empty() => {
                result.answered += 1
            }
            _ => {}
        }
    }
}

/// Rolls responses up the tree. `units` lists `(unit, parent)` with parents before children;
/// responses of units not in the list are left out.
pub fn roll_up_responses<'a>(
    def: &SurveyDefinition,
    units: &[(UnitId, Option<UnitId>)],
    responses: impl IntoIterator<Item = (UnitId, &'a Answers)>,
) -> HashMap<UnitId, UnitResults> {
    let book = Codebook::new(def);
    let mut results: HashMap<UnitId, UnitResults> = units
        .iter()
        .map(|(id, _)| (*id, UnitResults::empty(def)))
        .collect();
    for (unit, answers) in responses {
        if let Some(acc) = results.get_mut(&unit) {
            add_answer(def, &book, acc, answers);
        }
    }
    // Children come after their parents: walking backwards folds each finished subtree into its
    // parent exactly once.
    for (id, parent) in units.iter().rev() {
        let Some(parent) = parent else { continue };
        let Some(own) = results.get(id).cloned() else {
            continue;
        };
        if let Some(p) = results.get_mut(parent) {
            p.merge(&own);
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(json: &str) -> Answers {
        serde_json::from_str(json).unwrap()
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
        assert_eq!(top3(nation).answered, 3);
        assert_eq!(top3(nation).chosen[pos("housing")], 2);
        assert_eq!(top3(nation).first[pos("housing")], 2);
        assert_eq!(top3(nation).first[pos("wages")], 1);
        // Borda with 3 places: first 3 points, second 2, third 1.
        assert_eq!(top3(nation).borda[pos("wages")], 2 + 3);
        assert_eq!(top3(nation).borda[pos("health")], 1);
        assert_eq!(top3(a).answered, 2);
        assert_eq!(top3(b).chosen[pos("prices")], 1);
        let trust = &res[&nation].questions[1];
        assert_eq!(
            (trust.answered, trust.sum, trust.min, trust.max),
            (2, 10, Some(2), Some(8))
        );
        assert_eq!(trust.mean(), Some(5.0));
        let contact = &res[&city].questions[6];
        assert_eq!(contact.shares(), vec![1.0 / 3.0, 2.0 / 3.0]);
        assert_eq!(
            res[&nation].questions[2].answered, 1,
            "free text counts answers only"
        );
        assert_eq!(
            res[&city], res[&nation],
            "a city with all the sections equals the nation here"
        );
    }
}

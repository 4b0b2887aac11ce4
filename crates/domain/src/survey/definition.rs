//! The survey definition (questions, labels, choices) and its validation, and the answers of
//! one response checked against the version they were collected with.

use super::logic::{Condition, MAX_CONDITION_LENGTH};
use crate::people::Language;
use crate::{FieldError, Problem, clean_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

id_type!(SurveyId, "a survey");

/// Text in several languages, keyed by language code (`nl`, `fr`, `de`, `en`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    pub fn one(lang: Language, text: &str) -> Self {
        let mut map = BTreeMap::new();
        map.insert(lang.code().to_owned(), text.to_owned());
        Self(map)
    }

    /// The text in `lang`, else English, else any language there is.
    pub fn get(&self, lang: Language) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|v| v.trim().is_empty())
    }

    /// Checks the labels of `item` (a question or choice code, or the survey's own).
    fn check(&self, item: &str) -> Result<(), FieldError> {
        if self.is_empty() {
            return Err(FieldError::new("label", "error-label-missing").arg("item", item));
        }
        for (code, text) in &self.0 {
            Language::parse(code).map_err(|_| {
                FieldError::new("label", "error-label-language")
                    .arg("item", item)
                    .arg("code", code)
            })?;
            if text.chars().count() > 1000 {
                return Err(FieldError::new("label", "error-label-too-long")
                    .arg("item", item)
                    .arg("max", 1000));
            }
        }
        Ok(())
    }
}

/// One answer option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The code stored in answers: lower-case letters, digits and `_`.
    pub name: String,
    pub label: Labels,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice {
        choices: Vec<Choice>,
    },
    MultipleChoice {
        choices: Vec<Choice>,
    },
    /// "Pick your `max` most important, in order."
    Ranking {
        choices: Vec<Choice>,
        max: u8,
    },
    /// A whole number on a scale, both ends included (0 to 10).
    Scale {
        min: i64,
        max: i64,
    },
    /// A whole number, optionally bounded.
    Number {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// Free text up to `max_length` characters.
    Text {
        max_length: u32,
    },
}

impl QuestionKind {
    pub fn choices(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices }
            | QuestionKind::Ranking { choices, .. } => choices,
            _ => &[],
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::Ranking { .. } => "ranking",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Number { .. } => "number",
            QuestionKind::Text { .. } => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The question's code, used in answers, exports and skip logic.
    pub name: String,
    pub label: Labels,
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub hint: Labels,
    #[serde(default)]
    pub required: bool,
    /// Used to weight results to the population (age band, gender, ...).
    #[serde(default)]
    pub demographic: bool,
    /// Skip logic: ask only when this holds (XLSForm syntax, e.g. `${age} >= 18`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

/// A whole survey definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyDefinition {
    /// A stable code for the survey (XLSForm `form_id`).
    pub form_id: String,
    pub title: Labels,
    pub questions: Vec<Question>,
}

fn check_code(field: &'static str, code: &str) -> Result<(), FieldError> {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(field, "error-code-format").arg("code", code))
    }
}

impl SurveyDefinition {
    /// Checks the whole definition: codes, labels, choice lists, bounds, and that skip logic
    /// parses and only looks back at earlier questions.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_code("form_id", &self.form_id)?;
        self.title.check(&self.form_id)?;
        if self.questions.is_empty() {
            return Err(FieldError::new("questions", "error-questions-none"));
        }
        if self.questions.len() > 500 {
            return Err(FieldError::new("questions", "error-questions-too-many").arg("max", 500));
        }
        let mut seen: Vec<&str> = Vec::new();
        for q in &self.questions {
            check_code("name", &q.name)?;
            if seen.contains(&q.name.as_str()) {
                return Err(
                    FieldError::new("name", "error-question-twice").arg("question", &q.name)
                );
            }
            q.label.check(&q.name)?;
            match &q.kind {
                QuestionKind::SingleChoice { choices }
                | QuestionKind::MultipleChoice { choices }
                | QuestionKind::Ranking { choices, .. } => {
                    if choices.is_empty() {
                        return Err(FieldError::new("choices", "error-choices-none")
                            .arg("question", &q.name));
                    }
                    let mut names: Vec<&str> = Vec::new();
                    for c in choices {
                        check_code("choices", &c.name)?;
                        if names.contains(&c.name.as_str()) {
                            return Err(FieldError::new("choices", "error-choice-twice")
                                .arg("question", &q.name)
                                .arg("choice", &c.name));
                        }
                        c.label.check(&format!("{}/{}", q.name, c.name))?;
                        names.push(&c.name);
                    }
                    if let QuestionKind::Ranking { max, .. } = &q.kind
                        && (*max == 0 || usize::from(*max) > choices.len())
                    {
                        return Err(FieldError::new("max", "error-ranking-max")
                            .arg("question", &q.name)
                            .arg("max", choices.len()));
                    }
                }
                QuestionKind::Scale { min, max } => {
                    if min >= max || max.checked_sub(*min).is_none_or(|steps| steps > 100) {
                        return Err(
                            FieldError::new("range", "error-scale-range").arg("question", &q.name)
                        );
                    }
                }
                QuestionKind::Number {
                    min: Some(lo),
                    max: Some(hi),
                } if lo > hi => {
                    return Err(
                        FieldError::new("range", "error-number-range").arg("question", &q.name)
                    );
                }
                QuestionKind::Number { .. } => {}
                QuestionKind::Text { max_length } => {
                    if *max_length == 0 || *max_length > 10_000 {
                        return Err(FieldError::new("max_length", "error-text-length")
                            .arg("question", &q.name));
                    }
                }
            }
            if let Some(expr) = &q.relevant {
                if expr.chars().count() > MAX_CONDITION_LENGTH {
                    return Err(FieldError::new("relevant", "error-logic-too-long")
                        .arg("question", &q.name)
                        .arg("max", MAX_CONDITION_LENGTH));
                }
                let cond = Condition::parse(expr).map_err(|e| {
                    FieldError::new("relevant", "error-logic-invalid")
                        .arg("question", &q.name)
                        .arg("detail", e)
                })?;
                for r in cond.references() {
                    if !seen.contains(&r.as_str()) {
                        return Err(FieldError::new("relevant", "error-logic-later-question")
                            .arg("question", &q.name)
                            .arg("other", r));
                    }
                }
            }
            seen.push(&q.name);
        }
        Ok(())
    }

    pub fn question(&self, name: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.name == name)
    }

    /// Removes answers to questions the skip logic says were not asked (a form without
    /// JavaScript shows every question, and people answer what they see).
    pub fn drop_unasked(&self, answers: &mut Answers) {
        for q in &self.questions {
            let asked = q
                .relevant
                .as_deref()
                .map(|expr| Condition::parse(expr).is_ok_and(|c| c.holds(answers)))
                .unwrap_or(true);
            if !asked {
                answers.0.remove(&q.name);
            }
        }
    }

    /// Checks a set of answers against this definition: every answer belongs to a question that
    /// was asked (skip logic), has the right type and a known choice, and every required question
    /// that was asked is answered. The error names the question.
    pub fn validate_answers(&self, answers: &Answers) -> Result<(), FieldError> {
        for name in answers.0.keys() {
            if self.question(name).is_none() {
                return Err(
                    FieldError::new("answers", "error-answer-no-question").arg("question", name)
                );
            }
        }
        for q in &self.questions {
            let asked = match &q.relevant {
                Some(expr) => Condition::parse(expr)
                    .map_err(|e| {
                        FieldError::new("relevant", "error-logic-invalid")
                            .arg("question", &q.name)
                            .arg("detail", e)
                    })?
                    .holds(answers),
                None => true,
            };
            let answer = answers.0.get(&q.name);
            match (asked, answer) {
                (false, Some(_)) => {
                    return Err(FieldError::new("answers", "error-answer-not-asked")
                        .arg("question", &q.name));
                }
                (true, None) if q.required => {
                    return Err(FieldError::new("answers", "error-answer-required")
                        .arg("question", &q.name));
                }
                (true, Some(a)) => check_answer(q, a).map_err(|problem| FieldError {
                    field: "answers",
                    problem: problem.arg("question", &q.name),
                })?,
                _ => {}
            }
        }
        Ok(())
    }
}

/// One answer as sent by a client: a choice code or text, a number, or a list of choice codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Number(i64),
    Text(String),
    List(Vec<String>),
}

/// All answers of one response, by question code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, AnswerValue>);

fn check_answer(q: &Question, a: &AnswerValue) -> Result<(), Problem> {
    let known = |c: &str| q.kind.choices().iter().any(|k| k.name == c);
    match (&q.kind, a) {
        (QuestionKind::SingleChoice { .. }, AnswerValue::Text(c)) => {
            if known(c) {
                Ok(())
            } else {
                Err(Problem::new("error-answer-unknown-choice").arg("choice", c))
            }
        }
        (QuestionKind::MultipleChoice { .. }, AnswerValue::List(list)) => {
            if let Some(bad) = list.iter().find(|c| !known(c)) {
                return Err(Problem::new("error-answer-unknown-choice").arg("choice", bad));
            }
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            if sorted.len() != list.len() {
                return Err(Problem::new("error-answer-picked-twice"));
            }
            if list.is_empty() && q.required {
                return Err(Problem::new("error-answer-pick-one"));
            }
            Ok(())
        }
        (QuestionKind::Ranking { max, .. }, AnswerValue::List(list)) => {
            if let Some(bad) = list.iter().find(|c| !known(c)) {
                return Err(Problem::new("error-answer-unknown-choice").arg("choice", bad));
            }
            if list.len() > usize::from(*max) {
                return Err(Problem::new("error-answer-rank-at-most").arg("max", max));
            }
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            if sorted.len() != list.len() {
                return Err(Problem::new("error-answer-ranked-twice"));
            }
            if list.is_empty() && q.required {
                return Err(Problem::new("error-answer-rank-one"));
            }
            Ok(())
        }
        (QuestionKind::Scale { min, max }, AnswerValue::Number(n)) => {
            if n < min || n > max {
                Err(Problem::new("error-answer-between")
                    .arg("min", min)
                    .arg("max", max))
            } else {
                Ok(())
            }
        }
        (QuestionKind::Number { min, max }, AnswerValue::Number(n)) => {
            if min.is_some_and(|m| *n < m) || max.is_some_and(|m| *n > m) {
                Err(match (min, max) {
                    (Some(lo), Some(hi)) => Problem::new("error-answer-between")
                        .arg("min", lo)
                        .arg("max", hi),
                    (Some(lo), None) => Problem::new("error-answer-at-least").arg("min", lo),
                    (None, Some(hi)) => Problem::new("error-answer-at-most").arg("max", hi),
                    (None, None) => Problem::new("error-answer-number"),
                })
            } else {
                Ok(())
            }
        }
        (QuestionKind::Text { max_length }, AnswerValue::Text(t)) => {
            clean_text_answer(t, *max_length)
        }
        (kind, _) => Err(Problem::new(match kind {
            QuestionKind::SingleChoice { .. } => "error-answer-expects-choice",
            QuestionKind::MultipleChoice { .. } | QuestionKind::Ranking { .. } => {
                "error-answer-expects-list"
            }
            QuestionKind::Scale { .. } | QuestionKind::Number { .. } => "error-answer-number",
            QuestionKind::Text { .. } => "error-answer-expects-text",
        })),
    }
}

fn clean_text_answer(t: &str, max: u32) -> Result<(), Problem> {
    if t.chars().count() > max as usize {
        return Err(Problem::new("error-answer-too-long").arg("max", max));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Problem::new("error-answer-control-characters"));
    }
    Ok(())
}

/// A survey's title as typed.
pub fn parse_title(raw: &str) -> Result<String, FieldError> {
    clean_text("title", raw, 1, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(names: &[&str]) -> Vec<Choice> {
        names
            .iter()
            .map(|n| Choice {
                name: (*n).into(),
                label: Labels::one(Language::En, n),
            })
            .collect()
    }

    fn q(name: &str, kind: QuestionKind) -> Question {
        Question {
            name: name.into(),
            label: Labels::one(Language::En, name),
            hint: Labels::default(),
            required: false,
            demographic: false,
            relevant: None,
            kind,
        }
    }

    fn survey() -> SurveyDefinition {
        let mut age = q(
            "age",
            QuestionKind::Number {
                min: Some(0),
                max: Some(120),
            },
        );
        age.required = true;
        let mut work = q(
            "work",
            QuestionKind::SingleChoice {
                choices: choices(&["yes", "no"]),
            },
        );
        work.relevant = Some("${age} >= 16".into());
        let mut sector = q("sector", QuestionKind::Text { max_length: 100 });
        sector.relevant = Some("${work} = 'yes'".into());
        sector.required = true;
        let top = q(
            "top3",
            QuestionKind::Ranking {
                choices: choices(&["wages", "housing", "health", "prices"]),
                max: 3,
            },
        );
        let mut why = q("why", QuestionKind::Text { max_length: 500 });
        why.relevant = Some("selected(${top3}, 'housing') or count-selected(${top3}) >= 3".into());
        let trust = q("trust", QuestionKind::Scale { min: 0, max: 10 });
        SurveyDefinition {
            form_id: "enquete_2026".into(),
            title: Labels::one(Language::En, "Enquête"),
            questions: vec![age, work, sector, top, why, trust],
        }
    }

    fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
        Answers(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn a_good_definition_validates() {
        survey().validate().unwrap();
    }

    #[test]
    fn definitions_name_what_is_wrong() {
        let mut s = survey();
        s.questions[1].name = "age".into();
        assert_eq!(s.validate().unwrap_err().field, "name");
        let mut s = survey();
        s.questions[1].relevant = Some("${sector} = 'x'".into());
        let e = s.validate().unwrap_err();
        assert_eq!(e.field, "relevant");
        assert_eq!(e.key(), "error-logic-later-question", "{}", e.problem);
        let mut s = survey();
        s.questions[3].kind = QuestionKind::Ranking {
            choices: choices(&["a", "b"]),
            max: 3,
        };
        assert_eq!(s.validate().unwrap_err().field, "max");
        let mut s = survey();
        s.questions[0].label = Labels::default();
        assert_eq!(s.validate().unwrap_err().field, "label");
        let mut s = survey();
        s.questions[1].relevant = Some("${age} >>= 3".into());
        assert_eq!(s.validate().unwrap_err().field, "relevant");
        let mut s = survey();
        s.questions[5].kind = QuestionKind::Scale {
            min: -2,
            max: i64::MAX,
        };
        assert_eq!(
            s.validate().unwrap_err().field,
            "range",
            "no overflow past the step check"
        );
        let mut s = survey();
        s.questions[0].name = "Age".into();
        assert_eq!(s.validate().unwrap_err().field, "name");
    }

    #[test]
    fn answers_follow_the_skip_logic() {
        let s = survey();
        use AnswerValue::*;
        let ok = answers(&[
            ("age", Number(40)),
            ("work", Text("yes".into())),
            ("sector", Text("care".into())),
            ("top3", List(vec!["housing".into()])),
            ("why", Text("rent".into())),
            ("trust", Number(3)),
        ]);
        s.validate_answers(&ok).unwrap();
        let young = answers(&[("age", Number(12))]);
        s.validate_answers(&young).unwrap();
        let e = s
            .validate_answers(&answers(&[
                ("age", Number(12)),
                ("work", Text("no".into())),
            ]))
            .unwrap_err();
        assert_eq!(e.key(), "error-answer-not-asked", "{}", e.problem);
        assert_eq!(e.problem.get("question"), Some("work"));
        let e = s
            .validate_answers(&answers(&[
                ("age", Number(40)),
                ("work", Text("yes".into())),
            ]))
            .unwrap_err();
        assert_eq!(
            e.problem,
            Problem::new("error-answer-required").arg("question", "sector")
        );
        let e = s.validate_answers(&answers(&[])).unwrap_err();
        assert_eq!(
            e.problem,
            Problem::new("error-answer-required").arg("question", "age")
        );
    }

    #[test]
    fn unasked_answers_are_dropped_in_order() {
        let s = survey();
        use AnswerValue::*;
        let mut a = answers(&[
            ("age", Number(12)),
            ("work", Text("yes".into())),
            ("sector", Text("care".into())),
        ]);
        s.drop_unasked(&mut a);
        assert_eq!(
            a,
            answers(&[("age", Number(12))]),
            "work is not asked of a 12-year-old, so neither is sector"
        );
        s.validate_answers(&a).unwrap();
    }

    #[test]
    fn answers_must_fit_their_question() {
        let s = survey();
        use AnswerValue::*;
        let cases = [
            (
                vec![("age", Text("forty".into()))],
                ("age", "error-answer-number"),
            ),
            (vec![("age", Number(200))], ("age", "error-answer-between")),
            (
                vec![("age", Number(30)), ("work", Text("maybe".into()))],
                ("work", "error-answer-unknown-choice"),
            ),
            (
                vec![
                    ("age", Number(30)),
                    ("top3", List(vec!["wages".into(), "wages".into()])),
                ],
                ("top3", "error-answer-ranked-twice"),
            ),
            (
                vec![
                    ("age", Number(30)),
                    (
                        "top3",
                        List(vec![
                            "wages".into(),
                            "housing".into(),
                            "health".into(),
                            "prices".into(),
                        ]),
                    ),
                ],
                ("top3", "error-answer-rank-at-most"),
            ),
            (
                vec![("age", Number(30)), ("trust", Number(11))],
                ("trust", "error-answer-between"),
            ),
            (
                vec![("age", Number(30)), ("colour", Text("red".into()))],
                ("colour", "error-answer-no-question"),
            ),
        ];
        for (pairs, (question, key)) in cases {
            let e = s.validate_answers(&answers(&pairs)).unwrap_err();
            assert_eq!((e.problem.get("question"), e.key()), (Some(question), key));
        }
    }

    #[test]
    fn answers_read_from_json_by_shape() {
        let a: Answers =
            serde_json::from_str(r#"{"age": 40, "work": "yes", "top3": ["wages"]}"#).unwrap();
        assert_eq!(a.0["age"], AnswerValue::Number(40));
        assert_eq!(a.0["top3"], AnswerValue::List(vec!["wages".into()]));
        assert!(serde_json::from_str::<Answers>(r#"{"age": 4.5}"#).is_err());
    }
}

//! The answers of one response, and the check of one answer against its question's kind.

use super::definition::{Question, QuestionKind};
use crate::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A number with decimals, as a phone sends it. Compared by its bits, so it can sit in a value
/// that is compared for equality (a JSON number is never NaN).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Decimal(pub f64);

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Decimal {}

/// One answer as sent by a client: a choice code or text, a number, a list of choice codes,
/// or the rows of a repeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Number(i64),
    Decimal(Decimal),
    Text(String),
    List(Vec<String>),
    /// A repeat's rows, each with the answers of the questions inside it.
    Rows(Vec<Answers>),
}

impl AnswerValue {
    /// The answer as the expression language reads it: text, a number, codes space-separated.
    pub fn as_text(&self) -> String {
        match self {
            AnswerValue::Number(n) => n.to_string(),
            AnswerValue::Decimal(d) => d.0.to_string(),
            AnswerValue::Text(t) => t.clone(),
            AnswerValue::List(l) => l.join(" "),
            AnswerValue::Rows(rows) => rows.len().to_string(),
        }
    }

    /// An empty text or an empty list counts as no answer, as on the phone.
    pub fn is_blank(&self) -> bool {
        match self {
            AnswerValue::Text(t) => t.trim().is_empty(),
            AnswerValue::List(l) => l.is_empty(),
            _ => false,
        }
    }
}

/// All answers of one response, by question key (see [`Question::key`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, AnswerValue>);

/// Checks one answer against its question's kind (the expressions are checked elsewhere).
pub(crate) fn check_answer(q: &Question, a: &AnswerValue) -> Result<(), Problem> {
    let known = |c: &str| q.kind.choices().iter().any(|k| k.name == c);
    let from_file = q.details.choices_file.is_some();
    match (&q.kind, a) {
        (QuestionKind::SingleChoice { .. }, AnswerValue::Text(c)) => {
            if known(c) || (from_file && plain_code(c)) {
                Ok(())
            } else {
                Err(Problem::new("error-answer-unknown-choice").arg("choice", c))
            }
        }
        (QuestionKind::SingleChoice { .. }, AnswerValue::Number(n)) if known(&n.to_string()) => {
            Ok(())
        }
        (QuestionKind::MultipleChoice { .. }, AnswerValue::List(list)) => {
            if let Some(bad) = list
                .iter()
                .find(|c| !(known(c) || from_file && plain_code(c)))
            {
                return Err(Problem::new("error-answer-unknown-choice").arg("choice", bad));
            }
            if has_twice(list) {
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
            if has_twice(list) {
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
        (QuestionKind::Decimal, AnswerValue::Number(_)) => Ok(()),
        (QuestionKind::Decimal, AnswerValue::Decimal(d)) if d.0.is_finite() => Ok(()),
        (QuestionKind::Date, AnswerValue::Text(t)) => shaped(
            enquete_expr::date_from_str(t).is_some(),
            "error-answer-date",
        ),
        (QuestionKind::Time, AnswerValue::Text(t)) => shaped(is_time(t), "error-answer-time"),
        (QuestionKind::DateTime, AnswerValue::Text(t)) => shaped(
            enquete_expr::datetime_from_str(t).is_some(),
            "error-answer-date-time",
        ),
        (QuestionKind::Geopoint, AnswerValue::Text(t)) => {
            shaped(point(t).is_some(), "error-answer-geopoint")
        }
        (QuestionKind::Geotrace, AnswerValue::Text(t)) => {
            shaped(points(t).is_some_and(|p| p >= 2), "error-answer-geotrace")
        }
        (QuestionKind::Geoshape, AnswerValue::Text(t)) => {
            shaped(is_closed_shape(t), "error-answer-geoshape")
        }
        (QuestionKind::Media { .. }, AnswerValue::Text(t)) => {
            shaped(is_file_name(t), "error-answer-file-name")
        }
        (QuestionKind::Barcode, AnswerValue::Text(t)) => clean_text_answer(t, 4000),
        (QuestionKind::Acknowledge, AnswerValue::Text(t)) => {
            shaped(t == "OK", "error-answer-acknowledge")
        }
        (QuestionKind::Note, _) => Err(Problem::new("error-answer-note")),
        (QuestionKind::Calculate { .. } | QuestionKind::Metadata { .. }, a) => match a {
            AnswerValue::Text(t) => clean_text_answer(t, 10_000),
            AnswerValue::Number(_) | AnswerValue::Decimal(_) => Ok(()),
            _ => Err(Problem::new("error-answer-expects-text")),
        },
        (kind, _) => Err(Problem::new(match kind {
            QuestionKind::SingleChoice { .. } => "error-answer-expects-choice",
            QuestionKind::MultipleChoice { .. } | QuestionKind::Ranking { .. } => {
                "error-answer-expects-list"
            }
            QuestionKind::Scale { .. } | QuestionKind::Number { .. } => "error-answer-number",
            QuestionKind::Decimal => "error-answer-decimal",
            _ => "error-answer-expects-text",
        })),
    }
}

fn shaped(ok: bool, key: &'static str) -> Result<(), Problem> {
    if ok { Ok(()) } else { Err(Problem::new(key)) }
}

fn has_twice(list: &[String]) -> bool {
    let mut sorted = list.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.len() != list.len()
}

/// A choice value from an attached file: no spaces, no control characters.
fn plain_code(c: &str) -> bool {
    !c.is_empty() && c.len() <= 200 && !c.chars().any(|ch| ch.is_whitespace() || ch.is_control())
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

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.sss`, each optionally followed by `Z` or `+hh:mm`.
fn is_time(t: &str) -> bool {
    let body = t
        .strip_suffix('Z')
        .or_else(|| {
            t.len()
                .checked_sub(6)
                .and_then(|i| t.get(i..).zip(t.get(..i)))
                .filter(|(tail, _)| {
                    (tail.starts_with('+') || tail.starts_with('-')) && tail.get(3..4) == Some(":")
                })
                .map(|(_, head)| head)
        })
        .unwrap_or(t);
    let mut parts = body.split(':');
    let num = |p: Option<&str>, max: u32| {
        p.is_some_and(|p| p.len() == 2 && p.parse::<u32>().is_ok_and(|n| n <= max))
    };
    let (h, m) = (parts.next(), parts.next());
    let s = parts.next();
    let seconds_ok = match s {
        None => true,
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
            num(Some(whole), 59) && frac.chars().all(|c| c.is_ascii_digit())
        }
    };
    num(h, 23) && num(m, 59) && seconds_ok && parts.next().is_none()
}

/// `lat lon [altitude [accuracy]]`, within the globe's bounds.
fn point(t: &str) -> Option<(f64, f64)> {
    let nums: Vec<f64> = t
        .split_whitespace()
        .map(|p| p.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<_>>()?;
    if !(2..=4).contains(&nums.len()) {
        return None;
    }
    let (lat, lon) = (*nums.first()?, *nums.get(1)?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// The number of points in `p1; p2; ...`, if each is a point.
fn points(t: &str) -> Option<usize> {
    let all: Vec<(f64, f64)> = t
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(point)
        .collect::<Option<_>>()?;
    Some(all.len())
}

fn is_closed_shape(t: &str) -> bool {
    let all: Option<Vec<(f64, f64)>> = t
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(point)
        .collect();
    all.is_some_and(|p| p.len() >= 4 && p.first() == p.last())
}

/// A file name as the phone gives it: no folders, no control characters, not hidden.
pub fn is_file_name(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 255
        && !t.starts_with('.')
        && !t.contains(['/', '\\'])
        && !t.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_of_the_new_kinds() {
        assert!(is_time("08:30") && is_time("08:30:15.250+02:00") && is_time("23:59:59Z"));
        assert!(!is_time("24:00") && !is_time("8:30") && !is_time("08:30:15:00"));
        assert_eq!(point("50.85 4.35 20 5"), Some((50.85, 4.35)));
        assert_eq!(point("95 4"), None);
        assert_eq!(point("50.8"), None);
        assert_eq!(points("50 4 0 0; 50.1 4.1 0 0;"), Some(2));
        assert!(is_closed_shape("1 1; 1 2; 2 2; 1 1"));
        assert!(!is_closed_shape("1 1; 1 2; 2 2; 1 3"));
        assert!(is_file_name("1700000000.jpg"));
        assert!(!is_file_name("../etc/passwd") && !is_file_name(".hidden"));
    }
}

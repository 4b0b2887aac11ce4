//! The checks of a survey definition: codes, labels, choice lists, bounds, groups, and that every
//! expression parses and names questions that exist. All problems are listed, not only the first.

use super::definition::{Labels, MAX_LABEL, Question, QuestionKind, SurveyDefinition};
use crate::FieldError;
use std::collections::BTreeSet;

/// The most questions (of every kind, notes and calculations included) in one survey.
pub const MAX_QUESTIONS: usize = 2000;

/// The longest expression, in characters.
pub const MAX_EXPRESSION: usize = 4000;

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

/// A question or group name as XForms allow it: a letter or `_` first, then letters, digits,
/// `_`, `-` and `.`.
pub fn is_name(name: &str) -> bool {
    name.chars().count() <= 128
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn check_name(field: &'static str, name: &str) -> Result<(), FieldError> {
    if is_name(name) {
        Ok(())
    } else {
        Err(FieldError::new(field, "error-name-format").arg("code", name))
    }
}

/// Checks the texts of `item` (a question, group or choice): each language key and length.
fn check_texts(labels: &Labels, item: &str, out: &mut Vec<FieldError>) {
    for (key, text) in &labels.0 {
        if key.is_empty() || key.chars().count() > 64 || key.chars().any(char::is_control) {
            out.push(
                FieldError::new("label", "error-label-language")
                    .arg("item", item)
                    .arg("code", key),
            );
        }
        if text.chars().count() > MAX_LABEL {
            out.push(
                FieldError::new("label", "error-label-too-long")
                    .arg("item", item)
                    .arg("max", MAX_LABEL),
            );
        }
    }
}

impl SurveyDefinition {
    /// Checks the whole definition and returns its first problem.
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every problem of the definition, in the order of the questions. Each names the question
    /// or group (`question`, `item`), so an importer can point at its row.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if let Err(e) = check_code("form_id", &self.form_id) {
            out.push(e);
        }
        check_texts(&self.title, &self.form_id, &mut out);
        if self.title.is_empty() {
            out.push(FieldError::new("label", "error-label-missing").arg("item", &self.form_id));
        }
        if self.questions.is_empty() {
            out.push(FieldError::new("questions", "error-questions-none"));
        }
        if self.questions.len() > MAX_QUESTIONS {
            out.push(
                FieldError::new("questions", "error-questions-too-many").arg("max", MAX_QUESTIONS),
            );
        }
        // Everything an expression may name: questions and groups.
        let names: BTreeSet<&str> = self
            .questions
            .iter()
            .map(|q| q.name.as_str())
            .chain(self.groups.iter().map(|g| g.name.as_str()))
            .collect();
        let mut paths: Vec<String> = Vec::new();
        for g in &self.groups {
            let path = g.path();
            if let Err(e) = check_name("name", &g.name) {
                out.push(e);
            }
            if paths.contains(&path) {
                out.push(FieldError::new("name", "error-question-twice").arg("question", &path));
            }
            if let Some(parent) = &g.parent
                && !paths.contains(parent)
            {
                out.push(FieldError::new("name", "error-group-unknown").arg("question", parent));
            }
            if g.at > self.questions.len() {
                out.push(FieldError::new("groups", "error-group-position").arg("question", &path));
            }
            check_texts(&g.label, &path, &mut out);
            self.check_expression("relevant", g.relevant.as_deref(), &path, &names, &mut out);
            self.check_expression(
                "repeat_count",
                g.repeat_count.as_deref(),
                &path,
                &names,
                &mut out,
            );
            paths.push(path);
        }
        let mut keys: Vec<String> = Vec::new();
        for q in &self.questions {
            let key = q.key();
            if let Err(e) = check_name("name", &q.name) {
                out.push(e);
            }
            if keys.contains(&key) {
                out.push(FieldError::new("name", "error-question-twice").arg("question", &key));
            }
            if let Some(group) = &q.details.group
                && !paths.contains(group)
            {
                out.push(FieldError::new("name", "error-group-unknown").arg("question", group));
            }
            check_texts(&q.label, &q.name, &mut out);
            check_texts(&q.hint, &q.name, &mut out);
            check_texts(&q.details.constraint_message, &q.name, &mut out);
            check_texts(&q.details.required_message, &q.name, &mut out);
            if q.kind.is_shown()
                && q.label.is_empty()
                && q.hint.is_empty()
                && q.details.image.is_empty()
            {
                out.push(FieldError::new("label", "error-label-missing").arg("item", &q.name));
            }
            if let Err(e) = check_kind(q) {
                out.push(e);
            }
            let d = &q.details;
            let calculation = match &q.kind {
                QuestionKind::Calculate { calculation } => Some(calculation.as_str()),
                _ => d.calculation.as_deref(),
            };
            for (field, expr, not_itself) in [
                ("relevant", q.relevant.as_deref(), true),
                ("constraint", d.constraint.as_deref(), false),
                ("required", d.required_if.as_deref(), false),
                ("choice_filter", d.choice_filter.as_deref(), false),
                (
                    "calculation",
                    calculation,
                    matches!(q.kind, QuestionKind::Calculate { .. }),
                ),
            ] {
                let refs = self.check_expression(field, expr, &q.name, &names, &mut out);
                // Whether it is asked, or what it computes, cannot depend on its own answer.
                if not_itself && refs.contains(&q.name) {
                    out.push(FieldError::new(field, "error-logic-itself").arg("question", &q.name));
                }
            }
            keys.push(key);
        }
        out
    }

    fn check_expression(
        &self,
        field: &'static str,
        expr: Option<&str>,
        item: &str,
        names: &BTreeSet<&str>,
        out: &mut Vec<FieldError>,
    ) -> Vec<String> {
        let Some(expr) = expr else {
            return Vec::new();
        };
        if expr.chars().count() > MAX_EXPRESSION {
            out.push(
                FieldError::new(field, "error-logic-too-long")
                    .arg("question", item)
                    .arg("max", MAX_EXPRESSION),
            );
            return Vec::new();
        }
        match enquete_expr::parse(expr) {
            Err(e) => {
                out.push(
                    FieldError::new(field, "error-logic-invalid")
                        .arg("question", item)
                        .arg("detail", e),
                );
                Vec::new()
            }
            Ok(parsed) => {
                let refs = parsed.references();
                for r in &refs {
                    if !names.contains(r.as_str()) {
                        out.push(
                            FieldError::new(field, "error-logic-unknown-question")
                                .arg("question", item)
                                .arg("other", r),
                        );
                    }
                }
                refs
            }
        }
    }
}

fn check_kind(q: &Question) -> Result<(), FieldError> {
    let (name, kind) = (q.name.as_str(), &q.kind);
    let from_file = q.details.choices_file.is_some();
    // A cascading select may hold the same name twice (in two provinces): its filter offers
    // one at a time.
    let filtered = q.details.choice_filter.is_some();
    match kind {
        QuestionKind::SingleChoice { choices }
        | QuestionKind::MultipleChoice { choices }
        | QuestionKind::Ranking { choices, .. } => {
            if choices.is_empty() && !from_file {
                return Err(FieldError::new("choices", "error-choices-none").arg("question", name));
            }
            let multiple = !matches!(kind, QuestionKind::SingleChoice { .. });
            let mut seen: Vec<&str> = Vec::new();
            for c in choices {
                let bad = c.name.is_empty()
                    || c.name.chars().count() > 200
                    || c.name.chars().any(char::is_control)
                    || (multiple && c.name.chars().any(char::is_whitespace));
                if bad {
                    return Err(FieldError::new("choices", "error-choice-format")
                        .arg("question", name)
                        .arg("choice", &c.name));
                }
                if !filtered && seen.contains(&c.name.as_str()) {
                    return Err(FieldError::new("choices", "error-choice-twice")
                        .arg("question", name)
                        .arg("choice", &c.name));
                }
                let mut texts = Vec::new();
                check_texts(&c.label, &format!("{name}/{}", c.name), &mut texts);
                if let Some(e) = texts.into_iter().next() {
                    return Err(e);
                }
                seen.push(&c.name);
            }
            if let QuestionKind::Ranking { max, .. } = kind
                && (*max == 0 || usize::from(*max) > choices.len())
            {
                return Err(FieldError::new("max", "error-ranking-max")
                    .arg("question", name)
                    .arg("max", choices.len()));
            }
            Ok(())
        }
        QuestionKind::Scale { min, max } => {
            if min >= max || max.checked_sub(*min).is_none_or(|steps| steps > 100) {
                return Err(FieldError::new("range", "error-scale-range").arg("question", name));
            }
            Ok(())
        }
        QuestionKind::Number {
            min: Some(lo),
            max: Some(hi),
        } if lo > hi => Err(FieldError::new("range", "error-number-range").arg("question", name)),
        QuestionKind::Text { max_length } => {
            if *max_length == 0 || *max_length > 10_000 {
                return Err(
                    FieldError::new("max_length", "error-text-length").arg("question", name)
                );
            }
            Ok(())
        }
        QuestionKind::Calculate { calculation } if calculation.trim().is_empty() => {
            Err(FieldError::new("calculation", "error-calculation-empty").arg("question", name))
        }
        _ => Ok(()),
    }
}

//! The form's logic over one response: which questions are asked (relevance, through groups and
//! repeat rows), what the calculations give, which answers break a constraint, which required
//! answers are missing and which choices a choice filter leaves.
//!
//! This is the one implementation: the server checks a response with it, and the canvassing page
//! runs the same code compiled to WebAssembly (`crates/formlogic`), so phone and server never
//! disagree on what a form asks.

use super::answers::{AnswerValue, Answers, check_answer};
use super::definition::{Question, QuestionKind, SurveyDefinition};
use crate::people::Language;
use crate::{FieldError, Timestamp};
use enquete_expr::{Env, Expr, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The time the form is filled in, as the expressions see it (`today()`, `now()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormClock {
    /// Days since 1970-01-01 in the canvasser's local time.
    pub today: i64,
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub now_ms: i64,
}

impl FormClock {
    /// The clock at a server timestamp (UTC).
    pub fn at(t: Timestamp) -> Self {
        Self {
            today: t.seconds().div_euclid(86_400),
            now_ms: t.seconds().saturating_mul(1000),
        }
    }
}

/// Where one question is answered: the repeat rows it is in, outermost first (repeat path, row
/// index from 0). Empty outside repeats.
type Cursor = Vec<(String, usize)>;

/// What the logic says of one question or group in one row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeState {
    /// Asked: its own relevance and its groups' all hold.
    pub relevant: bool,
    /// Must be answered (only when asked).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The answer breaks its constraint.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub invalid: bool,
    /// It had an answer although it is not asked (the answer is dropped).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
    /// The choices its filter leaves, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
    /// A calculation's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For a repeat with a `repeat_count`: how many rows it should have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
}

/// The logic's verdict on a whole response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    /// By instance path: the question's key with the row of each repeat (`hh/members[2]/age`,
    /// rows counted from 1).
    pub nodes: BTreeMap<String, NodeState>,
    /// The answers as they stand: calculations filled in, answers to questions not asked removed.
    pub answers: Answers,
}

/// The longest a calculation's chain of later calculations may be re-run.
const PASSES: usize = 4;

impl SurveyDefinition {
    /// Runs the form's logic over `answers`, with labels read in `language` (a form language
    /// key) for `jr:choice-name`.
    pub fn evaluate(&self, answers: &Answers, clock: FormClock, language: &str) -> FormState {
        let mut state = FormState {
            nodes: BTreeMap::new(),
            answers: answers.clone(),
        };
        let run = Run {
            clock,
            language,
            exprs: self.parsed_expressions(),
            by_name: self.questions.iter().enumerate().fold(
                HashMap::new(),
                |mut index: HashMap<&str, Vec<usize>>, (i, q)| {
                    index.entry(q.name.as_str()).or_default().push(i);
                    index
                },
            ),
        };
        for _ in 0..PASSES {
            let before = state.answers.clone();
            state.nodes.clear();
            self.pass(&mut state, &run);
            if state.answers == before {
                break;
            }
        }
        // Whether an answer was dropped is judged against what was sent.
        for (path, node) in &mut state.nodes {
            node.dropped = !node.relevant && lookup_instance(answers, path).is_some();
        }
        state
    }

    /// Every expression of the form, parsed once per evaluation (`None`: it does not parse; a
    /// published form's always do).
    fn parsed_expressions(&self) -> HashMap<&str, Option<Expr>> {
        let mut sources: Vec<&str> = Vec::new();
        for g in &self.groups {
            sources.extend(g.relevant.as_deref());
            sources.extend(g.repeat_count.as_deref());
        }
        for q in &self.questions {
            let d = &q.details;
            sources.extend(q.relevant.as_deref());
            sources.extend(d.constraint.as_deref());
            sources.extend(d.required_if.as_deref());
            sources.extend(d.choice_filter.as_deref());
            sources.extend(d.calculation.as_deref());
            if let QuestionKind::Calculate { calculation } = &q.kind {
                sources.push(calculation);
            }
        }
        sources
            .into_iter()
            .map(|src| (src, enquete_expr::parse(src).ok()))
            .collect()
    }

    fn pass(&self, state: &mut FormState, run: &Run<'_>) {
        let mut group_cache: BTreeMap<String, bool> = BTreeMap::new();
        for g in &self.groups {
            if !g.repeat {
                continue;
            }
            let parent_rep = self.repeat_of(g.parent.as_deref()).map(|r| r.path());
            for cursor in self.instances(parent_rep.as_deref(), &state.answers) {
                let mut node = NodeState {
                    relevant: true,
                    ..NodeState::default()
                };
                if let Some(count) = g.repeat_count.as_deref() {
                    let env = At::new(self, &state.answers, &cursor, run);
                    let n = env.eval(count).to_num();
                    if n.is_finite() && n >= 0.0 {
                        node.rows = Some((n.min(1000.0)) as usize);
                    }
                }
                state.nodes.insert(instance_path(&g.path(), &cursor), node);
            }
        }
        for q in &self.questions {
            let rep = self.repeat_of(q.details.group.as_deref()).map(|r| r.path());
            for cursor in self.instances(rep.as_deref(), &state.answers) {
                let groups_hold = self.groups_relevant(q, &cursor, state, run, &mut group_cache);
                let node = self.question_state(q, &cursor, groups_hold, state, run);
                let key = q.key();
                if !node.relevant {
                    remove_at(&mut state.answers, &cursor, &key);
                } else if let Some(v) = &node.value {
                    if v.is_empty() {
                        remove_at(&mut state.answers, &cursor, &key);
                    } else {
                        set_at(
                            &mut state.answers,
                            &cursor,
                            &key,
                            AnswerValue::Text(v.clone()),
                        );
                    }
                }
                state.nodes.insert(instance_path(&key, &cursor), node);
            }
        }
    }

    /// Whether every group around `q` is relevant in this row.
    fn groups_relevant(
        &self,
        q: &Question,
        cursor: &Cursor,
        state: &FormState,
        run: &Run<'_>,
        cache: &mut BTreeMap<String, bool>,
    ) -> bool {
        let Some(path) = q.details.group.as_deref() else {
            return true;
        };
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let Some(g) = self.group(&prefix) else {
                continue;
            };
            let Some(expr) = g.relevant.as_deref() else {
                continue;
            };
            // The group's relevance is read in the rows of the repeats around it (and in the
            // row of the group itself when it is a repeat).
            let own: Cursor = cursor
                .iter()
                .filter(|(rp, _)| prefix == *rp || prefix.starts_with(&format!("{rp}/")))
                .cloned()
                .collect();
            let cache_key = instance_path(&prefix, &own);
            let holds = match cache.get(&cache_key) {
                Some(h) => *h,
                None => {
                    let h = At::new(self, &state.answers, &own, run)
                        .eval(expr)
                        .to_bool();
                    cache.insert(cache_key, h);
                    h
                }
            };
            if !holds {
                return false;
            }
        }
        true
    }

    fn question_state(
        &self,
        q: &Question,
        cursor: &Cursor,
        groups_hold: bool,
        state: &FormState,
        run: &Run<'_>,
    ) -> NodeState {
        let key = q.key();
        let answer = answer_at(&state.answers, cursor, &key);
        let mut env = At::new(self, &state.answers, cursor, run);
        env.current = answer.map_or(Value::Str(String::new()), |a| value_of(q, a));
        let relevant = groups_hold
            && q.relevant
                .as_deref()
                .is_none_or(|expr| env.eval(expr).to_bool());
        let mut node = NodeState {
            relevant,
            ..NodeState::default()
        };
        if !relevant {
            return node;
        }
        node.required = q.required
            || q.details
                .required_if
                .as_deref()
                .is_some_and(|expr| env.eval(expr).to_bool());
        let calculation = match &q.kind {
            QuestionKind::Calculate { calculation } => Some(calculation.as_str()),
            _ => q.details.calculation.as_deref(),
        };
        if let Some(calculation) = calculation {
            node.value = Some(env.eval(calculation).to_str());
        }
        if let (Some(expr), Some(a)) = (q.details.constraint.as_deref(), answer)
            && !a.is_blank()
        {
            node.invalid = !env.eval(expr).to_bool();
        }
        if let Some(parsed) = q.details.choice_filter.as_deref().and_then(|f| run.expr(f)) {
            let mut kept = Vec::new();
            for c in q.kind.choices() {
                env.choice = Some(c);
                if parsed.eval(&env).to_bool() {
                    kept.push(c.name.clone());
                }
            }
            node.choices = Some(kept);
        }
        node
    }

    /// Every row (cursor) a question in `repeat` is asked in; one empty cursor outside repeats.
    fn instances(&self, repeat: Option<&str>, answers: &Answers) -> Vec<Cursor> {
        let Some(path) = repeat else {
            return vec![Vec::new()];
        };
        let parent = self
            .group(path)
            .and_then(|g| self.repeat_of(g.parent.as_deref()))
            .map(|r| r.path());
        let mut out = Vec::new();
        for outer in self.instances(parent.as_deref(), answers) {
            let rows = match answer_at(answers, &outer, path) {
                Some(AnswerValue::Rows(rows)) => rows.len(),
                _ => 0,
            };
            for i in 0..rows {
                let mut c = outer.clone();
                c.push((path.to_owned(), i));
                out.push(c);
            }
        }
        out
    }

    /// Removes the answers to questions the logic says were not asked, and fills in the
    /// calculations (a form without JavaScript shows every question, and people answer what
    /// they see).
    pub fn drop_unasked(&self, answers: &mut Answers, clock: FormClock) {
        *answers = self.evaluate(answers, clock, "").answers;
    }

    /// Checks a set of answers against this definition: every answer belongs to a question that
    /// was asked, has the right type, a known choice (one the filter leaves) and keeps its
    /// constraint, and every required question that was asked is answered. The error names the
    /// question.
    pub fn validate_answers(&self, answers: &Answers, clock: FormClock) -> Result<(), FieldError> {
        self.check_keys(answers, None)?;
        let state = self.evaluate(answers, clock, "");
        for q in &self.questions {
            let rep = self.repeat_of(q.details.group.as_deref()).map(|r| r.path());
            for cursor in self.instances(rep.as_deref(), answers) {
                let key = q.key();
                let Some(node) = state.nodes.get(&instance_path(&key, &cursor)) else {
                    continue;
                };
                let sent = answer_at(answers, &cursor, &key).filter(|a| !a.is_blank());
                let named = |e: FieldError| e.arg("question", &q.name);
                if node.dropped && q.kind.is_asked() {
                    return Err(named(FieldError::new("answers", "error-answer-not-asked")));
                }
                if !node.relevant {
                    continue;
                }
                let Some(a) = sent else {
                    if node.required && q.kind.is_asked() {
                        return Err(named(FieldError::new("answers", "error-answer-required")));
                    }
                    continue;
                };
                if matches!(q.kind, QuestionKind::Calculate { .. })
                    || q.details.calculation.is_some()
                {
                    continue;
                }
                check_answer(q, a).map_err(|problem| FieldError {
                    field: "answers",
                    problem: problem.arg("question", &q.name),
                })?;
                if let Some(kept) = &node.choices {
                    let picked: Vec<String> = match a {
                        AnswerValue::List(l) => l.clone(),
                        other => vec![other.as_text()],
                    };
                    if let Some(bad) = picked.iter().find(|c| !kept.contains(c)) {
                        return Err(named(
                            FieldError::new("answers", "error-answer-unknown-choice")
                                .arg("choice", bad),
                        ));
                    }
                }
                if node.invalid {
                    let message = q.details.constraint_message.get(Language::En).to_owned();
                    return Err(named(
                        FieldError::new("answers", "error-answer-constraint")
                            .arg("message", message),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every key of `answers` (in the row of `repeat`, or at the top) is a question or a
    /// repeat in that place, and repeats hold rows.
    fn check_keys(&self, answers: &Answers, repeat: Option<&str>) -> Result<(), FieldError> {
        for (key, value) in &answers.0 {
            let unknown =
                || FieldError::new("answers", "error-answer-no-question").arg("question", key);
            if let Some(g) = self.group(key).filter(|g| g.repeat) {
                let place = self.repeat_of(g.parent.as_deref()).map(|r| r.path());
                if place.as_deref() != repeat {
                    return Err(unknown());
                }
                match value {
                    AnswerValue::Rows(rows) => {
                        if rows.len() > 1000 {
                            return Err(FieldError::new("answers", "error-answer-too-many-rows")
                                .arg("question", &g.name)
                                .arg("max", 1000));
                        }
                        for row in rows {
                            self.check_keys(row, Some(key))?;
                        }
                    }
                    AnswerValue::List(l) if l.is_empty() => {}
                    _ => {
                        return Err(FieldError::new("answers", "error-answer-expects-rows")
                            .arg("question", &g.name));
                    }
                }
                continue;
            }
            let q = self.question_at(key).ok_or_else(unknown)?;
            let place = self.repeat_of(q.details.group.as_deref()).map(|r| r.path());
            if place.as_deref() != repeat {
                return Err(unknown());
            }
        }
        Ok(())
    }
}

/// The instance path of a key in a row: `hh/members[2]/age`.
fn instance_path(key: &str, cursor: &Cursor) -> String {
    let mut out = String::new();
    let mut so_far = String::new();
    for part in key.split('/') {
        if !so_far.is_empty() {
            so_far.push('/');
            out.push('/');
        }
        so_far.push_str(part);
        out.push_str(part);
        if let Some((_, i)) = cursor.iter().find(|(rp, _)| *rp == so_far) {
            out.push_str(&format!("[{}]", i + 1));
        }
    }
    out
}

/// The answers of the row a cursor points at.
fn row_at<'a>(answers: &'a Answers, cursor: &[(String, usize)]) -> Option<&'a Answers> {
    let mut row = answers;
    for (rp, i) in cursor {
        match row.0.get(rp) {
            Some(AnswerValue::Rows(rows)) => row = rows.get(*i)?,
            _ => return None,
        }
    }
    Some(row)
}

fn row_at_mut<'a>(answers: &'a mut Answers, cursor: &[(String, usize)]) -> Option<&'a mut Answers> {
    let mut row = answers;
    for (rp, i) in cursor {
        match row.0.get_mut(rp) {
            Some(AnswerValue::Rows(rows)) => row = rows.get_mut(*i)?,
            _ => return None,
        }
    }
    Some(row)
}

fn answer_at<'a>(
    answers: &'a Answers,
    cursor: &[(String, usize)],
    key: &str,
) -> Option<&'a AnswerValue> {
    row_at(answers, cursor)?.0.get(key)
}

fn remove_at(answers: &mut Answers, cursor: &[(String, usize)], key: &str) {
    if let Some(row) = row_at_mut(answers, cursor) {
        row.0.remove(key);
    }
}

fn set_at(answers: &mut Answers, cursor: &[(String, usize)], key: &str, value: AnswerValue) {
    if let Some(row) = row_at_mut(answers, cursor) {
        row.0.insert(key.to_owned(), value);
    }
}

/// The answer at an instance path (`hh/members[2]/age`), if any.
fn lookup_instance<'a>(answers: &'a Answers, path: &str) -> Option<&'a AnswerValue> {
    let mut row = answers;
    let mut key = String::new();
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str(name);
        if let Some(i) = index {
            match row.0.get(&key) {
                Some(AnswerValue::Rows(rows)) => row = rows.get(i.checked_sub(1)?)?,
                _ => return None,
            }
        } else if parts.peek().is_none() {
            return row.0.get(&key);
        }
    }
    None
}

/// An answer as the expressions read it.
fn value_of(q: &Question, a: &AnswerValue) -> Value {
    match (&q.kind, a) {
        (_, AnswerValue::Number(n)) => Value::Num(*n as f64),
        (_, AnswerValue::Decimal(d)) => Value::Num(d.0),
        (QuestionKind::Date, AnswerValue::Text(t)) => {
            enquete_expr::date_from_str(t).map_or_else(|| Value::Str(t.clone()), Value::Date)
        }
        (QuestionKind::DateTime, AnswerValue::Text(t)) => enquete_expr::datetime_from_str(t)
            .map_or_else(|| Value::Str(t.clone()), Value::DateTime),
        (_, other) => Value::Str(other.as_text()),
    }
}

/// One evaluation of a form: its clock, the language of its labels, its parsed expressions.
struct Run<'a> {
    clock: FormClock,
    language: &'a str,
    exprs: HashMap<&'a str, Option<Expr>>,
    /// Where each name stands in the question list (a name may be used in two groups).
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl Run<'_> {
    fn expr(&self, src: &str) -> Option<&Expr> {
        self.exprs.get(src).and_then(Option::as_ref)
    }
}

/// Where an expression is evaluated: the answers, the row, the current answer.
struct At<'a> {
    def: &'a SurveyDefinition,
    answers: &'a Answers,
    cursor: &'a [(String, usize)],
    current: Value,
    run: &'a Run<'a>,
    /// In a choice filter: the choice being tested.
    choice: Option<&'a super::definition::Choice>,
}

impl<'a> At<'a> {
    fn new(
        def: &'a SurveyDefinition,
        answers: &'a Answers,
        cursor: &'a [(String, usize)],
        run: &'a Run<'a>,
    ) -> Self {
        Self {
            def,
            answers,
            cursor,
            current: Value::Str(String::new()),
            run,
            choice: None,
        }
    }

    /// The value of one of the form's expressions here (empty text when it does not parse).
    fn eval(&self, src: &str) -> Value {
        match self.run.expr(src) {
            Some(e) => e.eval(self),
            None => Value::Str(String::new()),
        }
    }

    /// The question named `name`, preferring one in the rows we are in.
    fn find(&self, name: &str) -> Option<&'a Question> {
        let mut found = self
            .run
            .by_name
            .get(name)?
            .iter()
            .filter_map(|i| self.def.questions.get(*i));
        let first = found.next()?;
        let inside = |q: &Question| {
            let rep = self
                .def
                .repeat_of(q.details.group.as_deref())
                .map(|r| r.path());
            rep.is_none_or(|r| self.cursor.iter().any(|(rp, _)| *rp == r))
        };
        if inside(first) {
            return Some(first);
        }
        Some(found.find(|q| inside(q)).unwrap_or(first))
    }

    /// The values of `key` below `row`, fanning out over the rows of repeats not in the cursor.
    fn collect(&self, q: &Question, row: &Answers, repeats: &[String], out: &mut Vec<Value>) {
        match repeats.split_first() {
            None => out.push(
                row.0
                    .get(&q.key())
                    .map_or(Value::Str(String::new()), |a| value_of(q, a)),
            ),
            Some((rp, rest)) => {
                if let Some((_, i)) = self.cursor.iter().find(|(c, _)| c == rp) {
                    if let Some(AnswerValue::Rows(rows)) = row.0.get(rp)
                        && let Some(r) = rows.get(*i)
                    {
                        self.collect(q, r, rest, out);
                    }
                } else if let Some(AnswerValue::Rows(rows)) = row.0.get(rp) {
                    for r in rows {
                        self.collect(q, r, rest, out);
                    }
                }
            }
        }
    }

    /// The repeats around a group path, outermost first.
    fn repeats_around(&self, path: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        let Some(path) = path else { return out };
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if self.def.group(&prefix).is_some_and(|g| g.repeat) {
                out.push(prefix.clone());
            }
        }
        out
    }

    fn rows_of(&self, repeat_path: &str) -> Value {
        let parent = self.def.group(repeat_path).and_then(|g| g.parent.clone());
        let outer = self.repeats_around(parent.as_deref());
        let mut rows: Vec<Value> = Vec::new();
        let mut stack = vec![(self.answers, 0usize)];
        // Walk to every row map that holds this repeat, then count its rows.
        while let Some((row, depth)) = stack.pop() {
            match outer.get(depth) {
                None => {
                    if let Some(AnswerValue::Rows(r)) = row.0.get(repeat_path) {
                        rows.extend(r.iter().map(|_| Value::Str(String::new())));
                    }
                }
                Some(rp) => {
                    if let Some(AnswerValue::Rows(r)) = row.0.get(rp) {
                        match self.cursor.iter().find(|(c, _)| c == rp) {
                            Some((_, i)) => {
                                if let Some(one) = r.get(*i) {
                                    stack.push((one, depth + 1));
                                }
                            }
                            None => stack.extend(r.iter().map(|one| (one, depth + 1))),
                        }
                    }
                }
            }
        }
        Value::Nodes(rows)
    }
}

impl Env for At<'_> {
    fn reference(&self, name: &str) -> Value {
        let Some(q) = self.find(name) else {
            // `${members}` names a repeat: its rows, as a node-set to count.
            if let Some(g) = self.def.groups.iter().find(|g| g.name == name && g.repeat) {
                return self.rows_of(&g.path());
            }
            return Value::Str(String::new());
        };
        let repeats = self.repeats_around(q.details.group.as_deref());
        let fans_out = repeats
            .iter()
            .any(|rp| !self.cursor.iter().any(|(c, _)| c == rp));
        let mut values = Vec::new();
        self.collect(q, self.answers, &repeats, &mut values);
        if fans_out {
            Value::Nodes(values)
        } else {
            values
                .into_iter()
                .next()
                .unwrap_or(Value::Str(String::new()))
        }
    }

    fn current(&self) -> Value {
        self.current.clone()
    }

    fn path(&self, _absolute: bool, steps: &[String]) -> Value {
        let Some(last) = steps.last() else {
            return self.current.clone();
        };
        if let Some(c) = self.choice {
            if last == "name" {
                return Value::Str(c.name.clone());
            }
            if let Some(v) = c.columns.get(last) {
                return Value::Str(v.clone());
            }
        }
        if last == ".." || last == "." {
            return self.current.clone();
        }
        self.reference(last)
    }

    fn position(&self) -> f64 {
        self.cursor.last().map_or(0.0, |(_, i)| (*i + 1) as f64)
    }

    fn today(&self) -> i64 {
        self.run.clock.today
    }

    fn now_ms(&self) -> i64 {
        self.run.clock.now_ms
    }

    fn choice_label(&self, question: &str, choice: &str) -> Option<String> {
        let name = question
            .trim()
            .trim_start_matches("${")
            .trim_end_matches('}');
        let q = self.find(name)?;
        let c = q.kind.choices().iter().find(|c| c.name == choice)?;
        Some(
            c.label
                .in_form_language(self.run.language, Language::En)
                .to_owned(),
        )
    }
}

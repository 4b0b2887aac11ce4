//! The ODK XPath subset of XLSForms: parses and evaluates the expressions of `relevant`,
//! `constraint`, `calculate`, `choice_filter`, `required`, `repeat_count` and `default`.
//!
//! The same code runs on the server and, compiled to WebAssembly, on the phone, so it reads no
//! clock, file or thread, has no randomness, and never panics: sources are limited to
//! [`MAX_LEN`] characters and nesting to [`MAX_DEPTH`] levels. Everything outside the
//! expression (answers, today, labels) comes from an [`Env`].
//!
//! Choices made where ODK leaves room (each covered by a test):
//! - Dates are UTC: a dateTime without an offset is read as UTC and `date(now())` is the UTC
//!   day; `today()` is whatever day the [`Env`] gives.
//! - `uuid()` is `""`: the evaluator has no randomness; the form layer fills `instanceID`.
//! - `count()` of a single value is 1; `sum`, `min` and `max` skip the empty values of a
//!   node-set; `<`, `>` between two strings that both read as dates compare them as dates.
//! - `current()` is `.`, also at the head of a path (`current()/../x` is the path `../x`).
//! - Refused at parse with a message: predicates `[...]`, `|`, `//`, axes, attributes,
//!   wildcards, `indexed-repeat` over nested repeats, and `area`, `distance`, `random`,
//!   `pulldata`, `instance`, `checklist` and the like.
//!
//! ```
//! use enquete_expr::{parse, Env, Value};
//! struct Answers;
//! impl Env for Answers {
//!     fn reference(&self, name: &str) -> Value {
//!         if name == "age" { Value::Num(20.0) } else { Value::Str("other".into()) }
//!     }
//!     fn current(&self) -> Value { Value::Str(String::new()) }
//!     fn path(&self, _: bool, _: &[String]) -> Value { Value::Str(String::new()) }
//!     fn position(&self) -> f64 { 0.0 }
//!     fn today(&self) -> i64 { 19_723 }
//!     fn now_ms(&self) -> i64 { 0 }
//!     fn choice_label(&self, _: &str, _: &str) -> Option<String> { None }
//! }
//! let e = parse("${age} >= 18 and selected(${q}, 'other')").unwrap();
//! assert_eq!(e.references(), ["age", "q"]);
//! assert_eq!(e.eval(&Answers), Value::Bool(true));
//! ```

mod dates;
mod eval;
mod functions;
mod lex;
mod parse;
mod value;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_random;

pub use dates::{date_from_str, date_to_str, datetime_from_str, datetime_to_str, time_from_str};
pub use parse::{MAX_DEPTH, MAX_LEN};
pub use value::Value;

use functions::Func;
use parse::Node;
use serde::{Deserialize, Serialize};

/// A parsed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    source: String,
    root: Node,
}

/// Why a source is not an expression: a message and the char offset where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExprError {
    pub message: String,
    /// Char offset in the source (not a byte offset).
    pub at: usize,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at)
    }
}

impl std::error::Error for ExprError {}

/// Parses `src`: an error names what is wrong and where (unknown functions, wrong argument
/// counts, unclosed strings and references, unsupported XPath, sources too long or too deep).
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let root = parse::parse_tree(src)?;
    Ok(Expr {
        source: src.to_string(),
        root,
    })
}

impl Expr {
    /// The source as given to [`parse`].
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every `${name}` referenced, in first-appearance order, without duplicates. The question
    /// named in `jr:choice-name(x, '${q}')`'s literal counts too, as pyxform reads it.
    pub fn references(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.root, &mut |node| {
            let name = match node {
                Node::Ref(name) => name.clone(),
                Node::Call(Func::ChoiceName, args) => match args.get(1) {
                    Some(Node::Str(s)) if s.trim().starts_with("${") => {
                        functions::choice_name_question(s)
                    }
                    _ => return,
                },
                _ => return,
            };
            if !out.contains(&name) {
                out.push(name);
            }
        });
        out
    }

    /// True when the expression uses `.` (the current answer), e.g. constraints; `current()`
    /// and the no-argument forms of `string()`, `string-length()`, `number()` and
    /// `normalize-space()` count as `.` too.
    pub fn uses_current(&self) -> bool {
        let mut found = false;
        walk(&self.root, &mut |node| {
            found |= matches!(node, Node::Current)
        });
        found
    }

    /// The value of the expression seen from `env`.
    pub fn eval(&self, env: &dyn Env) -> Value {
        eval::eval(&self.root, env)
    }
}

/// Visits the descendants of `node` left to right, then `node` (so that the operands of a
/// call come before the call, in source order).
fn walk(node: &Node, visit: &mut dyn FnMut(&Node)) {
    match node {
        Node::Neg(inner) | Node::Regex(inner, _) => walk(inner, visit),
        Node::Chain(first, rest) => {
            walk(first, visit);
            for (_, n) in rest {
                walk(n, visit);
            }
        }
        Node::Call(_, args) => {
            for a in args {
                walk(a, visit);
            }
        }
        Node::Num(_) | Node::Str(_) | Node::Ref(_) | Node::Current | Node::Path { .. } => {}
    }
    visit(node);
}

/// What an expression sees of the form and the device.
pub trait Env {
    /// `${name}`: the answer as seen from where the expression is evaluated (Str("") when
    /// unanswered; Nodes when the question is inside a repeat and we evaluate outside it).
    fn reference(&self, name: &str) -> Value;
    /// `.` : the answer of the question the expression belongs to.
    fn current(&self) -> Value;
    /// A relative or absolute path that is not `${...}`: `name`, `../x`, `/data/group/q`.
    /// Steps are the path's names in order (`..` kept as ".."), `absolute` when it starts with `/`.
    /// In a choice_filter this is how a choice's column is read (`state = ${state}`).
    fn path(&self, absolute: bool, steps: &[String]) -> Value;
    /// position(..): the 1-based row of the enclosing repeat, 0 outside any repeat.
    fn position(&self) -> f64;
    /// Today as days since epoch in the device's local time.
    fn today(&self) -> i64;
    /// Now in ms since epoch.
    fn now_ms(&self) -> i64;
    /// jr:choice-name(value, '${q}'): the label of choice `value` of question `q` in the
    /// language being shown.
    fn choice_label(&self, question: &str, choice: &str) -> Option<String>;
}

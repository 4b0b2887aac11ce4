//! Types and rules of the organizing model, with no I/O: the org tree, people and the ladder,
//! accounts and roles, the access policy, and the deterministic demo country.
//!
//! Everything here is validated at construction (`parse`), so code past the boundary works with
//! values that cannot be wrong. Time is always passed in as a [`Timestamp`].

/// Defines the id of one kind of record: a number the store gave it, wrapped so that one kind
/// of id is never passed where another is meant. Serialized as a plain number, shown as one.
/// `id_type!(ActionId, "an action")` makes `pub struct ActionId(pub i64)`.
macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The id of ", $what, ".")]
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

pub mod account;
pub mod audit;
pub mod campaign;
pub mod composition;
pub mod conversation;
pub mod dates;
pub mod demo;
pub mod demo_bench;
pub mod festival;
pub mod gate;
pub mod motions;
pub mod org;
pub mod people;
pub mod policy;
pub mod programme;
pub mod research;
pub mod survey;
mod timestamp;
pub mod training;
pub mod workplace;

pub use timestamp::Timestamp;

/// What is wrong with a value, as a message id and its named arguments: the words live in the
/// web crate's Fluent files (`error-*` ids), in every language the interface speaks, so nothing
/// here is English. Built with [`Problem::new`] and [`Problem::arg`], so a problem cannot exist
/// without its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The Fluent message id, such as `error-email-invalid`.
    pub key: &'static str,
    /// The values the message names (`$max`, `$question`...), as text.
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(key: &'static str) -> Self {
        debug_assert!(
            key.starts_with("error-"),
            "a problem is a message id (error-...), not text: {key:?}"
        );
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a named argument of the message.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The value of a named argument, if the problem has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How a problem is worded where no reader's language is known (the command line, logs): set
/// once by the program that has the words (the web crate's English), else the id is shown.
static WORDING: std::sync::OnceLock<fn(&Problem) -> String> = std::sync::OnceLock::new();

/// Sets how [`Problem`]'s `Display` words a problem (the first call wins).
pub fn set_wording(words: fn(&Problem) -> String) {
    let _ = WORDING.set(words);
}

/// In the words set by [`set_wording`]; without them, the id and its arguments.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(words) = WORDING.get() {
            return f.write_str(&words(self));
        }
        f.write_str(self.key)?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            let sep = if i == 0 { " (" } else { ", " };
            write!(f, "{sep}{name}={value:?}")?;
        }
        if !self.args.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A value that failed validation: which field (its internal name, which the API reports and the
/// pages translate into a label, `field-<name>`), and what is wrong with it.
///
/// `FieldError::new("email", "error-email-invalid").arg("max", 254)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &'static str, key: &'static str) -> Self {
        Self {
            field,
            problem: Problem::new(key),
        }
    }

    /// Adds a named argument of the message.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.problem = self.problem.arg(name, value);
        self
    }

    /// The same problem, said of another field (a value checked by a shared parser).
    #[must_use]
    pub fn in_field(mut self, field: &'static str) -> Self {
        self.field = field;
        self
    }

    /// The message id.
    pub fn key(&self) -> &'static str {
        self.problem.key
    }
}

/// The field a deserialization error names: its path (`contact.name`), or `whole` when the
/// error is about the whole value (path `.`) or an unknown key that is empty (path ``).
pub fn field_of_path(path: String, whole: &str) -> String {
    if path.is_empty() || path == "." {
        whole.to_owned()
    } else {
        path
    }
}

/// Trims a text input and checks its length in characters; shared by the `parse` constructors.
pub(crate) fn clean_text(
    field: &'static str,
    raw: &str,
    min: usize,
    max: usize,
) -> Result<String, FieldError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len < min {
        return Err(if min == 1 {
            FieldError::new(field, "error-empty")
        } else {
            FieldError::new(field, "error-too-short").arg("min", min)
        });
    }
    if len > max {
        return Err(FieldError::new(field, "error-too-long").arg("max", max));
    }
    if text.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(text.to_owned())
}

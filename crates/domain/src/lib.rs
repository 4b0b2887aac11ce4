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
pub mod dates;
pub mod demo;
pub mod demo_bench;
pub mod org;
pub mod people;
pub mod policy;
pub mod survey;
mod timestamp;

pub use timestamp::Timestamp;

/// A value that failed validation: which field, and what is wrong with it, in words an organizer
/// understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: &'static str,
    pub problem: String,
}

impl FieldError {
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
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
            FieldError::new(field, "must not be empty")
        } else {
            FieldError::new(field, format!("must be at least {min} characters"))
        });
    }
    if len > max {
        return Err(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(text.to_owned())
}

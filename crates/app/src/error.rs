//! The one error type of operations: a field at fault, something missing or out of reach, too
//! many attempts, or an internal failure. Adapters turn it into a page, a JSON body or a
//! command-line message; the field and its problem travel unchanged from the domain.

use enquete_domain::{FieldError, Problem};
use enquete_store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Field(FieldError),
    /// Input that does not fit its shape, where the field is named at run time (a row and
    /// column of a file, a path in a JSON body).
    #[error("{field}: {problem}")]
    Input { field: String, problem: Problem },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("you do not have access to this")]
    Forbidden,
    #[error("too many failed attempts; try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    /// Too many password checks at once (each takes ~19 MiB while it runs): refused rather
    /// than queued without bound.
    #[error("the server is busy; try again in {retry_after_seconds} seconds")]
    Busy { retry_after_seconds: u64 },
    #[error("something went wrong on our side; it has been logged")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The whole story, for the server's operator on the command line: internal failures say
    /// what failed (a page shows only that something did).
    pub fn detail(&self) -> String {
        match self {
            Error::Internal(detail) => detail.clone(),
            other => other.to_string(),
        }
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::Field(e)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(f) => Error::Field(f),
            StoreError::NotFound(what) => Error::NotFound(what),
            other => Error::Internal(other.to_string()),
        }
    }
}

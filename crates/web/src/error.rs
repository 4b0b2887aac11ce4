//! The one error type of the web layer. It becomes a JSON body for the API and, through the
//! page middleware in `ctx.rs`, an HTML page in the visitor's language for everything else.
//! Users see a safe message naming the field; details of internal failures go to the log only.

use crate::i18n::Tr;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use enquete_domain::people::Language;
use enquete_domain::{FieldError, Problem};
use enquete_store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Field(FieldError),
    /// A request body that does not fit its shape (wrong type, missing field, bad JSON).
    #[error("{field}: {problem}")]
    Input { field: String, problem: Problem },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("you do not have access to this")]
    Forbidden,
    #[error("please log in")]
    Unauthenticated,
    #[error("the form was out of date or sent from another site; reload the page and try again")]
    Csrf,
    #[error("too many failed attempts; try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    /// Too many password checks at once: 503 with `Retry-After`.
    #[error("the server is busy; try again in {retry_after_seconds} seconds")]
    Busy { retry_after_seconds: u64 },
    #[error("change your one-time password first")]
    MustChangePassword,
    #[error("something went wrong on our side; it has been logged")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Field(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(f) => AppError::Field(f),
            StoreError::NotFound(what) => AppError::NotFound(what),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<enquete_app::Error> for AppError {
    fn from(e: enquete_app::Error) -> Self {
        use enquete_app::Error as E;
        match e {
            E::Field(f) => AppError::Field(f),
            E::Input { field, problem } => AppError::Input { field, problem },
            E::NotFound(what) => AppError::NotFound(what),
            E::Forbidden => AppError::Forbidden,
            E::TooManyAttempts { minutes } => AppError::TooManyAttempts { minutes },
            E::Busy {
                retry_after_seconds,
            } => AppError::Busy {
                retry_after_seconds,
            },
            E::Internal(detail) => AppError::Internal(detail),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Field(_) | AppError::Input { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf | AppError::MustChangePassword => {
                StatusCode::FORBIDDEN
            }
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The field at fault, if the error is about one.
    pub fn field(&self) -> Option<String> {
        match self {
            AppError::Field(f) => Some(f.field.to_owned()),
            AppError::Input { field, .. } => Some(field.clone()),
            _ => None,
        }
    }

    /// Adds the headers the error calls for (`Retry-After` when busy) to its response.
    pub fn add_headers(&self, response: &mut Response) {
        if let AppError::Busy {
            retry_after_seconds,
        } = self
        {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after_seconds),
            );
        }
    }

    /// The problem of a field error, if the error is about a field.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            AppError::Field(f) => Some(&f.problem),
            AppError::Input { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The message id: the problem's for a field error, one per kind of error otherwise.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Field(f) => f.problem.key,
            AppError::Input { problem, .. } => problem.key,
            AppError::NotFound(_) => "error-not-found",
            AppError::Forbidden => "error-forbidden",
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::Csrf => "error-csrf",
            AppError::TooManyAttempts { .. } => "error-too-many-attempts",
            AppError::Busy { .. } => "error-busy",
            AppError::MustChangePassword => "error-must-change-password",
            AppError::Internal(_) => "error-internal",
        }
    }

    /// The message shown to the user in `tr`'s language, never internal details. A field error
    /// names the field by its translated label (`Name: must not be empty`), never by its
    /// internal name.
    pub fn message_in(&self, tr: Tr) -> String {
        match (self.field(), self.problem()) {
            (Some(field), Some(problem)) => {
                let text = tr.problem_in_context(problem);
                match tr.label(&field) {
                    Some(label) => tr.tn(
                        "error-field-message",
                        &[("label", label), ("message", text)],
                    ),
                    None => text,
                }
            }
            _ => match self {
                AppError::TooManyAttempts { minutes } => tr.t1(self.code(), "minutes", minutes),
                AppError::Busy {
                    retry_after_seconds,
                } => tr.t1(self.code(), "seconds", retry_after_seconds),
                _ => tr.t(self.code()),
            },
        }
    }

    /// The message in English, for callers that have not said their language.
    pub fn message(&self) -> String {
        self.message_in(Tr::new(Language::En))
    }

    /// The JSON body of this error, worded in `tr`'s language.
    pub fn body(&self, tr: Tr) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                field: self.field(),
                message: self.message_in(tr),
                code: self.code().to_owned(),
            },
        }
    }
}

/// The JSON shape of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// The field the problem is about (its internal name), when there is one.
    pub field: Option<String>,
    /// The message, in the request's language (the account's, else `Accept-Language`).
    pub message: String,
    /// The message id (`error-email-invalid`), the same in every language.
    pub code: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        // English here; the page middleware words it again in the request's language.
        let body = self.body(Tr::new(Language::En));
        let mut response = (self.status(), axum::Json(body)).into_response();
        self.add_headers(&mut response);
        // The page middleware turns this into an HTML page for browsers.
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Security (issue 13, finding 3): too many password checks at once are refused with 503
    /// and a Retry-After header, with the JSON error the API gives for everything.
    #[test]
    fn busy_is_503_with_retry_after() {
        let err = AppError::from(enquete_app::Error::Busy {
            retry_after_seconds: 2,
        });
        let response = err.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers().get(axum::http::header::RETRY_AFTER),
            Some(&axum::http::HeaderValue::from_static("2"))
        );
    }
}

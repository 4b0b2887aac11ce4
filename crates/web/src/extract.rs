//! Request bodies: forms and JSON, parsed so that a bad value names its field, and checked
//! against cross-site request forgery.

use crate::ctx::Ctx;
use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header};
use enquete_domain::Problem;
use serde::de::DeserializeOwned;

/// Rejects requests that a browser sent from another site: the `Origin` (when present) must be
/// this host, and `Sec-Fetch-Site` (when present) must not say cross-site.
pub fn check_same_origin(headers: &HeaderMap) -> Result<(), AppError> {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return Err(AppError::Csrf);
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    if origin_host.eq_ignore_ascii_case(host) {
        Ok(())
    } else {
        Err(AppError::Csrf)
    }
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A value that did not fit the body's shape. The deserializer's English detail goes to the
/// log only: a missing value is `error-required`, anything else `error-input-invalid`.
fn input_error(path: String, detail: String) -> AppError {
    tracing::debug!(%path, %detail, "request body does not fit");
    // serde says "missing field `name`" at the path of the value that lacks it.
    let missing = detail
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match missing {
        Some(name) => {
            let field = match path.as_str() {
                "" | "." => name.to_owned(),
                parent => format!("{parent}.{name}"),
            };
            AppError::Input {
                field,
                problem: Problem::new("error-required"),
            }
        }
        None => AppError::Input {
            field: enquete_domain::field_of_path(path, "body"),
            problem: Problem::new("error-input-invalid"),
        },
    }
}

/// A body that could not be read at all (too large, cut off).
fn unreadable(field: &str, detail: String) -> AppError {
    tracing::debug!(%detail, "request body unreadable");
    AppError::Input {
        field: field.to_owned(),
        problem: Problem::new("error-body-unreadable"),
    }
}

/// An HTML form body that carried this session's CSRF token in its `csrf` field.
pub struct Form<T>(pub T);

impl<S, T> FromRequest<S> for Form<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let ctx = Ctx::from_request_parts(&mut parts, state).await?;
        check_same_origin(&parts.headers)?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| unreadable("body", e.body_text()))?;
        let sent = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if !tokens_match(&sent, &ctx.csrf) {
            return Err(AppError::Csrf);
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(&bytes));
        serde_path_to_error::deserialize(de)
            .map(Form)
            .map_err(|e| input_error(e.path().to_string(), e.inner().to_string()))
    }
}

/// An HTML form body as its fields in order, a name possibly repeated (a list's ticked
/// boxes), checked like [`Form`].
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl<S> FromRequest<S> for FormFields
where
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(req, state).await?;
        Ok(FormFields(fields))
    }
}

/// A JSON body. Calls made with a session cookie must also send the session's CSRF token in the
/// `X-CSRF-Token` header (the login call, which has no session yet, is exempt).
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let ctx = Ctx::from_request_parts(&mut parts, state).await?;
        check_same_origin(&parts.headers)?;
        if ctx.user.is_some() {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !tokens_match(sent, &ctx.csrf) {
                return Err(AppError::Csrf);
            }
        }
        let is_json = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(AppError::Input {
                field: "body".into(),
                problem: Problem::new("error-json-content-type"),
            });
        }
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| unreadable("body", e.body_text()))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| input_error(e.path().to_string(), e.inner().to_string()))?;
        de.end()
            .map_err(|e| input_error(String::new(), e.to_string()))?;
        Ok(ApiJson(value))
    }
}

/// Checks the CSRF header on API calls that have no body (DELETE).
pub fn check_api_csrf(ctx: &Ctx, headers: &HeaderMap) -> Result<(), AppError> {
    check_same_origin(headers)?;
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ctx.user.is_some() && !tokens_match(sent, &ctx.csrf) {
        return Err(AppError::Csrf);
    }
    Ok(())
}

/// A numeric id from the path; anything else is a clear 4xx naming `id`.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::Input {
                    field: "id".into(),
                    problem: Problem::new("error-required"),
                })?;
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Id)
            .ok_or_else(|| AppError::Input {
                field: "id".into(),
                problem: Problem::new("error-id"),
            })
    }
}

/// Two numeric ids from the path (`/actions/{id}/rsvps/{rsvp}/...`); a bad one is a clear 4xx
/// naming `id`.
pub struct Ids(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let bad = || AppError::Input {
            field: "id".into(),
            problem: Problem::new("error-id"),
        };
        let axum::extract::Path((a, b)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|_| bad())?;
        let parse = |raw: &str| raw.parse::<i64>().ok().filter(|id| *id > 0);
        match (parse(&a), parse(&b)) {
            (Some(a), Some(b)) => Ok(Ids(a, b)),
            _ => Err(bad()),
        }
    }
}

/// Query-string parameters, parsed so that a bad value names its parameter.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Params)
            .map_err(|e| input_error(e.path().to_string(), e.inner().to_string()))
    }
}

/// A file upload form (`multipart/form-data`): checks the CSRF token, returns the text fields
/// and the bytes of the `file` field. `file_hint` says what to choose when none was sent.
pub async fn upload(
    form: axum::extract::Multipart,
    ctx: &Ctx,
    file_hint: &'static str,
) -> Result<(std::collections::HashMap<String, String>, Vec<u8>), AppError> {
    let (fields, file, _) = upload_with(form, ctx, file_hint).await?;
    Ok((fields, file))
}

/// [`upload`], with the other files of the form (`attachments`, by file name).
pub async fn upload_with(
    mut form: axum::extract::Multipart,
    ctx: &Ctx,
    file_hint: &'static str,
) -> Result<
    (
        std::collections::HashMap<String, String>,
        Vec<u8>,
        Vec<(String, Vec<u8>)>,
    ),
    AppError,
> {
    let mut others = Vec::new();
    let bad = |field: &str, detail: String| unreadable(field, detail);
    let mut fields = std::collections::HashMap::new();
    let mut file = Vec::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| bad("file", e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            file = field
                .bytes()
                .await
                .map_err(|e| bad("file", e.body_text()))?
                .to_vec();
        } else if name == "attachments" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let data = field
                .bytes()
                .await
                .map_err(|e| bad("attachments", e.body_text()))?
                .to_vec();
            if !file_name.is_empty() && !data.is_empty() {
                others.push((file_name, data));
            }
        } else {
            let text = field.text().await.map_err(|e| bad(&name, e.body_text()))?;
            fields.insert(name, text);
        }
    }
    if !tokens_match(fields.get("csrf").map_or("", String::as_str), &ctx.csrf) {
        return Err(AppError::Csrf);
    }
    if file.is_empty() {
        return Err(AppError::Input {
            field: "file".into(),
            problem: Problem::new(file_hint),
        });
    }
    Ok((fields, file, others))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origin_must_be_this_host() {
        let mut h = HeaderMap::new();
        h.insert(
            header::HOST,
            HeaderValue::from_static("enquete.example.org"),
        );
        assert!(
            check_same_origin(&h).is_ok(),
            "no Origin: a same-site form or a script"
        );
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://enquete.example.org"),
        );
        assert!(check_same_origin(&h).is_ok());
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(check_same_origin(&h).is_err());
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(check_same_origin(&h).is_err());
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("", ""));
        assert!(!tokens_match("abc", "abcd"));
    }
}

//! The OpenRosa doors ODK Collect and Enketo use: `/formList`, each form's XForm and manifest,
//! and `/submission` (multipart: the XML instance and its files). Each request carries the
//! canvasser's account in HTTP Basic authentication (over HTTPS in production), checked and
//! throttled like a login; the answers are XML as the protocol says.
//!
//! These routes sit outside the site's 1 MB body limit and 30 s timeout (a phone on a slow
//! network sends photos): they have their own, sized for submissions.

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use enquete_app::caller::{Caller, Door};
use enquete_app::openrosa::{self, MAX_SUBMISSION, Part, Submitted};
use enquete_domain::Timestamp;
use enquete_domain::people::Language;
use std::net::SocketAddr;
use std::time::Duration;

/// The routes, with their own body limit and timeout.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/formList", get(form_list))
        .route("/forms/{form_id}/form.xml", get(form))
        .route("/forms/{form_id}/manifest", get(manifest))
        .route("/forms/{form_id}/media/{name}", get(media))
        .route(
            "/submission",
            get(submission_probe).head(submission_probe).post(submit),
        )
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_SUBMISSION + 1024 * 1024,
        ))
        // axum's own limit for multipart bodies (2 MB) would refuse an ordinary photo.
        .layer(axum::extract::DefaultBodyLimit::max(
            MAX_SUBMISSION + 1024 * 1024,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(300),
        ))
}

/// The canvasser of a request, from its Basic credentials, and their language; a refusal is
/// already the answer Collect understands.
pub struct Collector(Caller, Language);

impl axum::extract::FromRequestParts<AppState> for Collector {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| *addr);
        caller(state, &parts.headers, peer)
            .await
            .map(|(caller, lang)| Collector(caller, lang))
            .map_err(failure)
    }
}

const REALM: &str = "Basic realm=\"Enquete\", charset=\"UTF-8\"";

fn xml(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    h.insert("x-openrosa-version", HeaderValue::from_static("1.0"));
    r
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// An OpenRosa answer with one message, as Collect shows it.
fn message(status: StatusCode, text: &str) -> Response {
    xml(
        status,
        format!(
            "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"\">{}</message></OpenRosaResponse>",
            escape(text)
        ),
    )
}

fn challenge() -> Response {
    let mut r = message(
        StatusCode::UNAUTHORIZED,
        &crate::i18n::Tr::new(Language::En).t("openrosa-log-in"),
    );
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(REALM));
    r
}

/// An error as Collect shows it, in the canvasser's language (English before they are known).
fn failure(e: AppError) -> Response {
    failure_in(e, Language::En)
}

fn failure_in(e: AppError, lang: Language) -> Response {
    let tr = crate::i18n::Tr::new(lang);
    let said = |field: &str, problem: &enquete_domain::Problem| {
        let what = tr.problem_in_context(problem);
        match tr.label(field) {
            Some(label) => format!("{label}: {what}"),
            None => what,
        }
    };
    match e {
        AppError::Unauthenticated => challenge(),
        AppError::Field(f) => message(StatusCode::BAD_REQUEST, &said(f.field, &f.problem)),
        AppError::Input { field, problem } => {
            message(StatusCode::BAD_REQUEST, &said(&field, &problem))
        }
        AppError::NotFound(what) => message(
            StatusCode::NOT_FOUND,
            &tr.tn("openrosa-not-found", &[("what", what.to_owned())]),
        ),
        AppError::Forbidden => message(StatusCode::FORBIDDEN, &tr.t("openrosa-may-not-collect")),
        AppError::TooManyAttempts { minutes } => message(
            StatusCode::TOO_MANY_REQUESTS,
            &tr.tn("openrosa-too-many", &[("minutes", minutes.to_string())]),
        ),
        other => other.into_response(),
    }
}

fn client_ip(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    crate::ctx::client_ip_of(headers, peer.map(|p| p.ip()), state.config.trusted_proxy)
}

/// The canvasser named by the request's Basic credentials, checked like a login.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Result<(Caller, Language), AppError> {
    let raw = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .ok_or(AppError::Unauthenticated)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(raw.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or(AppError::Unauthenticated)?;
    let (email, password) = decoded.split_once(':').ok_or(AppError::Unauthenticated)?;
    let ip = client_ip(state, headers, peer);
    let now = Timestamp::now_utc();
    let record =
        match enquete_app::auth::login(&state.store, email, password.to_owned(), &ip, now).await {
            Ok(r) => r,
            Err(enquete_app::Error::Field(_)) => return Err(AppError::Unauthenticated),
            Err(e) => return Err(e.into()),
        };
    if record.user.must_change_password {
        return Err(AppError::Forbidden);
    }
    let caller = Caller {
        actor: record.actor(),
        email: record.user.email.clone(),
        name: record.user.display_name.clone(),
        unit: record.user.unit,
        ip,
        door: Door::Api,
        now,
    };
    Ok((caller, record.user.language))
}

fn base_url(state: &AppState) -> String {
    state.config.public_url.trim_end_matches('/').to_owned()
}

async fn form_list(State(state): State<AppState>, Collector(caller, lang): Collector) -> Response {
    let forms = match openrosa::form_list(&state.app, &caller).await {
        Ok(f) => f,
        Err(e) => return failure_in(e.into(), lang),
    };
    let base = base_url(&state);
    let mut body = String::from("<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">");
    for f in forms {
        let id = escape(&f.form_id);
        body.push_str(&format!(
            "<xform><formID>{id}</formID><name>{}</name><version>{}</version><hash>{}</hash><downloadUrl>{base}/forms/{id}/form.xml</downloadUrl>",
            escape(&f.name),
            escape(&f.version),
            escape(&f.hash),
        ));
        if f.has_media {
            body.push_str(&format!(
                "<manifestUrl>{base}/forms/{id}/manifest</manifestUrl>"
            ));
        }
        body.push_str("</xform>");
    }
    body.push_str("</xforms>");
    xml(StatusCode::OK, body)
}

async fn form(
    State(state): State<AppState>,
    Collector(caller, lang): Collector,
    Path(form_id): Path<String>,
) -> Response {
    match openrosa::form(&state.app, &caller, &form_id).await {
        Ok(x) => xml(StatusCode::OK, x),
        Err(e) => failure_in(e.into(), lang),
    }
}

async fn manifest(
    State(state): State<AppState>,
    Collector(caller, lang): Collector,
    Path(form_id): Path<String>,
) -> Response {
    let files = match openrosa::manifest(&state.app, &caller, &form_id).await {
        Ok(f) => f,
        Err(e) => return failure_in(e.into(), lang),
    };
    let mut body = String::from("<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">");
    for (name, md5) in files {
        body.push_str(&format!(
            "<mediaFile><filename>{}</filename><hash>md5:{md5}</hash><downloadUrl>{}/forms/{}/media/{}</downloadUrl></mediaFile>",
            escape(&name),
            base_url(&state),
            escape(&form_id),
            escape(&name)
        ));
    }
    body.push_str("</manifest>");
    xml(StatusCode::OK, body)
}

async fn media(
    State(state): State<AppState>,
    Collector(caller, lang): Collector,
    Path((form_id, name)): Path<(String, String)>,
) -> Response {
    match openrosa::media(&state.app, &caller, &form_id, &name).await {
        Ok(csv) => {
            let mut r = csv.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            h.insert("x-openrosa-version", HeaderValue::from_static("1.0"));
            r
        }
        Err(e) => failure_in(e.into(), lang),
    }
}

/// Collect asks first (HEAD) where and how much it may send.
async fn submission_probe(_: Collector) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert("x-openrosa-version", HeaderValue::from_static("1.0"));
    h.insert(
        "x-openrosa-accept-content-length",
        HeaderValue::from(MAX_SUBMISSION),
    );
    r
}

async fn submit(
    State(state): State<AppState>,
    Collector(caller, lang): Collector,
    mut multipart: Multipart,
) -> Response {
    let tr = crate::i18n::Tr::new(lang);
    let mut instance: Option<Vec<u8>> = None;
    let mut parts = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return message(
                    StatusCode::BAD_REQUEST,
                    &tr.tn("openrosa-damaged", &[("detail", e.to_string())]),
                );
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().unwrap_or("").to_owned();
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let data = match field.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) => {
                return message(
                    StatusCode::BAD_REQUEST,
                    &tr.tn("openrosa-damaged", &[("detail", e.to_string())]),
                );
            }
        };
        if name == "xml_submission_file" {
            instance = Some(data);
        } else {
            parts.push(Part {
                name: if file_name.is_empty() {
                    name
                } else {
                    file_name
                },
                content_type,
                data,
            });
        }
    }
    let Some(xml_bytes) = instance else {
        return message(StatusCode::BAD_REQUEST, &tr.t("openrosa-no-instance"));
    };
    match openrosa::submit(&state.app, &caller, &xml_bytes, parts).await {
        Ok(Submitted::Stored) => message(StatusCode::CREATED, &tr.t("openrosa-stored")),
        Ok(Submitted::Duplicate) => message(StatusCode::CREATED, &tr.t("openrosa-duplicate")),
        Err(e) => failure_in(e.into(), lang),
    }
}

//! The web server: server-rendered pages for organizers, the JSON API under `/api/v1`,
//! sessions and CSRF protection, and the access policy applied at every door.
//!
//! Handlers are thin: extract, call an operation of `enquete-app` with the request's `Caller`,
//! render. The rules live in `enquete-domain`, the statistics in `enquete-analysis`, the SQL in
//! `enquete-store`.

pub mod api;
pub mod auth;
pub mod charts;
mod ctx;
pub mod error;
mod extract;
mod facts;
pub mod i18n;
mod observe;
pub mod pages;
pub mod render;
pub mod share;
mod state;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

// What the command line may use of the pages: it calls the web crate's root, never `pages::`
// or `api::` (checked by crates/app/tests/architecture.rs).
pub use state::{AppState, WebConfig};

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Unknown addresses: a page (or JSON under /api/) in the visitor's language.
async fn not_found() -> error::AppError {
    error::AppError::NotFound("page")
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

/// Content Security Policy: this site's own stylesheet, scripts (the offline canvassing page and
/// its service worker) and connections only, plus the one-line "go back" link on error pages;
/// no inline scripts otherwise, no framing. `'wasm-unsafe-eval'` lets the canvassing page compile
/// the form logic's WebAssembly (from this site only, as every script); it allows no `eval`.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; connect-src 'self'; worker-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval' 'unsafe-hashes' 'sha256-Olaq/L8pSIBOcU5EygQm0XWPTto3DtyGI6C8OOUB9go='";

/// The whole application, ready to serve.
pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(state.store.clone())
        .with_name("enquete_session")
        .with_secure(state.config.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            state.config.session_idle_hours,
        )));
    let mut app = Router::new()
        .merge(pages::router())
        .merge(api::v1::router())
        .merge(api::osdi::router())
        .route_layer(axum::middleware::from_fn(observe::track))
        .route("/healthz", get(healthz))
        .route("/metrics", get(observe::metrics))
        .route("/static/app.css", get(stylesheet))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(pages::chrome::error_pages))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ctx::context_layer,
        ))
        .layer(sessions)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // ODK Collect's doors: Basic authentication instead of sessions, their own body limit
        // and timeout (photos from slow phones); the security headers below still apply.
        .merge(api::openrosa::router())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    if state.config.secure_cookies {
        app = app.layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    app.with_state(state)
}

/// Serves the application on `listener` until Ctrl-C or SIGTERM, with its background jobs
/// (mail, retention, results read into memory, clean-ups).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    jobs: enquete_app::jobs::JobsConfig,
) -> std::io::Result<()> {
    // Problems that reach the log are worded in English there.
    enquete_domain::set_wording(i18n::english);
    let mut jobs = jobs;
    // The unsubscribe line at the foot of mailing messages, in each language.
    for lang in enquete_domain::people::Language::ALL {
        jobs.mail
            .footers
            .entry(lang.code().to_owned())
            .or_insert_with(|| i18n::Tr::new(lang).t("mail-unsubscribe-footer"));
    }
    let _jobs = enquete_app::jobs::spawn(&state.app, jobs);
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

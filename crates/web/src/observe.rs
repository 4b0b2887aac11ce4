//! Observability: request counts and durations in Prometheus text format at `/metrics`.

use crate::ctx::client_ip;
use crate::extract::tokens_match;
use crate::state::{AppState, WebConfig};
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::Instant;

/// The recorder is global to the process; several apps in one test process share it.
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok().map(|()| handle)
        })
        .as_ref()
}

/// Counts every routed request by method, route pattern (never the raw path, which would
/// carry ids) and status, and times it.
pub async fn track(req: Request, next: Next) -> Response {
    let _ = handle();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().to_string();
    let start = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// The counters, for whoever may read them (see [`may_read_metrics`]); a 404 to anyone else,
/// as if there were nothing here.
pub async fn metrics(State(state): State<AppState>, req: Request) -> Response {
    if !may_read_metrics(&state.config, &req) {
        return crate::error::AppError::NotFound("page").into_response();
    }
    let body = handle().map(PrometheusHandle::render).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// The counters tell failed logins, resets, exports and signatures per route: they are read with
/// the configured bearer token (compared in constant time), from the configured address, or,
/// when neither is configured, from the machine itself (loopback, not relayed by a proxy).
fn may_read_metrics(config: &WebConfig, req: &Request) -> bool {
    if let Some(token) = config.metrics_token.as_deref() {
        let sent = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if sent.is_some_and(|sent| tokens_match(sent, token)) {
            return true;
        }
    }
    let client = client_ip(req, config.trusted_proxy).parse::<IpAddr>().ok();
    match config.metrics_from {
        Some(from) => client == Some(from),
        None if config.metrics_token.is_some() => false,
        None => {
            let relayed = req.headers().contains_key("x-forwarded-for")
                || req.headers().contains_key(header::FORWARDED);
            !relayed && client.is_some_and(|ip| ip.is_loopback())
        }
    }
}

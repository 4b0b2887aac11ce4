//! Per-request context: who is logged in, which language to speak, the CSRF token, the client's
//! address. A middleware builds it once per request; handlers take it as an extractor.

use crate::auth::{SESSION_CSRF, SESSION_USER};
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, from_accept_language};
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use enquete_app::{Caller, Door};
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::people::Language;
use enquete_store::UserRecord;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower_sessions::Session;

#[derive(Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub user: Option<Arc<UserRecord>>,
    /// The CSRF token of this session (empty for API calls without a session).
    pub csrf: String,
    pub session: Option<Session>,
    pub ip: String,
    /// Where the request went, for "log in and come back".
    pub path: String,
    /// No encryption key is set: personal fields are stored in clear.
    pub unencrypted: bool,
}

/// A logged-in staff member and what the policy needs to know about them.
#[derive(Clone)]
pub struct Staff {
    pub ctx: Ctx,
    pub user: Arc<UserRecord>,
    /// The account as operations and the policy see it: who, their role and scope, from where,
    /// through which door, when.
    pub caller: Caller,
}

impl Staff {
    pub fn id(&self) -> UserId {
        self.user.user.id
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal("request context missing".into()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        Staff::of(ctx).ok_or(AppError::Unauthenticated)
    }
}

impl Staff {
    /// The staff member behind a request, if someone is logged in (for public pages that show
    /// editors a little more).
    pub fn of(ctx: Ctx) -> Option<Staff> {
        let user = ctx.user.clone()?;
        let actor = user.actor();
        let caller = Caller {
            actor,
            email: user.user.email.clone(),
            name: user.user.display_name.clone(),
            unit: user.user.unit,
            ip: ctx.ip.clone(),
            door: if is_api(&ctx.path) {
                Door::Api
            } else {
                Door::Page
            },
            now: Timestamp::now_utc(),
        };
        Some(Staff { ctx, user, caller })
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Paths that carry no personal data and need no session.
fn is_plain(path: &str) -> bool {
    path == "/healthz"
        || path == "/metrics"
        || path.starts_with("/static/")
        || path == "/canvass/sw.js"
        || path == "/c/sw.js"
}

/// The client's address: the TCP peer, or, when the peer is the configured reverse proxy, the
/// last `X-Forwarded-For` entry: the one the proxy itself added (entries to its left are
/// whatever the client chose to send).
pub(crate) fn client_ip(req: &Request, trusted_proxy: Option<IpAddr>) -> String {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    client_ip_of(req.headers(), peer, trusted_proxy)
}

/// [`client_ip`] from the parts a handler has: the headers and the TCP peer.
pub(crate) fn client_ip_of(
    headers: &HeaderMap,
    peer: Option<IpAddr>,
    trusted_proxy: Option<IpAddr>,
) -> String {
    if let (Some(peer), Some(proxy)) = (peer, trusted_proxy)
        && peer == proxy
    {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .and_then(|v| v.parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    peer.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

fn cookie_language(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix("lang="))
        .and_then(|v| Language::parse(v).ok())
}

async fn session_user(state: &AppState, session: &Session) -> AppResult<Option<Arc<UserRecord>>> {
    let id = session
        .get::<i64>(SESSION_USER)
        .await
        .map_err(|e| AppError::Internal(format!("session: {e}")))?;
    let Some(id) = id else { return Ok(None) };
    match state.store.user(UserId(id)).await {
        Ok(rec) if !rec.user.disabled => Ok(Some(Arc::new(rec))),
        Ok(_) | Err(enquete_store::StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Builds the [`Ctx`] and runs the request (`pages::chrome::error_pages` renders page errors).
pub async fn context_layer(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    if is_plain(&path) {
        return next.run(req).await;
    }
    let api = is_api(&path);
    let session = req.extensions().get::<Session>().cloned();
    let mut user = None;
    let mut csrf = String::new();
    if let Some(session) = &session {
        user = match session_user(&state, session).await {
            Ok(u) => u,
            Err(e) => return e.into_response(),
        };
        csrf = match session.get::<String>(SESSION_CSRF).await {
            Ok(Some(token)) => token,
            // A logged-in page always carries forms (at least "log out"). Other visitors get no
            // session (and no stored row) until they log in: the login and password forms carry
            // a token kept in a cookie instead (below). The API gets a token when it logs in.
            Ok(None) if !api && user.is_some() => {
                let token = enquete_app::auth::random_token();
                if let Err(e) = session.insert(SESSION_CSRF, &token).await {
                    return AppError::Internal(format!("session: {e}")).into_response();
                }
                token
            }
            Ok(None) => String::new(),
            Err(e) => return AppError::Internal(format!("session: {e}")).into_response(),
        };
    }
    // Security (issue 13, finding 12): every anonymous visit of the login page stored a session
    // row to hold its form's CSRF token. The anonymous forms (log in, forgotten password, new
    // password, language) take a double-submit token instead: random, in an HttpOnly,
    // SameSite=Strict cookie and in the form, compared by the `Form` extractor. Nothing is
    // stored until a login succeeds (`auth::establish_session`).
    let mut set_login_csrf = None;
    if csrf.is_empty() && user.is_none() && !api && takes_login_csrf(&path) {
        csrf = match login_csrf_cookie(req.headers()) {
            Some(token) => token,
            None if issues_login_csrf(&path) => {
                let token = enquete_app::auth::random_token();
                set_login_csrf = Some(token.clone());
                token
            }
            // A form posted without the cookie: no token, so the `Form` extractor refuses it.
            None => String::new(),
        };
    }
    // `?lang=nl` on a page read without logging in (public survey links) wins over the rest.
    let asked = req
        .uri()
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| Language::parse(&v).ok());
    let lang = user
        .as_ref()
        .map(|u| u.user.language)
        .or(asked)
        .or_else(|| cookie_language(req.headers()))
        .unwrap_or_else(|| {
            from_accept_language(
                req.headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        });
    let ctx = Ctx {
        tr: Tr::new(lang),
        user: user.clone(),
        csrf,
        session,
        ip: client_ip(&req, state.config.trusted_proxy),
        path: req
            .uri()
            .path_and_query()
            .map_or_else(|| path.clone(), |p| p.as_str().to_owned()),
        unencrypted: !state.store.keys().is_configured(),
    };
    // Someone logged in with a one-time password changes it before doing anything else.
    if user.as_ref().is_some_and(|u| u.user.must_change_password) {
        let allowed = [
            "/account",
            "/account/password",
            "/logout",
            "/api/v1/session",
        ];
        if !allowed.contains(&path.as_str()) {
            if api {
                return AppError::MustChangePassword.into_response();
            }
            return Redirect::to("/account").into_response();
        }
    }
    req.extensions_mut().insert(ctx);
    let mut response = next.run(req).await;
    if let Some(token) = set_login_csrf {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie =
            format!("{LOGIN_CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The cookie holding the CSRF token of the forms used before logging in.
pub const LOGIN_CSRF_COOKIE: &str = "enquete_login_csrf";

/// The pages that show a form before logging in, and give it a token in a cookie.
fn issues_login_csrf(path: &str) -> bool {
    path == "/login" || path.starts_with("/password/")
}

/// Where a form posted before logging in is checked against the token in the cookie: those
/// pages, and the language chooser they carry.
fn takes_login_csrf(path: &str) -> bool {
    issues_login_csrf(path) || path == "/language"
}

/// The token in the login CSRF cookie, if it is one this server could have made (64 hex digits).
fn login_csrf_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix(LOGIN_CSRF_COOKIE)?.strip_prefix('='))
        .find(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(peer: &str, forwarded: Option<&str>) -> Request {
        let mut req = Request::new(axum::body::Body::empty());
        req.extensions_mut()
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        if let Some(f) = forwarded {
            req.headers_mut()
                .insert("x-forwarded-for", f.parse().unwrap());
        }
        req
    }

    #[test]
    fn only_the_trusted_proxy_may_name_the_client() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        // The proxy appends the real client after whatever the client sent.
        let req = request("10.0.0.2:5000", Some("6.6.6.6, 203.0.113.7"));
        assert_eq!(client_ip(&req, Some(proxy)), "203.0.113.7");
        let direct = request("198.51.100.1:4000", Some("203.0.113.7"));
        assert_eq!(client_ip(&direct, Some(proxy)), "198.51.100.1");
        assert_eq!(client_ip(&req, None), "10.0.0.2");
    }

    #[test]
    fn the_login_token_is_taken_only_from_its_cookie_and_only_when_well_formed() {
        let token = "ab".repeat(32);
        let headers = |cookie: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::COOKIE, cookie.parse().unwrap());
            h
        };
        assert_eq!(
            login_csrf_cookie(&headers(&format!("lang=nl; enquete_login_csrf={token}"))),
            Some(token.clone())
        );
        assert_eq!(login_csrf_cookie(&headers("enquete_login_csrf=")), None);
        assert_eq!(login_csrf_cookie(&headers("enquete_login_csrf=abc")), None);
        assert_eq!(
            login_csrf_cookie(&headers(&format!("enquete_login_csrfx={token}"))),
            None
        );
        assert_eq!(login_csrf_cookie(&HeaderMap::new()), None);
        assert!(issues_login_csrf("/login") && issues_login_csrf("/password/forgot"));
        assert!(takes_login_csrf("/language") && !issues_login_csrf("/language"));
        assert!(!takes_login_csrf("/logout") && !takes_login_csrf("/people"));
    }
}

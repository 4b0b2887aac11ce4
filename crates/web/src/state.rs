//! What every handler shares: the operations' [`App`] and the web layer's settings.

use enquete_app::App;
use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS: set when the server is reached over HTTPS
    /// (directly or through a reverse proxy).
    pub secure_cookies: bool,
    /// The reverse proxy whose `X-Forwarded-For` header is believed.
    pub trusted_proxy: Option<IpAddr>,
    /// How long a login lasts, in hours from logging in. (Sessions are written only when they
    /// change, so a busy page view does not cost a database write.)
    pub session_idle_hours: i64,
    /// The address people reach the server at (`https://enquete.example.org`), for links in
    /// mail. Never taken from a request: a forged Host header must not put another site's
    /// address in a password reset mail.
    pub public_url: String,
    /// `/metrics` answers a request carrying `Authorization: Bearer <this token>`.
    pub metrics_token: Option<String>,
    /// `/metrics` answers this client address without a token. With neither setting, only
    /// loopback (127.0.0.1, ::1) is answered; everyone else gets a 404.
    pub metrics_from: Option<IpAddr>,
    /// The secret in the addresses the SMS gateway reports deliveries and answers to
    /// (`/sms/receipt/{secret}`, `/sms/inbound/{secret}`); without one they answer 404.
    pub sms_webhook_secret: Option<String>,
    /// What one text (one part) costs, in cents, for the estimate shown before sending.
    pub sms_cost_cents: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trusted_proxy: None,
            session_idle_hours: 8,
            public_url: "http://localhost:8080".into(),
            metrics_token: None,
            metrics_from: None,
            sms_webhook_secret: None,
            sms_cost_cents: 0,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    /// The operations and what they work with (the store, results in memory).
    pub app: App,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Self {
        Self {
            app,
            config: Arc::new(config),
        }
    }
}

/// Handlers reach the store and the results through the operations' [`App`].
impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

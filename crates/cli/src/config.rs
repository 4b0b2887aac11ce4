//! Configuration: defaults that run without any file, then an optional TOML file, then
//! `ENQUETE_`-prefixed environment variables, then command-line flags.

use anyhow::{Context, Result, bail};
use enquete_store::crypto::Keyring;
use serde::Deserialize;
use std::net::IpAddr;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the data lives: `sqlite://enquete.db` (default) or `postgres://user@host/db`.
    pub db: String,
    /// Address and port to listen on.
    pub addr: String,
    /// Set when people reach the server over HTTPS: secure cookies and HSTS.
    pub secure_cookies: bool,
    /// The reverse proxy in front of the server, whose X-Forwarded-For is believed.
    pub trusted_proxy: Option<IpAddr>,
    /// Hours of inactivity before a login session ends.
    pub session_idle_hours: i64,
    /// Months without any activity after which a contact (never a sympathiser, member or
    /// above) is erased by the daily retention job; none to keep contacts until erased by hand.
    pub retention_months: Option<u32>,
    /// The key personal fields are encrypted with: 32 random bytes in base64, as
    /// `enquete keys new` prints. Without one, they are stored in clear (with a loud warning).
    pub encryption_key: Option<String>,
    /// A file holding the key instead (a secret mounted by the system, for instance).
    pub encryption_key_file: Option<std::path::PathBuf>,
    /// Keys used before, still needed to read what they encrypted until `enquete keys rotate`
    /// has encrypted it again with the current key.
    pub old_encryption_keys: Vec<String>,
    /// The address people reach the server at, for links in mail (default: http:// and addr).
    pub public_url: Option<String>,
    /// The command mail is handed to, message on its standard input, run by `sh -c`:
    /// `/usr/sbin/sendmail -t -i`, `msmtp -t`, ... Without one, mail waits in the outbox.
    pub mail_command: Option<String>,
    /// The SMTP server mail is sent through, as a URL: `smtp://relay.example.org:25`,
    /// `smtp://user:password@smtp.example.org:587?tls=required` (STARTTLS),
    /// `smtps://user:password@smtp.example.org` (TLS). Used instead of the command when set.
    pub mail_smtp: Option<String>,
    /// Mailing messages per second at most (0: as fast as the mail server takes them).
    pub mail_rate: u32,
    /// The mailbox undeliverable mailing messages come back to (`bounces@example.org`); each
    /// message is sent from `bounces+TOKEN@example.org`, so a bounce names its message.
    pub mail_bounce_address: Option<String>,
    /// Count how often the links in mailings are followed, for each mailing as a whole (never
    /// who clicked): off unless turned on.
    pub mail_track_clicks: bool,
    /// The sender of the mail the server sends.
    pub mail_from: String,
    /// `/metrics` answers a request with `Authorization: Bearer <this token>`.
    pub metrics_token: Option<String>,
    /// `/metrics` answers this address without a token (a Prometheus server, say). With neither
    /// this nor a token, only loopback (127.0.0.1, ::1) is answered.
    pub metrics_from: Option<IpAddr>,
    /// The SMS gateway texts are POSTed to (https://...); without one, texts cannot be sent.
    pub sms_gateway_url: Option<String>,
    /// The request body, with `{to}` (+32...), `{text}` and `{id}` (the reference the gateway
    /// reports deliveries with) filled in.
    pub sms_gateway_body: String,
    /// The body's type: `application/json` or `application/x-www-form-urlencoded`.
    pub sms_gateway_content_type: String,
    /// An extra header for the gateway, as `Name: value` (`Authorization: Bearer ...`).
    pub sms_gateway_header: Option<String>,
    /// The secret in the addresses the gateway reports deliveries and answers to.
    pub sms_webhook_secret: Option<String>,
    /// What one text costs, in cents, for the estimate shown before sending.
    pub sms_cost_cents: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            db: "sqlite://enquete.db".into(),
            addr: "127.0.0.1:8080".into(),
            secure_cookies: false,
            trusted_proxy: None,
            session_idle_hours: 8,
            retention_months: None,
            encryption_key: None,
            encryption_key_file: None,
            old_encryption_keys: Vec::new(),
            public_url: None,
            mail_command: None,
            mail_smtp: None,
            mail_rate: 20,
            mail_bounce_address: None,
            mail_track_clicks: false,
            mail_from: "enquete@localhost".into(),
            metrics_token: None,
            metrics_from: None,
            sms_gateway_url: None,
            sms_gateway_body: r#"{"to":"{to}","text":"{text}","reference":"{id}"}"#.into(),
            sms_gateway_content_type: "application/json".into(),
            sms_gateway_header: None,
            sms_webhook_secret: None,
            sms_cost_cents: 0,
        }
    }
}

impl Config {
    /// Reads the file (if given, or `enquete.toml` in the current folder if present), then the
    /// environment.
    pub fn load(file: Option<&Path>) -> Result<Self> {
        let default_file = Path::new("enquete.toml");
        let path = match file {
            Some(p) => Some(p),
            None if default_file.exists() => Some(default_file),
            None => None,
        };
        let mut config = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p).with_context(|| {
                    format!("cannot read the configuration file {}", p.display())
                })?;
                toml::from_str(&text).with_context(|| {
                    format!("the configuration file {} has a mistake", p.display())
                })?
            }
            None => Config::default(),
        };
        config.apply_env(|k| std::env::var(k).ok())?;
        Ok(config)
    }

    fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<()> {
        if let Some(v) = get("ENQUETE_DB") {
            self.db = v;
        }
        if let Some(v) = get("ENQUETE_ADDR") {
            self.addr = v;
        }
        if let Some(v) = get("ENQUETE_SECURE_COOKIES") {
            self.secure_cookies = match v.as_str() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                _ => bail!("ENQUETE_SECURE_COOKIES must be true or false, not {v:?}"),
            };
        }
        if let Some(v) = get("ENQUETE_TRUSTED_PROXY") {
            self.trusted_proxy = Some(v.parse().with_context(|| {
                format!("ENQUETE_TRUSTED_PROXY must be an IP address, not {v:?}")
            })?);
        }
        if let Some(v) = get("ENQUETE_SESSION_IDLE_HOURS") {
            self.session_idle_hours = v
                .parse()
                .ok()
                .filter(|h| (1..=24 * 30).contains(h))
                .with_context(|| {
                    format!("ENQUETE_SESSION_IDLE_HOURS must be 1 to 720, not {v:?}")
                })?;
        }
        if let Some(v) = get("ENQUETE_RETENTION_MONTHS") {
            self.retention_months = Some(
                v.parse()
                    .ok()
                    .filter(|m| (1..=240).contains(m))
                    .with_context(|| {
                        format!("ENQUETE_RETENTION_MONTHS must be 1 to 240, not {v:?}")
                    })?,
            );
        }
        if let Some(v) = get("ENQUETE_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = get("ENQUETE_MAIL_COMMAND") {
            self.mail_command = Some(v).filter(|c| !c.trim().is_empty());
        }
        if let Some(v) = get("ENQUETE_MAIL_SMTP") {
            self.mail_smtp = Some(v).filter(|c| !c.trim().is_empty());
        }
        if let Some(v) = get("ENQUETE_MAIL_RATE") {
            self.mail_rate = v.parse().ok().filter(|r| *r <= 100_000).with_context(|| {
                format!("ENQUETE_MAIL_RATE must be a number of messages per second, not {v:?}")
            })?;
        }
        if let Some(v) = get("ENQUETE_MAIL_TRACK_CLICKS") {
            self.mail_track_clicks = match v.as_str() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                _ => bail!("ENQUETE_MAIL_TRACK_CLICKS must be true or false, not {v:?}"),
            };
        }
        if let Some(v) = get("ENQUETE_MAIL_BOUNCE_ADDRESS") {
            self.mail_bounce_address = Some(v).filter(|c| !c.trim().is_empty());
        }
        if let Some(v) = get("ENQUETE_SMS_GATEWAY_URL") {
            self.sms_gateway_url = Some(v).filter(|c| !c.trim().is_empty());
        }
        if let Some(v) = get("ENQUETE_SMS_GATEWAY_BODY") {
            self.sms_gateway_body = v;
        }
        if let Some(v) = get("ENQUETE_SMS_GATEWAY_CONTENT_TYPE") {
            self.sms_gateway_content_type = v;
        }
        if let Some(v) = get("ENQUETE_SMS_GATEWAY_HEADER") {
            self.sms_gateway_header = Some(v).filter(|c| !c.trim().is_empty());
        }
        if let Some(v) = get("ENQUETE_SMS_WEBHOOK_SECRET") {
            self.sms_webhook_secret = Some(v).filter(|c| !c.trim().is_empty());
        }
        if let Some(v) = get("ENQUETE_SMS_COST_CENTS") {
            self.sms_cost_cents = v.parse().with_context(|| {
                format!("ENQUETE_SMS_COST_CENTS must be a whole number of cents, not {v:?}")
            })?;
        }
        if let Some(v) = get("ENQUETE_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = get("ENQUETE_METRICS_TOKEN") {
            self.metrics_token = Some(v);
        }
        if let Some(v) = get("ENQUETE_METRICS_FROM") {
            self.metrics_from = Some(v.parse().with_context(|| {
                format!("ENQUETE_METRICS_FROM must be an IP address, not {v:?}")
            })?);
        }
        if let Some(v) = get("ENQUETE_ENCRYPTION_KEY") {
            self.encryption_key = Some(v);
        }
        if let Some(v) = get("ENQUETE_ENCRYPTION_KEY_FILE") {
            self.encryption_key_file = Some(v.into());
        }
        if let Some(v) = get("ENQUETE_OLD_ENCRYPTION_KEYS") {
            self.old_encryption_keys = v
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(t) = &self.metrics_token {
            let t = t.trim();
            if t.is_empty() {
                self.metrics_token = None;
            } else if t.chars().count() < 16 {
                bail!("metrics_token must be at least 16 characters (a long random string)");
            } else {
                self.metrics_token = Some(t.to_owned());
            }
        }
        Ok(())
    }

    /// The keys for personal fields, from `encryption_key` or `encryption_key_file`.
    pub fn keyring(&self) -> Result<Keyring> {
        let key = match (&self.encryption_key, &self.encryption_key_file) {
            (Some(_), Some(_)) => {
                bail!("give encryption_key or encryption_key_file, not both")
            }
            (Some(k), None) => Some(k.clone()),
            (None, Some(path)) => Some(std::fs::read_to_string(path).with_context(|| {
                format!("cannot read the encryption key file {}", path.display())
            })?),
            (None, None) => None,
        };
        match key {
            Some(key) => Ok(Keyring::new(&key, &self.old_encryption_keys)?),
            None if self.old_encryption_keys.is_empty() => Ok(Keyring::none()),
            None => bail!("old_encryption_keys are set but no encryption_key"),
        }
    }

    pub fn web(&self) -> enquete_web::WebConfig {
        enquete_web::WebConfig {
            secure_cookies: self.secure_cookies,
            trusted_proxy: self.trusted_proxy,
            session_idle_hours: self.session_idle_hours,
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.addr)),
            metrics_token: self.metrics_token.clone(),
            metrics_from: self.metrics_from,
            sms_webhook_secret: self.sms_webhook_secret.clone(),
            sms_cost_cents: self.sms_cost_cents,
        }
    }

    /// The SMS gateway, checked: an https (or local http) address, a body that sends the text
    /// and the number, a header written `Name: value`, a webhook secret long enough to guess.
    pub fn sms_gateway(&self) -> Result<Option<enquete_app::mailings::sms::Gateway>> {
        let Some(url) = &self.sms_gateway_url else {
            return Ok(None);
        };
        let local = url.starts_with("http://127.0.0.1") || url.starts_with("http://localhost");
        if !url.starts_with("https://") && !local {
            bail!(
                "sms_gateway_url must start with https:// (or http://localhost for a local relay), not {url:?}"
            );
        }
        if !self.sms_gateway_body.contains("{to}") || !self.sms_gateway_body.contains("{text}") {
            bail!("sms_gateway_body must contain {{to}} and {{text}}");
        }
        if self
            .sms_webhook_secret
            .as_ref()
            .is_some_and(|s| s.len() < 16)
        {
            bail!("sms_webhook_secret must be at least 16 characters");
        }
        let header = match &self.sms_gateway_header {
            Some(h) => {
                let (name, value) = h.split_once(':').with_context(|| {
                    format!("sms_gateway_header must be `Name: value`, not {h:?}")
                })?;
                Some((name.trim().to_owned(), value.trim().to_owned()))
            }
            None => None,
        };
        Ok(Some(enquete_app::mailings::sms::Gateway {
            url: url.clone(),
            body: self.sms_gateway_body.clone(),
            content_type: self.sms_gateway_content_type.clone(),
            header,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_the_file() {
        let mut c: Config =
            toml::from_str("db = \"sqlite://x.db\"\naddr = \"0.0.0.0:80\"").unwrap();
        c.apply_env(|k| (k == "ENQUETE_ADDR").then(|| "127.0.0.1:9000".to_owned()))
            .unwrap();
        assert_eq!(
            (c.db.as_str(), c.addr.as_str()),
            ("sqlite://x.db", "127.0.0.1:9000")
        );
        assert_eq!(c.session_idle_hours, 8);
    }

    #[test]
    fn mistakes_are_named() {
        assert!(toml::from_str::<Config>("colour = \"red\"").is_err());
        let mut c = Config::default();
        let err = c
            .apply_env(|k| (k == "ENQUETE_TRUSTED_PROXY").then(|| "nope".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("ENQUETE_TRUSTED_PROXY"));
        let err = c
            .apply_env(|k| (k == "ENQUETE_METRICS_FROM").then(|| "nope".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("ENQUETE_METRICS_FROM"));
        let err = c
            .apply_env(|k| (k == "ENQUETE_METRICS_TOKEN").then(|| "short".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("metrics_token"));
    }

    #[test]
    fn metrics_access_comes_from_the_file_or_the_environment() {
        let mut c: Config = toml::from_str(
            "metrics_from = \"10.0.0.5\"\nmetrics_token = \"from-the-file-0123456789\"",
        )
        .unwrap();
        assert_eq!(c.metrics_from, Some("10.0.0.5".parse().unwrap()));
        c.apply_env(|k| {
            (k == "ENQUETE_METRICS_TOKEN").then(|| "from-the-env-0123456789".to_owned())
        })
        .unwrap();
        let web = c.web();
        assert_eq!(
            web.metrics_token.as_deref(),
            Some("from-the-env-0123456789")
        );
        assert_eq!(web.metrics_from, Some("10.0.0.5".parse().unwrap()));
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn keys_come_from_the_file_the_environment_or_a_key_file() {
        let key = Keyring::generate();
        let old = Keyring::generate();
        assert!(!Config::default().keyring().unwrap().is_configured());
        let c: Config = toml::from_str(&format!("encryption_key = \"{key}\"")).unwrap();
        let id = c.keyring().unwrap().current_id().to_owned();
        let mut env = Config::default();
        env.apply_env(|k| match k {
            "ENQUETE_ENCRYPTION_KEY" => Some(key.clone()),
            "ENQUETE_OLD_ENCRYPTION_KEYS" => Some(format!(" {old} ,")),
            _ => None,
        })
        .unwrap();
        assert_eq!(env.old_encryption_keys, vec![old.clone()]);
        assert_eq!(env.keyring().unwrap().current_id(), id);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, format!("{key}\n")).unwrap();
        let from_file = Config {
            encryption_key_file: Some(file),
            ..Config::default()
        };
        assert_eq!(from_file.keyring().unwrap().current_id(), id);
    }

    #[test]
    fn bad_keys_are_refused_with_what_to_do() {
        let short = Config {
            encryption_key: Some("c2hvcnQ=".into()),
            ..Config::default()
        };
        let e = short.keyring().unwrap_err().to_string();
        assert!(
            e.contains("5 bytes") && e.contains("enquete keys new"),
            "{e}"
        );
        let orphan = Config {
            old_encryption_keys: vec![Keyring::generate()],
            ..Config::default()
        };
        assert!(orphan.keyring().is_err());
    }
}

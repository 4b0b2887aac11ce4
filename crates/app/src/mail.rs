//! Handing mail to the mail system, one of two ways:
//! - SMTP (`mail.smtp`, a URL such as `smtp://relay.example.org:587?tls=required` or
//!   `smtps://user:password@smtp.example.org`), over pooled connections;
//! - a command (`mail.command`, for instance `/usr/sbin/sendmail -t -i` or `msmtp -t`), run by
//!   `sh -c` with the message on its standard input: whatever delivers mail on the machine does.
//!
//! The outbox (password resets, RSVP confirmations) and mailings both go through [`Transport`].

use enquete_domain::Timestamp;
use enquete_store::{Mail, Store, StoreResult};
use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::process::Stdio;
use tokio::io::AsyncWriteExt;

/// After this many failed attempts a mail is dropped (with its error kept).
pub const ATTEMPTS: i64 = 5;

/// Where mail goes and how fast.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    /// The command mail is handed to, when there is no SMTP server.
    pub command: Option<String>,
    /// The SMTP server, as a URL (takes precedence over the command).
    pub smtp: Option<String>,
    /// The sender's address.
    pub from: String,
    /// The address people reach the server at, for the links in mail.
    pub public_url: String,
    /// Mailing messages per second at most (0: as fast as the server takes them).
    pub rate: u32,
    /// Where undeliverable mailing messages are reported: `bounces@example.org` becomes the
    /// envelope sender `bounces+TOKEN@example.org`, so that a bounce names its message.
    pub bounce_address: Option<String>,
    /// The line above the unsubscribe link at the foot of every mailing message, per language
    /// code (the server fills it from its translations).
    pub footers: std::collections::BTreeMap<String, String>,
    /// Count how often the links in mailings are followed (for each mailing as a whole, never
    /// per person): off unless the organization turns it on.
    pub track_clicks: bool,
    /// The SMS gateway texts go through, if the organization has one.
    pub sms: Option<crate::mailings::sms::Gateway>,
}

/// How mail leaves the server.
#[derive(Clone)]
pub enum Transport {
    /// Nothing configured: mail waits.
    Unset,
    Command(String),
    /// `smtps://` (TLS from the first byte), through lettre's own pool.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `smtp://` (plain, or STARTTLS with `?tls=required` / `?tls=opportunistic`), over our own
    /// connections with TCP_NODELAY: lettre writes a message and its final dot in two writes,
    /// and without it each message would wait for the server's delayed acknowledgement.
    Direct(std::sync::Arc<Direct>),
}

/// The settings and idle connections of [`Transport::Direct`].
pub struct Direct {
    host: String,
    port: u16,
    /// `None`: plain; `Some(true)`: STARTTLS required; `Some(false)`: if offered.
    starttls: Option<bool>,
    credentials: Option<lettre::transport::smtp::authentication::Credentials>,
    idle: tokio::sync::Mutex<Vec<lettre::transport::smtp::client::AsyncSmtpConnection>>,
}

impl Direct {
    fn parse(url: &str) -> Result<Option<Self>, String> {
        let u = reqwest::Url::parse(url).map_err(|e| format!("mail.smtp {url:?}: {e}"))?;
        if u.scheme() != "smtp" {
            return Ok(None);
        }
        let host = u
            .host_str()
            .ok_or_else(|| format!("mail.smtp {url:?} names no server"))?
            .to_owned();
        let starttls = match u.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v) {
            None => None,
            Some(v) if v == "required" => Some(true),
            Some(v) if v == "opportunistic" => Some(false),
            Some(v) => {
                return Err(format!(
                    "mail.smtp: tls={v} (use required or opportunistic)"
                ));
            }
        };
        let credentials = (!u.username().is_empty()).then(|| {
            lettre::transport::smtp::authentication::Credentials::new(
                percent_decode(u.username()),
                percent_decode(u.password().unwrap_or("")),
            )
        });
        Ok(Some(Self {
            port: u
                .port()
                .unwrap_or(if starttls.is_some() { 587 } else { 25 }),
            host,
            starttls,
            credentials,
            idle: tokio::sync::Mutex::new(Vec::new()),
        }))
    }

    async fn connect(
        &self,
    ) -> Result<lettre::transport::smtp::client::AsyncSmtpConnection, String> {
        use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
        use lettre::transport::smtp::extension::ClientId;
        let tcp = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| format!("the SMTP server {}:{} did not answer", self.host, self.port))?
        .map_err(|e| format!("the SMTP server {}:{}: {e}", self.host, self.port))?;
        tcp.set_nodelay(true)
            .map_err(|e| format!("the SMTP connection: {e}"))?;
        let hello = ClientId::Domain("localhost".to_owned());
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello)
            .await
            .map_err(|e| format!("the SMTP server: {e}"))?;
        if let Some(required) = self.starttls {
            if conn.can_starttls() {
                let tls = TlsParameters::new(self.host.clone())
                    .map_err(|e| format!("TLS for {}: {e}", self.host))?;
                conn.starttls(tls, &hello)
                    .await
                    .map_err(|e| format!("STARTTLS with {}: {e}", self.host))?;
            } else if required {
                return Err(format!(
                    "the SMTP server {} does not offer STARTTLS",
                    self.host
                ));
            }
        }
        if let Some(credentials) = &self.credentials {
            use lettre::transport::smtp::authentication::Mechanism;
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(|e| format!("logging in to the SMTP server: {e}"))?;
        }
        Ok(conn)
    }

    /// Sends on an idle connection (a fresh one if it turns out closed), then keeps it.
    async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), String> {
        let reused = self.idle.lock().await.pop();
        let mut conn = match reused {
            Some(mut c) => match c.send(envelope, message).await {
                Ok(_) => {
                    self.keep(c).await;
                    return Ok(());
                }
                // The server may have closed an idle connection: once more on a new one.
                Err(_) => {
                    c.abort().await;
                    self.connect().await?
                }
            },
            None => self.connect().await?,
        };
        match conn.send(envelope, message).await {
            Ok(_) => {
                self.keep(conn).await;
                Ok(())
            }
            Err(e) => {
                conn.abort().await;
                Err(format!("the SMTP server: {e}"))
            }
        }
    }

    async fn keep(&self, conn: lettre::transport::smtp::client::AsyncSmtpConnection) {
        let mut idle = self.idle.lock().await;
        if idle.len() < crate::mailings::send::CONNECTIONS && !conn.has_broken() {
            idle.push(conn);
        }
    }
}

/// `%40` and the like in a URL's user and password.
fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

impl Transport {
    /// The transport the configuration asks for; a bad SMTP URL is an error naming it.
    pub fn from_config(config: &MailConfig) -> Result<Self, String> {
        if let Some(url) = &config.smtp {
            if let Some(direct) = Direct::parse(url)? {
                return Ok(Transport::Direct(std::sync::Arc::new(direct)));
            }
            let pool = lettre::transport::smtp::PoolConfig::new()
                .max_size(u32::try_from(crate::mailings::send::CONNECTIONS).unwrap_or(8));
            let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| format!("mail.smtp is not a usable SMTP address: {e}"))?
                .pool_config(pool)
                .timeout(Some(std::time::Duration::from_secs(30)))
                .build();
            return Ok(Transport::Smtp(smtp));
        }
        Ok(match &config.command {
            Some(c) => Transport::Command(c.clone()),
            None => Transport::Unset,
        })
    }

    pub fn is_set(&self) -> bool {
        !matches!(self, Transport::Unset)
    }

    /// Hands one message over: `Ok` once the server or the command took it.
    pub async fn send(&self, envelope_from: &str, to: &str, message: &[u8]) -> Result<(), String> {
        match self {
            Transport::Unset => Err("no mail server or command is configured".into()),
            Transport::Command(command) => run(command, message).await,
            Transport::Smtp(_) | Transport::Direct(_) => {
                // "Name <address>" or a bare address: the envelope takes the address.
                let from = envelope_from
                    .parse::<lettre::message::Mailbox>()
                    .map_err(|e| format!("sender {envelope_from}: {e}"))?
                    .email;
                let to = to
                    .parse::<lettre::message::Mailbox>()
                    .map_err(|e| format!("address {to}: {e}"))?
                    .email;
                let envelope =
                    Envelope::new(Some(from), vec![to]).map_err(|e| format!("envelope: {e}"))?;
                match self {
                    Transport::Smtp(smtp) => smtp
                        .send_raw(&envelope, message)
                        .await
                        .map(|_| ())
                        .map_err(|e| format!("the SMTP server: {e}")),
                    Transport::Direct(direct) => direct.send(&envelope, message).await,
                    _ => Err("no mail server is configured".into()),
                }
            }
        }
    }
}

/// The message as the mail system reads it. Header values come from the outbox (addresses
/// checked when the account was made, or, typed on the public RSVP page, checked to be plain
/// addresses by `Email::is_mailable`; subjects from the translations); line breaks in them are
/// removed so that nothing can add a header.
pub fn message(mail: &Mail, from: &str) -> String {
    let clean = |v: &str| v.replace(['\r', '\n'], " ");
    format!(
        "From: {}\nTo: {}\nSubject: {}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n{}\n",
        clean(from),
        clean(&mail.to),
        clean(&mail.subject),
        mail.body
    )
}

/// Sends what is waiting, once. Returns how many were sent. Without a transport, nothing is
/// sent and the mail waits (the server warns at start).
pub async fn deliver_pending(
    store: &Store,
    config: &MailConfig,
    now: Timestamp,
) -> StoreResult<u64> {
    let transport = match Transport::from_config(config) {
        Ok(t) if t.is_set() => t,
        _ => return Ok(0),
    };
    deliver_pending_with(store, &transport, &config.from, now).await
}

/// [`deliver_pending`] through a transport already made.
pub async fn deliver_pending_with(
    store: &Store,
    transport: &Transport,
    from: &str,
    now: Timestamp,
) -> StoreResult<u64> {
    if !transport.is_set() {
        return Ok(0);
    }
    let mut sent = 0;
    for mail in store.pending_mail(50).await? {
        // Another server may be sending it; a claim older than five minutes is taken over.
        if !store.claim_mail(mail.id, 300, now).await? {
            continue;
        }
        match transport
            .send(from, &mail.to, message(&mail, from).as_bytes())
            .await
        {
            Ok(()) => {
                store.mail_sent(mail.id, now).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(mail = mail.id.0, error = %e, "could not hand a mail over");
                store.mail_failed(mail.id, &e, ATTEMPTS, now).await?;
            }
        }
    }
    Ok(sent)
}

async fn run(command: &str, message: &[u8]) -> Result<(), String> {
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the mail command: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(message)
            .await
            .map_err(|e| format!("writing to the mail command: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .await
        .map_err(|e| format!("the mail command: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "the mail command failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_addresses_are_read_with_their_tls_and_login() {
        let d = Direct::parse("smtp://news%40org.be:p%2Bss@relay.example.org:2525?tls=required")
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.host.as_str(), d.port, d.starttls),
            ("relay.example.org", 2525, Some(true))
        );
        assert!(d.credentials.is_some());
        assert_eq!(percent_decode("news%40org.be"), "news@org.be");
        assert_eq!(percent_decode("p+ss"), "p+ss");
        let plain = Direct::parse("smtp://127.0.0.1").unwrap().unwrap();
        assert_eq!(
            (plain.port, plain.starttls, plain.credentials.is_none()),
            (25, None, true)
        );
        let opportunistic = Direct::parse("smtp://mx?tls=opportunistic")
            .unwrap()
            .unwrap();
        assert_eq!(
            (opportunistic.port, opportunistic.starttls),
            (587, Some(false))
        );
        // TLS from the first byte goes through lettre's own transport.
        assert!(
            Direct::parse("smtps://user:pw@smtp.example.org")
                .unwrap()
                .is_none()
        );
        assert!(Direct::parse("smtp://mx?tls=always").is_err());
    }

    #[test]
    fn header_values_cannot_add_headers() {
        let mail = Mail {
            id: enquete_domain::account::MailId(1),
            to: "a@b.be\nBcc: evil@x.org".into(),
            subject: "Hi\r\nX-Evil: 1".into(),
            body: "Body\nwith lines".into(),
            attempts: 0,
        };
        let text = message(&mail, "enquete@example.org");
        assert!(
            !text.contains("\nBcc:") && !text.contains("\nX-Evil"),
            "{text}"
        );
        assert!(text.ends_with("\n\nBody\nwith lines\n"));
    }
}

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
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    /// The transport the configuration asks for; a bad SMTP URL is an error naming it.
    pub fn from_config(config: &MailConfig) -> Result<Self, String> {
        if let Some(url) = &config.smtp {
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
            Transport::Smtp(smtp) => {
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
                smtp.send_raw(&envelope, message)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("the SMTP server: {e}"))
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

//! Handing the outbox to the mail system: each mail is written, as a plain-text message with its
//! headers, to the standard input of the configured command (for instance
//! `/usr/sbin/sendmail -t -i`, or `msmtp -t`), run by `sh -c`. The server never speaks SMTP itself;
//! whatever delivers mail on the machine does.

use enquete_domain::Timestamp;
use enquete_store::{Mail, Store, StoreResult};
use std::process::Stdio;
use tokio::io::AsyncWriteExt;

/// After this many failed attempts a mail is dropped (with its error kept).
pub const ATTEMPTS: i64 = 5;

/// Where mail goes: the command and the sender's address.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub command: Option<String>,
    pub from: String,
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

/// Sends what is waiting, once. Returns how many were sent. Without a command, nothing is sent
/// and the mail waits (the server warns at start).
pub async fn deliver_pending(
    store: &Store,
    config: &MailConfig,
    now: Timestamp,
) -> StoreResult<u64> {
    let Some(command) = &config.command else {
        return Ok(0);
    };
    let mut sent = 0;
    for mail in store.pending_mail(50).await? {
        // Another server may be sending it; a claim older than five minutes is taken over.
        if !store.claim_mail(mail.id, 300, now).await? {
            continue;
        }
        match run(command, &message(&mail, &config.from)).await {
            Ok(()) => {
                store.mail_sent(mail.id, now).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(mail = mail.id.0, error = %e, "could not hand a mail to the mail command");
                store.mail_failed(mail.id, &e, ATTEMPTS, now).await?;
            }
        }
    }
    Ok(sent)
}

async fn run(command: &str, message: &str) -> Result<(), String> {
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
            .write_all(message.as_bytes())
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

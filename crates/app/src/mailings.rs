//! Mailings: an organizer writes a message in the languages of the movement for a saved
//! audience, sees who it reaches (people without an address, whose address bounced or without
//! consent left out and counted), sends themself a test, and schedules it. At its time the
//! audience is worked out once more, under its author's rights on that day, and each person
//! gets one message in their language (or the fallback), with a link that unsubscribes them in
//! one click. Bounces reported back mark the address, and the next mailing leaves it out.

pub mod message;
pub mod send;
pub mod sms;

use crate::audiences::{self, Channel, Reach, SavedAudience};
use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::{ConsentPurpose, ConsentSource, Language};
use enquete_domain::policy::Action;
use enquete_store::{LinkOwner, MailingContent, MailingId, MailingRecord, MailingState, SegmentId};
use message::{Templates, Version};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A mailing as its form sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MailingInput {
    pub audience_id: i64,
    /// `email` (default) or `sms`.
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub name: String,
    /// `contact` (default) or `newsletter`: the consent recipients must have given.
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub fallback: String,
    #[serde(default)]
    pub subject_nl: String,
    #[serde(default)]
    pub body_nl: String,
    #[serde(default)]
    pub subject_fr: String,
    #[serde(default)]
    pub body_fr: String,
    #[serde(default)]
    pub subject_de: String,
    #[serde(default)]
    pub body_de: String,
    #[serde(default)]
    pub subject_en: String,
    #[serde(default)]
    pub body_en: String,
}

impl MailingInput {
    fn version(&self, lang: Language) -> (&str, &str) {
        match lang {
            Language::Nl => (&self.subject_nl, &self.body_nl),
            Language::Fr => (&self.subject_fr, &self.body_fr),
            Language::De => (&self.subject_de, &self.body_de),
            Language::En => (&self.subject_en, &self.body_en),
        }
    }

    /// The form's versions, as the store keeps them.
    fn templates(&self, sms: bool) -> Result<Templates> {
        let mut out = BTreeMap::new();
        for lang in Language::ALL {
            let (subject, body) = self.version(lang);
            let (subject_field, body_field) = message::field_names(lang);
            match (subject.trim().is_empty(), body.trim().is_empty()) {
                (true, true) => continue,
                (false, true) => return Err(FieldError::new(body_field, "error-required").into()),
                (true, false) if !sms => {
                    return Err(FieldError::new(subject_field, "error-required").into());
                }
                (true, false) => {}
                (false, false) => {}
            }
            out.insert(
                lang.code().to_owned(),
                Version {
                    subject: subject.trim().to_owned(),
                    body: body.replace("\r\n", "\n"),
                },
            );
        }
        Ok(Templates(out))
    }
}

fn purpose_of(raw: &str) -> Result<ConsentPurpose> {
    match raw.trim() {
        "" | "contact" => Ok(ConsentPurpose::Contact),
        "newsletter" => Ok(ConsentPurpose::Newsletter),
        _ => Err(FieldError::new("purpose", "error-mailing-purpose").into()),
    }
}

/// A mailing as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MailingView {
    pub mailing: MailingRecord,
    /// For texts: each version's length (language, characters, GSM alphabet, parts), the
    /// line on how to stop included.
    pub lengths: Vec<(String, usize, bool, usize)>,
    /// Where click counting is on: each link and how often it was followed.
    pub clicks: Vec<(String, u64)>,
    pub templates: Templates,
    pub audience: SavedAudience,
    /// Who it would reach now (while it has not started).
    pub reach: Option<Reach>,
    /// Each version filled in with the reader's own name, as a recipient would read it.
    pub previews: Vec<(String, String, String)>,
}

struct Checked {
    channel: &'static str,
    audience: SavedAudience,
    name: String,
    purpose: ConsentPurpose,
    templates: String,
    fallback: String,
}

async fn check(app: &App, caller: &Caller, input: &MailingInput) -> Result<Checked> {
    let audience = audiences::get(app, caller, SegmentId(input.audience_id))
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => FieldError::new("audience_id", "error-no-audience").into(),
            e => e,
        })?;
    let name = crate::calls::text_field("name", &input.name, 200)?;
    let purpose = purpose_of(&input.purpose)?;
    let channel = match input.channel.trim() {
        "" | "email" => "email",
        "sms" => "sms",
        _ => return Err(FieldError::new("channel", "error-mailing-channel").into()),
    };
    let templates = input.templates(channel == "sms")?;
    let fallback = match input.fallback.trim() {
        "" => templates
            .0
            .keys()
            .next()
            .cloned()
            .unwrap_or_else(|| "en".to_owned()),
        f => f.to_owned(),
    };
    message::check(
        &templates,
        &fallback,
        audience.filter.action.is_some(),
        channel == "sms",
    )?;
    let templates =
        serde_json::to_string(&templates).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Checked {
        channel,
        audience,
        name,
        purpose,
        templates,
        fallback,
    })
}

/// Writes a new mailing (a draft).
pub async fn create(app: &App, caller: &Caller, input: &MailingInput) -> Result<MailingId> {
    let c = check(app, caller, input).await?;
    let id = app
        .store
        .create_mailing(
            &MailingContent {
                channel: c.channel,
                unit: c.audience.unit,
                segment: c.audience.id,
                name: &c.name,
                purpose: c.purpose,
                templates: &c.templates,
                fallback: &c.fallback,
            },
            caller.id(),
            caller.now,
        )
        .await?;
    crate::audit::read(
        app,
        caller,
        AuditAction::MailingSaved,
        None,
        format!("mailing {} \"{}\"", id.0, c.name),
    )
    .await?;
    Ok(id)
}

/// Changes a draft.
pub async fn update(app: &App, caller: &Caller, id: MailingId, input: &MailingInput) -> Result<()> {
    reachable(app, caller, id).await?;
    let c = check(app, caller, input).await?;
    let changed = app
        .store
        .update_mailing(
            id,
            &MailingContent {
                channel: c.channel,
                unit: c.audience.unit,
                segment: c.audience.id,
                name: &c.name,
                purpose: c.purpose,
                templates: &c.templates,
                fallback: &c.fallback,
            },
        )
        .await?;
    if !changed {
        return Err(FieldError::new("name", "error-mailing-not-draft").into());
    }
    crate::audit::read(
        app,
        caller,
        AuditAction::MailingSaved,
        None,
        format!("mailing {} \"{}\" changed", id.0, c.name),
    )
    .await?;
    Ok(())
}

async fn reachable(app: &App, caller: &Caller, id: MailingId) -> Result<MailingRecord> {
    let m = app.store.mailing(id).await?;
    unit_for(app, caller, m.unit, Action::ManageMailings).await?;
    Ok(m)
}

fn templates_of(m: &MailingRecord) -> Result<Templates> {
    serde_json::from_str(&m.templates)
        .map_err(|e| Error::Internal(format!("mailing {}: {e}", m.id.0)))
}

/// The mailings of the units the caller sends mail for, newest first.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<MailingRecord>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    Ok(app
        .store
        .mailings_below(&caller.actor.scope)
        .await?
        .into_iter()
        .filter(|m| {
            units
                .iter()
                .find(|u| u.id == m.unit)
                .is_some_and(|u| crate::scope::may(caller, Action::ManageMailings, u))
        })
        .collect())
}

/// Example values of the merge fields, from the reader's own account.
fn sample_values(caller: &Caller, unit: &str) -> BTreeMap<&'static str, String> {
    let mut v = BTreeMap::new();
    let first = caller
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    v.insert("first_name", first);
    v.insert("name", caller.name.clone());
    v.insert("unit", unit.to_owned());
    v.insert("unsubscribe_url", "https://…/u/…".to_owned());
    for (k, example) in [("action", "…"), ("when", "…"), ("where", "…"), ("bus", "…")] {
        v.insert(k, example.to_owned());
    }
    v
}

/// A mailing with its audience's reach today and its versions as a recipient would read them.
pub async fn view(app: &App, caller: &Caller, id: MailingId) -> Result<MailingView> {
    let mailing = reachable(app, caller, id).await?;
    let templates = templates_of(&mailing)?;
    let audience = audiences::get(app, caller, mailing.segment).await?;
    let reach = if matches!(mailing.state, MailingState::Draft | MailingState::Scheduled) {
        Some(
            audiences::select(
                app,
                caller,
                audience.unit,
                &audience.filter,
                channel_of(&mailing),
                mailing.purpose,
                Action::ManageMailings,
            )
            .await?
            .reach,
        )
    } else {
        None
    };
    let values = sample_values(caller, &audience.unit_name);
    let sms = mailing.channel == "sms";
    let previews: Vec<(String, String, String)> = templates
        .0
        .iter()
        .map(|(lang, v)| {
            let body = message::fill(&v.body, &values);
            let body = if sms { text_of(&body, lang) } else { body };
            (lang.clone(), message::fill(&v.subject, &values), body)
        })
        .collect();
    let lengths = if sms {
        previews
            .iter()
            .map(|(lang, _, text)| {
                let l = sms::length(text);
                (lang.clone(), l.units, l.gsm, l.parts)
            })
            .collect()
    } else {
        Vec::new()
    };
    let clicks = app.store.link_clicks(mailing.id).await?;
    Ok(MailingView {
        clicks,
        lengths,
        mailing,
        templates,
        audience,
        reach,
        previews,
    })
}

/// The channel a mailing's audience is counted on.
pub fn channel_of(m: &MailingRecord) -> Channel {
    if m.channel == "sms" {
        Channel::Phone
    } else {
        Channel::Email
    }
}

/// A text as sent: the message, then how to stop them in its language.
pub fn text_of(body: &str, language: &str) -> String {
    format!("{}\n{}", body.trim_end(), sms::stop_line(language))
}

/// Sends the author one message per version, to their own address, through the outbox.
pub async fn test_send(app: &App, caller: &Caller, id: MailingId) -> Result<usize> {
    let view = view(app, caller, id).await?;
    let mut n = 0;
    for (lang, subject, body) in &view.previews {
        app.store
            .queue_test_mail(
                &caller.email,
                &format!("[test {lang}] {subject}"),
                body,
                crate::audit::event(
                    caller,
                    AuditAction::MailingTest,
                    None,
                    format!("mailing {} test in {lang} to {}", id.0, caller.email),
                ),
                caller.now,
            )
            .await?;
        n += 1;
    }
    Ok(n)
}

/// Schedules a mailing for `at` (now or later); the sending job starts it then.
pub async fn schedule(
    app: &App,
    caller: &Caller,
    id: MailingId,
    at: Option<Timestamp>,
) -> Result<()> {
    let m = reachable(app, caller, id).await?;
    let at = at.unwrap_or(caller.now);
    if at.0 < caller.now.0 - 60 {
        return Err(FieldError::new("send_at", "error-mailing-past").into());
    }
    // The audience must reach someone.
    let view = view(app, caller, id).await?;
    if view.reach.as_ref().is_some_and(|r| r.reachable == 0) {
        return Err(FieldError::new("audience_id", "error-mailing-nobody").into());
    }
    let done = app
        .store
        .schedule_mailing(
            id,
            at,
            crate::audit::event(
                caller,
                AuditAction::MailingScheduled,
                None,
                format!("mailing {} \"{}\" for {}", id.0, m.name, at.0),
            ),
        )
        .await?;
    if !done {
        return Err(FieldError::new("send_at", "error-mailing-not-draft").into());
    }
    Ok(())
}

/// Stops a mailing (what was sent stays sent).
pub async fn cancel(app: &App, caller: &Caller, id: MailingId) -> Result<()> {
    let m = reachable(app, caller, id).await?;
    let done = app
        .store
        .cancel_mailing(
            id,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::MailingCancelled,
                None,
                format!("mailing {} \"{}\"", id.0, m.name),
            ),
        )
        .await?;
    if !done {
        return Err(FieldError::new("mailing", "error-mailing-ended").into());
    }
    Ok(())
}

/// What a bounce report held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BounceReport {
    /// Messages marked as bounced.
    pub marked: u64,
    /// Tokens and addresses found in the report.
    pub found: u64,
}

/// Reads a bounce report: delivery status notifications (RFC 3464) as they arrive in the bounce
/// mailbox, one or many pasted together, or a plain list of addresses (one per line, or CSV).
/// Returns the tokens of `+TOKEN@` envelope addresses and the other addresses found.
pub fn parse_bounces(text: &str) -> (Vec<String>, Vec<String>) {
    let mut tokens = Vec::new();
    let mut addresses = Vec::new();
    for line in text.lines() {
        let lower = line.trim().to_ascii_lowercase();
        // Our own envelope sender, `bounces+TOKEN@...`: the exact message.
        for part in line.split(|c: char| c.is_whitespace() || "<>;,\"'".contains(c)) {
            if let Some((local, _)) = part.split_once('@')
                && let Some((_, token)) = local.rsplit_once('+')
                && token.len() >= 16
                && token.chars().all(|c| c.is_ascii_alphanumeric())
            {
                tokens.push(token.to_owned());
            }
        }
        let value = if let Some(rest) = lower
            .strip_prefix("final-recipient:")
            .or_else(|| lower.strip_prefix("original-recipient:"))
        {
            rest.rsplit(';').next().unwrap_or("").trim().to_owned()
        } else if !lower.contains(':') && lower.contains('@') && !lower.contains(' ') {
            lower.split(',').next().unwrap_or("").trim().to_owned()
        } else {
            continue;
        };
        let value = value.trim_matches(|c| c == '<' || c == '>' || c == '"');
        if enquete_domain::people::Email::parse(value).is_ok() && !value.contains('+') {
            addresses.push(value.to_owned());
        }
    }
    tokens.sort();
    tokens.dedup();
    addresses.sort();
    addresses.dedup();
    (tokens, addresses)
}

/// Marks what a bounce report names as undeliverable: the messages of this mailing, and the
/// people's addresses, which later mailings leave out until the address changes.
pub async fn import_bounces(
    app: &App,
    caller: &Caller,
    id: MailingId,
    report: &str,
) -> Result<BounceReport> {
    let m = reachable(app, caller, id).await?;
    let (tokens, addresses) = parse_bounces(report);
    if tokens.is_empty() && addresses.is_empty() {
        return Err(FieldError::new("report", "error-bounces-none").into());
    }
    let marked = app
        .store
        .record_bounces(Some(id), &tokens, &addresses, caller.now)
        .await?;
    crate::audit::read(
        app,
        caller,
        AuditAction::BouncesImported,
        None,
        format!(
            "mailing {} \"{}\": {} messages marked of {} reported",
            id.0,
            m.name,
            marked,
            tokens.len() + addresses.len()
        ),
    )
    .await?;
    Ok(BounceReport {
        marked,
        found: (tokens.len() + addresses.len()) as u64,
    })
}

/// Whose unsubscribe link this is (for its page); `None` for a link that does not exist.
pub async fn link(app: &App, token: &str) -> Result<Option<LinkOwner>> {
    if token.len() > 100 {
        return Ok(None);
    }
    Ok(app.store.link_owner(token).await?)
}

/// Unsubscribes the owner of a link (once; again changes nothing). Anyone holding the link
/// may: it was sent to that person only.
pub async fn unsubscribe(
    app: &App,
    token: &str,
    ip: &str,
    now: Timestamp,
) -> Result<Option<LinkOwner>> {
    if token.len() > 100 {
        return Ok(None);
    }
    let source = ConsentSource::parse("unsubscribe link in a mailing")?;
    let event = enquete_store::AuditEvent {
        at: now,
        user: None,
        action: AuditAction::Unsubscribed,
        person: None,
        detail: String::new(),
        ip: ip.to_owned(),
    };
    Ok(app.store.unsubscribe(token, &source, now, event).await?)
}

/// A delivery report from the SMS gateway, for the text with this reference.
pub async fn delivery(app: &App, reference: &str, status: &str) -> Result<bool> {
    if reference.is_empty() || reference.len() > 100 {
        return Ok(false);
    }
    let status = match status.trim().to_ascii_lowercase().as_str() {
        "delivered" | "delivrd" | "ok" | "success" => "delivered",
        "failed" | "undelivered" | "undeliv" | "rejected" | "expired" | "error" => "failed",
        "" => return Ok(false),
        _ => "pending",
    };
    Ok(app.store.record_delivery(reference, status).await?)
}

/// An answer forwarded by the SMS gateway. STOP (in any of the four languages) withdraws the
/// consent to be contacted of everyone with that number, and says so in their history.
/// Returns how many people stopped.
pub async fn inbound(app: &App, from: &str, text: &str, ip: &str, now: Timestamp) -> Result<u64> {
    if !sms::is_stop(text) {
        return Ok(0);
    }
    let Ok(phone) = enquete_domain::people::Phone::parse(from) else {
        return Ok(0);
    };
    let digits: String = phone
        .normalized
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let people = app.store.people_with_phone(&digits).await?;
    let consent = enquete_domain::people::NewConsent {
        purpose: ConsentPurpose::Contact,
        granted: false,
        source: ConsentSource::parse("answered STOP to a text")?,
    };
    for person in &people {
        app.store
            .record_consent(
                *person,
                &consent,
                None,
                now,
                Some(enquete_store::AuditEvent {
                    at: now,
                    user: None,
                    action: AuditAction::Unsubscribed,
                    person: Some(*person),
                    detail: "answered STOP to a text".into(),
                    ip: ip.to_owned(),
                }),
            )
            .await?;
        app.store.mark_stopped(*person, now).await?;
    }
    Ok(people.len() as u64)
}

/// Follows a counted link of a mailing: counted once more (for the mailing, not the person),
/// and where it leads. `None` for a link that does not exist.
pub async fn click(app: &App, mailing: i64, n: i64) -> Result<Option<String>> {
    Ok(app.store.click(MailingId(mailing), n).await?)
}

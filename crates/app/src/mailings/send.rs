//! The sending job: starts the mailings whose time has come, then hands their messages to the
//! transport in claimed batches, at the configured rate. Several servers may run it against
//! one database: a mailing is started by one of them, and a message is held by one at a time
//! (see the store's mailings). A message is marked sent in small groups right after the mail
//! server took it; its Message-ID is the same if it is ever sent again after a crash between
//! the two, so the receiving side can tell.

use super::message::{self, Parts, Templates};
use super::sms;
use crate::audiences;
use crate::mail::{MailConfig, Transport};
use crate::{App, Caller, Door, Error, Result};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::PersonId;
use enquete_domain::policy::Action;
use enquete_store::{MailingId, MailingRecord, NewRecipient, Outgoing};
use futures_util::StreamExt;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// Messages claimed at once.
pub const BATCH: u32 = 200;
/// How long a claim holds before another server may take the message over.
pub const HOLD_SECONDS: i64 = 600;
/// Attempts before a message is given up.
pub const ATTEMPTS: i64 = 5;
/// Messages marked sent together.
const MARK_EVERY: usize = 25;
/// Messages handed to the mail server at once (each on its own pooled connection): a mail
/// server answers each command after a network round trip, so one at a time would leave both
/// sides waiting.
pub const CONNECTIONS: usize = 8;

/// What a round of sending did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sent {
    pub started: u64,
    pub sent: u64,
    pub failed: u64,
    /// Time spent waiting for the mail server to take messages (the SMTP exchange), as
    /// wall-clock time: with several connections at once, the time any of them was awaited.
    pub in_transport: Duration,
}

/// The unsubscribe footer line per language code; English when a language has none.
pub type Footers = BTreeMap<String, String>;

/// The author of a mailing, as a caller with their rights of today.
async fn author(app: &App, m: &MailingRecord, now: Timestamp) -> Result<Caller> {
    let user = app.store.user(m.created_by).await?;
    if user.user.disabled {
        return Err(Error::Forbidden);
    }
    Ok(Caller {
        actor: user.actor(),
        email: user.user.email.clone(),
        name: user.user.display_name.clone(),
        unit: user.user.unit,
        ip: "scheduled".into(),
        door: Door::Cli,
        now,
    })
}

/// Starts one due mailing: its audience worked out under its author's rights today, one
/// recipient per person in the language they read (of the versions written), or the fallback.
/// `false` when another server started it first.
pub async fn start(app: &App, id: MailingId, now: Timestamp) -> Result<bool> {
    let m = app.store.mailing_content(id).await?;
    let caller = match author(app, &m, now).await {
        Ok(c) => c,
        Err(_) => {
            // The author may no longer send for this unit: the mailing stops, with the reason.
            app.store
                .cancel_mailing(
                    id,
                    now,
                    enquete_store::AuditEvent {
                        at: now,
                        user: None,
                        action: AuditAction::MailingCancelled,
                        person: None,
                        detail: format!("mailing {}: its author may no longer send it", id.0),
                        ip: "scheduled".into(),
                    },
                )
                .await?;
            return Ok(false);
        }
    };
    let templates: Templates = serde_json::from_str(&m.templates)
        .map_err(|e| Error::Internal(format!("mailing {}: {e}", id.0)))?;
    let audience = audiences::get(app, &caller, m.segment).await?;
    let selection = audiences::select(
        app,
        &caller,
        audience.unit,
        &audience.filter,
        super::channel_of(&m),
        m.purpose,
        Action::ManageMailings,
    )
    .await?;
    let sms = m.channel == "sms";
    let recipients: Vec<NewRecipient> = selection
        .people
        .iter()
        .filter_map(|r| {
            let address = if sms {
                let phone = r.person.phone.as_deref()?;
                enquete_domain::people::Phone::parse(phone).ok()?.normalized
            } else {
                r.person.email.clone()?
            };
            let language = r
                .person
                .languages
                .iter()
                .map(|l| l.code())
                .find(|c| templates.0.contains_key(*c))
                .unwrap_or(m.fallback.as_str())
                .to_owned();
            Some(NewRecipient {
                person: r.person.id,
                address,
                language,
                // The secret of the person's unsubscribe link: from the system's random source.
                token: crate::auth::random_code(),
            })
        })
        .collect();
    let started = app.store.start_mailing(id, &recipients, now).await?;
    if started {
        let people: Vec<PersonId> = recipients.iter().map(|r| r.person).collect();
        app.store
            .audit_list(
                &crate::audit::event(
                    &caller,
                    AuditAction::MailingScheduled,
                    None,
                    format!(
                        "mailing {} \"{}\" started: {} recipients",
                        id.0,
                        m.name,
                        people.len()
                    ),
                ),
                &people,
            )
            .await?;
    }
    Ok(started)
}

/// What a mailing's messages need besides the person: its versions, and for a mailing to the
/// people of an action, the action and each rider's bus.
struct Context {
    sms: bool,
    /// With click counting: each link of the text and the address that counts it, longest
    /// first.
    links: Vec<(String, String)>,
    templates: Templates,
    fallback: String,
    action: Option<ActionContext>,
}

struct ActionContext {
    title: String,
    when: String,
    place: String,
    buses: HashMap<PersonId, String>,
}

/// The web links in a text (`http://`, `https://`), without the punctuation that ends a
/// sentence; those with a merge field in them are left alone.
pub fn links_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| {
            w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\''])
                .to_owned()
        })
        .filter(|w| !w.contains("{{") && w.len() > 8)
        .collect();
    out.sort();
    out.dedup();
    out
}

async fn context(app: &App, id: MailingId, config: &MailConfig) -> Result<Context> {
    let m = app.store.mailing_content(id).await?;
    let templates: Templates = serde_json::from_str(&m.templates)
        .map_err(|e| Error::Internal(format!("mailing {}: {e}", id.0)))?;
    let segment = app.store.segment(m.segment).await?;
    let filter: audiences::Filter = serde_json::from_str(&segment.filter)
        .map_err(|e| Error::Internal(format!("audience {}: {e}", segment.id.0)))?;
    let action = match filter.action {
        Some(a) => {
            let a = enquete_domain::campaign::ActionId(a);
            let record = app.store.action(a).await?;
            let labels: HashMap<_, _> = app
                .store
                .buses(a)
                .await?
                .into_iter()
                .map(|b| (b.id, b.label))
                .collect();
            let buses = app
                .store
                .rsvps(a)
                .await?
                .into_iter()
                .filter_map(|r| Some((r.person, labels.get(&r.bus?)?.clone())))
                .collect();
            Some(ActionContext {
                title: record.title,
                when: record.starts_at.display(),
                place: record.place,
                buses,
            })
        }
        None => None,
    };
    let sms = m.channel == "sms";
    let mut links = Vec::new();
    if config.track_clicks && !sms {
        let urls: Vec<String> = templates
            .0
            .values()
            .flat_map(|v| links_in(&v.body))
            .collect();
        let base = config.public_url.trim_end_matches('/');
        links = app
            .store
            .mailing_links(id, &urls)
            .await?
            .into_iter()
            .map(|(n, url)| (url, format!("{base}/c/{}/{n}", id.0)))
            .collect();
        links.sort_by_key(|(url, _)| std::cmp::Reverse(url.len()));
    }
    Ok(Context {
        sms,
        links,
        templates,
        fallback: m.fallback,
        action,
    })
}

/// Sends one claimed batch. Returns what was sent and how long the transport took.
pub async fn send_batch(
    app: &App,
    transport: &Transport,
    config: &MailConfig,
    footers: &Footers,
    now: Timestamp,
) -> Result<Sent> {
    let mut out = Sent::default();
    let batch = app.store.claim_messages(BATCH, HOLD_SECONDS, now).await?;
    if batch.is_empty() {
        return Ok(out);
    }
    let mut contexts: HashMap<MailingId, Context> = HashMap::new();
    for o in &batch {
        if let std::collections::hash_map::Entry::Vacant(e) = contexts.entry(o.mailing) {
            e.insert(context(app, o.mailing, config).await?);
        }
    }
    let ids: Vec<i64> = batch.iter().map(|o| o.person.0).collect();
    let people: HashMap<PersonId, enquete_store::PersonRecord> = app
        .store
        .people_by_ids(&ids)
        .await?
        .into_iter()
        .map(|r| (r.person.id, r))
        .collect();
    let domain = config
        .from
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d.trim_end_matches('>'));
    let base = config.public_url.trim_end_matches('/');
    // Render everything first; what cannot be rendered is given up at once.
    let mut ready: Vec<(Outgoing, Ready)> = Vec::with_capacity(batch.len());
    for o in &batch {
        let Some(ctx) = contexts.get(&o.mailing) else {
            continue;
        };
        let Some(person) = people.get(&o.person) else {
            // Erased since the mailing started: nothing to send.
            app.store
                .message_failed(o.id, o.claim, "the person was erased", 0, now)
                .await?;
            continue;
        };
        let rendered = if ctx.sms {
            render_text(o, person, ctx).map(Ready::Text)
        } else {
            render(o, person, ctx, config, footers, base, domain).map(Ready::Mail)
        };
        match rendered {
            Ok(b) => ready.push((o.clone(), b)),
            Err(e) => {
                out.failed += 1;
                app.store.message_failed(o.id, o.claim, &e, 0, now).await?;
            }
        }
    }
    // Handed over on up to CONNECTIONS connections at once, each message no earlier than its
    // turn at the configured rate.
    let gap = (config.rate > 0).then(|| Duration::from_secs_f64(1.0 / f64::from(config.rate)));
    let begin = tokio::time::Instant::now();
    let client = reqwest::Client::new();
    let client = &client;
    let mut sending = futures_util::stream::iter(ready.into_iter().enumerate().map(
        |(i, (o, built))| async move {
            if let Some(gap) = gap {
                let turn = gap.saturating_mul(u32::try_from(i).unwrap_or(u32::MAX));
                tokio::time::sleep_until(begin + turn).await;
            }
            let result = match &built {
                Ready::Mail(m) => transport.send(&m.envelope_from, &o.address, &m.bytes).await,
                Ready::Text(text) => match &config.sms {
                    Some(gateway) => sms::send(client, gateway, &o.address, text, &o.token).await,
                    None => Err("no SMS gateway is configured (sms_gateway_url)".to_owned()),
                },
            };
            (o, result)
        },
    ))
    .buffer_unordered(CONNECTIONS);
    let mut done: Vec<(i64, i64)> = Vec::new();
    let mut waiting = Instant::now();
    while let Some((o, result)) = sending.next().await {
        out.in_transport += waiting.elapsed();
        match result {
            Ok(()) => {
                out.sent += 1;
                done.push((o.id, o.claim));
                if done.len() >= MARK_EVERY {
                    app.store.messages_sent(&done, now).await?;
                    done.clear();
                }
            }
            Err(e) => {
                out.failed += 1;
                tracing::warn!(mailing = o.mailing.0, error = %e, "a mailing message was not taken");
                let retry = Timestamp(now.0 + 300 * (o.attempts + 1));
                app.store
                    .message_failed(o.id, o.claim, &e, ATTEMPTS, retry)
                    .await?;
            }
        }
        waiting = Instant::now();
    }
    if !done.is_empty() {
        app.store.messages_sent(&done, now).await?;
    }
    Ok(out)
}

/// A message ready to hand over.
enum Ready {
    Mail(message::Built),
    Text(String),
}

/// A text: the body in the person's language, then how to stop them.
fn render_text(
    o: &Outgoing,
    person: &enquete_store::PersonRecord,
    ctx: &Context,
) -> std::result::Result<String, String> {
    let (language, version) = ctx
        .templates
        .for_language(&o.language, &ctx.fallback)
        .ok_or_else(|| "the mailing has no text in this language".to_owned())?;
    let values = merge_values(person, ctx, String::new());
    Ok(super::text_of(
        &message::fill(&version.body, &values),
        language,
    ))
}

/// The merge fields of one message.
fn merge_values(
    person: &enquete_store::PersonRecord,
    ctx: &Context,
    unsubscribe_url: String,
) -> BTreeMap<&'static str, String> {
    let mut values: BTreeMap<&'static str, String> = BTreeMap::new();
    let name = person.person.name.clone();
    values.insert(
        "first_name",
        name.split_whitespace().next().unwrap_or("").to_owned(),
    );
    values.insert("name", name);
    values.insert("unit", person.unit_name.clone());
    values.insert("unsubscribe_url", unsubscribe_url);
    if let Some(a) = &ctx.action {
        values.insert("action", a.title.clone());
        values.insert("when", a.when.clone());
        values.insert("where", a.place.clone());
        values.insert(
            "bus",
            a.buses.get(&person.person.id).cloned().unwrap_or_default(),
        );
    }
    values
}

fn render(
    o: &Outgoing,
    person: &enquete_store::PersonRecord,
    ctx: &Context,
    config: &MailConfig,
    footers: &Footers,
    base: &str,
    domain: &str,
) -> std::result::Result<message::Built, String> {
    let (language, version) = ctx
        .templates
        .for_language(&o.language, &ctx.fallback)
        .ok_or_else(|| "the mailing has no text in this language".to_owned())?;
    let url = format!("{base}/u/{}", o.token);
    let values = merge_values(person, ctx, url.clone());
    let mut body = message::fill(&version.body, &values);
    for (link, counted) in &ctx.links {
        body = body.replace(link.as_str(), counted);
    }
    let footer = footers
        .get(language)
        .or_else(|| footers.get("en"))
        .map_or("Unsubscribe:", String::as_str);
    message::build(&Parts {
        from: &config.from,
        to: &o.address,
        subject: &message::fill(&version.subject, &values),
        body: &body,
        language,
        unsubscribe_url: &url,
        footer,
        message_id: format!("<mailing{}.{}@{domain}>", o.mailing.0, o.token),
        bounce_address: config.bounce_address.as_deref(),
        token: &o.token,
    })
}

/// One round: starts what is due, sends batches until none is left (or `max_batches`), and
/// marks the mailings with nothing left as sent.
pub async fn run_once(
    app: &App,
    transport: &Transport,
    config: &MailConfig,
    footers: &Footers,
    max_batches: usize,
) -> Result<Sent> {
    let mut total = Sent::default();
    let now = Timestamp::now_utc();
    for id in app.store.due_mailings(now).await? {
        match start(app, id, now).await {
            Ok(true) => total.started += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(mailing = id.0, error = %e, "could not start a mailing"),
        }
    }
    if transport.is_set() || config.sms.is_some() {
        for _ in 0..max_batches {
            let sent = send_batch(app, transport, config, footers, Timestamp::now_utc()).await?;
            let empty = sent.sent + sent.failed == 0;
            total.sent += sent.sent;
            total.failed += sent.failed;
            total.in_transport += sent.in_transport;
            if empty {
                break;
            }
        }
    }
    app.store.finish_mailings(Timestamp::now_utc()).await?;
    Ok(total)
}

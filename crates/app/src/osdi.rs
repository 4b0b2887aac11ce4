//! The Open Supporter Data Interface (OSDI 1.1): what other organizing tools (Action Network
//! and the like) read and write through `/api/osdi/v1`, each with its own API token, scoped to a
//! unit and below, reading only or also writing.
//!
//! Consent is mapped honestly: an integration sees a person only while their latest choice about
//! being contacted is a yes, and so only their taggings, RSVPs, signatures and answers. A person
//! signed up through an integration gets the consent the other tool says it collected
//! (`email_addresses[].status`: `subscribed` is a yes, `unsubscribed` a no, anything else is not
//! asked), never more.

use crate::scope::unit_for;
use crate::{App, Caller, Door, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionId, PetitionId, SignatureInput};
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, Language, NewConsent, PersonId, PersonInput, Tag,
};
use enquete_domain::policy::{Action, Actor};
use enquete_store::{
    ActionRecord, ApiTokenId, ApiTokenRecord, OsdiPeopleQuery, PersonRecord, PetitionRecord,
    RsvpRecord, SignatureRecord, SurveyRecord,
};
use sha2::{Digest, Sha256};

/// Most records on one page of a collection.
pub const MAX_PAGE: i64 = 100;

/// An integration's request: its token and the caller its writes are made as (the token's
/// author, as an organizer of the token's unit: nothing outside it).
#[derive(Debug, Clone)]
pub struct Integration {
    pub token: ApiTokenRecord,
    pub caller: Caller,
}

impl Integration {
    pub fn scope(&self) -> &UnitPath {
        &self.token.unit_path
    }

    fn must_write(&self) -> Result<()> {
        if self.token.can_write {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The integration a token opens; `None` for an unknown or revoked token.
pub async fn authenticate(
    app: &App,
    token: &str,
    ip: &str,
    now: Timestamp,
) -> Result<Option<Integration>> {
    if token.trim().len() < 20 {
        return Ok(None);
    }
    let Some(record) = app.store.api_token_by_hash(&hash(token), now).await? else {
        return Ok(None);
    };
    let caller = Caller {
        actor: Actor::new(record.created_by, Role::Organizer, record.unit_path.clone()),
        email: String::new(),
        name: format!("integration {}", record.name),
        unit: record.unit,
        ip: ip.to_owned(),
        door: Door::Api,
        now,
    };
    Ok(Some(Integration {
        token: record,
        caller,
    }))
}

/// Makes a token for an integration; returns it with the token itself (shown once).
pub async fn create_token(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    name: &str,
    can_write: bool,
) -> Result<(ApiTokenRecord, String)> {
    let unit = unit_for(app, caller, unit, Action::ManageIntegrations).await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(FieldError::new("name", "error-required").into());
    }
    let token = crate::auth::random_token();
    let id = app
        .store
        .create_api_token(
            unit.id,
            name,
            &hash(&token),
            can_write,
            caller.id(),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::ApiToken,
                None,
                format!(
                    "API token \"{name}\" for unit {} ({})",
                    unit.id.0,
                    if can_write { "read and write" } else { "read" }
                ),
            ),
        )
        .await?;
    Ok((app.store.api_token(id).await?, token))
}

/// The tokens of the units the caller connects tools to.
pub async fn tokens(app: &App, caller: &Caller) -> Result<Vec<ApiTokenRecord>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    Ok(app
        .store
        .api_tokens_below(&caller.actor.scope)
        .await?
        .into_iter()
        .filter(|t| {
            units
                .iter()
                .find(|u| u.id == t.unit)
                .is_some_and(|u| crate::scope::may(caller, Action::ManageIntegrations, u))
        })
        .collect())
}

/// Revokes a token.
pub async fn revoke_token(app: &App, caller: &Caller, id: ApiTokenId) -> Result<()> {
    let token = app.store.api_token(id).await?;
    unit_for(app, caller, token.unit, Action::ManageIntegrations).await?;
    app.store
        .revoke_api_token(
            id,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::ApiToken,
                None,
                format!("API token \"{}\" revoked", token.name),
            ),
        )
        .await?;
    Ok(())
}

/// The OData subset OSDI names for `filter`: `modified_date gt|lt|eq '…'` and
/// `email eq '…'`, joined by `and`.
pub fn parse_filter(raw: &str) -> Result<OsdiPeopleQuery> {
    let bad = || Error::from(FieldError::new("filter", "error-osdi-filter"));
    let mut q = OsdiPeopleQuery::default();
    if raw.trim().is_empty() {
        return Ok(q);
    }
    for clause in split_and(raw) {
        let clause = clause.trim();
        let (field, rest) = clause.split_once(char::is_whitespace).ok_or_else(bad)?;
        let (op, value) = rest
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(bad)?;
        let value = value
            .trim()
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .ok_or_else(bad)?
            .replace("''", "'");
        match (field, op) {
            ("modified_date", "gt" | "lt" | "eq") => {
                let t = parse_date(&value).ok_or_else(bad)?;
                match op {
                    "gt" => q.modified_after = Some(t),
                    "lt" => q.modified_before = Some(t),
                    _ => {
                        q.modified_after = Some(Timestamp(t.0 - 1));
                        q.modified_before = Some(Timestamp(t.0 + 1));
                    }
                }
            }
            ("email" | "email_address", "eq") => q.email = Some(value),
            _ => return Err(bad()),
        }
    }
    Ok(q)
}

/// Splits at ` and ` outside quotes.
fn split_and(raw: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if !quoted
            && rest.len() >= 5
            && rest
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case(" and "))
        {
            out.push(String::new());
            rest = rest.get(5..).unwrap_or("");
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    out
}

/// `2014-03-25`, `2014-03-25T12:00:00Z` or with an offset.
fn parse_date(raw: &str) -> Option<Timestamp> {
    enquete_domain::dates::parse_date("filter", raw)
        .or_else(|_| enquete_domain::dates::parse_rfc3339("filter", raw))
        .ok()
}

/// A page of the people the integration may see.
pub async fn people(
    app: &App,
    integ: &Integration,
    query: &OsdiPeopleQuery,
) -> Result<(Vec<PersonRecord>, i64)> {
    let (list, total) = app.store.osdi_people(integ.scope(), query).await?;
    let ids: Vec<PersonId> = list.iter().map(|p| p.person.id).collect();
    if !ids.is_empty() {
        crate::audit::list(
            app,
            &integ.caller,
            AuditAction::Search,
            &ids,
            format!("api osdi people (integration {})", integ.token.name),
        )
        .await?;
    }
    Ok((list, total))
}

/// One person, if the integration may see them.
pub async fn person(app: &App, integ: &Integration, id: PersonId) -> Result<PersonRecord> {
    let found = app
        .store
        .person(id)
        .await
        .map_err(|_| Error::NotFound("person"))?;
    if !found.unit_path.is_within(integ.scope()) || !consenting(app, &[id]).await?.contains(&id) {
        return Err(Error::NotFound("person"));
    }
    crate::audit::read(
        app,
        &integ.caller,
        AuditAction::View,
        Some(id),
        format!("api osdi (integration {})", integ.token.name),
    )
    .await?;
    Ok(found)
}

async fn consenting(app: &App, ids: &[PersonId]) -> Result<std::collections::HashSet<PersonId>> {
    Ok(app.store.consenting(ids, ConsentPurpose::Contact).await?)
}

/// The tags in use in the branch, with how many visible people carry each.
pub async fn tags(app: &App, integ: &Integration) -> Result<Vec<(String, i64)>> {
    Ok(app.store.osdi_tags(integ.scope()).await?)
}

/// The actions of the branch (OSDI events).
pub async fn events(app: &App, integ: &Integration) -> Result<Vec<ActionRecord>> {
    Ok(app.store.actions_in(integ.scope(), None).await?)
}

pub async fn event(app: &App, integ: &Integration, id: ActionId) -> Result<ActionRecord> {
    let action = app.store.action(id).await?;
    if !action.unit_path.is_within(integ.scope()) {
        return Err(Error::NotFound("event"));
    }
    Ok(action)
}

/// The RSVPs of an action by people the integration may see.
pub async fn attendances(app: &App, integ: &Integration, id: ActionId) -> Result<Vec<RsvpRecord>> {
    event(app, integ, id).await?;
    let rsvps = app.store.rsvps(id).await?;
    let ids: Vec<PersonId> = rsvps.iter().map(|r| r.person).collect();
    let yes = consenting(app, &ids).await?;
    let shown: Vec<RsvpRecord> = rsvps
        .into_iter()
        .filter(|r| yes.contains(&r.person) && r.unit_path.is_within(integ.scope()))
        .collect();
    let people: Vec<PersonId> = shown.iter().map(|r| r.person).collect();
    audit_people(app, integ, AuditAction::ViewRsvps, &people, "attendances").await?;
    Ok(shown)
}

/// The petitions of the branch.
pub async fn petitions(app: &App, integ: &Integration) -> Result<Vec<PetitionRecord>> {
    Ok(app
        .store
        .petitions_reaching(integ.scope())
        .await?
        .into_iter()
        .filter(|p| p.unit_path.is_within(integ.scope()))
        .collect())
}

pub async fn petition(app: &App, integ: &Integration, id: PetitionId) -> Result<PetitionRecord> {
    let p = app.store.petition(id).await?;
    if !p.unit_path.is_within(integ.scope()) {
        return Err(Error::NotFound("petition"));
    }
    Ok(p)
}

/// The signatures of a petition by people the integration may see.
pub async fn signatures(
    app: &App,
    integ: &Integration,
    id: PetitionId,
) -> Result<Vec<SignatureRecord>> {
    petition(app, integ, id).await?;
    let all = app.store.signatures(id, integ.scope(), 10_000).await?;
    let ids: Vec<PersonId> = all.iter().filter_map(|s| s.person).collect();
    let yes = consenting(app, &ids).await?;
    let shown: Vec<SignatureRecord> = all
        .into_iter()
        .filter(|s| s.person.is_some_and(|p| yes.contains(&p)))
        .collect();
    let people: Vec<PersonId> = shown.iter().filter_map(|s| s.person).collect();
    audit_people(
        app,
        integ,
        AuditAction::ViewSignatures,
        &people,
        "signatures",
    )
    .await?;
    Ok(shown)
}

/// The published surveys (their choice questions are OSDI questions).
pub async fn surveys(app: &App) -> Result<Vec<SurveyRecord>> {
    Ok(app.store.surveys().await?)
}

/// A person as another tool sends it (the Person Signup Helper's `person`).
#[derive(Debug, Clone, Default)]
pub struct Signup {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postal_code: String,
    pub languages: Vec<String>,
    /// `Some(true)`: the tool says they subscribed; `Some(false)`: unsubscribed.
    pub contact: Option<bool>,
    pub add_tags: Vec<String>,
    /// The section a new person joins (`custom_fields.unit_id`), inside the token's unit; the
    /// token's own unit when it is a section.
    pub unit: Option<i64>,
}

/// The Person Signup Helper: finds the person by e-mail address in the token's branch or adds
/// them to the token's unit, records the consent the tool reports, adds the tags.
pub async fn signup(app: &App, integ: &Integration, s: &Signup) -> Result<PersonRecord> {
    integ.must_write()?;
    let caller = &integ.caller;
    let email = s.email.trim();
    if email.is_empty() {
        return Err(FieldError::new("person_email_addresses", "error-required").into());
    }
    let mut tags = Vec::new();
    for t in &s.add_tags {
        tags.push(Tag::parse(t).map_err(|e| FieldError {
            field: "add_tags",
            ..e
        })?);
    }
    let existing = app
        .store
        .person_with_email_below(email, integ.scope())
        .await?;
    let id = match existing {
        Some(id) => {
            if let Some(granted) = s.contact {
                app.store
                    .record_consent(
                        id,
                        &consent(caller, granted)?,
                        Some(caller.id()),
                        caller.now,
                        Some(crate::audit::event(
                            caller,
                            AuditAction::Consent,
                            Some(id),
                            format!(
                                "api contact {} (integration {})",
                                if granted { "given" } else { "withdrawn" },
                                integ.token.name
                            ),
                        )),
                    )
                    .await?;
            }
            id
        }
        None => {
            let name = if s.name.trim().is_empty() {
                email.split('@').next().unwrap_or(email).to_owned()
            } else {
                s.name.trim().to_owned()
            };
            let input = PersonInput {
                name,
                email: email.to_owned(),
                phone: s.phone.clone(),
                address: s.postal_code.clone(),
                languages: s
                    .languages
                    .iter()
                    .filter(|l| Language::parse(l).is_ok())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(","),
                ..Default::default()
            };
            let details = input.parse().map_err(prefix_person)?;
            let unit = match s.unit {
                Some(u) => UnitId(u),
                None => integ.token.unit,
            };
            let section = app
                .store
                .unit(unit)
                .await
                .map_err(|_| FieldError::new("person_custom_fields", "error-osdi-unit"))?;
            if !section.path.is_within(integ.scope()) || !section.kind.is_section() {
                return Err(FieldError::new("person_custom_fields", "error-osdi-unit").into());
            }
            crate::people::create(
                app,
                caller,
                section.id,
                ("person_custom_fields", "error-osdi-unit"),
                &details,
                s.contact,
            )
            .await?
            .person
            .id
        }
    };
    for tag in &tags {
        app.store
            .change_tag(
                &[id],
                tag,
                true,
                caller.now,
                &crate::audit::event(
                    caller,
                    AuditAction::BulkTag,
                    Some(id),
                    format!(
                        "api tag {} (integration {})",
                        tag.as_str(),
                        integ.token.name
                    ),
                ),
            )
            .await?;
    }
    Ok(app.store.person(id).await?)
}

/// A field of the person named as the OSDI body names it (`person.email_addresses`).
fn prefix_person(e: FieldError) -> Error {
    let field: &'static str = match e.field {
        "email" => "person_email_addresses",
        "phone" => "person_phone_numbers",
        "address" => "person_postal_addresses",
        "name" => "person_given_name",
        "languages" => "person_languages_spoken",
        _ => "person",
    };
    Error::Field(FieldError { field, ..e })
}

fn consent(caller: &Caller, granted: bool) -> Result<NewConsent> {
    Ok(NewConsent {
        purpose: ConsentPurpose::Contact,
        granted,
        source: ConsentSource::recorded_by(&caller.name, caller.door.consent_phrase())?,
    })
}

/// The Record Attendance Helper: signs the person up, then records their RSVP.
pub async fn record_attendance(
    app: &App,
    integ: &Integration,
    id: ActionId,
    s: &Signup,
) -> Result<(PersonRecord, ActionRecord)> {
    integ.must_write()?;
    let action = event(app, integ, id).await?;
    if action.cancelled {
        return Err(FieldError::new("event", "error-action-cancelled").into());
    }
    let person = signup(app, integ, s).await?;
    app.store
        .rsvp(
            id,
            person.person.id,
            false,
            &format!("integration {}", integ.token.name),
            integ.caller.now,
        )
        .await?;
    Ok((person, action))
}

/// The Record Signature Helper: signs the person up, then adds their signature.
pub async fn record_signature(
    app: &App,
    integ: &Integration,
    id: PetitionId,
    s: &Signup,
) -> Result<(PersonRecord, PetitionRecord)> {
    integ.must_write()?;
    let p = petition(app, integ, id).await?;
    let person = signup(app, integ, s).await?;
    let input = SignatureInput::parse(
        &person.person.name,
        s.email.trim(),
        &s.postal_code,
        s.contact == Some(true),
    )
    .map_err(prefix_person)?;
    let lang = person
        .person
        .languages
        .first()
        .copied()
        .unwrap_or(Language::Nl);
    app.store
        .sign(&p, person.person.unit, &input, lang, integ.caller.now)
        .await?;
    app.store
        .link_signature(id, &input, person.person.id)
        .await?;
    Ok((person, app.store.petition(id).await?))
}

/// The answers to one question of a survey by people of the branch who agreed both to be
/// contacted and to have their answers linked to their name: person and the codes chosen.
pub async fn answers(
    app: &App,
    integ: &Integration,
    survey: enquete_domain::survey::SurveyId,
    question: &str,
) -> Result<Vec<(PersonId, Vec<String>)>> {
    let record = app.store.survey(survey).await?;
    if !record
        .definition
        .questions
        .iter()
        .any(|q| q.name == question && !q.kind.choices().is_empty())
    {
        return Err(Error::NotFound("question"));
    }
    let linked = app.store.linked_answers(survey).await?;
    let ids: Vec<PersonId> = linked.iter().map(|(p, _)| *p).collect();
    let contact = consenting(app, &ids).await?;
    let link = app
        .store
        .consenting(&ids, ConsentPurpose::SurveyLink)
        .await?;
    let raw: Vec<i64> = ids
        .iter()
        .filter(|p| contact.contains(p) && link.contains(p))
        .map(|p| p.0)
        .collect();
    let inside: std::collections::HashSet<PersonId> = app
        .store
        .people_by_ids(&raw)
        .await?
        .into_iter()
        .filter(|p| p.unit_path.is_within(integ.scope()))
        .map(|p| p.person.id)
        .collect();
    let people: Vec<PersonId> = inside.iter().copied().collect();
    audit_people(app, integ, AuditAction::Search, &people, "answers").await?;
    Ok(linked
        .into_iter()
        .filter(|(p, _)| inside.contains(p))
        .filter_map(|(p, answers)| {
            let codes = match answers.0.get(question)? {
                enquete_domain::survey::AnswerValue::List(l) => l.clone(),
                other => other
                    .as_text()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
            };
            Some((p, codes))
        })
        .collect())
}

/// One audit entry in the log of each person an integration was shown.
async fn audit_people(
    app: &App,
    integ: &Integration,
    action: AuditAction,
    people: &[PersonId],
    what: &str,
) -> Result<()> {
    if people.is_empty() {
        return Ok(());
    }
    crate::audit::list(
        app,
        &integ.caller,
        action,
        people,
        format!("api osdi {what} (integration {})", integ.token.name),
    )
    .await
}

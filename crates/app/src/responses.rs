//! Survey responses coming in, whichever door they come through: the phone's offline batches
//! (each item checked and answered on its own) and paper forms typed into a CSV file. Every
//! response passes the same checks ([`admit`]) and is stored by the same idempotent ingestion,
//! so sending the same batch or file again never stores anything twice.

use crate::{App, Caller, Error, Result};
use enquete_domain::account::UserId;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, NewConsent, PersonDetails, PersonInput,
};
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{Answers, Channel, SurveyId, plausible_collection_time};
use enquete_domain::{FieldError, Problem, Timestamp, field_of_path};
use enquete_store::{IngestOutcome, NewContact, NewResponse, StoreError, SurveyRecord};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// At most this many responses in one batch.
pub const MAX_BATCH: usize = 500;

/// One response of a batch, as a phone sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseItem {
    /// Made by the client: a UUID version 7, so a resend is recognised.
    pub id: String,
    pub survey_id: i64,
    /// The survey version the questions came from.
    pub version: i64,
    /// The section the response was collected for.
    pub unit_id: i64,
    /// door, workplace, street, online or paper
    pub channel: String,
    /// When it was collected: seconds since 1970-01-01 UTC.
    pub collected_at: i64,
    /// Answers by question code: a choice code or text, a whole number, or a list of codes.
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
    /// Only when the respondent agreed to be contacted again.
    pub contact: Option<ContactBody>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Must be true: contact details are kept only with the respondent's consent.
    pub consent: bool,
}

/// Why a response was refused: the field at fault and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: String,
    /// What is wrong, as a message id the adapter words in the caller's language.
    pub problem: Problem,
}

impl Refusal {
    fn new(field: &str, problem: Problem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// What became of one response of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    /// Stored before (a resend).
    Duplicate,
    Rejected(Refusal),
}

/// One response's outcome, with its id as sent (empty if the item had none).
#[derive(Debug, Clone)]
pub struct ItemOutcome {
    pub id: String,
    pub outcome: Outcome,
}

/// A client-made id: a UUID of version 7 (time-ordered), stored lower-case.
fn parse_id(raw: &str) -> std::result::Result<String, Problem> {
    let id = uuid::Uuid::parse_str(raw).map_err(|_| Problem::new("error-uuid"))?;
    if id.get_version_num() != 7 {
        return Err(Problem::new("error-uuid-v7"));
    }
    Ok(id.hyphenated().to_string())
}

/// One item of a batch as sent, decoded and checked on its own terms (nothing looked up yet).
pub struct Decoded {
    pub id: String,
    pub survey_id: i64,
    pub version: i64,
    pub unit_id: i64,
    pub channel: Channel,
    pub collected_at: Timestamp,
    pub answers: Answers,
    /// Contact details, only given with consent.
    pub contact: Option<PersonDetails>,
}

/// Decodes one item of a batch without touching the database: the shape, the id, the channel,
/// the time, the answers' form and the contact details. What needs the survey or the unit is
/// checked afterwards by [`admit`]. A refusal names the field, with the item's id as sent.
pub fn decode(
    value: serde_json::Value,
    now: Timestamp,
) -> std::result::Result<Decoded, ItemOutcome> {
    let sent_id = value
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let refused = |id: String, field: &str, problem: Problem| ItemOutcome {
        id,
        outcome: Outcome::Rejected(Refusal::new(field, problem)),
    };
    let item: ResponseItem = match serde_path_to_error::deserialize(value) {
        Ok(item) => item,
        Err(e) => {
            let field = field_of_path(e.path().to_string(), "response");
            let problem = Problem::new("error-input-shape").arg("detail", e.inner());
            return Err(refused(sent_id, &field, problem));
        }
    };
    let id = parse_id(&item.id).map_err(|problem| refused(sent_id, "id", problem))?;
    let channel =
        Channel::parse(&item.channel).map_err(|e| refused(id.clone(), e.field, e.problem))?;
    if !plausible_collection_time(item.collected_at, now) {
        return Err(refused(
            id,
            "collected_at",
            Problem::new("error-collected-at"),
        ));
    }
    let answers: Answers = serde_json::from_value(item.answers)
        .map_err(|_| refused(id.clone(), "answers", Problem::new("error-answers-shape")))?;
    let contact = match item.contact {
        None => None,
        Some(c) if !c.consent => {
            return Err(refused(
                id,
                "contact.consent",
                Problem::new("error-contact-consent"),
            ));
        }
        Some(c) => {
            let input = PersonInput {
                name: c.name,
                email: c.email.unwrap_or_default(),
                phone: c.phone.unwrap_or_default(),
                ..Default::default()
            };
            Some(
                input
                    .parse()
                    .map_err(|e| refused(id.clone(), &format!("contact.{}", e.field), e.problem))?,
            )
        }
    };
    Ok(Decoded {
        id,
        survey_id: item.survey_id,
        version: item.version,
        unit_id: item.unit_id,
        channel,
        collected_at: Timestamp(item.collected_at),
        answers,
        contact,
    })
}

/// A response as collected, before the checks that need its survey and unit.
pub struct Collected {
    pub id: String,
    pub channel: Channel,
    pub collected_at: Timestamp,
    pub answers: Answers,
    /// Contact details, given with the respondent's consent to be contacted.
    pub contact: Option<PersonDetails>,
    /// The account that collected it, if any.
    pub collector: Option<UserId>,
    /// Where it came from (a network address, "paper import"...).
    pub origin: String,
}

/// The checks every response passes, whichever door it came through: the unit is an open
/// section, the collector may collect for it, the answers fit that exact survey version, and
/// contact details become a contact with the consent they were given with.
pub fn admit(
    survey: &SurveyRecord,
    unit: &Unit,
    may_collect: bool,
    r: Collected,
) -> std::result::Result<NewResponse, Refusal> {
    if !may_collect {
        return Err(Refusal::new(
            "unit_id",
            Problem::new("error-may-not-collect"),
        ));
    }
    if !unit.kind.is_section() || unit.is_archived() {
        return Err(Refusal::new(
            "unit_id",
            Problem::new("error-collect-open-section"),
        ));
    }
    survey
        .definition
        .validate_answers(
            &r.answers,
            enquete_domain::survey::FormClock::at(r.collected_at),
        )
        .map_err(|e| Refusal::new("answers", e.problem))?;
    let contact = match r.contact {
        None => None,
        Some(details) => Some(NewContact {
            details,
            consent: NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: ConsentSource::enquete(r.channel.as_str(), &survey.definition.form_id)
                    .map_err(|e| Refusal::new("survey", e.problem))?,
            },
        }),
    };
    Ok(NewResponse {
        origin: r.origin,
        id: r.id,
        survey: survey.id,
        version: survey.version,
        unit: unit.id,
        channel: r.channel,
        collector: r.collector,
        collected_at: r.collected_at,
        answers: r.answers,
        contact,
    })
}

/// Whether the caller may collect responses for a unit.
pub fn may_collect(caller: &Caller, unit: &Unit) -> bool {
    allows(
        &caller.actor,
        Action::CollectResponses,
        Target::unit(&unit.path),
    )
}

/// What one batch needs to look up once: survey versions and units.
#[derive(Default)]
struct Lookups {
    surveys: HashMap<(i64, i64), Option<SurveyRecord>>,
    units: HashMap<i64, Option<Unit>>,
}

impl Lookups {
    async fn survey(&mut self, app: &App, id: i64, version: i64) -> Result<Option<&SurveyRecord>> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.surveys.entry((id, version)) {
            let found = match app.store.survey_version(SurveyId(id), version).await {
                Ok(s) => Some(s),
                Err(StoreError::NotFound(_)) => None,
                Err(e) => return Err(e.into()),
            };
            e.insert(found);
        }
        Ok(self.surveys.get(&(id, version)).and_then(Option::as_ref))
    }

    async fn unit(&mut self, app: &App, id: i64) -> Result<Option<&Unit>> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.units.entry(id) {
            let found = match app.store.unit(UnitId(id)).await {
                Ok(u) => Some(u),
                Err(StoreError::NotFound(_)) => None,
                Err(e) => return Err(e.into()),
            };
            e.insert(found);
        }
        Ok(self.units.get(&id).and_then(Option::as_ref))
    }
}

/// Checks one item; `Ok(Err(outcome))` is a refusal to report, `Err` a failure of the server.
async fn check(
    app: &App,
    caller: &Caller,
    lookups: &mut Lookups,
    value: serde_json::Value,
) -> Result<std::result::Result<NewResponse, ItemOutcome>> {
    let item = match decode(value, caller.now) {
        Ok(item) => item,
        Err(refused) => return Ok(Err(refused)),
    };
    let id = item.id;
    let refused = |id: String, refusal: Refusal| ItemOutcome {
        id,
        outcome: Outcome::Rejected(refusal),
    };
    let Some(survey) = lookups
        .survey(app, item.survey_id, item.version)
        .await?
        .cloned()
    else {
        let problem = Problem::new("error-survey-version")
            .arg("survey", item.survey_id)
            .arg("version", item.version);
        return Ok(Err(refused(id, Refusal::new("version", problem))));
    };
    let unit = match lookups.unit(app, item.unit_id).await? {
        Some(u) => u.clone(),
        None => {
            return Ok(Err(refused(
                id,
                Refusal::new("unit_id", Problem::new("error-no-unit")),
            )));
        }
    };
    let collected = Collected {
        id: id.clone(),
        channel: item.channel,
        collected_at: item.collected_at,
        answers: item.answers,
        contact: item.contact,
        collector: Some(caller.id()),
        origin: caller.ip.clone(),
    };
    Ok(admit(&survey, &unit, may_collect(caller, &unit), collected).map_err(|r| refused(id, r)))
}

/// Takes a batch of responses a phone collected: each is checked and answered on its own, the
/// good ones stored in one transaction; a resend is reported as a duplicate, never stored twice.
pub async fn sync_batch(
    app: &App,
    caller: &Caller,
    items: Vec<serde_json::Value>,
) -> Result<Vec<ItemOutcome>> {
    let here = Target::unit(&caller.actor.scope);
    if !allows(&caller.actor, Action::CollectResponses, here) {
        return Err(Error::Forbidden);
    }
    if items.len() > MAX_BATCH {
        return Err(FieldError::new("responses", "error-responses-too-many")
            .arg("max", MAX_BATCH)
            .into());
    }
    let mut lookups = Lookups::default();
    let mut results: Vec<Option<ItemOutcome>> = Vec::with_capacity(items.len());
    let mut good: Vec<NewResponse> = Vec::new();
    let mut good_at: Vec<usize> = Vec::new();
    for (i, value) in items.into_iter().enumerate() {
        match check(app, caller, &mut lookups, value).await? {
            Ok(r) => {
                good_at.push(i);
                good.push(r);
                results.push(None);
            }
            Err(refused) => results.push(Some(refused)),
        }
    }
    let outcomes = app.store.ingest_responses(&good, caller.now).await?;
    for ((i, r), stored) in good_at.into_iter().zip(good).zip(outcomes) {
        let outcome = match stored {
            IngestOutcome::Accepted => Outcome::Accepted,
            IngestOutcome::Duplicate => Outcome::Duplicate,
        };
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(ItemOutcome { id: r.id, outcome });
        }
    }
    Ok(results.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rejection_names_a_field() {
        let now = Timestamp(1_790_000_000);
        for body in [
            r#"{"id":"01937f3e-8a4b-7c3d-9e2f-1a2b3c4d5e6f","survey_id":1,"survey_id":1}"#,
            r#"{"id":"01937f3e-8a4b-7c3d-9e2f-1a2b3c4d5e6f","":1}"#,
            r#"{"id":"01937f3e-8a4b-7c3d-9e2f-1a2b3c4d5e6f","contact":{".ame":"x"}}"#,
        ] {
            let value: serde_json::Value = serde_json::from_str(body).unwrap();
            let Err(refused) = decode(value, now) else {
                panic!("{body} was accepted")
            };
            let Outcome::Rejected(r) = refused.outcome else {
                panic!("{body}: not a rejection")
            };
            assert!(!r.field.is_empty(), "{body}");
        }
    }
}

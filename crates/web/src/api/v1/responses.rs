//! Responses in batches, as the offline canvassing page (or any client) sends them: each item is
//! answered on its own (accepted, duplicate, rejected with a reason), and sending the same
//! batch again never stores anything twice.

use crate::ctx::Staff;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, NewConsent, PersonDetails, PersonInput,
};
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{Answers, Channel, SurveyId};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{IngestOutcome, NewContact, NewResponse, StoreError, SurveyRecord};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// At most this many responses in one request.
pub const MAX_BATCH: usize = 500;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    /// The responses; each is checked and answered on its own.
    #[schema(value_type = Vec<ResponseItem>)]
    pub responses: Vec<serde_json::Value>,
}

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

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Serialize, ToSchema)]
pub struct ItemResult {
    /// The response's id, as sent (empty if the item had none).
    pub id: String,
    pub status: ItemStatus,
    /// Why it was rejected.
    pub error: Option<crate::error::ErrorDetail>,
}

#[derive(Serialize, ToSchema)]
pub struct BatchResult {
    /// One result per response, in the order sent.
    pub results: Vec<ItemResult>,
}

fn rejected(id: String, field: &str, message: String) -> ItemResult {
    ItemResult {
        id,
        status: ItemStatus::Rejected,
        error: Some(crate::error::ErrorDetail {
            field: Some(field.to_owned()),
            message,
        }),
    }
}

/// A client-made id: a UUID of version 7 (time-ordered), stored lower-case.
fn parse_id(raw: &str) -> Result<String, String> {
    let id = uuid::Uuid::parse_str(raw).map_err(|_| "must be a UUID".to_owned())?;
    if id.get_version_num() != 7 {
        return Err("must be a UUID of version 7".into());
    }
    Ok(id.hyphenated().to_string())
}

/// What one batch needs to look up once: survey versions and units.
#[derive(Default)]
struct Lookups {
    surveys: HashMap<(i64, i64), Option<SurveyRecord>>,
    units: HashMap<i64, Option<Unit>>,
}

impl Lookups {
    async fn survey(
        &mut self,
        state: &AppState,
        id: i64,
        version: i64,
    ) -> AppResult<Option<&SurveyRecord>> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.surveys.entry((id, version)) {
            let found = match state.store.survey_version(SurveyId(id), version).await {
                Ok(s) => Some(s),
                Err(StoreError::NotFound(_)) => None,
                Err(e) => return Err(e.into()),
            };
            e.insert(found);
        }
        Ok(self.surveys.get(&(id, version)).and_then(Option::as_ref))
    }

    async fn unit(&mut self, state: &AppState, id: i64) -> AppResult<Option<&Unit>> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.units.entry(id) {
            let found = match state.store.unit(UnitId(id)).await {
                Ok(u) => Some(u),
                Err(StoreError::NotFound(_)) => None,
                Err(e) => return Err(e.into()),
            };
            e.insert(found);
        }
        Ok(self.units.get(&id).and_then(Option::as_ref))
    }
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
/// checked afterwards by [`check`]. A rejection names the field.
pub fn decode(value: serde_json::Value, now: Timestamp) -> Result<Decoded, ItemResult> {
    let sent_id = value
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let item: ResponseItem = match serde_path_to_error::deserialize(value) {
        Ok(item) => item,
        Err(e) => {
            let field = crate::extract::field_of_path(e.path().to_string(), "response");
            return Err(rejected(sent_id, &field, e.inner().to_string()));
        }
    };
    let id = parse_id(&item.id).map_err(|problem| rejected(sent_id, "id", problem))?;
    let channel =
        Channel::parse(&item.channel).map_err(|e| rejected(id.clone(), e.field, e.problem))?;
    // Not before the year 2000, not more than a day ahead of the server's clock.
    if item.collected_at < 946_684_800 || item.collected_at > now.0.saturating_add(86_400) {
        return Err(rejected(
            id,
            "collected_at",
            "is not a plausible time (seconds since 1970, UTC)".into(),
        ));
    }
    let answers: Answers = serde_json::from_value(item.answers).map_err(|_| {
        rejected(
            id.clone(),
            "answers",
            "must map question codes to a text, a whole number or a list of codes".into(),
        )
    })?;
    let contact =
        match item.contact {
            None => None,
            Some(c) if !c.consent => {
                return Err(rejected(
                    id,
                    "contact.consent",
                    "contact details are kept only with the respondent's consent".into(),
                ));
            }
            Some(c) => {
                let input = PersonInput {
                    name: c.name,
                    email: c.email.unwrap_or_default(),
                    phone: c.phone.unwrap_or_default(),
                    ..Default::default()
                };
                Some(input.parse().map_err(|e| {
                    rejected(id.clone(), &format!("contact.{}", e.field), e.problem)
                })?)
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

/// Checks one item; `Ok(Err(result))` is a rejection to report, `Err` a failure of the server.
async fn check(
    state: &AppState,
    staff: &Staff,
    lookups: &mut Lookups,
    value: serde_json::Value,
    now: Timestamp,
) -> AppResult<Result<NewResponse, ItemResult>> {
    let item = match decode(value, now) {
        Ok(item) => item,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let id = item.id;
    let Some(survey) = lookups
        .survey(state, item.survey_id, item.version)
        .await?
        .cloned()
    else {
        return Ok(Err(rejected(
            id,
            "version",
            format!("survey {} has no version {}", item.survey_id, item.version),
        )));
    };
    let unit = match lookups.unit(state, item.unit_id).await? {
        Some(u) => u.clone(),
        None => return Ok(Err(rejected(id, "unit_id", "no such unit".into()))),
    };
    if !allows(
        &staff.actor,
        Action::CollectResponses,
        Target::unit(&unit.path),
    ) {
        return Ok(Err(rejected(
            id,
            "unit_id",
            "you may not collect responses for this unit".into(),
        )));
    }
    if !unit.kind.is_section() || unit.is_archived() {
        return Ok(Err(rejected(
            id,
            "unit_id",
            "responses are collected for an open section".into(),
        )));
    }
    if let Err(e) = survey.definition.validate_answers(&item.answers) {
        return Ok(Err(rejected(id, "answers", e.problem)));
    }
    let contact = match item.contact {
        None => None,
        Some(details) => {
            let source = ConsentSource::enquete(item.channel.as_str(), &survey.definition.form_id)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Some(NewContact {
                details,
                consent: NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: true,
                    source,
                },
            })
        }
    };
    Ok(Ok(NewResponse {
        origin: staff.ctx.ip.clone(),
        id,
        survey: survey.id,
        version: survey.version,
        unit: unit.id,
        channel: item.channel,
        collector: Some(staff.id()),
        collected_at: item.collected_at,
        answers: item.answers,
        contact,
    }))
}

/// Send collected responses. Each one is answered on its own; resending is always safe.
#[utoipa::path(post, path = "/api/v1/responses:batch", tag = "responses", request_body = BatchBody,
    responses((status = 200, body = BatchResult), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<BatchBody>,
) -> AppResult<Json<BatchResult>> {
    if !allows(
        &staff.actor,
        Action::CollectResponses,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    if body.responses.len() > MAX_BATCH {
        return Err(FieldError::new(
            "responses",
            format!("send at most {MAX_BATCH} responses at a time"),
        )
        .into());
    }
    let now = Timestamp::now_utc();
    let mut lookups = Lookups::default();
    let mut results: Vec<Option<ItemResult>> = Vec::with_capacity(body.responses.len());
    let mut good: Vec<NewResponse> = Vec::new();
    let mut good_at: Vec<usize> = Vec::new();
    for (i, value) in body.responses.into_iter().enumerate() {
        match check(&state, &staff, &mut lookups, value, now).await? {
            Ok(r) => {
                good_at.push(i);
                good.push(r);
                results.push(None);
            }
            Err(rejection) => results.push(Some(rejection)),
        }
    }
    let outcomes = state.store.ingest_responses(&good, now).await?;
    for ((i, r), outcome) in good_at.into_iter().zip(good).zip(outcomes) {
        let status = match outcome {
            IngestOutcome::Accepted => ItemStatus::Accepted,
            IngestOutcome::Duplicate => ItemStatus::Duplicate,
        };
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(ItemResult {
                id: r.id,
                status,
                error: None,
            });
        }
    }
    Ok(Json(BatchResult {
        results: results.into_iter().flatten().collect(),
    }))
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
            let Err(rejected) = decode(value, now) else {
                panic!("{body} was accepted")
            };
            let error = rejected.error.unwrap();
            assert!(error.field.is_some_and(|f| !f.is_empty()), "{body}");
        }
    }
}

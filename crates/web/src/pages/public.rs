//! Answering a survey online through a public link, without an account: a plain HTML form that
//! works without JavaScript, protected by a per-address rate limit, a honeypot field and, where
//! the link asks for it, one response per e-mail address.

use super::chrome::{Chrome, Invalid, page};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use enquete_domain::people::{ConsentPurpose, ConsentSource, Language, NewConsent, PersonInput};
use enquete_domain::survey::{AnswerValue, Answers, Channel, QuestionKind, SurveyDefinition};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{NewContact, NewResponse, StoreError, SurveyLink};
use std::collections::HashMap;

/// The name of the field people never see and robots fill in.
pub(crate) const HONEYPOT: &str = "website";

struct Field {
    name: String,
    label: String,
    hint: String,
    required: bool,
    /// single, multiple, ranking, scale, number, text, input (with `input_type`), acknowledge,
    /// note
    kind: &'static str,
    /// For `input`: the HTML input type (date, time, datetime-local, number, text).
    input_type: &'static str,
    choices: Vec<(String, String)>,
    /// For rankings: how many places; for scales: the steps.
    places: Vec<usize>,
    steps: Vec<i64>,
    min: String,
    max: String,
    max_length: u32,
}

#[derive(Template)]
#[template(path = "public_survey.html")]
struct FormPage {
    c: Chrome,
    token: String,
    title: String,
    fields: Vec<Field>,
    one_per_email: bool,
    inv: Invalid,
    prev: HashMap<String, Vec<String>>,
    has_contact_question: bool,
}

impl FormPage {
    fn has(&self, name: impl AsRef<str>, value: impl AsRef<str>) -> bool {
        self.prev
            .get(name.as_ref())
            .is_some_and(|v| v.iter().any(|x| x == value.as_ref()))
    }

    fn value(&self, name: impl AsRef<str>) -> String {
        self.prev
            .get(name.as_ref())
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "public_done.html")]
struct DonePage {
    c: Chrome,
    title: String,
}

/// The questions a form without JavaScript can ask: not those in repeats (rows cannot be
/// added without a script), nor photos, calculations or metadata.
fn fields(def: &SurveyDefinition, lang: Language) -> Vec<Field> {
    def.respondent_questions()
        .filter(|q| {
            q.kind.is_shown()
                && !matches!(q.kind, QuestionKind::Media { .. })
                && q.details.calculation.is_none()
        })
        .map(|q| {
            let input = |t: &'static str| ("input", t);
            let ((kind, input_type), places, steps, min, max, max_length) = match &q.kind {
                QuestionKind::SingleChoice { .. } => (
                    ("single", ""),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::MultipleChoice { .. } => (
                    ("multiple", ""),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Ranking { max, .. } => (
                    ("ranking", ""),
                    (1..=usize::from(*max)).collect(),
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Scale { min, max } => (
                    ("scale", ""),
                    vec![],
                    (*min..=*max).collect(),
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Number { min, max } => (
                    ("number", ""),
                    vec![],
                    vec![],
                    min.map(|m| m.to_string()).unwrap_or_default(),
                    max.map(|m| m.to_string()).unwrap_or_default(),
                    0,
                ),
                QuestionKind::Text { max_length } => (
                    ("text", ""),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    *max_length,
                ),
                QuestionKind::Decimal => (
                    input("number"),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Date => (
                    input("date"),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Time => (
                    input("time"),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::DateTime => (
                    input("datetime-local"),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Acknowledge => (
                    ("acknowledge", ""),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                QuestionKind::Note => (
                    ("note", ""),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
                _ => (
                    input("text"),
                    vec![],
                    vec![],
                    String::new(),
                    String::new(),
                    0,
                ),
            };
            Field {
                name: q.key(),
                label: q.shown_label(lang).to_owned(),
                hint: q.hint.get(lang).to_owned(),
                required: q.required,
                kind,
                input_type,
                choices: q
                    .kind
                    .choices()
                    .iter()
                    .map(|c| (c.name.clone(), c.label.get(lang).to_owned()))
                    .collect(),
                places,
                steps,
                min,
                max,
                max_length,
            }
        })
        .collect()
}

async fn open_link(
    state: &AppState,
    token: &str,
) -> AppResult<(SurveyLink, enquete_store::SurveyRecord)> {
    let link = match state.store.link(token).await {
        Ok(l) if !l.closed => l,
        Ok(_) | Err(StoreError::NotFound(_)) => return Err(AppError::NotFound("survey link")),
        Err(e) => return Err(e.into()),
    };
    let survey = state.store.survey(link.survey).await?;
    Ok((link, survey))
}

fn render(
    ctx: &Ctx,
    link: &SurveyLink,
    def: &SurveyDefinition,
    inv: Invalid,
    prev: HashMap<String, Vec<String>>,
) -> AppResult<Response> {
    let c = Chrome::new(ctx);
    let has_error = inv.any();
    let mut response = page(&FormPage {
        token: link.token.clone(),
        title: def.title.get(c.tr.lang).to_owned(),
        fields: fields(def, c.tr.lang),
        one_per_email: link.one_per_email,
        inv,
        prev,
        has_contact_question: def.question("contact").is_some(),
        c,
    })?;
    if has_error {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The QR code of a survey's public link, to print on a leaflet.
pub async fn qr(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    open_link(&state, &token).await?;
    let url = format!(
        "{}/s/{token}",
        state.config.public_url.trim_end_matches('/')
    );
    let svg = crate::share::qr_svg(&url).ok_or(AppError::NotFound("survey"))?;
    Ok(crate::share::svg_response(svg))
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (link, survey) = open_link(&state, &token).await?;
    render(
        &ctx,
        &link,
        &survey.definition,
        Invalid::none(),
        HashMap::new(),
    )
}

/// Turns the submitted fields into answers; a problem names the question.
fn answers_from(
    def: &SurveyDefinition,
    prev: &HashMap<String, Vec<String>>,
) -> Result<Answers, FieldError> {
    let mut answers = Answers::default();
    let first = |key: &str| {
        prev.get(key)
            .and_then(|v| v.iter().find(|x| !x.trim().is_empty()))
            .map(|x| x.trim().to_owned())
    };
    for q in def.respondent_questions() {
        let key = format!("q_{}", q.key());
        let value = match &q.kind {
            QuestionKind::Decimal => match first(&key) {
                Some(raw) => Some(AnswerValue::Decimal(enquete_domain::survey::Decimal(
                    raw.replace(',', ".").parse().map_err(|_| {
                        FieldError::new("answers", "error-answer-decimal")
                            .arg("question", &q.name)
                            .arg("value", raw)
                    })?,
                ))),
                None => None,
            },
            // A browser's date-time field has no seconds and no zone: read as UTC.
            QuestionKind::DateTime => first(&key).map(|raw| {
                AnswerValue::Text(if raw.len() == 16 {
                    format!("{raw}:00Z")
                } else {
                    raw
                })
            }),
            QuestionKind::Note | QuestionKind::Calculate { .. } | QuestionKind::Metadata { .. } => {
                None
            }
            QuestionKind::SingleChoice { .. }
            | QuestionKind::Text { .. }
            | QuestionKind::Date
            | QuestionKind::Time
            | QuestionKind::Geopoint
            | QuestionKind::Geotrace
            | QuestionKind::Geoshape
            | QuestionKind::Media { .. }
            | QuestionKind::Barcode
            | QuestionKind::Acknowledge => first(&key).map(AnswerValue::Text),
            QuestionKind::MultipleChoice { .. } => {
                let list: Vec<String> = prev
                    .get(&key)
                    .map(|v| v.iter().filter(|x| !x.is_empty()).cloned().collect())
                    .unwrap_or_default();
                (!list.is_empty()).then_some(AnswerValue::List(list))
            }
            QuestionKind::Ranking { max, .. } => {
                let list: Vec<String> = (1..=usize::from(*max))
                    .filter_map(|i| first(&format!("{key}_{i}")))
                    .collect();
                (!list.is_empty()).then_some(AnswerValue::List(list))
            }
            QuestionKind::Scale { .. } | QuestionKind::Number { .. } => match first(&key) {
                Some(raw) => Some(AnswerValue::Number(raw.parse().map_err(|_| {
                    FieldError::new("answers", "error-not-whole-number")
                        .arg("question", &q.name)
                        .arg("value", raw)
                })?)),
                None => None,
            },
        };
        if let Some(v) = value {
            answers.0.insert(q.key(), v);
        }
    }
    let clock = enquete_domain::survey::FormClock::at(enquete_domain::Timestamp::now_utc());
    def.drop_unasked(&mut answers, clock);
    def.validate_answers(&answers, clock)?;
    Ok(answers)
}

/// The fields of a single-valued public form, trimmed.
pub(crate) fn single_fields(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .collect()
}

/// A UUID v7 made on the server, for responses that come without one.
fn new_id(now: Timestamp) -> String {
    let token = enquete_app::auth::random_token();
    let mut random = [0u8; 10];
    for (i, slot) in random.iter_mut().enumerate() {
        *slot = token
            .get(i * 2..i * 2 + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    let millis = u64::try_from(now.0).unwrap_or(0) * 1000;
    uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .into_uuid()
        .hyphenated()
        .to_string()
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let (link, survey) = open_link(&state, &token).await?;
    let now = enquete_app::public::admit(&state, &ctx.ip, Timestamp::now_utc()).await?;
    let mut prev: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in form_urlencoded::parse(&body) {
        prev.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    let thanks = |c: Chrome| {
        page(&DonePage {
            title: survey.definition.title.get(c.tr.lang).to_owned(),
            c,
        })
    };
    // Robots fill in every field; people never see this one. Thank them and keep nothing.
    if prev
        .get(HONEYPOT)
        .is_some_and(|v| v.iter().any(|x| !x.is_empty()))
    {
        return thanks(Chrome::new(&ctx));
    }
    let answers = match answers_from(&survey.definition, &prev) {
        Ok(a) => a,
        Err(e) => {
            // Beside the question it is about (`q_<code>` in the form).
            let inv = Invalid::field(ctx.tr, &e);
            let inv = match e.problem.get("question") {
                Some(q) => inv.on(&format!("q_{q}")),
                None => inv,
            };
            return render(&ctx, &link, &survey.definition, inv, prev);
        }
    };
    let get = |k: &str| {
        prev.get(k)
            .and_then(|v| v.first())
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    // The store keeps a keyed digest of the link and the address, never the address.
    let claimed_email = if link.one_per_email {
        match enquete_domain::people::Email::parse(&get("email")) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(e) => {
                let inv = Invalid::field(ctx.tr, &e);
                return render(&ctx, &link, &survey.definition, inv, prev);
            }
        }
    } else {
        None
    };
    let wants_contact =
        matches!(answers.0.get("contact"), Some(AnswerValue::Text(t)) if t == "yes");
    let contact = if wants_contact && !get("contact_name").is_empty() {
        let input = PersonInput {
            name: get("contact_name"),
            email: get("contact_email"),
            phone: get("contact_phone"),
            ..Default::default()
        };
        match input.parse() {
            Ok(details) => Some(NewContact {
                details,
                consent: NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: true,
                    source: ConsentSource::enquete("online", &survey.definition.form_id)?,
                },
            }),
            Err(e) => {
                let inv = Invalid::field(ctx.tr, &e).on(&format!("contact_{}", e.field));
                return render(&ctx, &link, &survey.definition, inv, prev);
            }
        }
    } else {
        None
    };
    let response = NewResponse {
        origin: ctx.ip.clone(),
        id: new_id(now),
        survey: survey.id,
        version: survey.version,
        unit: link.unit,
        channel: Channel::Online,
        collector: None,
        collected_at: now,
        answers,
        contact,
    };
    match state
        .store
        .submit_online(&link.token, claimed_email.as_deref(), &response, now)
        .await
    {
        Ok(_) => thanks(Chrome::new(&ctx)),
        Err(StoreError::Invalid(e)) => {
            let inv = Invalid::field(ctx.tr, &e);
            render(&ctx, &link, &survey.definition, inv, prev)
        }
        Err(e) => Err(e.into()),
    }
}

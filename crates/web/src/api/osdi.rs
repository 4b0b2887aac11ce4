//! The OSDI 1.1 door (`/api/osdi/v1`, HAL+JSON, `application/hal+json`): the entry point, people
//! with their taggings, tags, events (our actions) with attendances, petitions with signatures,
//! questions (the enquête's choice questions), and the Person Signup, Record Attendance and
//! Record Signature helpers. Each request carries an integration's token in the
//! `OSDI-API-Token` header; what it reads and writes is the token's unit and below, and only
//! people who agreed to be contacted (`enquete_app::osdi`).
//!
//! Collections are paged (`page`, `per_page` up to 100) and people can be filtered with the
//! OData subset the specification names: `filter=modified_date gt '2026-01-01'`,
//! `filter=email eq 'someone@example.org'`, joined by `and`.

use crate::ctx::client_ip_of;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::{HeaderValue, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use enquete_app::osdi::{Integration, MAX_PAGE, Signup};
use enquete_domain::Timestamp;
use enquete_domain::campaign::{ActionId, PetitionId, RsvpStatus};
use enquete_domain::people::{Language, PersonId};
use enquete_store::{ActionRecord, PersonRecord, PetitionRecord};
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;

const ROOT: &str = "/api/osdi/v1";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(ROOT, get(entry))
        .route(&format!("{ROOT}/people"), get(people))
        .route(&format!("{ROOT}/people/person_signup"), post(person_signup))
        .route(
            &format!("{ROOT}/people/person_signup_helper"),
            post(person_signup),
        )
        .route(&format!("{ROOT}/people/{{id}}"), get(person))
        .route(
            &format!("{ROOT}/people/{{id}}/taggings"),
            get(person_taggings),
        )
        .route(&format!("{ROOT}/tags"), get(tags))
        .route(&format!("{ROOT}/tags/{{name}}"), get(tag))
        .route(&format!("{ROOT}/tags/{{name}}/taggings"), get(tag_taggings))
        .route(&format!("{ROOT}/events"), get(events))
        .route(&format!("{ROOT}/events/{{id}}"), get(event))
        .route(
            &format!("{ROOT}/events/{{id}}/attendances"),
            get(attendances),
        )
        .route(
            &format!("{ROOT}/events/{{id}}/record_attendance_helper"),
            post(record_attendance),
        )
        .route(&format!("{ROOT}/petitions"), get(petitions))
        .route(&format!("{ROOT}/petitions/{{id}}"), get(petition))
        .route(
            &format!("{ROOT}/petitions/{{id}}/signatures"),
            get(signatures),
        )
        .route(
            &format!("{ROOT}/petitions/{{id}}/record_signature_helper"),
            post(record_signature),
        )
        .route(&format!("{ROOT}/questions"), get(questions))
        .route(&format!("{ROOT}/questions/{{id}}"), get(question))
        .route(&format!("{ROOT}/questions/{{id}}/answers"), get(answers))
        .route(
            &format!("{ROOT}/questions/{{id}}/answers/{{person}}"),
            get(answer),
        )
}

/// The integration behind a request, from its `OSDI-API-Token` header.
pub struct Osdi(Integration);

impl FromRequestParts<AppState> for Osdi {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get("osdi-api-token")
            .and_then(|v| v.to_str().ok())
            .ok_or(AppError::Unauthenticated)?;
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip());
        let ip = client_ip_of(&parts.headers, peer, state.config.trusted_proxy);
        enquete_app::osdi::authenticate(&state.app, token, &ip, Timestamp::now_utc())
            .await?
            .map(Osdi)
            .ok_or(AppError::Unauthenticated)
    }
}

fn hal(body: Value) -> Response {
    let mut r = axum::Json(body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/hal+json; charset=utf-8"),
    );
    r
}

fn base(state: &AppState) -> String {
    format!("{}{ROOT}", state.config.public_url.trim_end_matches('/'))
}

fn href(url: String) -> Value {
    json!({ "href": url })
}

/// The CURIE that expands `osdi:people` to the specification's documentation.
fn curies() -> Value {
    json!([{ "name": "osdi", "href": "http://opensupporter.org/api/v1/{rel}", "templated": true }])
}

async fn entry(State(state): State<AppState>, Osdi(integ): Osdi) -> Response {
    let b = base(&state);
    hal(json!({
        "motd": format!("Enquête: the records of {} and below", integ.token.unit_name),
        "vendor_name": "Enquête",
        "product_name": "Enquête",
        "osdi_version": "1.1",
        "max_pagesize": MAX_PAGE,
        "namespace": "enquete",
        "_links": {
            "self": href(b.clone()),
            "curies": curies(),
            "osdi:people": { "href": format!("{b}/people"), "title": "The people who agreed to be contacted" },
            "osdi:tags": { "href": format!("{b}/tags"), "title": "The tags" },
            "osdi:events": { "href": format!("{b}/events"), "title": "The actions and events" },
            "osdi:petitions": { "href": format!("{b}/petitions"), "title": "The petitions" },
            "osdi:questions": { "href": format!("{b}/questions"), "title": "The survey's questions" },
            "osdi:person_signup_helper": { "href": format!("{b}/people/person_signup"), "title": "Sign a person up" },
        }
    }))
}

#[derive(Deserialize, Default)]
pub struct Paging {
    page: Option<String>,
    per_page: Option<String>,
    #[serde(default)]
    filter: String,
}

impl Paging {
    fn read(&self) -> AppResult<(i64, i64)> {
        let number = |raw: &Option<String>, field: &'static str, default: i64| -> AppResult<i64> {
            match raw.as_deref().map(str::trim) {
                None | Some("") => Ok(default),
                Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    AppError::Field(enquete_domain::FieldError::new(field, "error-osdi-page"))
                }),
            }
        };
        let page = number(&self.page, "page", 1)?;
        let per_page = number(&self.per_page, "per_page", 25)?.min(MAX_PAGE);
        Ok((page, per_page))
    }
}

/// A page of a collection: the counts, its links (self, next, prev, and one per record), the
/// records embedded.
fn collection(
    url: &str,
    rel: &str,
    items: Vec<Value>,
    total: i64,
    page: i64,
    per_page: i64,
    extra_query: &str,
) -> Response {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let link = |n: i64| href(format!("{url}?page={n}&per_page={per_page}{extra_query}"));
    let mut links = serde_json::Map::new();
    links.insert("self".into(), link(page));
    if page < pages {
        links.insert("next".into(), link(page + 1));
    }
    if page > 1 {
        links.insert("prev".into(), link(page - 1));
    }
    links.insert("curies".into(), curies());
    links.insert(
        rel.into(),
        Value::Array(
            items
                .iter()
                .filter_map(|i| i.pointer("/_links/self").cloned())
                .collect(),
        ),
    );
    hal(json!({
        "total_pages": pages,
        "per_page": per_page,
        "page": page,
        "total_records": total,
        "_links": links,
        "_embedded": { rel: items },
    }))
}

/// A page of a collection held in memory.
fn paged(url: &str, rel: &str, all: Vec<Value>, page: i64, per_page: i64) -> Response {
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(0);
    let items = all.into_iter().skip(skip).take(take).collect();
    collection(url, rel, items, total, page, per_page, "")
}

fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((given, family)) => (given.to_owned(), family.trim().to_owned()),
        None => (name.trim().to_owned(), String::new()),
    }
}

fn person_json(b: &str, p: &PersonRecord) -> Value {
    let rec = &p.person;
    let (given, family) = split_name(&rec.name);
    let id = rec.id.0;
    let mut out = json!({
        "identifiers": [format!("enquete:{id}")],
        "origin_system": "Enquête",
        "created_date": rec.created_at.rfc3339(),
        "modified_date": rec.updated_at.rfc3339(),
        "given_name": given,
        "family_name": family,
        "languages_spoken": rec.languages.iter().map(|l| l.code()).collect::<Vec<_>>(),
        "email_addresses": rec.email.iter().map(|e| json!({
            "address": e, "primary": true, "status": "subscribed"
        })).collect::<Vec<_>>(),
        "phone_numbers": rec.phone.iter().map(|n| json!({
            "number": n, "primary": true
        })).collect::<Vec<_>>(),
        "postal_addresses": rec.address.iter().map(|a| json!({
            "address_lines": [a], "country": "BE", "primary": true
        })).collect::<Vec<_>>(),
        "custom_fields": {
            "stage": rec.stage.as_str(),
            "unit": p.unit_name,
            "unit_id": rec.unit.0.to_string(),
        },
        "_links": {
            "self": href(format!("{b}/people/{id}")),
            "osdi:taggings": href(format!("{b}/people/{id}/taggings")),
        }
    });
    if let Some(obj) = out.as_object_mut()
        && rec.email.is_none()
    {
        obj.remove("email_addresses");
    }
    out
}

async fn people(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let mut query = enquete_app::osdi::parse_filter(&q.filter)?;
    query.offset = (page - 1) * per_page;
    query.limit = per_page;
    let (list, total) = enquete_app::osdi::people(&state.app, &integ, &query).await?;
    let b = base(&state);
    let extra = if q.filter.is_empty() {
        String::new()
    } else {
        format!(
            "&filter={}",
            form_urlencoded::byte_serialize(q.filter.as_bytes()).collect::<String>()
        )
    };
    Ok(collection(
        &format!("{b}/people"),
        "osdi:people",
        list.iter().map(|p| person_json(&b, p)).collect(),
        total,
        page,
        per_page,
        &extra,
    ))
}

fn id_of(raw: &str, what: &'static str) -> AppResult<i64> {
    raw.trim_start_matches("enquete:")
        .parse()
        .map_err(|_| AppError::NotFound(what))
}

async fn person(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = PersonId(id_of(&id, "person")?);
    let p = enquete_app::osdi::person(&state.app, &integ, id).await?;
    Ok(hal(person_json(&base(&state), &p)))
}

fn tagging_json(b: &str, person: i64, tag: &str) -> Value {
    let tag_path = form_urlencoded::byte_serialize(tag.as_bytes()).collect::<String>();
    json!({
        "identifiers": [format!("enquete:{person}-{tag}")],
        "item_type": "osdi:person",
        "_links": {
            "self": href(format!("{b}/tags/{tag_path}/taggings/{person}")),
            "osdi:tag": href(format!("{b}/tags/{tag_path}")),
            "osdi:person": href(format!("{b}/people/{person}")),
        }
    })
}

async fn person_taggings(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let id = PersonId(id_of(&id, "person")?);
    let p = enquete_app::osdi::person(&state.app, &integ, id).await?;
    let b = base(&state);
    let all: Vec<Value> = p
        .person
        .tags
        .iter()
        .map(|t| tagging_json(&b, id.0, t.as_str()))
        .collect();
    Ok(paged(
        &format!("{b}/people/{}/taggings", id.0),
        "osdi:taggings",
        all,
        page,
        per_page,
    ))
}

fn tag_json(b: &str, name: &str) -> Value {
    let path = form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>();
    json!({
        "identifiers": [format!("enquete:{name}")],
        "name": name,
        "_links": {
            "self": href(format!("{b}/tags/{path}")),
            "osdi:taggings": href(format!("{b}/tags/{path}/taggings")),
        }
    })
}

async fn tags(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let b = base(&state);
    let all: Vec<Value> = enquete_app::osdi::tags(&state.app, &integ)
        .await?
        .iter()
        .map(|(name, _)| tag_json(&b, name))
        .collect();
    Ok(paged(
        &format!("{b}/tags"),
        "osdi:tags",
        all,
        page,
        per_page,
    ))
}

async fn tag(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(name): Path<String>,
) -> AppResult<Response> {
    let b = base(&state);
    let found = enquete_app::osdi::tags(&state.app, &integ)
        .await?
        .into_iter()
        .find(|(t, _)| *t == name)
        .ok_or(AppError::NotFound("tag"))?;
    Ok(hal(tag_json(&b, &found.0)))
}

async fn tag_taggings(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(name): Path<String>,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let query = enquete_store::OsdiPeopleQuery {
        tag: Some(name.clone()),
        offset: (page - 1) * per_page,
        limit: per_page,
        ..Default::default()
    };
    let (list, total) = enquete_app::osdi::people(&state.app, &integ, &query).await?;
    if total == 0 {
        return Err(AppError::NotFound("tag"));
    }
    let b = base(&state);
    let path = form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>();
    Ok(collection(
        &format!("{b}/tags/{path}/taggings"),
        "osdi:taggings",
        list.iter()
            .map(|p| tagging_json(&b, p.person.id.0, &name))
            .collect(),
        total,
        page,
        per_page,
        "",
    ))
}

fn event_json(b: &str, a: &ActionRecord) -> Value {
    let id = a.id.0;
    let mut out = json!({
        "identifiers": [format!("enquete:{id}")],
        "origin_system": "Enquête",
        "title": a.title,
        "name": a.title,
        "description": a.description,
        "start_date": a.starts_at.rfc3339(),
        "status": if a.cancelled { "cancelled" } else { "confirmed" },
        "type": "open",
        "visibility": if a.public { "public" } else { "private" },
        "location": { "venue": a.place },
        "total_accepted": a.confirmed,
        "_links": {
            "self": href(format!("{b}/events/{id}")),
            "osdi:attendances": href(format!("{b}/events/{id}/attendances")),
            "osdi:record_attendance_helper": href(format!("{b}/events/{id}/record_attendance_helper")),
        }
    });
    if let (Some(capacity), Some(obj)) = (a.capacity, out.as_object_mut()) {
        obj.insert("capacity".into(), json!(capacity));
    }
    out
}

async fn events(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let b = base(&state);
    let all: Vec<Value> = enquete_app::osdi::events(&state.app, &integ)
        .await?
        .iter()
        .map(|a| event_json(&b, a))
        .collect();
    Ok(paged(
        &format!("{b}/events"),
        "osdi:events",
        all,
        page,
        per_page,
    ))
}

async fn event(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = ActionId(id_of(&id, "event")?);
    let a = enquete_app::osdi::event(&state.app, &integ, id).await?;
    Ok(hal(event_json(&base(&state), &a)))
}

async fn attendances(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let id = ActionId(id_of(&id, "event")?);
    let b = base(&state);
    let all: Vec<Value> = enquete_app::osdi::attendances(&state.app, &integ, id)
        .await?
        .iter()
        .map(|r| {
            let status = match r.status {
                RsvpStatus::Waiting => "tentative",
                RsvpStatus::Cancelled => "declined",
                RsvpStatus::Confirmed => "accepted",
            };
            json!({
                "identifiers": [format!("enquete:{}", r.id.0)],
                "created_date": r.created_at.rfc3339(),
                "status": status,
                "attended": r.attended_at.is_some(),
                "_links": {
                    "self": href(format!("{b}/events/{}/attendances/{}", id.0, r.id.0)),
                    "osdi:event": href(format!("{b}/events/{}", id.0)),
                    "osdi:person": href(format!("{b}/people/{}", r.person.0)),
                }
            })
        })
        .collect();
    Ok(paged(
        &format!("{b}/events/{}/attendances", id.0),
        "osdi:attendances",
        all,
        page,
        per_page,
    ))
}

fn petition_json(b: &str, p: &PetitionRecord) -> Value {
    let id = p.id.0;
    json!({
        "identifiers": [format!("enquete:{id}")],
        "origin_system": "Enquête",
        "title": p.title.get(Language::En),
        "description": p.body.get(Language::En),
        "petition_text": p.body.get(Language::En),
        "target": [{ "name": p.addressee.get(Language::En) }],
        "total_signatures": p.signatures,
        "created_date": p.created_at.rfc3339(),
        "_links": {
            "self": href(format!("{b}/petitions/{id}")),
            "osdi:signatures": href(format!("{b}/petitions/{id}/signatures")),
            "osdi:record_signature_helper": href(format!("{b}/petitions/{id}/record_signature_helper")),
        }
    })
}

async fn petitions(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let b = base(&state);
    let all: Vec<Value> = enquete_app::osdi::petitions(&state.app, &integ)
        .await?
        .iter()
        .map(|p| petition_json(&b, p))
        .collect();
    Ok(paged(
        &format!("{b}/petitions"),
        "osdi:petitions",
        all,
        page,
        per_page,
    ))
}

async fn petition(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = PetitionId(id_of(&id, "petition")?);
    let p = enquete_app::osdi::petition(&state.app, &integ, id).await?;
    Ok(hal(petition_json(&base(&state), &p)))
}

async fn signatures(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let id = PetitionId(id_of(&id, "petition")?);
    let b = base(&state);
    let all: Vec<Value> = enquete_app::osdi::signatures(&state.app, &integ, id)
        .await?
        .iter()
        .filter_map(|s| {
            let person = s.person?;
            Some(json!({
                "identifiers": [format!("enquete:{}", s.id.0)],
                "created_date": s.signed_at.rfc3339(),
                "_links": {
                    "self": href(format!("{b}/petitions/{}/signatures/{}", id.0, s.id.0)),
                    "osdi:petition": href(format!("{b}/petitions/{}", id.0)),
                    "osdi:person": href(format!("{b}/people/{}", person.0)),
                }
            }))
        })
        .collect();
    Ok(paged(
        &format!("{b}/petitions/{}/signatures", id.0),
        "osdi:signatures",
        all,
        page,
        per_page,
    ))
}

/// The enquête's choice questions: `{survey}-{question code}`.
async fn all_questions(state: &AppState, b: &str) -> AppResult<Vec<(String, Value)>> {
    let mut out = Vec::new();
    for s in enquete_app::osdi::surveys(&state.app).await? {
        for q in &s.definition.questions {
            let choices = q.kind.choices();
            if choices.is_empty() {
                continue;
            }
            let id = format!("{}-{}", s.id.0, q.name);
            let kind = match q.kind {
                enquete_domain::survey::QuestionKind::SingleChoice { .. } => "SingleChoice",
                _ => "MultiChoice",
            };
            out.push((
                id.clone(),
                json!({
                    "identifiers": [format!("enquete:{id}")],
                    "origin_system": "Enquête",
                    "title": q.label.get(Language::En),
                    "name": q.name,
                    "description": s.title,
                    "question_type": kind,
                    "responses": choices.iter().map(|c| json!({
                        "key": c.name,
                        "name": c.label.get(Language::En),
                        "title": c.label.get(Language::En),
                    })).collect::<Vec<_>>(),
                    "_links": {
                        "self": href(format!("{b}/questions/{id}")),
                        "osdi:answers": href(format!("{b}/questions/{id}/answers")),
                    }
                }),
            ));
        }
    }
    Ok(out)
}

async fn questions(
    State(state): State<AppState>,
    Osdi(_integ): Osdi,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let b = base(&state);
    let all: Vec<Value> = all_questions(&state, &b)
        .await?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    Ok(paged(
        &format!("{b}/questions"),
        "osdi:questions",
        all,
        page,
        per_page,
    ))
}

async fn question(
    State(state): State<AppState>,
    Osdi(_integ): Osdi,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let b = base(&state);
    let wanted = id.trim_start_matches("enquete:");
    let found = all_questions(&state, &b)
        .await?
        .into_iter()
        .find(|(qid, _)| qid == wanted)
        .ok_or(AppError::NotFound("question"))?;
    Ok(hal(found.1))
}

/// The body of the helpers: `person` as OSDI writes it, and `add_tags` (signup only).
#[derive(Deserialize, Default)]
pub struct HelperBody {
    #[serde(default)]
    person: PersonBody,
    #[serde(default)]
    add_tags: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct PersonBody {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    email_addresses: Vec<EmailBody>,
    #[serde(default)]
    phone_numbers: Vec<PhoneBody>,
    #[serde(default)]
    postal_addresses: Vec<PostalBody>,
    #[serde(default)]
    languages_spoken: Vec<String>,
    /// `unit_id`: the section a new person joins.
    #[serde(default)]
    custom_fields: serde_json::Map<String, Value>,
}

#[derive(Deserialize, Default)]
pub struct EmailBody {
    #[serde(default)]
    address: String,
    #[serde(default)]
    status: String,
}

#[derive(Deserialize, Default)]
pub struct PhoneBody {
    /// A string, or a number as the specification's own examples send it.
    #[serde(default)]
    number: Value,
}

#[derive(Deserialize, Default)]
pub struct PostalBody {
    #[serde(default)]
    postal_code: String,
}

impl HelperBody {
    fn signup(&self) -> Signup {
        let email = self.person.email_addresses.first();
        Signup {
            name: format!(
                "{} {}",
                self.person.given_name.trim(),
                self.person.family_name.trim()
            )
            .trim()
            .to_owned(),
            email: email.map(|e| e.address.clone()).unwrap_or_default(),
            phone: self
                .person
                .phone_numbers
                .first()
                .map(|p| match &p.number {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => format!("+{n}"),
                    _ => String::new(),
                })
                .unwrap_or_default(),
            postal_code: self
                .person
                .postal_addresses
                .first()
                .map(|p| p.postal_code.clone())
                .unwrap_or_default(),
            languages: self.person.languages_spoken.clone(),
            contact: match email.map(|e| e.status.as_str()) {
                Some("subscribed") => Some(true),
                Some("unsubscribed") => Some(false),
                _ => None,
            },
            add_tags: self.add_tags.clone(),
            unit: self
                .person
                .custom_fields
                .get("unit_id")
                .and_then(|v| match v {
                    Value::String(s) => s.trim().parse().ok(),
                    Value::Number(n) => n.as_i64(),
                    _ => None,
                })
                .or_else(|| self.person.custom_fields.get("unit_id").map(|_| -1)),
        }
    }
}

/// A person just written: their record when they may be shown, else only their id (they did
/// not agree to be contacted, so the integration gets nothing more).
async fn written(state: &AppState, integ: &Integration, p: &PersonRecord) -> Value {
    let b = base(state);
    match enquete_app::osdi::person(&state.app, integ, p.person.id).await {
        Ok(shown) => person_json(&b, &shown),
        Err(_) => json!({
            "identifiers": [format!("enquete:{}", p.person.id.0)],
            "_links": { "self": href(format!("{b}/people/{}", p.person.id.0)) }
        }),
    }
}

async fn person_signup(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    ApiJson(body): ApiJson<HelperBody>,
) -> AppResult<Response> {
    let p = enquete_app::osdi::signup(&state.app, &integ, &body.signup()).await?;
    Ok(hal(written(&state, &integ, &p).await))
}

async fn record_attendance(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<HelperBody>,
) -> AppResult<Response> {
    let id = ActionId(id_of(&id, "event")?);
    let (p, _) =
        enquete_app::osdi::record_attendance(&state.app, &integ, id, &body.signup()).await?;
    let b = base(&state);
    let rsvp = state
        .store
        .rsvps(id)
        .await?
        .into_iter()
        .find(|r| r.person == p.person.id);
    let mut out = json!({
        "status": "accepted",
        "_links": {
            "osdi:event": href(format!("{b}/events/{}", id.0)),
            "osdi:person": href(format!("{b}/people/{}", p.person.id.0)),
        },
    });
    if let (Some(r), Some(obj)) = (rsvp, out.as_object_mut()) {
        obj.insert("identifiers".into(), json!([format!("enquete:{}", r.id.0)]));
        obj.insert("created_date".into(), json!(r.created_at.rfc3339()));
        if let Some(links) = obj.get_mut("_links").and_then(Value::as_object_mut) {
            links.insert(
                "self".into(),
                href(format!("{b}/events/{}/attendances/{}", id.0, r.id.0)),
            );
        }
    }
    Ok(hal(out))
}

async fn record_signature(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<HelperBody>,
) -> AppResult<Response> {
    let id = PetitionId(id_of(&id, "petition")?);
    let (p, petition) =
        enquete_app::osdi::record_signature(&state.app, &integ, id, &body.signup()).await?;
    let b = base(&state);
    let signature = state
        .store
        .signatures(id, &petition.unit_path, 10_000)
        .await?
        .into_iter()
        .find(|s| s.person == Some(p.person.id));
    let mut out = json!({
        "total_signatures": petition.signatures,
        "_links": {
            "osdi:petition": href(format!("{b}/petitions/{}", id.0)),
            "osdi:person": href(format!("{b}/people/{}", p.person.id.0)),
        },
    });
    if let (Some(s), Some(obj)) = (signature, out.as_object_mut()) {
        obj.insert("identifiers".into(), json!([format!("enquete:{}", s.id.0)]));
        obj.insert("created_date".into(), json!(s.signed_at.rfc3339()));
        if let Some(links) = obj.get_mut("_links").and_then(Value::as_object_mut) {
            links.insert(
                "self".into(),
                href(format!("{b}/petitions/{}/signatures/{}", id.0, s.id.0)),
            );
        }
    }
    Ok(hal(out))
}

/// A question's id split into its survey and code (`12-top3`).
fn question_id(raw: &str) -> AppResult<(enquete_domain::survey::SurveyId, String)> {
    let raw = raw.trim_start_matches("enquete:");
    let (survey, code) = raw.split_once('-').ok_or(AppError::NotFound("question"))?;
    let survey = survey.parse().map_err(|_| AppError::NotFound("question"))?;
    Ok((enquete_domain::survey::SurveyId(survey), code.to_owned()))
}

fn answer_json(b: &str, qid: &str, person: PersonId, codes: &[String]) -> Value {
    json!({
        "identifiers": [format!("enquete:{qid}-{}", person.0)],
        "origin_system": "Enquête",
        "responses": codes,
        "_links": {
            "self": href(format!("{b}/questions/{qid}/answers/{}", person.0)),
            "osdi:question": href(format!("{b}/questions/{qid}")),
            "osdi:person": href(format!("{b}/people/{}", person.0)),
        }
    })
}

async fn answers(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path(id): Path<String>,
    Query(q): Query<Paging>,
) -> AppResult<Response> {
    let (page, per_page) = q.read()?;
    let (survey, code) = question_id(&id)?;
    let qid = format!("{}-{code}", survey.0);
    let b = base(&state);
    let all: Vec<Value> = enquete_app::osdi::answers(&state.app, &integ, survey, &code)
        .await?
        .iter()
        .map(|(p, codes)| answer_json(&b, &qid, *p, codes))
        .collect();
    Ok(paged(
        &format!("{b}/questions/{qid}/answers"),
        "osdi:answers",
        all,
        page,
        per_page,
    ))
}

async fn answer(
    State(state): State<AppState>,
    Osdi(integ): Osdi,
    Path((id, person)): Path<(String, String)>,
) -> AppResult<Response> {
    let (survey, code) = question_id(&id)?;
    let person = PersonId(id_of(&person, "answer")?);
    let qid = format!("{}-{code}", survey.0);
    let found = enquete_app::osdi::answers(&state.app, &integ, survey, &code)
        .await?
        .into_iter()
        .find(|(p, _)| *p == person)
        .ok_or(AppError::NotFound("answer"))?;
    Ok(hal(answer_json(&base(&state), &qid, found.0, &found.1)))
}

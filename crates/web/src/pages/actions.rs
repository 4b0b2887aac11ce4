//! Actions and events: planning, RSVPs with a waiting list, buses, check-in at the door, and the
//! public page where anyone answers an invitation (an answer with an e-mail address is taken once
//! the link mailed to it is opened; the page answers every address the same way).

use super::chrome::{Chrome, Invalid, page, refused, see_other, unprocessable};
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id, Ids, Params};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use enquete_app::actions::{PublicAnswer, PublicRsvp, RsvpMail};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, ActionId, BusId, RsvpId, RsvpStatus};
use enquete_domain::org::{Unit, UnitId, UnitKind};
use enquete_domain::people::{PersonId, PersonInput};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{ActionRecord, RsvpOutcome, StoreError};
use serde::Deserialize;
use std::collections::HashMap;

pub struct ActionRow {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub place: String,
    pub unit: String,
    pub places: String,
}

fn places_text(c: &Chrome, a: &ActionRecord) -> String {
    match a.capacity {
        Some(cap) => format!(
            "{}/{cap} · {} {}",
            a.confirmed,
            a.waiting,
            c.t("action-waiting")
        ),
        None => format!("{} {}", a.confirmed, c.t("action-confirmed")),
    }
}

#[derive(Template)]
#[template(path = "actions.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<ActionRow>,
    units: Vec<(i64, String, bool)>,
    campaigns: Vec<(i64, String, bool)>,
    /// A refused new action: the error beside its field, the form as typed.
    inv: Invalid,
    f: CreateForm,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    campaign: Option<i64>,
    unit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<ListQuery>,
) -> AppResult<Response> {
    list_page(&state, &staff, &q, Invalid::none(), CreateForm::default()).await
}

/// The list of actions, with the form for a new one (after a refusal: the error beside its
/// field and the form as typed).
async fn list_page(
    state: &AppState,
    staff: &Staff,
    q: &ListQuery,
    inv: Invalid,
    f: CreateForm,
) -> AppResult<Response> {
    let state = state.clone();
    let here = Target::unit(&staff.user.unit_path);
    if !allows(&staff.caller.actor, Action::CheckIn, here) {
        return Err(AppError::Forbidden);
    }
    let root = enquete_app::scope::visible_root(&state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    // Actions in the account's part of the tree, and those above it, which reach it too.
    let list = state.store.actions_reaching(&root.path).await?;
    let rows = list
        .iter()
        .filter(|a| enquete_app::scope::reaches(&staff.caller, a))
        .map(|a| ActionRow {
            id: a.id.0,
            title: a.title.clone(),
            when: c.tr.date_time(a.starts_at),
            place: a.place.clone(),
            unit: a.unit_name.clone(),
            places: places_text(&c, a),
        })
        .collect();
    let units = state
        .store
        .subtree(&root.path, false)
        .await?
        .into_iter()
        .filter(|u| {
            allows(
                &staff.caller.actor,
                Action::ManageActions,
                Target::unit(&u.path),
            )
        })
        .map(|u| (u.id.0, u.name.as_str().to_owned(), Some(u.id.0) == q.unit))
        .collect();
    let here_unit = state.store.unit(staff.user.user.unit).await?;
    let campaigns = state
        .store
        .campaigns_reaching(&here_unit.path)
        .await?
        .into_iter()
        .map(|k| (k.id.0, k.title, Some(k.id.0) == q.campaign))
        .collect();
    page(&ListPage {
        rows,
        units,
        campaigns,
        inv,
        f,
        c,
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct CreateForm {
    unit: i64,
    #[serde(default)]
    campaign: String,
    title: String,
    #[serde(default)]
    description: String,
    place: String,
    starts_at: String,
    #[serde(default)]
    capacity: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    let planned = async {
        let draft = ActionDraft::parse(
            &f.title,
            &f.description,
            &f.place,
            &f.starts_at,
            &f.capacity,
        )?;
        let campaign = enquete_app::campaigns::campaign_field(&f.campaign)?;
        enquete_app::actions::plan(&state, &staff.caller, UnitId(f.unit), campaign, &draft).await
    }
    .await;
    match planned {
        Ok(a) => Ok(see_other(&format!("/actions/{}", a.id))),
        Err(e) => {
            let e = AppError::from(e);
            let Some(inv) = Invalid::of(staff.ctx.tr, &e) else {
                return Err(e);
            };
            let q = ListQuery {
                campaign: f.campaign.parse().ok(),
                unit: Some(f.unit),
            };
            Ok(unprocessable(
                list_page(&state, &staff, &q, inv, f.clone()).await?,
            ))
        }
    }
}

pub struct RsvpView {
    pub id: i64,
    pub person: i64,
    pub name: String,
    pub contact: String,
    pub stage: String,
    pub status: &'static str,
    pub status_label: String,
    pub transport: String,
    pub attended: bool,
    pub bus: Option<i64>,
}

/// An RSVP just cancelled, offered back ("Undo").
pub struct UndoView {
    pub person: i64,
    pub name: String,
    pub transport: bool,
}

#[derive(Template)]
#[template(path = "action.html")]
struct ShowPage {
    c: Chrome,
    a: ActionRecord,
    places: String,
    runs: bool,
    share: crate::share::PublicLink,
    rsvps: Vec<RsvpView>,
    buses: Vec<(i64, String, u64, u64)>,
    waiting_transport: usize,
    campaign: Option<(i64, String)>,
    undo: Option<UndoView>,
    /// A refused form of the page: the error beside its field, the form as typed.
    inv: Invalid,
    typed: ActionTyped,
}

/// What was typed in the action page's forms, kept when one is refused.
#[derive(Default)]
pub struct ActionTyped {
    person: String,
    bus_label: String,
    bus_seats: String,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// An RSVP just cancelled, to offer back.
    #[serde(default)]
    undo: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Params(q): Params<ShowQuery>,
) -> AppResult<Response> {
    show_page(
        &state,
        &staff,
        id,
        q.undo,
        Invalid::none(),
        ActionTyped::default(),
    )
    .await
}

/// The action's page; after a refused "add someone", with the error beside the name.
async fn show_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    undo: Option<i64>,
    inv: Invalid,
    typed: ActionTyped,
) -> AppResult<Response> {
    let (a, rsvps) =
        enquete_app::actions::rsvp_list(state, &staff.caller, ActionId(id), "").await?;
    let c = Chrome::new(&staff.ctx);
    let buses = state.store.buses(a.id).await?;
    let bus_name: HashMap<BusId, String> = buses.iter().map(|b| (b.id, b.label.clone())).collect();
    let waiting_transport = rsvps
        .iter()
        .filter(|r| r.status == RsvpStatus::Confirmed && r.wants_transport && r.bus.is_none())
        .count();
    let undo = rsvps
        .iter()
        .find(|r| Some(r.id.0) == undo && r.status == RsvpStatus::Cancelled)
        .map(|r| UndoView {
            person: r.person.0,
            name: r.name.clone(),
            transport: r.wants_transport,
        });
    let rsvps = rsvps
        .into_iter()
        .map(|r| RsvpView {
            id: r.id.0,
            person: r.person.0,
            contact: [r.phone.clone(), r.email.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            name: r.name,
            stage: c.tr.stage_str(&r.stage),
            status: r.status.as_str(),
            status_label: c.t(&format!("rsvp-{}", r.status.as_str())),
            transport: match (r.wants_transport, r.bus) {
                (_, Some(b)) => bus_name.get(&b).cloned().unwrap_or_default(),
                (true, None) => c.t("action-needs-seat"),
                (false, None) => String::new(),
            },
            attended: r.attended_at.is_some(),
            bus: r.bus.map(|b| b.0),
        })
        .collect();
    let campaign = match a.campaign {
        Some(k) => Some((k.0, state.store.campaign(k).await?.title)),
        None => None,
    };
    page(&ShowPage {
        places: places_text(&c, &a),
        runs: enquete_app::scope::runs(&staff.caller, &a),
        share: crate::share::PublicLink::new(
            &state.config.public_url,
            "action",
            &format!("/a/{}", a.token),
            &format!("/a/{}/qr.svg", a.token),
        ),
        rsvps,
        buses: buses
            .into_iter()
            .map(|b| (b.id.0, b.label, b.riders, b.seats))
            .collect(),
        waiting_transport,
        campaign,
        undo,
        inv,
        typed,
        a,
        c,
    })
}

/// One RSVP at the door.
pub struct DoorRow {
    pub person: i64,
    pub name: String,
    pub status_label: String,
    pub attended: bool,
}

#[derive(Template)]
#[template(path = "action_door.html")]
struct DoorPage {
    c: Chrome,
    a: ActionRecord,
    rsvps: Vec<DoorRow>,
    present: usize,
    expected: usize,
    /// A refused walk-in: the error beside the name, the name as typed.
    inv: Invalid,
    typed: String,
}

/// Check-in at the door, made for a phone: everyone expected by name, a search that filters as
/// you type, one big button each; people who did not answer are found by name.
pub async fn door(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    door_page(&state, &staff, id, Invalid::none(), String::new()).await
}

async fn door_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    typed: String,
) -> AppResult<Response> {
    let (a, all) =
        enquete_app::actions::rsvp_list(state, &staff.caller, ActionId(id), " at the door").await?;
    let c = Chrome::new(&staff.ctx);
    let mut rsvps: Vec<_> = all
        .into_iter()
        .filter(|r| r.status != RsvpStatus::Cancelled)
        .collect();
    rsvps.sort_by_cached_key(|r| r.name.to_lowercase());
    let present = rsvps.iter().filter(|r| r.attended_at.is_some()).count();
    let expected = rsvps
        .iter()
        .filter(|r| r.status == RsvpStatus::Confirmed)
        .count();
    page(&DoorPage {
        rsvps: rsvps
            .into_iter()
            .map(|r| DoorRow {
                person: r.person.0,
                status_label: c.t(&format!("rsvp-{}", r.status.as_str())),
                attended: r.attended_at.is_some(),
                name: r.name,
            })
            .collect(),
        present,
        expected,
        inv,
        typed,
        a,
        c,
    })
}

/// The QR code of an action's public page, to print on a leaflet.
pub async fn public_qr(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let a = open_action(&state, &token).await?;
    let url = format!(
        "{}/a/{}",
        state.config.public_url.trim_end_matches('/'),
        a.token
    );
    let svg = crate::share::qr_svg(&url).ok_or(AppError::NotFound("action"))?;
    Ok(crate::share::svg_response(svg))
}

/// The action as a calendar event ("Add to calendar").
pub async fn public_ics(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let a = open_action(&state, &token).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let host = base.split("://").nth(1).unwrap_or(base);
    let ics = enquete_formats::ics::calendar(&enquete_formats::ics::Event {
        uid: &format!("action-{}@{host}", a.id.0),
        starts_at: a.starts_at,
        ends_at: None,
        stamp: enquete_domain::Timestamp::now_utc(),
        summary: &a.title,
        location: &a.place,
        description: &a.description,
        url: &format!("{base}/a/{}", a.token),
        cancelled: a.cancelled,
        sequence: a.sequence,
    });
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"action.ics\"",
            ),
        ],
        ics,
    )
        .into_response())
}

/// The door's script (see `static/door.js`).
pub async fn door_script() -> Response {
    super::chrome::script(include_str!("../../static/door.js"))
}

/// A form naming a person: picked from the list (their number) or typed by name.
#[derive(Deserialize)]
pub struct PersonForm {
    person: String,
    #[serde(default)]
    transport: Option<String>,
    /// `door`: back to the check-in at the door.
    #[serde(default)]
    back: Option<String>,
}

pub async fn rsvp(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    let taken = async {
        let person =
            enquete_app::people::resolve(&state, &staff.caller, "person", &f.person, None).await?;
        enquete_app::actions::rsvp_for(
            &state,
            &staff.caller,
            ActionId(id),
            person,
            f.transport.is_some(),
        )
        .await
    };
    match taken.await.map_err(AppError::from) {
        Ok(_) => Ok(see_other(&format!("/actions/{id}?done=rsvp-taken#rsvps"))),
        // A name nobody has, or several have: said beside the name, as typed.
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                show_page(
                    &state,
                    &staff,
                    id,
                    None,
                    inv,
                    ActionTyped {
                        person: f.person.clone(),
                        ..ActionTyped::default()
                    },
                )
            })
            .await
        }
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    staff: Staff,
    Ids(id, rsvp): Ids,
    Form(_): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    enquete_app::actions::cancel_rsvp(&state, &staff.caller, ActionId(id), RsvpId(rsvp)).await?;
    Ok(see_other(&format!(
        "/actions/{id}?done=rsvp-cancelled&undo={rsvp}#rsvps"
    )))
}

pub async fn check_in(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    headers: HeaderMap,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    let checked = async {
        let person =
            enquete_app::people::resolve(&state, &staff.caller, "person", &f.person, None).await?;
        let outcome =
            enquete_app::actions::check_in_for(&state, &staff.caller, ActionId(id), person).await?;
        Ok::<_, enquete_app::Error>((person, outcome))
    };
    let (person, outcome) = match checked.await.map_err(AppError::from) {
        Ok(done) => done,
        // A walk-in typed at the door whom nobody or several have: said beside the name.
        Err(e) if f.back.as_deref() == Some("door") => match Invalid::of(staff.ctx.tr, &e) {
            Some(inv) => {
                return Ok(unprocessable(
                    door_page(&state, &staff, id, inv, f.person.clone()).await?,
                ));
            }
            None => return Err(e),
        },
        Err(e) => return Err(e),
    };
    // The door's script asks for JSON: it stays on its page.
    let wants_json = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(axum::Json(serde_json::json!({
            "person": person.0,
            "moved_to": outcome.moved_to.map(|s| s.as_str()),
        }))
        .into_response());
    }
    let done = if outcome.moved_to.is_some() {
        "checked-in-moved"
    } else {
        "checked-in"
    };
    if f.back.as_deref() == Some("door") {
        return Ok(see_other(&format!("/actions/{id}/door?done={done}")));
    }
    Ok(see_other(&format!("/actions/{id}?done={done}#rsvps")))
}

#[derive(Deserialize)]
pub struct BusForm {
    label: String,
    seats: String,
}

pub async fn add_bus(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<BusForm>,
) -> AppResult<Response> {
    match enquete_app::actions::add_bus(&state, &staff.caller, ActionId(id), &f.label, &f.seats)
        .await
        .map_err(AppError::from)
    {
        Ok(()) => Ok(see_other(&format!("/actions/{id}?done=bus-added"))),
        // A label or a number of seats that does not do: said beside it, as typed.
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                show_page(
                    &state,
                    &staff,
                    id,
                    None,
                    inv,
                    ActionTyped {
                        bus_label: f.label.clone(),
                        bus_seats: f.seats.clone(),
                        ..ActionTyped::default()
                    },
                )
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct SeatForm {
    #[serde(default)]
    bus: String,
}

pub async fn seat(
    State(state): State<AppState>,
    staff: Staff,
    Ids(id, rsvp): Ids,
    Form(f): Form<SeatForm>,
) -> AppResult<Response> {
    let bus = match f.bus.trim() {
        "" => None,
        raw => Some(BusId(
            raw.parse()
                .map_err(|_| FieldError::new("bus", "error-bus-number"))?,
        )),
    };
    enquete_app::actions::seat(&state, &staff.caller, ActionId(id), RsvpId(rsvp), bus).await?;
    Ok(see_other(&format!("/actions/{id}?done=bus-assigned")))
}

// The public page.

#[derive(Template)]
#[template(path = "public_action.html")]
struct PublicPage {
    c: Chrome,
    a: ActionRecord,
    via: String,
    sections: Vec<(i64, String)>,
    full: bool,
    has_buses: bool,
    inv: Invalid,
    prev: HashMap<String, String>,
}

impl PublicPage {
    fn value(&self, key: &str) -> String {
        self.prev.get(key).cloned().unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "public_action_done.html")]
struct PublicDone {
    c: Chrome,
    a: ActionRecord,
    confirmed: bool,
    bus: String,
}

#[derive(Template)]
#[template(path = "public_action_check_mail.html")]
struct PublicCheckMail {
    c: Chrome,
    a: ActionRecord,
}

#[derive(Template)]
#[template(path = "public_action_confirm.html")]
struct PublicConfirm {
    c: Chrome,
    a: ActionRecord,
    /// The token of the confirmation link.
    link: String,
    valid: bool,
}

#[derive(Deserialize, Default)]
pub struct ViaQuery {
    via: Option<i64>,
}

async fn open_action(state: &AppState, token: &str) -> AppResult<ActionRecord> {
    match state.store.action_by_token(token).await {
        Ok(a) if !a.cancelled => Ok(a),
        Ok(_) | Err(StoreError::NotFound(_)) => Err(AppError::NotFound("action")),
        Err(e) => Err(e.into()),
    }
}

/// The sections a public answer may be filed under: the action's own section, the section of
/// the link it came through, or one the person picks below the action's unit.
async fn sections_below(state: &AppState, a: &ActionRecord) -> AppResult<Vec<Unit>> {
    Ok(state
        .store
        .subtree(&a.unit_path, false)
        .await?
        .into_iter()
        // Workplace groups are not listed to the public (a workplace's own action is filed there).
        .filter(|u| u.kind.is_section() && (u.kind != UnitKind::Workplace || u.id == a.unit))
        .collect())
}

async fn render_public(
    state: &AppState,
    ctx: &Ctx,
    a: ActionRecord,
    via: Option<i64>,
    inv: Invalid,
    prev: HashMap<String, String>,
) -> AppResult<Response> {
    let sections = sections_below(state, &a).await?;
    let via = via
        .filter(|v| sections.iter().any(|s| s.id.0 == *v))
        .map(|v| v.to_string())
        .unwrap_or_default();
    let has_buses = !state.store.buses(a.id).await?.is_empty();
    let has_error = inv.any();
    let mut response = page(&PublicPage {
        full: a.places_left() == Some(0),
        sections: if via.is_empty() && sections.len() > 1 {
            sections
                .iter()
                .map(|s| (s.id.0, s.name.as_str().to_owned()))
                .collect()
        } else {
            Vec::new()
        },
        via,
        has_buses,
        inv,
        prev,
        a,
        c: Chrome::new(ctx),
    })?;
    if has_error {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn public_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Params(q): Params<ViaQuery>,
) -> AppResult<Response> {
    let a = open_action(&state, &token).await?;
    render_public(&state, &ctx, a, q.via, Invalid::none(), HashMap::new()).await
}

pub async fn public_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let a = open_action(&state, &token).await?;
    let now =
        enquete_app::public::admit(&state, &ctx.ip, enquete_domain::Timestamp::now_utc()).await?;
    let prev = super::public::single_fields(&body);
    let get = |k: &str| prev.get(k).cloned().unwrap_or_default();
    let via: Option<i64> = get("section").parse().ok();
    if !get(super::public::HONEYPOT).is_empty() {
        // Answered as a real answer would be.
        if !get("email").trim().is_empty() {
            return check_mail(&ctx, a);
        }
        return page(&PublicDone {
            c: Chrome::new(&ctx),
            a,
            confirmed: true,
            bus: String::new(),
        });
    }
    let sections = sections_below(&state, &a).await?;
    let section = match (via, sections.as_slice()) {
        (Some(v), _) => sections.iter().find(|s| s.id.0 == v).map(|s| s.id),
        (None, [only]) => Some(only.id),
        _ => None,
    };
    let fail = |e: FieldError| (e, prev.clone());
    let result: Result<PublicAnswer, (FieldError, _)> = (|| {
        let section =
            section.ok_or_else(|| fail(FieldError::new("section", "error-choose-your-section")))?;
        let input = PersonInput {
            name: get("name"),
            email: get("email"),
            phone: get("phone"),
            ..Default::default()
        };
        let details = input.parse().map_err(fail)?;
        if details.email.is_none() && details.phone.is_none() {
            return Err(fail(FieldError::new("email", "error-rsvp-contact-needed")));
        }
        Ok(PublicAnswer {
            section,
            details,
            may_contact: get("may_contact") == "yes",
            wants_transport: get("transport") == "yes",
        })
    })();
    let answer = match result {
        Ok(v) => v,
        Err((e, prev)) => {
            let inv = Invalid::field(ctx.tr, &e);
            return render_public(&state, &ctx, a, via, inv, prev).await;
        }
    };
    let link_base = format!(
        "{}/a/{}/confirm/",
        state.config.public_url.trim_end_matches('/'),
        a.token
    );
    let mail = |t: &str| confirmation_mail(&ctx, &a, &format!("{link_base}{t}"));
    let result = enquete_app::actions::public_rsvp(&state, &a, &answer, now, mail).await;
    match result {
        // The same page for every address: whether it is known, new, or had its hour's worth
        // of mails is never told (security issue 13, finding 7).
        Ok(PublicRsvp::LinkSent) => check_mail(&ctx, a),
        Ok(PublicRsvp::Taken(outcome)) => done(&state, &ctx, a, outcome).await,
        Err(enquete_app::Error::Field(e)) => {
            let inv = Invalid::field(ctx.tr, &e);
            render_public(&state, &ctx, a, via, inv, prev).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The confirmation mail, in the language the page was read in.
fn confirmation_mail(ctx: &Ctx, a: &ActionRecord, link: &str) -> RsvpMail {
    let tr = ctx.tr;
    RsvpMail {
        subject: tr.t1("public-rsvp-mail-subject", "title", &a.title),
        body: format!(
            "{}\n\n{}\n{} · {}\n\n{}\n\n{link}\n\n{}",
            tr.t("public-rsvp-mail-body"),
            a.title,
            tr.date_time(a.starts_at),
            a.place,
            tr.t("public-rsvp-mail-link"),
            tr.t("public-rsvp-mail-ignore")
        ),
    }
}

/// "Check your mail": the one answer to every RSVP that gave an e-mail address.
fn check_mail(ctx: &Ctx, a: ActionRecord) -> AppResult<Response> {
    page(&PublicCheckMail {
        c: Chrome::new(ctx),
        a,
    })
}

/// The RSVP taken: confirmed or waiting, and the seat on a bus.
async fn done(
    state: &AppState,
    ctx: &Ctx,
    a: ActionRecord,
    outcome: RsvpOutcome,
) -> AppResult<Response> {
    let bus = match outcome.bus {
        Some(b) => state
            .store
            .buses(a.id)
            .await?
            .into_iter()
            .find(|x| x.id == b)
            .map(|x| x.label)
            .unwrap_or_default(),
        None => String::new(),
    };
    page(&PublicDone {
        c: Chrome::new(ctx),
        confirmed: outcome.status == RsvpStatus::Confirmed,
        bus,
        a,
    })
}

/// The page a confirmation link opens: a button that confirms (opening the link never acts:
/// mail scanners open links too), or, for a link unknown, used or expired, a way back to the
/// form.
pub async fn public_confirm_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, link)): Path<(String, String)>,
) -> AppResult<Response> {
    let a = open_action(&state, &token).await?;
    let valid = enquete_app::actions::public_rsvp_link_works(
        &state,
        &a,
        &link,
        enquete_domain::Timestamp::now_utc(),
    )
    .await?;
    page(&PublicConfirm {
        c: Chrome::new(&ctx),
        a,
        link,
        valid,
    })
}

/// Confirms a place with the link mailed to the address typed: only the owner of that mailbox
/// gets here, so the page may say whether they have a place or are waiting.
pub async fn public_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((token, link)): Path<(String, String)>,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let a = open_action(&state, &token).await?;
    let now = enquete_domain::Timestamp::now_utc();
    match enquete_app::actions::confirm_public_rsvp(&state, &a, &link, now).await? {
        Some(outcome) => done(&state, &ctx, a, outcome).await,
        None => page(&PublicConfirm {
            c: Chrome::new(&ctx),
            a,
            link,
            valid: false,
        }),
    }
}

/// The reminder list: everyone coming or waiting, with how to reach them and their seat, for
/// the calls and messages before the day.
pub async fn reminders(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let a = enquete_app::scope::action_for(&state, &staff.caller, ActionId(id)).await?;
    let buses: HashMap<BusId, String> = state
        .store
        .buses(a.id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.label))
        .collect();
    let list = enquete_app::scope::visible_rsvps(&staff.caller, state.store.rsvps(a.id).await?);
    let rows: Vec<Vec<String>> = list
        .iter()
        .filter(|r| r.status != RsvpStatus::Cancelled && r.attended_at.is_none())
        .map(|r| {
            vec![
                r.name.clone(),
                r.phone.clone().unwrap_or_default(),
                r.email.clone().unwrap_or_default(),
                r.status.as_str().to_owned(),
                match (r.wants_transport, r.bus) {
                    (_, Some(b)) => buses.get(&b).cloned().unwrap_or_default(),
                    (true, None) => "needs a seat".to_owned(),
                    (false, None) => String::new(),
                },
            ]
        })
        .collect();
    let mut out = Vec::new();
    enquete_formats::export::table_csv(
        &["name", "phone", "email", "status", "transport"],
        rows,
        &mut out,
    )
    .map_err(|e| AppError::Internal(format!("reminder list: {e}")))?;
    let shown: Vec<PersonId> = list
        .iter()
        .filter(|r| r.status != RsvpStatus::Cancelled && r.attended_at.is_none())
        .map(|r| r.person)
        .collect();
    enquete_app::audit::list(
        &state,
        &staff.caller,
        AuditAction::ReminderList,
        &shown,
        format!("action {}: {} people", a.id, shown.len()),
    )
    .await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"action-{}-reminders.csv\"", a.id),
            ),
        ],
        out,
    )
        .into_response())
}

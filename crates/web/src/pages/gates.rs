//! The festival's gates (docs/festival-gates.md): the scanner page for gate phones
//! (`/festivals/{id}/gate`, working offline with its service worker and `static/gate.js`), the
//! list of festivals a gate scanner may scan at (`/gate`), and the team's view of the gates
//! (`/festivals/{id}/gates`: entrances and lanes, who holds each lane, what was scanned).

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::AppResult;
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use enquete_domain::festival::FestivalId;
use enquete_domain::policy::Action;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "gate_list.html")]
struct ListPage {
    c: Chrome,
    /// id, name, dates.
    festivals: Vec<(i64, String, String)>,
}

/// The festivals the caller may scan tickets at.
pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let c = Chrome::new(&staff.ctx);
    let mut festivals = Vec::new();
    for f in state.store.festivals().await? {
        let unit = state.store.unit(f.unit).await?;
        if enquete_app::scope::may(&staff.caller, Action::ScanTickets, &unit) {
            festivals.push((
                f.id.0,
                f.name,
                format!("{} – {}", c.tr.date(f.starts_on), c.tr.date(f.ends_on)),
            ));
        }
    }
    page(&ListPage { c, festivals })
}

#[derive(Template)]
#[template(path = "gate.html")]
struct ScannerPage {
    c: Chrome,
    name: String,
    setup: String,
    strings: String,
    /// (lane number, label).
    lanes: Vec<(u32, String)>,
}

/// Texts the script shows; `{n}`, `{lane}`, `{time}`, `{gate}` are filled in by it.
const SCRIPT_TEXTS: &[&str] = &[
    "no-lane",
    "holding",
    "held-by",
    "lease-lapsed-status",
    "asking",
    "online",
    "offline",
    "pending",
    "admitted",
    "refused",
    "already",
    "already-at",
    "lease-lapsed",
    "lease-lapsed-detail",
    "go-to",
    "go-to-detail",
    "synced",
    "signed-out",
    "sync-refused",
    "no-camera",
    "camera-refused",
    "broken",
    "reason-malformed",
    "reason-forged",
    "reason-other-festival",
    "reason-out-of-date",
    "reason-revoked",
    "reentry-once",
    "reentry-daily",
    "reentry-wristband",
    "reentry-free",
];

pub async fn scanner(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let s = enquete_app::gates::setup(&state, &staff.caller, FestivalId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let layout = s.festival.layout;
    let texts: serde_json::Map<String, serde_json::Value> = SCRIPT_TEXTS
        .iter()
        .map(|k| {
            // The script fills these in.
            let holes = ["lane", "time", "gate", "n", "error"].map(|h| (h, format!("{{{h}}}")));
            (
                (*k).to_owned(),
                serde_json::Value::String(c.tr.tn(&format!("gate-js-{k}"), &holes)),
            )
        })
        .collect();
    let setup = serde_json::json!({
        "festival": s.festival.id.0,
        "lang": c.tr.code(),
        "public_key": s.festival.public_key,
        "layout": { "entrances": layout.entrances, "lanes": layout.lanes },
        "revoked": s.revoked,
    });
    page(&ScannerPage {
        name: s.festival.name.clone(),
        setup: setup.to_string(),
        strings: serde_json::Value::Object(texts).to_string(),
        lanes: (0..layout.total()).map(|l| (l, layout.label(l))).collect(),
        c,
    })
}

#[derive(Template)]
#[template(path = "gates.html")]
struct TeamPage {
    c: Chrome,
    id: i64,
    name: String,
    entrances: u32,
    lanes_per_entrance: u32,
    /// label, holder (gate name), lease until, last sync, entries.
    lanes: Vec<(String, String, String, String, u64)>,
    entries: u64,
    scans: u64,
    offline: u64,
    doubles: u64,
    by_outcome: Vec<(String, u64)>,
    in_use: bool,
    /// id, name, occupancy / capacity, full.
    zones: Vec<(i64, String, String, bool)>,
}

pub async fn team(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let f = enquete_app::festival::festival_for(&state, &staff.caller, FestivalId(id)).await?;
    let figures = enquete_app::gates::figures(&state, &staff.caller, f.id).await?;
    let c = Chrome::new(&staff.ctx);
    let layout = f.layout;
    let lanes = (0..layout.total())
        .map(|l| {
            let held = figures.lanes.iter().find(|r| r.lane == l);
            let entries = figures
                .by_lane
                .iter()
                .find(|(lane, _)| *lane == l)
                .map_or(0, |(_, n)| *n);
            match held {
                Some(r) if r.device.is_some() => (
                    layout.label(l),
                    if r.gate_name.is_empty() {
                        c.t("gates-unnamed")
                    } else {
                        r.gate_name.clone()
                    },
                    c.tr.date_time(r.lease_until),
                    c.tr.date_time(r.synced_at),
                    entries,
                ),
                _ => (
                    layout.label(l),
                    c.t("gates-server"),
                    String::new(),
                    String::new(),
                    entries,
                ),
            }
        })
        .collect();
    let by_outcome = figures
        .by_outcome
        .iter()
        .map(|(o, n)| (c.t(&format!("gate-outcome-{o}")), *n))
        .collect();
    page(&TeamPage {
        id,
        name: f.name,
        entrances: layout.entrances,
        lanes_per_entrance: layout.lanes,
        lanes,
        entries: figures.entries,
        scans: figures.scans,
        offline: figures.offline_scans,
        doubles: figures.doubles,
        by_outcome,
        in_use: !figures.lanes.is_empty() || figures.entries > 0,
        zones: enquete_app::gates::zones(&state, &staff.caller, f.id)
            .await?
            .into_iter()
            .map(|z| {
                let full = z.full();
                (
                    z.id,
                    z.name,
                    format!("{} / {}", z.occupancy, z.capacity),
                    full,
                )
            })
            .collect(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct LayoutForm {
    #[serde(default)]
    entrances: String,
    #[serde(default)]
    lanes: String,
}

pub async fn set_layout(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<LayoutForm>,
) -> AppResult<Response> {
    enquete_app::gates::set_layout(
        &state,
        &staff.caller,
        FestivalId(id),
        &f.entrances,
        &f.lanes,
    )
    .await?;
    Ok(see_other(&format!("/festivals/{id}/gates")))
}

#[derive(Deserialize, Default)]
pub struct FreeForm {
    #[serde(default)]
    lane: String,
}

pub async fn free_lane(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<FreeForm>,
) -> AppResult<Response> {
    enquete_app::gates::free_lane(&state, &staff.caller, FestivalId(id), &f.lane).await?;
    Ok(see_other(&format!("/festivals/{id}/gates")))
}

fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub async fn gate_script() -> Response {
    script(include_str!("../../static/gate.js"))
}

pub async fn rule_script() -> Response {
    script(include_str!("../../static/gate-rule.mjs"))
}

/// The scanner's service worker, at `/festivals/` so that it may serve the scanner page.
pub async fn service_worker() -> Response {
    let mut r = script(concat!(
        include_str!("../../static/sw-cache.js"),
        include_str!("../../static/gate-sw.js")
    ));
    r.headers_mut().insert(
        "service-worker-allowed",
        header::HeaderValue::from_static("/festivals/"),
    );
    r
}

#[derive(Deserialize, Default)]
pub struct ZoneForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    capacity: String,
}

pub async fn add_zone(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ZoneForm>,
) -> AppResult<Response> {
    enquete_app::gates::add_zone(&state, &staff.caller, FestivalId(id), &f.name, &f.capacity)
        .await?;
    Ok(see_other(&format!("/festivals/{id}/gates")))
}

#[derive(Template)]
#[template(path = "zone_door.html")]
struct DoorPage {
    c: Chrome,
    festival: i64,
    festival_name: String,
    zone: i64,
    name: String,
    capacity: u32,
    occupancy: u32,
    full: bool,
    strings: String,
}

/// A zone's door, on a phone: how full it is, one tap per visitor in or out.
pub async fn zone_door(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Path((festival, zone)): axum::extract::Path<(i64, i64)>,
) -> AppResult<Response> {
    let z = enquete_app::gates::zone(&state, &staff.caller, zone).await?;
    if z.festival.0 != festival {
        return Err(crate::error::AppError::NotFound("zone"));
    }
    let f = state.store.festival(z.festival).await?;
    let c = Chrome::new(&staff.ctx);
    let texts: serde_json::Map<String, serde_json::Value> = ["full", "room", "offline", "synced"]
        .iter()
        .map(|k| {
            let holes = ["n"].map(|h| (h, format!("{{{h}}}")));
            (
                (*k).to_owned(),
                serde_json::Value::String(c.tr.tn(&format!("zone-js-{k}"), &holes)),
            )
        })
        .collect();
    page(&DoorPage {
        festival,
        festival_name: f.name,
        zone,
        full: z.full(),
        name: z.name,
        capacity: z.capacity,
        occupancy: z.occupancy,
        strings: serde_json::Value::Object(texts).to_string(),
        c,
    })
}

pub async fn zone_script() -> Response {
    script(include_str!("../../static/zone-door.js"))
}

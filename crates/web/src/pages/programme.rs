//! The festival's programme and volunteer shifts: the team's pages
//! (`/festivals/{id}/programme`, `/festivals/{id}/shifts`), the public programme per language
//! (`/programme/{id}`) and its iCalendar feed (`/programme/{id}/calendar.ics`).

use super::chrome::{Chrome, page, see_other};
use crate::ctx::{Ctx, Staff};
use crate::error::AppResult;
use crate::extract::{Form, FormFields, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use enquete_domain::Timestamp;
use enquete_domain::festival::FestivalId;
use enquete_domain::policy::Action;
use enquete_domain::programme::{SessionDraft, ShiftTeam, SpeakerDraft};
use enquete_store::ProgrammeSession;
use serde::Deserialize;

fn clock(t: Timestamp) -> String {
    t.display().get(11..16).unwrap_or_default().to_owned()
}

/// "in French, interpreted into Dutch and English".
fn languages(c: &Chrome, s: &ProgrammeSession) -> String {
    let name = |code: &str| {
        let key = format!("language-name-{code}");
        let t = c.t(&key);
        if t == key { code.to_uppercase() } else { t }
    };
    let spoken =
        c.tr.t1("programme-spoken", "language", name(&s.draft.language));
    if s.draft.interpretation.is_empty() {
        spoken
    } else {
        let into: Vec<String> = s.draft.interpretation.iter().map(|l| name(l)).collect();
        format!(
            "{spoken}, {}",
            c.tr.t1("programme-interpreted", "languages", into.join(", "))
        )
    }
}

/// One session as shown: time, title, venue, speakers, languages.
struct SessionView {
    id: i64,
    time: String,
    title: String,
    venue: String,
    speakers: String,
    languages: String,
}

/// Sessions grouped by day: (day, sessions).
fn by_day(c: &Chrome, sessions: &[ProgrammeSession]) -> Vec<(String, Vec<SessionView>)> {
    let mut days: Vec<(String, Vec<SessionView>)> = Vec::new();
    for s in sessions {
        let day = c.tr.date(s.draft.starts_at);
        let view = SessionView {
            id: s.id,
            time: format!("{} – {}", clock(s.draft.starts_at), clock(s.draft.ends_at)),
            title: s.draft.title.get(c.tr.lang).to_owned(),
            venue: s.venue_name.clone(),
            speakers: s
                .speakers
                .iter()
                .map(|(_, n, a)| {
                    if a.is_empty() {
                        n.clone()
                    } else {
                        format!("{n} ({a})")
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
            languages: languages(c, s),
        };
        match days.last_mut() {
            Some((d, list)) if *d == day => list.push(view),
            _ => days.push((day, vec![view])),
        }
    }
    days
}

#[derive(Template)]
#[template(path = "programme_public.html")]
struct PublicPage {
    c: Chrome,
    id: i64,
    name: String,
    days: Vec<(String, Vec<SessionView>)>,
}

pub async fn public(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let (f, sessions) = enquete_app::programme::public(&state, FestivalId(id)).await?;
    let c = Chrome::new(&ctx);
    let days = by_day(&c, &sessions);
    page(&PublicPage {
        id,
        name: f.name,
        days,
        c,
    })
}

/// The programme as an iCalendar feed, in the reader's language (or `?lang=`).
pub async fn calendar(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let (f, sessions) = enquete_app::programme::public(&state, FestivalId(id)).await?;
    let c = Chrome::new(&ctx);
    let base = state.config.public_url.trim_end_matches('/');
    let host = base.split("://").nth(1).unwrap_or(base);
    let uids: Vec<String> = sessions
        .iter()
        .map(|s| format!("festival-{id}-session-{}@{host}", s.id))
        .collect();
    let texts: Vec<(String, String)> = sessions
        .iter()
        .map(|s| {
            let who = s
                .speakers
                .iter()
                .map(|(_, n, _)| n.clone())
                .collect::<Vec<_>>()
                .join(", ");
            (
                s.draft.title.get(c.tr.lang).to_owned(),
                format!("{who}\n{}", languages(&c, s)).trim().to_owned(),
            )
        })
        .collect();
    let events: Vec<enquete_formats::ics::Event<'_>> = sessions
        .iter()
        .zip(&uids)
        .zip(&texts)
        .map(
            |((s, uid), (title, description))| enquete_formats::ics::Event {
                uid,
                starts_at: s.draft.starts_at,
                ends_at: Some(s.draft.ends_at),
                stamp: Timestamp::now_utc(),
                summary: title,
                location: &s.venue_name,
                description,
                url: "",
                cancelled: false,
                sequence: 0,
            },
        )
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        enquete_formats::ics::feed(&f.name, &events),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "programme_team.html")]
struct TeamPage {
    c: Chrome,
    id: i64,
    name: String,
    venues: Vec<(i64, String)>,
    /// id, name, affiliation, from abroad, travel, accommodation, arrives, leaves, missing.
    speakers: Vec<SpeakerView>,
    days: Vec<(String, Vec<SessionView>)>,
    clashes: Vec<String>,
    languages: Vec<(&'static str, String)>,
}

struct SpeakerView {
    id: i64,
    name: String,
    affiliation: String,
    from_abroad: bool,
    travel: String,
    accommodation: String,
    arrives: String,
    leaves: String,
    arrives_value: String,
    leaves_value: String,
    missing: Vec<String>,
}

fn input_value(t: Option<Timestamp>) -> String {
    t.map(|t| t.display().get(..16).unwrap_or_default().replace(' ', "T"))
        .unwrap_or_default()
}

pub async fn team(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let p = enquete_app::programme::for_team(&state, &staff.caller, FestivalId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let title_of = |s: i64| {
        p.sessions
            .iter()
            .find(|x| x.id == s)
            .map(|x| x.draft.title.get(c.tr.lang).to_owned())
            .unwrap_or_default()
    };
    let clashes = p
        .clashes
        .iter()
        .map(|(a, b, what)| {
            c.tr.tn(
                "programme-clash",
                &[
                    ("first", title_of(*a)),
                    ("second", title_of(*b)),
                    ("what", what.clone()),
                ],
            )
        })
        .collect();
    let speakers = p
        .speakers
        .iter()
        .map(|s| SpeakerView {
            id: s.id,
            name: s.draft.name.clone(),
            affiliation: s.draft.affiliation.clone(),
            from_abroad: s.draft.from_abroad,
            travel: s.draft.travel.clone(),
            accommodation: s.draft.accommodation.clone(),
            arrives: s
                .draft
                .arrives_at
                .map(|t| c.tr.date_time(t))
                .unwrap_or_default(),
            leaves: s
                .draft
                .leaves_at
                .map(|t| c.tr.date_time(t))
                .unwrap_or_default(),
            arrives_value: input_value(s.draft.arrives_at),
            leaves_value: input_value(s.draft.leaves_at),
            missing: p
                .missing
                .iter()
                .find(|(id, _)| *id == s.id)
                .map(|(_, m)| m.iter().map(|k| c.t(k)).collect())
                .unwrap_or_default(),
        })
        .collect();
    let days = by_day(&c, &p.sessions);
    page(&TeamPage {
        id,
        name: p.festival.name.clone(),
        venues: p.venues.iter().map(|v| (v.id, v.name.clone())).collect(),
        speakers,
        days,
        clashes,
        languages: enquete_domain::people::Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym().to_owned()))
            .collect(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct VenueForm {
    #[serde(default)]
    name: String,
}

pub async fn add_venue(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<VenueForm>,
) -> AppResult<Response> {
    enquete_app::programme::add_venue(&state, &staff.caller, FestivalId(id), &f.name).await?;
    Ok(see_other(&format!("/festivals/{id}/programme")))
}

#[derive(Deserialize, Default)]
pub struct SpeakerForm {
    #[serde(default)]
    speaker: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    affiliation: String,
    #[serde(default)]
    from_abroad: Option<String>,
    #[serde(default)]
    travel: String,
    #[serde(default)]
    accommodation: String,
    #[serde(default)]
    arrives_at: String,
    #[serde(default)]
    leaves_at: String,
}

pub async fn save_speaker(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<SpeakerForm>,
) -> AppResult<Response> {
    enquete_app::festival::festival_for(&state, &staff.caller, FestivalId(id)).await?;
    let speaker = match f.speaker.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i64>()
                .map_err(|_| enquete_domain::FieldError::new("speaker", "error-no-speaker"))?,
        ),
    };
    let draft = SpeakerDraft::parse(
        &f.name,
        &f.affiliation,
        f.from_abroad.is_some(),
        &f.travel,
        &f.accommodation,
        &f.arrives_at,
        &f.leaves_at,
    )?;
    enquete_app::programme::save_speaker(&state, &staff.caller, FestivalId(id), speaker, &draft)
        .await?;
    Ok(see_other(&format!("/festivals/{id}/programme#speakers")))
}

/// The session form: its fields, with `speaker` repeated once per speaker ticked.
pub async fn add_session(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    fields: FormFields,
) -> AppResult<Response> {
    enquete_app::festival::festival_for(&state, &staff.caller, FestivalId(id)).await?;
    let draft = SessionDraft::parse(
        &[
            ("nl", fields.get("title_nl")),
            ("fr", fields.get("title_fr")),
            ("de", fields.get("title_de")),
            ("en", fields.get("title_en")),
        ],
        fields.get("starts_at"),
        fields.get("ends_at"),
        fields.get("language"),
        fields.get("interpretation"),
    )?;
    let venue = fields
        .get("venue")
        .parse::<i64>()
        .map_err(|_| enquete_domain::FieldError::new("venue", "error-no-venue"))?;
    let speakers = fields
        .all("speaker")
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| enquete_domain::FieldError::new("speakers", "error-no-speaker"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    enquete_app::programme::add_session(
        &state,
        &staff.caller,
        FestivalId(id),
        venue,
        &draft,
        &speakers,
    )
    .await?;
    Ok(see_other(&format!("/festivals/{id}/programme")))
}

#[derive(Template)]
#[template(path = "shifts.html")]
struct ShiftsPage {
    c: Chrome,
    id: i64,
    name: String,
    units: Vec<(i64, String)>,
    teams: Vec<(&'static str, String)>,
    /// team, then its shifts.
    groups: Vec<(String, Vec<ShiftView>)>,
    short_total: u64,
}

struct ShiftView {
    action: i64,
    title: String,
    unit: String,
    when: String,
    places: u64,
    signed_up: u64,
    checked_in: u64,
    short: u64,
    missing_now: Option<u64>,
    link: String,
}

pub async fn shifts(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let rows = enquete_app::programme::shifts(&state, &staff.caller, FestivalId(id)).await?;
    let f = state.store.festival(FestivalId(id)).await?;
    let festival_unit = state.store.unit(f.unit).await?;
    let units = enquete_app::scope::units_where(
        &state,
        &staff.caller,
        &festival_unit.path,
        Action::ManageActions,
    )
    .await?
    .into_iter()
    .map(|u| (u.id.0, u.name.as_str().to_owned()))
    .collect();
    let c = Chrome::new(&staff.ctx);
    let mut groups: Vec<(String, Vec<ShiftView>)> = Vec::new();
    for team in ShiftTeam::ALL {
        let list: Vec<ShiftView> = rows
            .iter()
            .filter(|r| r.shift.team == team.as_str())
            .map(|r| ShiftView {
                action: r.action.id.0,
                title: r.action.title.clone(),
                unit: r.action.unit_name.clone(),
                when: format!(
                    "{}, {} – {}",
                    c.tr.date(r.action.starts_at),
                    clock(r.action.starts_at),
                    clock(r.shift.ends_at)
                ),
                places: r.action.capacity.unwrap_or(0),
                signed_up: r.action.confirmed,
                checked_in: r.action.attended,
                short: r.short,
                missing_now: r.missing_now,
                link: format!("/a/{}", r.action.token),
            })
            .collect();
        if !list.is_empty() {
            groups.push((c.t(&format!("shift-team-{}", team.as_str())), list));
        }
    }
    page(&ShiftsPage {
        id,
        name: f.name,
        units,
        teams: ShiftTeam::ALL
            .iter()
            .map(|t| (t.as_str(), c.t(&format!("shift-team-{}", t.as_str()))))
            .collect(),
        short_total: rows.iter().map(|r| r.short).sum(),
        groups,
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct ShiftForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    places: String,
}

pub async fn add_shift(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ShiftForm>,
) -> AppResult<Response> {
    enquete_app::festival::festival_for(&state, &staff.caller, FestivalId(id)).await?;
    let unit = f
        .unit
        .trim()
        .parse::<i64>()
        .map_err(|_| enquete_domain::FieldError::new("unit", "error-no-unit"))?;
    enquete_app::programme::add_shift(
        &state,
        &staff.caller,
        FestivalId(id),
        enquete_domain::org::UnitId(unit),
        &f.team,
        &f.title,
        &f.starts_at,
        &f.ends_at,
        &f.places,
    )
    .await?;
    Ok(see_other(&format!("/festivals/{id}/shifts")))
}

#[derive(Template)]
#[template(path = "festival_sections.html")]
struct GainsPage {
    c: Chrome,
    id: i64,
    name: String,
    /// name, orders, tickets, contacts, volunteers, entries, moved.
    rows: Vec<(String, u64, u64, u64, u64, u64, u64)>,
    report: Option<String>,
    unplaced: Vec<(i64, String)>,
}

async fn gains_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    report: Option<enquete_app::festival::LoopReport>,
) -> AppResult<Response> {
    let gains = enquete_app::festival::gains(state, &staff.caller, FestivalId(id)).await?;
    let f = state.store.festival(FestivalId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let unplaced = report
        .as_ref()
        .map(|r| {
            r.placement
                .unplaced
                .iter()
                .map(|(o, p)| (o.0, p.clone()))
                .collect()
        })
        .unwrap_or_default();
    let report = report.map(|r| {
        c.tr.tn(
            "festival-loop-report",
            &[
                ("created", r.placement.created.to_string()),
                ("seller", r.placement.by_seller.to_string()),
                ("known", r.placement.known.to_string()),
                ("unplaced", r.placement.unplaced.len().to_string()),
                ("entries", r.entries.to_string()),
                ("moved", r.moved.to_string()),
            ],
        )
    });
    page(&GainsPage {
        id,
        name: f.name,
        rows: gains
            .into_iter()
            .map(|g| {
                (
                    g.name,
                    g.orders,
                    g.tickets,
                    g.contacts,
                    g.volunteers,
                    g.entries,
                    g.moved,
                )
            })
            .collect(),
        report,
        unplaced,
        c,
    })
}

/// What the festival added to each section.
pub async fn sections(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    gains_page(&state, &staff, id, None).await
}

#[derive(Deserialize, Default)]
pub struct LoopForm {}

/// Brings buyers and entries into the sections, then shows what the festival added.
pub async fn into_the_loop(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<LoopForm>,
) -> AppResult<Response> {
    let report =
        enquete_app::festival::into_the_loop(&state, &staff.caller, FestivalId(id)).await?;
    gains_page(&state, &staff, id, Some(report)).await
}

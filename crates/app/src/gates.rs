//! The festival's gates (issue 17, part 3; the rule and its proof: docs/festival-gates.md).
//! A gate phone holds one or more lanes; it admits their tickets itself, with or without
//! signal, and sends its scans when it can. A ticket of a lane nobody holds is decided here, for
//! a phone with signal. The `*_as` functions are the server's side without the caller's check,
//! for the gate simulation (`enquete bench gates`).

use crate::tickets::{Claim, Refusal, verify};
use crate::{App, Caller, Error, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{FestivalId, TicketTypeId};
use enquete_domain::gate::{Layout, Reentry, entry_key, festival_day};
use enquete_domain::policy::Action;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{
    AdmitOutcome, FestivalRecord, GateFigures, LaneGrant, ScanRow, Store, SyncOutcome, ZoneRecord,
};
use std::collections::HashSet;

/// The most scans one sync may carry (a phone sends the rest next time).
pub const MAX_SCANS: usize = 5_000;

/// What a gate phone keeps to work without signal.
#[derive(Debug, Clone)]
pub struct GateSetup {
    pub festival: FestivalRecord,
    /// Each ticket type: its id, code and re-entry rule.
    pub types: Vec<(TicketTypeId, String, Reentry)>,
    pub revoked: Vec<String>,
}

/// A phone's sync: who it is, the lanes it wants to hold and to give back, its scans.
#[derive(Debug, Clone, Default)]
pub struct SyncRequest {
    pub device: String,
    pub gate_name: String,
    pub hold: Vec<u32>,
    pub release: Vec<u32>,
    pub scans: Vec<ScanRow>,
}

/// The answer: each lane asked for, granted (with its entries) or held by another phone; the
/// revocation list; what the scans did.
#[derive(Debug, Clone, Default)]
pub struct SyncAnswer {
    pub grants: Vec<(u32, LaneGrant)>,
    pub released: Vec<u32>,
    pub revoked: Vec<String>,
    pub stored: SyncOutcome,
}

/// The server's decision on a scan a phone could not decide alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Admitted(Reentry),
    Already(Timestamp),
    /// The ticket's lane is held by that phone: the visitor goes there.
    GoTo {
        lane: String,
        gate_name: String,
    },
    Refused(Refusal),
}

async fn festival_to_scan(app: &App, caller: &Caller, id: FestivalId) -> Result<FestivalRecord> {
    let f = app.store.festival(id).await?;
    crate::scope::unit_for(app, caller, f.unit, Action::ScanTickets).await?;
    Ok(f)
}

/// What the scanner page loads (and keeps on the phone).
pub async fn setup(app: &App, caller: &Caller, id: FestivalId) -> Result<GateSetup> {
    let festival = festival_to_scan(app, caller, id).await?;
    let types = app
        .store
        .ticket_types(id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.draft.code, t.draft.reentry))
        .collect();
    let revoked = revoked(&app.store, id).await?;
    Ok(GateSetup {
        festival,
        types,
        revoked,
    })
}

async fn revoked(store: &Store, id: FestivalId) -> Result<Vec<String>> {
    Ok(store
        .revoked_tickets(id)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect())
}

fn is_token(s: &str, min: usize) -> bool {
    (min..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

const OUTCOMES: [&str; 9] = [
    "admitted",
    "already",
    "other-lane",
    "lease-lapsed",
    "malformed",
    "forged",
    "other-festival",
    "out-of-date",
    "revoked",
];

/// Checks a phone's sync before anything is written.
pub fn check_sync(req: &SyncRequest, layout: Layout) -> Result<()> {
    if !is_token(&req.device, 8) {
        return Err(FieldError::new("device", "error-device").into());
    }
    if req.gate_name.chars().count() > 40 || req.gate_name.chars().any(char::is_control) {
        return Err(FieldError::new("gate_name", "error-too-long")
            .arg("max", 40)
            .into());
    }
    if req.scans.len() > MAX_SCANS {
        return Err(FieldError::new("scans", "error-too-many-scans")
            .arg("max", MAX_SCANS)
            .into());
    }
    if let Some(bad) = req
        .hold
        .iter()
        .chain(&req.release)
        .find(|l| **l >= layout.total())
    {
        return Err(FieldError::new("lane", "error-lane")
            .arg("lane", bad)
            .into());
    }
    for (i, s) in req.scans.iter().enumerate() {
        let hex = s.ticket.len() == 32 && s.ticket.bytes().all(|b| b.is_ascii_hexdigit());
        let key_ok = s.entry_key.as_deref().is_none_or(|k| {
            k == s.ticket
                || k.strip_prefix(s.ticket.as_str())
                    .and_then(|d| d.strip_prefix('/'))
                    .is_some_and(|d| d.parse::<u16>().is_ok())
        });
        if !is_token(&s.id, 8)
            || !(hex || s.ticket.is_empty())
            || !key_ok
            || !OUTCOMES.contains(&s.outcome.as_str())
            || s.lane >= layout.total()
        {
            return Err(FieldError::new("scans", "error-scan")
                .arg("line", i + 1)
                .into());
        }
    }
    Ok(())
}

/// A phone's sync, for a gate scanner.
pub async fn sync(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    req: &SyncRequest,
) -> Result<SyncAnswer> {
    let f = festival_to_scan(app, caller, id).await?;
    sync_as(&app.store, &f, req, caller.now).await
}

/// A sync, its caller checked: keeps the scans, gives back the lanes to release, grants or
/// renews the lanes to hold (a phone asks only after its scans are kept: a lane it gives back
/// is known whole), answers with the revocation list.
pub async fn sync_as(
    store: &Store,
    f: &FestivalRecord,
    req: &SyncRequest,
    now: Timestamp,
) -> Result<SyncAnswer> {
    check_sync(req, f.layout)?;
    let stored = store.sync_scans(f.id, &req.device, &req.scans, now).await?;
    let mut released = Vec::new();
    for lane in &req.release {
        if store.release_lane(f.id, *lane, &req.device, now).await? {
            released.push(*lane);
        }
    }
    let mut grants = Vec::new();
    for lane in &req.hold {
        let grant = store
            .lease_lane(f.id, *lane, &req.device, &req.gate_name, now)
            .await?;
        grants.push((*lane, grant));
    }
    Ok(SyncAnswer {
        grants,
        released,
        revoked: revoked(store, f.id).await?,
        stored,
    })
}

/// The server decides on a scanned ticket a phone with signal could not decide alone (a lane
/// it does not hold).
pub async fn admit(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    device: &str,
    scan_id: &str,
    code: &str,
) -> Result<Decision> {
    let f = festival_to_scan(app, caller, id).await?;
    let revoked: HashSet<String> = revoked(&app.store, id).await?.into_iter().collect();
    admit_as(&app.store, &f, &revoked, device, scan_id, code, caller.now).await
}

/// [`admit`], its caller checked.
pub async fn admit_as(
    store: &Store,
    f: &FestivalRecord,
    revoked: &HashSet<String>,
    device: &str,
    scan_id: &str,
    code: &str,
    now: Timestamp,
) -> Result<Decision> {
    if !is_token(device, 8) {
        return Err(FieldError::new("device", "error-device").into());
    }
    if !is_token(scan_id, 8) {
        return Err(FieldError::new("id", "error-scan").arg("line", 1).into());
    }
    let claim = match verify(code, &f.public_key, f.id, now, revoked) {
        Ok(c) => c,
        Err(r) => return Ok(Decision::Refused(r)),
    };
    let lane = f.layout.lane_of(&claim.ticket);
    let scan = scan_of(&claim, f.layout, scan_id, now, false);
    Ok(match store.admit_online(f.id, device, &scan, now).await? {
        AdmitOutcome::Admitted => Decision::Admitted(claim.reentry),
        AdmitOutcome::Already { at } => Decision::Already(at),
        AdmitOutcome::LaneHeld { gate_name } => Decision::GoTo {
            lane: f.layout.label(lane),
            gate_name,
        },
    })
}

/// The scan of a valid ticket, as admitted under its entry key.
pub fn scan_of(
    claim: &Claim,
    layout: Layout,
    scan_id: &str,
    now: Timestamp,
    offline: bool,
) -> ScanRow {
    ScanRow {
        id: scan_id.to_owned(),
        lane: layout.lane_of(&claim.ticket),
        ticket: claim.ticket.clone(),
        entry_key: entry_key(
            &claim.ticket,
            claim.reentry,
            festival_day(claim.valid_from, now),
        ),
        outcome: "admitted".into(),
        offline,
        scanned_at: now,
    }
}

/// The festival team frees the lane of a lost phone (once its lease is over).
pub async fn free_lane(app: &App, caller: &Caller, id: FestivalId, lane: &str) -> Result<()> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    let lane = (0..f.layout.total())
        .find(|l| f.layout.label(*l).eq_ignore_ascii_case(lane.trim()))
        .ok_or_else(|| Error::from(FieldError::new("lane", "error-lane").arg("lane", lane)))?;
    app.store
        .free_lane(
            id,
            lane,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::FestivalLane,
                None,
                format!("festival {}: lane {} freed", id.0, f.layout.label(lane)),
            ),
        )
        .await?;
    Ok(())
}

/// Sets the festival's entrances and lanes (before the gates open).
pub async fn set_layout(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    entrances: &str,
    lanes: &str,
) -> Result<()> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    let layout = Layout::parse(entrances, lanes)?;
    app.store
        .set_layout(
            f.id,
            layout,
            crate::audit::event(
                caller,
                AuditAction::FestivalLane,
                None,
                format!(
                    "festival {}: {} entrances of {} lanes",
                    id.0, layout.entrances, layout.lanes
                ),
            ),
        )
        .await?;
    Ok(())
}

/// The gates' figures, for the festival team.
pub async fn figures(app: &App, caller: &Caller, id: FestivalId) -> Result<GateFigures> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    Ok(app.store.gate_figures(f.id).await?)
}

/// Adds a zone with its capacity (a hall, a tent), for the festival team.
pub async fn add_zone(
    app: &App,
    caller: &Caller,
    id: FestivalId,
    name: &str,
    capacity: &str,
) -> Result<i64> {
    let f = crate::festival::festival_for(app, caller, id).await?;
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("name", "error-required").into());
    }
    if name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(FieldError::new("name", "error-too-long")
            .arg("max", 60)
            .into());
    }
    let capacity: u32 = capacity
        .trim()
        .parse()
        .ok()
        .filter(|c| (1..=200_000).contains(c))
        .ok_or_else(|| FieldError::new("capacity", "error-zone-capacity"))?;
    Ok(app
        .store
        .create_zone(
            f.id,
            name,
            capacity,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::FestivalLane,
                None,
                format!("festival {}: zone {name} for {capacity}", id.0),
            ),
        )
        .await?)
}

/// The festival's zones and how full each is.
pub async fn zones(app: &App, caller: &Caller, id: FestivalId) -> Result<Vec<ZoneRecord>> {
    let f = festival_to_scan(app, caller, id).await?;
    Ok(app.store.zones(f.id).await?)
}

/// A zone, for a door phone.
pub async fn zone(app: &App, caller: &Caller, zone: i64) -> Result<ZoneRecord> {
    let z = app.store.zone(zone).await?;
    festival_to_scan(app, caller, z.festival).await?;
    Ok(z)
}

/// A door phone's counts in all (in, out): the zone as it is now, full or not.
pub async fn count_door(
    app: &App,
    caller: &Caller,
    zone_id: i64,
    device: &str,
    door_name: &str,
    ins: u32,
    outs: u32,
) -> Result<ZoneRecord> {
    zone(app, caller, zone_id).await?;
    if !is_token(device, 8) {
        return Err(FieldError::new("device", "error-device").into());
    }
    if door_name.chars().count() > 40 || door_name.chars().any(char::is_control) {
        return Err(FieldError::new("door_name", "error-too-long")
            .arg("max", 40)
            .into());
    }
    for (field, n) in [("ins", ins), ("outs", outs)] {
        if n > 10_000_000 {
            return Err(FieldError::new(field, "error-count").into());
        }
    }
    Ok(app
        .store
        .count_door(zone_id, device, door_name, ins, outs, caller.now)
        .await?)
}

//! The festival's gate phones over the API (docs/festival-gates.md): a phone's sync (its scans,
//! the lanes it holds or gives back, the revocation list) and the server's decision on a ticket
//! of a lane the phone does not hold.

use crate::ctx::Staff;
use crate::error::{AppResult, ErrorBody};
use crate::extract::{ApiJson, Id};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use enquete_app::gates::{Decision, SyncRequest};
use enquete_domain::Timestamp;
use enquete_domain::festival::FestivalId;
use enquete_domain::gate::LEASE_SECONDS;
use enquete_store::{LaneGrant, ScanRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanBody {
    /// The phone's own id for the scan (8 to 64 letters, digits or dashes).
    pub id: String,
    pub lane: u32,
    /// The ticket's id (32 hex digits); empty for an unreadable code.
    pub ticket: String,
    pub entry_key: Option<String>,
    /// admitted, already, other-lane, lease-lapsed, malformed, forged, other-festival,
    /// out-of-date or revoked.
    pub outcome: String,
    #[serde(default)]
    pub offline: bool,
    /// Seconds since 1970 by the phone's clock.
    pub scanned_at: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncBody {
    /// The phone's own id (8 to 64 letters, digits or dashes), kept on the phone.
    pub device: String,
    /// A name the team recognizes the gate by.
    #[serde(default)]
    pub gate_name: String,
    /// Lanes to hold (or keep holding), by number from 0.
    #[serde(default)]
    pub hold: Vec<u32>,
    /// Lanes to give back (after this sync's scans are kept).
    #[serde(default)]
    pub release: Vec<u32>,
    #[serde(default)]
    pub scans: Vec<ScanBody>,
}

#[derive(Serialize, ToSchema)]
pub struct GrantDto {
    pub lane: u32,
    /// "B2".
    pub label: String,
    /// Held by this phone now, for `lease_seconds` from when it asked.
    pub granted: bool,
    /// Entries admitted in the lane before (key, seconds), on a new grant.
    pub entries: Vec<(String, i64)>,
    /// Who holds it otherwise, and until when (seconds).
    pub held_by: Option<String>,
    pub held_until: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SyncDto {
    pub grants: Vec<GrantDto>,
    pub released: Vec<u32>,
    /// Refunded tickets, refused at every gate.
    pub revoked: Vec<String>,
    pub stored: u32,
    pub known: u32,
    pub doubles: u32,
    pub lease_seconds: i64,
    pub server_time: i64,
}

/// A gate phone's sync: its scans are kept (each once), its lanes granted, renewed or given
/// back, and the revocation list sent.
#[utoipa::path(post, path = "/api/v1/festivals/{id}/gate/sync", tag = "festival", params(("id" = i64, Path)), request_body = SyncBody,
    responses((status = 200, body = SyncDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sync(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(body): ApiJson<SyncBody>,
) -> AppResult<Json<SyncDto>> {
    let req = SyncRequest {
        device: body.device,
        gate_name: body.gate_name,
        hold: body.hold,
        release: body.release,
        scans: body
            .scans
            .into_iter()
            .map(|s| ScanRow {
                id: s.id,
                lane: s.lane,
                ticket: s.ticket,
                entry_key: s.entry_key,
                outcome: s.outcome,
                offline: s.offline,
                scanned_at: Timestamp(s.scanned_at),
            })
            .collect(),
    };
    let festival = FestivalId(id);
    let answer = enquete_app::gates::sync(&state, &staff.caller, festival, &req).await?;
    let layout = state.store.festival(festival).await?.layout;
    Ok(Json(SyncDto {
        grants: answer
            .grants
            .into_iter()
            .map(|(lane, g)| match g {
                LaneGrant::Granted { entries } => GrantDto {
                    lane,
                    label: layout.label(lane),
                    granted: true,
                    entries: entries.into_iter().map(|(k, at)| (k, at.0)).collect(),
                    held_by: None,
                    held_until: None,
                },
                LaneGrant::Held { gate_name, until } => GrantDto {
                    lane,
                    label: layout.label(lane),
                    granted: false,
                    entries: Vec::new(),
                    held_by: Some(gate_name),
                    held_until: Some(until.0),
                },
            })
            .collect(),
        released: answer.released,
        revoked: answer.revoked,
        stored: answer.stored.stored,
        known: answer.stored.known,
        doubles: answer.stored.doubles,
        lease_seconds: LEASE_SECONDS,
        server_time: staff.caller.now.0,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmitBody {
    pub device: String,
    /// The phone's id for this scan: sending it again gives the same answer.
    pub scan_id: String,
    /// The ticket's code as read from its QR code.
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct AdmitDto {
    /// admitted, already, go-to or refused.
    pub decision: &'static str,
    /// For an admission: once, daily, wristband or free.
    pub reentry: Option<&'static str>,
    /// When it was admitted before (seconds).
    pub admitted_at: Option<i64>,
    /// Where the visitor goes: the lane ("B2") and the gate holding it.
    pub lane: Option<String>,
    pub gate_name: Option<String>,
    /// Why it was refused: malformed, forged, other-festival, out-of-date or revoked.
    pub reason: Option<&'static str>,
}

/// The server decides on a ticket of a lane the phone does not hold (for a phone with signal).
#[utoipa::path(post, path = "/api/v1/festivals/{id}/gate/admit", tag = "festival", params(("id" = i64, Path)), request_body = AdmitBody,
    responses((status = 200, body = AdmitDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn admit(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    ApiJson(body): ApiJson<AdmitBody>,
) -> AppResult<Json<AdmitDto>> {
    let decision = enquete_app::gates::admit(
        &state,
        &staff.caller,
        FestivalId(id),
        &body.device,
        &body.scan_id,
        &body.code,
    )
    .await?;
    let none = AdmitDto {
        decision: "refused",
        reentry: None,
        admitted_at: None,
        lane: None,
        gate_name: None,
        reason: None,
    };
    Ok(Json(match decision {
        Decision::Admitted(r) => AdmitDto {
            decision: "admitted",
            reentry: Some(r.as_str()),
            ..none
        },
        Decision::Already(at) => AdmitDto {
            decision: "already",
            admitted_at: Some(at.0),
            ..none
        },
        Decision::GoTo { lane, gate_name } => AdmitDto {
            decision: "go-to",
            lane: Some(lane),
            gate_name: Some(gate_name),
            ..none
        },
        Decision::Refused(r) => AdmitDto {
            reason: Some(r.as_str()),
            ..none
        },
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DoorBody {
    /// The door phone's own id.
    pub device: String,
    #[serde(default)]
    pub door_name: String,
    /// How many this door let in, in all (never less than sent before).
    pub ins: u32,
    /// How many it let out, in all.
    pub outs: u32,
}

#[derive(Serialize, ToSchema)]
pub struct ZoneDto {
    pub id: i64,
    pub name: String,
    pub capacity: u32,
    /// In minus out over every door.
    pub occupancy: u32,
    pub full: bool,
    /// The counts as sent.
    pub ins: u32,
    pub outs: u32,
}

/// A zone's door phone sends its counts in all; the answer says how full the zone is.
#[utoipa::path(post, path = "/api/v1/festivals/{id}/zones/{zone}/door", tag = "festival", params(("id" = i64, Path), ("zone" = i64, Path)), request_body = DoorBody,
    responses((status = 200, body = ZoneDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn door(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Path((festival, zone)): axum::extract::Path<(i64, i64)>,
    ApiJson(body): ApiJson<DoorBody>,
) -> AppResult<Json<ZoneDto>> {
    let z = enquete_app::gates::zone(&state, &staff.caller, zone).await?;
    if z.festival.0 != festival {
        return Err(crate::error::AppError::NotFound("zone"));
    }
    let z = enquete_app::gates::count_door(
        &state,
        &staff.caller,
        zone,
        &body.device,
        &body.door_name,
        body.ins,
        body.outs,
    )
    .await?;
    Ok(Json(ZoneDto {
        id: z.id,
        full: z.full(),
        name: z.name,
        capacity: z.capacity,
        occupancy: z.occupancy,
        ins: body.ins,
        outs: body.outs,
    }))
}

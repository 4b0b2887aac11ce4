//! How a response arrived: the channel it was collected on, what happened at a door, and the
//! doors of an assignment.

use crate::FieldError;
use serde::{Deserialize, Serialize};

id_type!(AssignmentId, "a canvassing assignment");
id_type!(DoorId, "a door of an assignment");

/// Where a response was collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Door,
    Workplace,
    Street,
    Online,
    Paper,
    /// Asked on a call (phone banking).
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Door,
        Channel::Workplace,
        Channel::Street,
        Channel::Online,
        Channel::Paper,
        Channel::Phone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Door => "door",
            Channel::Workplace => "workplace",
            Channel::Street => "street",
            Channel::Online => "online",
            Channel::Paper => "paper",
            Channel::Phone => "phone",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("channel", "error-channel-unknown"))
    }
}

/// What happened at a door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoorOutcome {
    NotHome,
    Refused,
    ComeBack,
    Answered,
}

impl DoorOutcome {
    pub const ALL: [DoorOutcome; 4] = [
        DoorOutcome::NotHome,
        DoorOutcome::Refused,
        DoorOutcome::ComeBack,
        DoorOutcome::Answered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DoorOutcome::NotHome => "not_home",
            DoorOutcome::Refused => "refused",
            DoorOutcome::ComeBack => "come_back",
            DoorOutcome::Answered => "answered",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("outcome", "error-outcome-unknown"))
    }
}

/// The doors of an assignment as typed by an organizer: one address per line, blank lines
/// skipped, at most 2,000, each at most 200 characters.
pub fn parse_doors(raw: &str) -> Result<Vec<String>, FieldError> {
    let doors: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if doors.is_empty() {
        return Err(FieldError::new("doors", "error-doors-none"));
    }
    if doors.len() > 2000 {
        return Err(FieldError::new("doors", "error-doors-too-many").arg("max", 2000));
    }
    if let Some(long) = doors
        .iter()
        .find(|d| d.chars().count() > 200 || d.chars().any(char::is_control))
    {
        return Err(FieldError::new("doors", "error-door-invalid").arg("door", long));
    }
    Ok(doors)
}

/// Whether a time a response or a visit says it was collected at is plausible: not before the
/// year 2000, not more than a day ahead of the server's clock (phones' clocks drift).
pub fn plausible_collection_time(at: i64, now: crate::Timestamp) -> bool {
    (946_684_800..=now.0.saturating_add(86_400)).contains(&at)
}

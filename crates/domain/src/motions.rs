//! Motions into demands into actions (issue 16, part 3): a motion passed by a union body is
//! broken into concrete demands, each with a target, an owner and a status moved by dated
//! updates, and the actions taken for it.

use crate::{FieldError, Timestamp, clean_text};

/// A motion as the section writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionDraft {
    pub title: String,
    pub text: String,
    /// The body that passed it ("ACV-CSC congress", "shop stewards' meeting").
    pub body: String,
    pub passed_on: Timestamp,
    pub votes_for: u32,
    pub votes_against: u32,
    pub abstentions: u32,
}

fn votes(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    raw.parse::<u32>()
        .ok()
        .filter(|n| *n <= 1_000_000)
        .ok_or_else(|| FieldError::new(field, "error-votes"))
}

impl MotionDraft {
    pub fn parse(
        title: &str,
        text: &str,
        body: &str,
        passed_on: &str,
        votes_for: &str,
        votes_against: &str,
        abstentions: &str,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            title: clean_text("title", title, 1, 160)?,
            text: crate::campaign::clean_multiline("text", text, 20_000)?,
            body: clean_text("passed_by", body, 1, 160)?,
            passed_on: crate::dates::parse_date("passed_on", passed_on)?,
            votes_for: votes("votes_for", votes_for)?,
            votes_against: votes("votes_against", votes_against)?,
            abstentions: votes("abstentions", abstentions)?,
        })
    }
}

/// Where a demand stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DemandStatus {
    Drafted,
    Raised,
    Negotiating,
    Won,
    Lost,
    Dropped,
}

impl DemandStatus {
    pub const ALL: [DemandStatus; 6] = [
        DemandStatus::Drafted,
        DemandStatus::Raised,
        DemandStatus::Negotiating,
        DemandStatus::Won,
        DemandStatus::Lost,
        DemandStatus::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DemandStatus::Drafted => "drafted",
            DemandStatus::Raised => "raised",
            DemandStatus::Negotiating => "negotiating",
            DemandStatus::Won => "won",
            DemandStatus::Lost => "lost",
            DemandStatus::Dropped => "dropped",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("status", "error-demand-status"))
    }

    /// Moved past drafting.
    pub fn moved(self) -> bool {
        self != DemandStatus::Drafted
    }

    /// Over: won, lost or dropped.
    pub fn closed(self) -> bool {
        matches!(
            self,
            DemandStatus::Won | DemandStatus::Lost | DemandStatus::Dropped
        )
    }
}

/// A demand as the section writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandDraft {
    pub text: String,
    /// Whom it is made of: the employer, the port authority, a ministry.
    pub target: String,
    /// Who carries it.
    pub owner: String,
}

impl DemandDraft {
    pub fn parse(text: &str, target: &str, owner: &str) -> Result<Self, FieldError> {
        Ok(Self {
            text: clean_text("text", text, 1, 500)?,
            target: clean_text("target", target, 1, 160)?,
            owner: clean_text("owner", owner, 1, 120)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motions_and_demands_are_checked_field_by_field() {
        let m = MotionDraft::parse(
            "No arms through our port",
            "The congress calls on...",
            "BTB congress",
            "2026-10-12",
            "212",
            "9",
            "",
        )
        .unwrap();
        assert_eq!((m.votes_for, m.votes_against, m.abstentions), (212, 9, 0));
        let err = |r: Result<MotionDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(
            err(MotionDraft::parse("", "t", "b", "2026-10-12", "", "", "")),
            "title"
        );
        assert_eq!(
            err(MotionDraft::parse("x", "t", "", "2026-10-12", "", "", "")),
            "passed_by"
        );
        assert_eq!(
            err(MotionDraft::parse("x", "t", "b", "12/10", "", "", "")),
            "passed_on"
        );
        assert_eq!(
            err(MotionDraft::parse(
                "x",
                "t",
                "b",
                "2026-10-12",
                "many",
                "",
                ""
            )),
            "votes_for"
        );
        let d = DemandDraft::parse(
            "No handling of arms cargo",
            "Port authority",
            "Quay delegates",
        )
        .unwrap();
        assert_eq!(d.target, "Port authority");
        assert_eq!(
            DemandDraft::parse("x", "", "o").unwrap_err().field,
            "target"
        );
        for s in DemandStatus::ALL {
            assert_eq!(DemandStatus::parse(s.as_str()), Ok(s));
        }
        assert!(
            DemandStatus::Won.closed()
                && DemandStatus::Raised.moved()
                && !DemandStatus::Drafted.moved()
        );
        assert_eq!(DemandStatus::parse("pending").unwrap_err().field, "status");
    }
}

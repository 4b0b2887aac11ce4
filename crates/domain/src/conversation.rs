//! Conversations (issue 20, part 2): short statements people vote on (agree, disagree, pass),
//! through a public link or on a canvasser's phone, and may add to; a moderator accepts a
//! participant's statement before others see it. The opinion groups are found in
//! `enquete_analysis::opinions`.

use crate::{FieldError, clean_text};

/// Where a statement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementStatus {
    /// Added by a participant, waiting for a moderator.
    Pending,
    Accepted,
    Rejected,
}

impl StatementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// A conversation's title.
pub fn title(raw: &str) -> Result<String, FieldError> {
    clean_text("title", raw, 1, 160)
}

/// A statement: one short sentence people can agree or disagree with.
pub fn statement_text(raw: &str) -> Result<String, FieldError> {
    clean_text("text", raw, 3, 280)
}

/// A vote as sent: agree (1), disagree (-1) or pass (0), as a word or a number.
pub fn vote(raw: &str) -> Result<i8, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "agree" | "1" => Ok(1),
        "disagree" | "-1" => Ok(-1),
        "pass" | "0" => Ok(0),
        _ => Err(FieldError::new("vote", "error-vote-value")),
    }
}

/// The key a participant's browser or phone made up for itself: 16 to 64 letters, digits, `-`
/// or `_`.
pub fn participant_key(raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    if (16..=64).contains(&raw.len())
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::new("participant", "error-participant-key"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_keys_and_statements_are_checked() {
        assert_eq!(vote("Agree").unwrap(), 1);
        assert_eq!(vote("-1").unwrap(), -1);
        assert_eq!(vote("maybe").unwrap_err().field, "vote");
        assert!(participant_key("a1b2c3d4e5f6a7b8").is_ok());
        assert_eq!(participant_key("short").unwrap_err().field, "participant");
        assert_eq!(
            participant_key("a1b2c3d4e5f6a7b8<script>")
                .unwrap_err()
                .field,
            "participant"
        );
        assert_eq!(statement_text("ok").unwrap_err().field, "text");
        assert_eq!(
            StatementStatus::parse("accepted"),
            Some(StatementStatus::Accepted)
        );
    }
}

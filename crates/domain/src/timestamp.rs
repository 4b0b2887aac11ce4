//! Points in time as whole seconds since the Unix epoch, UTC.

use serde::{Deserialize, Serialize};

/// Seconds since 1970-01-01 UTC. Domain code receives it as a parameter and never reads the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time. Only the outer layers (web handlers, the command line) call this.
    #[expect(
        clippy::disallowed_methods,
        reason = "the single place where the edge of the system reads the clock"
    )]
    pub fn now_utc() -> Self {
        Self(time::OffsetDateTime::now_utc().unix_timestamp())
    }

    pub fn seconds(self) -> i64 {
        self.0
    }

    /// `YYYY-MM-DD HH:MM` in UTC, for pages and exports.
    pub fn display(self) -> String {
        let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .and_then(|t| t.format(&format).ok())
            .unwrap_or_else(|| self.0.to_string())
    }

    /// `YYYY-MM-DD`, for compact lists.
    pub fn date(self) -> String {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .and_then(|t| t.format(&format).ok())
            .unwrap_or_else(|| self.0.to_string())
    }

    /// RFC 3339, for the API.
    pub fn rfc3339(self) -> String {
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_else(|| self.0.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_utc() {
        let t = Timestamp(1_700_000_000);
        assert_eq!(t.display(), "2023-11-14 22:13");
        assert_eq!(t.date(), "2023-11-14");
        assert_eq!(t.rfc3339(), "2023-11-14T22:13:20Z");
    }
}

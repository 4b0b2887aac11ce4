//! The festival's programme (issue 17, part 4): sessions on stages and in rooms, with their
//! speakers, the language spoken and the languages interpreted into; the speakers' travel and
//! accommodation for guests from abroad, tracked by the team. Times are the festival's clock
//! (as typed, like every time of the program).

use crate::survey::Labels;
use crate::{FieldError, Timestamp, clean_text};

/// A spoken language: an ISO 639-1 code (`nl`, `fr`, `es`, `ar`).
fn language(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_lowercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(FieldError::new(field, "error-language-code"))
    }
}

/// A session as the team writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionDraft {
    pub title: Labels,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// The language spoken.
    pub language: String,
    /// The languages it is interpreted into.
    pub interpretation: Vec<String>,
}

impl SessionDraft {
    /// `titles`: (language, title) pairs, at least one; `interpretation`: codes separated by
    /// commas or spaces.
    pub fn parse(
        titles: &[(&str, &str)],
        starts_at: &str,
        ends_at: &str,
        spoken: &str,
        interpretation: &str,
    ) -> Result<Self, FieldError> {
        let mut title = Labels::default();
        for (lang, text) in titles {
            let field = match *lang {
                "nl" => "title_nl",
                "fr" => "title_fr",
                "de" => "title_de",
                _ => "title_en",
            };
            let text = clean_text(field, text, 0, 160)?;
            if !text.is_empty() {
                title.0.insert((*lang).to_owned(), text);
            }
        }
        if title.0.is_empty() {
            return Err(FieldError::new("title_en", "error-required"));
        }
        let starts_at = crate::dates::parse_datetime("starts_at", starts_at)?;
        let ends_at = crate::dates::parse_datetime("ends_at", ends_at)?;
        if ends_at <= starts_at || ends_at.0 - starts_at.0 > 24 * 3_600 {
            return Err(FieldError::new("ends_at", "error-session-times"));
        }
        let language = language("language", spoken)?;
        let mut interpreted = Vec::new();
        for code in interpretation
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|c| !c.is_empty())
        {
            let code = self::language("interpretation", code)?;
            if code != language && !interpreted.contains(&code) {
                interpreted.push(code);
            }
        }
        Ok(Self {
            title,
            starts_at,
            ends_at,
            language,
            interpretation: interpreted,
        })
    }

    /// Whether it shares time with another session (touching ends do not count).
    pub fn overlaps(&self, starts_at: Timestamp, ends_at: Timestamp) -> bool {
        self.starts_at < ends_at && starts_at < self.ends_at
    }
}

/// A speaker as the team writes them. Travel and accommodation are for the team only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerDraft {
    pub name: String,
    /// Organization and country, as shown on the programme.
    pub affiliation: String,
    pub from_abroad: bool,
    /// How they come (flight, train, who picks them up).
    pub travel: String,
    /// Where they sleep, which nights.
    pub accommodation: String,
    pub arrives_at: Option<Timestamp>,
    pub leaves_at: Option<Timestamp>,
}

impl SpeakerDraft {
    pub fn parse(
        name: &str,
        affiliation: &str,
        from_abroad: bool,
        travel: &str,
        accommodation: &str,
        arrives_at: &str,
        leaves_at: &str,
    ) -> Result<Self, FieldError> {
        let name = clean_text("name", name, 1, 120)?;
        let affiliation = clean_text("affiliation", affiliation, 0, 160)?;
        let travel = clean_text("travel", travel, 0, 500)?;
        let accommodation = clean_text("accommodation", accommodation, 0, 500)?;
        let when = |field: &'static str, raw: &str| {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                crate::dates::parse_datetime(field, raw).map(Some)
            }
        };
        let arrives_at = when("arrives_at", arrives_at)?;
        let leaves_at = when("leaves_at", leaves_at)?;
        if let (Some(a), Some(l)) = (arrives_at, leaves_at)
            && l < a
        {
            return Err(FieldError::new("leaves_at", "error-leaves-before-arrival"));
        }
        Ok(Self {
            name,
            affiliation,
            from_abroad,
            travel,
            accommodation,
            arrives_at,
            leaves_at,
        })
    }

    /// What the team still has to arrange for a guest from abroad, as message ids.
    pub fn missing(&self) -> Vec<&'static str> {
        if !self.from_abroad {
            return Vec::new();
        }
        let mut out = Vec::new();
        if self.travel.is_empty() || self.arrives_at.is_none() {
            out.push("speaker-missing-travel");
        }
        if self.accommodation.is_empty() {
            out.push("speaker-missing-accommodation");
        }
        out
    }
}

/// A venue's or a speaker's sessions that share time: (first, second) indexes into `sessions`,
/// each pair once, for sessions given as (key, start, end) where the key is the venue or the
/// speaker.
pub fn clashes(sessions: &[(i64, Timestamp, Timestamp)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, a) in sessions.iter().enumerate() {
        for (j, b) in sessions.iter().enumerate().skip(i + 1) {
            if a.0 == b.0 && a.1 < b.2 && b.1 < a.2 {
                out.push((i, j));
            }
        }
    }
    out
}

/// The teams volunteers work in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShiftTeam {
    Bar,
    Kitchen,
    Security,
    Cleaning,
    /// A section's stand.
    Stand,
    /// Building up and taking down.
    Setup,
}

impl ShiftTeam {
    pub const ALL: [ShiftTeam; 6] = [
        ShiftTeam::Bar,
        ShiftTeam::Kitchen,
        ShiftTeam::Security,
        ShiftTeam::Cleaning,
        ShiftTeam::Stand,
        ShiftTeam::Setup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ShiftTeam::Bar => "bar",
            ShiftTeam::Kitchen => "kitchen",
            ShiftTeam::Security => "security",
            ShiftTeam::Cleaning => "cleaning",
            ShiftTeam::Stand => "stand",
            ShiftTeam::Setup => "setup",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("team", "error-team-unknown"))
    }
}

/// A shift's end: after its start, at most 16 hours later.
pub fn shift_end(starts_at: Timestamp, ends_at: &str) -> Result<Timestamp, FieldError> {
    let ends = crate::dates::parse_datetime("ends_at", ends_at)?;
    if ends <= starts_at || ends.0 - starts_at.0 > 16 * 3_600 {
        return Err(FieldError::new("ends_at", "error-shift-times"));
    }
    Ok(ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_checked_field_by_field() {
        let s = SessionDraft::parse(
            &[("en", "Housing for all"), ("nl", "Wonen voor iedereen")],
            "2027-09-04T14:00",
            "2027-09-04T15:30",
            "NL",
            "fr, en nl fr",
        )
        .unwrap();
        assert_eq!(s.language, "nl");
        assert_eq!(s.interpretation, ["fr", "en"]);
        assert!(!s.overlaps(s.ends_at, Timestamp(s.ends_at.0 + 60)));
        assert!(s.overlaps(Timestamp(s.starts_at.0 + 60), s.ends_at));
        let err = |r: Result<SessionDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(
            err(SessionDraft::parse(
                &[("en", " ")],
                "2027-09-04T14:00",
                "2027-09-04T15:00",
                "nl",
                ""
            )),
            "title_en"
        );
        assert_eq!(
            err(SessionDraft::parse(
                &[("en", "x")],
                "soon",
                "2027-09-04T15:00",
                "nl",
                ""
            )),
            "starts_at"
        );
        assert_eq!(
            err(SessionDraft::parse(
                &[("en", "x")],
                "2027-09-04T14:00",
                "2027-09-04T13:00",
                "nl",
                ""
            )),
            "ends_at"
        );
        assert_eq!(
            err(SessionDraft::parse(
                &[("en", "x")],
                "2027-09-04T14:00",
                "2027-09-04T15:00",
                "dutch",
                ""
            )),
            "language"
        );
        assert_eq!(
            err(SessionDraft::parse(
                &[("en", "x")],
                "2027-09-04T14:00",
                "2027-09-04T15:00",
                "nl",
                "fr, 12"
            )),
            "interpretation"
        );
    }

    #[test]
    fn a_guest_from_abroad_lacks_what_is_not_arranged() {
        let guest = SpeakerDraft::parse("Ana", "CGTP, Portugal", true, "", "", "", "").unwrap();
        assert_eq!(
            guest.missing(),
            ["speaker-missing-travel", "speaker-missing-accommodation"]
        );
        let ready = SpeakerDraft::parse(
            "Ana",
            "CGTP, Portugal",
            true,
            "TP 612, Zaventem 10:05, picked up by Jan",
            "Hotel Central, 2 nights",
            "2027-09-03T10:05",
            "2027-09-05T18:00",
        )
        .unwrap();
        assert!(ready.missing().is_empty());
        let home = SpeakerDraft::parse("Jo", "", false, "", "", "", "").unwrap();
        assert!(home.missing().is_empty());
        assert_eq!(
            SpeakerDraft::parse(
                "Ana",
                "",
                true,
                "",
                "",
                "2027-09-05T10:00",
                "2027-09-04T10:00"
            )
            .unwrap_err()
            .field,
            "leaves_at"
        );
        assert_eq!(
            SpeakerDraft::parse(" ", "", true, "", "", "", "")
                .unwrap_err()
                .field,
            "name"
        );
    }

    #[test]
    fn clashes_are_found_per_key() {
        let t = |h: i64| Timestamp(h * 3_600);
        let s = [
            (1, t(10), t(12)),
            (1, t(11), t(13)),
            (2, t(11), t(13)),
            (1, t(13), t(14)),
        ];
        assert_eq!(clashes(&s), [(0, 1)]);
    }
}

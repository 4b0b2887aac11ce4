//! Staff accounts and their roles (README.md lists them). Every account is scoped to one unit and
//! the subtree below it.

use crate::{
    FieldError,
    org::{UnitId, UnitKind},
    people::Language,
};
use serde::{Deserialize, Serialize};
use std::fmt;

id_type!(UserId, "a staff account");
id_type!(LoginAttemptId, "a login attempt, kept for throttling");
id_type!(
    MailId,
    "a mail in the outbox (the mail an account is sent: password resets)"
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    NationalAdmin,
    Organizer,
    Canvasser,
    Analyst,
    Steward,
    GateScanner,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::NationalAdmin,
        Role::Organizer,
        Role::Canvasser,
        Role::Analyst,
        Role::Steward,
        Role::GateScanner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::NationalAdmin => "national_admin",
            Role::Organizer => "organizer",
            Role::Canvasser => "canvasser",
            Role::Analyst => "analyst",
            Role::Steward => "steward",
            Role::GateScanner => "gate_scanner",
        }
    }

    /// Checks that an account of this role may hang off a unit of this kind: a steward works in
    /// one workplace section and a canvasser in one section, so that their access stays that
    /// narrow; the other roles may sit at any level.
    pub fn check_unit(self, kind: UnitKind) -> Result<(), FieldError> {
        match self {
            Role::Steward if kind != UnitKind::Workplace => {
                Err(FieldError::new("unit", "error-unit-steward"))
            }
            Role::Canvasser if !kind.is_section() => {
                Err(FieldError::new("unit", "error-unit-canvasser"))
            }
            _ => Ok(()),
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().replace('-', "_").to_lowercase();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| FieldError::new("role", "error-role-unknown"))
    }
}

/// A password chosen by a person: at least 10 characters, at most 200.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let len = raw.chars().count();
        if len < 10 {
            return Err(FieldError::new("password", "error-too-short").arg("min", 10));
        }
        if len > 200 {
            return Err(FieldError::new("password", "error-too-long").arg("max", 200));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A password for a new account, shown once: 4 groups of 4 letters and digits without
    /// look-alikes (0/O, 1/l/I), made from 16 bytes the caller draws from a secure random source.
    pub fn from_random(bytes: &[u8; 16]) -> Self {
        const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
        // 256 is a multiple of 32, so `byte % 32` picks every letter equally often.
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| char::from(ALPHABET.get(usize::from(b % 32)).copied().unwrap_or(b'x')))
            .collect();
        let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        Self(groups.join("-"))
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub unit: UnitId,
    pub language: Language,
    pub must_change_password: bool,
    pub disabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_with_dashes_or_underscores() {
        assert_eq!(Role::parse("gate-scanner").unwrap(), Role::GateScanner);
        assert_eq!(Role::parse("Organizer").unwrap(), Role::Organizer);
        assert_eq!(Role::parse("king").unwrap_err().field, "role");
    }

    #[test]
    fn generated_passwords_are_long_enough_and_vary() {
        let a = NewPassword::from_random(&[7; 16]);
        let b = NewPassword::from_random(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
        assert_eq!(a.expose().len(), 19);
        assert!(NewPassword::parse(a.expose()).is_ok());
        assert_ne!(a.expose(), b.expose());
        assert_eq!(format!("{a:?}"), "NewPassword(***)");
    }

    #[test]
    fn narrow_roles_sit_in_sections() {
        assert!(Role::Steward.check_unit(UnitKind::Workplace).is_ok());
        assert_eq!(
            Role::Steward.check_unit(UnitKind::City).unwrap_err().field,
            "unit"
        );
        assert!(Role::Canvasser.check_unit(UnitKind::Youth).is_ok());
        assert!(Role::Canvasser.check_unit(UnitKind::Region).is_err());
        assert!(Role::Organizer.check_unit(UnitKind::Region).is_ok());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(NewPassword::parse("short").unwrap_err().field, "password");
    }
}

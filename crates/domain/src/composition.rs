//! Who leads, measured: with a person's consent for this purpose, their occupation class,
//! gender and age band, so that the composition of members, organizers and holders of
//! responsibilities can be set beside each other ("workers are 48% of members but 21% of
//! section secretaries"). The occupation classes map onto the ISCO-08 major groups as
//! docs/composition.md says.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// A short, documented list of occupation classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occupation {
    /// ISCO 7, 8, 9 and 6 (craft, plant and machine operators, elementary occupations,
    /// agricultural workers).
    Manual,
    /// ISCO 4 and 5 (clerical support, services and sales).
    ClericalService,
    /// Working on one's own account, without employees (any ISCO group).
    SelfEmployed,
    /// ISCO 1, 2 and 3 (managers, professionals, technicians and associate professionals).
    ProfessionalManager,
    Student,
    Unemployed,
    Retired,
    Other,
}

impl Occupation {
    pub const ALL: [Occupation; 8] = [
        Occupation::Manual,
        Occupation::ClericalService,
        Occupation::SelfEmployed,
        Occupation::ProfessionalManager,
        Occupation::Student,
        Occupation::Unemployed,
        Occupation::Retired,
        Occupation::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Occupation::Manual => "manual",
            Occupation::ClericalService => "clerical_service",
            Occupation::SelfEmployed => "self_employed",
            Occupation::ProfessionalManager => "professional_manager",
            Occupation::Student => "student",
            Occupation::Unemployed => "unemployed",
            Occupation::Retired => "retired",
            Occupation::Other => "other",
        }
    }

    /// Workers: manual, clerical and service.
    pub fn is_worker(self) -> bool {
        matches!(self, Occupation::Manual | Occupation::ClericalService)
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("occupation", "error-occupation"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Woman,
    Man,
    /// Another gender, or not said.
    Other,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Woman, Gender::Man, Gender::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Woman => "woman",
            Gender::Man => "man",
            Gender::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("gender", "error-gender"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    #[serde(rename = "under_25")]
    Under25,
    #[serde(rename = "25_34")]
    From25,
    #[serde(rename = "35_49")]
    From35,
    #[serde(rename = "50_64")]
    From50,
    #[serde(rename = "65_plus")]
    From65,
}

impl AgeBand {
    pub const ALL: [AgeBand; 5] = [
        AgeBand::Under25,
        AgeBand::From25,
        AgeBand::From35,
        AgeBand::From50,
        AgeBand::From65,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::Under25 => "under_25",
            AgeBand::From25 => "25_34",
            AgeBand::From35 => "35_49",
            AgeBand::From50 => "50_64",
            AgeBand::From65 => "65_plus",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("age_band", "error-age-band"))
    }
}

/// What a person agreed to have counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub occupation: Occupation,
    pub gender: Gender,
    pub age_band: AgeBand,
}

impl Profile {
    pub fn parse(occupation: &str, gender: &str, age_band: &str) -> Result<Self, FieldError> {
        Ok(Self {
            occupation: Occupation::parse(occupation)?,
            gender: Gender::parse(gender)?,
            age_band: AgeBand::parse(age_band)?,
        })
    }
}

/// The 95% Wilson interval of a share `k / n`.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "counts of people")]
    let (k, n) = (k as f64, n as f64);
    let z = 1.96_f64;
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * ((p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt()) / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_checked_by_field() {
        assert_eq!(
            Profile::parse("manual", "woman", "35_49")
                .unwrap()
                .occupation,
            Occupation::Manual
        );
        assert_eq!(
            Profile::parse("boss", "woman", "35_49").unwrap_err().field,
            "occupation"
        );
        assert_eq!(
            Profile::parse("manual", "x", "35_49").unwrap_err().field,
            "gender"
        );
        assert_eq!(
            Profile::parse("manual", "man", "40").unwrap_err().field,
            "age_band"
        );
        assert!(Occupation::ClericalService.is_worker() && !Occupation::Student.is_worker());
    }

    #[test]
    fn wilson_intervals_match_the_textbook() {
        // 48 of 100: [0.3851, 0.5763] (Wilson, 95%).
        let (lo, hi) = wilson(48, 100).unwrap();
        assert!(
            (lo - 0.3851).abs() < 1e-3 && (hi - 0.5763).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 0), None);
        let (lo, hi) = wilson(0, 10).unwrap();
        assert!(lo == 0.0 && hi > 0.2 && hi < 0.35);
    }
}

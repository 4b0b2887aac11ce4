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

/// What a composition is broken down by: the three parts of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Occupation,
    Gender,
    AgeBand,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [Dimension::Occupation, Dimension::Gender, Dimension::AgeBand];

    /// Its code, also the name of the variable of population figures and of the survey question
    /// it is compared with (`occupation`, `gender`, `age_band`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Occupation => "occupation",
            Dimension::Gender => "gender",
            Dimension::AgeBand => "age_band",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("by", "error-composition-by"))
    }

    /// Its categories' codes, in order.
    pub fn categories(self) -> Vec<&'static str> {
        match self {
            Dimension::Occupation => Occupation::ALL.iter().map(|o| o.as_str()).collect(),
            Dimension::Gender => Gender::ALL.iter().map(|g| g.as_str()).collect(),
            Dimension::AgeBand => AgeBand::ALL.iter().map(|a| a.as_str()).collect(),
        }
    }

    /// The category of a profile, by its index in [`Dimension::categories`].
    pub fn of(self, profile: &Profile) -> usize {
        match self {
            Dimension::Occupation => Occupation::ALL
                .iter()
                .position(|o| *o == profile.occupation),
            Dimension::Gender => Gender::ALL.iter().position(|g| *g == profile.gender),
            Dimension::AgeBand => AgeBand::ALL.iter().position(|a| *a == profile.age_band),
        }
        .unwrap_or(0)
    }

    /// How a category of population figures or of a survey answer (`code`) spreads over this
    /// dimension's categories: (index, share of it). The same code counts whole; for ages, any
    /// band written `a16_24`, `16-24`, `25_34`, `under_25`, `65_plus`, `65+` or `a65` is split
    /// over the profile's bands by the years they share (a band open at the bottom starts at 16,
    /// one open at the top ends at 100). Empty when the code means nothing here.
    pub fn spread(self, code: &str) -> Vec<(usize, f64)> {
        let code = code.trim();
        if let Some(i) = self.categories().iter().position(|c| *c == code) {
            return vec![(i, 1.0)];
        }
        if self != Dimension::AgeBand {
            return Vec::new();
        }
        let Some((lo, hi)) = age_interval(code) else {
            return Vec::new();
        };
        const BANDS: [(f64, f64); 5] = [
            (0.0, 25.0),
            (25.0, 35.0),
            (35.0, 50.0),
            (50.0, 65.0),
            (65.0, f64::INFINITY),
        ];
        let width = hi - lo;
        BANDS
            .iter()
            .enumerate()
            .filter_map(|(i, (a, b))| {
                let shared = hi.min(*b) - lo.max(*a);
                (shared > 0.0).then_some((i, shared / width))
            })
            .collect()
    }
}

/// An age band written as people write them, as years `[lo, hi)`.
fn age_interval(code: &str) -> Option<(f64, f64)> {
    let c = code.to_ascii_lowercase();
    let c = c.strip_prefix('a').unwrap_or(&c);
    let num = |t: &str| t.trim().parse::<u32>().ok().map(f64::from);
    let (lo, hi) = if let Some(n) = c.strip_prefix("under_").or_else(|| c.strip_prefix("lt")) {
        (16.0, num(n)?)
    } else if let Some(n) = c
        .strip_suffix("_plus")
        .or_else(|| c.strip_suffix('+'))
        .or_else(|| c.strip_suffix("plus"))
    {
        (num(n)?, 100.0)
    } else if let Some((a, b)) = c.split_once(['_', '-']) {
        (num(a)?, num(b)? + 1.0)
    } else {
        (num(c)?, 100.0)
    };
    (hi > lo && hi <= 130.0).then_some((lo, hi))
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
    fn categories_of_figures_spread_over_the_profile() {
        let d = Dimension::AgeBand;
        assert_eq!(d.spread("35_49"), vec![(2, 1.0)]);
        assert_eq!(d.spread("a16_24"), vec![(0, 1.0)]);
        assert_eq!(d.spread("a25_34"), vec![(1, 1.0)]);
        // 45-54: five years in 35-49, five in 50-64.
        let split = d.spread("a45_54");
        assert_eq!(split.len(), 2);
        assert!((split[0].1 - 0.5).abs() < 1e-9 && split[0].0 == 2 && split[1].0 == 3);
        assert_eq!(d.spread("a65"), vec![(4, 1.0)]);
        assert_eq!(d.spread("65+"), vec![(4, 1.0)]);
        assert_eq!(d.spread("under_25"), vec![(0, 1.0)]);
        assert_eq!(
            d.spread("18-29").iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert!(d.spread("old").is_empty() && d.spread("40_30").is_empty());
        assert_eq!(Dimension::Gender.spread("woman"), vec![(0, 1.0)]);
        assert!(Dimension::Gender.spread("a16_24").is_empty());
        assert_eq!(Dimension::Occupation.spread("retired"), vec![(6, 1.0)]);
        assert_eq!(Dimension::parse("x").unwrap_err().field, "by");
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

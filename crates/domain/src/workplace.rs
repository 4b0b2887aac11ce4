//! The workplace map (issue 16, parts 1 and 2): what a workplace section knows of its workplace
//! (employer, site, departments and shifts with their headcount, the unions present), where
//! the people it knows work, who the social leaders are, dated support assessments on the usual
//! 1-5 scale, and structure tests (a majority petition, a badge day, a card signing) measured
//! per department against a goal. The heat map's arithmetic is here; who may see what is in
//! `policy` (assessments and union membership: the workplace's stewards and the organizers
//! above it, never analysts, never exported by name).

use crate::{FieldError, Timestamp, clean_text};

/// What a workplace section writes about its workplace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkplaceDraft {
    pub employer: String,
    pub site: String,
    pub address: String,
    pub sector: String,
    /// Approximate, for the whole site.
    pub headcount: u32,
}

fn count(field: &'static str, raw: &str, max: u32) -> Result<u32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    raw.parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| FieldError::new(field, "error-headcount").arg("max", max))
}

impl WorkplaceDraft {
    pub fn parse(
        employer: &str,
        site: &str,
        address: &str,
        sector: &str,
        headcount: &str,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            employer: clean_text("employer", employer, 1, 160)?,
            site: clean_text("site", site, 0, 160)?,
            address: clean_text("address", address, 0, 300)?,
            sector: clean_text("sector", sector, 0, 120)?,
            headcount: count("headcount", headcount, 500_000)?,
        })
    }
}

/// A department's or shift's name (quay, night shift).
pub fn part_name(field: &'static str, raw: &str) -> Result<String, FieldError> {
    clean_text(field, raw, 1, 80)
}

/// A cell's headcount (people in that department on that shift).
pub fn cell_headcount(raw: &str) -> Result<u32, FieldError> {
    count("headcount", raw, 100_000)
}

/// A support assessment: 1 leads or actively supports … 5 opposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Support(u8);

impl Support {
    pub const ALL: [u8; 5] = [1, 2, 3, 4, 5];

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        raw.trim()
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Support)
            .ok_or_else(|| FieldError::new("score", "error-support-score"))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// 1 or 2: a supporter.
    pub fn supports(self) -> bool {
        self.0 <= 2
    }
}

/// A structure test's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestKind {
    /// A petition signed by a majority.
    Petition,
    /// A day everyone wears a sticker or badge.
    Badge,
    /// Union cards signed.
    Cards,
    /// Anything else counted per department.
    Other,
}

impl TestKind {
    pub const ALL: [TestKind; 4] = [
        TestKind::Petition,
        TestKind::Badge,
        TestKind::Cards,
        TestKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TestKind::Petition => "petition",
            TestKind::Badge => "badge",
            TestKind::Cards => "cards",
            TestKind::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("kind", "error-test-kind"))
    }
}

/// A structure test as the section plans it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestDraft {
    pub kind: TestKind,
    pub title: String,
    /// The share of each department's headcount aimed for, in percent (a majority: 51).
    pub goal_percent: u8,
    pub starts_on: Timestamp,
    pub ends_on: Timestamp,
}

impl TestDraft {
    pub fn parse(
        kind: &str,
        title: &str,
        goal: &str,
        starts_on: &str,
        ends_on: &str,
    ) -> Result<Self, FieldError> {
        let kind = TestKind::parse(kind)?;
        let title = clean_text("title", title, 1, 160)?;
        let goal_percent = goal
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|g| (1..=100).contains(g))
            .ok_or_else(|| FieldError::new("goal", "error-goal-percent"))?;
        let starts_on = crate::dates::parse_date("starts_on", starts_on)?;
        let ends_on = crate::dates::parse_date("ends_on", ends_on)?;
        if ends_on < starts_on {
            return Err(FieldError::new("ends_on", "error-test-dates"));
        }
        Ok(Self {
            kind,
            title,
            goal_percent,
            starts_on,
            ends_on: Timestamp(ends_on.0 + 86_399),
        })
    }
}

/// One cell of the heat map: a department on a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub headcount: u32,
    /// People the section knows placed there.
    pub known: u32,
    /// Of them, assessed at least once.
    pub assessed: u32,
    /// Of them, whose latest assessment is 1 or 2.
    pub supporters: u32,
}

impl Coverage {
    /// Supporters as a share of the headcount (of those known when no headcount is set), in
    /// whole percent, capped at 100.
    pub fn support_percent(&self) -> u32 {
        let base = if self.headcount > 0 {
            self.headcount
        } else {
            self.known
        };
        (self.supporters * 100)
            .checked_div(base)
            .unwrap_or(0)
            .min(100)
    }

    /// How dark the cell is drawn: 0 (none) to 4 (a majority and more).
    pub fn level(&self) -> u8 {
        match self.support_percent() {
            0 => 0,
            1..=14 => 1,
            15..=29 => 2,
            30..=50 => 3,
            _ => 4,
        }
    }

    pub fn add(&mut self, other: Coverage) {
        self.headcount += other.headcount;
        self.known += other.known;
        self.assessed += other.assessed;
        self.supporters += other.supporters;
    }
}

/// A structure test's result in a department: whether it reaches the goal.
pub fn reaches(count: u32, headcount: u32, goal_percent: u8) -> bool {
    headcount > 0 && u64::from(count) * 100 >= u64::from(headcount) * u64::from(goal_percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workplaces_and_tests_are_checked_field_by_field() {
        let w =
            WorkplaceDraft::parse("PSA Antwerp", "Europa Terminal", "", "ports", "1200").unwrap();
        assert_eq!(w.headcount, 1200);
        assert_eq!(
            WorkplaceDraft::parse(" ", "", "", "", "")
                .unwrap_err()
                .field,
            "employer"
        );
        assert_eq!(
            WorkplaceDraft::parse("X", "", "", "", "many")
                .unwrap_err()
                .field,
            "headcount"
        );
        assert_eq!(Support::parse("2").unwrap().value(), 2);
        assert!(Support::parse("2").unwrap().supports());
        assert!(!Support::parse("3").unwrap().supports());
        for bad in ["0", "6", "x", ""] {
            assert_eq!(Support::parse(bad).unwrap_err().field, "score");
        }
        let t = TestDraft::parse(
            "petition",
            "Safe staffing",
            "51%",
            "2027-03-01",
            "2027-03-14",
        )
        .unwrap();
        assert_eq!((t.kind, t.goal_percent), (TestKind::Petition, 51));
        assert_eq!(
            TestDraft::parse("raffle", "x", "51", "2027-03-01", "2027-03-14")
                .unwrap_err()
                .field,
            "kind"
        );
        assert_eq!(
            TestDraft::parse("badge", "x", "0", "2027-03-01", "2027-03-14")
                .unwrap_err()
                .field,
            "goal"
        );
        assert_eq!(
            TestDraft::parse("badge", "x", "60", "2027-03-14", "2027-03-01")
                .unwrap_err()
                .field,
            "ends_on"
        );
    }

    #[test]
    fn coverage_adds_up_and_says_how_dark() {
        let mut c = Coverage {
            headcount: 20,
            known: 8,
            assessed: 6,
            supporters: 4,
        };
        assert_eq!((c.support_percent(), c.level()), (20, 2));
        c.add(Coverage {
            headcount: 10,
            known: 10,
            assessed: 10,
            supporters: 10,
        });
        assert_eq!((c.support_percent(), c.level()), (46, 3));
        assert_eq!(Coverage::default().level(), 0);
        // No headcount set: against those known.
        let known_only = Coverage {
            headcount: 0,
            known: 4,
            assessed: 4,
            supporters: 3,
        };
        assert_eq!(known_only.support_percent(), 75);
        assert!(reaches(11, 20, 51));
        assert!(!reaches(10, 20, 51));
        assert!(!reaches(5, 0, 51));
    }
}

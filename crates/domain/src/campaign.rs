//! Campaigns and the work they drive: a focus cascading to every unit as targets, actions with
//! RSVPs and a waiting list, the ladder rules that turn attendance into steps up, petitions.
//!
//! Everything here is pure: the store keeps the records, this module decides what they may hold
//! and how numbers are shared out.

use crate::people::{Email, Stage, fold_for_search};
use crate::survey::Labels;
use crate::{FieldError, Timestamp, clean_text};
// Dates are parsed in `dates`; forms and the API import them from here too.
pub use crate::dates::{parse_date, parse_datetime};
use serde::{Deserialize, Serialize};

id_type!(CampaignId, "a campaign");
id_type!(ActionId, "an action");
id_type!(RsvpId, "an RSVP to an action");
id_type!(BusId, "a bus going to an action");
id_type!(PetitionId, "a petition");
id_type!(SignatureId, "a signature of a petition");
id_type!(MeetingId, "a meeting of a unit");
id_type!(DecisionId, "a decision taken at a meeting");
id_type!(ProjectId, "a solidarity project");

/// What a campaign target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Conversations held: enquête responses collected in the unit during the campaign.
    Conversations,
    /// Signatures of the campaign's petitions credited to the unit.
    Signatures,
    /// People checked in at the campaign's actions in the unit.
    Attendance,
    /// People of the unit who moved up to sympathiser during the campaign.
    NewSympathisers,
    /// People of the unit who became members during the campaign.
    NewMembers,
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::Conversations,
        Metric::Signatures,
        Metric::Attendance,
        Metric::NewSympathisers,
        Metric::NewMembers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Conversations => "conversations",
            Metric::Signatures => "signatures",
            Metric::Attendance => "attendance",
            Metric::NewSympathisers => "new_sympathisers",
            Metric::NewMembers => "new_members",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("metric", "error-metric-unknown"))
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The largest target a unit may carry: far above any real campaign, low enough that sums over
/// the whole tree never overflow.
pub const MAX_TARGET: u64 = 100_000_000;

/// A target number typed by an organizer.
pub fn parse_target(field: &'static str, raw: &str) -> Result<u64, FieldError> {
    let n: u64 = raw
        .trim()
        .parse()
        .map_err(|_| FieldError::new(field, "error-target-number"))?;
    if n > MAX_TARGET {
        return Err(FieldError::new(field, "error-target-too-big").arg("max", MAX_TARGET));
    }
    Ok(n)
}

/// What a new campaign holds, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignDraft {
    pub title: String,
    pub description: String,
    pub starts_at: Timestamp,
    /// The deadline of every target, unless a unit sets its own.
    pub ends_at: Timestamp,
}

impl CampaignDraft {
    pub fn parse(
        title: &str,
        description: &str,
        starts_on: &str,
        ends_on: &str,
    ) -> Result<Self, FieldError> {
        let title = clean_text("title", title, 1, 160)?;
        let description = clean_multiline("description", description, 4000)?;
        let starts_at = parse_date("starts_on", starts_on)?;
        let ends_at = parse_date("ends_on", ends_on)?;
        if ends_at <= starts_at {
            return Err(FieldError::new("ends_on", "error-ends-before-start"));
        }
        // 2000-01-01 and three years: far beyond any real campaign, and a bound on the charts.
        if starts_at.0 < 946_684_800 {
            return Err(FieldError::new("starts_on", "error-starts-too-early"));
        }
        if ends_at.0 - starts_at.0 > 3 * 366 * 86_400 {
            return Err(FieldError::new("ends_on", "error-campaign-too-long"));
        }
        Ok(Self {
            title,
            description,
            starts_at,
            ends_at,
        })
    }
}

/// Free text over several lines (descriptions, agendas): trimmed, bounded, no control characters
/// but line breaks and tabs.
pub fn clean_multiline(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(FieldError::new(field, "error-too-long").arg("max", max));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// Shares `total` out over parts in proportion to `weights` (people in each unit, say), so that
/// the parts add up to exactly `total` (largest remainder, ties to the first). With no weight
/// anywhere, the parts are as equal as they can be.
pub fn split(total: u64, weights: &[u64]) -> Vec<u64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let (weights, sum): (Vec<u128>, u128) = if sum == 0 {
        (vec![1; weights.len()], weights.len() as u128)
    } else {
        (weights.iter().map(|w| u128::from(*w)).collect(), sum)
    };
    let total = u128::from(total);
    let mut parts: Vec<u128> = weights.iter().map(|w| total * w / sum).collect();
    let given: u128 = parts.iter().sum();
    let mut order: Vec<(u128, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| ((total * w) % sum, i))
        .collect();
    // Largest remainder first; equal remainders keep their order.
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = usize::try_from(total - given).unwrap_or(usize::MAX);
    for (_, i) in order.into_iter().take(left) {
        if let Some(p) = parts.get_mut(i) {
            *p += 1;
        }
    }
    parts
        .into_iter()
        .map(|p| u64::try_from(p).unwrap_or(u64::MAX))
        .collect()
}

/// How a unit is doing against a target: where it should be by now on a straight line from the
/// start to the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pace {
    /// Share of the target reached, 0 when the target is 0.
    pub done_share: f64,
    /// What a steady pace would have reached by now.
    pub expected: f64,
    /// Below 80% of the steady pace, with at least a tenth of the time gone.
    pub behind: bool,
}

pub fn pace(
    target: u64,
    done: u64,
    starts_at: Timestamp,
    ends_at: Timestamp,
    now: Timestamp,
) -> Pace {
    let span = (ends_at.0 - starts_at.0).max(1) as f64;
    let elapsed = ((now.0 - starts_at.0) as f64 / span).clamp(0.0, 1.0);
    let expected = target as f64 * elapsed;
    let done_share = if target == 0 {
        0.0
    } else {
        done as f64 / target as f64
    };
    Pace {
        done_share,
        expected,
        behind: target > 0 && elapsed >= 0.1 && (done as f64) < 0.8 * expected,
    }
}

/// "After this many actions attended, a person is at least at this stage."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderRule {
    pub after: u32,
    pub stage: Stage,
}

/// The rules a new installation starts with: a first action makes a sympathiser, a third an
/// active.
pub fn default_ladder_rules() -> Vec<LadderRule> {
    vec![
        LadderRule {
            after: 1,
            stage: Stage::Sympathiser,
        },
        LadderRule {
            after: 3,
            stage: Stage::Active,
        },
    ]
}

/// Reads rules written one per line as `COUNT STAGE` (`1 sympathiser`, `3 active`). Attendance
/// alone never makes a member (that is a person's own decision) nor anything above.
pub fn parse_ladder_rules(text: &str) -> Result<Vec<LadderRule>, FieldError> {
    let mut rules: Vec<LadderRule> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let problem = |key: &'static str| FieldError::new("rules", key).arg("line", i + 1);
        let mut parts = line.split_whitespace();
        let (Some(count), Some(stage), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(problem("error-rules-format"));
        };
        let after: u32 = count
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| problem("error-rules-count"))?;
        let stage = Stage::parse(stage).map_err(|_| problem("error-rules-stage"))?;
        if stage == Stage::Contact || stage >= Stage::Member {
            return Err(problem("error-rules-stage-too-high"));
        }
        if rules.iter().any(|r| r.after == after || r.stage == stage) {
            return Err(problem("error-rules-repeated"));
        }
        rules.push(LadderRule { after, stage });
    }
    rules.sort_by_key(|r| r.after);
    if rules
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.stage > b.stage))
    {
        return Err(FieldError::new("rules", "error-rules-order"));
    }
    Ok(rules)
}

/// Writes rules back in the form [`parse_ladder_rules`] reads.
pub fn format_ladder_rules(rules: &[LadderRule]) -> String {
    rules
        .iter()
        .map(|r| format!("{} {}", r.after, r.stage.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a person should be after attending `attended` actions: the highest stage a rule gives,
/// when it is above where they are now. People are never moved down, and never past member.
pub fn stage_after_attending(current: Stage, attended: u32, rules: &[LadderRule]) -> Option<Stage> {
    rules
        .iter()
        .filter(|r| attended >= r.after && r.stage < Stage::Member)
        .map(|r| r.stage)
        .max()
        .filter(|s| *s > current)
}

/// Where an RSVP stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RsvpStatus {
    Confirmed,
    Waiting,
    Cancelled,
}

impl RsvpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RsvpStatus::Confirmed => "confirmed",
            RsvpStatus::Waiting => "waiting",
            RsvpStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw {
            "confirmed" => Ok(RsvpStatus::Confirmed),
            "waiting" => Ok(RsvpStatus::Waiting),
            "cancelled" => Ok(RsvpStatus::Cancelled),
            _ => Err(FieldError::new("status", "error-rsvp-status-unknown")),
        }
    }
}

/// An action or event, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionDraft {
    pub title: String,
    pub description: String,
    pub place: String,
    pub starts_at: Timestamp,
    /// Places available; `None` for no limit.
    pub capacity: Option<u32>,
}

impl ActionDraft {
    pub fn parse(
        title: &str,
        description: &str,
        place: &str,
        starts_at: &str,
        capacity: &str,
    ) -> Result<Self, FieldError> {
        let capacity = match capacity.trim() {
            "" => None,
            raw => Some(
                raw.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=1_000_000).contains(n))
                    .ok_or_else(|| FieldError::new("capacity", "error-capacity"))?,
            ),
        };
        Ok(Self {
            title: clean_text("title", title, 1, 160)?,
            description: clean_multiline("description", description, 4000)?,
            place: clean_text("place", place, 1, 300)?,
            starts_at: parse_datetime("starts_at", starts_at)?,
            capacity,
        })
    }
}

/// A bus (or any transport with seats) to an action.
pub fn parse_bus(label: &str, seats: &str) -> Result<(String, u32), FieldError> {
    let label = clean_text("label", label, 1, 100)?;
    let seats = seats
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=500).contains(n))
        .ok_or_else(|| FieldError::new("seats", "error-seats"))?;
    Ok((label, seats))
}

/// A petition or call, with its text in each language it was written in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetitionDraft {
    pub title: Labels,
    pub text: Labels,
    /// To whom it is addressed ("the federal government"), in each language it was written in.
    pub addressee: Labels,
    /// The number of signatures aimed for, shown as a progress bar; 0 for none.
    pub goal: u64,
}

impl PetitionDraft {
    /// `title` and `text` hold `(language code, text)` pairs; empty ones are left out, English or
    /// another language must be there. The addressee is written once (see [`Self::parse_with`]
    /// for one per language).
    pub fn parse(
        title: &[(&str, &str)],
        text: &[(&str, &str)],
        addressee: &str,
        goal: &str,
    ) -> Result<Self, FieldError> {
        Self::parse_with(title, text, &[("en", addressee)], goal)
    }

    /// Like [`Self::parse`], with the addressee as `(language code, text)` pairs too ("le
    /// gouvernement fédéral", "de federale regering"), so that a page in French does not say
    /// "À the federal government".
    pub fn parse_with(
        title: &[(&str, &str)],
        text: &[(&str, &str)],
        addressee: &[(&str, &str)],
        goal: &str,
    ) -> Result<Self, FieldError> {
        let mut addressees = Labels::default();
        for (lang, a) in addressee {
            if !a.trim().is_empty() {
                addressees
                    .0
                    .insert((*lang).to_owned(), clean_text("addressee", a, 1, 200)?);
            }
        }
        if addressees.is_empty() {
            return Err(FieldError::new("addressee", "error-one-language-needed"));
        }
        let mut titles = Labels::default();
        for (lang, t) in title {
            if !t.trim().is_empty() {
                titles
                    .0
                    .insert((*lang).to_owned(), clean_text("title", t, 1, 200)?);
            }
        }
        let mut texts = Labels::default();
        for (lang, t) in text {
            if !t.trim().is_empty() {
                texts
                    .0
                    .insert((*lang).to_owned(), clean_multiline("text", t, 8000)?);
            }
        }
        if titles.is_empty() {
            return Err(FieldError::new("title", "error-one-language-needed"));
        }
        if texts.is_empty() {
            return Err(FieldError::new("text", "error-one-language-needed"));
        }
        let goal = match goal.trim() {
            "" => 0,
            raw => parse_target("goal", raw)?,
        };
        Ok(Self {
            title: titles,
            text: texts,
            addressee: addressees,
            goal,
        })
    }
}

/// A signature as typed on the public page, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignatureInput {
    pub name: String,
    pub email: Email,
    pub postcode: String,
    pub may_contact: bool,
}

impl SignatureInput {
    pub fn parse(
        name: &str,
        email: &str,
        postcode: &str,
        may_contact: bool,
    ) -> Result<Self, FieldError> {
        let name = clean_text("name", name, 2, 120)?;
        let email = Email::parse(email)?;
        let postcode = clean_text("postcode", postcode, 0, 12)?;
        if !postcode
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        {
            return Err(FieldError::new("postcode", "error-postcode-characters"));
        }
        Ok(Self {
            name,
            email,
            postcode: postcode.to_uppercase(),
            may_contact,
        })
    }

    /// The key that finds a second signature by the same person: the address in lower case,
    /// without a `+tag` and, for Gmail, without dots (the same mailbox however it is written).
    pub fn email_key(&self) -> String {
        email_key(self.email.as_str())
    }

    /// A softer key: the same folded name and postcode under another address. Such signatures are
    /// counted but shown to the organizers as possible doubles.
    pub fn name_key(&self) -> String {
        name_key(&self.name, &self.postcode)
    }
}

/// See [`SignatureInput::name_key`].
pub fn name_key(name: &str, postcode: &str) -> String {
    format!("{}|{}", fold_for_search(name), postcode.replace(' ', ""))
}

/// See [`SignatureInput::email_key`].
pub fn email_key(email: &str) -> String {
    let lower = email.trim().to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return lower;
    };
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = if domain == "gmail.com" {
        local.replace('.', "")
    } else {
        local.to_owned()
    };
    format!("{local}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_adds_up_and_follows_weights() {
        assert_eq!(split(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(split(100, &[50, 30, 20]), vec![50, 30, 20]);
        assert_eq!(split(7, &[0, 0]), vec![4, 3]);
        assert_eq!(split(5, &[]), Vec::<u64>::new());
        assert_eq!(split(0, &[3, 9]), vec![0, 0]);
        let parts = split(1_000, &[13, 7, 29, 1, 0, 50]);
        assert_eq!(parts.iter().sum::<u64>(), 1_000);
        assert_eq!(
            parts[4], 0,
            "a unit without people gets nothing when others have some"
        );
        let big = split(MAX_TARGET, &[u64::MAX, u64::MAX, 1]);
        assert_eq!(big.iter().sum::<u64>(), MAX_TARGET);
    }

    #[test]
    fn pace_flags_units_behind() {
        let (s, e) = (Timestamp(0), Timestamp(1000));
        let half = Timestamp(500);
        assert!(pace(100, 30, s, e, half).behind);
        assert!(!pace(100, 45, s, e, half).behind);
        assert!(
            !pace(100, 0, s, e, Timestamp(50)).behind,
            "too early to tell"
        );
        assert!(!pace(0, 0, s, e, half).behind);
        assert!((pace(100, 30, s, e, half).expected - 50.0).abs() < 1e-9);
        assert!((pace(200, 50, s, e, Timestamp(2000)).done_share - 0.25).abs() < 1e-9);
    }

    #[test]
    fn ladder_rules_parse_and_apply() {
        let rules = parse_ladder_rules("3 active\n\n1 sympathiser\n").unwrap();
        assert_eq!(rules, default_ladder_rules());
        assert_eq!(format_ladder_rules(&rules), "1 sympathiser\n3 active");
        assert_eq!(
            stage_after_attending(Stage::Contact, 1, &rules),
            Some(Stage::Sympathiser)
        );
        assert_eq!(
            stage_after_attending(Stage::Contact, 2, &rules),
            Some(Stage::Sympathiser)
        );
        assert_eq!(stage_after_attending(Stage::Sympathiser, 2, &rules), None);
        assert_eq!(
            stage_after_attending(Stage::Sympathiser, 3, &rules),
            Some(Stage::Active)
        );
        assert_eq!(
            stage_after_attending(Stage::Contact, 5, &rules),
            Some(Stage::Active)
        );
        assert_eq!(
            stage_after_attending(Stage::Member, 9, &rules),
            None,
            "never down"
        );
        assert_eq!(stage_after_attending(Stage::Contact, 0, &rules), None);
        for (bad, says) in [
            ("1 member", "error-rules-stage-too-high"),
            ("0 sympathiser", "error-rules-count"),
            ("x active", "error-rules-count"),
            ("1 sympathiser\n1 active", "error-rules-repeated"),
            ("3 sympathiser\n1 active", "error-rules-order"),
            ("2", "error-rules-format"),
            ("2 boss", "error-rules-stage"),
        ] {
            let e = parse_ladder_rules(bad).unwrap_err();
            assert_eq!(e.field, "rules");
            assert_eq!(e.key(), says, "{bad}: {}", e.problem);
        }
    }

    #[test]
    fn dates_and_drafts_are_checked() {
        assert_eq!(
            parse_date("d", "2026-03-01").unwrap(),
            Timestamp(1_772_323_200)
        );
        assert_eq!(parse_date("d", "1 March").unwrap_err().field, "d");
        assert_eq!(
            parse_datetime("t", "2026-03-01T19:30").unwrap(),
            Timestamp(1_772_323_200 + 19 * 3600 + 30 * 60)
        );
        let e = CampaignDraft::parse("Pools", "", "2026-03-01", "2026-02-01").unwrap_err();
        assert_eq!(e.field, "ends_on");
        let e = CampaignDraft::parse("Pools", "", "2026-03-01", "2036-02-01").unwrap_err();
        assert_eq!(e.field, "ends_on");
        let e = CampaignDraft::parse("Pools", "", "0001-03-01", "0001-04-01").unwrap_err();
        assert_eq!(e.field, "starts_on");
        assert_eq!(
            CampaignDraft::parse("", "", "2026-03-01", "2026-04-01")
                .unwrap_err()
                .field,
            "title"
        );
        assert_eq!(parse_target("t", "-3").unwrap_err().field, "t");
        assert!(parse_target("t", "100000001").is_err());
        let a = ActionDraft::parse("Bus", "", "Station", "2026-03-01T08:00", "150").unwrap();
        assert_eq!(a.capacity, Some(150));
        assert_eq!(
            ActionDraft::parse("Bus", "", "St", "2026-03-01T08:00", "0")
                .unwrap_err()
                .field,
            "capacity"
        );
        assert_eq!(
            ActionDraft::parse("Bus", "", "St", "tomorrow", "")
                .unwrap_err()
                .field,
            "starts_at"
        );
        assert!(clean_multiline("d", "line\nline", 100).is_ok());
        assert!(clean_multiline("d", "bell\u{7}", 100).is_err());
    }

    #[test]
    fn petitions_and_signatures_are_checked() {
        let p = PetitionDraft::parse(
            &[("en", "Stop arms"), ("nl", "Stop wapens"), ("fr", "")],
            &[("en", "We call on...")],
            "the federal government",
            "",
        )
        .unwrap();
        assert_eq!(p.title.0.len(), 2);
        assert_eq!(p.goal, 0);
        assert_eq!(
            PetitionDraft::parse(&[("en", " ")], &[("en", "x")], "g", "")
                .unwrap_err()
                .field,
            "title"
        );
        let s = SignatureInput::parse(
            "Ann Peeters",
            "Ann.Peeters+petition@GMail.com",
            "9000",
            true,
        )
        .unwrap();
        assert_eq!(s.email_key(), "annpeeters@gmail.com");
        assert_eq!(email_key("a.b+x@example.org"), "a.b@example.org");
        let t = SignatureInput::parse("ann peeters", "other@example.org", "9 000", false).unwrap();
        assert_eq!(s.name_key(), t.name_key());
        assert_eq!(
            SignatureInput::parse("A", "a@b.be", "", true)
                .unwrap_err()
                .field,
            "name"
        );
        assert_eq!(
            SignatureInput::parse("Ann", "nope", "", true)
                .unwrap_err()
                .field,
            "email"
        );
        assert_eq!(
            SignatureInput::parse("Ann", "a@b.be", "<b>", true)
                .unwrap_err()
                .field,
            "postcode"
        );
    }
}

/// A decision taken at a meeting: what, who carries it, by when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionDraft {
    pub text: String,
    pub owner: String,
    pub due_at: Timestamp,
}

impl DecisionDraft {
    pub fn parse(text: &str, owner: &str, due_on: &str) -> Result<Self, FieldError> {
        Ok(Self {
            text: clean_text("text", text, 1, 500)?,
            owner: clean_text("owner", owner, 1, 120)?,
            due_at: parse_date("due_on", due_on)?,
        })
    }
}

/// A solidarity project of a section, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectDraft {
    pub name: String,
    pub goal: String,
    /// One need per line.
    pub needs: String,
}

impl ProjectDraft {
    pub fn parse(name: &str, goal: &str, needs: &str) -> Result<Self, FieldError> {
        Ok(Self {
            name: clean_text("name", name, 1, 160)?,
            goal: clean_multiline("goal", goal, 2000)?,
            needs: clean_multiline("needs", needs, 4000)?,
        })
    }
}

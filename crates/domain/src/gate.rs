//! The festival's gates (issue 17, part 3): the rule that lets a gate admit tickets with no
//! signal and still never admit a single-entry ticket twice. docs/festival-gates.md states the
//! rule and its proof; this module is the rule itself, run by the server, by the simulation
//! (`enquete bench gates`) and, written again in JavaScript, by the scanner page
//! (crates/web/static/gate.js; the cases at the bottom are checked there too).
//!
//! In short: every ticket belongs to one *lane* (an entrance and a lane in it), decided by a
//! hash of its id and printed on the ticket. A lane is admitted by one party at a time: the
//! server while no gate holds the lane, or the one gate phone holding the lane's lease. A phone
//! counts its lease from the moment it asked for it, on its own clock, and stops before the
//! server could give the lane to anyone else; the server gives a lane to another phone only when
//! the previous one gave it back, or its lease ended and it synced everything after that.

use crate::festival::TicketKind;
use crate::{FieldError, Timestamp};
use std::collections::{BTreeMap, HashMap};

/// How long a lease lasts, counted by the phone from when it asked: 20 minutes. Longer than any
/// network cut a gate should ride out on its own; a phone renews it at every sync.
pub const LEASE_SECONDS: i64 = 20 * 60;

/// What the server waits beyond a lease's end before it counts it over: a tenth of the lease
/// (a phone's clock running up to 10% slow) and a minute.
pub const LEASE_MARGIN_SECONDS: i64 = LEASE_SECONDS / 10 + 60;

/// When a lease the server gave until `until` is over for sure, whatever the phone's clock.
pub fn lease_over(until: Timestamp) -> Timestamp {
    Timestamp(until.0 + LEASE_MARGIN_SECONDS)
}

/// Whether and how a ticket enters again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reentry {
    /// Admitted once, ever.
    Once,
    /// Admitted once on each day of the festival.
    Daily,
    /// Admitted once by the ticket; the wristband put on at that entry lets the visitor in and
    /// out after that (checked by eye, not scanned).
    Wristband,
    /// Comes and goes (volunteers, guests): every scan admits.
    Free,
}

impl Reentry {
    pub const ALL: [Reentry; 4] = [
        Reentry::Once,
        Reentry::Daily,
        Reentry::Wristband,
        Reentry::Free,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reentry::Once => "once",
            Reentry::Daily => "daily",
            Reentry::Wristband => "wristband",
            Reentry::Free => "free",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| FieldError::new("reentry", "error-reentry-unknown"))
    }

    /// The byte a signed ticket carries.
    pub fn flag(self) -> u8 {
        match self {
            Reentry::Free => 0,
            Reentry::Once => 1,
            Reentry::Daily => 2,
            Reentry::Wristband => 3,
        }
    }

    pub fn from_flag(flag: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.flag() == flag)
    }

    /// What a type of ticket does unless the team says otherwise: a weekend ticket gets a
    /// wristband, volunteers and guests come and go, the rest enter once.
    pub fn default_for(kind: TicketKind) -> Self {
        match kind {
            TicketKind::Weekend => Reentry::Wristband,
            TicketKind::Volunteer | TicketKind::Guest => Reentry::Free,
            _ => Reentry::Once,
        }
    }
}

/// The key under which an entry is admitted once: the ticket, or the ticket and the festival's
/// day for a daily ticket. None for a ticket that comes and goes.
pub fn entry_key(ticket: &str, reentry: Reentry, day: i64) -> Option<String> {
    match reentry {
        Reentry::Free => None,
        Reentry::Daily => Some(format!("{ticket}/{day}")),
        Reentry::Once | Reentry::Wristband => Some(ticket.to_owned()),
    }
}

/// The festival's day (0 for the first) at `now`, counted from the tickets' validity start.
pub fn festival_day(valid_from: Timestamp, now: Timestamp) -> i64 {
    (now.0 - valid_from.0).div_euclid(86_400)
}

/// The 32-bit FNV-1a hash of a text (the same in gate.js).
pub fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// How a festival's gates are laid out: entrances (A, B, ...) with lanes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub entrances: u32,
    pub lanes: u32,
}

impl Layout {
    pub fn parse(entrances: &str, lanes: &str) -> Result<Self, FieldError> {
        let entrances = entrances
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=26).contains(n))
            .ok_or_else(|| FieldError::new("entrances", "error-entrances"))?;
        let lanes = lanes
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=20).contains(n))
            .ok_or_else(|| FieldError::new("lanes", "error-lanes"))?;
        Ok(Self { entrances, lanes })
    }

    pub fn total(self) -> u32 {
        self.entrances.max(1) * self.lanes.max(1)
    }

    /// The lane a ticket enters by: a hash of its id, over all lanes (by its high bits, which
    /// mix better than its low ones).
    pub fn lane_of(self, ticket: &str) -> u32 {
        let spread = (u64::from(fnv1a(ticket)) * u64::from(self.total())) >> 32;
        u32::try_from(spread).unwrap_or(0)
    }

    /// The entrance (0 for A) of a lane.
    pub fn entrance_of(self, lane: u32) -> u32 {
        lane / self.lanes.max(1)
    }

    /// "B2": the entrance's letter and the lane's number in it, as printed on the ticket.
    pub fn label(self, lane: u32) -> String {
        let entrance = self.entrance_of(lane);
        let letter = char::from_u32(u32::from(b'A') + entrance.min(25)).unwrap_or('?');
        format!("{letter}{}", lane % self.lanes.max(1) + 1)
    }
}

/// What a gate phone decides on its own about a valid ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Local {
    /// Admitted; the entry key it took (None for a ticket that comes and goes).
    Admit(Option<String>),
    /// Admitted before, at that time.
    Already(Timestamp),
    /// Another lane's ticket: the server decides when there is signal, otherwise the visitor is
    /// sent to that lane.
    OtherLane(u32),
    /// This phone held the lane but its lease ran out without signal: it may not decide alone.
    LeaseLapsed,
}

/// A gate phone's own state: the lanes it holds until when (by its clock) and the entries of
/// those lanes it knows of.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    leases: BTreeMap<u32, Timestamp>,
    held: BTreeMap<u32, bool>,
    ledger: HashMap<String, Timestamp>,
    /// The latest time this phone has seen (seconds): a clock set back ends every lease.
    last_seen: i64,
}

impl Gate {
    pub fn new() -> Self {
        Self::default()
    }

    /// The server gave (or renewed) `lane` for `seconds`, in answer to a request sent at
    /// `asked_at` by this phone's clock: the lease counts from then.
    pub fn granted(&mut self, lane: u32, asked_at: Timestamp, seconds: i64) {
        self.leases.insert(lane, Timestamp(asked_at.0 + seconds));
        self.held.insert(lane, true);
    }

    /// The lane is given back (or was refused): this phone no longer admits its tickets.
    pub fn dropped(&mut self, lane: u32) {
        self.leases.remove(&lane);
        self.held.remove(&lane);
    }

    /// Learns an entry admitted elsewhere (the server's list at a lease's start).
    pub fn learn(&mut self, key: &str, at: Timestamp) {
        self.ledger.entry(key.to_owned()).or_insert(at);
    }

    /// The lanes this phone holds a lease on (current or lapsed).
    pub fn lanes(&self) -> impl Iterator<Item = u32> + '_ {
        self.held.keys().copied()
    }

    /// Whether the lease on `lane` still runs at `now`.
    pub fn holds(&self, lane: u32, now: Timestamp) -> bool {
        now.0 >= self.last_seen && self.leases.get(&lane).is_some_and(|until| now < *until)
    }

    /// Decides on a valid ticket of `lane` under `key` at `now`.
    pub fn decide(&mut self, lane: u32, key: Option<&str>, now: Timestamp) -> Local {
        let clock_ok = now.0 >= self.last_seen;
        self.last_seen = self.last_seen.max(now.0);
        if !self.held.contains_key(&lane) {
            return Local::OtherLane(lane);
        }
        if !clock_ok {
            // The clock went back: every lease is over.
            self.leases.clear();
        }
        if !self.holds(lane, now) {
            return Local::LeaseLapsed;
        }
        let Some(key) = key else {
            return Local::Admit(None);
        };
        if let Some(at) = self.ledger.get(key) {
            return Local::Already(*at);
        }
        self.ledger.insert(key.to_owned(), now);
        Local::Admit(Some(key.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_the_same_as_in_gate_js() {
        // The same values are asserted in tests/browser/gate_logic.test.mjs.
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        let layout = Layout {
            entrances: 4,
            lanes: 2,
        };
        let ids = [
            "00000000000000000000000000000000",
            "0123456789abcdef0123456789abcdef",
            "ffffffffffffffffffffffffffffffff",
        ];
        let got: Vec<String> = ids
            .iter()
            .map(|id| layout.label(layout.lane_of(id)))
            .collect();
        assert_eq!(got, ["D2", "C1", "D2"]);
    }

    #[test]
    fn lanes_spread_evenly() {
        let layout = Layout {
            entrances: 4,
            lanes: 2,
        };
        let mut counts = [0_u32; 8];
        for i in 0..16_000_u32 {
            let id = format!("{:032x}", u128::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            if let Some(c) = counts.get_mut(layout.lane_of(&id) as usize) {
                *c += 1;
            }
        }
        assert!(
            counts.iter().all(|c| (1_800..2_200).contains(c)),
            "{counts:?}"
        );
    }

    #[test]
    fn a_holder_admits_each_key_once_and_stops_when_its_lease_ends() {
        let mut g = Gate::new();
        g.granted(3, Timestamp(1_000), LEASE_SECONDS);
        assert_eq!(
            g.decide(3, Some("t1"), Timestamp(1_010)),
            Local::Admit(Some("t1".into()))
        );
        assert_eq!(
            g.decide(3, Some("t1"), Timestamp(1_020)),
            Local::Already(Timestamp(1_010))
        );
        assert_eq!(g.decide(3, None, Timestamp(1_030)), Local::Admit(None));
        assert_eq!(g.decide(3, None, Timestamp(1_031)), Local::Admit(None));
        assert_eq!(
            g.decide(4, Some("t2"), Timestamp(1_040)),
            Local::OtherLane(4)
        );
        assert_eq!(
            g.decide(3, Some("t3"), Timestamp(1_000 + LEASE_SECONDS)),
            Local::LeaseLapsed
        );
    }

    #[test]
    fn a_clock_set_back_ends_the_lease() {
        let mut g = Gate::new();
        g.granted(0, Timestamp(5_000), LEASE_SECONDS);
        assert!(matches!(
            g.decide(0, Some("a"), Timestamp(5_100)),
            Local::Admit(_)
        ));
        assert_eq!(g.decide(0, Some("b"), Timestamp(5_050)), Local::LeaseLapsed);
    }

    #[test]
    fn learned_entries_are_refused() {
        let mut g = Gate::new();
        g.learn("t9/1", Timestamp(50));
        g.granted(1, Timestamp(100), 60);
        assert_eq!(
            g.decide(
                1,
                entry_key("t9", Reentry::Daily, 1).as_deref(),
                Timestamp(110)
            ),
            Local::Already(Timestamp(50))
        );
        assert!(matches!(
            g.decide(
                1,
                entry_key("t9", Reentry::Daily, 2).as_deref(),
                Timestamp(120)
            ),
            Local::Admit(_)
        ));
    }

    #[test]
    fn reentry_flags_round_trip() {
        for r in Reentry::ALL {
            assert_eq!(Reentry::from_flag(r.flag()), Some(r));
            assert_eq!(Reentry::parse(r.as_str()), Ok(r));
        }
        assert_eq!(Reentry::from_flag(9), None);
        assert_eq!(Reentry::parse("twice").unwrap_err().field, "reentry");
        assert_eq!(festival_day(Timestamp(0), Timestamp(86_399)), 0);
        assert_eq!(festival_day(Timestamp(0), Timestamp(86_400)), 1);
        assert_eq!(lease_over(Timestamp(0)).0, LEASE_SECONDS / 10 + 60);
    }

    #[test]
    fn layouts_are_checked() {
        assert_eq!(Layout::parse("0", "2").unwrap_err().field, "entrances");
        assert_eq!(Layout::parse("4", "x").unwrap_err().field, "lanes");
        let l = Layout::parse("3", "4").unwrap();
        assert_eq!(l.total(), 12);
        assert_eq!(l.label(11), "C4");
    }
}

//! The composition over time: the focus share (workers, women, people under 35) among the
//! members and the holders of responsibilities of a branch at the end of each of the last three
//! years, and now, from the ladder's history and the terms of positions. Profiles are as they
//! are now (people who agreed to be counted); a year with fewer than 5 of the focus counted
//! shows no share.

use super::count_group;
use crate::{App, Result};
use enquete_domain::Timestamp;
use enquete_domain::composition::{Dimension, Profile};
use enquete_domain::dates::parse_date;
use enquete_domain::org::Unit;
use enquete_domain::people::{PersonId, Stage};
use std::collections::HashMap;

/// One moment: its date, and per group (members, holders) how many were counted and the
/// focus share.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub at: Timestamp,
    pub members: (u64, Option<f64>),
    pub holders: (u64, Option<f64>),
}

/// The last second of each of the three years before `now`'s, then `now`.
fn moments(now: Timestamp) -> Vec<Timestamp> {
    let year: i32 = now
        .date()
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026);
    let mut out: Vec<Timestamp> = (1..=3)
        .rev()
        .filter_map(|back| parse_date("at", &format!("{}-01-01", year - back + 1)).ok())
        .map(|t| Timestamp(t.0 - 1))
        .collect();
    out.push(now);
    out
}

pub(super) async fn trend(
    app: &App,
    unit: &Unit,
    by: Dimension,
    profiles: &[(PersonId, Stage, Profile)],
    now: Timestamp,
) -> Result<Vec<TrendPoint>> {
    let counted: Vec<PersonId> = profiles.iter().map(|(p, _, _)| *p).collect();
    let changes = app.store.stage_changes_of(&counted).await?;
    let terms = app.store.terms_below(&unit.path).await?;
    let profile_of: HashMap<PersonId, &Profile> =
        profiles.iter().map(|(p, _, f)| (*p, f)).collect();
    let mut out = Vec::new();
    for at in moments(now) {
        // Each person's stage at that moment: their last move until then (changes come by
        // person, then time).
        let mut stage_at: HashMap<PersonId, Stage> = HashMap::new();
        for (person, stage, when) in &changes {
            if *when <= at {
                stage_at.insert(*person, *stage);
            }
        }
        let members: Vec<&Profile> = stage_at
            .iter()
            .filter(|(_, s)| **s >= Stage::Member)
            .filter_map(|(p, _)| profile_of.get(p).copied())
            .collect();
        let mut holding: Vec<PersonId> = terms
            .iter()
            .filter(|(_, _, from, to)| *from <= at && to.is_none_or(|t| t > at))
            .map(|(p, _, _, _)| *p)
            .collect();
        holding.sort_unstable();
        holding.dedup();
        let holders: Vec<&Profile> = holding
            .iter()
            .filter_map(|p| profile_of.get(p).copied())
            .collect();
        let m = count_group("members", by, &members);
        let h = count_group("holders", by, &holders);
        out.push(TrendPoint {
            at,
            members: (m.counted, m.focus),
            holders: (h.counted, h.focus),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_moments_are_three_year_ends_and_now() {
        let now = parse_date("at", "2026-11-30").unwrap();
        let m = moments(now);
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].date(), "2023-12-31");
        assert_eq!(m[2].date(), "2025-12-31");
        assert_eq!(m[3], now);
    }
}

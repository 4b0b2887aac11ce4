//! When a position is to be filled: how each person on the shortlist would move the share of
//! workers among those who hold that kind of position across the organization (all section
//! secretaries, say). Shares rest on the people who agreed to be counted, and follow the
//! composition's rule: a share is shown only when at least 5 workers are counted in it.

use crate::{App, Caller, Result};
use enquete_domain::composition::{Dimension, Profile};
use enquete_domain::people::PersonId;
use enquete_domain::policy::SMALL_CELL;
use enquete_domain::training::PositionKind;
use std::collections::HashMap;

/// What choosing one person would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// The share of workers among holders of this kind now (without the holder being replaced).
    pub now: Option<f64>,
    /// The share with this person instead; `None` when they are not counted (no consent) or
    /// too few workers would be counted.
    pub after: Option<f64>,
    /// Whether this person is counted at all.
    pub counted: bool,
}

/// One position to fill: its kind, who holds it now (if anyone), the people on its shortlist.
pub type Ask = (PositionKind, Option<PersonId>, Vec<PersonId>);

/// For each position asked about, the effect of each candidate (read once for all).
pub async fn shortlist_effects(
    app: &App,
    caller: &Caller,
    asks: &[Ask],
) -> Result<Vec<HashMap<PersonId, Effect>>> {
    if asks.iter().all(|(_, _, c)| c.is_empty()) {
        return Ok(vec![HashMap::new(); asks.len()]);
    }
    let org = app.store.unit(caller.organization()).await?;
    let profiles: HashMap<PersonId, Profile> = app
        .store
        .counted_profiles(&org.path)
        .await?
        .into_iter()
        .map(|(p, _, f)| (p, f))
        .collect();
    let positions = app.store.positions_below(&org.path, caller.now).await?;
    let worker = |p: &PersonId| {
        profiles
            .get(p)
            .map(|f| super::is_focus(Dimension::Occupation, Dimension::Occupation.of(f)))
    };
    #[expect(clippy::cast_precision_loss, reason = "counts of people")]
    let share = |w: u64, n: u64| (w >= SMALL_CELL).then(|| w as f64 / n as f64);
    Ok(asks
        .iter()
        .map(|(kind, holder, candidates)| {
            let mut holders: Vec<PersonId> = positions
                .iter()
                .filter(|p| p.kind == *kind)
                .filter_map(|p| p.holder.as_ref().map(|h| h.person))
                .filter(|p| Some(*p) != *holder)
                .collect();
            holders.sort_unstable();
            holders.dedup();
            let counted: Vec<bool> = holders.iter().filter_map(worker).collect();
            let n = u64::try_from(counted.len()).unwrap_or(0);
            let w = u64::try_from(counted.iter().filter(|x| **x).count()).unwrap_or(0);
            candidates
                .iter()
                .map(|c| {
                    let effect = Effect {
                        now: share(w, n),
                        after: worker(c).and_then(|is| share(w + u64::from(is), n + 1)),
                        counted: worker(c).is_some(),
                    };
                    (*c, effect)
                })
                .collect()
        })
        .collect())
}

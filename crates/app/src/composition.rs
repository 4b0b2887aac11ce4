//! Working-class leadership, measured: with each person's consent for this purpose, the
//! occupation class (or gender, or age band) of a unit's members, organizers and holders of
//! responsibilities (all, the spokespeople, the elected representatives) side by side, with 95%
//! intervals, against the population of the area and the enquête's respondents
//! (`reference`), over time (`trend`), and how each choice on a shortlist would move it
//! (`shortlist`). Counts under 5 are hidden from everyone, and no name is ever shown beside a
//! class. The gap is said plainly.

mod reference;
mod shortlist;
mod trend;

pub use reference::Reference;
pub use shortlist::{Ask, Effect, shortlist_effects};
pub use trend::TrendPoint;

use crate::scope::{person_for, unit_for};
use crate::{App, Caller, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::composition::{Dimension, Profile, wilson};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::{ConsentPurpose, PersonId, Stage};
use enquete_domain::policy::{Action, SMALL_CELL};
use enquete_domain::training::PositionKind;
use std::collections::HashSet;

/// Records a person's profile; they must have agreed to be counted.
pub async fn set_profile(
    app: &App,
    caller: &Caller,
    person: PersonId,
    profile: &Profile,
) -> Result<()> {
    let rec = person_for(app, caller, person, Action::EditPerson).await?;
    let counted = app
        .store
        .consenting(&[rec.person.id], ConsentPurpose::Composition)
        .await?;
    if !counted.contains(&rec.person.id) {
        return Err(FieldError::new("occupation", "error-composition-consent").into());
    }
    app.store
        .set_profile(
            rec.person.id,
            profile,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Edit,
                Some(rec.person.id),
                "composition profile".to_owned(),
            ),
        )
        .await?;
    Ok(())
}

/// A person's profile (for their page).
pub async fn profile(app: &App, caller: &Caller, person: PersonId) -> Result<Option<Profile>> {
    person_for(app, caller, person, Action::ViewPerson).await?;
    Ok(app.store.profile(person).await?)
}

/// Whether a person (at a stage) is in a group.
type Belongs = Box<dyn Fn(PersonId, Stage) -> bool + Send + Sync>;

/// One category (an occupation class, a gender, an age band) in one group.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Its index in the dimension's categories.
    pub category: usize,
    /// `None` when under 5 (hidden), as is its share.
    pub count: Option<u64>,
    pub share: Option<(f64, f64, f64)>,
}

/// One group of people: members, organizers, holders of responsibilities ...
#[derive(Debug, Clone)]
pub struct Group {
    /// `members`, `organizers`, `holders`, `spokespeople`, `elected`.
    pub key: &'static str,
    /// People counted (with a profile and the consent).
    pub counted: u64,
    pub cells: Vec<Cell>,
    /// The share of the dimension's focus (workers; women; people under 35), when at least 5 of
    /// them are counted.
    pub focus: Option<f64>,
}

/// A unit's composition by one dimension, with what it is compared with.
pub struct Composition {
    pub unit: Unit,
    pub by: Dimension,
    pub groups: Vec<Group>,
    /// The population of the area and the enquête's respondents, where known.
    pub references: Vec<Reference>,
    /// The focus share among members and holders at the end of each of the last years, and now.
    pub trend: Vec<TrendPoint>,
}

/// The categories a dimension's gap sentence is about: workers (manual, clerical and service),
/// women, people under 35.
pub fn is_focus(by: Dimension, category: usize) -> bool {
    match by {
        Dimension::Occupation => category <= 1,
        Dimension::Gender | Dimension::AgeBand => {
            category == 0 || (by == Dimension::AgeBand && category == 1)
        }
    }
}

/// The groups, each a test of (person, stage), for the positions of a branch at a time.
fn groups_at(terms: &[(PersonId, PositionKind)]) -> [(&'static str, Belongs); 5] {
    let holders_of = |kind: Option<PositionKind>| -> HashSet<PersonId> {
        terms
            .iter()
            .filter(|(_, k)| kind.is_none_or(|want| *k == want))
            .map(|(p, _)| *p)
            .collect()
    };
    let holders = holders_of(None);
    let spokespeople = holders_of(Some(PositionKind::Spokesperson));
    let elected = holders_of(Some(PositionKind::ElectedRepresentative));
    [
        ("members", Box::new(|_, s| s >= Stage::Member)),
        ("organizers", Box::new(|_, s| s >= Stage::Organizer)),
        ("holders", Box::new(move |p, _| holders.contains(&p))),
        (
            "spokespeople",
            Box::new(move |p, _| spokespeople.contains(&p)),
        ),
        ("elected", Box::new(move |p, _| elected.contains(&p))),
    ]
}

/// Counts a group: its cells with intervals, and its focus share.
fn count_group(key: &'static str, by: Dimension, mine: &[&Profile]) -> Group {
    let n = u64::try_from(mine.len()).unwrap_or(0);
    let size = by.categories().len();
    let mut counts = vec![0_u64; size];
    for f in mine {
        if let Some(c) = counts.get_mut(by.of(f)) {
            *c += 1;
        }
    }
    let focus: u64 = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| is_focus(by, *i))
        .map(|(_, k)| *k)
        .sum();
    Group {
        key,
        counted: n,
        cells: counts
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let shown = k >= SMALL_CELL;
                Cell {
                    category: i,
                    count: shown.then_some(k),
                    share: if shown {
                        #[expect(clippy::cast_precision_loss, reason = "counts of people")]
                        let share = k as f64 / n as f64;
                        wilson(k, n).map(|(lo, hi)| (share, lo, hi))
                    } else {
                        None
                    },
                }
            })
            .collect(),
        // Hidden, like a cell, when fewer than 5 of the focus are counted.
        #[expect(clippy::cast_precision_loss, reason = "counts of people")]
        focus: (focus >= SMALL_CELL).then(|| focus as f64 / n as f64),
    }
}

/// The composition of a unit and below by `by`: the groups now, the population and the
/// enquête's respondents beside them, and the trend.
pub async fn composition(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    by: Dimension,
) -> Result<Composition> {
    let unit = unit_for(app, caller, unit, Action::ViewAggregates).await?;
    let profiles = app.store.counted_profiles(&unit.path).await?;
    let positions = app.store.positions_below(&unit.path, caller.now).await?;
    let terms: Vec<(PersonId, PositionKind)> = positions
        .iter()
        .filter_map(|p| p.holder.as_ref().map(|h| (h.person, p.kind)))
        .collect();
    let groups = groups_at(&terms)
        .iter()
        .map(|(key, belongs)| {
            let mine: Vec<&Profile> = profiles
                .iter()
                .filter(|(p, s, _)| belongs(*p, *s))
                .map(|(_, _, f)| f)
                .collect();
            count_group(key, by, &mine)
        })
        .collect();
    let references = reference::references(app, &unit, by).await?;
    let trend = trend::trend(app, &unit, by, &profiles, caller.now).await?;
    Ok(Composition {
        unit,
        by,
        groups,
        references,
        trend,
    })
}

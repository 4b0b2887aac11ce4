//! Working-class leadership, measured: with each person's consent for this purpose, the
//! occupation class of a unit's members, organizers and holders of responsibilities (all, the
//! spokespeople, the elected representatives) side by side, with 95% intervals; counts under 5
//! are hidden from everyone, and no name is ever shown beside a class. The gap is said plainly.

use crate::scope::{person_for, unit_for};
use crate::{App, Caller, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::composition::{Occupation, Profile, wilson};
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
type Belongs = Box<dyn Fn(PersonId, Stage) -> bool>;

/// One occupation class in one group.
#[derive(Debug, Clone)]
pub struct Cell {
    pub occupation: Occupation,
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
    /// The share of workers (manual, clerical and service), when at least 5 workers are counted.
    pub workers: Option<f64>,
}

/// The composition of a unit and below.
pub async fn composition(app: &App, caller: &Caller, unit: UnitId) -> Result<(Unit, Vec<Group>)> {
    let unit = unit_for(app, caller, unit, Action::ViewAggregates).await?;
    let profiles = app.store.counted_profiles(&unit.path).await?;
    let positions = app.store.positions_below(&unit.path, caller.now).await?;
    let holders_of = |kind: Option<PositionKind>| -> HashSet<PersonId> {
        positions
            .iter()
            .filter(|p| kind.is_none_or(|k| p.kind == k))
            .filter_map(|p| p.holder.as_ref().map(|h| h.person))
            .collect()
    };
    let holders = holders_of(None);
    let spokespeople = holders_of(Some(PositionKind::Spokesperson));
    let elected = holders_of(Some(PositionKind::ElectedRepresentative));
    let groups: [(&'static str, Belongs); 5] = [
        ("members", Box::new(|_, s| s >= Stage::Member)),
        ("organizers", Box::new(|_, s| s >= Stage::Organizer)),
        ("holders", Box::new(move |p, _| holders.contains(&p))),
        (
            "spokespeople",
            Box::new(move |p, _| spokespeople.contains(&p)),
        ),
        ("elected", Box::new(move |p, _| elected.contains(&p))),
    ];
    let out = groups
        .iter()
        .map(|(key, belongs)| {
            let mine: Vec<&Profile> = profiles
                .iter()
                .filter(|(p, s, _)| belongs(*p, *s))
                .map(|(_, _, f)| f)
                .collect();
            let n = u64::try_from(mine.len()).unwrap_or(0);
            let count_of = |o: Occupation| -> u64 {
                u64::try_from(mine.iter().filter(|f| f.occupation == o).count()).unwrap_or(0)
            };
            let workers: u64 = Occupation::ALL
                .iter()
                .filter(|o| o.is_worker())
                .map(|o| count_of(*o))
                .sum();
            Group {
                key,
                counted: n,
                cells: Occupation::ALL
                    .iter()
                    .map(|o| {
                        let k = count_of(*o);
                        let shown = k >= SMALL_CELL;
                        Cell {
                            occupation: *o,
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
                // Hidden, like a cell, when fewer than 5 workers are counted.
                #[expect(clippy::cast_precision_loss, reason = "counts of people")]
                workers: (workers >= SMALL_CELL).then(|| workers as f64 / n as f64),
            }
        })
        .collect();
    Ok((unit, out))
}

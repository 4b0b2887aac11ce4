//! What a conversation's votes say: the opinion groups (found unweighted, as Pol.is and
//! `red-dwarf` do), then counted as shares of the population when the conversation is linked
//! to a survey whose demographic questions have population margins: each participant who said
//! their age band, gender... is raked to the margins of the nearest unit at or above the
//! conversation's, so a group that is mostly young people weighs what young people weigh in the
//! neighbourhood. Every share comes with its 95% interval (from the effective sample size of
//! the weights), and the counts per section below the conversation's unit.

use super::conversation_for;
use crate::{App, Caller, Error, Result};
use enquete_analysis::estimate::{Base, Estimate, Sums, proportion};
use enquete_analysis::opinions::{OpinionMap, OpinionOptions, Picked, opinion_groups};
use enquete_analysis::weighting::{PeopleMargin, weight_people};
use enquete_domain::conversation::StatementStatus;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::policy::{Action, SMALL_CELL, hides_small_counts_in};
use enquete_domain::survey::Question;
use enquete_store::{ConversationRecord, StatementRecord};
use std::collections::{BTreeMap, HashMap};

/// A group as shown: how many are in it and what share of the population (of those grouped)
/// it stands for, and the statements that set it apart: (statement, agrees, share).
pub struct GroupView {
    pub size: usize,
    pub share: Option<Estimate>,
    pub statements: Vec<(i64, bool, f64)>,
}

/// How the participants were weighted.
pub struct WeightingView {
    /// The unit whose population figures they were weighted to.
    pub unit: String,
    /// The questions they were weighted by.
    pub questions: Vec<Question>,
    /// Participants who answered every one of them (the others count at the average weight).
    pub placed: usize,
    pub participants: usize,
    /// (question, category) nobody who took part is in: made up for by the others.
    pub empty: Vec<(String, String)>,
    /// Like this many people picked at random (Kish).
    pub effective_n: f64,
    /// The weighting failed: everyone counts the same.
    pub failed: bool,
    /// The weights could not match the figures exactly (kept within 0.2-5 times the mean).
    pub converged: bool,
    /// How many said the weighting questions, and the categories nobody is in, are not shown
    /// (this reader sees no counts of 1 to 4, and one of them is).
    pub counts_hidden: bool,
}

/// One section below the conversation's unit (or the participants who did not say where they
/// live, and sections too small to show, `unit` `None`): how many took part and the share of
/// those in a shown group in each.
pub struct PlaceRow {
    pub unit: Option<UnitId>,
    pub name: String,
    /// Never 1 to 4 for readers who see no small counts (such sections are put together).
    pub participants: usize,
    /// Per shown group (`None` when nobody there is in a shown group); empty when hidden.
    pub groups: Vec<Option<Estimate>>,
    /// The groups' shares are hidden: a group has 1 to 4 people there (for readers who see no
    /// small counts).
    pub hidden: bool,
}

pub struct Results {
    pub participants: usize,
    pub grouped: usize,
    pub votes: usize,
    pub groups: Vec<GroupView>,
    /// Statements every group agrees with (a majority of those who voted on it in each group).
    pub all_agree: Vec<i64>,
    /// The statements most agree (disagree) with, across everyone: (statement, share), the
    /// share weighted when the participants are.
    pub consensus_agree: Vec<(i64, Estimate)>,
    pub consensus_disagree: Vec<(i64, Estimate)>,
    /// The silhouette of the grouping: how clearly people fall apart.
    pub silhouette: f64,
    /// The unit the shares are of (the conversation's).
    pub unit: String,
    /// Groups left out because they are too small to show to this reader.
    pub hidden_groups: usize,
    /// Too few people voted to show anything to this reader (fewer than 5).
    pub too_few: bool,
    pub weighting: Option<WeightingView>,
    pub places: Vec<PlaceRow>,
}

/// The weighting questions of a conversation and the margins they are weighted to: the linked
/// survey's demographic single-choice questions that have population figures at the nearest
/// unit at or above the conversation's. `None` when there is nothing to weight by.
pub struct Margins {
    pub unit: UnitId,
    pub questions: Vec<Question>,
    pub margins: Vec<PeopleMargin>,
}

pub async fn margins_for(app: &App, c: &ConversationRecord) -> Result<Option<Margins>> {
    let Some(survey) = c.survey else {
        return Ok(None);
    };
    let def = app.store.survey(survey).await?.definition;
    let unit = app.store.unit(c.unit).await?;
    let demographic: Vec<&Question> = def
        .questions
        .iter()
        .filter(|q| {
            q.demographic
                && matches!(
                    q.kind,
                    enquete_domain::survey::QuestionKind::SingleChoice { .. }
                )
        })
        .collect();
    for at in unit.path.ids().iter().rev() {
        let all = app.store.margins_of(*at).await?;
        let mut questions = Vec::new();
        let mut margins = Vec::new();
        for q in &demographic {
            let rows: Vec<_> = all
                .iter()
                .filter(|m| m.unit == *at && m.variable == q.name)
                .collect();
            if rows.is_empty() {
                continue;
            }
            questions.push((*q).clone());
            margins.push(PeopleMargin {
                variable: q.name.clone(),
                categories: rows.iter().map(|m| m.category.clone()).collect(),
                population: rows.iter().map(|m| m.population).collect(),
            });
        }
        if !margins.is_empty() {
            return Ok(Some(Margins {
                unit: *at,
                questions,
                margins,
            }));
        }
    }
    Ok(None)
}

/// The places participants may say they live in: the units right below the conversation's
/// that people live in (neighbourhoods, cities, regions; not workplace or youth sections).
pub async fn places(app: &App, c: &ConversationRecord) -> Result<Vec<Unit>> {
    let mut units = app.store.children(c.unit, false).await?;
    units.retain(|u| {
        !matches!(
            u.kind,
            enquete_domain::org::UnitKind::Workplace | enquete_domain::org::UnitKind::Youth
        )
    });
    Ok(units)
}

/// A weighted share: of those in `base` (by index), the share with `yes`.
fn share(weights: &[f64], base: impl Iterator<Item = (usize, bool)>) -> Option<Estimate> {
    let (mut b, mut s) = (Base::default(), Sums::default());
    for (p, yes) in base {
        let w = weights.get(p).copied().unwrap_or(1.0);
        b.add(w);
        s.add(w, if yes { 1.0 } else { 0.0 });
    }
    proportion(&b, &s)
}

/// The opinion groups of a conversation, for those who may read the unit's counts.
pub async fn results(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(ConversationRecord, Vec<StatementRecord>, Results)> {
    let c = conversation_for(app, caller, id, Action::ViewAggregates).await?;
    let unit = app.store.unit(c.unit).await?;
    let hide = hides_small_counts_in(&caller.actor, &unit.path);
    let statements = app.store.statements(c.id, false).await?;
    let m = app.store.vote_matrix(c.id).await?;
    let mut participants: Vec<i64> = m.votes.iter().map(|v| v.0).collect();
    participants.sort_unstable();
    participants.dedup();
    if hide && (participants.len() as u64) < SMALL_CELL {
        return Ok((c, statements, Results::too_few()));
    }
    let accepted: Vec<i64> = statements
        .iter()
        .filter(|s| s.status == StatementStatus::Accepted)
        .map(|s| s.id)
        .collect();
    let column: HashMap<i64, usize> = accepted.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let votes: Vec<(usize, usize, i8)> = m
        .votes
        .iter()
        .filter_map(|(p, s, v)| Some((participants.binary_search(p).ok()?, *column.get(s)?, *v)))
        .collect();
    let opts = OpinionOptions {
        min_votes: OpinionOptions::default()
            .min_votes
            .min(accepted.len().max(1)),
        ..OpinionOptions::default()
    };
    // Half a second for 10,000 participants: off the request threads.
    let (n_participants, n_statements, votes_for_map) =
        (participants.len(), accepted.len(), votes.clone());
    let map = tokio::task::spawn_blocking(move || {
        opinion_groups(n_participants, n_statements, &votes_for_map, &opts)
    })
    .await
    .map_err(|e| Error::Internal(format!("opinion groups: {e}")))?;
    let (weights, weighting) = weigh(app, &c, &participants, hide).await?;
    let statement_of = |i: usize| accepted.get(i).copied().unwrap_or_default();
    let grouped: Vec<usize> = (0..participants.len())
        .filter(|p| map.groups.get(*p).copied().flatten().is_some())
        .collect();
    let group_of = |p: usize| map.groups.get(p).copied().flatten();
    let sizes: Vec<usize> = (0..map.group_count)
        .map(|g| grouped.iter().filter(|p| group_of(**p) == Some(g)).count())
        .collect();
    // Groups of 1 to 4 are not shown to those who see no small counts, nor counted in the
    // shares of the others (the gap would say how many they are).
    let shown_groups: Vec<usize> = (0..map.group_count)
        .filter(|g| !hide || sizes.get(*g).is_some_and(|n| (*n as u64) >= SMALL_CELL))
        .collect();
    let hidden_groups = map.group_count - shown_groups.len();
    let in_shown: Vec<usize> = grouped
        .iter()
        .copied()
        .filter(|p| group_of(*p).is_some_and(|g| shown_groups.contains(&g)))
        .collect();
    let mut groups = Vec::new();
    for g in shown_groups.iter().copied() {
        groups.push(GroupView {
            size: sizes.get(g).copied().unwrap_or_default(),
            share: share(
                &weights,
                in_shown.iter().map(|p| (*p, group_of(*p) == Some(g))),
            ),
            statements: map
                .representative
                .get(g)
                .map(|r| {
                    r.iter()
                        .filter(|p| !hide || u64::from(p.votes) >= SMALL_CELL)
                        .map(|p| (statement_of(p.statement), p.agree, p.share))
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let all_agree = all_agree(&map, accepted.len(), hidden_groups)
        .into_iter()
        .map(statement_of)
        .collect();
    // Each statement's voters (passes included) and whether they agree / disagree.
    let mut voters: Vec<Vec<(usize, i8)>> = vec![Vec::new(); accepted.len()];
    for (p, s, v) in &votes {
        if let Some(list) = voters.get_mut(*s) {
            list.push((*p, *v));
        }
    }
    let consensus = |picks: &[Picked]| -> Vec<(i64, Estimate)> {
        picks
            .iter()
            .filter(|p| !hide || u64::from(p.votes) >= SMALL_CELL)
            .filter_map(|p| {
                let list = voters.get(p.statement)?;
                let wanted = if p.agree { 1 } else { -1 };
                let e = share(&weights, list.iter().map(|(q, v)| (*q, *v == wanted)))?;
                // Picked on the votes as they are; weighted, it may no longer be most people.
                (e.value > 0.5).then(|| (statement_of(p.statement), e))
            })
            .collect()
    };
    let places = places_of(
        app,
        &c,
        &m.units,
        &participants,
        &weights,
        &group_of,
        &shown_groups,
        hide,
    )
    .await?;
    Ok((
        c,
        statements,
        Results {
            participants: participants.len(),
            grouped: in_shown.len(),
            votes: votes.len(),
            groups,
            all_agree,
            consensus_agree: consensus(&map.consensus_agree),
            consensus_disagree: consensus(&map.consensus_disagree),
            silhouette: map.silhouette,
            unit: unit.name.as_str().to_owned(),
            hidden_groups,
            too_few: false,
            weighting,
            places,
        },
    ))
}

impl Results {
    /// Fewer than 5 people voted: nothing shown to this reader.
    fn too_few() -> Self {
        Self {
            participants: 0,
            grouped: 0,
            votes: 0,
            groups: Vec::new(),
            all_agree: Vec::new(),
            consensus_agree: Vec::new(),
            consensus_disagree: Vec::new(),
            silhouette: 0.0,
            unit: String::new(),
            hidden_groups: 0,
            too_few: true,
            weighting: None,
            places: Vec::new(),
        }
    }
}

/// Statements a majority of every group agrees with (none when a group is hidden: it would
/// say what the hidden group thinks).
fn all_agree(map: &OpinionMap, statements: usize, hidden_groups: usize) -> Vec<usize> {
    if hidden_groups > 0 || map.group_count == 0 {
        return Vec::new();
    }
    (0..statements)
        .filter(|s| {
            map.stats.iter().all(|g| {
                g.get(*s)
                    .is_some_and(|x| x.seen > 0 && f64::from(x.agree) / f64::from(x.seen) > 0.5)
            })
        })
        .collect()
}

/// Each participant's weight (1 when the conversation is not weighted) and how they were
/// weighted.
async fn weigh(
    app: &App,
    c: &ConversationRecord,
    participants: &[i64],
    hide: bool,
) -> Result<(Vec<f64>, Option<WeightingView>)> {
    let Some(margins) = margins_for(app, c).await? else {
        return Ok((vec![1.0; participants.len()], None));
    };
    let profiles = app.store.participant_profiles(c.id).await?;
    let answers: Vec<Vec<Option<&str>>> = participants
        .iter()
        .map(|p| {
            let said = profiles.get(p);
            margins
                .margins
                .iter()
                .map(|m| {
                    said.and_then(|s| s.iter().find(|(v, _)| *v == m.variable))
                        .map(|(_, c)| c.as_str())
                })
                .collect()
        })
        .collect();
    let w = weight_people(
        &margins.margins,
        &answers,
        crate::results::rake_options(crate::results::TRIM),
    );
    let unit = app.store.unit(margins.unit).await?;
    let small = |n: usize| (1..SMALL_CELL).contains(&(n as u64));
    let counts_hidden = hide && (small(w.placed) || small(participants.len() - w.placed));
    let view = WeightingView {
        unit: unit.name.as_str().to_owned(),
        questions: margins.questions,
        placed: w.placed,
        participants: participants.len(),
        empty: if counts_hidden { Vec::new() } else { w.empty },
        converged: w.converged,
        counts_hidden,
        effective_n: w.effective_n,
        failed: w.problem.is_some(),
    };
    Ok((w.weights, Some(view)))
}

/// The rows per section below the conversation's unit.
#[allow(clippy::too_many_arguments)]
async fn places_of(
    app: &App,
    c: &ConversationRecord,
    units: &HashMap<i64, Option<UnitId>>,
    participants: &[i64],
    weights: &[f64],
    group_of: &(dyn Fn(usize) -> Option<usize> + Sync),
    shown_groups: &[usize],
    hide: bool,
) -> Result<Vec<PlaceRow>> {
    let children = places(app, c).await?;
    if children.is_empty() {
        return Ok(Vec::new());
    }
    // Each participant's section: the child of the conversation's unit on their unit's path
    // (places are checked to be children when given; a unit moved since is looked up).
    let mut path_of: HashMap<UnitId, Option<UnitId>> =
        children.iter().map(|ch| (ch.id, Some(ch.id))).collect();
    let mut members: BTreeMap<Option<UnitId>, Vec<usize>> = BTreeMap::new();
    for (i, p) in participants.iter().enumerate() {
        let section = match units.get(p).copied().flatten() {
            None => None,
            Some(u) => match path_of.get(&u) {
                Some(known) => *known,
                None => {
                    let ids = app.store.unit(u).await?.path.ids();
                    let found = children
                        .iter()
                        .find(|ch| ids.contains(&ch.id))
                        .map(|ch| ch.id);
                    path_of.insert(u, found);
                    found
                }
            },
        };
        members.entry(section).or_default().push(i);
    }
    let row = |unit: Option<UnitId>, name: String, list: &[usize]| {
        place_row(unit, name, list, weights, group_of, shown_groups, hide)
    };
    // Sections with fewer than 5 (for readers who see no small counts) are put together with
    // those who did not say where they live; when that is still fewer than 5, the smallest
    // sections join them too (the total is shown: a lone hidden row would be worked out).
    let mut rest = members.remove(&None).unwrap_or_default();
    let mut sections: Vec<(UnitId, String, Vec<usize>)> = Vec::new();
    for ch in &children {
        let list = members.remove(&Some(ch.id)).unwrap_or_default();
        if list.is_empty() {
            continue;
        }
        if hide && (list.len() as u64) < SMALL_CELL {
            rest.extend(list);
        } else {
            sections.push((ch.id, ch.name.as_str().to_owned(), list));
        }
    }
    while hide && !rest.is_empty() && (rest.len() as u64) < SMALL_CELL && !sections.is_empty() {
        let smallest = sections
            .iter()
            .enumerate()
            .min_by_key(|(i, s)| (s.2.len(), *i))
            .map_or(0, |(i, _)| i);
        let (_, _, list) = sections.remove(smallest);
        rest.extend(list);
    }
    let mut rows: Vec<PlaceRow> = sections
        .iter()
        .map(|(id, name, list)| row(Some(*id), name.clone(), list))
        .collect();
    if !rest.is_empty() {
        rows.push(row(None, String::new(), &rest));
    }
    // A row whose group shares are hidden, alone, would be worked out from the group sizes:
    // the next smallest row's are hidden with it.
    if hide && rows.iter().filter(|r| r.hidden).count() == 1 {
        let next = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.hidden)
            .min_by_key(|(i, r)| (r.participants, *i))
            .map(|(i, _)| i);
        if let Some(r) = next.and_then(|i| rows.get_mut(i)) {
            r.hidden = true;
            r.groups.clear();
        }
    }
    Ok(rows)
}

fn place_row(
    unit: Option<UnitId>,
    name: String,
    list: &[usize],
    weights: &[f64],
    group_of: &(dyn Fn(usize) -> Option<usize> + Sync),
    shown_groups: &[usize],
    hide: bool,
) -> PlaceRow {
    // Those of the row in a shown group (a hidden group's people would show as the gap).
    let in_row: Vec<usize> = list
        .iter()
        .copied()
        .filter(|p| group_of(*p).is_some_and(|g| shown_groups.contains(&g)))
        .collect();
    let counts: Vec<usize> = shown_groups
        .iter()
        .map(|g| in_row.iter().filter(|p| group_of(**p) == Some(*g)).count())
        .collect();
    let small_cell = counts.iter().any(|n| *n > 0 && (*n as u64) < SMALL_CELL);
    let hidden = hide && small_cell;
    PlaceRow {
        unit,
        name,
        hidden,
        participants: list.len(),
        groups: if hidden {
            Vec::new()
        } else {
            shown_groups
                .iter()
                .map(|g| {
                    share(
                        weights,
                        in_row.iter().map(|p| (*p, group_of(*p) == Some(*g))),
                    )
                })
                .collect()
        },
    }
}

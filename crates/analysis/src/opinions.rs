//! Opinion groups in a conversation's votes, as Pol.is finds them (and as the `red-dwarf`
//! package reimplements it, which `tests/reference/opinions_vs_reddwarf.py` checks this
//! against): participants' agree (1) / disagree (-1) / pass (0) votes on statements, missing
//! votes filled with the statement's mean, projected on the first two principal components and
//! spread out again for those who voted on few statements; participants with enough votes are
//! grouped by k-means, with the number of groups chosen from the data by the silhouette (from
//! 2 to `max_groups`, not fixed at 2-5; one group when no split is clear); then, per group, the
//! statements that set it apart (representativeness), and across everyone, the statements
//! most agree or disagree with (consensus), each with its z-test.

/// A vote: agree, disagree or pass.
pub type Vote = i8;

#[derive(Debug, Clone)]
pub struct OpinionOptions {
    /// Participants with fewer votes are placed on the map but not grouped (Pol.is: 7).
    pub min_votes: usize,
    /// The most groups tried.
    pub max_groups: usize,
    /// The fewest participants a group may have for a split to count.
    pub min_group_size: usize,
    /// Below this silhouette no split is clear: one group (0.5: "a reasonable structure" in
    /// Kaufman and Rousseeuw's reading of the silhouette; noise scores about 0.4).
    pub min_silhouette: f64,
    /// Statements moderated out: their votes count as passes.
    pub moderated_out: Vec<usize>,
    /// How many statements are picked per group and per direction of consensus.
    pub pick_max: usize,
    /// One-sided z for "significant" (90%: 1.2816).
    pub z: f64,
    /// Force this many groups (for comparisons).
    pub groups: Option<usize>,
}

impl Default for OpinionOptions {
    fn default() -> Self {
        Self {
            min_votes: 7,
            max_groups: 9,
            min_group_size: 3,
            min_silhouette: 0.5,
            moderated_out: Vec::new(),
            pick_max: 5,
            z: 1.281_551_565_5,
            groups: None,
        }
    }
}

/// Counts and tests of one statement within one group (or everyone).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StatementStats {
    pub statement: usize,
    pub agree: u32,
    pub disagree: u32,
    /// Votes cast (passes included).
    pub seen: u32,
    /// Probability of agreeing (Laplace smoothed) and its z against one half.
    pub p_agree: f64,
    pub p_agree_test: f64,
    pub p_disagree: f64,
    pub p_disagree_test: f64,
    /// How much more likely the group is to agree (disagree) than the rest, and its z.
    pub r_agree: f64,
    pub r_agree_test: f64,
    pub r_disagree: f64,
    pub r_disagree_test: f64,
}

/// A statement picked for a group or for the consensus, and which way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Picked {
    pub statement: usize,
    pub agree: bool,
    /// Of those in the group (or everyone) who voted on it, the share who agree (disagree).
    pub share: f64,
    pub votes: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpinionMap {
    /// Each participant's place on the map (x, y).
    pub projections: Vec<(f64, f64)>,
    /// Each participant's group, for those grouped (enough votes).
    pub groups: Vec<Option<usize>>,
    pub group_count: usize,
    /// The silhouette of the grouping chosen (0 with one group).
    pub silhouette: f64,
    /// Per group, the statements that set it apart, the most telling first.
    pub representative: Vec<Vec<Picked>>,
    /// The statements most agree (disagree) with, across everyone.
    pub consensus_agree: Vec<Picked>,
    pub consensus_disagree: Vec<Picked>,
    /// Group-aware consensus per statement: the product over groups of the (smoothed)
    /// probability of agreeing, and of disagreeing.
    pub group_consensus: Vec<(f64, f64)>,
    /// Per group, per statement.
    pub stats: Vec<Vec<StatementStats>>,
}

/// The vote matrix: rows are participants, columns statements, `None` where no vote.
fn matrix(
    participants: usize,
    statements: usize,
    votes: &[(usize, usize, Vote)],
) -> Vec<Vec<Option<f64>>> {
    let mut m = vec![vec![None; statements]; participants];
    for (p, s, v) in votes {
        if let Some(cell) = m.get_mut(*p).and_then(|row| row.get_mut(*s)) {
            *cell = Some(f64::from((*v).clamp(-1, 1)));
        }
    }
    m
}

/// The first two principal components of the mean-filled matrix (statements with no vote at
/// all left out), each participant's projection scaled by √(statements / their votes).
fn project(m: &[Vec<Option<f64>>], statements: usize) -> Vec<(f64, f64)> {
    let n = m.len();
    let cols: Vec<usize> = (0..statements)
        .filter(|c| m.iter().any(|row| row.get(*c).copied().flatten().is_some()))
        .collect();
    let means: Vec<f64> = cols
        .iter()
        .map(|c| {
            let (sum, count) = m
                .iter()
                .filter_map(|row| row.get(*c).copied().flatten())
                .fold((0.0, 0.0), |(s, k), v| (s + v, k + 1.0));
            sum / count
        })
        .collect();
    // Centred: a missing vote is the mean, so 0.
    let x: Vec<Vec<f64>> = m
        .iter()
        .map(|row| {
            cols.iter()
                .zip(&means)
                .map(|(c, mean)| row.get(*c).copied().flatten().map_or(0.0, |v| v - mean))
                .collect()
        })
        .collect();
    let d = cols.len();
    let mut cov = vec![vec![0.0; d]; d];
    for row in &x {
        for (i, a) in row.iter().enumerate() {
            if *a == 0.0 {
                continue;
            }
            if let Some(ci) = cov.get_mut(i) {
                for (j, b) in row.iter().enumerate() {
                    if let Some(cell) = ci.get_mut(j) {
                        *cell += a * b;
                    }
                }
            }
        }
    }
    let mut components: Vec<Vec<f64>> = Vec::new();
    for k in 0..2 {
        let Some(v) = top_eigenvector(&cov, &components, k) else {
            break;
        };
        components.push(v);
    }
    let scale = |row: &[Option<f64>]| {
        let voted = row.iter().filter(|v| v.is_some()).count().max(1) as f64;
        (statements as f64 / voted).sqrt()
    };
    (0..n)
        .map(|i| {
            let row = x.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let dot = |v: Option<&Vec<f64>>| -> f64 {
                v.map_or(0.0, |v| row.iter().zip(v).map(|(a, b)| a * b).sum())
            };
            let s = m.get(i).map_or(1.0, |r| scale(r));
            (dot(components.first()) * s, dot(components.get(1)) * s)
        })
        .collect()
}

/// The eigenvector of the largest eigenvalue of the symmetric `a`, orthogonal to `found`, by
/// power iteration; its sign chosen as scikit-learn's PCA does (largest entry positive).
fn top_eigenvector(a: &[Vec<f64>], found: &[Vec<f64>], seed: usize) -> Option<Vec<f64>> {
    let d = a.len();
    if d == 0 {
        return None;
    }
    let mut v: Vec<f64> = (0..d)
        .map(|i| 1.0 + ((i * 7 + seed * 13) % 11) as f64 / 10.0)
        .collect();
    let orthogonalize = |v: &mut Vec<f64>| {
        for u in found {
            let dot: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
            for (x, y) in v.iter_mut().zip(u) {
                *x -= dot * y;
            }
        }
    };
    let normalize = |v: &mut Vec<f64>| -> f64 {
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            for x in v.iter_mut() {
                *x /= norm;
            }
        }
        norm
    };
    orthogonalize(&mut v);
    if normalize(&mut v) == 0.0 {
        return None;
    }
    for _ in 0..5_000 {
        let mut next: Vec<f64> = a
            .iter()
            .map(|row| row.iter().zip(&v).map(|(x, y)| x * y).sum())
            .collect();
        orthogonalize(&mut next);
        if normalize(&mut next) == 0.0 {
            return None;
        }
        let change: f64 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
        v = next;
        if change < 1e-12 {
            break;
        }
    }
    let biggest = v.iter().copied().fold(
        0.0_f64,
        |best, x| if x.abs() > best.abs() { x } else { best },
    );
    if biggest < 0.0 {
        for x in v.iter_mut() {
            *x = -*x;
        }
    }
    Some(v)
}

fn dist2(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

/// k-means with k-means++ starts (seeded, ten tries, the tightest kept): the label of each
/// point and the inertia.
fn kmeans(points: &[(f64, f64)], k: usize, seed: u64) -> (Vec<usize>, f64) {
    let mut best: Option<(Vec<usize>, f64)> = None;
    let mut rng = fastrand::Rng::with_seed(seed);
    for _ in 0..10 {
        let mut centres: Vec<(f64, f64)> = Vec::with_capacity(k);
        if let Some(first) = points.get(rng.usize(..points.len().max(1))) {
            centres.push(*first);
        }
        while centres.len() < k {
            let weights: Vec<f64> = points
                .iter()
                .map(|p| {
                    centres
                        .iter()
                        .map(|c| dist2(*p, *c))
                        .fold(f64::INFINITY, f64::min)
                })
                .collect();
            let total: f64 = weights.iter().sum();
            let mut pick = rng.f64() * total;
            let mut chosen = points.len().saturating_sub(1);
            for (i, w) in weights.iter().enumerate() {
                if pick < *w {
                    chosen = i;
                    break;
                }
                pick -= w;
            }
            match points.get(chosen) {
                Some(p) => centres.push(*p),
                None => break,
            }
        }
        let mut labels = vec![0usize; points.len()];
        for _ in 0..300 {
            let mut moved = false;
            for (i, p) in points.iter().enumerate() {
                let nearest = centres
                    .iter()
                    .enumerate()
                    .map(|(j, c)| (j, dist2(*p, *c)))
                    .fold((0, f64::INFINITY), |b, x| if x.1 < b.1 { x } else { b })
                    .0;
                if let Some(l) = labels.get_mut(i)
                    && *l != nearest
                {
                    *l = nearest;
                    moved = true;
                }
            }
            for (j, c) in centres.iter_mut().enumerate() {
                let (sx, sy, n) = points
                    .iter()
                    .zip(&labels)
                    .filter(|(_, l)| **l == j)
                    .fold((0.0, 0.0, 0.0), |(x, y, n), (p, _)| {
                        (x + p.0, y + p.1, n + 1.0)
                    });
                if n > 0.0 {
                    *c = (sx / n, sy / n);
                }
            }
            if !moved {
                break;
            }
        }
        let inertia: f64 = points
            .iter()
            .zip(&labels)
            .map(|(p, l)| centres.get(*l).map_or(0.0, |c| dist2(*p, *c)))
            .sum();
        if best.as_ref().is_none_or(|b| inertia < b.1) {
            best = Some((labels, inertia));
        }
    }
    best.unwrap_or_default()
}

/// The most points the silhouette is computed on (it takes every pair): above, an even
/// sample of them, as scikit-learn's `sample_size` does.
const SILHOUETTE_SAMPLE: usize = 2_000;

/// The mean silhouette of a labelling (on an even sample of at most [`SILHOUETTE_SAMPLE`]
/// points).
fn silhouette(points: &[(f64, f64)], labels: &[usize], k: usize) -> f64 {
    if points.len() > SILHOUETTE_SAMPLE {
        // A seeded random sample (an even stride could keep one group only).
        let mut rng = fastrand::Rng::with_seed(0x5111);
        let mut picked: Vec<usize> = (0..points.len()).collect();
        rng.shuffle(&mut picked);
        picked.truncate(SILHOUETTE_SAMPLE);
        let (p, l): (Vec<(f64, f64)>, Vec<usize>) = picked
            .iter()
            .filter_map(|i| Some((*points.get(*i)?, *labels.get(*i)?)))
            .unzip();
        return silhouette(&p, &l, k);
    }
    let mut total = 0.0;
    for (i, p) in points.iter().enumerate() {
        let own = labels.get(i).copied().unwrap_or(0);
        let mut sums = vec![(0.0, 0usize); k];
        for (j, q) in points.iter().enumerate() {
            if i == j {
                continue;
            }
            if let Some(s) = labels.get(j).and_then(|l| sums.get_mut(*l)) {
                s.0 += dist2(*p, *q).sqrt();
                s.1 += 1;
            }
        }
        let a = sums
            .get(own)
            .map_or(0.0, |s| if s.1 > 0 { s.0 / s.1 as f64 } else { 0.0 });
        let b = sums
            .iter()
            .enumerate()
            .filter(|(l, s)| *l != own && s.1 > 0)
            .map(|(_, s)| s.0 / s.1 as f64)
            .fold(f64::INFINITY, f64::min);
        let own_size = sums.get(own).map_or(0, |s| s.1);
        if own_size == 0 || !b.is_finite() {
            continue;
        }
        total += (b - a) / a.max(b);
    }
    total / points.len().max(1) as f64
}

fn one_prop_test(succ: f64, n: f64) -> f64 {
    let (succ, n) = (succ + 1.0, n + 1.0);
    2.0 * n.sqrt() * (succ / n - 0.5)
}

fn two_prop_test(succ_in: f64, succ_out: f64, n_in: f64, n_out: f64) -> f64 {
    let (s1, s2, n1, n2) = (succ_in + 1.0, succ_out + 1.0, n_in + 1.0, n_out + 1.0);
    let (p1, p2, p) = (s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2));
    if p >= 1.0 {
        return 0.0;
    }
    let denominator = (p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if denominator == 0.0 {
        0.0
    } else {
        (p1 - p2) / denominator
    }
}

fn probability(count: f64, total: f64) -> f64 {
    (1.0 + count) / (2.0 + total)
}

/// Counts of (agree, disagree, seen) per statement among `rows`.
fn counts(m: &[Vec<Option<f64>>], rows: &[usize], statements: usize) -> Vec<(f64, f64, f64)> {
    let mut out = vec![(0.0, 0.0, 0.0); statements];
    for r in rows {
        let Some(row) = m.get(*r) else { continue };
        for (s, v) in row.iter().enumerate() {
            if let (Some(v), Some(c)) = (v, out.get_mut(s)) {
                c.2 += 1.0;
                if *v > 0.5 {
                    c.0 += 1.0;
                } else if *v < -0.5 {
                    c.1 += 1.0;
                }
            }
        }
    }
    out
}

fn statement_stats(
    m: &[Vec<Option<f64>>],
    members: &[usize],
    others: &[usize],
    statements: usize,
) -> Vec<StatementStats> {
    let inside = counts(m, members, statements);
    let outside = counts(m, others, statements);
    inside
        .iter()
        .zip(&outside)
        .enumerate()
        .map(|(s, ((na, nd, ns), (oa, od, os)))| {
            let (pa, pd) = (probability(*na, *ns), probability(*nd, *ns));
            StatementStats {
                statement: s,
                agree: *na as u32,
                disagree: *nd as u32,
                seen: *ns as u32,
                p_agree: pa,
                p_agree_test: one_prop_test(*na, *ns),
                p_disagree: pd,
                p_disagree_test: one_prop_test(*nd, *ns),
                r_agree: pa / probability(*oa, *os),
                r_agree_test: two_prop_test(*na, *oa, *ns, *os),
                r_disagree: pd / probability(*od, *os),
                r_disagree_test: two_prop_test(*nd, *od, *ns, *os),
            }
        })
        .collect()
}

fn picked(s: &StatementStats, agree: bool) -> Picked {
    let n = if agree { s.agree } else { s.disagree };
    Picked {
        statement: s.statement,
        agree,
        share: if s.seen > 0 {
            f64::from(n) / f64::from(s.seen)
        } else {
            0.0
        },
        votes: s.seen,
    }
}

/// The statements that set a group apart, as Pol.is picks them: first the one the group
/// agrees with most telling (or, lacking it, the most representative), then those significant
/// both in probability and in representativeness, by repness × its test × probability × its
/// test; agreements before disagreements.
fn representative(stats: &[StatementStats], opts: &OpinionOptions) -> Vec<Picked> {
    let sig = |z: f64| z > opts.z;
    let usable: Vec<&StatementStats> = stats
        .iter()
        .filter(|s| !opts.moderated_out.contains(&s.statement))
        .collect();
    let mut best_agree: Option<&StatementStats> = None;
    for s in &usable {
        // A statement the group mostly rejects is no statement it agrees with.
        if s.agree <= s.disagree {
            continue;
        }
        let beats = match best_agree {
            Some(b) if b.r_agree > 1.0 => {
                s.r_agree * s.r_agree_test * s.p_agree * s.p_agree_test
                    > b.r_agree * b.r_agree_test * b.p_agree * b.p_agree_test
            }
            Some(b) => s.p_agree * s.p_agree_test > b.p_agree * b.p_agree_test,
            None => sig(s.p_agree_test) || (s.r_agree > 1.0 && s.p_agree > 0.5),
        };
        if beats {
            best_agree = Some(s);
        }
    }
    let direction = |s: &StatementStats| s.r_agree_test > s.r_disagree_test;
    let metric = |s: &StatementStats| {
        if direction(s) {
            s.r_agree * s.r_agree_test * s.p_agree * s.p_agree_test
        } else {
            s.r_disagree * s.r_disagree_test * s.p_disagree * s.p_disagree_test
        }
    };
    let mut sufficient: Vec<&StatementStats> = usable
        .iter()
        .copied()
        .filter(|s| {
            (sig(s.p_agree_test) && sig(s.r_agree_test))
                || (sig(s.p_disagree_test) && sig(s.r_disagree_test))
        })
        .collect();
    sufficient.sort_by(|a, b| metric(b).total_cmp(&metric(a)));
    let head: Option<Picked> = match best_agree {
        Some(b) => Some(picked(b, true)),
        None if sufficient.is_empty() => usable
            .iter()
            .copied()
            .max_by(|a, b| {
                a.r_agree_test
                    .max(a.r_disagree_test)
                    .total_cmp(&b.r_agree_test.max(b.r_disagree_test))
            })
            .map(|s| picked(s, direction(s))),
        None => None,
    };
    let mut out: Vec<Picked> = head.into_iter().collect();
    let first = out.first().map(|h| h.statement);
    out.extend(
        sufficient
            .iter()
            .filter(|s| Some(s.statement) != first)
            .map(|s| picked(s, direction(s))),
    );
    out.truncate(opts.pick_max);
    // Agreements first, as Pol.is shows them (a stable sort keeps the order within each).
    out.sort_by_key(|p| !p.agree);
    out
}

/// Finds the opinion groups of a conversation: `votes` are (participant, statement, vote)
/// with participants and statements numbered from 0.
pub fn opinion_groups(
    participants: usize,
    statements: usize,
    votes: &[(usize, usize, Vote)],
    opts: &OpinionOptions,
) -> OpinionMap {
    let raw = matrix(participants, statements, votes);
    let mut filtered = raw.clone();
    for row in &mut filtered {
        for s in &opts.moderated_out {
            if let Some(cell) = row.get_mut(*s)
                && cell.is_some()
            {
                *cell = Some(0.0);
            }
        }
    }
    let projections = project(&filtered, statements);
    let clusterable: Vec<usize> = (0..participants)
        .filter(|p| {
            raw.get(*p)
                .is_some_and(|row| row.iter().filter(|v| v.is_some()).count() >= opts.min_votes)
        })
        .collect();
    let points: Vec<(f64, f64)> = clusterable
        .iter()
        .filter_map(|p| projections.get(*p).copied())
        .collect();
    // The most groups the data allows: each of at least `min_group_size`.
    let most = opts
        .max_groups
        .min(points.len() / opts.min_group_size.max(1))
        .max(1);
    let (mut labels, mut k, mut score) = (vec![0; points.len()], 1, 0.0);
    let tries: Vec<usize> = match opts.groups {
        Some(g) => vec![g.max(1)],
        None => (2..=most).collect(),
    };
    for try_k in tries {
        if try_k < 2 || points.len() <= try_k {
            continue;
        }
        let (l, _) = kmeans(&points, try_k, 0x5eed ^ try_k as u64);
        let sizes: Vec<usize> = (0..try_k)
            .map(|g| l.iter().filter(|x| **x == g).count())
            .collect();
        if opts.groups.is_none() && sizes.iter().any(|n| *n < opts.min_group_size) {
            continue;
        }
        let s = silhouette(&points, &l, try_k);
        if opts.groups.is_some() || (s > score && s >= opts.min_silhouette) {
            labels = l;
            k = try_k;
            score = s;
        }
    }
    // Groups numbered by size, the largest first, so that the numbering says something.
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|g| std::cmp::Reverse(labels.iter().filter(|x| *x == g).count()));
    let renumber: Vec<usize> = (0..k)
        .map(|g| order.iter().position(|o| *o == g).unwrap_or(g))
        .collect();
    let mut groups = vec![None; participants];
    for (p, l) in clusterable.iter().zip(&labels) {
        if let Some(slot) = groups.get_mut(*p) {
            *slot = renumber.get(*l).copied();
        }
    }
    let members: Vec<Vec<usize>> = (0..k)
        .map(|g| {
            clusterable
                .iter()
                .copied()
                .filter(|p| groups.get(*p).copied().flatten() == Some(g))
                .collect()
        })
        .collect();
    let stats: Vec<Vec<StatementStats>> = (0..k)
        .map(|g| {
            let inside = members.get(g).cloned().unwrap_or_default();
            let others: Vec<usize> = clusterable
                .iter()
                .copied()
                .filter(|p| groups.get(*p).copied().flatten() != Some(g))
                .collect();
            statement_stats(&raw, &inside, &others, statements)
        })
        .collect();
    let representative_statements = if k > 1 {
        stats.iter().map(|s| representative(s, opts)).collect()
    } else {
        vec![Vec::new()]
    };
    let group_consensus: Vec<(f64, f64)> = (0..statements)
        .map(|s| {
            stats.iter().fold((1.0, 1.0), |(a, d), g| match g.get(s) {
                Some(x) => (a * x.p_agree, d * x.p_disagree),
                None => (a, d),
            })
        })
        .collect();
    // Consensus over everyone who voted (grouped or not).
    let everyone: Vec<usize> = (0..participants).collect();
    let all = statement_stats(&raw, &everyone, &[], statements);
    let pick = |agree: bool| -> Vec<Picked> {
        let mut c: Vec<&StatementStats> = all
            .iter()
            .filter(|s| !opts.moderated_out.contains(&s.statement))
            .filter(|s| {
                if agree {
                    s.p_agree > 0.5 && s.p_agree_test > opts.z
                } else {
                    s.p_disagree > 0.5 && s.p_disagree_test > opts.z
                }
            })
            .collect();
        let metric = |s: &StatementStats| {
            if agree {
                s.p_agree * s.p_agree_test
            } else {
                s.p_disagree * s.p_disagree_test
            }
        };
        c.sort_by(|a, b| {
            metric(b)
                .total_cmp(&metric(a))
                .then(a.statement.cmp(&b.statement))
        });
        c.into_iter()
            .take(opts.pick_max)
            .map(|s| picked(s, agree))
            .collect()
    };
    OpinionMap {
        projections,
        groups,
        group_count: k,
        silhouette: score,
        representative: representative_statements,
        consensus_agree: pick(true),
        consensus_disagree: pick(false),
        group_consensus,
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three camps of 20 on 12 statements: each agrees with its own four, disagrees with the
    /// next camp's, passes on the rest (a vote in ten turned, some skipped); everyone agrees
    /// with statement 12.
    fn camps(noise: u64) -> (usize, usize, Vec<(usize, usize, Vote)>) {
        let mut rng = fastrand::Rng::with_seed(noise);
        let mut votes = Vec::new();
        for p in 0..60 {
            let camp = p / 20;
            for s in 0..12 {
                let own = s / 4;
                if rng.f64() < 0.15 {
                    continue;
                }
                let v = if own == camp {
                    1
                } else if own == (camp + 1) % 3 {
                    -1
                } else {
                    0
                };
                let v = if rng.f64() < 0.1 { -v } else { v };
                votes.push((p, s, v));
            }
            votes.push((p, 12, 1));
        }
        (60, 13, votes)
    }

    #[test]
    fn three_camps_are_found_with_what_sets_them_apart_and_what_unites_them() {
        let (p, s, votes) = camps(3);
        let map = opinion_groups(p, s, &votes, &OpinionOptions::default());
        assert_eq!(map.group_count, 3, "silhouette {}", map.silhouette);
        // Each camp is one group.
        for camp in 0..3 {
            let g = map.groups[camp * 20];
            assert!(g.is_some());
            assert!((camp * 20..camp * 20 + 20).all(|i| map.groups[i] == g));
        }
        // What sets a camp apart is agreeing with its own statements.
        for camp in 0..3 {
            let g = map.groups[camp * 20].unwrap();
            let first = map.representative[g][0];
            assert!(first.agree);
            assert_eq!(first.statement / 4, camp, "{:?}", map.representative[g]);
        }
        assert_eq!(map.consensus_agree[0].statement, 12);
        assert!(map.group_consensus[12].0 > 0.8);
    }

    #[test]
    fn one_camp_is_one_group_and_few_votes_are_not_grouped() {
        let mut votes = Vec::new();
        let mut rng = fastrand::Rng::with_seed(9);
        for p in 0..30 {
            for s in 0..10 {
                votes.push((p, s, if rng.f64() < 0.8 { 1 } else { -1 }));
            }
        }
        votes.push((30, 0, 1));
        let map = opinion_groups(31, 10, &votes, &OpinionOptions::default());
        assert_eq!(map.group_count, 1, "silhouette {}", map.silhouette);
        assert_eq!(map.groups[30], None, "one vote is too few to be grouped");
        assert_eq!(map.projections.len(), 31);
    }

    #[test]
    fn a_group_that_rejects_everything_is_told_by_what_it_rejects() {
        let mut votes = Vec::new();
        for p in 0..20 {
            for s in 0..8 {
                votes.push((p, s, if p < 10 { -1 } else { 1 }));
            }
        }
        let map = opinion_groups(20, 8, &votes, &OpinionOptions::default());
        assert_eq!(map.group_count, 2);
        let rejecting = map.groups[0].unwrap();
        assert!(!map.representative[rejecting].is_empty());
        assert!(map.representative[rejecting].iter().all(|p| !p.agree));
        let agreeing = map.groups[10].unwrap();
        assert!(map.representative[agreeing].iter().all(|p| p.agree));
    }

    #[test]
    fn tests_match_polis_formulas() {
        // pat for 8 agree of 10: 2 √11 (9/11 − ½).
        assert!((one_prop_test(8.0, 10.0) - 2.0 * 11f64.sqrt() * (9.0 / 11.0 - 0.5)).abs() < 1e-12);
        assert_eq!(two_prop_test(5.0, 5.0, 5.0, 5.0), 0.0);
        assert!(two_prop_test(9.0, 1.0, 10.0, 10.0) > 3.0);
    }
}

//! After the mixture: themes that say the same thing in other words are joined ("pool" and
//! "swimming / closed"), and each answer then goes to the theme whose centre it is closest to,
//! words weighed by how telling they are (the mixture weighs every word alike, so a common word
//! such as "expensive" can pull an answer into the wrong theme).

use std::collections::BTreeMap;

/// A theme's centre: the sum of its answers' weighted words, of length 1, as a dense vector
/// (summed in a fixed order, so that the result is the same on every run).
fn centre(
    members: &[usize],
    docs: &[Vec<u32>],
    weight: &[f32],
    prior: Option<&Vec<u32>>,
) -> Vec<f32> {
    let mut c = vec![0.0_f32; weight.len()];
    let mut add = |doc: &[u32], times: f32| {
        for (w, x) in normalised(doc, weight) {
            if let Some(v) = c.get_mut(w as usize) {
                *v += x * times;
            }
        }
    };
    // An issue's lexicon words count as much as a few answers: answers using them stay drawn
    // to it, even when a common word would pull them elsewhere.
    if let Some(words) = prior.filter(|w| !w.is_empty()) {
        add(words, PRIOR_ANSWERS);
    }
    for i in members {
        add(docs.get(*i).map(Vec::as_slice).unwrap_or_default(), 1.0);
    }
    let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut c {
            *x /= norm;
        }
    }
    c
}

fn normalised(doc: &[u32], weight: &[f32]) -> Vec<(u32, f32)> {
    let v: Vec<(u32, f32)> = doc
        .iter()
        .map(|w| (*w, weight.get(*w as usize).copied().unwrap_or(0.0)))
        .collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.into_iter().map(|(w, x)| (w, x / norm)).collect()
    } else {
        v
    }
}

/// An answer (normalised) against a centre.
fn closeness(doc: &[(u32, f32)], centre: &[f32]) -> f32 {
    doc.iter()
        .map(|(w, x)| x * centre.get(*w as usize).copied().unwrap_or(0.0))
        .sum()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Centres at least this alike are one theme.
const JOIN_AT: f32 = 0.4;

/// How many answers' worth an issue's lexicon words count for in its centre.
const PRIOR_ANSWERS: f32 = 2.0;

/// Rounds of moving answers to their closest centre at most.
const ROUNDS: usize = 5;

/// Joins themes whose centres are alike (of two, the one with the lower number stays; the first
/// `fixed` themes, issues of the lexicon and themes kept from before, are never joined with each
/// other), then moves each answer but the `pinned` ones to its closest theme for a few rounds.
/// `assignment` holds theme numbers; `weight` is per word; `prior` holds the words of the themes
/// that stand for issues of the lexicon (the first ones). (An answer is not drawn further to the
/// issue it names: lexicon words used in passing then pull answers into the wrong issue.)
pub(super) fn refine(
    docs: &[Vec<u32>],
    assignment: &mut [Option<usize>],
    weight: &[f32],
    fixed: usize,
    pinned: &[bool],
    prior: &[Vec<u32>],
) {
    let (join_at, rounds) = (JOIN_AT, ROUNDS);
    let members = |assignment: &[Option<usize>]| {
        let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, z) in assignment.iter().enumerate() {
            if let Some(z) = z {
                m.entry(*z).or_default().push(i);
            }
        }
        m
    };
    loop {
        let groups = members(assignment);
        let keys: Vec<usize> = groups.keys().copied().collect();
        let centres: Vec<(usize, Vec<f32>)> = keys
            .iter()
            .map(|z| {
                (
                    *z,
                    centre(
                        groups.get(z).map_or(&[][..], Vec::as_slice),
                        docs,
                        weight,
                        prior.get(*z),
                    ),
                )
            })
            .collect();
        let mut best: Option<(f32, usize, usize)> = None;
        for (i, (za, ca)) in centres.iter().enumerate() {
            for (zb, cb) in centres.iter().skip(i + 1) {
                // Two issues of the lexicon stay apart: organizers made them two.
                if *za < fixed && *zb < fixed {
                    continue;
                }
                let s = dot(ca, cb);
                if s >= join_at && best.is_none_or(|b| s > b.0) {
                    best = Some((s, *za, *zb));
                }
            }
        }
        let Some((_, keep, gone)) = best else { break };
        for z in assignment.iter_mut() {
            if *z == Some(gone) {
                *z = Some(keep);
            }
        }
    }
    for _ in 0..rounds {
        let groups = members(assignment);
        let centres: Vec<(usize, Vec<f32>)> = groups
            .iter()
            .map(|(z, list)| (*z, centre(list, docs, weight, prior.get(*z))))
            .collect();
        let mut moved = false;
        for (i, z) in assignment.iter_mut().enumerate() {
            if z.is_none() || pinned.get(i).copied().unwrap_or(false) {
                continue;
            }
            let doc = normalised(docs.get(i).map(Vec::as_slice).unwrap_or_default(), weight);
            let top = centres
                .iter()
                .map(|(c, centre)| (*c, closeness(&doc, centre)))
                .fold(None, |b: Option<(usize, f32)>, x| match b {
                    Some(b) if b.1 > x.1 || (b.1 == x.1 && b.0 < x.0) => Some(b),
                    _ => Some(x),
                });
            if let Some((c, s)) = top
                && s > 0.0
                && Some(c) != *z
            {
                *z = Some(c);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

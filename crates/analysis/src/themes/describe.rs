//! Naming a theme: its top words per language, its name, and the answers closest to its centre.

use super::cluster::Sparse;
use super::find::Theme;
use super::text::Lang;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How many answers use a stem, and in which surface forms.
type StemCount<'a> = (usize, HashMap<&'a str, usize>);

/// A theme's top words per language, its name and its three most central answers.
pub(super) fn describe(
    issue: Option<String>,
    list: &[usize],
    stems: &[Vec<(String, String)>],
    languages: &[Lang],
    vectors: &[Sparse],
    idf: &HashMap<&str, f32>,
) -> Theme {
    // stem -> (count, surface form -> count), per language
    let mut counts: BTreeMap<Lang, HashMap<&str, StemCount>> = BTreeMap::new();
    for i in list {
        let (Some(s), Some(l)) = (stems.get(*i), languages.get(*i)) else {
            continue;
        };
        let per = counts.entry(*l).or_default();
        let unique: HashSet<&(String, String)> = s.iter().collect();
        for (stem, word) in unique {
            let e = per.entry(stem.as_str()).or_default();
            e.0 += 1;
            *e.1.entry(word.as_str()).or_default() += 1;
        }
    }
    let top_terms: BTreeMap<Lang, Vec<String>> = counts
        .into_iter()
        .map(|(l, per)| {
            // Used by many of the theme's answers (coverage) and more than elsewhere (lift:
            // coverage over the share of all answers using it).
            let size = list.len().max(1) as f32;
            let mut v: Vec<(&str, f32, &HashMap<&str, usize>)> = per
                .iter()
                .map(|(s, (n, w))| {
                    let coverage = *n as f32 / size;
                    let lift = coverage * idf.get(s).copied().unwrap_or(0.0).exp();
                    (*s, coverage * (1.0 + lift).ln(), w)
                })
                .collect();
            v.sort_by(|a, b| {
                b.1.partial_cmp(&a.1)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.0.cmp(b.0))
            });
            let words = v
                .into_iter()
                .take(5)
                .filter_map(|(_, _, forms)| {
                    forms
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(w, _)| (*w).to_owned())
                })
                .collect();
            (l, words)
        })
        .collect();
    // The centre of the theme and the answers closest to it.
    let mut centre: HashMap<u32, f32> = HashMap::new();
    for i in list {
        for (t, w) in vectors.get(*i).map(Vec::as_slice).unwrap_or_default() {
            *centre.entry(*t).or_default() += w;
        }
    }
    let mut scored: Vec<(usize, f32)> = list
        .iter()
        .map(|i| {
            let v = vectors.get(*i).map(Vec::as_slice).unwrap_or_default();
            let s: f32 = v
                .iter()
                .map(|(t, w)| centre.get(t).copied().unwrap_or(0.0) * w)
                .sum();
            (*i, s)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    let name = issue.clone().unwrap_or_else(|| {
        // The two most used words across languages.
        let mut all: Vec<&String> = top_terms.values().flat_map(|v| v.iter().take(2)).collect();
        all.dedup();
        all.into_iter()
            .take(3)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" / ")
    });
    Theme {
        name,
        issue,
        size: list.len(),
        top_terms,
        quotes: scored.into_iter().take(3).map(|(i, _)| i).collect(),
    }
}

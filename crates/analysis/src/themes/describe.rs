//! Naming a theme: its top words per language, its name in each language, and the different
//! answers closest to its centre.

use super::concepts::Concepts;
use super::find::Theme;
use super::text::Lang;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the answers were read into.
pub(super) struct Context<'a> {
    pub texts: &'a [&'a str],
    /// Per answer: its features (ids) and the word that carried each.
    pub features: &'a [&'a [(u32, String)]],
    pub languages: &'a [Lang],
    /// How telling each feature is: features every answer uses say little about a theme.
    pub idf: &'a HashMap<u32, f32>,
    pub concepts: &'a Concepts,
}

/// Features by how telling they are of a group of answers: used by many of them (coverage) and
/// more than elsewhere (lift). Returns (feature, coverage), best first.
fn telling(list: &[usize], cx: &Context) -> Vec<(u32, f32)> {
    let mut count: HashMap<u32, usize> = HashMap::new();
    for i in list {
        for (f, _) in cx.features.get(*i).copied().unwrap_or_default() {
            *count.entry(*f).or_default() += 1;
        }
    }
    let size = list.len().max(1) as f32;
    let mut v: Vec<(u32, f32, f32)> = count
        .into_iter()
        .map(|(f, n)| {
            let coverage = n as f32 / size;
            let lift = coverage * cx.idf.get(&f).copied().unwrap_or(0.0).exp();
            (f, coverage, coverage * (1.0 + lift).ln())
        })
        .collect();
    v.sort_by(|a, b| {
        b.2.partial_cmp(&a.2)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    v.into_iter().map(|(f, c, _)| (f, c)).collect()
}

/// The word the answers of `list` (in `lang`, if any of them are) most use for a feature.
fn surface(f: u32, list: &[usize], lang: Option<Lang>, cx: &Context) -> Option<String> {
    let mut forms: HashMap<&str, usize> = HashMap::new();
    for i in list {
        if lang.is_some_and(|l| cx.languages.get(*i) != Some(&l)) {
            continue;
        }
        for (g, w) in cx.features.get(*i).copied().unwrap_or_default() {
            if *g == f {
                *forms.entry(w.as_str()).or_default() += 1;
            }
        }
    }
    forms
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(w, _)| w.to_owned())
}

/// A feature as a word for a reader of `lang`: the concept's word in that language, else the
/// word the answers use.
fn word_for(f: u32, list: &[usize], lang: Lang, cx: &Context) -> Option<String> {
    if (f as usize) < cx.concepts.len() {
        return cx.concepts.word(f, lang).map(str::to_owned);
    }
    surface(f, list, Some(lang), cx).or_else(|| surface(f, list, None, cx))
}

/// A theme's top words per language, its names and its three most central different answers.
/// A theme kept from before (`kept`) keeps its name as its key.
pub(super) fn describe(
    issue: Option<String>,
    kept: Option<String>,
    list: &[usize],
    cx: &Context,
) -> Theme {
    let ranked = telling(list, cx);
    let mut top_terms: BTreeMap<Lang, Vec<String>> = BTreeMap::new();
    for lang in Lang::ALL {
        let own: Vec<usize> = list
            .iter()
            .copied()
            .filter(|i| cx.languages.get(*i) == Some(&lang))
            .collect();
        if own.is_empty() {
            continue;
        }
        let words: Vec<String> = telling(&own, cx)
            .into_iter()
            .filter_map(|(f, _)| surface(f, &own, Some(lang), cx))
            .take(5)
            .collect();
        top_terms.insert(lang, words);
    }
    // The name: the most telling feature, and the next one when many answers use it too.
    let lead: Vec<u32> = match ranked.as_slice() {
        [] => Vec::new(),
        [(a, _)] => vec![*a],
        [(a, ca), (b, cb), ..] => {
            if *cb >= 0.25 && *cb >= ca * 0.5 {
                vec![*a, *b]
            } else {
                vec![*a]
            }
        }
    };
    let names: BTreeMap<Lang, String> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let name = match issue.as_ref() {
                Some(code) => code.clone(),
                None => {
                    let mut words: Vec<String> = Vec::new();
                    for f in &lead {
                        if let Some(w) = word_for(*f, list, lang, cx)
                            && !words.contains(&w)
                        {
                            words.push(w);
                        }
                    }
                    words.join(" / ")
                }
            };
            (lang, name)
        })
        .collect();
    // What edits and stored answers refer to: the issue, the name kept from before (a found
    // theme keeps its first name as its key, while its names per language follow its words),
    // else its English name.
    let name = issue
        .clone()
        .or(kept)
        .unwrap_or_else(|| names.get(&Lang::En).cloned().unwrap_or_default());
    Theme {
        name,
        names,
        issue,
        size: list.len(),
        top_terms,
        quotes: quotes(list, cx),
    }
}

/// Up to three different answers closest to the theme's centre, in as many languages as can be.
fn quotes(list: &[usize], cx: &Context) -> Vec<usize> {
    let mut centre: HashMap<u32, f32> = HashMap::new();
    for i in list {
        for (f, _) in cx.features.get(*i).copied().unwrap_or_default() {
            *centre.entry(*f).or_default() += cx.idf.get(f).copied().unwrap_or(0.0);
        }
    }
    let mut scored: Vec<(usize, f32)> = list
        .iter()
        .map(|i| {
            let fs = cx.features.get(*i).copied().unwrap_or_default();
            let weights: Vec<f32> = fs
                .iter()
                .map(|(f, _)| cx.idf.get(f).copied().unwrap_or(0.0))
                .collect();
            let norm = weights.iter().map(|w| w * w).sum::<f32>().sqrt().max(1e-6);
            let s: f32 = fs
                .iter()
                .zip(&weights)
                .map(|((f, _), w)| centre.get(f).copied().unwrap_or(0.0) * w)
                .sum();
            (*i, s / norm)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    let normal = |i: usize| -> String {
        cx.texts
            .get(i)
            .map(|t| {
                t.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            })
            .unwrap_or_default()
    };
    // Each text once; answers at least half as close as the closest are good quotes.
    let top = scored.first().map_or(0.0, |s| s.1);
    let mut seen: HashSet<String> = HashSet::new();
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    for (i, score) in scored.into_iter().take(60) {
        if seen.insert(normal(i)) {
            candidates.push((i, score >= top * 0.5));
        }
    }
    // Good ones first, one per language; then the next good ones; then the next closest.
    let mut picked: Vec<usize> = Vec::new();
    let mut langs: HashSet<Lang> = HashSet::new();
    for (i, good) in &candidates {
        if picked.len() < 3
            && *good
            && let Some(l) = cx.languages.get(*i)
            && langs.insert(*l)
        {
            picked.push(*i);
        }
    }
    for pass_good in [true, false] {
        for (i, good) in &candidates {
            if picked.len() < 3 && (*good || !pass_good) && !picked.contains(i) {
                picked.push(*i);
            }
        }
    }
    picked
}

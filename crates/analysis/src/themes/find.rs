//! Finding the themes of a set of answers: each answer in the issue of the lexicon it names most,
//! the rest clustered into new themes; and splitting a group of answers in two.

use super::concepts::Concepts;
use super::describe::{Context, describe};
use super::lexicon::Lexicon;
use super::mixture::Mixture;
use super::read::{Reading, text_hash};
use super::refine::refine;
use super::text::{Analyzer, Lang};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy)]
pub struct ThemeOptions {
    /// Themes with fewer answers are not shown (their answers stay without a theme). Fewer
    /// answers than ten times this make a small set: see [`Themes::few`].
    pub min_size: usize,
    /// At most this many new themes are discovered.
    pub max_new: usize,
    pub seed: u64,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        Self {
            min_size: 5,
            max_new: 12,
            seed: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    /// The issue code for lexicon themes; the English name for discovered ones.
    pub name: String,
    /// Its name in each language: the issue code, or its most telling words.
    pub names: BTreeMap<Lang, String>,
    /// The issue of the lexicon it stands for, if any.
    pub issue: Option<String>,
    pub size: usize,
    /// Most used words of the theme's answers, per language.
    pub top_terms: BTreeMap<Lang, Vec<String>>,
    /// Up to three different answers close to the theme's centre (indices into the input).
    pub quotes: Vec<usize>,
}

impl Theme {
    /// Its name for a reader of `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        self.names.get(&lang).unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Themes {
    pub themes: Vec<Theme>,
    /// Per answer, its theme (an index into `themes`), or none.
    pub assignment: Vec<Option<usize>>,
    pub languages: Vec<Lang>,
    /// Too few answers to tell themes apart with confidence: groups of two and more are shown
    /// as a first reading, and readers are told so.
    pub few: bool,
}

/// The answers below which a set is small: ten times the smallest theme.
fn few_below(options: &ThemeOptions) -> usize {
    options.min_size * 10
}

/// The mixture's settings (the number of themes and the seed are set per run), chosen on the
/// first labelled set of `tests/themes_quality.rs`.
const MIXTURE: Mixture = Mixture {
    k: 1,
    alpha: 0.1,
    beta: 0.1,
    iterations: 20,
    seed: 1,
    prior_weight: 1.0,
};

/// A theme's claim on an issue: the issue, and the share of its answers that name it.
type Claim = (usize, f64);

/// A theme most of whose answers name an issue is that issue; of several, the one whose answers
/// name it most, and any theme at least this share of whose answers name it.
const JOIN_ISSUE_AT: f64 = 0.8;

/// Fits from different seeds, the best kept.
const CHAINS: u64 = 5;

/// Answers the mixture is fitted on at most; the others are then put in the theme they fit best.
/// The sample is the answers whose text hashes lowest, so that adding answers keeps it.
const SAMPLE: usize = 4000;

/// Finds the themes of a set of answers.
pub fn find_themes(texts: &[&str], lexicon: &Lexicon, options: ThemeOptions) -> Themes {
    find_themes_keeping(texts, lexicon, options, &[])
}

/// Finds the themes of a set of answers, answers given a theme before keeping it: `kept` holds,
/// per answer (parallel to `texts`, shorter is fine), the theme it was given, if any. A kept
/// theme keeps its name; new answers join it, or another theme, or a new one.
pub fn find_themes_keeping(
    texts: &[&str],
    lexicon: &Lexicon,
    options: ThemeOptions,
    kept: &[Option<&str>],
) -> Themes {
    let analyzer = Analyzer::new();
    let concepts = Concepts::shipped(&analyzer);
    let few = texts.len() < few_below(&options);
    let min_size = if few {
        2.min(options.min_size)
    } else {
        options.min_size
    }
    .max(1);
    let Reading {
        languages,
        read,
        docs,
        df,
        issue_features,
        named,
        weight,
    } = Reading::new(&analyzer, concepts, texts, lexicon);
    let issues = lexicon.themes();

    // Kept themes: an issue keeps its place; any other name gets a place after the issues.
    let mut kept_names: Vec<String> = Vec::new();
    let pinned_to: Vec<Option<usize>> = (0..texts.len())
        .map(|i| {
            let name = kept.get(i).copied().flatten()?;
            if let Some(t) = issues.iter().position(|x| x == name) {
                return Some(t);
            }
            let at = match kept_names.iter().position(|x| x == name) {
                Some(at) => at,
                None => {
                    kept_names.push(name.to_owned());
                    kept_names.len() - 1
                }
            };
            Some(issues.len() + at)
        })
        .collect();
    let fixed = issues.len() + kept_names.len();
    // Themes holding answers kept from before: never too small to be a theme.
    let mut kept_theme = vec![false; fixed];
    for z in pinned_to.iter().flatten() {
        if let Some(k) = kept_theme.get_mut(*z) {
            *k = true;
        }
    }

    // The mixture, fitted on a sample of the answers that have words, started from the themes
    // kept and the issues the answers name.
    let with_words: Vec<usize> = (0..texts.len())
        .filter(|i| docs.get(*i).is_some_and(|d| !d.is_empty()))
        .collect();
    let mut sample = with_words.clone();
    if sample.len() > SAMPLE {
        sample.sort_by_key(|i| (texts.get(*i).map_or(0, |t| text_hash(t)), *i));
        sample.truncate(SAMPLE);
        sample.sort_unstable();
    }
    // Room for every issue and kept theme, and for as many new ones as the answers can fill.
    let k = (fixed + options.max_new.min(sample.len() / min_size)).max(1);
    let sample_docs: Vec<&[u32]> = sample
        .iter()
        .filter_map(|i| docs.get(*i).map(Vec::as_slice))
        .collect();
    let at = |i: &usize| pinned_to.get(*i).copied().flatten();
    let start: Vec<Option<usize>> = sample
        .iter()
        .map(|i| at(i).or_else(|| named.get(*i).copied().flatten()))
        .collect();
    let pinned: Vec<bool> = sample.iter().map(|i| at(i).is_some()).collect();
    let prior: Vec<Vec<u32>> = issue_features
        .iter()
        .map(|set| {
            let mut v: Vec<u32> = set.iter().copied().collect();
            v.sort_unstable();
            v
        })
        .collect();
    let mut assignment: Vec<Option<usize>> = vec![None; texts.len()];
    if !sample_docs.is_empty() {
        let (fit_assign, fitted) = MIXTURE.with(k, options.seed).fit_best(
            CHAINS,
            &sample_docs,
            weight.len(),
            &start,
            &prior,
            &pinned,
        );
        let mut sizes = vec![0_usize; k];
        for z in &fit_assign {
            if let Some(n) = sizes.get_mut(*z) {
                *n += 1;
            }
        }
        // Small themes are no themes (unless kept): their answers go to the large theme they
        // fit best, if they share a word with it.
        let large: Vec<bool> = sizes
            .iter()
            .enumerate()
            .map(|(z, n)| *n >= min_size || kept_theme.get(z).copied().unwrap_or(false))
            .collect();
        for i in &with_words {
            let Some(doc) = docs.get(*i) else { continue };
            let own = sample
                .binary_search(i)
                .ok()
                .and_then(|at| fit_assign.get(at).copied());
            let z = match own {
                Some(z) if large.get(z).copied().unwrap_or(false) => Some(z),
                _ => fitted
                    .best(doc, &large)
                    .filter(|z| doc.iter().any(|w| fitted.uses(*z, *w))),
            };
            if let Some(a) = assignment.get_mut(*i) {
                *a = z;
            }
        }
    }
    // Kept answers stay where they were, words or not.
    for (a, p) in assignment.iter_mut().zip(&pinned_to) {
        if p.is_some() {
            *a = *p;
        }
    }
    let pinned_all: Vec<bool> = pinned_to.iter().map(Option::is_some).collect();
    refine(&docs, &mut assignment, &weight, fixed, &pinned_all, &prior);

    // Which issue each theme stands for: the one most of its answers name (kept themes keep
    // theirs). Themes standing for the same issue are one.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, z) in assignment.iter().enumerate() {
        if let Some(z) = z {
            members.entry(*z).or_default().push(i);
        }
    }
    // Each cluster's claim on an issue: kept answers of that issue, else most of its answers
    // naming it. Of several clusters claiming one issue, the strongest claim takes it; the others
    // stay themes of their own (elderly people alone is not pensions because many of its answers
    // speak of pensioners).
    let mut claims: Vec<(usize, Option<Claim>, Vec<usize>)> = Vec::new();
    let mut discovered: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (z, list) in members {
        if let Some(name) = z
            .checked_sub(issues.len())
            .and_then(|at| kept_names.get(at))
        {
            discovered.push((Some(name.clone()), list));
            continue;
        }
        let kept_issue = list
            .iter()
            .any(|i| pinned_to.get(*i).copied().flatten() == Some(z));
        if z < issues.len() && kept_issue {
            claims.push((z, Some((z, f64::MAX)), list));
            continue;
        }
        let mut votes = vec![0_usize; issues.len()];
        for i in &list {
            if let Some(v) = named
                .get(*i)
                .copied()
                .flatten()
                .and_then(|t| votes.get_mut(t))
            {
                *v += 1;
            }
        }
        let top = votes
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
            .filter(|(_, n)| **n * 2 >= list.len())
            .map(|(t, n)| (t, *n as f64 / list.len().max(1) as f64));
        claims.push((z, top, list));
    }
    let mut by_issue: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut strongest: HashMap<usize, (f64, usize)> = HashMap::new();
    for (z, claim, _) in &claims {
        if let Some((t, share)) = claim {
            let entry = strongest.entry(*t).or_insert((*share, *z));
            if *share > entry.0 {
                *entry = (*share, *z);
            }
        }
    }
    for (z, claim, list) in claims {
        match claim {
            // The strongest claim, and any other that nearly all its answers make (as when
            // organizers merged a theme into an issue: its words joined the issue's).
            Some((t, share))
                if strongest.get(&t).map(|s| s.1) == Some(z) || share >= JOIN_ISSUE_AT =>
            {
                by_issue.entry(t).or_default().extend(list);
            }
            _ => discovered.push((None, list)),
        }
    }
    let mut groups: Vec<(Option<String>, Option<String>, Vec<usize>)> = by_issue
        .into_iter()
        .map(|(t, mut list)| {
            list.sort_unstable();
            (issues.get(t).cloned(), None, list)
        })
        .collect();
    discovered.sort_by_key(|(name, l)| (name.is_none(), std::cmp::Reverse(l.len())));
    groups.extend(discovered.into_iter().map(|(name, l)| (None, name, l)));

    let n_docs = texts.len().max(1) as f32;
    let idf: HashMap<u32, f32> = df
        .iter()
        .map(|(f, d)| (*f, (n_docs / *d as f32).ln().max(0.0)))
        .collect();
    let features: Vec<&[(u32, String)]> = read.iter().map(|r| r.features.as_slice()).collect();
    let context = Context {
        texts,
        features: &features,
        languages: &languages,
        idf: &idf,
        concepts,
    };
    let mut themes: Vec<Theme> = Vec::new();
    let mut lists: Vec<Vec<usize>> = Vec::new();
    // Per theme: the name it was kept under, if any.
    let mut kept_as: Vec<Option<String>> = Vec::new();
    for (issue, name, list) in groups {
        let kept_here = list
            .iter()
            .any(|i| pinned_to.get(*i).is_some_and(Option::is_some));
        if list.len() < min_size && !kept_here {
            continue;
        }
        let theme = describe(issue.clone(), name.clone(), &list, &context);
        // A found theme with no telling word (its answers share only a topic) has no name to
        // show: its answers stay without a theme.
        if issue.is_none() && name.is_none() && theme.name.is_empty() && !kept_here {
            continue;
        }
        // Two found themes that come out with the same name say the same thing (the mixture
        // split them on words that tell little): one theme, as an organizer would merge them.
        // A kept theme keeps its name when new answers join it this way.
        let same = themes.iter().position(|t| {
            name.is_none() && issue.is_none() && t.issue.is_none() && t.name == theme.name
        });
        match same.and_then(|at| Some((at, lists.get_mut(at)?, kept_as.get(at)?.clone()))) {
            Some((at, merged, kept_name)) => {
                merged.extend(list);
                merged.sort_unstable();
                let again = describe(None, kept_name, merged, &context);
                if let Some(t) = themes.get_mut(at) {
                    *t = again;
                }
            }
            None => {
                themes.push(theme);
                lists.push(list);
                kept_as.push(name);
            }
        }
    }
    assignment = vec![None; texts.len()];
    for (id, list) in lists.iter().enumerate() {
        for i in list {
            if let Some(a) = assignment.get_mut(*i) {
                *a = Some(id);
            }
        }
    }
    Themes {
        themes,
        assignment,
        languages,
        few,
    }
}

/// Words per language.
pub type Words = BTreeMap<Lang, Vec<String>>;

/// Splits a group of answers in two: each half with its name and top words, to become two
/// themes of the lexicon. `None` when the answers do not fall in two groups.
pub fn split_in_two(texts: &[&str]) -> Option<[(String, Words); 2]> {
    let out = find_themes(
        texts,
        &Lexicon::default(),
        ThemeOptions {
            min_size: 2,
            max_new: 2,
            seed: 1,
        },
    );
    let mut found = out.themes.into_iter().map(|t| (t.name, t.top_terms));
    Some([found.next()?, found.next()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_go_to_the_issue_they_name_and_the_rest_is_clustered() {
        let mut texts = vec![
            "De huur van mijn appartement stijgt elk jaar",
            "Le loyer est trop cher pour ma famille",
            "Die Miete frisst mein halbes Gehalt",
            "My landlord raised the rent again",
            "Huurprijzen in Gent zijn onbetaalbaar",
        ];
        let park = [
            "more trees and a playground in the park",
            "the park needs benches and trees",
            "a playground for the kids in the park",
            "plant trees along the park",
            "park with a new playground please",
            "trees in the park were cut down",
        ];
        let bins = [
            "litter everywhere and overflowing bins",
            "bins are never emptied, litter on the street",
            "the litter in the street is disgusting",
            "illegal dumping and litter near the bins",
            "more bins against litter",
            "litter and bins on every corner",
        ];
        texts.extend(park);
        texts.extend(bins);
        let out = find_themes(&texts, &Lexicon::issues(), ThemeOptions::default());
        let housing = out.themes.iter().position(|t| t.name == "housing").unwrap();
        for (text, theme) in texts.iter().zip(&out.assignment).take(5) {
            assert_eq!(*theme, Some(housing), "{text}");
        }
        assert_eq!(out.themes[housing].size, 5);
        assert_eq!(out.themes[housing].quotes.len(), 3);
        let park_theme = out.assignment[5].expect("the park answers form a theme");
        assert!((5..11).all(|i| out.assignment[i] == Some(park_theme)));
        let bin_theme = out.assignment[11].expect("the litter answers form a theme");
        assert_ne!(park_theme, bin_theme);
        assert!(out.themes[park_theme].issue.is_none());
        assert!(
            out.themes[park_theme].name.contains("park"),
            "{}",
            out.themes[park_theme].name
        );
    }

    #[test]
    fn every_theme_has_a_name() {
        // Answers that share only a topic (sport; the road's surface), each in its own words.
        let texts = [
            "a football pitch",
            "a cheaper gym",
            "volleyball club",
            "tennis lessons",
            "potholes",
            "cracked paving",
            "resurface the road",
            "roadworks never end",
            "uneven cobbles",
        ];
        let out = find_themes(&texts, &Lexicon::default(), ThemeOptions::default());
        for t in &out.themes {
            assert!(!t.name.is_empty(), "{t:?}");
            assert!(t.names.values().all(|n| !n.is_empty()), "{t:?}");
        }
    }

    #[test]
    fn a_mixed_group_splits_in_two() {
        let texts = [
            "the bus is always late in the morning",
            "the bus is late every morning and I miss work",
            "the bus is never on time when we need it",
            "the dentist is too expensive for us",
            "the dentist costs too much for my children",
            "there is no dentist nearby and it is expensive",
        ];
        let [a, b] = split_in_two(&texts).unwrap();
        let names = format!("{} | {}", a.0, b.0);
        assert!(
            names.contains("bus") && names.contains("dentist"),
            "{names}"
        );
    }
}

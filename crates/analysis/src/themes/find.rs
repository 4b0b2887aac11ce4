//! Finding the themes of a set of answers: each answer in the issue of the lexicon it names most,
//! the rest clustered into new themes; and splitting a group of answers in two.

use super::cluster::{Sparse, best_kmeans, dot, kmeans, silhouette};
use super::describe::describe;
use super::lexicon::Lexicon;
use super::text::{Analyzer, Lang};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Copy)]
pub struct ThemeOptions {
    /// Themes with fewer answers are not shown (their answers stay without a theme).
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
    /// The issue code for lexicon themes; the top words for discovered ones.
    pub name: String,
    /// The issue of the lexicon it stands for, if any.
    pub issue: Option<String>,
    pub size: usize,
    /// Most used words of the theme's answers, per language.
    pub top_terms: BTreeMap<Lang, Vec<String>>,
    /// Up to three answers closest to the theme's centre (indices into the input).
    pub quotes: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Themes {
    pub themes: Vec<Theme>,
    /// Per answer, its theme (an index into `themes`), or none.
    pub assignment: Vec<Option<usize>>,
    pub languages: Vec<Lang>,
}

/// Finds the themes of a set of answers.
pub fn find_themes(texts: &[&str], lexicon: &Lexicon, options: ThemeOptions) -> Themes {
    let analyzer = Analyzer::new();
    let languages: Vec<Lang> = texts.iter().map(|t| analyzer.detect(t)).collect();
    let stems: Vec<Vec<(String, String)>> = texts
        .iter()
        .zip(&languages)
        .map(|(t, l)| analyzer.stems(t, *l))
        .collect();

    // The lexicon as stems; a stem shared by several issues counts for each a part.
    let issues = lexicon.themes();
    let mut lexicon_stems: HashMap<String, Vec<usize>> = HashMap::new();
    for (theme, lang, words) in &lexicon.entries {
        let Some(t) = issues.iter().position(|x| x == theme) else {
            continue;
        };
        for w in words {
            for (stem, _) in analyzer.stems(w, *lang) {
                let list = lexicon_stems.entry(stem).or_default();
                if !list.contains(&t) {
                    list.push(t);
                }
            }
        }
    }
    let mut assignment: Vec<Option<usize>> = stems
        .iter()
        .map(|s| {
            // Score per issue, and where in the answer it is first named: on a tie the issue
            // named first wins (it is usually what the sentence is about).
            let mut score = vec![(0.0_f64, usize::MAX); issues.len()];
            for (pos, (stem, _)) in s.iter().enumerate() {
                if let Some(ts) = lexicon_stems.get(stem) {
                    for t in ts {
                        if let Some(x) = score.get_mut(*t) {
                            x.0 += 1.0 / ts.len() as f64;
                            x.1 = x.1.min(pos);
                        }
                    }
                }
            }
            score
                .iter()
                .enumerate()
                .filter(|(_, s)| s.0 > 0.0)
                .fold(
                    None,
                    |best: Option<(usize, (f64, usize))>, (i, s)| match best {
                        Some((_, b)) if b.0 > s.0 || (b.0 == s.0 && b.1 <= s.1) => best,
                        _ => Some((i, *s)),
                    },
                )
                .map(|(i, _)| i)
        })
        .collect();

    // TF-IDF over every answer (document frequency at least 2).
    let mut df: HashMap<&str, usize> = HashMap::new();
    for s in &stems {
        let unique: HashSet<&str> = s.iter().map(|(st, _)| st.as_str()).collect();
        for st in unique {
            *df.entry(st).or_default() += 1;
        }
    }
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, n)| **n >= 2)
        .map(|(s, _)| *s)
        .collect();
    vocab.sort_unstable();
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let n_docs = texts.len().max(1) as f32;
    let vectors: Vec<Sparse> = stems
        .iter()
        .map(|s| {
            let mut tf: BTreeMap<u32, f32> = BTreeMap::new();
            for (st, _) in s {
                if let Some(i) = index.get(st.as_str()) {
                    *tf.entry(*i).or_default() += 1.0;
                }
            }
            let mut v: Sparse = tf
                .into_iter()
                .map(|(i, n)| {
                    let d = vocab
                        .get(i as usize)
                        .and_then(|s| df.get(s))
                        .copied()
                        .unwrap_or(1) as f32;
                    (i, (1.0 + n.ln()) * (n_docs / d).ln().max(0.0))
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        })
        .collect();

    // Issues named by fewer than `min_size` answers are no theme: their answers join the rest.
    let mut named = vec![0_usize; issues.len()];
    for t in assignment.iter().flatten() {
        if let Some(n) = named.get_mut(*t) {
            *n += 1;
        }
    }
    for a in &mut assignment {
        if a.is_some_and(|t| named.get(t).copied().unwrap_or(0) < options.min_size) {
            *a = None;
        }
    }

    // Discovery among the answers no issue claimed.
    let rest: Vec<usize> = (0..texts.len())
        .filter(|i| {
            assignment.get(*i).is_some_and(Option::is_none)
                && vectors.get(*i).is_some_and(|v| !v.is_empty())
        })
        .collect();
    let mut found_clusters: Vec<Vec<usize>> = Vec::new();
    if rest.len() >= options.min_size && rest.len() < options.min_size * 2 {
        // Too few for two themes: one, if they hang together.
        let docs: Vec<&Sparse> = rest.iter().filter_map(|i| vectors.get(*i)).collect();
        let (_, centres) = kmeans(&docs, 1, vocab.len(), options.seed);
        let coherence = centres.first().map_or(0.0, |c| {
            docs.iter().map(|d| dot(d, c)).sum::<f32>() / docs.len() as f32
        });
        if coherence >= 0.4 {
            found_clusters.push(rest.clone());
        }
    } else if rest.len() >= options.min_size * 2 {
        let docs: Vec<&Sparse> = rest.iter().filter_map(|i| vectors.get(*i)).collect();
        let mut rng = fastrand::Rng::with_seed(options.seed);
        let sample: Vec<&Sparse> = if docs.len() > 1500 {
            (0..1500)
                .filter_map(|_| docs.get(rng.usize(..docs.len())).copied())
                .collect()
        } else {
            docs.clone()
        };
        let most = options
            .max_new
            .min(sample.len() / options.min_size.max(1))
            .max(2);
        let mut best = (2, f32::MIN);
        for k in 2..=most {
            let assign = best_kmeans(&sample, k, vocab.len(), options.seed);
            let score = silhouette(&sample, &assign, k);
            if score > best.1 {
                best = (k, score);
            }
        }
        let assign = best_kmeans(&docs, best.0, vocab.len(), options.seed);
        let mut clusters = vec![Vec::new(); best.0];
        for (doc, c) in rest.iter().zip(assign) {
            if let Some(list) = clusters.get_mut(c) {
                list.push(*doc);
            }
        }
        found_clusters = clusters
            .into_iter()
            .filter(|c| c.len() >= options.min_size)
            .collect();
    }

    // How telling each stem is: words every answer uses say little about a theme.
    let idf: HashMap<&str, f32> = df
        .iter()
        .map(|(s, d)| (*s, (n_docs / *d as f32).ln().max(0.0)))
        .collect();
    // Gather the themes: issues first (in the lexicon's order), then the discovered ones.
    let mut members: Vec<(Option<String>, Vec<usize>)> = issues
        .iter()
        .enumerate()
        .map(|(t, code)| {
            (
                Some(code.clone()),
                assignment
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| **a == Some(t))
                    .map(|(i, _)| i)
                    .collect(),
            )
        })
        .collect();
    members.extend(found_clusters.into_iter().map(|c| (None, c)));
    let mut themes = Vec::new();
    assignment = vec![None; texts.len()];
    for (issue, list) in members {
        if list.len() < options.min_size {
            continue;
        }
        let id = themes.len();
        for i in &list {
            if let Some(a) = assignment.get_mut(*i) {
                *a = Some(id);
            }
        }
        themes.push(describe(issue, &list, &stems, &languages, &vectors, &idf));
    }
    Themes {
        themes,
        assignment,
        languages,
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

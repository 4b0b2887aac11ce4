//! Reading a set of answers for theme finding: each answer's language and features (concepts
//! of the shipped list, or its own stems), how telling each feature is, and the issue of the
//! lexicon each answer names.

use super::concepts::{Concepts, Feature};
use super::lexicon::Lexicon;
use super::text::{Analyzer, Lang};
use std::collections::{HashMap, HashSet};

/// An answer read: its features (distinct, as ids) with the word that carried each, and the
/// topics of its concepts (ids from [`GROUP_BASE`]: they help group answers, they never name a
/// theme).
pub(super) struct Read {
    pub features: Vec<(u32, String)>,
    pub topics: Vec<u32>,
}

/// Feature ids of topics start here, far above concepts and stems.
const GROUP_BASE: u32 = 1 << 31;

/// Ids for features: concepts first, then stems as they come.
struct Vocabulary<'c> {
    concepts: &'c Concepts,
    stems: HashMap<String, u32>,
    /// Per language: the ids of each word already read (looked up by `&str`, no copy).
    cache: [HashMap<String, Vec<u32>>; 4],
}

impl<'c> Vocabulary<'c> {
    fn new(concepts: &'c Concepts) -> Self {
        Self {
            concepts,
            stems: HashMap::new(),
            cache: Default::default(),
        }
    }

    fn ids(&mut self, analyzer: &Analyzer, word: &str, lang: Lang) -> Vec<u32> {
        if let Some(hit) = self.cache.get(lang.index()).and_then(|c| c.get(word)) {
            return hit.clone();
        }
        let base = self.concepts.len() as u32;
        let ids: Vec<u32> = self
            .concepts
            .features(analyzer, word, lang)
            .into_iter()
            .map(|f| match f {
                Feature::Concept(c) => c,
                Feature::Stem(s) => {
                    let next = base + self.stems.len() as u32;
                    *self.stems.entry(s).or_insert(next)
                }
            })
            .collect();
        if let Some(c) = self.cache.get_mut(lang.index()) {
            c.insert(word.to_owned(), ids.clone());
        }
        ids
    }

    fn read(&mut self, analyzer: &Analyzer, text: &str, lang: Lang) -> Read {
        let mut features: Vec<(u32, String)> = Vec::new();
        for word in Analyzer::words(text) {
            for id in self.ids(analyzer, &word, lang) {
                if !features.iter().any(|(f, _)| *f == id) {
                    features.push((id, word.clone()));
                }
            }
        }
        let mut topics: Vec<u32> = features
            .iter()
            .filter_map(|(f, _)| self.concepts.group(*f))
            .map(|g| GROUP_BASE + g)
            .collect();
        topics.sort_unstable();
        topics.dedup();
        Read { features, topics }
    }
}

/// A hash of an answer's text (trimmed, lower-case), to pick a sample that adding answers keeps.
pub(super) fn text_hash(text: &str) -> u64 {
    // FNV-1a: the same on every build (the standard hasher may change between versions).
    text.trim()
        .to_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// A set of answers as theme finding sees it.
pub(super) struct Reading {
    pub languages: Vec<Lang>,
    /// Per answer: its features used by two answers or more, with their words.
    pub read: Vec<Read>,
    /// The same features as dense ids (below `weight.len()`), for clustering.
    pub docs: Vec<Vec<u32>>,
    /// Answers using each feature (by feature id, not dense id).
    pub df: HashMap<u32, usize>,
    /// Per issue of the lexicon: its features (dense ids).
    pub issue_features: Vec<HashSet<u32>>,
    /// Per answer: the issue it names most (features named by several issues count for each
    /// a part; on a tie none).
    pub named: Vec<Option<usize>>,
    /// Per dense id: how telling the feature is (inverse document frequency).
    pub weight: Vec<f32>,
}

impl Reading {
    pub(super) fn new(
        analyzer: &Analyzer,
        concepts: &Concepts,
        texts: &[&str],
        lexicon: &Lexicon,
    ) -> Reading {
        let languages: Vec<Lang> = texts.iter().map(|t| analyzer.detect(t)).collect();
        let mut vocabulary = Vocabulary::new(concepts);
        let mut read: Vec<Read> = texts
            .iter()
            .zip(&languages)
            .map(|(t, l)| vocabulary.read(analyzer, t, *l))
            .collect();
        // Features used by one answer only tell nothing about a theme.
        let mut df: HashMap<u32, usize> = HashMap::new();
        for r in &read {
            for f in r.features.iter().map(|(f, _)| f).chain(&r.topics) {
                *df.entry(*f).or_default() += 1;
            }
        }
        for r in &mut read {
            r.features
                .retain(|(f, _)| df.get(f).copied().unwrap_or(0) >= 2);
            r.topics.retain(|f| df.get(f).copied().unwrap_or(0) >= 2);
        }
        // Dense ids for the mixture.
        let mut dense: HashMap<u32, u32> = HashMap::new();
        let docs: Vec<Vec<u32>> = read
            .iter()
            .map(|r| {
                r.features
                    .iter()
                    .map(|(f, _)| f)
                    .chain(&r.topics)
                    .map(|f| {
                        let next = dense.len() as u32;
                        *dense.entry(*f).or_insert(next)
                    })
                    .collect()
            })
            .collect();

        // The lexicon's issues as features; each answer's issue (the one it names most, features
        // named by several issues counting for each a part; on a tie none).
        let issues = lexicon.themes();
        let mut issue_features: Vec<HashSet<u32>> = vec![HashSet::new(); issues.len()];
        for (theme, lang, words) in &lexicon.entries {
            let Some(set) = issues
                .iter()
                .position(|x| x == theme)
                .and_then(|t| issue_features.get_mut(t))
            else {
                continue;
            };
            for w in words {
                for word in Analyzer::words(w) {
                    for id in vocabulary.ids(analyzer, &word, *lang) {
                        if let Some(d) = dense.get(&id) {
                            set.insert(*d);
                        }
                    }
                }
            }
        }
        let mut sharing: HashMap<u32, usize> = HashMap::new();
        for set in &issue_features {
            for f in set {
                *sharing.entry(*f).or_default() += 1;
            }
        }
        let named: Vec<Option<usize>> = docs
            .iter()
            .map(|d| {
                let mut score = vec![0.0_f64; issues.len()];
                for f in d {
                    let shared = sharing.get(f).copied().unwrap_or(0);
                    if shared == 0 {
                        continue;
                    }
                    for (t, set) in issue_features.iter().enumerate() {
                        if set.contains(f)
                            && let Some(s) = score.get_mut(t)
                        {
                            *s += 1.0 / shared as f64;
                        }
                    }
                }
                let top = score.iter().copied().fold(0.0, f64::max);
                let mut at = score.iter().enumerate().filter(|(_, s)| **s == top);
                match (at.next(), at.next()) {
                    (Some((t, _)), None) if top > 0.0 => Some(t),
                    _ => None,
                }
            })
            .collect();
        let n_all = texts.len().max(1) as f32;
        let mut weight = vec![0.0_f32; dense.len()];
        for (f, d) in &dense {
            if let (Some(w), Some(n)) = (weight.get_mut(*d as usize), df.get(f)) {
                *w = (n_all / *n as f32).ln().max(0.0);
            }
        }
        Reading {
            languages,
            read,
            docs,
            df,
            issue_features,
            named,
            weight,
        }
    }
}

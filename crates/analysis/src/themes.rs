//! Themes in free-text answers written in Dutch, French, German or English.
//!
//! Each answer is read in its own language (whatlang, with the language's stop words breaking
//! ties on short answers), cut into words, stripped of stop words (NLTK lists) and stemmed
//! (Snowball). It is then put in the survey's issue it names most, through a multilingual lexicon
//! of words per issue (editable by organizers). Answers that name no issue are clustered (TF-IDF
//! and spherical k-means, the number of clusters chosen by silhouette on a sample) into new
//! themes. Every theme comes with its top words in each language, its size and three answers
//! closest to its centre.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// The languages answers are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    Fr,
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Nl, Lang::Fr, Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Words per issue and language that put an answer in that issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lexicon {
    /// (issue code, language, words), in the order given.
    pub entries: Vec<(String, Lang, Vec<String>)>,
}

/// The lexicon of the twelve issues of the demo enquête, written for it (not fitted to any test
/// set); organizers extend or replace it.
const DEFAULT_LEXICON: &str = include_str!("../data/lexicon.csv");

impl Lexicon {
    pub fn issues() -> Lexicon {
        Lexicon::parse(DEFAULT_LEXICON).unwrap_or_default()
    }

    /// Reads `theme,lang,terms` (terms separated by spaces). Problems name the row.
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let row = i + 1;
            if row == 1 && line.trim() == "theme,lang,terms" {
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let mut parts = line.splitn(3, ',');
            let (Some(theme), Some(lang), Some(terms)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(format!("lexicon, row {row}: write theme,lang,terms"));
            };
            let theme = theme.trim();
            if theme.is_empty() {
                return Err(format!("lexicon, row {row}: the theme is empty"));
            }
            let lang = Lang::parse(lang.trim()).ok_or_else(|| {
                format!("lexicon, row {row}: the language must be nl, fr, de or en")
            })?;
            let words: Vec<String> = terms.split_whitespace().map(str::to_owned).collect();
            entries.push((theme.to_owned(), lang, words));
        }
        Ok(Lexicon { entries })
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::from("theme,lang,terms\n");
        for (theme, lang, words) in &self.entries {
            out.push_str(&format!("{theme},{},{}\n", lang.code(), words.join(" ")));
        }
        out
    }

    /// The lexicon a survey starts with: one theme per choice of its issue list (its first
    /// question with several choices), with the words of the choice's labels in each language,
    /// and the built-in words for the issues the demo enquête shares.
    pub fn for_survey(def: &enquete_domain::survey::SurveyDefinition) -> Lexicon {
        use enquete_domain::survey::QuestionKind;
        let builtin = Lexicon::issues();
        let Some(issues) = def.questions.iter().find(|q| {
            !q.demographic
                && matches!(
                    q.kind,
                    QuestionKind::Ranking { .. } | QuestionKind::MultipleChoice { .. }
                )
        }) else {
            return Lexicon::default();
        };
        let mut out = Lexicon::default();
        for choice in issues.kind.choices() {
            for lang in Lang::ALL {
                let mut words: Vec<String> = choice
                    .label
                    .0
                    .get(lang.code())
                    .map(|l| Analyzer::words(l))
                    .unwrap_or_default();
                for (theme, l, w) in &builtin.entries {
                    if *theme == choice.name && *l == lang {
                        words.extend(w.iter().cloned());
                    }
                }
                if !words.is_empty() {
                    out.entries.push((choice.name.clone(), lang, words));
                }
            }
        }
        out.tidy();
        out
    }

    /// Renames a theme (every language).
    pub fn rename(&mut self, from: &str, to: &str) {
        for e in &mut self.entries {
            if e.0 == from {
                e.0 = to.to_owned();
            }
        }
    }

    /// Moves every word of `from` to `into`.
    pub fn merge(&mut self, from: &str, into: &str) {
        self.rename(from, into);
        self.tidy();
    }

    /// Adds words to a theme (creating it).
    pub fn add(&mut self, theme: &str, words: &BTreeMap<Lang, Vec<String>>) {
        for (lang, w) in words {
            if !w.is_empty() {
                self.entries.push((theme.to_owned(), *lang, w.clone()));
            }
        }
        self.tidy();
    }

    pub fn remove(&mut self, theme: &str) {
        self.entries.retain(|e| e.0 != theme);
    }

    /// One entry per theme and language, words without repeats, themes in first-seen order.
    fn tidy(&mut self) {
        let mut out: Vec<(String, Lang, Vec<String>)> = Vec::new();
        for (theme, lang, words) in std::mem::take(&mut self.entries) {
            match out.iter_mut().find(|e| e.0 == theme && e.1 == lang) {
                Some(e) => {
                    for w in words {
                        if !e.2.contains(&w) {
                            e.2.push(w);
                        }
                    }
                }
                None => out.push((theme, lang, words)),
            }
        }
        self.entries = out;
    }

    /// The issue codes, in the order they first appear.
    pub fn themes(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for (t, _, _) in &self.entries {
            if !seen.contains(t) {
                seen.push(t.clone());
            }
        }
        seen
    }
}

/// Reads text: language, words, stems.
pub struct Analyzer {
    detector: whatlang::Detector,
    /// Per language: its stemmer and stop words.
    tools: Vec<(Lang, rust_stemmers::Stemmer, HashSet<&'static str>)>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

impl Analyzer {
    pub fn new() -> Self {
        use rust_stemmers::{Algorithm, Stemmer};
        let stop = |code: &str| -> HashSet<&'static str> {
            stop_words::lookup(code)
                .unwrap_or_default()
                .iter()
                .copied()
                .collect()
        };
        Self {
            detector: whatlang::Detector::with_allowlist(vec![
                whatlang::Lang::Nld,
                whatlang::Lang::Fra,
                whatlang::Lang::Deu,
                whatlang::Lang::Eng,
            ]),
            tools: vec![
                (Lang::Nl, Stemmer::create(Algorithm::Dutch), stop("nl")),
                (Lang::Fr, Stemmer::create(Algorithm::French), stop("fr")),
                (Lang::De, Stemmer::create(Algorithm::German), stop("de")),
                (Lang::En, Stemmer::create(Algorithm::English), stop("en")),
            ],
        }
    }

    /// Lower-case words of a text (letters and digits; apostrophes split French elisions).
    pub fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_lowercase)
            .collect()
    }

    fn stop_words(&self, lang: Lang) -> Option<&HashSet<&'static str>> {
        self.tools.iter().find(|t| t.0 == lang).map(|t| &t.2)
    }

    /// The language of a text: whatlang when it is sure, else the language whose stop words
    /// the text uses most, else whatlang's best guess, else English.
    pub fn detect(&self, text: &str) -> Lang {
        let info = self.detector.detect(text);
        let from_whatlang = info.as_ref().and_then(|i| match i.lang() {
            whatlang::Lang::Nld => Some(Lang::Nl),
            whatlang::Lang::Fra => Some(Lang::Fr),
            whatlang::Lang::Deu => Some(Lang::De),
            whatlang::Lang::Eng => Some(Lang::En),
            _ => None,
        });
        if info.as_ref().is_some_and(whatlang::Info::is_reliable)
            && let Some(l) = from_whatlang
        {
            return l;
        }
        let words = Self::words(text);
        let mut best = (0, from_whatlang.unwrap_or(Lang::En));
        for lang in Lang::ALL {
            let hits = words
                .iter()
                .filter(|w| {
                    self.stop_words(lang)
                        .is_some_and(|s| s.contains(w.as_str()))
                })
                .count();
            if hits > best.0 {
                best = (hits, lang);
            }
        }
        best.1
    }

    /// The stems of the words of a text read in `lang`, without stop words, accents folded.
    pub fn stems(&self, text: &str, lang: Lang) -> Vec<(String, String)> {
        let Some((_, stemmer, stop)) = self.tools.iter().find(|t| t.0 == lang) else {
            return Vec::new();
        };
        Self::words(text)
            .into_iter()
            .filter(|w| !stop.contains(w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| (fold(&stemmer.stem(&w)), w))
            .collect()
    }
}

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

/// A sparse vector: (term, weight) sorted by term, of length 1.
type Sparse = Vec<(u32, f32)>;

fn dot(a: &Sparse, dense: &[f32]) -> f32 {
    a.iter()
        .map(|(t, w)| dense.get(*t as usize).copied().unwrap_or(0.0) * w)
        .sum()
}

fn sparse_dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while let (Some((ta, wa)), Some((tb, wb))) = (a.get(i), b.get(j)) {
        match ta.cmp(tb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += wa * wb;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The cluster of an answer that shares no word with any cluster.
const NOISE: usize = usize::MAX;

/// Spherical k-means: cosine similarity to centroids of unit length. Returns each vector's
/// cluster and the centroids.
fn kmeans(docs: &[&Sparse], k: usize, dims: usize, seed: u64) -> (Vec<usize>, Vec<Vec<f32>>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let k = k.min(docs.len()).max(1);
    // k-means++ seeding on cosine distance.
    let mut centres: Vec<Vec<f32>> = Vec::with_capacity(k);
    let densify = |d: &Sparse| {
        let mut v = vec![0.0_f32; dims];
        for (t, w) in d {
            if let Some(x) = v.get_mut(*t as usize) {
                *x = *w;
            }
        }
        v
    };
    if let Some(first) = docs.get(rng.usize(..docs.len().max(1))) {
        centres.push(densify(first));
    }
    let mut nearest = vec![f32::MAX; docs.len()];
    while centres.len() < k {
        let Some(last) = centres.last() else { break };
        for (d, n) in docs.iter().zip(nearest.iter_mut()) {
            *n = n.min((1.0 - dot(d, last)).max(0.0));
        }
        let total: f32 = nearest.iter().map(|x| x * x).sum();
        if total <= 0.0 {
            break;
        }
        let mut roll = rng.f32() * total;
        let mut pick = 0;
        for (i, n) in nearest.iter().enumerate() {
            roll -= n * n;
            if roll <= 0.0 {
                pick = i;
                break;
            }
        }
        if let Some(d) = docs.get(pick) {
            centres.push(densify(d));
        }
    }
    let mut assign = vec![0_usize; docs.len()];
    for _ in 0..25 {
        let mut changed = false;
        for (d, a) in docs.iter().zip(assign.iter_mut()) {
            // An answer sharing no word with any centre belongs to none.
            let (best, similarity) = centres
                .iter()
                .enumerate()
                .map(|(c, centre)| (c, dot(d, centre)))
                .fold((NOISE, 0.0), |b, x| if x.1 > b.1 { x } else { b });
            let best = if similarity > 0.0 { best } else { NOISE };
            if best != *a {
                *a = best;
                changed = true;
            }
        }
        let mut sums = vec![vec![0.0_f32; dims]; centres.len()];
        for (d, a) in docs.iter().zip(&assign) {
            if let Some(s) = sums.get_mut(*a) {
                for (t, w) in d.iter() {
                    if let Some(x) = s.get_mut(*t as usize) {
                        *x += w;
                    }
                }
            }
        }
        for (c, s) in centres.iter_mut().zip(sums) {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                *c = s.into_iter().map(|x| x / norm).collect();
            }
        }
        if !changed {
            break;
        }
    }
    (assign, centres)
}

/// The best of several k-means runs from different seeds (the one whose answers sit closest to
/// their centres), as a single run can start with two centres in the same group.
fn best_kmeans(docs: &[&Sparse], k: usize, dims: usize, seed: u64) -> Vec<usize> {
    let mut best: (f32, Vec<usize>) = (f32::MIN, Vec::new());
    for attempt in 0..5 {
        let (assign, centres) = kmeans(docs, k, dims, seed.wrapping_add(attempt * 7919));
        let fit: f32 = docs
            .iter()
            .zip(&assign)
            .filter_map(|(d, a)| centres.get(*a).map(|c| dot(d, c)))
            .sum();
        if fit > best.0 {
            best = (fit, assign);
        }
    }
    best.1
}

/// Mean silhouette (cosine distance) of a clustering of a sample.
fn silhouette(docs: &[&Sparse], assign: &[usize], k: usize) -> f32 {
    let mut total = 0.0;
    let mut counted = 0;
    for (i, d) in docs.iter().enumerate() {
        let mut sum = vec![0.0_f32; k];
        let mut count = vec![0_usize; k];
        for (j, e) in docs.iter().enumerate() {
            if i == j {
                continue;
            }
            let c = assign.get(j).copied().unwrap_or(0);
            if let (Some(s), Some(n)) = (sum.get_mut(c), count.get_mut(c)) {
                *s += 1.0 - sparse_dot(d, e);
                *n += 1;
            }
        }
        let own = assign.get(i).copied().unwrap_or(0);
        let mean = |c: usize| {
            let n = count.get(c).copied().unwrap_or(0);
            (n > 0).then(|| sum.get(c).copied().unwrap_or(0.0) / n as f32)
        };
        let Some(a) = mean(own) else { continue };
        let b = (0..k)
            .filter(|c| *c != own)
            .filter_map(mean)
            .fold(f32::MAX, f32::min);
        if b == f32::MAX {
            continue;
        }
        total += (b - a) / a.max(b).max(f32::EPSILON);
        counted += 1;
    }
    if counted == 0 {
        -1.0
    } else {
        total / counted as f32
    }
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

/// How many answers use a stem, and in which surface forms.
type StemCount<'a> = (usize, HashMap<&'a str, usize>);

/// A theme's top words per language, its name and its three most central answers.
fn describe(
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

/// Purity of a clustering against labels: the share of answers in their cluster's majority
/// label. Answers without a cluster form one cluster of their own.
pub fn purity(labels: &[&str], clusters: &[Option<usize>]) -> f64 {
    let mut table: HashMap<Option<usize>, HashMap<&str, usize>> = HashMap::new();
    for (l, c) in labels.iter().zip(clusters) {
        *table.entry(*c).or_default().entry(l).or_default() += 1;
    }
    let majority: usize = table
        .values()
        .map(|m| m.values().copied().max().unwrap_or(0))
        .sum();
    majority as f64 / labels.len().max(1) as f64
}

/// Normalized mutual information (arithmetic mean of the entropies, as scikit-learn).
pub fn nmi(labels: &[&str], clusters: &[Option<usize>]) -> f64 {
    let n = labels.len() as f64;
    let mut joint: HashMap<(&str, Option<usize>), f64> = HashMap::new();
    let mut a: HashMap<&str, f64> = HashMap::new();
    let mut b: HashMap<Option<usize>, f64> = HashMap::new();
    for (l, c) in labels.iter().zip(clusters) {
        *joint.entry((l, *c)).or_default() += 1.0;
        *a.entry(l).or_default() += 1.0;
        *b.entry(*c).or_default() += 1.0;
    }
    let entropy = |m: &mut dyn Iterator<Item = f64>| -> f64 {
        m.map(|x| {
            let p = x / n;
            -p * p.ln()
        })
        .sum()
    };
    let (ha, hb) = (
        entropy(&mut a.values().copied()),
        entropy(&mut b.values().copied()),
    );
    let mi: f64 = joint
        .iter()
        .map(|((l, c), nij)| {
            let (na, nb) = (
                a.get(l).copied().unwrap_or(1.0),
                b.get(c).copied().unwrap_or(1.0),
            );
            nij / n * (n * nij / (na * nb)).ln()
        })
        .sum();
    if ha + hb == 0.0 {
        1.0
    } else {
        mi / ((ha + hb) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_told_apart_even_in_short_answers() {
        let a = Analyzer::new();
        assert_eq!(a.detect("De huur is veel te hoog voor ons"), Lang::Nl);
        assert_eq!(a.detect("Le loyer est beaucoup trop cher"), Lang::Fr);
        assert_eq!(a.detect("Die Miete ist viel zu hoch"), Lang::De);
        assert_eq!(a.detect("The rent is far too high"), Lang::En);
    }

    #[test]
    fn stems_drop_stop_words_and_fold_accents() {
        let a = Analyzer::new();
        let s: Vec<String> = a
            .stems("Les factures d'électricité augmentent", Lang::Fr)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert!(!s.iter().any(|x| x == "les"), "{s:?}");
        assert!(s.iter().any(|x| x.starts_with("electr")), "{s:?}");
    }

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
    fn a_survey_starts_with_its_issue_list() {
        let l = Lexicon::for_survey(&enquete_domain::demo::belgian_enquete());
        assert_eq!(l.themes().len(), 12);
        let housing_nl = l
            .entries
            .iter()
            .find(|e| e.0 == "housing" && e.1 == Lang::Nl)
            .unwrap();
        // From the label "huisvesting en huurprijzen" and the built-in words.
        assert!(housing_nl.2.contains(&"huisvesting".to_owned()));
        assert!(housing_nl.2.contains(&"huisbaas".to_owned()));
    }

    #[test]
    fn lexicon_edits_rename_merge_and_add() {
        let mut l =
            Lexicon::parse("theme,lang,terms\nparks,nl,park\ngreen,nl,boom\ngreen,en,tree\n")
                .unwrap();
        l.merge("green", "parks");
        assert_eq!(
            l.to_csv(),
            "theme,lang,terms\nparks,nl,park boom\nparks,en,tree\n"
        );
        l.rename("parks", "Parks and trees");
        l.add(
            "Safety",
            &[(Lang::Fr, vec!["éclairage".to_owned()])]
                .into_iter()
                .collect(),
        );
        assert_eq!(l.themes(), ["Parks and trees", "Safety"]);
        l.remove("Safety");
        assert_eq!(l.themes(), ["Parks and trees"]);
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

    #[test]
    fn purity_and_nmi_of_known_clusterings() {
        let labels = ["a", "a", "b", "b"];
        assert_eq!(purity(&labels, &[Some(0), Some(0), Some(1), Some(1)]), 1.0);
        assert!((nmi(&labels, &[Some(0), Some(0), Some(1), Some(1)]) - 1.0).abs() < 1e-12);
        assert_eq!(purity(&labels, &[Some(0), Some(1), Some(0), Some(1)]), 0.5);
        assert!(nmi(&labels, &[Some(0), Some(1), Some(0), Some(1)]).abs() < 1e-12);
    }

    #[test]
    fn lexicons_read_and_write() {
        let l =
            Lexicon::parse("theme,lang,terms\nparks,nl,park boom\nparks,xx,tree\n").unwrap_err();
        assert_eq!(l, "lexicon, row 3: the language must be nl, fr, de or en");
        let l = Lexicon::parse("theme,lang,terms\nparks,nl,park boom\n").unwrap();
        assert_eq!(Lexicon::parse(&l.to_csv()).unwrap(), l);
        assert_eq!(Lexicon::issues().themes().len(), 12);
    }
}

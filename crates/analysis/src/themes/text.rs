//! Reading an answer: the languages answers are read in, language detection, words, and stems
//! without stop words.

use serde::Serialize;
use std::collections::HashSet;
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

    /// Its place in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
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

pub(super) fn fold(s: &str) -> String {
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

    /// The stem of one word read in `lang`, accents folded.
    pub(super) fn stem(&self, word: &str, lang: Lang) -> String {
        self.tools
            .iter()
            .find(|t| t.0 == lang)
            .map_or_else(|| fold(word), |(_, stemmer, _)| fold(&stemmer.stem(word)))
    }

    /// Whether a word is a stop word of `lang`.
    pub(super) fn is_stop(&self, word: &str, lang: Lang) -> bool {
        self.stop_words(lang).is_some_and(|s| s.contains(word))
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
}

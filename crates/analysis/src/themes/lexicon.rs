//! The lexicon: words per issue and language that put an answer in that issue, read from and
//! written to CSV, started from a survey's issue list, and edited by organizers.

use super::text::{Analyzer, Lang};
use serde::Serialize;
use std::collections::BTreeMap;

/// Words per issue and language that put an answer in that issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lexicon {
    /// (issue code, language, words), in the order given.
    pub entries: Vec<(String, Lang, Vec<String>)>,
}

/// The lexicon of the twelve issues of the demo enquête, written for it (not fitted to any test
/// set); organizers extend or replace it.
const DEFAULT_LEXICON: &str = include_str!("../../data/lexicon.csv");

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn lexicons_read_and_write() {
        let l =
            Lexicon::parse("theme,lang,terms\nparks,nl,park boom\nparks,xx,tree\n").unwrap_err();
        assert_eq!(l, "lexicon, row 3: the language must be nl, fr, de or en");
        let l = Lexicon::parse("theme,lang,terms\nparks,nl,park boom\n").unwrap();
        assert_eq!(Lexicon::parse(&l.to_csv()).unwrap(), l);
        assert_eq!(Lexicon::issues().themes().len(), 12);
    }
}

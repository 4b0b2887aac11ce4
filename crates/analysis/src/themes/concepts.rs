//! Concepts shared by the four languages: the words of each language that say the same thing
//! ("zwembad", "piscine", "Schwimmbad", "pool"), so that one idea written in two languages is one
//! feature of an answer. The list ships with the program (`data/concepts.csv`, written for everyday
//! life in a neighbourhood, at work and in public life; no model is downloaded). Words it does not
//! know stay themselves, as stems: names (De Lijn, Colruyt) and cognates (tram, metro, parking)
//! then still meet across languages. Dutch and German compounds it does not know are split into
//! known words ("busverbinding": bus + connection). Filler words (`data/filler.csv`: "mehr",
//! "gibt", "elke", "vingt") are dropped: they carry no theme and must not name one.

use super::text::{Analyzer, Lang, fold};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const CONCEPTS: &str = include_str!("../../data/concepts.csv");
const FILLER: &str = include_str!("../../data/filler.csv");
const GROUPS: &str = include_str!("../../data/concept_groups.csv");

/// What a word of an answer stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Feature {
    /// A concept of the list (its index).
    Concept(u32),
    /// A word the list does not know, as its stem.
    Stem(String),
}

/// The concept list, read once.
pub(super) struct Concepts {
    /// Per concept: its id and its words per language (the first names it).
    entries: Vec<(String, [Vec<String>; 4])>,
    /// Per language: folded word -> concept.
    lookup: [HashMap<String, u32>; 4],
    /// Per language: stem (of five letters or more: shorter stems of different words meet
    /// too often, "soirée" and "soir") -> concept.
    stems: [HashMap<String, u32>; 4],
    /// Per language: folded filler words.
    filler: [HashSet<String>; 4],
    /// Per concept: the topic it belongs to (`data/concept_groups.csv`: a football pitch, a gym
    /// and a sports hall are all sport), as an index into `group_names`.
    group_of: Vec<Option<u32>>,
    group_names: Vec<String>,
}

impl Concepts {
    /// The list shipped with the program.
    pub(super) fn shipped(analyzer: &Analyzer) -> &'static Concepts {
        static LIST: OnceLock<Concepts> = OnceLock::new();
        LIST.get_or_init(|| Concepts::parse(CONCEPTS, FILLER, analyzer).with_groups(GROUPS))
    }

    /// Reads `concept,en,nl,fr,de` (words separated by spaces) and `lang,word`. Rows that do not
    /// read are skipped: the files ship with the program and are checked by its tests.
    fn parse(concepts: &str, filler: &str, analyzer: &Analyzer) -> Concepts {
        let columns = [Lang::En, Lang::Nl, Lang::Fr, Lang::De];
        let mut entries = Vec::new();
        let mut lookup: [HashMap<String, u32>; 4] = Default::default();
        let mut stems: [HashMap<String, u32>; 4] = Default::default();
        for line in concepts.lines().skip(1) {
            let mut cells = line.split(',');
            let Some(id) = cells.next().map(str::trim).filter(|c| !c.is_empty()) else {
                continue;
            };
            let index = entries.len() as u32;
            let mut words: [Vec<String>; 4] = Default::default();
            for (lang, cell) in columns.iter().zip(cells) {
                let list: Vec<String> = cell
                    .split_whitespace()
                    .map(|w| w.trim_matches('"').to_lowercase())
                    .filter(|w| !w.is_empty())
                    .collect();
                if let (Some(map), Some(by_stem)) =
                    (lookup.get_mut(lang.index()), stems.get_mut(lang.index()))
                {
                    for w in &list {
                        // As written first (marché and marche are two words), then folded
                        // for answers typed without accents.
                        map.insert(w.clone(), index);
                        let stem = analyzer.stem(w, *lang);
                        if stem.chars().count() >= 5 {
                            by_stem.entry(stem).or_insert(index);
                        }
                    }
                }
                if let Some(slot) = words.get_mut(lang.index()) {
                    *slot = list;
                }
            }
            entries.push((id.to_owned(), words));
        }
        // Folded forms, where no word is written that way.
        for (index, (_, words)) in entries.iter().enumerate() {
            for lang in Lang::ALL {
                let (Some(map), Some(list)) =
                    (lookup.get_mut(lang.index()), words.get(lang.index()))
                else {
                    continue;
                };
                for w in list {
                    map.entry(fold(w)).or_insert(index as u32);
                }
            }
        }
        let mut filler_sets: [HashSet<String>; 4] = Default::default();
        for line in filler.lines().skip(1) {
            let Some((lang, word)) = line.split_once(',') else {
                continue;
            };
            if let Some(set) = Lang::parse(lang.trim()).and_then(|l| filler_sets.get_mut(l.index()))
            {
                set.insert(fold(&word.trim().to_lowercase()));
            }
        }
        Concepts {
            entries,
            lookup,
            stems,
            filler: filler_sets,
            group_of: Vec::new(),
            group_names: Vec::new(),
        }
    }

    /// Reads `concept,group` rows; rows naming a concept that is not in the list are skipped
    /// (the test `every_group_row_names_a_concept_once` keeps the file right).
    fn with_groups(mut self, groups: &str) -> Concepts {
        let by_id: HashMap<&str, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.as_str(), i))
            .collect();
        let mut group_of = vec![None; self.entries.len()];
        let mut names: Vec<String> = Vec::new();
        for line in groups.lines().skip(1) {
            let Some((concept, group)) = line.split_once(',') else {
                continue;
            };
            let (concept, group) = (concept.trim(), group.trim());
            let Some(slot) = by_id.get(concept).and_then(|i| group_of.get_mut(*i)) else {
                continue;
            };
            let g = match names.iter().position(|n| n == group) {
                Some(g) => g,
                None => {
                    names.push(group.to_owned());
                    names.len() - 1
                }
            };
            *slot = Some(g as u32);
        }
        self.group_of = group_of;
        self.group_names = names;
        self
    }

    /// The topic a concept belongs to, if the list gives one.
    pub(super) fn group(&self, concept: u32) -> Option<u32> {
        self.group_of.get(concept as usize).copied().flatten()
    }

    /// A topic's id (`g_sport_facilities`).
    #[cfg(test)]
    pub(super) fn group_name(&self, group: u32) -> Option<&str> {
        self.group_names.get(group as usize).map(String::as_str)
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The concept's id in the list (`ho_rent`).
    #[cfg(test)]
    pub(super) fn id(&self, concept: u32) -> Option<&str> {
        self.entries.get(concept as usize).map(|e| e.0.as_str())
    }

    /// The word that names a concept in `lang` (else in English).
    pub(super) fn word(&self, concept: u32, lang: Lang) -> Option<&str> {
        let (_, words) = self.entries.get(concept as usize)?;
        words
            .get(lang.index())
            .and_then(|w| w.first())
            .or_else(|| words.get(Lang::En.index()).and_then(|w| w.first()))
            .map(String::as_str)
    }

    /// The concept of a word: as listed, else without a plural or inflection ending, else by
    /// its stem.
    fn find(&self, analyzer: &Analyzer, word: &str, lang: Lang) -> Option<u32> {
        let map = self.lookup.get(lang.index())?;
        if let Some(c) = map.get(word) {
            return Some(*c);
        }
        let folded = fold(word);
        if let Some(c) = map.get(&folded) {
            return Some(*c);
        }
        let endings: &[&str] = match lang {
            Lang::En => &["s", "es"],
            Lang::Fr => &["s", "x", "es"],
            Lang::Nl => &["en", "s", "n", "e"],
            Lang::De => &["en", "n", "e", "er", "s", "ern", "nen"],
        };
        for end in endings {
            if let Some(base) = folded.strip_suffix(end)
                && base.chars().count() >= 3
                && let Some(c) = map.get(base)
            {
                return Some(*c);
            }
        }
        let stem = analyzer.stem(word, lang);
        if stem.chars().count() >= 5 {
            return self.stems.get(lang.index())?.get(&stem).copied();
        }
        None
    }

    fn is_filler(&self, folded: &str, lang: Lang) -> bool {
        [lang, Lang::En].iter().any(|l| {
            self.filler
                .get(l.index())
                .is_some_and(|f| f.contains(folded))
        })
    }

    /// The features of one word of an answer written in `lang` (none for stop and filler words).
    pub(super) fn features(&self, analyzer: &Analyzer, word: &str, lang: Lang) -> Vec<Feature> {
        let folded = fold(word);
        if analyzer.is_stop(word, lang)
            || self.is_filler(&folded, lang)
            || word.chars().all(|c| c.is_ascii_digit())
        {
            return Vec::new();
        }
        if let Some(c) = self.find(analyzer, word, lang) {
            return vec![Feature::Concept(c)];
        }
        // A word of another language, as people mix them ("de shift", "le weekend"): only long
        // words, as short ones are often another word in another language.
        if word.chars().count() >= 5 {
            for other in Lang::ALL.into_iter().filter(|l| *l != lang) {
                if let Some(c) = self.lookup.get(other.index()).and_then(|m| m.get(&folded)) {
                    return vec![Feature::Concept(*c)];
                }
            }
        }
        if matches!(lang, Lang::Nl | Lang::De) {
            let parts = self.split_compound(analyzer, &folded, lang);
            if !parts.is_empty() {
                return parts.into_iter().map(Feature::Concept).collect();
            }
        }
        vec![Feature::Stem(analyzer.stem(word, lang))]
    }

    /// A Dutch or German compound as known words: the longest known last part (its head) and
    /// what comes before it, with or without a linking s, e, n or en, both known.
    fn split_compound(&self, analyzer: &Analyzer, word: &str, lang: Lang) -> Vec<u32> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() < 7 {
            return Vec::new();
        }
        let known = |part: &str| -> Option<u32> {
            if part.chars().count() < 3 || analyzer.is_stop(part, lang) {
                return None;
            }
            self.find(analyzer, part, lang)
        };
        for (at, _) in chars.iter().skip(3).take(chars.len().saturating_sub(6)) {
            let (front, head) = word.split_at(*at);
            let Some(h) = known(head).filter(|_| head.chars().count() >= 4) else {
                continue;
            };
            // Both parts must be known: a known ending alone is too often part of another
            // word ("vergeten" is not "eten").
            let Some(f) = ["", "s", "e", "n", "en", "er"]
                .iter()
                .filter_map(|link| front.strip_suffix(link))
                .find_map(known)
            else {
                continue;
            };
            return if f == h { vec![h] } else { vec![f, h] };
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept_of(c: &Concepts, a: &Analyzer, word: &str, lang: Lang) -> Option<String> {
        match c.features(a, word, lang).first() {
            Some(Feature::Concept(i)) => c.id(*i).map(str::to_owned),
            _ => None,
        }
    }

    #[test]
    fn one_idea_in_four_languages_is_one_concept() {
        let a = Analyzer::new();
        let c = Concepts::shipped(&a);
        assert!(c.len() >= 1000, "{} concepts", c.len());
        let pool = [
            ("zwembad", Lang::Nl),
            ("piscine", Lang::Fr),
            ("Schwimmbad", Lang::De),
            ("pool", Lang::En),
        ]
        .map(|(w, l)| concept_of(c, &a, &w.to_lowercase(), l));
        assert!(pool[0].is_some(), "{pool:?}");
        assert!(pool.iter().all(|p| *p == pool[0]), "{pool:?}");
        let rent = [
            ("huurprijzen", Lang::Nl),
            ("loyers", Lang::Fr),
            ("mieten", Lang::De),
            ("rents", Lang::En),
        ]
        .map(|(w, l)| concept_of(c, &a, w, l));
        assert!(
            rent.iter().all(|p| p.is_some() && *p == rent[0]),
            "{rent:?}"
        );
    }

    #[test]
    fn concepts_of_one_topic_share_it() {
        let a = Analyzer::new();
        let c = Concepts::shipped(&a);
        let topic = |w: &str, l: Lang| match c.features(&a, w, l).first() {
            Some(Feature::Concept(i)) => c.group(*i).and_then(|g| c.group_name(g)),
            _ => None,
        };
        // A football pitch, a gym and a sports hall: all sport.
        let sport = topic("voetbalveld", Lang::Nl);
        assert!(sport.is_some());
        assert_eq!(topic("gym", Lang::En), sport);
        assert_eq!(topic("gymnase", Lang::Fr), sport);
        // Potholes and cracked paving: the road's surface; not the dogs.
        assert_eq!(topic("schlaglöcher", Lang::De), topic("trous", Lang::Fr));
        assert_ne!(topic("chien", Lang::Fr), topic("trous", Lang::Fr));
        // Generic words have no topic.
        assert_eq!(topic("week", Lang::En), None);
    }

    #[test]
    fn every_group_row_names_a_concept_once() {
        let a = Analyzer::new();
        let c = Concepts::shipped(&a);
        let ids: HashSet<&str> = (0..c.len() as u32).filter_map(|i| c.id(i)).collect();
        let mut seen = HashSet::new();
        let mut per_group: HashMap<&str, usize> = HashMap::new();
        for line in GROUPS.lines().skip(1) {
            let (concept, group) = line.split_once(',').expect(line);
            assert!(ids.contains(concept.trim()), "{concept} is not a concept");
            assert!(seen.insert(concept.trim()), "{concept} twice");
            *per_group.entry(group.trim()).or_default() += 1;
        }
        assert!(per_group.len() >= 100, "{} groups", per_group.len());
        assert!(per_group.values().all(|n| *n >= 2), "a group of one");
    }

    #[test]
    fn filler_words_are_dropped_and_compounds_split() {
        let a = Analyzer::new();
        let c = Concepts::shipped(&a);
        for (w, l) in [("mehr", Lang::De), ("gibt", Lang::De), ("elke", Lang::Nl)] {
            assert!(c.features(&a, w, l).is_empty(), "{w}");
        }
        // Not in the list as one word, but both parts are.
        let parts = c.features(&a, "busverbindingen", Lang::Nl);
        assert!(!parts.is_empty(), "{parts:?}");
        assert!(
            parts
                .iter()
                .any(|f| matches!(f, Feature::Concept(i) if c.word(*i, Lang::En) == Some("bus"))),
            "{parts:?}"
        );
        // A word nobody listed stays itself.
        assert_eq!(
            c.features(&a, "sabena", Lang::Nl),
            vec![Feature::Stem("sabena".into())]
        );
    }
}

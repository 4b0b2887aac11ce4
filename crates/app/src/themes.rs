//! Themes in the free-text answers of a survey, below a unit: found with the survey's lexicon
//! (its issue list, as organizers edited it) and by clustering the rest. Organizers rename, merge
//! and split themes; each edit changes the lexicon, which is stored, so the edits hold when the
//! themes are found again with new answers.

use crate::App as AppState;
use crate::error::{Error as AppError, Result as AppResult};
use crate::results::{Snapshot, snapshot};
use enquete_analysis::dataset::Column;
use enquete_analysis::themes::{
    Lang, Lexicon, ThemeOptions, Themes, find_themes_keeping, split_in_two,
};
use enquete_domain::FieldError;
use enquete_domain::org::Unit;
use enquete_domain::people::Language;
use enquete_domain::survey::{QuestionKind, SurveyId};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Themes found for a survey question below a unit.
pub struct ThemeRun {
    /// The snapshot the themes were found in (any rebuild makes a new one).
    pub snapshot: std::sync::Weak<Snapshot>,
    pub lexicon_hash: u64,
    /// Rows of the snapshot's dataset that answered, parallel to the texts given.
    pub rows: Vec<usize>,
    pub themes: Themes,
}

type ThemeKey = (i64, i64, String);

/// Theme runs by (survey, unit, question).
#[derive(Clone, Default)]
pub struct ThemesCache(Arc<Mutex<HashMap<ThemeKey, Arc<ThemeRun>>>>);

/// One theme as a reader sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThemeView {
    /// The theme's name in the lexicon (what edits refer to).
    pub key: String,
    /// What to call it: the issue's label in the reader's language, else the name.
    pub name: String,
    /// The survey issue it stands for, if any.
    pub issue: Option<String>,
    /// Whether it was discovered (not in the lexicon yet).
    pub discovered: bool,
    /// Answers in the theme; `None` when hidden from readers who see no names (so that a
    /// small count cannot be worked out from the others).
    pub size: Option<usize>,
    /// Share of the answers; hidden with the size or the answers.
    pub share: Option<f64>,
    /// Most telling words per language (nl, fr, de, en). For readers who see no names, only
    /// words used by at least 5 answers, with no digit and not written like a name.
    pub top_terms: BTreeMap<String, Vec<String>>,
    /// Three answers close to the theme's centre; none for readers who see no names.
    pub quotes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThemesView {
    pub question: String,
    pub question_label: String,
    /// Answers to the question below the unit (`None` when under 5, for readers who see no
    /// names).
    pub answered: Option<usize>,
    /// Answers in no theme (alone or in a group under 5); hidden the same way, and also when the
    /// answers or a theme's size are hidden.
    pub unthemed: Option<usize>,
    /// Too few answers to tell themes apart with confidence: the groups are a first reading.
    pub few: bool,
    pub themes: Vec<ThemeView>,
}

fn hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The free-text question: the one asked for, else the survey's first.
fn text_question(snap: &Snapshot, wanted: Option<&str>) -> AppResult<(usize, String)> {
    let def = &snap.survey.definition;
    def.questions
        .iter()
        .enumerate()
        .filter(|(_, q)| matches!(q.kind, QuestionKind::Text { .. }))
        .find(|(_, q)| wanted.is_none_or(|w| w == q.name))
        .map(|(i, q)| (i, q.name.clone()))
        .ok_or_else(|| AppError::Field(FieldError::new("question", "error-no-text-question")))
}

/// The lexicon of a survey question: as saved, else the survey's issue list.
async fn lexicon_of(
    state: &AppState,
    snap: &Snapshot,
    question: &str,
) -> AppResult<(Lexicon, String)> {
    match state.store.theme_lexicon(snap.survey.id, question).await? {
        Some(text) => {
            let lexicon = Lexicon::parse(&text)
                .map_err(|e| AppError::Internal(format!("stored lexicon: {e}")))?;
            Ok((lexicon, text))
        }
        None => {
            let lexicon = Lexicon::for_survey(&snap.survey.definition);
            let text = lexicon.to_csv();
            Ok((lexicon, text))
        }
    }
}

/// The themes of a question below a unit, with what they were found in.
pub struct Found {
    pub snap: Arc<Snapshot>,
    /// The free-text question.
    pub code: String,
    pub lexicon: Lexicon,
    /// The lexicon as organizers edit it.
    pub lexicon_text: String,
    pub run: Arc<ThemeRun>,
    /// The unit the themes are of.
    pub unit: enquete_domain::org::UnitId,
}

/// Finds (or takes from the cache) the themes of a question below a unit.
pub async fn run(
    state: &AppState,
    survey: SurveyId,
    unit: &Unit,
    question: Option<&str>,
) -> AppResult<Found> {
    let snap = snapshot(state, survey).await?;
    let (qi, code) = text_question(&snap, question)?;
    let (lexicon, text) = lexicon_of(state, &snap, &code).await?;
    let key: ThemeKey = (survey.0, unit.id.0, code.clone());
    let lexicon_hash = hash(&text);
    let cache = &state.results.themes;
    if let Some(hit) = cache.0.lock().ok().and_then(|m| m.get(&key).cloned())
        && hit.snapshot.ptr_eq(&Arc::downgrade(&snap))
        && hit.lexicon_hash == lexicon_hash
    {
        return Ok(Found {
            snap,
            code,
            lexicon,
            lexicon_text: text,
            run: hit,
            unit: unit.id,
        });
    }
    let Some(Column::Text(texts)) = snap.data.columns.get(qi) else {
        return Err(AppError::Internal("free-text column missing".into()));
    };
    let mut rows = Vec::new();
    let mut answers: Vec<&str> = Vec::new();
    for r in snap.rows_below(unit) {
        if let Some(Some(t)) = texts.get(r) {
            rows.push(r);
            answers.push(t);
        }
    }
    // Answers keep the theme they were given the first time this unit's themes were found with
    // them (themes are found per unit: names come from the unit's own answers).
    let given: HashMap<String, String> = state
        .store
        .theme_assignments(survey, &code, unit.id)
        .await?
        .into_iter()
        .collect();
    let kept: Vec<Option<&str>> = rows
        .iter()
        .map(|r| {
            snap.data
                .ids
                .get(*r)
                .and_then(|id| given.get(id.as_ref()))
                .map(String::as_str)
        })
        .collect();
    let themes = find_themes_keeping(&answers, &lexicon, ThemeOptions::default(), &kept);
    if !themes.few {
        let new: Vec<(String, String)> = rows
            .iter()
            .zip(&kept)
            .zip(&themes.assignment)
            .filter(|((_, k), _)| k.is_none())
            .filter_map(|((r, _), a)| {
                let theme = themes.themes.get((*a)?)?;
                Some((snap.data.ids.get(*r)?.to_string(), theme.name.clone()))
            })
            .collect();
        state
            .store
            .keep_theme_assignments(survey, &code, unit.id, &new)
            .await?;
    }
    let found = Arc::new(ThemeRun {
        snapshot: Arc::downgrade(&snap),
        lexicon_hash,
        rows,
        themes,
    });
    if let Ok(mut m) = cache.0.lock() {
        m.insert(key, found.clone());
    }
    Ok(Found {
        snap,
        code,
        lexicon,
        lexicon_text: text,
        run: found,
        unit: unit.id,
    })
}

fn text_of(snap: &Snapshot, question: &str, row: usize) -> String {
    let def = &snap.survey.definition;
    def.questions
        .iter()
        .position(|q| q.name == question)
        .and_then(|qi| match snap.data.columns.get(qi) {
            Some(Column::Text(t)) => t.get(row).cloned().flatten(),
            _ => None,
        })
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The themes of a question below a unit, for a reader.
pub async fn for_unit(
    state: &AppState,
    survey: SurveyId,
    unit: &Unit,
    question: Option<&str>,
    lang: Language,
    hide_small: bool,
) -> AppResult<ThemesView> {
    Ok(view(
        &run(state, survey, unit, question).await?,
        lang,
        hide_small,
    ))
}

/// Found themes as a reader sees them.
pub fn view(found: &Found, lang: Language, hide_small: bool) -> ThemesView {
    let (snap, code) = (&found.snap, &found.code);
    let unit = found.unit;
    let found = &found.run;
    let def = &snap.survey.definition;
    let issue_label = |issue: &str| {
        def.questions
            .iter()
            .flat_map(|q| q.kind.choices())
            .find(|c| c.name == issue)
            .map(|c| c.label.get(lang).to_owned())
    };
    let answered = found.rows.len();
    let unthemed = found
        .themes
        .assignment
        .iter()
        .filter(|a| a.is_none())
        .count();
    // Readers who see no names: the answers as hidden as in the results, themes under 5 never,
    // and what the shown sizes and the answers give away protected (docs/privacy.md).
    let mask = hide_small.then(|| {
        let qi = def.questions.iter().position(|q| q.name == *code);
        let answered_hidden = qi.is_none_or(|qi| snap.mask().answered(unit, qi));
        let sizes: Vec<(u64, bool)> = found
            .themes
            .themes
            .iter()
            .map(|t| (t.size as u64, t.size >= SMALL))
            .collect();
        crate::disclosure::themes_mask(answered as u64, answered_hidden, &sizes, unthemed as u64)
    });
    let answered_shown = mask.is_none()
        || def
            .questions
            .iter()
            .position(|q| q.name == *code)
            .is_some_and(|qi| !snap.mask().answered(unit, qi));
    // The answers of each theme, for the word filter of readers who see no names.
    let answers_of = |i: usize| -> Vec<String> {
        found
            .themes
            .assignment
            .iter()
            .enumerate()
            .filter(|(_, a)| **a == Some(i))
            .filter_map(|(k, _)| found.rows.get(k))
            .map(|r| text_of(snap, code, *r))
            .collect()
    };
    let themes: Vec<ThemeView> = found
        .themes
        .themes
        .iter()
        .enumerate()
        // Theme sizes under 5 are not shown to readers who see no names (none are found today:
        // a theme has at least 5 answers).
        .filter(|(_, t)| !hide_small || t.size >= SMALL)
        .map(|(i, t)| {
            let size_shown = mask
                .as_ref()
                .is_none_or(|m| !m.sizes.get(i).copied().unwrap_or(true));
            let view = ThemeView {
                key: t.name.clone(),
                name: t.issue.as_deref().and_then(issue_label).unwrap_or_else(|| {
                    Lang::parse(lang.code())
                        .map_or(t.name.as_str(), |l| t.name_in(l))
                        .to_owned()
                }),
                issue: t.issue.clone().filter(|i| issue_label(i).is_some()),
                discovered: t.issue.is_none(),
                size: size_shown.then_some(t.size),
                share: (size_shown && answered_shown)
                    .then(|| t.size as f64 / answered.max(1) as f64),
                top_terms: t
                    .top_terms
                    .iter()
                    .map(|(l, w)| (l.code().to_owned(), w.clone()))
                    .collect(),
                quotes: t
                    .quotes
                    .iter()
                    .filter_map(|i| found.rows.get(*i))
                    .map(|r| text_of(snap, code, *r))
                    .collect(),
            };
            if hide_small {
                without_names(view, i, &answers_of(i))
            } else {
                view
            }
        })
        .collect();
    ThemesView {
        question_label: def
            .question(code)
            .map(|q| q.label.get(lang).to_owned())
            .unwrap_or_default(),
        question: code.clone(),
        answered: answered_shown.then_some(answered),
        unthemed: mask
            .as_ref()
            .is_none_or(|m| !m.unthemed)
            .then_some(unthemed),
        few: found.themes.few,
        themes,
    }
}

/// Fewer answers than this are a small count ([`enquete_domain::policy::SMALL_CELL`]); a word
/// used by fewer answers is not shown to readers who see no names.
const SMALL: usize = enquete_domain::policy::SMALL_CELL as usize;

/// A theme as readers who see no names may see it: no quotes, and only the top words that
/// [`safe_terms`] keeps. A theme not named after a survey issue is named after its top words (or
/// by an organizer); when its name holds a word of its answers that is withheld, it is called by
/// its number instead.
fn without_names(mut view: ThemeView, index: usize, answers: &[String]) -> ThemeView {
    view.quotes.clear();
    let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
    for words in view.top_terms.values_mut() {
        *words = safe_terms(words, &refs);
    }
    view.top_terms.retain(|_, w| !w.is_empty());
    let read: Vec<Vec<(String, bool)>> = refs.iter().map(|a| words_as_written(a)).collect();
    let withheld = |w: &String| {
        let w = w.to_lowercase();
        let used = read.iter().flatten().any(|(x, _)| x.to_lowercase() == w);
        used && safe_terms(std::slice::from_ref(&w), &refs).is_empty()
    };
    if view.issue.is_none()
        && words_as_written(&view.name)
            .iter()
            .any(|(w, _)| withheld(w))
    {
        view.name = format!("#{}", index + 1);
        view.key = view.name.clone();
    }
    view
}

/// The words of an answer as written, each with whether it stands inside a sentence (not first in
/// the answer, nor after `.`, `!`, `?`, `:` or a line break).
fn words_as_written(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut start = true;
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push((std::mem::take(&mut word), !start));
            start = false;
        }
        if matches!(c, '.' | '!' | '?' | ':' | '\n') {
            start = true;
        }
    }
    out
}

/// The top words of a theme that readers who see no names may see, given the theme's answers (one
/// per respondent): those used by at least 5 answers, with no digit, and not mostly written with
/// a capital inside a sentence (the mark of a name: a person, a street, a union). Words are
/// matched lower-cased, as the top words are.
pub fn safe_terms(terms: &[String], answers: &[&str]) -> Vec<String> {
    let read: Vec<Vec<(String, bool)>> = answers.iter().map(|a| words_as_written(a)).collect();
    terms
        .iter()
        .filter(|term| {
            if term.chars().any(char::is_numeric) {
                return false;
            }
            let mut used = 0;
            let (mut inside, mut capital) = (0, 0);
            for words in &read {
                let mut here = false;
                for (w, mid) in words {
                    if w.to_lowercase() != term.as_str() {
                        continue;
                    }
                    here = true;
                    if *mid {
                        inside += 1;
                        if w.chars().next().is_some_and(char::is_uppercase) {
                            capital += 1;
                        }
                    }
                }
                used += usize::from(here);
            }
            used >= SMALL && capital * 2 <= inside
        })
        .cloned()
        .collect()
}

/// An organizer's edit of the themes.
pub enum Edit {
    Rename { theme: String, name: String },
    Merge { theme: String, into: String },
    Split { theme: String },
}

fn bad(field: &'static str, key: &'static str) -> AppError {
    AppError::Field(FieldError::new(field, key))
}

/// Applies an edit to the lexicon of a question and stores it. Themes found by clustering are
/// first written into the lexicon with their top words, so the edit holds when the themes are
/// found again.
pub async fn edit(
    state: &AppState,
    survey: SurveyId,
    unit: &Unit,
    question: &str,
    edit: Edit,
    by: Option<enquete_domain::account::UserId>,
) -> AppResult<()> {
    let Found {
        snap,
        code,
        mut lexicon,
        run: found,
        ..
    } = run(state, survey, unit, Some(question)).await?;
    let theme_of = |key: &str, field: &'static str| {
        found
            .themes
            .themes
            .iter()
            .position(|t| t.name == key)
            .ok_or_else(|| bad(field, "error-theme-unknown"))
    };
    // A theme found by clustering joins the lexicon under its name, with its top words.
    let keep = |lexicon: &mut Lexicon, i: usize| {
        if let Some(t) = found.themes.themes.get(i)
            && !lexicon.themes().contains(&t.name)
        {
            lexicon.add(&t.name, &t.top_terms);
        }
    };
    // Where the answers of the edited theme go: another theme, or sorted again.
    let moved: (String, Option<String>);
    let what = match edit {
        Edit::Rename { theme, name } => {
            let name = name.trim().to_owned();
            if name.is_empty()
                || name.contains(',')
                || name.chars().any(char::is_control)
                || name.chars().count() > 80
            {
                return Err(bad("name", "error-theme-name"));
            }
            if lexicon.themes().contains(&name) {
                return Err(bad("name", "error-theme-name-taken"));
            }
            let i = theme_of(&theme, "theme")?;
            keep(&mut lexicon, i);
            lexicon.rename(&theme, &name);
            moved = (theme.clone(), Some(name.clone()));
            format!("renamed {theme} to {name}")
        }
        Edit::Merge { theme, into } => {
            if theme == into {
                return Err(bad("into", "error-theme-merge-same"));
            }
            let (a, b) = (theme_of(&theme, "theme")?, theme_of(&into, "into")?);
            keep(&mut lexicon, a);
            keep(&mut lexicon, b);
            lexicon.merge(&theme, &into);
            moved = (theme.clone(), Some(into.clone()));
            format!("merged {theme} into {into}")
        }
        Edit::Split { theme } => {
            let i = theme_of(&theme, "theme")?;
            let texts: Vec<String> = found
                .themes
                .assignment
                .iter()
                .enumerate()
                .filter(|(_, a)| **a == Some(i))
                .filter_map(|(k, _)| found.rows.get(k))
                .map(|r| text_of(&snap, &code, *r))
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let halves = split_in_two(&refs).ok_or_else(|| bad("theme", "error-theme-no-split"))?;
            lexicon.remove(&theme);
            let mut names = Vec::new();
            for (name, words) in halves {
                let mut name = name;
                while lexicon.themes().contains(&name) {
                    name.push('\'');
                }
                lexicon.add(&name, &only_new(&lexicon, &words));
                names.push(name);
            }
            moved = (theme.clone(), None);
            format!("split {theme} into {}", names.join(" and "))
        }
    };
    // The answers move first: a run between the two steps then sees them under the new name
    // (and the lexicon still old) rather than a theme in two.
    state
        .store
        .move_theme_assignments(survey, &code, &moved.0, moved.1.as_deref())
        .await?;
    store_lexicon(state, survey, &code, &lexicon, by, &what).await
}

async fn store_lexicon(
    state: &AppState,
    survey: SurveyId,
    question: &str,
    lexicon: &Lexicon,
    by: Option<enquete_domain::account::UserId>,
    what: &str,
) -> AppResult<()> {
    state
        .store
        .save_theme_lexicon(
            survey,
            question,
            &lexicon.to_csv(),
            by,
            what,
            enquete_domain::Timestamp::now_utc(),
        )
        .await?;
    Ok(())
}

/// Words not already in another theme of the lexicon (so a split does not pull answers of
/// other themes in).
fn only_new(lexicon: &Lexicon, words: &BTreeMap<Lang, Vec<String>>) -> BTreeMap<Lang, Vec<String>> {
    let taken: HashSet<&String> = lexicon.entries.iter().flat_map(|e| e.2.iter()).collect();
    words
        .iter()
        .map(|(l, w)| {
            (
                *l,
                w.iter().filter(|x| !taken.contains(x)).cloned().collect(),
            )
        })
        .collect()
}

/// Replaces the lexicon of a question by one written out by an organizer.
pub async fn save_lexicon(
    state: &AppState,
    survey: SurveyId,
    question: &str,
    text: &str,
    by: Option<enquete_domain::account::UserId>,
) -> AppResult<()> {
    let snap = snapshot(state, survey).await?;
    let (_, code) = text_question(&snap, Some(question))?;
    if text.len() > 200_000 {
        return Err(bad("lexicon", "error-lexicon-too-long"));
    }
    let lexicon = Lexicon::parse(text).map_err(|e| {
        AppError::Field(FieldError::new("lexicon", "error-lexicon-invalid").arg("detail", e))
    })?;
    store_lexicon(state, survey, &code, &lexicon, by, "edited the lexicon").await?;
    // A new lexicon sorts every answer again.
    state.store.forget_theme_assignments(survey, &code).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn analysts_see_only_words_of_five_answers_without_digits_or_names() {
        let mut answers = vec![
            "the rent is too high, said Jansen".to_owned(),
            "rent again; Jansen agrees and Jansen knows".to_owned(),
            "high rent in 1060, ask Jansen".to_owned(),
            "The rent, the heating: 1060 is cold. Jansen".to_owned(),
        ];
        // Every word here is used by at most 4 answers.
        answers.push("heating heating heating".to_owned());
        let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
        let kept = safe_terms(
            &terms(&["rent", "heating", "jansen", "1060", "high"]),
            &refs,
        );
        // "rent" is in 4 answers only so far.
        assert!(kept.is_empty(), "{kept:?}");

        answers.push("Rent. More rent for Jansen and 1060 and high".to_owned());
        answers.push("jansen high high".to_owned());
        let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
        let kept = safe_terms(
            &terms(&["rent", "heating", "jansen", "1060", "high", "again"]),
            &refs,
        );
        // "rent": 5 answers from 5 rows (once at a sentence start); "jansen": in 6 answers but
        // mostly written with a capital inside a sentence; "1060" has digits; "heating" is in 2
        // answers; "high" in 4; "again" in 1.
        assert_eq!(kept, terms(&["rent"]));
    }

    #[test]
    fn a_word_in_four_answers_is_dropped_in_five_kept() {
        let four = ["a union b", "union", "the union", "union now"];
        assert!(safe_terms(&terms(&["union"]), &four).is_empty());
        let five = ["a union b", "union", "the union", "union now", "no union"];
        assert_eq!(safe_terms(&terms(&["union"]), &five), terms(&["union"]));
        // Five uses in one answer are one respondent.
        let one = ["union union union union union", "x", "y", "z", "w"];
        assert!(safe_terms(&terms(&["union"]), &one).is_empty());
        // A digit drops a word however often it is used.
        let digits = ["b12 x", "b12", "b12", "b12", "b12"];
        assert!(safe_terms(&terms(&["b12"]), &digits).is_empty());
        // A name: written with a capital inside sentences.
        let name = [
            "ask Peeters",
            "we saw Peeters",
            "Peeters knows",
            "talk to Peeters",
            "with Peeters",
        ];
        assert!(safe_terms(&terms(&["peeters"]), &name).is_empty());
    }

    #[test]
    fn analysts_get_no_quotes_and_no_theme_named_after_a_withheld_word() {
        let answers: Vec<String> = [
            "the rent is too high, ask Peeters",
            "rent up, says Peeters",
            "the rent again, Peeters knows",
            "rent rent",
            "no rent for Peeters",
        ]
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
        let theme = |name: &str, issue: Option<&str>| ThemeView {
            key: name.to_owned(),
            name: name.to_owned(),
            issue: issue.map(str::to_owned),
            discovered: issue.is_none(),
            size: Some(5),
            share: Some(1.0),
            top_terms: BTreeMap::from([("en".to_owned(), terms(&["rent", "peeters", "high"]))]),
            quotes: vec![answers[0].clone()],
        };
        let seen = without_names(theme("rent / peeters", None), 1, &answers);
        assert!(seen.quotes.is_empty());
        assert_eq!(seen.top_terms["en"], terms(&["rent"]));
        assert_eq!((seen.name.as_str(), seen.key.as_str()), ("#2", "#2"));
        // A name of words of the answers that are shown, or of words not in them, stays.
        let seen = without_names(theme("rent", None), 0, &answers);
        assert_eq!(seen.name, "rent");
        let seen = without_names(theme("Housing costs", None), 0, &answers);
        assert_eq!(seen.name, "Housing costs");
        let seen = without_names(theme("Housing", Some("housing")), 0, &answers);
        assert_eq!(seen.name, "Housing");
    }
}

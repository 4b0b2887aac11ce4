//! The interface speaks Dutch, French, German and English. Strings live in Fluent files under
//! `locales/`, compiled into the binary; each page looks them up through [`Tr`].

use enquete_domain::Problem;
use enquete_domain::people::{Language, Stage};
use fluent_templates::LanguageIdentifier;
use fluent_templates::{Loader, fluent_bundle::FluentValue};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments would show up in plain-text contexts.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(lang: Language) -> LanguageIdentifier {
    let code = lang.code();
    code.parse().unwrap_or_default()
}

/// A translator for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Language,
}

impl Tr {
    pub fn new(lang: Language) -> Self {
        Self { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The text for `key`; the key itself if no language has it (a test checks none is missing).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&langid(self.lang), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` with one named argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` with several named arguments.
    pub fn tn(&self, key: &str, named: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = named
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// What is wrong, in this language. Arguments that hold a stage, a unit kind or a role
    /// are given by their translated names.
    pub fn problem(&self, p: &Problem) -> String {
        let args: Vec<(&'static str, String)> = p
            .args
            .iter()
            .map(|(name, value)| {
                let shown = match *name {
                    "stage" => self.stage_str(value),
                    "kind" | "parent" | "got" => self.kind(value),
                    "role" => self.role(value),
                    _ => value.clone(),
                };
                (*name, shown)
            })
            .collect();
        self.tn(p.key, &args)
    }

    /// Like [`Tr::problem`], but an answer's problem away from its question (in an API body, on
    /// an error page) names the question it is about.
    pub fn problem_in_context(&self, p: &Problem) -> String {
        let text = self.problem(p);
        match p.get("question") {
            Some(question) if p.key.starts_with("error-answer-") && !text.contains(question) => {
                self.tn(
                    "error-in-question",
                    &[("question", question.to_owned()), ("message", text)],
                )
            }
            _ => text,
        }
    }

    /// The label people see for a form field or body member (`field-email`), or `None` when
    /// it has none (a path deep in a JSON body): it is never shown by its internal name.
    pub fn label(&self, field: &str) -> Option<String> {
        let lang = langid(self.lang);
        let last = field.rsplit('.').next().unwrap_or(field);
        [field, last].into_iter().find_map(|name| {
            let key = format!("field-{name}");
            LOCALES.try_lookup(&lang, &key)
        })
    }

    pub fn stage(&self, stage: Stage) -> String {
        self.t(&format!("stage-{}", stage.as_str()))
    }

    pub fn stage_str(&self, stage: &str) -> String {
        self.t(&format!("stage-{stage}"))
    }

    pub fn kind(&self, kind: &str) -> String {
        self.t(&format!("kind-{kind}"))
    }

    pub fn role(&self, role: &str) -> String {
        self.t(&format!("role-{role}"))
    }

    pub fn purpose(&self, purpose: &str) -> String {
        self.t(&format!("purpose-{purpose}"))
    }
}

/// Picks a language from an `Accept-Language` header, or English.
pub fn from_accept_language(header: &str) -> Language {
    let mut best: Option<(f32, Language)> = None;
    for part in header.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Ok(lang) = Language::parse(primary)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, lang));
        }
    }
    best.map_or(Language::En, |(_, l)| l)
}

/// Results say their highlights in the reader's language.
impl enquete_app::results::Wording for Tr {
    fn highlight(&self, w: &enquete_app::results::HighlightWords<'_>) -> String {
        self.tn(
            "results-highlight",
            &[
                ("option", w.option.to_owned()),
                ("share", w.share.clone()),
                ("unit", w.unit.to_owned()),
                ("parent_share", w.parent_share.clone()),
                ("parent", w.parent.to_owned()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_known_quality() {
        assert_eq!(
            from_accept_language("fr-BE,fr;q=0.9,en;q=0.8"),
            Language::Fr
        );
        assert_eq!(from_accept_language("es, de;q=0.5, nl;q=0.7"), Language::Nl);
        assert_eq!(from_accept_language("es"), Language::En);
        assert_eq!(from_accept_language(""), Language::En);
    }

    #[test]
    fn every_language_has_every_key_of_the_english_file() {
        let english = include_str!("../locales/en/main.ftl");
        // Keys of messages without arguments; those with arguments are checked through `t1`.
        let lines: Vec<&str> = english
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
            .collect();
        let keys: Vec<&str> = lines.iter().filter_map(|l| l.split(" =").next()).collect();
        assert!(keys.len() > 50, "{} keys", keys.len());
        for lang in Language::ALL {
            let tr = Tr::new(lang);
            for key in &keys {
                let with_args = lines
                    .iter()
                    .any(|l| l.starts_with(&format!("{key} =")) && l.contains("{ $"));
                if !with_args {
                    let found = LOCALES.try_lookup(&langid(lang), key);
                    assert!(found.is_some(), "{} lacks {key}", lang.code());
                }
                if lang != Language::En {
                    // Own file, not the English fallback.
                    let own = match lang {
                        Language::Nl => include_str!("../locales/nl/main.ftl"),
                        Language::Fr => include_str!("../locales/fr/main.ftl"),
                        Language::De => include_str!("../locales/de/main.ftl"),
                        Language::En => english,
                    };
                    assert!(
                        own.lines().any(|l| l.starts_with(&format!("{key} ="))),
                        "{} lacks {key}",
                        lang.code()
                    );
                }
            }
            assert_ne!(tr.t("nav-people"), "nav-people");
            let counted = tr.t1("people-summary", "count", 12);
            assert!(
                counted.contains("12") && counted != "people-summary",
                "{counted}"
            );
        }
    }
}

//! The interface speaks Dutch, French, German and English. Strings live in Fluent files under
//! `locales/`, compiled into the binary; each page looks them up through [`Tr`].

use enquete_domain::people::{Language, Stage};
use fluent_templates::LanguageIdentifier;
use fluent_templates::{Loader, fluent_bundle::FluentValue};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments would show up in plain-text contexts; whole
        // numbers are grouped as the language writes them.
        customise: |bundle| {
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format_number));
        },
    };
}

/// How a language separates thousands: 108.013 (nl, de), 108 013 (fr, a narrow no-break
/// space), 108,013 (en).
struct Grouping(&'static str);

impl intl_memoizer::Memoizable for Grouping {
    type Args = ();
    type Error = ();

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        Ok(Grouping(separator(lang.language.as_str())))
    }
}

fn separator(language: &str) -> &'static str {
    match language {
        "nl" | "de" => ".",
        "fr" => "\u{202f}",
        _ => ",",
    }
}

/// Groups the digits of a whole number: `group(108013, ".")` is `108.013`.
fn group(n: i64, sep: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len() + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(d);
    }
    out
}

/// Fluent's formatter: whole numbers from 1,000 up grouped per language; anything else as
/// Fluent writes it.
fn format_number(
    value: &FluentValue,
    memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() < 1000.0 || n.value.abs() > 9.0e15 {
        return None;
    }
    let sep = memoizer.with_try_get::<Grouping, _, _>((), |g| g.0).ok()?;
    Some(group(n.value as i64, sep))
}

fn langid(lang: Language) -> LanguageIdentifier {
    let code = lang.code();
    code.parse().unwrap_or_default()
}

/// An argument as Fluent needs it: a whole number as a number, so that `[one]` and `*[other]`
/// choose the right plural form ("1 signature", "2 signatures"); anything else as text.
fn fluent_value(v: String) -> FluentValue<'static> {
    match v.parse::<i64>() {
        Ok(n) => FluentValue::from(n),
        Err(_) => FluentValue::from(v),
    }
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
        args.insert(Cow::Borrowed(name), fluent_value(value.to_string()));
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` with several named arguments.
    pub fn tn(&self, key: &str, named: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = named
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), fluent_value(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A whole number as this language writes it (108.013, 108 013, 108,013).
    pub fn number(&self, n: u64) -> String {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        if n < 1000 {
            return n.to_string();
        }
        group(n, separator(self.lang.code()))
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

    /// Issue 15, problem 8: "108013": numbers are grouped as each language writes them.
    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(Tr::new(Language::Nl).number(108_013), "108.013");
        assert_eq!(Tr::new(Language::De).number(1_234_567), "1.234.567");
        assert_eq!(Tr::new(Language::Fr).number(108_013), "108\u{202f}013");
        assert_eq!(Tr::new(Language::En).number(108_013), "108,013");
        assert_eq!(Tr::new(Language::En).number(999), "999");
        // Inside messages too, and the plural still follows the number.
        assert_eq!(
            Tr::new(Language::Nl).t1("today-days-left", "n", 1200),
            "nog 1.200 dagen"
        );
        assert_eq!(group(-1000, ","), "-1,000");
    }

    /// Issue 15, problem 8: "1 handtekeningen", "1 people wait": a count chooses its plural.
    #[test]
    fn counts_choose_their_plural_form() {
        let en = Tr::new(Language::En);
        assert_eq!(
            en.t1("today-days-left", "n", 1),
            "1 day left",
            "one, in English"
        );
        assert_eq!(en.t1("today-days-left", "n", 3), "3 days left");
        assert_eq!(
            Tr::new(Language::Nl).t1("today-days-left", "n", 1),
            "nog 1 dag"
        );
        assert_eq!(
            Tr::new(Language::Fr).t1("today-days-left", "n", 1),
            "1 jour restant"
        );
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

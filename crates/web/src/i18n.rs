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

    pub fn language(&self) -> Language {
        self.lang
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

    /// A whole number and the word it counts, with the word's plural form chosen by the number:
    /// `key` is a message with a `$n` argument (`{ $n -> [one] … *[other] … }`).
    pub fn count(&self, key: &str, n: u64) -> String {
        self.t1(key, "n", n)
    }

    /// A day as this language writes it in a sentence: "5 december 2026", "5 décembre 2026"
    /// ("1er décembre"), "5. Dezember 2026", "5 December 2026". Times are shown as stored (UTC).
    pub fn date(&self, t: impl std::borrow::Borrow<enquete_domain::Timestamp>) -> String {
        let t = *t.borrow();
        let Ok(t) = time::OffsetDateTime::from_unix_timestamp(t.0) else {
            return t.date();
        };
        let month = month_name(self.lang, u8::from(t.month()));
        let (day, year) = (t.day(), t.year());
        match self.lang {
            Language::De => format!("{day}. {month} {year}"),
            Language::Fr if day == 1 => format!("1er {month} {year}"),
            _ => format!("{day} {month} {year}"),
        }
    }

    /// A day and the time of day: "5 december 2026 om 19:00", "5 décembre 2026, 19:00",
    /// "5. Dezember 2026, 19:00", "5 December 2026, 19:00".
    pub fn date_time(&self, t: impl std::borrow::Borrow<enquete_domain::Timestamp>) -> String {
        let t = *t.borrow();
        let Ok(at) = time::OffsetDateTime::from_unix_timestamp(t.0) else {
            return t.display();
        };
        let clock = format!("{:02}:{:02}", at.hour(), at.minute());
        self.tn("date-time", &[("date", self.date(t)), ("time", clock)])
    }

    /// The result a campaign's focus was chosen from, in words: "housing and rents: 60% of 20
    /// respondents in Gent (95% interval 39–78%; What are the three most important problems for
    /// you?); weighted to the population; first choice of 40%".
    pub fn evidence(&self, cited: &enquete_app::campaigns::Cited) -> String {
        let Some(e) = &cited.figures else {
            return cited.words.clone();
        };
        let pct =
            |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |v| format!("{:.0}%", v * 100.0));
        let mut text = self.tn(
            "campaign-evidence",
            &[
                ("option", cited.choice.clone()),
                ("share", pct(e.share)),
                ("n", e.answered.unwrap_or(0).to_string()),
                ("unit", e.unit_name.clone()),
                ("low", pct(e.low)),
                ("high", pct(e.high)),
                ("question", cited.question.clone()),
            ],
        );
        if e.weighted {
            text.push_str("; ");
            text.push_str(&self.t("campaign-evidence-weighted"));
        }
        if let Some(first) = e.first_share {
            text.push_str("; ");
            text.push_str(&self.t1("campaign-evidence-first", "share", pct(Some(first))));
        }
        text
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

/// The name of a month (1-12) in a language.
fn month_name(lang: Language, month: u8) -> &'static str {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Language::Nl => NL,
        Language::Fr => FR,
        Language::De => DE,
        Language::En => EN,
    };
    names
        .get(usize::from(month).saturating_sub(1))
        .copied()
        .unwrap_or("")
}

/// A problem in English, for places with no reader's language (logs, the command line); see
/// [`enquete_domain::set_wording`].
pub fn english(problem: &Problem) -> String {
    Tr::new(Language::En).problem(problem)
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

    /// The canvassing script gets each text twice: with `{n}` to fill in, and for one.
    #[test]
    fn script_texts_have_their_form_for_one() {
        let en = Tr::new(Language::En);
        assert_eq!(
            en.t1("canvass-js-visits-pending", "n", 1),
            "1 door visit waiting"
        );
        assert_eq!(
            en.t1("canvass-js-visits-pending", "n", "{n}"),
            "{n} door visits waiting"
        );
        assert_eq!(
            Tr::new(Language::Fr).t1("canvass-js-visits-pending", "n", 1),
            "1 passage en attente"
        );
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

    /// Issue 15, problem 8: every message that counts takes the plural form of its number.
    #[test]
    fn messages_with_a_count_are_singular_for_one() {
        let cases: [(&str, &str, [&str; 4]); 6] = [
            (
                "petition-signature-count",
                "n",
                [
                    "1 handtekening",
                    "1 signature",
                    "1 Unterschrift",
                    "1 signature",
                ],
            ),
            (
                "action-waiting-seat",
                "n",
                [
                    "1 persoon wacht",
                    "1 personne attend",
                    "1 Person wartet",
                    "1 person waits",
                ],
            ),
            (
                "people-summary",
                "count",
                [
                    "1 persoon gevonden",
                    "1 personne trouvée",
                    "1 Person gefunden",
                    "1 person found",
                ],
            ),
            (
                "report-responses",
                "count",
                ["1 antwoord.", "1 réponse.", "1 Antwort.", "1 response."],
            ),
            (
                "campaign-behind-count",
                "n",
                [
                    "1 eenheid loopt",
                    "1 unité est",
                    "1 Einheit liegt",
                    "1 unit is",
                ],
            ),
            (
                "error-busy",
                "seconds",
                ["1 seconde ", "1 seconde.", "1 Sekunde ", "1 second."],
            ),
        ];
        for (key, arg, texts) in cases {
            for (lang, text) in Language::ALL.into_iter().zip(texts) {
                let one = Tr::new(lang).t1(key, arg, 1);
                assert!(one.contains(text), "{key} {}: {one}", lang.code());
                let many = Tr::new(lang).t1(key, arg, 2000);
                assert!(!many.contains(text), "{key} {}: {many}", lang.code());
            }
        }
        assert_eq!(
            Tr::new(Language::Nl).count("petition-signature-count", 2000),
            "2.000 handtekeningen"
        );
    }

    /// Issue 15, problem 8: dates in words, as each language writes them.
    #[test]
    fn dates_are_written_per_language() {
        // 2026-12-05 19:00 UTC.
        let t = enquete_domain::Timestamp(1_796_497_200);
        assert_eq!(
            Tr::new(Language::Nl).date_time(t),
            "5 december 2026 om 19:00"
        );
        assert_eq!(Tr::new(Language::Fr).date_time(t), "5 décembre 2026, 19:00");
        assert_eq!(
            Tr::new(Language::De).date_time(t),
            "5. Dezember 2026, 19:00"
        );
        assert_eq!(Tr::new(Language::En).date_time(t), "5 December 2026, 19:00");
        let first = enquete_domain::Timestamp(1_796_083_200);
        assert_eq!(Tr::new(Language::Fr).date(first), "1er décembre 2026");
        assert_eq!(Tr::new(Language::De).date(first), "1. Dezember 2026");
    }

    #[test]
    fn every_language_has_every_key_of_the_english_file() {
        let english = concat!(
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/forms.ftl")
        );
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
                        Language::Nl => concat!(
                            include_str!("../locales/nl/main.ftl"),
                            include_str!("../locales/nl/forms.ftl")
                        ),
                        Language::Fr => concat!(
                            include_str!("../locales/fr/main.ftl"),
                            include_str!("../locales/fr/forms.ftl")
                        ),
                        Language::De => concat!(
                            include_str!("../locales/de/main.ftl"),
                            include_str!("../locales/de/forms.ftl")
                        ),
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

    /// The ids of one .ftl file.
    fn ids(ftl: &str) -> std::collections::BTreeSet<&str> {
        ftl.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .collect()
    }

    /// The Rust sources of every crate of the workspace.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    out.push((path, text));
                }
            }
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        for name in [
            "domain", "analysis", "formats", "store", "app", "web", "cli",
        ] {
            walk(&crates.join(name).join("src"), &mut out);
        }
        assert!(out.len() > 50, "found {} source files", out.len());
        out
    }

    /// The string literals that follow `marker` in `text` (`FieldError::new(` then `"email"`).
    fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
        text.match_indices(marker)
            .filter_map(|(at, _)| {
                let rest = text.get(at + marker.len()..)?.trim_start();
                let rest = rest.strip_prefix('"')?;
                rest.split('"').next()
            })
            .collect()
    }

    /// Issue 15: every message id the code uses (`"error-..."`) and every field a field error
    /// names has its text in all four languages, and the four files hold the same ids.
    #[test]
    fn every_error_id_and_field_label_is_in_every_language() {
        let files = [
            (
                "en",
                concat!(
                    include_str!("../locales/en/main.ftl"),
                    include_str!("../locales/en/forms.ftl")
                ),
            ),
            (
                "nl",
                concat!(
                    include_str!("../locales/nl/main.ftl"),
                    include_str!("../locales/nl/forms.ftl")
                ),
            ),
            (
                "fr",
                concat!(
                    include_str!("../locales/fr/main.ftl"),
                    include_str!("../locales/fr/forms.ftl")
                ),
            ),
            (
                "de",
                concat!(
                    include_str!("../locales/de/main.ftl"),
                    include_str!("../locales/de/forms.ftl")
                ),
            ),
        ];
        let english = ids(files[0].1);
        for (code, text) in &files[1..] {
            let theirs = ids(text);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            assert!(extra.is_empty(), "{code} has ids English lacks: {extra:?}");
        }
        let mut used = std::collections::BTreeSet::new();
        let mut fields = std::collections::BTreeSet::new();
        for (path, text) in sources() {
            for piece in text.split('"').skip(1).step_by(2) {
                let is_id = piece.starts_with("error-")
                    && piece.len() > "error-".len()
                    && !piece.ends_with('-')
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if is_id {
                    used.insert((piece.to_owned(), path.display().to_string()));
                }
            }
            for marker in [
                "FieldError::new(",
                ".in_field(",
                "field: \"",
                "unique_as_field(e, ",
            ] {
                for field in literals_after(&text, marker) {
                    if !field.is_empty()
                        && field.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    {
                        fields.insert(field.to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 150, "{} ids found in the code", used.len());
        for (id, path) in &used {
            assert!(
                english.contains(id.as_str()),
                "{id} (used in {path}) is in no .ftl file"
            );
        }
        // Fields named through a variable (a shared parser's `field` argument).
        for field in [
            "title",
            "description",
            "place",
            "starts_at",
            "held_at",
            "due_on",
            "goal",
            "addressee",
            "label",
            "name",
            "address",
            "workplace",
            "notes",
            "reason",
            "agenda",
            "needs",
            "source",
            "owner",
            "unit",
            "parent",
            "campaign",
            "question",
            "by",
            "into",
            "theme",
            "contact_name",
            "contact_phone",
            "contact_email",
            "new_password",
        ] {
            fields.insert(field.to_owned());
        }
        assert!(fields.len() > 40, "{} fields found", fields.len());
        for field in &fields {
            for lang in Language::ALL {
                assert!(
                    Tr::new(lang).label(field).is_some(),
                    "{} has no label for the field {field} (field-{field})",
                    lang.code()
                );
            }
        }
        // A field error reads in the visitor's language, with the label, never the internal name.
        let err = crate::error::AppError::Field(enquete_domain::FieldError::new(
            "email",
            "error-email-invalid",
        ));
        let fr = err.message_in(Tr::new(Language::Fr));
        assert!(fr.starts_with("Adresse e-mail"), "{fr}");
        assert!(!fr.contains("email:"), "{fr}");
        let nl = Tr::new(Language::Nl)
            .problem(&enquete_domain::Problem::new("error-stage-same").arg("stage", "member"));
        assert_eq!(nl, "deze persoon staat al op lid");
    }
}

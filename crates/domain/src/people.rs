//! People met by the movement: contact details, languages, tags, consents, and the ladder from
//! contact to leader with the history of every move.

use crate::{FieldError, Timestamp, account::UserId, clean_text, org::UnitId};
use serde::{Deserialize, Serialize};

id_type!(PersonId, "a person");

/// The ladder every person climbs, in order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Contact,
    Sympathiser,
    Active,
    Member,
    Organizer,
    Leader,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Contact,
        Stage::Sympathiser,
        Stage::Active,
        Stage::Member,
        Stage::Organizer,
        Stage::Leader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Contact => "contact",
            Stage::Sympathiser => "sympathiser",
            Stage::Active => "active",
            Stage::Member => "member",
            Stage::Organizer => "organizer",
            Stage::Leader => "leader",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("stage", "error-stage-unknown"))
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The next stage up, if any.
    pub fn next(self) -> Option<Stage> {
        Self::ALL.get(self.index() + 1).copied()
    }
}

/// Checks a move on the ladder. A person may move up or down any number of stages, with two
/// rules: a move must change the stage, and organizer or leader is reached only by party members
/// (someone who has been at `member`), except in the youth wing, where membership of the party is
/// not asked.
pub fn check_stage_move(
    from: Stage,
    to: Stage,
    youth_wing: bool,
    reached_member_before: bool,
) -> Result<(), FieldError> {
    if from == to {
        return Err(FieldError::new("stage", "error-stage-same").arg("stage", to.as_str()));
    }
    let skips_membership = to > Stage::Member && from < Stage::Member && !reached_member_before;
    if skips_membership && !youth_wing {
        return Err(FieldError::new("stage", "error-stage-members-only"));
    }
    Ok(())
}

/// The stages a person at `from` may move to, in ladder order: every stage that
/// [`check_stage_move`] accepts, so a form offers no move the rules then refuse.
pub fn allowed_moves(from: Stage, youth_wing: bool, reached_member_before: bool) -> Vec<Stage> {
    Stage::ALL
        .into_iter()
        .filter(|to| check_stage_move(from, *to, youth_wing, reached_member_before).is_ok())
        .collect()
}

/// A person's full name as they give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        clean_text("name", raw, 1, 200).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, lower-cased. The check is deliberately modest: one `@`, a dot in the
/// domain, no spaces; the only real test of an address is a message that arrives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = clean_text("email", raw, 3, 254)?.to_lowercase();
        let mut parts = text.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(FieldError::new("email", "error-email-one-at"));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok || text.chars().any(char::is_whitespace) {
            return Err(FieldError::new("email", "error-email-invalid"));
        }
        Ok(Self(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether mail may go to this address as it stands in a `To:` header: letters, digits and
    /// the characters an unquoted address may hold (RFC 5322 `atext` and dots), a domain of
    /// letters, digits, dots and hyphens. An address typed on a public page is mailed only so:
    /// `a,b@example.org` would reach two mailboxes, one never counted against the limit.
    pub fn is_mailable(&self) -> bool {
        let Some((local, domain)) = self.0.rsplit_once('@') else {
            return false;
        };
        let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
        local.chars().all(atext)
            && !local.starts_with('.')
            && !local.ends_with('.')
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    }
}

/// A phone number kept as typed (trimmed) with a normalized form for duplicate detection:
/// digits only, a leading `+` kept, a national `0` prefix turned into the configured country code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub display: String,
    pub normalized: String,
}

impl Phone {
    /// Belgian numbers are the default; a federation elsewhere configures its own code later.
    pub const DEFAULT_COUNTRY_CODE: &'static str = "32";

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let display = clean_text("phone", raw, 3, 40)?;
        if display
            .chars()
            .any(|c| !(c.is_ascii_digit() || " +-./()".contains(c)))
        {
            return Err(FieldError::new("phone", "error-phone-characters"));
        }
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        if !(6..=15).contains(&digits.len()) {
            return Err(FieldError::new("phone", "error-phone-digits"));
        }
        let normalized = if display.starts_with('+') {
            format!("+{digits}")
        } else if let Some(rest) = digits.strip_prefix("00") {
            format!("+{rest}")
        } else if let Some(rest) = digits.strip_prefix('0') {
            format!("+{}{rest}", Self::DEFAULT_COUNTRY_CODE)
        } else {
            digits
        };
        Ok(Self {
            display,
            normalized,
        })
    }
}

/// The four languages the movement works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Nl,
    Fr,
    De,
    En,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::Nl, Language::Fr, Language::De, Language::En];

    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::Fr => "fr",
            Language::De => "de",
            Language::En => "en",
        }
    }

    /// The language's own name for itself, for pickers.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::Nl => "Nederlands",
            Language::Fr => "Français",
            Language::De => "Deutsch",
            Language::En => "English",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .ok_or_else(|| FieldError::new("languages", "error-language-unknown"))
    }

    /// Parses a comma- or space-separated list, dropping repeats.
    pub fn parse_list(raw: &str) -> Result<Vec<Self>, FieldError> {
        let mut out = Vec::new();
        for part in raw.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
            let lang = Self::parse(part)?;
            if !out.contains(&lang) {
                out.push(lang);
            }
        }
        Ok(out)
    }

    pub fn join(list: &[Language]) -> String {
        list.iter().map(|l| l.code()).collect::<Vec<_>>().join(",")
    }
}

/// A free label on a person ("tenant", "nurse", "bus-driver"): lower-case letters, digits and
/// dashes, 1 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = clean_text("tags", raw, 1, 40)?.to_lowercase();
        if !text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(FieldError::new("tags", "error-tag-characters").arg("tag", &text));
        }
        Ok(Self(text))
    }

    pub fn parse_list(raw: &str) -> Result<Vec<Self>, FieldError> {
        let mut out: Vec<Tag> = Vec::new();
        for part in raw.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
            let tag = Self::parse(part)?;
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
        if out.len() > 30 {
            return Err(FieldError::new("tags", "error-tags-too-many").arg("max", 30));
        }
        out.sort();
        Ok(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a person agreed (or refused) that their data may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// Being contacted again by the movement.
    Contact,
    /// Receiving the newsletter.
    Newsletter,
    /// Linking survey answers to their name.
    SurveyLink,
    /// Keeping their record as a member.
    Membership,
    /// Counting their occupation class, gender and age band in the composition of the
    /// organization's members and leaders (never shown with their name to analysts).
    Composition,
}

impl ConsentPurpose {
    pub const ALL: [ConsentPurpose; 5] = [
        ConsentPurpose::Contact,
        ConsentPurpose::Newsletter,
        ConsentPurpose::SurveyLink,
        ConsentPurpose::Membership,
        ConsentPurpose::Composition,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPurpose::Contact => "contact",
            ConsentPurpose::Newsletter => "newsletter",
            ConsentPurpose::SurveyLink => "survey_link",
            ConsentPurpose::Membership => "membership",
            ConsentPurpose::Composition => "composition",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("purpose", "error-purpose-unknown"))
    }
}

/// Where a consent was given: a note such as "door-to-door, Gent-Noord" or "online form".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConsentSource(String);

impl ConsentSource {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        clean_text("source", raw, 1, 200).map(Self)
    }

    /// Given while answering an enquête: "door enquête, housing-2026".
    pub fn enquete(channel: &str, form_id: &str) -> Result<Self, FieldError> {
        Self::parse(&format!("{channel} enquête, {form_id}"))
    }

    /// Recorded by a staff member: "recorded by Lotte on the person form".
    pub fn recorded_by(name: &str, how: &str) -> Result<Self, FieldError> {
        Self::parse(&format!("recorded by {name} {how}"))
    }

    /// Given with an RSVP to an action, named by its title (cut to fit).
    pub fn rsvp(action_title: &str) -> Result<Self, FieldError> {
        Self::parse(&format!(
            "RSVP: {}",
            action_title.chars().take(80).collect::<String>()
        ))
    }

    /// Given while signing a petition, named by its title (cut to fit).
    pub fn petition(title: &str) -> Result<Self, FieldError> {
        Self::parse(&format!(
            "petition: {}",
            title.chars().take(80).collect::<String>()
        ))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A consent to record, as taken from a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub source: ConsentSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub at: Timestamp,
    pub source: ConsentSource,
    pub recorded_by: Option<UserId>,
}

/// Why a ladder move was made, in the organizer's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MoveReason(String);

impl MoveReason {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        clean_text("reason", raw, 1, 500).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageChange {
    pub from: Option<Stage>,
    pub to: Stage,
    pub at: Timestamp,
    pub by: Option<UserId>,
    pub reason: String,
}

/// Validated details of a person, as entered on a form or sent to the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDetails {
    pub name: PersonName,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub address: Option<String>,
    pub languages: Vec<Language>,
    pub tags: Vec<Tag>,
    pub youth_wing: bool,
    pub workplace: Option<String>,
    pub notes: Option<String>,
}

/// Raw text fields of a person form, before validation.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonInput {
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub youth_wing: bool,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub notes: String,
}

fn optional(field: &'static str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        clean_text_multiline(field, raw, max).map(Some)
    }
}

/// Like `clean_text`, but line breaks are allowed (notes, addresses).
fn clean_text_multiline(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(FieldError::new(field, "error-too-long").arg("max", max));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(text.to_owned())
}

impl PersonInput {
    /// Validates every field; the first problem found is returned, naming its field.
    pub fn parse(&self) -> Result<PersonDetails, FieldError> {
        Ok(PersonDetails {
            name: PersonName::parse(&self.name)?,
            email: if self.email.trim().is_empty() {
                None
            } else {
                Some(Email::parse(&self.email)?)
            },
            phone: if self.phone.trim().is_empty() {
                None
            } else {
                Some(Phone::parse(&self.phone)?)
            },
            address: optional("address", &self.address, 300)?,
            languages: Language::parse_list(&self.languages)?,
            tags: Tag::parse_list(&self.tags)?,
            youth_wing: self.youth_wing,
            workplace: optional("workplace", &self.workplace, 200)?,
            notes: optional("notes", &self.notes, 4000)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub unit: UnitId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub languages: Vec<Language>,
    pub tags: Vec<Tag>,
    pub stage: Stage,
    pub youth_wing: bool,
    pub workplace: Option<String>,
    pub notes: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Two records that look like the same person, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    pub keep: PersonId,
    pub other: PersonId,
    pub keep_name: String,
    pub other_name: String,
    pub reason: DuplicateReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameEmail,
    SamePhone,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: the person page offers only moves the rules accept.
    #[test]
    fn allowed_moves_are_the_moves_the_rules_accept() {
        let moves = allowed_moves(Stage::Contact, false, false);
        assert_eq!(
            moves,
            vec![Stage::Sympathiser, Stage::Active, Stage::Member],
            "no organizer or leader without membership, not the same stage"
        );
        assert_eq!(
            allowed_moves(Stage::Contact, true, false).len(),
            5,
            "youth wing"
        );
        assert_eq!(
            allowed_moves(Stage::Active, false, true).len(),
            5,
            "was a member"
        );
        for from in Stage::ALL {
            for to in allowed_moves(from, false, false) {
                assert!(check_stage_move(from, to, false, false).is_ok());
            }
        }
    }

    #[test]
    fn ladder_moves_need_a_change_and_membership_for_the_top() {
        assert!(check_stage_move(Stage::Contact, Stage::Sympathiser, false, false).is_ok());
        assert!(check_stage_move(Stage::Active, Stage::Contact, false, false).is_ok());
        assert_eq!(
            check_stage_move(Stage::Active, Stage::Active, false, false)
                .unwrap_err()
                .field,
            "stage"
        );
        assert!(check_stage_move(Stage::Active, Stage::Organizer, false, false).is_err());
        assert!(check_stage_move(Stage::Active, Stage::Organizer, true, false).is_ok());
        assert!(check_stage_move(Stage::Active, Stage::Organizer, false, true).is_ok());
        assert!(check_stage_move(Stage::Member, Stage::Leader, false, false).is_ok());
    }

    #[test]
    fn stages_are_ordered() {
        assert!(Stage::Contact < Stage::Leader);
        assert_eq!(Stage::Active.next(), Some(Stage::Member));
        assert_eq!(Stage::Leader.next(), None);
        assert_eq!(Stage::parse("member").unwrap(), Stage::Member);
        assert_eq!(Stage::parse("boss").unwrap_err().field, "stage");
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            Email::parse(" An.Peeters@Example.BE ").unwrap().as_str(),
            "an.peeters@example.be"
        );
        for bad in ["", "no-at", "a@b", "a@@b.be", "a b@c.be", "@c.be", "a@.be"] {
            assert_eq!(Email::parse(bad).unwrap_err().field, "email", "{bad}");
        }
    }

    #[test]
    fn only_plain_addresses_are_mailed() {
        for good in ["an.peeters@example.be", "o'neil+rsvp@mail.example-1.org"] {
            assert!(Email::parse(good).unwrap().is_mailable(), "{good}");
        }
        for bad in [
            "a,root@example.org",
            "me@evil.example,victim",
            "a;b@example.org",
            "<a>@example.org",
            "\"a\"@example.org",
            "a(b)@example.org",
            "a:b@example.org",
            ".a@example.org",
            "é@example.org",
        ] {
            assert!(!Email::parse(bad).unwrap().is_mailable(), "{bad}");
        }
    }

    #[test]
    fn phones_normalize_for_duplicate_detection() {
        assert_eq!(
            Phone::parse("0475 12 34 56").unwrap().normalized,
            "+32475123456"
        );
        assert_eq!(
            Phone::parse("+32 475/12.34.56").unwrap().normalized,
            "+32475123456"
        );
        assert_eq!(
            Phone::parse("0032475123456").unwrap().normalized,
            "+32475123456"
        );
        assert_eq!(Phone::parse("12ab").unwrap_err().field, "phone");
        assert_eq!(Phone::parse("12").unwrap_err().field, "phone");
    }

    #[test]
    fn person_input_names_the_bad_field() {
        let mut input = PersonInput {
            name: "Fatima El Amrani".into(),
            email: "fatima@example.be".into(),
            languages: "nl, fr".into(),
            tags: "Tenant nurse tenant".into(),
            ..Default::default()
        };
        let details = input.parse().unwrap();
        assert_eq!(details.languages, vec![Language::Nl, Language::Fr]);
        assert_eq!(details.tags.len(), 2);
        input.languages = "nl, es".into();
        assert_eq!(input.parse().unwrap_err().field, "languages");
        input.languages.clear();
        input.name = "   ".into();
        assert_eq!(input.parse().unwrap_err().field, "name");
        input.name = "A".into();
        input.tags = "ok, not/ok".into();
        assert_eq!(input.parse().unwrap_err().field, "tags");
    }
}

/// What was typed in the people search: at most [`SearchText::MAX_WORDS`] words (split where
/// the search splits them, at anything not a letter or digit) and [`SearchText::MAX_CHARS`]
/// characters. Every word becomes a condition of the query; thousands of them made the database
/// give up ("expression tree too large"), so the page and the API refuse them alike, naming `q`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchText(String);

impl SearchText {
    pub const MAX_WORDS: usize = 12;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim();
        let words = fold_for_search(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        if words > Self::MAX_WORDS || text.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new("q", "error-search-too-long")
                .arg("words", Self::MAX_WORDS)
                .arg("chars", Self::MAX_CHARS));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Folds a name or query for searching: lower case, accents removed, runs of spaces collapsed,
/// so that "Celik" finds "Çelik" and "dupont" finds "Dupont".
pub fn fold_for_search(text: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let folded: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ı' => 'i',
            'ł' => 'l',
            'ø' => 'o',
            'ß' => 's',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod fold_tests {
    use super::fold_for_search;

    #[test]
    fn folds_accents_case_and_spaces() {
        assert_eq!(fold_for_search("  Ayşe   ÇELİK "), "ayse celik");
        assert_eq!(fold_for_search("Élise Lemaître"), "elise lemaitre");
        assert_eq!(fold_for_search("Paweł Wójcik"), "pawel wojcik");
    }
}

#[cfg(test)]
mod search_text_tests {
    use super::*;

    #[test]
    fn a_search_is_at_most_twelve_words_and_two_hundred_characters() {
        assert_eq!(
            SearchText::parse("  Ann de Vries ").unwrap().as_str(),
            "Ann de Vries"
        );
        assert_eq!(SearchText::parse("").unwrap().as_str(), "");
        let twelve = ["w"; 12].join(" ");
        assert!(SearchText::parse(&twelve).is_ok());
        let many = ["w"; 3000].join(" ");
        assert_eq!(SearchText::parse(&many).unwrap_err().field, "q");
        // Words are split where the search splits them, not only at spaces.
        assert_eq!(
            SearchText::parse(&["w"; 13].join("-")).unwrap_err().field,
            "q"
        );
        assert!(SearchText::parse(&"x".repeat(200)).is_ok());
        assert_eq!(SearchText::parse(&"x".repeat(201)).unwrap_err().field, "q");
    }
}

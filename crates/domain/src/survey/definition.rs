//! The survey definition: questions in document order, the groups and repeats they sit in,
//! labels in the form's languages, and the choices of each choice question.
//!
//! It holds what field forms from ODK and KoboToolbox hold. Groups and repeats are kept beside
//! the questions (each question names the path of the groups it is in), so code that only cares
//! about questions walks one flat list, and the structure is still there for the phone, the
//! XForm and the export.

use crate::people::Language;
use crate::{FieldError, clean_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

id_type!(SurveyId, "a survey");

/// Text in several languages, keyed by language. The interface's languages use their code (`nl`,
/// `fr`, `de`, `en`); a form's other languages keep the code it gives (`ar` from `Arabic (ar)`)
/// or its name as written (`Português`); a form's unnamed language is `default`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    pub fn one(lang: Language, text: &str) -> Self {
        let mut map = BTreeMap::new();
        map.insert(lang.code().to_owned(), text.to_owned());
        Self(map)
    }

    /// The text in `lang`, else English, else the form's unnamed language, else any there is.
    pub fn get(&self, lang: Language) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.get(DEFAULT_LANGUAGE))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// The text in the form language `key` (one the canvasser picked), else as [`Labels::get`].
    pub fn in_form_language(&self, key: &str, fallback: Language) -> &str {
        match self.0.get(key) {
            Some(text) if !text.trim().is_empty() => text,
            _ => self.get(fallback),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|v| v.trim().is_empty())
    }
}

/// The key of a form's unnamed language (a plain `label` column).
pub const DEFAULT_LANGUAGE: &str = "default";

/// The longest label, hint or message: notes in field forms run to a few paragraphs.
pub const MAX_LABEL: usize = 5000;

/// One answer option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The value stored in answers (no spaces: several are kept space-separated).
    pub name: String,
    pub label: Labels,
    /// The choice list's other columns (`state`, `county`...), read by a `choice_filter`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

/// What a media question records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Audio,
    Video,
    File,
    /// An OpenStreetMap edit (ODK's `osm` type).
    Osm,
}

impl MediaKind {
    pub fn xlsform_type(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
            MediaKind::File => "file",
            MediaKind::Osm => "osm",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice {
        choices: Vec<Choice>,
    },
    MultipleChoice {
        choices: Vec<Choice>,
    },
    /// "Pick your `max` most important, in order."
    Ranking {
        choices: Vec<Choice>,
        max: u8,
    },
    /// A whole number on a scale, both ends included (0 to 10).
    Scale {
        min: i64,
        max: i64,
    },
    /// A whole number, optionally bounded.
    Number {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// Free text up to `max_length` characters.
    Text {
        max_length: u32,
    },
    /// A number with decimals (bounds, if any, are in the constraint).
    Decimal,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM:SS`, with an optional offset.
    Time,
    /// An ISO 8601 date and time.
    DateTime,
    /// The phone's position: `latitude longitude altitude accuracy`.
    Geopoint,
    /// A line: points separated by `;`.
    Geotrace,
    /// A closed shape: points separated by `;`, the last equal to the first.
    Geoshape,
    /// A photo, recording, video or file, kept beside the response; the answer is its file name.
    Media {
        media: MediaKind,
    },
    /// A scanned barcode or QR code, as text.
    Barcode,
    /// A box to tick: the answer is `OK`.
    Acknowledge,
    /// Text shown to the canvasser; nothing is asked.
    Note,
    /// A value worked out from other answers by `calculation`.
    Calculate {
        calculation: String,
    },
    /// Filled in by the phone, not asked: `start`, `end`, `today`, `deviceid`, `username`...
    Metadata {
        what: String,
    },
}

impl QuestionKind {
    pub fn choices(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices }
            | QuestionKind::Ranking { choices, .. } => choices,
            _ => &[],
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::Ranking { .. } => "ranking",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Number { .. } => "number",
            QuestionKind::Text { .. } => "text",
            QuestionKind::Decimal => "decimal",
            QuestionKind::Date => "date",
            QuestionKind::Time => "time",
            QuestionKind::DateTime => "date_time",
            QuestionKind::Geopoint => "geopoint",
            QuestionKind::Geotrace => "geotrace",
            QuestionKind::Geoshape => "geoshape",
            QuestionKind::Media { .. } => "media",
            QuestionKind::Barcode => "barcode",
            QuestionKind::Acknowledge => "acknowledge",
            QuestionKind::Note => "note",
            QuestionKind::Calculate { .. } => "calculate",
            QuestionKind::Metadata { .. } => "metadata",
        }
    }

    /// Whether the canvasser answers it (not a note, a calculation or metadata).
    pub fn is_asked(&self) -> bool {
        !matches!(
            self,
            QuestionKind::Note | QuestionKind::Calculate { .. } | QuestionKind::Metadata { .. }
        )
    }

    /// Whether the respondent sees a label for it (calculations and metadata have none).
    pub fn is_shown(&self) -> bool {
        !matches!(
            self,
            QuestionKind::Calculate { .. } | QuestionKind::Metadata { .. }
        )
    }
}

/// What a field form adds to a question: where it sits, its checks and how it is shown. All of
/// it is optional, so a question made in the designer leaves it empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    /// The path of the groups it is in (`household/members`), outermost first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// A check on the answer (`. >= 18`, `regex(., '^[0-9]{10}$')`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub constraint_message: Labels,
    /// Required only when this holds (instead of always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_if: Option<String>,
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub required_message: Labels,
    /// An image shown as (or with) the label, by language: a file attached to the survey.
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub image: Labels,
    /// XLSForm's `or_other`: an "other" choice and a text question asked when it is picked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub or_other: bool,
    /// The answer filled in before the canvasser changes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// How the phone shows it (`minimal`, `horizontal`, `multiline`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<String>,
    /// Shown, not editable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Which choices to offer, from earlier answers (`state = ${state}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice_filter: Option<String>,
    /// The name of the choice list on the choices sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// The choices come from this CSV, attached to the survey (`select_one_from_file`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices_file: Option<String>,
    /// A calculation that gives a shown question its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation: Option<String>,
    /// The workbook's `parameters` cell, kept as written (`max-pixels=1024`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<String>,
}

impl Details {
    pub fn is_empty(&self) -> bool {
        self == &Details::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The question's code, used in answers, exports and skip logic.
    pub name: String,
    pub label: Labels,
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub hint: Labels,
    #[serde(default)]
    pub required: bool,
    /// Used to weight results to the population (age band, gender, ...).
    #[serde(default)]
    pub demographic: bool,
    /// Skip logic: ask only when this holds (XLSForm syntax, e.g. `${age} >= 18`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    #[serde(flatten)]
    pub kind: QuestionKind,
    #[serde(flatten)]
    pub details: Details,
}

impl Question {
    /// Where its answer is kept in [`super::Answers`]: its name, after the path of its groups
    /// when it is in one (`household/members/age`).
    pub fn key(&self) -> String {
        match &self.details.group {
            Some(path) => format!("{path}/{}", self.name),
            None => self.name.clone(),
        }
    }

    /// The label to show: the label, else the hint, else the code.
    pub fn shown_label(&self, lang: Language) -> &str {
        if !self.label.is_empty() {
            self.label.get(lang)
        } else if !self.hint.is_empty() {
            self.hint.get(lang)
        } else {
            &self.name
        }
    }
}

/// A group of questions, shown as one section on the phone, or a repeat: the same questions
/// asked once per row (a household's members).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    /// The path of the groups it is in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub label: Labels,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<String>,
    /// Asked once per row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
    /// How many rows, when the form fixes it (`${household_size}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_count: Option<String>,
    /// Where it opens: the index in the question list of its first question.
    pub at: usize,
}

impl Group {
    /// Its own path (`household/members`): its parents' path and its name.
    pub fn path(&self) -> String {
        match &self.parent {
            Some(p) => format!("{p}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A whole survey definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyDefinition {
    /// A stable code for the survey (XLSForm `form_id`).
    pub form_id: String,
    pub title: Labels,
    /// Every question in the order asked, at every depth.
    pub questions: Vec<Question>,
    /// The groups and repeats, in the order they open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The form's languages other than the interface's four, by key, as the workbook names
    /// them (`ar` → `Arabic (ar)`), so an export writes the same columns.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<String, String>,
    /// The form's version (XLSForm `version`), if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The workbook's other settings (`instance_name`, `allow_choice_duplicates`...), kept as
    /// written so an export carries them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
}

impl SurveyDefinition {
    pub fn question(&self, name: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.name == name)
    }

    /// The question whose answer is kept under `key`.
    pub fn question_at(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key() == key)
    }

    pub fn group(&self, path: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.path() == path)
    }

    /// The nearest repeat around a group path (itself included), if any.
    pub fn repeat_of(&self, path: Option<&str>) -> Option<&Group> {
        let mut path = path?.to_owned();
        loop {
            if let Some(g) = self.group(&path)
                && g.repeat
            {
                return Some(g);
            }
            match path.rsplit_once('/') {
                Some((parent, _)) => path = parent.to_owned(),
                None => return None,
            }
        }
    }

    /// Whether question `i` takes exactly one choice per response: a single choice outside any
    /// repeat (inside one, a response holds the choices of all its rows).
    pub fn one_answer(&self, i: usize) -> bool {
        self.questions.get(i).is_some_and(|q| {
            matches!(q.kind, QuestionKind::SingleChoice { .. })
                && self.repeat_of(q.details.group.as_deref()).is_none()
        })
    }

    /// The questions answered once per response (not inside a repeat): what results count.
    pub fn respondent_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(|q| self.repeat_of(q.details.group.as_deref()).is_none())
    }

    /// Removes a question, keeping every group where it was.
    pub fn remove_question(&mut self, i: usize) {
        if i < self.questions.len() {
            self.questions.remove(i);
            for g in &mut self.groups {
                if g.at > i {
                    g.at -= 1;
                }
            }
        }
    }

    /// Swaps a question with the next one when both sit in the same group and no group opens
    /// between them (a question does not leave its group by moving); whether it moved.
    pub fn swap_with_next(&mut self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.questions.get(i), self.questions.get(i + 1)) else {
            return false;
        };
        let same_place =
            a.details.group == b.details.group && !self.groups.iter().any(|g| g.at == i + 1);
        if same_place {
            self.questions.swap(i, i + 1);
        }
        same_place
    }

    /// Every language key the form uses, interface languages first.
    pub fn language_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        let mut add = |l: &Labels| {
            for k in l.0.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        };
        add(&self.title);
        for q in &self.questions {
            add(&q.label);
            add(&q.hint);
            add(&q.details.constraint_message);
            add(&q.details.required_message);
            for c in q.kind.choices() {
                add(&c.label);
            }
        }
        for g in &self.groups {
            add(&g.label);
        }
        keys.sort_by_key(|k| {
            (
                Language::ALL
                    .iter()
                    .position(|l| l.code() == k)
                    .unwrap_or(9),
                k.clone(),
            )
        });
        keys
    }
}

/// A survey's title as typed.
pub fn parse_title(raw: &str) -> Result<String, FieldError> {
    clean_text("title", raw, 1, 200)
}

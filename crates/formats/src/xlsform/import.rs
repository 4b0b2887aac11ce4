//! From a workbook's sheets to a survey definition: question types and header spellings as
//! XLSForm tools write them, groups and repeats, labels in any language the form names, and
//! every problem of the file listed with its sheet, row and column.

use super::lists::{read_lists, unroll_loop};
use super::sheets::Sheet;
use super::{XlsFormError, err};
use enquete_domain::people::Language;
use enquete_domain::survey::{
    Choice, DEFAULT_LANGUAGE, Details, Group, Labels, MediaKind, Question, QuestionKind,
    SurveyDefinition,
};
use std::collections::BTreeMap;

/// Metadata types: filled in by the phone, never asked. The `uri:` spellings are the same.
const METADATA: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
    "background-geopoint",
];

/// The language key of a column's language as written (`English (en)` → `en`, `Arabic (ar)`
/// → `ar`, `Português` → `Português`).
pub(crate) fn language_key(spec: &str) -> String {
    let spec = spec.trim();
    let code = match (spec.rfind('('), spec.rfind(')')) {
        (Some(open), Some(close)) if open < close => spec
            .get(open + 1..close)
            .unwrap_or("")
            .trim()
            .to_lowercase(),
        _ => spec.to_lowercase(),
    };
    let code = match code.as_str() {
        "english" => "en",
        "nederlands" | "dutch" | "vlaams" => "nl",
        "français" | "francais" | "french" => "fr",
        "deutsch" | "german" => "de",
        other => other,
    };
    if Language::parse(code).is_ok() {
        return code.to_owned();
    }
    match (spec.rfind('('), spec.rfind(')')) {
        (Some(open), Some(close)) if open < close && !code.is_empty() => code.to_owned(),
        _ => spec.to_owned(),
    }
}

/// The columns of one per-language kind (`label`, `hint`...): (column, language key).
pub(super) fn language_columns(sheet: &Sheet, kind: &str, plain: &str) -> Vec<(usize, String)> {
    let prefix = format!("{kind}::");
    sheet
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            if h == kind {
                Some((i, plain.to_owned()))
            } else {
                h.strip_prefix(&prefix).map(|spec| (i, language_key(spec)))
            }
        })
        .collect()
}

pub(super) fn labels_of(row: &[String], columns: &[(usize, String)]) -> Labels {
    Labels(
        columns
            .iter()
            .filter_map(|(i, lang)| {
                row.get(*i)
                    .filter(|t| !t.is_empty())
                    .map(|t| (lang.clone(), t.clone()))
            })
            .collect(),
    )
}

fn yes(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "yes" | "true" | "1" | "true()" | "y"
    )
}

fn no(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "" | "no" | "false" | "0" | "false()" | "n"
    )
}

/// `start=0 end=10 step=1` → map.
fn parameters(raw: &str) -> BTreeMap<String, String> {
    raw.split([' ', ';', ','])
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect()
}

/// Bounds from a constraint of the form `. >= 1 and . <= 20`.
fn number_bounds(constraint: &str) -> Option<(Option<i64>, Option<i64>)> {
    let (mut lo, mut hi) = (None, None);
    for part in constraint.split(" and ") {
        let part = part.trim();
        if let Some(n) = part
            .strip_prefix(".>=")
            .or_else(|| part.strip_prefix(". >="))
        {
            lo = Some(n.trim().parse().ok()?);
        } else if let Some(n) = part
            .strip_prefix(".<=")
            .or_else(|| part.strip_prefix(". <="))
        {
            hi = Some(n.trim().parse().ok()?);
        } else {
            return None;
        }
    }
    Some((lo, hi))
}

/// The length from `string-length(.) <= N`.
fn text_limit(constraint: &str) -> Option<u32> {
    let rest = constraint.trim().strip_prefix("string-length(.)")?.trim();
    rest.strip_prefix("<=")?
        .trim()
        .parse()
        .ok()
        .filter(|n| (1..=10_000).contains(n))
}

/// A form id as a code: lower case, anything else than letters, digits and `_` as `_`.
pub(super) fn form_code(raw: &str) -> String {
    let mut code: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if code.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        code.insert(0, '_');
        code.truncate(64);
    }
    code
}

/// The type cell in one spelling: `begin group`, `select one x`, `select one from x`, `select
/// all that apply from x or specify other` and `select_one x` read alike.
fn type_words(raw: &str) -> Vec<String> {
    let lower = raw.to_lowercase();
    let mut words: Vec<String> = raw.split_whitespace().map(str::to_owned).collect();
    let low: Vec<String> = lower.split_whitespace().map(str::to_owned).collect();
    let starts =
        |prefix: &[&str]| prefix.len() <= low.len() && prefix.iter().zip(&low).all(|(a, b)| a == b);
    let spellings: &[(&[&str], &str)] = &[
        (
            &["select", "all", "that", "apply", "from"],
            "select_multiple",
        ),
        (&["select", "all", "that", "apply"], "select_multiple"),
        (&["select", "one", "from", "file"], "select_one_from_file"),
        (
            &["select", "multiple", "from", "file"],
            "select_multiple_from_file",
        ),
        (&["select_one", "from", "file"], "select_one_from_file"),
        (
            &["select_multiple", "from", "file"],
            "select_multiple_from_file",
        ),
        (&["select", "one", "from"], "select_one"),
        (&["select", "multiple", "from"], "select_multiple"),
        (&["select", "one"], "select_one"),
        (&["select", "multiple"], "select_multiple"),
        (&["begin", "group"], "begin_group"),
        (&["begin", "repeat"], "begin_repeat"),
        (&["begin", "loop"], "begin_loop"),
        (&["end", "group"], "end_group"),
        (&["end", "repeat"], "end_repeat"),
        (&["end", "loop"], "end_loop"),
    ];
    if let Some((prefix, joined)) = spellings.iter().find(|(p, _)| starts(p)) {
        words.splice(0..prefix.len(), [(*joined).to_owned()]);
    } else if let Some(first) = words.first_mut() {
        *first = first.to_lowercase();
    }
    // `or specify other` is `or_other`.
    let n = words.len();
    if n >= 3
        && words.get(n - 3..).is_some_and(|t| {
            t.iter()
                .map(|w| w.to_lowercase())
                .eq(["or", "specify", "other"])
        })
    {
        words.truncate(n - 3);
        words.push("or_other".into());
    }
    words
}

/// Typographic quotes typed into an expression by a word processor (`‘yes’`), read as the
/// quotes they stand for.
fn plain_quotes(expr: &str) -> String {
    expr.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
}

/// An open `begin group` / `begin repeat` while the rows are read.
struct Open {
    path: String,
    row: usize,
    /// For `begin loop over LIST`: the list, and where its questions and groups start.
    looped: Option<(String, usize, usize)>,
}

pub(super) struct Workbook {
    pub survey: Sheet,
    pub choices: Option<Sheet>,
    pub settings: Option<Sheet>,
    pub external: Option<Sheet>,
}

pub(super) fn definition(book: &Workbook) -> Result<SurveyDefinition, Vec<XlsFormError>> {
    let mut problems: Vec<XlsFormError> = Vec::new();
    let survey = &book.survey;
    let settings = book.settings.as_ref();
    let setting = |key: &str| -> String {
        settings
            .and_then(|s| s.rows.first().map(|(_, r)| s.cell(r, key).to_owned()))
            .unwrap_or_default()
    };
    let plain = {
        let raw = setting("default_language");
        if raw.is_empty() {
            DEFAULT_LANGUAGE.to_owned()
        } else {
            language_key(&raw)
        }
    };
    let mut languages: BTreeMap<String, String> = BTreeMap::new();
    for sheet in [
        Some(survey),
        book.choices.as_ref(),
        settings,
        book.external.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        for h in &sheet.header {
            if let Some((kind, spec)) = h.split_once("::")
                && [
                    "label",
                    "hint",
                    "form_title",
                    "constraint_message",
                    "required_message",
                ]
                .contains(&kind)
            {
                languages.insert(language_key(spec), spec.to_owned());
            }
        }
    }
    if !setting("default_language").is_empty() && plain != DEFAULT_LANGUAGE {
        languages
            .entry(plain.clone())
            .or_insert_with(|| setting("default_language"));
    }
    // Kept: how the workbook names a language, unless it is how an export would name it.
    languages.retain(|key, written| {
        Language::parse(key).map_or(true, |l| {
            *written != format!("{} ({})", l.endonym(), l.code())
        })
    });

    for needed in ["type", "name"] {
        if survey.column(needed).is_none() {
            problems.push(err(
                "survey",
                Some(1),
                None,
                format!("has no {needed} column"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let label_cols = language_columns(survey, "label", &plain);
    let hint_cols = language_columns(survey, "hint", &plain);
    let constraint_msg_cols = language_columns(survey, "constraint_message", &plain);
    let required_msg_cols = language_columns(survey, "required_message", &plain);
    let mut image_cols = language_columns(survey, "image", &plain);
    image_cols.extend(survey.header.iter().enumerate().filter_map(|(i, h)| {
        h.strip_prefix("media::image::")
            .map(|l| (i, language_key(l)))
    }));
    if let Some(i) = survey.column("media::image") {
        image_cols.push((i, plain.clone()));
    }

    let lists = read_lists(book.choices.as_ref(), "choices", &plain, &mut problems);
    let external = read_lists(
        book.external.as_ref(),
        "external_choices",
        &plain,
        &mut problems,
    );

    let mut questions: Vec<Question> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut rows_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut open: Vec<Open> = Vec::new();
    for (row_no, row) in &survey.rows {
        let row_no = *row_no;
        let cell = |c: &str| survey.cell(row, c);
        let mut at = |column: &str, problem: String| {
            problems.push(err("survey", Some(row_no), Some(column), problem));
        };
        if yes(cell("disabled")) {
            continue;
        }
        let type_text = cell("type");
        let name = cell("name").to_owned();
        if type_text.is_empty() {
            if !name.is_empty() {
                at("type", format!("is empty, but the row names {name}"));
            }
            continue;
        }
        let words = type_words(type_text);
        let base = words.first().cloned().unwrap_or_default();
        let arg = words.get(1).cloned();
        let group_path = open.last().map(|o| o.path.clone());
        match base.as_str() {
            "begin_group" | "begin_repeat" | "begin_loop" => {
                let looped = if base == "begin_loop" {
                    // `begin loop over LIST`: the questions once per choice of the list.
                    let list = words
                        .iter()
                        .skip(1)
                        .find(|w| !w.eq_ignore_ascii_case("over"));
                    match list {
                        Some(l) if lists.contains_key(l) => Some(l.clone()),
                        _ => {
                            at(
                                "type",
                                "a loop needs a choice list: begin loop over LIST".into(),
                            );
                            continue;
                        }
                    }
                } else {
                    None
                };
                if name.is_empty() {
                    at(
                        "name",
                        format!("is empty; a {} needs a name", base.replace('_', " ")),
                    );
                    continue;
                }
                let repeat = base == "begin_repeat";
                let g = Group {
                    name: name.clone(),
                    parent: group_path.clone(),
                    label: labels_of(row, &label_cols),
                    relevant: Some(plain_quotes(cell("relevant"))).filter(|s| !s.is_empty()),
                    appearance: Some(cell("appearance").to_owned()).filter(|s| !s.is_empty()),
                    repeat,
                    repeat_count: Some(plain_quotes(cell("repeat_count")))
                        .filter(|s| repeat && !s.is_empty()),
                    at: questions.len(),
                };
                let path = g.path();
                rows_of.insert(name, row_no);
                open.push(Open {
                    path,
                    row: row_no,
                    looped: looped.map(|l| (l, questions.len(), groups.len() + 1)),
                });
                groups.push(g);
                continue;
            }
            "end_group" | "end_repeat" | "end_loop" => {
                match open.pop() {
                    None => at(
                        "type",
                        format!("{type_text} closes nothing: no group is open here"),
                    ),
                    Some(Open {
                        path,
                        looped: Some((list, q_start, g_start)),
                        ..
                    }) => {
                        let choices = lists.get(&list).cloned().unwrap_or_default();
                        unroll_loop(
                            &path,
                            &choices,
                            &mut questions,
                            &mut groups,
                            q_start,
                            g_start,
                        );
                    }
                    Some(_) => {}
                }
                continue;
            }
            _ => {}
        }
        if name.is_empty() {
            at("name", "is empty".into());
            continue;
        }
        let params = cell("parameters");
        let constraint_text = plain_quotes(cell("constraint"));
        let constraint = constraint_text.as_str();
        let mut details = Details {
            group: group_path,
            constraint: Some(constraint.to_owned()).filter(|s| !s.is_empty()),
            constraint_message: labels_of(row, &constraint_msg_cols),
            required_message: labels_of(row, &required_msg_cols),
            image: labels_of(row, &image_cols),
            default: Some(cell("default").to_owned()).filter(|s| !s.is_empty()),
            appearance: Some(cell("appearance").to_owned()).filter(|s| !s.is_empty()),
            read_only: yes(cell("read_only")),
            choice_filter: Some(plain_quotes(cell("choice_filter"))).filter(|s| !s.is_empty()),
            parameters: Some(params.to_owned()).filter(|s| !s.is_empty()),
            ..Details::default()
        };
        // A choice list named but missing is said once, at the type, and the row left.
        let takes_list = (base.starts_with("select") && !base.contains("file")) || base == "rank";
        let sheet_lists = if base.ends_with("_external") {
            &external
        } else {
            &lists
        };
        if takes_list && let Some(l) = arg.as_ref().filter(|l| !sheet_lists.contains_key(*l)) {
            at(
                "type",
                format!("the choice list {l} is not on the choices sheet"),
            );
            continue;
        }
        // The choices of the list the type names (it is there: see above).
        let list_of = |list: Option<&String>,
                       lists: &BTreeMap<String, Vec<Choice>>,
                       at: &mut dyn FnMut(&str, String)|
         -> Vec<Choice> {
            match list {
                Some(list) => lists.get(list).cloned().unwrap_or_default(),
                None => {
                    at(
                        "type",
                        format!("{base} needs a choice list name, like {base} yes_no"),
                    );
                    Vec::new()
                }
            }
        };
        let mut extra_words = words.len() > 2;
        let only_keys = |keys: &[&str]| {
            parameters(params)
                .keys()
                .all(|k| keys.contains(&k.as_str()))
        };
        let kind = match base.as_str() {
            "select_one" | "select_multiple" | "select_all_that_apply" | "rank" => {
                let mut choices = list_of(arg.as_ref(), &lists, &mut at);
                // The list's name, unless it is the one an export would give it anyway.
                details.list = arg.clone().filter(|l| *l != format!("{name}_choices"));
                if words
                    .get(2)
                    .is_some_and(|w| w.eq_ignore_ascii_case("or_other"))
                {
                    extra_words = words.len() > 3;
                    details.or_other = true;
                    if !choices.iter().any(|c| c.name == "other") {
                        choices.push(Choice {
                            name: "other".into(),
                            label: Labels(
                                labels_of(row, &label_cols)
                                    .0
                                    .into_keys()
                                    .map(|l| (l, "Other".to_owned()))
                                    .collect(),
                            ),
                            columns: BTreeMap::new(),
                        });
                    }
                }
                match base.as_str() {
                    "select_one" => QuestionKind::SingleChoice { choices },
                    "rank" => {
                        let max = match parameters(params).get("max") {
                            Some(m) => m.parse::<u8>().unwrap_or_else(|_| {
                                at("parameters", format!("max={m} is not a small whole number"));
                                1
                            }),
                            None => u8::try_from(choices.len()).unwrap_or(u8::MAX),
                        };
                        if only_keys(&["max"]) {
                            details.parameters = None;
                        }
                        QuestionKind::Ranking { choices, max }
                    }
                    _ => QuestionKind::MultipleChoice { choices },
                }
            }
            "select_one_external" | "select_multiple_external" => {
                let choices = list_of(arg.as_ref(), &external, &mut at);
                details.list = arg.clone();
                details.choices_file = Some("itemsets.csv".into());
                if base == "select_one_external" {
                    QuestionKind::SingleChoice { choices }
                } else {
                    QuestionKind::MultipleChoice { choices }
                }
            }
            "select_one_from_file" | "select_multiple_from_file" => {
                match &arg {
                    Some(file)
                        if [".csv", ".xml", ".geojson"]
                            .iter()
                            .any(|ext| file.to_lowercase().ends_with(ext))
                            && enquete_domain::survey::is_file_name(file) =>
                    {
                        details.choices_file = Some(file.clone());
                    }
                    _ => at(
                        "type",
                        format!("{base} needs the name of a .csv, .xml or .geojson file"),
                    ),
                }
                if base == "select_one_from_file" {
                    QuestionKind::SingleChoice {
                        choices: Vec::new(),
                    }
                } else {
                    QuestionKind::MultipleChoice {
                        choices: Vec::new(),
                    }
                }
            }
            "integer" | "int" => {
                // The bounds show on the phone; the constraint is kept as written.
                let (min, max) = match number_bounds(constraint) {
                    Some(bounds) if !constraint.is_empty() => bounds,
                    _ => (None, None),
                };
                let canonical: Vec<String> = [
                    min.map(|m| format!(". >= {m}")),
                    max.map(|m| format!(". <= {m}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if canonical.join(" and ") == constraint {
                    details.constraint = None;
                }
                QuestionKind::Number { min, max }
            }
            "text" | "string" => {
                let max_length = text_limit(constraint).unwrap_or(2000);
                if format!("string-length(.) <= {max_length}") == constraint {
                    details.constraint = None;
                }
                QuestionKind::Text { max_length }
            }
            "range" => {
                let p = parameters(params);
                let num = |key: &str, default: i64| -> Option<i64> {
                    p.get(key).map_or(Some(default), |v| v.parse().ok())
                };
                match (num("start", 1), num("end", 10), num("step", 1)) {
                    (Some(min), Some(max), Some(1)) => {
                        if only_keys(&["start", "end", "step"]) {
                            details.parameters = None;
                        }
                        QuestionKind::Scale { min, max }
                    }
                    _ => QuestionKind::Decimal,
                }
            }
            "decimal" => QuestionKind::Decimal,
            "date" => QuestionKind::Date,
            "time" => QuestionKind::Time,
            "datetime" => QuestionKind::DateTime,
            "geopoint" | "gps" | "location" => QuestionKind::Geopoint,
            "geotrace" => QuestionKind::Geotrace,
            "geoshape" => QuestionKind::Geoshape,
            "image" | "photo" => QuestionKind::Media {
                media: MediaKind::Image,
            },
            "audio" => QuestionKind::Media {
                media: MediaKind::Audio,
            },
            "video" => QuestionKind::Media {
                media: MediaKind::Video,
            },
            "file" => QuestionKind::Media {
                media: MediaKind::File,
            },
            "osm" => QuestionKind::Media {
                media: MediaKind::Osm,
            },
            "barcode" => QuestionKind::Barcode,
            "acknowledge" | "trigger" => QuestionKind::Acknowledge,
            "note" => QuestionKind::Note,
            "calculate" => QuestionKind::Calculate {
                calculation: plain_quotes(cell("calculation")),
            },
            "hidden" => QuestionKind::Metadata {
                what: "hidden".into(),
            },
            other => {
                let plain_meta = other.strip_prefix("uri:").unwrap_or(other);
                if METADATA.contains(&plain_meta) {
                    QuestionKind::Metadata {
                        what: other.to_owned(),
                    }
                } else {
                    at(
                        "type",
                        format!(
                            "{other} is not a question type Enquête knows (ODK's types: text, integer, decimal, select_one, select_multiple, rank, range, date, time, datetime, geopoint, geotrace, geoshape, image, audio, video, file, barcode, acknowledge, note, calculate, begin group, begin repeat)"
                        ),
                    );
                    continue;
                }
            }
        };
        if extra_words {
            at(
                "type",
                format!("{type_text:?} has more words than expected"),
            );
        }
        let required_text = plain_quotes(cell("required"));
        let required_cell = required_text.as_str();
        let required = yes(required_cell);
        if !required && !no(required_cell) {
            details.required_if = Some(required_cell.to_owned());
        }
        let calculation = plain_quotes(cell("calculation"));
        if !calculation.is_empty() && !matches!(kind, QuestionKind::Calculate { .. }) {
            details.calculation = Some(calculation);
        }
        let or_other = words
            .get(2)
            .is_some_and(|w| w.eq_ignore_ascii_case("or_other"));
        let relevant = plain_quotes(cell("relevant"));
        rows_of.entry(name.clone()).or_insert(row_no);
        let q = Question {
            name: name.clone(),
            label: labels_of(row, &label_cols),
            hint: labels_of(row, &hint_cols),
            required,
            demographic: yes(cell("enquete::demographic")),
            relevant: (!relevant.is_empty()).then_some(relevant),
            kind,
            details,
        };
        let group = q.details.group.clone();
        questions.push(q);
        if or_other {
            // What `or_other` means in XLSForm: a text question, asked when "other" is picked.
            questions.push(Question {
                name: format!("{name}_other"),
                label: Labels(
                    questions
                        .last()
                        .map(|q| q.label.0.keys().cloned().collect::<Vec<_>>())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|l| (l, "Specify other.".to_owned()))
                        .collect(),
                ),
                hint: Labels::default(),
                required: false,
                demographic: false,
                relevant: Some(format!("selected(${{{name}}}, 'other')")),
                kind: QuestionKind::Text { max_length: 2000 },
                details: Details {
                    group,
                    ..Details::default()
                },
            });
        }
    }
    for o in &open {
        problems.push(err(
            "survey",
            Some(o.row),
            Some("type"),
            format!(
                "the group {} is never closed (add an end group row)",
                o.path
            ),
        ));
    }

    let form_id = {
        let raw = setting("form_id");
        if raw.is_empty() {
            "survey".to_owned()
        } else {
            form_code(&raw)
        }
    };
    let mut title = Labels::default();
    if let Some(s) = settings {
        let first = s.rows.first().map(|(_, r)| r.as_slice()).unwrap_or(&[]);
        let mut columns = language_columns(s, "form_title", &plain);
        columns.extend(language_columns(s, "enquete::title", &plain));
        for (i, lang) in columns {
            if let Some(text) = first.get(i).filter(|t| !t.is_empty()) {
                title.0.insert(lang, text.clone());
            }
        }
    }
    if title.is_empty() {
        title
            .0
            .insert(plain.clone(), setting("form_id").trim().to_owned());
        if title.is_empty() {
            title.0.insert(plain.clone(), form_id.clone());
        }
    }
    let version = Some(setting("version")).filter(|v| !v.is_empty());
    // The other settings (instance_name, allow_choice_duplicates, style...) are kept as written.
    let kept_settings = settings
        .and_then(|s| s.rows.first().map(|(_, r)| (s, r)))
        .map(|(s, r)| {
            s.header
                .iter()
                .zip(r)
                .filter(|(h, v)| {
                    !v.is_empty()
                        && !["form_id", "form_title", "version", "default_language"]
                            .contains(&h.as_str())
                        && !h.starts_with("form_title::")
                        && !h.starts_with("enquete::title")
                })
                .map(|(h, v)| (h.clone(), plain_quotes(v)))
                .collect()
        })
        .unwrap_or_default();
    let definition = SurveyDefinition {
        form_id,
        title,
        questions,
        groups,
        languages,
        version,
        settings: kept_settings,
    };
    for e in definition.problems() {
        let item = e
            .problem
            .get("question")
            .or_else(|| e.problem.get("item"))
            .map(|name| name.rsplit('/').next().unwrap_or(name).to_owned());
        let (sheet, row) = match e.field {
            "form_id" => ("settings", Some(2)),
            _ => (
                "survey",
                item.as_deref().and_then(|n| rows_of.get(n).copied()),
            ),
        };
        problems.push(err(sheet, row, Some(e.field), e.problem.to_string()));
    }
    if problems.is_empty() {
        Ok(definition)
    } else {
        problems.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
        problems.dedup();
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_spellings_read_alike() {
        assert_eq!(type_words("begin group"), ["begin_group"]);
        assert_eq!(type_words("Begin Repeat"), ["begin_repeat"]);
        assert_eq!(type_words("select one  yes_no"), ["select_one", "yes_no"]);
        assert_eq!(
            type_words("select_one_from_file villages.csv"),
            ["select_one_from_file", "villages.csv"]
        );
        assert_eq!(
            type_words("select one from file villages.csv"),
            ["select_one_from_file", "villages.csv"]
        );
        assert_eq!(
            type_words("select_multiple x or_other"),
            ["select_multiple", "x", "or_other"]
        );
    }

    #[test]
    fn languages_and_form_ids() {
        assert_eq!(language_key("English (en)"), "en");
        assert_eq!(language_key("english"), "en");
        assert_eq!(language_key("Arabic (ar)"), "ar");
        assert_eq!(language_key("Português"), "Português");
        assert_eq!(form_code("LEGEND-C2 Assinantes"), "legend_c2_assinantes");
        assert_eq!(form_code("2024_msna"), "_2024_msna");
    }
}

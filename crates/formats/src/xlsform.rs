//! XLSForm in and out: a workbook with a `survey` sheet (one row per question), a `choices`
//! sheet (the answer lists) and an optional `settings` sheet.
//!
//! Supported: `select_one LIST`, `select_multiple LIST`, `rank LIST` (`parameters: max=N`),
//! `integer` (bounds as `constraint: . >= N and . <= M`), `text` (`constraint:
//! string-length(.) <= N`), `range` (`parameters: start=0 end=10 step=1`); `required`,
//! `relevant` (Enquête's subset of the expression language), `label`/`hint` per language
//! (`label::Nederlands (nl)`, `label::fr`, or a plain `label`), and an `enquete::demographic`
//! column. Metadata rows (`start`, `end`, `today`, `deviceid`, ...) are skipped. Anything else
//! is refused with the sheet, row and column that hold it.

use calamine::{DataRef, Reader, Xlsx, open_workbook_from_rs};
use enquete_domain::people::Language;
use enquete_domain::survey::{Choice, Labels, Question, QuestionKind, SurveyDefinition};
use rust_xlsxwriter::Workbook;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;

/// What is wrong with a workbook, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsFormError {
    pub sheet: String,
    /// The spreadsheet row, counting from 1 as a spreadsheet does.
    pub row: Option<usize>,
    pub column: Option<String>,
    pub problem: String,
}

impl fmt::Display for XlsFormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} sheet", self.sheet)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for XlsFormError {}

fn err(
    sheet: &str,
    row: Option<usize>,
    column: Option<&str>,
    problem: impl Into<String>,
) -> XlsFormError {
    XlsFormError {
        sheet: sheet.to_owned(),
        row,
        column: column.map(str::to_owned),
        problem: problem.into(),
    }
}

/// Metadata question types that collect nothing from the respondent; skipped on import.
const METADATA: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
];

/// A sheet as rows of trimmed text, with its header mapped to column positions.
struct Sheet {
    name: String,
    header: Vec<String>,
    /// (spreadsheet row number, cells)
    rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn cell<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.column(column)
            .and_then(|i| row.get(i))
            .map_or("", String::as_str)
    }
}

/// The largest sheet read: forms are a few hundred rows wide at most, and a cell far away
/// (say XFD1048576) must not make the reader allocate the whole empty square up to it.
const MAX_ROWS: u32 = 5000;
const MAX_COLUMNS: u32 = 100;

fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(e) => format!("{e:?}"),
    }
}

fn read_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    required: bool,
) -> Result<Option<Sheet>, XlsFormError> {
    let Some(real) = book
        .sheet_names()
        .into_iter()
        .find(|n| n.trim().eq_ignore_ascii_case(name))
    else {
        return if required {
            Err(err(
                name,
                None,
                None,
                format!("the workbook has no sheet called {name}"),
            ))
        } else {
            Ok(None)
        };
    };
    let mut reader = book
        .worksheet_cells_reader(&real)
        .map_err(|e| err(name, None, None, format!("cannot be read: {e}")))?;
    // Cells come one at a time; only the ones present are kept.
    let mut grid: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| err(name, None, None, format!("cannot be read: {e}")))?
    {
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(err(
                name,
                Some(row as usize + 1),
                None,
                format!(
                    "the sheet goes beyond what Enquête reads ({MAX_ROWS} rows, {MAX_COLUMNS} columns)"
                ),
            ));
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = (row as usize, column as usize);
        if grid.len() <= row {
            grid.resize_with(row + 1, Vec::new);
        }
        if let Some(cells) = grid.get_mut(row) {
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            if let Some(slot) = cells.get_mut(column) {
                *slot = text;
            }
        }
    }
    let mut rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| (i + 1, cells));
    let header = match rows.next() {
        Some((_, cells)) if !cells.is_empty() => {
            cells.into_iter().map(|h| h.to_lowercase_header()).collect()
        }
        _ if required => {
            return Err(err(
                name,
                None,
                None,
                "the sheet is empty (its first row must name the columns)",
            ));
        }
        _ => Vec::new(),
    };
    let rows = rows
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    Ok(Some(Sheet {
        name: name.to_owned(),
        header,
        rows,
    }))
}

/// Header names compare without case in the part before `::` (`Label::Nederlands (nl)`).
trait HeaderCase {
    fn to_lowercase_header(&self) -> String;
}

impl HeaderCase for String {
    fn to_lowercase_header(&self) -> String {
        match self.split_once("::") {
            Some((head, rest)) => format!("{}::{}", head.trim().to_lowercase(), rest.trim()),
            None => self.trim().to_lowercase(),
        }
    }
}

/// Reads the language of a `label::...` column: `Nederlands (nl)`, `nl`, `Dutch`, ...
fn language_of(spec: &str) -> Option<Language> {
    let code = match (spec.rfind('('), spec.rfind(')')) {
        (Some(open), Some(close)) if open < close => spec
            .get(open + 1..close)
            .unwrap_or("")
            .trim()
            .to_lowercase(),
        _ => spec.trim().to_lowercase(),
    };
    let code = match code.as_str() {
        "english" => "en",
        "nederlands" | "dutch" | "vlaams" => "nl",
        "français" | "francais" | "french" => "fr",
        "deutsch" | "german" => "de",
        other => other,
    };
    Language::parse(code).ok()
}

/// The language columns of one kind (`label` or `hint`) of a sheet: (column index, language).
fn language_columns(
    sheet: &Sheet,
    kind: &str,
    default: Language,
) -> Result<Vec<(usize, Language)>, XlsFormError> {
    let mut out = Vec::new();
    for (i, h) in sheet.header.iter().enumerate() {
        if h == kind {
            out.push((i, default));
        } else if let Some(spec) = h.strip_prefix(&format!("{kind}::")) {
            let lang = language_of(spec).ok_or_else(|| {
                err(&sheet.name, Some(1), Some(h), "Enquête speaks nl, fr, de and en; write the column as label::Nederlands (nl) and so on")
            })?;
            out.push((i, lang));
        }
    }
    Ok(out)
}

fn labels_of(row: &[String], columns: &[(usize, Language)]) -> Labels {
    Labels(
        columns
            .iter()
            .filter_map(|(i, lang)| {
                row.get(*i)
                    .filter(|t| !t.is_empty())
                    .map(|t| (lang.code().to_owned(), t.clone()))
            })
            .collect(),
    )
}

fn yes(value: &str) -> bool {
    matches!(
        value.to_lowercase().as_str(),
        "yes" | "true" | "1" | "true()"
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
    rest.strip_prefix("<=")?.trim().parse().ok()
}

/// Reads an XLSForm workbook into a survey definition, or says where it is wrong.
///
/// The workbook reader is another project's code fed with whatever was uploaded; should it
/// panic on a damaged file (fuzzing found an arithmetic overflow in its cell-reference parser),
/// the organizer gets an error about the file instead of a broken connection.
pub fn import(bytes: &[u8]) -> Result<SurveyDefinition, XlsFormError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(bytes))).unwrap_or_else(
        |_| {
            Err(err(
                "workbook",
                None,
                None,
                "is damaged: Enquête could not read it (save it again as .xlsx and retry)",
            ))
        },
    )
}

/// What an uploaded workbook may unpack to, checked before it is parsed: an XLSForm is a few
/// hundred kilobytes unpacked, a zip bomb of 200 KB unpacks to hundreds of megabytes.
const MAX_ENTRIES: usize = 200;
const MAX_UNPACKED: u64 = 20 * 1024 * 1024;
const MAX_SHARED_STRINGS: u64 = 10 * 1024 * 1024;

fn too_big(problem: String) -> XlsFormError {
    err("workbook", None, None, problem)
}

/// Refuses a workbook with too many entries, or whose entries unpack to too much: first from the
/// sizes its central directory declares, then by unpacking each entry (without keeping it) no
/// further than its limit, in case the headers lie.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), XlsFormError> {
    use std::io::Read;
    let damaged = |e: zip::result::ZipError| {
        err(
            "workbook",
            None,
            None,
            format!("is not an .xlsx file Enquête can read: {e}"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_big(format!(
            "has {} parts; an XLSForm has at most {MAX_ENTRIES}",
            zip.len()
        )));
    }
    let mb = |n: u64| n / (1024 * 1024);
    let limit_of = |name: &str| {
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            MAX_SHARED_STRINGS
        } else {
            MAX_UNPACKED
        }
    };
    let refuse = |name: &str, limit: u64| {
        if limit == MAX_SHARED_STRINGS {
            too_big(format!(
                "its text ({name}) unpacks to more than {} MB",
                mb(limit)
            ))
        } else {
            too_big(format!("unpacks to more than {} MB", mb(MAX_UNPACKED)))
        }
    };
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.to_string();
        let limit = limit_of(&name);
        declared = declared.saturating_add(entry.size());
        if entry.size() > limit {
            return Err(refuse(&name, limit));
        }
        if declared > MAX_UNPACKED {
            return Err(refuse(&name, MAX_UNPACKED));
        }
    }
    let mut unpacked: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.to_string();
        let limit = limit_of(&name).min(MAX_UNPACKED.saturating_sub(unpacked));
        let read = std::io::copy(
            &mut entry.take(limit.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            err(
                "workbook",
                None,
                None,
                format!("is damaged: {e} (save it again as .xlsx and retry)"),
            )
        })?;
        if read > limit {
            return Err(refuse(&name, limit_of(&name)));
        }
        unpacked = unpacked.saturating_add(read);
    }
    Ok(())
}

fn read_workbook(bytes: &[u8]) -> Result<SurveyDefinition, XlsFormError> {
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        err(
            "workbook",
            None,
            None,
            format!("is not an .xlsx file Enquête can read: {e}"),
        )
    })?;
    let survey = read_sheet(&mut book, "survey", true)?
        .ok_or_else(|| err("survey", None, None, "missing"))?;
    let choices = read_sheet(&mut book, "choices", false)?;
    let settings = read_sheet(&mut book, "settings", false)?;

    let setting = |key: &str| -> String {
        settings
            .as_ref()
            .and_then(|s| s.rows.first().map(|(_, r)| s.cell(r, key).to_owned()))
            .unwrap_or_default()
    };
    let default_language = {
        let raw = setting("default_language");
        if raw.is_empty() {
            Language::En
        } else {
            language_of(&raw).ok_or_else(|| {
                err(
                    "settings",
                    Some(2),
                    Some("default_language"),
                    "must be one of nl, fr, de, en (for example English (en))",
                )
            })?
        }
    };

    for needed in ["type", "name"] {
        if survey.column(needed).is_none() {
            return Err(err(
                "survey",
                Some(1),
                None,
                format!("has no {needed} column"),
            ));
        }
    }
    let label_cols = language_columns(&survey, "label", default_language)?;
    if label_cols.is_empty() {
        return Err(err("survey", Some(1), None, "has no label column"));
    }
    let hint_cols = language_columns(&survey, "hint", default_language)?;

    // Choice lists, in sheet order.
    let mut lists: BTreeMap<String, Vec<Choice>> = BTreeMap::new();
    if let Some(ch) = &choices {
        let choice_labels = language_columns(ch, "label", default_language)?;
        let list_col = if ch.column("list_name").is_some() {
            "list_name"
        } else {
            "list name"
        };
        for (row_no, row) in &ch.rows {
            let list = ch.cell(row, list_col);
            let name = ch.cell(row, "name");
            if list.is_empty() || name.is_empty() {
                return Err(err(
                    "choices",
                    Some(*row_no),
                    Some(if list.is_empty() { "list_name" } else { "name" }),
                    "is empty",
                ));
            }
            lists.entry(list.to_owned()).or_default().push(Choice {
                name: name.to_owned(),
                label: labels_of(row, &choice_labels),
            });
        }
    }

    let known_columns = [
        "type",
        "name",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "appearance",
        "parameters",
        "enquete::demographic",
        "required_message",
        "default",
    ];
    for (i, h) in survey.header.iter().enumerate() {
        let is_lang = h == "label"
            || h == "hint"
            || h.starts_with("label::")
            || h.starts_with("hint::")
            || h.starts_with("constraint_message::")
            || h.starts_with("required_message::");
        if !is_lang && !known_columns.contains(&h.as_str()) && !h.is_empty() {
            // Columns Enquête does not use but that change nothing (media, notes to self) are
            // harmless; ones that change behaviour are refused when a row uses them.
            if [
                "calculation",
                "choice_filter",
                "repeat_count",
                "read_only",
                "trigger",
            ]
            .contains(&h.as_str())
            {
                let used = survey
                    .rows
                    .iter()
                    .find(|(_, r)| r.get(i).is_some_and(|v| !v.is_empty()));
                if let Some((row_no, _)) = used {
                    return Err(err(
                        "survey",
                        Some(*row_no),
                        Some(h),
                        "is not supported by Enquête",
                    ));
                }
            }
        }
    }

    let mut questions = Vec::new();
    for (row_no, row) in &survey.rows {
        let at =
            |column: &str, problem: String| err("survey", Some(*row_no), Some(column), problem);
        let type_text = survey.cell(row, "type");
        let mut words = type_text.split_whitespace();
        let base = words.next().unwrap_or("").to_lowercase();
        if base.is_empty() {
            return Err(at("type", "is empty".into()));
        }
        if METADATA.contains(&base.as_str()) {
            continue;
        }
        let name = survey.cell(row, "name").to_owned();
        if name.is_empty() {
            return Err(at("name", "is empty".into()));
        }
        let label = labels_of(row, &label_cols);
        let hint = labels_of(row, &hint_cols);
        let params = parameters(survey.cell(row, "parameters"));
        let constraint = survey.cell(row, "constraint");
        let list =
            |words: &mut std::str::SplitWhitespace<'_>| -> Result<Vec<Choice>, XlsFormError> {
                let list = words.next().ok_or_else(|| {
                    at(
                        "type",
                        format!("{base} needs a choice list name, like {base} yes_no"),
                    )
                })?;
                lists.get(list).cloned().ok_or_else(|| {
                    at(
                        "type",
                        format!("the choice list {list} is not on the choices sheet"),
                    )
                })
            };
        let no_constraint = |kind: &str| -> Result<(), XlsFormError> {
            if constraint.is_empty() {
                Ok(())
            } else {
                Err(at(
                    "constraint",
                    format!("constraints on {kind} questions are not supported"),
                ))
            }
        };
        let kind = match base.as_str() {
            "select_one" => {
                no_constraint("choice")?;
                QuestionKind::SingleChoice {
                    choices: list(&mut words)?,
                }
            }
            "select_multiple" => {
                no_constraint("choice")?;
                QuestionKind::MultipleChoice {
                    choices: list(&mut words)?,
                }
            }
            "rank" => {
                no_constraint("ranking")?;
                let choices = list(&mut words)?;
                let max = match params.get("max") {
                    Some(m) => m.parse::<u8>().map_err(|_| {
                        at("parameters", format!("max={m} is not a small whole number"))
                    })?,
                    None => u8::try_from(choices.len()).unwrap_or(u8::MAX),
                };
                QuestionKind::Ranking { choices, max }
            }
            "integer" => {
                let (min, max) = if constraint.is_empty() {
                    (None, None)
                } else {
                    number_bounds(constraint).ok_or_else(|| {
                        at("constraint", format!("{constraint:?} is not supported; write bounds as . >= 0 and . <= 100"))
                    })?
                };
                QuestionKind::Number { min, max }
            }
            "text" => {
                let max_length = if constraint.is_empty() {
                    2000
                } else {
                    text_limit(constraint).ok_or_else(|| {
                        at("constraint", format!("{constraint:?} is not supported; write a limit as string-length(.) <= 500"))
                    })?
                };
                QuestionKind::Text { max_length }
            }
            "range" => {
                no_constraint("range")?;
                let num = |key: &str, default: i64| -> Result<i64, XlsFormError> {
                    params.get(key).map_or(Ok(default), |v| {
                        v.parse().map_err(|_| {
                            at("parameters", format!("{key}={v} is not a whole number"))
                        })
                    })
                };
                if num("step", 1)? != 1 {
                    return Err(at(
                        "parameters",
                        "only ranges with step=1 are supported".into(),
                    ));
                }
                QuestionKind::Scale {
                    min: num("start", 0)?,
                    max: num("end", 10)?,
                }
            }
            "begin_group" | "end_group" | "begin group" | "end group" => {
                return Err(at(
                    "type",
                    format!(
                        "groups ({base}) are not supported; put the questions one after the other"
                    ),
                ));
            }
            other => {
                return Err(at(
                    "type",
                    format!(
                        "{other} questions are not supported (use select_one, select_multiple, rank, integer, text or range)"
                    ),
                ));
            }
        };
        if words.next().is_some() {
            return Err(at(
                "type",
                format!("{type_text:?} has more words than expected"),
            ));
        }
        let relevant = survey.cell(row, "relevant");
        questions.push(Question {
            name,
            label,
            hint,
            required: yes(survey.cell(row, "required")),
            demographic: yes(survey.cell(row, "enquete::demographic")),
            relevant: (!relevant.is_empty()).then(|| relevant.to_owned()),
            kind,
        });
    }

    let form_id = {
        let raw = setting("form_id");
        if raw.is_empty() {
            "survey".to_owned()
        } else {
            raw
        }
    };
    // The title: `form_title`, and optionally `form_title::Nederlands (nl)` per language.
    let mut title = Labels::default();
    if let Some(s) = &settings {
        let first = s.rows.first().map(|(_, r)| r.as_slice()).unwrap_or(&[]);
        for (i, lang) in language_columns(s, "form_title", default_language)? {
            if let Some(text) = first.get(i).filter(|t| !t.is_empty()) {
                title.0.insert(lang.code().to_owned(), text.clone());
            }
        }
    }
    if title.is_empty() {
        title = Labels::one(default_language, &form_id);
    }
    let definition = SurveyDefinition {
        form_id,
        title,
        questions,
    };
    definition.validate().map_err(|e| {
        let row = match e.field {
            "form_id" => Some(2),
            _ => None,
        };
        err(
            if e.field == "form_id" {
                "settings"
            } else {
                "survey"
            },
            row,
            Some(e.field),
            e.problem.to_string(),
        )
    })?;
    Ok(definition)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> XlsFormError {
    err("workbook", None, None, format!("cannot be written: {e}"))
}

/// Writes a text cell. Text a spreadsheet would read as a formula (see
/// [`crate::export::reads_as_formula`], the test every CSV applies too) gets Excel's quote prefix:
/// shown and kept as text, even when someone edits the cell, while the stored value stays the
/// same, so the workbook reads back as the same survey.
fn write_text(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), XlsFormError> {
    if crate::export::reads_as_formula(text) {
        let quoted = rust_xlsxwriter::Format::new().set_quote_prefix();
        sheet
            .write_string_with_format(row, col, text, &quoted)
            .map_err(xlsx_error)?;
    } else {
        sheet.write_string(row, col, text).map_err(xlsx_error)?;
    }
    Ok(())
}

/// Writes a survey definition as an XLSForm workbook, with a label column per language used.
pub fn export(def: &SurveyDefinition) -> Result<Vec<u8>, XlsFormError> {
    let mut langs: Vec<Language> = Language::ALL
        .into_iter()
        .filter(|l| {
            def.title.0.contains_key(l.code())
                || def.questions.iter().any(|q| {
                    q.label.0.contains_key(l.code())
                        || q.kind
                            .choices()
                            .iter()
                            .any(|c| c.label.0.contains_key(l.code()))
                })
        })
        .collect();
    if langs.is_empty() {
        langs.push(Language::En);
    }
    let default = langs.first().copied().unwrap_or(Language::En);
    let col_name = |kind: &str, l: Language| format!("{kind}::{} ({})", l.endonym(), l.code());
    let mut book = Workbook::new();

    let survey = book.add_worksheet();
    survey.set_name("survey").map_err(xlsx_error)?;
    let mut header: Vec<String> = vec!["type".into(), "name".into()];
    header.extend(langs.iter().map(|l| col_name("label", *l)));
    header.extend(langs.iter().map(|l| col_name("hint", *l)));
    header.extend(
        [
            "required",
            "relevant",
            "constraint",
            "parameters",
            "enquete::demographic",
        ]
        .map(String::from),
    );
    for (c, h) in header.iter().enumerate() {
        write_text(survey, 0, c as u16, h)?;
    }
    let mut lists: Vec<(String, &[Choice])> = Vec::new();
    for (r, q) in def.questions.iter().enumerate() {
        let row = (r + 1) as u32;
        let list_name = format!("{}_choices", q.name);
        let (type_text, constraint, params) = match &q.kind {
            QuestionKind::SingleChoice { choices } => {
                lists.push((list_name.clone(), choices));
                (
                    format!("select_one {list_name}"),
                    String::new(),
                    String::new(),
                )
            }
            QuestionKind::MultipleChoice { choices } => {
                lists.push((list_name.clone(), choices));
                (
                    format!("select_multiple {list_name}"),
                    String::new(),
                    String::new(),
                )
            }
            QuestionKind::Ranking { choices, max } => {
                lists.push((list_name.clone(), choices));
                (
                    format!("rank {list_name}"),
                    String::new(),
                    format!("max={max}"),
                )
            }
            QuestionKind::Number { min, max } => {
                let parts: Vec<String> = [
                    min.map(|m| format!(". >= {m}")),
                    max.map(|m| format!(". <= {m}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                ("integer".into(), parts.join(" and "), String::new())
            }
            QuestionKind::Text { max_length } => (
                "text".into(),
                format!("string-length(.) <= {max_length}"),
                String::new(),
            ),
            QuestionKind::Scale { min, max } => (
                "range".into(),
                String::new(),
                format!("start={min} end={max} step=1"),
            ),
        };
        let mut values: Vec<String> = vec![type_text, q.name.clone()];
        values.extend(
            langs
                .iter()
                .map(|l| q.label.0.get(l.code()).cloned().unwrap_or_default()),
        );
        values.extend(
            langs
                .iter()
                .map(|l| q.hint.0.get(l.code()).cloned().unwrap_or_default()),
        );
        values.push(if q.required {
            "yes".into()
        } else {
            String::new()
        });
        values.push(q.relevant.clone().unwrap_or_default());
        values.push(constraint);
        values.push(params);
        values.push(if q.demographic {
            "yes".into()
        } else {
            String::new()
        });
        for (c, v) in values.iter().enumerate() {
            if !v.is_empty() {
                write_text(survey, row, c as u16, v)?;
            }
        }
    }

    let choices = book.add_worksheet();
    choices.set_name("choices").map_err(xlsx_error)?;
    let mut header: Vec<String> = vec!["list_name".into(), "name".into()];
    header.extend(langs.iter().map(|l| col_name("label", *l)));
    for (c, h) in header.iter().enumerate() {
        write_text(choices, 0, c as u16, h)?;
    }
    let mut row = 1u32;
    for (list, items) in &lists {
        for choice in *items {
            write_text(choices, row, 0, list)?;
            write_text(choices, row, 1, &choice.name)?;
            for (i, l) in langs.iter().enumerate() {
                if let Some(text) = choice.label.0.get(l.code()) {
                    write_text(choices, row, (i + 2) as u16, text)?;
                }
            }
            row += 1;
        }
    }

    let settings = book.add_worksheet();
    settings.set_name("settings").map_err(xlsx_error)?;
    let mut pairs: Vec<(String, String)> = vec![
        ("form_id".into(), def.form_id.clone()),
        (
            "default_language".into(),
            format!("{} ({})", default.endonym(), default.code()),
        ),
    ];
    for l in &langs {
        if let Some(text) = def.title.0.get(l.code()) {
            pairs.push((col_name("form_title", *l), text.clone()));
        }
    }
    for (c, (k, v)) in pairs.iter().enumerate() {
        write_text(settings, 0, c as u16, k)?;
        write_text(settings, 1, c as u16, v)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

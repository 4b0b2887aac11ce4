//! Reading a workbook's sheets: the size checks made before parsing (a zip bomb must not be
//! unpacked), and each sheet as rows of trimmed text under its header.

use super::{XlsFormError, err};
use calamine::{DataRef, Reader, Xlsx};
use std::io::Cursor;

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
pub(super) fn check_unpacked_size(bytes: &[u8]) -> Result<(), XlsFormError> {
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

/// A sheet as rows of trimmed text, with its header mapped to column positions.
pub(super) struct Sheet {
    pub header: Vec<String>,
    /// (spreadsheet row number, cells)
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    pub fn cell<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.column(column)
            .and_then(|i| row.get(i))
            .map_or("", String::as_str)
    }
}

/// The largest sheet read: forms are a few hundred rows wide at most, and a cell far away
/// (say XFD1048576) must not make the reader allocate the whole empty square up to it.
const MAX_ROWS: u32 = 50_000;
const MAX_COLUMNS: u32 = 200;

fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        // As the spreadsheet shows it (a question may be named FALSE).
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(e) => format!("{e:?}"),
    }
}

pub(super) fn read_sheet(
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
        // Spreadsheets save formatted empty cells far beyond the data (LibreOffice writes 1,024
        // columns); only cells that hold something count towards the sheet's size.
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
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
            cells.iter().map(|h| normalize_header(h)).collect()
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
    Ok(Some(Sheet { header, rows }))
}

/// Columns that come in one version per language (`label::English (en)`).
const PER_LANGUAGE: &[&str] = &[
    "label",
    "hint",
    "guidance_hint",
    "constraint_message",
    "required_message",
    "form_title",
    "image",
    "audio",
    "video",
    "media",
];

/// A header as XLSForm tools accept it, in one spelling: without case and with `_` for spaces
/// before `::`, the language after it as written; the old `label:English` and the
/// `bind::`/`jr:` spellings (`jr:constraintMsg`, `bind::calculate`) read as their plain names.
pub(super) fn normalize_header(raw: &str) -> String {
    let raw = raw.trim();
    let (head, lang) = match raw.split_once("::") {
        Some((h, l)) => (h.trim().to_lowercase(), Some(l.trim().to_owned())),
        None => match raw.split_once(':') {
            Some((h, l)) if PER_LANGUAGE.contains(&h.trim().to_lowercase().as_str()) => {
                (h.trim().to_lowercase(), Some(l.trim().to_owned()))
            }
            Some((h, l)) if h.trim().eq_ignore_ascii_case("bind") => {
                ("bind".to_owned(), Some(l.trim().to_owned()))
            }
            _ => (raw.to_lowercase(), None),
        },
    };
    let (head, lang) = match (head.as_str(), lang) {
        ("bind", Some(rest)) => (rest.to_lowercase(), None),
        (_, lang) => (head, lang),
    };
    let head = head.replace(' ', "_");
    let head = match head.as_str() {
        "jr:constraintmsg" | "constraintmsg" => "constraint_message",
        "jr:requiredmsg" | "requiredmsg" => "required_message",
        "calculate" => "calculation",
        "jr:count" | "count" => "repeat_count",
        "readonly" => "read_only",
        "list" | "listname" => "list_name",
        other => other,
    }
    .to_owned();
    match lang {
        Some(l) => format!("{head}::{l}"),
        None => head,
    }
}

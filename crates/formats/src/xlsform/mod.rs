//! XLSForm in and out: the workbook format of ODK and KoboToolbox, with a `survey` sheet (one
//! row per question, group or repeat), a `choices` sheet (the answer lists) and an optional
//! `settings` sheet.
//!
//! Import takes what field forms hold: every ODK question type, groups and repeats, notes,
//! calculations, choice filters, `or_other`, choices from attached files, constraints and
//! their messages, defaults, appearances, and labels in any language the form names. It reads
//! the spellings XLSForm tools accept (`begin group`, `select one`, `label:English`,
//! `jr:constraintMsg`) and lists every problem of a file at once, each with its sheet, row and
//! column. Export writes a workbook that reads back as the same survey, in Enquête and in
//! pyxform.

mod attach;
mod export;
mod import;
mod lists;
mod sheets;

pub use attach::{MAX_CHOICES, attach, choices_csv, missing_files};
pub use export::export;
pub(crate) use export::{constraint_cell, parameters_cell};

use calamine::{Xlsx, open_workbook_from_rs};
use enquete_domain::survey::SurveyDefinition;
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

/// Every problem of a workbook, in sheet and row order (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsFormErrors(pub Vec<XlsFormError>);

impl XlsFormErrors {
    /// The first problem.
    pub fn first(&self) -> Option<&XlsFormError> {
        self.0.first()
    }
}

impl fmt::Display for XlsFormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for XlsFormErrors {}

impl From<XlsFormError> for XlsFormErrors {
    fn from(e: XlsFormError) -> Self {
        Self(vec![e])
    }
}

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

/// Reads an XLSForm workbook into a survey definition, or lists everything wrong with it.
///
/// The workbook reader is another project's code fed with whatever was uploaded; should it
/// panic on a damaged file (fuzzing found an arithmetic overflow in its cell-reference parser),
/// the organizer gets an error about the file instead of a broken connection.
pub fn import(bytes: &[u8]) -> Result<SurveyDefinition, XlsFormErrors> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(bytes))).unwrap_or_else(
        |_| {
            Err(err(
                "workbook",
                None,
                None,
                "is damaged: Enquête could not read it (save it again as .xlsx and retry)",
            )
            .into())
        },
    )
}

fn read_workbook(bytes: &[u8]) -> Result<SurveyDefinition, XlsFormErrors> {
    sheets::check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        err(
            "workbook",
            None,
            None,
            format!("is not an .xlsx file Enquête can read: {e}"),
        )
    })?;
    let survey = sheets::read_sheet(&mut book, "survey", true)?
        .ok_or_else(|| err("survey", None, None, "missing"))?;
    let workbook = import::Workbook {
        survey,
        choices: sheets::read_sheet(&mut book, "choices", false)?,
        settings: sheets::read_sheet(&mut book, "settings", false)?,
        external: sheets::read_sheet(&mut book, "external_choices", false)?,
    };
    import::definition(&workbook).map_err(XlsFormErrors)
}

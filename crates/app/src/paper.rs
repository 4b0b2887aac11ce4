//! Importing paper forms typed into a CSV file, for the upload page and `enquete responses
//! import`. A file with bad rows imports nothing unless the caller asks to skip them; either
//! way every bad row is reported with its row, column and reason. Each row passes the same
//! checks as a response sent from a phone (`responses::admit`).

use crate::error::{Error as AppError, Result as AppResult};
use crate::responses::{Collected, admit};
use enquete_domain::account::UserId;
use enquete_domain::org::{Unit, find_unit};
use enquete_domain::people::PersonInput;
use enquete_domain::survey::Channel;
use enquete_domain::{Problem, Timestamp};
use enquete_formats::paper::{self, RowError};
use enquete_store::{IngestOutcome, Store, SurveyRecord};

/// What an import did.
#[derive(Debug, Default)]
pub struct PaperReport {
    pub imported: usize,
    /// Rows already stored by an earlier import of the same file.
    pub already_there: usize,
    /// Bad rows: skipped (when asked to) or the reason nothing was imported.
    pub bad_rows: Vec<RowError>,
    /// True when bad rows stopped the whole import.
    pub refused: bool,
}

/// Imports a CSV of paper responses. `default_unit` is used for rows without a `unit` column;
/// `may_collect` says whether the importing account may collect for a unit.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site per entry point, all named at the call"
)]
pub async fn import(
    store: &Store,
    survey: &SurveyRecord,
    bytes: &[u8],
    default_unit: Option<&Unit>,
    may_collect: impl Fn(&Unit) -> bool,
    collector: Option<UserId>,
    skip_bad: bool,
    origin: &str,
    now: Timestamp,
) -> AppResult<PaperReport> {
    let rows = paper::parse(&survey.definition, bytes, now).map_err(|e| AppError::Input {
        field: "file".into(),
        problem: e.problem.arg("row", e.row).arg("column", e.column),
    })?;
    let root = store
        .root_unit()
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    let units = store.subtree(&root.path, false).await?;
    let mut report = PaperReport::default();
    let mut good = Vec::new();
    for row in rows {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                report.bad_rows.push(e);
                continue;
            }
        };
        let number = row.row;
        let fail = |column: &str, problem: Problem| RowError {
            row: number,
            column: column.to_owned(),
            problem,
        };
        let unit = match &row.unit {
            Some(reference) => match find_unit(&units, reference) {
                Ok(u) => u,
                Err(_) => {
                    report
                        .bad_rows
                        .push(fail("unit", Problem::new("error-paper-unit")));
                    continue;
                }
            },
            None => match default_unit {
                Some(u) => u,
                None => {
                    report
                        .bad_rows
                        .push(fail("unit", Problem::new("error-paper-no-unit")));
                    continue;
                }
            },
        };
        let contact = match &row.contact {
            None => None,
            Some(c) => {
                let input = PersonInput {
                    name: c.name.clone(),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                    ..Default::default()
                };
                match input.parse() {
                    Ok(details) => Some(details),
                    Err(e) => {
                        report
                            .bad_rows
                            .push(fail(&format!("contact_{}", e.field), e.problem));
                        continue;
                    }
                }
            }
        };
        let id = paper::row_id(&row, unit.id.0);
        let collected = Collected {
            id,
            channel: Channel::Paper,
            collected_at: row.collected_on.map_or(now, Timestamp),
            answers: row.answers,
            contact,
            collector,
            origin: origin.to_owned(),
        };
        match admit(survey, unit, may_collect(unit), collected) {
            Ok(r) => good.push(r),
            // The columns of the file are named as in the file.
            Err(refused) => report.bad_rows.push(fail(
                match refused.field.as_str() {
                    "unit_id" => "unit",
                    other => other,
                },
                refused.problem,
            )),
        }
    }
    if !report.bad_rows.is_empty() && !skip_bad {
        report.refused = true;
        return Ok(report);
    }
    // One transaction: the file goes in whole or not at all.
    for outcome in store.ingest_responses(&good, now).await? {
        match outcome {
            IngestOutcome::Accepted => report.imported += 1,
            IngestOutcome::Duplicate => report.already_there += 1,
        }
    }
    Ok(report)
}

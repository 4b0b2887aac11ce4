//! Importing paper forms typed into a CSV file, for the upload page and `enquete responses
//! import`. A file with bad rows imports nothing unless the caller asks to skip them; either
//! way every bad row is reported with its row, column and reason.

use crate::error::{Error as AppError, Result as AppResult};
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonInput};
use enquete_domain::survey::Channel;
use enquete_formats::paper::{self, RowError};
use enquete_store::{IngestOutcome, NewContact, NewResponse, Store, SurveyRecord};

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
    let rows = paper::parse(&survey.definition, bytes).map_err(|e| AppError::Input {
        field: "file".into(),
        problem: e.to_string(),
    })?;
    let root = store
        .root_unit()
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    let units = store.subtree(&root.path, false).await?;
    let find_unit = |reference: &str| -> Option<&Unit> {
        match reference.parse::<i64>() {
            Ok(id) => units.iter().find(|u| u.id == UnitId(id)),
            Err(_) => {
                let mut hits = units
                    .iter()
                    .filter(|u| u.name.as_str().eq_ignore_ascii_case(reference));
                let first = hits.next();
                if hits.next().is_some() { None } else { first }
            }
        }
    };
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
        let fail = |column: &str, problem: &str| RowError {
            row: row.row,
            column: column.to_owned(),
            problem: problem.to_owned(),
        };
        let unit = match &row.unit {
            Some(reference) => match find_unit(reference) {
                Some(u) => u,
                None => {
                    report
                        .bad_rows
                        .push(fail("unit", "no single open unit has this number or name"));
                    continue;
                }
            },
            None => {
                match default_unit {
                    Some(u) => u,
                    None => {
                        report.bad_rows.push(fail("unit", "no unit for this row: add a unit column or choose one for the whole file"));
                        continue;
                    }
                }
            }
        };
        if !unit.kind.is_section() {
            report.bad_rows.push(fail(
                "unit",
                "responses belong to a section, not to a city or region",
            ));
            continue;
        }
        if !may_collect(unit) {
            report
                .bad_rows
                .push(fail("unit", "you may not collect responses for this unit"));
            continue;
        }
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
                    Ok(details) => Some(NewContact {
                        details,
                        consent: NewConsent {
                            purpose: ConsentPurpose::Contact,
                            granted: true,
                            source: ConsentSource::enquete("paper", &survey.definition.form_id)
                                .map_err(|e| AppError::Internal(e.to_string()))?,
                        },
                    }),
                    Err(e) => {
                        report
                            .bad_rows
                            .push(fail(&format!("contact_{}", e.field), &e.problem));
                        continue;
                    }
                }
            }
        };
        good.push(NewResponse {
            origin: origin.to_owned(),
            id: paper::row_id(&row, unit.id.0),
            survey: survey.id,
            version: survey.version,
            unit: unit.id,
            channel: Channel::Paper,
            collector,
            collected_at: row.collected_on.map_or(now, Timestamp),
            answers: row.answers,
            contact,
        });
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

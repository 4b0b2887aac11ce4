//! Research files: companies, links between them, and shipments, as CSV (a spreadsheet saved as
//! CSV, comma or semicolon), one fact per row with its evidence. Every row is checked; every
//! bad row is named with its column, so that a researcher can fix the file in one go.
//!
//! Columns (any order; the evidence columns on every file):
//! - companies: `name`, `country`, `registry_number`, `parent`, `share`;
//! - links: `from`, `to`, `kind` (owns, supplies, transports_for, finances), `share`;
//! - shipments: `company`, `site`, `carrier`, `vessel`, `departs_on`, `arrives_on`, `cargo`,
//!   `destination`, `concern` (yes/no);
//! - evidence: `source_kind` (document, link, registry, photo), `source`, `source_date`,
//!   `reliability` (confirmed, probable, possible, doubtful).

use crate::paper::RowError;
use enquete_domain::Problem;
use enquete_domain::research::{
    CompanyDraft, Evidence, ImportRow, LinkKind, ShipmentDraft, ShipmentInput, share, yes,
};
use std::collections::BTreeMap;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Companies,
    Links,
    Shipments,
}

impl FileKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "companies" => Some(Self::Companies),
            "links" => Some(Self::Links),
            "shipments" => Some(Self::Shipments),
            _ => None,
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Companies => &["name", "country", "registry_number", "parent", "share"],
            Self::Links => &["from", "to", "kind", "share"],
            Self::Shipments => &[
                "company",
                "site",
                "carrier",
                "vessel",
                "departs_on",
                "arrives_on",
                "cargo",
                "destination",
                "concern",
            ],
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Self::Companies => &["name"],
            Self::Links => &["from", "to", "kind"],
            Self::Shipments => &["company", "site", "arrives_on", "cargo"],
        }
    }
}

const EVIDENCE: [&str; 4] = ["source_kind", "source", "source_date", "reliability"];

/// The most rows a file may have.
pub const MAX_ROWS: usize = 100_000;

/// Reads a research file. `Ok` holds every row (numbered as a spreadsheet numbers them, the
/// header being row 1); `Err` every problem found, the file's as a whole or each row's.
pub fn parse(
    kind: FileKind,
    bytes: &[u8],
) -> Result<Vec<(usize, ImportRow, Evidence)>, Vec<RowError>> {
    let text = String::from_utf8_lossy(bytes);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let file_error = |column: &str, problem: Problem| {
        vec![RowError {
            row: 1,
            column: column.to_owned(),
            problem,
        }]
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| file_error("-", Problem::new("error-paper-not-csv").arg("detail", e)))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let mut problems = Vec::new();
    for h in &header {
        if !kind.columns().contains(&h.as_str()) && !EVIDENCE.contains(&h.as_str()) {
            problems.push(RowError {
                row: 1,
                column: h.clone(),
                problem: Problem::new("error-research-column"),
            });
        }
    }
    for c in kind.required().iter().chain(EVIDENCE.iter()) {
        if !header.iter().any(|h| h == c) {
            problems.push(RowError {
                row: 1,
                column: (*c).to_owned(),
                problem: Problem::new("error-research-column-missing"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        if row > MAX_ROWS + 1 {
            problems.push(RowError {
                row,
                column: "-".into(),
                problem: Problem::new("error-research-rows").arg("max", MAX_ROWS),
            });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(RowError {
                    row,
                    column: "-".into(),
                    problem: Problem::new("error-paper-row").arg("detail", e),
                });
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cells: BTreeMap<&str, &str> = header
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .collect();
        match read_row(kind, &|c| cells.get(c).copied().unwrap_or("")) {
            Ok((what, evidence)) => rows.push((row, what, evidence)),
            Err(e) => problems.push(RowError {
                row,
                column: e.field.to_owned(),
                problem: e.problem,
            }),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn read_row<'a>(
    kind: FileKind,
    get: &dyn Fn(&str) -> &'a str,
) -> Result<(ImportRow, Evidence), enquete_domain::FieldError> {
    let what = match kind {
        FileKind::Companies => {
            let draft = CompanyDraft::parse(get("name"), get("country"), get("registry_number"))?;
            let share = share(get("share"))?;
            let parent = get("parent").trim();
            if !parent.is_empty() {
                name_cell("parent", parent)?;
            }
            if parent.is_empty() && share.is_some() {
                return Err(enquete_domain::FieldError::new(
                    "parent",
                    "error-share-parent",
                ));
            }
            ImportRow::Company {
                draft,
                parent: (!parent.is_empty()).then(|| (parent.to_owned(), share)),
            }
        }
        FileKind::Links => {
            let kind = LinkKind::parse(get("kind"))?;
            let share = share(get("share"))?;
            if share.is_some() && kind != LinkKind::Owns {
                return Err(enquete_domain::FieldError::new("share", "error-share-owns"));
            }
            let from = name_cell("from", get("from"))?;
            let to = name_cell("to", get("to"))?;
            ImportRow::Link {
                from,
                to,
                kind,
                share,
            }
        }
        FileKind::Shipments => {
            let company = name_cell("company", get("company"))?;
            let site = name_cell("site", get("site"))?;
            let input = ShipmentInput {
                carrier: get("carrier"),
                vessel: get("vessel"),
                departs_on: get("departs_on"),
                arrives_on: get("arrives_on"),
                cargo: get("cargo"),
                destination: get("destination"),
                concern: yes(get("concern"))?,
            };
            ImportRow::Shipment {
                company,
                site,
                draft: ShipmentDraft::parse(0, 0, &input)?,
            }
        }
    };
    let evidence = Evidence::parse(
        get("source_kind"),
        get("source"),
        get("source_date"),
        get("reliability"),
    )?;
    Ok((what, evidence))
}

fn name_cell(field: &'static str, raw: &str) -> Result<String, enquete_domain::FieldError> {
    enquete_domain::research::name_of(field, raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIDENCE_COLUMNS: &str = "source_kind,source,source_date,reliability";

    #[test]
    fn companies_with_their_parents() {
        let csv = format!(
            "name,country,parent,share,{EVIDENCE_COLUMNS}\n\
             Nordic Arms,se,,,registry,Bolagsverket 5566,2026-01-10,confirmed\n\
             Nordic Arms Logistics,NL,Nordic Arms,100%,registry,KvK 1234,2026-01-11,confirmed\n"
        );
        let rows = parse(FileKind::Companies, csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        let (row, what, _) = &rows[1];
        assert_eq!(*row, 3);
        match what {
            ImportRow::Company { draft, parent } => {
                assert_eq!(draft.country, "NL");
                assert_eq!(parent.clone(), Some(("Nordic Arms".to_owned(), Some(100))));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_bad_row_is_named_with_its_column() {
        let csv = format!(
            "from;to;kind;share;{}\n\
             A;B;owns;40;document;Annual report;2026-01-01;probable\n\
             A;B;sells;;document;Annual report;2026-01-01;probable\n\
             A;B;supplies;20;document;Annual report;2026-01-01;probable\n\
             A;;owns;;document;Annual report;2026-01-01;probable\n\
             A;B;owns;;link;not a link;2026-01-01;probable\n",
            EVIDENCE_COLUMNS.replace(',', ";")
        );
        let errors = parse(FileKind::Links, csv.as_bytes()).unwrap_err();
        let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert_eq!(
            got,
            vec![(3, "kind"), (4, "share"), (5, "to"), (6, "source")]
        );
    }

    #[test]
    fn missing_and_unknown_columns_refuse_the_file() {
        let errors = parse(FileKind::Shipments, b"company,site,cargo,weight\n").unwrap_err();
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert!(columns.contains(&"weight"));
        assert!(columns.contains(&"arrives_on"));
        assert!(columns.contains(&"source"));
        assert!(errors.iter().all(|e| e.row == 1));
    }

    #[test]
    fn shipments_read_dates_and_concern() {
        let csv = format!(
            "company,site,vessel,arrives_on,cargo,concern,{EVIDENCE_COLUMNS}\n\
             Nordic Arms,Quay 4,MV Example,2026-12-03,Artillery shells,yes,photo,Manifest,2026-11-20,probable\n\
             Nordic Arms,Quay 4,MV Example,2026-12-03,Shells,maybe,photo,Manifest,2026-11-20,probable\n"
        );
        let errors = parse(FileKind::Shipments, csv.as_bytes()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].row, errors[0].column.as_str()), (3, "concern"));
    }
}

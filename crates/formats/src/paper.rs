//! Paper forms typed into a spreadsheet: a CSV file with one row per response and one column
//! per question code, checked row by row against the survey.
//!
//! Columns: the question codes; optionally `unit` (number or exact name of the section),
//! `collected_on` (`YYYY-MM-DD`), and `contact_name`, `contact_phone`, `contact_email` for
//! respondents who agreed to be contacted. Several choices or a ranking go in one cell,
//! separated by `;` (in ranking order). Each row gets an id derived from the survey and the row's
//! content, so importing the same file twice stores nothing twice.

use enquete_domain::Problem;
use enquete_domain::survey::{AnswerValue, Answers, QuestionKind, SurveyDefinition};
use std::collections::BTreeMap;

/// A row that is fine, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperRow {
    /// The spreadsheet row (the header is row 1).
    pub row: usize,
    /// The row's content, for an id that makes a re-import of the same file store nothing twice.
    pub content: String,
    /// How many earlier rows of the file have exactly this content (two identical paper forms
    /// are two responses).
    pub occurrence: usize,
    pub unit: Option<String>,
    /// Seconds since the epoch at noon UTC of the day written, if any.
    pub collected_on: Option<i64>,
    pub answers: Answers,
    pub contact: Option<PaperContact>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperContact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// What is wrong with one row, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    /// What is wrong, as a message id the adapter words in the reader's language.
    pub problem: Problem,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {}, column {}: {}",
            self.row, self.column, self.problem
        )
    }
}

const EXTRA: &[&str] = &[
    "unit",
    "collected_on",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_consent",
];

/// 2000-01-01 and 2101-01-01, 00:00 UTC: a day written on a paper form lies between them.
const FIRST_DAY: i64 = 946_684_800;
const AFTER_LAST_DAY: i64 = 4_133_980_800;

/// The `collected_on` cell: a day `YYYY-MM-DD` from 2000 to 2100, as seconds since the epoch at
/// noon UTC of that day.
fn parse_collected_on(raw: &str) -> Option<i64> {
    let day = enquete_domain::dates::parse_date("collected_on", raw).ok()?;
    (FIRST_DAY..AFTER_LAST_DAY)
        .contains(&day.0)
        .then_some(day.0 + 12 * 3600)
}

fn split_codes(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The id of a paper response: the same for the same row of the same file imported for the same
/// section again, different for every other row, including a second identical paper form.
pub fn row_id(row: &PaperRow, unit: i64) -> String {
    let key = format!("enquete:paper:{unit}:{}:{}", row.occurrence, row.content);
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
        .hyphenated()
        .to_string()
}

/// Parses and checks every row; the file as a whole is refused only when it cannot be read or
/// its header names a column that is not a question.
pub fn parse(
    def: &SurveyDefinition,
    bytes: &[u8],
    now: enquete_domain::Timestamp,
) -> Result<Vec<Result<PaperRow, RowError>>, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| RowError {
            row: 1,
            column: "-".into(),
            problem: Problem::new("error-paper-not-csv").arg("detail", e),
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    for h in &header {
        if def.question(h).is_none() && !EXTRA.contains(&h.as_str()) {
            return Err(RowError {
                row: 1,
                column: h.clone(),
                problem: Problem::new("error-paper-column"),
            });
        }
    }
    let mut occurrences: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(RowError {
                    row,
                    column: "-".into(),
                    problem: Problem::new("error-paper-row").arg("detail", e),
                }));
                continue;
            }
        };
        let cells: BTreeMap<&str, &str> = header
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .collect();
        let get = |c: &str| cells.get(c).copied().unwrap_or("");
        let fail = |column: &str, problem: Problem| RowError {
            row,
            column: column.to_owned(),
            problem,
        };
        let mut answers = Answers::default();
        let mut error = None;
        for q in &def.questions {
            let cell = get(&q.name);
            if cell.is_empty() {
                continue;
            }
            let value = match &q.kind {
                QuestionKind::Decimal => match cell.parse::<f64>() {
                    Ok(n) if n.is_finite() => {
                        AnswerValue::Decimal(enquete_domain::survey::Decimal(n))
                    }
                    _ => {
                        error = Some(fail(
                            &q.name,
                            Problem::new("error-answer-decimal").arg("value", cell),
                        ));
                        break;
                    }
                },
                QuestionKind::SingleChoice { .. }
                | QuestionKind::Text { .. }
                | QuestionKind::Date
                | QuestionKind::Time
                | QuestionKind::DateTime
                | QuestionKind::Geopoint
                | QuestionKind::Geotrace
                | QuestionKind::Geoshape
                | QuestionKind::Media { .. }
                | QuestionKind::Barcode
                | QuestionKind::Acknowledge
                | QuestionKind::Note
                | QuestionKind::Calculate { .. }
                | QuestionKind::Metadata { .. } => AnswerValue::Text(cell.to_owned()),
                QuestionKind::MultipleChoice { .. } | QuestionKind::Ranking { .. } => {
                    AnswerValue::List(split_codes(cell))
                }
                QuestionKind::Scale { .. } | QuestionKind::Number { .. } => {
                    match cell.parse::<i64>() {
                        Ok(n) => AnswerValue::Number(n),
                        Err(_) => {
                            error = Some(fail(
                                &q.name,
                                Problem::new("error-not-whole-number").arg("value", cell),
                            ));
                            break;
                        }
                    }
                }
            };
            answers.0.insert(q.key(), value);
        }
        if let Some(e) = error {
            out.push(Err(e));
            continue;
        }
        // `today()` in a form's checks is the day the row is read in.
        let clock = enquete_domain::survey::FormClock::at(now);
        if let Err(e) = def.validate_answers(&answers, clock) {
            let column = e.problem.get("question").unwrap_or("answers").to_owned();
            out.push(Err(fail(&column, e.problem)));
            continue;
        }
        let collected_on = match get("collected_on") {
            "" => None,
            raw => match parse_collected_on(raw) {
                Some(t) => Some(t),
                None => {
                    out.push(Err(fail(
                        "collected_on",
                        Problem::new("error-paper-date").arg("value", raw),
                    )));
                    continue;
                }
            },
        };
        let contact = match get("contact_name") {
            "" if get("contact_phone").is_empty() && get("contact_email").is_empty() => None,
            "" => {
                out.push(Err(fail(
                    "contact_name",
                    Problem::new("error-paper-contact-name"),
                )));
                continue;
            }
            name => {
                // Contact details are kept only with the respondent's consent: the survey's own
                // consent question answered yes, or a contact_consent column saying so.
                let said_yes = matches!(answers.0.get("contact"), Some(AnswerValue::Text(t)) if t == "yes")
                    || matches!(
                        get("contact_consent").to_lowercase().as_str(),
                        "yes" | "true" | "1"
                    );
                if !said_yes {
                    out.push(Err(fail(
                        "contact_name",
                        Problem::new("error-paper-contact-consent"),
                    )));
                    continue;
                }
                Some(PaperContact {
                    name: name.to_owned(),
                    phone: get("contact_phone").to_owned(),
                    email: get("contact_email").to_owned(),
                })
            }
        };
        let content = format!(
            "{}\u{1f}{}",
            def.form_id,
            record.iter().collect::<Vec<_>>().join("\u{1f}")
        );
        let seen = occurrences.entry(content.clone()).or_insert(0);
        let occurrence = *seen;
        *seen += 1;
        let unit = Some(get("unit").to_owned()).filter(|u| !u.is_empty());
        out.push(Ok(PaperRow {
            row,
            content,
            occurrence,
            unit,
            collected_on,
            answers,
            contact,
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    const NOW: enquete_domain::Timestamp = enquete_domain::Timestamp(1_790_000_000);

    #[test]
    fn rows_are_checked_one_by_one() {
        let def = enquete_domain::demo::belgian_enquete();
        let csv = "top3,trust,change,age_band,contact,contact_name,contact_phone,collected_on\n\
                   housing;wages;health,7,Meer groen,a25_34,no,,,2026-11-20\n\
                   prices,11,,,no,,,\n\
                   housing,5,,,yes,Jan Peeters,0470 11 22 33,2026-11-21\n\
                   housing,x,,,no,,,\n\
                   ,5,,,no,,,\n\
                   wages,5,,,no,,,2026-13-01\n";
        let rows = parse(&def, csv.as_bytes(), NOW).unwrap();
        assert_eq!(rows.len(), 6);
        let first = rows[0].as_ref().unwrap();
        assert_eq!(
            first.answers.0["top3"],
            AnswerValue::List(vec!["housing".into(), "wages".into(), "health".into()])
        );
        assert_eq!(
            first.collected_on,
            Some(20_777 * 86_400 + 43_200),
            "noon UTC on 2026-11-20"
        );
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!((bad.row, bad.column.as_str()), (3, "trust"));
        assert_eq!(bad.problem.key, "error-answer-between");
        assert_eq!(
            (bad.problem.get("min"), bad.problem.get("max")),
            (Some("0"), Some("10"))
        );
        assert_eq!(
            rows[2].as_ref().unwrap().contact.as_ref().unwrap().name,
            "Jan Peeters"
        );
        let bad = rows[3].as_ref().unwrap_err();
        assert_eq!((bad.row, bad.column.as_str()), (5, "trust"));
        assert_eq!(
            bad.problem,
            Problem::new("error-not-whole-number").arg("value", "x")
        );
        let bad = rows[4].as_ref().unwrap_err();
        assert_eq!((bad.row, bad.column.as_str()), (6, "top3"));
        assert_eq!(bad.problem.key, "error-answer-required");
        assert_eq!(rows[5].as_ref().unwrap_err().column, "collected_on");
        // The same row always gets the same id, a different row another.
        let again = parse(&def, csv.as_bytes(), NOW).unwrap();
        assert_eq!(row_id(again[0].as_ref().unwrap(), 5), row_id(first, 5));
        assert_ne!(row_id(rows[2].as_ref().unwrap(), 5), row_id(first, 5));
        assert_ne!(
            row_id(first, 6),
            row_id(first, 5),
            "another section, another response"
        );
    }

    #[test]
    fn identical_forms_are_two_responses_and_contacts_need_consent() {
        let def = enquete_domain::demo::belgian_enquete();
        let csv =
            "top3,contact,contact_name\nhousing,no,\nhousing,no,\nwages,no,Jan\nwages,yes,Jan\n";
        let rows = parse(&def, csv.as_bytes(), NOW).unwrap();
        let (a, b) = (rows[0].as_ref().unwrap(), rows[1].as_ref().unwrap());
        assert_ne!(row_id(a, 1), row_id(b, 1));
        assert_eq!(rows[2].as_ref().unwrap_err().column, "contact_name");
        assert!(rows[3].is_ok());
    }

    #[test]
    fn an_unknown_column_refuses_the_file() {
        let def = enquete_domain::demo::belgian_enquete();
        let e = parse(&def, b"top3,colour\nhousing,red\n", NOW).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (1, "colour"));
    }

    #[test]
    fn collected_on_is_noon_of_a_day_from_2000_to_2100() {
        let noon = |days: i64| Some(days * 86_400 + 43_200);
        assert_eq!(parse_collected_on("2000-03-01"), noon(11_017));
        assert_eq!(parse_collected_on("2026-11-20"), noon(20_777));
        assert_eq!(parse_collected_on("2000-01-01"), noon(10_957));
        assert_eq!(parse_collected_on("2100-12-31"), noon(47_846));
        assert!(parse_collected_on("2028-02-29").is_some(), "a leap year");
        assert!(parse_collected_on("2026-02-30").is_none());
        assert!(parse_collected_on("2026-13-01").is_none());
        assert!(parse_collected_on("26-11-2026").is_none());
        assert!(parse_collected_on("1999-12-31").is_none());
        assert!(parse_collected_on("2101-01-01").is_none());
    }
}

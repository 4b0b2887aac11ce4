//! Raw anonymous responses for analysts: one row per response, one column per question, in the
//! layout of ODK and KoboToolbox exports (several choices or a ranking as codes separated by
//! spaces, in the order given). No names, no collectors, no contact details: those live with the
//! people, not with the answers.

use enquete_analysis::dataset::{Column, Dataset, NO_CHOICE, NO_NUMBER};
use enquete_domain::org::UnitId;
use enquete_domain::survey::SurveyDefinition;
use std::collections::HashMap;
use std::io::Write;

/// What goes into an export besides the answers.
pub struct ExportOptions<'a> {
    /// Free-text answers can identify their writer; left out for readers who see no names.
    pub include_text: bool,
    /// Questions left out entirely (for example a postcode, for readers who see no names).
    pub leave_out: &'a [String],
    /// One weight per row, written as a `weight` column.
    pub weights: Option<&'a [f64]>,
    /// Headers of the place columns (for example region, city, section) and, per unit, the
    /// names that go in them.
    pub levels: &'a [String],
    pub places: &'a HashMap<UnitId, Vec<String>>,
}

/// Whether a question has one answer per response: not a note, not inside a repeat (a repeat's
/// rows are not in the one-row-per-response layout).
fn answered_once(def: &SurveyDefinition, q: &enquete_domain::survey::Question) -> bool {
    !matches!(q.kind, enquete_domain::survey::QuestionKind::Note)
        && def.repeat_of(q.details.group.as_deref()).is_none()
}

/// Writes the dataset as CSV. Text cells go through [`inert`]; numbers are written as numbers.
pub fn responses_csv(
    def: &SurveyDefinition,
    data: &Dataset,
    options: &ExportOptions,
    out: impl Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    let shown: Vec<(usize, &enquete_domain::survey::Question, &Column)> = def
        .questions
        .iter()
        .zip(&data.columns)
        .enumerate()
        .filter(|(_, (q, c))| {
            !options.leave_out.contains(&q.name)
                && (options.include_text || !matches!(c, Column::Text(_)))
                && answered_once(def, q)
        })
        .map(|(i, (q, c))| (i, q, c))
        .collect();
    // A question in a group is named by its path, as ODK and KoboToolbox exports name it.
    let keys: Vec<String> = shown.iter().map(|(_, q, _)| q.key()).collect();
    let mut header: Vec<&str> = vec!["response_id", "unit_id"];
    header.extend(options.levels.iter().map(String::as_str));
    header.extend(keys.iter().map(String::as_str));
    if options.weights.is_some() {
        header.push("weight");
    }
    w.write_record(header.iter().map(|h| inert(h).into_owned()))?;
    let empty = Vec::new();
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for (row, unit_index) in data.units.iter().enumerate() {
        record.clear();
        let unit = data
            .unit_ids
            .get(*unit_index as usize)
            .copied()
            .unwrap_or(UnitId(0));
        record.push(
            data.ids
                .get(row)
                .map_or_else(String::new, |i| i.to_string()),
        );
        record.push(unit.0.to_string());
        let names = options.places.get(&unit).unwrap_or(&empty);
        for i in 0..options.levels.len() {
            record.push(inert(names.get(i).map_or("", String::as_str)).into_owned());
        }
        for (_, q, column) in &shown {
            let choices = q.kind.choices();
            let name = |code: &u16| {
                choices
                    .get(usize::from(*code))
                    .map_or("", |c| c.name.as_str())
            };
            record.push(match column {
                Column::Single(codes) => match codes.get(row) {
                    Some(c) if *c != NO_CHOICE => inert(name(c)).into_owned(),
                    _ => String::new(),
                },
                Column::Multiple(lists) | Column::Ranking(lists) => lists
                    .row(row)
                    .map(|l| inert(&l.iter().map(name).collect::<Vec<_>>().join(" ")).into_owned())
                    .unwrap_or_default(),
                Column::Number(values) => match values.get(row) {
                    Some(v) if *v != NO_NUMBER => v.to_string(),
                    _ => String::new(),
                },
                // Typed by the public: never a live formula.
                Column::Text(texts) => inert(
                    texts
                        .get(row)
                        .and_then(|t| t.as_deref())
                        .unwrap_or_default(),
                )
                .into_owned(),
            });
        }
        if let Some(weights) = options.weights {
            record.push(
                weights
                    .get(row)
                    .map_or_else(String::new, |w| format!("{w:.12}")),
            );
        }
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

/// One output column of a Parquet export, built for all rows at once.
enum ParquetColumn {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
}

/// Writes the dataset as Parquet (Snappy-compressed, one row group): the same columns as the
/// CSV, numbers as 64-bit integers and weights as doubles, for DuckDB, pandas, R's arrow or
/// Spark. Columns are built one at a time, so memory stays at one column of the export.
pub fn responses_parquet<W: Write + Send>(
    def: &SurveyDefinition,
    data: &Dataset,
    options: &ExportOptions,
    out: W,
) -> Result<(), String> {
    use parquet::basic::Compression;
    use parquet::column::writer::ColumnWriter;
    use parquet::data_type::ByteArray;
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;

    let shown: Vec<(&enquete_domain::survey::Question, &Column)> = def
        .questions
        .iter()
        .zip(&data.columns)
        .filter(|(q, c)| {
            !options.leave_out.contains(&q.name)
                && (options.include_text || !matches!(c, Column::Text(_)))
                && answered_once(def, q)
        })
        .collect();
    let safe = |name: &str| -> String {
        name.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let mut message = String::from(
        "message responses { required binary response_id (UTF8); required int64 unit_id;",
    );
    for level in options.levels {
        message.push_str(&format!(" optional binary {} (UTF8);", safe(level)));
    }
    for (q, c) in &shown {
        let kind = match c {
            Column::Number(_) => "int64",
            _ => "binary",
        };
        let note = if kind == "binary" { " (UTF8)" } else { "" };
        message.push_str(&format!(" optional {kind} {}{note};", safe(&q.key())));
    }
    if options.weights.is_some() {
        message.push_str(" optional double weight;");
    }
    message.push_str(" }");
    let schema = Arc::new(parse_message_type(&message).map_err(|e| e.to_string())?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let mut writer = SerializedFileWriter::new(out, schema, props).map_err(|e| e.to_string())?;
    let mut group = writer.next_row_group().map_err(|e| e.to_string())?;
    let rows = data.len();
    let unit_of = |r: usize| {
        data.units
            .get(r)
            .and_then(|u| data.unit_ids.get(*u as usize))
            .copied()
            .unwrap_or(UnitId(0))
    };
    // The columns in schema order, each made when its turn comes.
    let mut makers: Vec<Box<dyn Fn() -> ParquetColumn + '_>> = Vec::new();
    makers.push(Box::new(|| {
        ParquetColumn::Text(
            (0..rows)
                .map(|r| data.ids.get(r).map(|i| i.to_string()))
                .collect(),
        )
    }));
    makers.push(Box::new(|| {
        ParquetColumn::Int((0..rows).map(|r| Some(unit_of(r).0)).collect())
    }));
    for i in 0..options.levels.len() {
        makers.push(Box::new(move || {
            ParquetColumn::Text(
                (0..rows)
                    .map(|r| {
                        options
                            .places
                            .get(&unit_of(r))
                            .and_then(|names| names.get(i))
                            .filter(|n| !n.is_empty())
                            .cloned()
                    })
                    .collect(),
            )
        }));
    }
    for (q, column) in &shown {
        let choices = q.kind.choices();
        makers.push(Box::new(move || {
            let name = |code: &u16| {
                choices
                    .get(usize::from(*code))
                    .map_or("", |c| c.name.as_str())
            };
            match column {
                Column::Single(codes) => ParquetColumn::Text(
                    codes
                        .iter()
                        .map(|c| (*c != NO_CHOICE).then(|| name(c).to_owned()))
                        .collect(),
                ),
                Column::Multiple(lists) | Column::Ranking(lists) => ParquetColumn::Text(
                    (0..rows)
                        .map(|r| {
                            lists
                                .row(r)
                                .map(|l| l.iter().map(name).collect::<Vec<_>>().join(" "))
                        })
                        .collect(),
                ),
                Column::Number(values) => ParquetColumn::Int(
                    values
                        .iter()
                        .map(|v| (*v != NO_NUMBER).then_some(*v))
                        .collect(),
                ),
                Column::Text(texts) => ParquetColumn::Text(
                    texts
                        .iter()
                        .map(|t| t.as_deref().map(str::to_owned))
                        .collect(),
                ),
            }
        }));
    }
    if let Some(weights) = options.weights {
        makers.push(Box::new(move || {
            ParquetColumn::Float((0..rows).map(|r| weights.get(r).copied()).collect())
        }));
    }
    let mut makers = makers.into_iter();
    while let Some(mut col) = group.next_column().map_err(|e| e.to_string())? {
        let made = makers
            .next()
            .ok_or("the export has more columns in its schema than values")?();
        let levels = |present: &mut dyn Iterator<Item = bool>| -> Vec<i16> {
            present.map(i16::from).collect()
        };
        let written = match (col.untyped(), made) {
            (ColumnWriter::ByteArrayColumnWriter(w), ParquetColumn::Text(v)) => {
                let defined = levels(&mut v.iter().map(Option::is_some));
                let values: Vec<ByteArray> = v
                    .into_iter()
                    .flatten()
                    .map(|s| ByteArray::from(s.into_bytes()))
                    .collect();
                w.write_batch(&values, Some(&defined), None)
            }
            (ColumnWriter::Int64ColumnWriter(w), ParquetColumn::Int(v)) => {
                let defined = levels(&mut v.iter().map(Option::is_some));
                let values: Vec<i64> = v.into_iter().flatten().collect();
                w.write_batch(&values, Some(&defined), None)
            }
            (ColumnWriter::DoubleColumnWriter(w), ParquetColumn::Float(v)) => {
                let defined = levels(&mut v.iter().map(Option::is_some));
                let values: Vec<f64> = v.into_iter().flatten().collect();
                w.write_batch(&values, Some(&defined), None)
            }
            _ => return Err("a column of the export does not match its schema".into()),
        };
        written.map_err(|e| e.to_string())?;
        col.close().map_err(|e| e.to_string())?;
    }
    group.close().map_err(|e| e.to_string())?;
    writer.close().map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use enquete_domain::survey::Answers;

    #[test]
    fn rows_carry_codes_places_and_weights_but_no_text_unless_asked() {
        let def = enquete_domain::demo::belgian_enquete();
        let a: Answers = serde_json::from_str(
            r#"{"top3": ["housing", "wages"], "trust": 3, "change": "Jan at number 4, parks", "gender": "woman", "postcode": 9000}"#,
        )
        .unwrap();
        let b: Answers = serde_json::from_str(r#"{"top3": ["climate"]}"#).unwrap();
        let data = Dataset::encode(&def, [("r1", UnitId(7), &a), ("r2", UnitId(8), &b)]);
        let places: HashMap<UnitId, Vec<String>> = [
            (UnitId(7), vec!["Vlaanderen".into(), "Gent".into()]),
            (UnitId(8), vec!["Wallonie".into(), "Liège, centre".into()]),
        ]
        .into();
        let levels = vec!["region".to_owned(), "city".to_owned()];
        let leave_out = vec!["postcode".to_owned()];
        let options = ExportOptions {
            include_text: false,
            leave_out: &leave_out,
            weights: Some(&[1.5, 0.5]),
            levels: &levels,
            places: &places,
        };
        let mut out = Vec::new();
        responses_csv(&def, &data, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "response_id,unit_id,region,city,top3,trust,age_band,gender,contact,weight"
        );
        assert_eq!(
            lines[1],
            "r1,7,Vlaanderen,Gent,housing wages,3,,woman,,1.500000000000"
        );
        assert_eq!(
            lines[2],
            "r2,8,Wallonie,\"Liège, centre\",climate,,,,,0.500000000000"
        );
        assert!(!text.contains("Jan at number 4"));
        // Security (issue 13): free text typed by the public is written inert, place names
        // too; numbers stay numbers.
        let c: Answers = serde_json::from_str(
            r#"{"top3": ["housing"], "trust": 2, "change": "=HYPERLINK(\"https://evil.example\",\"x\")"}"#,
        )
        .unwrap();
        let data = Dataset::encode(&def, [("r3", UnitId(9), &c)]);
        let places: HashMap<UnitId, Vec<String>> =
            [(UnitId(9), vec!["@region".into(), "-Gent".into()])].into();
        let options = ExportOptions {
            include_text: true,
            leave_out: &leave_out,
            weights: None,
            levels: &levels,
            places: &places,
        };
        let mut out = Vec::new();
        responses_csv(&def, &data, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        let cells: Vec<&str> = row.iter().collect();
        assert!(
            cells.contains(&"'=HYPERLINK(\"https://evil.example\",\"x\")"),
            "{text}"
        );
        assert!(
            cells.contains(&"'@region") && cells.contains(&"'-Gent"),
            "{text}"
        );
        assert!(cells.contains(&"2"), "{text}");
        assert!(
            cells
                .iter()
                .all(|c| !c.starts_with(['=', '@', '+', '\t', '\r'])
                    && (!c.starts_with('-') || c.parse::<f64>().is_ok())),
            "{text}"
        );
        let mut parquet = Vec::new();
        responses_parquet(&def, &data, &options, &mut parquet).unwrap();
        assert_eq!(&parquet[..4], b"PAR1");
        assert_eq!(&parquet[parquet.len() - 4..], b"PAR1");
    }
}

/// One signature as it is handed over with a petition: who signed, from where, when. E-mail
/// addresses stay with the organization.
pub struct DeliveryRow<'a> {
    pub name: &'a str,
    pub postcode: &'a str,
    pub section: &'a str,
    pub signed_on: String,
}

/// Writes a petition's signatures for delivery as CSV, with a header row.
pub fn signatures_csv<'a>(
    rows: impl IntoIterator<Item = DeliveryRow<'a>>,
    out: impl Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["number", "name", "postcode", "section", "signed_on"])?;
    for (i, r) in rows.into_iter().enumerate() {
        w.write_record([
            (i + 1).to_string().as_str(),
            &inert(r.name),
            &inert(r.postcode),
            &inert(r.section),
            &inert(&r.signed_on),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Any list as CSV with a header row, every cell made inert for spreadsheets (see [`inert`]);
/// numbers, negative ones too, stay numbers.
pub fn table_csv(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    out: impl Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header.iter().map(|h| inert(h).into_owned()))?;
    for row in rows {
        w.write_record(row.iter().map(|cell| inert(cell).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

/// Whether a spreadsheet would read this text as a formula: it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return. A plain number (`-2`, `-1.5`) and a phone number in international
/// form (`+32 470 12 34 56`) compute nothing and stay as they are.
///
/// The one test every CSV and spreadsheet the program writes applies to its text cells: CSV
/// through [`inert`], XLSX through a quote prefix (`xlsform::export`).
pub fn reads_as_formula(text: &str) -> bool {
    let phone = text.strip_prefix('+').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '/'))
    });
    if phone || is_plain_number(text) {
        return false;
    }
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// An optional sign, digits, and at most one decimal point between digits.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
}

/// A text cell made inert for spreadsheets: when it would be read as a formula (see
/// [`reads_as_formula`]), it gets a leading apostrophe. Every CSV writer of the program sends its
/// text cells through here.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if reads_as_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod delivery_tests {
    use super::*;

    /// Security (issue 13): any list (the reminder and door lists, the CLI's files) is written
    /// with every formula made inert and numbers left as numbers.
    #[test]
    fn tables_defuse_formulas_and_keep_numbers() {
        let mut out = Vec::new();
        table_csv(
            &["name", "amount"],
            [
                vec!["=1+1".to_owned(), "-2".to_owned()],
                vec!["@SUM(A1)".to_owned(), "-1.25".to_owned()],
                vec!["\t=cmd".to_owned(), "3".to_owned()],
                vec!["+1+1".to_owned(), "+32 470 12 34 56".to_owned()],
            ],
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,amount\n'=1+1,-2\n'@SUM(A1),-1.25\n'\t=cmd,3\n'+1+1,+32 470 12 34 56\n"
        );
    }

    #[test]
    fn delivery_lists_number_rows_and_defuse_formulas() {
        let mut out = Vec::new();
        signatures_csv(
            [
                DeliveryRow {
                    name: "Ann",
                    postcode: "9000",
                    section: "Gent Noord",
                    signed_on: "2026-03-01".into(),
                },
                DeliveryRow {
                    name: "=HYPERLINK(\"x\")",
                    postcode: "",
                    section: "Gent",
                    signed_on: "2026-03-02".into(),
                },
            ],
            &mut out,
        )
        .unwrap();
        assert_eq!(inert("+32 470 12 34 56"), "+32 470 12 34 56");
        assert_eq!(inert("+1+1"), "'+1+1");
        // A negative number is a number, not a formula.
        assert_eq!(inert("-2"), "-2");
        assert_eq!(inert("-1.5"), "-1.5");
        assert_eq!(inert("-2+3"), "'-2+3");
        assert_eq!(inert("-"), "'-");
        assert_eq!(inert("-.5"), "'-.5");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("\rx"), "'\rx");
        assert_eq!(inert("plain = text"), "plain = text");
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "number,name,postcode,section,signed_on\n1,Ann,9000,Gent Noord,2026-03-01\n2,\"'=HYPERLINK(\"\"x\"\")\",,Gent,2026-03-02\n"
        );
    }
}

//! XLSForm import and export against hand-made workbooks (see `fixtures/make_fixtures.py`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use enquete_domain::people::Language;
use enquete_domain::survey::FormClock;
use enquete_domain::survey::{AnswerValue, Answers, QuestionKind};
use enquete_formats::xlsform::{XlsFormError, export, import};

const CLOCK: FormClock = FormClock {
    today: 20_000,
    now_ms: 1_728_000_000_000,
};

/// The first problem of a workbook that does not import.
fn refusal(bytes: &[u8]) -> XlsFormError {
    import(bytes).unwrap_err().0.remove(0)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn a_two_language_household_form_reads_with_bounds_and_skip_logic() {
    let def = import(&fixture("household.xlsx")).unwrap();
    assert_eq!(def.form_id, "housing_2026");
    assert_eq!(def.title.get(Language::En), "Housing enquête");
    let names: Vec<&str> = def.questions.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["adults", "renting", "rent", "problems", "landlord"]);
    assert_eq!(
        def.questions[0].kind,
        QuestionKind::Number {
            min: Some(1),
            max: Some(20)
        }
    );
    assert!(def.questions[0].required);
    assert_eq!(
        def.questions[1].label.get(Language::Nl),
        "Huur je je woning?"
    );
    assert_eq!(
        def.questions[2].relevant.as_deref(),
        Some("${renting} = 'yes'")
    );
    assert_eq!(def.questions[3].kind.choices().len(), 3);
    assert_eq!(
        def.questions[4].kind,
        QuestionKind::Text { max_length: 500 }
    );
    // The skip logic works on answers.
    let mut a = Answers::default();
    a.0.insert("adults".into(), AnswerValue::Number(2));
    a.0.insert("renting".into(), AnswerValue::Text("no".into()));
    def.validate_answers(&a, CLOCK).unwrap();
    a.0.insert("rent".into(), AnswerValue::Number(700));
    assert!(
        def.validate_answers(&a, CLOCK).is_err(),
        "rent is not asked of owners"
    );
}

#[test]
fn rankings_ranges_hints_demographics_and_metadata_read() {
    let def = import(&fixture("ranking.xlsx")).unwrap();
    assert_eq!(def.form_id, "national_2026");
    let names: Vec<&str> = def.questions.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(
        names,
        ["start", "end", "top3", "trust", "age_band", "gender"],
        "start and end are metadata, filled in by the phone"
    );
    assert!(
        matches!(&def.questions[2].kind, QuestionKind::Ranking { max: 3, choices } if choices.len() == 4)
    );
    assert_eq!(def.questions[2].hint.get(Language::De), "Der Reihe nach");
    assert_eq!(
        def.questions[2].label.get(Language::Fr),
        "Vos trois problèmes les plus importants ?"
    );
    assert_eq!(
        def.questions[3].kind,
        QuestionKind::Scale { min: 0, max: 10 }
    );
    assert!(
        def.questions[4].demographic
            && def.questions[5].demographic
            && !def.questions[2].demographic
    );
    assert_eq!(
        def.title.get(Language::En),
        "Enquête nationale",
        "the title falls back to the language it has"
    );
}

#[test]
fn a_plain_one_language_form_reads() {
    let def = import(&fixture("plain.xlsx")).unwrap();
    assert_eq!(def.questions.len(), 3);
    assert!(def.questions[0].required && def.questions[1].required && !def.questions[2].required);
    assert_eq!(
        def.questions[1].kind.choices()[0].label.get(Language::En),
        "ja"
    );
}

#[test]
fn every_problem_of_a_workbook_is_listed_with_its_place() {
    let all = import(&fixture("unsupported.xlsx")).unwrap_err().0;
    let places: Vec<(Option<usize>, Option<&str>)> =
        all.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(
        places,
        [
            (Some(3), Some("type")),
            (Some(4), Some("relevant")),
            (Some(5), Some("type")),
            (Some(6), Some("type")),
            (Some(7), Some("relevant")),
        ],
        "{all:#?}"
    );
    assert!(all.iter().all(|e| e.sheet == "survey"));
    let text: Vec<String> = all.iter().map(ToString::to_string).collect();
    assert!(text[0].contains("household is never closed"), "{}", text[0]);
    assert!(text[1].contains("stret"), "{}", text[1]);
    assert!(
        text[2].contains("tenure is not on the choices sheet"),
        "{}",
        text[2]
    );
    assert!(
        text[3].contains("hologram is not a question type"),
        "{}",
        text[3]
    );
    let e = refusal(b"not a spreadsheet");
    assert_eq!(e.sheet, "workbook");
}

#[test]
fn import_export_import_gives_the_same_survey() {
    for name in ["household.xlsx", "ranking.xlsx", "plain.xlsx"] {
        let first = import(&fixture(name)).unwrap();
        let again = import(&export(&first).unwrap()).unwrap();
        assert_eq!(again, first, "{name}");
    }
    let national = enquete_domain::demo::belgian_enquete();
    assert_eq!(import(&export(&national).unwrap()).unwrap(), national);
}

#[test]
fn a_far_away_cell_is_refused_without_reading_the_empty_square() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("survey").unwrap();
    sheet.write_string(0, 0, "type").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let e = refusal(&bytes);
    assert!(e.problem.contains("goes beyond what Enquête reads"), "{e}");
}

/// Found by `fuzz/run.sh`: a cell reference of many letters overflows in the workbook reader.
/// Whatever the reader does with it, the organizer gets an error about the workbook.
#[test]
fn a_damaged_workbook_found_by_fuzzing_is_an_error() {
    let e = refusal(&fixture("damaged-cell-reference.xlsx"));
    assert_eq!(e.sheet, "workbook", "{e}");
}

/// Security (issue 13): a label that starts like a formula is written as text with Excel's
/// quote prefix (shown and kept as text even when edited), never as a formula, and the workbook
/// still reads back as the same survey.
#[test]
fn labels_that_look_like_formulas_are_written_as_quoted_text() {
    use std::io::Read;
    let read_all = |bytes: &[u8]| -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            all.push_str(&format!("\n--- {name}\n{text}"));
        }
        all
    };
    let plain = enquete_domain::demo::belgian_enquete();
    assert!(!read_all(&export(&plain).unwrap()).contains("quotePrefix"));
    let mut def = plain.clone();
    let q = def.questions.first_mut().unwrap();
    q.label.0.insert(
        "en".into(),
        "=HYPERLINK(\"https://evil.example\",\"x\")".into(),
    );
    let xml = read_all(&export(&def).unwrap());
    assert!(xml.contains("quotePrefix=\"1\""), "{xml}");
    assert!(!xml.contains("<f>"), "no formula anywhere: {xml}");
    assert_eq!(import(&export(&def).unwrap()).unwrap(), def);
}

/// Rewrites a workbook: its shared strings replaced by `strings` (compressed), `extra` empty
/// entries added, and the unpacked size its headers declare for the shared strings replaced by
/// `declared` when given (a lying header).
fn repacked(book: &[u8], strings: &[u8], extra: usize, declared: Option<u32>) -> Vec<u8> {
    use std::io::{Read, Write};
    const NAME: &str = "xl/sharedStrings.xml";
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(book.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut names = Vec::new();
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(if name == NAME { strings } else { &data })
            .unwrap();
        names.push(name);
    }
    if !names.iter().any(|n| n == NAME) {
        out.start_file(NAME, opts).unwrap();
        out.write_all(strings).unwrap();
    }
    for i in 0..extra {
        out.start_file(format!("xl/extra/{i}.xml").as_str(), opts)
            .unwrap();
    }
    let mut bytes = out.finish().unwrap().into_inner();
    if let Some(size) = declared {
        let name = NAME.as_bytes();
        let at: Vec<usize> = bytes
            .windows(name.len())
            .enumerate()
            .filter(|(_, w)| *w == name)
            .map(|(i, _)| i)
            .collect();
        for pos in at {
            let field = if pos >= 30 && bytes[pos - 30..pos - 26] == *b"PK\x03\x04" {
                pos - 30 + 22
            } else if pos >= 46 && bytes[pos - 46..pos - 42] == *b"PK\x01\x02" {
                pos - 46 + 24
            } else {
                continue;
            };
            bytes[field..field + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
    bytes
}

fn huge_strings() -> Vec<u8> {
    let mut xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#.to_vec();
    xml.resize(xml.len() + 30 * 1024 * 1024, b'a');
    xml.extend_from_slice(b"</t></si></sst>");
    xml
}

/// Security (issue 13, finding 8): a workbook of a few kilobytes that unpacks to hundreds of
/// megabytes is refused from its central directory, before it is parsed, and quickly.
#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_parsing() {
    let book = fixture("household.xlsx");
    let bomb = repacked(&book, &huge_strings(), 0, None);
    assert!(bomb.len() < 1024 * 1024, "{} bytes on the wire", bomb.len());
    let started = std::time::Instant::now();
    let e = refusal(&bomb);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.sheet, "workbook", "{e}");
    assert!(e.problem.contains("MB"), "{e}");
    // The same with headers that lie about the size: refused all the same.
    let liar = repacked(&book, &huge_strings(), 0, Some(2000));
    let e = refusal(&liar);
    assert_eq!(e.sheet, "workbook", "{e}");
    assert!(
        e.problem.contains("MB") || e.problem.contains("declared"),
        "{e}"
    );
    // Too many entries.
    let e = refusal(&repacked(&book, b"", 300, None));
    assert!(e.problem.contains("200"), "{e}");
    // A normal workbook, and the same repacked, still import.
    assert_eq!(import(&book).unwrap().form_id, "housing_2026");
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(book.clone())).unwrap();
    let strings = {
        use std::io::Read;
        let mut s = Vec::new();
        if let Ok(mut f) = src.by_name("xl/sharedStrings.xml") {
            f.read_to_end(&mut s).unwrap();
        }
        s
    };
    if !strings.is_empty() {
        let same = repacked(&book, &strings, 0, None);
        assert_eq!(import(&same).unwrap().form_id, "housing_2026");
    }
}

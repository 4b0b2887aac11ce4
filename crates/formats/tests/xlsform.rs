//! XLSForm import and export against hand-made workbooks (see `fixtures/make_fixtures.py`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use enquete_domain::people::Language;
use enquete_domain::survey::{AnswerValue, Answers, QuestionKind};
use enquete_formats::xlsform::{export, import};

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
    def.validate_answers(&a).unwrap();
    a.0.insert("rent".into(), AnswerValue::Number(700));
    assert!(
        def.validate_answers(&a).is_err(),
        "rent is not asked of owners"
    );
}

#[test]
fn rankings_ranges_hints_and_demographics_read_and_metadata_is_skipped() {
    let def = import(&fixture("ranking.xlsx")).unwrap();
    assert_eq!(def.form_id, "national_2026");
    let names: Vec<&str> = def.questions.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(
        names,
        ["top3", "trust", "age_band", "gender"],
        "start and end are metadata"
    );
    assert!(
        matches!(&def.questions[0].kind, QuestionKind::Ranking { max: 3, choices } if choices.len() == 4)
    );
    assert_eq!(def.questions[0].hint.get(Language::De), "Der Reihe nach");
    assert_eq!(
        def.questions[0].label.get(Language::Fr),
        "Vos trois problèmes les plus importants ?"
    );
    assert_eq!(
        def.questions[1].kind,
        QuestionKind::Scale { min: 0, max: 10 }
    );
    assert!(
        def.questions[2].demographic
            && def.questions[3].demographic
            && !def.questions[0].demographic
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
fn an_unsupported_construct_is_refused_with_its_place() {
    let e = import(&fixture("unsupported.xlsx")).unwrap_err();
    assert_eq!(
        (e.sheet.as_str(), e.row, e.column.as_deref()),
        ("survey", Some(3), Some("type"))
    );
    assert_eq!(
        e.to_string(),
        "survey sheet, row 3, column type: groups (begin_group) are not supported; put the questions one after the other"
    );
    let e = import(b"not a spreadsheet").unwrap_err();
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
    let e = import(&bytes).unwrap_err();
    assert!(e.problem.contains("goes beyond what Enquête reads"), "{e}");
}

/// Found by `fuzz/run.sh`: a cell reference of many letters overflows in the workbook reader.
/// Whatever the reader does with it, the organizer gets an error about the workbook.
#[test]
fn a_damaged_workbook_found_by_fuzzing_is_an_error() {
    let e = import(&fixture("damaged-cell-reference.xlsx")).unwrap_err();
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

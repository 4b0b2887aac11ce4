//! The real field forms of `../shared/xlsform-corpus` (skipped when that folder is absent):
//! every workbook imports, and its export reads back as the same survey. The pyxform half of
//! the check (the export converts, with the same questions, binds and body) is
//! `tests/xlsform/pyxform_check.py`, run by CI.
//!
//! Also the XForm of every workbook that imports: it is written without panicking, and an empty
//! instance and the XForm's own instance read back. With `ENQUETE_XFORM_OUT` set, each is
//! written to `$ENQUETE_XFORM_OUT/{file}.xml` for `tests/xlsform/xform_check.py`, which compares
//! them with pyxform's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use enquete_formats::xform::{manifest, parse_instance, xform};
use enquete_formats::xlsform::{export, import};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/xlsform-corpus");
    dir.join("manifest.csv").exists().then_some(dir)
}

#[test]
fn the_field_forms_of_the_corpus_import_and_round_trip() {
    let Some(dir) = corpus() else {
        eprintln!("no ../shared/xlsform-corpus here: skipped");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let (mut total, mut imported, mut field, mut field_imported) = (0, 0, 0, 0);
    let mut refused = Vec::new();
    let mut differ = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let (file, kind) = (&record[0], &record[1]);
        let bytes = std::fs::read(dir.join("forms").join(file)).unwrap();
        total += 1;
        let is_field = kind == "field_survey";
        field += usize::from(is_field);
        match import(&bytes) {
            Ok(def) => {
                imported += 1;
                field_imported += usize::from(is_field);
                let exported = export(&def).unwrap();
                if let Ok(out) = std::env::var("ENQUETE_CORPUS_OUT") {
                    std::fs::create_dir_all(&out).unwrap();
                    std::fs::write(PathBuf::from(out).join(file), &exported).unwrap();
                }
                match import(&exported) {
                    Err(e) => differ.push(format!("{file}: the export does not read back:\n{e}")),
                    Ok(again) if again != def => {
                        differ.push(format!("{file}: {}", first_difference(&def, &again)));
                    }
                    Ok(_) => {}
                }
            }
            Err(e) => refused.push(format!("{file}:\n{e}")),
        }
    }
    eprintln!(
        "imported {imported} of {total} workbooks, {field_imported} of {field} field surveys"
    );
    for r in &refused {
        eprintln!("{r}\n");
    }
    assert!(
        differ.is_empty(),
        "round trips that change the survey:\n{}",
        differ.join("\n")
    );
    assert!(
        imported * 100 >= total * 95 && field_imported * 100 >= field * 95,
        "imported {imported} of {total} ({field_imported} of {field} field surveys); refused:\n{}",
        refused.join("\n")
    );
}

/// Where two definitions first differ, briefly.
fn first_difference(
    a: &enquete_domain::survey::SurveyDefinition,
    b: &enquete_domain::survey::SurveyDefinition,
) -> String {
    let short = |s: String| s.chars().take(400).collect::<String>();
    for (x, y) in a.questions.iter().zip(&b.questions) {
        if x != y {
            let part = if x.details != y.details {
                (format!("{:?}", x.details), format!("{:?}", y.details))
            } else if x.kind != y.kind {
                (format!("{:?}", x.kind), format!("{:?}", y.kind))
            } else {
                (format!("{x:?}"), format!("{y:?}"))
            };
            return format!(
                "question {}:\n  {}\n  {}",
                x.name,
                short(part.0),
                short(part.1)
            );
        }
    }
    if a.questions.len() != b.questions.len() {
        return format!(
            "{} questions, then {}",
            a.questions.len(),
            b.questions.len()
        );
    }
    for (x, y) in a.groups.iter().zip(&b.groups) {
        if x != y {
            return format!("group {}:\n  {x:?}\n  {y:?}", x.name);
        }
    }
    short(format!(
        "title {:?} / {:?}, languages {:?} / {:?}, version {:?} / {:?}, groups {} / {}",
        a.title,
        b.title,
        a.languages,
        b.languages,
        a.version,
        b.version,
        a.groups.len(),
        b.groups.len()
    ))
}

#[test]
fn every_imported_corpus_form_has_an_xform() {
    let Some(dir) = corpus() else {
        eprintln!("no ../shared/xlsform-corpus here: skipped");
        return;
    };
    let out = std::env::var("ENQUETE_XFORM_OUT").ok().map(PathBuf::from);
    if let Some(out) = &out {
        std::fs::create_dir_all(out).unwrap();
    }
    let manifest_csv = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(manifest_csv.as_bytes());
    let mut written = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let file = &record[0];
        let bytes = std::fs::read(dir.join("forms").join(file)).unwrap();
        let Ok(def) = import(&bytes) else { continue };
        let doc = xform(&def, def.version.as_deref().unwrap_or(""));
        assert!(doc.starts_with("<?xml"), "{file}");
        let _ = manifest(&def);
        // The instance phones would send when nothing is answered reads back as no answers.
        let empty = format!(
            "<data id=\"{}\"><meta><instanceID>uuid:x</instanceID></meta></data>",
            def.form_id
        );
        let read = parse_instance(&def, empty.as_bytes()).unwrap();
        assert!(read.answers.0.is_empty(), "{file}");
        // The primary instance of the XForm (the repeats' templates and first rows, defaults
        // filled in) is itself an instance of the form.
        let start = doc.find("<instance>").unwrap() + "<instance>".len();
        let end = start + doc[start..].find("</instance>").unwrap();
        if let Err(e) = parse_instance(&def, &doc.as_bytes()[start..end]) {
            panic!("{file}: our own instance does not read back: {e}");
        }
        if let Some(out) = &out {
            std::fs::write(out.join(format!("{file}.xml")), &doc).unwrap();
        }
        written += 1;
    }
    eprintln!("{written} XForms written");
    assert!(written >= 45, "only {written} corpus forms import");
}

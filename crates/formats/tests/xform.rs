//! The XForm of every corpus workbook that imports (skipped when `../shared/xlsform-corpus` is
//! absent): it is written without panicking, and an empty instance and the XForm's own instance
//! read back. With `ENQUETE_XFORM_OUT` set, each is written to `$ENQUETE_XFORM_OUT/{file}.xml` for
//! `tests/xlsform/xform_check.py`, which compares them with pyxform's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use enquete_formats::xform::{manifest, parse_instance, xform};
use enquete_formats::xlsform::import;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/xlsform-corpus");
    dir.join("manifest.csv").exists().then_some(dir)
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

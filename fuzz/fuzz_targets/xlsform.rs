//! An XLSForm workbook as uploaded: any bytes must give a survey or a clear error, and a survey
//! read must write out as a workbook that reads back to the same questions.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(def) = enquete_formats::xlsform::import(data) else {
        return;
    };
    let written = enquete_formats::xlsform::export(&def).expect("a survey read must write out");
    let again = enquete_formats::xlsform::import(&written).expect("a written survey must read back");
    assert_eq!(def.questions.len(), again.questions.len());
});

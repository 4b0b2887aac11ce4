//! An XLSForm workbook as uploaded: any bytes must give a survey or a clear error, and a survey
//! read must write out as a workbook that reads back to the same questions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // `xlsform::import` turns a panic of the workbook reader (calamine, another project's code)
    // into an error, as the server needs. libFuzzer's panic hook would abort before that, so
    // panics raised inside calamine are let through to that guard; any other panic, in our
    // code, still stops the run as a crash. (calamine 0.38 overflows on long cell references:
    // see crates/formats/tests/fixtures/damaged-cell-reference.xlsx.)
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"))
            {
                return;
            }
            fuzzer_hook(info);
        }));
    });
    let Ok(def) = enquete_formats::xlsform::import(data) else {
        return;
    };
    let written = enquete_formats::xlsform::export(&def).expect("a survey read must write out");
    let again =
        enquete_formats::xlsform::import(&written).expect("a written survey must read back");
    assert_eq!(def.questions.len(), again.questions.len());
});

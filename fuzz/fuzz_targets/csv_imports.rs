//! The CSV files organizers upload: paper forms typed in, a weighting sample with its margins,
//! population figures. Any bytes must give rows or errors naming a row and column.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn survey() -> &'static enquete_domain::survey::SurveyDefinition {
    static SURVEY: OnceLock<enquete_domain::survey::SurveyDefinition> = OnceLock::new();
    SURVEY.get_or_init(enquete_domain::demo::belgian_enquete)
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the importer, so one corpus grows for all three.
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 3 {
        0 => {
            if let Ok(rows) = enquete_formats::paper::parse(survey(), rest) {
                for row in rows.into_iter().flatten() {
                    let _ = enquete_formats::paper::row_id(&row, 1);
                }
            }
        }
        1 => {
            // Sample and margins, split at the first NUL byte.
            let at = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
            let (sample, margins) = rest.split_at(at);
            let _ = enquete_formats::weights::read(sample, margins.get(1..).unwrap_or_default());
        }
        _ => {
            let _ = enquete_formats::weights::read_population(rest);
        }
    }
});

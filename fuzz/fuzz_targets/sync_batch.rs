//! The body a phone sends when it syncs: any bytes must be refused as a whole or answered item
//! by item, and an item accepted must hold answers the survey can check.
#![no_main]

use enquete_domain::Timestamp;
use enquete_app::responses::{Outcome, decode};
use enquete_web::api::v1::responses::BatchBody;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn survey() -> &'static enquete_domain::survey::SurveyDefinition {
    static SURVEY: OnceLock<enquete_domain::survey::SurveyDefinition> = OnceLock::new();
    SURVEY.get_or_init(enquete_domain::demo::belgian_enquete)
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<BatchBody>(data) else {
        return;
    };
    let now = Timestamp(1_790_000_000);
    for value in body.responses {
        match decode(value, now) {
            Ok(item) => {
                assert!(item.collected_at.0 <= now.0 + 86_400);
                let _ = survey().validate_answers(&item.answers);
            }
            Err(refused) => {
                let Outcome::Rejected(why) = refused.outcome else {
                    panic!("a refusal says why")
                };
                assert!(!why.field.is_empty());
            }
        }
    }
});

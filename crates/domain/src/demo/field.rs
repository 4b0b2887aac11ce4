//! The demo's field survey: a housing visit as field forms are written (the day, the household's
//! members as a repeat, the rent as a decimal, the repairs, the door's position), in four
//! languages, answered door to door in the neighbourhood sections of cities whose place the demo
//! knows.

use super::{DAY, DemoResponse, DemoUnit};
use crate::Timestamp;
use crate::org::UnitKind;
use crate::survey::{Answers, Channel, SurveyDefinition};
use serde_json::json;

/// Where the centres of the demo's cities are (latitude, longitude).
const CITY_CENTRES: &[(&str, f64, f64)] = &[
    ("Antwerpen", 51.2194, 4.4025),
    ("Gent", 51.0543, 3.7174),
    ("Brugge", 51.2093, 3.2247),
    ("Leuven", 50.8798, 4.7005),
    ("Mechelen", 51.0259, 4.4776),
    ("Liège", 50.6326, 5.5797),
    ("Charleroi", 50.4108, 4.4446),
    ("Namur", 50.4674, 4.8720),
    ("Mons", 50.4542, 3.9523),
    ("Bruxelles-Ville", 50.8467, 4.3525),
    ("Schaerbeek", 50.8676, 4.3737),
    ("Anderlecht", 50.8365, 4.3081),
    ("Molenbeek", 50.8550, 4.3300),
    ("Ixelles", 50.8333, 4.3667),
];

fn labels(nl: &str, fr: &str, de: &str, en: &str) -> serde_json::Value {
    json!({"nl": nl, "fr": fr, "de": de, "en": en})
}

fn choice(name: &str, nl: &str, fr: &str, de: &str, en: &str) -> serde_json::Value {
    json!({"name": name, "label": labels(nl, fr, de, en)})
}

/// The housing visit.
pub fn housing_visit() -> SurveyDefinition {
    let def = json!({
        "form_id": "housing_visit",
        "title": labels("Huisbezoek wonen", "Visite logement", "Hausbesuch Wohnen", "Housing visit"),
        "questions": [
            {"name": "visited", "type": "date", "required": true,
             "label": labels("Dag van het bezoek", "Jour de la visite", "Tag des Besuchs", "Day of the visit")},
            {"name": "age", "type": "number", "min": 0, "max": 120, "group": "household/members",
             "label": labels("Leeftijd", "Âge", "Alter", "Age")},
            {"name": "works", "type": "single_choice", "group": "household/members",
             "label": labels("Werkt deze persoon?", "Cette personne travaille-t-elle ?", "Arbeitet diese Person?", "Does this person work?"),
             "choices": [
                choice("yes", "Ja", "Oui", "Ja", "Yes"),
                choice("no", "Nee", "Non", "Nein", "No"),
                choice("retired", "Met pensioen", "Pensionné·e", "In Rente", "Retired")]},
            {"name": "rent", "type": "decimal",
             "label": labels("Huur per maand (euro)", "Loyer par mois (euros)", "Miete pro Monat (Euro)", "Rent per month (euros)")},
            {"name": "repairs", "type": "single_choice",
             "label": labels("Doet de verhuurder de nodige herstellingen?", "Le propriétaire fait-il les réparations nécessaires ?", "Macht der Vermieter die nötigen Reparaturen?", "Does the landlord do the repairs needed?"),
             "choices": [
                choice("yes", "Ja", "Oui", "Ja", "Yes"),
                choice("partly", "Gedeeltelijk", "En partie", "Teilweise", "Partly"),
                choice("no", "Nee", "Non", "Nein", "No")]},
            {"name": "door", "type": "geopoint",
             "label": labels("Waar is de deur?", "Où est la porte ?", "Wo ist die Tür?", "Where is the door?")}
        ],
        "groups": [
            {"name": "household", "at": 1,
             "label": labels("Het gezin", "Le ménage", "Der Haushalt", "The household")},
            {"name": "members", "parent": "household", "repeat": true, "at": 1,
             "label": labels("Gezinsleden", "Membres du ménage", "Haushaltsmitglieder", "Members of the household")}
        ]
    });
    serde_json::from_value(def).unwrap_or_else(|e| unreachable!("the housing visit is valid: {e}"))
}

/// Answers to the housing visit in the neighbourhood sections of the cities the demo can place:
/// `per_section` doors in each, within a few hundred metres of a point of the section.
pub(super) fn housing_responses(
    rng: &mut fastrand::Rng,
    units: &[DemoUnit],
    per_section: usize,
    now: Timestamp,
) -> Vec<DemoResponse> {
    let mut out = Vec::new();
    for (unit, u) in units.iter().enumerate() {
        if u.kind != UnitKind::Neighbourhood {
            continue;
        }
        let Some((_, lat, lon)) = u
            .parent
            .and_then(|p| units.get(p))
            .and_then(|city| CITY_CENTRES.iter().find(|(n, _, _)| *n == city.name))
        else {
            continue;
        };
        // The section's streets: a point up to 2 km from the centre.
        let (slat, slon) = (
            lat + (rng.f64() - 0.5) * 0.036,
            lon + (rng.f64() - 0.5) * 0.056,
        );
        for _ in 0..per_section {
            let members: Vec<serde_json::Value> = (0..rng.usize(1..=5))
                .map(|_| {
                    let age = rng.u8(..90);
                    let works = match age {
                        0..18 => None,
                        18..66 if rng.u8(..10) < 7 => Some("yes"),
                        18..66 => Some("no"),
                        _ => Some("retired"),
                    };
                    let mut row = json!({"household/members/age": age});
                    if let (Some(w), Some(map)) = (works, row.as_object_mut()) {
                        map.insert("household/members/works".into(), json!(w));
                    }
                    row
                })
                .collect();
            let days_ago = rng.i64(0..60);
            let visited = Timestamp(now.0 - days_ago * DAY).date();
            let rent = 450.0 + f64::from(rng.u16(..700)) + if rng.bool() { 0.5 } else { 0.0 };
            let repairs = match rng.u8(..10) {
                0..4 => "no",
                4..7 => "partly",
                _ => "yes",
            };
            let door = format!(
                "{:.6} {:.6} {} {}",
                slat + (rng.f64() - 0.5) * 0.008,
                slon + (rng.f64() - 0.5) * 0.012,
                rng.u8(10..60),
                rng.u8(3..25)
            );
            let answers: Answers = serde_json::from_value(json!({
                "visited": visited,
                "household/members": members,
                "rent": rent,
                "repairs": repairs,
                "door": door,
            }))
            .unwrap_or_default();
            out.push(DemoResponse {
                id: format!(
                    "0190f000-0000-7000-a000-{:012x}",
                    out.len() as u64 + ((unit as u64) << 24)
                ),
                unit,
                channel: Channel::Door,
                collected_at: Timestamp(now.0 - days_ago * DAY),
                answers,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_housing_visit_is_valid_and_its_answers_pass_its_checks() {
        let def = housing_visit();
        def.validate().unwrap();
        let now = Timestamp(1_790_000_000);
        let country = super::super::country(super::super::Scale::Small, 1, now);
        let responses = housing_responses(&mut fastrand::Rng::with_seed(1), &country.units, 5, now);
        assert!(responses.len() >= 20, "{}", responses.len());
        let clock = crate::survey::FormClock {
            today: now.0 / DAY,
            now_ms: now.0 * 1000,
        };
        for r in &responses {
            def.validate_answers(&r.answers, clock)
                .unwrap_or_else(|e| panic!("{e:?} in {:?}", r.answers));
        }
    }
}

//! The demo's survey: the ready Belgian enquête in four languages, and the answers the demo's
//! sections give to it, leaning by region and by workplace.

use super::{DAY, DemoResponse, pick};
use crate::Timestamp;

/// What people say, roughly, by where they live: the demo's answers lean this way.
fn issue_weights(region: usize, workplace: bool) -> [(&'static str, u32); 12] {
    let mut w = [
        ("wages", 10),
        ("pensions", 6),
        ("prices", 12),
        ("energy", 8),
        ("housing", 10),
        ("health", 7),
        ("medicine", 4),
        ("transport", 4),
        ("climate", 4),
        ("schools", 3),
        ("jobs", 5),
        ("palestine", 3),
    ];
    let boost: &[(&str, u32)] = match (workplace, region) {
        (true, _) => &[("wages", 14), ("pensions", 8), ("jobs", 6)],
        (false, 0) => &[("housing", 6), ("energy", 4)],
        (false, 1) => &[("jobs", 8), ("health", 5), ("pensions", 4)],
        _ => &[("housing", 12), ("prices", 4), ("palestine", 6)],
    };
    for (name, extra) in boost {
        if let Some(slot) = w.iter_mut().find(|(n, _)| n == name) {
            slot.1 += extra;
        }
    }
    w
}

const CHANGES_NL: &[&str] = &[
    "Betaalbare woningen voor iedereen",
    "Het zwembad moet open blijven",
    "Meer groen en speelpleinen in de wijk",
    "Lagere energiefacturen",
    "Een bus die ook 's avonds rijdt",
    "De huisarts is onbetaalbaar geworden",
];
const CHANGES_FR: &[&str] = &[
    "Des logements abordables pour tous",
    "Garder la piscine ouverte",
    "Plus de parcs et de plaines de jeux",
    "Des factures d'énergie moins chères",
    "Des bus aussi le soir",
    "Les médicaments coûtent trop cher",
];
const CHANGES_DE: &[&str] = &[
    "Bezahlbare Wohnungen für alle",
    "Das Schwimmbad muss offen bleiben",
    "Mehr Grün im Viertel",
    "Niedrigere Energierechnungen",
];

pub(super) fn demo_response(
    rng: &mut fastrand::Rng,
    unit: usize,
    region: usize,
    lang: &str,
    workplace: bool,
    now: Timestamp,
) -> DemoResponse {
    use crate::survey::{AnswerValue, Answers, Channel};
    let mut weights = issue_weights(region, workplace).to_vec();
    let mut top3 = Vec::new();
    for _ in 0..3 {
        let total: u32 = weights.iter().map(|(_, w)| w).sum();
        let mut roll = rng.u32(..total.max(1));
        let Some(i) = weights.iter().position(|(_, w)| {
            if roll < *w {
                true
            } else {
                roll -= w;
                false
            }
        }) else {
            break;
        };
        let (name, _) = weights.remove(i);
        top3.push(name.to_owned());
        if rng.u8(..10) == 0 {
            break;
        }
    }
    let mut answers = Answers::default();
    answers.0.insert("top3".into(), AnswerValue::List(top3));
    answers.0.insert(
        "trust".into(),
        AnswerValue::Number(i64::from(rng.u8(..11).min(rng.u8(..11)))),
    );
    if rng.u8(..3) == 0 {
        let pool = match lang {
            "nl" => CHANGES_NL,
            "de" => CHANGES_DE,
            _ => CHANGES_FR,
        };
        answers.0.insert(
            "change".into(),
            AnswerValue::Text(pick(rng, pool).to_owned()),
        );
    }
    let age = ["a16_24", "a25_34", "a35_44", "a45_54", "a55_64", "a65"];
    answers.0.insert(
        "age_band".into(),
        AnswerValue::Text(pick(rng, &age).to_owned()),
    );
    let gender = if rng.u8(..100) < 58 {
        "woman"
    } else if rng.u8(..100) < 97 {
        "man"
    } else {
        "other"
    };
    answers
        .0
        .insert("gender".into(), AnswerValue::Text(gender.to_owned()));
    let contact = if rng.u8(..5) == 0 { "yes" } else { "no" };
    answers
        .0
        .insert("contact".into(), AnswerValue::Text(contact.to_owned()));
    let collected_at = Timestamp(now.0 - rng.i64(DAY..120 * DAY));
    // A UUID of version 7 from the collection time and the seeded generator.
    let millis = u64::try_from(collected_at.0).unwrap_or(0) * 1000 + rng.u64(..1000);
    let id = format!(
        "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
        millis >> 16,
        millis & 0xffff,
        rng.u16(..0x1000),
        0x8000 | rng.u16(..0x4000),
        rng.u64(..1 << 48)
    );
    let channel = if workplace {
        Channel::Workplace
    } else if rng.u8(..10) == 0 {
        Channel::Street
    } else {
        Channel::Door
    };
    DemoResponse {
        id,
        unit,
        channel,
        collected_at,
        answers,
    }
}

/// The ready Belgian enquête of the demo: the three most important problems, trust, what should
/// change in the neighbourhood, age band, gender, postcode, and consent to be contacted.
pub fn belgian_enquete() -> crate::survey::SurveyDefinition {
    use crate::survey::{Choice, Labels, Question, QuestionKind, SurveyDefinition};
    fn labels(nl: &str, fr: &str, de: &str, en: &str) -> Labels {
        Labels(
            [("nl", nl), ("fr", fr), ("de", de), ("en", en)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }
    fn choice(name: &str, nl: &str, fr: &str, de: &str, en: &str) -> Choice {
        Choice {
            name: name.into(),
            label: labels(nl, fr, de, en),
            columns: Default::default(),
        }
    }
    fn question(
        name: &str,
        label: Labels,
        required: bool,
        demographic: bool,
        kind: QuestionKind,
    ) -> Question {
        Question {
            name: name.into(),
            label,
            hint: Labels::default(),
            required,
            demographic,
            relevant: None,
            kind,
            details: Default::default(),
        }
    }
    let issues = vec![
        choice("wages", "lonen", "salaires", "Löhne", "wages"),
        choice("pensions", "pensioenen", "pensions", "Renten", "pensions"),
        choice(
            "prices",
            "prijzen en levensduurte",
            "prix et coût de la vie",
            "Preise und Lebenshaltungskosten",
            "prices and the cost of living",
        ),
        choice(
            "energy",
            "energiefactuur",
            "facture d'énergie",
            "Energierechnung",
            "energy bills",
        ),
        choice(
            "housing",
            "huisvesting en huurprijzen",
            "logement et loyers",
            "Wohnen und Mieten",
            "housing and rents",
        ),
        choice(
            "health",
            "gezondheidszorg",
            "soins de santé",
            "Gesundheitsversorgung",
            "health care",
        ),
        choice(
            "medicine",
            "prijs van geneesmiddelen",
            "prix des médicaments",
            "Medikamentenpreise",
            "the price of medicine",
        ),
        choice(
            "transport",
            "openbaar vervoer",
            "transports publics",
            "öffentlicher Verkehr",
            "public transport",
        ),
        choice("climate", "klimaat", "climat", "Klima", "the climate"),
        choice(
            "schools",
            "onderwijs",
            "enseignement",
            "Bildung",
            "schools and education",
        ),
        choice(
            "jobs",
            "werk en ontslagen",
            "emploi et licenciements",
            "Arbeit und Entlassungen",
            "jobs and lay-offs",
        ),
        choice(
            "palestine",
            "Palestina en vrede",
            "Palestine et paix",
            "Palästina und Frieden",
            "Palestine and peace",
        ),
    ];
    let mut change = question(
        "change",
        labels(
            "Wat moet er veranderen in je buurt?",
            "Que faut-il changer dans votre quartier ?",
            "Was muss sich in deinem Viertel ändern?",
            "What should change in your neighbourhood?",
        ),
        false,
        false,
        QuestionKind::Text { max_length: 2000 },
    );
    change.hint = labels(
        "In je eigen woorden.",
        "Avec vos propres mots.",
        "In deinen eigenen Worten.",
        "In your own words.",
    );
    SurveyDefinition {
        form_id: "enquete_2026".into(),
        title: labels(
            "Grote Enquête 2026",
            "Grande Enquête 2026",
            "Große Umfrage 2026",
            "The Big Enquête 2026",
        ),
        questions: vec![
            question(
                "top3",
                labels(
                    "Wat zijn voor jou de drie belangrijkste problemen?",
                    "Quels sont pour vous les trois problèmes les plus importants ?",
                    "Was sind für dich die drei wichtigsten Probleme?",
                    "What are the three most important problems for you?",
                ),
                true,
                false,
                QuestionKind::Ranking {
                    choices: issues,
                    max: 3,
                },
            ),
            question(
                "trust",
                labels(
                    "Hoeveel vertrouwen heb je dat de politiek dit oplost? (0-10)",
                    "Quelle confiance avez-vous dans la politique pour résoudre cela ? (0-10)",
                    "Wie sehr vertraust du darauf, dass die Politik das löst? (0-10)",
                    "How much do you trust politics to solve this? (0-10)",
                ),
                false,
                false,
                QuestionKind::Scale { min: 0, max: 10 },
            ),
            change,
            question(
                "age_band",
                labels("Leeftijd", "Âge", "Alter", "Age"),
                false,
                true,
                QuestionKind::SingleChoice {
                    choices: vec![
                        choice("a16_24", "16-24", "16-24", "16-24", "16-24"),
                        choice("a25_34", "25-34", "25-34", "25-34", "25-34"),
                        choice("a35_44", "35-44", "35-44", "35-44", "35-44"),
                        choice("a45_54", "45-54", "45-54", "45-54", "45-54"),
                        choice("a55_64", "55-64", "55-64", "55-64", "55-64"),
                        choice("a65", "65+", "65+", "65+", "65+"),
                    ],
                },
            ),
            question(
                "gender",
                labels("Gender", "Genre", "Geschlecht", "Gender"),
                false,
                true,
                QuestionKind::SingleChoice {
                    choices: vec![
                        choice("woman", "vrouw", "femme", "Frau", "woman"),
                        choice("man", "man", "homme", "Mann", "man"),
                        choice(
                            "other",
                            "anders / zeg ik liever niet",
                            "autre / préfère ne pas dire",
                            "anders / keine Angabe",
                            "other / prefer not to say",
                        ),
                    ],
                },
            ),
            question(
                "postcode",
                labels("Postcode", "Code postal", "Postleitzahl", "Postcode"),
                false,
                true,
                QuestionKind::Number {
                    min: Some(1000),
                    max: Some(9999),
                },
            ),
            question(
                "contact",
                labels(
                    "Mogen we je opnieuw contacteren?",
                    "Pouvons-nous vous recontacter ?",
                    "Dürfen wir dich wieder kontaktieren?",
                    "May we contact you again?",
                ),
                true,
                false,
                QuestionKind::SingleChoice {
                    choices: vec![
                        choice("yes", "ja", "oui", "ja", "yes"),
                        choice("no", "nee", "non", "nein", "no"),
                    ],
                },
            ),
        ],
        groups: Vec::new(),
        languages: Default::default(),
        version: None,
        settings: Default::default(),
    }
}

#[cfg(test)]
mod enquete_tests {
    #[test]
    fn the_demo_enquete_is_valid_in_four_languages() {
        let s = super::belgian_enquete();
        s.validate().unwrap();
        assert!(s.questions.iter().all(|q| q.label.0.len() == 4));
        assert_eq!(s.question("top3").unwrap().kind.choices().len(), 12);
    }
}

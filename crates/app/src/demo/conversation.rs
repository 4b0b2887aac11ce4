//! The demo's conversation: "What should change in our city?" in the organizer's city, with
//! statements in Dutch and French (translated), 90 participants in three camps (housing,
//! transport, youth and sport) voting from phones, one statement everybody agrees with, and a
//! participant's proposal waiting for moderation. It is linked to the enquête, so most
//! participants said their section, gender and age band, and the groups are weighted to the
//! region's population (the youth camp is young and over-represented, as at a real door).

use crate::Result;
use enquete_domain::Timestamp;
use enquete_domain::org::Unit;
use enquete_store::Store;

const STATEMENTS: [(&str, &str, &str); 13] = [
    (
        "nl",
        "De huurprijzen moeten begrensd worden",
        "Les loyers doivent être plafonnés",
    ),
    (
        "nl",
        "Eerst sociale woningen bouwen",
        "Construire d’abord des logements sociaux",
    ),
    (
        "fr",
        "Réquisitionner les bâtiments vides",
        "Leegstaande gebouwen opeisen",
    ),
    (
        "nl",
        "Geen luxeappartementen meer",
        "Plus d’appartements de luxe",
    ),
    ("fr", "Plus de bus le soir", "Meer bussen 's avonds"),
    (
        "nl",
        "Gratis openbaar vervoer",
        "Transports publics gratuits",
    ),
    ("nl", "Veilige fietspaden", "Des pistes cyclables sûres"),
    (
        "fr",
        "Le tram jusqu’en périphérie",
        "De tram tot in de rand",
    ),
    (
        "nl",
        "Een zwembad in het noorden",
        "Une piscine dans le nord",
    ),
    (
        "fr",
        "Des salles de sport ouvertes le soir",
        "Sporthallen die 's avonds open zijn",
    ),
    (
        "nl",
        "Een jeugdhuis in elke wijk",
        "Une maison de jeunes dans chaque quartier",
    ),
    (
        "fr",
        "Des terrains de foot gratuits",
        "Gratis voetbalvelden",
    ),
    (
        "nl",
        "De stad moet naar haar inwoners luisteren",
        "La ville doit écouter ses habitants",
    ),
];

pub async fn load(store: &Store, city: &Unit, now: Timestamp) -> Result<()> {
    let id = store
        .create_conversation(
            city.id,
            "Wat moet er veranderen in onze stad?",
            &crate::auth::random_token(),
            now,
        )
        .await?;
    let mut ids = Vec::new();
    for (lang, text, translation) in STATEMENTS {
        let s = store.add_statement(id, lang, text, false, now).await?;
        let other = if lang == "nl" { "fr" } else { "nl" };
        store.translate_statement(s, other, translation).await?;
        ids.push(s);
    }
    let surveys = store.surveys().await?;
    let enquete = surveys.iter().find(|s| {
        s.definition
            .questions
            .iter()
            .any(|q| q.demographic && q.name == "gender")
    });
    if let Some(survey) = enquete {
        store.set_conversation_survey(id, Some(survey.id)).await?;
    }
    let mut sections = store.children(city.id, false).await?;
    sections.retain(|u| u.kind == enquete_domain::org::UnitKind::Neighbourhood);
    const AGES: [&str; 6] = ["a16_24", "a25_34", "a35_44", "a45_54", "a55_64", "a65"];
    let mut rng = fastrand::Rng::with_seed(20);
    for person in 0..90 {
        let camp = person % 3;
        let key = format!("demo-participant-{person:04}");
        // Most say where they live and who they are; the youth camp is young.
        if rng.f64() < 0.85 {
            let age = match camp {
                2 => AGES.get(rng.usize(0..3)),
                _ => AGES.get(rng.usize(0..6)),
            };
            let gender = if rng.f64() < if camp == 0 { 0.65 } else { 0.45 } {
                "woman"
            } else {
                "man"
            };
            let mut answers = vec![("gender".to_owned(), gender.to_owned())];
            answers.extend(age.map(|a| ("age_band".to_owned(), (*a).to_owned())));
            let place = sections
                .get(rng.usize(0..sections.len().max(1)))
                .map(|u| u.id);
            store
                .set_participant_profile(id, &key, place, &answers, now)
                .await?;
        }
        let mut votes = Vec::new();
        for (i, s) in ids.iter().enumerate() {
            if rng.f64() < 0.2 {
                continue;
            }
            let own = i / 4;
            let mut v: i8 = if i == 12 || own == camp {
                1
            } else if own == (camp + 1) % 3 {
                -1
            } else {
                0
            };
            if rng.f64() < 0.1 {
                v = -v;
            }
            votes.push((*s, v, Timestamp(now.0 - rng.i64(0..7 * 86_400))));
        }
        store.sync_votes(id, &key, None, &votes, now).await?;
    }
    store
        .add_statement(id, "nl", "Een overdekte markt in het centrum", true, now)
        .await?;
    Ok(())
}

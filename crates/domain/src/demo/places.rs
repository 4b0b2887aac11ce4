//! Where the demo country is: its regions and cities with their sizes and languages, the quarters
//! and workplaces that name its sections, and the population figures that weight its enquête.

use super::DemoUnit;

/// Residents aged 16 and over per region (rounded, Statbel 2025), then the shares of the
/// enquête's age bands and of women and men among them.
const REGION_ADULTS: &[(&str, f64)] = &[
    ("Vlaanderen", 5_620_000.0),
    ("Wallonie", 3_050_000.0),
    ("Bruxelles-Brussel", 990_000.0),
];
const AGE_SHARES: &[(&str, f64)] = &[
    ("a16_24", 0.125),
    ("a25_34", 0.155),
    ("a35_44", 0.160),
    ("a45_54", 0.160),
    ("a55_64", 0.165),
    ("a65", 0.235),
];
const GENDER_SHARES: &[(&str, f64)] = &[("woman", 0.51), ("man", 0.49)];

/// The population figures of every region of the demo country.
pub(super) fn demo_margins(units: &[DemoUnit]) -> Vec<(usize, &'static str, &'static str, f64)> {
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let Some((_, adults)) = REGION_ADULTS.iter().find(|(n, _)| *n == u.name) else {
            continue;
        };
        for (cat, share) in AGE_SHARES {
            out.push((i, "age_band", *cat, (adults * share).round()));
        }
        for (cat, share) in GENDER_SHARES {
            out.push((i, "gender", *cat, (adults * share).round()));
        }
    }
    out
}

pub(super) struct CitySpec {
    pub(super) name: &'static str,
    /// Relative size: how many sections and people.
    pub(super) weight: u32,
    /// Language of section names: "nl", "fr" or "de".
    pub(super) lang: &'static str,
}

const fn city(name: &'static str, weight: u32, lang: &'static str) -> CitySpec {
    CitySpec { name, weight, lang }
}

pub(super) const REGIONS: &[(&str, &[CitySpec])] = &[
    (
        "Vlaanderen",
        &[
            city("Antwerpen", 26, "nl"),
            city("Gent", 20, "nl"),
            city("Brugge", 8, "nl"),
            city("Leuven", 8, "nl"),
            city("Mechelen", 7, "nl"),
            city("Aalst", 6, "nl"),
            city("Kortrijk", 6, "nl"),
            city("Hasselt", 6, "nl"),
            city("Sint-Niklaas", 5, "nl"),
            city("Oostende", 6, "nl"),
            city("Genk", 7, "nl"),
            city("Roeselare", 4, "nl"),
            city("Turnhout", 4, "nl"),
            city("Lier", 3, "nl"),
            city("Vilvoorde", 4, "nl"),
            city("Dendermonde", 3, "nl"),
            city("Beveren", 3, "nl"),
            city("Herentals", 3, "nl"),
            city("Ieper", 3, "nl"),
            city("Lokeren", 3, "nl"),
            city("Geel", 3, "nl"),
        ],
    ),
    (
        "Wallonie",
        &[
            city("Liège", 20, "fr"),
            city("Charleroi", 20, "fr"),
            city("Namur", 8, "fr"),
            city("Mons", 8, "fr"),
            city("La Louvière", 7, "fr"),
            city("Tournai", 5, "fr"),
            city("Seraing", 7, "fr"),
            city("Verviers", 5, "fr"),
            city("Mouscron", 4, "fr"),
            city("Herstal", 5, "fr"),
            city("Wavre", 3, "fr"),
            city("Arlon", 3, "fr"),
            city("Eupen", 3, "de"),
            city("Sankt Vith", 2, "de"),
            city("Huy", 3, "fr"),
        ],
    ),
    (
        "Bruxelles-Brussel",
        &[
            city("Bruxelles-Ville", 14, "fr"),
            city("Schaerbeek", 10, "fr"),
            city("Anderlecht", 10, "fr"),
            city("Molenbeek", 10, "fr"),
            city("Ixelles", 7, "fr"),
            city("Saint-Gilles", 6, "fr"),
            city("Forest", 5, "fr"),
            city("Etterbeek", 4, "fr"),
        ],
    ),
];

pub(super) const QUARTERS_NL: &[&str] = &[
    "Centrum",
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Station",
    "Haven",
    "Dorp",
    "Kouter",
    "Heide",
    "Molenwijk",
    "Brugse Poort",
    "Sluizeken",
    "Rabot",
    "Kiel",
    "Borgerhout",
    "Linkeroever",
    "Seefhoek",
    "Luchtbal",
    "Hoboken",
    "Dam",
    "Zurenborg",
];
pub(super) const QUARTERS_FR: &[&str] = &[
    "Centre",
    "Nord",
    "Sud",
    "Est",
    "Ouest",
    "Gare",
    "Cité",
    "Outremeuse",
    "Sainte-Marguerite",
    "Saint-Léonard",
    "Marchienne",
    "Jumet",
    "Gilly",
    "Marcinelle",
    "Cureghem",
    "Matonge",
    "Flagey",
    "Parvis",
    "Helmet",
    "Josaphat",
    "Maritime",
    "Heyvaert",
];
pub(super) const QUARTERS_DE: &[&str] =
    &["Zentrum", "Unterstadt", "Oberstadt", "Kettenis", "Nispert"];
pub(super) const WORKPLACES_NL: &[&str] = &[
    "Dokwerkers",
    "Ziekenhuis",
    "Universiteit",
    "Spoorwegen",
    "Supermarkt",
    "Post",
    "Chemie",
    "Metaal",
    "Schoonmaak",
    "Busdepot",
];
pub(super) const WORKPLACES_FR: &[&str] = &[
    "Dockers",
    "Hôpital",
    "Université",
    "Chemins de fer",
    "Supermarché",
    "Poste",
    "Chimie",
    "Sidérurgie",
    "Nettoyage",
    "Dépôt TEC",
];
pub(super) const WORKPLACES_DE: &[&str] = &["Krankenhaus", "Kabelwerk", "Post"];

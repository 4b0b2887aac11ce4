//! A deterministic demo country, shaped like Belgium: regions, cities, neighbourhood, workplace and
//! youth sections, people with multilingual names, ladder histories and consents, and one staff
//! account per role. The same scale and seed always give the same country.

use crate::{
    Timestamp,
    account::Role,
    org::UnitKind,
    people::{ConsentPurpose, Language, Stage},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A handful of units and a few hundred people: for tests, ready in well under a second.
    Small,
    /// 3 regions, ~44 cities, ~400 sections, ~25,000 members and ~100,000 contacts.
    National,
}

impl Scale {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "small" => Some(Scale::Small),
            "national" => Some(Scale::National),
            _ => None,
        }
    }
}

/// A unit of the demo tree; `parent` is an index into [`Country::units`].
#[derive(Debug, Clone)]
pub struct DemoUnit {
    pub parent: Option<usize>,
    pub kind: UnitKind,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct DemoPerson {
    /// Index into [`Country::units`].
    pub unit: usize,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<Language>,
    pub tags: Vec<String>,
    pub youth_wing: bool,
    pub workplace: Option<String>,
    pub created_at: Timestamp,
    /// Every move from first contact on, oldest first; the last one is the current stage.
    pub history: Vec<(Option<Stage>, Stage, Timestamp, &'static str)>,
    pub consents: Vec<(ConsentPurpose, bool, Timestamp, &'static str)>,
}

impl DemoPerson {
    pub fn stage(&self) -> Stage {
        self.history.last().map_or(Stage::Contact, |m| m.1)
    }
}

#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: Role,
    /// Index into [`Country::units`].
    pub unit: usize,
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub language: Language,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub units: Vec<DemoUnit>,
    pub people: Vec<DemoPerson>,
    pub accounts: Vec<DemoAccount>,
    /// Surveys ready to use: the Belgian enquête.
    pub surveys: Vec<crate::survey::SurveyDefinition>,
    /// Responses to the first survey, collected in the sections.
    pub responses: Vec<DemoResponse>,
    /// Population figures per region for weighting the enquête: (unit index, question code,
    /// choice code, population aged 16 and over).
    pub margins: Vec<(usize, &'static str, &'static str, f64)>,
}

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
fn demo_margins(units: &[DemoUnit]) -> Vec<(usize, &'static str, &'static str, f64)> {
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

/// A response of the demo enquête; `unit` is an index into [`Country::units`].
#[derive(Debug, Clone)]
pub struct DemoResponse {
    pub id: String,
    pub unit: usize,
    pub channel: crate::survey::Channel,
    pub collected_at: Timestamp,
    pub answers: crate::survey::Answers,
}

/// The demo accounts, one per role, with their passwords. They are the same for every seed so that
/// `serve --demo` can always print them.
pub fn demo_logins() -> Vec<(Role, String, String)> {
    Role::ALL
        .into_iter()
        .map(|role| {
            let slug = role.as_str().replace('_', "-");
            (
                role,
                format!("{slug}@demo.enquete.org"),
                format!("demo-{slug}-pass"),
            )
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Origin {
    Flemish,
    Walloon,
    German,
    Moroccan,
    Turkish,
    Congolese,
    Italian,
    Polish,
}

const FIRST: &[(Origin, &[&str])] = &[
    (
        Origin::Flemish,
        &[
            "Jan", "Pieter", "Lotte", "Emma", "Lars", "Sofie", "Tom", "An", "Bram", "Els", "Wout",
            "Jana", "Kobe", "Fien", "Dirk", "Griet", "Stijn", "Ine", "Maarten", "Nele", "Jens",
            "Lien", "Ruben", "Hanne", "Koen", "Marleen", "Arne", "Ilse",
        ],
    ),
    (
        Origin::Walloon,
        &[
            "Marie",
            "Julien",
            "Camille",
            "Nicolas",
            "Chloé",
            "Antoine",
            "Sarah",
            "Thomas",
            "Manon",
            "Maxime",
            "Laura",
            "François",
            "Élise",
            "Benoît",
            "Céline",
            "Grégory",
            "Aurélie",
            "Sébastien",
            "Mélanie",
            "Olivier",
        ],
    ),
    (
        Origin::German,
        &[
            "Lukas",
            "Anna",
            "Jonas",
            "Lea",
            "Felix",
            "Hannah",
            "Paul",
            "Lena",
            "Tobias",
            "Katharina",
            "Jürgen",
            "Monika",
        ],
    ),
    (
        Origin::Moroccan,
        &[
            "Mohamed", "Fatima", "Yassine", "Amina", "Karim", "Nadia", "Saïd", "Samira", "Bilal",
            "Imane", "Youssef", "Khadija", "Hamza", "Salma",
        ],
    ),
    (
        Origin::Turkish,
        &[
            "Emre", "Elif", "Mehmet", "Ayşe", "Murat", "Zeynep", "Burak", "Esra", "Hakan", "Fatma",
        ],
    ),
    (
        Origin::Congolese,
        &[
            "Jean-Pierre",
            "Grâce",
            "Patrick",
            "Esther",
            "Christian",
            "Divine",
            "Héritier",
            "Merveille",
            "Joël",
            "Nathalie",
        ],
    ),
    (
        Origin::Italian,
        &[
            "Giuseppe",
            "Rosa",
            "Marco",
            "Giulia",
            "Salvatore",
            "Francesca",
            "Antonio",
            "Carmela",
        ],
    ),
    (
        Origin::Polish,
        &[
            "Piotr",
            "Agnieszka",
            "Tomasz",
            "Katarzyna",
            "Paweł",
            "Magdalena",
        ],
    ),
];

const LAST: &[(Origin, &[&str])] = &[
    (
        Origin::Flemish,
        &[
            "Peeters",
            "Janssens",
            "Maes",
            "Jacobs",
            "Mertens",
            "Willems",
            "Claes",
            "Goossens",
            "Wouters",
            "De Smet",
            "Vermeulen",
            "Van den Bossche",
            "De Clercq",
            "Hermans",
            "Aerts",
            "Verhoeven",
            "Van Damme",
            "De Backer",
            "Lemmens",
            "Verstraete",
        ],
    ),
    (
        Origin::Walloon,
        &[
            "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leroy", "Lejeune",
            "Renard", "Mathieu", "Lemaire", "Collard", "Dumont", "Denis", "Gilson", "Lecomte",
        ],
    ),
    (
        Origin::German,
        &[
            "Schmitz", "Kessler", "Lentz", "Heinen", "Hilgers", "Margraff", "Kreusch", "Jost",
            "Wiesemes", "Thissen",
        ],
    ),
    (
        Origin::Moroccan,
        &[
            "El Amrani",
            "Benali",
            "Bouzid",
            "El Idrissi",
            "Haddouchi",
            "Azzouzi",
            "Ouali",
            "Chaouki",
            "El Khattabi",
            "Tahiri",
        ],
    ),
    (
        Origin::Turkish,
        &[
            "Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan",
        ],
    ),
    (
        Origin::Congolese,
        &[
            "Mbuyi",
            "Kalonji",
            "Lukusa",
            "Tshibangu",
            "Mukendi",
            "Ilunga",
            "Kabasele",
            "Nsimba",
        ],
    ),
    (
        Origin::Italian,
        &[
            "Rossi", "Russo", "Esposito", "Ferrara", "Di Marco", "Lombardo", "Greco", "Romano",
        ],
    ),
    (
        Origin::Polish,
        &[
            "Kowalski",
            "Nowak",
            "Wójcik",
            "Kamińska",
            "Lewandowski",
            "Zielińska",
        ],
    ),
];

struct CitySpec {
    name: &'static str,
    /// Relative size: how many sections and people.
    weight: u32,
    /// Language of section names: "nl", "fr" or "de".
    lang: &'static str,
}

const fn city(name: &'static str, weight: u32, lang: &'static str) -> CitySpec {
    CitySpec { name, weight, lang }
}

const REGIONS: &[(&str, &[CitySpec])] = &[
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

const QUARTERS_NL: &[&str] = &[
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
const QUARTERS_FR: &[&str] = &[
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
const QUARTERS_DE: &[&str] = &["Zentrum", "Unterstadt", "Oberstadt", "Kettenis", "Nispert"];
const WORKPLACES_NL: &[&str] = &[
    "Dokwerkers",
    "Ziekenhuis",
    "Spoorwegen",
    "Supermarkt",
    "Post",
    "Chemie",
    "Metaal",
    "Schoonmaak",
    "Busdepot",
];
const WORKPLACES_FR: &[&str] = &[
    "Dockers",
    "Hôpital",
    "Chemins de fer",
    "Supermarché",
    "Poste",
    "Chimie",
    "Sidérurgie",
    "Nettoyage",
    "Dépôt TEC",
];
const WORKPLACES_DE: &[&str] = &["Krankenhaus", "Kabelwerk", "Post"];
const OCCUPATIONS: &[&str] = &[
    "nurse",
    "docker",
    "teacher",
    "cashier",
    "cleaner",
    "bus-driver",
    "welder",
    "student",
    "pensioner",
    "care-worker",
    "warehouse",
    "postal-worker",
];
const TAGS: &[&str] = &[
    "tenant",
    "union",
    "medics",
    "pensioner",
    "student",
    "parent",
    "volunteer",
    "food-bank",
    "palestine",
    "climate",
];

fn pick<'a>(rng: &mut fastrand::Rng, items: &'a [&'a str]) -> &'a str {
    items
        .get(rng.usize(..items.len().max(1)))
        .copied()
        .unwrap_or("")
}

fn names_of(
    table: &'static [(Origin, &'static [&'static str])],
    origin: Origin,
) -> &'static [&'static str] {
    table
        .iter()
        .find(|(o, _)| std::mem::discriminant(o) == std::mem::discriminant(&origin))
        .map_or(&[], |(_, names)| *names)
}

/// Folds a name to the ASCII letters an e-mail address would use.
fn ascii_slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let base = match c {
                'à' | 'á' | 'â' | 'ä' => 'a',
                'ç' | 'č' => 'c',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ï' | 'î' | 'ı' => 'i',
                'ó' | 'ô' | 'ö' => 'o',
                'ú' | 'ü' | 'û' => 'u',
                'ł' => 'l',
                'ś' | 'ş' => 's',
                'ń' => 'n',
                'ż' | 'ź' => 'z',
                'ą' => 'a',
                'ę' => 'e',
                'ğ' => 'g',
                c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
                'A'..='Z' => c.to_ascii_lowercase(),
                '-' | ' ' => '-',
                c => c
                    .to_lowercase()
                    .next()
                    .filter(char::is_ascii_alphanumeric)?,
            };
            Some(base)
        })
        .collect()
}

/// Who lives where: the mix of origins for a region or a German-speaking city.
fn origin_mix(region: usize, lang: &str) -> &'static [(Origin, u32)] {
    if lang == "de" {
        return &[
            (Origin::German, 85),
            (Origin::Walloon, 10),
            (Origin::Polish, 5),
        ];
    }
    match region {
        0 => &[
            (Origin::Flemish, 70),
            (Origin::Moroccan, 12),
            (Origin::Turkish, 8),
            (Origin::Polish, 5),
            (Origin::Congolese, 5),
        ],
        1 => &[
            (Origin::Walloon, 65),
            (Origin::Italian, 12),
            (Origin::Moroccan, 9),
            (Origin::Turkish, 5),
            (Origin::Congolese, 9),
        ],
        _ => &[
            (Origin::Walloon, 33),
            (Origin::Flemish, 14),
            (Origin::Moroccan, 25),
            (Origin::Turkish, 8),
            (Origin::Congolese, 13),
            (Origin::Polish, 7),
        ],
    }
}

fn draw_origin(rng: &mut fastrand::Rng, mix: &[(Origin, u32)]) -> Origin {
    let total: u32 = mix.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total.max(1));
    for (origin, weight) in mix {
        if roll < *weight {
            return *origin;
        }
        roll -= weight;
    }
    Origin::Flemish
}

fn languages_for(rng: &mut fastrand::Rng, origin: Origin, region: usize) -> Vec<Language> {
    let local = if region == 0 {
        Language::Nl
    } else {
        Language::Fr
    };
    let mut langs = match origin {
        Origin::Flemish => vec![Language::Nl],
        Origin::Walloon | Origin::Italian | Origin::Congolese => vec![Language::Fr],
        Origin::German => vec![Language::De, Language::Fr],
        Origin::Moroccan | Origin::Turkish => vec![local, Language::Fr],
        Origin::Polish => vec![local, Language::En],
    };
    langs.dedup();
    if rng.u8(..10) == 0 && !langs.contains(&Language::En) {
        langs.push(Language::En);
    }
    langs
}

const DAY: i64 = 86_400;

fn ladder_history(
    rng: &mut fastrand::Rng,
    target: Stage,
    created_at: Timestamp,
    now: Timestamp,
) -> Vec<(Option<Stage>, Stage, Timestamp, &'static str)> {
    const REASONS: [&str; 6] = [
        "met at the door during the enquête",
        "came to a neighbourhood action",
        "helps every week at the solidarity project",
        "joined the party",
        "runs the section's canvassing",
        "elected to the section's leadership",
    ];
    let mut history = vec![(None, Stage::Contact, created_at, REASONS[0])];
    let span = (now.0 - created_at.0).max(DAY);
    let steps = target.index();
    let mut at = created_at.0;
    for (i, stage) in Stage::ALL.iter().enumerate().skip(1).take(steps) {
        let remaining = (now.0 - at).max(DAY);
        at += rng.i64(DAY..=remaining.min(span / (steps as i64 + 1)).max(DAY));
        let at = Timestamp(at.min(now.0));
        let reason = REASONS.get(i).copied().unwrap_or(REASONS[0]);
        history.push((Stage::ALL.get(i - 1).copied(), *stage, at, reason));
    }
    history
}

fn draw_stage(rng: &mut fastrand::Rng, member: bool) -> Stage {
    let roll = rng.u32(..100);
    if member {
        match roll {
            0..=84 => Stage::Member,
            85..=96 => Stage::Organizer,
            _ => Stage::Leader,
        }
    } else {
        match roll {
            0..=69 => Stage::Contact,
            70..=89 => Stage::Sympathiser,
            _ => Stage::Active,
        }
    }
}

/// Builds the demo country for a scale and seed, as of `now`.
pub fn country(scale: Scale, seed: u64, now: Timestamp) -> Country {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (city_limit, sections_per_weight, people_per_section, member_share) = match scale {
        Scale::Small => (2, 0.2_f64, 12_usize, 20_u32),
        // ~400 sections over a total city weight of ~330, ~310 people a section, 1 in 5 a member.
        Scale::National => (usize::MAX, 1.15_f64, 312_usize, 20_u32),
    };

    let mut units = vec![DemoUnit {
        parent: None,
        kind: UnitKind::Nation,
        name: "België - Belgique - Belgien".into(),
    }];
    // (unit index, region index, city lang, workplace name) of every section, for people.
    let mut sections: Vec<(usize, usize, &'static str, Option<String>)> = Vec::new();
    for (r, (region_name, cities)) in REGIONS.iter().enumerate() {
        units.push(DemoUnit {
            parent: Some(0),
            kind: UnitKind::Region,
            name: (*region_name).into(),
        });
        let region_idx = units.len() - 1;
        for spec in cities.iter().take(city_limit) {
            units.push(DemoUnit {
                parent: Some(region_idx),
                kind: UnitKind::City,
                name: spec.name.into(),
            });
            let city_idx = units.len() - 1;
            let total = ((f64::from(spec.weight) * sections_per_weight).round() as usize).max(2);
            // About one section in seven is at a workplace; big cities have a youth section.
            let workplaces = (total / 7).max(1);
            let youth = usize::from(spec.weight >= 6 || scale == Scale::Small);
            let (quarters, trades) = match spec.lang {
                "nl" => (QUARTERS_NL, WORKPLACES_NL),
                "de" => (QUARTERS_DE, WORKPLACES_DE),
                _ => (QUARTERS_FR, WORKPLACES_FR),
            };
            let neighbourhoods = total.saturating_sub(workplaces + youth).max(1);
            for i in 0..neighbourhoods {
                let quarter = quarters
                    .get(i % quarters.len())
                    .copied()
                    .unwrap_or("Centrum");
                let name = if i < quarters.len() {
                    format!("{} {}", spec.name, quarter)
                } else {
                    format!("{} {} {}", spec.name, quarter, i / quarters.len() + 1)
                };
                units.push(DemoUnit {
                    parent: Some(city_idx),
                    kind: UnitKind::Neighbourhood,
                    name,
                });
                sections.push((units.len() - 1, r, spec.lang, None));
            }
            for i in 0..workplaces {
                let trade = trades.get(i % trades.len()).copied().unwrap_or("Post");
                let name = format!("{} {}", trade, spec.name);
                units.push(DemoUnit {
                    parent: Some(city_idx),
                    kind: UnitKind::Workplace,
                    name: name.clone(),
                });
                sections.push((units.len() - 1, r, spec.lang, Some(name)));
            }
            for _ in 0..youth {
                units.push(DemoUnit {
                    parent: Some(city_idx),
                    kind: UnitKind::Youth,
                    name: format!("Red Fox {}", spec.name),
                });
                sections.push((units.len() - 1, r, spec.lang, None));
            }
        }
    }

    let mut people = Vec::with_capacity(sections.len() * people_per_section);
    let mut serial = 0_u64;
    for (unit, region, lang, workplace) in &sections {
        let youth_section = units.get(*unit).is_some_and(|u| u.kind == UnitKind::Youth);
        let size = people_per_section / 2 + rng.usize(..=people_per_section);
        let size = if youth_section { size / 3 } else { size };
        for _ in 0..size {
            serial += 1;
            let origin = draw_origin(&mut rng, origin_mix(*region, lang));
            let first = pick(&mut rng, names_of(FIRST, origin));
            let last = pick(&mut rng, names_of(LAST, origin));
            let name = format!("{first} {last}");
            let created_at = Timestamp(now.0 - rng.i64(30 * DAY..3 * 365 * DAY));
            let member = !youth_section && rng.u32(..100) < member_share;
            let stage = if youth_section {
                draw_stage(&mut rng, false)
            } else {
                draw_stage(&mut rng, member)
            };
            let history = ladder_history(&mut rng, stage, created_at, now);
            let email = (rng.u8(..10) < 7).then(|| {
                format!(
                    "{}.{}.{serial}@example.org",
                    ascii_slug(first),
                    ascii_slug(last)
                )
            });
            let phone = (rng.u8(..10) < 6).then(|| {
                format!(
                    "+32 4{:02} {:02} {:02} {:02}",
                    rng.u8(60..100),
                    rng.u8(..100),
                    rng.u8(..100),
                    rng.u8(..100)
                )
            });
            let mut tags: Vec<String> = Vec::new();
            for _ in 0..rng.usize(..3) {
                let tag = pick(&mut rng, TAGS).to_owned();
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            tags.sort();
            let workplace_text = workplace
                .clone()
                .or_else(|| (rng.u8(..3) == 0).then(|| pick(&mut rng, OCCUPATIONS).to_owned()));
            let source = if workplace.is_some() {
                "workplace conversation"
            } else {
                "door-to-door enquête"
            };
            let mut consents = vec![(
                ConsentPurpose::Contact,
                rng.u8(..20) != 0,
                created_at,
                source,
            )];
            if rng.u8(..3) == 0 {
                consents.push((ConsentPurpose::Newsletter, true, created_at, "online form"));
            }
            if stage >= Stage::Member {
                let joined = history
                    .iter()
                    .find(|m| m.1 == Stage::Member)
                    .map_or(created_at, |m| m.2);
                consents.push((ConsentPurpose::Membership, true, joined, "membership form"));
            }
            people.push(DemoPerson {
                unit: *unit,
                name,
                email,
                phone,
                languages: languages_for(&mut rng, origin, *region),
                tags,
                youth_wing: youth_section,
                workplace: workplace_text,
                created_at,
                history,
                consents,
            });
        }
    }
    // A few people were met twice and written down twice: the same address under another
    // spelling, for the duplicate finder to catch.
    let twins = (people.len() / 200).max(2);
    for k in 0..twins {
        let idx = (k * 97 + 13) % people.len().max(1);
        let Some(original) = people.get(idx).cloned() else {
            break;
        };
        if original.email.is_none() {
            continue;
        }
        let mut twin = original;
        twin.name = twin.name.to_uppercase();
        twin.history.truncate(1);
        twin.phone = None;
        people.push(twin);
    }

    let per_section = match scale {
        Scale::Small => 15,
        Scale::National => 25,
    };
    let mut responses = Vec::with_capacity(sections.len() * per_section);
    for (unit, region, lang, workplace) in &sections {
        for _ in 0..per_section {
            responses.push(demo_response(
                &mut rng,
                *unit,
                *region,
                lang,
                workplace.is_some(),
                now,
            ));
        }
    }

    let logins = demo_logins();
    let first_of = |kind: UnitKind| units.iter().position(|u| u.kind == kind).unwrap_or(0);
    // The organizer runs the second city (Gent at national scale), so the admin and the
    // organizer see different slices.
    let organizer_city = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.kind == UnitKind::City)
        .nth(1)
        .map_or(0, |(i, _)| i);
    let in_city = |kind: UnitKind| {
        units
            .iter()
            .position(|u| u.kind == kind && u.parent == Some(organizer_city))
            .unwrap_or_else(|| first_of(kind))
    };
    let accounts = logins
        .into_iter()
        .map(|(role, email, password)| {
            let (unit, display_name, language) = match role {
                Role::NationalAdmin => (0, "Nadia (national admin)", Language::En),
                Role::Organizer => (organizer_city, "Pieter (organizer)", Language::En),
                Role::Canvasser => (
                    in_city(UnitKind::Neighbourhood),
                    "Lotte (canvasser)",
                    Language::En,
                ),
                Role::Analyst => (0, "Julien (analyst)", Language::En),
                Role::Steward => (
                    in_city(UnitKind::Workplace),
                    "Karim (steward)",
                    Language::En,
                ),
                Role::GateScanner => (0, "Emre (gate scanner)", Language::En),
            };
            DemoAccount {
                role,
                unit,
                email,
                display_name: display_name.into(),
                password,
                language,
            }
        })
        .collect();

    Country {
        margins: demo_margins(&units),
        units,
        people,
        accounts,
        surveys: vec![belgian_enquete()],
        responses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_790_000_000);

    #[test]
    fn same_seed_same_country() {
        let a = country(Scale::Small, 7, NOW);
        let b = country(Scale::Small, 7, NOW);
        assert_eq!(a.people.len(), b.people.len());
        assert!(
            a.people
                .iter()
                .zip(&b.people)
                .all(|(x, y)| x.name == y.name && x.email == y.email)
        );
        let c = country(Scale::Small, 8, NOW);
        assert!(
            a.people
                .iter()
                .zip(&c.people)
                .any(|(x, y)| x.name != y.name)
        );
    }

    #[test]
    fn national_scale_has_belgian_proportions() {
        let c = country(Scale::National, 1, NOW);
        let count = |k: UnitKind| c.units.iter().filter(|u| u.kind == k).count();
        assert_eq!(count(UnitKind::Region), 3);
        assert!((40..=45).contains(&count(UnitKind::City)));
        let sections =
            count(UnitKind::Neighbourhood) + count(UnitKind::Workplace) + count(UnitKind::Youth);
        assert!((350..=450).contains(&sections), "{sections} sections");
        assert!(
            (50..=75).contains(&count(UnitKind::Workplace)),
            "{} workplaces",
            count(UnitKind::Workplace)
        );
        let members = c
            .people
            .iter()
            .filter(|p| p.stage() >= Stage::Member)
            .count();
        let contacts = c.people.len() - members;
        assert!((20_000..=30_000).contains(&members), "{members} members");
        assert!(
            (85_000..=115_000).contains(&contacts),
            "{contacts} contacts"
        );
    }

    #[test]
    fn histories_climb_in_order_and_in_time() {
        let c = country(Scale::Small, 3, NOW);
        for p in &c.people {
            for pair in p.history.windows(2) {
                let [a, b] = pair else { continue };
                assert_eq!(b.0, Some(a.1));
                assert!(b.1 > a.1);
                assert!(b.2 >= a.2 && b.2 <= NOW);
            }
            assert!(
                p.youth_wing
                    || p.stage() < Stage::Organizer
                    || p.history.iter().any(|m| m.1 == Stage::Member)
            );
        }
    }

    #[test]
    fn demo_responses_answer_the_enquete_and_lean_by_region() {
        let c = country(Scale::Small, 5, NOW);
        let def = belgian_enquete();
        assert!(c.responses.len() >= 100);
        for r in &c.responses {
            def.validate_answers(&r.answers).unwrap();
            assert!(c.units.get(r.unit).is_some_and(|u| u.kind.is_section()));
        }
        let mut ids: Vec<&str> = c.responses.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), c.responses.len(), "ids are unique");
    }

    #[test]
    fn every_role_has_a_login_that_validates() {
        let c = country(Scale::Small, 1, NOW);
        assert_eq!(c.accounts.len(), Role::ALL.len());
        for a in &c.accounts {
            assert!(crate::people::Email::parse(&a.email).is_ok());
            assert!(crate::account::NewPassword::parse(&a.password).is_ok());
        }
        let names_ok = c.people.iter().all(|p| {
            crate::people::PersonName::parse(&p.name).is_ok()
                && p.email
                    .as_deref()
                    .is_none_or(|e| crate::people::Email::parse(e).is_ok())
                && p.phone
                    .as_deref()
                    .is_none_or(|e| crate::people::Phone::parse(e).is_ok())
                && p.tags.iter().all(|t| crate::people::Tag::parse(t).is_ok())
        });
        assert!(names_ok);
    }
}

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

fn demo_response(
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

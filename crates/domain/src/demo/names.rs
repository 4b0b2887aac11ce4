//! Who the demo's people are: where their families come from, the first names and surnames that
//! go with each origin, the languages they speak, and the tags and occupations on their records.

use crate::people::Language;

#[derive(Clone, Copy)]
pub(super) enum Origin {
    Flemish,
    Walloon,
    German,
    Moroccan,
    Turkish,
    Congolese,
    Italian,
    Polish,
}

pub(super) const FIRST: &[(Origin, &[&str])] = &[
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

pub(super) const LAST: &[(Origin, &[&str])] = &[
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

pub(super) const OCCUPATIONS: &[&str] = &[
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
pub(super) const TAGS: &[&str] = &[
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

pub(super) fn names_of(
    table: &'static [(Origin, &'static [&'static str])],
    origin: Origin,
) -> &'static [&'static str] {
    table
        .iter()
        .find(|(o, _)| std::mem::discriminant(o) == std::mem::discriminant(&origin))
        .map_or(&[], |(_, names)| *names)
}

/// Folds a name to the ASCII letters an e-mail address would use.
pub(super) fn ascii_slug(text: &str) -> String {
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
pub(super) fn origin_mix(region: usize, lang: &str) -> &'static [(Origin, u32)] {
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

pub(super) fn draw_origin(rng: &mut fastrand::Rng, mix: &[(Origin, u32)]) -> Origin {
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

pub(super) fn languages_for(
    rng: &mut fastrand::Rng,
    origin: Origin,
    region: usize,
) -> Vec<Language> {
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

//! A deterministic demo country, shaped like Belgium: regions, cities, neighbourhood, workplace and
//! youth sections, people with multilingual names, ladder histories and consents, and one staff
//! account per role. The same scale and seed always give the same country.

mod enquete;
mod field;
mod names;
mod places;

pub use enquete::belgian_enquete;
pub use field::housing_visit;

use crate::{
    Timestamp,
    account::Role,
    org::UnitKind,
    people::{ConsentPurpose, Language, Stage},
};
use enquete::demo_response;
use names::{
    FIRST, LAST, OCCUPATIONS, TAGS, ascii_slug, draw_origin, languages_for, names_of, origin_mix,
};
use places::{
    QUARTERS_DE, QUARTERS_FR, QUARTERS_NL, REGIONS, WORKPLACES_DE, WORKPLACES_FR, WORKPLACES_NL,
    demo_margins,
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
    /// Responses to the housing visit ([`housing_visit`], a field form the demo publishes after
    /// its campaign), door to door in the neighbourhood sections.
    pub field_responses: Vec<DemoResponse>,
    /// Population figures per region for weighting the enquête: (unit index, question code,
    /// choice code, population aged 16 and over).
    pub margins: Vec<(usize, &'static str, &'static str, f64)>,
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

pub(super) fn pick<'a>(rng: &mut fastrand::Rng, items: &'a [&'a str]) -> &'a str {
    items
        .get(rng.usize(..items.len().max(1)))
        .copied()
        .unwrap_or("")
}

pub(super) const DAY: i64 = 86_400;

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

    let field_responses = field::housing_responses(
        &mut rng,
        &units,
        match scale {
            Scale::Small => 12,
            Scale::National => 30,
        },
        now,
    );

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
        field_responses,
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
            def.validate_answers(&r.answers, crate::survey::FormClock::at(r.collected_at))
                .unwrap();
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

//! The demo's youth wing as an organization of its own ("Red Fox", affiliated to the party):
//! the youth sections of the generated country move into its tree (with regions and cities of
//! the same names), it gets its own national admin and organizer, its own ladder rules, youth
//! activities (a football tournament, a cinema night, a screen-printing workshop) with
//! check-ins, and a few of its members joined the party.

use crate::{App, Result};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, parse_ladder_rules};
use enquete_domain::org::{Unit, UnitId, UnitKind, UnitName};
use enquete_domain::people::{Email, Language, PersonDetails, PersonName, Phone};
use enquete_domain::policy::PeopleVisibility;
use enquete_store::{AuditEvent, DAY, PeopleQuery};
use std::collections::HashMap;

/// How many of the youth wing's members joined the party in the demo.
pub const JOINED: u32 = 2;

/// The youth wing's demo accounts: role, e-mail, password.
pub fn logins() -> [(Role, &'static str, &'static str); 2] {
    [
        (
            Role::NationalAdmin,
            "youth-admin@demo.enquete.org",
            "demo-youth-admin-pass",
        ),
        (
            Role::Organizer,
            "youth-organizer@demo.enquete.org",
            "demo-youth-organizer-pass",
        ),
    ]
}

fn audit(at: Timestamp, action: AuditAction, detail: &str) -> AuditEvent {
    AuditEvent {
        at,
        user: None,
        action,
        person: None,
        detail: detail.to_owned(),
        ip: "demo".into(),
    }
}

/// Starts the youth wing below the party rooted at `party` and moves the party's youth
/// sections into it. Returns its root; nothing when the party has no youth sections.
pub async fn load(app: &App, party: &Unit, now: Timestamp) -> Result<Option<Unit>> {
    let store = &app.store;
    let tree = store.subtree(&party.path, false).await?;
    let youth: Vec<&Unit> = tree.iter().filter(|u| u.kind == UnitKind::Youth).collect();
    if youth.is_empty() {
        return Ok(None);
    }
    let by_id: HashMap<UnitId, &Unit> = tree.iter().map(|u| (u.id, u)).collect();
    let root = store
        .create_organization(
            &UnitName::parse("Red Fox")?,
            Some(party.id),
            Timestamp(now.0 - 400 * DAY),
            audit(now, AuditAction::Organization, "Red Fox"),
        )
        .await?;
    // The same regions and cities, each made once, and a section for each youth section of the
    // party; its people move there, and the party's youth section is archived (the answers it
    // collected for the enquête stay where they were collected).
    let mut made: HashMap<UnitId, UnitId> = HashMap::new();
    let mut cities = Vec::new();
    let mut sections = Vec::new();
    for section in &youth {
        let Some(city) = section.parent.and_then(|c| by_id.get(&c)) else {
            continue;
        };
        let Some(region) = city.parent.and_then(|r| by_id.get(&r)) else {
            continue;
        };
        let region_id = match made.get(&region.id) {
            Some(id) => *id,
            None => {
                let u = store
                    .create_unit(Some(root.id), UnitKind::Region, &region.name, now)
                    .await?;
                made.insert(region.id, u.id);
                u.id
            }
        };
        let city_id = match made.get(&city.id) {
            Some(id) => *id,
            None => {
                let u = store
                    .create_unit(Some(region_id), UnitKind::City, &city.name, now)
                    .await?;
                made.insert(city.id, u.id);
                cities.push(u.id);
                u.id
            }
        };
        let new = store
            .create_unit(Some(city_id), UnitKind::Youth, &section.name, now)
            .await?;
        let people = store
            .search_people(
                &PeopleVisibility::Subtree(section.path.clone()),
                &PeopleQuery {
                    limit: 5000,
                    ..Default::default()
                },
            )
            .await?
            .people;
        for p in &people {
            store
                .transfer_person(p.person.id, new.id, now, None)
                .await?;
        }
        store.archive_unit(section.id, now).await?;
        sections.push(new);
    }
    // Its own accounts and ladder: one youth activity makes a sympathiser, two an active one.
    let [
        (admin_role, admin_email, admin_pass),
        (org_role, org_email, org_pass),
    ] = logins();
    let first_city = cities.first().copied().unwrap_or(root.id);
    for (role, email, pass, unit, name) in [
        (admin_role, admin_email, admin_pass, root.id, "Youth admin"),
        (org_role, org_email, org_pass, first_city, "Youth organizer"),
    ] {
        let hash =
            crate::auth::hash_password(&enquete_domain::account::NewPassword::parse(pass)?).await?;
        store
            .create_user(
                &enquete_store::NewUser {
                    email: Email::parse(email)?,
                    display_name: name.into(),
                    password_hash: hash,
                    role,
                    unit,
                    language: Language::En,
                    must_change_password: false,
                },
                now,
            )
            .await?;
    }
    store
        .set_ladder_rules(
            root.id,
            &parse_ladder_rules("1 sympathiser\n2 active")?,
            audit(now, AuditAction::LadderRules, "1 sympathiser; 2 active"),
        )
        .await?;
    let sections: Vec<&Unit> = sections.iter().collect();
    activities(app, &sections, now).await?;
    joined_the_party(app, &tree, &youth, &sections, now).await?;
    Ok(Some(root))
}

/// Youth activities in the first sections, with young people checked in.
async fn activities(app: &App, youth: &[&Unit], now: Timestamp) -> Result<()> {
    let store = &app.store;
    let plans = [
        ("Football tournament", "Sportpark, veld 3", 40),
        ("Cinema night: Pride (2014)", "Cinema Zuid", 25),
        ("Screen-printing workshop", "Jeugdhuis De Vos", 12),
    ];
    for (i, section) in youth.iter().take(3).enumerate() {
        let people = store
            .search_people(
                &PeopleVisibility::Subtree(section.path.clone()),
                &PeopleQuery {
                    limit: 30,
                    ..Default::default()
                },
            )
            .await?
            .people;
        for (j, (title, place, days)) in plans.iter().enumerate() {
            let at = Timestamp(now.0 - (days + 7 * i64::try_from(i).unwrap_or(0)) * DAY);
            let draft = ActionDraft::parse(title, "", place, &format!("{}T18:00", at.date()), "")?;
            let action = store
                .create_action(
                    section.id,
                    None,
                    &draft,
                    &crate::auth::random_token(),
                    None,
                    at,
                )
                .await?;
            for p in people.iter().skip(j).step_by(2) {
                store
                    .rsvp(action.id, p.person.id, false, "demo", at)
                    .await?;
                store
                    .check_in(action.id, p.person.id, None, at, None)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Two members of the last youth section joined the party's first neighbourhood section of the
/// same city, with their agreement (the youth organizer's city, the first, keeps all its own).
async fn joined_the_party(
    app: &App,
    party: &[Unit],
    before: &[&Unit],
    youth: &[&Unit],
    now: Timestamp,
) -> Result<()> {
    let store = &app.store;
    let (Some(was), Some(section)) = (before.last(), youth.last()) else {
        return Ok(());
    };
    let Some(target) = party
        .iter()
        .find(|u| u.kind == UnitKind::Neighbourhood && u.parent == was.parent)
    else {
        return Ok(());
    };
    let people = store
        .search_people(
            &PeopleVisibility::Subtree(store.unit(section.id).await?.path),
            &PeopleQuery {
                limit: JOINED,
                ..Default::default()
            },
        )
        .await?
        .people;
    for (i, p) in people.iter().enumerate() {
        let at = Timestamp(now.0 - (200 - 60 * i64::try_from(i).unwrap_or(0)) * DAY);
        let details = PersonDetails {
            name: PersonName::parse(&p.person.name)?,
            email: p.person.email.as_deref().map(Email::parse).transpose()?,
            phone: p.person.phone.as_deref().map(Phone::parse).transpose()?,
            address: None,
            languages: p.person.languages.clone(),
            tags: Vec::new(),
            youth_wing: false,
            workplace: None,
            notes: None,
        };
        store
            .join_organization(
                p.person.id,
                target.id,
                &details,
                None,
                at,
                audit(at, AuditAction::OrganizationJoined, "demo"),
            )
            .await?;
    }
    Ok(())
}

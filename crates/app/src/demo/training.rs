//! The demo country's training programme: six modules at the four levels in four languages,
//! sessions held in the canvasser's section with members checked in and assessed, positions of
//! the section (some filled by election, one vacant), the leadership rule of the ladder, and the
//! occupation class of the members who agreed to be counted in who leads.

use crate::{App, Result};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::composition::Profile;
use enquete_domain::org::UnitId;
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, Stage};
use enquete_domain::policy::PeopleVisibility;
use enquete_domain::training::{ChosenBy, LeadershipRule, ModuleDraft, PositionKind};
use enquete_store::{AuditEvent, DAY, PeopleQuery};

/// code, titles nl/fr/de/en, level, completion, requires.
const MODULES: [(&str, [&str; 4], &str, &str, &str); 6] = [
    (
        "intro",
        [
            "Kennismaking met de partij",
            "Découvrir le parti",
            "Einführung in die Partei",
            "Introduction to the party",
        ],
        "introduction",
        "attendance",
        "",
    ),
    (
        "section",
        [
            "Een afdeling leiden",
            "Animer une section",
            "Eine Gruppe leiten",
            "Running a section",
        ],
        "section",
        "assessment",
        "intro",
    ),
    (
        "cadre",
        [
            "Kaderschool",
            "École des cadres",
            "Kaderschule",
            "Cadre school",
        ],
        "cadre",
        "assessment",
        "section",
    ),
    (
        "political-economy",
        [
            "Politieke economie",
            "Économie politique",
            "Politische Ökonomie",
            "Political economy",
        ],
        "subject",
        "attendance",
        "intro",
    ),
    (
        "workplace-organizing",
        [
            "Organiseren op de werkvloer",
            "S'organiser sur le lieu de travail",
            "Organisieren im Betrieb",
            "Organizing a workplace",
        ],
        "subject",
        "attendance",
        "intro",
    ),
    (
        "international-solidarity",
        [
            "Geschiedenis van de internationale solidariteit",
            "Histoire de la solidarité internationale",
            "Geschichte der internationalen Solidarität",
            "The history of international solidarity",
        ],
        "subject",
        "attendance",
        "intro",
    ),
];

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

/// Loads the programme once (nothing when modules exist).
pub(super) async fn load(app: &App, section: UnitId, now: Timestamp) -> Result<()> {
    let store = &app.store;
    if !store.modules().await?.is_empty() {
        return Ok(());
    }
    let mut ids = Vec::new();
    for (code, titles, level, completion, requires) in MODULES {
        let pairs: Vec<(&str, &str)> = ["nl", "fr", "de", "en"].into_iter().zip(titles).collect();
        let draft = ModuleDraft::parse(
            code,
            &pairs,
            level,
            completion,
            "https://example.org/training/handbook.pdf",
            requires,
        )?;
        ids.push(
            store
                .create_module(&draft, now, audit(now, AuditAction::TrainingModule, code))
                .await?,
        );
    }
    let org = store.unit(section).await?.path.organization();
    let org = org.ids().first().copied().unwrap_or(section);
    store
        .set_leadership_rules(
            org,
            &[LeadershipRule {
                stage: Stage::Organizer,
                module: Some("section".into()),
                needs_position: true,
            }],
            audit(now, AuditAction::LeadershipRules, "demo"),
        )
        .await?;
    let unit = store.unit(section).await?;
    let members = store
        .search_people(
            &PeopleVisibility::Subtree(unit.path.clone()),
            &PeopleQuery {
                stage: Some(Stage::Member),
                limit: 40,
                ..Default::default()
            },
        )
        .await?
        .people;
    let trainer = members.first().map(|p| p.person.id);
    // Most members agreed to be counted in who leads.
    let classes = [
        "manual",
        "clerical_service",
        "manual",
        "professional_manager",
        "clerical_service",
        "student",
        "manual",
        "retired",
        "clerical_service",
        "manual",
    ];
    let ages = ["25_34", "35_49", "50_64", "under_25", "35_49"];
    for (i, p) in members.iter().enumerate().take(30) {
        let profile = Profile::parse(
            classes.get(i % classes.len()).copied().unwrap_or("other"),
            if i % 2 == 0 { "woman" } else { "man" },
            ages.get(i % ages.len()).copied().unwrap_or("35_49"),
        )?;
        store
            .record_consent(
                p.person.id,
                &NewConsent {
                    purpose: ConsentPurpose::Composition,
                    granted: true,
                    source: ConsentSource::parse("asked at the section meeting")?,
                },
                None,
                now,
                None,
            )
            .await?;
        store
            .set_profile(
                p.person.id,
                &profile,
                now,
                audit(now, AuditAction::Edit, "demo"),
            )
            .await?;
    }
    // The introduction for all, the section module for half, a month and a week ago.
    let mut sessions = Vec::new();
    for (i, (days, place)) in [(30, "Volkshuis, zaal 1"), (7, "Volkshuis, zaal 2")]
        .into_iter()
        .enumerate()
    {
        let Some(module) = ids.get(i).copied() else {
            continue;
        };
        let at = Timestamp(now.0 - days * DAY);
        let title = MODULES.get(i).map_or("Training", |m| m.1[0]);
        let draft = ActionDraft::parse(title, "", place, &format!("{}T19:30", at.date()), "20")?;
        let action = store
            .create_action(
                section,
                None,
                &draft,
                &crate::auth::random_token(),
                None,
                at,
            )
            .await?;
        store
            .create_session(
                module,
                action.id,
                trainer,
                at,
                audit(at, AuditAction::TrainingSession, "demo"),
            )
            .await?;
        sessions.push((module, action.id, at));
    }
    for (n, p) in members.iter().enumerate().skip(1) {
        if let Some((_, action, at)) = sessions.first() {
            store.rsvp(*action, p.person.id, false, "demo", *at).await?;
            store
                .check_in(*action, p.person.id, None, *at, None)
                .await?;
        }
        if n <= 6
            && let Some((module, action, at)) = sessions.get(1)
        {
            store.rsvp(*action, p.person.id, false, "demo", *at).await?;
            store
                .check_in(*action, p.person.id, None, *at, None)
                .await?;
            if n <= 4 {
                store
                    .record_completion(
                        *module,
                        p.person.id,
                        None,
                        None,
                        *at,
                        audit(*at, AuditAction::TrainingCompleted, "demo"),
                    )
                    .await?;
            }
        }
    }
    // The section's positions: a secretary elected, a treasurer appointed, a spokesperson wanted.
    let mut positions = Vec::new();
    for (kind, requires) in [
        (PositionKind::Secretary, vec!["section".to_owned()]),
        (PositionKind::Treasurer, Vec::new()),
        (PositionKind::CanvassCoordinator, vec!["intro".to_owned()]),
        (PositionKind::Spokesperson, vec!["section".to_owned()]),
    ] {
        positions.push(
            store
                .create_position(
                    section,
                    kind,
                    "",
                    &requires,
                    now,
                    audit(now, AuditAction::Position, "demo"),
                )
                .await?,
        );
    }
    let start = Timestamp(now.0 - 3 * DAY);
    for (i, how) in [
        ChosenBy::Election {
            for_: 18,
            against: 2,
            abstain: 1,
        },
        ChosenBy::Appointment,
        ChosenBy::Election {
            for_: 15,
            against: 0,
            abstain: 3,
        },
    ]
    .into_iter()
    .enumerate()
    {
        let (Some(position), Some(person)) = (positions.get(i), members.get(i + 1)) else {
            continue;
        };
        store
            .start_term(
                *position,
                person.person.id,
                &how,
                start,
                None,
                start,
                audit(start, AuditAction::PositionFilled, "demo"),
            )
            .await?;
    }
    Ok(())
}

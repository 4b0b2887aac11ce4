//! The demo country in one place: the tree, people, the enquête and its answers (generated
//! by `enquete_domain::demo`), and a campaign with its actions, petition, meeting and project.

mod conversation;
mod festival;
mod festival_programme;
mod news;
mod research;
mod stories;
mod stories_older;
mod training;
mod workplaces;
pub mod youth;

use crate::campaigns::{cascaded, evidence};
use crate::{App, Error, Result};
use enquete_domain::Timestamp;
use enquete_domain::campaign::Metric;
use enquete_domain::demo::{self, Scale};
use enquete_domain::org::UnitId;
use enquete_store::{DAY, NewResponse, SurveyRecord};

/// What was loaded.
#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    pub units: usize,
    pub people: usize,
    pub accounts: usize,
}

/// Loads the demo country (`enquete_domain::demo` makes it, the same for a seed) into an empty
/// database, then its campaign. `progress` is told how many people are in so far, of how many.
pub async fn load(
    app: &App,
    scale: Scale,
    seed: u64,
    now: Timestamp,
    mut progress: impl FnMut(u64, u64),
) -> Result<Loaded> {
    let country = demo::country(scale, seed, now);
    let mut hashes = Vec::with_capacity(country.accounts.len());
    for account in &country.accounts {
        let password = enquete_domain::account::NewPassword::parse(&account.password)?;
        hashes.push(crate::auth::hash_password(&password).await?);
    }
    app.store
        .load_demo(&country, &hashes, now, |p| {
            progress(p.people_done, country.people.len() as u64)
        })
        .await?;
    if let Some(party) = app.store.root_unit().await? {
        youth::load(app, &party, now).await?;
    }
    load_demo_campaign(app, now).await?;
    load_housing_visit(app, &country.field_responses, now).await?;
    if let Some(party) = app.store.root_unit().await? {
        let orders = match scale {
            Scale::Small => 150,
            Scale::National => 3000,
        };
        festival::load(app, &party, orders, now).await?;
    }
    // The steward's workplace section first (so the steward sees a map), then a few more.
    let steward = match app.store.user_by_email("steward@demo.enquete.org").await? {
        Some(u) => Some(app.store.unit(u.user.unit).await?),
        None => None,
    };
    workplaces::load(&app.store, steward, now).await?;
    if let Some(party) = app.store.root_unit().await? {
        research::load(&app.store, &party, now).await?;
    }
    if let Some(organizer) = app
        .store
        .user_by_email("organizer@demo.enquete.org")
        .await?
    {
        let city = app.store.unit(organizer.user.unit).await?;
        conversation::load(&app.store, &city, now).await?;
    }
    Ok(Loaded {
        units: country.units.len(),
        people: country.people.len(),
        accounts: country.accounts.len(),
    })
}

/// A demo response as the store takes it: its section counted from the demo tree's root.
fn stored(r: demo::DemoResponse, survey: &SurveyRecord, root: UnitId) -> NewResponse {
    NewResponse {
        id: r.id,
        survey: survey.id,
        version: survey.version,
        unit: UnitId(root.0 + i64::try_from(r.unit).unwrap_or(0)),
        channel: r.channel,
        collector: None,
        collected_at: r.collected_at,
        answers: r.answers,
        contact: None,
        origin: "demo".into(),
    }
}

/// Publishes the housing visit, a field form with a repeat of the household's members, a rent,
/// the day and the door's place, with the answers collected door to door in the sections.
async fn load_housing_visit(
    app: &App,
    responses: &[demo::DemoResponse],
    now: Timestamp,
) -> Result<()> {
    let root = app
        .store
        .root_unit()
        .await?
        .ok_or(Error::NotFound("organization"))?;
    let survey = app
        .store
        .publish_survey(&demo::housing_visit(), None, None, now)
        .await?;
    let batch: Vec<NewResponse> = responses
        .iter()
        .map(|r| stored(r.clone(), &survey, root.id))
        .collect();
    for chunk in batch.chunks(2000) {
        app.store.ingest_responses(chunk, now).await?;
    }
    Ok(())
}

/// Adds `total` responses to the 30-question benchmark survey in the sections of the national
/// demo country already loaded with `seed`. `progress` is told how many are in so far.
pub async fn load_bench(
    app: &App,
    seed: u64,
    total: usize,
    now: Timestamp,
    mut progress: impl FnMut(u64),
) -> Result<SurveyRecord> {
    const BATCH: usize = 5000;
    let country = demo::country(Scale::National, seed, now);
    let root = app
        .store
        .root_unit()
        .await?
        .ok_or(Error::NotFound("organization"))?;
    let survey = app
        .store
        .publish_survey(&enquete_domain::demo_bench::bench_survey(), None, None, now)
        .await?;
    let mut start = 0;
    while start < total {
        let end = (start + BATCH).min(total);
        let batch: Vec<NewResponse> =
            enquete_domain::demo_bench::bench_responses(&country, seed, start, end, now)
                .into_iter()
                .map(|r| stored(r, &survey, root.id))
                .collect();
        app.store.ingest_responses(&batch, now).await?;
        progress(end as u64);
        start = end;
    }
    Ok(survey)
}

/// Gives the demo country a national focus to look at: housing, chosen from the demo enquête,
/// with targets in every unit, a petition in four languages, an action with a bus in the
/// organizer's city where some people answered and came, a section meeting with a decision to
/// follow up and a solidarity project. Does nothing when a campaign exists already.
pub async fn load_demo_campaign(app: &App, now: Timestamp) -> Result<()> {
    use enquete_domain::campaign::{
        ActionDraft, CampaignDraft, DecisionDraft, PetitionDraft, ProjectDraft,
    };
    use enquete_domain::demo::demo_logins;
    use enquete_domain::people::Language;
    let store = &app.store;
    let Some(nation) = store.root_unit().await? else {
        return Ok(());
    };
    if !store.campaigns_reaching(&nation.path).await?.is_empty() {
        return Ok(());
    }
    let day = DAY;
    let draft = CampaignDraft::parse(
        "Housing for all",
        "Rents eat half of what people earn. Every section goes door to door, collects signatures for a rent freeze and brings people to the housing assembly.",
        &Timestamp(now.0 - 10 * day).date(),
        &Timestamp(now.0 + 50 * day).date(),
    )?;
    let survey = store.surveys().await?.into_iter().next();
    let (survey_id, evidence) = match &survey {
        Some(s) => match evidence(app, s.id, "top3", "housing", &nation, Language::En).await {
            Ok(cited) => (
                Some(s.id),
                cited.figures.map(|e| e.to_stored()).unwrap_or_default(),
            ),
            Err(_) => (None, String::new()),
        },
        None => (None, String::new()),
    };
    let numbers = [
        (Metric::Conversations, 20_000),
        (Metric::Signatures, 50_000),
        (Metric::Attendance, 5_000),
        (Metric::NewSympathisers, 2_000),
        (Metric::NewMembers, 400),
    ];
    let targets = cascaded(app, &nation, &numbers).await?;
    let campaign = store
        .create_campaign(
            &enquete_store::NewCampaign {
                unit: nation.id,
                draft,
                survey: survey_id,
                question: if survey_id.is_some() {
                    "top3".into()
                } else {
                    String::new()
                },
                choice: if survey_id.is_some() {
                    "housing".into()
                } else {
                    String::new()
                },
                evidence,
            },
            &targets,
            None,
            now,
        )
        .await?;
    let petition = PetitionDraft::parse_with(
        &[
            ("nl", "Bevries de huurprijzen"),
            ("fr", "Gelez les loyers"),
            ("de", "Mieten einfrieren"),
            ("en", "Freeze the rents"),
        ],
        &[
            (
                "nl",
                "Wij vragen de regering de huurprijzen te bevriezen en 50.000 sociale woningen te bouwen.",
            ),
            (
                "fr",
                "Nous demandons au gouvernement de geler les loyers et de construire 50 000 logements sociaux.",
            ),
            (
                "de",
                "Wir fordern die Regierung auf, die Mieten einzufrieren und 50.000 Sozialwohnungen zu bauen.",
            ),
            (
                "en",
                "We call on the government to freeze rents and build 50,000 social homes.",
            ),
        ],
        &[
            ("nl", "de federale regering"),
            ("fr", "le gouvernement fédéral"),
            ("de", "die Bundesregierung"),
            ("en", "the federal government"),
        ],
        "50000",
    )?;
    let petition = store
        .create_petition(
            nation.id,
            Some(campaign.id),
            &petition,
            &crate::auth::random_token(),
            None,
            now,
        )
        .await?;
    // The organizer's city and the canvasser's section, as the demo logins see them.
    let logins = demo_logins();
    let unit_of = |role: enquete_domain::account::Role| {
        let email = logins
            .iter()
            .find(|(r, _, _)| *r == role)
            .map(|(_, e, _)| e.clone());
        async move {
            match email {
                Some(e) => store
                    .user_by_email(&e)
                    .await
                    .ok()
                    .flatten()
                    .map(|u| u.user.unit),
                None => None,
            }
        }
    };
    let (Some(city), Some(section)) = (
        unit_of(enquete_domain::account::Role::Organizer).await,
        unit_of(enquete_domain::account::Role::Canvasser).await,
    ) else {
        return Ok(());
    };
    let action = store
        .create_action(
            city,
            Some(campaign.id),
            &ActionDraft::parse(
                "Housing assembly",
                "Tenants from every neighbourhood plan the rent strike.",
                "Vooruit, Sint-Pietersnieuwstraat 23",
                &format!("{}T19:30", Timestamp(now.0 + 7 * day).date()),
                "150",
            )?,
            &crate::auth::random_token(),
            None,
            now,
        )
        .await?;
    store.add_bus(action.id, "Bus from the harbour", 50).await?;
    let people = store
        .search_people(
            &enquete_domain::policy::PeopleVisibility::Subtree(store.unit(section).await?.path),
            &enquete_store::PeopleQuery {
                limit: 30,
                ..Default::default()
            },
        )
        .await?
        .people;
    for (i, p) in people.iter().enumerate() {
        store
            .rsvp(action.id, p.person.id, i % 3 == 0, "demo", now)
            .await?;
        if i % 2 == 0 {
            store
                .check_in(action.id, p.person.id, None, now, None)
                .await?;
        }
    }
    let meeting = store
        .create_meeting(
            section,
            Timestamp(now.0 - 5 * day + 19 * 3600),
            "1. The housing focus: who goes door to door\n2. The food bank\n3. The housing assembly",
            None,
            now,
        )
        .await?;
    for p in people.iter().take(8) {
        store.mark_present(meeting.id, p.person.id).await?;
    }
    store
        .add_decision(
            meeting.id,
            &DecisionDraft::parse(
                "Print 500 leaflets on the rent freeze",
                "Lotte",
                &Timestamp(now.0 + 3 * day).date(),
            )?,
        )
        .await?;
    let project = store
        .create_project(
            section,
            &ProjectDraft::parse(
                "Food bank",
                "A parcel every Saturday for 40 families",
                "Rice and pasta\nDrivers on Saturday morning\nA bigger freezer",
            )?,
            None,
            now,
        )
        .await?;
    for p in people.iter().skip(8).take(5) {
        store.add_volunteer(project.id, p.person.id).await?;
    }
    store
        .add_project_update(project.id, "32 parcels handed out this week.", None, now)
        .await?;
    let admin = logins
        .iter()
        .find(|(r, _, _)| *r == enquete_domain::account::Role::NationalAdmin)
        .map(|(_, e, _)| e.clone());
    if let Some(email) = admin
        && let Some(author) = store.user_by_email(&email).await?
    {
        news::load(
            app,
            &news::Links {
                nation: nation.id,
                city,
                author: author.user.id,
                author_name: author.user.display_name.clone(),
                campaign: campaign.id.0,
                action: action.id.0,
                petition: petition.id.0,
                survey: survey_id,
            },
            now,
        )
        .await?;
    }
    training::load(app, section, now).await?;
    load_demo_mailings(app, city, action.id, now).await
}

/// The city's mailings: a reminder to the people coming to the assembly (a draft, with their
/// bus), and the follow-ups of new sympathisers (a welcome mail after two days, a call from the
/// section within a week).
async fn load_demo_mailings(
    app: &App,
    city: UnitId,
    action: enquete_domain::campaign::ActionId,
    now: Timestamp,
) -> Result<()> {
    let store = &app.store;
    let organizer = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == enquete_domain::account::Role::Organizer)
        .map(|(_, e, _)| e);
    let Some(email) = organizer else {
        return Ok(());
    };
    let Some(author) = store.user_by_email(&email).await? else {
        return Ok(());
    };
    let by = author.user.id;
    let coming = store
        .create_segment(
            city,
            "Coming to the housing assembly",
            &format!(r#"{{"action":{},"rsvp":"coming"}}"#, action.0),
            by,
            now,
        )
        .await?;
    let sympathisers = store
        .create_segment(city, "Sympathisers", r#"{"stage":"sympathiser"}"#, by, now)
        .await?;
    let version =
        |subject: &str, body: &str| serde_json::json!({ "subject": subject, "body": body });
    let reminder = serde_json::json!({
        "nl": version("Morgen: de huurvergadering", "Dag {{first_name}},\n\nMorgen, {{when}}, is de huurvergadering in {{where}}. Je bus: {{bus}}.\n\nTot dan!"),
        "fr": version("Demain : l'assemblée du logement", "Bonjour {{first_name}},\n\nDemain, {{when}}, c'est l'assemblée du logement à {{where}}. Ton bus : {{bus}}.\n\nÀ demain !"),
        "de": version("Morgen: die Mieterversammlung", "Hallo {{first_name}},\n\nMorgen, {{when}}, ist die Mieterversammlung in {{where}}. Dein Bus: {{bus}}.\n\nBis dann!"),
        "en": version("Tomorrow: the housing assembly", "Hello {{first_name}},\n\nTomorrow, {{when}}, is the housing assembly at {{where}}. Your bus: {{bus}}.\n\nSee you there!"),
    });
    let welcome = serde_json::json!({
        "nl": version("Welkom bij {{unit}}", "Dag {{first_name}},\n\nFijn dat je erbij bent. Iemand van {{unit}} belt je deze week om kennis te maken."),
        "fr": version("Bienvenue à {{unit}}", "Bonjour {{first_name}},\n\nHeureux de t'avoir avec nous. Quelqu'un de {{unit}} t'appelle cette semaine pour faire connaissance."),
        "de": version("Willkommen bei {{unit}}", "Hallo {{first_name}},\n\nSchön, dass du dabei bist. Jemand von {{unit}} ruft dich diese Woche an."),
        "en": version("Welcome to {{unit}}", "Hello {{first_name}},\n\nGood to have you with us. Someone from {{unit}} will call you this week to get to know you."),
    });
    let mailing = |segment, name: &'static str, templates: serde_json::Value| async move {
        store
            .create_mailing(
                &enquete_store::MailingContent {
                    channel: "email",
                    unit: city,
                    segment,
                    name,
                    purpose: enquete_domain::people::ConsentPurpose::Contact,
                    templates: &templates.to_string(),
                    fallback: "en",
                },
                by,
                now,
            )
            .await
    };
    mailing(coming, "Assembly reminder", reminder).await?;
    let welcome = mailing(sympathisers, "Welcome", welcome).await?;
    let audit = |detail: &str| enquete_store::AuditEvent {
        at: now,
        user: Some(by),
        action: enquete_domain::audit::AuditAction::FollowUpRule,
        person: None,
        detail: detail.to_owned(),
        ip: "demo".into(),
    };
    for (name, effect, delay, mailing) in [
        ("Welcome mail", "mail", 2, Some(welcome)),
        ("Call the new sympathiser", "task", 0, None),
    ] {
        store
            .create_rule(
                &enquete_store::NewRule {
                    unit: city,
                    name,
                    trigger: "stage:sympathiser",
                    delay_days: delay,
                    effect,
                    due_days: 7,
                    mailing,
                },
                by,
                now,
                audit(name),
            )
            .await?;
    }
    Ok(())
}

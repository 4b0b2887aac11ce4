//! The demo festival's programme (three venues, speakers of whom some come from abroad, two days
//! of sessions with interpretation; one guest's accommodation still to arrange) and its
//! volunteer shifts (bar, kitchen, security, cleaning, set-up and three sections' stands), with
//! sign-ups that leave some shifts short.

use crate::Result;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::festival::FestivalId;
use enquete_domain::org::Unit;
use enquete_domain::policy::PeopleVisibility;
use enquete_domain::programme::{SessionDraft, SpeakerDraft};
use enquete_store::{AuditEvent, DAY, PeopleQuery, Store};

/// (venue, day, from, until, titles nl/fr/de/en, language, interpreted into, speakers).
type Session = (
    usize,
    i64,
    &'static str,
    &'static str,
    [&'static str; 4],
    &'static str,
    &'static str,
    &'static [usize],
);

fn audit(at: Timestamp) -> AuditEvent {
    AuditEvent {
        at,
        user: None,
        action: AuditAction::Festival,
        person: None,
        detail: "demo".into(),
        ip: "demo".into(),
    }
}

/// `day` 0 or 1 of the festival at `hh:mm`, as a form sends it.
fn at(starts: Timestamp, day: i64, time: &str) -> String {
    format!("{}T{time}", Timestamp(starts.0 + day * DAY).date())
}

pub async fn load(
    store: &Store,
    festival: FestivalId,
    nation: &Unit,
    sections: &[Unit],
    starts: Timestamp,
    now: Timestamp,
) -> Result<()> {
    let mut venues = Vec::new();
    for name in ["Main stage", "Debate tent", "International village"] {
        venues.push(store.create_venue(festival, name, now, audit(now)).await?);
    }
    let people = [
        (
            "Ana Ferreira",
            "CGTP, Portugal",
            true,
            "TP 612 to Zaventem, Fri 10:05; picked up by Jan",
            "Hotel Central, Fri and Sat",
            Some("10:05"),
        ),
        (
            "Kemal Aydın",
            "Dockworkers' union, Türkiye",
            true,
            "",
            "",
            None,
        ),
        (
            "Jonas Becker",
            "IG Metall shop steward, Germany",
            true,
            "ICE from Köln, Fri 09:12",
            "",
            Some("12:30"),
        ),
        (
            "Lieve Janssens",
            "Nurses' union delegate, Antwerpen",
            false,
            "",
            "",
            None,
        ),
        (
            "Marie Dubois",
            "Teachers' union, Liège",
            false,
            "",
            "",
            None,
        ),
        (
            "Sara Haddad",
            "Tenants' association, Brussels",
            false,
            "",
            "",
            None,
        ),
    ];
    let mut speakers = Vec::new();
    for (name, affiliation, abroad, travel, accommodation, arrival) in people {
        let arrives = arrival.map(|t| at(starts, -1, t)).unwrap_or_default();
        let draft = SpeakerDraft::parse(
            name,
            affiliation,
            abroad,
            travel,
            accommodation,
            &arrives,
            "",
        )?;
        speakers.push(
            store
                .save_speaker(festival, None, &draft, now, audit(now))
                .await?,
        );
    }
    let sessions: [Session; 8] = [
        (
            0,
            0,
            "14:00",
            "15:00",
            [
                "Opening: housing for all",
                "Ouverture : un logement pour tous",
                "Eröffnung: Wohnen für alle",
                "Opening: housing for all",
            ],
            "nl",
            "fr,en",
            &[5],
        ),
        (
            1,
            0,
            "15:30",
            "17:00",
            [
                "Havens tegen de oorlog",
                "Des ports contre la guerre",
                "Häfen gegen den Krieg",
                "Ports against war",
            ],
            "en",
            "nl,fr",
            &[1, 0],
        ),
        (
            1,
            0,
            "17:30",
            "19:00",
            [
                "Zorg is geen koopwaar",
                "Les soins ne sont pas une marchandise",
                "Pflege ist keine Ware",
                "Care is not a commodity",
            ],
            "nl",
            "fr",
            &[3],
        ),
        (
            2,
            0,
            "16:00",
            "17:30",
            [
                "Europese vakbonden ontmoeten elkaar",
                "Rencontre des syndicats européens",
                "Europäische Gewerkschaften treffen sich",
                "European unions meet",
            ],
            "en",
            "",
            &[0, 2],
        ),
        (
            0,
            0,
            "21:00",
            "23:30",
            ["Concert", "Concert", "Konzert", "Concert"],
            "fr",
            "",
            &[],
        ),
        (
            1,
            1,
            "11:00",
            "12:30",
            [
                "Lonen vrij onderhandelen",
                "Négocier librement les salaires",
                "Freie Lohnverhandlungen",
                "Free wage bargaining",
            ],
            "de",
            "nl,fr",
            &[2, 4],
        ),
        (
            1,
            1,
            "14:00",
            "15:30",
            [
                "Onderwijs voor iedereen",
                "L’école pour tous",
                "Bildung für alle",
                "Education for all",
            ],
            "fr",
            "nl",
            &[4],
        ),
        (
            0,
            1,
            "16:00",
            "17:00",
            [
                "Slotmeeting",
                "Meeting de clôture",
                "Abschlusskundgebung",
                "Closing rally",
            ],
            "nl",
            "fr,en,de",
            &[5, 3],
        ),
    ];
    for (venue, day, from, until, titles, spoken, interpreted, who) in sessions {
        let pairs: Vec<(&str, &str)> = ["nl", "fr", "de", "en"].into_iter().zip(titles).collect();
        let draft = SessionDraft::parse(
            &pairs,
            &at(starts, day, from),
            &at(starts, day, until),
            spoken,
            interpreted,
        )?;
        let ids: Vec<i64> = who
            .iter()
            .filter_map(|i| speakers.get(*i).copied())
            .collect();
        store
            .create_programme_session(
                festival,
                venues.get(venue).copied().unwrap_or_default(),
                &draft,
                &ids,
                now,
                audit(now),
            )
            .await?;
    }
    // Volunteer shifts, with sign-ups from the sections' members.
    let volunteers = store
        .search_people(
            &PeopleVisibility::Subtree(nation.path.clone()),
            &PeopleQuery {
                limit: 120,
                ..Default::default()
            },
        )
        .await?
        .people;
    let mut plan: Vec<(&Unit, &str, String, i64, &str, &str, u32)> = vec![
        (
            nation,
            "setup",
            "Building the stages".into(),
            -1,
            "08:00",
            "18:00",
            20,
        ),
        (
            nation,
            "bar",
            "Bar, afternoon".into(),
            0,
            "13:00",
            "18:00",
            12,
        ),
        (
            nation,
            "bar",
            "Bar, evening".into(),
            0,
            "18:00",
            "23:59",
            12,
        ),
        (
            nation,
            "kitchen",
            "Kitchen, lunch".into(),
            0,
            "10:00",
            "15:00",
            8,
        ),
        (
            nation,
            "security",
            "Gates, morning".into(),
            0,
            "09:00",
            "14:00",
            10,
        ),
        (
            nation,
            "security",
            "Gates, afternoon".into(),
            0,
            "14:00",
            "19:00",
            10,
        ),
        (
            nation,
            "cleaning",
            "Cleaning the site".into(),
            1,
            "19:00",
            "23:00",
            6,
        ),
    ];
    for s in sections.iter().take(3) {
        plan.push((
            s,
            "stand",
            format!("Stand of {}", s.name.as_str()),
            0,
            "12:00",
            "20:00",
            4,
        ));
    }
    let mut next = volunteers.iter().cycle();
    for (unit, team, title, day, from, until, places) in plan {
        let draft = ActionDraft::parse(
            &title,
            "",
            "ManiFiesta",
            &at(starts, day, from),
            &places.to_string(),
        )?;
        let ends = enquete_domain::programme::shift_end(draft.starts_at, &at(starts, day, until))?;
        let action = store
            .create_shift(
                unit.id,
                &draft,
                &crate::auth::random_token(),
                None,
                now,
                (festival, team, ends),
            )
            .await?;
        // Most shifts are nearly full; the evening bar and the cleaning are short.
        let taken = match team {
            "bar" if title.contains("evening") => places / 3,
            "cleaning" => 1,
            _ => places.saturating_sub(1),
        };
        if volunteers.is_empty() {
            continue;
        }
        for _ in 0..taken {
            if let Some(p) = next.next() {
                store
                    .rsvp(action.id, p.person.id, false, "demo", now)
                    .await?;
            }
        }
    }
    Ok(())
}

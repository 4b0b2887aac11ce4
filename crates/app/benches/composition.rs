//! Benchmark: who leads, for every unit of the national demo country, against the people per
//! stage of every unit (the roll-up the unit pages show), in the same run.
//!
//! The members and above of the demo country agree to be counted and get an occupation class;
//! then, for every unit of the tree, the composition (members, organizers, holders of
//! responsibilities, by class, with intervals) is worked out, and so are the people per stage.
//! Prints both times and their ratio.
//!
//!   cargo bench -p enquete-app --bench composition

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark stops at the first failure"
)]

use enquete_app::{App, Caller, Door};
use enquete_domain::Timestamp;
use enquete_domain::account::{Role, UserId};
use enquete_domain::composition::Profile;
use enquete_domain::demo::{self, Scale};
use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, Stage};
use enquete_domain::policy::{Actor, PeopleVisibility};
use enquete_store::{AuditEvent, PeopleQuery, Store};
use std::time::Instant;

#[tokio::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("composition benchmark: run with cargo bench -p enquete-app --bench composition");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}/bench.db", dir.path().display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let now = Timestamp::now_utc();
    let country = demo::country(Scale::National, 1, now);
    let hashes: Vec<String> = country.accounts.iter().map(|_| String::from("x")).collect();
    store
        .load_demo(&country, &hashes, now, |_| ())
        .await
        .unwrap();
    let root = store.root_unit().await.unwrap().unwrap();
    let classes = [
        "manual",
        "clerical_service",
        "professional_manager",
        "self_employed",
        "retired",
    ];
    let mut counted = 0usize;
    for stage in [Stage::Member, Stage::Organizer, Stage::Leader] {
        let ids = store
            .people_matching(
                &PeopleVisibility::Subtree(root.path.clone()),
                &PeopleQuery {
                    stage: Some(stage),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        for (i, id) in ids.iter().enumerate() {
            store
                .record_consent(
                    *id,
                    &NewConsent {
                        purpose: ConsentPurpose::Composition,
                        granted: true,
                        source: ConsentSource::parse("bench").unwrap(),
                    },
                    None,
                    now,
                    None,
                )
                .await
                .unwrap();
            let profile = Profile::parse(classes[i % classes.len()], "woman", "35_49").unwrap();
            let audit = AuditEvent {
                at: now,
                user: None,
                action: enquete_domain::audit::AuditAction::Edit,
                person: Some(*id),
                detail: String::new(),
                ip: "bench".into(),
            };
            store.set_profile(*id, &profile, now, audit).await.unwrap();
            counted += 1;
        }
    }
    let units = store.subtree(&root.path, false).await.unwrap();
    let app = App::new(store.clone());
    let caller = Caller {
        actor: Actor::new(UserId(1), Role::NationalAdmin, root.path.clone()),
        email: String::new(),
        name: "bench".into(),
        unit: root.id,
        ip: "bench".into(),
        door: Door::Cli,
        now,
    };
    // The reference: people per stage of every unit.
    let t = Instant::now();
    let mut people = 0u64;
    for u in &units {
        let c = store.unit_counts(&u.path).await.unwrap();
        people += c.counts.iter().map(|s| s.count).sum::<u64>();
    }
    let reference = t.elapsed().as_secs_f64();
    // Who leads, for every unit.
    let t = Instant::now();
    let mut shown = 0u64;
    for u in &units {
        let comp = enquete_app::composition::composition(
            &app,
            &caller,
            u.id,
            enquete_domain::composition::Dimension::Occupation,
        )
        .await
        .unwrap();
        shown += comp.groups[0].counted;
    }
    let composition = t.elapsed().as_secs_f64();
    println!(
        "{} units, {counted} people counted in who leads ({shown} member counts summed over \
         the units, {people} people per stage summed)",
        units.len()
    );
    println!("people per stage of every unit: {reference:.3} s");
    println!("who leads of every unit:        {composition:.3} s");
    println!(
        "ratio (who leads / people per stage): {:.2}",
        composition / reference
    );
}

//! The demo's workplace maps: the steward's own workplace section and a port, a hospital and a
//! distribution centre elsewhere, each with departments and shifts and their headcounts, a
//! union, its people placed with some social leaders, dated assessments, and a majority
//! petition in progress.

use crate::Result;
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{Unit, UnitKind};
use enquete_domain::policy::PeopleVisibility;
use enquete_domain::workplace::{Support, TestDraft, WorkplaceDraft};
use enquete_store::{AuditEvent, DAY, PeopleQuery, Store};

fn audit(at: Timestamp) -> AuditEvent {
    AuditEvent {
        at,
        user: None,
        action: AuditAction::Workplace,
        person: None,
        detail: "demo".into(),
        ip: "demo".into(),
    }
}

/// (employer, site, sector, departments with their headcount per shift, shifts, union, test).
struct Template {
    employer: &'static str,
    site: &'static str,
    sector: &'static str,
    departments: &'static [(&'static str, &'static [u32])],
    shifts: &'static [&'static str],
    union: (&'static str, &'static str),
    test: &'static str,
}

const PORT: Template = Template {
    employer: "Northsea Container Terminal",
    site: "Quay 1742",
    sector: "ports",
    departments: &[
        ("Quay", &[40, 36, 18]),
        ("Yard", &[30, 28, 14]),
        ("Gate", &[8, 8, 4]),
    ],
    shifts: &["Early", "Late", "Night"],
    union: ("BTB-ABVV", "Two delegates on the quay, one at the gate"),
    test: "Majority petition: no cargo for the war",
};

const HOSPITAL: Template = Template {
    employer: "General Hospital",
    site: "Campus Zuid",
    sector: "health care",
    departments: &[
        ("Emergency", &[22, 12]),
        ("Surgery", &[30, 6]),
        ("Cleaning", &[14, 8]),
    ],
    shifts: &["Day", "Night"],
    union: ("LBC-NVK", "One delegate for the nurses"),
    test: "Majority petition: safe staffing on every ward",
};

const DISTRIBUTION: Template = Template {
    employer: "FreshLog distribution centre",
    site: "Logistics park East",
    sector: "logistics",
    departments: &[
        ("Inbound", &[25, 20, 10]),
        ("Picking", &[60, 55, 30]),
        ("Dispatch", &[20, 20, 8]),
    ],
    shifts: &["Early", "Late", "Night"],
    union: (
        "BBTK-SETCa",
        "Delegates elected last year, not active on the floor",
    ),
    test: "Badge day: heat in the picking hall",
};

const UNIVERSITY: Template = Template {
    employer: "City University",
    site: "Campus Centre",
    sector: "higher education",
    departments: &[
        ("Faculty of Engineering", &[120, 20]),
        ("Faculty of Arts", &[90, 15]),
        ("Library and administration", &[60, 10]),
        ("Cleaning and catering", &[25, 30]),
    ],
    shifts: &["Day", "Evening"],
    union: (
        "ACOD Onderwijs",
        "A delegate in the administration, none among the researchers",
    ),
    test: "Card signing: research cooperation with arms makers",
};

fn template_for(name: &str) -> &'static Template {
    let n = name.to_lowercase();
    if n.contains("universit") {
        &UNIVERSITY
    } else if n.contains("dok") || n.contains("dock") {
        &PORT
    } else if n.contains("ziekenhuis") || n.contains("hôpital") || n.contains("krankenhaus") {
        &HOSPITAL
    } else {
        &DISTRIBUTION
    }
}

pub async fn load(store: &Store, steward_unit: Option<Unit>, now: Timestamp) -> Result<()> {
    let Some(root) = store.root_unit().await? else {
        return Ok(());
    };
    let workplaces: Vec<Unit> = store
        .subtree(&root.path, false)
        .await?
        .into_iter()
        .filter(|u| u.kind == UnitKind::Workplace && !u.is_archived())
        .collect();
    let mut chosen: Vec<Unit> = steward_unit.into_iter().collect();
    for wanted in [&PORT, &HOSPITAL, &DISTRIBUTION, &UNIVERSITY] {
        if let Some(u) = workplaces.iter().find(|u| {
            std::ptr::eq(template_for(u.name.as_str()), wanted)
                && !chosen.iter().any(|c| c.id == u.id)
        }) {
            chosen.push(u.clone());
        }
    }
    let mut rng = fastrand::Rng::with_seed(16);
    if let Some(first) = chosen.first() {
        motion(store, first, now).await?;
    }
    for unit in chosen {
        let t = template_for(unit.name.as_str());
        let total: u32 = t.departments.iter().flat_map(|(_, h)| h.iter()).sum();
        let draft = WorkplaceDraft::parse(t.employer, t.site, "", t.sector, &total.to_string())?;
        store
            .save_workplace(unit.id, &draft, now, audit(now))
            .await?;
        let mut shifts = Vec::new();
        for s in t.shifts {
            shifts.push(store.add_workplace_part(unit.id, true, s).await?);
        }
        let mut departments = Vec::new();
        for (name, heads) in t.departments {
            let d = store.add_workplace_part(unit.id, false, name).await?;
            for (s, n) in shifts.iter().zip(heads.iter()) {
                store.set_cell(unit.id, d, *s, *n).await?;
            }
            departments.push(d);
        }
        store
            .add_union(unit.id, t.union.0, t.union.1, audit(now))
            .await?;
        let people = store
            .search_people(
                &PeopleVisibility::Subtree(unit.path.clone()),
                &PeopleQuery {
                    limit: 200,
                    ..Default::default()
                },
            )
            .await?
            .people;
        for (i, p) in people.iter().enumerate() {
            let d = departments.get(i % departments.len().max(1)).copied();
            let s = shifts.get(rng.usize(..shifts.len().max(1))).copied();
            // One social leader in each department but the last.
            let leader = i < departments.len().saturating_sub(1);
            let union = if rng.u8(..3) == 0 { t.union.0 } else { "" };
            store
                .place_worker(unit.id, p.person.id, d, s, leader, union, now, audit(now))
                .await?;
            if rng.u8(..10) < 7 || leader {
                // An earlier, more hesitant view, then today's.
                let today = match rng.u8(..10) {
                    0..=3 => "2",
                    4 => "1",
                    5..=7 => "3",
                    8 => "4",
                    _ => "5",
                };
                let earlier = if today == "5" { "4" } else { "3" };
                store
                    .assess(
                        unit.id,
                        p.person.id,
                        Support::parse(earlier)?,
                        "",
                        None,
                        Timestamp(now.0 - 40 * DAY),
                        audit(now),
                    )
                    .await?;
                store
                    .assess(
                        unit.id,
                        p.person.id,
                        Support::parse(today)?,
                        if leader {
                            "colleagues listen to them"
                        } else {
                            ""
                        },
                        None,
                        Timestamp(now.0 - rng.i64(1..20) * DAY),
                        audit(now),
                    )
                    .await?;
            }
        }
        let kind = if t.test.starts_with("Badge") {
            "badge"
        } else if t.test.starts_with("Card") {
            "cards"
        } else {
            "petition"
        };
        let test = store
            .create_workplace_test(
                unit.id,
                &TestDraft::parse(
                    kind,
                    t.test,
                    "51",
                    &Timestamp(now.0 - 10 * DAY).date(),
                    &Timestamp(now.0 + 10 * DAY).date(),
                )?,
                now,
                audit(now),
            )
            .await?;
        for ((d, (_, heads)), share) in departments.iter().zip(t.departments).zip([60_u32, 35, 20])
        {
            let head: u32 = heads.iter().sum();
            store
                .set_test_count(test, *d, head * share / 100, now)
                .await?;
        }
    }
    Ok(())
}

/// A motion passed at the union's congress, broken into two demands: one won after a refusal
/// to load, one raised and waiting.
async fn motion(store: &Store, unit: &Unit, now: Timestamp) -> Result<()> {
    use enquete_domain::motions::{DemandDraft, DemandStatus, MotionDraft};
    let m = MotionDraft::parse(
        "No arms through our workplace",
        "The congress calls on its members to refuse to handle goods for the war and asks the \
         employer to publish what passes through its hands.",
        "Union congress",
        &Timestamp(now.0 - 60 * DAY).date(),
        "212",
        "9",
        "4",
    )?;
    let id = store.create_motion(unit.id, &m, now, audit(now)).await?;
    let won = store
        .add_demand(
            id,
            &DemandDraft::parse("No handling of arms cargo", "The employer", "The delegates")?,
            None,
            Timestamp(now.0 - 55 * DAY),
            audit(now),
        )
        .await?;
    let lists = store
        .add_demand(
            id,
            &DemandDraft::parse(
                "Publish the lists of what passes through",
                "The employer and the authorities",
                "The section's stewards",
            )?,
            None,
            Timestamp(now.0 - 55 * DAY),
            audit(now),
        )
        .await?;
    let refusal = enquete_domain::campaign::ActionDraft::parse(
        "Refusal to handle the arms cargo",
        "",
        "At the workplace",
        &format!("{}T06:00", Timestamp(now.0 - 30 * DAY).date()),
        "",
    )?;
    let action = store
        .create_action(
            unit.id,
            None,
            &refusal,
            &crate::auth::random_token(),
            None,
            now,
        )
        .await?;
    store.link_demand_action(won, action.id).await?;
    for (demand, status, note, days) in [
        (won, DemandStatus::Raised, "letter handed to management", 50),
        (
            won,
            DemandStatus::Negotiating,
            "management wants to talk",
            40,
        ),
        (won, DemandStatus::Won, "the cargo was not handled", 28),
        (
            lists,
            DemandStatus::Raised,
            "asked at the works council",
            20,
        ),
    ] {
        store
            .update_demand(demand, status, note, None, Timestamp(now.0 - days * DAY))
            .await?;
    }
    Ok(())
}

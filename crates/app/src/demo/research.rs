//! The demo's complicity research: fictional companies (an arms maker, its holding, a supplier
//! of fuzes, a forwarder, a shipping line, a bank, a terminal operator, an air-cargo handler),
//! their links, products, contracts and sites, and shipments through the port and the airport,
//! each with its evidence. Most are reviewed, some published, one waits for review. The
//! demo analyst is a researcher (the admin reviews), and the port's workplace section is
//! linked to the terminal, so its stewards see a shipment of concern coming.

use crate::Result;
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{Unit, UnitKind};
use enquete_domain::research::{
    CompanyDraft, Evidence, ItemDraft, LinkDraft, ShipmentDraft, ShipmentInput, SiteDraft,
};
use enquete_store::{AuditEvent, DAY, Store};

fn audit(at: Timestamp, action: AuditAction) -> AuditEvent {
    AuditEvent {
        at,
        user: None,
        action,
        person: None,
        detail: "demo".into(),
        ip: "demo".into(),
    }
}

fn day(t: Timestamp) -> String {
    t.date()
}

/// How far a fact got: waiting, reviewed, or reviewed and published.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    Waiting,
    Reviewed,
    Published,
}

struct Researchers {
    org: enquete_domain::org::UnitId,
    by: Option<UserId>,
    reviewer: Option<UserId>,
    now: Timestamp,
}

impl Researchers {
    async fn settle(&self, store: &Store, id: i64, standing: Standing) -> Result<()> {
        let Some(reviewer) = self.reviewer else {
            return Ok(());
        };
        if standing != Standing::Waiting {
            store
                .review_fact(
                    self.org,
                    id,
                    reviewer,
                    "Source checked against the original",
                    self.now,
                    audit(self.now, AuditAction::Research),
                )
                .await?;
        }
        if standing == Standing::Published {
            store
                .publish_fact(
                    self.org,
                    id,
                    reviewer,
                    true,
                    self.now,
                    audit(self.now, AuditAction::Research),
                )
                .await?;
        }
        Ok(())
    }
}

fn evidence(
    kind: &str,
    source: &str,
    days_ago: i64,
    grade: &str,
    now: Timestamp,
) -> Result<Evidence> {
    Ok(Evidence::parse(
        kind,
        source,
        &day(Timestamp(now.0 - days_ago * DAY)),
        grade,
    )?)
}

pub async fn load(store: &Store, party: &Unit, now: Timestamp) -> Result<()> {
    let analyst = store.user_by_email("analyst@demo.enquete.org").await?;
    let admin = store
        .user_by_email("national-admin@demo.enquete.org")
        .await?;
    if let Some(a) = &analyst {
        store
            .set_researcher(a.user.id, true, audit(now, AuditAction::Research))
            .await?;
    }
    let r = Researchers {
        org: party.id,
        by: analyst.map(|a| a.user.id),
        reviewer: admin.map(|a| a.user.id),
        now,
    };
    let a = || audit(now, AuditAction::Research);
    let mut companies = Vec::new();
    for (name, country, registry, standing) in [
        (
            "Nordhavn Defence Systems AB",
            "SE",
            "556987-0012",
            Standing::Published,
        ),
        (
            "Nordhavn Holding AB",
            "SE",
            "556120-4471",
            Standing::Published,
        ),
        (
            "Baltic Munitions Sp. z o.o.",
            "PL",
            "KRS 0000412345",
            Standing::Reviewed,
        ),
        (
            "Scheldt Forwarding NV",
            "BE",
            "0456.123.789",
            Standing::Published,
        ),
        ("Oceanic Line A/S", "DK", "CVR 31245678", Standing::Reviewed),
        ("Capital Arms Bank SA", "LU", "B 123456", Standing::Reviewed),
        (
            "Northsea Container Terminal NV",
            "BE",
            "0412.555.321",
            Standing::Published,
        ),
        (
            "Liège Air Cargo SA",
            "BE",
            "0678.901.234",
            Standing::Reviewed,
        ),
    ] {
        let id = store
            .add_company(
                r.org,
                &CompanyDraft::parse(name, country, registry)?,
                None,
                &evidence(
                    "registry",
                    &format!("Company registry extract {registry}"),
                    60,
                    "confirmed",
                    now,
                )?,
                r.by,
                Timestamp(now.0 - 50 * DAY),
                a(),
            )
            .await?;
        r.settle(store, id, standing).await?;
        companies.push(id);
    }
    let c = |i: usize| companies.get(i).copied().unwrap_or_default();
    let (maker, holding, fuzes, forwarder, line, bank, terminal, air) =
        (c(0), c(1), c(2), c(3), c(4), c(5), c(6), c(7));
    for (from, to, kind, share, source, standing) in [
        (
            holding,
            maker,
            "owns",
            "100",
            "Annual report 2025, note 12",
            Standing::Published,
        ),
        (
            holding,
            fuzes,
            "owns",
            "51",
            "Annual report 2025, note 12",
            Standing::Reviewed,
        ),
        (
            fuzes,
            maker,
            "supplies",
            "",
            "Trade press interview with the CEO",
            Standing::Reviewed,
        ),
        (
            forwarder,
            maker,
            "transports_for",
            "",
            "Bill of lading seen by a docker",
            Standing::Published,
        ),
        (
            line,
            maker,
            "transports_for",
            "",
            "Vessel tracking and manifest",
            Standing::Reviewed,
        ),
        (
            bank,
            holding,
            "finances",
            "",
            "Bond prospectus 2024",
            Standing::Waiting,
        ),
    ] {
        let id = store
            .add_link(
                r.org,
                &LinkDraft::new(from, to, kind, share)?,
                &evidence("document", source, 40, "probable", now)?,
                r.by,
                Timestamp(now.0 - 40 * DAY),
                a(),
            )
            .await?;
        r.settle(store, id, standing).await?;
    }
    for (company, kind, text, counterparty) in [
        (maker, "product", "155 mm artillery shells", ""),
        (
            maker,
            "contract",
            "Framework contract for munitions, 2025-2029",
            "A foreign ministry of defence",
        ),
        (fuzes, "product", "Artillery fuzes", ""),
    ] {
        let id = store
            .add_item(
                r.org,
                &ItemDraft::parse(company, kind, text, counterparty)?,
                &evidence(
                    "link",
                    "https://example.org/catalogue-2025",
                    30,
                    "probable",
                    now,
                )?,
                r.by,
                Timestamp(now.0 - 30 * DAY),
                a(),
            )
            .await?;
        r.settle(store, id, Standing::Reviewed).await?;
    }
    let quay = store
        .add_site(
            r.org,
            &SiteDraft::parse(
                terminal,
                "Northsea Container Terminal, Quay 1742",
                "port",
                "Antwerpen",
                "BE",
            )?,
            &evidence(
                "registry",
                "Port authority concession register",
                90,
                "confirmed",
                now,
            )?,
            r.by,
            Timestamp(now.0 - 30 * DAY),
            a(),
        )
        .await?;
    r.settle(store, quay, Standing::Published).await?;
    let hall = store
        .add_site(
            r.org,
            &SiteDraft::parse(
                air,
                "Liège Airport cargo hall 2",
                "airport",
                "Grâce-Hollogne",
                "BE",
            )?,
            &evidence("photo", "Photo of the hall's signage", 20, "probable", now)?,
            r.by,
            Timestamp(now.0 - 20 * DAY),
            a(),
        )
        .await?;
    r.settle(store, hall, Standing::Reviewed).await?;
    let in_days = |d: i64| day(Timestamp(now.0 + d * DAY));
    let shipments = [
        (
            maker,
            quay,
            "Oceanic Line",
            "MV Skagen Trader",
            -3,
            12,
            "Containers declared as machine parts: 155 mm shell casings",
            "Ashdod",
            true,
            "photo",
            "Photo of the container manifest, seen by a docker",
            Standing::Published,
        ),
        (
            fuzes,
            hall,
            "Liège Air Cargo",
            "Flight LX 4471",
            18,
            20,
            "Artillery fuzes",
            "Tel Aviv",
            true,
            "document",
            "Air waybill copy",
            Standing::Reviewed,
        ),
        (
            maker,
            quay,
            "Oceanic Line",
            "MV Skagen Spirit",
            25,
            34,
            "Containers of shell casings",
            "Haifa",
            true,
            "link",
            "https://example.org/vessel-tracking",
            Standing::Waiting,
        ),
        (
            maker,
            quay,
            "Scheldt Forwarding",
            "MV Nordic Star",
            -50,
            -30,
            "Propellant charges",
            "Ashdod",
            true,
            "document",
            "Bill of lading 2026-114",
            Standing::Published,
        ),
    ];
    for (
        company,
        site,
        carrier,
        vessel,
        leaves,
        arrives,
        cargo,
        destination,
        concern,
        kind,
        source,
        standing,
    ) in shipments
    {
        let leaves = in_days(leaves);
        let arrives = in_days(arrives);
        let input = ShipmentInput {
            carrier,
            vessel,
            departs_on: &leaves,
            arrives_on: &arrives,
            cargo,
            destination,
            concern,
        };
        let id = store
            .add_shipment(
                r.org,
                &ShipmentDraft::parse(company, site, &input)?,
                &evidence(kind, source, 5, "probable", now)?,
                r.by,
                Timestamp(now.0 - 5 * DAY),
                a(),
            )
            .await?;
        r.settle(store, id, standing).await?;
    }
    // The port's workplace sections work on the terminal (the warnings are queued when a
    // workplace is linked from its page; the demo's links are made directly, without mail).
    for unit in store.subtree(&party.path, false).await? {
        let name = unit.name.as_str().to_lowercase();
        if unit.kind == UnitKind::Workplace && (name.contains("dok") || name.contains("dock")) {
            store
                .link_workplace_site(
                    r.org,
                    unit.id,
                    quay,
                    true,
                    audit(now, AuditAction::WorkplaceSite),
                )
                .await?;
        }
    }
    Ok(())
}

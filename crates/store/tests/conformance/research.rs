//! Complicity research on both databases: facts with their evidence, reviewed by a second
//! researcher and published; what each reader sees; search by the start of any word; the
//! two-step neighbourhood; workplaces linked to sites and warned once of shipments of concern;
//! the open export; a file imported whole or not at all.

use crate::festival::event;
use crate::support::{NOW, admin, conformance, field_of, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::research::{
    CompanyDraft, Evidence, ImportRow, ItemDraft, LinkDraft, LinkKind, ShipmentDraft,
    ShipmentInput, SiteDraft,
};
use enquete_store::{Seen, Store, StoreError};

conformance!(
    facts_are_reviewed_by_another_and_published,
    search_and_neighbourhood,
    workplaces_see_and_are_warned_of_shipments,
    imports_are_whole_or_nothing,
);

const DAY: i64 = 86_400;

fn ev(source: &str) -> Evidence {
    Evidence::parse("registry", source, "2026-10-01", "confirmed").unwrap()
}

fn a() -> enquete_store::AuditEvent {
    event(AuditAction::Research)
}

fn company(name: &str) -> CompanyDraft {
    CompanyDraft::parse(name, "NL", "").unwrap()
}

async fn facts_are_reviewed_by_another_and_published(store: Store) {
    let t = tree(&store).await;
    let org = t.nation;
    let r1 = admin(&store, t.nation, "r1@example.org", Role::Analyst).await;
    let r2 = admin(&store, t.nation, "r2@example.org", Role::Analyst).await;
    store.set_researcher(r1, true, a()).await.unwrap();
    assert!(store.user(r1).await.unwrap().researcher);
    assert!(store.user(r1).await.unwrap().actor().researcher);
    assert!(!store.user(r2).await.unwrap().researcher);

    let parent = store
        .add_company(
            org,
            &company("Nordic Arms AB"),
            None,
            &ev("Bolagsverket"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let child = store
        .add_company(
            org,
            &company("Nordic Arms Logistics B.V."),
            Some((parent, Some(100))),
            &ev("KvK 1234"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    // The same name, accents and case aside, is refused; so is a parent of nowhere.
    let taken = store
        .add_company(
            org,
            &company("nordic arms ab"),
            None,
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(taken), "name");
    let nowhere = store
        .add_company(
            org,
            &company("Orphan"),
            Some((999_999, None)),
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(nowhere), "parent_company");
    assert!(
        store
            .company_id_by_name(org, "ORPHAN")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .company_id_by_name(org, "NORDIC ARMS AB")
            .await
            .unwrap(),
        Some(parent)
    );
    let bad_link = LinkDraft::new(parent, 999_999, "supplies", "").unwrap();
    assert_eq!(
        field_of(
            store
                .add_link(org, &bad_link, &ev("x"), Some(r1), NOW, a())
                .await
                .unwrap_err()
        ),
        "to"
    );
    let site = store
        .add_site(
            org,
            &SiteDraft::parse(child, "Quay 4", "port", "Antwerpen", "BE").unwrap(),
            &ev("Port register"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let item = store
        .add_item(
            org,
            &ItemDraft::parse(parent, "product", "155 mm shells", "").unwrap(),
            &ev("Catalogue"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let input = ShipmentInput {
        vessel: "MV Example",
        arrives_on: "2026-12-03",
        cargo: "Artillery shells",
        concern: true,
        ..Default::default()
    };
    let no_site = ShipmentDraft::parse(parent, 999_999, &input).unwrap();
    assert_eq!(
        field_of(
            store
                .add_shipment(org, &no_site, &ev("x"), Some(r1), NOW, a())
                .await
                .unwrap_err()
        ),
        "site"
    );
    let shipment = store
        .add_shipment(
            org,
            &ShipmentDraft::parse(parent, site, &input).unwrap(),
            &ev("Manifest"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    // Two companies, the parent's ownership, a site, a product, a shipment: six facts wait.
    assert_eq!(store.research_counts(org).await.unwrap(), (6, 0, 0));
    let queue = store.review_queue(org, 50).await.unwrap();
    assert_eq!(queue.len(), 6);
    let link_fact = queue
        .iter()
        .find(|q| q.fact.kind == enquete_domain::research::FactKind::Link)
        .unwrap();
    assert_eq!(link_fact.company, parent);
    assert_eq!(link_fact.summary, "Nordic Arms Logistics B.V.");

    // Nobody reviews their own fact; nothing unreviewed is published.
    let own = store
        .review_fact(org, child, r1, "", NOW, a())
        .await
        .unwrap_err();
    assert_eq!(field_of(own), "fact");
    let early = store
        .publish_fact(org, child, r2, true, NOW, a())
        .await
        .unwrap_err();
    assert_eq!(field_of(early), "fact");
    let reviewed = store
        .review_fact(
            org,
            child,
            r2,
            "Checked the extract",
            Timestamp(NOW.0 + 60),
            a(),
        )
        .await
        .unwrap();
    assert_eq!(reviewed.reviewed_by, Some(r2));
    assert_eq!(reviewed.review, "Checked the extract");
    let again = store
        .review_fact(org, child, r2, "", NOW, a())
        .await
        .unwrap_err();
    assert_eq!(field_of(again), "fact");
    for id in [parent, link_fact.fact.id, site, shipment] {
        store.review_fact(org, id, r2, "", NOW, a()).await.unwrap();
    }
    store
        .publish_fact(org, child, r2, true, NOW, a())
        .await
        .unwrap();
    store
        .publish_fact(org, parent, r2, true, NOW, a())
        .await
        .unwrap();
    // A shipment names its site: the site is published first.
    let early = store
        .publish_fact(org, shipment, r2, true, NOW, a())
        .await
        .unwrap_err();
    assert_eq!(field_of(early), "fact");
    store
        .publish_fact(org, site, r2, true, NOW, a())
        .await
        .unwrap();
    store
        .publish_fact(org, shipment, r2, true, NOW, a())
        .await
        .unwrap();
    assert_eq!(store.research_counts(org).await.unwrap(), (1, 5, 4));

    // What each reader sees of the parent.
    let all = store.company_file(org, parent, Seen::All).await.unwrap();
    assert_eq!(
        (all.links.len(), all.items.len(), all.shipments.len()),
        (1, 1, 1)
    );
    let reviewed = store
        .company_file(org, parent, Seen::Reviewed)
        .await
        .unwrap();
    assert_eq!((reviewed.links.len(), reviewed.items.len()), (1, 0));
    let public = store
        .company_file(org, parent, Seen::Published)
        .await
        .unwrap();
    assert_eq!(
        (
            public.links.len(),
            public.items.len(),
            public.shipments.len()
        ),
        (0, 0, 1)
    );
    assert_eq!(public.shipments[0].site_name, "Quay 4");
    let child_public = store
        .company_file(org, child, Seen::Published)
        .await
        .unwrap();
    assert_eq!(child_public.sites.len(), 1);
    assert!(
        child_public.links.is_empty(),
        "the ownership is reviewed, not published"
    );
    assert!(matches!(
        store.company_file(org, item, Seen::Published).await,
        Err(StoreError::NotFound(_))
    ));
    // Withdrawn, it is gone from the public view.
    store
        .publish_fact(org, parent, r2, false, NOW, a())
        .await
        .unwrap();
    assert!(
        store
            .company_file(org, parent, Seen::Published)
            .await
            .is_err()
    );
    // Nor does anything that names it: the shipment of the parent's goods is gone from the
    // child's page and from the export, while the child's site stays.
    let child_public = store
        .company_file(org, child, Seen::Published)
        .await
        .unwrap();
    assert!(child_public.shipments.is_empty());
    let export = store.published_research(org).await.unwrap();
    assert_eq!(export.companies.len(), 1);
    assert!(export.shipments.is_empty());
    assert_eq!(export.sites.len(), 1);
    assert!(export.links.is_empty());
    assert!(export.companies.iter().all(|c| c.fact.id == child));
    // Another organization sees none of it.
    let other = store
        .create_organization(
            &enquete_domain::org::UnitName::parse("Elsewhere").unwrap(),
            None,
            NOW,
            a(),
        )
        .await
        .unwrap()
        .id;
    assert!(store.company_file(other, parent, Seen::All).await.is_err());
    assert!(
        store
            .review_fact(other, item, r2, "", NOW, a())
            .await
            .is_err()
    );
    assert!(
        store
            .search_companies(other, "nordic", Seen::All, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn search_and_neighbourhood(store: Store) {
    let t = tree(&store).await;
    let org = t.nation;
    let r = admin(&store, t.nation, "r@example.org", Role::Analyst).await;
    let mut ids = Vec::new();
    for name in [
        "Hub Holding",
        "Société Générale d'Armement",
        "Armaments Nordic",
        "Port Services",
        "Far Away Bank",
        "Three Steps Ltd",
    ] {
        ids.push(
            store
                .add_company(org, &company(name), None, &ev("x"), Some(r), NOW, a())
                .await
                .unwrap(),
        );
    }
    let [hub, sga, nordic, port, bank, three] = ids[..] else {
        panic!()
    };
    for (from, to, kind) in [
        (hub, sga, "owns"),
        (hub, nordic, "owns"),
        (port, hub, "transports_for"),
        (bank, sga, "finances"),
        (three, bank, "supplies"),
    ] {
        store
            .add_link(
                org,
                &LinkDraft::new(from, to, kind, "").unwrap(),
                &ev("x"),
                Some(r),
                NOW,
                a(),
            )
            .await
            .unwrap();
    }
    let names =
        |hits: Vec<enquete_store::CompanyHit>| hits.into_iter().map(|h| h.name).collect::<Vec<_>>();
    // By the start of any word, accents and case aside, every word of the query.
    assert_eq!(
        names(
            store
                .search_companies(org, "arm", Seen::All, 10)
                .await
                .unwrap()
        ),
        vec!["Armaments Nordic", "Société Générale d'Armement"]
    );
    assert_eq!(
        names(
            store
                .search_companies(org, "GENER arm", Seen::All, 10)
                .await
                .unwrap()
        ),
        vec!["Société Générale d'Armement"]
    );
    assert!(
        store
            .search_companies(org, "arm", Seen::Published, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .search_companies(org, "", Seen::All, 3)
            .await
            .unwrap()
            .len(),
        3
    );

    let g = store.neighbourhood(org, hub, Seen::All, 100).await.unwrap();
    let step = |id: i64| g.companies.iter().find(|c| c.0 == id).map(|c| c.2);
    assert_eq!(step(hub), Some(0));
    assert_eq!(
        (step(sga), step(nordic), step(port)),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(step(bank), Some(2));
    assert_eq!(step(three), None, "three links away");
    assert_eq!(g.links.len(), 4);
    assert!(g.links.contains(&(port, hub, LinkKind::TransportsFor)));
    assert!(!g.cut);
    let cut = store.neighbourhood(org, hub, Seen::All, 2).await.unwrap();
    assert!(cut.cut);
    assert_eq!(cut.companies.iter().filter(|c| c.2 == 1).count(), 2);
    assert!(
        cut.companies.iter().all(|c| c.0 != port),
        "a neighbour left out of the ring does not come back a step further"
    );
    assert!(cut.links.iter().all(|l| l.0 != port && l.1 != port));
    // Many names start alike: the one that sorts last is still found by its other word.
    for i in 0..60 {
        store
            .add_company(
                org,
                &company(&format!("Arms Filler {i}")),
                None,
                &ev("x"),
                Some(r),
                NOW,
                a(),
            )
            .await
            .unwrap();
    }
    store
        .add_company(
            org,
            &company("Zeta Arms BV"),
            None,
            &ev("x"),
            Some(r),
            NOW,
            a(),
        )
        .await
        .unwrap();
    assert_eq!(
        names(
            store
                .search_companies(org, "arms zeta", Seen::All, 5)
                .await
                .unwrap()
        ),
        vec!["Zeta Arms BV"]
    );
    assert_eq!(
        store
            .search_companies(org, "arms", Seen::All, 5)
            .await
            .unwrap()
            .len(),
        5
    );
    // Control characters are no part of a name (and no error).
    assert_eq!(
        names(
            store
                .search_companies(org, "ze\0ta", Seen::All, 5)
                .await
                .unwrap()
        ),
        vec!["Zeta Arms BV"]
    );
    assert_eq!(
        store
            .search_companies(org, "\0", Seen::All, 5)
            .await
            .unwrap()
            .len(),
        5
    );
    // Unreviewed links are not seen by the workplaces, nor by the public.
    let g = store.neighbourhood(org, hub, Seen::Reviewed, 100).await;
    assert!(g.is_err(), "the hub itself is not reviewed");
}

async fn workplaces_see_and_are_warned_of_shipments(store: Store) {
    let t = tree(&store).await;
    let org = t.nation;
    let r1 = admin(&store, t.nation, "r1@example.org", Role::Analyst).await;
    let r2 = admin(&store, t.nation, "r2@example.org", Role::Analyst).await;
    admin(&store, t.haven, "steward@example.org", Role::Steward).await;
    admin(
        &store,
        t.antwerpen,
        "organizer@example.org",
        Role::Organizer,
    )
    .await;
    admin(&store, t.gent, "elsewhere@example.org", Role::Organizer).await;
    let c = store
        .add_company(
            org,
            &company("Nordic Arms"),
            None,
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let site = store
        .add_site(
            org,
            &SiteDraft::parse(c, "Quay 4", "port", "", "").unwrap(),
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    // Only a reviewed site can be linked.
    let early = store
        .link_workplace_site(org, t.haven, site, true, event(AuditAction::WorkplaceSite))
        .await
        .unwrap_err();
    assert_eq!(field_of(early), "site");
    store
        .review_fact(org, site, r2, "", NOW, a())
        .await
        .unwrap();
    // Nor a reviewed site of a company nobody checked.
    let early = store
        .link_workplace_site(org, t.haven, site, true, event(AuditAction::WorkplaceSite))
        .await
        .unwrap_err();
    assert_eq!(field_of(early), "site");
    store.review_fact(org, c, r2, "", NOW, a()).await.unwrap();
    for _ in 0..2 {
        store
            .link_workplace_site(org, t.haven, site, true, event(AuditAction::WorkplaceSite))
            .await
            .unwrap();
    }
    assert_eq!(store.workplace_sites(t.haven).await.unwrap().len(), 1);
    assert_eq!(
        store
            .research_sites(org, Seen::Reviewed)
            .await
            .unwrap()
            .len(),
        1
    );
    let ship = |arrives: &'static str, concern: bool| ShipmentInput {
        arrives_on: arrives,
        cargo: "Shells",
        concern,
        ..Default::default()
    };
    let soon = store
        .add_shipment(
            org,
            &ShipmentDraft::parse(c, site, &ship("2026-12-10", true)).unwrap(),
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let plain = store
        .add_shipment(
            org,
            &ShipmentDraft::parse(c, site, &ship("2026-12-12", false)).unwrap(),
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let past = store
        .add_shipment(
            org,
            &ShipmentDraft::parse(c, site, &ship("2026-01-10", true)).unwrap(),
            &ev("x"),
            Some(r1),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let today = Timestamp(1_795_000_000 - 1_795_000_000 % DAY); // 2026-11-18
    // Not reviewed: not expected, nobody warned.
    assert!(
        store
            .expected_shipments(&[t.haven], today, false, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .shipment_warning_recipients(soon, today)
            .await
            .unwrap()
            .is_empty()
    );
    for id in [soon, plain, past] {
        store.review_fact(org, id, r2, "", NOW, a()).await.unwrap();
    }
    let expected = store
        .expected_shipments(&[t.haven], today, false, 10)
        .await
        .unwrap();
    assert_eq!(
        expected
            .iter()
            .map(|e| e.shipment.fact.id)
            .collect::<Vec<_>>(),
        vec![soon, plain]
    );
    assert_eq!(expected[0].unit, t.haven);
    let concern = store
        .expected_shipments(&[t.haven, t.gent], today, true, 10)
        .await
        .unwrap();
    assert_eq!(concern.len(), 1);
    assert!(
        store
            .expected_shipments(&[t.gent], today, false, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .shipment(org, soon)
            .await
            .unwrap()
            .unwrap()
            .draft
            .cargo,
        "Shells"
    );

    // The section's steward and the organizers above it, once.
    let mut to: Vec<String> = store
        .shipment_warning_recipients(soon, today)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.email)
        .collect();
    to.sort();
    assert_eq!(to, vec!["organizer@example.org", "steward@example.org"]);
    assert!(
        store
            .shipment_warning_recipients(plain, today)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .shipment_warning_recipients(past, today)
            .await
            .unwrap()
            .is_empty()
    );
    let mails: Vec<_> = to
        .iter()
        .map(|e| (t.haven, e.clone(), "Shipment".to_owned(), "Body".to_owned()))
        .collect();
    let before = store.pending_mail(100).await.unwrap().len();
    assert_eq!(
        store
            .queue_shipment_warnings(soon, &mails, NOW)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .queue_shipment_warnings(soon, &mails, NOW)
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.pending_mail(100).await.unwrap().len(), before + 2);
    assert!(
        store
            .shipment_warning_recipients(soon, today)
            .await
            .unwrap()
            .is_empty()
    );
    // Unlinked, nothing more is expected there.
    store
        .link_workplace_site(org, t.haven, site, false, event(AuditAction::WorkplaceSite))
        .await
        .unwrap();
    assert!(
        store
            .expected_shipments(&[t.haven], today, false, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn imports_are_whole_or_nothing(store: Store) {
    let t = tree(&store).await;
    let org = t.nation;
    let r = admin(&store, t.nation, "r@example.org", Role::Analyst).await;
    let existing = store
        .add_company(
            org,
            &company("Existing Carrier"),
            None,
            &ev("x"),
            Some(r),
            NOW,
            a(),
        )
        .await
        .unwrap();
    store
        .add_site(
            org,
            &SiteDraft::parse(existing, "Terminal 2", "port", "", "").unwrap(),
            &ev("x"),
            Some(r),
            NOW,
            a(),
        )
        .await
        .unwrap();
    let shipment = ShipmentDraft::parse(
        0,
        0,
        &ShipmentInput {
            arrives_on: "2026-12-01",
            cargo: "Parts",
            ..Default::default()
        },
    )
    .unwrap();
    let good = vec![
        (
            2,
            ImportRow::Company {
                draft: company("New Parent"),
                parent: None,
            },
            ev("x"),
        ),
        (
            3,
            ImportRow::Company {
                draft: company("New Child"),
                parent: Some(("new parent".into(), Some(60))),
            },
            ev("x"),
        ),
        (
            4,
            ImportRow::Link {
                from: "Existing Carrier".into(),
                to: "New Child".into(),
                kind: LinkKind::TransportsFor,
                share: None,
            },
            ev("x"),
        ),
        (
            5,
            ImportRow::Shipment {
                company: "New Child".into(),
                site: "Terminal 2".into(),
                draft: shipment.clone(),
            },
            ev("x"),
        ),
    ];
    let mut bad = good.clone();
    bad.push((
        6,
        ImportRow::Link {
            from: "Nobody".into(),
            to: "New Child".into(),
            kind: LinkKind::Supplies,
            share: None,
        },
        ev("x"),
    ));
    bad.push((
        7,
        ImportRow::Shipment {
            company: "New Child".into(),
            site: "Terminal 9".into(),
            draft: shipment,
        },
        ev("x"),
    ));
    bad.push((
        8,
        ImportRow::Company {
            draft: company("EXISTING carrier"),
            parent: None,
        },
        ev("x"),
    ));
    let problems = store
        .import_research(org, &bad, Some(r), NOW, a())
        .await
        .unwrap()
        .unwrap_err();
    let named: Vec<(usize, &str)> = problems.iter().map(|p| (p.row, p.error.field)).collect();
    assert_eq!(named, vec![(6, "from"), (7, "site"), (8, "name")]);
    assert!(
        store
            .company_id_by_name(org, "New Parent")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.research_counts(org).await.unwrap(), (2, 0, 0));

    let written = store
        .import_research(org, &good, Some(r), NOW, a())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(written, 4);
    // Two companies, the parent's ownership, a link and a shipment, all waiting for review.
    assert_eq!(store.research_counts(org).await.unwrap(), (7, 0, 0));
    let child = store
        .company_id_by_name(org, "New Child")
        .await
        .unwrap()
        .unwrap();
    let file = store.company_file(org, child, Seen::All).await.unwrap();
    assert_eq!(file.links.len(), 2);
    assert!(file.links.iter().any(|l| l.draft.share == Some(60)));
    assert_eq!(file.shipments.len(), 1);
}

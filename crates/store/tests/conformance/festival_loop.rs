//! The festival back into the loop on both databases: buyers who agreed to be contacted become
//! contacts of the section of their postcode (or of the section that sold their order), a buyer
//! known by that address is left as they are, the rest are listed; placing again changes
//! nothing; an entry counts as attendance at the festival's own action, moving the buyer on the
//! ladder; and the gains per section add up.

use crate::festival::{event, festival, order, ticket_type};
use crate::support::{NOW, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{OrderDraft, TicketTypeId};
use enquete_domain::people::{ConsentPurpose, Stage};
use enquete_store::{ScanRow, Store, StoreError};

conformance!(buyers_join_the_section_of_their_postcode_and_entries_count,);

fn buyer(name: &str, email: &str, postcode: &str, ty: TicketTypeId, contact: bool) -> OrderDraft {
    OrderDraft::parse(name, email, postcode, &[(ty, "1")], contact).unwrap()
}

async fn buyers_join_the_section_of_their_postcode_and_entries_count(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.nation).await;
    let free = ticket_type(&store, f, "child", "child", "0", "100").await;
    let a = || event(AuditAction::SectionPostcodes);
    let err = store
        .set_postcodes(t.gent, &["9000".into()], a())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "postcodes"),
        "{err:?}"
    );
    store
        .set_postcodes(t.noord, &["9000".into(), " 9030 ".into()], a())
        .await
        .unwrap();
    assert_eq!(store.postcodes(t.noord).await.unwrap(), ["9000", "9030"]);
    // Known already by her address in the organization.
    let mut known = person("Known Buyer");
    known.email = "known@example.org".into();
    store
        .create_person(t.haven, &known.parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap();
    let placed = order(
        &store,
        f,
        &buyer("Nora Noord", "nora@example.org", "9030", free, true),
    )
    .await
    .unwrap();
    order(
        &store,
        f,
        &buyer("Known Buyer", "KNOWN@example.org", "9000", free, true),
    )
    .await
    .unwrap();
    order(
        &store,
        f,
        &buyer("No Thanks", "no@example.org", "9000", free, false),
    )
    .await
    .unwrap();
    let lost = order(
        &store,
        f,
        &buyer("Far Away", "far@example.org", "4000", free, true),
    )
    .await
    .unwrap();
    // Sold through the port's link, from a postcode no section covers.
    let sold = store
        .place_order(
            f,
            &buyer("Dock Worker", "dock@example.org", "2030", free, true),
            enquete_domain::people::Language::Nl,
            Some(t.haven),
            NOW,
            event(AuditAction::FestivalOrder),
            true,
            None,
        )
        .await
        .unwrap();
    let org = store.unit(t.nation).await.unwrap().path;
    let p = store
        .place_buyers(f, &org, NOW, event(AuditAction::FestivalBuyers))
        .await
        .unwrap();
    assert_eq!((p.created, p.by_seller, p.known), (1, 1, 1));
    assert_eq!(p.unplaced, vec![(lost.id, "4000".to_owned())]);
    // Again: nothing new.
    let again = store
        .place_buyers(f, &org, NOW, event(AuditAction::FestivalBuyers))
        .await
        .unwrap();
    assert_eq!(
        (
            again.created,
            again.by_seller,
            again.known,
            again.unplaced.len()
        ),
        (0, 0, 0, 0)
    );
    // Nora is a contact of Noord, with her consent and where it came from.
    let noord = store.unit(t.noord).await.unwrap().path;
    let found = store
        .search_people(
            &enquete_domain::policy::PeopleVisibility::Subtree(noord),
            &enquete_store::PeopleQuery {
                text: "Nora".into(),
                limit: 5,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .people;
    assert_eq!(found.len(), 1);
    let nora = &found[0].person;
    assert_eq!(nora.stage, Stage::Contact);
    let consents = store.consents(nora.id).await.unwrap();
    assert!(
        consents.iter().any(|c| c.purpose == ConsentPurpose::Contact
            && c.granted
            && c.source.as_str().contains("festival")),
        "{consents:?}"
    );
    // Her ticket enters: the entry counts as attendance at the festival's action.
    let action = store.festival_action(f, NOW).await.unwrap();
    assert_eq!(store.festival_action(f, NOW).await.unwrap(), action);
    assert!(store.entered_buyers(f, action).await.unwrap().is_empty());
    let ticket = store.tickets_of(placed.id).await.unwrap()[0].id.clone();
    let layout = store.festival(f).await.unwrap().layout;
    let at = Timestamp(NOW.0 + 3_600);
    store
        .sync_scans(
            f,
            "phone-loop-01",
            &[ScanRow {
                id: "scan-loop-0001".into(),
                lane: layout.lane_of(&ticket),
                ticket: ticket.clone(),
                entry_key: Some(ticket),
                outcome: "admitted".into(),
                offline: false,
                scanned_at: at,
            }],
            at,
        )
        .await
        .unwrap();
    let entered = store.entered_buyers(f, action).await.unwrap();
    assert_eq!(entered, vec![(nora.id, at)]);
    let out = store
        .check_in(action, nora.id, None, at, None)
        .await
        .unwrap();
    assert_eq!(out.moved_to, Some(Stage::Sympathiser));
    assert!(store.entered_buyers(f, action).await.unwrap().is_empty());
    let gains = store.festival_gains(f, &org).await.unwrap();
    let noord_gain = gains.iter().find(|g| g.unit == t.noord).unwrap();
    assert_eq!(
        (noord_gain.contacts, noord_gain.entries, noord_gain.moved),
        (1, 1, 1)
    );
    let port = gains.iter().find(|g| g.unit == t.haven).unwrap();
    assert_eq!((port.orders, port.tickets, port.contacts), (1, 1, 1));
    assert_eq!(sold.section, Some(t.haven));
    // Her subject access lists the order; her erasure keeps it for the sales, naming nobody.
    let dossier = store.person_dossier(nora.id).await.unwrap();
    assert!(
        dossier
            .participation
            .iter()
            .any(|p| p.what == "festival order" && p.detail.contains("9030")),
        "{:?}",
        dossier.participation
    );
    let erased = store
        .erase_person(nora.id, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert_eq!(erased.festival_orders_anonymised, 1);
    let kept = store.order(placed.id).await.unwrap();
    assert_eq!(
        (
            kept.name.as_str(),
            kept.email.as_str(),
            kept.postcode.as_str()
        ),
        ("", "", "")
    );
    assert_eq!(kept.total_cents, placed.total_cents);
    // An order under an address with no record yet (never placed) is erased too, and is not
    // placed afterwards.
    let mut far = person("Far Away");
    far.email = "far@example.org".into();
    let far = store
        .create_person(t.haven, &far.parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap()
        .person
        .id;
    let erased = store
        .erase_person(far, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert_eq!(erased.festival_orders_anonymised, 1);
    assert_eq!(store.order(lost.id).await.unwrap().name, "");
    let after = store
        .place_buyers(f, &org, NOW, event(AuditAction::FestivalBuyers))
        .await
        .unwrap();
    assert_eq!((after.created, after.unplaced.len()), (0, 0));
    // Retention: once the festival is long over, buyers who never became a record keep no name.
    let festival_end = store.festival(f).await.unwrap().ends_on;
    assert_eq!(store.anonymise_old_orders(festival_end).await.unwrap(), 0);
    let later = Timestamp(festival_end.0 + 1);
    let n = store.anonymise_old_orders(later).await.unwrap();
    assert_eq!(
        n, 2,
        "the order of the buyer who said no, and the known buyer's"
    );
    assert_eq!(store.anonymise_old_orders(later).await.unwrap(), 0);
    assert!(
        store
            .orders(f)
            .await
            .unwrap()
            .iter()
            .all(|o| o.email.is_empty() || o.section == Some(t.haven))
    );
}

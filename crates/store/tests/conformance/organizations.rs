//! More than one organization on one installation (docs/organizations.md): an affiliate is a
//! tree of its own with its own ladder rules; its national level's reach, grants, a person
//! joining another organization (with the move kept on both sides, counted per year), and the
//! history who leads reads over time (ladder moves of counted people, terms of positions).

use crate::support::{NOW, add, admin, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::parse_ladder_rules;
use enquete_domain::composition::Profile;
use enquete_domain::org::{UnitKind, UnitName, UnitPath};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonId, PersonInput, Stage,
};
use enquete_domain::training::{ChosenBy, LeadershipRule, PositionKind};
use enquete_store::{AuditEvent, Store, StoreError};

conformance!(
    an_affiliate_is_a_tree_of_its_own_with_its_own_ladder,
    grants_reach_one_account_and_moves_link_both_records,
    the_history_of_who_leads_is_read_back,
);

fn event(action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

async fn youth_wing(
    store: &Store,
    party: enquete_domain::org::UnitId,
) -> (enquete_domain::org::Unit, enquete_domain::org::Unit) {
    let root = store
        .create_organization(
            &UnitName::parse("Red Fox").unwrap(),
            Some(party),
            NOW,
            event(AuditAction::Organization),
        )
        .await
        .unwrap();
    let region = store
        .create_unit(
            Some(root.id),
            UnitKind::Region,
            &UnitName::parse("Vlaanderen").unwrap(),
            NOW,
        )
        .await
        .unwrap();
    let city = store
        .create_unit(
            Some(region.id),
            UnitKind::City,
            &UnitName::parse("Gent").unwrap(),
            NOW,
        )
        .await
        .unwrap();
    let section = store
        .create_unit(
            Some(city.id),
            UnitKind::Youth,
            &UnitName::parse("Red Fox Gent").unwrap(),
            NOW,
        )
        .await
        .unwrap();
    (root, section)
}

async fn an_affiliate_is_a_tree_of_its_own_with_its_own_ladder(store: Store) {
    let t = tree(&store).await;
    let (root, section) = youth_wing(&store, t.nation).await;
    assert_eq!(root.parent, None);
    assert_eq!(root.path, UnitPath::root(root.id));
    assert!(section.path.is_within(&root.path));
    let orgs = store.organizations().await.unwrap();
    assert_eq!(orgs.len(), 2);
    assert_eq!(orgs[0].root.id, t.nation, "the first organization first");
    assert_eq!(orgs[1].affiliate_of, Some(t.nation));
    // The first organization is still the root the rest of the program starts from.
    assert_eq!(store.root_unit().await.unwrap().unwrap().id, t.nation);
    // Bad input: an unknown organization to affiliate to, a name taken.
    let err = store
        .create_organization(
            &UnitName::parse("Other").unwrap(),
            Some(section.id),
            NOW,
            event(AuditAction::Organization),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "affiliate_of"),
        "{err:?}"
    );
    let err = store
        .create_organization(
            &UnitName::parse("red fox").unwrap(),
            None,
            NOW,
            event(AuditAction::Organization),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "name"),
        "{err:?}"
    );
    assert_eq!(
        store.organizations().await.unwrap().len(),
        2,
        "nothing written"
    );

    // Each organization its own rules: the affiliate starts with the defaults.
    let party_rules = store.ladder_rules(t.nation).await.unwrap();
    assert_eq!(store.ladder_rules(root.id).await.unwrap(), party_rules);
    store
        .set_ladder_rules(
            root.id,
            &parse_ladder_rules("1 active").unwrap(),
            event(AuditAction::LadderRules),
        )
        .await
        .unwrap();
    assert_eq!(store.ladder_rules(t.nation).await.unwrap(), party_rules);
    let rule = LeadershipRule {
        stage: Stage::Leader,
        module: None,
        needs_position: true,
    };
    store
        .set_leadership_rules(
            root.id,
            std::slice::from_ref(&rule),
            event(AuditAction::LeadershipRules),
        )
        .await
        .unwrap();
    assert!(store.leadership_rules(t.nation).await.unwrap().is_empty());
    assert_eq!(store.leadership_rules(root.id).await.unwrap(), vec![rule]);
    // A check-in moves each person by their own organization's rules.
    let young = add(&store, section.id, person("Young"), None).await;
    let adult = add(&store, t.noord, person("Adult"), None).await;
    for (unit, who, token) in [(section.id, young, "y"), (t.noord, adult, "a")] {
        let draft = enquete_domain::campaign::ActionDraft::parse(
            "Match",
            "",
            "Park",
            "2026-12-05T10:00",
            "",
        )
        .unwrap();
        let action = store
            .create_action(unit, None, &draft, token, None, NOW)
            .await
            .unwrap();
        store
            .rsvp(action.id, who, false, "test", NOW)
            .await
            .unwrap();
        store
            .check_in(action.id, who, None, NOW, None)
            .await
            .unwrap();
    }
    assert_eq!(
        store.person(young).await.unwrap().person.stage,
        Stage::Active
    );
    assert_eq!(
        store.person(adult).await.unwrap().person.stage,
        Stage::Sympathiser
    );
}

async fn grants_reach_one_account_and_moves_link_both_records(store: Store) {
    let t = tree(&store).await;
    let (root, section) = youth_wing(&store, t.nation).await;
    let party_admin = admin(&store, t.nation, "admin@party.example", Role::NationalAdmin).await;
    let other_admin = admin(&store, t.nation, "other@party.example", Role::NationalAdmin).await;
    // Reach: the affiliate, names not granted; the affiliate reaches nothing of the party.
    let reach = store.reach(party_admin, t.nation).await.unwrap();
    assert_eq!(reach.len(), 1);
    assert_eq!(reach[0].root, root.path);
    assert!(!reach[0].names);
    assert!(store.reach(party_admin, root.id).await.unwrap().is_empty());
    store
        .set_grant(
            root.id,
            party_admin,
            true,
            None,
            NOW,
            event(AuditAction::OrganizationGrant),
        )
        .await
        .unwrap();
    // Twice is once.
    store
        .set_grant(
            root.id,
            party_admin,
            true,
            None,
            NOW,
            event(AuditAction::OrganizationGrant),
        )
        .await
        .unwrap();
    assert!(store.reach(party_admin, t.nation).await.unwrap()[0].names);
    assert!(!store.reach(other_admin, t.nation).await.unwrap()[0].names);
    let grants = store.grants(root.id).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].email, "admin@party.example");
    // Read with the account, for the policy.
    let rec = store.user(party_admin).await.unwrap();
    assert!(rec.others.iter().any(|o| o.root == root.path && o.names));
    store
        .set_grant(
            root.id,
            party_admin,
            false,
            None,
            NOW,
            event(AuditAction::OrganizationGrant),
        )
        .await
        .unwrap();
    assert!(store.grants(root.id).await.unwrap().is_empty());

    // A young member joins the party: a new record at member, linked both ways.
    let young = add(&store, section.id, person("Yara"), None).await;
    let details = PersonInput {
        name: "Yara".into(),
        email: "yara@example.org".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let at = Timestamp(NOW.0 + 60);
    let new = store
        .join_organization(
            young,
            t.noord,
            &details,
            None,
            at,
            event(AuditAction::OrganizationJoined),
        )
        .await
        .unwrap();
    let rec = store.person(new).await.unwrap();
    assert_eq!(rec.person.unit, t.noord);
    assert_eq!(rec.person.stage, Stage::Member);
    assert_eq!(rec.person.email.as_deref(), Some("yara@example.org"));
    assert_eq!(
        store.person(young).await.unwrap().person.unit,
        section.id,
        "stays"
    );
    let from = store.organization_moves(young).await.unwrap();
    let to = store.organization_moves(new).await.unwrap();
    assert_eq!(from, to);
    assert_eq!(from.len(), 1);
    assert_eq!(
        (from[0].from_person, from[0].to_person),
        (Some(young), Some(new))
    );
    assert_eq!((from[0].from_unit, from[0].to_unit), (section.id, t.noord));
    let year = at.date()[..4].to_owned();
    assert_eq!(
        store.moves_per_year(root.id, t.nation).await.unwrap(),
        vec![(year, 1)]
    );
    assert!(
        store
            .moves_per_year(t.nation, root.id)
            .await
            .unwrap()
            .is_empty()
    );
    // Both records' subject access says so.
    for (who, detail) in [(young, "joined"), (new, "came from")] {
        let dossier = store.person_dossier(who).await.unwrap();
        assert!(
            dossier
                .participation
                .iter()
                .any(|p| p.what == "organization" && p.detail == detail),
            "{:?}",
            dossier.participation
        );
    }
    // Twice, or within the own organization, or to a unit that is no section: refused, nothing
    // written.
    for unit in [t.noord, section.id, t.gent] {
        let err = store
            .join_organization(
                young,
                unit,
                &details,
                None,
                at,
                event(AuditAction::OrganizationJoined),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(ref e) if e.field == "unit"),
            "{err:?}"
        );
    }
    assert_eq!(store.organization_moves(young).await.unwrap().len(), 1);
    // Erasing the party's record keeps the move (a count), not who.
    store
        .erase_person(new, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert_eq!(store.organization_moves(young).await.unwrap().len(), 1);
    assert_eq!(
        store.moves_per_year(root.id, t.nation).await.unwrap().len(),
        1
    );
}

async fn the_history_of_who_leads_is_read_back(store: Store) {
    let t = tree(&store).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bob = add(&store, t.haven, person("Bob"), None).await;
    let cy = add(&store, t.noord, person("Cy"), None).await;
    for (who, days) in [(ann, 10), (bob, 20)] {
        store
            .move_stage(
                who,
                Stage::Member,
                &MoveReason::parse("joined").unwrap(),
                None,
                Timestamp(NOW.0 + days),
                None,
            )
            .await
            .unwrap();
    }
    for who in [ann, bob] {
        store
            .record_consent(
                who,
                &NewConsent {
                    purpose: ConsentPurpose::Composition,
                    granted: true,
                    source: ConsentSource::parse("asked").unwrap(),
                },
                None,
                NOW,
                None,
            )
            .await
            .unwrap();
        store
            .set_profile(
                who,
                &Profile::parse("manual", "woman", "25_34").unwrap(),
                NOW,
                event(AuditAction::Edit),
            )
            .await
            .unwrap();
    }
    // The moves of the people counted (as `counted_profiles` gives them), by person then time.
    let nation = store.unit(t.nation).await.unwrap();
    let counted: Vec<PersonId> = store
        .counted_profiles(&nation.path)
        .await
        .unwrap()
        .into_iter()
        .map(|(p, _, _)| p)
        .collect();
    assert_eq!(counted.len(), 2, "Cy is not counted");
    let changes = store.stage_changes_of(&counted).await.unwrap();
    assert!(changes.iter().all(|(p, _, _)| *p == ann || *p == bob));
    let ann_moves: Vec<Stage> = changes
        .iter()
        .filter(|(p, _, _)| *p == ann)
        .map(|c| c.1)
        .collect();
    assert_eq!(ann_moves, vec![Stage::Contact, Stage::Member]);
    assert_eq!(changes.first().map(|c| c.0), Some(ann.min(bob)));
    // More people than one query takes: all of them, once.
    let many: Vec<PersonId> = (0..1_200).map(|i| PersonId(ann.0 + i)).collect();
    assert_eq!(
        store.stage_changes_of(&many).await.unwrap().len(),
        changes.len() + store.stage_changes_of(&[cy]).await.unwrap().len()
    );
    assert!(store.stage_changes_of(&[]).await.unwrap().is_empty());
    // Terms, ended or not.
    let position = store
        .create_position(
            t.noord,
            PositionKind::Treasurer,
            "",
            &[],
            NOW,
            event(AuditAction::Position),
        )
        .await
        .unwrap();
    store
        .start_term(
            position,
            ann,
            &ChosenBy::Appointment,
            Timestamp(NOW.0 + 100),
            None,
            NOW,
            event(AuditAction::PositionFilled),
        )
        .await
        .unwrap();
    store
        .start_term(
            position,
            cy,
            &ChosenBy::Appointment,
            Timestamp(NOW.0 + 200),
            None,
            NOW,
            event(AuditAction::PositionFilled),
        )
        .await
        .unwrap();
    let gent = store.unit(t.gent).await.unwrap();
    let terms = store.terms_below(&gent.path).await.unwrap();
    assert_eq!(terms.len(), 2);
    assert_eq!(
        terms[0],
        (
            ann,
            PositionKind::Treasurer,
            Timestamp(NOW.0 + 100),
            Some(Timestamp(NOW.0 + 200))
        )
    );
    assert_eq!(
        terms[1],
        (cy, PositionKind::Treasurer, Timestamp(NOW.0 + 200), None)
    );
    let haven = store.unit(t.haven).await.unwrap();
    assert!(store.terms_below(&haven.path).await.unwrap().is_empty());
}

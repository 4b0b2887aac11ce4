//! OSDI: the API tokens of integrations (kept by hash, listed by branch, their use noted at most
//! once a minute, revoked for good, each change in the log); the people of a branch an
//! integration may see (only those whose latest choice about being contacted is a yes), filtered
//! and page by page, and their tags; finding someone of a branch by e-mail whatever their
//! consent; and linking a petition's signature to the person an integration signed up.

use crate::support::{NOW, add, admin, conformance, name, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{PetitionDraft, SignatureInput};
use enquete_domain::org::{UnitId, UnitKind, UnitPath};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, Language, NewConsent, PersonId, PersonInput, Tag,
};
use enquete_store::{ApiTokenId, AuditEvent, OsdiPeopleQuery, SignOutcome, Store, StoreError};

conformance!(
    api_tokens_are_found_by_hash_noted_when_used_and_revoked,
    integrations_see_only_people_whose_latest_contact_consent_is_yes,
    integration_people_are_filtered_by_change_time_email_and_tag,
    integration_tags_count_only_consenting_people_of_the_branch,
    a_person_is_found_by_email_in_the_branch_whatever_their_consent,
    a_signature_is_linked_to_the_person_signed_up_once,
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

fn at(offset: i64) -> Timestamp {
    Timestamp(NOW.0 + offset)
}

/// A second section of Gent, beside Gent Noord.
async fn zuid(store: &Store, gent: UnitId) -> UnitId {
    store
        .create_unit(Some(gent), UnitKind::Neighbourhood, &name("Gent Zuid"), NOW)
        .await
        .unwrap()
        .id
}

async fn path(store: &Store, unit: UnitId) -> UnitPath {
    store.unit(unit).await.unwrap().path
}

/// How many audit entries there are in all.
async fn audit_count(store: &Store) -> usize {
    store.audit_events(None, 100_000).await.unwrap().len()
}

/// How many of them are about API tokens.
async fn token_entries(store: &Store) -> usize {
    store
        .audit_events(None, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == AuditAction::ApiToken)
        .count()
}

/// A person added at `now` (their `updated_at`).
async fn added(store: &Store, unit: UnitId, input: PersonInput, now: Timestamp) -> PersonId {
    store
        .create_person(unit, &input.parse().unwrap(), &[], None, now, None)
        .await
        .unwrap()
        .person
        .id
}

fn with(name: &str, email: &str, tags: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        email: email.into(),
        tags: tags.into(),
        ..Default::default()
    }
}

/// Records a choice about `purpose` at `when`.
async fn choose(
    store: &Store,
    id: PersonId,
    purpose: ConsentPurpose,
    granted: bool,
    when: Timestamp,
) {
    store
        .record_consent(
            id,
            &NewConsent {
                purpose,
                granted,
                source: ConsentSource::parse("door-to-door enquête").unwrap(),
            },
            None,
            when,
            None,
        )
        .await
        .unwrap();
}

/// Records a choice about being contacted at `when`.
async fn contact(store: &Store, id: PersonId, granted: bool, when: Timestamp) {
    choose(store, id, ConsentPurpose::Contact, granted, when).await;
}

/// The tokens listed below `path`.
async fn tokens_below(store: &Store, path: &UnitPath) -> Vec<ApiTokenId> {
    store
        .api_tokens_below(path)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect()
}

fn query(offset: i64, limit: i64) -> OsdiPeopleQuery {
    OsdiPeopleQuery {
        offset,
        limit,
        ..Default::default()
    }
}

/// The ids listed and the total.
async fn listed(store: &Store, below: &UnitPath, q: &OsdiPeopleQuery) -> (Vec<PersonId>, i64) {
    let (people, total) = store.osdi_people(below, q).await.unwrap();
    (people.iter().map(|p| p.person.id).collect(), total)
}

async fn api_tokens_are_found_by_hash_noted_when_used_and_revoked(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let nation = path(&store, t.nation).await;
    let gent = path(&store, t.gent).await;
    let antwerpen = path(&store, t.antwerpen).await;
    let audit_before = audit_count(&store).await;

    let id = store
        .create_api_token(
            t.noord,
            "Mailer",
            "hash-noord",
            true,
            by,
            NOW,
            event(AuditAction::ApiToken),
        )
        .await
        .unwrap();
    assert_eq!(audit_count(&store).await, audit_before + 1);
    assert_eq!(token_entries(&store).await, 1);
    let haven = store
        .create_api_token(
            t.haven,
            "Read only",
            "hash-haven",
            false,
            by,
            at(5),
            event(AuditAction::ApiToken),
        )
        .await
        .unwrap();
    assert_ne!(id, haven);
    assert_eq!(audit_count(&store).await, audit_before + 2);
    assert_eq!(token_entries(&store).await, 2);

    let token = store.api_token(id).await.unwrap();
    assert_eq!(token.id, id);
    assert_eq!(token.unit, t.noord);
    assert_eq!(token.unit_path, path(&store, t.noord).await);
    assert_eq!(token.unit_name, "Gent Noord");
    assert_eq!(token.name, "Mailer");
    assert!(token.can_write);
    assert_eq!(token.created_by, by);
    assert_eq!(token.created_at, NOW);
    assert_eq!(token.last_used_at, None);
    let other = store.api_token(haven).await.unwrap();
    assert_eq!((other.unit, other.can_write), (t.haven, false));

    // A section's token is listed below its city and the nation, not below another city.
    assert_eq!(tokens_below(&store, &gent).await, vec![id]);
    assert_eq!(tokens_below(&store, &nation).await, vec![id, haven]);
    assert_eq!(tokens_below(&store, &antwerpen).await, vec![haven]);

    // Found by its hash (and only by it); its first use is noted.
    assert!(
        store
            .api_token_by_hash("hash-other", at(10))
            .await
            .unwrap()
            .is_none()
    );
    let found = store
        .api_token_by_hash("hash-noord", at(10))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.id, found.unit), (id, t.noord));
    assert_eq!(
        store.api_token(id).await.unwrap().last_used_at,
        Some(at(10))
    );
    // The other token was not touched.
    assert_eq!(store.api_token(haven).await.unwrap().last_used_at, None);
    // Used again within the minute: not written again.
    let again = store
        .api_token_by_hash("hash-noord", at(69))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, id);
    assert_eq!(
        store.api_token(id).await.unwrap().last_used_at,
        Some(at(10))
    );
    // A minute after: noted.
    store
        .api_token_by_hash("hash-noord", at(70))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.api_token(id).await.unwrap().last_used_at,
        Some(at(70))
    );
    // Looking up does not write to the log.
    assert_eq!(audit_count(&store).await, audit_before + 2);

    // Revoked: it opens nothing any more, and is listed nowhere.
    store
        .revoke_api_token(id, at(100), event(AuditAction::ApiToken))
        .await
        .unwrap();
    assert_eq!(audit_count(&store).await, audit_before + 3);
    assert_eq!(token_entries(&store).await, 3);
    assert!(
        store
            .api_token_by_hash("hash-noord", at(200))
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        store.api_token(id).await,
        Err(StoreError::NotFound("token"))
    ));
    assert!(tokens_below(&store, &gent).await.is_empty());
    assert_eq!(tokens_below(&store, &nation).await, vec![haven]);
    // Revoking twice, or a token that never was: not found, nothing logged.
    assert!(matches!(
        store
            .revoke_api_token(id, at(300), event(AuditAction::ApiToken))
            .await,
        Err(StoreError::NotFound("token"))
    ));
    assert!(matches!(
        store
            .revoke_api_token(
                ApiTokenId(id.0 + haven.0 + 1000),
                at(300),
                event(AuditAction::ApiToken)
            )
            .await,
        Err(StoreError::NotFound("token"))
    ));
    assert_eq!(audit_count(&store).await, audit_before + 3);
    assert_eq!(token_entries(&store).await, 3);
    // The other token still works.
    assert_eq!(
        store
            .api_token_by_hash("hash-haven", at(300))
            .await
            .unwrap()
            .map(|t| t.id),
        Some(haven)
    );
}

async fn integrations_see_only_people_whose_latest_contact_consent_is_yes(store: Store) {
    let t = tree(&store).await;
    let zuid = zuid(&store, t.gent).await;
    let nation = path(&store, t.nation).await;
    let gent = path(&store, t.gent).await;
    let noord = path(&store, t.noord).await;

    let yes = add(&store, t.noord, person("Yes"), None).await;
    contact(&store, yes, true, at(10)).await;
    let yes_then_no = add(&store, t.noord, person("Yes then no"), None).await;
    contact(&store, yes_then_no, true, at(10)).await;
    contact(&store, yes_then_no, false, at(20)).await;
    // In the other section of the city.
    let no_then_yes = add(&store, zuid, person("No then yes"), None).await;
    contact(&store, no_then_yes, false, at(10)).await;
    contact(&store, no_then_yes, true, at(20)).await;
    // Two choices at the same moment: the one recorded last is in force.
    let tie_yes_last = add(&store, t.noord, person("Tie yes last"), None).await;
    contact(&store, tie_yes_last, false, at(30)).await;
    contact(&store, tie_yes_last, true, at(30)).await;
    let tie_no_last = add(&store, t.noord, person("Tie no last"), None).await;
    contact(&store, tie_no_last, true, at(30)).await;
    contact(&store, tie_no_last, false, at(30)).await;
    // Recorded later but made earlier: the latest by time is in force.
    let late_record = add(&store, t.noord, person("Late record"), None).await;
    contact(&store, late_record, true, at(50)).await;
    contact(&store, late_record, false, at(40)).await;
    let _never_asked = add(&store, t.noord, person("Never asked"), None).await;
    // Yes to another purpose only.
    let newsletter = add(&store, t.noord, person("Newsletter only"), None).await;
    choose(&store, newsletter, ConsentPurpose::Newsletter, true, at(10)).await;
    // Outside the branch.
    let outside = add(&store, t.haven, person("Outside"), None).await;
    contact(&store, outside, true, at(10)).await;

    let expected = vec![yes, no_then_yes, tie_yes_last, late_record];
    assert!(expected.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(listed(&store, &gent, &query(0, 100)).await, (expected, 4));
    // The people are whole records.
    let (people, _) = store.osdi_people(&gent, &query(0, 1)).await.unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(
        (people[0].person.name.as_str(), people[0].person.unit),
        ("Yes", t.noord)
    );
    // Page by page; the total counts them all.
    assert_eq!(
        listed(&store, &gent, &query(1, 2)).await,
        (vec![no_then_yes, tie_yes_last], 4)
    );
    assert_eq!(
        listed(&store, &gent, &query(3, 2)).await,
        (vec![late_record], 4)
    );
    assert_eq!(listed(&store, &gent, &query(4, 2)).await, (vec![], 4));
    // A section's branch leaves out the other section's people; the nation has everyone who agreed.
    assert_eq!(
        listed(&store, &noord, &query(0, 100)).await,
        (vec![yes, tie_yes_last, late_record], 3)
    );
    assert_eq!(
        listed(&store, &nation, &query(0, 100)).await,
        (
            vec![yes, no_then_yes, tie_yes_last, late_record, outside],
            5
        )
    );
    let antwerpen = path(&store, t.antwerpen).await;
    assert_eq!(
        listed(&store, &antwerpen, &query(0, 100)).await,
        (vec![outside], 1)
    );

    // Changing one's mind is seen at once.
    contact(&store, yes, false, at(60)).await;
    contact(&store, yes_then_no, true, at(60)).await;
    assert_eq!(
        listed(&store, &gent, &query(0, 100)).await,
        (vec![yes_then_no, no_then_yes, tie_yes_last, late_record], 4)
    );
}

async fn integration_people_are_filtered_by_change_time_email_and_tag(store: Store) {
    let t = tree(&store).await;
    let zuid = zuid(&store, t.gent).await;
    let gent = path(&store, t.gent).await;

    let ann = added(
        &store,
        t.noord,
        with("Ann", "Ann.Peeters@Example.org", "union"),
        NOW,
    )
    .await;
    let bea = added(
        &store,
        t.noord,
        with("Bea", "bea@example.org", "union, housing"),
        at(100),
    )
    .await;
    let carl = added(&store, zuid, with("Carl", "carl@example.org", ""), at(200)).await;
    // Said no: never listed, whatever the filter.
    let dirk = added(
        &store,
        t.noord,
        with("Dirk", "dirk@example.org", "union"),
        at(100),
    )
    .await;
    // Outside the branch, with Ann's address.
    let outside = added(
        &store,
        t.haven,
        with("Other Ann", "ann.peeters@example.org", "union"),
        at(100),
    )
    .await;
    for id in [ann, bea, carl, outside] {
        contact(&store, id, true, at(10)).await;
    }
    contact(&store, dirk, false, at(10)).await;
    // Consents do not change when the person was last changed.
    for (id, when) in [(ann, NOW), (bea, at(100)), (carl, at(200))] {
        assert_eq!(store.person(id).await.unwrap().person.updated_at, when);
    }

    let q = |f: &dyn Fn(&mut OsdiPeopleQuery)| {
        let mut q = query(0, 100);
        f(&mut q);
        q
    };
    assert_eq!(
        listed(&store, &gent, &query(0, 100)).await,
        (vec![ann, bea, carl], 3)
    );

    // Changed strictly after / before.
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.modified_after = Some(NOW))).await,
        (vec![bea, carl], 2)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.modified_after = Some(at(100)))).await,
        (vec![carl], 1)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.modified_after = Some(at(200)))).await,
        (vec![], 0)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.modified_before = Some(at(200)))).await,
        (vec![ann, bea], 2)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.modified_before = Some(at(100)))).await,
        (vec![ann], 1)
    );
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| {
                q.modified_after = Some(NOW);
                q.modified_before = Some(at(200));
            })
        )
        .await,
        (vec![bea], 1)
    );
    // With paging on a filter, the total is that of the filter.
    let mut paged = q(&|q| q.modified_after = Some(NOW));
    paged.limit = 1;
    assert_eq!(listed(&store, &gent, &paged).await, (vec![bea], 2));
    paged.offset = 1;
    assert_eq!(listed(&store, &gent, &paged).await, (vec![carl], 2));

    // By e-mail, whatever its case and the spaces around it; not someone outside the branch
    // with the same address, nor someone who said no.
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| q.email = Some("  ANN.peeters@example.ORG ".into()))
        )
        .await,
        (vec![ann], 1)
    );
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| q.email = Some("carl@example.org".into()))
        )
        .await,
        (vec![carl], 1)
    );
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| q.email = Some("dirk@example.org".into()))
        )
        .await,
        (vec![], 0)
    );
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| q.email = Some("nobody@example.org".into()))
        )
        .await,
        (vec![], 0)
    );
    let nation = path(&store, t.nation).await;
    assert_eq!(
        listed(
            &store,
            &nation,
            &q(&|q| q.email = Some("ann.peeters@example.org".into()))
        )
        .await,
        (vec![ann, outside], 2)
    );

    // By tag.
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.tag = Some("union".into()))).await,
        (vec![ann, bea], 2)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.tag = Some("housing".into()))).await,
        (vec![bea], 1)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.tag = Some("strike".into()))).await,
        (vec![], 0)
    );
    // A tag given later is seen, and changes when the person was last changed.
    let housing = Tag::parse("housing").unwrap();
    assert_eq!(
        store
            .change_tag(
                &[carl],
                &housing,
                true,
                at(300),
                &event(AuditAction::BulkTag)
            )
            .await
            .unwrap(),
        vec![carl]
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.tag = Some("housing".into()))).await,
        (vec![bea, carl], 2)
    );
    assert_eq!(
        listed(&store, &gent, &q(&|q| q.modified_after = Some(at(200)))).await,
        (vec![carl], 1)
    );
    // Filters together.
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| {
                q.tag = Some("union".into());
                q.email = Some("ann.peeters@example.org".into());
            })
        )
        .await,
        (vec![ann], 1)
    );
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| {
                q.tag = Some("housing".into());
                q.email = Some("ann.peeters@example.org".into());
            })
        )
        .await,
        (vec![], 0)
    );
    assert_eq!(
        listed(
            &store,
            &gent,
            &q(&|q| {
                q.tag = Some("union".into());
                q.modified_after = Some(NOW);
            })
        )
        .await,
        (vec![bea], 1)
    );
}

async fn integration_tags_count_only_consenting_people_of_the_branch(store: Store) {
    let t = tree(&store).await;
    let zuid = zuid(&store, t.gent).await;
    let gent = path(&store, t.gent).await;
    let nation = path(&store, t.nation).await;

    let ann = add(&store, t.noord, with("Ann", "", "union, wages"), None).await;
    let bea = add(&store, zuid, with("Bea", "", "union, housing"), None).await;
    let carl = add(&store, t.noord, with("Carl", "", "union"), None).await;
    // Said yes, then no: their tags are not shown.
    let dirk = add(&store, t.noord, with("Dirk", "", "secret, union"), None).await;
    // Never asked.
    let _eva = add(&store, t.noord, with("Eva", "", "hidden"), None).await;
    // Outside the branch.
    let outside = add(&store, t.haven, with("Frank", "", "docks, union"), None).await;
    for id in [ann, bea, carl, dirk, outside] {
        contact(&store, id, true, at(10)).await;
    }
    contact(&store, dirk, false, at(20)).await;

    let tags = |rows: &[(&str, i64)]| -> Vec<(String, i64)> {
        rows.iter().map(|(t, n)| ((*t).to_owned(), *n)).collect()
    };
    assert_eq!(
        store.osdi_tags(&gent).await.unwrap(),
        tags(&[("housing", 1), ("union", 3), ("wages", 1)])
    );
    assert_eq!(
        store.osdi_tags(&nation).await.unwrap(),
        tags(&[("docks", 1), ("housing", 1), ("union", 4), ("wages", 1)])
    );
    let noord = path(&store, t.noord).await;
    assert_eq!(
        store.osdi_tags(&noord).await.unwrap(),
        tags(&[("union", 2), ("wages", 1)])
    );
    // Changing one's mind shows or hides one's tags.
    contact(&store, dirk, true, at(30)).await;
    contact(&store, ann, false, at(30)).await;
    assert_eq!(
        store.osdi_tags(&gent).await.unwrap(),
        tags(&[("housing", 1), ("secret", 1), ("union", 3)])
    );
    let haven = path(&store, t.haven).await;
    contact(&store, outside, false, at(30)).await;
    assert!(store.osdi_tags(&haven).await.unwrap().is_empty());
}

async fn a_person_is_found_by_email_in_the_branch_whatever_their_consent(store: Store) {
    let t = tree(&store).await;
    let zuid = zuid(&store, t.gent).await;
    let gent = path(&store, t.gent).await;
    let nation = path(&store, t.nation).await;
    let antwerpen = path(&store, t.antwerpen).await;

    // Never asked.
    let ann = add(&store, t.noord, with("Ann", "ann@example.org", ""), None).await;
    // Said no.
    let bea = add(&store, zuid, with("Bea", "bea@example.org", ""), None).await;
    contact(&store, bea, false, at(10)).await;
    // Said yes, outside the branch.
    let carl = add(&store, t.haven, with("Carl", "carl@example.org", ""), None).await;
    contact(&store, carl, true, at(10)).await;
    // The same address as Ann, added after her.
    let _ann_again = add(&store, zuid, with("Ann again", "ann@example.org", ""), None).await;

    let find = |email: &'static str, below: UnitPath| {
        let store = store.clone();
        async move { store.person_with_email_below(email, &below).await.unwrap() }
    };
    assert_eq!(find("ann@example.org", gent.clone()).await, Some(ann));
    assert_eq!(find(" ANN@Example.ORG ", gent.clone()).await, Some(ann));
    assert_eq!(find("bea@example.org", gent.clone()).await, Some(bea));
    assert_eq!(find("carl@example.org", gent.clone()).await, None);
    assert_eq!(
        find("carl@example.org", antwerpen.clone()).await,
        Some(carl)
    );
    assert_eq!(find("carl@example.org", nation.clone()).await, Some(carl));
    assert_eq!(find("ann@example.org", antwerpen.clone()).await, None);
    assert_eq!(find("nobody@example.org", gent.clone()).await, None);
    assert_eq!(find("nobody@example.org", nation.clone()).await, None);
}

async fn a_signature_is_linked_to_the_person_signed_up_once(store: Store) {
    let t = tree(&store).await;
    let nation = path(&store, t.nation).await;
    let draft = |title: &str| {
        PetitionDraft::parse(
            &[("en", title), ("nl", title)],
            &[("en", "We call"), ("nl", "Wij vragen")],
            "the federal government",
            "1000",
        )
        .unwrap()
    };
    let petition = store
        .create_petition(t.gent, None, &draft("Stop arms"), "ptok", None, NOW)
        .await
        .unwrap();
    let other_petition = store
        .create_petition(t.gent, None, &draft("Open pools"), "ptok2", None, NOW)
        .await
        .unwrap();

    let ann = SignatureInput::parse("Ann Peeters", "ann.peeters@gmail.com", "9000", false).unwrap();
    let bob = SignatureInput::parse("Bob Janssens", "bob@example.org", "9000", false).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.noord, &ann, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(1)
    );
    assert_eq!(
        store
            .sign(&petition, t.noord, &bob, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(2)
    );
    assert_eq!(
        store
            .sign(&other_petition, t.noord, &ann, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(1)
    );
    // Who signed each, by address.
    let linked = |id| {
        let store = store.clone();
        let nation = nation.clone();
        async move {
            let mut rows: Vec<(String, Option<PersonId>)> = store
                .signatures(id, &nation, 100)
                .await
                .unwrap()
                .into_iter()
                .map(|s| (s.email, s.person))
                .collect();
            rows.sort();
            rows
        }
    };
    assert_eq!(
        linked(petition.id).await,
        vec![
            ("ann.peeters@gmail.com".to_owned(), None),
            ("bob@example.org".to_owned(), None),
        ]
    );

    // The integration signed Ann up: her signature of this petition is hers now, and only it.
    let person_ann = add(
        &store,
        t.noord,
        with("Ann Peeters", "ann.peeters@gmail.com", ""),
        None,
    )
    .await;
    store
        .link_signature(petition.id, &ann, person_ann)
        .await
        .unwrap();
    assert_eq!(
        linked(petition.id).await,
        vec![
            ("ann.peeters@gmail.com".to_owned(), Some(person_ann)),
            ("bob@example.org".to_owned(), None),
        ]
    );
    assert_eq!(
        linked(other_petition.id).await,
        vec![("ann.peeters@gmail.com".to_owned(), None)]
    );

    // Once linked, it stays with her.
    let someone_else = add(&store, t.noord, person("Someone else"), None).await;
    store
        .link_signature(petition.id, &ann, someone_else)
        .await
        .unwrap();
    assert_eq!(
        linked(petition.id).await,
        vec![
            ("ann.peeters@gmail.com".to_owned(), Some(person_ann)),
            ("bob@example.org".to_owned(), None),
        ]
    );
    // A mailbox that never signed links nothing.
    let nobody = SignatureInput::parse("No Body", "nobody@example.org", "9000", false).unwrap();
    store
        .link_signature(petition.id, &nobody, someone_else)
        .await
        .unwrap();
    assert_eq!(store.signature_count(petition.id).await.unwrap(), 2);
    assert_eq!(
        linked(petition.id).await,
        vec![
            ("ann.peeters@gmail.com".to_owned(), Some(person_ann)),
            ("bob@example.org".to_owned(), None),
        ]
    );
}

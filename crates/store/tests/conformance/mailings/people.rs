//! The people a mailing reaches: unsubscribing and bounces, what erasure and merging do with
//! the messages, and the sets of people an audience can ask for.

use super::{HOLD, event, path_of, send_all, started, token, with_addresses};
use crate::support::{
    NOW, action_draft, add, admin, conformance, consenting, demo_survey, person, response, tree,
};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{PetitionDraft, SignatureInput};
use enquete_domain::people::{ConsentPurpose, ConsentSource, Language, NewConsent, PersonInput};
use enquete_domain::survey::AnswerValue;
use enquete_store::{NewCallAssignment, RsvpFilter, Store};
use std::collections::HashSet;

conformance!(
    unsubscribing_withdraws_the_consent_once,
    bounces_mark_the_message_and_the_address_until_it_changes,
    erasure_and_merging_take_the_messages_along,
    audiences_find_people_by_rsvp_signature_answers_and_activity,
);

async fn unsubscribing_withdraws_the_consent_once(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo"]).await;
    let (ann, bo) = (people[0].0, people[1].0);
    for (who, purpose) in [
        (ann, ConsentPurpose::Newsletter),
        (ann, ConsentPurpose::Contact),
        (bo, ConsentPurpose::Newsletter),
    ] {
        let consent = NewConsent {
            purpose,
            granted: true,
            source: ConsentSource::parse("door").unwrap(),
        };
        store
            .record_consent(who, &consent, None, Timestamp(NOW.0 - 100), None)
            .await
            .unwrap();
    }
    assert_eq!(
        store
            .consenting(&[ann, bo], ConsentPurpose::Newsletter)
            .await
            .unwrap(),
        HashSet::from([ann, bo])
    );
    let id = started(
        &store,
        t.gent,
        by,
        "Newsletter 12",
        ConsentPurpose::Newsletter,
        &people,
    )
    .await;
    assert_eq!(send_all(&store, NOW).await, 2);

    let link = token(id, ann);
    let owner = store.link_owner(&link).await.unwrap().unwrap();
    assert_eq!(
        (
            owner.mailing,
            owner.mailing_name.as_str(),
            owner.person,
            owner.purpose,
            owner.unsubscribed
        ),
        (id, "Newsletter 12", ann, ConsentPurpose::Newsletter, false)
    );
    let before = store.consents(ann).await.unwrap().len();
    let source = ConsentSource::parse("unsubscribe link").unwrap();
    let at = Timestamp(NOW.0 + 50);
    let done = store
        .unsubscribe(
            &link,
            &source,
            at,
            event(AuditAction::Unsubscribed, Some(ann)),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (done.mailing, done.person, done.unsubscribed),
        (id, ann, true)
    );
    // Her newsletter consent is withdrawn; contact and Bo's newsletter stay.
    assert_eq!(
        store
            .consenting(&[ann, bo], ConsentPurpose::Newsletter)
            .await
            .unwrap(),
        HashSet::from([bo])
    );
    assert_eq!(
        store
            .consenting(&[ann], ConsentPurpose::Contact)
            .await
            .unwrap(),
        HashSet::from([ann])
    );
    let consents = store.consents(ann).await.unwrap();
    assert_eq!(consents.len(), before + 1);
    let last = consents.last().unwrap();
    assert_eq!(
        (
            last.purpose,
            last.granted,
            last.at,
            last.source.as_str(),
            last.recorded_by
        ),
        (
            ConsentPurpose::Newsletter,
            false,
            at,
            "unsubscribe link",
            None
        )
    );
    assert_eq!(store.mailing_tally(id).await.unwrap().unsubscribed, 1);
    assert!(store.link_owner(&link).await.unwrap().unwrap().unsubscribed);
    let mails = store.mails_of(ann).await.unwrap();
    assert_eq!(mails[0].unsubscribed_at, Some(at));

    // The link used again changes nothing.
    let again = store
        .unsubscribe(
            &link,
            &source,
            Timestamp(at.0 + 10),
            event(AuditAction::Unsubscribed, Some(ann)),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(again.unsubscribed);
    assert_eq!(store.consents(ann).await.unwrap().len(), before + 1);
    assert_eq!(store.mailing_tally(id).await.unwrap().unsubscribed, 1);
    assert_eq!(
        store.mails_of(ann).await.unwrap()[0].unsubscribed_at,
        Some(at)
    );
    let entries = store.audit_events(Some(ann), 100).await.unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == AuditAction::Unsubscribed)
            .count(),
        1
    );
    // An unknown link: nobody.
    assert!(store.link_owner("no-such-token").await.unwrap().is_none());
    assert!(
        store
            .unsubscribe(
                "no-such-token",
                &source,
                at,
                event(AuditAction::Unsubscribed, None)
            )
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.consents(bo).await.unwrap().len(), 1);
    // In her data export.
    let dossier = store.person_dossier(ann).await.unwrap();
    let mail: Vec<&str> = dossier
        .participation
        .iter()
        .filter(|p| p.what == "mail")
        .map(|p| p.detail.as_str())
        .collect();
    assert_eq!(mail, ["sent, unsubscribed"]);
}

async fn bounces_mark_the_message_and_the_address_until_it_changes(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo", "Cas"]).await;
    let (ann, bo, cas) = (people[0].0, people[1].0, people[2].0);
    let everyone = [ann, bo, cas];
    let id = started(
        &store,
        t.gent,
        by,
        "Bouncy",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    assert_eq!(send_all(&store, NOW).await, 3);
    assert!(store.bouncing(&everyone).await.unwrap().is_empty());

    // By the token found in the bounce.
    let at = Timestamp(NOW.0 + 100);
    assert_eq!(
        store
            .record_bounces(None, &[token(id, ann)], &[], at)
            .await
            .unwrap(),
        1
    );
    let tally = store.mailing_tally(id).await.unwrap();
    assert_eq!((tally.sent, tally.bounced), (3, 1), "a bounce was sent");
    assert_eq!(
        store.bouncing(&everyone).await.unwrap(),
        HashSet::from([ann])
    );
    let mails = store.mails_of(ann).await.unwrap();
    assert_eq!(
        (mails[0].state.as_str(), mails[0].bounced_at),
        ("bounced", Some(at))
    );
    // Reported twice: the message is marked once.
    assert_eq!(
        store
            .record_bounces(None, &[token(id, ann)], &[], at)
            .await
            .unwrap(),
        0
    );
    // An unknown token marks nothing.
    assert_eq!(
        store
            .record_bounces(None, &["nobody".into()], &[], at)
            .await
            .unwrap(),
        0
    );
    // By address, for the mailing (written as mail servers do).
    assert_eq!(
        store
            .record_bounces(Some(id), &[], &[" BO@Example.org ".into()], at)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.bouncing(&everyone).await.unwrap(),
        HashSet::from([ann, bo])
    );
    assert_eq!(store.mailing_tally(id).await.unwrap().bounced, 2);
    // An address nobody has marks nothing and nobody.
    assert_eq!(
        store
            .record_bounces(Some(id), &[], &["stranger@example.org".into()], at)
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.bouncing(&everyone).await.unwrap().len(), 2);
    assert_eq!(store.mailing_tally(id).await.unwrap().sent, 3);

    // Ann gives a new address: it has not bounced. Bo's saved with the same one still has.
    let details = |name: &str, email: &str, phone: &str| {
        PersonInput {
            email: email.into(),
            phone: phone.into(),
            ..person(name)
        }
        .parse()
        .unwrap()
    };
    store
        .update_person(ann, &details("Ann", "ann.new@example.org", ""), at, None)
        .await
        .unwrap();
    store
        .update_person(
            bo,
            &details("Bo", "bo@example.org", "0470 11 22 33"),
            at,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store.bouncing(&everyone).await.unwrap(),
        HashSet::from([bo])
    );
    // The message's own state is history: it stays bounced.
    assert_eq!(store.mails_of(ann).await.unwrap()[0].state, "bounced");
    assert_eq!(store.mailing_tally(id).await.unwrap().bounced, 2);
    assert!(store.bouncing(&[]).await.unwrap().is_empty());
}

async fn erasure_and_merging_take_the_messages_along(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let people = with_addresses(&store, t.noord, &["Ann", "Bo", "Keep", "Twin"]).await;
    let (ann, bo, keep, twin) = (people[0].0, people[1].0, people[2].0, people[3].0);
    let first = started(
        &store,
        t.gent,
        by,
        "Spring",
        ConsentPurpose::Contact,
        &people,
    )
    .await;
    let sent_at = Timestamp(NOW.0 + 5);
    assert_eq!(send_all(&store, sent_at).await, 4);
    // Only the twin got the second one.
    let second = started(
        &store,
        t.gent,
        by,
        "Summer",
        ConsentPurpose::Contact,
        &people[3..],
    )
    .await;

    // In Ann's data export, then gone with her.
    let dossier = store.person_dossier(ann).await.unwrap();
    let mail: Vec<(&str, &str, Timestamp)> = dossier
        .participation
        .iter()
        .filter(|p| p.what == "mail")
        .map(|p| (p.title.as_str(), p.detail.as_str(), p.at))
        .collect();
    assert_eq!(mail, [("Spring", "sent", sent_at)]);
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 4);
    store
        .erase_person(ann, event(AuditAction::PersonErased, None))
        .await
        .unwrap();
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 3);
    assert!(store.mails_of(ann).await.unwrap().is_empty());
    assert!(
        store
            .link_owner(&token(first, ann))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.mails_of(bo).await.unwrap().len(), 1);

    // Both records got the spring mailing: the kept one keeps its message, and gets the
    // twin's summer one.
    store
        .merge_people(keep, twin, None, NOW, None)
        .await
        .unwrap();
    let mails = store.mails_of(keep).await.unwrap();
    let mut names: Vec<&str> = mails.iter().map(|m| m.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Spring", "Summer"]);
    assert!(store.mails_of(twin).await.unwrap().is_empty());
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 2);
    assert_eq!(store.mailing_tally(second).await.unwrap().recipients, 1);
    assert_eq!(
        store
            .link_owner(&token(first, keep))
            .await
            .unwrap()
            .unwrap()
            .person,
        keep
    );
    assert!(
        store
            .link_owner(&token(first, twin))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .link_owner(&token(second, twin))
            .await
            .unwrap()
            .unwrap()
            .person,
        keep,
        "the twin's link now unsubscribes the kept record"
    );
    // The moved message is still sent to the kept record.
    let moved = store.claim_messages(10, HOLD, sent_at).await.unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0].mailing, moved[0].person), (second, keep));
    // And the kept record can be erased with both.
    store
        .erase_person(keep, event(AuditAction::PersonErased, None))
        .await
        .unwrap();
    assert_eq!(store.mailing_tally(first).await.unwrap().recipients, 1);
    assert_eq!(store.mailing_tally(second).await.unwrap().recipients, 0);
}

async fn audiences_find_people_by_rsvp_signature_answers_and_activity(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let caller = admin(&store, t.noord, "caller@example.org", Role::Canvasser).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let cas = add(&store, t.noord, person("Cas"), None).await;
    let quiet = add(&store, t.noord, person("Quiet"), None).await;

    // Two places: Ann and Cas are coming, Bo waits; Ann came.
    let action = store
        .create_action(t.gent, None, &action_draft("2"), "aud-tok", None, NOW)
        .await
        .unwrap();
    let later = Timestamp(NOW.0 + 100);
    for p in [ann, cas, bo] {
        store
            .rsvp(action.id, p, false, "test", later)
            .await
            .unwrap();
    }
    store
        .check_in(action.id, ann, Some(by), later, None)
        .await
        .unwrap();
    let rsvp = |filter: RsvpFilter, now: Timestamp| {
        let store = store.clone();
        async move { store.rsvp_people(action.id, filter, now).await.unwrap() }
    };
    assert_eq!(
        rsvp(RsvpFilter::Coming, later).await,
        HashSet::from([ann, cas])
    );
    assert_eq!(rsvp(RsvpFilter::Waiting, later).await, HashSet::from([bo]));
    assert_eq!(
        rsvp(RsvpFilter::Attended, later).await,
        HashSet::from([ann])
    );
    // No-shows once it started (1 March 2026, before NOW), not before.
    assert!(action.starts_at.0 < NOW.0);
    assert_eq!(rsvp(RsvpFilter::NoShow, later).await, HashSet::from([cas]));
    assert!(
        rsvp(RsvpFilter::NoShow, Timestamp(action.starts_at.0 - 1))
            .await
            .is_empty()
    );
    let empty = store
        .create_action(t.gent, None, &action_draft(""), "aud-empty", None, NOW)
        .await
        .unwrap();
    assert!(
        store
            .rsvp_people(empty.id, RsvpFilter::Coming, later)
            .await
            .unwrap()
            .is_empty()
    );

    // Signers linked to a record: those who agreed to be contacted.
    let petition = store
        .create_petition(
            t.gent,
            None,
            &PetitionDraft::parse(&[("en", "Rents")], &[("en", "Freeze")], "the city", "100")
                .unwrap(),
            "aud-petition",
            None,
            NOW,
        )
        .await
        .unwrap();
    for (name, email, may_contact) in [
        ("Dina Claes", "dina@example.org", true),
        ("Emre Yilmaz", "emre@example.org", false),
    ] {
        let sig = SignatureInput::parse(name, email, "9000", may_contact).unwrap();
        store
            .sign(&petition, t.noord, &sig, Language::Nl, later)
            .await
            .unwrap();
    }
    let signatures = store
        .signatures(petition.id, &path_of(&store, t.nation).await, 10)
        .await
        .unwrap();
    assert_eq!(signatures.len(), 2);
    let dina = signatures.iter().find_map(|s| s.person).unwrap();
    assert_eq!(
        store.petition_signers(petition.id).await.unwrap(),
        HashSet::from([dina])
    );

    // Linked survey answers: only the response that left contact details.
    let survey = store
        .publish_survey(&demo_survey(), None, None, NOW)
        .await
        .unwrap();
    let mut linked = response("0190e000-0000-7000-8000-0000000000c1", &survey, t.noord);
    linked.contact = Some(consenting("Samira Benali", "samira@example.org"));
    let anonymous = response("0190e000-0000-7000-8000-0000000000c2", &survey, t.noord);
    store
        .ingest_responses(&[linked, anonymous], NOW)
        .await
        .unwrap();
    let answers = store.linked_answers(survey.id).await.unwrap();
    assert_eq!(answers.len(), 1);
    let (samira, given) = &answers[0];
    assert_eq!(
        given.0.get("top3"),
        Some(&AnswerValue::List(vec!["housing".into(), "wages".into()]))
    );
    assert_eq!(
        store.person(*samira).await.unwrap().person.name,
        "Samira Benali"
    );

    // Activity since a moment: record changed, RSVP, call; the quiet one did nothing.
    let edited = add(&store, t.noord, person("Edited"), None).await;
    let called = add(&store, t.noord, person("Called"), None).await;
    store
        .update_person(
            edited,
            &PersonInput {
                notes: "moved upstairs".into(),
                ..person("Edited")
            }
            .parse()
            .unwrap(),
            later,
            None,
        )
        .await
        .unwrap();
    let list = store
        .create_call_assignment(
            &NewCallAssignment {
                unit: t.gent,
                name: "Reminder",
                script: "",
                survey: None,
                cooldown_minutes: 60,
                max_attempts: 3,
                people: &[(called, 1)],
                by,
            },
            NOW,
        )
        .await
        .unwrap()
        .id;
    let claim = store
        .claim_next_call(list, caller, later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claim.person, called);
    assert!(
        store
            .record_call(
                list,
                called,
                caller,
                enquete_store::CallOutcome::Answered,
                None,
                "",
                later
            )
            .await
            .unwrap()
    );
    let all = [ann, bo, cas, quiet, edited, called];
    let since = Timestamp(NOW.0 + 50);
    assert_eq!(
        store.active_since(&all, since).await.unwrap(),
        HashSet::from([ann, bo, cas, edited, called])
    );
    assert_eq!(
        store.active_since(&[quiet, called], since).await.unwrap(),
        HashSet::from([called])
    );
    assert!(
        store
            .active_since(&all, Timestamp(later.0 + 1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.active_since(&all, NOW).await.unwrap().len(),
        all.len()
    );
    // A signer and a respondent are active from their signature and response.
    assert_eq!(
        store
            .active_since(&[dina, *samira], Timestamp(NOW.0 - 1))
            .await
            .unwrap(),
        HashSet::from([dina, *samira])
    );
    assert!(store.active_since(&[], NOW).await.unwrap().is_empty());
}

//! Phone banking: a person is handed to one caller at a time, everyone is called once before
//! anyone is called twice, cool-downs hold, an outcome needs the caller's turn, and calls go
//! with an erased person.

use crate::support::{NOW, add, admin, conformance, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::{Role, UserId};
use enquete_domain::people::PersonId;
use enquete_store::{
    AuditEvent, CLAIM_SECONDS, CallAssignmentId, CallOutcome, NewCallAssignment, Store,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

conformance!(
    ten_callers_over_500_people_never_share_one,
    a_turn_runs_out_and_an_outcome_needs_it,
    the_latest_consent_decides_who_may_be_called,
    a_list_for_a_group_keeps_its_callers,
);

/// A list made for a group of callers keeps them (each once); a list without is for everyone.
async fn a_list_for_a_group_keeps_its_callers(store: Store) {
    let t = tree(&store).await;
    let organizer = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let (a, b) = (
        admin(&store, t.noord, "a@example.org", Role::Canvasser).await,
        admin(&store, t.noord, "b@example.org", Role::Canvasser).await,
    );
    let who = add(&store, t.noord, person("Called"), None).await;
    let new = NewCallAssignment {
        unit: t.noord,
        name: "Group",
        script: "",
        survey: None,
        cooldown_minutes: 60,
        max_attempts: 3,
        people: &[(who, 1)],
        by: organizer,
    };
    let group = store
        .create_call_assignment_for(&new, &[b, a, b], NOW)
        .await
        .unwrap();
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(group.callers, expected);
    assert_eq!(
        store.call_assignment(group.id).await.unwrap().callers,
        expected
    );
    let open = store.create_call_assignment(&new, NOW).await.unwrap();
    assert!(open.callers.is_empty());
}

/// Who may be contacted: the latest choice per person counts, a withdrawal after a yes is a no,
/// people who never said are not asked.
async fn the_latest_consent_decides_who_may_be_called(store: Store) {
    use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent};
    let t = tree(&store).await;
    let consent = |granted: bool, purpose: ConsentPurpose| NewConsent {
        purpose,
        granted,
        source: ConsentSource::parse("door").unwrap(),
    };
    let (yes, withdrawn, never, other) = (
        add(&store, t.noord, person("Yes"), None).await,
        add(&store, t.noord, person("Withdrawn"), None).await,
        add(&store, t.noord, person("Never"), None).await,
        add(&store, t.noord, person("Newsletter only"), None).await,
    );
    for (who, c, at) in [
        (yes, consent(false, ConsentPurpose::Contact), NOW.0),
        (yes, consent(true, ConsentPurpose::Contact), NOW.0 + 10),
        (withdrawn, consent(true, ConsentPurpose::Contact), NOW.0),
        (
            withdrawn,
            consent(false, ConsentPurpose::Contact),
            NOW.0 + 10,
        ),
        (other, consent(true, ConsentPurpose::Newsletter), NOW.0),
    ] {
        store
            .record_consent(who, &c, None, Timestamp(at), None)
            .await
            .unwrap();
    }
    let found = store
        .consenting(&[yes, withdrawn, never, other], ConsentPurpose::Contact)
        .await
        .unwrap();
    assert_eq!(found, std::collections::HashSet::from([yes]));
    assert_eq!(
        store
            .consenting(&[other], ConsentPurpose::Newsletter)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .consenting(&[], ConsentPurpose::Contact)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn list(
    store: &Store,
    unit: enquete_domain::org::UnitId,
    people: &[(PersonId, i64)],
    by: UserId,
    cooldown: i64,
) -> CallAssignmentId {
    store
        .create_call_assignment(
            &NewCallAssignment {
                unit,
                name: "Bus to Brussels",
                script: "Will you come on the bus?",
                survey: None,
                cooldown_minutes: cooldown,
                max_attempts: 3,
                people,
                by,
            },
            NOW,
        )
        .await
        .unwrap()
        .id
}

#[derive(Default)]
struct Ledger {
    /// Who holds each person now.
    held: HashMap<PersonId, UserId>,
    /// Each person's claims so far, and when their last no-answer was.
    claims: HashMap<PersonId, u32>,
    last_no_answer: HashMap<PersonId, i64>,
    violations: Vec<String>,
}

async fn ten_callers_over_500_people_never_share_one(store: Store) {
    let t = tree(&store).await;
    let organizer = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let mut people = Vec::new();
    for i in 0..500 {
        let id = add(&store, t.noord, person(&format!("Person {i}")), None).await;
        people.push((id, i64::from(i % 3)));
    }
    let id = list(&store, t.gent, &people, organizer, 1).await;
    let mut callers = Vec::new();
    for c in 0..10 {
        callers.push(
            admin(
                &store,
                t.noord,
                &format!("caller{c}@example.org"),
                Role::Canvasser,
            )
            .await,
        );
    }
    // One clock for everyone, a second per step.
    let clock = Arc::new(AtomicI64::new(NOW.0));
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let mut tasks = Vec::new();
    for (c, caller) in callers.into_iter().enumerate() {
        let (store, clock, ledger) = (store.clone(), clock.clone(), ledger.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(c as u64);
            let mut idle = 0;
            loop {
                let now = Timestamp(clock.fetch_add(1, Ordering::SeqCst));
                let Some(claim) = store.claim_next_call(id, caller, now).await.unwrap() else {
                    idle += 1;
                    if idle > 400 {
                        break;
                    }
                    tokio::task::yield_now().await;
                    continue;
                };
                idle = 0;
                {
                    let mut l = ledger.lock().unwrap();
                    if let Some(other) = l.held.insert(claim.person, caller) {
                        l.violations.push(format!(
                            "{:?} handed to {caller:?} while {other:?} held them",
                            claim.person
                        ));
                    }
                    let before = l.claims.get(&claim.person).copied().unwrap_or(0);
                    if before > 0 {
                        let never = people_never_claimed(&l, 500);
                        if never > 0 {
                            l.violations.push(format!(
                                "{:?} called again while {never} were never called",
                                claim.person
                            ));
                        }
                        if let Some(at) = l.last_no_answer.get(&claim.person)
                            && now.0 < at + 60
                        {
                            l.violations
                                .push(format!("{:?} called within the cool-down", claim.person));
                        }
                    }
                    l.claims.insert(claim.person, before + 1);
                }
                let outcome = if rng.u8(..10) < 4 {
                    CallOutcome::NoAnswer
                } else {
                    CallOutcome::Answered
                };
                let at = Timestamp(clock.fetch_add(1, Ordering::SeqCst));
                {
                    let mut l = ledger.lock().unwrap();
                    l.held.remove(&claim.person);
                    if outcome == CallOutcome::NoAnswer {
                        l.last_no_answer.insert(claim.person, at.0);
                    }
                }
                assert!(
                    store
                        .record_call(id, claim.person, caller, outcome, None, "", at)
                        .await
                        .unwrap(),
                    "the caller held the person"
                );
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let (violations, claims) = {
        let l = ledger.lock().unwrap();
        (l.violations.clone(), l.claims.clone())
    };
    assert_eq!(violations, Vec::<String>::new());
    assert_eq!(claims.len(), 500, "everyone was called");
    let a = store.call_assignment(id).await.unwrap();
    let p = a.progress;
    assert_eq!(p.people, 500);
    assert_eq!((p.not_called, p.to_retry), (0, 0), "{p:?}");
    assert_eq!(p.reached + p.gave_up, 500);
    assert_eq!(p.calls, claims.values().map(|n| u64::from(*n)).sum::<u64>());
    assert!(
        claims.values().all(|n| *n <= 3),
        "never more than the attempts"
    );
    let tallies = store.call_tallies(id).await.unwrap();
    assert_eq!(tallies.iter().map(|t| t.calls).sum::<u64>(), p.calls);
    assert!(tallies.len() > 1, "the calls were shared out: {tallies:?}");
}

fn people_never_claimed(l: &Ledger, total: usize) -> usize {
    total - l.claims.len()
}

async fn a_turn_runs_out_and_an_outcome_needs_it(store: Store) {
    let t = tree(&store).await;
    let organizer = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let (a, b) = (
        admin(&store, t.noord, "a@example.org", Role::Canvasser).await,
        admin(&store, t.noord, "b@example.org", Role::Canvasser).await,
    );
    let first = add(&store, t.noord, person("First"), None).await;
    let second = add(&store, t.noord, person("Second"), None).await;
    // Priority: First before Second.
    let id = list(&store, t.gent, &[(first, 5), (second, 1)], organizer, 60).await;

    let claim = store.claim_next_call(id, a, NOW).await.unwrap().unwrap();
    assert_eq!(claim.person, first);
    // Asked again, A keeps the same person; B gets the other.
    assert_eq!(
        store
            .claim_next_call(id, a, Timestamp(NOW.0 + 5))
            .await
            .unwrap()
            .unwrap()
            .person,
        first
    );
    let other = store
        .claim_next_call(id, b, Timestamp(NOW.0 + 6))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.person, second);
    // Nobody else to call while both are held.
    let c = admin(&store, t.noord, "c@example.org", Role::Canvasser).await;
    assert_eq!(
        store
            .claim_next_call(id, c, Timestamp(NOW.0 + 7))
            .await
            .unwrap(),
        None
    );
    // A's turn runs out: C takes First, and A's late outcome is refused and not recorded.
    let later = Timestamp(NOW.0 + CLAIM_SECONDS + 10);
    assert_eq!(
        store
            .claim_next_call(id, c, later)
            .await
            .unwrap()
            .unwrap()
            .person,
        first
    );
    assert!(
        !store
            .record_call(id, first, a, CallOutcome::Answered, None, "", later)
            .await
            .unwrap()
    );
    // C: no answer, so First waits an hour; B: asked not to be called again.
    assert!(
        store
            .record_call(
                id,
                first,
                c,
                CallOutcome::NoAnswer,
                None,
                "voicemail",
                later
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .record_call(id, second, b, CallOutcome::DoNotCall, None, "", later)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .claim_next_call(id, a, Timestamp(later.0 + 59 * 60))
            .await
            .unwrap(),
        None,
        "in the cool-down"
    );
    let again = store
        .claim_next_call(id, a, Timestamp(later.0 + 60 * 60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.person, again.attempts), (first, 1));
    // A call back at a given time.
    let back = Timestamp(later.0 + 3 * 24 * 3600);
    assert!(
        store
            .record_call(
                id,
                first,
                a,
                CallOutcome::CallBack,
                Some(back),
                "",
                Timestamp(later.0 + 3601)
            )
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .claim_next_call(id, a, Timestamp(back.0 - 1))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .claim_next_call(id, a, back)
            .await
            .unwrap()
            .unwrap()
            .person,
        first
    );
    let p = store.call_assignment(id).await.unwrap().progress;
    assert_eq!(
        (p.people, p.do_not_call, p.to_retry, p.calls),
        (2, 1, 1, 3),
        "{p:?}"
    );
    let history = store.calls_of(first).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].note, "voicemail");
    // Closed: nobody is handed out.
    store.close_call_assignment(id, later).await.unwrap();
    assert_eq!(store.claim_next_call(id, b, back).await.unwrap(), None);
    assert_eq!(
        store
            .call_assignments(&[t.gent, t.noord])
            .await
            .unwrap()
            .len(),
        1
    );
    // In their data export.
    let dossier = store.person_dossier(first).await.unwrap();
    let calls: Vec<&str> = dossier
        .participation
        .iter()
        .filter(|p| p.what == "call")
        .map(|p| p.detail.as_str())
        .collect();
    assert_eq!(calls, ["no_answer: voicemail", "call_back"]);
    // Erased: their calls and their place on the list go with them.
    let event = AuditEvent {
        at: NOW,
        user: None,
        action: enquete_domain::audit::AuditAction::PersonErased,
        person: None,
        detail: String::new(),
        ip: String::new(),
    };
    store.erase_person(first, event).await.unwrap();
    assert!(store.calls_of(first).await.unwrap().is_empty());
    assert_eq!(store.call_assignment(id).await.unwrap().progress.people, 1);
}

//! Actions: RSVPs and the waiting list, buses, check-ins up the ladder, public RSVPs, and a
//! merge that keeps a person's campaign work.

use crate::support::{NOW, action_draft, add, admin, conformance, field_of, person, tree};
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionId;
use enquete_domain::campaign::{
    CampaignDraft, PetitionDraft, ProjectDraft, RsvpStatus, default_ladder_rules,
    parse_ladder_rules,
};
use enquete_domain::people::PersonDetails;
use enquete_domain::people::PersonId;
use enquete_domain::{
    FieldError, Timestamp,
    account::Role,
    org::UnitId,
    people::{MoveReason, PersonInput, Stage},
};
use enquete_store::{
    AuditEvent, ConfirmationMail, NewCampaign, PendingRsvp, RSVP_CONFIRM_VALID_SECONDS, Store,
    StoreError,
};

conformance!(
    rsvps_fill_the_places_then_the_waiting_list_under_load,
    buses_seat_riders_in_order_and_never_overfill,
    check_ins_move_people_up_by_the_ladder_rules,
    merging_people_keeps_their_campaign_work,
    public_rsvps_reach_known_people_only_below_the_action,
    public_rsvp_links_work_once_for_48_hours,
    public_rsvp_mails_are_limited_per_address,
    public_rsvps_by_phone_make_a_new_contact_and_never_take_an_address,
    used_and_expired_rsvp_links_are_forgotten,
    erasure_deletes_the_rsvp_links_waiting_under_the_address,
);

async fn people_in(store: &Store, unit: UnitId, n: usize) -> Vec<PersonId> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(add(store, unit, person(&format!("Person {i}")), None).await);
    }
    out
}

async fn rsvps_fill_the_places_then_the_waiting_list_under_load(store: Store) {
    let t = tree(&store).await;
    let people = people_in(&store, t.noord, 200).await;
    let action = store
        .create_action(t.gent, None, &action_draft("150"), "tok-150", None, NOW)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for p in &people {
        let (store, p) = (store.clone(), *p);
        let id = action.id;
        tasks.push(tokio::spawn(async move {
            store.rsvp(id, p, false, "test", NOW).await
        }));
    }
    let mut confirmed = 0;
    let mut waiting = 0;
    for task in tasks {
        match task.await.unwrap().unwrap().status {
            RsvpStatus::Confirmed => confirmed += 1,
            RsvpStatus::Waiting => waiting += 1,
            RsvpStatus::Cancelled => panic!("nobody cancelled"),
        }
    }
    assert_eq!((confirmed, waiting), (150, 50));
    let a = store.action(action.id).await.unwrap();
    assert_eq!(
        (a.confirmed, a.waiting, a.places_left()),
        (150, 50, Some(0))
    );
    let list = store.rsvps(action.id).await.unwrap();
    assert_eq!(
        list.iter()
            .filter(|r| r.status == RsvpStatus::Confirmed)
            .count(),
        150
    );
    // Answering again changes nothing.
    let again = store
        .rsvp(action.id, list[0].person, false, "test", NOW)
        .await
        .unwrap();
    assert!(again.already);
    // A place freed goes to the first on the waiting list.
    let first_waiting = list
        .iter()
        .find(|r| r.status == RsvpStatus::Waiting)
        .unwrap()
        .id;
    let first_confirmed = list
        .iter()
        .find(|r| r.status == RsvpStatus::Confirmed)
        .unwrap()
        .id;
    store.cancel_rsvp(action.id, first_confirmed).await.unwrap();
    let list = store.rsvps(action.id).await.unwrap();
    let promoted = list.iter().find(|r| r.id == first_waiting).unwrap();
    assert_eq!(promoted.status, RsvpStatus::Confirmed);
    let a = store.action(action.id).await.unwrap();
    assert_eq!((a.confirmed, a.waiting), (150, 49));
    assert!(matches!(
        store
            .rsvp(action.id, PersonId(999_999), false, "test", NOW)
            .await,
        Err(StoreError::Invalid(FieldError {
            field: "person_id",
            ..
        }))
    ));
}

async fn buses_seat_riders_in_order_and_never_overfill(store: Store) {
    let t = tree(&store).await;
    let people = people_in(&store, t.noord, 6).await;
    let action = store
        .create_action(t.gent, None, &action_draft(""), "tok-bus", None, NOW)
        .await
        .unwrap();
    store.add_bus(action.id, "Bus 1", 3).await.unwrap();
    let mut outcomes = Vec::new();
    for p in &people[..5] {
        outcomes.push(store.rsvp(action.id, *p, true, "test", NOW).await.unwrap());
    }
    store
        .rsvp(action.id, people[5], false, "test", NOW)
        .await
        .unwrap();
    assert_eq!(outcomes.iter().filter(|o| o.bus.is_some()).count(), 3);
    assert!(
        outcomes[3].bus.is_none() && outcomes[4].bus.is_none(),
        "first come, first seated"
    );
    let buses = store.buses(action.id).await.unwrap();
    assert_eq!((buses[0].seats, buses[0].riders), (3, 3));
    // A second bus seats those who were waiting for transport.
    store.add_bus(action.id, "Bus 2", 1).await.unwrap();
    let buses = store.buses(action.id).await.unwrap();
    assert_eq!(buses[1].riders, 1);
    let list = store.rsvps(action.id).await.unwrap();
    let unseated: Vec<_> = list
        .iter()
        .filter(|r| r.wants_transport && r.bus.is_none())
        .collect();
    assert_eq!(unseated.len(), 1);
    assert_eq!(unseated[0].person, people[4]);
    // A full bus takes nobody more.
    let err = store
        .assign_bus(action.id, unseated[0].id, Some(buses[0].id))
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "bus");
    // A cancellation frees a seat; moving the rider there works.
    let seated = list.iter().find(|r| r.bus == Some(buses[0].id)).unwrap();
    store.cancel_rsvp(action.id, seated.id).await.unwrap();
    let buses_now = store.buses(action.id).await.unwrap();
    assert_eq!(
        buses_now[0].riders, 3,
        "the freed seat went to the one waiting for transport"
    );
}

async fn check_ins_move_people_up_by_the_ladder_rules(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "admin@example.org", Role::NationalAdmin).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let member = add(&store, t.noord, person("Mo"), None).await;
    store
        .move_stage(
            member,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store.ladder_rules(t.nation).await.unwrap(),
        default_ladder_rules()
    );
    let mut actions = Vec::new();
    for i in 0..3 {
        actions.push(
            store
                .create_action(
                    t.gent,
                    None,
                    &action_draft(""),
                    &format!("tok-{i}"),
                    None,
                    NOW,
                )
                .await
                .unwrap()
                .id,
        );
    }
    store
        .rsvp(actions[0], ann, false, "test", NOW)
        .await
        .unwrap();
    let first = store
        .check_in(actions[0], ann, Some(by), NOW, None)
        .await
        .unwrap();
    assert_eq!(
        (first.attended, first.moved_to),
        (1, Some(Stage::Sympathiser))
    );
    let twice = store
        .check_in(actions[0], ann, Some(by), NOW, None)
        .await
        .unwrap();
    assert!(twice.already);
    // Without an RSVP: taken on the spot.
    let second = store
        .check_in(actions[1], ann, Some(by), NOW, None)
        .await
        .unwrap();
    assert_eq!((second.attended, second.moved_to), (2, None));
    let third = store
        .check_in(actions[2], ann, Some(by), Timestamp(NOW.0 + 60), None)
        .await
        .unwrap();
    assert_eq!(third.moved_to, Some(Stage::Active));
    let history = store.stage_history(ann).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.to, last.by), (Stage::Active, Some(by)));
    assert!(
        last.reason.contains("attended 3 actions"),
        "{}",
        last.reason
    );
    assert_eq!(store.person(ann).await.unwrap().person.stage, Stage::Active);
    // Members are never moved by attendance.
    let m = store
        .check_in(actions[0], member, Some(by), NOW, None)
        .await
        .unwrap();
    assert_eq!(m.moved_to, None);
    assert_eq!(store.action(actions[0]).await.unwrap().attended, 2);
    // Rules can change; a check-in with a new audit entry.
    let rules = parse_ladder_rules("2 sympathiser").unwrap();
    let event = AuditEvent {
        at: NOW,
        user: Some(by),
        action: AuditAction::LadderRules,
        person: None,
        detail: "2 sympathiser".into(),
        ip: "127.0.0.1".into(),
    };
    store
        .set_ladder_rules(t.nation, &rules, event)
        .await
        .unwrap();
    assert_eq!(store.ladder_rules(t.nation).await.unwrap(), rules);
    let bo = add(&store, t.noord, person("Bo"), None).await;
    assert_eq!(
        store
            .check_in(actions[0], bo, None, NOW, None)
            .await
            .unwrap()
            .moved_to,
        None
    );
    assert_eq!(
        store
            .check_in(actions[1], bo, None, NOW, None)
            .await
            .unwrap()
            .moved_to,
        Some(Stage::Sympathiser)
    );
    // Actions held above a unit reach it; those elsewhere do not.
    let noord = store.unit(t.noord).await.unwrap().path;
    assert_eq!(store.actions_reaching(&noord).await.unwrap().len(), 3);
    let antwerpen = store.unit(t.antwerpen).await.unwrap().path;
    assert!(store.actions_reaching(&antwerpen).await.unwrap().is_empty());
    // The ladder month by month: who first reached each stage.
    let nation = store.unit(t.nation).await.unwrap().path;
    let per_unit = store
        .stages_reached_by_month(&nation, Timestamp(0))
        .await
        .unwrap();
    // Per unit, each of them below the nation; summed, the nation's funnel.
    let below = store.subtree(&nation, true).await.unwrap();
    assert!(
        per_unit
            .iter()
            .all(|(u, ..)| below.iter().any(|b| b.id == *u))
    );
    let mut months: Vec<(String, Stage, u64)> = Vec::new();
    for (_, m, s, n) in &per_unit {
        match months.iter_mut().find(|x| x.0 == *m && x.1 == *s) {
            Some(x) => x.2 += n,
            None => months.push((m.clone(), *s, *n)),
        }
    }
    months.sort();
    assert_eq!(
        months,
        vec![
            ("2026-09".to_owned(), Stage::Contact, 3),
            ("2026-09".to_owned(), Stage::Sympathiser, 2),
            ("2026-09".to_owned(), Stage::Active, 1),
            ("2026-09".to_owned(), Stage::Member, 1),
        ]
    );
    assert!(
        store
            .stages_reached_by_month(&nation, Timestamp(NOW.0 + 1000))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn merging_people_keeps_their_campaign_work(store: Store) {
    let t = tree(&store).await;
    let keep = add(&store, t.noord, person("Ann Peeters"), None).await;
    let twin = add(&store, t.noord, person("Ann Peeters"), None).await;
    let other = add(&store, t.noord, person("Bo"), None).await;
    let both = store
        .create_action(t.gent, None, &action_draft("2"), "tok-both", None, NOW)
        .await
        .unwrap();
    let only_twin = store
        .create_action(t.gent, None, &action_draft(""), "tok-twin", None, NOW)
        .await
        .unwrap();
    store.rsvp(both.id, keep, false, "test", NOW).await.unwrap();
    store.rsvp(both.id, twin, false, "test", NOW).await.unwrap();
    assert_eq!(
        store
            .rsvp(both.id, other, false, "test", NOW)
            .await
            .unwrap()
            .status,
        RsvpStatus::Waiting
    );
    store
        .check_in(only_twin.id, twin, None, NOW, None)
        .await
        .unwrap();
    let meeting = store
        .create_meeting(t.noord, NOW, "", None, NOW)
        .await
        .unwrap();
    store.mark_present(meeting.id, twin).await.unwrap();
    store.mark_present(meeting.id, keep).await.unwrap();
    let project = store
        .create_project(
            t.noord,
            &ProjectDraft::parse("Food bank", "", "").unwrap(),
            None,
            NOW,
        )
        .await
        .unwrap();
    store.add_volunteer(project.id, twin).await.unwrap();
    store
        .merge_people(keep, twin, None, NOW, None)
        .await
        .unwrap();
    // One answer per action; the places are counted again.
    let list = store.rsvps(both.id).await.unwrap();
    assert_eq!(list.iter().filter(|r| r.person == keep).count(), 1);
    // The twin's check-in, meeting and project are the kept record's now.
    let moved = store.rsvps(only_twin.id).await.unwrap();
    assert_eq!(
        (moved[0].person, moved[0].attended_at.is_some()),
        (keep, true)
    );
    assert_eq!(store.action(only_twin.id).await.unwrap().attended, 1);
    assert_eq!(store.present_at(meeting.id).await.unwrap().len(), 1);
    assert_eq!(store.volunteers(project.id).await.unwrap()[0].0, keep);
    // The freed place went to the one waiting.
    let bo = store
        .rsvps(both.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.person == other)
        .unwrap();
    assert_eq!(bo.status, RsvpStatus::Confirmed);
    assert_eq!(store.action(both.id).await.unwrap().confirmed, 2);
}

async fn public_rsvps_reach_known_people_only_below_the_action(store: Store) {
    let t = tree(&store).await;
    let known = add(
        &store,
        t.noord,
        PersonInput {
            email: "known@example.be".into(),
            ..person("Known Person")
        },
        None,
    )
    .await;
    let far = add(
        &store,
        t.haven,
        PersonInput {
            email: "far@example.be".into(),
            ..person("Far Person")
        },
        None,
    )
    .await;
    let action = store
        .create_action(t.gent, None, &action_draft("10"), "pub-tok", None, NOW)
        .await
        .unwrap();
    assert_eq!(
        store.action_by_token("pub-tok").await.unwrap().id,
        action.id
    );
    let gent = store.unit(t.gent).await.unwrap().path;
    assert_eq!(
        store
            .actions_in(&gent, None)
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![action.id]
    );
    let details = |email: &str, name: &str| {
        PersonInput {
            email: email.into(),
            ..person(name)
        }
        .parse()
        .unwrap()
    };
    // Known below the action (any case): the RSVP goes on their record, once the link mailed
    // to the address is used.
    let theirs = details("KNOWN@example.be", "Known");
    assert!(
        request(&store, action.id, t.noord, &theirs, "tok-known", NOW)
            .await
            .unwrap()
    );
    assert!(store.rsvps(action.id).await.unwrap().is_empty());
    let mine = store
        .confirm_public_rsvp(action.id, "tok-known", NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((mine.person, mine.status), (known, RsvpStatus::Confirmed));
    // Known only elsewhere in the tree: a new contact in the section, never the far record.
    let elsewhere = details("far@example.be", "Far");
    request(&store, action.id, t.noord, &elsewhere, "tok-far", NOW)
        .await
        .unwrap();
    let other = store
        .confirm_public_rsvp(action.id, "tok-far", NOW)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(other.person, far);
    assert_eq!(
        store.person(other.person).await.unwrap().person.unit,
        t.noord
    );
    assert_eq!(store.action(action.id).await.unwrap().confirmed, 2);

    // The campaign it belongs to, and the stages of the people it reached.
    let draft = CampaignDraft::parse("Rents", "", "2026-02-01", "2026-04-01").unwrap();
    let campaign = store
        .create_campaign(
            &NewCampaign {
                unit: t.gent,
                draft,
                survey: None,
                question: String::new(),
                choice: String::new(),
                evidence: String::new(),
            },
            &[],
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(store.campaign(campaign.id).await.unwrap().id, campaign.id);
    let with = store
        .create_action(
            t.gent,
            Some(campaign.id),
            &action_draft("5"),
            "camp-tok",
            None,
            NOW,
        )
        .await
        .unwrap();
    store
        .rsvp(with.id, known, false, "test", NOW)
        .await
        .unwrap();
    store
        .check_in(with.id, known, None, NOW, None)
        .await
        .unwrap();
    let stages = store
        .campaign_participant_stages(campaign.id, &gent)
        .await
        .unwrap();
    assert_eq!(stages.iter().map(|(_, n)| n).sum::<u64>(), 1, "{stages:?}");
    assert_eq!(
        store
            .actions_in(&gent, Some(campaign.id))
            .await
            .unwrap()
            .len(),
        1
    );
    let petition = store
        .create_petition(
            t.gent,
            Some(campaign.id),
            &PetitionDraft::parse(&[("en", "Rents")], &[("en", "Freeze")], "the city", "10")
                .unwrap(),
            "pet-tok",
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        store.petition(petition.id).await.unwrap().campaign,
        Some(campaign.id)
    );
}

/// Keeps a public answer until its link is used, with the mail carrying the link.
async fn request(
    store: &Store,
    action: ActionId,
    section: UnitId,
    details: &PersonDetails,
    token: &str,
    now: Timestamp,
) -> Result<bool, StoreError> {
    store
        .request_public_rsvp(
            &PendingRsvp {
                action,
                section,
                details,
                may_contact: true,
                wants_transport: false,
            },
            token,
            &ConfirmationMail {
                subject: "Confirm your place",
                body: &format!("Open https://example.org/a/x/confirm/{token}"),
            },
            now,
        )
        .await
}

async fn count_people(store: &Store, root: UnitId) -> u64 {
    let vis =
        enquete_domain::policy::PeopleVisibility::Subtree(store.unit(root).await.unwrap().path);
    let q = enquete_store::PeopleQuery {
        limit: 1,
        ..Default::default()
    };
    store.search_people(&vis, &q).await.unwrap().total
}

fn visitor(email: &str) -> PersonDetails {
    PersonInput {
        email: email.into(),
        phone: "0470 99 88 77".into(),
        ..person("Vera Visitor")
    }
    .parse()
    .unwrap()
}

async fn public_rsvp_links_work_once_for_48_hours(store: Store) {
    let t = tree(&store).await;
    let action = store
        .create_action(t.gent, None, &action_draft("10"), "once-tok", None, NOW)
        .await
        .unwrap();
    let people_before = count_people(&store, t.nation).await;
    assert!(
        request(
            &store,
            action.id,
            t.noord,
            &visitor("vera@example.be"),
            "t1",
            NOW
        )
        .await
        .unwrap()
    );
    // The mail waits in the outbox, to the address typed, with the link.
    let mail = store.pending_mail(10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, "vera@example.be");
    assert!(mail[0].body.contains("/confirm/t1"), "{}", mail[0].body);
    // Nothing is taken and nobody added before the link is used.
    assert!(store.rsvps(action.id).await.unwrap().is_empty());
    assert_eq!(count_people(&store, t.nation).await, people_before);
    assert!(
        store
            .public_rsvp_pending(action.id, "t1", NOW)
            .await
            .unwrap()
    );
    assert!(
        !store
            .public_rsvp_pending(action.id, "t2", NOW)
            .await
            .unwrap()
    );
    // Another action's link does not work here.
    let other = store
        .create_action(t.gent, None, &action_draft("10"), "other-tok", None, NOW)
        .await
        .unwrap();
    assert!(
        !store
            .public_rsvp_pending(other.id, "t1", NOW)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .confirm_public_rsvp(other.id, "t1", NOW)
            .await
            .unwrap(),
        None
    );
    // Used once: a new contact of the section, with the consent and the phone given.
    let later = Timestamp(NOW.0 + 600);
    let done = store
        .confirm_public_rsvp(action.id, "t1", later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, RsvpStatus::Confirmed);
    let p = store.person(done.person).await.unwrap().person;
    assert_eq!(
        (
            p.unit,
            p.name.as_str(),
            p.email.as_deref(),
            p.phone.is_some()
        ),
        (t.noord, "Vera Visitor", Some("vera@example.be"), true)
    );
    assert_eq!(store.consents(done.person).await.unwrap().len(), 1);
    assert!(
        !store
            .public_rsvp_pending(action.id, "t1", later)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .confirm_public_rsvp(action.id, "t1", later)
            .await
            .unwrap(),
        None,
        "used once"
    );
    assert_eq!(store.rsvps(action.id).await.unwrap().len(), 1);
    // A second link: works until 48 hours have passed, not after.
    request(
        &store,
        action.id,
        t.noord,
        &visitor("wim@example.be"),
        "t3",
        NOW,
    )
    .await
    .unwrap();
    let last_second = Timestamp(NOW.0 + RSVP_CONFIRM_VALID_SECONDS - 1);
    let expired = Timestamp(NOW.0 + RSVP_CONFIRM_VALID_SECONDS);
    assert_eq!(RSVP_CONFIRM_VALID_SECONDS, 48 * 3600);
    assert!(
        store
            .public_rsvp_pending(action.id, "t3", last_second)
            .await
            .unwrap()
    );
    assert!(
        !store
            .public_rsvp_pending(action.id, "t3", expired)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .confirm_public_rsvp(action.id, "t3", expired)
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(store.rsvps(action.id).await.unwrap().len(), 1);
}

async fn public_rsvp_mails_are_limited_per_address(store: Store) {
    let t = tree(&store).await;
    let action = store
        .create_action(t.gent, None, &action_draft("10"), "lim-tok", None, NOW)
        .await
        .unwrap();
    // Three in an hour, however the address is written; the fourth stores and sends nothing.
    for (i, email) in ["ann@example.be", "Ann@Example.be", "ANN@example.be"]
        .iter()
        .enumerate()
    {
        let at = Timestamp(NOW.0 + i64::try_from(i).unwrap() * 60);
        assert!(
            request(
                &store,
                action.id,
                t.noord,
                &visitor(email),
                &format!("a{i}"),
                at
            )
            .await
            .unwrap()
        );
    }
    let fourth = Timestamp(NOW.0 + 600);
    assert!(
        !request(
            &store,
            action.id,
            t.noord,
            &visitor("ann@example.be"),
            "a4",
            fourth
        )
        .await
        .unwrap()
    );
    assert_eq!(store.pending_mail(10).await.unwrap().len(), 3);
    assert!(
        !store
            .public_rsvp_pending(action.id, "a4", fourth)
            .await
            .unwrap()
    );
    // Another address is not held back.
    assert!(
        request(
            &store,
            action.id,
            t.noord,
            &visitor("bo@example.be"),
            "b1",
            fourth
        )
        .await
        .unwrap()
    );
    // An hour after the first, one more may go.
    let hour_on = Timestamp(NOW.0 + 3600);
    assert!(
        request(
            &store,
            action.id,
            t.noord,
            &visitor("ann@example.be"),
            "a5",
            hour_on
        )
        .await
        .unwrap()
    );
    assert_eq!(store.pending_mail(10).await.unwrap().len(), 5);
    // Simultaneous answers for one address never pass the limit together.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        let id = action.id;
        let section = t.noord;
        tasks.push(tokio::spawn(async move {
            request(
                &store,
                id,
                section,
                &visitor("cas@example.be"),
                &format!("c{i}"),
                NOW,
            )
            .await
            .unwrap()
        }));
    }
    let mut sent = 0;
    for task in tasks {
        if task.await.unwrap() {
            sent += 1;
        }
    }
    assert_eq!(sent, 3);
}

async fn public_rsvps_by_phone_make_a_new_contact_and_never_take_an_address(store: Store) {
    let t = tree(&store).await;
    let known = add(
        &store,
        t.noord,
        PersonInput {
            phone: "0470 11 22 33".into(),
            ..person("Known By Phone")
        },
        None,
    )
    .await;
    let action = store
        .create_action(t.gent, None, &action_draft("1"), "phone-tok", None, NOW)
        .await
        .unwrap();
    let by_phone = PersonInput {
        phone: "0470 11 22 33".into(),
        ..person("Someone")
    }
    .parse()
    .unwrap();
    let first = store
        .public_rsvp(action.id, t.noord, &by_phone, false, false, NOW)
        .await
        .unwrap();
    assert_ne!(first.person, known, "nobody is looked up by phone");
    assert_eq!(first.status, RsvpStatus::Confirmed);
    let second = store
        .public_rsvp(action.id, t.noord, &by_phone, true, false, NOW)
        .await
        .unwrap();
    assert_eq!(second.status, RsvpStatus::Waiting);
    assert_eq!(store.consents(second.person).await.unwrap().len(), 1);
    // With an address, the answer must wait for its link.
    let e = store
        .public_rsvp(
            action.id,
            t.noord,
            &visitor("vera@example.be"),
            false,
            false,
            NOW,
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(e), "email");
    assert_eq!(store.rsvps(action.id).await.unwrap().len(), 2);
}

async fn used_and_expired_rsvp_links_are_forgotten(store: Store) {
    let t = tree(&store).await;
    let action = store
        .create_action(t.gent, None, &action_draft("10"), "prune-tok", None, NOW)
        .await
        .unwrap();
    for (token, email) in [("p1", "a@example.be"), ("p2", "b@example.be")] {
        request(&store, action.id, t.noord, &visitor(email), token, NOW)
            .await
            .unwrap();
    }
    let soon = Timestamp(NOW.0 + 3600);
    request(
        &store,
        action.id,
        t.noord,
        &visitor("c@example.be"),
        "p3",
        soon,
    )
    .await
    .unwrap();
    store
        .confirm_public_rsvp(action.id, "p1", NOW)
        .await
        .unwrap()
        .unwrap();
    // The used one goes; the others still wait.
    assert_eq!(store.prune_rsvp_confirmations(NOW).await.unwrap(), 1);
    assert!(
        store
            .public_rsvp_pending(action.id, "p2", NOW)
            .await
            .unwrap()
    );
    // Past 48 hours the second has expired and goes; the third, made later, stays.
    let expired = Timestamp(NOW.0 + RSVP_CONFIRM_VALID_SECONDS);
    assert_eq!(store.prune_rsvp_confirmations(expired).await.unwrap(), 1);
    assert!(
        store
            .public_rsvp_pending(action.id, "p3", expired)
            .await
            .unwrap()
    );
    assert_eq!(store.prune_rsvp_confirmations(expired).await.unwrap(), 0);
    // The RSVP taken with the used link stays.
    assert_eq!(store.rsvps(action.id).await.unwrap().len(), 1);
}

async fn erasure_deletes_the_rsvp_links_waiting_under_the_address(store: Store) {
    let t = tree(&store).await;
    let dora = add(
        &store,
        t.haven,
        PersonInput {
            email: "dora@example.be".into(),
            ..person("Dora Peeters")
        },
        None,
    )
    .await;
    let action = store
        .create_action(t.gent, None, &action_draft("10"), "erase-tok", None, NOW)
        .await
        .unwrap();
    // Answers under her address (as typed, in any case) and under another's.
    request(
        &store,
        action.id,
        t.noord,
        &visitor("Dora@Example.be"),
        "d1",
        NOW,
    )
    .await
    .unwrap();
    request(
        &store,
        action.id,
        t.noord,
        &visitor("eva@example.be"),
        "e1",
        NOW,
    )
    .await
    .unwrap();
    // Her data export lists the answer waiting under her address.
    let dossier = store.person_dossier(dora).await.unwrap();
    assert!(
        dossier
            .participation
            .iter()
            .any(|p| p.what.starts_with("action") && p.title == "Bus to Maastricht"),
        "{:?}",
        dossier.participation
    );
    let by = admin(&store, t.nation, "dpo@example.be", Role::NationalAdmin).await;
    store
        .erase_person(
            dora,
            AuditEvent {
                at: NOW,
                user: Some(by),
                action: AuditAction::PersonErased,
                person: None,
                detail: String::new(),
                ip: String::new(),
            },
        )
        .await
        .unwrap();
    assert!(
        !store
            .public_rsvp_pending(action.id, "d1", NOW)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .confirm_public_rsvp(action.id, "d1", NOW)
            .await
            .unwrap(),
        None
    );
    assert!(
        store
            .public_rsvp_pending(action.id, "e1", NOW)
            .await
            .unwrap()
    );
    // Her address may ask again (its count went with the rows).
    for i in 0..3 {
        assert!(
            request(
                &store,
                action.id,
                t.noord,
                &visitor("dora@example.be"),
                &format!("d{}", i + 2),
                NOW
            )
            .await
            .unwrap()
        );
    }
}

//! Acting on a rule's events, once per event even when two servers try at the same moment,
//! and the tasks it makes: listed by branch, done with a note, gone with an erased person and
//! moved with a merged one.

use super::{
    DAY, HOLD, at, draft, due, event, make_rule, move_to, new_rule, open_below, path_of, tasks_for,
    titles, who_when, with_email, zuid,
};
use crate::support::{NOW, add, admin, conformance, person, tree};
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::{PersonId, Stage};
use enquete_store::{Effect, MailingState, MailingTally, NewRecipient, Store, StoreError};

conformance!(
    a_rule_acts_once_per_event_even_from_two_servers_at_once,
    a_rule_makes_a_task_a_message_or_nothing,
    tasks_are_listed_by_branch_and_done_with_a_note,
    tasks_go_with_an_erased_person_and_move_with_a_merged_one,
    merging_two_records_is_not_an_event_for_a_stage_rule,
);

// 4. Acting.

async fn a_rule_acts_once_per_event_even_from_two_servers_at_once(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let r = at(100);
    let rule = make_rule(
        &store,
        &new_rule(t.gent, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        r,
    )
    .await;
    move_to(&store, ann, Stage::Sympathiser, at(200)).await;
    let now = at(300);
    let events = due(&store, &rule, now).await;
    assert_eq!(who_when(&events, "stage-change"), [(ann, at(200))]);
    let effect = Effect::Task {
        title: "Welcome Ann".into(),
        due_at: at(300 + 3 * DAY),
    };
    let (a, b) = tokio::join!(
        store.act_on(&rule, &events[0], &effect, now),
        store.act_on(&rule, &events[0], &effect, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a ^ b, "exactly one acted: {a} {b}");
    let open = open_below(&store, t.nation, 10).await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(store.tasks_of(ann).await.unwrap().len(), 1);
    assert_eq!(store.rule(rule.id).await.unwrap().done, 1);
    assert!(due(&store, &rule, now).await.is_empty());
    // Later, again: nothing more.
    assert!(
        !store
            .act_on(&rule, &events[0], &effect, at(400))
            .await
            .unwrap()
    );
    assert_eq!(open_below(&store, t.nation, 10).await.len(), 1);
    assert_eq!(store.rule(rule.id).await.unwrap().done, 1);

    // Four at once for a mail rule: one message.
    let mailing = draft(&store, t.gent, by, "Welcome").await;
    let mail = make_rule(
        &store,
        &new_rule(
            t.gent,
            "Welcome mail",
            "stage:sympathiser",
            0,
            "mail",
            Some(mailing),
        ),
        by,
        r,
    )
    .await;
    let events = due(&store, &mail, now).await;
    assert_eq!(events.len(), 1);
    let message = Effect::Mail(NewRecipient {
        person: ann,
        address: "ann@example.org".into(),
        language: "nl".into(),
        token: "fu-ann".into(),
    });
    let (a, b, c, d) = tokio::join!(
        store.act_on(&mail, &events[0], &message, now),
        store.act_on(&mail, &events[0], &message, now),
        store.act_on(&mail, &events[0], &message, now),
        store.act_on(&mail, &events[0], &message, now)
    );
    let acted = [a.unwrap(), b.unwrap(), c.unwrap(), d.unwrap()];
    assert_eq!(acted.iter().filter(|x| **x).count(), 1, "{acted:?}");
    assert_eq!(
        store.mailing_tally(mailing).await.unwrap(),
        MailingTally {
            recipients: 1,
            queued: 1,
            ..MailingTally::default()
        }
    );
    assert_eq!(store.rule(mail.id).await.unwrap().done, 1);
}

async fn a_rule_makes_a_task_a_message_or_nothing(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "org@example.org", Role::Organizer).await;
    let ann = with_email(&store, t.noord, "Ann").await;
    let bo = with_email(&store, t.noord, "Bo").await;
    let r = at(100);
    let moved = at(200);
    let now = at(300);
    for p in [ann, bo] {
        move_to(&store, p, Stage::Sympathiser, moved).await;
    }

    // A task: in the person's unit (not the rule's), with the title and due date given.
    let tasks = make_rule(
        &store,
        &new_rule(t.gent, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        r,
    )
    .await;
    let events = due(&store, &tasks, now).await;
    assert_eq!(
        who_when(&events, "stage-change"),
        [(ann, moved), (bo, moved)]
    );
    let due_at = at(300 + 3 * DAY);
    assert!(
        store
            .act_on(
                &tasks,
                &events[0],
                &Effect::Task {
                    title: "Welcome Ann".into(),
                    due_at,
                },
                now,
            )
            .await
            .unwrap()
    );
    let open = open_below(&store, t.gent, 10).await;
    assert_eq!(open.len(), 1);
    let task = &open[0];
    assert_eq!(
        (task.unit, task.person, task.title.as_str()),
        (t.noord, ann, "Welcome Ann")
    );
    assert_eq!(task.unit_path, path_of(&store, t.noord).await);
    assert_eq!(
        (
            task.due_at,
            task.created_at,
            task.done_at,
            task.note.as_str()
        ),
        (due_at, now, None, "")
    );
    let read = store.task(task.id).await.unwrap();
    assert_eq!((read.id, read.title.as_str()), (task.id, "Welcome Ann"));
    assert_eq!(store.tasks_of(ann).await.unwrap().len(), 1);
    assert!(store.tasks_of(bo).await.unwrap().is_empty());
    // A mail effect on a rule without a mailing is refused, and writes nothing: still due.
    let refused = store
        .act_on(
            &tasks,
            &events[1],
            &Effect::Mail(NewRecipient {
                person: bo,
                address: "bo@example.org".into(),
                language: "nl".into(),
                token: "fu-bo-nowhere".into(),
            }),
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::NotFound(_)), "{refused:?}");
    assert_eq!(due(&store, &tasks, now).await, events[1..]);
    assert_eq!(store.rule(tasks.id).await.unwrap().done, 1);

    // Nothing: marked done, nothing made.
    assert!(
        store
            .act_on(&tasks, &events[1], &Effect::Nothing, now)
            .await
            .unwrap()
    );
    assert!(due(&store, &tasks, at(30 * DAY)).await.is_empty());
    assert_eq!(store.rule(tasks.id).await.unwrap().done, 2);
    assert!(store.tasks_of(bo).await.unwrap().is_empty());
    assert!(store.mails_of(bo).await.unwrap().is_empty());
    assert_eq!(open_below(&store, t.nation, 10).await.len(), 1);

    // A message: queued in the rule's mailing, handed out though the mailing is automatic,
    // and the mailing stays open for the next ones.
    let mailing = draft(&store, t.gent, by, "Welcome").await;
    let mail = make_rule(
        &store,
        &new_rule(
            t.gent,
            "Welcome mail",
            "stage:sympathiser",
            0,
            "mail",
            Some(mailing),
        ),
        by,
        r,
    )
    .await;
    assert!(
        store
            .claim_messages(10, HOLD, now)
            .await
            .unwrap()
            .is_empty()
    );
    let events = due(&store, &mail, now).await;
    assert_eq!(
        who_when(&events, "stage-change"),
        [(ann, moved), (bo, moved)]
    );
    let to_ann = NewRecipient {
        person: ann,
        address: "ann@example.org".into(),
        language: "nl".into(),
        token: "fu-ann".into(),
    };
    assert!(
        store
            .act_on(&mail, &events[0], &Effect::Mail(to_ann), now)
            .await
            .unwrap()
    );
    assert_eq!(
        store.mailing_tally(mailing).await.unwrap(),
        MailingTally {
            recipients: 1,
            queued: 1,
            ..MailingTally::default()
        }
    );
    assert_eq!(open_below(&store, t.nation, 10).await.len(), 1, "no task");
    let mails = store.mails_of(ann).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(
        (
            mails[0].mailing,
            mails[0].name.as_str(),
            mails[0].state.as_str()
        ),
        (mailing, "Welcome", "queued")
    );
    let batch = store.claim_messages(10, HOLD, now).await.unwrap();
    assert_eq!(batch.len(), 1);
    let o = &batch[0];
    assert_eq!((o.mailing, o.person), (mailing, ann));
    assert_eq!(
        (o.address.as_str(), o.language.as_str(), o.token.as_str()),
        ("ann@example.org", "nl", "fu-ann"),
        "the sealed address opens again"
    );
    assert_eq!(o.attempts, 0);
    assert_eq!(
        store.messages_sent(&[(o.id, o.claim)], now).await.unwrap(),
        1
    );
    assert_eq!(store.finish_mailings(at(400)).await.unwrap(), 0);
    let m = store.mailing(mailing).await.unwrap();
    assert_eq!((m.state, m.finished_at), (MailingState::Automatic, None));
    assert_eq!(
        m.tally,
        MailingTally {
            recipients: 1,
            sent: 1,
            ..MailingTally::default()
        }
    );
    // Bo's, later: handed out too.
    assert!(
        store
            .act_on(
                &mail,
                &events[1],
                &Effect::Mail(NewRecipient {
                    person: bo,
                    address: "bo@example.org".into(),
                    language: "nl".into(),
                    token: "fu-bo".into(),
                }),
                at(500),
            )
            .await
            .unwrap()
    );
    let batch = store.claim_messages(10, HOLD, at(500)).await.unwrap();
    assert_eq!(
        batch
            .iter()
            .map(|o| (o.person, o.address.as_str()))
            .collect::<Vec<_>>(),
        [(bo, "bo@example.org")]
    );
    assert!(due(&store, &mail, at(500)).await.is_empty());
    assert_eq!(store.rule(mail.id).await.unwrap().done, 2);
    // Stopped: what is still queued is not handed out any more.
    store
        .stop_rule(mail.id, at(600), event(AuditAction::FollowUpRule))
        .await
        .unwrap();
    assert!(
        store
            .claim_messages(10, HOLD, at(600 + 2 * HOLD))
            .await
            .unwrap()
            .is_empty()
    );
}

// 5. Tasks.

async fn tasks_are_listed_by_branch_and_done_with_a_note(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let rule = make_rule(
        &store,
        &new_rule(t.nation, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        NOW,
    )
    .await;
    let zuid = zuid(&store, &t).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, zuid, person("Bo"), None).await;
    let far = add(&store, t.haven, person("Far"), None).await;
    let cas = add(&store, t.noord, person("Cas"), None).await;
    // Made in this order; due Bo first, then Far, Cas, Ann.
    let moved = at(100);
    let made = tasks_for(
        &store,
        &rule,
        &[(bo, "Bo"), (far, "Far"), (cas, "Cas"), (ann, "Ann")],
        moved,
    )
    .await;
    let [bo_task, far_task, _cas_task, ann_task] = [&made[0], &made[1], &made[2], &made[3]];
    assert_eq!(
        (bo_task.unit, far_task.unit, ann_task.unit),
        (zuid, t.haven, t.noord)
    );

    // By branch, the most overdue first.
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Bo", "Call Far", "Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.gent, 10).await),
        ["Call Bo", "Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.noord, 10).await),
        ["Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.antwerpen, 10).await),
        ["Call Far"]
    );
    assert_eq!(
        titles(&open_below(&store, t.nation, 2).await),
        ["Call Bo", "Call Far"]
    );
    // A task made later but due before the others comes first.
    let urgent = add(&store, t.noord, person("Urgent"), None).await;
    move_to(&store, urgent, Stage::Sympathiser, at(150)).await;
    let e = due(&store, &rule, at(160)).await;
    assert_eq!(who_when(&e, "stage-change"), [(urgent, at(150))]);
    assert!(
        store
            .act_on(
                &rule,
                &e[0],
                &Effect::Task {
                    title: "Call Urgent".into(),
                    due_at: at(-DAY),
                },
                at(160),
            )
            .await
            .unwrap()
    );
    assert_eq!(
        titles(&open_below(&store, t.noord, 10).await),
        ["Call Urgent", "Call Cas", "Call Ann"]
    );

    // Done with a note, once.
    let done = at(2 * DAY);
    let note = "called, coming on Thursday";
    assert!(
        store
            .task_done(bo_task.id, by, note, done, event(AuditAction::TaskDone))
            .await
            .unwrap()
    );
    assert!(
        !store
            .task_done(
                bo_task.id,
                by,
                "again",
                at(3 * DAY),
                event(AuditAction::TaskDone)
            )
            .await
            .unwrap()
    );
    let read = store.task(bo_task.id).await.unwrap();
    assert_eq!(
        (read.done_at, read.note.as_str(), read.title.as_str()),
        (Some(done), note, "Call Bo")
    );
    assert_eq!(
        titles(&open_below(&store, t.gent, 10).await),
        ["Call Urgent", "Call Cas", "Call Ann"]
    );
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Urgent", "Call Far", "Call Cas", "Call Ann"]
    );
    let of_bo = store.tasks_of(bo).await.unwrap();
    assert_eq!(of_bo.len(), 1);
    assert_eq!(
        (of_bo[0].id, of_bo[0].done_at, of_bo[0].note.as_str()),
        (bo_task.id, Some(done), note)
    );
    let done_lines = store
        .audit_events(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::TaskDone)
        .count();
    assert_eq!(done_lines, 1, "the second call wrote nothing");
    // Done without a note.
    assert!(
        store
            .task_done(far_task.id, by, "", done, event(AuditAction::TaskDone))
            .await
            .unwrap()
    );
    // Unknown.
    assert!(
        !store
            .task_done(
                enquete_store::TaskId(999_999),
                by,
                "",
                done,
                event(AuditAction::TaskDone)
            )
            .await
            .unwrap()
    );
    assert!(matches!(
        store.task(enquete_store::TaskId(999_999)).await,
        Err(StoreError::NotFound(_))
    ));

    // In the data export: done with the note, done, open.
    let exported = |who: PersonId| {
        let store = store.clone();
        async move {
            store
                .person_dossier(who)
                .await
                .unwrap()
                .participation
                .into_iter()
                .filter(|p| p.what == "task")
                .map(|p| (p.title, p.detail, p.at))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        exported(bo).await,
        [(
            "Call Bo".to_owned(),
            format!("done: {note}"),
            bo_task.created_at
        )]
    );
    assert_eq!(
        exported(far).await,
        [(
            "Call Far".to_owned(),
            "done".to_owned(),
            far_task.created_at
        )]
    );
    assert_eq!(
        exported(ann).await,
        [(
            "Call Ann".to_owned(),
            "open".to_owned(),
            ann_task.created_at
        )]
    );
}

async fn tasks_go_with_an_erased_person_and_move_with_a_merged_one(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let rule = make_rule(
        &store,
        &new_rule(t.nation, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        NOW,
    )
    .await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let keep = add(&store, t.noord, person("Keep"), None).await;
    let twin = add(&store, t.noord, person("Twin"), None).await;
    let made = tasks_for(
        &store,
        &rule,
        &[(ann, "Ann"), (bo, "Bo"), (keep, "Keep"), (twin, "Twin")],
        at(100),
    )
    .await;
    assert!(
        store
            .task_done(made[0].id, by, "met", at(200), event(AuditAction::TaskDone))
            .await
            .unwrap()
    );
    assert_eq!(store.rule(rule.id).await.unwrap().done, 4);

    // Erased: her tasks and what the rule did for her go with her.
    store
        .erase_person(ann, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert!(store.tasks_of(ann).await.unwrap().is_empty());
    assert!(matches!(
        store.task(made[0].id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.rule(rule.id).await.unwrap().done, 3);
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Bo", "Call Keep", "Call Twin"]
    );
    // One with an open task too.
    store
        .erase_person(bo, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert_eq!(store.rule(rule.id).await.unwrap().done, 2);
    assert_eq!(
        titles(&open_below(&store, t.nation, 10).await),
        ["Call Keep", "Call Twin"]
    );

    // Merged: both tasks on the record kept.
    store
        .merge_people(keep, twin, None, at(300), None)
        .await
        .unwrap();
    let mut kept: Vec<(String, PersonId)> = store
        .tasks_of(keep)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.title, t.person))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            ("Call Keep".to_owned(), keep),
            ("Call Twin".to_owned(), keep)
        ]
    );
    assert!(store.tasks_of(twin).await.unwrap().is_empty());
    assert_eq!(
        open_below(&store, t.noord, 10)
            .await
            .iter()
            .map(|t| (t.title.as_str(), t.person))
            .collect::<Vec<_>>(),
        [("Call Keep", keep), ("Call Twin", keep)]
    );
    // What the rule did for the twin counts for the record kept.
    assert_eq!(store.rule(rule.id).await.unwrap().done, 2);
    // And the kept record can be erased with both.
    store
        .erase_person(keep, event(AuditAction::PersonErased))
        .await
        .unwrap();
    assert!(open_below(&store, t.nation, 10).await.is_empty());
    assert_eq!(store.rule(rule.id).await.unwrap().done, 0);
}

/// Two records of one sympathiser, each already welcomed: merging them moves nobody up the
/// ladder, so the rule has nothing new to act on.
async fn merging_two_records_is_not_an_event_for_a_stage_rule(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "org@example.org", Role::Organizer).await;
    let rule = make_rule(
        &store,
        &new_rule(t.nation, "Welcome", "stage:sympathiser", 0, "task", None),
        by,
        NOW,
    )
    .await;
    let keep = add(&store, t.noord, person("Keep"), None).await;
    let twin = add(&store, t.noord, person("Twin"), None).await;
    tasks_for(&store, &rule, &[(keep, "Keep"), (twin, "Twin")], at(100)).await;
    assert!(due(&store, &rule, at(200)).await.is_empty());
    store
        .merge_people(keep, twin, None, at(300), None)
        .await
        .unwrap();
    assert_eq!(
        store.person(keep).await.unwrap().person.stage,
        Stage::Sympathiser
    );
    let after = due(&store, &rule, at(400)).await;
    assert!(
        after.is_empty(),
        "the merge is listed as a new change to sympathiser: {after:?}"
    );
}

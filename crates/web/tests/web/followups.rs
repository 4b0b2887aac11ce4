//! Follow-ups through the pages and a real SMTP server: a new sympathiser gets a welcome mail
//! in their language and a task for the section's organizers, once, however many servers run
//! the rules; the task shows on the organizer's start page, flagged once overdue, and is done
//! with a note that lands on the person's history; someone who said they would come and did not
//! gets a task too.

use crate::mailings::{SmtpSink, config, header};
use crate::support::TestApp;
use axum::http::StatusCode;
use enquete_app::mail::Transport;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonInput, Stage,
};
use std::collections::BTreeMap;

#[tokio::test]
async fn a_new_sympathiser_gets_a_welcome_mail_and_a_call_from_the_section() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::new().await;
    let p = app.places().await;
    let section = p.section.id.0.to_string();
    let mut organizer = app.login(Role::Organizer).await;

    // The welcome message: a draft mailing (its audience is not used by a rule).
    let saved = organizer
        .post(
            "/audiences",
            &[
                ("unit", section.as_str()),
                ("name", "Section"),
                ("tag", "nobody"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let segment = app.store.segments_below(&p.section.path).await.unwrap()[0]
        .id
        .0;
    let made = organizer
        .post(
            "/mailings",
            &[
                ("audience", segment.to_string().as_str()),
                ("name", "Welcome"),
                ("subject_nl", "Welkom"),
                ("body_nl", "Dag {{first_name}}, welkom bij {{unit}}."),
                ("subject_en", "Welcome"),
                ("body_en", "Hello {{first_name}}, welcome to {{unit}}."),
                ("fallback", "en"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let mailing = made.location().trim_start_matches("/mailings/").to_owned();

    // Bad input is named by its field.
    let bad = organizer
        .post(
            "/followups",
            &[
                ("unit", section.as_str()),
                ("name", "Call them"),
                ("trigger", "stage:sympathiser"),
                ("delay_days", "never"),
                ("effect", "task"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("must be a number of days from 0 to 365"),
        "{}",
        bad.body
    );
    for form in [
        vec![
            ("unit", section.as_str()),
            ("name", "Welcome mail"),
            ("trigger", "stage:sympathiser"),
            ("delay_days", "0"),
            ("effect", "mail"),
            ("mailing", mailing.as_str()),
        ],
        vec![
            ("unit", section.as_str()),
            ("name", "Call the new sympathiser"),
            ("trigger", "stage:sympathiser"),
            ("delay_days", "0"),
            ("effect", "task"),
            ("due_days", "7"),
        ],
        vec![
            ("unit", section.as_str()),
            ("name", "Ask why they could not come"),
            ("trigger", "no_show"),
            ("delay_days", "1"),
            ("effect", "task"),
            ("due_days", "3"),
        ],
    ] {
        let r = organizer.post("/followups", &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let rules = organizer.get("/followups").await;
    assert!(
        rules.body.contains("Call the new sympathiser"),
        "{}",
        rules.body
    );

    // Someone becomes a sympathiser after the rules were made.
    let now = Timestamp::now_utc();
    let input = PersonInput {
        name: "Lotte Nieuw".into(),
        email: "lotte@example.be".into(),
        languages: "nl".into(),
        ..Default::default()
    };
    let consents = [NewConsent {
        purpose: ConsentPurpose::Contact,
        granted: true,
        source: ConsentSource::parse("door").unwrap(),
    }];
    let lotte = app
        .store
        .create_person(
            p.section.id,
            &input.parse().unwrap(),
            &consents,
            None,
            now,
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    app.store
        .move_stage(
            lotte,
            Stage::Sympathiser,
            &MoveReason::parse("signed up at the door").unwrap(),
            None,
            Timestamp(now.0 + 1),
            None,
        )
        .await
        .unwrap();

    // Two servers run the rules at once: one task, one message.
    let later = Timestamp(now.0 + 10);
    let (one, two) = (
        enquete_app::App::new(app.store.clone()),
        enquete_app::App::new(app.store.clone()),
    );
    let (a, b) = tokio::join!(
        enquete_app::followups::run(&one, later),
        enquete_app::followups::run(&two, later)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.tasks + b.tasks, a.messages + b.messages), (1, 1));
    let again = enquete_app::followups::run(&one, later).await.unwrap();
    assert_eq!((again.tasks, again.messages), (0, 0));

    let cfg = config(smtp.port);
    let transport = Transport::from_config(&cfg).unwrap();
    let sent = enquete_app::mailings::send::run_once(&one, &transport, &cfg, &BTreeMap::new(), 10)
        .await
        .unwrap();
    assert_eq!(sent.sent, 1);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(
        header(&messages[0], "To").as_deref(),
        Some("lotte@example.be")
    );
    assert_eq!(header(&messages[0], "Subject").as_deref(), Some("Welkom"));
    assert!(
        messages[0].contains("Dag Lotte, welkom bij"),
        "{}",
        messages[0]
    );

    // The task is on the organizer's start page, not yet overdue.
    let today = organizer.get("/").await;
    assert!(today.body.contains("id=\"tasks-open\""), "{}", today.body);
    assert!(
        today.body.contains("Call the new sympathiser"),
        "{}",
        today.body
    );
    assert!(
        !today.body.contains("class=\"card overdue\""),
        "{}",
        today.body
    );
    let task = app.store.open_tasks(&p.section.path, 10).await.unwrap()[0].clone();
    assert_eq!(task.person, lotte);
    assert_eq!(task.due_at.0, later.0 + 7 * 86_400);

    // A canvasser of the section does not get it: they do not run the section.
    let mut canvasser = app.login(Role::Canvasser).await;
    let theirs = canvasser.get("/").await;
    assert!(!theirs.body.contains("Call the new sympathiser"));
    assert_eq!(
        canvasser
            .post(&format!("/tasks/{}/done", task.id.0), &[("note", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Done, with what came of it: on the person's history.
    let done = organizer
        .post(
            &format!("/tasks/{}/done", task.id.0),
            &[("note", "called, coming on Sunday")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let dossier = app.store.person_dossier(lotte).await.unwrap();
    assert!(
        dossier
            .participation
            .iter()
            .any(|p| p.what == "task" && p.detail == "done: called, coming on Sunday")
    );
    assert!(dossier.participation.iter().any(|p| p.what == "mail"));
    // And on their page, among the contacts.
    let page = organizer.get(&format!("/people/{}", lotte.0)).await;
    assert!(page.body.contains("id=\"contacts\""), "{}", page.body);
    assert!(
        page.body.contains("Welcome") && page.body.contains("follow-up task"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("done called, coming on Sunday"),
        "{}",
        page.body
    );

    // Said they would come, did not: a task the day after.
    let tomorrow = Timestamp(now.0 + 86_400);
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Assembly",
        "",
        "Hall",
        &format!("{}T12:00", tomorrow.date()),
        "",
    )
    .unwrap();
    let action = app
        .store
        .create_action(p.section.id, None, &draft, "followup-action", None, now)
        .await
        .unwrap()
        .id;
    app.store
        .rsvp(action, lotte, false, "test", now)
        .await
        .unwrap();
    let before = enquete_app::followups::run(&one, Timestamp(now.0 + 86_400 + 3_600))
        .await
        .unwrap();
    assert_eq!(before.tasks, 0, "the day after has not come yet");
    let after = enquete_app::followups::run(&one, Timestamp(now.0 + 3 * 86_400))
        .await
        .unwrap();
    assert_eq!(after.tasks, 1);
    // Overdue a week later: flagged on the start page.
    let overdue = app.store.open_tasks(&p.section.path, 10).await.unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].title, "Ask why they could not come");
    app.store
        .task_done(
            overdue[0].id,
            enquete_domain::account::UserId(1),
            "",
            Timestamp(now.0 + 20 * 86_400),
            enquete_store::AuditEvent {
                at: now,
                user: None,
                action: enquete_domain::audit::AuditAction::TaskDone,
                person: None,
                detail: String::new(),
                ip: "test".into(),
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn an_overdue_task_is_flagged_on_the_start_page() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut organizer = app.login(Role::Organizer).await;
    let r = organizer
        .post(
            "/followups",
            &[
                ("unit", p.section.id.0.to_string().as_str()),
                ("name", "Welcome call"),
                ("trigger", "stage:member"),
                ("effect", "task"),
                ("due_days", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let now = Timestamp::now_utc();
    let input = PersonInput {
        name: "Jan Lid".into(),
        ..Default::default()
    };
    let jan = app
        .store
        .create_person(p.section.id, &input.parse().unwrap(), &[], None, now, None)
        .await
        .unwrap()
        .person
        .id;
    app.store
        .move_stage(
            jan,
            Stage::Member,
            &MoveReason::parse("joined").unwrap(),
            None,
            now,
            None,
        )
        .await
        .unwrap();
    // Due at once: overdue a moment later.
    let app2 = enquete_app::App::new(app.store.clone());
    let acted = enquete_app::followups::run(&app2, now).await.unwrap();
    assert_eq!(acted.tasks, 1);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let today = organizer.get("/").await;
    assert!(
        today.body.contains("class=\"card overdue\""),
        "{}",
        today.body
    );
    let tasks = organizer.get("/tasks").await;
    assert!(tasks.body.contains("Welcome call"), "{}", tasks.body);
    let mut analyst = app.login(Role::Analyst).await;
    assert_eq!(analyst.get("/tasks").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        analyst.get("/followups").await.status,
        StatusCode::FORBIDDEN
    );
}

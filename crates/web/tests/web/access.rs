//! The authorization matrix: every route × every role (and no login at all), allowed or denied,
//! over the pages and over the API. The expectations are written out by hand: they are the
//! access rules of the roles README.md lists, and the code must match them.

use crate::support::{Client, TestApp};
use axum::http::{Method, StatusCode};
use enquete_domain::account::Role;
use serde_json::json;

/// Columns of the matrix, in this order.
const ROLES: [Option<Role>; 7] = [
    Some(Role::NationalAdmin),
    Some(Role::Organizer),
    Some(Role::Canvasser),
    Some(Role::Analyst),
    Some(Role::Steward),
    Some(Role::GateScanner),
    None,
];

/// One row: the request and, per column, whether it is allowed (`Y`) or denied (`n`).
pub(crate) struct Row {
    pub(crate) method: Method,
    pub(crate) path: String,
    /// Form fields (pages) or a JSON body (API, when the path starts with /api/).
    pub(crate) form: Vec<(String, String)>,
    pub(crate) json: Option<serde_json::Value>,
    pub(crate) expect: &'static str,
}

pub(crate) fn page(
    method: Method,
    path: String,
    form: &[(&str, String)],
    expect: &'static str,
) -> Row {
    Row {
        method,
        path,
        form: form
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        json: None,
        expect,
    }
}

pub(crate) fn api(
    method: Method,
    path: String,
    json: Option<serde_json::Value>,
    expect: &'static str,
) -> Row {
    Row {
        method,
        path,
        form: Vec::new(),
        json,
        expect,
    }
}

pub(crate) async fn run(client: &mut Client, row: &Row) -> crate::support::Response {
    if row.path.starts_with("/api/") {
        client
            .api(row.method.clone(), &row.path, row.json.clone())
            .await
    } else if row.method == Method::GET {
        client.get(&row.path).await
    } else {
        let fields: Vec<(&str, &str)> = row
            .form
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        client.post(&row.path, &fields).await
    }
}

/// Denied means 403 for someone logged in; for no login, the API answers 401 and pages send
/// the visitor to the login page. Allowed is anything else but a server error.
pub(crate) fn verdict(
    role: Option<Role>,
    row: &Row,
    res: &crate::support::Response,
) -> Result<bool, String> {
    if res.status.is_server_error() {
        return Err(format!("server error {}: {}", res.status, res.body));
    }
    let denied = match role {
        Some(_) => res.status == StatusCode::FORBIDDEN,
        None if row.path.starts_with("/api/") => res.status == StatusCode::UNAUTHORIZED,
        None => res.status == StatusCode::SEE_OTHER && res.location().starts_with("/login"),
    };
    // Allowed is a real answer: a page or data, a redirect after a form, or a refusal of the
    // input itself (the request got past the policy). A 404 or 400 would mean the row is wrong.
    let allowed = res.status.is_success()
        || (res.status == StatusCode::SEE_OTHER && !res.location().starts_with("/login"))
        || res.status == StatusCode::UNPROCESSABLE_ENTITY;
    match (denied, allowed) {
        (true, _) => Ok(false),
        (false, true) => Ok(true),
        (false, false) => Err(format!(
            "neither allowed nor denied: {} {}",
            res.status, res.body
        )),
    }
}

/// The rows, on a fresh app: each column of the matrix runs on its own database, so that what
/// one role changes cannot decide what another role is allowed.
async fn rows(app: &TestApp) -> Vec<Row> {
    let p = app.places().await;
    // A spare section to rename, move, archive and restore without disturbing the others.
    let spare = app
        .store
        .create_unit(
            Some(p.city.id),
            enquete_domain::org::UnitKind::Neighbourhood,
            &enquete_domain::org::UnitName::parse("Spare").unwrap(),
            crate::support::NOW,
        )
        .await
        .unwrap();
    // Two throwaway records to merge.
    let add = |name: &str| {
        let store = app.store.clone();
        let input = enquete_domain::people::PersonInput {
            name: name.into(),
            ..Default::default()
        };
        let unit = p.section.id;
        async move {
            store
                .create_person(
                    unit,
                    &input.parse().unwrap(),
                    &[],
                    None,
                    crate::support::NOW,
                    None,
                )
                .await
                .unwrap()
                .person
                .id
        }
    };
    let keep = add("Keep Me").await;
    let twin = add("Twin Of Keep").await;

    let survey = app.store.surveys().await.unwrap().remove(0);
    let sid = survey.id.0;
    // A response with a photo in the canvasser's section, one in a far section.
    let photo_response = |id: &str, unit: enquete_domain::org::UnitId| enquete_store::NewResponse {
        id: id.into(),
        survey: survey.id,
        version: survey.version,
        unit,
        channel: enquete_domain::survey::Channel::Door,
        collector: None,
        collected_at: crate::support::NOW,
        answers: Default::default(),
        contact: None,
        origin: "test".into(),
    };
    let (near, far_response) = (
        "0190f000-0000-7000-8000-000000000001",
        "0190f000-0000-7000-8000-000000000002",
    );
    app.store
        .ingest_responses(
            &[
                photo_response(near, p.section.id),
                photo_response(far_response, p.far.id),
            ],
            crate::support::NOW,
        )
        .await
        .unwrap();
    for id in [near, far_response] {
        app.store
            .put_attachment(
                id,
                "door.jpg",
                "image/jpeg",
                b"\xff\xd8photo",
                crate::support::NOW,
            )
            .await
            .unwrap();
    }
    let mut local = survey.definition.clone();
    local.form_id = "local_matrix".into();
    let local = serde_json::to_value(&local).unwrap();
    let canvasser = app
        .store
        .user_by_email("canvasser@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let doors = vec!["Sleepstraat 1".to_owned()];
    let aid = app
        .store
        .create_assignment(
            p.section.id,
            survey.id,
            canvasser,
            "Matrix street",
            &doors,
            None,
            crate::support::NOW,
        )
        .await
        .unwrap()
        .id;
    let (nation, city, section, workplace, far) = (
        p.nation.id,
        p.city.id,
        p.section.id,
        p.workplace.id,
        p.far.id,
    );
    let (own, neighbour, worker, stranger) = (p.own, p.neighbour, p.worker, p.stranger);
    // Call lists: one of the canvasser's section, one far away.
    let call_list = |unit: enquete_domain::org::UnitId, who: enquete_domain::people::PersonId| {
        let store = app.store.clone();
        async move {
            store
                .create_call_assignment(
                    &enquete_store::NewCallAssignment {
                        unit,
                        name: "Matrix calls",
                        script: "",
                        survey: None,
                        cooldown_minutes: 60,
                        max_attempts: 3,
                        people: &[(who, 1)],
                        by: canvasser,
                    },
                    crate::support::NOW,
                )
                .await
                .unwrap()
                .id
                .0
        }
    };
    let (near_calls, far_calls) = (
        call_list(p.section.id, own).await,
        call_list(p.far.id, stranger).await,
    );
    // Mailings: an audience and a mailing of the section, the same far away; the section's
    // mailing started, with its unsubscribe link.
    let mailing_of = |unit: enquete_domain::org::UnitId| {
        let store = app.store.clone();
        async move {
            let segment = store
                .create_segment(
                    unit,
                    "Matrix audience",
                    "{}",
                    canvasser,
                    crate::support::NOW,
                )
                .await
                .unwrap();
            let mailing = store
                .create_mailing(
                    &enquete_store::MailingContent {
                        channel: "email",
                        unit,
                        segment,
                        name: "Matrix mailing",
                        purpose: enquete_domain::people::ConsentPurpose::Contact,
                        templates: r#"{"en":{"subject":"Hi","body":"Hello"}}"#,
                        fallback: "en",
                    },
                    canvasser,
                    crate::support::NOW,
                )
                .await
                .unwrap();
            (segment.0, mailing)
        }
    };
    let (near_segment, near_mailing) = mailing_of(p.section.id).await;
    let (far_segment, far_mailing) = mailing_of(p.far.id).await;
    let audit = enquete_store::AuditEvent {
        at: crate::support::NOW,
        user: None,
        action: enquete_domain::audit::AuditAction::MailingScheduled,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    };
    app.store
        .schedule_mailing(near_mailing, crate::support::NOW, audit)
        .await
        .unwrap();
    let unsubscribe = "matrixunsubscribetoken01";
    app.store
        .start_mailing(
            near_mailing,
            &[enquete_store::NewRecipient {
                person: own,
                address: "own@example.org".into(),
                language: "en".into(),
                token: unsubscribe.into(),
            }],
            crate::support::NOW,
        )
        .await
        .unwrap();
    app.store
        .mailing_links(near_mailing, &["https://example.org/read".to_owned()])
        .await
        .unwrap();
    let (near_mailing, far_mailing) = (near_mailing.0, far_mailing.0);
    // Webhooks: one of the section, one far away.
    let hook = |unit: enquete_domain::org::UnitId| {
        let store = app.store.clone();
        async move {
            let audit = enquete_store::AuditEvent {
                at: crate::support::NOW,
                user: None,
                action: enquete_domain::audit::AuditAction::Webhook,
                person: None,
                detail: String::new(),
                ip: "test".into(),
            };
            store
                .create_webhook(
                    unit,
                    "https://tools.example.org/hook",
                    "secret",
                    &["person.added"],
                    canvasser,
                    crate::support::NOW,
                    audit,
                )
                .await
                .unwrap()
                .0
        }
    };
    let (near_hook, far_hook) = (hook(p.section.id).await, hook(p.far.id).await);
    // Follow-ups: a rule and a task in the section, the same far away.
    let follow_up = |unit: enquete_domain::org::UnitId, who: enquete_domain::people::PersonId| {
        let store = app.store.clone();
        async move {
            let audit = enquete_store::AuditEvent {
                at: crate::support::NOW,
                user: None,
                action: enquete_domain::audit::AuditAction::FollowUpRule,
                person: None,
                detail: String::new(),
                ip: "test".into(),
            };
            let rule = store
                .create_rule(
                    &enquete_store::NewRule {
                        unit,
                        name: "Matrix rule",
                        trigger: "stage:sympathiser",
                        delay_days: 0,
                        effect: "task",
                        due_days: 7,
                        mailing: None,
                    },
                    canvasser,
                    crate::support::NOW,
                    audit,
                )
                .await
                .unwrap();
            let rule = store.rule(rule).await.unwrap();
            let event = enquete_store::DueEvent {
                person: who,
                event: "stage-change:0".into(),
                at: crate::support::NOW,
            };
            let effect = enquete_store::Effect::Task {
                title: "Matrix task".into(),
                due_at: crate::support::NOW,
            };
            store
                .act_on(&rule, &event, &effect, crate::support::NOW)
                .await
                .unwrap();
            let task = store
                .tasks_of(who)
                .await
                .unwrap()
                .into_iter()
                .next()
                .unwrap()
                .id
                .0;
            (rule.id.0, task)
        }
    };
    let (near_rule, near_task) = follow_up(p.section.id, own).await;
    let (far_rule, far_task) = follow_up(p.far.id, stranger).await;
    // Campaign work: a national focus, an action in the nation and one in the section, a
    // petition of the city.
    let now = enquete_domain::Timestamp::now_utc();
    let (starts, ends) = (
        enquete_domain::Timestamp(now.0 - 86_400).date(),
        enquete_domain::Timestamp(now.0 + 86_400 * 30).date(),
    );
    let focus = app
        .store
        .create_campaign(
            &enquete_store::NewCampaign {
                unit: nation,
                draft: enquete_domain::campaign::CampaignDraft::parse("Focus", "", &starts, &ends)
                    .unwrap(),
                survey: None,
                question: String::new(),
                choice: String::new(),
                evidence: String::new(),
            },
            &[enquete_store::TargetRow {
                unit: nation,
                metric: enquete_domain::campaign::Metric::Attendance,
                target: 10,
            }],
            None,
            now,
        )
        .await
        .unwrap()
        .id;
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Matrix action",
        "",
        "Hall",
        &format!("{ends}T19:00"),
        "",
    )
    .unwrap();
    let national_action = app
        .store
        .create_action(nation, Some(focus), &draft, "matrix-national", None, now)
        .await
        .unwrap()
        .id;
    let local_action = app
        .store
        .create_action(section, Some(focus), &draft, "matrix-local", None, now)
        .await
        .unwrap()
        .id;
    // Actions to cancel, so that the others stay open for the rows after.
    let (local_spare, national_spare) = (
        app.store
            .create_action(section, None, &draft, "matrix-local-spare", None, now)
            .await
            .unwrap()
            .id,
        app.store
            .create_action(nation, None, &draft, "matrix-national-spare", None, now)
            .await
            .unwrap()
            .id,
    );
    let petition = app
        .store
        .create_petition(
            city,
            Some(focus),
            &enquete_domain::campaign::PetitionDraft::parse(
                &[("en", "Matrix petition")],
                &[("en", "Text")],
                "the city",
                "",
            )
            .unwrap(),
            "matrix-petition",
            None,
            now,
        )
        .await
        .unwrap()
        .id;
    let meeting = app
        .store
        .create_meeting(section, now, "Agenda", None, now)
        .await
        .unwrap()
        .id;
    let project = app
        .store
        .create_project(
            section,
            &enquete_domain::campaign::ProjectDraft::parse("Food bank", "", "").unwrap(),
            None,
            now,
        )
        .await
        .unwrap()
        .id;
    let s = |v: i64| v.to_string();
    use Method as M;
    //                                                                          admin org canv anal stew gate none
    let mut all = vec![
        page(M::GET, "/".into(), &[], "YYYYYYn"),
        page(M::GET, "/units".into(), &[], "YYYYYnn"),
        page(M::GET, format!("/units/{nation}"), &[], "YnnYnnn"),
        page(M::GET, format!("/units/{city}"), &[], "YYnYnnn"),
        page(M::GET, format!("/units/{section}"), &[], "YYYYnnn"),
        page(M::GET, format!("/units/{workplace}"), &[], "YYnYYnn"),
        page(M::GET, format!("/units/{far}"), &[], "YnnYnnn"),
        page(
            M::POST,
            "/units".into(),
            &[
                ("parent", s(city.0)),
                ("kind", "youth".into()),
                ("name", "New Youth".into()),
            ],
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/units".into(),
            &[
                ("parent", s(nation.0)),
                ("kind", "region".into()),
                ("name", "New Region".into()),
            ],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{}/rename", spare.id),
            &[("name", "Spare Renamed".into())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{city}/rename"),
            &[("name", "Renamed City".into())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{}/move", spare.id),
            &[("parent", s(city.0))],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{far}/move"),
            &[("parent", s(city.0))],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{}/archive", spare.id),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/units/{}/restore", spare.id),
            &[],
            "YYnnnnn",
        ),
        page(M::GET, "/people".into(), &[], "YYYnYnn"),
        // The person picker: as the person list.
        page(M::GET, "/people/pick?q=contact".into(), &[], "YYYnYnn"),
        page(M::GET, format!("/people?unit={far}"), &[], "Ynnnnnn"),
        page(M::GET, "/people/new".into(), &[], "YYYnYnn"),
        page(
            M::POST,
            "/people".into(),
            &[("unit", s(section.0)), ("name", "Door Contact".into())],
            "YYYnnnn",
        ),
        page(
            M::POST,
            "/people".into(),
            &[("unit", s(far.0)), ("name", "Far Contact".into())],
            "Ynnnnnn",
        ),
        // A list's selection: tagged by those who edit people (out-of-reach people are
        // skipped, tested in lists.rs), signed up by those who run actions, exported by
        // organizers and national admins.
        page(
            M::POST,
            "/people/bulk".into(),
            &[
                ("person", s(worker.0)),
                ("do", "tag-add".into()),
                ("tag_name", "matrix".into()),
            ],
            "YYnnYnn",
        ),
        page(
            M::POST,
            "/people/bulk".into(),
            &[
                ("person", s(worker.0)),
                ("do", "rsvp".into()),
                ("action", s(local_action.0)),
            ],
            "YYnnYnn",
        ),
        page(
            M::POST,
            "/people/bulk".into(),
            &[("person", s(worker.0)), ("do", "export".into())],
            "YYnnnnn",
        ),
        page(M::GET, "/people/duplicates".into(), &[], "YYnnnnn"),
        page(M::GET, format!("/people/{own}"), &[], "YYYnnnn"),
        page(M::GET, format!("/people/{neighbour}"), &[], "YYnnnnn"),
        page(M::GET, format!("/people/{worker}"), &[], "YYnnYnn"),
        page(M::GET, format!("/people/{stranger}"), &[], "Ynnnnnn"),
        page(M::GET, format!("/people/{neighbour}/edit"), &[], "YYnnnnn"),
        page(M::GET, format!("/people/{own}/edit"), &[], "YYnnnnn"),
        page(
            M::POST,
            format!("/people/{neighbour}"),
            &[("name", "Neighbour Edited".into())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/people/{worker}/stage"),
            &[("to", "sympathiser".into()), ("reason", "matrix".into())],
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/people/{stranger}/stage"),
            &[("to", "active".into()), ("reason", "matrix".into())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/people/{worker}/consents"),
            &[
                ("purpose", "contact".into()),
                ("granted", "yes".into()),
                ("source", "matrix".into()),
            ],
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/people/{keep}/merge"),
            &[("other", s(twin.0))],
            "YYnnnnn",
        ),
        page(M::GET, "/users".into(), &[], "YYnnnnn"),
        page(
            M::POST,
            "/users".into(),
            &[
                ("email", "new.canvasser@example.org".into()),
                ("display_name", "New".into()),
                ("role", "canvasser".into()),
                ("unit", s(section.0)),
            ],
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/users".into(),
            &[
                ("email", "new.admin@example.org".into()),
                ("display_name", "New".into()),
                ("role", "national_admin".into()),
                ("unit", s(nation.0)),
            ],
            "Ynnnnnn",
        ),
        page(M::GET, "/audit".into(), &[], "Ynnnnnn"),
        page(M::GET, "/account".into(), &[], "YYYYYYn"),
        page(M::GET, "/canvass".into(), &[], "YYYnYnn"),
        page(M::GET, "/surveys".into(), &[], "YYYYYnn"),
        page(M::GET, format!("/surveys/{sid}"), &[], "YYYYYnn"),
        page(M::GET, format!("/surveys/{sid}/xlsform"), &[], "YYYYYnn"),
        // Photos and files of responses: those who run the unit, never analysts.
        page(M::GET, format!("/surveys/{sid}/files"), &[], "YYnnnnn"),
        page(
            M::GET,
            format!("/responses/{near}/files/door.jpg"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::GET,
            format!("/responses/{far_response}/files/door.jpg"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/surveys/{sid}/links"),
            &[("unit", s(section.0))],
            "YYnnnnn",
        ),
        page(M::GET, format!("/canvass/{sid}"), &[], "YYYnYnn"),
        page(M::GET, "/assignments".into(), &[], "YYnnYnn"),
        // Phone banking: lists made by those who run the unit, called by its volunteers too.
        page(M::GET, "/calls".into(), &[], "YYYnYnn"),
        page(
            M::POST,
            "/calls".into(),
            &[
                ("unit", s(section.0)),
                ("name", "Matrix list".into()),
                ("step", "count".into()),
            ],
            "YYnnnnn",
        ),
        page(M::GET, format!("/calls/{near_calls}"), &[], "YYYnnnn"),
        page(M::GET, format!("/calls/{far_calls}"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/calls/{near_calls}/outcome"),
            &[("person_id", s(own.0)), ("outcome", "no_answer".into())],
            "YYYnnnn",
        ),
        page(M::POST, format!("/calls/{far_calls}/close"), &[], "Ynnnnnn"),
        // Mailings: those who run the unit; canvassers, stewards and analysts send nothing.
        page(M::GET, "/audiences".into(), &[], "YYnnnnn"),
        page(
            M::POST,
            "/audiences".into(),
            &[("unit", s(section.0)), ("step", "count".into())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/audiences".into(),
            &[("unit", s(far.0)), ("step", "count".into())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/audiences/{near_segment}/delete"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/audiences/{far_segment}/delete"),
            &[],
            "Ynnnnnn",
        ),
        page(M::GET, "/mailings".into(), &[], "YYnnnnn"),
        page(
            M::POST,
            "/mailings".into(),
            &[
                ("audience", s(far_segment)),
                ("name", "Matrix".into()),
                ("subject_en", "Hi".into()),
                ("body_en", "Hello".into()),
            ],
            "Ynnnnnn",
        ),
        page(M::GET, format!("/mailings/{near_mailing}"), &[], "YYnnnnn"),
        page(M::GET, format!("/mailings/{far_mailing}"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/mailings/{far_mailing}"),
            &[
                ("audience", s(far_segment)),
                ("name", "Matrix".into()),
                ("subject_en", "Hi".into()),
                ("body_en", "Hello".into()),
            ],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/mailings/{far_mailing}/test"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/mailings/{far_mailing}/schedule"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/mailings/{far_mailing}/bounces"),
            &[("report", "x@example.org".into())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/mailings/{near_mailing}/cancel"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/mailings/{far_mailing}/cancel"),
            &[],
            "Ynnnnnn",
        ),
        // Follow-ups: rules by those who send mail; tasks by those who run the unit.
        page(M::GET, "/followups".into(), &[], "YYnnnnn"),
        page(
            M::POST,
            "/followups".into(),
            &[("unit", s(far.0)), ("trigger", "no_show".into())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/followups/{near_rule}/stop"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/followups/{far_rule}/stop"),
            &[],
            "Ynnnnnn",
        ),
        page(M::GET, "/tasks".into(), &[], "YYnnYnn"),
        page(
            M::POST,
            format!("/tasks/{near_task}/done"),
            &[("note", "ok".into())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/tasks/{far_task}/done"),
            &[("note", "ok".into())],
            "Ynnnnnn",
        ),
        // Webhooks: the organizers of the unit.
        page(M::GET, "/webhooks".into(), &[], "YYnnnnn"),
        page(
            M::POST,
            "/webhooks".into(),
            &[
                ("unit", s(far.0)),
                ("url", "https://tools.example.org/x".into()),
                ("event", "rsvp.added".into()),
            ],
            "Ynnnnnn",
        ),
        page(M::GET, format!("/webhooks/{near_hook}"), &[], "YYnnnnn"),
        page(M::GET, format!("/webhooks/{far_hook}"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/webhooks/{far_hook}/resume"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/webhooks/{near_hook}/delete"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/webhooks/{far_hook}/delete"),
            &[],
            "Ynnnnnn",
        ),
        // A counted link of a mailing: anyone (it tells nobody who followed it).
        page(M::GET, format!("/c/{near_mailing}/1"), &[], "YYYYYYY"),
        // The unsubscribe link: anyone who holds it.
        page(M::GET, format!("/u/{unsubscribe}"), &[], "YYYYYYY"),
        page(M::POST, format!("/u/{unsubscribe}"), &[], "YYYYYYY"),
        page(M::GET, "/designer".into(), &[], "YYnnnnn"),
        page(M::GET, format!("/surveys/{sid}/results"), &[], "YYnYYnn"),
        page(
            M::GET,
            format!("/surveys/{sid}/results?unit={far}"),
            &[],
            "YnnYnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/surveys/{sid}/results"),
            None,
            "YYnYYnn",
        ),
        page(
            M::GET,
            format!("/surveys/{sid}/crosstab?q=top3&by=gender"),
            &[],
            "YYnYYnn",
        ),
        page(
            M::GET,
            format!("/surveys/{sid}/crosstab?q=top3&by=gender&unit={far}"),
            &[],
            "YnnYnnn",
        ),
        page(M::GET, format!("/surveys/{sid}/themes"), &[], "YYnYYnn"),
        page(
            M::GET,
            format!("/surveys/{sid}/themes?unit={far}"),
            &[],
            "YnnYnnn",
        ),
        page(
            M::POST,
            format!("/surveys/{sid}/themes"),
            &[
                ("unit", s(section.0)),
                ("question", "change".into()),
                ("action", "split".into()),
                ("theme", "housing".into()),
            ],
            "Ynnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/surveys/{sid}/themes"),
            None,
            "YYnYYnn",
        ),
        page(M::GET, format!("/surveys/{sid}/export.csv"), &[], "YYnYYnn"),
        page(
            M::GET,
            format!("/surveys/{sid}/export.parquet"),
            &[],
            "YYnYYnn",
        ),
        page(
            M::GET,
            format!("/surveys/{sid}/export.csv?unit={far}"),
            &[],
            "YnnYnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/surveys/{sid}/crosstab?question=top3&by=gender"),
            None,
            "YYnYYnn",
        ),
        api(
            M::GET,
            format!("/api/v1/surveys/{sid}/crosstab?question=top3&by=gender&unit_id={far}"),
            None,
            "YnnYnnn",
        ),
        page(
            M::POST,
            "/designer".into(),
            &[
                ("form_id", "matrix_survey".into()),
                ("title_en", "Matrix".into()),
            ],
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/assignments".into(),
            &[
                ("unit", s(section.0)),
                ("canvasser", s(canvasser.0)),
                ("survey", s(sid)),
                ("title", "Matrix".into()),
                ("doors", "Kerkstraat 2".into()),
            ],
            "YYnnnnn",
        ),
        page(M::GET, format!("/assignments/{aid}"), &[], "YYYnnnn"),
        api(
            M::GET,
            format!("/api/v1/assignments/{aid}"),
            None,
            "YYYnnnn",
        ),
        api(
            M::POST,
            "/api/v1/visits:batch".into(),
            Some(json!({"visits": []})),
            "YYYnYnn",
        ),
        api(M::GET, "/api/v1/surveys".into(), None, "YYYYYnn"),
        api(M::GET, format!("/api/v1/surveys/{sid}"), None, "YYYYYnn"),
        api(M::POST, "/api/v1/surveys".into(), Some(local), "YYnnnnn"),
        api(
            M::POST,
            "/api/v1/responses:batch".into(),
            Some(json!({"responses": []})),
            "YYYnYnn",
        ),
        api(M::GET, "/api/v1/session".into(), None, "YYYYYYn"),
        api(M::GET, "/api/v1/units".into(), None, "YYYYYnn"),
        api(M::GET, format!("/api/v1/units/{section}"), None, "YYYYnnn"),
        api(M::GET, format!("/api/v1/units/{far}"), None, "YnnYnnn"),
        api(
            M::POST,
            "/api/v1/units".into(),
            Some(json!({"parent_id": city.0, "kind": "workplace", "name": "Api Workplace"})),
            "YYnnnnn",
        ),
        api(
            M::PATCH,
            format!("/api/v1/units/{}", spare.id),
            Some(json!({"name": "Spare Again"})),
            "YYnnnnn",
        ),
        api(
            M::PATCH,
            format!("/api/v1/units/{far}"),
            Some(json!({"name": "Far Renamed"})),
            "Ynnnnnn",
        ),
        api(M::GET, "/api/v1/people".into(), None, "YYYnYnn"),
        api(
            M::GET,
            format!("/api/v1/people?unit_id={far}"),
            None,
            "Ynnnnnn",
        ),
        api(
            M::POST,
            "/api/v1/people".into(),
            Some(json!({"unit_id": section.0, "name": "Api Contact"})),
            "YYYnnnn",
        ),
        api(M::GET, format!("/api/v1/people/{own}"), None, "YYYnnnn"),
        api(
            M::GET,
            format!("/api/v1/people/{neighbour}"),
            None,
            "YYnnnnn",
        ),
        api(M::GET, format!("/api/v1/people/{worker}"), None, "YYnnYnn"),
        api(
            M::GET,
            format!("/api/v1/people/{stranger}"),
            None,
            "Ynnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/people/{stranger}/history"),
            None,
            "Ynnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/people/{own}/history"),
            None,
            "YYYnnnn",
        ),
        api(
            M::PUT,
            format!("/api/v1/people/{own}"),
            Some(json!({"name": "Own Edited"})),
            "YYnnnnn",
        ),
        api(
            M::POST,
            format!("/api/v1/people/{worker}/stage"),
            Some(json!({"stage": "active", "reason": "api matrix"})),
            "YYnnYnn",
        ),
        api(
            M::POST,
            format!("/api/v1/people/{neighbour}/consents"),
            Some(json!({"purpose": "newsletter", "granted": true, "source": "api matrix"})),
            "YYnnnnn",
        ),
        // A person's rights.
        page(M::GET, format!("/people/{own}/export"), &[], "YYYnnnn"),
        page(
            M::GET,
            format!("/people/{worker}/export.json"),
            &[],
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/people/{neighbour}/erase"),
            &[("confirm", "not the name".into())],
            "Ynnnnnn",
        ),
        // Campaigns, actions, petitions.
        page(M::GET, "/campaigns".into(), &[], "YYnnYnn"),
        page(
            M::POST,
            "/campaigns".into(),
            &[
                ("unit", s(nation.0)),
                ("title", "National".into()),
                ("starts_on", starts.clone()),
                ("ends_on", ends.clone()),
                ("target_attendance", "10".into()),
            ],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            "/campaigns".into(),
            &[
                ("unit", s(city.0)),
                ("title", "Local".into()),
                ("starts_on", starts.clone()),
                ("ends_on", ends.clone()),
                ("target_signatures", "10".into()),
            ],
            "YYnnnnn",
        ),
        page(M::GET, format!("/campaigns/{focus}"), &[], "YYnnYnn"),
        page(
            M::GET,
            format!("/campaigns/{focus}?unit={}", far.0),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/campaigns/{focus}/targets"),
            &[("unit", s(section.0)), ("target_attendance", "5".into())],
            "YYnnnnn",
        ),
        page(M::GET, "/ladder".into(), &[], "YYnnYnn"),
        page(
            M::POST,
            "/ladder".into(),
            &[("rules", "1 sympathiser".into())],
            "Ynnnnnn",
        ),
        page(M::GET, "/actions".into(), &[], "YYnnYnn"),
        page(
            M::POST,
            "/actions".into(),
            &[
                ("unit", s(section.0)),
                ("title", "Local action".into()),
                ("place", "Hall".into()),
                ("starts_at", format!("{ends}T10:00")),
            ],
            "YYnnnnn",
        ),
        page(M::GET, format!("/actions/{local_action}"), &[], "YYnnnnn"),
        page(
            M::GET,
            format!("/actions/{local_action}/door"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::GET,
            format!("/actions/{national_action}/door"),
            &[],
            "YYnnYnn",
        ),
        page(
            M::GET,
            format!("/actions/{national_action}/reminders.csv"),
            &[],
            "YYnnYnn",
        ),
        page(
            M::GET,
            format!("/actions/{national_action}"),
            &[],
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/actions/{local_action}/rsvps"),
            &[("person", s(own.0))],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/actions/{national_action}/rsvps"),
            &[("person", s(worker.0))],
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/actions/{national_action}/checkin"),
            &[("person", s(stranger.0))],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/actions/{local_action}/buses"),
            &[("label", "Bus".into()), ("seats", "50".into())],
            "YYnnnnn",
        ),
        // The public calendar: those who run an action decide; anyone reads a unit's feed.
        page(
            M::POST,
            format!("/actions/{local_action}/public"),
            &[("public", "yes".into())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/actions/{national_action}/public"),
            &[("public", "yes".into())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/actions/{local_spare}/cancel"),
            &[],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/actions/{national_spare}/cancel"),
            &[],
            "Ynnnnnn",
        ),
        page(M::GET, format!("/calendar/{section}.ics"), &[], "YYYYYYY"),
        page(M::GET, format!("/units/{section}/meetings"), &[], "YYnnnnn"),
        page(
            M::GET,
            format!("/units/{workplace}/meetings"),
            &[],
            "YYnnYnn",
        ),
        page(
            M::POST,
            format!("/units/{section}/meetings"),
            &[("held_at", "2026-10-05T19:30".into())],
            "YYnnnnn",
        ),
        page(M::GET, format!("/meetings/{meeting}"), &[], "YYnnnnn"),
        page(
            M::POST,
            format!("/meetings/{meeting}/public"),
            &[("public", "yes".into())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/meetings/{meeting}/decisions"),
            &[
                ("text", "Leaflets".into()),
                ("owner", "Lotte".into()),
                ("due_on", "2026-10-12".into()),
            ],
            "YYnnnnn",
        ),
        page(M::GET, format!("/units/{section}/projects"), &[], "YYnnnnn"),
        api(
            M::GET,
            format!("/api/v1/units/{workplace}/meetings"),
            None,
            "YYnnYnn",
        ),
        api(
            M::POST,
            format!("/api/v1/units/{section}/meetings"),
            Some(json!({"held_at": "2026-10-05T19:30"})),
            "YYnnnnn",
        ),
        api(
            M::POST,
            format!("/api/v1/meetings/{meeting}/decisions"),
            Some(json!({"text": "Leaflets", "owner": "Lotte", "due_on": "2026-10-12"})),
            "YYnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/units/{section}/projects"),
            None,
            "YYnnnnn",
        ),
        api(
            M::POST,
            format!("/api/v1/units/{workplace}/projects"),
            Some(json!({"name": "Strike fund"})),
            "YYnnYnn",
        ),
        page(M::GET, format!("/projects/{project}"), &[], "YYnnnnn"),
        page(
            M::POST,
            format!("/projects/{project}/updates"),
            &[("text", "News".into())],
            "YYnnnnn",
        ),
        page(M::GET, "/a/matrix-local".into(), &[], "YYYYYYY"),
        page(
            M::POST,
            "/a/matrix-local".into(),
            &[
                ("name", "Matrix Visitor".into()),
                ("email", "visitor@matrix.example".into()),
            ],
            "YYYYYYY",
        ),
        page(
            M::GET,
            "/a/matrix-local/confirm/not-a-token".into(),
            &[],
            "YYYYYYY",
        ),
        page(
            M::POST,
            "/a/matrix-local/confirm/not-a-token".into(),
            &[],
            "YYYYYYY",
        ),
        page(M::GET, "/petitions".into(), &[], "YYnnnnn"),
        page(M::GET, format!("/petitions/{petition}"), &[], "YYnnnnn"),
        page(
            M::GET,
            format!("/petitions/{petition}/signatures.csv"),
            &[],
            "YYnnnnn",
        ),
        page(M::GET, "/p/matrix-petition".into(), &[], "YYYYYYY"),
        page(M::GET, "/p/matrix-petition/count".into(), &[], "YYYYYYY"),
        // Public links: their QR code and, for actions, the calendar event; for anyone.
        page(M::GET, "/p/matrix-petition/qr.svg".into(), &[], "YYYYYYY"),
        page(M::GET, "/a/matrix-local/qr.svg".into(), &[], "YYYYYYY"),
        page(M::GET, "/a/matrix-local/event.ics".into(), &[], "YYYYYYY"),
        page(M::GET, "/password/forgot".into(), &[], "YYYYYYY"),
        page(
            M::POST,
            "/password/forgot".into(),
            &[("email", "nobody@matrix.example".into())],
            "YYYYYYY",
        ),
        page(M::GET, "/password/reset/not-a-token".into(), &[], "YYYYYYY"),
        api(M::GET, "/api/v1/campaigns".into(), None, "YYnnYnn"),
        api(
            M::POST,
            "/api/v1/campaigns".into(),
            Some(
                json!({"unit_id": nation.0, "title": "Api focus", "starts_on": starts, "ends_on": ends, "targets": {"attendance": 3}}),
            ),
            "Ynnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/campaigns/{focus}/progress"),
            None,
            "YYnnYnn",
        ),
        api(
            M::PUT,
            format!("/api/v1/campaigns/{focus}/targets"),
            Some(json!({"unit_id": section.0, "targets": {"attendance": 4}})),
            "YYnnnnn",
        ),
        api(
            M::POST,
            "/api/v1/actions".into(),
            Some(
                json!({"unit_id": city.0, "title": "Api action", "place": "Hall", "starts_at": format!("{ends}T10:00")}),
            ),
            "YYnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/actions/{national_action}"),
            None,
            "YYnnYnn",
        ),
        api(
            M::POST,
            format!("/api/v1/actions/{local_action}/rsvps"),
            Some(json!({"person_id": own.0})),
            "YYnnnnn",
        ),
        api(
            M::POST,
            format!("/api/v1/actions/{local_action}/checkins"),
            Some(json!({"person_id": neighbour.0})),
            "YYnnnnn",
        ),
        api(
            M::POST,
            "/api/v1/petitions".into(),
            Some(
                json!({"unit_id": city.0, "addressee": "the city", "title": {"en": "Api petition"}, "text": {"en": "Text"}}),
            ),
            "YYnnnnn",
        ),
        api(
            M::GET,
            format!("/api/v1/petitions/{petition}"),
            None,
            "YYnnnnn",
        ),
    ];
    all.extend(crate::access_news::rows(app, &p).await);
    all.extend(crate::access_training::rows(app, &p).await);
    all.extend(crate::access_orgs::rows(app, &p).await);
    all.extend(crate::access_festival::rows(app, &p).await);
    all.extend(crate::access_workplace::rows(app, &p).await);
    all.extend(crate::access_research::rows(app, &p).await);
    all.extend(crate::access_conversations::rows(app, &p).await);
    all
}

#[tokio::test]
async fn every_route_by_every_role() {
    let mut failures = Vec::new();
    let mut cells = 0;
    for (col, role) in ROLES.iter().enumerate() {
        let app = TestApp::new().await;
        let rows = rows(&app).await;
        let mut client = match role {
            Some(r) => app.login(*r).await,
            None => app.client(),
        };
        for row in &rows {
            let want = row.expect.as_bytes()[col] == b'Y';
            let res = run(&mut client, row).await;
            cells += 1;
            match verdict(*role, row, &res) {
                Ok(got) if got == want => {}
                Ok(got) => failures.push(format!(
                    "{:?} {} {}: expected {}, got {} ({})",
                    role,
                    row.method,
                    row.path,
                    if want { "allowed" } else { "denied" },
                    if got { "allowed" } else { "denied" },
                    res.status
                )),
                Err(e) => failures.push(format!("{:?} {} {}: {e}", role, row.method, row.path)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cells} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        cells >= 7 * 50,
        "the matrix covers every route: {cells} cells"
    );
}

#[tokio::test]
async fn a_canvasser_sees_only_their_own_people_in_lists() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::Canvasser).await;
    let page = c.get("/people").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Own Contact"));
    assert!(!page.body.contains("Neighbour Contact"));
    assert!(!page.body.contains("Stranger Contact"));
    let api = c
        .api(Method::GET, "/api/v1/people?q=contact", None)
        .await
        .json();
    let names: Vec<&str> = api["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Own Contact"]);
    // Asking for another section's people gives nothing away.
    let other = c.get(&format!("/people?unit={}", p.far.id)).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(!other.body.contains("Stranger"));
}

#[tokio::test]
async fn analysts_get_counts_but_never_names() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut a = app.login(Role::Analyst).await;
    let unit = a
        .api(
            Method::GET,
            &format!("/api/v1/units/{}", p.section.id),
            None,
        )
        .await
        .json();
    // Counts, not names: the section's people are counted (hidden here, where the tree is too
    // small to show them without giving away a count under 5), and the nation's are shown.
    assert!(unit["people"].is_object() && unit["people"]["total"].is_null());
    let nation = a
        .api(Method::GET, &format!("/api/v1/units/{}", p.nation.id), None)
        .await
        .json();
    assert!(nation["people"]["total"].as_u64().unwrap() >= 5, "{nation}");
    let page = a.get(&format!("/units/{}", p.section.id)).await;
    assert!(page.body.contains("<svg"));
    // Small counts are hidden from analysts, and only from them.
    let mut admin = app.login(Role::NationalAdmin).await;
    let full = admin
        .api(
            Method::GET,
            &format!("/api/v1/units/{}", p.section.id),
            None,
        )
        .await
        .json();
    let mut hidden = 0;
    for stage in [
        "contact",
        "sympathiser",
        "active",
        "member",
        "organizer",
        "leader",
    ] {
        let n = full["people"][stage].as_u64().unwrap();
        if (1..5).contains(&n) {
            assert!(
                unit["people"][stage].is_null(),
                "{stage}: {n} shown to an analyst"
            );
            hidden += 1;
        } else if let Some(shown) = unit["people"][stage].as_u64() {
            // Larger counts are shown as they are, unless hidden to protect a small one.
            assert_eq!(shown, n);
        }
    }
    assert!(hidden > 0, "the demo section has small cells to hide");
    assert!(page.body.contains(">×<"));
    assert!(!page.body.contains("Own Contact"));
    assert!(
        !page.body.contains("/people?unit="),
        "no link to a list they may not open"
    );
}

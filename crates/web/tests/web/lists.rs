//! Issue 15, lists: the people list counts its pages, sorts, filters by unit, stage and tag
//! (on the page and over the API), and acts on a selection: a tag added or removed, an action
//! signed up for, a CSV download; people out of the account's reach are skipped.

use crate::support::{Client, NOW, TestApp};
use axum::http::{Method, StatusCode};
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::people::{PersonId, PersonInput, Stage, fold_for_search};

/// People of the API's answer: (id, name, unit name, stage, created at).
fn rows(res: &crate::support::Response) -> Vec<(i64, String, String, String, String)> {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_i64().unwrap(),
                p["name"].as_str().unwrap().to_owned(),
                p["unit_name"].as_str().unwrap().to_owned(),
                p["stage"].as_str().unwrap().to_owned(),
                p["created_at"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn total(res: &crate::support::Response) -> u64 {
    res.json()["total"].as_u64().unwrap()
}

fn rank(stage: &str) -> usize {
    Stage::ALL.iter().position(|s| s.as_str() == stage).unwrap()
}

async fn tag(app: &TestApp, id: PersonId, tags: &str) {
    let rec = app.store.person(id).await.unwrap();
    let input = PersonInput {
        name: rec.person.name.clone(),
        tags: tags.into(),
        ..Default::default()
    };
    app.store
        .update_person(id, &input.parse().unwrap(), NOW, None)
        .await
        .unwrap();
}

/// The people whose row carries a ticked box.
fn names_in(body: &str) -> Vec<String> {
    body.split("<a href=\"/people/")
        .skip(1)
        .filter_map(|s| {
            let (id, rest) = s.split_once("\">")?;
            id.parse::<i64>().ok()?;
            Some(rest.split('<').next()?.to_owned())
        })
        .collect()
}

/// Posts the selection form: `people` ticked, `extra` fields (do, tag_name, scope, filters).
async fn bulk(
    c: &mut Client,
    people: &[PersonId],
    extra: &[(&str, &str)],
) -> crate::support::Response {
    let ids: Vec<String> = people.iter().map(|p| p.0.to_string()).collect();
    let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("person", id.as_str())).collect();
    fields.extend_from_slice(extra);
    c.post("/people/bulk", &fields).await
}

#[tokio::test]
async fn the_list_says_how_many_pages_and_links_them() {
    let app = TestApp::new().await;
    let mut c = app.login(Role::NationalAdmin).await;
    let all = total(&c.api(Method::GET, "/api/v1/people?limit=1", None).await);
    let pages = all.div_ceil(50);
    assert!(pages >= 3, "the small demo has {all} people");

    let first = c.get("/people").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first
            .body
            .contains(&format!("{all} people found · page 1 of {pages}")),
        "{}",
        &first.body[..first.body.len().min(3000)]
    );
    assert!(first.body.contains("<span aria-current=\"page\">1</span>"));
    assert!(first.body.contains("href=\"/people?page=2\""));
    assert!(
        first
            .body
            .contains(&format!("href=\"/people?page={pages}\"")),
        "the last page"
    );
    assert!(
        !first.body.contains("rel=\"prev\""),
        "no previous on the first page"
    );

    let last = c.get(&format!("/people?page={pages}")).await;
    assert!(last.body.contains(&format!("page {pages} of {pages}")));
    assert!(last.body.contains("rel=\"prev\"") && !last.body.contains("rel=\"next\""));
    let shown = names_in(&last.body).len() as u64;
    assert_eq!(
        shown,
        all - (pages - 1) * 50,
        "the last page holds the rest"
    );

    // Past the end: an empty page, still counted.
    let beyond = c.get(&format!("/people?page={}", pages + 3)).await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(names_in(&beyond.body).is_empty());
}

#[tokio::test]
async fn every_order_holds_and_pages_never_overlap() {
    let app = TestApp::new().await;
    let mut c = app.login(Role::NationalAdmin).await;
    for sort in ["name", "stage", "unit", "newest"] {
        let list = rows(
            &c.api(
                Method::GET,
                &format!("/api/v1/people?sort={sort}&limit=500"),
                None,
            )
            .await,
        );
        assert!(list.len() > 100, "{sort}: {}", list.len());
        for pair in list.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let in_order = match sort {
                "name" => (fold_for_search(&a.1), a.0) <= (fold_for_search(&b.1), b.0),
                "stage" => {
                    (std::cmp::Reverse(rank(&a.3)), a.0) <= (std::cmp::Reverse(rank(&b.3)), b.0)
                }
                "unit" => fold_for_search(&a.2) <= fold_for_search(&b.2),
                _ => {
                    (std::cmp::Reverse(&a.4), std::cmp::Reverse(a.0))
                        <= (std::cmp::Reverse(&b.4), std::cmp::Reverse(b.0))
                }
            };
            assert!(in_order, "{sort}: {a:?} before {b:?}");
        }
        // Two pages in a row are the first forty of the same order.
        let page = |offset: u32| format!("/api/v1/people?sort={sort}&limit=20&offset={offset}");
        let mut two = rows(&c.api(Method::GET, &page(0), None).await);
        two.extend(rows(&c.api(Method::GET, &page(20), None).await));
        let ids: Vec<i64> = two.iter().map(|r| r.0).collect();
        let forty: Vec<i64> = list.iter().take(40).map(|r| r.0).collect();
        assert_eq!(ids, forty, "{sort}");

        // The page: the order chosen, kept in the page links.
        let html = c.get(&format!("/people?sort={sort}")).await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(
            html.body
                .contains(&format!("<option value=\"{sort}\" selected>")),
            "{sort}"
        );
        if sort != "name" {
            let pager = &html.body[html.body.find("class=\"pager\"").unwrap_or(0)..];
            assert!(
                html.body
                    .contains(&format!("href=\"/people?sort={sort}&#38;page=2\"")),
                "{sort}: {}",
                &pager[..pager.len().min(600)]
            );
        }
    }
    let bad = c.api(Method::GET, "/api/v1/people?sort=salary", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["field"], "sort");
    assert_eq!(bad.json()["error"]["code"], "error-sort");
    let page = c.get("/people?sort=salary").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn filters_by_unit_stage_and_tag_narrow_the_list_and_stay_across_pages() {
    let app = TestApp::new().await;
    let p = app.places().await;
    tag(&app, p.neighbour, "listtest").await;
    tag(&app, p.stranger, "listtest").await;
    tag(&app, p.worker, "nurse").await;
    let mut org = app.login(Role::Organizer).await;

    // Tag: only the organizer's own city.
    let tenants = rows(
        &org.api(Method::GET, "/api/v1/people?tag=listtest", None)
            .await,
    );
    assert_eq!(
        tenants.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![p.neighbour.0]
    );

    // Unit: the section and nothing else.
    let url = format!("/api/v1/people?unit_id={}&limit=500", p.section.id);
    let here = rows(&org.api(Method::GET, &url, None).await);
    assert!(
        here.iter().all(|r| r.2 == p.section.name.as_str()),
        "{here:?}"
    );
    assert!(here.iter().any(|r| r.0 == p.own.0) && !here.iter().any(|r| r.0 == p.worker.0));
    let far = org
        .api(
            Method::GET,
            &format!("/api/v1/people?unit_id={}", p.far.id),
            None,
        )
        .await;
    assert_eq!(
        far.status,
        StatusCode::FORBIDDEN,
        "a unit outside the scope"
    );

    // Stage.
    let members = rows(
        &org.api(Method::GET, "/api/v1/people?stage=member&limit=500", None)
            .await,
    );
    assert!(!members.is_empty() && members.iter().all(|r| r.3 == "member"));

    // All three at once, on the page, with the filters kept in the links and the unit picker
    // holding only units the organizer may list.
    let url = format!(
        "/people?unit={}&stage=contact&tag=listtest&sort=newest",
        p.section.id
    );
    let page = org.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(names_in(&page.body), vec!["Neighbour Contact"]);
    assert!(
        page.body
            .contains(&format!("<option value=\"{}\" selected>", p.section.id))
    );
    assert!(
        !page
            .body
            .contains(&format!("<option value=\"{}\"", p.far.id))
    );
    assert!(page.body.contains("<option value=\"contact\" selected>"));
    assert!(page.body.contains("name=\"tag\" value=\"listtest\""));
    // One page only: the sort links carry the filters instead.
    assert!(
        page.body.contains(&format!(
            "href=\"/people?unit={}&#38;stage=contact&#38;tag=listtest\"",
            p.section.id
        )),
        "the name order keeps the filters"
    );

    // The search form as a browser sends it: every field, the empty ones too.
    let blank = org.get("/people?q=&unit=&stage=&tag=&sort=name").await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.body);
    let bad = org.get("/people?unit=north").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Across pages: the stage filter stays in the next-page link.
    let mut admin = app.login(Role::NationalAdmin).await;
    let contacts = total(
        &admin
            .api(Method::GET, "/api/v1/people?stage=contact&limit=1", None)
            .await,
    );
    assert!(contacts > 50, "{contacts}");
    let first = admin.get("/people?stage=contact&sort=unit").await;
    assert!(
        first
            .body
            .contains("href=\"/people?stage=contact&#38;sort=unit&#38;page=2\"")
    );
    let second = admin.get("/people?stage=contact&sort=unit&page=2").await;
    assert!(second.body.contains(&format!(
        "{contacts} people found · page 2 of {}",
        contacts.div_ceil(50)
    )));
}

#[tokio::test]
async fn the_api_documents_its_list_parameters() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let doc = c.get("/api/v1/openapi.json").await.json();
    let params: Vec<&str> = doc["paths"]["/api/v1/people"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["q", "unit_id", "stage", "tag", "sort", "limit", "offset"] {
        assert!(params.contains(&name), "{name} in {params:?}");
    }
    let sort = doc["paths"]["/api/v1/people"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "sort")
        .unwrap();
    assert!(sort["description"].as_str().unwrap().contains("newest"));
}

#[tokio::test]
async fn a_tag_goes_on_and_off_the_people_ticked_that_the_account_may_edit() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    org.get("/people").await;

    let ticked = [p.neighbour, p.worker, p.stranger];
    let res = bulk(
        &mut org,
        &ticked,
        &[
            ("do", "tag-add"),
            ("tag_name", "Strike"),
            ("scope", "ticked"),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.contains("2 changed, 0 already so, 1 skipped"),
        "{}",
        res.body
    );
    let has = |id: PersonId| {
        let store = app.store.clone();
        async move {
            store
                .person(id)
                .await
                .unwrap()
                .person
                .tags
                .iter()
                .any(|t| t.as_str() == "strike")
        }
    };
    assert!(has(p.neighbour).await && has(p.worker).await);
    assert!(!has(p.stranger).await, "outside the organizer's city");
    let log = app.store.audit_events(Some(p.neighbour), 5).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == AuditAction::BulkTag && e.detail.contains("added tag strike"))
    );

    // Again: nothing to change.
    let res = bulk(
        &mut org,
        &ticked[..2],
        &[("do", "tag-add"), ("tag_name", "strike")],
    )
    .await;
    assert!(
        res.body.contains("0 changed, 2 already so, 0 skipped"),
        "{}",
        res.body
    );

    let res = bulk(
        &mut org,
        &[p.neighbour],
        &[("do", "tag-remove"), ("tag_name", "strike")],
    )
    .await;
    assert!(
        res.body.contains("1 changed, 0 already so, 0 skipped"),
        "{}",
        res.body
    );
    assert!(!has(p.neighbour).await && has(p.worker).await);

    // A bad tag or nobody ticked: beside the field, the ticks and the tag as typed.
    let res = bulk(
        &mut org,
        &[p.worker],
        &[("do", "tag-add"), ("tag_name", "no way!")],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("name=\"tag_name\" value=\"no way!\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("aria-describedby=\"tag_name-error\""));
    assert!(res.body.contains(&format!(
        "value=\"{}\" form=\"bulk\" aria-label=\"Select Worker Contact\" checked",
        p.worker.0
    )));
    let res = bulk(&mut org, &[], &[("do", "tag-add"), ("tag_name", "strike")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("tick at least one person"),
        "{}",
        res.body
    );
}

#[tokio::test]
async fn all_that_match_is_the_whole_filtered_list_within_reach_and_capped() {
    let app = TestApp::new().await;
    let p = app.places().await;
    tag(&app, p.neighbour, "listtest").await;
    tag(&app, p.worker, "listtest").await;
    tag(&app, p.stranger, "listtest").await;
    let mut org = app.login(Role::Organizer).await;
    org.get("/people").await;
    let res = bulk(
        &mut org,
        &[],
        &[
            ("do", "tag-add"),
            ("tag_name", "rally"),
            ("scope", "all"),
            ("f_tag", "listtest"),
        ],
    )
    .await;
    assert!(
        res.body.contains("2 changed, 0 already so, 0 skipped"),
        "{}",
        res.body
    );
    assert!(
        !app.store
            .person(p.stranger)
            .await
            .unwrap()
            .person
            .tags
            .iter()
            .any(|t| t.as_str() == "rally")
    );

    // The whole country at once is more than one change may reach.
    let mut admin = app.login(Role::NationalAdmin).await;
    let all = total(&admin.api(Method::GET, "/api/v1/people?limit=1", None).await);
    admin.get("/people").await;
    let res = bulk(
        &mut admin,
        &[],
        &[
            ("do", "tag-add"),
            ("tag_name", "everyone"),
            ("scope", "all"),
        ],
    )
    .await;
    if all > 5000 {
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("at most 5000"), "{}", res.body);
    } else {
        assert!(res.body.contains(&format!("{all} changed")), "{}", res.body);
    }
}

#[tokio::test]
async fn those_who_may_not_edit_cannot_act_on_a_selection() {
    let app = TestApp::new().await;
    let p = app.places().await;
    // A canvasser sees only the people they recorded, and changes none of them.
    let mut canv = app.login(Role::Canvasser).await;
    let page = canv.get("/people").await;
    assert!(
        !page.body.contains("action=\"/people/bulk\""),
        "no selection form"
    );
    for what in ["tag-add", "rsvp", "export"] {
        let res = bulk(
            &mut canv,
            &[p.own, p.neighbour],
            &[("do", what), ("tag_name", "x"), ("action", "1")],
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{what}: {}", res.body);
    }
    assert!(
        app.store
            .person(p.neighbour)
            .await
            .unwrap()
            .person
            .tags
            .is_empty()
    );
    // A steward changes people of their workplace only.
    let mut stew = app.login(Role::Steward).await;
    stew.get("/people").await;
    let res = bulk(
        &mut stew,
        &[p.worker, p.neighbour, p.own],
        &[("do", "tag-add"), ("tag_name", "shop")],
    )
    .await;
    assert!(
        res.body.contains("1 changed, 0 already so, 2 skipped"),
        "{}",
        res.body
    );
    let res = bulk(&mut stew, &[p.worker], &[("do", "export")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "stewards do not export");
}

#[tokio::test]
async fn a_selection_is_signed_up_for_an_action_the_account_runs() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Picket",
        "",
        "Gate 3",
        "2030-05-01T07:00",
        "1",
    )
    .unwrap();
    let action = app
        .store
        .create_action(p.city.id, None, &draft, "bulk-picket", None, NOW)
        .await
        .unwrap();
    let elsewhere = app
        .store
        .create_action(p.far.id, None, &draft, "bulk-far", None, NOW)
        .await
        .unwrap();
    let mut org = app.login(Role::Organizer).await;
    let page = org.get("/people").await;
    assert!(
        page.body
            .contains(&format!("<option value=\"{}\"", action.id)),
        "the action is offered"
    );
    assert!(
        !page
            .body
            .contains(&format!("<option value=\"{}\"", elsewhere.id))
    );

    let id = action.id.0.to_string();
    let res = bulk(
        &mut org,
        &[p.neighbour, p.worker, p.stranger],
        &[("do", "rsvp"), ("action", &id)],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.contains("2 changed, 0 already so, 1 skipped"),
        "{}",
        res.body
    );
    let rsvps = app.store.rsvps(action.id).await.unwrap();
    let mut who: Vec<(i64, &str)> = rsvps
        .iter()
        .map(|r| (r.person.0, r.status.as_str()))
        .collect();
    who.sort_unstable();
    let mut expected = vec![(p.neighbour.0, "confirmed"), (p.worker.0, "waiting")];
    expected.sort_unstable();
    assert_eq!(
        who, expected,
        "one place: the first confirmed, the next waiting"
    );
    let log = app.store.audit_events(Some(p.worker), 5).await.unwrap();
    assert!(log.iter().any(|e| e.action == AuditAction::BulkRsvp));

    let res = bulk(&mut org, &[p.neighbour], &[("do", "rsvp"), ("action", &id)]).await;
    assert!(
        res.body.contains("0 changed, 1 already so, 0 skipped"),
        "{}",
        res.body
    );
    // An action run elsewhere is refused beside the field.
    let far = elsewhere.id.0.to_string();
    let res = bulk(
        &mut org,
        &[p.neighbour],
        &[("do", "rsvp"), ("action", &far)],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"action-error\""), "{}", res.body);
    assert!(app.store.rsvps(elsewhere.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_csv_of_a_selection_is_inert_and_audited() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let input = PersonInput {
        name: "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
        phone: "+32 470 12 34 56".into(),
        tags: "listtest".into(),
        ..Default::default()
    };
    let evil = app
        .store
        .create_person(p.section.id, &input.parse().unwrap(), &[], None, NOW, None)
        .await
        .unwrap()
        .person
        .id;
    let mut org = app.login(Role::Organizer).await;
    let page = org.get("/people").await;
    assert!(
        page.body.contains("value=\"export\""),
        "organizers may export"
    );
    let res = bulk(
        &mut org,
        &[evil, p.neighbour, p.stranger],
        &[("do", "export")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        res.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let mut lines = res.body.lines();
    assert_eq!(lines.next(), Some("id,name,unit,stage,tags,email,phone"));
    let body: Vec<&str> = lines.collect();
    assert_eq!(
        body.len(),
        2,
        "the stranger is outside the organizer's city: {body:?}"
    );
    let evil_line = body
        .iter()
        .find(|l| l.starts_with(&evil.0.to_string()))
        .unwrap();
    assert!(evil_line.contains("\"'=HYPERLINK("), "{evil_line}");
    assert!(
        evil_line.contains(",+32"),
        "a phone number stays as it is: {evil_line}"
    );
    assert!(!res.body.contains("Stranger"));
    let log = app.store.audit_events(Some(evil), 5).await.unwrap();
    assert!(log.iter().any(|e| e.action == AuditAction::PeopleExport));
    // The admin's page offers it too; the steward's does not.
    let mut stew = app.login(Role::Steward).await;
    assert!(!stew.get("/people").await.body.contains("value=\"export\""));
}

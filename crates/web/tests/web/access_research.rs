//! Research routes in the authorization matrix: the research itself is for researchers (no
//! role of the matrix is one until a national admin says so) and national admins; linking a
//! workplace to a site is for those who keep its map; the public company pages and the open
//! export are for anyone. A second matrix makes the analyst a researcher: the research opens,
//! publishing and everything else stays as it was.

use crate::access::{Row, page, run, verdict};
use crate::support::{NOW, Places, TestApp};
use axum::http::{Method as M, StatusCode};
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::research::{CompanyDraft, Evidence, SiteDraft};
use enquete_store::AuditEvent;

fn audit() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Research,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

fn ev() -> Evidence {
    Evidence::parse("document", "Annual report", "2026-03-01", "probable").unwrap()
}

/// (company, a fact waiting for review, a reviewed fact, a reviewed site).
async fn research_set(app: &TestApp, p: &Places) -> (i64, i64, i64, i64) {
    let org = p.nation.id;
    let company = |name: &str| CompanyDraft::parse(name, "BE", "").unwrap();
    let c = app
        .store
        .add_company(
            org,
            &company("Matrix Holding"),
            None,
            &ev(),
            None,
            NOW,
            audit(),
        )
        .await
        .unwrap();
    let waiting = app
        .store
        .add_company(
            org,
            &company("Matrix Waiting"),
            None,
            &ev(),
            None,
            NOW,
            audit(),
        )
        .await
        .unwrap();
    let site = app
        .store
        .add_site(
            org,
            &SiteDraft::parse(c, "Matrix quay", "port", "", "").unwrap(),
            &ev(),
            None,
            NOW,
            audit(),
        )
        .await
        .unwrap();
    let reviewer = app
        .store
        .user_by_email(
            &enquete_domain::demo::demo_logins()
                .into_iter()
                .find(|(r, _, _)| *r == Role::Analyst)
                .unwrap()
                .1,
        )
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    for id in [c, site] {
        app.store
            .review_fact(org, id, reviewer, "", NOW, audit())
            .await
            .unwrap();
    }
    app.store
        .publish_fact(org, c, reviewer, true, NOW, audit())
        .await
        .unwrap();
    (c, waiting, site, site)
}

fn rows_for(
    p: &Places,
    (c, waiting, reviewed, site): (i64, i64, i64, i64),
    analyst: i64,
    expect: [&'static str; 3],
) -> Vec<Row> {
    let [research, publish, map] = expect;
    let org = p.nation.id.0;
    let e = |fields: &[(&str, &str)]| -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = vec![
            ("source_kind", "document".into()),
            ("source", "Annual report".into()),
            ("source_date", "2026-03-01".into()),
            ("reliability", "probable".into()),
        ];
        for (k, v) in fields {
            let k: &'static str = Box::leak((*k).to_owned().into_boxed_str());
            out.push((k, (*v).to_owned()));
        }
        out
    };
    let site_s = site.to_string();
    vec![
        page(M::GET, "/research".into(), &[], research),
        page(M::GET, "/research?q=matrix".into(), &[], research),
        page(
            M::POST,
            "/research/companies".into(),
            &e(&[("name", "Matrix New")]),
            research,
        ),
        page(M::GET, format!("/research/companies/{c}"), &[], research),
        page(
            M::POST,
            format!("/research/companies/{c}/links"),
            &e(&[
                ("other_company", "Matrix Waiting"),
                ("direction", "out"),
                ("kind", "supplies"),
            ]),
            research,
        ),
        page(
            M::POST,
            format!("/research/companies/{c}/sites"),
            &e(&[("name", "Matrix depot"), ("kind", "warehouse")]),
            research,
        ),
        page(
            M::POST,
            format!("/research/companies/{c}/items"),
            &e(&[("kind", "product"), ("description", "Shells")]),
            research,
        ),
        page(
            M::POST,
            format!("/research/companies/{c}/shipments"),
            &e(&[
                ("site", &site_s),
                ("arrives_on", "2027-01-10"),
                ("cargo", "Shells"),
            ]),
            research,
        ),
        page(
            M::POST,
            format!("/research/facts/{waiting}/review"),
            &[("review", "ok".into())],
            research,
        ),
        page(
            M::POST,
            format!("/research/facts/{reviewed}/publish"),
            &[("publish", "yes".into())],
            publish,
        ),
        page(
            M::POST,
            format!("/users/{analyst}/researcher"),
            &[("on", "yes".into())],
            publish,
        ),
        page(
            M::POST,
            format!("/units/{}/workplace/sites", p.workplace.id.0),
            &[("site", site_s.clone()), ("on", "yes".into())],
            map,
        ),
        page(M::GET, format!("/companies/{org}"), &[], "YYYYYYY"),
        page(M::GET, format!("/companies/{org}?q=matrix"), &[], "YYYYYYY"),
        page(M::GET, format!("/companies/{org}/{c}"), &[], "YYYYYYY"),
        page(
            M::GET,
            format!("/companies/{org}/published.json"),
            &[],
            "YYYYYYY",
        ),
        page(
            M::GET,
            format!("/companies/{org}/published.csv"),
            &[],
            "YYYYYYY",
        ),
    ]
}

async fn analyst_id(app: &TestApp) -> i64 {
    let email = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == Role::Analyst)
        .unwrap()
        .1;
    app.store
        .user_by_email(&email)
        .await
        .unwrap()
        .unwrap()
        .user
        .id
        .0
}

/// The rows of the main matrix.
pub(crate) async fn rows(app: &TestApp, p: &Places) -> Vec<Row> {
    let set = research_set(app, p).await;
    let analyst = analyst_id(app).await;
    //                                  admin org canv anal stew gate none
    rows_for(p, set, analyst, ["Ynnnnnn", "Ynnnnnn", "YYnnYnn"])
}

#[tokio::test]
async fn a_researcher_reaches_the_research_and_nothing_more() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let set = research_set(&app, &p).await;
    let analyst = analyst_id(&app).await;
    app.store
        .set_researcher(enquete_domain::account::UserId(analyst), true, audit())
        .await
        .unwrap();
    let mut client = app.login(Role::Analyst).await;
    // The analyst's column (the fourth) of each row: research yes, publishing and maps no.
    let rows = rows_for(&p, set, analyst, ["nnnYnnn", "nnnnnnn", "nnnnnnn"]);
    let mut failures = Vec::new();
    for row in &rows {
        let want = row.expect.as_bytes()[3] == b'Y';
        let res = run(&mut client, row).await;
        match verdict(Some(Role::Analyst), row, &res) {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!(
                "{} {}: expected {want}, got {got} ({})",
                row.method, row.path, res.status
            )),
            Err(e) => failures.push(format!("{} {}: {e}", row.method, row.path)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Still an analyst for everything else: no names.
    assert_eq!(client.get("/people").await.status, StatusCode::FORBIDDEN);
    // Other accounts' research: a canvasser importing a file is refused.
    let mut canvasser = app.login(Role::Canvasser).await;
    canvasser.get("/").await;
    let boundary = "b";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"what\"\r\n\r\ncompanies\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n\r\nname,source_kind,source,source_date,reliability\r\nX,document,y,2026-01-01,probable\r\n--{boundary}--\r\n",
        canvasser.csrf
    );
    let req = axum::http::Request::post("/research/import")
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(canvasser.send(req).await.status, StatusCode::FORBIDDEN);
}

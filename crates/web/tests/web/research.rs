//! Complicity research over the web, end to end: a national admin makes an account a
//! researcher; it adds a company, its parent, a site linked to a workplace and three shipments
//! with their evidence; a second researcher reviews; the public page shows only what was
//! reviewed and published; the workplace's steward sees the expected shipment on the map and
//! on the start page, and is mailed once. Bad input is named with nothing written; a file with
//! a bad row is refused whole.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_store::Seen;

async fn post_ok(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = c.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    r.headers
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn evidence(source: &str) -> [(&'static str, &str); 4] {
    [
        ("source_kind", "registry"),
        ("source", source),
        ("source_date", "2026-10-01"),
        ("reliability", "confirmed"),
    ]
}

fn day_in(days: i64) -> String {
    Timestamp(Timestamp::now_utc().0 + days * 86_400).date()
}

fn with<'a>(
    fields: &[(&'static str, &'a str)],
    ev: &[(&'static str, &'a str)],
) -> Vec<(&'static str, &'a str)> {
    fields.iter().chain(ev.iter()).copied().collect()
}

#[tokio::test]
async fn research_from_evidence_to_the_public_page_and_the_workplace() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let org = p.nation.id.0;
    let email = |role: Role| {
        enquete_domain::demo::demo_logins()
            .into_iter()
            .find(|(r, _, _)| *r == role)
            .unwrap()
            .1
    };
    let analyst_id = app
        .store
        .user_by_email(&email(Role::Analyst))
        .await
        .unwrap()
        .unwrap()
        .user
        .id
        .0;
    let mut researcher = app.login(Role::Analyst).await;
    // Not a researcher yet.
    assert_eq!(
        researcher.get("/research").await.status,
        StatusCode::FORBIDDEN
    );
    let mut admin = app.login(Role::NationalAdmin).await;
    post_ok(
        &mut admin,
        &format!("/users/{analyst_id}/researcher"),
        &[("on", "yes")],
    )
    .await;
    let page = researcher.get("/research").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("href=\"/research\""),
        "the menu leads there"
    );

    let ev = evidence("Bolagsverket 556000-1234");
    let parent = post_ok(
        &mut researcher,
        "/research/companies",
        &with(&[("name", "Nordic Arms AB"), ("country", "SE")], &ev),
    )
    .await;
    let parent_id: i64 = parent.rsplit('/').next().unwrap().parse().unwrap();
    // Bad input: named, nothing written.
    for (fields, named) in [
        (
            vec![("name", "Acme"), ("country", "Netherlands")],
            "Country",
        ),
        (
            vec![("name", "Acme"), ("parent_company", "Nobody Ltd")],
            "Parent company",
        ),
        (vec![("name", "Acme"), ("share", "40")], "Parent company"),
        (vec![("name", "")], "Name"),
    ] {
        let r = researcher
            .post("/research/companies", &with(&fields, &ev))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(r.body.contains(named), "{named}: {}", r.body);
    }
    let r = researcher
        .post(
            "/research/companies",
            &with(
                &[("name", "Acme")],
                &[
                    ("source_kind", "rumour"),
                    ("source", "x"),
                    ("source_date", "2026-01-01"),
                    ("reliability", "confirmed"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let org_unit = p.nation.id;
    assert!(
        app.store
            .company_id_by_name(org_unit, "Acme")
            .await
            .unwrap()
            .is_none()
    );

    let child = post_ok(
        &mut researcher,
        "/research/companies",
        &with(
            &[
                ("name", "Nordic Arms Logistics B.V."),
                ("country", "NL"),
                ("registry_number", "KvK 1234"),
                ("parent_company", "nordic arms ab"),
                ("share", "100"),
            ],
            &evidence("KvK extract 1234"),
        ),
    )
    .await;
    let child_id: i64 = child.rsplit('/').next().unwrap().parse().unwrap();
    post_ok(
        &mut researcher,
        &format!("/research/companies/{child_id}/sites"),
        &with(
            &[
                ("name", "Quay 4"),
                ("kind", "port"),
                ("place", "Antwerpen"),
                ("country", "BE"),
            ],
            &evidence("Port register"),
        ),
    )
    .await;
    let site = app.store.research_sites(org_unit, Seen::All).await.unwrap()[0]
        .fact
        .id;
    let site_s = site.to_string();
    let (soon, later, leaves) = (day_in(10), day_in(20), day_in(5));
    for (cargo, arrives, concern) in [
        ("155 mm shells", soon.as_str(), "yes"),
        ("Machine parts", later.as_str(), ""),
        ("Fuses", later.as_str(), "yes"),
    ] {
        post_ok(
            &mut researcher,
            &format!("/research/companies/{parent_id}/shipments"),
            &with(
                &[
                    ("site", site_s.as_str()),
                    ("carrier", "North Sea Lines"),
                    ("vessel", "MV Example"),
                    ("departs_on", leaves.as_str()),
                    ("arrives_on", arrives),
                    ("cargo", cargo),
                    ("destination", "Haifa"),
                    ("concern", concern),
                ],
                &evidence("Manifest photo"),
            ),
        )
        .await;
    }
    let r = researcher
        .post(
            &format!("/research/companies/{parent_id}/shipments"),
            &with(
                &[
                    ("site", site_s.as_str()),
                    ("departs_on", later.as_str()),
                    ("arrives_on", soon.as_str()),
                    ("cargo", "x"),
                ],
                &evidence("x"),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Expected on"), "{}", r.body);
    let file = researcher
        .get(&format!("/research/companies/{parent_id}"))
        .await;
    assert!(file.body.contains("Nordic Arms Logistics B.V."));
    assert!(file.body.contains("<svg class=\"graph\""));
    assert!(file.body.contains("155 mm shells"));

    // Nobody reviews their own facts.
    let r = researcher
        .post(
            &format!("/research/facts/{child_id}/review"),
            &[("review", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let queue = app.store.review_queue(org_unit, 50).await.unwrap();
    assert_eq!(
        queue.len(),
        7,
        "two companies, the ownership, a site, three shipments"
    );
    // The second researcher (a national admin) reviews all but the machine parts.
    let mut shipments = Vec::new();
    for q in &queue {
        if q.summary == "Machine parts" {
            continue;
        }
        if q.fact.kind == enquete_domain::research::FactKind::Shipment {
            shipments.push((q.fact.id, q.summary.clone()));
        }
        post_ok(
            &mut admin,
            &format!("/research/facts/{}/review", q.fact.id),
            &[
                ("review", "Source checked"),
                ("company", &parent_id.to_string()),
            ],
        )
        .await;
    }
    // Published: both companies and the shells; the fuses stay internal.
    for id in [parent_id, child_id] {
        post_ok(
            &mut admin,
            &format!("/research/facts/{id}/publish"),
            &[("publish", "yes")],
        )
        .await;
    }
    let shells = shipments.iter().find(|s| s.1 == "155 mm shells").unwrap().0;
    // A shipment names its site, which is published first.
    let r = admin
        .post(
            &format!("/research/facts/{shells}/publish"),
            &[("publish", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    post_ok(
        &mut admin,
        &format!("/research/facts/{site}/publish"),
        &[("publish", "yes")],
    )
    .await;
    post_ok(
        &mut admin,
        &format!("/research/facts/{shells}/publish"),
        &[("publish", "yes")],
    )
    .await;
    let machine = queue
        .iter()
        .find(|q| q.summary == "Machine parts")
        .unwrap()
        .fact
        .id;
    let r = admin
        .post(
            &format!("/research/facts/{machine}/publish"),
            &[("publish", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "not reviewed");
    // A researcher does not publish.
    let r = researcher
        .post(
            &format!("/research/facts/{machine}/publish"),
            &[("publish", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The public page: only what is reviewed and published.
    let mut public = app.client();
    let page = public.get(&format!("/companies/{org}/{parent_id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("155 mm shells"));
    assert!(!page.body.contains("Fuses"));
    assert!(!page.body.contains("Machine parts"));
    assert!(
        !page.body.contains("Nordic Arms Logistics B.V."),
        "the ownership is not published"
    );
    let list = public.get(&format!("/companies/{org}?q=nordic")).await;
    assert!(list.body.contains("Nordic Arms AB") && list.body.contains("Logistics"));
    let json = public
        .get(&format!("/companies/{org}/published.json"))
        .await;
    let facts: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let kinds: Vec<&str> = facts["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["company", "company", "site", "shipment"]);
    let csv = public.get(&format!("/companies/{org}/published.csv")).await;
    assert!(csv.body.starts_with("id,kind,company"));
    assert_eq!(csv.body.lines().count(), 5);
    assert_eq!(
        public
            .get(&format!("/research/companies/{parent_id}"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // The steward links the workplace to the site and sees what passes through their hands.
    let mut steward = app.login(Role::Steward).await;
    let w = p.workplace.id.0;
    let map = steward.get(&format!("/units/{w}/workplace")).await;
    assert!(map.body.contains("Quay 4"), "a reviewed site to link");
    let before = app.store.pending_mail(1000).await.unwrap().len();
    post_ok(
        &mut steward,
        &format!("/units/{w}/workplace/sites"),
        &[("site", site_s.as_str()), ("on", "yes")],
    )
    .await;
    let map = steward.get(&format!("/units/{w}/workplace")).await;
    assert!(map.body.contains("155 mm shells") && map.body.contains("Fuses"));
    assert!(map.body.contains("Manifest photo"), "with its evidence");
    assert!(!map.body.contains("Machine parts"), "not reviewed");
    let home = steward.get("/").await;
    assert!(home.body.contains("id=\"warnings\""), "{}", home.body);
    assert!(home.body.contains("155 mm shells"));
    // Mailed once per shipment of concern to the steward and the organizers above.
    let mails = app.store.pending_mail(1000).await.unwrap();
    assert!(mails.len() >= before + 2, "{} then {}", before, mails.len());
    let steward_mail = email(Role::Steward);
    assert!(
        mails
            .iter()
            .any(|m| m.to == steward_mail && m.subject.contains("Quay 4"))
    );
    post_ok(
        &mut steward,
        &format!("/units/{w}/workplace/sites"),
        &[("site", site_s.as_str()), ("on", "yes")],
    )
    .await;
    assert_eq!(
        app.store.pending_mail(1000).await.unwrap().len(),
        mails.len()
    );
    // Analysts who are no researchers, and canvassers, see none of it.
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(
        canvasser.get("/research").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        canvasser
            .get(&format!("/research/companies/{parent_id}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

fn multipart(csrf: &str, what: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "enquete-research-boundary";
    let mut body = Vec::new();
    for (k, v) in [("csrf", csrf), ("what", what)] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_file_with_a_bad_row_is_refused_whole_and_every_bad_row_named() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    admin.get("/research").await;
    let upload = |c: &Client, what: &str, csv: &str| {
        let (ctype, body) = multipart(&c.csrf, what, csv.as_bytes());
        axum::http::Request::post("/research/import")
            .header(axum::http::header::CONTENT_TYPE, ctype)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let bad = "name,country,parent,share,source_kind,source,source_date,reliability\n\
               Alpha Holding,NL,,,registry,KvK 1,2026-01-01,confirmed\n\
               Beta Shipping,Netherlands,,,registry,KvK 2,2026-01-01,confirmed\n\
               Gamma Parts,DE,Nobody GmbH,50,registry,HRB 3,2026-01-01,confirmed\n\
               Delta,BE,,,rumour,x,2026-01-01,confirmed\n";
    let req = upload(&admin, "companies", bad);
    let r = admin.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Row 3, column country"), "{}", r.body);
    assert!(r.body.contains("Row 5, column source_kind"), "{}", r.body);
    assert!(
        app.store
            .company_id_by_name(p.nation.id, "Alpha Holding")
            .await
            .unwrap()
            .is_none()
    );
    // The rows read well, but a parent is nowhere: named too, nothing written.
    let unknown = "name,parent,source_kind,source,source_date,reliability\n\
                   Alpha Holding,,registry,KvK 1,2026-01-01,confirmed\n\
                   Gamma Parts,Nobody GmbH,registry,HRB 3,2026-01-01,confirmed\n";
    let req = upload(&admin, "companies", unknown);
    let r = admin.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Row 3, column parent"), "{}", r.body);
    assert!(
        app.store
            .company_id_by_name(p.nation.id, "Alpha Holding")
            .await
            .unwrap()
            .is_none()
    );
    let good = "name;parent;share;source_kind;source;source_date;reliability\n\
                Alpha Holding;;;registry;KvK 1;2026-01-01;confirmed\n\
                Gamma Parts;alpha holding;50%;registry;HRB 3;2026-01-01;probable\n";
    let req = upload(&admin, "companies", good);
    let r = admin.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let gamma = app
        .store
        .company_id_by_name(p.nation.id, "Gamma Parts")
        .await
        .unwrap()
        .unwrap();
    let file = app
        .store
        .company_file(p.nation.id, gamma, Seen::All)
        .await
        .unwrap();
    assert_eq!(file.links[0].draft.share, Some(50));
}

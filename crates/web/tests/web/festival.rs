//! The festival's tickets and orders over the web (issue 17, part 1): the team sets up a
//! festival and its ticket types; anyone orders on the public page (mistakes named, what was
//! typed kept, consent asked); a bank statement pays orders once however often it is
//! imported, a bad line refuses the file naming it; desk payments, refunds, and the sales per
//! type, day and section that sold them.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::account::Role;
use enquete_domain::festival::{FestivalId, OrderStatus};

fn statement_to(csrf: &str, csv: &str, path: &str) -> axum::http::Request<axum::body::Body> {
    let boundary = "enquete-festival-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    axum::http::Request::post(format!("{path}/statement"))
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap()
}

async fn post_ok(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = c.post(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    r.location().to_owned()
}

fn send(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn a_festival_sells_its_tickets_and_a_statement_pays_them_once() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    org.get("/festivals").await;
    let city = p.city.id.0.to_string();
    let mut fields = vec![
        ("unit", city.as_str()),
        ("name", "ManiFiesta"),
        ("starts_on", "2027-09-04"),
        ("ends_on", "2027-09-05"),
        ("iban", "BE69 5390 0754 7034"),
    ];
    let bad = org.post("/festivals", &fields).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Bank account (IBAN)"), "{}", bad.body);
    fields[4].1 = "BE68 5390 0754 7034";
    let at = post_ok(&mut org, "/festivals", &fields).await;
    let id: i64 = at.trim_start_matches("/festivals/").parse().unwrap();
    let festival = format!("/festivals/{id}");
    org.get(&festival).await;
    let weekend = [
        ("code", "weekend"),
        ("name_nl", "Weekend"),
        ("name_en", "Weekend"),
        ("kind", "weekend"),
        ("price", "45,00"),
        ("quota", "2"),
        ("sale_from", "2026-01-01"),
        ("sale_until", "2027-09-05"),
    ];
    let mut wrong = weekend;
    wrong[4].1 = "cheap";
    let r = org.post(&format!("{festival}/types"), &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Price"), "{}", r.body);
    post_ok(&mut org, &format!("{festival}/types"), &weekend).await;
    let ty = app.store.ticket_types(FestivalId(id)).await.unwrap()[0]
        .id
        .0;
    let field = format!("type_{ty}");

    // Anyone orders, in their language, through a section's link.
    let mut visitor = app.client();
    let page = visitor
        .get(&format!("/tickets/{id}?section={}", p.section.id.0))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Weekend") && page.body.contains("45"));
    let section = p.section.id.0.to_string();
    let order = |n: &'static str, email: &'static str| {
        vec![
            (field.clone(), n.to_owned()),
            ("name".into(), "An Peeters".into()),
            ("email".into(), email.to_owned()),
            ("postcode".into(), "9000".into()),
            ("section".into(), section.clone()),
            ("contact".into(), "yes".into()),
        ]
    };
    // A mistake is named and what was typed stays.
    let r = visitor
        .post(
            &format!("/tickets/{id}"),
            &send(&order("1", "an-at-example")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("E-mail address") && r.body.contains("An Peeters"),
        "{}",
        r.body
    );
    // Too many: the quota is 2.
    let r = visitor
        .post(
            &format!("/tickets/{id}"),
            &send(&order("3", "an@example.org")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not enough weekend tickets"), "{}", r.body);
    assert!(
        app.store.orders(FestivalId(id)).await.unwrap().is_empty(),
        "nothing written"
    );
    let r = visitor
        .post(
            &format!("/tickets/{id}"),
            &send(&order("1", "an@example.org")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("BE68539007547034") && r.body.contains("+++"),
        "{}",
        r.body
    );
    let first = app.store.orders(FestivalId(id)).await.unwrap()[0].clone();
    // The buyer's mail is in the outbox: the amount, the communication, their ticket page.
    let mails = app.store.pending_mail(10).await.unwrap();
    let mail = mails.iter().find(|m| m.to == "an@example.org").unwrap();
    assert!(mail.subject.contains("ManiFiesta"));
    assert!(mail.body.contains("€ 45.00") && mail.body.contains(&first.reference.to_string()));
    let token = app.store.order_token(first.id).await.unwrap();
    assert!(
        mail.body.contains(&format!("/my-tickets/{token}")),
        "{}",
        mail.body
    );
    assert_eq!(first.section, Some(p.section.id));
    assert!(first.contact);
    assert!(r.body.contains(&first.reference.to_string()));
    // A robot filling the hidden field orders nothing.
    let mut robot = order("1", "bot@example.org");
    robot.push(("website".into(), "http://spam".into()));
    visitor.post(&format!("/tickets/{id}"), &send(&robot)).await;
    assert_eq!(app.store.orders(FestivalId(id)).await.unwrap().len(), 1);
    let r = visitor
        .post(
            &format!("/tickets/{id}"),
            &send(&order("1", "bo@example.org")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let second = app
        .store
        .orders(FestivalId(id))
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.email == "bo@example.org")
        .unwrap();

    // The bank's statement: the first order paid; a stranger's transfer listed.
    let csv = format!(
        "Datum;Bedrag;Mededeling;Naam tegenpartij\n\
         02/06/2027;45,00;{};An Peeters\n\
         02/06/2027;10,00;steun;Jan\n\
         03/06/2027;-120,00;geluid;Verhuur bv\n",
        first.reference
    );
    let csrf = org.csrf.clone();
    let r = org.send(statement_to(&csrf, &csv, &festival)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("1 orders paid") && r.body.contains("1 without an order"),
        "{}",
        r.body
    );
    assert_eq!(
        app.store.order(first.id).await.unwrap().status,
        OrderStatus::Paid
    );
    // Paid: the buyer's page shows the signed ticket, which a gate checks with the festival's
    // public key alone.
    let link = format!(
        "/my-tickets/{}",
        app.store.order_token(first.id).await.unwrap()
    );
    let mine = visitor.get(&link).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(mine.body.matches("data:image/svg+xml;base64,").count(), 1);
    let code = mine
        .body
        .split("EF1.")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .map(|rest| format!("EF1.{rest}"))
        .unwrap();
    let f = app.store.festival(FestivalId(id)).await.unwrap();
    let at = enquete_domain::Timestamp(f.starts_on.0 + 3600);
    let none = std::collections::HashSet::new();
    let claim = enquete_app::tickets::verify(&code, &f.public_key, f.id, at, &none).unwrap();
    // A weekend ticket: once by its code, then by the wristband put on at that entry.
    assert_eq!(claim.reentry, enquete_domain::gate::Reentry::Wristband);
    assert_eq!(
        enquete_app::tickets::verify(&code, &f.public_key, FestivalId(id + 1), at, &none),
        Err(enquete_app::tickets::Refusal::OtherFestival)
    );
    assert_eq!(
        visitor.get("/my-tickets/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
    // Again: nothing changes.
    let r = org.send(statement_to(&csrf, &csv, &festival)).await;
    assert!(
        r.body.contains("0 orders paid, 3 lines imported before"),
        "{}",
        r.body
    );
    // A line that cannot be read: the file is refused, the line named, nothing imported.
    let bad = format!(
        "Datum;Bedrag;Mededeling\n04/06/2027;45,00;{}\n05/06/2027;veel;x\n",
        second.reference
    );
    let r = org.send(statement_to(&csrf, &bad, &festival)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("row 3, column Bedrag"), "{}", r.body);
    assert_eq!(
        app.store.order(second.id).await.unwrap().status,
        OrderStatus::Pending
    );

    // The second paid at the desk, then refunded: its ticket back on sale.
    post_ok(&mut org, &format!("/orders/{}/pay", second.id), &[]).await;
    let r = org
        .post(&format!("/orders/{}/close", second.id), &[("note", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    post_ok(
        &mut org,
        &format!("/orders/{}/close", second.id),
        &[("note", "cannot come")],
    )
    .await;
    assert_eq!(
        app.store.order(second.id).await.unwrap().status,
        OrderStatus::Refunded
    );
    let refunded = app.store.tickets_of(second.id).await.unwrap();
    assert!(!refunded.is_empty() && refunded.iter().all(|t| t.revoked_at.is_some()));
    let link = format!(
        "/my-tickets/{}",
        app.store.order_token(second.id).await.unwrap()
    );
    let page = visitor.get(&link).await;
    assert!(
        !page.body.contains("data:image/svg+xml"),
        "a refunded ticket is not shown"
    );
    assert_eq!(
        app.store.ticket_types(FestivalId(id)).await.unwrap()[0].sold,
        1
    );
    // The dashboard: per type, day and section.
    let d = org.get(&festival).await;
    assert!(d.body.contains("1 / 2"), "{}", d.body);
    assert!(
        d.body.contains(p.section.name.as_str()),
        "sales of the section"
    );
    // Someone else's festival stays theirs: a canvasser, and an organizer elsewhere, are refused.
    let mut canvasser = app.login(Role::Canvasser).await;
    assert_eq!(canvasser.get(&festival).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        canvasser.get("/festivals").await.status,
        StatusCode::FORBIDDEN
    );
}

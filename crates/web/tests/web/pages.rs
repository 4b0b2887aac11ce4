//! The pages as a person uses them: logging in, the ladder, the dashboard, languages, headers.

use crate::support::TestApp;
use axum::http::{StatusCode, header};
use enquete_domain::account::Role;
use enquete_domain::people::Stage;

#[tokio::test]
async fn an_organizer_moves_someone_up_the_ladder() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::Organizer).await;
    let list = c.get("/people?q=neighbour").await;
    assert!(list.body.contains(&format!("/people/{}", p.neighbour)));
    let page = c.get(&format!("/people/{}", p.neighbour)).await;
    assert!(page.body.contains("id=\"move-stage\""));
    let res = c
        .post(
            &format!("/people/{}/stage", p.neighbour),
            &[("to", "sympathiser"), ("reason", "came to the action")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let after = c.get(&res.location()).await;
    assert!(after.body.contains("came to the action"));
    assert!(after.body.contains("Moved on the ladder."));
    assert_eq!(
        app.store.person(p.neighbour).await.unwrap().person.stage,
        Stage::Sympathiser
    );
}

#[tokio::test]
async fn forms_without_the_token_or_from_elsewhere_are_refused() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::Organizer).await;
    let path = format!("/people/{}/stage", p.neighbour);
    let res = c.post_raw(&path, "to=active&reason=x".into()).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = c
        .post_raw(&path, "csrf=deadbeef&to=active&reason=x".into())
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut req = axum::http::Request::post(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .body(axum::body::Body::from(format!(
            "csrf={}&to=active&reason=x",
            c.csrf
        )))
        .unwrap();
    req.headers_mut()
        .insert(header::HOST, "enquete.example.org".parse().unwrap());
    assert_eq!(c.send(req).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.person(p.neighbour).await.unwrap().person.stage,
        Stage::Contact
    );
}

#[tokio::test]
async fn pages_send_people_to_the_login_and_back() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let res = c.get("/people?q=x").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/login?next=%2Fpeople%3Fq%3Dx");
    let login = c.get(&res.location()).await;
    assert!(login.body.contains("value=\"/people?q=x\""));
    let res = c
        .post(
            "/login",
            &[
                ("email", "organizer@demo.enquete.org"),
                ("password", "demo-organizer-pass"),
                ("next", "/people?q=x"),
            ],
        )
        .await;
    assert_eq!(res.location(), "/people?q=x");
    // A new session after logging in: the browser picks up its new token with the next page.
    assert_eq!(c.get(&res.location()).await.status, StatusCode::OK);
    let res = c
        .post(
            "/login",
            &[
                ("email", "organizer@demo.enquete.org"),
                ("password", "nope nope nope"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_dashboard_counts_people_per_stage_up_the_tree() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::NationalAdmin).await;
    let counts = app.store.unit_counts(&p.nation.path).await.unwrap();
    let total: u64 = counts.counts.iter().map(|c| c.count).sum();
    let page = c.get(&format!("/units/{}", p.nation.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("<p class=\"big\">{total} ")),
        "nation total {total}"
    );
    assert!(page.body.contains("<svg"));
    let city = c
        .api(
            axum::http::Method::GET,
            &format!("/api/v1/units/{}", p.city.id),
            None,
        )
        .await
        .json();
    let sections = app.store.children(p.city.id, false).await.unwrap();
    let mut sum = 0;
    for s in sections {
        sum += c
            .api(
                axum::http::Method::GET,
                &format!("/api/v1/units/{}", s.id),
                None,
            )
            .await
            .json()["people"]["total"]
            .as_u64()
            .unwrap();
    }
    assert_eq!(
        city["people"]["total"].as_u64().unwrap(),
        sum,
        "a city is the sum of its sections"
    );
}

#[tokio::test]
async fn each_user_reads_their_own_language() {
    let app = TestApp::new().await;
    let mut c = app.login(Role::Organizer).await;
    assert!(c.get("/account").await.body.contains("My account"));
    for (code, text) in [
        ("nl", "Mijn account"),
        ("fr", "Mon compte"),
        ("de", "Mein Konto"),
    ] {
        let res = c.post("/language", &[("language", code)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = c.get("/account").await;
        assert!(
            page.body.contains(&format!("<html lang=\"{code}\"")),
            "{code}"
        );
        assert!(page.body.contains(text), "{code}: expected {text}");
    }
    // Anonymous visitors get their browser's language.
    let mut anon = app.client();
    let req = axum::http::Request::get("/login")
        .header(header::ACCEPT_LANGUAGE, "fr-BE,fr;q=0.9")
        .body(axum::body::Body::empty())
        .unwrap();
    assert!(anon.send(req).await.body.contains("<html lang=\"fr\""));
}

#[tokio::test]
async fn new_accounts_change_their_one_time_password_first() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .post(
            "/users",
            &[
                ("email", "lotte@example.be"),
                ("display_name", "Lotte"),
                ("role", "canvasser"),
                ("unit", &p.section.id.0.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let start = res.body.find("<code>").unwrap() + 6;
    let password = res.body[start..start + 19].to_owned();
    let mut lotte = app.client();
    lotte.login("lotte@example.be", &password).await;
    let res = lotte.get("/people").await;
    assert_eq!(
        res.location(),
        "/account",
        "sent to change the password first"
    );
    let res = lotte
        .post(
            "/account/password",
            &[("current", &password), ("new", "my own long password")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(lotte.get("/people").await.status, StatusCode::OK);
}

#[tokio::test]
async fn security_headers_health_and_metrics() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let res = c.get("/login").await;
    let csp = res
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"));
    assert_eq!(
        res.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    // The login form's token comes in a cookie (no session before logging in) ...
    let cookie = res
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.starts_with("enquete_login_csrf=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // ... and the session cookie comes with a successful login.
    let (_, email, password) = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == Role::Organizer)
        .unwrap();
    let res = c
        .post("/login", &[("email", &email), ("password", &password)])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let cookie = res
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.starts_with("enquete_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(c.get("/healthz").await.body, "ok");
    let missing = c.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("<html"), "a page, not a bare 404");
    let missing = c.get("/api/v1/nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json()["error"]["message"],
        "This page or record does not exist, or no longer does."
    );
    assert_eq!(missing.json()["error"]["code"], "error-not-found");
    // Scraped from the machine itself (loopback), `/metrics` answers without any setting.
    let metrics = c
        .send(
            axum::http::Request::get("/metrics")
                .extension(axum::extract::ConnectInfo(
                    "127.0.0.1:40000".parse::<std::net::SocketAddr>().unwrap(),
                ))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        metrics.body.contains("http_requests_total"),
        "{}",
        metrics.body
    );
    assert!(
        !metrics.body.contains("/people/1"),
        "routes are counted by pattern, not by id"
    );
}

/// Behind TLS (`secure_cookies`), cookies are `Secure` and browsers are told to keep to HTTPS;
/// without it (plain HTTP on a laptop) neither, or the login would not work at all.
#[tokio::test]
async fn behind_tls_cookies_are_secure_and_hsts_is_sent() {
    use tower::ServiceExt;
    let app = TestApp::new().await;
    let get = |secure: bool| {
        let state = enquete_web::AppState::new(
            enquete_app::App::new(app.store.clone()),
            enquete_web::WebConfig {
                secure_cookies: secure,
                ..Default::default()
            },
        );
        async move {
            enquete_web::router(state)
                .oneshot(
                    axum::http::Request::get("/login")
                        .body(axum::body::Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap()
        }
    };
    let tls = get(true).await;
    let hsts = tls
        .headers()
        .get("strict-transport-security")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
    let cookie = tls
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let plain = get(false).await;
    assert!(plain.headers().get("strict-transport-security").is_none());
    let cookie = plain
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert_eq!(
        tls.headers().get(header::X_FRAME_OPTIONS).unwrap(),
        "DENY",
        "no framing either way"
    );
}

#[tokio::test]
async fn without_a_key_those_who_run_the_platform_are_warned() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let page = admin.get(&format!("/units/{}", p.nation.id)).await;
    assert!(
        page.body.contains("class=\"warning\" role=\"alert\"")
            && page.body.contains("stored unencrypted"),
        "a national admin sees the warning"
    );
    let mut organizer = app.login(Role::Organizer).await;
    let page = organizer.get(&format!("/units/{}", p.section.id)).await;
    assert!(
        !page.body.contains("role=\"alert\""),
        "organizers are not troubled with it"
    );
}

#[tokio::test]
async fn with_a_key_people_are_found_and_shown_as_before() {
    let keys =
        enquete_store::crypto::Keyring::new(&enquete_store::crypto::Keyring::generate(), &[])
            .unwrap();
    let app = TestApp::on_with(enquete_store::Backend::Sqlite, keys)
        .await
        .unwrap();
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let page = admin.get(&format!("/units/{}", p.nation.id)).await;
    assert!(
        !page.body.contains("role=\"alert\""),
        "no warning with a key"
    );
    let own = app.store.person(p.own).await.unwrap().person;
    let first_word = own.name.split_whitespace().next().unwrap().to_owned();
    let list = admin
        .get(&format!("/people?q={}", first_word.to_lowercase()))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(&format!("/people/{}\"", p.own.0)),
        "{first_word} finds #{}",
        p.own.0
    );
    let card = admin.get(&format!("/people/{}", p.own.0)).await;
    assert!(card.body.contains(&own.name));
}

#[tokio::test]
async fn a_password_reset_tells_nobody_whether_an_account_exists() {
    let app = TestApp::new().await;
    let (_, email, old_password) = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == Role::Organizer)
        .unwrap();
    let mut elsewhere = app.login(Role::Organizer).await;
    assert_eq!(elsewhere.get("/account").await.status, StatusCode::OK);

    let mut c = app.client();
    let form = c.get("/password/forgot").await;
    assert_eq!(form.status, StatusCode::OK);
    let known = c.post("/password/forgot", &[("email", &email)]).await;
    let unknown = c
        .post("/password/forgot", &[("email", "nobody@nowhere.example")])
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(
        (known.status, &known.body),
        (unknown.status, &unknown.body),
        "the same answer for an account and for no account"
    );
    // The mail is prepared after the answer; one, for the account only.
    let mut mail = Vec::new();
    for _ in 0..100 {
        mail = app.store.pending_mail(10).await.unwrap();
        if !mail.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, email);
    let link = mail[0]
        .body
        .split_whitespace()
        .find(|w| w.starts_with("http://localhost:8080/password/reset/"))
        .expect("the link, on the configured address")
        .trim_start_matches("http://localhost:8080")
        .to_owned();
    // Without the token nothing is told either.
    let wrong = c.get("/password/reset/0123456789abcdef").await;
    assert!(wrong.body.contains("does not work"));
    let page = c.get(&link).await;
    assert!(page.body.contains("name=\"new\""));
    let short = c.post(&link, &[("new", "short")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = c.post(&link, &[("new", "a brand new passphrase")]).await;
    assert_eq!(done.location(), "/login?done=password-reset");
    // Used once; the old password and the sessions opened with it are gone.
    assert!(c.get(&link).await.body.contains("does not work"));
    let again = c.post(&link, &[("new", "another passphrase!")]).await;
    assert!(again.body.contains("does not work"));
    assert_ne!(elsewhere.get("/account").await.status, StatusCode::OK);
    let mut fresh = app.client();
    fresh.login(&email, "a brand new passphrase").await;
    assert_eq!(fresh.get("/account").await.status, StatusCode::OK);
    let mut old = app.client();
    let refused = old
        .post("/login", &[("email", &email), ("password", &old_password)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Both requests are in the audit log of the account; the unknown address is not.
    let events = app.store.audit_events(None, 20).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == enquete_domain::audit::AuditAction::PasswordResetRequested)
    );
    assert!(
        events
            .iter()
            .any(|e| e.action == enquete_domain::audit::AuditAction::PasswordReset)
    );
    assert!(!events.iter().any(|e| e.detail.contains("nowhere.example")));
}

#[tokio::test]
async fn password_reset_requests_are_throttled_alike_for_every_address() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let mut statuses = Vec::new();
    for i in 0..7 {
        let known = c
            .post("/password/forgot", &[("email", "nobody@nowhere.example")])
            .await;
        statuses.push((i, known.status));
    }
    assert_eq!(statuses[0].1, StatusCode::OK);
    assert_eq!(statuses[6].1, StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
}

#[tokio::test]
async fn reading_a_list_is_in_the_log_of_everyone_shown() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut c = app.login(Role::Organizer).await;
    let list = c.get(&format!("/people?unit={}", p.section.id)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("/people/{}\"", p.own.0)));
    let api = c
        .api(
            axum::http::Method::GET,
            &format!("/api/v1/people?unit_id={}&limit=5", p.section.id),
            None,
        )
        .await
        .json();
    let first = enquete_domain::people::PersonId(api["people"][0]["id"].as_i64().unwrap());
    for (person, via) in [(p.own, "q="), (first, "api")] {
        let log = app.store.audit_events(Some(person), 10).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.action == enquete_domain::audit::AuditAction::Search
                    && e.user.is_some()
                    && e.detail.contains(via)),
            "#{} has the list read ({via}) in its log: {log:?}",
            person.0
        );
    }
}

#[tokio::test]
async fn mail_is_handed_to_the_mail_command_and_retried_when_it_fails() {
    use enquete_app::mail::{MailConfig, deliver_pending};
    let app = TestApp::new().await;
    let now = enquete_domain::Timestamp(1_790_000_000);
    let user = app
        .store
        .users_in(&app.places().await.nation.path)
        .await
        .unwrap()[0]
        .user
        .clone();
    app.store
        .create_password_reset(
            user.id,
            "tok",
            user.email.as_str(),
            "Subject line",
            "the link",
            now,
        )
        .await
        .unwrap();
    // Without a command, the mail waits.
    let none = MailConfig {
        command: None,
        from: "enquete@example.org".into(),
        ..MailConfig::default()
    };
    assert_eq!(deliver_pending(&app.store, &none, now).await.unwrap(), 0);
    // A command that fails: counted, kept.
    let failing = MailConfig {
        command: Some("cat > /dev/null; echo 'relay refused' >&2; exit 75".into()),
        ..none.clone()
    };
    assert_eq!(deliver_pending(&app.store, &failing, now).await.unwrap(), 0);
    let pending = app.store.pending_mail(10).await.unwrap();
    assert_eq!((pending.len(), pending[0].attempts), (1, 1));
    // A working one gets the whole message on its input.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mail.txt");
    let working = MailConfig {
        command: Some(format!("cat > '{}'", file.display())),
        ..none
    };
    assert_eq!(deliver_pending(&app.store, &working, now).await.unwrap(), 1);
    let sent = std::fs::read_to_string(&file).unwrap();
    assert!(
        sent.contains(&format!("To: {}\n", user.email.as_str())),
        "{sent}"
    );
    assert!(sent.contains("From: enquete@example.org\nTo:"));
    assert!(sent.contains("Subject: Subject line\n") && sent.ends_with("\n\nthe link\n"));
    assert!(app.store.pending_mail(10).await.unwrap().is_empty());
}

/// Security (issue 13): `/metrics` tells failed logins, resets and exports per route; it answers
/// only loopback by default, a configured address, or a configured bearer token.
#[tokio::test]
async fn metrics_answer_only_loopback_a_configured_address_or_token() {
    use tower::ServiceExt;
    let app = TestApp::new().await;
    let get = |config: enquete_web::WebConfig, peer: &str, auth: Option<&str>| {
        let state = enquete_web::AppState::new(enquete_app::App::new(app.store.clone()), config);
        let mut req = axum::http::Request::get("/metrics").extension(axum::extract::ConnectInfo(
            peer.parse::<std::net::SocketAddr>().unwrap(),
        ));
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        let req = req.body(axum::body::Body::empty()).unwrap();
        async move {
            enquete_web::router(state)
                .oneshot(req)
                .await
                .unwrap()
                .status()
        }
    };
    let plain = enquete_web::WebConfig::default;
    let with_token = || enquete_web::WebConfig {
        metrics_token: Some("s3cret-scrape-token".into()),
        ..Default::default()
    };
    // Nothing configured: loopback yes, anyone else not, and a proxy's forwarded request neither.
    assert_eq!(
        get(plain(), "203.0.113.9:5000", None).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(plain(), "127.0.0.1:5000", None).await, StatusCode::OK);
    assert_eq!(get(plain(), "[::1]:5000", None).await, StatusCode::OK);
    assert_eq!(
        get(plain(), "203.0.113.9:5000", Some("Bearer anything")).await,
        StatusCode::NOT_FOUND
    );
    // A reverse proxy on the same machine relays a stranger's request: not loopback.
    let relayed = enquete_web::router(enquete_web::AppState::new(
        enquete_app::App::new(app.store.clone()),
        plain(),
    ))
    .oneshot(
        axum::http::Request::get("/metrics")
            .extension(axum::extract::ConnectInfo(
                "127.0.0.1:5000".parse::<std::net::SocketAddr>().unwrap(),
            ))
            .header("x-forwarded-for", "203.0.113.9")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(relayed.status(), StatusCode::NOT_FOUND);
    // A token: the right one opens, a wrong or missing one does not.
    assert_eq!(
        get(
            with_token(),
            "203.0.113.9:5000",
            Some("Bearer s3cret-scrape-token")
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        get(
            with_token(),
            "203.0.113.9:5000",
            Some("Bearer s3cret-scrape-tokeN")
        )
        .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(with_token(), "203.0.113.9:5000", None).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(with_token(), "127.0.0.1:5000", None).await,
        StatusCode::NOT_FOUND,
        "once configured, loopback is no longer let in without the token"
    );
    // An address: that one without a token, others not.
    let from = || enquete_web::WebConfig {
        metrics_from: Some("198.51.100.7".parse().unwrap()),
        ..Default::default()
    };
    assert_eq!(get(from(), "198.51.100.7:9100", None).await, StatusCode::OK);
    assert_eq!(
        get(from(), "198.51.100.8:9100", None).await,
        StatusCode::NOT_FOUND
    );
}

/// Security (issue 13): a search of thousands of words made SQLite answer 500 ("expression tree
/// too large"); it is refused with 422 naming `q`, in the reader's language, on the page and the
/// API alike, and a search of a few words still works.
#[tokio::test]
async fn a_search_of_thousands_of_words_is_refused_naming_q() {
    let app = TestApp::new().await;
    let mut c = app.login(Role::Organizer).await;
    let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
    let huge = words.join("+");
    let res = c
        .api(
            axum::http::Method::GET,
            &format!("/api/v1/people?q={huge}"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.json()["error"]["field"], "q");
    let long = "x".repeat(201);
    let res = c
        .api(
            axum::http::Method::GET,
            &format!("/api/v1/people?q={long}"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.json()["error"]["field"], "q");
    let res = c
        .api(
            axum::http::Method::GET,
            "/api/v1/people?q=ann+de+vries",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Named by the field's label in the reader's language (issue 15), never as `q`.
    for (code, text) in [
        ("en", "Search: at most 12 words and 200 characters"),
        ("nl", "Zoeken: hoogstens 12 woorden en 200 tekens"),
        ("fr", "Recherche : au plus 12 mots et 200 caractères"),
        ("de", "Suche: höchstens 12 Wörter und 200 Zeichen"),
    ] {
        let res = c.post("/language", &[("language", code)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = c.get(&format!("/people?q={huge}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert!(
            page.body.contains(text) && page.body.contains("data-field=\"q\""),
            "{code}: expected {text} in {}",
            page.body
        );
    }
    let page = c.get("/people?q=ann+de+vries").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}

/// Security (issue 13, finding 12): every anonymous visit of the login page stored a session
/// row, without limit. The forms used before logging in carry a token kept in a cookie; the
/// session, and its row, start when a login succeeds.
#[tokio::test]
async fn anonymous_login_and_password_pages_store_no_session() {
    let app = TestApp::new().await;
    let before = app.store.count_sessions().await.unwrap();
    for _ in 0..50 {
        for path in ["/login", "/password/forgot"] {
            let mut c = app.client();
            let res = c.get(path).await;
            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(!c.csrf.is_empty(), "{path}: the form carries a token");
            let cookie = res
                .headers
                .get_all(header::SET_COOKIE)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .find(|v| v.starts_with("enquete_login_csrf="))
                .expect("the token's cookie");
            assert!(cookie.contains(&c.csrf), "{cookie}");
            assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
            assert!(
                !res.headers
                    .get_all(header::SET_COOKIE)
                    .iter()
                    .any(|v| v.to_str().unwrap().starts_with("enquete_session=")),
                "{path}: no session cookie"
            );
        }
    }
    assert_eq!(app.store.count_sessions().await.unwrap(), before);

    let (_, email, password) = enquete_domain::demo::demo_logins()
        .into_iter()
        .find(|(r, _, _)| *r == Role::Organizer)
        .unwrap();
    let mut c = app.client();
    c.get("/login").await;
    // A failed login, a language chosen and a forgotten password store nothing either.
    let failed = c
        .post(
            "/login",
            &[("email", &email), ("password", "not the password")],
        )
        .await;
    assert_eq!(
        failed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        failed.body
    );
    let lang = c.post("/language", &[("language", "nl")]).await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER, "{}", lang.body);
    c.get("/password/forgot").await;
    let forgot = c
        .post("/password/forgot", &[("email", "nobody@nowhere.example")])
        .await;
    assert!(forgot.status.is_success() || forgot.status.is_redirection());
    assert_eq!(app.store.count_sessions().await.unwrap(), before);

    // CSRF still holds: a token not the cookie's, or a token without its cookie, is refused.
    let mut other = app.client();
    other.get("/login").await;
    let mut forged = c.clone();
    forged.csrf = other.csrf.clone();
    let res = forged
        .post("/login", &[("email", &email), ("password", &password)])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let mut cookieless = app.client();
    cookieless.csrf = c.csrf.clone();
    let res = cookieless
        .post("/login", &[("email", &email), ("password", &password)])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(app.store.count_sessions().await.unwrap(), before);

    // Logging in with the form still works, and only then is a session stored.
    c.login(&email, &password).await;
    assert_eq!(app.store.count_sessions().await.unwrap(), before + 1);
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
}

/// Issue 15, problem 5: every role lands on what it has to do now, one tap from each.
#[tokio::test]
async fn every_role_lands_on_its_work() {
    let app = TestApp::new().await;
    let p = app.places().await;
    // An open decision and an action today in the canvasser's section.
    let mut org = app.login(Role::Organizer).await;
    let res = org
        .post(
            &format!("/units/{}/meetings", p.section.id.0),
            &[("held_at", "2026-10-05T19:30")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let meeting = res.location();
    let res = org
        .post(
            &format!("{meeting}/decisions"),
            &[
                ("text", "Book the hall for the tenants' meeting"),
                ("owner", "Lotte"),
                ("due_on", "2026-10-12"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let today = enquete_domain::Timestamp::now_utc();
    let res = org
        .api(
            axum::http::Method::POST,
            "/api/v1/actions",
            Some(serde_json::json!({
                "unit_id": p.section.id.0, "title": "Market stall",
                "place": "Market square",
                "starts_at": format!("{}T23:59", today.date()),
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let action = res.json()["id"].as_i64().unwrap();

    for (role, must) in [
        (
            Role::Organizer,
            vec![
                "id=\"next-actions\"",
                "Market stall",
                &*format!("/actions/{action}/door"),
                "id=\"decisions-open\"",
                "Book the hall",
                "overdue",
                "href=\"/people\"",
            ],
        ),
        (Role::Canvasser, vec!["href=\"/canvass\"", "Market stall"]),
        (Role::NationalAdmin, vec!["/results\"", "href=\"/people\""]),
        (Role::Analyst, vec!["/results\""]),
        (Role::GateScanner, vec!["Nothing waits for you right now."]),
    ] {
        let mut c = app.login(role).await;
        let res = c.get("/").await;
        assert_eq!(res.status, StatusCode::OK, "{role:?}: {}", res.body);
        for m in must {
            assert!(res.body.contains(m), "{role:?} start page lacks {m}");
        }
    }
    // The analyst sees no people and runs no actions.
    let mut analyst = app.login(Role::Analyst).await;
    let res = analyst.get("/").await;
    assert!(!res.body.contains("href=\"/people\"") && !res.body.contains("next-actions"));
}

/// Issue 15, problem 3: a refused new account comes back with the error beside the field and
/// what was typed kept (never a separate error page).
#[tokio::test]
async fn a_refused_account_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let city = p.city.id.0.to_string();
    let res = admin
        .post(
            "/users",
            &[
                ("email", "lotte-at-example"),
                ("display_name", "Lotte Peeters"),
                ("role", "organizer"),
                ("unit", &city),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("value=\"Lotte Peeters\"")
            && res.body.contains("value=\"lotte-at-example\"")
    );
    assert!(res.body.contains("aria-invalid=\"true\""));
    assert!(res.body.contains(&format!("value=\"{city}\" selected")));
}

/// Issue 15, problem 3: a refused hand-out of doors comes back with the error beside the field,
/// and the doors typed are not lost.
#[tokio::test]
async fn a_refused_hand_out_keeps_the_doors_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut org = app.login(Role::Organizer).await;
    let survey = app.store.surveys().await.unwrap()[0].id.0.to_string();
    let canvasser = app
        .store
        .user_by_email("canvasser@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id
        .0
        .to_string();
    let section = p.section.id.0.to_string();
    let long = "x".repeat(300);
    let res = org
        .post(
            "/assignments",
            &[
                ("title", &long),
                ("unit", &section),
                ("canvasser", &canvasser),
                ("survey", &survey),
                ("doors", "Sleepstraat 1\nSleepstraat 3"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body
            .contains(">Sleepstraat 1\nSleepstraat 3</textarea>"),
        "{}",
        res.body
    );
    assert!(res.body.contains("aria-invalid=\"true\""));
}

/// Issue 15, problem 3: ladder rules that do not read come back beside the field, as typed.
#[tokio::test]
async fn refused_ladder_rules_are_kept_as_typed() {
    let app = TestApp::new().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let res = admin
        .post("/ladder", &[("rules", "1 sympathiser\nthree active")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains(">1 sympathiser\nthree active</textarea>"),
        "{}",
        res.body
    );
    assert!(res.body.contains("aria-invalid=\"true\""));
}

/// Issue 15, problem 3: a refused rename comes back on the unit's page beside the name field.
#[tokio::test]
async fn a_refused_rename_keeps_the_name_typed() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let long = "Gent ".repeat(40);
    let res = admin
        .post(
            &format!("/units/{}/rename", p.section.id.0),
            &[("name", &long)],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains(&format!("value=\"{long}\"")));
    assert!(res.body.contains("aria-invalid=\"true\""));
}

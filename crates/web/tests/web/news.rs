//! The news site: editors write in several languages and publish; readers without an account
//! get the listing, topic and section pages, articles with their card tags, and Atom feeds that
//! a real feed parser (Python's `feedparser`, installed by scripts/setup) reads without a
//! complaint. Nothing typed into a body runs, drafts and scheduled articles stay hidden, and a
//! section writes only for its own page.

use crate::support::{Client, TestApp};
use axum::http::StatusCode;
use enquete_domain::account::Role;
use std::io::Write;
use std::process::{Command, Stdio};

/// The feed as `feedparser` reads it: whether it complained (bozo), its version, title,
/// language, and each entry's title, link, language and topics.
fn parse_feed(xml: &str) -> serde_json::Value {
    let script = r#"
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title"), "lang": d.feed.get("language"),
  "self": [l["href"] for l in d.feed.get("links", []) if l.get("rel") == "self"],
  "entries": [{"title": e.title, "link": e.link, "id": e.id, "lang": e.get("title_detail", {}).get("language"),
               "summary": e.get("summary"), "published": e.get("published"),
               "author": e.get("author"),
               "tags": [t["term"] for t in e.get("tags", [])],
               "content": [c["value"] for c in e.get("content", [])]} for e in d.entries]}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with feedparser (scripts/setup installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "feedparser failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["bozo"], false,
        "feedparser complained: {}\n{xml}",
        v["error"]
    );
    assert_eq!(v["version"], "atom10", "{xml}");
    v
}

/// Starts an article for a unit; returns its id.
async fn start(client: &mut Client, unit: i64) -> i64 {
    let r = client
        .post("/articles", &[("unit", &unit.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .strip_prefix("/articles/")
        .unwrap()
        .parse()
        .unwrap()
}

async fn save(client: &mut Client, id: i64, fields: &[(&str, &str)]) -> crate::support::Response {
    client.get(&format!("/articles/{id}")).await;
    client.post(&format!("/articles/{id}"), fields).await
}

async fn publish(client: &mut Client, id: i64, at: &str) {
    let r = client
        .post(&format!("/articles/{id}/publish"), &[("at", at)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn editors_publish_in_several_languages_and_readers_follow_the_feeds() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    admin.get("/articles").await;
    // A topic, then a bad one named by its field.
    let r = admin
        .post(
            "/topics",
            &[
                ("slug", "climate"),
                ("name_nl", "Klimaat"),
                ("name_fr", "Climat"),
                ("name_de", "Klima"),
                ("name_en", "Climate"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let bad = admin
        .post(
            "/topics",
            &[
                ("slug", "Not A Slug"),
                ("name_nl", "x"),
                ("name_fr", "x"),
                ("name_de", "x"),
                ("name_en", "x"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains(r#"pattern="[a-z0-9-]+" aria-invalid="true""#),
        "{}",
        bad.body
    );
    let again = admin
        .post(
            "/topics",
            &[
                ("slug", "climate"),
                ("name_nl", "x"),
                ("name_fr", "x"),
                ("name_de", "x"),
                ("name_en", "x"),
            ],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );

    let march = start(&mut admin, p.nation.id.0).await;
    // A title too long is refused, naming the language's field; nothing is written.
    let long = "x".repeat(201);
    let r = save(&mut admin, march, &[("title_en", &long)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(r#"name="title_en" maxlength="200" value="xxx"#)
    );
    assert!(r.body.contains(r#"aria-invalid="true""#));
    // A standfirst without a title names the title.
    let r = save(&mut admin, march, &[("standfirst_fr", "Sans titre")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("title_fr"));
    // Nothing at all cannot be published.
    let r = admin
        .post(&format!("/articles/{march}/publish"), &[("at", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = save(
        &mut admin,
        march,
        &[
            ("title_en", "Thousands march for the climate & people"),
            (
                "standfirst_en",
                "Planet and people before profit, said the march.",
            ),
            (
                "text_en",
                "## Why\n\nBecause **now**.\n\n- trains\n- insulation",
            ),
            ("title_nl", "Duizenden betogen voor het klimaat"),
            ("standfirst_nl", "Planeet en mensen voor winst."),
            ("text_nl", "Omdat het **nu** moet."),
            ("topic", "climate"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A draft is not public.
    let mut reader = app.client();
    assert_eq!(
        reader
            .get(&format!(
                "/news/en/{march}/thousands-march-for-the-climate-people"
            ))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = admin.post(&format!("/articles/{march}/review"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    publish(&mut admin, march, "").await;
    let later = start(&mut admin, p.nation.id.0).await;
    save(&mut admin, later, &[("title_en", "Not yet")]).await;
    publish(&mut admin, later, "2099-01-01T10:00").await;
    let other = start(&mut admin, p.nation.id.0).await;
    save(
        &mut admin,
        other,
        &[
            ("title_en", "Unions call for an arms embargo"),
            ("standfirst_en", "A call."),
        ],
    )
    .await;
    publish(&mut admin, other, "").await;
    // The editor's page shows the history with who and when.
    let page = admin.get(&format!("/articles/{march}")).await;
    assert!(page.body.contains("waiting for review") && page.body.contains("published"));

    // The listing, newest first, without the scheduled one.
    let list = reader.get("/news/en").await;
    assert_eq!(list.status, StatusCode::OK);
    let a = list.body.find("Unions call for an arms embargo").unwrap();
    let b = list.body.find("Thousands march for the climate").unwrap();
    assert!(a < b, "newest first");
    assert!(!list.body.contains("Not yet"));
    assert!(list.body.contains(r#"type="application/atom+xml""#));
    assert!(
        list.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    // In French: the article has no French, so it falls back, marked.
    let fr = reader.get("/news/fr").await;
    assert!(
        fr.body.contains("Duizenden betogen voor het klimaat"),
        "{}",
        fr.body
    );
    assert!(fr.body.contains(r#"lang="nl""#));
    let short = reader.get(&format!("/news/fr/{march}")).await;
    assert_eq!(short.status, StatusCode::SEE_OTHER);
    let art = reader.get(&short.location()).await;
    assert_eq!(art.status, StatusCode::OK, "{}", short.location());
    assert!(
        art.body.contains("Nederlands"),
        "the fallback note names the language"
    );
    // The English page: its tags.
    let path = format!("/news/en/{march}/thousands-march-for-the-climate-people");
    let art = reader.get(&path).await;
    assert_eq!(art.status, StatusCode::OK);
    for tag in [
        r#"<meta property="og:title" content="Thousands march for the climate &#38; people">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta name="twitter:card" content="summary">"#,
        &format!(r#"<link rel="canonical" href="http://localhost:8080{path}">"#),
        r#"<link rel="alternate" hreflang="nl""#,
        "<h2>Why</h2>",
        "<strong>now</strong>",
    ] {
        assert!(art.body.contains(tag), "{tag} missing in {}", art.body);
    }
    // A wrong slug leads to the right one.
    let moved = reader.get(&format!("/news/en/{march}/old-words")).await;
    assert_eq!(moved.location(), path);
    // Unknown language, page or topic: not found.
    for bad in [
        "/news/xx",
        "/news/en?page=9",
        "/news/en/topics/nothing",
        "/news/en/99999/x",
    ] {
        assert_eq!(reader.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert_eq!(
        reader
            .get(&format!("/news/en/{later}/not-yet"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The feeds, read by a real parser.
    let feed = reader.get("/news/en/feed.atom").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let f = parse_feed(&feed.body);
    assert_eq!(f["lang"], "en");
    assert_eq!(f["self"][0], "http://localhost:8080/news/en/feed.atom");
    let titles: Vec<&str> = f["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Unions call for an arms embargo",
            "Thousands march for the climate & people"
        ]
    );
    let first = &f["entries"][1];
    assert_eq!(first["link"], format!("http://localhost:8080{path}"));
    assert_eq!(first["tags"], serde_json::json!(["climate"]));
    assert!(
        first["content"][0]
            .as_str()
            .unwrap()
            .contains("<h2>Why</h2>")
    );
    let topic = parse_feed(&reader.get("/news/en/topics/climate/feed.atom").await.body);
    assert_eq!(topic["entries"].as_array().unwrap().len(), 1);
    // The German feed carries the fallback entry, marked with its language.
    let de = parse_feed(&reader.get("/news/de/feed.atom").await.body);
    let fallback = de["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Duizenden betogen voor het klimaat")
        .unwrap();
    assert_eq!(fallback["lang"], "nl");
    // The sitemap lists each language of each article.
    let map = reader.get("/news/sitemap.xml").await;
    assert!(
        map.body
            .contains(&format!("<loc>http://localhost:8080{path}</loc>"))
    );
    assert!(map.body.contains(&format!(
        "<loc>http://localhost:8080/news/nl/{march}/duizenden-betogen-voor-het-klimaat</loc>"
    )));
    assert!(!map.body.contains("not-yet"));

    // Taken off the site: gone from the listing and the feed.
    let r = admin
        .post(&format!("/articles/{march}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !reader
            .get("/news/en")
            .await
            .body
            .contains("Thousands march")
    );
    assert_eq!(reader.get(&path).await.status, StatusCode::NOT_FOUND);
}

/// Checks that HTML holds nothing a browser would run: no script, SVG or frame tag, no event
/// handler attribute, no link or picture to `javascript:`, `data:` or elsewhere. The words may be
/// shown (escaped); text is escaped, so every `<` opens a tag.
fn assert_inert(html: &str) {
    for tag in html.split('<').skip(1) {
        let head = tag.split('>').next().unwrap().to_ascii_lowercase();
        let name = head.split([' ', '/']).next().unwrap();
        assert!(
            !["script", "svg", "iframe", "object", "embed"].contains(&name),
            "<{head}> in {}",
            html
        );
        // Outside quotes: attribute names; inside: their (escaped) values.
        let parts: Vec<&str> = head.split('"').collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 0 {
                assert!(
                    !part.split_whitespace().any(|w| w.starts_with("on")),
                    "<{head}> has an event handler"
                );
                assert!(!part.contains("src=x"), "<{head}>");
            } else if parts[i - 1].ends_with("href=") || parts[i - 1].ends_with("src=") {
                let v = part.trim_start();
                assert!(
                    !v.starts_with("javascript")
                        && !v.starts_with("data:")
                        && !v.contains("evil.example"),
                    "<{head}> links to {v}"
                );
            }
        }
    }
}

#[tokio::test]
async fn nothing_typed_into_an_article_runs_in_a_readers_browser() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let id = start(&mut admin, p.nation.id.0).await;
    let body = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<svg onload=alert(3)><circle/></svg>",
        "[click](javascript:alert(4))",
        "[click](JAVASCRIPT:alert(5))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)",
        "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNyk+)",
        "<a href=\"javascript:alert(8)\">x</a>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<p onclick=\"alert(9)\">hi</p>",
    ]
    .join("\n\n");
    let r = save(
        &mut admin,
        id,
        &[
            ("title_en", "<script>alert('title')</script>"),
            ("standfirst_en", "\"><img src=x onerror=alert(10)>"),
            ("text_en", &body),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    publish(&mut admin, id, "").await;
    let mut reader = app.client();
    let short = reader.get(&format!("/news/en/{id}")).await;
    let page = reader.get(&short.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_inert(&page.body);
    assert!(page.body.contains("&lt;script&gt;"), "shown as text");
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    // The feed carries the same safe body.
    let feed = parse_feed(&reader.get("/news/en/feed.atom").await.body);
    assert_inert(feed["entries"][0]["content"][0].as_str().unwrap());
}

#[tokio::test]
async fn a_section_publishes_on_its_own_page_only() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut organizer = app.login(Role::Organizer).await;
    let mut admin = app.login(Role::NationalAdmin).await;
    // The city's organizer writes for the city, not for the nation nor elsewhere.
    organizer.get("/articles").await;
    for unit in [p.nation.id.0, p.far.id.0] {
        let r = organizer
            .post("/articles", &[("unit", &unit.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "unit {unit}");
    }
    let local = start(&mut organizer, p.city.id.0).await;
    save(
        &mut organizer,
        local,
        &[("title_nl", "Huurdersvergadering in de wijk")],
    )
    .await;
    publish(&mut organizer, local, "").await;
    let national = start(&mut admin, p.nation.id.0).await;
    save(&mut admin, national, &[("title_en", "National news")]).await;
    // The organizer cannot touch the national article.
    for path in [
        format!("/articles/{national}/publish"),
        format!("/articles/{national}/delete"),
    ] {
        assert_eq!(
            organizer.post(&path, &[]).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        organizer.get(&format!("/articles/{national}")).await.status,
        StatusCode::FORBIDDEN
    );
    // Nor add a picture to it.
    let r = upload(&mut organizer, national, "a.png", &png(10, 10)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Canvassers and analysts do not write news.
    for role in [Role::Canvasser, Role::Analyst] {
        assert_eq!(
            app.login(role).await.get("/articles").await.status,
            StatusCode::FORBIDDEN
        );
    }
    let mut reader = app.client();
    let city_page = reader.get(&format!("/news/nl/units/{}", p.city.id.0)).await;
    assert!(city_page.body.contains("Huurdersvergadering"));
    assert!(
        !reader
            .get("/news/nl")
            .await
            .body
            .contains("Huurdersvergadering")
    );
    let feed = parse_feed(
        &reader
            .get(&format!("/news/nl/units/{}/feed.atom", p.city.id.0))
            .await
            .body,
    );
    assert_eq!(feed["entries"].as_array().unwrap().len(), 1);
    // A section below the city does not list the city's news.
    assert!(
        !reader
            .get(&format!("/news/nl/units/{}", p.section.id.0))
            .await
            .body
            .contains("Huurdersvergadering")
    );
}

/// A PNG of `w` × `h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(client: &mut Client, id: i64, name: &str, file: &[u8]) -> crate::support::Response {
    client.get(&format!("/articles/{id}")).await;
    let boundary = "enquete-news-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
            client.csrf
        )
        .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    client
        .send(
            axum::http::Request::post(format!("/articles/{id}/images"))
                .header(
                    axum::http::header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await
}

#[tokio::test]
async fn pictures_are_resized_written_again_and_shown_once_published() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let mut admin = app.login(Role::NationalAdmin).await;
    let id = start(&mut admin, p.nation.id.0).await;
    let r = upload(&mut admin, id, "big.png", &png(2400, 1200)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = admin.get(&format!("/articles/{id}")).await;
    assert!(page.body.contains("1200 × 600"), "scaled to 1200 wide");
    let line = page
        .body
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_owned();
    let img_path = line
        .split('(')
        .nth(1)
        .unwrap()
        .trim_end_matches(')')
        .to_owned();
    // An SVG (or anything not a photo) is refused, naming the field.
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    let r = upload(&mut admin, id, "x.svg", svg).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"name="file""#) && r.body.contains("aria-invalid"));
    // Not public before the article is.
    let mut reader = app.client();
    assert_eq!(reader.get(&img_path).await.status, StatusCode::NOT_FOUND);
    let mine = admin.get(&img_path).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.headers["content-type"], "image/jpeg");
    save(
        &mut admin,
        id,
        &[
            ("title_en", "With a picture"),
            ("text_en", &format!("![The march]({img_path})")),
        ],
    )
    .await;
    publish(&mut admin, id, "").await;
    assert_eq!(reader.get(&img_path).await.status, StatusCode::OK);
    let art = reader.get(&format!("/news/en/{id}/with-a-picture")).await;
    assert!(
        art.body
            .contains(&format!(r#"<img src="{img_path}" alt="The march""#))
    );
    assert!(
        art.body
            .contains(r#"<meta name="twitter:card" content="summary_large_image">"#)
    );
    assert!(art.body.contains(&format!(
        r#"<meta property="og:image" content="http://localhost:8080{img_path}">"#
    )));
}

#[tokio::test]
async fn an_article_shows_a_survey_result_frozen_on_publication() {
    let app = TestApp::new().await;
    let p = app.places().await;
    let survey = app.store.surveys().await.unwrap()[0].id.0.to_string();
    let mut admin = app.login(Role::NationalAdmin).await;
    let id = start(&mut admin, p.nation.id.0).await;
    // A question the survey does not have is named.
    let r = save(
        &mut admin,
        id,
        &[
            ("title_en", "What people said"),
            ("survey", &survey),
            ("question", "nope"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(r#"name="question" maxlength="100" value="nope" aria-invalid="true""#)
    );
    let r = save(
        &mut admin,
        id,
        &[
            ("title_en", "What people said"),
            ("survey", &survey),
            ("question", "top3"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    publish(&mut admin, id, "").await;
    let stored = app
        .store
        .article(enquete_store::ArticleId(id))
        .await
        .unwrap();
    let frozen: serde_json::Value = serde_json::from_str(&stored.result).unwrap();
    assert_eq!(frozen["en"]["options"].as_array().unwrap().len(), 12);
    let page = app
        .client()
        .get(&format!("/news/en/{id}/what-people-said"))
        .await;
    assert!(
        page.body.contains("<figure class=\"news-result\""),
        "{}",
        page.body
    );
}

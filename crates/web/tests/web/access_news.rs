//! The news and integration routes of the authorization matrix (crates/web/tests/web/access.rs): the organizers
//! of a unit write for its page, national editors for the whole site and its topics; everyone,
//! logged in or not, reads what is published.

use crate::access::{Row, page};
use crate::support::{NOW, Places, TestApp};
use axum::http::Method as M;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_store::{ArticleId, ArticleLinks, ArticleText, AuditEvent};

fn audit() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Article,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

/// An article of a unit with an English title, published or not.
async fn article(app: &TestApp, unit: UnitId, title: &str, published: bool) -> ArticleId {
    let admin = app
        .store
        .user_by_email(
            &enquete_domain::demo::demo_logins()
                .into_iter()
                .find(|(r, _, _)| *r == enquete_domain::account::Role::NationalAdmin)
                .unwrap()
                .1,
        )
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let id = app
        .store
        .create_article(unit, admin, "Admin", NOW, audit())
        .await
        .unwrap();
    let topic = app.store.topics().await.unwrap()[0].id;
    app.store
        .save_article(
            id,
            &[ArticleText {
                language: Language::En,
                slug: enquete_formats::news::slug(title),
                title: title.into(),
                standfirst: String::new(),
                body: "Words.".into(),
            }],
            &[topic],
            &ArticleLinks::default(),
            NOW,
            audit(),
        )
        .await
        .unwrap();
    if published {
        app.store
            .set_article_state(id, "published", Some(NOW), "", admin, NOW, audit())
            .await
            .unwrap();
    }
    id
}

pub(crate) async fn rows(app: &TestApp, p: &Places) -> Vec<Row> {
    app.store
        .create_topic(
            "climate",
            &["Klimaat", "Climat", "Klima", "Climate"].map(str::to_owned),
        )
        .await
        .unwrap();
    let national = article(app, p.nation.id, "National news", true).await.0;
    let local = article(app, p.city.id, "City news", false).await.0;
    let spare = article(app, p.city.id, "Spare news", false).await.0;
    let far = article(app, p.far.id, "Far news", false).await.0;
    let (nation, city, far_unit) = (p.nation.id.0, p.city.id.0, p.far.id.0);
    // API tokens: one of the section, one far away.
    let token = |unit: UnitId| {
        let store = app.store.clone();
        async move {
            let admin = store
                .user_by_email(
                    &enquete_domain::demo::demo_logins()
                        .into_iter()
                        .find(|(r, _, _)| *r == enquete_domain::account::Role::NationalAdmin)
                        .unwrap()
                        .1,
                )
                .await
                .unwrap()
                .unwrap()
                .user
                .id;
            let hash = format!("{:064}", unit.0);
            store
                .create_api_token(unit, "Tool", &hash, false, admin, NOW, audit())
                .await
                .unwrap()
                .0
        }
    };
    let (near_token, far_token) = (token(p.section.id).await, token(p.far.id).await);
    let s = |v: i64| v.to_string();
    let title = |t: &str| vec![("title_en", t.to_owned())];
    //                                                                          admin org canv anal stew gate none
    vec![
        // The public site: everyone.
        page(M::GET, "/news".into(), &[], "YYYYYYY"),
        page(M::GET, "/news/fr".into(), &[], "YYYYYYY"),
        page(M::GET, "/news/en/feed.atom".into(), &[], "YYYYYYY"),
        page(M::GET, "/news/sitemap.xml".into(), &[], "YYYYYYY"),
        page(M::GET, "/news/de/topics/climate".into(), &[], "YYYYYYY"),
        page(
            M::GET,
            "/news/de/topics/climate/feed.atom".into(),
            &[],
            "YYYYYYY",
        ),
        page(M::GET, format!("/news/nl/units/{city}"), &[], "YYYYYYY"),
        page(
            M::GET,
            format!("/news/nl/units/{city}/feed.atom"),
            &[],
            "YYYYYYY",
        ),
        page(M::GET, format!("/news/en/{national}"), &[], "YYYYYYY"),
        page(
            M::GET,
            format!("/news/en/{national}/national-news"),
            &[],
            "YYYYYYY",
        ),
        // API tokens: the organizers of the unit.
        page(M::GET, "/integrations".into(), &[], "YYnnnnn"),
        page(
            M::POST,
            "/integrations".into(),
            &[
                ("unit", s(city)),
                ("name", "Tool".into()),
                ("rights", "read".into()),
            ],
            "YYnnnnn",
        ),
        page(
            M::POST,
            "/integrations".into(),
            &[
                ("unit", s(far_unit)),
                ("name", "Tool".into()),
                ("rights", "write".into()),
            ],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/integrations/{far_token}/revoke"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/integrations/{near_token}/revoke"),
            &[],
            "YYnnnnn",
        ),
        page(M::GET, "/articles".into(), &[], "YYnnnnn"),
        page(M::POST, "/articles".into(), &[("unit", s(city))], "YYnnnnn"),
        page(
            M::POST,
            "/articles".into(),
            &[("unit", s(nation))],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            "/articles".into(),
            &[("unit", s(far_unit))],
            "Ynnnnnn",
        ),
        page(M::GET, format!("/articles/{local}"), &[], "YYnnnnn"),
        page(M::GET, format!("/articles/{far}"), &[], "Ynnnnnn"),
        page(M::GET, format!("/articles/{national}"), &[], "Ynnnnnn"),
        page(
            M::POST,
            format!("/articles/{local}"),
            &title("Mine"),
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/articles/{far}"),
            &title("Not mine"),
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/articles/{national}"),
            &title("Not mine"),
            "Ynnnnnn",
        ),
        page(M::POST, format!("/articles/{local}/review"), &[], "YYnnnnn"),
        page(
            M::POST,
            format!("/articles/{local}/publish"),
            &[("at", String::new())],
            "YYnnnnn",
        ),
        page(
            M::POST,
            format!("/articles/{far}/publish"),
            &[("at", String::new())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/articles/{national}/withdraw"),
            &[],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            format!("/articles/{local}/withdraw"),
            &[],
            "YYnnnnn",
        ),
        page(M::POST, format!("/articles/{far}/delete"), &[], "Ynnnnnn"),
        page(M::POST, format!("/articles/{spare}/delete"), &[], "YYnnnnn"),
        page(
            M::POST,
            "/topics".into(),
            &[
                ("slug", "farmers".into()),
                ("name_nl", "Boeren".into()),
                ("name_fr", "Agriculteurs".into()),
                ("name_de", "Bauern".into()),
                ("name_en", "Farmers".into()),
            ],
            "Ynnnnnn",
        ),
    ]
}

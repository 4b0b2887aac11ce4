//! News: topics listed by slug and each slug taken once; an article's words, topics and links
//! replaced at each save, its states kept with who and when; the public pages listing only what
//! is published and due, for one unit or a branch, by topic, page by page; and its pictures.

use crate::support::{NOW, action_draft, admin, conformance, field_of, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::{Role, UserId};
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::{Email, Language};
use enquete_store::{
    ArticleId, ArticleLinks, ArticleText, AuditEvent, NewUser, NewsQuery, Store, StoreError,
    TopicId,
};

conformance!(
    topics_are_listed_by_slug_and_a_slug_is_taken_once,
    an_article_is_written_reviewed_and_published_with_its_history,
    public_pages_list_what_is_published_and_due,
    an_article_keeps_its_pictures,
);

fn event() -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action: AuditAction::Article,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

fn at(offset: i64) -> Timestamp {
    Timestamp(NOW.0 + offset)
}

fn names(base: &str) -> [String; 4] {
    [
        format!("{base} nl"),
        format!("{base} fr"),
        format!("{base} de"),
        format!("{base} en"),
    ]
}

fn text(language: Language, title: &str) -> ArticleText {
    ArticleText {
        language,
        slug: title.to_lowercase().replace(' ', "-"),
        title: title.into(),
        standfirst: format!("{title}: in short"),
        body: format!("**{title}**, the whole story."),
    }
}

/// How many audit entries there are in all.
async fn audit_count(store: &Store) -> usize {
    store.audit_events(None, 100_000).await.unwrap().len()
}

/// How many of them are about articles.
async fn article_entries(store: &Store) -> usize {
    store
        .audit_events(None, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == AuditAction::Article)
        .count()
}

async fn user(store: &Store, unit: UnitId, email: &str, display_name: &str) -> UserId {
    store
        .create_user(
            &NewUser {
                email: Email::parse(email).unwrap(),
                display_name: display_name.into(),
                password_hash: "hash".into(),
                role: Role::Organizer,
                unit,
                language: Language::Nl,
                must_change_password: false,
            },
            NOW,
        )
        .await
        .unwrap()
        .user
        .id
}

async fn topics_are_listed_by_slug_and_a_slug_is_taken_once(store: Store) {
    assert!(store.topics().await.unwrap().is_empty());
    let wages = store.create_topic("wages", &names("Wages")).await.unwrap();
    let climate = store
        .create_topic("climate", &names("Climate"))
        .await
        .unwrap();
    let housing = store
        .create_topic("housing", &names("Housing"))
        .await
        .unwrap();
    assert_ne!(wages, climate);
    assert_ne!(climate, housing);
    let listed = store.topics().await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|t| (t.id, t.slug.as_str(), t.names.clone()))
            .collect::<Vec<_>>(),
        vec![
            (climate, "climate", names("Climate")),
            (housing, "housing", names("Housing")),
            (wages, "wages", names("Wages")),
        ]
    );
    assert_eq!(listed[1].name(Language::Nl), "Housing nl");
    assert_eq!(listed[1].name(Language::Fr), "Housing fr");
    assert_eq!(listed[1].name(Language::De), "Housing de");
    assert_eq!(listed[1].name(Language::En), "Housing en");
    // The same slug again: refused on the slug, nothing written.
    let err = store
        .create_topic("housing", &names("Other"))
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "slug");
    let after = store.topics().await.unwrap();
    assert_eq!(after.len(), 3);
    assert_eq!(
        after
            .iter()
            .map(|t| (t.id, t.names.clone()))
            .collect::<Vec<_>>(),
        listed
            .iter()
            .map(|t| (t.id, t.names.clone()))
            .collect::<Vec<_>>()
    );
}

async fn an_article_is_written_reviewed_and_published_with_its_history(store: Store) {
    let t = tree(&store).await;
    let author = admin(&store, t.gent, "author@example.org", Role::Organizer).await;
    let editor = user(&store, t.region, "editor@example.org", "Editor Ed").await;
    let wages = store.create_topic("wages", &names("Wages")).await.unwrap();
    let housing = store
        .create_topic("housing", &names("Housing"))
        .await
        .unwrap();
    let climate = store
        .create_topic("climate", &names("Climate"))
        .await
        .unwrap();
    let action = store
        .create_action(t.gent, None, &action_draft(""), "tok-news", None, NOW)
        .await
        .unwrap();
    let audit_start = audit_count(&store).await;

    // Started: a draft without words, one step.
    let id = store
        .create_article(t.gent, author, "A. Author", NOW, event())
        .await
        .unwrap();
    let a = store.article(id).await.unwrap();
    assert_eq!(a.id, id);
    assert_eq!(a.unit, t.gent);
    assert_eq!(a.unit_path, store.unit(t.gent).await.unwrap().path);
    assert_eq!(a.unit_name, "Gent");
    assert_eq!((a.author, a.author_name.as_str()), (author, "A. Author"));
    assert_eq!(a.state, "draft");
    assert_eq!(a.publish_at, None);
    assert_eq!(a.links, ArticleLinks::default());
    assert_eq!(a.result, "");
    assert_eq!((a.created_at, a.updated_at), (NOW, NOW));
    assert!(a.texts.is_empty());
    assert!(a.topics.is_empty());
    assert!(a.text(Language::Nl).is_none());
    assert_eq!(
        a.history
            .iter()
            .map(|s| (s.state.as_str(), s.by.as_str(), s.at))
            .collect::<Vec<_>>(),
        vec![("draft", "Someone", NOW)]
    );

    // Saved in English and Dutch (given in that order), with two topics and a link.
    let en = text(Language::En, "Wages up");
    let nl = text(Language::Nl, "Lonen omhoog");
    let links = ArticleLinks {
        campaign: None,
        action: Some(action.id.0),
        petition: None,
        survey: None,
        question: String::new(),
    };
    store
        .save_article(
            id,
            &[en.clone(), nl.clone()],
            &[wages, housing],
            &links,
            at(10),
            event(),
        )
        .await
        .unwrap();
    let a = store.article(id).await.unwrap();
    assert_eq!(
        a.texts,
        vec![nl.clone(), en.clone()],
        "in the order nl, fr, de, en"
    );
    assert_eq!(
        a.topics.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![housing, wages],
        "topics by slug"
    );
    assert_eq!(a.topics[0].names, names("Housing"));
    assert_eq!(a.links, links);
    assert_eq!((a.created_at, a.updated_at), (NOW, at(10)));
    assert_eq!(a.state, "draft", "saving does not change the state");
    assert_eq!(a.history.len(), 1);
    assert_eq!(a.text(Language::En), Some((&en, true)));
    assert_eq!(a.text(Language::Nl), Some((&nl, true)));
    assert_eq!(
        a.text(Language::Fr),
        Some((&nl, false)),
        "missing: the first written"
    );

    // Saved again with one language: the other is removed, topics and links replaced.
    let nl2 = text(Language::Nl, "Lonen fors omhoog");
    store
        .save_article(
            id,
            std::slice::from_ref(&nl2),
            &[climate],
            &ArticleLinks::default(),
            at(15),
            event(),
        )
        .await
        .unwrap();
    let a = store.article(id).await.unwrap();
    assert_eq!(a.texts, vec![nl2.clone()]);
    assert_eq!(
        a.topics.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![climate]
    );
    assert_eq!(a.links, ArticleLinks::default());
    assert_eq!(a.text(Language::En), Some((&nl2, false)));

    // Sent for review by the editor, then published at a set time by the author.
    store
        .set_article_state(id, "review", None, "", editor, at(20), event())
        .await
        .unwrap();
    let a = store.article(id).await.unwrap();
    assert_eq!((a.state.as_str(), a.publish_at), ("review", None));
    store
        .set_article_state(
            id,
            "published",
            Some(at(100)),
            r#"{"nl":"42%"}"#,
            author,
            at(30),
            event(),
        )
        .await
        .unwrap();
    let a = store.article(id).await.unwrap();
    assert_eq!(a.state, "published");
    assert_eq!(a.publish_at, Some(at(100)));
    assert_eq!(a.result, r#"{"nl":"42%"}"#);
    assert_eq!(a.updated_at, at(30));
    assert_eq!(a.texts, vec![nl2.clone()], "words kept across states");
    assert_eq!(
        a.history
            .iter()
            .map(|s| (s.state.as_str(), s.by.as_str(), s.at))
            .collect::<Vec<_>>(),
        vec![
            ("draft", "Someone", NOW),
            ("review", "Editor Ed", at(20)),
            ("published", "Someone", at(30)),
        ]
    );
    // One entry per change: created, saved twice, two states.
    assert_eq!(audit_count(&store).await, audit_start + 5);
    assert_eq!(article_entries(&store).await, 5);

    // An unknown article: not found, nothing written, no audit entry.
    let unknown = ArticleId(id.0 + 1000);
    let before = audit_count(&store).await;
    assert!(matches!(
        store
            .save_article(
                unknown,
                std::slice::from_ref(&en),
                &[wages],
                &links,
                at(40),
                event()
            )
            .await,
        Err(StoreError::NotFound("article"))
    ));
    assert!(matches!(
        store
            .set_article_state(
                unknown,
                "published",
                Some(at(40)),
                "",
                author,
                at(40),
                event()
            )
            .await,
        Err(StoreError::NotFound("article"))
    ));
    assert!(matches!(
        store.delete_article(unknown, at(40), event()).await,
        Err(StoreError::NotFound("article"))
    ));
    assert!(matches!(
        store.article(unknown).await,
        Err(StoreError::NotFound("article"))
    ));
    assert_eq!(audit_count(&store).await, before, "no audit entry");
    // The real article is untouched.
    let a = store.article(id).await.unwrap();
    assert_eq!(a.texts, vec![nl2]);
    assert_eq!(a.history.len(), 3);
}

/// An article in `unit` with a Dutch title, `topics`, brought to `state` (published at
/// `publish_at`).
async fn article(
    store: &Store,
    unit: UnitId,
    author: UserId,
    title: &str,
    topics: &[TopicId],
    state: &str,
    publish_at: Option<Timestamp>,
) -> ArticleId {
    let id = store
        .create_article(unit, author, "Byline", NOW, event())
        .await
        .unwrap();
    store
        .save_article(
            id,
            &[text(Language::Nl, title)],
            topics,
            &ArticleLinks::default(),
            NOW,
            event(),
        )
        .await
        .unwrap();
    if state != "draft" {
        store
            .set_article_state(id, state, publish_at, "", author, NOW, event())
            .await
            .unwrap();
    }
    id
}

async fn listed(store: &Store, query: NewsQuery, now: Timestamp) -> (Vec<ArticleId>, i64) {
    let (list, total) = store.public_articles(&query, now).await.unwrap();
    (list.iter().map(|a| a.id).collect(), total)
}

fn query(unit: Option<UnitId>, below: Option<&enquete_domain::org::UnitPath>) -> NewsQuery {
    NewsQuery {
        unit,
        below: below.cloned(),
        topic: None,
        offset: 0,
        limit: 100,
    }
}

async fn public_pages_list_what_is_published_and_due(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.nation, "news@example.org", Role::NationalAdmin).await;
    let wages = store.create_topic("wages", &names("Wages")).await.unwrap();
    let housing = store
        .create_topic("housing", &names("Housing"))
        .await
        .unwrap();
    let nation_path = store.unit(t.nation).await.unwrap().path;
    let gent_path = store.unit(t.gent).await.unwrap().path;
    let pub_ = "published";
    // The national site (root unit).
    let r_old = article(&store, t.nation, by, "Old", &[wages], pub_, Some(at(-300))).await;
    let r_mid = article(
        &store,
        t.nation,
        by,
        "Mid",
        &[housing],
        pub_,
        Some(at(-100)),
    )
    .await;
    let r_now = article(&store, t.nation, by, "Now", &[], pub_, Some(NOW)).await;
    let r_later = article(
        &store,
        t.nation,
        by,
        "Later",
        &[wages],
        pub_,
        Some(at(1000)),
    )
    .await;
    let r_draft = article(&store, t.nation, by, "Draft", &[wages], "draft", None).await;
    let r_review = article(&store, t.nation, by, "Review", &[wages], "review", None).await;
    // A city, a section below it, and another city.
    let g_first = article(&store, t.gent, by, "Gent a", &[wages], pub_, Some(at(-200))).await;
    let g_tied = article(&store, t.gent, by, "Gent b", &[], pub_, Some(at(-200))).await;
    let g_later = article(&store, t.gent, by, "Gent c", &[], pub_, Some(at(500))).await;
    let g_draft = article(&store, t.gent, by, "Gent d", &[wages], "draft", None).await;
    let n_pub = article(&store, t.noord, by, "Noord", &[wages], pub_, Some(at(-50))).await;
    let n_review = article(&store, t.noord, by, "Noord b", &[], "review", None).await;
    let a_pub = article(
        &store,
        t.antwerpen,
        by,
        "Antw",
        &[housing],
        pub_,
        Some(at(-10)),
    )
    .await;

    // National: the root's own, published and due, newest first.
    assert_eq!(
        listed(&store, query(Some(t.nation), None), NOW).await,
        (vec![r_now, r_mid, r_old], 3)
    );
    // Later on, the one set for later is there too.
    assert_eq!(
        listed(&store, query(Some(t.nation), None), at(1000)).await,
        (vec![r_later, r_now, r_mid, r_old], 4)
    );
    // A city's page: its own and its section's, not the root's nor another city's; at the
    // same time, the later-made first.
    assert_eq!(
        listed(&store, query(None, Some(&gent_path)), NOW).await,
        (vec![n_pub, g_tied, g_first], 3)
    );
    assert_eq!(
        listed(&store, query(None, Some(&gent_path)), at(600)).await,
        (vec![g_later, n_pub, g_tied, g_first], 4)
    );
    // Exactly one unit: the city alone, without its section.
    assert_eq!(
        listed(&store, query(Some(t.gent), None), NOW).await,
        (vec![g_tied, g_first], 2)
    );
    // The whole tree.
    let all = vec![r_now, a_pub, n_pub, r_mid, g_tied, g_first, r_old];
    assert_eq!(
        listed(&store, query(None, Some(&nation_path)), NOW).await,
        (all.clone(), 7)
    );
    assert_eq!(
        listed(&store, query(None, None), NOW).await,
        (all.clone(), 7)
    );
    // By topic.
    let on = |topic, unit, below: Option<&enquete_domain::org::UnitPath>| NewsQuery {
        topic: Some(topic),
        ..query(unit, below)
    };
    assert_eq!(
        listed(&store, on(wages, None, None), NOW).await,
        (vec![n_pub, g_first, r_old], 3)
    );
    assert_eq!(
        listed(&store, on(wages, Some(t.nation), None), NOW).await,
        (vec![r_old], 1)
    );
    assert_eq!(
        listed(&store, on(wages, None, Some(&gent_path)), NOW).await,
        (vec![n_pub, g_first], 2)
    );
    assert_eq!(
        listed(&store, on(housing, None, None), NOW).await,
        (vec![a_pub, r_mid], 2)
    );
    // Page by page, the total counting every match.
    for (offset, page) in [
        (0, &all[0..3]),
        (3, &all[3..6]),
        (6, &all[6..7]),
        (9, &all[7..7]),
    ] {
        let q = NewsQuery {
            offset,
            limit: 3,
            ..query(None, Some(&nation_path))
        };
        assert_eq!(
            listed(&store, q, NOW).await,
            (page.to_vec(), 7),
            "offset {offset}"
        );
    }
    // The listed articles come with their words and topics.
    let (list, _) = store
        .public_articles(&on(wages, Some(t.nation), None), NOW)
        .await
        .unwrap();
    assert_eq!(list[0].texts, vec![text(Language::Nl, "Old")]);
    assert_eq!(
        list[0].topics.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![wages]
    );
    assert_eq!(list[0].unit_path, nation_path);
    assert!(list[0].history.is_empty(), "history only for one article");

    // Back to draft: off the site.
    store
        .set_article_state(r_mid, "draft", None, "", by, at(1), event())
        .await
        .unwrap();
    assert_eq!(
        listed(&store, query(Some(t.nation), None), NOW).await,
        (vec![r_now, r_old], 2)
    );

    // Removed: in no list, not found, not removed twice.
    let below_all = store.articles_below(&nation_path).await.unwrap();
    assert_eq!(below_all.len(), 13, "every state in the branch");
    for id in [r_draft, r_review, g_draft, n_review, r_later, g_later] {
        assert!(below_all.iter().any(|a| a.id == id));
    }
    store.delete_article(r_old, at(2), event()).await.unwrap();
    assert_eq!(
        listed(&store, query(Some(t.nation), None), NOW).await,
        (vec![r_now], 1)
    );
    assert_eq!(
        listed(&store, query(None, Some(&nation_path)), NOW).await,
        (vec![r_now, a_pub, n_pub, g_tied, g_first], 5)
    );
    assert_eq!(
        listed(&store, on(wages, None, None), NOW).await,
        (vec![n_pub, g_first], 2)
    );
    let below_all = store.articles_below(&nation_path).await.unwrap();
    assert_eq!(below_all.len(), 12);
    assert!(!below_all.iter().any(|a| a.id == r_old));
    assert!(matches!(
        store.article(r_old).await,
        Err(StoreError::NotFound("article"))
    ));
    assert!(matches!(
        store.delete_article(r_old, at(3), event()).await,
        Err(StoreError::NotFound("article"))
    ));
    assert!(matches!(
        store
            .save_article(r_old, &[], &[], &ArticleLinks::default(), at(3), event())
            .await,
        Err(StoreError::NotFound("article"))
    ));
}

async fn an_article_keeps_its_pictures(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "pics@example.org", Role::Organizer).await;
    let id = store
        .create_article(t.gent, by, "Byline", NOW, event())
        .await
        .unwrap();
    let other = store
        .create_article(t.gent, by, "Byline", NOW, event())
        .await
        .unwrap();
    let big = "/9j/4AAQSkZJRgABAQAAAQABAAD".repeat(200);
    let first = store
        .add_article_image(id, 1200, 800, &big, NOW)
        .await
        .unwrap();
    let second = store
        .add_article_image(id, 400, 300, "/9j/small", at(1))
        .await
        .unwrap();
    assert_ne!(first, second);
    let img = store.article_image(first).await.unwrap();
    assert_eq!(
        (img.article, img.width, img.height, img.data.as_str()),
        (id, 1200, 800, big.as_str())
    );
    let img = store.article_image(second).await.unwrap();
    assert_eq!(
        (img.article, img.width, img.height, img.data.as_str()),
        (id, 400, 300, "/9j/small")
    );
    assert_eq!(
        store.article_images(id).await.unwrap(),
        vec![(first, 1200, 800), (second, 400, 300)]
    );
    assert!(store.article_images(other).await.unwrap().is_empty());
    assert!(matches!(
        store.article_image(first.max(second) + 1000).await,
        Err(StoreError::NotFound("image"))
    ));
}

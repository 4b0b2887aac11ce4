//! The demo country's news site: a year of articles on its topics, most in the four languages,
//! some only in Dutch and French (their readers see the fallback), the city's local news, and
//! articles about its campaign, action, petition and survey result.

use super::stories::{About, STORIES, Story, TOPICS};
use super::stories_older::OLDER_STORIES;
use crate::{App, Result};
use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_domain::survey::SurveyId;
use enquete_store::{ArticleLinks, ArticleText, AuditEvent, DAY};

/// What the demo articles may be about.
pub(super) struct Links {
    pub nation: UnitId,
    pub city: UnitId,
    pub author: UserId,
    pub author_name: String,
    pub campaign: i64,
    pub action: i64,
    pub petition: i64,
    pub survey: Option<SurveyId>,
}

fn audit(at: Timestamp, by: UserId, detail: String) -> AuditEvent {
    AuditEvent {
        at,
        user: Some(by),
        action: AuditAction::Article,
        person: None,
        detail,
        ip: "demo".into(),
    }
}

/// Loads the topics and articles (once: nothing when topics exist).
pub(super) async fn load(app: &App, links: &Links, now: Timestamp) -> Result<()> {
    let store = &app.store;
    if !store.topics().await?.is_empty() {
        return Ok(());
    }
    let mut ids = Vec::new();
    for (slug, names) in TOPICS {
        let id = store.create_topic(slug, &names.map(str::to_owned)).await?;
        ids.push((*slug, id));
    }
    for story in STORIES.iter().chain(OLDER_STORIES) {
        load_story(app, links, &ids, story, now).await?;
    }
    Ok(())
}

async fn load_story(
    app: &App,
    links: &Links,
    topics: &[(&str, enquete_store::TopicId)],
    story: &Story,
    now: Timestamp,
) -> Result<()> {
    let store = &app.store;
    let at = Timestamp(now.0 - story.days_ago * DAY - 5 * 3600);
    // Stories only in Dutch are the city's local news.
    let unit = if story.texts.iter().all(|t| t.0 == "nl") {
        links.city
    } else {
        links.nation
    };
    let id = store
        .create_article(
            unit,
            links.author,
            &links.author_name,
            Timestamp(at.0 - 3600),
            audit(at, links.author, "demo article".into()),
        )
        .await?;
    let texts: Vec<ArticleText> = story
        .texts
        .iter()
        .filter_map(|(lang, title, standfirst, body)| {
            Some(ArticleText {
                language: Language::parse(lang).ok()?,
                slug: enquete_formats::news::slug(title),
                title: (*title).to_owned(),
                standfirst: (*standfirst).to_owned(),
                body: (*body).to_owned(),
            })
        })
        .collect();
    let chosen: Vec<_> = topics
        .iter()
        .filter(|(slug, _)| story.topics.contains(slug))
        .map(|(_, id)| *id)
        .collect();
    let mut about = ArticleLinks::default();
    match story.about {
        About::Nothing => {}
        About::Campaign => about.campaign = Some(links.campaign),
        About::Action => about.action = Some(links.action),
        About::Petition => about.petition = Some(links.petition),
        About::Result => {
            if let Some(s) = links.survey {
                about.survey = Some(s.0);
                about.question = "top3".into();
            }
        }
    }
    store
        .save_article(
            id,
            &texts,
            &chosen,
            &about,
            Timestamp(at.0 - 1800),
            audit(at, links.author, format!("article {} saved", id.0)),
        )
        .await?;
    let result = match about.survey {
        Some(s) => crate::news::freeze_result(app, at, SurveyId(s), "top3", unit)
            .await
            .unwrap_or_default(),
        None => String::new(),
    };
    store
        .set_article_state(
            id,
            "published",
            Some(at),
            &result,
            links.author,
            at,
            audit(at, links.author, format!("article {} published", id.0)),
        )
        .await?;
    Ok(())
}

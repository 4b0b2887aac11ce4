//! News: the organizers of a unit write articles for its page (the root unit's page is the
//! national site), in any of the four languages, and take them from draft to review to
//! published, at once or at a set time. Each step is kept with who and when, and audited.
//!
//! An article may be about a campaign, an action, a petition or a survey's result; the result is
//! frozen as it stood on the day of publication (shares with their margin of error, counts under
//! 5 hidden as on every page read by people who see no names), so a later response never changes
//! what was published.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_domain::policy::Action;
use enquete_domain::survey::SurveyId;
use enquete_domain::{FieldError, Timestamp};
use enquete_formats::news::slug;
use enquete_store::{
    ArticleId, ArticleLinks, ArticleRecord, ArticleText, NewsQuery, StoreError, TopicId,
    TopicRecord,
};
use serde::{Deserialize, Serialize};

/// Longest title, standfirst and body accepted (characters).
pub const TITLE_MAX: usize = 200;
pub const STANDFIRST_MAX: usize = 500;
pub const BODY_MAX: usize = 100_000;
/// Articles per page of the public listing.
pub const PAGE_SIZE: i64 = 20;

/// An article's words in one language, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TextInput {
    pub language: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub standfirst: String,
    #[serde(default)]
    pub body: String,
}

/// Everything an editor saves at once.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleInput {
    /// Languages left blank (no title, standfirst nor body) are not written.
    #[serde(default)]
    pub texts: Vec<TextInput>,
    /// Topic slugs.
    #[serde(default)]
    pub topics: Vec<String>,
    pub campaign_id: Option<i64>,
    pub action_id: Option<i64>,
    pub petition_id: Option<i64>,
    pub survey_id: Option<i64>,
    #[serde(default)]
    pub question: String,
}

/// One option of a published result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResultOption {
    pub label: String,
    /// 0 to 1; `None` when hidden (too few people).
    pub share: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A survey result as it stood when an article was published, in one language.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FrozenResult {
    pub survey: String,
    pub question: String,
    pub unit: String,
    /// Respondents; `None` when hidden.
    pub responses: Option<u64>,
    pub weighted: bool,
    pub as_of: Timestamp,
    pub options: Vec<ResultOption>,
}

/// A field of one language: `title_nl`, `body_fr`, ...
pub fn field(name: &str, lang: Language) -> &'static str {
    match (name, lang) {
        ("title", Language::Nl) => "title_nl",
        ("title", Language::Fr) => "title_fr",
        ("title", Language::De) => "title_de",
        ("title", Language::En) => "title_en",
        ("standfirst", Language::Nl) => "standfirst_nl",
        ("standfirst", Language::Fr) => "standfirst_fr",
        ("standfirst", Language::De) => "standfirst_de",
        ("standfirst", Language::En) => "standfirst_en",
        ("body", Language::Nl) => "text_nl",
        ("body", Language::Fr) => "text_fr",
        ("body", Language::De) => "text_de",
        _ => "text_en",
    }
}

/// Checks the words of every language given; at least one language needs a title.
fn check_texts(input: &[TextInput]) -> Result<Vec<ArticleText>> {
    let mut out: Vec<ArticleText> = Vec::new();
    for t in input {
        let language = Language::parse(&t.language)
            .map_err(|_| FieldError::new("language", "error-language-unknown"))?;
        let (title, standfirst, body) = (t.title.trim(), t.standfirst.trim(), t.body.trim());
        if title.is_empty() && standfirst.is_empty() && body.is_empty() {
            continue;
        }
        if out.iter().any(|o| o.language == language) {
            return Err(FieldError::new("language", "error-article-language-twice").into());
        }
        if title.is_empty() {
            return Err(FieldError::new(field("title", language), "error-required").into());
        }
        if title.chars().count() > TITLE_MAX || title.contains(['\n', '\r']) {
            return Err(FieldError::new(field("title", language), "error-article-title").into());
        }
        if standfirst.chars().count() > STANDFIRST_MAX {
            return Err(
                FieldError::new(field("standfirst", language), "error-article-standfirst").into(),
            );
        }
        if body.chars().count() > BODY_MAX {
            return Err(FieldError::new(field("body", language), "error-article-body").into());
        }
        let mut words = slug(title);
        if words.is_empty() {
            words = "article".to_owned();
        }
        out.push(ArticleText {
            language,
            slug: words,
            title: title.to_owned(),
            standfirst: standfirst.split_whitespace().collect::<Vec<_>>().join(" "),
            body: body.replace("\r\n", "\n"),
        });
    }
    out.sort_by_key(|t| Language::ALL.iter().position(|l| *l == t.language));
    Ok(out)
}

/// An article the caller may write on, checked before anything else.
async fn writable(app: &App, caller: &Caller, id: ArticleId) -> Result<ArticleRecord> {
    let article = app.store.article(id).await?;
    unit_for(app, caller, article.unit, Action::WriteNews).await?;
    Ok(article)
}

/// Starts an article for a unit's page.
pub async fn create(app: &App, caller: &Caller, unit: UnitId) -> Result<ArticleId> {
    let unit = unit_for(app, caller, unit, Action::WriteNews).await?;
    Ok(app
        .store
        .create_article(
            unit.id,
            caller.id(),
            &caller.name,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Article,
                None,
                format!("article started for unit {}", unit.id.0),
            ),
        )
        .await?)
}

/// Checks that what an article links to exists (and the question is one of the survey's).
async fn check_links(app: &App, input: &ArticleInput) -> Result<ArticleLinks> {
    let known = |r: std::result::Result<(), StoreError>, name: &'static str| match r {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound(_)) => Err(Error::from(FieldError::new(name, "error-not-found"))),
        Err(e) => Err(e.into()),
    };
    if let Some(id) = input.campaign_id {
        let found = app
            .store
            .campaign(enquete_domain::campaign::CampaignId(id))
            .await;
        known(found.map(|_| ()), "campaign")?;
    }
    if let Some(id) = input.action_id {
        let found = app
            .store
            .action(enquete_domain::campaign::ActionId(id))
            .await;
        known(found.map(|_| ()), "action")?;
    }
    if let Some(id) = input.petition_id {
        let found = app
            .store
            .petition(enquete_domain::campaign::PetitionId(id))
            .await;
        known(found.map(|_| ()), "petition")?;
    }
    let question = input.question.trim().to_owned();
    match input.survey_id {
        Some(id) => {
            let survey = match app.store.survey(SurveyId(id)).await {
                Ok(s) => s,
                Err(StoreError::NotFound(_)) => {
                    return Err(FieldError::new("survey", "error-not-found").into());
                }
                Err(e) => return Err(e.into()),
            };
            if !question.is_empty()
                && !survey
                    .definition
                    .questions
                    .iter()
                    .any(|q| q.name == question && !q.kind.choices().is_empty())
            {
                return Err(FieldError::new("question", "error-article-question").into());
            }
            if question.is_empty() {
                return Err(FieldError::new("question", "error-article-question").into());
            }
        }
        None if !question.is_empty() => {
            return Err(FieldError::new("survey", "error-required").into());
        }
        None => {}
    }
    Ok(ArticleLinks {
        campaign: input.campaign_id,
        action: input.action_id,
        petition: input.petition_id,
        survey: input.survey_id,
        question: if input.survey_id.is_some() {
            question
        } else {
            String::new()
        },
    })
}

/// Saves an article's words, topics and links (a published article stays published).
pub async fn save(app: &App, caller: &Caller, id: ArticleId, input: &ArticleInput) -> Result<()> {
    writable(app, caller, id).await?;
    let texts = check_texts(&input.texts)?;
    if texts.is_empty() {
        return Err(FieldError::new("title_en", "error-article-empty").into());
    }
    let all = app.store.topics().await?;
    let mut topics: Vec<TopicId> = Vec::new();
    for s in &input.topics {
        let t = all
            .iter()
            .find(|t| t.slug == s.trim())
            .ok_or_else(|| FieldError::new("topics", "error-not-found"))?;
        if !topics.contains(&t.id) {
            topics.push(t.id);
        }
    }
    let links = check_links(app, input).await?;
    app.store
        .save_article(
            id,
            &texts,
            &topics,
            &links,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Article,
                None,
                format!("article {} saved", id.0),
            ),
        )
        .await?;
    Ok(())
}

/// What an editor can do with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Ask another editor to read it.
    Review,
    /// Publish it now, or at the time given (UTC).
    Publish(Option<Timestamp>),
    /// Take it off the site, back to draft.
    Withdraw,
}

/// Moves an article on. Publishing needs a title in at least one language, and freezes the
/// survey result it shows.
pub async fn step(app: &App, caller: &Caller, id: ArticleId, step: Step) -> Result<()> {
    let article = writable(app, caller, id).await?;
    let (state, at, result, words) = match step {
        Step::Review => ("review", None, String::new(), "sent for review".to_owned()),
        Step::Withdraw => (
            "draft",
            None,
            String::new(),
            "taken off the site".to_owned(),
        ),
        Step::Publish(at) => {
            if article.texts.is_empty() {
                return Err(FieldError::new("title_en", "error-article-empty").into());
            }
            let at = at.unwrap_or(caller.now);
            let result = match (article.links.survey, article.links.question.as_str()) {
                (Some(survey), q) if !q.is_empty() => {
                    freeze_result(app, caller.now, SurveyId(survey), q, article.unit).await?
                }
                _ => String::new(),
            };
            let words = if at > caller.now {
                format!("scheduled for {}", at.display())
            } else {
                "published".to_owned()
            };
            ("published", Some(at), result, words)
        }
    };
    app.store
        .set_article_state(
            id,
            state,
            at,
            &result,
            caller.id(),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Article,
                None,
                format!("article {} {words}", id.0),
            ),
        )
        .await?;
    Ok(())
}

/// Removes an article.
pub async fn delete(app: &App, caller: &Caller, id: ArticleId) -> Result<()> {
    writable(app, caller, id).await?;
    app.store
        .delete_article(
            id,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Article,
                None,
                format!("article {} removed", id.0),
            ),
        )
        .await?;
    Ok(())
}

/// The result of one question for the article's unit, in the four languages, as readers who
/// see no names see it (JSON: language code → [`FrozenResult`]).
pub(crate) async fn freeze_result(
    app: &App,
    now: Timestamp,
    survey: SurveyId,
    question: &str,
    unit: UnitId,
) -> Result<String> {
    let snap = crate::results::snapshot(app, survey).await?;
    let unit = app.store.unit(unit).await?;
    let mut all = serde_json::Map::new();
    for lang in Language::ALL {
        let results = crate::results::for_unit(
            &snap,
            &unit,
            true,
            lang,
            true,
            false,
            &crate::results::Plain,
        )?;
        let Some(q) = results.questions.iter().find(|q| q.code == question) else {
            return Err(FieldError::new("question", "error-article-question").into());
        };
        let frozen = FrozenResult {
            survey: snap.survey.title.clone(),
            question: q.label.clone(),
            unit: results.unit_name.clone(),
            responses: results.responses,
            weighted: results.weighted,
            as_of: now,
            options: q
                .options
                .iter()
                .map(|o| ResultOption {
                    label: o.label.clone(),
                    share: o.share,
                    low: o.low,
                    high: o.high,
                })
                .collect(),
        };
        all.insert(
            lang.code().to_owned(),
            serde_json::to_value(frozen).map_err(|e| Error::Internal(e.to_string()))?,
        );
    }
    Ok(serde_json::Value::Object(all).to_string())
}

/// The frozen result of an article in a language (the first stored when that one is missing).
pub fn frozen_result(article: &ArticleRecord, lang: Language) -> Option<FrozenResult> {
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&article.result).ok()?;
    let value = all.get(lang.code()).or_else(|| all.values().next())?;
    serde_json::from_value(value.clone()).ok()
}

/// The articles of the units the caller writes for, newest change first.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<ArticleRecord>> {
    let units = app.store.subtree(&caller.actor.scope, true).await?;
    Ok(app
        .store
        .articles_below(&caller.actor.scope)
        .await?
        .into_iter()
        .filter(|a| {
            units
                .iter()
                .find(|u| u.id == a.unit)
                .is_some_and(|u| crate::scope::may(caller, Action::WriteNews, u))
        })
        .collect())
}

/// An article as its editors see it.
pub async fn get(app: &App, caller: &Caller, id: ArticleId) -> Result<ArticleRecord> {
    writable(app, caller, id).await
}

/// Adds a topic (the national editors: those who write for the root unit).
pub async fn create_topic(
    app: &App,
    caller: &Caller,
    slug_in: &str,
    names: [String; 4],
) -> Result<TopicId> {
    let root = app
        .store
        .root_unit()
        .await?
        .ok_or(Error::NotFound("organization"))?;
    unit_for(app, caller, root.id, Action::WriteNews).await?;
    let key = slug(slug_in);
    if key.is_empty() || key != slug_in.trim() {
        return Err(FieldError::new("slug", "error-topic-slug").into());
    }
    let mut clean: [String; 4] = Default::default();
    for (i, (name, lang)) in names.iter().zip(Language::ALL).enumerate() {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(FieldError::new(field_name(lang), "error-required").into());
        }
        if let Some(slot) = clean.get_mut(i) {
            *slot = name.to_owned();
        }
    }
    Ok(app.store.create_topic(&key, &clean).await?)
}

fn field_name(lang: Language) -> &'static str {
    match lang {
        Language::Nl => "name_nl",
        Language::Fr => "name_fr",
        Language::De => "name_de",
        Language::En => "name_en",
    }
}

/// Every topic.
pub async fn topics(app: &App) -> Result<Vec<TopicRecord>> {
    Ok(app.store.topics().await?)
}

/// Which page of the public site.
#[derive(Debug, Clone)]
pub enum Site {
    /// The national site: the root unit's articles.
    National,
    /// A unit's page: its articles and those of the units below.
    Unit(UnitId),
}

/// A page of the public site: the articles, how many there are in all, the unit's name (for a
/// unit's page).
pub async fn published(
    app: &App,
    site: &Site,
    topic: Option<TopicId>,
    page: i64,
    now: Timestamp,
) -> Result<(Vec<ArticleRecord>, i64, String)> {
    let (unit, below, name) = match site {
        Site::National => {
            let root = app
                .store
                .root_unit()
                .await?
                .ok_or(Error::NotFound("organization"))?;
            (Some(root.id), None, root.name.as_str().to_owned())
        }
        Site::Unit(id) => {
            let unit = app.store.unit(*id).await?;
            if unit.is_archived() {
                return Err(Error::NotFound("unit"));
            }
            (None, Some(unit.path.clone()), unit.name.as_str().to_owned())
        }
    };
    let query = NewsQuery {
        unit,
        below,
        topic,
        offset: (page.max(1) - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
    };
    let (list, total) = app.store.public_articles(&query, now).await?;
    Ok((list, total, name))
}

/// A published article, for anyone (not found while it is a draft, in review or scheduled).
pub async fn public_article(app: &App, id: ArticleId, now: Timestamp) -> Result<ArticleRecord> {
    let article = app.store.article(id).await?;
    let public = article.state == "published" && article.publish_at.is_some_and(|t| t <= now);
    if !public {
        return Err(Error::NotFound("article"));
    }
    Ok(article)
}

/// Widest picture kept (pixels); larger ones are scaled down.
pub const IMAGE_WIDTH: u32 = 1200;
/// Largest upload accepted (bytes).
pub const IMAGE_BYTES: usize = 15 * 1024 * 1024;

/// Adds a picture to an article: a JPEG or PNG photo, scaled down to [`IMAGE_WIDTH`] and
/// written again as JPEG, so that nothing but pixels is ever served (an SVG, a script dressed as
/// a picture or a photo's location data never reach a reader). Returns its id: the body shows it
/// as `![words](/news/images/<id>)`.
pub async fn add_image(app: &App, caller: &Caller, id: ArticleId, bytes: &[u8]) -> Result<i64> {
    writable(app, caller, id).await?;
    if bytes.is_empty() {
        return Err(FieldError::new("file", "error-image-format").into());
    }
    if bytes.len() > IMAGE_BYTES {
        return Err(FieldError::new("file", "error-image-size").into());
    }
    let (width, height, jpeg) = reencode(bytes)?;
    Ok(app
        .store
        .add_article_image(
            id,
            i64::from(width),
            i64::from(height),
            &base64::Engine::encode(&base64::engine::general_purpose::STANDARD, jpeg),
            caller.now,
        )
        .await?)
}

/// Decodes a JPEG or PNG, scales it down and writes it as JPEG.
pub fn reencode(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>)> {
    use image::ImageFormat;
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png))
        .ok_or_else(|| FieldError::new("file", "error-image-format"))?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|_| FieldError::new("file", "error-image-format"))?;
    let img = if img.width() > IMAGE_WIDTH {
        img.resize(IMAGE_WIDTH, u32::MAX, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
        .encode_image(&rgb)
        .map_err(|e| Error::Internal(format!("image: {e}")))?;
    Ok((rgb.width(), rgb.height(), out))
}

//! The public news site, per language: `/news/{lang}` lists the national articles (title and
//! standfirst, newest first, paged), `/news/{lang}/topics/{slug}` a topic's, `/news/{lang}/units/{id}`
//! a section's (its own and those below), each with its Atom feed (`…/feed.atom`);
//! `/news/{lang}/{id}/{slug}` is an article, with OpenGraph and Twitter card tags and its
//! canonical address; `/news/sitemap.xml` lists every article in every language.
//!
//! An article missing in the language asked is shown in the first language it has, with a note.
//! Nothing a writer typed can run: bodies are rendered safe, and these pages forbid scripts
//! (`Content-Security-Policy`).

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Params;
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use enquete_app::news::{FrozenResult, Site};
use enquete_domain::Timestamp;
use enquete_domain::people::Language;
use enquete_formats::news::{Feed, FeedEntry, SitemapUrl, atom, plain_text, render_body, sitemap};
use enquete_store::{ArticleId, ArticleRecord, TopicRecord};
use serde::Deserialize;

/// No script, no plug-in, no frame, pictures and styles from this site only.
const POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn with_policy(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    response
}

fn language(code: &str) -> AppResult<Language> {
    match code {
        "nl" | "fr" | "de" | "en" => Language::parse(code).map_err(|_| AppError::NotFound("page")),
        _ => Err(AppError::NotFound("page")),
    }
}

fn base(state: &AppState) -> &str {
    state.config.public_url.trim_end_matches('/')
}

/// An article's address in a language.
fn article_path(lang: Language, a: &ArticleRecord) -> String {
    let slug = a.text(lang).map_or("", |(t, _)| t.slug.as_str());
    format!("/news/{}/{}/{slug}", lang.code(), a.id.0)
}

/// One line of a listing.
struct Item {
    href: String,
    title: String,
    standfirst: String,
    date: String,
    /// The language it is shown in, when not the page's (a missing translation).
    other_lang: Option<&'static str>,
    topics: Vec<(String, String)>,
}

fn item(tr: &Tr, a: &ArticleRecord) -> Option<Item> {
    let (text, own) = a.text(tr.lang)?;
    Some(Item {
        href: article_path(tr.lang, a),
        title: text.title.clone(),
        standfirst: text.standfirst.clone(),
        date: a.publish_at.map(|t| tr.date(t)).unwrap_or_default(),
        other_lang: (!own).then(|| text.language.code()),
        topics: a
            .topics
            .iter()
            .map(|t| {
                (
                    format!("/news/{}/topics/{}", tr.code(), t.slug),
                    t.name(tr.lang).to_owned(),
                )
            })
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "news_list.html")]
struct ListPage {
    c: Chrome,
    heading: String,
    /// The section's or topic's name under the heading.
    sub: String,
    items: Vec<Item>,
    feed: String,
    canonical: String,
    /// The same page in each language: code, name, address.
    alternates: Vec<(&'static str, &'static str, String)>,
    prev: Option<String>,
    next: Option<String>,
    page_words: String,
    topics: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<i64>,
}

/// `GET /news`: the site in the visitor's language.
pub async fn home(ctx: Ctx) -> Response {
    see_other(&format!("/news/{}", ctx.tr.code()))
}

/// Which listing: the national one, a topic's or a unit's.
enum Listing {
    National,
    Topic(String),
    Unit(i64),
}

impl Listing {
    fn path(&self, lang: &str) -> String {
        match self {
            Listing::National => format!("/news/{lang}"),
            Listing::Topic(slug) => format!("/news/{lang}/topics/{slug}"),
            Listing::Unit(id) => format!("/news/{lang}/units/{id}"),
        }
    }
}

/// The articles of a listing with its heading words and topic.
async fn load(
    state: &AppState,
    tr: &Tr,
    listing: &Listing,
    page_no: i64,
) -> AppResult<(Vec<ArticleRecord>, i64, String, String, Vec<TopicRecord>)> {
    let topics = enquete_app::news::topics(state).await?;
    let (site, topic, sub) = match listing {
        Listing::National => (Site::National, None, String::new()),
        Listing::Topic(slug) => {
            let t = topics
                .iter()
                .find(|t| &t.slug == slug)
                .ok_or(AppError::NotFound("page"))?;
            (Site::National, Some(t.id), t.name(tr.lang).to_owned())
        }
        Listing::Unit(id) => (
            Site::Unit(enquete_domain::org::UnitId(*id)),
            None,
            String::new(),
        ),
    };
    let (list, total, name) =
        enquete_app::news::published(state, &site, topic, page_no, Timestamp::now_utc()).await?;
    let sub = match listing {
        Listing::Unit(_) => name.clone(),
        _ => sub,
    };
    Ok((list, total, name, sub, topics))
}

async fn listing_page(
    state: &AppState,
    ctx: &Ctx,
    lang: &str,
    listing: Listing,
    q: PageQuery,
) -> AppResult<Response> {
    let lang = language(lang)?;
    let tr = Tr::new(lang);
    let page_no = q.page.unwrap_or(1);
    if page_no < 1 {
        return Err(AppError::NotFound("page"));
    }
    let (list, total, name, sub, topics) = load(state, &tr, &listing, page_no).await?;
    let pages = (total + enquete_app::news::PAGE_SIZE - 1) / enquete_app::news::PAGE_SIZE;
    if page_no > pages.max(1) {
        return Err(AppError::NotFound("page"));
    }
    let path = listing.path(tr.code());
    let mut c = Chrome::new(ctx);
    c.tr = tr;
    let page_link = |n: i64| {
        if n == 1 {
            path.clone()
        } else {
            format!("{path}?page={n}")
        }
    };
    Ok(with_policy(page(&ListPage {
        heading: tr.t1("news-heading", "name", &name),
        sub,
        items: list.iter().filter_map(|a| item(&tr, a)).collect(),
        feed: format!("{path}/feed.atom"),
        canonical: format!("{}{}", base(state), page_link(page_no)),
        alternates: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym(), listing.path(l.code())))
            .collect(),
        prev: (page_no > 1).then(|| page_link(page_no - 1)),
        next: (page_no < pages).then(|| page_link(page_no + 1)),
        page_words: tr.tn(
            "news-page-of",
            &[
                ("n", page_no.to_string()),
                ("total", pages.max(1).to_string()),
            ],
        ),
        topics: topics
            .iter()
            .map(|t| {
                (
                    format!("/news/{}/topics/{}", tr.code(), t.slug),
                    t.name(lang).to_owned(),
                )
            })
            .collect(),
        c,
    })?))
}

pub async fn national(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(lang): Path<String>,
    Params(q): Params<PageQuery>,
) -> AppResult<Response> {
    listing_page(&state, &ctx, &lang, Listing::National, q).await
}

pub async fn topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((lang, slug)): Path<(String, String)>,
    Params(q): Params<PageQuery>,
) -> AppResult<Response> {
    listing_page(&state, &ctx, &lang, Listing::Topic(slug), q).await
}

pub async fn unit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((lang, id)): Path<(String, String)>,
    Params(q): Params<PageQuery>,
) -> AppResult<Response> {
    let id = id.parse().map_err(|_| AppError::NotFound("page"))?;
    listing_page(&state, &ctx, &lang, Listing::Unit(id), q).await
}

/// The feed of a listing: its latest 50 articles.
async fn feed_of(state: &AppState, lang: &str, listing: Listing) -> AppResult<Response> {
    let lang = language(lang)?;
    let tr = Tr::new(lang);
    let topics = enquete_app::news::topics(state).await?;
    let (site, topic, label) = match &listing {
        Listing::National => (Site::National, None, None),
        Listing::Topic(slug) => {
            let t = topics
                .iter()
                .find(|t| &t.slug == slug)
                .ok_or(AppError::NotFound("page"))?;
            (Site::National, Some(t.id), Some(t.name(lang).to_owned()))
        }
        Listing::Unit(id) => (Site::Unit(enquete_domain::org::UnitId(*id)), None, None),
    };
    let now = Timestamp::now_utc();
    let mut list = Vec::new();
    let mut name = String::new();
    for page_no in 1..=3 {
        let (mut part, total, n) =
            enquete_app::news::published(state, &site, topic, page_no, now).await?;
        name = n;
        let done = part.is_empty() || page_no * enquete_app::news::PAGE_SIZE >= total;
        list.append(&mut part);
        if done {
            break;
        }
    }
    let base = base(state);
    let path = listing.path(tr.code());
    let title = match label {
        Some(topic) => format!("{} · {topic}", tr.t1("news-heading", "name", &name)),
        None => tr.t1("news-heading", "name", &name),
    };
    let entries: Vec<FeedEntry> = list
        .iter()
        .filter_map(|a| {
            let (text, _) = a.text(lang)?;
            let published = a.publish_at.unwrap_or(a.created_at);
            Some(FeedEntry {
                url: format!("{base}{}", article_path(lang, a)),
                title: text.title.clone(),
                summary: if text.standfirst.is_empty() {
                    plain_text(&text.body).chars().take(300).collect()
                } else {
                    text.standfirst.clone()
                },
                content_html: absolute(&render_body(&text.body), base),
                author: a.author_name.clone(),
                published,
                updated: a.updated_at.max(published),
                lang: text.language.code().to_owned(),
                categories: a
                    .topics
                    .iter()
                    .map(|t| (t.slug.clone(), t.name(lang).to_owned()))
                    .collect(),
            })
        })
        .collect();
    let feed = Feed {
        url: format!("{base}{path}/feed.atom"),
        page: format!("{base}{path}"),
        title,
        lang: tr.code().to_owned(),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(Timestamp(0)),
        entries,
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom(&feed),
    )
        .into_response())
}

/// Pictures and links of a body made absolute (a feed is read elsewhere).
fn absolute(html: &str, base: &str) -> String {
    html.replace("src=\"/", &format!("src=\"{base}/"))
        .replace("href=\"/", &format!("href=\"{base}/"))
}

pub async fn national_feed(
    State(state): State<AppState>,
    Path(lang): Path<String>,
) -> AppResult<Response> {
    feed_of(&state, &lang, Listing::National).await
}

pub async fn topic_feed(
    State(state): State<AppState>,
    Path((lang, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    feed_of(&state, &lang, Listing::Topic(slug)).await
}

pub async fn unit_feed(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = id.parse().map_err(|_| AppError::NotFound("page"))?;
    feed_of(&state, &lang, Listing::Unit(id)).await
}

/// One bar of a published result.
struct Bar {
    label: String,
    /// "41%" or the hidden mark.
    share: String,
    /// Width of the bar, 0 to 100.
    width: u32,
    /// "± 3 points"
    margin: String,
}

/// What an article links to, as readers can follow it.
struct Related {
    label: String,
    title: String,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "news_article.html")]
struct ArticlePage {
    c: Chrome,
    title: String,
    standfirst: String,
    body: String,
    byline: String,
    /// Shown in another language: the note saying so.
    fallback: Option<String>,
    text_lang: &'static str,
    topics: Vec<(String, String)>,
    canonical: String,
    description: String,
    image: Option<String>,
    published_iso: String,
    feed: String,
    /// The translations: code, name, address (the languages written).
    alternates: Vec<(&'static str, &'static str, String)>,
    result_title: String,
    result_note: String,
    bars: Vec<Bar>,
    related: Vec<Related>,
    site_name: String,
    back: String,
}

fn bars(tr: &Tr, r: &FrozenResult) -> Vec<Bar> {
    r.options
        .iter()
        .map(|o| {
            let pct = |x: f64| (x * 100.0).round();
            Bar {
                label: o.label.clone(),
                share: o.share.map_or_else(
                    || enquete_domain::policy::HIDDEN.to_owned(),
                    |s| format!("{}%", pct(s)),
                ),
                width: o.share.map_or(0, |s| pct(s).clamp(0.0, 100.0) as u32),
                margin: match (o.share, o.low, o.high) {
                    (Some(_), Some(lo), Some(hi)) => tr.t1(
                        "news-result-margin",
                        "points",
                        format!("{}", pct((hi - lo) / 2.0)),
                    ),
                    _ => String::new(),
                },
            }
        })
        .collect()
}

pub async fn article(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((lang, id, slug)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let lang = language(&lang)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("page"))?;
    let a = enquete_app::news::public_article(&state, ArticleId(id), Timestamp::now_utc()).await?;
    let path = article_path(lang, &a);
    if path != format!("/news/{}/{id}/{slug}", lang.code()) {
        return Ok(see_other(&path));
    }
    article_page(&state, &ctx, lang, &a).await
}

/// `/news/{lang}/{id}`: the article's full address.
pub async fn article_short(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let lang = language(&lang)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("page"))?;
    let a = enquete_app::news::public_article(&state, ArticleId(id), Timestamp::now_utc()).await?;
    Ok(see_other(&article_path(lang, &a)))
}

async fn article_page(
    state: &AppState,
    ctx: &Ctx,
    lang: Language,
    a: &ArticleRecord,
) -> AppResult<Response> {
    let tr = Tr::new(lang);
    let (text, own) = a.text(lang).ok_or(AppError::NotFound("page"))?;
    let base = base(state);
    let mut related = Vec::new();
    if let Some(id) = a.links.campaign
        && let Ok(c) = state
            .store
            .campaign(enquete_domain::campaign::CampaignId(id))
            .await
    {
        related.push(Related {
            label: tr.t("news-about-campaign"),
            title: c.title,
            href: None,
        });
    }
    if let Some(id) = a.links.action
        && let Ok(act) = state
            .store
            .action(enquete_domain::campaign::ActionId(id))
            .await
        && !act.cancelled
    {
        related.push(Related {
            label: tr.t("news-about-action"),
            title: format!("{} · {}", act.title, tr.date_time(act.starts_at)),
            href: Some(format!("/a/{}?lang={}", act.token, lang.code())),
        });
    }
    if let Some(id) = a.links.petition
        && let Ok(p) = state
            .store
            .petition(enquete_domain::campaign::PetitionId(id))
            .await
    {
        related.push(Related {
            label: tr.t("news-about-petition"),
            title: p.title.get(lang).to_owned(),
            href: (!p.closed).then(|| format!("/p/{}?lang={}", p.token, lang.code())),
        });
    }
    let result = enquete_app::news::frozen_result(a, lang);
    let body = render_body(&text.body);
    let image = body
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|src| format!("{base}{src}"));
    let mut c = Chrome::new(ctx);
    c.tr = tr;
    let site_name = match state.store.root_unit().await? {
        Some(root) => root.name.as_str().to_owned(),
        None => "Enquête".to_owned(),
    };
    Ok(with_policy(page(&ArticlePage {
        title: text.title.clone(),
        standfirst: text.standfirst.clone(),
        description: if text.standfirst.is_empty() {
            plain_text(&text.body).chars().take(200).collect()
        } else {
            text.standfirst.clone()
        },
        body,
        byline: tr.tn(
            "news-byline",
            &[
                ("author", a.author_name.clone()),
                ("date", a.publish_at.map(|t| tr.date(t)).unwrap_or_default()),
                ("unit", a.unit_name.clone()),
            ],
        ),
        fallback: (!own).then(|| {
            tr.t1(
                "news-fallback",
                "language",
                text.language.endonym().to_owned(),
            )
        }),
        text_lang: text.language.code(),
        topics: a
            .topics
            .iter()
            .map(|t| {
                (
                    format!("/news/{}/topics/{}", lang.code(), t.slug),
                    t.name(lang).to_owned(),
                )
            })
            .collect(),
        canonical: format!("{base}{}", article_path(lang, a)),
        image,
        published_iso: a.publish_at.map(Timestamp::rfc3339).unwrap_or_default(),
        feed: format!("/news/{}/feed.atom", lang.code()),
        alternates: a
            .texts
            .iter()
            .map(|t| {
                (
                    t.language.code(),
                    t.language.endonym(),
                    article_path(t.language, a),
                )
            })
            .collect(),
        result_title: result
            .as_ref()
            .map(|r| format!("{} · {}", r.survey, r.question))
            .unwrap_or_default(),
        result_note: result
            .as_ref()
            .map(|r| {
                tr.tn(
                    "news-result-note",
                    &[
                        (
                            "n",
                            r.responses.map_or_else(|| "–".to_owned(), |n| tr.number(n)),
                        ),
                        ("unit", r.unit.clone()),
                        ("date", tr.date(r.as_of)),
                        ("weighted", if r.weighted { "yes" } else { "no" }.to_owned()),
                    ],
                )
            })
            .unwrap_or_default(),
        bars: result.as_ref().map(|r| bars(&tr, r)).unwrap_or_default(),
        related,
        site_name,
        back: format!("/news/{}", lang.code()),
        c,
    })?))
}

/// `GET /news/sitemap.xml`: every published article in each of its languages.
pub async fn sitemap_xml(State(state): State<AppState>) -> AppResult<Response> {
    let now = Timestamp::now_utc();
    let base = base(&state);
    let mut urls: Vec<SitemapUrl> = Language::ALL
        .iter()
        .map(|l| SitemapUrl {
            url: format!("{base}/news/{}", l.code()),
            modified: now,
            alternates: Vec::new(),
        })
        .collect();
    let mut page_no = 1;
    loop {
        let (list, total, _) =
            enquete_app::news::published(&state, &Site::National, None, page_no, now).await?;
        for a in &list {
            let alternates: Vec<(String, String)> = a
                .texts
                .iter()
                .map(|t| {
                    (
                        t.language.code().to_owned(),
                        format!("{base}{}", article_path(t.language, a)),
                    )
                })
                .collect();
            for t in &a.texts {
                urls.push(SitemapUrl {
                    url: format!("{base}{}", article_path(t.language, a)),
                    modified: a.updated_at,
                    alternates: alternates.clone(),
                });
            }
        }
        if list.is_empty() || page_no * enquete_app::news::PAGE_SIZE >= total || page_no >= 2500 {
            break;
        }
        page_no += 1;
    }
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        sitemap(&urls),
    )
        .into_response())
}

/// `GET /news/images/{id}`: a picture of a published article (editors see those of drafts
/// through the same address once logged in).
pub async fn image(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("page"))?;
    let img = state.store.article_image(id).await.map_err(|e| match e {
        enquete_store::StoreError::NotFound(_) => AppError::NotFound("image"),
        e => e.into(),
    })?;
    let now = Timestamp::now_utc();
    let public = enquete_app::news::public_article(&state, img.article, now)
        .await
        .is_ok();
    if !public {
        let may = match crate::ctx::Staff::of(ctx) {
            Some(staff) => enquete_app::news::get(&state, &staff.caller, img.article)
                .await
                .is_ok(),
            None => false,
        };
        if !may {
            return Err(AppError::NotFound("page"));
        }
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(img.data.as_bytes())
        .map_err(|e| AppError::Internal(format!("image {id}: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}

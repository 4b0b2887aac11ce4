//! News: articles written for a unit's page (the root unit's page is the national site), each in
//! up to four languages, with topics, links to what they are about, and a state going from
//! draft to review to published (at once or at a set time). Every change of state is kept with
//! who made it and when. Pictures are stored re-encoded, never as uploaded.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, placeholders, subtree_range};
use enquete_domain::{
    Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
    people::Language,
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ArticleId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TopicId(pub i64);

#[derive(Debug, Clone, Serialize)]
pub struct TopicRecord {
    pub id: TopicId,
    pub slug: String,
    /// Its name in nl, fr, de, en (the order of [`Language::ALL`]).
    pub names: [String; 4],
}

impl TopicRecord {
    pub fn name(&self, lang: Language) -> &str {
        let i = Language::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        self.names.get(i).map_or("", String::as_str)
    }
}

/// One language of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleText {
    pub language: Language,
    /// The words of the title in its address.
    pub slug: String,
    pub title: String,
    pub standfirst: String,
    /// The body as written (formatted text, rendered safe when read).
    pub body: String,
}

/// What an article is about, beside its words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleLinks {
    pub campaign: Option<i64>,
    pub action: Option<i64>,
    pub petition: Option<i64>,
    pub survey: Option<i64>,
    /// The question of the survey whose result it shows.
    pub question: String,
}

/// One step of an article's life.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleStep {
    pub state: String,
    pub by: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleRecord {
    pub id: ArticleId,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub author: UserId,
    pub author_name: String,
    /// draft, review or published.
    pub state: String,
    /// When it is (or will be) public.
    pub publish_at: Option<Timestamp>,
    pub links: ArticleLinks,
    /// The survey result as it stood when published (JSON), empty when none.
    pub result: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// In the order of [`Language::ALL`].
    pub texts: Vec<ArticleText>,
    pub topics: Vec<TopicRecord>,
    /// Oldest first (filled by [`Store::article`] only).
    pub history: Vec<ArticleStep>,
}

impl ArticleRecord {
    /// The text in `lang`, or the first one written in the order nl, fr, de, en with `false`.
    pub fn text(&self, lang: Language) -> Option<(&ArticleText, bool)> {
        self.texts
            .iter()
            .find(|t| t.language == lang)
            .map(|t| (t, true))
            .or_else(|| self.texts.first().map(|t| (t, false)))
    }
}

/// Which published articles a public page lists.
#[derive(Debug, Clone, Default)]
pub struct NewsQuery {
    /// Exactly this unit's articles (the national site: the root unit).
    pub unit: Option<UnitId>,
    /// The articles of this unit and below (a section's page).
    pub below: Option<UnitPath>,
    pub topic: Option<TopicId>,
    pub offset: i64,
    pub limit: i64,
}

/// A picture of an article.
#[derive(Debug, Clone)]
pub struct ArticleImage {
    pub article: ArticleId,
    pub width: i64,
    pub height: i64,
    /// Base64 JPEG.
    pub data: String,
}

/// The values a public listing's filter binds, in order.
struct Args {
    now: i64,
    unit: Option<i64>,
    below: Option<(String, String)>,
    topic: Option<i64>,
}

impl Args {
    fn bind<'q>(
        &self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        q = q.bind(self.now);
        if let Some(u) = self.unit {
            q = q.bind(u);
        }
        if let Some((lo, hi)) = &self.below {
            q = q.bind(lo.clone()).bind(hi.clone());
        }
        if let Some(t) = self.topic {
            q = q.bind(t);
        }
        q
    }
}

const ARTICLE_COLUMNS: &str = "a.id, a.unit_id, u.path, u.name AS unit_name, a.author_id, \
     a.author_name, a.state, a.publish_at, a.campaign_id, a.action_id, a.petition_id, \
     a.survey_id, a.question, a.result, a.created_at, a.updated_at";

fn lang_of(code: &str) -> StoreResult<Language> {
    Language::parse(code).map_err(|_| StoreError::Corrupt(format!("article language {code}")))
}

fn topic_from_row(row: &sqlx::any::AnyRow) -> StoreResult<TopicRecord> {
    Ok(TopicRecord {
        id: TopicId(col(row, "id")?),
        slug: col(row, "slug")?,
        names: [
            col(row, "name_nl")?,
            col(row, "name_fr")?,
            col(row, "name_de")?,
            col(row, "name_en")?,
        ],
    })
}

fn article_from_row(row: &sqlx::any::AnyRow) -> StoreResult<ArticleRecord> {
    Ok(ArticleRecord {
        id: ArticleId(col(row, "id")?),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "path")?,
        unit_name: col(row, "unit_name")?,
        author: UserId(col(row, "author_id")?),
        author_name: col(row, "author_name")?,
        state: col(row, "state")?,
        publish_at: col::<Option<i64>>(row, "publish_at")?.map(Timestamp),
        links: ArticleLinks {
            campaign: col(row, "campaign_id")?,
            action: col(row, "action_id")?,
            petition: col(row, "petition_id")?,
            survey: col(row, "survey_id")?,
            question: col(row, "question")?,
        },
        result: col(row, "result")?,
        created_at: Timestamp(col(row, "created_at")?),
        updated_at: Timestamp(col(row, "updated_at")?),
        texts: Vec::new(),
        topics: Vec::new(),
        history: Vec::new(),
    })
}

async fn record_step(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    article: ArticleId,
    state: &str,
    by: UserId,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO article_history (article_id, state, by_user, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(article.0)
    .bind(state)
    .bind(by.0)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Adds a topic; a slug already taken is refused.
    pub async fn create_topic(&self, slug: &str, names: &[String; 4]) -> StoreResult<TopicId> {
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM news_topics WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(enquete_domain::FieldError::new("slug", "error-topic-taken").into());
        }
        let [nl, fr, de, en] = names;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO news_topics (slug, name_nl, name_fr, name_de, name_en) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(slug)
        .bind(nl)
        .bind(fr)
        .bind(de)
        .bind(en)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(TopicId(id))
    }

    /// Every topic, by slug.
    pub async fn topics(&self) -> StoreResult<Vec<TopicRecord>> {
        let rows = sqlx::query("SELECT * FROM news_topics ORDER BY slug")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(topic_from_row).collect()
    }

    /// Starts an article (a draft without words yet).
    pub async fn create_article(
        &self,
        unit: UnitId,
        author: UserId,
        author_name: &str,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<ArticleId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (unit_id, author_id, author_name, state, question, result, \
             created_at, updated_at) VALUES ($1, $2, $3, 'draft', '', '', $4, $4) RETURNING id",
        )
        .bind(unit.0)
        .bind(author.0)
        .bind(author_name)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        record_step(&mut tx, ArticleId(id), "draft", author, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(ArticleId(id))
    }

    /// Replaces an article's words, topics and links at once. Languages left out are removed.
    pub async fn save_article(
        &self,
        id: ArticleId,
        texts: &[ArticleText],
        topics: &[TopicId],
        links: &ArticleLinks,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE articles SET campaign_id = $1, action_id = $2, petition_id = $3, \
             survey_id = $4, question = $5, updated_at = $6 WHERE id = $7 AND deleted_at IS NULL",
        )
        .bind(links.campaign)
        .bind(links.action)
        .bind(links.petition)
        .bind(links.survey)
        .bind(&links.question)
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("article"));
        }
        sqlx::query("DELETE FROM article_texts WHERE article_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        for t in texts {
            sqlx::query(
                "INSERT INTO article_texts (article_id, language, slug, title, standfirst, body, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id.0)
            .bind(t.language.code())
            .bind(&t.slug)
            .bind(&t.title)
            .bind(&t.standfirst)
            .bind(&t.body)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM article_topics WHERE article_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        for topic in topics {
            sqlx::query("INSERT INTO article_topics (article_id, topic_id) VALUES ($1, $2)")
                .bind(id.0)
                .bind(topic.0)
                .execute(&mut *tx)
                .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an article to `state` (draft, review or published). Publishing sets when it is
    /// public and the survey result it shows as it stands now; going back to draft or review
    /// takes it off the site.
    #[expect(
        clippy::too_many_arguments,
        reason = "a change of state with who, when, the result shown and its audit entry"
    )]
    pub async fn set_article_state(
        &self,
        id: ArticleId,
        state: &str,
        publish_at: Option<Timestamp>,
        result: &str,
        by: UserId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE articles SET state = $1, publish_at = $2, result = $3, updated_at = $4 \
             WHERE id = $5 AND deleted_at IS NULL",
        )
        .bind(state)
        .bind(publish_at.map(|t| t.0))
        .bind(result)
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("article"));
        }
        record_step(&mut tx, id, state, by, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an article (its history stays for the audit).
    pub async fn delete_article(
        &self,
        id: ArticleId,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE articles SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
                .bind(now.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("article"));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One article with its words, topics and history.
    pub async fn article(&self, id: ArticleId) -> StoreResult<ArticleRecord> {
        let row = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN units u ON u.id = a.unit_id \
             WHERE a.id = $1 AND a.deleted_at IS NULL"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("article"))?;
        let mut list = vec![article_from_row(&row)?];
        self.fill_articles(&mut list).await?;
        let rows = sqlx::query(
            "SELECT h.state, h.at, us.display_name FROM article_history h \
             JOIN users us ON us.id = h.by_user WHERE h.article_id = $1 ORDER BY h.id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        let mut article = list.pop().ok_or(StoreError::NotFound("article"))?;
        article.history = rows
            .iter()
            .map(|r| {
                Ok(ArticleStep {
                    state: col(r, "state")?,
                    by: col(r, "display_name")?,
                    at: Timestamp(col(r, "at")?),
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(article)
    }

    /// Every article of a unit and below, in any state, newest first.
    pub async fn articles_below(&self, path: &UnitPath) -> StoreResult<Vec<ArticleRecord>> {
        let (lo, hi) = subtree_range(path.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN units u ON u.id = a.unit_id \
             WHERE a.deleted_at IS NULL AND u.path >= $1 AND u.path < $2 \
             ORDER BY a.updated_at DESC, a.id DESC"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        let mut list = rows
            .iter()
            .map(article_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        self.fill_articles(&mut list).await?;
        Ok(list)
    }

    /// The published articles a public page lists, newest first, with how many there are in
    /// all.
    pub async fn public_articles(
        &self,
        query: &NewsQuery,
        now: Timestamp,
    ) -> StoreResult<(Vec<ArticleRecord>, i64)> {
        let mut filter =
            String::from("a.deleted_at IS NULL AND a.state = 'published' AND a.publish_at <= $1");
        let mut n = 1;
        let mut next = || {
            n += 1;
            n
        };
        let unit_arg = query.unit.map(|u| {
            let i = next();
            filter.push_str(&format!(" AND a.unit_id = ${i}"));
            u.0
        });
        let below_arg = query.below.as_ref().map(|p| {
            let (lo, hi) = (next(), next());
            filter.push_str(&format!(" AND u.path >= ${lo} AND u.path < ${hi}"));
            subtree_range(p.as_str())
        });
        let topic_arg = query.topic.map(|t| {
            let i = next();
            filter.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id \
                 AND t.topic_id = ${i})"
            ));
            t.0
        });
        let args = Args {
            now: now.0,
            unit: unit_arg,
            below: below_arg,
            topic: topic_arg,
        };
        let count_sql = format!(
            "SELECT COUNT(*) AS n FROM articles a JOIN units u ON u.id = a.unit_id WHERE {filter}"
        );
        let total_row = args
            .bind(sqlx::query(&count_sql))
            .fetch_one(&self.read)
            .await?;
        let total: i64 = col(&total_row, "n")?;
        let list_sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN units u ON u.id = a.unit_id \
             WHERE {filter} ORDER BY a.publish_at DESC, a.id DESC LIMIT {} OFFSET {}",
            query.limit.clamp(1, 1000),
            query.offset.max(0)
        );
        let rows = args
            .bind(sqlx::query(&list_sql))
            .fetch_all(&self.read)
            .await?;
        let mut list = rows
            .iter()
            .map(article_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        self.fill_articles(&mut list).await?;
        Ok((list, total))
    }

    /// Loads the words and topics of the articles listed.
    async fn fill_articles(&self, list: &mut [ArticleRecord]) -> StoreResult<()> {
        if list.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = list.iter().map(|a| a.id.0).collect();
        let marks = placeholders(1, ids.len());
        let sql = format!(
            "SELECT article_id, language, slug, title, standfirst, body FROM article_texts \
             WHERE article_id IN ({marks})"
        );
        let mut q = sqlx::query(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        let mut texts: HashMap<i64, Vec<ArticleText>> = HashMap::new();
        for r in q.fetch_all(&self.read).await? {
            texts
                .entry(col(&r, "article_id")?)
                .or_default()
                .push(ArticleText {
                    language: lang_of(&col::<String>(&r, "language")?)?,
                    slug: col(&r, "slug")?,
                    title: col(&r, "title")?,
                    standfirst: col(&r, "standfirst")?,
                    body: col(&r, "body")?,
                });
        }
        let sql = format!(
            "SELECT t.article_id, n.id, n.slug, n.name_nl, n.name_fr, n.name_de, n.name_en \
             FROM article_topics t JOIN news_topics n \
             ON n.id = t.topic_id WHERE t.article_id IN ({marks}) ORDER BY n.slug"
        );
        let mut q = sqlx::query(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        let mut topics: HashMap<i64, Vec<TopicRecord>> = HashMap::new();
        for r in q.fetch_all(&self.read).await? {
            topics
                .entry(col(&r, "article_id")?)
                .or_default()
                .push(topic_from_row(&r)?);
        }
        for a in list.iter_mut() {
            let mut t = texts.remove(&a.id.0).unwrap_or_default();
            t.sort_by_key(|t| Language::ALL.iter().position(|l| *l == t.language));
            a.texts = t;
            a.topics = topics.remove(&a.id.0).unwrap_or_default();
        }
        Ok(())
    }

    /// Keeps a picture of an article.
    pub async fn add_article_image(
        &self,
        article: ArticleId,
        width: i64,
        height: i64,
        data: &str,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO article_images (article_id, width, height, data, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(article.0)
        .bind(width)
        .bind(height)
        .bind(data)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A picture of an article.
    pub async fn article_image(&self, id: i64) -> StoreResult<ArticleImage> {
        let row =
            sqlx::query("SELECT article_id, width, height, data FROM article_images WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?
                .ok_or(StoreError::NotFound("image"))?;
        Ok(ArticleImage {
            article: ArticleId(col(&row, "article_id")?),
            width: col(&row, "width")?,
            height: col(&row, "height")?,
            data: col(&row, "data")?,
        })
    }

    /// The pictures of an article: id, width, height.
    pub async fn article_images(&self, article: ArticleId) -> StoreResult<Vec<(i64, i64, i64)>> {
        let rows = sqlx::query(
            "SELECT id, width, height FROM article_images WHERE article_id = $1 ORDER BY id",
        )
        .bind(article.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((col(r, "id")?, col(r, "width")?, col(r, "height")?)))
            .collect()
    }
}

-- News: articles in up to four languages (one article, its translations), written by a unit's
-- organizers for their unit's page (the root unit: the national site), going from draft to
-- review to published (possibly at a set time), each step kept with who and when.
CREATE TABLE news_topics (
    id       INTEGER PRIMARY KEY,
    -- In addresses: lower-case letters, digits and dashes.
    slug     TEXT NOT NULL UNIQUE,
    name_nl  TEXT NOT NULL,
    name_fr  TEXT NOT NULL,
    name_de  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    author_id     INTEGER NOT NULL REFERENCES users(id),
    -- The byline as printed.
    author_name   TEXT NOT NULL,
    -- draft, review, published
    state         TEXT NOT NULL,
    -- When it is (or will be) public: set when published.
    publish_at    INTEGER,
    campaign_id   INTEGER REFERENCES campaigns(id),
    action_id     INTEGER REFERENCES actions(id),
    petition_id   INTEGER REFERENCES petitions(id),
    survey_id     INTEGER REFERENCES surveys(id),
    question      TEXT NOT NULL,
    -- The survey result as it stood when the article was published (JSON, per language).
    result        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);
CREATE INDEX articles_public ON articles (state, publish_at);
CREATE INDEX articles_unit ON articles (unit_id);

CREATE TABLE article_texts (
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    language    TEXT NOT NULL,
    slug        TEXT NOT NULL,
    title       TEXT NOT NULL,
    standfirst  TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (article_id, language)
);

CREATE TABLE article_topics (
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    topic_id    INTEGER NOT NULL REFERENCES news_topics(id),
    PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX article_topics_topic ON article_topics (topic_id);

-- Every change of state: who and when.
CREATE TABLE article_history (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    state       TEXT NOT NULL,
    by_user     INTEGER NOT NULL REFERENCES users(id),
    at          INTEGER NOT NULL
);
CREATE INDEX article_history_article ON article_history (article_id);

-- Pictures of articles, re-encoded and resized on upload (base64 JPEG).
CREATE TABLE article_images (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX article_images_article ON article_images (article_id);

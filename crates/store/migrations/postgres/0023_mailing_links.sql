-- Clicks, only where the organization turns them on: the links of a mailing's text and how
-- often each was followed, counted for the mailing as a whole, never per person.
CREATE TABLE mailing_links (
    mailing_id BIGINT NOT NULL REFERENCES mailings(id),
    n          BIGINT NOT NULL,
    url        TEXT NOT NULL,
    clicks     BIGINT NOT NULL,
    PRIMARY KEY (mailing_id, n)
);

-- Clicks, only where the organization turns them on: the links of a mailing's text and how
-- often each was followed, counted for the mailing as a whole, never per person.
CREATE TABLE mailing_links (
    mailing_id INTEGER NOT NULL REFERENCES mailings(id),
    n          INTEGER NOT NULL,
    url        TEXT NOT NULL,
    clicks     INTEGER NOT NULL,
    PRIMARY KEY (mailing_id, n)
);

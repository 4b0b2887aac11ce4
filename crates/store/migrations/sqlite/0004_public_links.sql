-- Public links to answer a survey online without logging in, one per survey and section.
CREATE TABLE survey_links (
    token         TEXT PRIMARY KEY,
    survey_id     INTEGER NOT NULL REFERENCES surveys(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    one_per_email INTEGER NOT NULL DEFAULT 0,
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    closed_at     INTEGER
);

-- Online submissions per address, for rate limits.
CREATE TABLE public_submissions (
    id    INTEGER PRIMARY KEY,
    ip    TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX public_submissions_ip ON public_submissions(ip, at);

-- Which e-mail addresses already answered through a link that allows one response each; only
-- a one-way digest of the address is kept.
CREATE TABLE link_emails (
    token  TEXT NOT NULL REFERENCES survey_links(token),
    digest TEXT NOT NULL,
    PRIMARY KEY (token, digest)
);

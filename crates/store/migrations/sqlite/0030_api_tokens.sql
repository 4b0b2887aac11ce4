-- API tokens of integrations (the OSDI API): one per tool, scoped to a unit and below, reading
-- or also writing. Only the SHA-256 of a token is kept; the token is shown once.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    can_write     INTEGER NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX api_tokens_unit ON api_tokens (unit_id);
-- The OSDI filter on modified_date, and paging in id order.
CREATE INDEX people_updated ON people (updated_at, id);

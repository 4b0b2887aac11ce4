-- The foundation: the org tree, staff accounts, people with the ladder and consents,
-- sessions, login throttling and the audit log. Times are seconds since the Unix epoch (UTC).

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units(id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- Materialized path, '/1/4/17/': subtree queries are a range scan on this column.
    path        TEXT NOT NULL DEFAULT '',
    archived_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX units_path ON units(path);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    language             TEXT NOT NULL DEFAULT 'en',
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL
);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    name        TEXT NOT NULL,
    name_search TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    phone_norm  TEXT,
    address     TEXT,
    languages   TEXT NOT NULL DEFAULT '',
    stage       TEXT NOT NULL,
    youth_wing  INTEGER NOT NULL DEFAULT 0,
    workplace   TEXT,
    notes       TEXT,
    recorded_by INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX people_unit_stage ON people(unit_id, stage);
CREATE INDEX people_email ON people(email);
CREATE INDEX people_phone ON people(phone_norm);
CREATE INDEX people_name ON people(name_search);

CREATE TABLE person_tags (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_tags_tag ON person_tags(tag);

CREATE TABLE stage_changes (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage   TEXT NOT NULL,
    at         INTEGER NOT NULL,
    by_user    INTEGER REFERENCES users(id),
    reason     TEXT NOT NULL
);
CREATE INDEX stage_changes_person ON stage_changes(person_id, at);

CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    granted     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    source      TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users(id)
);
CREATE INDEX consents_person ON consents(person_id, purpose, at);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE login_attempts (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    ok    INTEGER NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts(email, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

CREATE TABLE audit_events (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    action    TEXT NOT NULL,
    person_id INTEGER,
    unit_id   INTEGER,
    detail    TEXT NOT NULL DEFAULT '',
    ip        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_person ON audit_events(person_id, at);
CREATE INDEX audit_events_at ON audit_events(at);

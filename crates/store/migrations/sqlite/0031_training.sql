-- The path from member to leader: training modules (national, in four languages), sessions of
-- a module held by a unit (each is an action: place, time, RSVPs and check-in), completions,
-- positions of each unit with their terms, and the leadership rules of the ladder.
CREATE TABLE training_modules (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    -- JSON: language code -> title.
    title       TEXT NOT NULL,
    -- introduction, section, cadre, subject
    level       TEXT NOT NULL,
    -- attendance, assessment
    completion  TEXT NOT NULL,
    -- One per line.
    materials   TEXT NOT NULL,
    -- Codes of the modules to complete first, comma-separated.
    requires    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    module_id   INTEGER NOT NULL REFERENCES training_modules(id),
    action_id   INTEGER NOT NULL UNIQUE REFERENCES actions(id),
    trainer_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX training_sessions_module ON training_sessions (module_id);
CREATE INDEX training_sessions_trainer ON training_sessions (trainer_id);

CREATE TABLE training_completions (
    id           INTEGER PRIMARY KEY,
    module_id    INTEGER NOT NULL REFERENCES training_modules(id),
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    session_id   INTEGER REFERENCES training_sessions(id),
    completed_at INTEGER NOT NULL,
    recorded_by  INTEGER REFERENCES users(id),
    UNIQUE (module_id, person_id)
);
CREATE INDEX training_completions_person ON training_completions (person_id);

CREATE TABLE positions (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    -- secretary, treasurer, canvass_coordinator, spokesperson, workplace_delegate, ...
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    -- Codes of the modules a holder must have completed, comma-separated.
    requires    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
CREATE INDEX positions_unit ON positions (unit_id);

CREATE TABLE position_terms (
    id           INTEGER PRIMARY KEY,
    position_id  INTEGER NOT NULL REFERENCES positions(id),
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER,
    -- JSON: {"how": "election", "for_": 12, "against": 3, "abstain": 1} or {"how": "appointment"}
    chosen_by    TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX position_terms_position ON position_terms (position_id);
CREATE INDEX position_terms_person ON position_terms (person_id);

CREATE TABLE leadership_rules (
    id              INTEGER PRIMARY KEY,
    stage           TEXT NOT NULL,
    module_code     TEXT,
    needs_position  INTEGER NOT NULL
);

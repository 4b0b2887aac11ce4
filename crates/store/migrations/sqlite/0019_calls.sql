-- Phone banking: a call assignment is a list of people for a group of callers, drawn from a
-- selection of people in a unit. Each person on it is handed to one caller at a time (a claim
-- that runs out), called again only after a cool-down, and never once they said not to.
CREATE TABLE call_assignments (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    name             TEXT NOT NULL,
    script           TEXT NOT NULL,
    survey_id        INTEGER REFERENCES surveys(id),
    cooldown_minutes INTEGER NOT NULL,
    max_attempts     INTEGER NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER
);

CREATE TABLE call_targets (
    assignment_id INTEGER NOT NULL REFERENCES call_assignments(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    priority      INTEGER NOT NULL,
    -- open, done, no_answer_limit, wrong_number, do_not_call
    state         TEXT NOT NULL,
    attempts      INTEGER NOT NULL,
    next_at       INTEGER NOT NULL,
    claimed_by    INTEGER REFERENCES users(id),
    claimed_until INTEGER NOT NULL,
    PRIMARY KEY (assignment_id, person_id)
);
CREATE INDEX call_targets_next ON call_targets (assignment_id, state, attempts, priority);

-- Every call made: on the person's history and in their export, removed with them.
CREATE TABLE call_log (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES call_assignments(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    caller        INTEGER NOT NULL REFERENCES users(id),
    outcome       TEXT NOT NULL,
    note          TEXT NOT NULL,
    called_at     INTEGER NOT NULL
);
CREATE INDEX call_log_person ON call_log (person_id);
CREATE INDEX call_log_assignment ON call_log (assignment_id, caller);

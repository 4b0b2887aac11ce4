-- Canvassing assignments: a list of doors (or a workplace) of one section for one canvasser,
-- and every visit to a door with its outcome.
CREATE TABLE assignments (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    survey_id     INTEGER NOT NULL REFERENCES surveys(id),
    canvasser_id  INTEGER NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    closed_at     INTEGER
);
CREATE INDEX assignments_canvasser ON assignments(canvasser_id);
CREATE INDEX assignments_unit ON assignments(unit_id);

CREATE TABLE assignment_doors (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id),
    position      INTEGER NOT NULL,
    address       TEXT NOT NULL
);
CREATE INDEX assignment_doors_assignment ON assignment_doors(assignment_id, position);

CREATE TABLE door_visits (
    -- Made by the phone (UUID v7), so a resent visit is stored once.
    id            TEXT PRIMARY KEY,
    door_id       INTEGER NOT NULL REFERENCES assignment_doors(id),
    outcome       TEXT NOT NULL,
    -- The response collected at this door, if any (it may arrive in another batch).
    response_id   TEXT,
    canvasser_id  INTEGER REFERENCES users(id),
    visited_at    INTEGER NOT NULL
);
CREATE INDEX door_visits_door ON door_visits(door_id, visited_at);

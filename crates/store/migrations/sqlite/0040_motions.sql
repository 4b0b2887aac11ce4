-- Motions passed in union bodies, broken into demands (target, owner, status moved by dated
-- updates) and the actions taken for each.
CREATE TABLE motions (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    title          TEXT NOT NULL,
    text           TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL,
    passed_on      INTEGER NOT NULL,
    votes_for      INTEGER NOT NULL DEFAULT 0,
    votes_against  INTEGER NOT NULL DEFAULT 0,
    abstentions    INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);
CREATE INDEX motions_unit ON motions(unit_id, passed_on);

CREATE TABLE demands (
    id          INTEGER PRIMARY KEY,
    motion_id   INTEGER NOT NULL REFERENCES motions(id),
    text        TEXT NOT NULL,
    target      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'drafted',
    created_at  INTEGER NOT NULL
);
CREATE INDEX demands_motion ON demands(motion_id);

CREATE TABLE demand_updates (
    id          INTEGER PRIMARY KEY,
    demand_id   INTEGER NOT NULL REFERENCES demands(id),
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    by_user     INTEGER REFERENCES users(id),
    at          INTEGER NOT NULL
);
CREATE INDEX demand_updates_demand ON demand_updates(demand_id, at);

CREATE TABLE demand_actions (
    demand_id  INTEGER NOT NULL REFERENCES demands(id),
    action_id  INTEGER NOT NULL REFERENCES actions(id),
    PRIMARY KEY (demand_id, action_id)
);

-- Steps 3-5 of the loop: a focus cascading to every unit as a campaign with targets; the
-- actions (with RSVPs, a waiting list, buses and check-in), petitions, monthly meetings and
-- solidarity projects that do the work; the rules by which attendance moves people up the ladder.

CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    -- The unit the campaign is rooted at: the nation for a national focus.
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    -- The enquête result it came from, if any: the survey, the question and answer, and the
    -- figures as they stood when the focus was chosen.
    survey_id    INTEGER REFERENCES surveys(id),
    question     TEXT NOT NULL DEFAULT '',
    choice       TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX campaigns_unit ON campaigns(unit_id);

CREATE TABLE campaign_targets (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    metric       TEXT NOT NULL,
    target       INTEGER NOT NULL,
    set_by       INTEGER REFERENCES users(id),
    set_at       INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, metric)
);

CREATE TABLE actions (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER REFERENCES campaigns(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,
    -- NULL: no limit.
    capacity     INTEGER,
    -- Kept with the RSVPs in the same transaction, under a lock of this row.
    confirmed    INTEGER NOT NULL DEFAULT 0,
    token        TEXT NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER
);
CREATE INDEX actions_unit ON actions(unit_id, starts_at);
CREATE INDEX actions_campaign ON actions(campaign_id);

CREATE TABLE action_buses (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES actions(id),
    label        TEXT NOT NULL,
    seats        INTEGER NOT NULL
);
CREATE INDEX action_buses_action ON action_buses(action_id);

CREATE TABLE rsvps (
    id              INTEGER PRIMARY KEY,
    action_id       INTEGER NOT NULL REFERENCES actions(id),
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    -- confirmed, waiting or cancelled
    status          TEXT NOT NULL,
    wants_transport INTEGER NOT NULL DEFAULT 0,
    bus_id          INTEGER REFERENCES action_buses(id),
    source          TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    attended_at     INTEGER,
    checked_in_by   INTEGER REFERENCES users(id),
    UNIQUE (action_id, person_id)
);
CREATE INDEX rsvps_action ON rsvps(action_id, status, id);
CREATE INDEX rsvps_person ON rsvps(person_id);

CREATE TABLE ladder_rules (
    after_actions INTEGER PRIMARY KEY,
    stage         TEXT NOT NULL
);
INSERT INTO ladder_rules (after_actions, stage) VALUES (1, 'sympathiser'), (3, 'active');

CREATE TABLE petitions (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER REFERENCES campaigns(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    token        TEXT NOT NULL UNIQUE,
    -- Per language, as JSON objects {"nl": ..., "fr": ...}.
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    addressee    TEXT NOT NULL,
    goal         INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    closed_at    INTEGER
);
CREATE INDEX petitions_unit ON petitions(unit_id);

CREATE TABLE signatures (
    id           INTEGER PRIMARY KEY,
    petition_id  INTEGER NOT NULL REFERENCES petitions(id),
    -- The unit the signature counts for (the section whose link was used).
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    -- One signature per mailbox: see enquete_domain::campaign::email_key.
    email_key    TEXT NOT NULL,
    -- Same folded name and postcode: shown as a possible double.
    name_key     TEXT NOT NULL,
    postcode     TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL,
    may_contact  INTEGER NOT NULL,
    person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    signed_at    INTEGER NOT NULL,
    UNIQUE (petition_id, email_key)
);
CREATE INDEX signatures_petition ON signatures(petition_id, signed_at);
CREATE INDEX signatures_name ON signatures(petition_id, name_key);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    held_at      INTEGER NOT NULL,
    agenda       TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX meetings_unit ON meetings(unit_id, held_at);

CREATE TABLE meeting_attendance (
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    text         TEXT NOT NULL,
    owner        TEXT NOT NULL,
    due_at       INTEGER NOT NULL,
    done_at      INTEGER
);
CREATE INDEX decisions_unit ON decisions(unit_id, done_at);

CREATE TABLE solidarity_projects (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    name         TEXT NOT NULL,
    goal         TEXT NOT NULL DEFAULT '',
    needs        TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX solidarity_projects_unit ON solidarity_projects(unit_id);

CREATE TABLE project_volunteers (
    project_id   INTEGER NOT NULL REFERENCES solidarity_projects(id),
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, person_id)
);

CREATE TABLE project_updates (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES solidarity_projects(id),
    at           INTEGER NOT NULL,
    text         TEXT NOT NULL,
    by_user      INTEGER REFERENCES users(id)
);
CREATE INDEX project_updates_project ON project_updates(project_id, at);

-- Campaign progress counts these by time.
CREATE INDEX responses_unit_time ON responses(unit_id, collected_at);
CREATE INDEX stage_changes_at ON stage_changes(at);

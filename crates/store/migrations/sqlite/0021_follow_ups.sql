-- Follow-ups: rules that turn what happens to people (reaching a stage of the ladder, not
-- coming to an action they said they would come to) into a task for the organizers of their
-- unit or a message, after a delay. Each rule acts once per person and event: the row in
-- follow_up_done is written in the same transaction as the task or the message.
CREATE TABLE follow_up_rules (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    name        TEXT NOT NULL,
    -- stage:<stage> or no_show
    trigger     TEXT NOT NULL,
    delay_days  INTEGER NOT NULL,
    -- task or mail
    effect      TEXT NOT NULL,
    due_days    INTEGER NOT NULL,
    mailing_id  INTEGER REFERENCES mailings(id),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    stopped_at  INTEGER
);

CREATE TABLE follow_up_done (
    rule_id   INTEGER NOT NULL REFERENCES follow_up_rules(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    event     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    PRIMARY KEY (rule_id, person_id, event)
);
CREATE INDEX follow_up_done_person ON follow_up_done (person_id);

CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    rule_id    INTEGER REFERENCES follow_up_rules(id),
    title      TEXT NOT NULL,
    due_at     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    done_at    INTEGER,
    done_by    INTEGER REFERENCES users(id),
    note       TEXT NOT NULL
);
CREATE INDEX tasks_open ON tasks (unit_id, done_at, due_at);
CREATE INDEX tasks_person ON tasks (person_id);

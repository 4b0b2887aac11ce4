-- Webhooks: an organization's other tools told of what happens (a person added, a stage
-- reached, an RSVP, a signature, a response counted). Each event is one delivery per webhook
-- (unique), claimed by one server at a time, tried again with a growing wait, and the webhook
-- paused after repeated failures.
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    url         TEXT NOT NULL,
    -- Sealed: the shared secret deliveries are signed with.
    secret      TEXT NOT NULL,
    -- Comma-separated: person.added, stage.changed, rsvp.added, signature.added, response.counted
    events      TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    failures    INTEGER NOT NULL,
    paused_at   INTEGER,
    deleted_at  INTEGER
);

CREATE TABLE webhook_deliveries (
    id            INTEGER PRIMARY KEY,
    webhook_id    INTEGER NOT NULL REFERENCES webhooks(id),
    event         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    -- The person the event is about (their queued deliveries go when they are erased).
    person_id     INTEGER,
    payload       TEXT NOT NULL,
    -- queued, sent, failed
    state         TEXT NOT NULL,
    attempts      INTEGER NOT NULL,
    next_at       INTEGER NOT NULL,
    claim         INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER,
    status        INTEGER,
    last_error    TEXT NOT NULL,
    UNIQUE (webhook_id, event)
);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (state, next_at);
CREATE INDEX webhook_deliveries_person ON webhook_deliveries (person_id);

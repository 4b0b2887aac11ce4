-- Reaching people by mail: saved audiences (a selection of people of a unit, kept as the
-- filter, so that it always reaches who matches today), mailings made from them, and each
-- mailing's recipients, which are its outbox: claimed by one sending server at a time, marked
-- sent once handed over, their unsubscribe token the secret of the link in the message.
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    filter     TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX segments_unit ON segments (unit_id);

CREATE TABLE mailings (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    segment_id   INTEGER NOT NULL REFERENCES segments(id),
    name         TEXT NOT NULL,
    -- The consent a recipient must have given (contact or newsletter); the one unsubscribing
    -- withdraws.
    purpose      TEXT NOT NULL,
    -- Subject and body per language, as JSON.
    templates    TEXT NOT NULL,
    fallback     TEXT NOT NULL,
    -- draft, scheduled, sending, sent, cancelled
    state        TEXT NOT NULL,
    scheduled_at INTEGER,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER
);
CREATE INDEX mailings_state ON mailings (state, scheduled_at);

CREATE TABLE mailing_recipients (
    id            INTEGER PRIMARY KEY,
    mailing_id    INTEGER NOT NULL REFERENCES mailings(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    -- Sealed; emptied once the message is sent.
    address       TEXT NOT NULL,
    language      TEXT NOT NULL,
    token         TEXT NOT NULL UNIQUE,
    -- queued, sent, failed, bounced
    state         TEXT NOT NULL,
    attempts      INTEGER NOT NULL,
    claim         INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL,
    sent_at       INTEGER,
    bounced_at    INTEGER,
    unsubscribed_at INTEGER,
    last_error    TEXT NOT NULL,
    UNIQUE (mailing_id, person_id)
);
CREATE INDEX mailing_recipients_queue ON mailing_recipients (state, claimed_until);
CREATE INDEX mailing_recipients_claim ON mailing_recipients (claim);
CREATE INDEX mailing_recipients_person ON mailing_recipients (person_id);

-- When mail to a person's address came back undeliverable; cleared when the address changes.
ALTER TABLE people ADD COLUMN email_bounced_at INTEGER;

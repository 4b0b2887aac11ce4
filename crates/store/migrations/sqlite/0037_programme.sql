-- The festival's programme: stages and rooms, speakers (travel and accommodation sealed like
-- personal data: the team's, never public), sessions with the language spoken and the languages
-- interpreted into, and who speaks at each.
CREATE TABLE festival_venues (
    id           INTEGER PRIMARY KEY,
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX festival_venues_name ON festival_venues(festival_id, name);

CREATE TABLE festival_speakers (
    id            INTEGER PRIMARY KEY,
    festival_id   INTEGER NOT NULL REFERENCES festivals(id),
    name          TEXT NOT NULL,
    affiliation   TEXT NOT NULL DEFAULT '',
    from_abroad   INTEGER NOT NULL DEFAULT 0,
    travel        TEXT NOT NULL DEFAULT '',
    accommodation TEXT NOT NULL DEFAULT '',
    arrives_at    INTEGER,
    leaves_at     INTEGER,
    created_at    INTEGER NOT NULL
);

CREATE TABLE festival_sessions (
    id             INTEGER PRIMARY KEY,
    festival_id    INTEGER NOT NULL REFERENCES festivals(id),
    venue_id       INTEGER NOT NULL REFERENCES festival_venues(id),
    titles         TEXT NOT NULL,
    language       TEXT NOT NULL,
    interpretation TEXT NOT NULL DEFAULT '',
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX festival_sessions_time ON festival_sessions(festival_id, starts_at);

CREATE TABLE festival_session_speakers (
    session_id   INTEGER NOT NULL REFERENCES festival_sessions(id),
    speaker_id   INTEGER NOT NULL REFERENCES festival_speakers(id),
    PRIMARY KEY (session_id, speaker_id)
);

-- Volunteer shifts: each is an action of the festival's unit (or of a section, for its stand),
-- so sign-ups are its RSVPs and the check-in at the shift counts on the ladder like any other;
-- here, which festival and team it belongs to and when it ends.
CREATE TABLE festival_shifts (
    action_id    INTEGER PRIMARY KEY REFERENCES actions(id),
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    team         TEXT NOT NULL,
    ends_at      INTEGER NOT NULL
);
CREATE INDEX festival_shifts_festival ON festival_shifts(festival_id);

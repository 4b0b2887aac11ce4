-- Conversations (issue 20, part 2): short statements people vote agree / disagree / pass on,
-- through a public link or on a canvasser's phone, and may add to (moderated before others see
-- them, in any of the four languages, with translations added by moderators). Votes are synced
-- like responses: the same participant's vote on the same statement is kept once, the latest.
CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    title       TEXT NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    open        INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);
CREATE INDEX conversations_unit ON conversations(unit_id);

CREATE TABLE conversation_statements (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    language         TEXT NOT NULL,
    text             TEXT NOT NULL,
    status           TEXT NOT NULL,
    by_participant   INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);
CREATE INDEX conversation_statements_conversation ON conversation_statements(conversation_id, status);
CREATE UNIQUE INDEX conversation_statements_text ON conversation_statements(conversation_id, text);

CREATE TABLE statement_translations (
    statement_id  INTEGER NOT NULL REFERENCES conversation_statements(id),
    language      TEXT NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (statement_id, language)
);

-- A participant is a key their browser or the canvasser's phone made up; the section is where
-- they live, when known (for the counts per unit).
CREATE TABLE conversation_participants (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    key              TEXT NOT NULL,
    unit_id          INTEGER REFERENCES units(id),
    created_at       INTEGER NOT NULL,
    UNIQUE (conversation_id, key)
);

CREATE TABLE conversation_votes (
    participant_id  INTEGER NOT NULL REFERENCES conversation_participants(id),
    statement_id    INTEGER NOT NULL REFERENCES conversation_statements(id),
    vote            INTEGER NOT NULL,
    voted_at        INTEGER NOT NULL,
    PRIMARY KEY (participant_id, statement_id)
);
CREATE INDEX conversation_votes_statement ON conversation_votes(statement_id);

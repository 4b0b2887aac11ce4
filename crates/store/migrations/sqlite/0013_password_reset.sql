-- Password reset by e-mail, and the mail waiting to be sent.
CREATE TABLE password_resets (
    -- SHA-256 of the token sent by mail: the database never holds a usable link.
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id, created_at);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject    TEXT NOT NULL,
    -- Sealed like personal fields (it may hold a reset link); emptied once sent.
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    -- When a server took it to send (several servers never send the same mail twice).
    claimed_at BIGINT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent ON outbox(sent_at, id);

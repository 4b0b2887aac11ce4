-- An answer on a public RSVP page that gave an e-mail address waits here until the link mailed
-- to that address is opened (security issue 13, finding 7): only then is it put on anyone's
-- record. Kept 48 hours; used and expired rows are deleted by the hourly clean-up.
CREATE TABLE rsvp_confirmations (
    -- SHA-256 of the token sent by mail: the database never holds a usable link.
    token_hash  TEXT PRIMARY KEY,
    action_id   BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    section_id  BIGINT NOT NULL REFERENCES units(id),
    -- Name, e-mail, phone, consent to be contacted, need of a bus seat: one sealed JSON value.
    details     TEXT NOT NULL,
    -- Keyed blind index of the address (as people.email_index): to count the mails sent to one
    -- address and to delete its rows when the person is erased, never the address in clear.
    email_index TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX rsvp_confirmations_email ON rsvp_confirmations(email_index, created_at);
CREATE INDEX rsvp_confirmations_expiry ON rsvp_confirmations(expires_at);

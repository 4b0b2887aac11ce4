-- One row per throttled key (an account's address, a network address, under a prefix), locked
-- by the transaction that counts and records an attempt, so that simultaneous attempts on the
-- same key take turns: on PostgreSQL the upsert of this row holds its lock until commit; on
-- SQLite the write lock taken at BEGIN IMMEDIATE already serializes them.
CREATE TABLE throttle_keys (
    name    TEXT PRIMARY KEY,
    last_at BIGINT NOT NULL
);
CREATE INDEX throttle_keys_last_at ON throttle_keys(last_at);

-- Signed tickets: each festival signs its tickets with an Ed25519 key of its own (the private
-- key sealed like personal data; the public key is what the gates check with). An order has a
-- secret for its buyer's ticket page; its tickets are issued when it is paid and revoked when
-- it is refunded.
ALTER TABLE festivals ADD COLUMN signing_key TEXT NOT NULL DEFAULT '';
ALTER TABLE festivals ADD COLUMN public_key TEXT NOT NULL DEFAULT '';
ALTER TABLE festival_orders ADD COLUMN token TEXT;
CREATE UNIQUE INDEX festival_orders_token ON festival_orders(token);

CREATE TABLE festival_tickets (
    -- 32 hex digits, random.
    id           TEXT PRIMARY KEY,
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    order_id     INTEGER NOT NULL REFERENCES festival_orders(id),
    type_id      INTEGER NOT NULL REFERENCES ticket_types(id),
    issued_at    INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX festival_tickets_order ON festival_tickets(order_id);
CREATE INDEX festival_tickets_revoked ON festival_tickets(festival_id, revoked_at);

-- The festival: ticket types with prices, quotas and sale periods; orders (paid by transfer
-- with a structured communication, or at a desk); the lines of bank statements they are
-- matched with, each kept once.
CREATE TABLE festivals (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    name          TEXT NOT NULL,
    starts_on     INTEGER NOT NULL,
    ends_on       INTEGER NOT NULL,
    -- The account transfers go to, shown on the order page.
    iban          TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE ticket_types (
    id            INTEGER PRIMARY KEY,
    festival_id   INTEGER NOT NULL REFERENCES festivals(id),
    code          TEXT NOT NULL,
    -- JSON {"nl": ..., "fr": ...}
    names         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    price_cents   INTEGER NOT NULL,
    quota         INTEGER NOT NULL,
    -- Tickets of orders not cancelled or refunded: never above the quota.
    sold          INTEGER NOT NULL DEFAULT 0,
    sale_from     INTEGER NOT NULL,
    sale_until    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (festival_id, code)
);

CREATE TABLE festival_orders (
    id            INTEGER PRIMARY KEY,
    festival_id   INTEGER NOT NULL REFERENCES festivals(id),
    -- The structured communication's twelve digits, set once the id is known.
    reference     TEXT,
    -- Sealed, as every personal field.
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    postcode      TEXT NOT NULL,
    language      TEXT NOT NULL,
    -- The section that sold it, if any.
    section_id    INTEGER REFERENCES units(id),
    contact       INTEGER NOT NULL,
    total_cents   INTEGER NOT NULL,
    status        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    paid_at       INTEGER,
    -- transfer, desk or free
    paid_via      TEXT,
    closed_at     INTEGER,
    closed_note   TEXT,
    closed_by     INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX festival_orders_reference ON festival_orders(reference);
CREATE INDEX festival_orders_festival ON festival_orders(festival_id, created_at);

CREATE TABLE festival_order_lines (
    order_id      INTEGER NOT NULL REFERENCES festival_orders(id),
    type_id       INTEGER NOT NULL REFERENCES ticket_types(id),
    quantity      INTEGER NOT NULL,
    price_cents   INTEGER NOT NULL,
    PRIMARY KEY (order_id, type_id)
);

CREATE TABLE statement_lines (
    id            INTEGER PRIMARY KEY,
    festival_id   INTEGER NOT NULL REFERENCES festivals(id),
    -- SHA-256 of the line as the bank wrote it (and which of its identical twins in the file).
    fingerprint   TEXT NOT NULL,
    booked_on     TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL,
    communication TEXT NOT NULL,
    -- Sealed: the payer's name as the bank gives it.
    counterparty  TEXT NOT NULL,
    -- matched, unmatched, ambiguous, outgoing
    outcome       TEXT NOT NULL,
    order_id      INTEGER REFERENCES festival_orders(id),
    imported_at   INTEGER NOT NULL,
    UNIQUE (festival_id, fingerprint)
);

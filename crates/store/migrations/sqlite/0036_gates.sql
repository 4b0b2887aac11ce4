-- The festival's gates (docs/festival-gates.md). Each ticket enters by one lane (an entrance
-- and a lane in it, by a hash of its id); a lane is admitted by the server while no gate phone
-- holds it, or by the one phone holding its lease. Every scan a phone makes is kept once (by
-- its own id, so sending it again changes nothing); an admission takes its entry key once.
ALTER TABLE festivals ADD COLUMN entrances INTEGER NOT NULL DEFAULT 4;
ALTER TABLE festivals ADD COLUMN lanes INTEGER NOT NULL DEFAULT 2;
ALTER TABLE ticket_types ADD COLUMN reentry TEXT NOT NULL DEFAULT 'once';
UPDATE ticket_types SET reentry = 'wristband' WHERE kind = 'weekend';
UPDATE ticket_types SET reentry = 'free' WHERE kind IN ('volunteer', 'guest');

CREATE TABLE festival_lanes (
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    lane         INTEGER NOT NULL,
    -- The phone holding the lease (its own random id), or none: then the server admits.
    device       TEXT,
    gate_name    TEXT NOT NULL DEFAULT '',
    lease_until  INTEGER NOT NULL DEFAULT 0,
    -- When the holder last sent its scans.
    synced_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (festival_id, lane)
);

CREATE TABLE festival_scans (
    -- The phone's own id for the scan.
    id           TEXT PRIMARY KEY,
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    device       TEXT NOT NULL,
    lane         INTEGER NOT NULL,
    ticket_id    TEXT NOT NULL,
    entry_key    TEXT,
    -- admitted, already, other-lane, lease-lapsed, or why the ticket was refused.
    outcome      TEXT NOT NULL,
    offline      INTEGER NOT NULL DEFAULT 0,
    scanned_at   INTEGER NOT NULL,
    synced_at    INTEGER NOT NULL
);
CREATE INDEX festival_scans_festival ON festival_scans(festival_id, outcome);

CREATE TABLE festival_entries (
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    entry_key    TEXT NOT NULL,
    ticket_id    TEXT NOT NULL,
    lane         INTEGER NOT NULL,
    scan_id      TEXT NOT NULL,
    admitted_at  INTEGER NOT NULL,
    PRIMARY KEY (festival_id, entry_key)
);
CREATE INDEX festival_entries_lane ON festival_entries(festival_id, lane);

-- An admission that came in for an entry key already taken: what the rule is there to make
-- impossible, kept so that it is seen if it ever happens (a lane taken over by force).
CREATE TABLE festival_double_entries (
    scan_id      TEXT PRIMARY KEY,
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    entry_key    TEXT NOT NULL,
    first_scan   TEXT NOT NULL,
    at           INTEGER NOT NULL
);

-- Zones with a capacity (a hall, a tent): each door phone sends how many it let in and out in
-- all (so sending again changes nothing); the zone holds the sum.
CREATE TABLE festival_zones (
    id           INTEGER PRIMARY KEY,
    festival_id  INTEGER NOT NULL REFERENCES festivals(id),
    name         TEXT NOT NULL,
    capacity     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX festival_zones_name ON festival_zones(festival_id, name);

CREATE TABLE festival_zone_doors (
    zone_id      INTEGER NOT NULL REFERENCES festival_zones(id),
    device       TEXT NOT NULL,
    door_name    TEXT NOT NULL DEFAULT '',
    ins          INTEGER NOT NULL DEFAULT 0,
    outs         INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (zone_id, device)
);

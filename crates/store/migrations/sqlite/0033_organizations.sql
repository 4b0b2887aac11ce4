-- More than one organization on one installation (the party, its youth wing): each is a tree of
-- its own, its root a unit without a parent. An affiliate's national level is read by the
-- organization it is affiliated to (counts; names only where granted).
CREATE TABLE organizations (
    unit_id       INTEGER PRIMARY KEY REFERENCES units(id),
    affiliate_of  INTEGER REFERENCES units(id),
    created_at    INTEGER NOT NULL
);
INSERT INTO organizations (unit_id, affiliate_of, created_at)
    SELECT id, NULL, created_at FROM units WHERE parent_id IS NULL;

-- An organization lets one account of the organization it is affiliated to read its people.
CREATE TABLE organization_grants (
    org_id      INTEGER NOT NULL REFERENCES units(id),
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    granted_at  INTEGER NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

-- Each organization's ladder rules; `ladder_rules` keeps the rules a new organization starts with.
CREATE TABLE org_ladder_rules (
    org_id        INTEGER NOT NULL REFERENCES units(id),
    after_actions INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    PRIMARY KEY (org_id, after_actions)
);
INSERT INTO org_ladder_rules (org_id, after_actions, stage)
    SELECT o.unit_id, r.after_actions, r.stage FROM organizations o, ladder_rules r;

-- Each organization's leadership rules.
ALTER TABLE leadership_rules ADD COLUMN org_id INTEGER REFERENCES units(id);
UPDATE leadership_rules SET org_id = (SELECT MIN(id) FROM units WHERE parent_id IS NULL);

-- A person who joined another organization (from the youth wing to the party): their record
-- there is a new one, made with their agreement; the two are linked here.
CREATE TABLE organization_moves (
    id           INTEGER PRIMARY KEY,
    from_person  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    to_person    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    from_unit    INTEGER NOT NULL REFERENCES units(id),
    to_unit      INTEGER NOT NULL REFERENCES units(id),
    at           INTEGER NOT NULL,
    by_user      INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX organization_moves_from ON organization_moves(from_person);
CREATE INDEX organization_moves_to ON organization_moves(to_person);

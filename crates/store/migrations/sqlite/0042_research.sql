-- Complicity research (issue 16, part 4): companies, their links (owns, supplies, transports for,
-- finances), sites, products and contracts, and shipments. Every one of them is a fact with its
-- evidence (source, date, reliability), who added it, the second researcher who reviewed it, and
-- whether a national admin published it; the entity tables share the fact's id. Workplace
-- sections link to the sites they work on, and are warned of shipments of concern there.
ALTER TABLE users ADD COLUMN researcher INTEGER NOT NULL DEFAULT 0;

CREATE TABLE research_facts (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES units(id),
    kind          TEXT NOT NULL,
    source_kind   TEXT NOT NULL,
    source        TEXT NOT NULL,
    source_date   INTEGER NOT NULL,
    reliability   TEXT NOT NULL,
    added_by      INTEGER REFERENCES users(id),
    added_at      INTEGER NOT NULL,
    reviewed_by   INTEGER REFERENCES users(id),
    reviewed_at   INTEGER,
    review        TEXT NOT NULL DEFAULT '',
    published_by  INTEGER REFERENCES users(id),
    published_at  INTEGER
);
CREATE INDEX research_facts_queue ON research_facts(org_id, reviewed_at, kind);

CREATE TABLE research_companies (
    id               INTEGER PRIMARY KEY REFERENCES research_facts(id),
    org_id           INTEGER NOT NULL REFERENCES units(id),
    name             TEXT NOT NULL,
    search_name      TEXT NOT NULL,
    country          TEXT NOT NULL DEFAULT '',
    registry_number  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX research_companies_name ON research_companies(org_id, search_name);
CREATE INDEX research_companies_registry ON research_companies(org_id, registry_number);

-- Every word of a company's folded name, for searching by the start of any word.
CREATE TABLE research_company_words (
    org_id      INTEGER NOT NULL,
    word        TEXT NOT NULL,
    company_id  INTEGER NOT NULL REFERENCES research_companies(id),
    PRIMARY KEY (org_id, word, company_id)
);
-- For the other words of a query: does this company have a word starting so.
CREATE INDEX research_company_words_company ON research_company_words(company_id, word);

CREATE TABLE research_links (
    id              INTEGER PRIMARY KEY REFERENCES research_facts(id),
    from_company    INTEGER NOT NULL REFERENCES research_companies(id),
    to_company      INTEGER NOT NULL REFERENCES research_companies(id),
    kind            TEXT NOT NULL,
    share_percent   INTEGER
);
CREATE INDEX research_links_from ON research_links(from_company);
CREATE INDEX research_links_to ON research_links(to_company);

CREATE TABLE research_sites (
    id          INTEGER PRIMARY KEY REFERENCES research_facts(id),
    company_id  INTEGER NOT NULL REFERENCES research_companies(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX research_sites_company ON research_sites(company_id);

CREATE TABLE research_items (
    id            INTEGER PRIMARY KEY REFERENCES research_facts(id),
    company_id    INTEGER NOT NULL REFERENCES research_companies(id),
    kind          TEXT NOT NULL,
    description   TEXT NOT NULL,
    counterparty  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX research_items_company ON research_items(company_id);

CREATE TABLE research_shipments (
    id           INTEGER PRIMARY KEY REFERENCES research_facts(id),
    company_id   INTEGER NOT NULL REFERENCES research_companies(id),
    site_id      INTEGER NOT NULL REFERENCES research_sites(id),
    carrier      TEXT NOT NULL DEFAULT '',
    vessel       TEXT NOT NULL DEFAULT '',
    departs_on   INTEGER,
    arrives_on   INTEGER NOT NULL,
    cargo        TEXT NOT NULL,
    destination  TEXT NOT NULL DEFAULT '',
    concern      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX research_shipments_company ON research_shipments(company_id);
CREATE INDEX research_shipments_site ON research_shipments(site_id, arrives_on);

CREATE TABLE workplace_sites (
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    site_id  INTEGER NOT NULL REFERENCES research_sites(id),
    PRIMARY KEY (unit_id, site_id)
);
CREATE INDEX workplace_sites_site ON workplace_sites(site_id);

-- The shipments of concern a workplace section's accounts were mailed about, once each.
CREATE TABLE research_warnings (
    shipment_id  INTEGER NOT NULL REFERENCES research_shipments(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    queued_at    INTEGER NOT NULL,
    PRIMARY KEY (shipment_id, unit_id)
);

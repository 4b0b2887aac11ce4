-- The enquête: survey definitions with immutable published versions, and responses.
CREATE TABLE surveys (
    id         INTEGER PRIMARY KEY,
    form_id    TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE survey_versions (
    survey_id    INTEGER NOT NULL REFERENCES surveys(id),
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    -- The whole definition as JSON; never changed once written.
    definition   TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    published_by INTEGER REFERENCES users(id),
    PRIMARY KEY (survey_id, version)
);

CREATE TABLE responses (
    -- Made by the client (UUID v7), so that sending the same response twice stores it once.
    id           TEXT PRIMARY KEY,
    survey_id    INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    channel      TEXT NOT NULL,
    collector_id INTEGER REFERENCES users(id),
    collected_at INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    answers      TEXT NOT NULL,
    -- Set only when the respondent agreed to be contacted: identity lives in `people`.
    person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    FOREIGN KEY (survey_id, version) REFERENCES survey_versions(survey_id, version)
);
CREATE INDEX responses_survey_unit ON responses(survey_id, unit_id);
CREATE INDEX responses_person ON responses(person_id);

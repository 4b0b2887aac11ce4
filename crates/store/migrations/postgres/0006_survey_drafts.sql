-- Surveys being written in the designer, before they are published as a version.
CREATE TABLE survey_drafts (
    form_id    TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

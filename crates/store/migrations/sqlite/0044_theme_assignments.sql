-- The theme each free-text answer was given when the themes of a unit were first found with
-- it, so that it keeps that theme there when answers are added (themes are found per unit, so
-- the same answer may have another theme in another unit's themes). Renaming or merging a theme
-- renames it here; splitting a theme, or saving a new lexicon, lets its answers be sorted again.
-- Erasing a person removes the rows of their responses.
CREATE TABLE theme_assignments (
    survey_id   INTEGER NOT NULL REFERENCES surveys(id),
    question    TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    response_id TEXT NOT NULL REFERENCES responses(id),
    theme       TEXT NOT NULL,
    PRIMARY KEY (survey_id, question, unit_id, response_id)
);

-- The theme each free-text answer was given when themes were first found with it, so that it
-- keeps that theme when answers are added. Renaming or merging a theme renames it here;
-- splitting a theme, or saving a new lexicon, lets its answers be sorted again.
CREATE TABLE theme_assignments (
    survey_id   BIGINT NOT NULL REFERENCES surveys(id),
    question    TEXT NOT NULL,
    response_id TEXT NOT NULL REFERENCES responses(id),
    theme       TEXT NOT NULL,
    PRIMARY KEY (survey_id, question, response_id)
);

-- The lexicon that sorts the free-text answers of a survey question into themes, as organizers
-- edited it (renaming, merging and splitting themes edit it too). Without a row the survey's
-- issue list gives the lexicon.
CREATE TABLE theme_lexicons (
    survey_id  INTEGER NOT NULL REFERENCES surveys(id),
    question   TEXT NOT NULL,
    lexicon    TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    PRIMARY KEY (survey_id, question)
);

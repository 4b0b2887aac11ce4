-- Conversations weighted to the population (issue 20, part 2): a conversation may be linked to
-- a survey, whose demographic questions (age band, gender...) participants may answer about
-- themselves, so that the opinion groups are weighted to the population margins the survey's
-- results use. Answers are optional and tied only to the participant's made-up key.
ALTER TABLE conversations ADD COLUMN survey_id INTEGER REFERENCES surveys(id);

CREATE TABLE conversation_profiles (
    participant_id  INTEGER NOT NULL REFERENCES conversation_participants(id),
    variable        TEXT NOT NULL,
    category        TEXT NOT NULL,
    PRIMARY KEY (participant_id, variable)
);

-- Collating the enquête. Every stored batch of responses takes the survey's next generation, so
-- a server holding results in memory knows, from one number, whether and which responses are new.
ALTER TABLE surveys ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
CREATE INDEX responses_generation ON responses(survey_id, generation);

-- The population of a unit by category of a demographic variable (its code is the code of the
-- survey question asking it), for weighting respondents. import_id grows with every import.
CREATE TABLE population_margins (
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    variable   TEXT NOT NULL,
    category   TEXT NOT NULL,
    population DOUBLE PRECISION NOT NULL CHECK (population > 0),
    import_id  BIGINT NOT NULL,
    PRIMARY KEY (unit_id, variable, category)
);


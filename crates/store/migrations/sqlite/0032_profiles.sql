-- With consent for this purpose: a person's occupation class, gender and age band, counted in
-- the composition of members and leaders. Sealed like the other personal fields.
CREATE TABLE person_profiles (
    person_id   INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    -- JSON {"occupation": ..., "gender": ..., "age_band": ...}, sealed.
    profile     TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

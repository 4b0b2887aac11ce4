-- The unit whose organizers may change a survey: where it was first published. Surveys without
-- one (the national ones, the demo's) are changed by national admins only.
ALTER TABLE surveys ADD COLUMN owner_unit_id BIGINT REFERENCES units(id);

-- The unit a designer's draft belongs to (where it was started) and the account that started it.
-- Drafts without one (those saved before) belong to the root unit: national admins only.
ALTER TABLE survey_drafts ADD COLUMN owner_unit_id BIGINT REFERENCES units(id);
ALTER TABLE survey_drafts ADD COLUMN started_by BIGINT REFERENCES users(id);

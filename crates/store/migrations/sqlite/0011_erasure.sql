-- Erasing a person rewrites their responses (no link, no free text): a survey's `rewritten`
-- grows each time, so servers holding its results in memory read them again in full.
ALTER TABLE surveys ADD COLUMN rewritten INTEGER NOT NULL DEFAULT 0;

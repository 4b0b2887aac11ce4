-- Meetings open to the public: shown (time and unit only) in the unit's public calendar.
ALTER TABLE meetings ADD COLUMN public INTEGER NOT NULL DEFAULT 0;

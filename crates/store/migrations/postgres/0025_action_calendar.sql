-- The public calendar: an action shows in its units' public calendar feeds only when its
-- organizers say so; each change a calendar must pick up (a cancellation) raises its sequence.
ALTER TABLE actions ADD COLUMN public BIGINT NOT NULL DEFAULT 0;
ALTER TABLE actions ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;

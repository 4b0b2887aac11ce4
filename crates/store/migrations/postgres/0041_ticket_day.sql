-- A day ticket is valid on its own day of the festival (none: the whole festival).
ALTER TABLE ticket_types ADD COLUMN valid_on BIGINT;

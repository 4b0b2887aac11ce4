-- Which account a session belongs to, so that changing a password can end the account's other
-- sessions.
ALTER TABLE sessions ADD COLUMN user_id INTEGER;
CREATE INDEX sessions_user ON sessions(user_id);

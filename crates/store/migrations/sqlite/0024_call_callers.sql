-- A call list may be for a named group of callers; without any, every caller of its unit.
CREATE TABLE call_callers (
    assignment_id INTEGER NOT NULL REFERENCES call_assignments(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (assignment_id, user_id)
);

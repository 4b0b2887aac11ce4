-- The workplace map of a workplace section: its workplace, departments and shifts with the
-- headcount of each department on each shift, the unions present (representatives sealed),
-- where the people it knows work (union membership sealed: special-category data), dated
-- support assessments (score and note sealed), and structure tests counted per department.
CREATE TABLE workplaces (
    unit_id      INTEGER PRIMARY KEY REFERENCES units(id),
    employer     TEXT NOT NULL,
    site         TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    sector       TEXT NOT NULL DEFAULT '',
    headcount    INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE workplace_departments (
    id       INTEGER PRIMARY KEY,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    name     TEXT NOT NULL
);
CREATE UNIQUE INDEX workplace_departments_name ON workplace_departments(unit_id, name);

CREATE TABLE workplace_shifts (
    id       INTEGER PRIMARY KEY,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    name     TEXT NOT NULL
);
CREATE UNIQUE INDEX workplace_shifts_name ON workplace_shifts(unit_id, name);

CREATE TABLE workplace_cells (
    department_id  INTEGER NOT NULL REFERENCES workplace_departments(id),
    shift_id       INTEGER NOT NULL REFERENCES workplace_shifts(id),
    headcount      INTEGER NOT NULL,
    PRIMARY KEY (department_id, shift_id)
);

CREATE TABLE workplace_unions (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    name             TEXT NOT NULL,
    representatives  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX workplace_unions_name ON workplace_unions(unit_id, name);

CREATE TABLE workplace_people (
    person_id      INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    department_id  INTEGER REFERENCES workplace_departments(id),
    shift_id       INTEGER REFERENCES workplace_shifts(id),
    social_leader  INTEGER NOT NULL DEFAULT 0,
    union_member   TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);
CREATE INDEX workplace_people_unit ON workplace_people(unit_id);

CREATE TABLE support_assessments (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    score      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    by_user    INTEGER REFERENCES users(id),
    at         INTEGER NOT NULL
);
CREATE INDEX support_assessments_person ON support_assessments(person_id, at);
CREATE INDEX support_assessments_unit ON support_assessments(unit_id);

CREATE TABLE workplace_tests (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    goal_percent  INTEGER NOT NULL,
    starts_on     INTEGER NOT NULL,
    ends_on       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE workplace_test_counts (
    test_id        INTEGER NOT NULL REFERENCES workplace_tests(id),
    department_id  INTEGER NOT NULL REFERENCES workplace_departments(id),
    count          INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (test_id, department_id)
);

-- Rule sets (DESIGN.md, "Rules are dated data"): every number that comes
-- from a law is a row in a set that names its legal source and the dates
-- it applies from and to. Dates are ISO dates (YYYY-MM-DD) kept as text,
-- which sort and compare the same on both databases; valid_to is '' while
-- the set has no end. A set's kind ('sections', 'deadlines', …) says what
-- it rules; the set in force of a kind on a day is the one with the
-- latest valid_from on or before that day whose valid_to is after it.
CREATE TABLE rule_sets (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX rule_sets_kind ON rule_sets (kind, valid_from);

-- One rule of a set: a key, its value and, for durations, the unit
-- (REQ-67: working days, calendar days and hours are never mixed).
CREATE TABLE rules (
    id {{id}},
    set_id BIGINT NOT NULL REFERENCES rule_sets(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '' CHECK (unit IN ('', 'working_days', 'calendar_days', 'hours')),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (set_id, key)
);

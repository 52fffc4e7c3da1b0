-- The history of rule sets (issue 17): every change an administrator (or
-- the platform, for its defaults and their corrections) makes to a set —
-- a new set, one that supersedes another from a date, a rule added,
-- changed or removed, the name, source or dates changed — with who, when,
-- the value before and after, and the reason given. The set's page shows
-- it; the audit log keeps its own entry as well.
CREATE TABLE rule_history (
    id {{id}},
    set_id BIGINT NOT NULL REFERENCES rule_sets(id),
    at TIMESTAMP NOT NULL,
    user_id BIGINT NOT NULL DEFAULT 0,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    rule_key TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rule_history_set ON rule_history (set_id, id);

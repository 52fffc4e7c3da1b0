-- Maintenance notices and read-only mode (issue 15, REQ-08).
--
-- A notice announces a planned suspension of the portal's information or
-- services: when it starts, when they are expected back, which services
-- it affects and why. It is scheduled at least the rule's working days
-- ahead (rule set kind "maintenance"), or marked force majeure with its
-- reason. shown_from is when the public banner starts (the beginning of
-- the notice period, never before the notice was made); the banner ends
-- at ends_at, or when the notice is cancelled or ended early (ends_at is
-- then moved to that time and ended_early set).
CREATE TABLE maintenance_notices (
    id {{id}},
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    shown_from TIMESTAMP NOT NULL,
    services TEXT NOT NULL,
    reason TEXT NOT NULL,
    force_majeure BOOLEAN NOT NULL DEFAULT FALSE,
    force_reason TEXT NOT NULL DEFAULT '',
    notice_days INTEGER NOT NULL,           -- working days of notice given
    required_days INTEGER NOT NULL,         -- working days the rule asked for
    rule_code TEXT NOT NULL DEFAULT '',     -- the rule set applied
    item_id BIGINT REFERENCES items(id),    -- the announcement published on the main portal
    cancelled_at TIMESTAMP,
    cancel_reason TEXT NOT NULL DEFAULT '',
    ended_early BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX maintenance_notices_ends ON maintenance_notices (ends_at);

-- The administrators' read-only switch: one row, read by every node, so
-- that turning it on stops writes on all of them.
CREATE TABLE maintenance_mode (
    id INTEGER PRIMARY KEY,                 -- always 1
    read_only BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL DEFAULT '',
    changed_at TIMESTAMP
);

INSERT INTO maintenance_mode (id, read_only) VALUES (1, FALSE);

-- Scheduled jobs take a lease here so that one node runs each. While a run
-- goes on, expires_at is when its lease ends and another node may take
-- over; between runs it is the earliest time the next run may start.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_run_at TIMESTAMP,
    last_ok_at TIMESTAMP,
    last_error TEXT NOT NULL DEFAULT '',
    runs BIGINT NOT NULL DEFAULT 0
);

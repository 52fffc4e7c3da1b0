-- Scheduled and verified backups (issue 15): the administrators' settings
-- and the record of every backup and verification the job ran.
--
-- One row of settings, read by every node: the daily time (minutes after
-- midnight, Vietnam time; 120 is 02:00), the destination folder ('' is
-- DATA/backups), the retention, and the requests of the buttons "Sao lưu
-- ngay" and "Kiểm tra ngay", which the job (one node, under its lease)
-- takes. schedule_from is when the schedule began: a day's time before it
-- is not owed a backup, so a new installation takes its first at the next
-- such time rather than at once.
CREATE TABLE backup_settings (
    id INTEGER PRIMARY KEY,                 -- always 1
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    at_minute INTEGER NOT NULL DEFAULT 120,
    dest TEXT NOT NULL DEFAULT '',
    keep_daily INTEGER NOT NULL DEFAULT 7,
    keep_weekly INTEGER NOT NULL DEFAULT 4,
    keep_monthly INTEGER NOT NULL DEFAULT 12,
    schedule_from TIMESTAMP,
    backup_requested_at TIMESTAMP,
    backup_requested_by TEXT NOT NULL DEFAULT '',
    verify_requested_at TIMESTAMP,
    verify_requested_by TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL DEFAULT '',
    changed_at TIMESTAMP
);

INSERT INTO backup_settings (id) VALUES (1);

-- A run of the job: a backup (kind 'backup') or a verification ('verify',
-- the latest backup restored into a scratch SQLite database and compared
-- with its manifest). ok is NULL while it runs; a run left so by a node
-- that died is closed as failed by the next. The screen, the alerts and
-- the gauges of /metrics read these rows, so every node reports the same.
CREATE TABLE backup_runs (
    id {{id}},
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,                   -- 'schedule' or 'request' (a button)
    requested_by TEXT NOT NULL DEFAULT '',
    node TEXT NOT NULL DEFAULT '',
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    ok BOOLEAN,
    name TEXT NOT NULL DEFAULT '',          -- the backup taken or verified
    dest TEXT NOT NULL DEFAULT '',
    tables_count INTEGER NOT NULL DEFAULT 0,
    rows_count BIGINT NOT NULL DEFAULT 0,
    media_count INTEGER NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    pruned INTEGER NOT NULL DEFAULT 0,      -- backups the retention removed after it
    error TEXT NOT NULL DEFAULT ''
);

CREATE INDEX backup_runs_kind ON backup_runs (kind, started_at);

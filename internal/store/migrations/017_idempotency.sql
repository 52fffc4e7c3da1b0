-- Idempotency keys of writes from outside (Open311 POST, the feedback
-- form, later the comment forms): the first answer to a key is stored in
-- the same transaction as the write it reports, so a client that retries
-- (its first answer lost, or cut off) gets that answer again instead of
-- filing twice. scope says whose keys they are (an Open311 key, a site's
-- form), so one partner never sees another's answers; fingerprint is the
-- SHA-256 of what was sent, so a key reused for something else is
-- refused. Rows older than a day are swept by the job idempotency.sweep.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    location TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- One row that /readyz updates in a short transaction, to learn whether
-- the database takes writes now (not locked, not full, not read-only),
-- which a SELECT 1 cannot tell.
CREATE TABLE health_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TIMESTAMP NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP);

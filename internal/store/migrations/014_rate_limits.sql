-- Request counts per client key and time window, shared by the nodes of
-- one PostgreSQL database (internal/ratelimit): each node also keeps its
-- own token buckets in memory, but only the database sees every node's
-- requests. Rows older than two windows are swept by a job.
CREATE TABLE rate_limits (
    key TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);

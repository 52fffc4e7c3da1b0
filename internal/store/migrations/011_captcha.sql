-- The proof-of-work captcha (internal/captcha). Its HMAC key signs the
-- challenges; it is made once and kept here so that every node behind a
-- load balancer signs and checks with the same key, and a restart does
-- not invalidate the challenges that browsers are solving.
CREATE TABLE captcha_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Solved challenges, kept until they expire so that a solution is
-- accepted once, on any node; a replay finds its row here.
CREATE TABLE captcha_solved (
    challenge TEXT PRIMARY KEY,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX captcha_solved_expires ON captcha_solved (expires_at);

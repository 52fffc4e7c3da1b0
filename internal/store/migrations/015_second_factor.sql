-- The second factor holds per account, not per address (issue 11):
-- wrong codes are counted on the account and lock it as wrong passwords
-- do; the 30-second step of the last accepted code is kept, so a code is
-- accepted once (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- Wrong passwords for usernames that name no account, counted and locked
-- like an account's, so that the answers (401, then 429) do not tell who
-- has an account. Keyed by the name as typed, folded to lower case; rows
-- idle for a day are swept by a job.
CREATE TABLE login_attempts (
    name TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);

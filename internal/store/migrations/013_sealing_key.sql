-- Which key seals the secrets the portal must read back (TOTP seeds; see
-- internal/account/seal.go): the key itself lives in a file on each node,
-- never in the database; its fingerprint here makes every node check
-- that it holds the same one.
CREATE TABLE sealing_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Recovery codes of the second factor (issue 13, item 10): ten one-time
-- codes given at each enrolment, each usable once in place of a TOTP code
-- at sign-in. Only a keyed hash is kept (HMAC-SHA256 with a key derived
-- from the secret key file, bound to the account; see
-- internal/account/recovery.go): a copy of the database alone neither
-- shows a code nor lets anyone test guesses. A new set, an administrator's
-- reset and a lost key file delete the rows.
CREATE TABLE recovery_codes (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE UNIQUE INDEX recovery_codes_by_user ON recovery_codes (user_id, code_hash);

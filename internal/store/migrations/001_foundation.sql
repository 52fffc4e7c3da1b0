-- Sites: the main portal and its component sites. A request reaches a site
-- by its host name or by its path prefix.
CREATE TABLE sites (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('portal', 'department', 'commune', 'other', 'district')),
    is_main BOOLEAN NOT NULL DEFAULT FALSE,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    path_prefix TEXT NOT NULL DEFAULT '',
    parent_id BIGINT REFERENCES sites(id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    owner TEXT NOT NULL DEFAULT '',
    responsible TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    logo_url TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX sites_one_main ON sites (is_main) WHERE is_main;
CREATE UNIQUE INDEX sites_host ON sites (host) WHERE host <> '';
CREATE UNIQUE INDEX sites_prefix ON sites (path_prefix) WHERE path_prefix <> '';

-- Accounts. Passwords are argon2id hashes in PHC form; a TOTP secret is set
-- when the person has enrolled a second factor.
CREATE TABLE users (
    id {{id}},
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    totp_secret TEXT NOT NULL DEFAULT '',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

-- Roles are held per site: one person can be an editor on one site and a
-- collaborator on another.
CREATE TABLE site_roles (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    granted_by BIGINT REFERENCES users(id),
    PRIMARY KEY (user_id, site_id, role)
);
CREATE INDEX site_roles_site ON site_roles (site_id);

-- Sessions live in the database so that several nodes share them. The id
-- is the SHA-256 of the cookie's token: a leaked table opens no session.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mfa_done BOOLEAN NOT NULL DEFAULT FALSE,
    -- a TOTP secret shown for enrolment, kept until the person confirms it
    totp_pending TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The audit log is append-only: who did what, where, when, from which address.
CREATE TABLE audit_log (
    id {{id}},
    at TIMESTAMP NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    site_id BIGINT,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

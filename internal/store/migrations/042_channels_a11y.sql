-- Official channels (issue 20 point 7; REQ-05, REQ-38): the agency's
-- social-network accounts, mobile applications and hotlines that it
-- announces as its own, one row each, kept by the site's board. link is
-- an https:// address, or for a hotline the number as written;
-- verified_on (YYYY-MM-DD, Viet Nam) is the day someone checked that the
-- account is the agency's. A site lists each address once.
CREATE TABLE official_channels (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL CHECK (kind IN ('social', 'app', 'hotline', 'other')),
    name TEXT NOT NULL,
    link TEXT NOT NULL,
    verified_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX official_channels_link ON official_channels (site_id, link);

-- The accessibility statement of a site (issue 20 point 8; REQ-54, 55):
-- at most one row per site; a site without one shows the statement made
-- from its own data (internal/a11y).
CREATE TABLE a11y_statements (
    site_id BIGINT PRIMARY KEY REFERENCES sites(id),
    standard TEXT NOT NULL,
    level TEXT NOT NULL,
    methods TEXT NOT NULL,
    known_issues TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL,
    reviewed_on TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);

-- Captions (a WebVTT upload of the same site) and a text transcript of an
-- audio or video upload (REQ-54; WCAG 2.1 1.2.1–1.2.3): an item that
-- links a recording with neither is not approved (internal/workflow).
ALTER TABLE media ADD COLUMN captions_id BIGINT REFERENCES media(id);
ALTER TABLE media ADD COLUMN transcript TEXT NOT NULL DEFAULT '';

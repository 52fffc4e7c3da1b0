-- The renamings of a site (issue 17): each row is one rename ordered by a
-- decision, effective from a time, with the site's identity before and
-- after — name, English name, host, path prefix, kind. The sites row holds
-- the identity in force; these rows give the name on any past date (the
-- issuer of an item published then) and the old hosts and prefixes that
-- answer 301 to the current ones. A row whose effective time has not come
-- yet is pending (applied_at NULL) and is applied by a job when it does.
CREATE TABLE site_history (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    effective_at TIMESTAMP NOT NULL,
    old_name TEXT NOT NULL,
    old_name_en TEXT NOT NULL DEFAULT '',
    old_host TEXT NOT NULL DEFAULT '',
    old_path_prefix TEXT NOT NULL DEFAULT '',
    old_kind TEXT NOT NULL,
    new_name TEXT NOT NULL,
    new_name_en TEXT NOT NULL DEFAULT '',
    new_host TEXT NOT NULL DEFAULT '',
    new_path_prefix TEXT NOT NULL DEFAULT '',
    new_kind TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    decision_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    applied_at TIMESTAMP
);
CREATE INDEX site_history_site ON site_history (site_id, effective_at);

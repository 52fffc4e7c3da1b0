-- How each site runs its editorial workflow. A commune site may skip the
-- editing step (short workflow); post-publication checks are due within
-- post_check_hours of publication.
ALTER TABLE sites ADD COLUMN workflow TEXT NOT NULL DEFAULT 'full';
ALTER TABLE sites ADD COLUMN post_check_hours INTEGER NOT NULL DEFAULT 24;

-- Categories (chuyên mục) of a site, ordered by position.
CREATE TABLE categories (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    in_menu BOOLEAN NOT NULL DEFAULT FALSE,
    home_block BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, slug)
);

-- Content items. The state is that of the newest revision (the working
-- copy); what the public sees is published_rev while live is true, so an
-- edit of a published item goes through the workflow without touching
-- the published text.
CREATE TABLE items (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'vi',
    slug TEXT NOT NULL,
    category_id BIGINT REFERENCES categories(id),
    current_rev BIGINT,
    published_rev BIGINT,
    live BOOLEAN NOT NULL DEFAULT FALSE,
    featured BOOLEAN NOT NULL DEFAULT FALSE,
    publish_at TIMESTAMP,
    unpublish_at TIMESTAMP,
    first_published_at TIMESTAMP,
    published_at TIMESTAMP,
    override_reason TEXT NOT NULL DEFAULT '',
    source_site_id BIGINT REFERENCES sites(id),
    source_item_id BIGINT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, lang, slug)
);
CREATE INDEX items_public ON items (site_id, live, published_at);
CREATE INDEX items_state ON items (site_id, state);
CREATE INDEX items_schedule ON items (state, publish_at);

-- Every save is a revision. A save that lost a race is kept too
-- (conflict = TRUE), so no one's text is ever lost.
CREATE TABLE revisions (
    id {{id}},
    item_id BIGINT NOT NULL REFERENCES items(id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    cover_media_id BIGINT,
    cover_alt TEXT NOT NULL DEFAULT '',
    minor BOOLEAN NOT NULL DEFAULT FALSE,
    conflict BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (item_id, number)
);

-- Old slugs of an item keep answering with a redirect.
CREATE TABLE slug_history (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    lang TEXT NOT NULL,
    slug TEXT NOT NULL,
    item_id BIGINT NOT NULL REFERENCES items(id),
    PRIMARY KEY (site_id, lang, slug)
);

-- The workflow history of each item: who moved it where, when, and why.
CREATE TABLE transitions (
    id {{id}},
    item_id BIGINT NOT NULL REFERENCES items(id),
    revision_id BIGINT,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX transitions_item ON transitions (item_id, id);

-- Post-publication checks (Art. 12.7): every publication of a revision is
-- confirmed by a second person other than its approver.
CREATE TABLE post_checks (
    id {{id}},
    item_id BIGINT NOT NULL REFERENCES items(id),
    revision_id BIGINT NOT NULL,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    approved_by BIGINT,
    published_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    checked_by BIGINT,
    checked_at TIMESTAMP,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_checks_open ON post_checks (site_id, checked_at, due_at);

-- Readers' reports of an error on a public page.
CREATE TABLE error_reports (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    item_id BIGINT REFERENCES items(id),
    page TEXT NOT NULL,
    message TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    resolved_by BIGINT,
    resolved_at TIMESTAMP,
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX error_reports_open ON error_reports (site_id, resolved_at);

-- Terms of prohibited content (Art. 6) that the checks highlight; a term
-- with no site applies to every site.
CREATE TABLE prohibited_terms (
    id {{id}},
    site_id BIGINT REFERENCES sites(id),
    term TEXT NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL
);

-- The main portal's inbox (Art. 17.1): items proposed by component sites.
CREATE TABLE inbox (
    id {{id}},
    item_id BIGINT NOT NULL REFERENCES items(id),
    revision_id BIGINT NOT NULL,
    from_site_id BIGINT NOT NULL REFERENCES sites(id),
    to_site_id BIGINT NOT NULL REFERENCES sites(id),
    state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'accepted', 'returned')),
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    proposed_by BIGINT,
    proposed_at TIMESTAMP NOT NULL,
    decided_by BIGINT,
    decided_at TIMESTAMP,
    copy_item_id BIGINT REFERENCES items(id)
);
CREATE INDEX inbox_to ON inbox (to_site_id, state);

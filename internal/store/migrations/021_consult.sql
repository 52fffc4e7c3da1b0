-- Draft consultation (issue 14; Law 64/2025, REQ-29..32): drafts of legal
-- documents posted for public comment, their versions, attachments and
-- comments, and the synthesis of acceptance and explanation.
--
-- A draft's state is draft (staff only) → open → closed → published (the
-- synthesis is public). An open draft whose closing time has passed is
-- closed for every reader at once: the pages compare closes_at with the
-- clock; the state column follows when a person or the job next touches
-- the draft.
CREATE TABLE consult_drafts (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_kind TEXT NOT NULL,                 -- Luật, Nghị quyết, Quyết định…
    agency TEXT NOT NULL,                   -- the drafting agency
    recv_unit TEXT NOT NULL DEFAULT '',     -- the unit that receives comments
    recv_address TEXT NOT NULL DEFAULT '',
    recv_email TEXT NOT NULL DEFAULT '',
    recv_phone TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,     -- the current version of the text
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    min_days INTEGER NOT NULL DEFAULT 0,    -- the minimum period applied when it opened
    rule_code TEXT NOT NULL DEFAULT '',     -- the rule set that gave it
    shortened BOOLEAN NOT NULL DEFAULT FALSE,
    shortened_basis TEXT NOT NULL DEFAULT '', -- the legal basis of a shortened procedure
    closed_early_basis TEXT NOT NULL DEFAULT '',
    synthesis_note TEXT NOT NULL DEFAULT '',  -- the drafting unit's closing remarks
    approved_by TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,                 -- the synthesis was published
    reminded_at TIMESTAMP,                  -- before the period ends
    handle_reminded_at TIMESTAMP,           -- comments still waiting after it closed
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    folded TEXT NOT NULL DEFAULT ''         -- title and agency without diacritics, for the filter
);
CREATE UNIQUE INDEX consult_drafts_slug ON consult_drafts (site_id, slug);
CREATE INDEX consult_drafts_state ON consult_drafts (state, closes_at);

-- Every version of a draft's text stays readable: comments name the
-- version they were made on.
CREATE TABLE consult_versions (
    draft_id BIGINT NOT NULL REFERENCES consult_drafts(id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (draft_id, version)
);

-- Attachments (tờ trình, báo cáo đánh giá tác động…) are uploads of the
-- media library, checked there.
CREATE TABLE consult_attachments (
    id {{id}},
    draft_id BIGINT NOT NULL REFERENCES consult_drafts(id),
    media_id BIGINT NOT NULL REFERENCES media(id),
    label TEXT NOT NULL
);
CREATE INDEX consult_attachments_draft ON consult_attachments (draft_id, id);

-- A comment: from the public form (channel web) or entered by staff
-- (mail, email, meeting). Contacts are never public and are erased on
-- request (Law 91/2025); erased_at says when.
CREATE TABLE consult_comments (
    id {{id}},
    draft_id BIGINT NOT NULL REFERENCES consult_drafts(id),
    version INTEGER NOT NULL,
    anchor TEXT NOT NULL DEFAULT '',        -- dieu-3-khoan-2, or '' for the draft as a whole
    provision TEXT NOT NULL DEFAULT '',     -- "Điều 3, Khoản 2" as it was when commented on
    author_kind TEXT NOT NULL,              -- citizen | organisation | agency | expert
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    initials TEXT NOT NULL DEFAULT '',
    display TEXT NOT NULL DEFAULT 'full',   -- full | initials | anonymous: how the name is shown
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    channel TEXT NOT NULL,                  -- web | mail | email | meeting
    state TEXT NOT NULL,                    -- held | pending | published | rejected
    held_terms TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',        -- of a rejection
    duplicate_of BIGINT REFERENCES consult_comments(id),
    handling TEXT NOT NULL DEFAULT '',      -- '' | accepted | partly | not_accepted
    explanation TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',       -- staff's summary for the synthesis; '' = the comment itself
    client_ip TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP NOT NULL,
    moderated_at TIMESTAMP,
    handled_at TIMESTAMP,
    erased_at TIMESTAMP,
    entered_by BIGINT REFERENCES users(id)
);
CREATE INDEX consult_comments_draft ON consult_comments (draft_id, state, id);
CREATE INDEX consult_comments_anchor ON consult_comments (draft_id, anchor, state, id);

-- Files with a comment (a citizen's PDF, the scan of a letter), kept in
-- the database like feedback attachments, never under /media/.
CREATE TABLE consult_comment_files (
    id {{id}},
    comment_id BIGINT NOT NULL REFERENCES consult_comments(id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX consult_comment_files_comment ON consult_comment_files (comment_id)

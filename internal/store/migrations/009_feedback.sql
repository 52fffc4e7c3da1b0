-- Citizen feedback and questions (issue 6; Decree 20/2008, REQ-43..49,
-- Law 91/2025 on personal data). A request keeps its sender's contacts
-- only until they are erased (on the sender's request through the private
-- link, or after the retention period): erased_at says when, and the
-- contact columns are then ''.
CREATE TABLE feedback_requests (
    id {{id}},
    code TEXT NOT NULL UNIQUE,              -- PAKN-YYYY-NNNNNN: the year received and the id
    token_hash TEXT NOT NULL,               -- SHA-256 of the private link's secret
    site_id BIGINT NOT NULL REFERENCES sites(id),
    category TEXT NOT NULL,
    unit_id BIGINT REFERENCES directory_units(id) ON DELETE SET NULL,     -- the unit the sender named
    assigned_unit_id BIGINT REFERENCES directory_units(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    name TEXT NOT NULL,
    initials TEXT NOT NULL,                 -- kept after erasure, shown when the name may not be
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    consent BOOLEAN NOT NULL DEFAULT FALSE, -- the sender agrees to publish the name
    state TEXT NOT NULL,
    held_terms TEXT NOT NULL DEFAULT '',    -- prohibited terms that held it for review
    reason TEXT NOT NULL DEFAULT '',        -- of a rejection, forwarding or reassignment
    answer TEXT NOT NULL DEFAULT '',
    merged_into BIGINT REFERENCES feedback_requests(id),
    source TEXT NOT NULL DEFAULT 'web',     -- web | open311
    lat TEXT NOT NULL DEFAULT '',
    lon TEXT NOT NULL DEFAULT '',
    client_ip TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP NOT NULL,
    forward_due TIMESTAMP NOT NULL,         -- classify or forward by then (5 working days)
    answer_due TIMESTAMP NOT NULL,          -- answer by then (15 working days by default)
    classified_at TIMESTAMP,
    answered_at TIMESTAMP,
    closed_at TIMESTAMP,
    published_at TIMESTAMP,
    reminded_at TIMESTAMP,
    escalated_at TIMESTAMP,
    erased_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    folded TEXT NOT NULL DEFAULT ''         -- title, question and answer without diacritics, for the Q&A filter
);
CREATE INDEX feedback_requests_site ON feedback_requests (site_id, state, received_at);
CREATE INDEX feedback_requests_published ON feedback_requests (site_id, published_at);

-- The timeline of a request: public events are shown on the sender's
-- page, the others (internal notes, reminders) to staff only.
CREATE TABLE feedback_events (
    id {{id}},
    request_id BIGINT NOT NULL REFERENCES feedback_requests(id),
    at TIMESTAMP NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    public BOOLEAN NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_events_request ON feedback_events (request_id, id);

-- Attachments are kept in the database, base64 text on both engines, so
-- a request and its files are stored in one transaction or not at all,
-- and never under the public /media/ path.
CREATE TABLE feedback_attachments (
    id {{id}},
    request_id BIGINT NOT NULL REFERENCES feedback_requests(id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX feedback_attachments_request ON feedback_attachments (request_id);

-- A unit's liaisons (Art. 17.2): the people who answer what is routed to
-- it. They also need the liaison role on the unit's site.
CREATE TABLE feedback_liaisons (
    unit_id BIGINT NOT NULL REFERENCES directory_units(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (unit_id, user_id)
);

-- A reply template per category and site, offered to the liaison.
CREATE TABLE feedback_templates (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    category TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (site_id, category)
);

-- Open311 API keys: only the SHA-256 of a key is kept; the key itself is
-- shown once, to the administrator who issues it.
CREATE TABLE open311_keys (
    id {{id}},
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- Directory (issue 4 point 4): the organisation units of a site with their
-- people and contacts, and the spokespersons of Decree 244/2026 (REQ-36).
-- Dates are ISO dates (YYYY-MM-DD) kept as text, like legal_docs;
-- valid_until is '' while an appointment has no end.
CREATE TABLE directory_units (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    functions TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_units_site ON directory_units (site_id, position);

CREATE TABLE directory_people (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    unit_id BIGINT REFERENCES directory_units(id) ON DELETE SET NULL,
    full_name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    is_leader BOOLEAN NOT NULL DEFAULT FALSE,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX directory_people_site ON directory_people (site_id, unit_id);

-- Spokespersons (REQ-36): name, title, phone and official email, the
-- appointment decision and the days it is valid.
CREATE TABLE spokespersons (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    full_name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    appointed_on TEXT NOT NULL,
    valid_until TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spokespersons_site ON spokespersons (site_id, appointed_on);

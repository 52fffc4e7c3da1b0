-- The catalogue of information to be published (issue 20, point 2;
-- REQ-11 đ, REQ-12; Law 104/2016 Art. 19(1)(g), Decree 13/2018 Art. 6(3)).
-- Most of it is generated from the published items; what an agency
-- publishes elsewhere (its notice board, a newspaper, another system) is
-- entered by hand here, with the same fields. Days are YYYY-MM-DD, as the
-- law states them, without a time.
CREATE TABLE disclosure_entries (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL DEFAULT '',
    form TEXT NOT NULL,
    published_on TEXT NOT NULL,
    duration TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT '',
    removed_at TIMESTAMP
);
CREATE INDEX disclosure_entries_site ON disclosure_entries (site_id, published_on, id);

-- The focal point for information requests of each site's agency
-- (Law 104/2016 Art. 19(1)(đ)): the unit, the person, how to reach them.
CREATE TABLE disclosure_contacts (
    site_id BIGINT PRIMARY KEY REFERENCES sites(id),
    unit TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);

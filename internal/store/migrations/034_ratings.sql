-- Readers' satisfaction ratings (issue 18, REQ-06, Decree 224/2026 Art.
-- 10(3)): "Thông tin này có hữu ích không?" on every item page.
--
-- No account and no address: a row holds the site, the item, the hour
-- (the time truncated to the hour, UTC), the answer and an optional short
-- comment with its screening state ('' without a comment, 'received' for
-- the item's editors, 'held' when it names a prohibited term).
CREATE TABLE ratings (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    useful BOOLEAN NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'received', 'held')),
    held_terms TEXT NOT NULL DEFAULT '',
    hour TIMESTAMP NOT NULL
);
-- Totals per site and period, by item and by section.
CREATE INDEX ratings_site_hour ON ratings (site_id, hour, useful);
CREATE INDEX ratings_item_hour ON ratings (site_id, item_id, hour, useful);
CREATE INDEX ratings_hour ON ratings (hour, site_id, useful);
-- The comments that reach a site's editors, newest first.
CREATE INDEX ratings_comments ON ratings (site_id, id) WHERE state <> '';

-- One rating per item per reader per day, across every node, without
-- keeping who the reader is: a mark is the SHA-256 of the day's random
-- salt, the client's address and the item. Both are deleted when the day
-- is over, after which no mark can be tied to an address again.
CREATE TABLE rating_salts (
    day TEXT PRIMARY KEY,
    salt TEXT NOT NULL
);
CREATE TABLE rating_marks (
    mark TEXT PRIMARY KEY,
    day TEXT NOT NULL
);
CREATE INDEX rating_marks_day ON rating_marks (day);

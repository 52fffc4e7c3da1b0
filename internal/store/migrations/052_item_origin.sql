-- The site that published an item before a merge moved it to another
-- (issue 17): the item's page names that site, under its name of the day
-- the item was first published, as its publisher (byline, DC.publisher,
-- JSON-LD, print view). NULL: the item's own site. Sites are never
-- deleted, so the id stays good.
ALTER TABLE items ADD COLUMN origin_site_id BIGINT;

-- The reports filter by site and then by a period (issue 18): the indexes
-- lead with the site, so that one site's or the province's period reads
-- only its rows; 032's indexes led with the date and served no report.
DROP INDEX items_first_published;
DROP INDEX transitions_at;
CREATE INDEX items_site_first_published ON items (site_id, first_published_at);
CREATE INDEX post_checks_site_due ON post_checks (site_id, due_at);

-- The page counters of a period, per site, item and section, read from
-- the index alone (issue 18, BenchmarkProvinceYearReport): the province's
-- yearly report reads a year of every site's counters — a million rows
-- with 100 sites — summed per site, item and section in one statement
-- (report/views.go). Led by the site, as 035's indexes, so that one
-- site's month reads only its rows; it serves the dashboard's views per
-- site too, which read 032's page_views_day, dropped here.
CREATE INDEX page_views_site_day ON page_views (site_id, day, item_id, category_id, views);
DROP INDEX page_views_day;

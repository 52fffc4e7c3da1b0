-- The page counters summed per site, month, item and section (issue 18,
-- BenchmarkProvinceYearReport): the report reads whole months of its
-- period here and only the partial months at its ends from page_views
-- (report/rollup.go), a province's year being a million rows of
-- page_views and 131,900 here (the benchmark). month is "YYYY-MM" of
-- page_views.day; report.Counter.Flush adds to both tables in one
-- transaction, the site merge moves both. Keyed as the report reads it
-- (by site, then month), views beside the key so that the read needs the
-- index alone: a clustered table on SQLite, the key's index carrying
-- views on PostgreSQL. Filled here from the counters written so far.
{{sqlite}} CREATE TABLE page_views_month (
    site_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    item_id BIGINT NOT NULL DEFAULT 0,
    category_id BIGINT NOT NULL DEFAULT 0,
    views BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, month, item_id, category_id)
) WITHOUT ROWID;
{{postgres}} CREATE TABLE page_views_month (
    site_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    item_id BIGINT NOT NULL DEFAULT 0,
    category_id BIGINT NOT NULL DEFAULT 0,
    views BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, month, item_id, category_id) INCLUDE (views)
);
INSERT INTO page_views_month (site_id, month, item_id, category_id, views)
    SELECT site_id, substr(day, 1, 7), item_id, category_id, SUM(views) FROM page_views
    GROUP BY site_id, substr(day, 1, 7), item_id, category_id;

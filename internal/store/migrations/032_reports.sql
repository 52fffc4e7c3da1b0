-- Reports and oversight (issue 18).
--
-- The page counters: views of a site's public pages per day, counted in
-- memory and added here every minute — no cookie is set and no address
-- is kept. day is the date in Viet Nam (YYYY-MM-DD); item_id and
-- category_id are those of the item the path showed (0 for lists and
-- other pages), found when the counts are written.
CREATE TABLE page_views (
    site_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    path TEXT NOT NULL,
    item_id BIGINT NOT NULL DEFAULT 0,
    category_id BIGINT NOT NULL DEFAULT 0,
    views BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, day, path)
);
CREATE INDEX page_views_day ON page_views (day, site_id, views);
CREATE INDEX page_views_item ON page_views (site_id, item_id, day);

-- Who receives which periodic report by mail: a site's (or, for the main
-- portal with scope 'province', every site's) monthly or quarterly
-- report. last_sent is the period last mailed ("2026-11", "2026-Q3").
CREATE TABLE report_subscriptions (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    scope TEXT NOT NULL DEFAULT 'site' CHECK (scope IN ('site', 'province')),
    period TEXT NOT NULL CHECK (period IN ('month', 'quarter')),
    last_sent TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, site_id, scope, period)
);

-- The period after which a site that published nothing is flagged on the
-- oversight dashboard, set by the Office.
CREATE TABLE report_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    stale_days INTEGER NOT NULL DEFAULT 30
);
INSERT INTO report_settings (id, stale_days) VALUES (1, 30);

-- The reports read publications and approvals by date.
CREATE INDEX items_first_published ON items (first_published_at, site_id);
CREATE INDEX transitions_at ON transitions (at, action);

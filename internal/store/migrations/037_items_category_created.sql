-- The report judges each required section item by item from the item's
-- creation (report.SectionTimeliness): it reads the items of the
-- required categories created in the period.
CREATE INDEX items_category_created ON items (category_id, created_at);

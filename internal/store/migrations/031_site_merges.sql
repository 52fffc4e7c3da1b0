-- Merges of sites (issue 17): communes into a new commune, a province's
-- portal into the merged province's. A merged site keeps its row (status
-- 'merged', merged_into the receiving site) so that its host and prefix
-- stay reserved and keep answering 301; everything it held now belongs to
-- the receiving site.
ALTER TABLE sites ADD COLUMN merged_into BIGINT;
ALTER TABLE sites ADD COLUMN merged_at TIMESTAMP;

-- One merge as ordered by its decision. mode is 'move' (the sites'
-- categories join the receiving site's) or 'archive' (they become an
-- archive section of it, one category per former category). state is
-- 'running' until every source is merged: a merge interrupted by a crash
-- is run again from its sources not yet done.
CREATE TABLE site_merges (
    id {{id}},
    target_id BIGINT NOT NULL REFERENCES sites(id),
    mode TEXT NOT NULL CHECK (mode IN ('move', 'archive')),
    decision_no TEXT NOT NULL,
    decision_text TEXT NOT NULL DEFAULT '',
    effective_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
    report TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    finished_at TIMESTAMP
);

-- The sites a merge takes in; done_at is set in the same transaction that
-- moves the site's content, so a source is merged completely or not at all.
CREATE TABLE site_merge_sources (
    merge_id BIGINT NOT NULL REFERENCES site_merges(id),
    site_id BIGINT NOT NULL REFERENCES sites(id),
    done_at TIMESTAMP,
    PRIMARY KEY (merge_id, site_id)
);

-- The addresses of a merged site that changed on the way to the receiving
-- site (a slug taken there, a category moved into the archive section):
-- the old path within the merged site and the new one within the
-- receiving site. A prefix row maps every path below it. Any other path
-- keeps its name under the receiving site.
CREATE TABLE site_merge_paths (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    old_path TEXT NOT NULL,
    new_path TEXT NOT NULL,
    prefix BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (site_id, old_path)
);

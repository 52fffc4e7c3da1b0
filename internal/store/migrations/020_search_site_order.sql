-- Search within one site on PostgreSQL (a component site's search, the
-- staff search): for words in many documents the planner walks the
-- documents from the newest and stops at the candidates it needs, testing
-- each; walking all the sites' documents it passed over every other
-- site's (200 ms for a site with 3 % of a million documents, measured).
-- SQLite finds a site's documents through its own index words (search
-- package, filterWords).
{{postgres}} CREATE INDEX search_docs_site_item ON search_docs (site_id, item_id);

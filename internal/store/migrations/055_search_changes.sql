-- What changed in the search index, for the nodes that hold its words in
-- memory (internal/search/mirror.go, issue 21): before each search a node
-- reads the ids written by every transaction at or after the oldest one
-- still running at its previous read (the xmin of that snapshot), so that
-- what one node commits, the next search on any node finds. The rows are
-- written by statement triggers from the transition tables, one INSERT a
-- statement (the index is written in batches), and deleted ten minutes
-- on; search_horizon says below which transaction they may be gone, and
-- a node that last read below it builds its copy again.
{{postgres}} CREATE TABLE search_changes (
    xid xid8 NOT NULL,
    item_id BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
{{postgres}} CREATE INDEX search_changes_xid ON search_changes (xid);
{{postgres}} CREATE INDEX search_changes_at ON search_changes (at);
{{postgres}} CREATE TABLE search_horizon (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    xid xid8 NOT NULL
);
{{postgres}} INSERT INTO search_horizon (xid) VALUES ('1');
{{postgres}} CREATE FUNCTION search_came() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN INSERT INTO search_changes (xid, item_id) SELECT pg_current_xact_id(), item_id FROM came; RETURN NULL; END
$body$;
{{postgres}} CREATE FUNCTION search_gone() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN INSERT INTO search_changes (xid, item_id) SELECT pg_current_xact_id(), item_id FROM gone; RETURN NULL; END
$body$;
{{postgres}} CREATE FUNCTION search_moved() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN INSERT INTO search_changes (xid, item_id) SELECT pg_current_xact_id(), item_id FROM came UNION SELECT pg_current_xact_id(), item_id FROM gone; RETURN NULL; END
$body$;
-- A TRUNCATE names no rows: every node builds its copy again (the
-- horizon one past the transaction, so that a node whose snapshot had
-- it as the oldest running one does too).
{{postgres}} CREATE FUNCTION search_emptied() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN UPDATE search_horizon SET xid = (pg_current_xact_id()::text::numeric + 1)::text::xid8; RETURN NULL; END
$body$;
{{postgres}} CREATE TRIGGER search_docs_came AFTER INSERT ON search_docs REFERENCING NEW TABLE AS came
    FOR EACH STATEMENT EXECUTE FUNCTION search_came();
{{postgres}} CREATE TRIGGER search_docs_changed AFTER UPDATE ON search_docs REFERENCING OLD TABLE AS gone NEW TABLE AS came
    FOR EACH STATEMENT EXECUTE FUNCTION search_moved();
{{postgres}} CREATE TRIGGER search_docs_gone AFTER DELETE ON search_docs REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION search_gone();
{{postgres}} CREATE TRIGGER search_docs_emptied AFTER TRUNCATE ON search_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_emptied();

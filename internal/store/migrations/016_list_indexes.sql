-- Indexes for the lists of a province's years of content (issue 12): every
-- public and staff list reads one index range in the order it shows and
-- stops at its page, instead of reading a site's items to sort them. The
-- plan guard (internal/web TestQueryPlans) checks that each query uses
-- them, on both databases.

-- What the public sees: a site's live items in a language, newest first
-- (home pages, feeds, sitemaps); a category's; the featured ones. Each
-- index of live rows holds live as a column too: SQLite reads a column
-- from an index only when the index holds it, and counts these rows from
-- the index alone only then.
CREATE INDEX items_live_site ON items (site_id, lang, published_at, id, live) WHERE live;
CREATE INDEX items_live_category ON items (category_id, site_id, lang, published_at, id, live) WHERE live;
CREATE INDEX items_live_featured ON items (site_id, lang, published_at, id, live) WHERE live AND featured;
-- The copies the main portal accepted, found from their original: the
-- main portal's home shows a story once.
CREATE INDEX items_copied ON items (source_item_id) WHERE source_item_id IS NOT NULL;
-- A site's sitemap, read in pages of ids.
CREATE INDEX items_live_id ON items (site_id, id, live) WHERE live;
-- Staff lists: a site's items by last change, in one state, one person's;
-- the items published over failed checks; the unpublication schedule.
CREATE INDEX items_site_updated ON items (site_id, updated_at, id);
CREATE INDEX items_site_state ON items (site_id, state, updated_at, id);
CREATE INDEX items_creator ON items (created_by, site_id, state, updated_at, id);
CREATE INDEX items_overridden ON items (site_id, published_at) WHERE override_reason <> '' AND live;
CREATE INDEX items_unpublish ON items (unpublish_at) WHERE unpublish_at IS NOT NULL;
DROP INDEX items_public;
DROP INDEX items_state;

-- A legal document keeps beside it the site of its item (which never
-- changes) and whether the item is live, so that a site's published
-- documents are one index range in each order and filter the list offers,
-- counted without reading a million items. legal.Store writes both with
-- the metadata; the triggers keep them in step with the item for any
-- writer: a document added, an item published or unpublished.
ALTER TABLE legal_docs ADD COLUMN site_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE legal_docs ADD COLUMN live BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE legal_docs SET site_id = (SELECT i.site_id FROM items i WHERE i.id = legal_docs.item_id),
    live = (SELECT i.live FROM items i WHERE i.id = legal_docs.item_id);
{{sqlite}} CREATE TRIGGER legal_docs_item AFTER INSERT ON legal_docs BEGIN UPDATE legal_docs SET site_id = (SELECT i.site_id FROM items i WHERE i.id = NEW.item_id), live = (SELECT i.live FROM items i WHERE i.id = NEW.item_id) WHERE item_id = NEW.item_id; END;
{{sqlite}} CREATE TRIGGER items_live_legal AFTER UPDATE OF live ON items BEGIN UPDATE legal_docs SET live = NEW.live WHERE item_id = NEW.id; END;
{{postgres}} CREATE FUNCTION legal_docs_item() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELECT i.site_id, i.live INTO NEW.site_id, NEW.live FROM items i WHERE i.id = NEW.item_id; RETURN NEW; END $$;
{{postgres}} CREATE TRIGGER legal_docs_item BEFORE INSERT ON legal_docs FOR EACH ROW EXECUTE FUNCTION legal_docs_item();
{{postgres}} CREATE FUNCTION items_live_legal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE legal_docs SET live = NEW.live WHERE item_id = NEW.id; RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER items_live_legal AFTER UPDATE OF live ON items FOR EACH ROW EXECUTE FUNCTION items_live_legal();
-- The dates that decide the status ride along, so that a status filter
-- reads this index alone; live too, as in the indexes of items above.
CREATE INDEX legal_docs_site_issued ON legal_docs (site_id, issued_on, item_id, effective_on, expires_on, live) WHERE live;
CREATE INDEX legal_docs_site_effective ON legal_docs (site_id, effective_on, item_id, live) WHERE live;
CREATE INDEX legal_docs_site_expires ON legal_docs (site_id, expires_on, item_id, live) WHERE live;
CREATE INDEX legal_docs_site_number ON legal_docs (site_id, number_key, item_id, live) WHERE live;
CREATE INDEX legal_docs_site_type ON legal_docs (site_id, doc_type, issued_on, item_id, live) WHERE live;
CREATE INDEX legal_docs_site_issuer ON legal_docs (site_id, issuer, issued_on, item_id, live) WHERE live;
DROP INDEX legal_docs_type;
-- Relations are read from both ends.
CREATE INDEX legal_relations_to ON legal_relations (to_item, kind);

-- The audit log, newest first, of one action or one site.
CREATE INDEX audit_log_action_id ON audit_log (action, id);
CREATE INDEX audit_log_site ON audit_log (site_id, id);
DROP INDEX audit_log_action;

-- Citizen requests: those still open, oldest first (the staff list); all
-- of a site's by time of receipt; the published answers (Q&A); the
-- on-time figures per unit; the deadline watch and the retention sweep.
CREATE INDEX feedback_requests_open ON feedback_requests (site_id, received_at, id)
    WHERE state IN ('held', 'received', 'registered', 'in_scope', 'assigned', 'answered');
CREATE INDEX feedback_requests_received ON feedback_requests (site_id, received_at, id);
CREATE INDEX feedback_requests_qa ON feedback_requests (site_id, published_at, id) WHERE state = 'published';
CREATE INDEX feedback_requests_units ON feedback_requests (site_id, assigned_unit_id, state, answered_at, answer_due);
CREATE INDEX feedback_requests_watch ON feedback_requests (id)
    WHERE state IN ('held', 'received', 'registered', 'in_scope', 'assigned') AND escalated_at IS NULL;
CREATE INDEX feedback_requests_retention ON feedback_requests (closed_at) WHERE erased_at IS NULL AND closed_at IS NOT NULL;

-- The values the search form offers as filters, per site.
CREATE INDEX search_docs_site_type ON search_docs (site_id, doc_type) WHERE live = TRUE;
CREATE INDEX search_docs_site_field ON search_docs (site_id, field) WHERE live = TRUE;

-- Post-publication checks and readers' reports still open; proposals
-- a site sent.
CREATE INDEX post_checks_due ON post_checks (site_id, due_at, id) WHERE checked_at IS NULL;
CREATE INDEX error_reports_unresolved ON error_reports (site_id, id) WHERE resolved_at IS NULL;
CREATE INDEX inbox_from ON inbox (from_site_id, state, id);

-- A site's uploads, newest first; the outbox by status, newest first.
CREATE INDEX media_site ON media (site_id, id);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);

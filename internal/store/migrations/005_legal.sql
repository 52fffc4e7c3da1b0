-- Imported items remember the id their source gave them, so a second
-- import updates instead of duplicating (cong import news|legal).
ALTER TABLE items ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX items_source ON items (site_id, source_id) WHERE source_id <> '';

-- The legal-documents database (REQ-13e, REQ-14): the metadata of items of
-- kind 'legal'. Dates are ISO dates (YYYY-MM-DD), which sort and compare
-- the same on both databases; empty when unknown.
CREATE TABLE legal_docs (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    number TEXT NOT NULL DEFAULT '',
    number_key TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    issuer TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL DEFAULT '',
    effective_on TEXT NOT NULL DEFAULT '',
    expires_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legal_docs_number ON legal_docs (number_key);
CREATE INDEX legal_docs_type ON legal_docs (doc_type, issued_on);

-- Relations between legal documents, shown in both directions.
CREATE TABLE legal_relations (
    from_item BIGINT NOT NULL REFERENCES items(id),
    to_item BIGINT NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL CHECK (kind IN ('amends', 'supplements', 'replaces', 'repeals', 'guides')),
    partial BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (from_item, to_item, kind)
);

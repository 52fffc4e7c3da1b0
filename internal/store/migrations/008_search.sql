-- The search index (issue 5). One row per item: what the public sees
-- (the published revision) while the item is live, otherwise the working
-- copy, which only staff searches reach. The text columns keep the plain
-- text (NFC, with tones) for ranking and snippets; the full-text index
-- proper holds the folded text (vn.Fold: no tones, đ→d) and the
-- normalised document-number tokens, built by internal/search in Go so
-- that both databases see exactly the same tokens. The index is derived
-- data, rebuilt by `cong search reindex`: no foreign keys, so that it can
-- be rebuilt, or filled by the benchmark, in any order.
CREATE TABLE search_docs (
    item_id BIGINT PRIMARY KEY,
    site_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'vi',
    live BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    -- The opening words of the body, lowercased with their tones and
    -- folded, space-separated, word for word: what the ranking reads, cut
    -- into words once at indexing instead of at every query.
    lead_exact TEXT NOT NULL DEFAULT '',
    lead_folded TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL,
    source_id TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    number_key TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    indexed_at TIMESTAMP NOT NULL
);
CREATE INDEX search_docs_site ON search_docs (site_id, live, published_at);
CREATE INDEX search_docs_number ON search_docs (number_key);

-- The vocabulary of folded terms with roughly how many documents hold
-- each, for "did you mean" (edit distance over known terms).
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    docs INTEGER NOT NULL DEFAULT 1
);

-- SQLite: an FTS5 table keyed by item id. Contentless (the text lives in
-- search_docs), with deletes allowed; the tokenizer keeps the folded text
-- as it is (folding is done in Go, which also turns đ into d).
{{sqlite}} CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 0', detail='full');

-- PostgreSQL: a tsvector (title weighted A) under a GIN index, and the
-- title's own, so that "the words in the title" is a question the index
-- answers (it knows no weights) and the planner can estimate.
{{postgres}} ALTER TABLE search_docs ADD COLUMN tsv tsvector;
{{postgres}} CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
{{postgres}} ALTER TABLE search_docs ADD COLUMN title_tsv tsvector;
{{postgres}} CREATE INDEX search_docs_title_tsv ON search_docs USING GIN (title_tsv);

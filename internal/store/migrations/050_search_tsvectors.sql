-- PostgreSQL search as fast as SQLite's (issue 21, point 2). SQLite is
-- unchanged. The tsvectors are now written by internal/search in Go, as
-- literals over the words it already folded (no text search
-- configuration, no parsing on the server):
--   tsv        the distinct words, document numbers and filter words
--              (zzlive, zzsite…, zzkind…), without positions: what the GIN
--              index answers exactly, with no recheck of the rows;
--   ptsv       the words with their positions (what tsv held before),
--              read only to check phrases in the rows whose words match;
--   title_tsv  the title's words with their positions, as before.
-- tsv stays in the row (STORAGE MAIN: compressed or moved out only when
-- the row could not hold it otherwise; the texts go out first), so that
-- the rows walked newest first are tested without a read of TOAST. Its
-- statistics follow more words: the planner's choice between the GIN
-- index and the primary key rests on them.
{{postgres}} ALTER TABLE search_docs ADD COLUMN ptsv tsvector;
{{postgres}} ALTER TABLE search_docs ALTER COLUMN tsv SET STORAGE MAIN;
{{postgres}} ALTER TABLE search_docs ALTER COLUMN tsv SET STATISTICS 1000;
-- The rows indexed before hold no ptsv: the PostgreSQL index is emptied,
-- and `cong serve` rebuilds it at start, as for a database from before
-- migration 008 (before serving up to 20,000 items, in the background
-- above, search answering with what is done meanwhile); `cong search
-- reindex` rebuilds it too.
{{postgres}} TRUNCATE search_docs, search_terms;

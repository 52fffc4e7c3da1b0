-- The planner's estimate of the documents a search matches, for the
-- count (issue 21, point 2): Search asks PostgreSQL for its candidates
-- and its count in one statement (internal/search/pggather.go), and
-- counts the matches only when this estimate is not far beyond what a
-- page says ("more than 1,000"), as it did with an EXPLAIN of its own.
-- words is the query on tsv with the filter's index words; phrases, or
-- NULL, the phrases to check on ptsv. Both are bound parameters, never
-- SQL text. The body keeps its statements on lines that do not end
-- with a semicolon: migrations are cut at those.
{{postgres}} CREATE OR REPLACE FUNCTION search_estimate(words tsquery, phrases tsquery) RETURNS float8
LANGUAGE plpgsql VOLATILE AS $body$
DECLARE plan json; BEGIN
IF phrases IS NULL THEN EXECUTE 'EXPLAIN (FORMAT JSON) SELECT FROM search_docs d WHERE d.tsv @@ $1' INTO plan USING words; ELSE EXECUTE 'EXPLAIN (FORMAT JSON) SELECT FROM search_docs d WHERE d.tsv @@ $1 AND d.ptsv @@ $2' INTO plan USING words, phrases; END IF; RETURN (plan->0->'Plan'->>'Plan Rows')::float8; END
$body$;

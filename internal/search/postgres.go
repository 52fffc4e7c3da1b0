package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// postgresBackend keeps the tsvector column search_docs.tsv, built with
// the 'simple' configuration (lowercase, no stemming, no stop words) over
// words already folded in Go; the title is weighted A.
type postgresBackend struct{ db *store.DB }

func (b postgresBackend) columns() (string, string, func(ftsText) []any) {
	return ", tsv, title_tsv", ", setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?), to_tsvector('simple', ?)",
		func(t ftsText) []any { return []any{t.title, t.body, t.title} }
}

func (b postgresBackend) put(context.Context, *store.Tx, []ftsText) error { return nil } // in the INSERT

func (b postgresBackend) remove(context.Context, *store.Tx, []int64) error { return nil } // the row goes with search_docs

func (b postgresBackend) clear(context.Context, *store.Tx) error { return nil }

func (b postgresBackend) optimize(ctx context.Context) error {
	_, err := b.db.Exec(ctx, `ANALYZE search_docs`)
	return err
}

// tsquery writes q as a tsquery. Only words made of letters and digits
// reach it (see words), each quoted, so no reader's text is syntax.
func tsquery(q *Query, anyWord bool) string {
	return tsqueryW(q, anyWord, "")
}

// tsqueryW is tsquery with every word limited to weight w ("A": the
// title) when w is set.
func tsqueryW(q *Query, anyWord bool, w string) string {
	suffix := ""
	if w != "" {
		suffix = ":" + w
	}
	var units []string
	for _, u := range q.Units {
		var alts []string
		for _, alt := range u.Alts {
			ws := make([]string, len(alt))
			for i, word := range alt {
				ws[i] = "'" + word + "'" + suffix
			}
			alts = append(alts, "("+strings.Join(ws, " <-> ")+")")
		}
		units = append(units, "("+strings.Join(alts, " | ")+")")
	}
	if anyWord {
		return strings.Join(units, " | ")
	}
	return strings.Join(units, " & ")
}

// pgQuery is the tsquery for q as m asks.
func pgQuery(q *Query, m matchMode) string {
	switch m {
	case matchTitle:
		return tsquery(q, false) // on title_tsv
	case matchPhrase:
		ws := firstAlts(q)
		for i, w := range ws {
			ws[i] = "'" + w + "'"
		}
		return strings.Join(ws, " <-> ")
	case matchAny:
		return tsquery(q, true)
	}
	return tsquery(q, false)
}

// PostgreSQL reads the filter's conditions from the rows it fetches
// anyway, so it needs none of the filter's index words. With statistics
// (Optimize runs ANALYZE) the planner takes the matches of rare words
// from the GIN index and, for common ones, walks the primary key from the
// newest row and stops at the limit.
//
// A phrase query is different: the planner cannot tell how rare the
// words are in a row, and walking the key would test row after row;
// ordering on item_id + 0 makes it take the GIN matches (at most
// countCap of them: Search asks only then) and check those. A title
// query reads title_tsv, whose index and statistics are the title's.
func (b postgresBackend) candidates(ctx context.Context, q *Query, m matchMode, f *filterSQL, limit int) ([]int64, error) {
	col, order := "d.tsv", "d.item_id"
	switch m {
	case matchTitle:
		col = "d.title_tsv"
	case matchPhrase:
		order = "d.item_id + 0"
	}
	rows, err := b.db.Query(ctx, `SELECT d.item_id FROM search_docs d WHERE `+col+` @@ to_tsquery('simple', ?) AND `+f.where+`
		ORDER BY `+order+` DESC LIMIT ?`, append(append([]any{pgQuery(q, m)}, f.args...), limit)...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (b postgresBackend) count(ctx context.Context, q *Query, anyWord bool, f *filterSQL) (int, error) {
	m := matchAll
	if anyWord {
		m = matchAny
	}
	args := append([]any{pgQuery(q, m)}, f.args...)
	match := `SELECT 1 FROM search_docs d WHERE d.tsv @@ to_tsquery('simple', ?) AND ` + f.where
	// Words in a large share of the documents make the exact count the
	// slow part of a search (the index hands over every match: 0.3 s for
	// words in a fifth of a million documents, measured), for a number
	// shown only as "more than countCap". The planner's estimate, from the
	// words' statistics, says so in a millisecond when it is far beyond.
	var plan string
	if err := b.db.QueryRow(ctx, `EXPLAIN (FORMAT JSON) `+match, args...).Scan(&plan); err != nil {
		return 0, err
	}
	if estimatedRows(plan) >= surelyMore*countCap {
		return countCap + 1, nil
	}
	var n int
	err := b.db.QueryRow(ctx, `SELECT COUNT(*) FROM (`+match+` LIMIT ?) c`, append(args, countCap+1)...).Scan(&n)
	return n, err
}

// surelyMore is how many times countCap the planner must expect before
// its estimate stands for the count.
const surelyMore = 3

// estimatedRows is the rows the top node of a plan in JSON expects.
func estimatedRows(plan string) float64 {
	var doc []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if json.Unmarshal([]byte(plan), &doc) != nil || len(doc) == 0 {
		return 0
	}
	return doc[0].Plan.Rows
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

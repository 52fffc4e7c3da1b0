package search

import (
	"context"
	"database/sql"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// sqliteBackend keeps the FTS5 table search_fts (rowid = item id).
type sqliteBackend struct{ db *store.DB }

func (b sqliteBackend) columns() (string, string) { return "", "" }

func (b sqliteBackend) put(ctx context.Context, tx *store.Tx, docs []ftsText) error {
	args := make([]any, 0, 3*len(docs))
	for _, d := range docs {
		args = append(args, d.id, d.title, d.body)
	}
	_, err := tx.Exec(ctx, `INSERT INTO search_fts (rowid, title, body) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(docs)), ", "), args...)
	return err
}

func (b sqliteBackend) remove(ctx context.Context, tx *store.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM search_fts WHERE rowid IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	return err
}

func (b sqliteBackend) clear(ctx context.Context, tx *store.Tx) error {
	_, err := tx.Exec(ctx, `DELETE FROM search_fts`)
	return err
}

// fts5 writes q in FTS5's query language. Only words made of letters and
// digits reach it (see words), each quoted, so no reader's text is ever
// read as syntax.
func fts5(q *Query, anyWord bool) string {
	return fts5In(q, anyWord, "")
}

// fts5In is fts5 limited to one column when col is set.
func fts5In(q *Query, anyWord bool, col string) string {
	var units []string
	for _, u := range q.Units {
		var alts []string
		for _, alt := range u.Alts {
			phrase := `"` + strings.Join(alt, " ") + `"`
			if col != "" {
				phrase = col + ": " + phrase
			}
			alts = append(alts, phrase)
		}
		if len(alts) == 1 {
			units = append(units, alts[0])
		} else {
			units = append(units, "("+strings.Join(alts, " OR ")+")")
		}
	}
	if anyWord {
		return strings.Join(units, " OR ")
	}
	return strings.Join(units, " AND ")
}

// bm25 weights: a word in the title counts five times one in the body.
const sqliteRank = `bm25(search_fts, 5.0, 1.0)`

// match is the whole MATCH expression: the query, and the filter's
// index words.
func match(q *Query, anyWord, titleOnly bool, f *filterSQL) string {
	expr := fts5(q, anyWord)
	if titleOnly {
		expr = fts5In(q, anyWord, "title")
	}
	expr = "(" + expr + ")"
	for _, g := range f.words {
		expr += ` AND ("` + strings.Join(g, `" OR "`) + `")`
	}
	return expr
}

// candidates reads the FTS5 table alone when the filter's index words say
// all of it, and joins search_docs only for the other conditions: a join
// costs one row lookup per matching document.
func (b sqliteBackend) candidates(ctx context.Context, q *Query, anyWord, titleOnly bool, f *filterSQL, limit int) ([]int64, error) {
	expr := match(q, anyWord, titleOnly, f)
	var rows *sql.Rows
	var err error
	if f.join {
		rows, err = b.db.Query(ctx, `SELECT d.item_id FROM (SELECT rowid AS id, `+sqliteRank+` AS r FROM search_fts
			WHERE search_fts MATCH ?) f JOIN search_docs d ON d.item_id = f.id WHERE `+f.where+` ORDER BY f.r, d.item_id DESC LIMIT ?`,
			append(append([]any{expr}, f.args...), limit)...)
	} else {
		rows, err = b.db.Query(ctx, `SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY `+sqliteRank+`, rowid DESC LIMIT ?`,
			expr, limit)
	}
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (b sqliteBackend) count(ctx context.Context, q *Query, anyWord bool, f *filterSQL) (int, error) {
	expr := match(q, anyWord, false, f)
	var n int
	var err error
	if f.join {
		err = b.db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs d WHERE d.item_id IN
			(SELECT rowid FROM search_fts WHERE search_fts MATCH ?) AND `+f.where, append([]any{expr}, f.args...)...).Scan(&n)
	} else {
		err = b.db.QueryRow(ctx, `SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?`, expr).Scan(&n)
	}
	return n, err
}

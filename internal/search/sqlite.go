package search

import (
	"context"
	"database/sql"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// sqliteBackend keeps the FTS5 table search_fts (rowid = item id).
type sqliteBackend struct{ db *store.DB }

func (b sqliteBackend) columns() (string, string, func(ftsText) []any) { return "", "", nil }

func (b sqliteBackend) put(ctx context.Context, tx *store.Tx, docs []ftsText) error {
	args := make([]any, 0, 3*len(docs))
	for _, d := range docs {
		args = append(args, d.id, d.title, d.body)
	}
	_, err := tx.Exec(ctx, `INSERT INTO search_fts (rowid, title, body) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(docs)), ", "), args...)
	return err
}

// optimize merges the FTS5 index into one segment, which a bulk load
// leaves in many.
func (b sqliteBackend) optimize(ctx context.Context) error {
	_, err := b.db.Exec(ctx, `INSERT INTO search_fts (search_fts) VALUES ('optimize')`)
	return err
}

func (b sqliteBackend) remove(ctx context.Context, tx *store.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM search_fts WHERE rowid IN (`+store.Placeholders(len(ids))+`)`, int64Args(ids)...)
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

// match is the whole MATCH expression: the query as m asks, and the
// filter's index words.
func match(q *Query, m matchMode, f *filterSQL) string {
	var expr string
	switch m {
	case matchTitle:
		expr = fts5In(q, false, "title")
	case matchPhrase:
		expr = `"` + strings.Join(firstAlts(q), " ") + `"`
	default:
		expr = fts5(q, m == matchAny)
	}
	expr = "(" + expr + ")"
	for _, g := range f.words {
		expr += ` AND ("` + strings.Join(g, `" OR "`) + `")`
	}
	for _, w := range f.not {
		expr = "(" + expr + `) NOT "` + w + `"`
	}
	return expr
}

// candidates reads the FTS5 table alone when the filter's index words say
// all of it, and joins search_docs only for the other conditions: a join
// costs one row lookup per matching document. Newest first, FTS5 reads
// the matches from the end and stops at the limit.
func (b sqliteBackend) candidates(ctx context.Context, q *Query, m matchMode, f *filterSQL, limit int) ([]int64, error) {
	expr := match(q, m, f)
	var rows *sql.Rows
	var err error
	if f.join {
		rows, err = b.db.Query(ctx, `SELECT d.item_id FROM search_docs d WHERE d.item_id IN
			(SELECT rowid FROM search_fts WHERE search_fts MATCH ?) AND `+f.where+` ORDER BY d.item_id DESC LIMIT ?`,
			append(append([]any{expr}, f.args...), limit)...)
	} else {
		rows, err = b.db.Query(ctx, `SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?`, expr, limit)
	}
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (b sqliteBackend) count(ctx context.Context, q *Query, anyWord bool, f *filterSQL) (int, error) {
	m := matchAll
	if anyWord {
		m = matchAny
	}
	expr := match(q, m, f)
	var n int
	var err error
	if f.join {
		err = b.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_docs d WHERE d.item_id IN
			(SELECT rowid FROM search_fts WHERE search_fts MATCH ?) AND `+f.where+` LIMIT ?)`,
			append(append([]any{expr}, f.args...), countCap+1)...).Scan(&n)
	} else {
		err = b.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)`,
			expr, countCap+1).Scan(&n)
	}
	return n, err
}

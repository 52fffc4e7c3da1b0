package search

import (
	"context"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// sqliteBackend keeps the FTS5 table search_fts (rowid = item id).
type sqliteBackend struct{ db *store.DB }

func (b sqliteBackend) put(ctx context.Context, tx *store.Tx, id int64, title, body string) error {
	if err := b.remove(ctx, tx, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)`, id, title, body)
	return err
}

func (b sqliteBackend) remove(ctx context.Context, tx *store.Tx, id int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, id)
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
	var units []string
	for _, u := range q.Units {
		var alts []string
		for _, alt := range u.Alts {
			alts = append(alts, `"`+strings.Join(alt, " ")+`"`)
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

func (b sqliteBackend) candidates(ctx context.Context, q *Query, anyWord bool, where string, args []any, limit int) ([]int64, error) {
	rows, err := b.db.Query(ctx, `SELECT d.item_id FROM (SELECT rowid AS id, `+sqliteRank+` AS r FROM search_fts
		WHERE search_fts MATCH ?) f JOIN search_docs d ON d.item_id = f.id WHERE `+where+` ORDER BY f.r, d.item_id DESC LIMIT ?`,
		append(append([]any{fts5(q, anyWord)}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (b sqliteBackend) count(ctx context.Context, q *Query, anyWord bool, where string, args []any) (int, error) {
	var n int
	err := b.db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs d WHERE d.item_id IN
		(SELECT rowid FROM search_fts WHERE search_fts MATCH ?) AND `+where, append([]any{fts5(q, anyWord)}, args...)...).Scan(&n)
	return n, err
}

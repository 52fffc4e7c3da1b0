package main

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/congportal/cong/internal/store"
)

// maxParams bounds the parameters of one statement: SQLite allows 32,766,
// PostgreSQL 65,535.
const maxParams = 30_000

// table gathers the rows of one table and writes them many to an INSERT.
type table struct {
	name string
	cols []string
	args []any
}

func newTable(name string, cols ...string) *table { return &table{name: name, cols: cols} }

// add appends one row; its values follow the columns' order.
func (t *table) add(vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("%s: %d values for %d columns", t.name, len(vals), len(t.cols)))
	}
	for i, v := range vals {
		if s, ok := v.(string); ok && !utf8.ValidString(s) {
			panic(fmt.Sprintf("%s.%s: text that is not UTF-8: %.60q", t.name, t.cols[i], s))
		}
	}
	t.args = append(t.args, vals...)
}

// rows is how many rows wait to be written.
func (t *table) rows() int { return len(t.args) / len(t.cols) }

// flush writes the rows in statements of at most maxParams parameters.
func (t *table) flush(ctx context.Context, tx *store.Tx) error {
	per := maxParams / len(t.cols)
	row := "(" + store.Placeholders(len(t.cols)) + ")"
	head := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES "
	for args := t.args; len(args) > 0; {
		n := min(per, len(args)/len(t.cols))
		stmt := head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		if _, err := tx.Exec(ctx, stmt, args[:n*len(t.cols)]...); err != nil {
			return fmt.Errorf("insert into %s: %w", t.name, err)
		}
		args = args[n*len(t.cols):]
	}
	t.args = t.args[:0]
	return nil
}

// writeAll writes tables in order (parents before the rows that refer to
// them) in one transaction.
func writeAll(ctx context.Context, db *store.DB, tables ...*table) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		for _, t := range tables {
			if err := t.flush(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
}

// nullable is nil for a zero id, which the database stores as NULL.
func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// TableDigest is a table's row count and the hash of its rows.
type TableDigest struct {
	Rows   int64
	Digest string
}

// digester hashes a set of rows whatever their order: the hash of the
// sorted hashes of each row's canonical line.
type digester struct{ sums [][sha256.Size]byte }

func newDigester() *digester { return &digester{} }

func (d *digester) add(line []byte) { d.sums = append(d.sums, sha256.Sum256(line)) }

func (d *digester) sum() string {
	sortSums(d.sums)
	h := sha256.New()
	for _, s := range d.sums {
		h.Write(s[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

func sortSums(s [][sha256.Size]byte) {
	slices.SortFunc(s, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
}

// digestLine is a row's canonical line: its backup line with times to
// the microsecond.
func digestLine(b []byte, cols []Column, vals []any) ([]byte, error) {
	b = append(b, '[')
	var err error
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendValue(b, cols[i].Type, v, true); err != nil {
			return nil, fmt.Errorf("cột %s: %w", cols[i].Name, err)
		}
	}
	return append(b, ']'), nil
}

// Digest reads every table a backup holds and returns its row count and
// the hash of its rows, the same on SQLite and PostgreSQL for the same
// data: what a restore is compared with (the manifest records it for each
// table).
func Digest(ctx context.Context, db *store.DB) (map[string]TableDigest, error) {
	q := queryFunc(db.Query)
	tables, err := listTables(ctx, q, db.Dialect)
	if err != nil {
		return nil, err
	}
	out := map[string]TableDigest{}
	for _, t := range tables {
		if derived(t) {
			continue
		}
		cols, _, err := tableColumns(ctx, q, db.Dialect, t)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, c := range cols {
			names = append(names, quoteIdent(c.Name))
		}
		rows, err := db.Query(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+quoteIdent(t))
		if err != nil {
			return nil, err
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		dg := newDigester()
		var line []byte
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			if line, err = digestLine(line[:0], cols, vals); err != nil {
				rows.Close()
				return nil, fmt.Errorf("bảng %s: %w", t, err)
			}
			dg.add(line)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[t] = TableDigest{Rows: int64(len(dg.sums)), Digest: dg.sum()}
	}
	return out, nil
}

package royalty

import (
	"context"
	"fmt"
	"strings"
)

// ItemTitles returns the titles of the items, by id, as published (else
// the current revision's): the payment lists and statements name each
// line's work.
func (s *Store) ItemTitles(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	seen := map[int64]bool{}
	var args []any
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	for len(args) > 0 {
		n := min(len(args), 500)
		batch := args[:n]
		args = args[n:]
		rows, err := s.db.Query(ctx, `SELECT i.id, COALESCE(r.title, '') FROM items i
			LEFT JOIN revisions r ON r.id = COALESCE(i.published_rev, i.current_rev)
			WHERE i.id IN (?`+strings.Repeat(", ?", n-1)+`)`, batch...)
		if err != nil {
			return nil, fmt.Errorf("royalty item titles: %w", err)
		}
		for rows.Next() {
			var id int64
			var title string
			if err := rows.Scan(&id, &title); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = title
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

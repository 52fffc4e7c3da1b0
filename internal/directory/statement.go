package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// Statements (REQ-38) are press items — the content kind for statements
// and press releases — that name the spokesperson who made them. The
// item keeps its own workflow and revisions; the link says who spoke.

// SetStatement names the spokesperson of a press item of the site, or
// removes the link when spokespersonID is 0. The spokesperson must be
// one of the site's.
func (s *Store) SetStatement(ctx context.Context, siteID, itemID, spokespersonID int64, by audit.Actor) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var prev int64
		err := tx.QueryRow(ctx, `SELECT spokesperson_id FROM spokesperson_statements WHERE item_id = ?`, itemID).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if prev == spokespersonID {
			return nil
		}
		if _, err := tx.Exec(ctx, `DELETE FROM spokesperson_statements WHERE item_id = ?`, itemID); err != nil {
			return err
		}
		if spokespersonID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM spokespersons WHERE id = ? AND site_id = ?`, spokespersonID, siteID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("spokesperson", "Người phát ngôn không thuộc trang này.", "The spokesperson is not one of this site's.")
			}
			if _, err := tx.Exec(ctx, `INSERT INTO spokesperson_statements (item_id, spokesperson_id, site_id) VALUES (?, ?, ?)`,
				itemID, spokespersonID, siteID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by.Entry("directory.statement", siteID, fmt.Sprint(itemID), fmt.Sprint(prev, " → ", spokespersonID)))
	})
	if err != nil {
		return apperr.Wrap(err, "statement")
	}
	return nil
}

// StatementBy returns the spokesperson who made the statement of an item,
// or nil.
func (s *Store) StatementBy(ctx context.Context, itemID int64) (*Spokesperson, error) {
	out, err := s.listSpokespersons(ctx, `id = (SELECT spokesperson_id FROM spokesperson_statements WHERE item_id = ?)`, itemID)
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out[0], nil
}

// Statements returns, for each spokesperson, the ids of their live
// statements, newest publication first, at most limit each.
func (s *Store) Statements(ctx context.Context, spokespersonIDs []int64, limit int) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(spokespersonIDs) == 0 {
		return out, nil
	}
	// Each spokesperson's own newest, merged: one query over all of them
	// would read every statement they ever made.
	var parts []string
	var args []any
	for i, id := range spokespersonIDs {
		parts = append(parts, fmt.Sprintf(`SELECT sp, id, published_at FROM (SELECT st.spokesperson_id AS sp, i.id, i.published_at
			FROM spokesperson_statements st JOIN items i ON i.id = st.item_id
			WHERE st.spokesperson_id = ? AND i.live ORDER BY i.published_at DESC, i.id DESC LIMIT ?) s%d`, i))
		args = append(args, id, limit)
	}
	rows, err := s.db.Query(ctx, `SELECT sp, id FROM (`+strings.Join(parts, " UNION ALL ")+`) u
		ORDER BY published_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("statements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp, item int64
		if err := rows.Scan(&sp, &item); err != nil {
			return nil, err
		}
		if len(out[sp]) < limit {
			out[sp] = append(out[sp], item)
		}
	}
	return out, rows.Err()
}

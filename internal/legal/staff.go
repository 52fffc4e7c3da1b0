package legal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// The staff side of the database: an item's metadata and relations
// whatever its state (a draft has no published title yet), and changes
// made by a person, audited.

// Meta returns the metadata of an item in any state, with its relations
// titled by the other item's current revision; nil when the item has
// none yet.
func (s *Store) Meta(ctx context.Context, itemID int64) (*Doc, error) {
	d, err := scanDoc(s.db.QueryRow(ctx, `SELECT `+docColumns+`
		FROM legal_docs l JOIN items i ON i.id = l.item_id JOIN revisions r ON r.id = i.current_rev WHERE l.item_id = ?`, itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT lr.from_item, lr.to_item, lr.kind, lr.partial, COALESCE(l.number, ''), r.title, i.slug
		FROM legal_relations lr
		JOIN items i ON i.id = CASE WHEN lr.from_item = ? THEN lr.to_item ELSE lr.from_item END
		JOIN revisions r ON r.id = i.current_rev
		LEFT JOIN legal_docs l ON l.item_id = i.id
		WHERE lr.from_item = ? OR lr.to_item = ?
		ORDER BY lr.kind, i.id`, itemID, itemID, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var from, to int64
		var rel Relation
		if err := rows.Scan(&from, &to, &rel.Kind, &rel.Partial, &rel.Number, &rel.Title, &rel.Slug); err != nil {
			return nil, err
		}
		rel.Outgoing = from == itemID
		rel.Other = to
		if !rel.Outgoing {
			rel.Other = from
		}
		d.Relation = append(d.Relation, rel)
	}
	return d, rows.Err()
}

// SaveBy stores an item's metadata for a person, audited.
func (s *Store) SaveBy(ctx context.Context, d Doc, siteID int64, by audit.Actor) error {
	if err := clean(&d); err != nil {
		return err
	}
	if d.Number == "" {
		return apperr.Field("number", "Hãy nhập số, ký hiệu văn bản.", "Enter the document's number.")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := saveTx(ctx, tx, d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("legal.save", siteID, fmt.Sprint(d.ItemID), d.Number))
	})
}

// RelateBy records, for a person, that document from acts on document
// to; both must be legal documents (have metadata).
func (s *Store) RelateBy(ctx context.Context, from, to int64, k Kind, partial bool, siteID int64, by audit.Actor) error {
	if !k.Valid() {
		return apperr.Field("kind", "Hãy chọn loại quan hệ.", "Choose the kind of relation.")
	}
	if from == to {
		return apperr.Field("other", "Văn bản không thể có quan hệ với chính nó.", "A document cannot relate to itself.")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM legal_docs WHERE item_id IN (?, ?)`, from, to).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return apperr.Field("other", "Cả hai văn bản phải có số, ký hiệu (lưu thuộc tính văn bản trước).",
				"Both documents need their metadata (save this document's details first).")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO legal_relations (from_item, to_item, kind, partial) VALUES (?, ?, ?, ?)
			ON CONFLICT (from_item, to_item, kind) DO UPDATE SET partial = excluded.partial`, from, to, k, partial); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("legal.relate", siteID, fmt.Sprint(from), fmt.Sprint(k, " → ", to)))
	})
}

// UnrelateBy removes a relation, for a person, audited.
func (s *Store) UnrelateBy(ctx context.Context, from, to int64, k Kind, siteID int64, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM legal_relations WHERE from_item = ? AND to_item = ? AND kind = ?`, from, to, k)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "Không có quan hệ này.", "No such relation.")
		}
		return audit.Record(ctx, tx, by.Entry("legal.unrelate", siteID, fmt.Sprint(from), fmt.Sprint(k, " → ", to)))
	})
}

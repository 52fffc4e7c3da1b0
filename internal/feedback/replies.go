package feedback

import (
	"context"
	"database/sql"
	"errors"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// ReplyTemplate is the text a liaison starts an answer from, per site
// and category; "" when none was written.
func (s *Store) ReplyTemplate(ctx context.Context, siteID int64, c Category) (string, error) {
	var body string
	err := s.db.QueryRow(ctx, `SELECT body FROM feedback_templates WHERE site_id = ? AND category = ?`, siteID, c).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return body, err
}

// SetReplyTemplate saves the reply template of a category, audited.
func (s *Store) SetReplyTemplate(ctx context.Context, siteID int64, c Category, body string, p Person) error {
	if !p.User.Can(siteID, p.MainID, account.RouteFeedback) {
		return errForbidden
	}
	if !c.Valid() {
		return apperr.Field("category", "Nội dung phản ánh không hợp lệ.", "Unknown category.")
	}
	body = vn.CleanMultiline(body)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM feedback_templates WHERE site_id = ? AND category = ?`, siteID, c); err != nil {
			return err
		}
		if body != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO feedback_templates (site_id, category, body) VALUES (?, ?, ?)`, siteID, c, body); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p.actor().Entry("feedback.template", siteID, string(c), ""))
	})
}

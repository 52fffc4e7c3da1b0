package workflow

import (
	"context"
	"database/sql"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// queuePostCheck puts a publication in the post-publication check queue,
// due within the site's number of hours.
func queuePostCheck(ctx context.Context, tx *store.Tx, it *content.Item, approver int64, now time.Time, hours int) error {
	_, err := tx.Exec(ctx, `INSERT INTO post_checks (item_id, revision_id, site_id, approved_by, published_at, due_at)
		VALUES (?, (SELECT current_rev FROM items WHERE id = ?), ?, ?, ?, ?)`,
		it.ID, it.ID, it.SiteID, nullID(approver), now, now.Add(time.Duration(hours)*time.Hour))
	return err
}

// PostCheck is a publication awaiting (or having had) its second check.
type PostCheck struct {
	ID          int64
	ItemID      int64
	Title       string
	URL         string
	ApprovedBy  int64
	PublishedAt time.Time
	DueAt       time.Time
	Overdue     bool
}

// OpenPostChecks lists the publications of a site still to be checked,
// the oldest first (as many as a queue shows), flagging those past their
// due time.
func (e *Engine) OpenPostChecks(ctx context.Context, siteID int64) ([]PostCheck, error) {
	rows, err := e.db.Query(ctx, `SELECT pc.id, pc.item_id, r.title, i.kind, i.slug, i.lang, COALESCE(pc.approved_by, 0),
		pc.published_at, pc.due_at
		FROM post_checks pc JOIN items i ON i.id = pc.item_id JOIN revisions r ON r.id = pc.revision_id
		WHERE pc.site_id = ? AND pc.checked_at IS NULL ORDER BY pc.due_at, pc.id LIMIT ?`, siteID, queueLength)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := e.now()
	var out []PostCheck
	for rows.Next() {
		var pc PostCheck
		it := content.Item{}
		if err := rows.Scan(&pc.ID, &pc.ItemID, &pc.Title, &it.Kind, &it.Slug, &it.Lang, &pc.ApprovedBy, &pc.PublishedAt, &pc.DueAt); err != nil {
			return nil, err
		}
		pc.URL, pc.Overdue = it.URL(), now.After(pc.DueAt)
		out = append(out, pc)
	}
	return out, rows.Err()
}

// ConfirmPostCheck records that a second person checked a publication.
// It must be someone other than the approver (Art. 12.7).
func (e *Engine) ConfirmPostCheck(ctx context.Context, id int64, note string, p Person) error {
	return e.db.InTx(ctx, func(tx *store.Tx) error {
		var siteID, itemID int64
		var approver sql.NullInt64
		var checked sql.NullTime
		err := tx.QueryRow(ctx, `SELECT site_id, item_id, approved_by, checked_at FROM post_checks WHERE id = ?`, id).
			Scan(&siteID, &itemID, &approver, &checked)
		if err != nil {
			return store.NotFound(err, apperr.New(apperr.NotFound, "Không tìm thấy lượt kiểm tra.", "Check not found."))
		}
		if !p.User.Can(siteID, p.MainID, account.CheckPublished) {
			return apperr.New(apperr.Forbidden, "Vai trò của bạn không được kiểm tra sau đăng.", "Your role may not do post-publication checks.")
		}
		if approver.Valid && approver.Int64 == p.User.ID {
			return apperr.New(apperr.Forbidden, "Người duyệt không tự kiểm tra bài mình đã duyệt; cần một người khác.",
				"The approver cannot check their own approval; someone else must.")
		}
		if checked.Valid {
			return apperr.New(apperr.Conflict, "Bài này đã được kiểm tra.", "This publication was already checked.")
		}
		now := e.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE post_checks SET checked_by = ?, checked_at = ?, note = ? WHERE id = ?`,
			p.User.ID, now, vn.Clean(note), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.actor().Entry("item.postcheck", siteID, itoa(itemID), vn.Clean(note)))
	})
}

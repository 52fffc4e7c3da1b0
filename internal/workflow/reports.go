package workflow

import (
	"context"
	"strconv"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// ErrorReport is a reader's report of an error on a public page; it lands
// in the post-publication queue of the page's site.
type ErrorReport struct {
	ID        int64
	SiteID    int64
	ItemID    int64
	Page      string
	Message   string
	CreatedAt time.Time
}

// ReportError stores a reader's report. The page is a path on the site.
func (e *Engine) ReportError(ctx context.Context, siteID, itemID int64, page, message, ip string) error {
	message = vn.CleanMultiline(message)
	if n := len([]rune(message)); n < 5 || n > 2000 {
		return apperr.Field("message", "Hãy mô tả lỗi (từ 5 đến 2000 ký tự).", "Describe the error (5 to 2000 characters).")
	}
	if len(page) > 500 || !isPath(page) {
		page = "/"
	}
	_, err := e.db.Exec(ctx, `INSERT INTO error_reports (site_id, item_id, page, message, ip, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		siteID, nullID(itemID), page, message, ip, e.now().UTC())
	return err
}

func isPath(p string) bool { return len(p) > 0 && p[0] == '/' && (len(p) == 1 || p[1] != '/') }

// OpenReports lists a site's unresolved reports, oldest first, as many as
// a queue shows.
func (e *Engine) OpenReports(ctx context.Context, siteID int64) ([]ErrorReport, error) {
	rows, err := e.db.Query(ctx, `SELECT id, site_id, COALESCE(item_id, 0), page, message, created_at FROM error_reports
		WHERE site_id = ? AND resolved_at IS NULL ORDER BY id LIMIT ?`, siteID, queueLength)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ErrorReport
	for rows.Next() {
		var r ErrorReport
		if err := rows.Scan(&r.ID, &r.SiteID, &r.ItemID, &r.Page, &r.Message, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ResolveReport closes a report with what was done.
func (e *Engine) ResolveReport(ctx context.Context, id int64, resolution string, p Person) error {
	if vn.Clean(resolution) == "" {
		return apperr.Field("resolution", "Hãy ghi cách đã xử lý phản ánh.", "Say what was done about the report.")
	}
	return e.db.InTx(ctx, func(tx *store.Tx) error {
		var siteID int64
		if err := tx.QueryRow(ctx, `SELECT site_id FROM error_reports WHERE id = ? AND resolved_at IS NULL`, id).Scan(&siteID); err != nil {
			return apperr.New(apperr.NotFound, "Không tìm thấy phản ánh lỗi đang mở.", "No open report with this number.")
		}
		if !p.User.Can(siteID, p.MainID, account.CheckPublished) {
			return apperr.New(apperr.Forbidden, "Vai trò của bạn không được xử lý phản ánh lỗi.", "Your role may not handle error reports.")
		}
		if _, err := tx.Exec(ctx, `UPDATE error_reports SET resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ?`,
			p.User.ID, e.now().UTC(), vn.Clean(resolution), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.actor().Entry("report.resolve", siteID, itoa(id), vn.Clean(resolution)))
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

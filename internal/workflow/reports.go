package workflow

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/mail"
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
	// Email is where the reader asked for the answer ("" when they left
	// none); it is erased once the answer is queued. Due is the day the
	// answer is owed by (ReplyDays calendar days, REQ-21); Overdue says
	// it has passed.
	Email   string
	Due     time.Time
	Overdue bool
}

// ReplyDays is the time to check and answer a reader's claim that
// published information is inaccurate: 15 days (Law 104/2016 Art. 26,
// REQ-21), calendar days since the law does not say working days.
const ReplyDays = 15

// ReportError stores a reader's report. The page is a path on the site.
func (e *Engine) ReportError(ctx context.Context, siteID, itemID int64, page, message, ip string) error {
	return e.ReportErrorFrom(ctx, siteID, itemID, page, message, "", ip)
}

// ReportErrorFrom stores a reader's report with the address they left
// for the answer ("" for none), which must be one mail address.
func (e *Engine) ReportErrorFrom(ctx context.Context, siteID, itemID int64, page, message, email, ip string) error {
	message = vn.CleanMultiline(message)
	if n := len([]rune(message)); n < 5 || n > 2000 {
		return apperr.Field("message", "Hãy mô tả lỗi (từ 5 đến 2000 ký tự).", "Describe the error (5 to 2000 characters).")
	}
	if email = strings.TrimSpace(email); email != "" {
		var err error
		if email, err = mail.Address(email); err != nil {
			return err
		}
	}
	if len(page) > 500 || !isPath(page) {
		page = "/"
	}
	_, err := e.db.Exec(ctx, `INSERT INTO error_reports (site_id, item_id, page, message, ip, created_at, email) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		siteID, nullID(itemID), page, message, ip, e.now().UTC(), email)
	return err
}

func isPath(p string) bool { return len(p) > 0 && p[0] == '/' && (len(p) == 1 || p[1] != '/') }

// OpenReports lists a site's unresolved reports, oldest first, as many as
// a queue shows.
func (e *Engine) OpenReports(ctx context.Context, siteID int64) ([]ErrorReport, error) {
	now := e.now()
	rows, err := e.db.Query(ctx, `SELECT id, site_id, COALESCE(item_id, 0), page, message, created_at, email FROM error_reports
		WHERE site_id = ? AND resolved_at IS NULL ORDER BY id LIMIT ?`, siteID, queueLength)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ErrorReport
	for rows.Next() {
		var r ErrorReport
		if err := rows.Scan(&r.ID, &r.SiteID, &r.ItemID, &r.Page, &r.Message, &r.CreatedAt, &r.Email); err != nil {
			return nil, err
		}
		r.Due = r.CreatedAt.AddDate(0, 0, ReplyDays)
		r.Overdue = now.After(r.Due)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ResolveReport closes a report with what was done. When the reader left
// an address, the answer goes to them through Reply in the same
// transaction, and the address is erased.
func (e *Engine) ResolveReport(ctx context.Context, id int64, resolution string, p Person) error {
	if vn.Clean(resolution) == "" {
		return apperr.Field("resolution", "Hãy ghi cách đã xử lý phản ánh.", "Say what was done about the report.")
	}
	return e.db.InTx(ctx, func(tx *store.Tx) error {
		rep := ErrorReport{ID: id}
		if err := tx.QueryRow(ctx, `SELECT site_id, COALESCE(item_id, 0), page, message, created_at, email FROM error_reports
			WHERE id = ? AND resolved_at IS NULL`, id).Scan(&rep.SiteID, &rep.ItemID, &rep.Page, &rep.Message, &rep.CreatedAt, &rep.Email); err != nil {
			return apperr.New(apperr.NotFound, "Không tìm thấy phản ánh lỗi đang mở.", "No open report with this number.")
		}
		siteID := rep.SiteID
		rep.Due = rep.CreatedAt.AddDate(0, 0, ReplyDays)
		if !p.User.Can(siteID, p.MainID, account.CheckPublished) {
			return apperr.New(apperr.Forbidden, "Vai trò của bạn không được xử lý phản ánh lỗi.", "Your role may not handle error reports.")
		}
		if _, err := tx.Exec(ctx, `UPDATE error_reports SET resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ?`,
			p.User.ID, e.now().UTC(), vn.Clean(resolution), id); err != nil {
			return err
		}
		if rep.Email != "" && e.Reply != nil {
			if err := e.Reply(ctx, tx, rep, vn.Clean(resolution)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE error_reports SET email = '', replied_at = ? WHERE id = ?`, e.now().UTC(), id); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, p.actor().Entry("report.reply", siteID, itoa(id), mail.Masked(rep.Email))); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p.actor().Entry("report.resolve", siteID, itoa(id), vn.Clean(resolution)))
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// TestReportReply (REQ-21): a reader's report is due 15 calendar days
// after it came; the address the reader left must be one mail address;
// resolving the report hands the answer to Reply in the same
// transaction, erases the address and records the reply; a report with
// no address is resolved without a reply.
func TestReportReply(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		it := f.publish(t, "Lịch tiếp công dân")
		var replies []workflow.ErrorReport
		var said string
		f.flow.Reply = func(ctx context.Context, tx *store.Tx, r workflow.ErrorReport, resolution string) error {
			replies, said = append(replies, r), resolution
			return nil
		}
		for _, bad := range []string{"khong-phai-dia-chi", "a@b", "x@example.vn, y@example.vn", "Tên <x@example.vn>"} {
			if err := f.flow.ReportErrorFrom(ctx, f.main.ID, it.ID, it.URL(), "Ngày tiếp dân bị sai.", bad, "203.0.113.9"); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("address %q: %v, want invalid", bad, err)
			}
		}
		if err := f.flow.ReportErrorFrom(ctx, f.main.ID, it.ID, it.URL(), "Ngày tiếp dân bị sai.", " ban.doc@example.vn ", "203.0.113.9"); err != nil {
			t.Fatal(err)
		}
		if err := f.flow.ReportError(ctx, f.main.ID, it.ID, it.URL(), "Thiếu số điện thoại.", "203.0.113.9"); err != nil {
			t.Fatal(err)
		}
		reports, err := f.flow.OpenReports(ctx, f.main.ID)
		if err != nil || len(reports) != 2 {
			t.Fatalf("open reports = %+v, %v", reports, err)
		}
		withMail, without := reports[0], reports[1]
		if want := f.now.AddDate(0, 0, 15); !withMail.Due.Equal(want) || withMail.Email != "ban.doc@example.vn" || without.Email != "" {
			t.Errorf("report = %+v; want due %v and the address trimmed", withMail, want)
		}
		late := func(at time.Time) bool {
			t.Helper()
			saved := f.now
			f.now = at
			defer func() { f.now = saved }()
			reports, err := f.flow.OpenReports(ctx, f.main.ID)
			if err != nil || len(reports) != 2 {
				t.Fatalf("open reports = %+v, %v", reports, err)
			}
			return reports[0].Overdue
		}
		if withMail.Overdue || late(withMail.Due) || !late(withMail.Due.Add(time.Minute)) {
			t.Error("overdue is not “after the 15th day”")
		}
		q, err := f.flow.WorkQueue(ctx, f.people[account.Editor], f.main.ID, f.main.ID)
		if err != nil || len(q.Reports) != 2 || q.Reports[0].Due.IsZero() {
			t.Errorf("the editor's queue holds %+v, %v; want both reports with their deadline", q.Reports, err)
		}

		if err := f.flow.ResolveReport(ctx, withMail.ID, "Đã sửa ngày tiếp dân thành 16/12.", f.as(account.Collaborator)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a collaborator resolves: %v", err)
		}
		if len(replies) != 0 {
			t.Fatalf("a refused resolution replied: %+v", replies)
		}
		if err := f.flow.ResolveReport(ctx, withMail.ID, "Đã sửa ngày tiếp dân thành 16/12.", f.as(account.Editor)); err != nil {
			t.Fatal(err)
		}
		if len(replies) != 1 || replies[0].Email != "ban.doc@example.vn" || replies[0].ItemID != it.ID || said != "Đã sửa ngày tiếp dân thành 16/12." {
			t.Errorf("replies = %+v, %q", replies, said)
		}
		var email string
		var replied *time.Time
		if err := db.QueryRow(ctx, `SELECT email, replied_at FROM error_reports WHERE id = ?`, withMail.ID).Scan(&email, &replied); err != nil {
			t.Fatal(err)
		}
		if email != "" || replied == nil {
			t.Errorf("after the reply: address %q, replied at %v; want erased and set", email, replied)
		}
		if e, _ := audit.List(ctx, db, audit.Filter{Action: "report.reply"}); len(e) != 1 || e[0].Detail == "ban.doc@example.vn" {
			t.Errorf("report.reply entries = %+v; want one, the address masked", e)
		}
		if err := f.flow.ResolveReport(ctx, without.ID, "Đã bổ sung số điện thoại.", f.as(account.Editor)); err != nil || len(replies) != 1 {
			t.Errorf("no address: %v, %d replies", err, len(replies))
		}
	})
}

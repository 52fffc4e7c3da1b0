package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// fixture is a portal with a main site, a department site and one person
// per role on the main site.
type fixture struct {
	db     *store.DB
	now    time.Time
	main   *site.Site
	dept   *site.Site
	cs     *content.Store
	flow   *workflow.Engine
	people map[account.Role]*account.User
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), people: map[account.Role]*account.User{}}
	clock := func() time.Time { return f.now }
	ss := site.NewSites(db, clock)
	f.main = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
	f.dept = &site.Site{Code: "so", Kind: site.Department, Name: "Sở", PathPrefix: "/so"}
	for _, s := range []*site.Site{f.main, f.dept} {
		if err := ss.Create(ctx, s, audit.CLI); err != nil {
			t.Fatal(err)
		}
	}
	users := account.NewUsers(db, clock)
	for i, r := range account.Roles {
		u, err := users.Create(ctx, account.NewUser{Username: fmt.Sprintf("nguoi%d", i), FullName: string(r), Password: "mat-khau-dai-du"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if err := users.Grant(ctx, u.ID, f.main.ID, r, audit.CLI); err != nil {
			t.Fatal(err)
		}
		f.people[r], _ = users.ByID(ctx, u.ID)
	}
	f.cs = content.NewStore(db, clock)
	f.flow = workflow.New(db, f.cs, clock)
	return f
}

func (f *fixture) as(r account.Role) workflow.Person {
	return workflow.Person{User: f.people[r], MainID: f.main.ID, IP: "127.0.0.1"}
}

// good is an item that passes every check.
func good(title string) content.Edit {
	return content.Edit{Kind: content.Article, Title: title, Summary: "Tóm tắt bài viết.",
		Body: "<p>Nội dung bài viết về chuyển đổi số.</p>", Author: "Nguyễn Văn A", Source: "Văn phòng UBND tỉnh"}
}

func (f *fixture) item(t *testing.T, e content.Edit, by account.Role) *content.Item {
	t.Helper()
	it, err := f.cs.Create(context.Background(), f.main.ID, e, f.as(by).User.Actor("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func (f *fixture) step(t *testing.T, it *content.Item, a workflow.Action, by account.Role, comment string) (*content.Item, error) {
	t.Helper()
	return f.flow.Apply(context.Background(), workflow.Request{ItemID: it.ID, Action: a, Comment: comment}, f.as(by))
}

func TestWholePath(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		it := f.item(t, good("Tỉnh công bố kế hoạch chuyển đổi số"), account.Collaborator)
		must := func(it *content.Item, err error) *content.Item {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return it
		}
		it = must(f.step(t, it, workflow.Submit, account.Collaborator, ""))
		if it.State != content.Editing {
			t.Fatalf("after submit: %s", it.State)
		}
		it = must(f.step(t, it, workflow.Return, account.Editor, "Thiếu số liệu"))
		if it.State != content.Draft {
			t.Fatalf("after return: %s", it.State)
		}
		it = must(f.step(t, it, workflow.Submit, account.Collaborator, ""))
		it = must(f.step(t, it, workflow.Send, account.Editor, ""))
		if it.State != content.Approval {
			t.Fatalf("after send: %s", it.State)
		}
		it = must(f.step(t, it, workflow.Approve, account.BoardHead, ""))
		if it.State != content.Published || !it.Live || it.PublishedRev != it.CurrentRev {
			t.Fatalf("after approve: %+v", it)
		}
		pub, _, err := f.cs.Published(ctx, content.Public{SiteIDs: []int64{f.main.ID}})
		if err != nil || len(pub) != 1 || pub[0].Rev.Author != "Nguyễn Văn A" {
			t.Fatalf("public list = %v, %v", pub, err)
		}
		// An edit of a published item is a new draft; the public keeps the old text.
		e := good("Tỉnh công bố kế hoạch chuyển đổi số năm 2027")
		e.Version = it.Version
		it = must(f.cs.Save(ctx, it.ID, e, f.as(account.Editor).User.Actor("")))
		if it.State != content.Draft || !it.Live || it.PublishedRev == it.CurrentRev {
			t.Fatalf("edit of a published item: %+v", it)
		}
		live, _, _ := f.cs.PublishedBySlug(ctx, f.main.ID, "vi", content.Article, it.Slug)
		if live.Rev.Title != "Tỉnh công bố kế hoạch chuyển đổi số" {
			t.Errorf("the public sees %q during the new draft's review", live.Rev.Title)
		}
		hist, _ := f.flow.History(ctx, it.ID)
		if len(hist) != 5 || hist[1].Comment != "Thiếu số liệu" {
			t.Errorf("history = %+v", hist)
		}
		// The post-publication check: not by the approver, yes by another.
		checks, _ := f.flow.OpenPostChecks(ctx, f.main.ID)
		if len(checks) != 1 {
			t.Fatalf("post checks = %v", checks)
		}
		if err := f.flow.ConfirmPostCheck(ctx, checks[0].ID, "", f.as(account.BoardHead)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("approver confirming own check = %v; want Forbidden", err)
		}
		if err := f.flow.ConfirmPostCheck(ctx, checks[0].ID, "Đã đọc lại", f.as(account.Editor)); err != nil {
			t.Errorf("second person confirming = %v", err)
		}
		f.now = f.now.Add(48 * time.Hour)
		if checks, _ := f.flow.OpenPostChecks(ctx, f.main.ID); len(checks) != 0 {
			t.Errorf("open checks after confirmation = %v", checks)
		}
	})
}

func TestSubmitNeedsAuthorAndSource(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		e := good("Bài thiếu nguồn")
		e.Source = ""
		it := f.item(t, e, account.Collaborator)
		if _, err := f.step(t, it, workflow.Submit, account.Collaborator, ""); apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("submit without a source = %v; want Invalid", err)
		}
	})
}

func TestApprovalChecksAndOverride(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if err := f.flow.SetTerms(ctx, f.main.ID, []string{"bí mật nhà nước"}, f.as(account.BoardHead)); err != nil {
			t.Fatal(err)
		}
		e := good("Bài có vấn đề")
		e.Body = `<p>Tài liệu BI MAT NHA NUOC.</p><h2></h2><img src="/media/a.jpg">`
		it := f.item(t, e, account.Editor)
		f.step(t, it, workflow.Submit, account.Editor, "")
		f.step(t, it, workflow.Send, account.Editor, "")
		_, err := f.step(t, it, workflow.Approve, account.BoardHead, "")
		var failed *workflow.ChecksFailed
		if !errorsAs(err, &failed) || len(failed.Problems) < 3 {
			t.Fatalf("approve with failed checks = %v; want ChecksFailed with the term, empty heading and alt", err)
		}
		// A deputy may not override; the board head may, with a reason.
		req := workflow.Request{ItemID: it.ID, Action: workflow.Approve, Override: true, Comment: "Chỉ đạo khẩn"}
		if _, err := f.flow.Apply(ctx, req, f.as(account.BoardDeputy)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("deputy override = %v; want Forbidden", err)
		}
		req.Comment = ""
		if _, err := f.flow.Apply(ctx, req, f.as(account.BoardHead)); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("override without reason = %v; want Invalid", err)
		}
		req.Comment = "Chỉ đạo khẩn"
		it, err = f.flow.Apply(ctx, req, f.as(account.BoardHead))
		if err != nil || !it.Live || it.OverrideReason != "Chỉ đạo khẩn" {
			t.Fatalf("board head override = %+v, %v", it, err)
		}
		q, _ := f.flow.WorkQueue(ctx, f.people[account.BoardHead], f.main.ID, f.main.ID)
		if len(q.Overridden) != 1 {
			t.Errorf("overridden items listed for review = %d; want 1", len(q.Overridden))
		}
	})
}

func TestScheduledPublication(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		e := good("Thông báo lịch tiếp công dân")
		at := f.now.Add(2 * time.Hour)
		until := f.now.Add(26 * time.Hour)
		e.PublishAt, e.UnpublishAt = &at, &until
		it := f.item(t, e, account.Editor)
		f.step(t, it, workflow.Submit, account.Editor, "")
		f.step(t, it, workflow.Send, account.Editor, "")
		it, err := f.step(t, it, workflow.Approve, account.BoardHead, "")
		if err != nil || it.State != content.Scheduled || it.Live {
			t.Fatalf("approve with a future publish-at = %+v, %v; want scheduled", it, err)
		}
		if ids, _ := f.flow.RunSchedule(ctx, f.now.Add(time.Hour)); len(ids) != 0 {
			t.Errorf("published before its time: %v", ids)
		}
		ids, err := f.flow.RunSchedule(ctx, at.Add(30*time.Second))
		if err != nil || len(ids) != 1 {
			t.Fatalf("RunSchedule at publish-at = %v, %v", ids, err)
		}
		it, _ = f.cs.Get(ctx, it.ID)
		if it.State != content.Published || !it.Live {
			t.Fatalf("after the schedule: %+v", it)
		}
		if checks, _ := f.flow.OpenPostChecks(ctx, f.main.ID); len(checks) != 1 || checks[0].ApprovedBy != f.people[account.BoardHead].ID {
			t.Errorf("scheduled publication not queued for a check by someone other than the approver: %+v", checks)
		}
		f.flow.RunSchedule(ctx, until.Add(time.Second))
		it, _ = f.cs.Get(ctx, it.ID)
		if it.Live || it.State != content.Unpublished {
			t.Errorf("after unpublish-at: %+v", it)
		}
	})
}

func TestShortFlowSkipsEditing(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		db.Exec(context.Background(), `UPDATE sites SET workflow = 'short' WHERE id = ?`, f.main.ID)
		it := f.item(t, good("Tin phường"), account.Collaborator)
		it, err := f.step(t, it, workflow.Submit, account.Collaborator, "")
		if err != nil || it.State != content.Approval {
			t.Fatalf("submit on a short-flow site = %s, %v; want approval", it.State, err)
		}
	})
}

func TestInbox(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		users := account.NewUsers(db, func() time.Time { return f.now })
		for _, r := range []account.Role{account.Liaison, account.BoardHead} {
			users.Grant(ctx, f.people[r].ID, f.dept.ID, r, audit.CLI)
			f.people[r], _ = users.ByID(ctx, f.people[r].ID)
		}
		it, err := f.cs.Create(ctx, f.dept.ID, good("Sở tổ chức hội thảo khoa học"), f.people[account.BoardHead].Actor(""))
		if err != nil {
			t.Fatal(err)
		}
		f.db.Exec(ctx, `UPDATE sites SET workflow = 'short' WHERE id = ?`, f.dept.ID)
		f.step(t, it, workflow.Submit, account.BoardHead, "")
		if it, err = f.step(t, it, workflow.Approve, account.BoardHead, ""); err != nil || !it.Live {
			t.Fatalf("publish on the department = %v", err)
		}
		if err := f.flow.Propose(ctx, it.ID, "Đề nghị đăng", f.as(account.Editor)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an editor of the main site proposing the department's item = %v; want Forbidden", err)
		}
		if err := f.flow.Propose(ctx, it.ID, "Đề nghị đăng", f.as(account.Liaison)); err != nil {
			t.Fatal(err)
		}
		props, _ := f.flow.Inbox(ctx, f.main.ID, "proposed")
		if len(props) != 1 {
			t.Fatalf("inbox = %v", props)
		}
		if _, err := f.flow.Accept(ctx, props[0].ID, f.as(account.Collaborator)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("collaborator accepting = %v; want Forbidden", err)
		}
		cp, err := f.flow.Accept(ctx, props[0].ID, f.as(account.Editor))
		if err != nil {
			t.Fatal(err)
		}
		if cp.SiteID != f.main.ID || cp.SourceSiteID != f.dept.ID || cp.Rev.Author != "Nguyễn Văn A" || cp.State != content.Approval {
			t.Errorf("accepted copy = %+v, rev %+v", cp, cp.Rev)
		}
		if _, err := f.flow.Accept(ctx, props[0].ID, f.as(account.Editor)); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("accepting twice = %v; want Conflict", err)
		}
	})
}

func TestConflictingSavesKeepBothTexts(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		it := f.item(t, good("Bài hai người sửa"), account.Editor)
		a, b := good("Bản của An"), good("Bản của Bình")
		a.Version, b.Version = it.Version, it.Version
		if _, err := f.cs.Save(ctx, it.ID, a, f.people[account.Editor].Actor("")); err != nil {
			t.Fatal(err)
		}
		_, err := f.cs.Save(ctx, it.ID, b, f.people[account.TeamLead].Actor(""))
		var conflict *content.ConflictError
		if !errorsAs(err, &conflict) {
			t.Fatalf("second save from the same version = %v; want ConflictError", err)
		}
		revs, _ := f.cs.Revisions(ctx, it.ID)
		if len(revs) != 3 || revs[0].Title != "Bản của Bình" || !revs[0].Conflict {
			t.Errorf("revisions = %+v; want the losing text kept as a conflict revision", revs)
		}
		got, _ := f.cs.Get(ctx, it.ID)
		if got.Rev.Title != "Bản của An" {
			t.Errorf("current = %q; want the first save", got.Rev.Title)
		}
	})
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func TestReturnedProposalIsShownToTheSite(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		users := account.NewUsers(db, func() time.Time { return f.now })
		users.Grant(ctx, f.people[account.Liaison].ID, f.dept.ID, account.Liaison, audit.CLI)
		users.Grant(ctx, f.people[account.BoardHead].ID, f.dept.ID, account.BoardHead, audit.CLI)
		for _, r := range []account.Role{account.Liaison, account.BoardHead} {
			f.people[r], _ = users.ByID(ctx, f.people[r].ID)
		}
		db.Exec(ctx, `UPDATE sites SET workflow = 'short' WHERE id = ?`, f.dept.ID)
		it, _ := f.cs.Create(ctx, f.dept.ID, good("Tin bị trả lại"), f.people[account.BoardHead].Actor(""))
		f.step(t, it, workflow.Submit, account.BoardHead, "")
		f.step(t, it, workflow.Approve, account.BoardHead, "")
		if err := f.flow.Propose(ctx, it.ID, "", f.as(account.Liaison)); err != nil {
			t.Fatal(err)
		}
		props, _ := f.flow.Inbox(ctx, f.main.ID, "proposed")
		if err := f.flow.ReturnProposal(ctx, props[0].ID, "", f.as(account.Editor)); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("return without a reason = %v; want Invalid", err)
		}
		if err := f.flow.ReturnProposal(ctx, props[0].ID, "Trùng tin đã đăng", f.as(account.Editor)); err != nil {
			t.Fatal(err)
		}
		q, err := f.flow.WorkQueue(ctx, f.people[account.Liaison], f.dept.ID, f.main.ID)
		if err != nil || len(q.Returned) != 1 || q.Returned[0].Reason != "Trùng tin đã đăng" {
			t.Fatalf("the liaison's queue = %+v, %v; want the returned proposal with its reason", q, err)
		}
	})
}

func TestMinorCorrection(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.flow.SetTerms(ctx, f.main.ID, []string{"bí mật nhà nước"}, f.as(account.BoardHead))
		it := f.item(t, good("Bài cần đính chính"), account.Editor)
		f.step(t, it, workflow.Submit, account.Editor, "")
		f.step(t, it, workflow.Send, account.Editor, "")
		it, _ = f.step(t, it, workflow.Approve, account.BoardHead, "")
		fix := good("Bài cần đính chính")
		fix.Body = "<p>Nội dung đã sửa lỗi chính tả.</p>"
		fix.Version, fix.Note = it.Version, "Sửa lỗi chính tả"
		if _, err := f.flow.CorrectPublished(ctx, it.ID, fix, workflow.CheckOptions{}, false, f.as(account.Editor)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an editor's direct correction = %v; want Forbidden", err)
		}
		got, err := f.flow.CorrectPublished(ctx, it.ID, fix, workflow.CheckOptions{}, false, f.as(account.BoardDeputy))
		if err != nil || !got.Live || got.State != content.Published || got.PublishedRev != got.CurrentRev || !got.Rev.Minor {
			t.Fatalf("deputy's correction = %+v, %v", got, err)
		}
		if checks, _ := f.flow.OpenPostChecks(ctx, f.main.ID); len(checks) != 2 {
			t.Errorf("post-publication checks = %d; want 2 (the approval and the correction)", len(checks))
		}
		// A correction passes the checks like an approval.
		bad := good("Bài cần đính chính")
		bad.Body = "<p>Tài liệu bí mật nhà nước.</p>"
		bad.Version = got.Version
		if _, err := f.flow.CorrectPublished(ctx, it.ID, bad, workflow.CheckOptions{}, true, f.as(account.BoardDeputy)); apperr.KindOf(err) == 0 || err == nil {
			t.Errorf("a deputy's correction over failed checks = %v; want refused", err)
		}
		live, _, _ := f.cs.PublishedBySlug(ctx, f.main.ID, "vi", content.Article, got.Slug)
		if strings.Contains(live.Rev.Body, "bí mật") {
			t.Error("a refused correction reached the public")
		}
		after, _ := f.cs.Get(ctx, it.ID)
		if after.CurrentRev != got.CurrentRev {
			t.Error("a refused correction left a new current revision behind")
		}
	})
}

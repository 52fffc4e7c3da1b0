package workflow_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// publish takes a good item through the whole workflow on the main site.
func (f *fixture) publish(t *testing.T, title string) *content.Item {
	t.Helper()
	it := f.item(t, good(title), account.Editor)
	for _, s := range []struct {
		a  workflow.Action
		by account.Role
	}{{workflow.Submit, account.Editor}, {workflow.Send, account.Editor}, {workflow.Approve, account.BoardHead}} {
		var err error
		if it, err = f.step(t, it, s.a, s.by, ""); err != nil {
			t.Fatalf("%s: %v", s.a, err)
		}
	}
	if !it.Live {
		t.Fatalf("not live after approval: %+v", it)
	}
	return it
}

// An unchecked publication is flagged overdue once the site's number of
// hours has passed (Art. 12.7), and the board head sees it so flagged.
func TestPostCheckOverdue(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := db.Exec(ctx, `UPDATE sites SET post_check_hours = 2 WHERE id = ?`, f.main.ID); err != nil {
			t.Fatal(err)
		}
		published := f.now
		it := f.publish(t, "Bài chờ kiểm tra sau đăng")

		find := func() workflow.PostCheck {
			t.Helper()
			checks, err := f.flow.OpenPostChecks(ctx, f.main.ID)
			if err != nil || len(checks) != 1 || checks[0].ItemID != it.ID {
				t.Fatalf("open post checks = %+v, %v; want the one publication", checks, err)
			}
			return checks[0]
		}
		pc := find()
		if want := published.Add(2 * time.Hour); !pc.DueAt.Equal(want) {
			t.Errorf("due at %v; want %v (published + post_check_hours)", pc.DueAt, want)
		}
		if pc.Overdue {
			t.Error("overdue at the moment of publication")
		}
		f.now = published.Add(2*time.Hour - time.Minute)
		if pc := find(); pc.Overdue {
			t.Error("overdue a minute before the deadline")
		}
		q, err := f.flow.WorkQueue(ctx, f.people[account.BoardHead], f.main.ID, f.main.ID)
		if err != nil || len(q.PostChecks) != 1 || q.PostChecks[0].Overdue {
			t.Errorf("board head's queue before the deadline = %+v, %v; want the check, not overdue", q, err)
		}

		f.now = published.Add(2*time.Hour + time.Minute)
		if pc := find(); !pc.Overdue {
			t.Error("not flagged overdue a minute after the deadline")
		}
		q, err = f.flow.WorkQueue(ctx, f.people[account.BoardHead], f.main.ID, f.main.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.PostChecks) != 1 || q.PostChecks[0].ItemID != it.ID || !q.PostChecks[0].Overdue {
			t.Errorf("board head's queue after the deadline = %+v; want the check flagged overdue", q.PostChecks)
		}
		// Confirmed late, it leaves the queue.
		if err := f.flow.ConfirmPostCheck(ctx, pc.ID, "Đã đọc lại", f.as(account.Editor)); err != nil {
			t.Fatal(err)
		}
		if checks, _ := f.flow.OpenPostChecks(ctx, f.main.ID); len(checks) != 0 {
			t.Errorf("open checks after confirmation = %+v", checks)
		}
	})
}

// A reader's report is closed only with a note of what was done, and only
// by a role that does post-publication checks.
func TestResolveReport(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		it := f.publish(t, "Bài có số điện thoại sai")
		if err := f.flow.ReportError(ctx, f.main.ID, it.ID, it.URL(), "Số điện thoại liên hệ bị sai.", "203.0.113.9"); err != nil {
			t.Fatal(err)
		}
		reports, err := f.flow.OpenReports(ctx, f.main.ID)
		if err != nil || len(reports) != 1 || reports[0].ItemID != it.ID || reports[0].Page != it.URL() {
			t.Fatalf("open reports = %+v, %v", reports, err)
		}
		id := reports[0].ID
		for _, empty := range []string{"", "   "} {
			if err := f.flow.ResolveReport(ctx, id, empty, f.as(account.Editor)); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("resolve with resolution %q = %v; want Invalid", empty, err)
			}
		}
		if err := f.flow.ResolveReport(ctx, id, "Đã sửa số điện thoại", f.as(account.Collaborator)); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("collaborator resolving = %v; want Forbidden", err)
		}
		if reports, _ := f.flow.OpenReports(ctx, f.main.ID); len(reports) != 1 {
			t.Fatalf("a refused resolution closed the report: %+v", reports)
		}
		if err := f.flow.ResolveReport(ctx, id, "Đã sửa số điện thoại", f.as(account.Editor)); err != nil {
			t.Fatal(err)
		}
		if reports, err := f.flow.OpenReports(ctx, f.main.ID); err != nil || len(reports) != 0 {
			t.Errorf("open reports after resolution = %+v, %v; want none", reports, err)
		}
		var resolution string
		var by int64
		if err := db.QueryRow(ctx, `SELECT resolution, resolved_by FROM error_reports WHERE id = ?`, id).Scan(&resolution, &by); err != nil {
			t.Fatal(err)
		}
		if resolution != "Đã sửa số điện thoại" || by != f.people[account.Editor].ID {
			t.Errorf("stored resolution = %q by %d", resolution, by)
		}
		if err := f.flow.ResolveReport(ctx, id, "Lần nữa", f.as(account.Editor)); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("resolving a closed report = %v; want NotFound", err)
		}
		if q, _ := f.flow.WorkQueue(ctx, f.people[account.BoardHead], f.main.ID, f.main.ID); len(q.Reports) != 0 {
			t.Errorf("the board head's queue still lists the report: %+v", q.Reports)
		}
	})
}

// Eight saves from the same version at once: one wins, seven are told of
// the conflict, and all eight texts are kept as revisions.
func TestSaveRace(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		it := f.item(t, good("Bài tám người cùng sửa"), account.Editor)
		const n = 8
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			errs  = make([]error, n)
		)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e := good(fmt.Sprintf("Bản số %d", i))
				e.Version = it.Version
				<-start
				_, errs[i] = f.cs.Save(ctx, it.ID, e, f.people[account.Editor].Actor(""))
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		conflicts := 0
		for i, err := range errs {
			var ce *content.ConflictError
			switch {
			case err == nil:
				if winner >= 0 {
					t.Errorf("saves %d and %d both won", winner, i)
				}
				winner = i
			case errorsAs(err, &ce):
				conflicts++
			default:
				t.Errorf("save %d failed: %v", i, err)
			}
		}
		if winner < 0 || conflicts != n-1 {
			t.Fatalf("winner %d, %d conflicts; want exactly one winner and %d conflicts", winner, conflicts, n-1)
		}
		var rows int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM revisions WHERE item_id = ?`, it.ID).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 1+n {
			t.Errorf("revisions rows = %d; want %d", rows, 1+n)
		}
		revs, err := f.cs.Revisions(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]int{}
		numbers := map[int]bool{}
		lost := 0
		for _, r := range revs {
			titles[r.Title]++
			numbers[r.Number] = true
			if r.Number > 1 && r.Conflict == (r.Title == fmt.Sprintf("Bản số %d", winner)) {
				lost++
			}
		}
		for i := range n {
			if titles[fmt.Sprintf("Bản số %d", i)] != 1 {
				t.Errorf("text of save %d kept %d times; want once", i, titles[fmt.Sprintf("Bản số %d", i)])
			}
		}
		for k := 1; k <= 1+n; k++ {
			if !numbers[k] {
				t.Errorf("revision number %d missing (numbers %v)", k, numbers)
			}
		}
		if lost != 0 {
			t.Errorf("%d revisions carry the wrong conflict flag", lost)
		}
		got, err := f.cs.Get(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rev.Title != fmt.Sprintf("Bản số %d", winner) || got.Version != it.Version+1 {
			t.Errorf("current = %q version %d; want the winner's text at version %d", got.Rev.Title, got.Version, it.Version+1)
		}
	})
}

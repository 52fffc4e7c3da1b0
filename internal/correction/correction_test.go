package correction_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/correction"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// fixture is a portal with a main site and one person per role on it.
type fixture struct {
	now    time.Time
	main   *site.Site
	cs     *content.Store
	flow   *workflow.Engine
	fixes  *correction.Store
	people map[account.Role]*account.User
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), people: map[account.Role]*account.User{}}
	clock := func() time.Time { return f.now }
	f.main = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
	if err := site.NewSites(db, clock).Create(ctx, f.main, audit.CLI); err != nil {
		t.Fatal(err)
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
	f.fixes = correction.NewStore(db, f.cs, clock)
	return f
}

func (f *fixture) wf(r account.Role) workflow.Person {
	return workflow.Person{User: f.people[r], MainID: f.main.ID, IP: "127.0.0.1"}
}

func (f *fixture) as(r account.Role) correction.Person {
	return correction.Person{User: f.people[r], MainID: f.main.ID, Actor: f.people[r].Actor("127.0.0.1")}
}

// published makes an item and takes it through the workflow.
func (f *fixture) published(t *testing.T, body string) *content.Item {
	t.Helper()
	ctx := context.Background()
	it, err := f.cs.Create(ctx, f.main.ID, content.Edit{Kind: content.Article, Title: "Lịch tiếp công dân tháng 12",
		Summary: "Lịch tiếp công dân của lãnh đạo tỉnh.", Body: body, Author: "Văn phòng", Source: "Văn phòng UBND tỉnh"}, f.people[account.Editor].Actor(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		a  workflow.Action
		by account.Role
	}{{workflow.Submit, account.Editor}, {workflow.Send, account.Editor}, {workflow.Approve, account.BoardHead}} {
		if it, err = f.flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: s.a}, f.wf(s.by)); err != nil {
			t.Fatalf("%s: %v", s.a, err)
		}
	}
	return it
}

// correct publishes a new revision of it directly, as an approver does.
func (f *fixture) correct(t *testing.T, it *content.Item, body string) *content.Item {
	t.Helper()
	d := content.Edit{Kind: it.Kind, Lang: it.Lang, Slug: it.Slug, Title: it.Rev.Title, Summary: it.Rev.Summary, Body: body,
		Author: it.Rev.Author, Source: it.Rev.Source, Version: it.Version, Note: "Sửa ngày tiếp dân"}
	it, err := f.flow.CorrectPublished(context.Background(), it.ID, d, workflow.CheckOptions{}, false, f.wf(account.BoardHead))
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// TestPublishCorrection: the board marks a correction public once the
// correcting revision is published; the notice names the revision the
// public saw, shows what changed, is listed on the site, audited, and
// refused to roles without the right, without a notice, before any
// correcting revision, or twice for the same revision.
func TestPublishCorrection(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		it := f.published(t, "<p>Lãnh đạo tỉnh tiếp công dân vào ngày 15 tháng 12.</p>")
		const note = "Bài đăng ghi sai ngày tiếp công dân: đúng là ngày 16 tháng 12."

		if _, err := f.fixes.Publish(ctx, it.ID, 0, note, f.as(account.BoardHead)); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a correction before any correcting revision: %v, want a conflict", err)
		}
		first := it.Rev.Number
		it = f.correct(t, it, "<p>Lãnh đạo tỉnh tiếp công dân vào ngày 16 tháng 12.</p>")

		for _, c := range []struct {
			name   string
			role   account.Role
			before int
			note   string
			want   apperr.Kind
		}{
			{"an editor", account.Editor, 0, note, apperr.Forbidden},
			{"a board member", account.BoardMember, 0, note, apperr.Forbidden},
			{"the administrator", account.Admin, 0, note, apperr.Forbidden},
			{"no notice", account.BoardHead, 0, "  ", apperr.Invalid},
			{"a notice too short", account.BoardHead, 0, "Sai ngày", apperr.Invalid},
			{"a notice too long", account.BoardHead, 0, strings.Repeat("sai ", 600), apperr.Invalid},
			{"a revision never published", account.BoardHead, 99, note, apperr.Invalid},
			{"the published revision itself", account.BoardHead, it.Rev.Number, note, apperr.Invalid},
		} {
			if _, err := f.fixes.Publish(ctx, it.ID, c.before, c.note, f.as(c.role)); apperr.KindOf(err) != c.want {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		if list, _ := f.fixes.ForItem(ctx, it.ID); len(list) != 0 {
			t.Fatalf("refusals left corrections: %+v", list)
		}

		f.now = f.now.Add(time.Hour)
		c, err := f.fixes.Publish(ctx, it.ID, 0, note, f.as(account.BoardDeputy))
		if err != nil {
			t.Fatal(err)
		}
		if c.BeforeNo != first || c.AfterNo != it.Rev.Number || c.Note != note || !c.PublishedAt.Equal(f.now) || c.URL != it.URL() || c.SiteID != f.main.ID {
			t.Errorf("correction = %+v; want revisions %d → %d, the note, now, %s", c, first, it.Rev.Number, it.URL())
		}
		changes, err := f.fixes.Changes(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 || changes[0].Field != "body" {
			t.Fatalf("changes = %+v; want the body only", changes)
		}
		var removed, added string
		for _, ch := range changes[0].Chunks {
			switch ch.Op {
			case content.Removed:
				removed += ch.Text
			case content.Added:
				added += ch.Text
			}
		}
		if !strings.Contains(removed, "15") || !strings.Contains(added, "16") {
			t.Errorf("removed %q, added %q; want 15 → 16", removed, added)
		}
		if _, err := f.fixes.Publish(ctx, it.ID, 0, note, f.as(account.BoardHead)); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a second correction of the same revision: %v, want a conflict", err)
		}

		list, more, err := f.fixes.Public(ctx, f.main.ID, "vi", 1)
		if err != nil || more || len(list) != 1 || list[0].ID != c.ID {
			t.Errorf("public list = %+v, %v, %v", list, more, err)
		}
		if en, _, _ := f.fixes.Public(ctx, f.main.ID, "en", 1); len(en) != 0 {
			t.Errorf("the English list holds %+v", en)
		}
		if got, err := f.fixes.PublicGet(ctx, f.main.ID, c.ID); err != nil || got.ID != c.ID {
			t.Errorf("public get = %+v, %v", got, err)
		}
		if _, err := f.fixes.PublicGet(ctx, f.main.ID+99, c.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another site's correction: %v, want not found", err)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Action: "correction.publish"})
		if err != nil || len(entries) != 1 || entries[0].Target != fmt.Sprint(it.ID) {
			t.Errorf("audit = %+v, %v; want one correction.publish of the item", entries, err)
		}

		// Unpublished, the item's corrections leave the public views.
		if _, err := f.flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: workflow.Unpublish, Comment: "Hết hạn"}, f.wf(account.BoardHead)); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := f.fixes.Public(ctx, f.main.ID, "vi", 1); len(list) != 0 {
			t.Errorf("an unpublished item's correction is listed: %+v", list)
		}
		if _, err := f.fixes.PublicGet(ctx, f.main.ID, c.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("an unpublished item's correction: %v, want not found", err)
		}
	})
}

// TestCandidates: the revisions a correction may name are those the
// public saw before the current one, newest first.
func TestCandidates(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		it := f.published(t, "<p>Bản một.</p>")
		one := it.Rev.Number
		it = f.correct(t, it, "<p>Bản hai.</p>")
		two := it.Rev.Number
		it = f.correct(t, it, "<p>Bản ba.</p>")
		got, err := f.fixes.Candidates(context.Background(), it)
		if err != nil || fmt.Sprint(got) != fmt.Sprint([]int{two, one}) {
			t.Errorf("candidates = %v, %v; want [%d %d]", got, err, two, one)
		}
		c, err := f.fixes.Publish(context.Background(), it.ID, one, "Sửa lại toàn bộ nội dung đã đăng sai.", f.as(account.BoardHead))
		if err != nil || c.BeforeNo != one {
			t.Errorf("naming revision %d: %+v, %v", one, c, err)
		}
	})
}

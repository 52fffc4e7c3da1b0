package feedback_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// mail is a sent message, as the outbox would queue it.
type mail struct{ to, subject, text string }

// fixture is a site with two units, staff in each role of the workflow,
// and a feedback store whose mail goes into a slice.
type fixture struct {
	t      testing.TB
	db     *store.DB
	clock  *clock
	fb     *feedback.Store
	site   *site.Site
	unitA  *directory.Unit
	unitB  *directory.Unit
	users  *account.Users
	mu     sync.Mutex
	mails  []mail
	people map[string]feedback.Person
}

var ict = time.FixedZone("ICT", 7*3600)

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: db, clock: &clock{t: time.Date(2026, 2, 13, 10, 0, 0, 0, ict)}, people: map[string]feedback.Person{}}
	f.site = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Thử"}
	if err := site.NewSites(db, f.clock.Now).Create(ctx, f.site, audit.CLI); err != nil {
		t.Fatal(err)
	}
	dir := directory.NewStore(db, f.clock.Now)
	f.unitA = &directory.Unit{SiteID: f.site.ID, Name: "Sở Tư pháp"}
	f.unitB = &directory.Unit{SiteID: f.site.ID, Name: "Sở Xây dựng"}
	for _, u := range []*directory.Unit{f.unitA, f.unitB} {
		if err := dir.SaveUnit(ctx, u, audit.CLI); err != nil {
			t.Fatal(err)
		}
	}
	if err := rules.NewStore(db, f.clock.Now).EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	f.users = account.NewUsers(db, f.clock.Now)
	for name, role := range map[string]account.Role{"bientap": account.Editor, "totruong": account.TeamLead,
		"truongban": account.BoardHead, "daumoi": account.Liaison, "daumoi2": account.Liaison, "ctv": account.Collaborator} {
		u, err := f.users.Create(ctx, account.NewUser{Username: name, FullName: name, Email: name + "@example.vn", Password: "mật-khẩu-dài-đủ-1"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.users.Grant(ctx, u.ID, f.site.ID, role, audit.CLI); err != nil {
			t.Fatal(err)
		}
		u, _ = f.users.ByID(ctx, u.ID)
		f.people[name] = feedback.Person{User: u, MainID: f.site.ID, IP: "127.0.0.1"}
	}
	f.fb = feedback.NewStore(db, feedback.Options{Now: f.clock.Now, Notify: func(_ context.Context, _ *store.Tx, to, subject, text string) error {
		f.mu.Lock()
		f.mails = append(f.mails, mail{to, subject, text})
		f.mu.Unlock()
		return nil
	}})
	return f
}

func (f *fixture) submission() feedback.Submission {
	return feedback.Submission{SiteID: f.site.ID, Category: feedback.Unsuitable, Title: "Thủ tục cấp phép xây dựng quá rườm rà",
		Body: "Hồ sơ xin phép xây nhà ở riêng lẻ phải nộp 3 bản sao giấy tờ đất đai.", Name: "Nguyễn Văn An",
		Address: "12 Lê Lợi, phường Trấn Biên", Phone: "0912 345 678", Email: "an@example.vn", IP: "203.0.113.9"}
}

func (f *fixture) step(who string, req feedback.StepRequest) *feedback.Request {
	f.t.Helper()
	r, err := f.fb.Step(context.Background(), req, f.people[who])
	if err != nil {
		f.t.Fatalf("%s %s: %v", who, req.Action, err)
	}
	return r
}

func (f *fixture) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

package report

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestRequiredSectionsByItem judges a department's required sections
// item by item over November 2026, "now" 2 December 2026 at noon. The
// deadlines are the defaults (5 working days; the spokesperson's section
// 24 hours) until a new set raises the default to 10 working days from
// 16 November. November 2026 has no public holiday.
//
// Written down before running:
//
//	section A (default deadline)
//	  a1 created Mon 2 Nov 09:00, published Thu 5 Nov     due end of Mon 9 Nov    on time
//	  a2 created Mon 9 Nov 09:00, published Fri 20 Nov    due end of Mon 16 Nov   late
//	  a3 created Tue 10 Nov 09:00, still a draft          due end of Tue 17 Nov   overdue
//	  a4 created Mon 30 Nov 09:00, still a draft          due end of Mon 7 Dec    waiting
//	  a5 created Thu 5 Nov, archived unpublished          withdrawn               not counted
//	  a6 created 20 Oct, published 1 Nov                  created before          not counted
//	  a7 created Tue 17 Nov 09:00, published Fri 27 Nov   10 days (new set): due end of Tue 1 Dec   on time
//	spokesperson section (24 hours)
//	  s1 created Tue 3 Nov 08:00, published Wed 4 Nov 09:00                        late
//	section C: its category removed                                               missing
//	every other required section: no item                                         empty
//
// So: created 6, on time 2, late 2, overdue 1, waiting 1; sections with a
// late item 2, with an overdue item 1, missing 1, empty all but three.
func TestRequiredSectionsByItem(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := func() time.Time { return at(12, 2, 12, 0) }
		rs := rules.NewStore(db, now)
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		dept := &site.Site{Code: "so-a", Kind: site.Department, Name: "Sở A", PathPrefix: "/so-a"}
		if err := site.NewSites(db, now).Create(ctx, dept, audit.CLI); err != nil {
			t.Fatal(err)
		}
		cs := content.NewStore(db, now)
		x := &rules.Sites{Rules: rs, Content: cs}
		if _, err := x.EnsureSections(ctx, dept, audit.CLI); err != nil {
			t.Fatal(err)
		}
		_, secs, err := x.Required(ctx, dept)
		if err != nil {
			t.Fatal(err)
		}
		cats, err := cs.Categories(ctx, dept.ID)
		if err != nil {
			t.Fatal(err)
		}
		bySlug := map[string]int64{}
		for _, c := range cats {
			bySlug[c.Slug] = c.ID
		}
		secA, secC := secs[0].Slug, secs[1].Slug
		if secA == "nguoi-phat-ngon" || secC == "nguoi-phat-ngon" || bySlug["nguoi-phat-ngon"] == 0 {
			t.Fatalf("sections %s, %s: the test needs two others and the spokesperson's", secA, secC)
		}
		if _, err := db.Exec(ctx, `DELETE FROM categories WHERE id = ?`, bySlug[secC]); err != nil {
			t.Fatal(err)
		}
		// From 16 November the default deadline is 10 working days.
		old, err := rs.InForce(ctx, rules.KindDeadlines, "2026-11-10")
		if err != nil {
			t.Fatal(err)
		}
		nu, err := rs.Supersede(ctx, old.ID, rules.Supersession{From: "2026-11-16", Reason: "Thử thời hạn mới"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		r := *nu.Rule("deadline.default")
		r.Value = "10"
		if err := rs.SetRule(ctx, nu.ID, r, "Thử thời hạn mới", audit.CLI); err != nil {
			t.Fatal(err)
		}

		n := 0
		item := func(slug string, state string, created, published time.Time) {
			t.Helper()
			n++
			var pub any
			if !published.IsZero() {
				pub = published.UTC()
			}
			if _, err := db.Exec(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, category_id, live, first_published_at, published_at, created_at, updated_at)
				VALUES (?, 'article', ?, 'vi', ?, ?, ?, ?, ?, ?, ?)`, dept.ID, state, "muc-"+string(rune('a'+n)), bySlug[slug], state == "published", pub, pub,
				created.UTC(), now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		none := time.Time{}
		item(secA, "published", at(11, 2, 9, 0), at(11, 5, 9, 0))
		item(secA, "published", at(11, 9, 9, 0), at(11, 20, 9, 0))
		item(secA, "draft", at(11, 10, 9, 0), none)
		item(secA, "draft", at(11, 30, 9, 0), none)
		item(secA, "archived", at(11, 5, 9, 0), none)
		item(secA, "published", at(10, 20, 9, 0), at(11, 1, 9, 0))
		item(secA, "published", at(11, 17, 9, 0), at(11, 27, 9, 0))
		item("nguoi-phat-ngon", "published", at(11, 3, 8, 0), at(11, 4, 9, 0))

		nov, _ := ParsePeriod("2026-11")
		rep := New(db, now)
		rep.Rules = rs
		a, err := rep.Activity(ctx, Scope{Sites: []*site.Site{dept}, Period: nov})
		if err != nil {
			t.Fatal(err)
		}
		f := a.Required
		if !f.Judged || len(f.Sections) != len(secs) {
			t.Fatalf("judged %v, %d sections, want %d", f.Judged, len(f.Sections), len(secs))
		}
		got := [5]int{f.Created, f.OnTime, f.Late, f.Overdue, f.Waiting}
		if want := [5]int{6, 2, 2, 1, 1}; got != want {
			t.Errorf("created, on time, late, overdue, waiting = %v, want %v", got, want)
		}
		if f.WithLate != 2 || f.WithOverdue != 1 || f.Missing != 1 || f.Empty != len(secs)-3 {
			t.Errorf("sections with late %d (2), with overdue %d (1), missing %d (1), empty %d (%d)",
				f.WithLate, f.WithOverdue, f.Missing, f.Empty, len(secs)-3)
		}
		for _, s := range f.Sections {
			switch s.Slug {
			case secA:
				if s.Created != 5 || s.OnTime != 2 || s.Late != 1 || s.Overdue != 1 || s.Waiting != 1 || s.Empty || !s.Flagged() {
					t.Errorf("section A: %+v", s)
				}
			case "nguoi-phat-ngon":
				if s.Created != 1 || s.Late != 1 || s.Empty {
					t.Errorf("spokesperson section: %+v", s)
				}
			case secC:
				if !s.Missing || !s.Flagged() {
					t.Errorf("section C: %+v", s)
				}
			}
		}
		if by := f.BySite(); len(by) != 1 || by[0].Empty != len(secs)-2 || by[0].Late != 2 {
			t.Errorf("by site: %+v", by[0])
		}

		// The dashboard counts the same sections.
		o, err := rep.Oversight(ctx, []*site.Site{dept}, nov, nil)
		if err != nil {
			t.Fatal(err)
		}
		row := o.Rows[0]
		if !row.SectionsReported || row.SectionsEmpty != len(secs)-2 || row.SectionsOverdue != 2 {
			t.Errorf("dashboard: reported %v, empty %d (%d), late or overdue %d (2)", row.SectionsReported, row.SectionsEmpty, len(secs)-2, row.SectionsOverdue)
		}
	})
}

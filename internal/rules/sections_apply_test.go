package rules_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// testClock is a clock a test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

func slugsOf(t *testing.T, cs *content.Store, siteID int64) []string {
	t.Helper()
	cats, err := cs.Categories(context.Background(), siteID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cats {
		out = append(out, c.Slug)
	}
	return out
}

func applyEntries(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := audit.Count(context.Background(), db, audit.Filter{Action: rules.ApplyAction})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSectionsOnEverySite: a new site gets the categories of the sections
// its kind requires; a new sections set in force gives every live site
// its new sections once; the sections earlier sets required and the set
// in force no longer does are listed (issue 17, point 4).
func TestSectionsOnEverySite(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &testClock{t: time.Date(2026, 8, 3, 9, 0, 0, 0, vn.ICT)}
		rs := rules.NewStore(db, clock.Now)
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		cs := content.NewStore(db, clock.Now)
		sites := site.NewSites(db, clock.Now)
		x := &rules.Sites{Rules: rs, Content: cs}
		set, err := rs.InForce(ctx, rules.KindSections, rs.Today())
		if err != nil || set.Code != rules.SectionsDecree224 {
			t.Fatalf("set in force = %v, %v", set, err)
		}

		main := &site.Site{Code: "tinh-x", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh X"}
		dept := &site.Site{Code: "so-yte", Kind: site.Department, PathPrefix: "/so-yte", Name: "Sở Y tế tỉnh X"}
		xa := &site.Site{Code: "xa-a", Kind: site.Commune, PathPrefix: "/xa-a", Name: "Ủy ban nhân dân xã A"}
		for _, st := range []*site.Site{main, dept, xa} {
			n, err := x.CreateSite(ctx, sites, st, audit.CLI)
			want := set.Sections(st.Kind)
			if err != nil || n != len(want) || len(want) < 8 {
				t.Fatalf("CreateSite(%s) = %d, %v; want %d sections", st.Code, n, err, len(want))
			}
			got := slugsOf(t, cs, st.ID)
			for _, sec := range want {
				if !slices.Contains(got, sec.Slug) {
					t.Errorf("%s lacks the category %s", st.Code, sec.Slug)
				}
			}
		}
		if !slices.Contains(slugsOf(t, cs, main.ID), "thong-ke") || slices.Contains(slugsOf(t, cs, xa.ID), "thong-ke") {
			t.Errorf("sections by kind: portal %v, commune %v", slugsOf(t, cs, main.ID), slugsOf(t, cs, xa.ID))
		}
		// A bad site is not made, and gets nothing.
		if _, err := x.CreateSite(ctx, sites, &site.Site{Code: "Sai Mã", Kind: site.Department, Name: "X"}, audit.CLI); err == nil {
			t.Error("a bad code was accepted")
		}

		// Again: nothing made, nothing recorded.
		entries := applyEntries(t, db)
		if n, err := x.ApplyAll(ctx, sites, audit.CLI); err != nil || n != 0 || applyEntries(t, db) != entries {
			t.Fatalf("second ApplyAll = %d, %v (%d → %d entries)", n, err, entries, applyEntries(t, db))
		}
		// The department's editors move the statistics section elsewhere:
		// the same set does not make it again.
		stat, err := cs.CategoryBySlug(ctx, dept.ID, "thong-ke")
		if err != nil {
			t.Fatal(err)
		}
		stat.Slug, stat.Name = "so-lieu", "Số liệu"
		if err := cs.SaveCategory(ctx, stat, audit.CLI); err != nil {
			t.Fatal(err)
		}
		if n, err := x.ApplyAll(ctx, sites, audit.CLI); err != nil || n != 0 {
			t.Fatalf("ApplyAll after a category moved = %d, %v", n, err)
		}
		// The commune is archived: it is given nothing more.
		if err := sites.Archive(ctx, xa, clock.Now(), audit.CLI); err != nil {
			t.Fatal(err)
		}
		before := len(slugsOf(t, cs, xa.ID))

		// A new sections set from 2027: digital transformation added, the
		// science programmes no longer required.
		next := &rules.Set{Code: "sections-test-2027", Kind: rules.KindSections, Name: "Chuyên mục bắt buộc từ 2027",
			Source: "Nghị định thử", ValidFrom: "2027-01-01"}
		for _, r := range set.Rules {
			if r.Key != "section.portal.khoa-hoc-cong-nghe" && r.Key != "section.department.khoa-hoc-cong-nghe" {
				next.Rules = append(next.Rules, &rules.Rule{Key: r.Key, Value: r.Value, Note: r.Note})
			}
		}
		for _, k := range []string{"portal", "department", "commune"} {
			next.Rules = append(next.Rules, &rules.Rule{Key: "section." + k + ".chuyen-doi-so", Value: "Chuyển đổi số", Note: "Điều thử"})
		}
		if err := rs.Save(ctx, next, audit.CLI); err != nil {
			t.Fatal(err)
		}
		// Not yet in force: nothing.
		if n, err := x.ApplyAll(ctx, sites, audit.CLI); err != nil || n != 0 {
			t.Fatalf("ApplyAll before the new set = %d, %v", n, err)
		}
		// Before it, nothing is "no longer required".
		if f, err := x.NoLongerRequired(ctx, dept); err != nil || len(f) != 0 {
			t.Fatalf("NoLongerRequired under the 2026 set = %+v, %v", f, err)
		}
		clock.Set(time.Date(2027, 1, 1, 0, 30, 0, 0, vn.ICT))
		// The portal and the department get the new section; the
		// department its statistics again (a new set gives all it requires).
		if n, err := x.ApplyAll(ctx, sites, audit.CLI); err != nil || n != 3 {
			t.Fatalf("ApplyAll on the new set's first day = %d, %v; want 3", n, err)
		}
		for _, st := range []*site.Site{main, dept} {
			if !slices.Contains(slugsOf(t, cs, st.ID), "chuyen-doi-so") {
				t.Errorf("%s did not get the new section: %v", st.Code, slugsOf(t, cs, st.ID))
			}
		}
		if !slices.Contains(slugsOf(t, cs, dept.ID), "thong-ke") {
			t.Error("the new set did not give the department its statistics section")
		}
		if len(slugsOf(t, cs, xa.ID)) != before {
			t.Error("the archived commune got sections")
		}
		if n, err := x.ApplyAll(ctx, sites, audit.CLI); err != nil || n != 0 {
			t.Fatalf("ApplyAll again = %d, %v", n, err)
		}

		// The science programmes: required by the earlier sets, not by
		// the one in force.
		f, err := x.NoLongerRequired(ctx, dept)
		if err != nil || len(f) != 1 || f[0].Category.Slug != "khoa-hoc-cong-nghe" {
			t.Fatalf("NoLongerRequired = %+v, %v; want the science programmes", f, err)
		}
		var codes []string
		for _, s := range f[0].Sets {
			codes = append(codes, s.Code)
		}
		if len(codes) == 0 || codes[0] != rules.SectionsDecree224 || !slices.Contains(codes, rules.SectionsDecree42) {
			t.Errorf("required by %v; want the 2026 set first, and Decree 42's", codes)
		}
		// A new site of the new set's day gets the new list.
		late := &site.Site{Code: "so-moi", Kind: site.Department, PathPrefix: "/so-moi", Name: "Sở Mới"}
		if _, err := x.CreateSite(ctx, sites, late, audit.CLI); err != nil {
			t.Fatal(err)
		}
		if got := slugsOf(t, cs, late.ID); !slices.Contains(got, "chuyen-doi-so") || slices.Contains(got, "khoa-hoc-cong-nghe") {
			t.Errorf("a site made under the 2027 set: %v", got)
		}
	})
}

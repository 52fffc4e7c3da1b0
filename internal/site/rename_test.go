package site_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func day(s string) time.Time             { t, _ := time.Parse(time.DateOnly, s); return t }
func at(t time.Time, h int) time.Time    { return t.Add(time.Duration(h) * time.Hour) }
func (c *testClock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func order(to site.Identity, from time.Time) site.RenameOrder {
	return site.RenameOrder{To: to, EffectiveAt: from, DecisionNo: "1656/NQ-UBTVQH15", DecisionText: "Sắp xếp đơn vị hành chính cấp xã"}
}

// TestRenameHistory: a site renamed twice keeps its names on each date,
// the old prefixes and hosts lead to it, and each renaming is audited.
func TestRenameHistory(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &testClock{t: day("2025-05-01")}
		ss := site.NewSites(db, clk.Now)
		main := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
		xa := &site.Site{Code: "xa-a", Kind: site.District, Name: "Huyện A", NameEN: "A District", PathPrefix: "/huyen-a", Host: "huyena.example.vn"}
		other := &site.Site{Code: "so-b", Kind: site.Department, Name: "Sở B", PathPrefix: "/so-b"}
		for _, s := range []*site.Site{main, xa, other} {
			if err := ss.Create(ctx, s, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		// Refusals: no decision, nothing changed, a prefix in use.
		if _, err := ss.Rename(ctx, xa, site.RenameOrder{To: site.Identity{Name: "Xã A", Kind: site.Commune, PathPrefix: "/xa-a"}, EffectiveAt: day("2025-07-01")}, audit.CLI); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("rename without a decision = %v; want Invalid", err)
		}
		if _, err := ss.Rename(ctx, xa, order(xa.Identity(), day("2025-07-01")), audit.CLI); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("rename to the same identity = %v; want Invalid", err)
		}
		if _, err := ss.Rename(ctx, xa, order(site.Identity{Name: "Xã A", Kind: site.Commune, PathPrefix: "/so-b"}, day("2025-07-01")), audit.CLI); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("rename to another site's prefix = %v; want Conflict", err)
		}

		// The first renaming waits for 1 July 2025.
		first := site.Identity{Name: "Xã A", NameEN: "A Commune", Kind: site.Commune, PathPrefix: "/xa-a", Host: "xaa.example.vn"}
		rn, err := ss.Rename(ctx, xa, order(first, day("2025-07-01")), audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if rn.Applied() || xa.Name != "Huyện A" {
			t.Fatalf("a renaming dated later was applied at once: %+v", rn)
		}
		if _, err := ss.Rename(ctx, xa, order(site.Identity{Name: "Xã Z", Kind: site.Commune, PathPrefix: "/xa-z"}, day("2025-08-01")), audit.CLI); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a second renaming while one waits = %v; want Conflict", err)
		}
		r := site.NewResolver(ss, time.Hour)
		renamed := 0
		r.OnRenamed = func() { renamed++ }
		if err := r.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if s, rest := r.Resolve(ctx, "portal.example", "/huyen-a/lien-he"); s == nil || s.Code != "xa-a" || rest != "/lien-he" {
			t.Fatalf("before its date the site answers at its old prefix: got %v %q", s, rest)
		}
		if mv := r.Moved(ctx, "portal.example", "/huyen-a/lien-he"); mv != nil {
			t.Fatalf("before its date the old prefix is not moved")
		}
		// The date comes: the next request puts it in force.
		clk.set(at(day("2025-07-01"), 1))
		if s, rest := r.Resolve(ctx, "portal.example", "/xa-a/lien-he"); s == nil || s.Code != "xa-a" || rest != "/lien-he" {
			t.Fatalf("after its date the site answers at its new prefix: got %v %q (apply error %v)", s, rest, r.ApplyErr)
		}
		if renamed != 1 {
			t.Errorf("OnRenamed called %d times; want 1", renamed)
		}
		got, _ := ss.ByCode(ctx, "xa-a")
		if got.Name != "Xã A" || got.Kind != site.Commune || got.Host != "xaa.example.vn" || got.PathPrefix != "/xa-a" {
			t.Fatalf("after the date the site is %+v", got)
		}

		// A second renaming, dated in the past (recorded late): in force at once.
		clk.set(day("2026-03-10"))
		got.History, _ = ss.History(ctx, got.ID)
		second := site.Identity{Name: "Phường A", NameEN: "A Ward", Kind: site.Commune, PathPrefix: "/phuong-a", Host: "phuonga.example.vn"}
		if _, err := ss.Rename(ctx, got, order(second, day("2025-06-30")), audit.CLI); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("a renaming dated before the previous = %v; want Invalid", err)
		}
		rn2, err := ss.Rename(ctx, got, order(second, day("2026-03-01")), audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if !rn2.Applied() || got.Name != "Phường A" {
			t.Fatalf("a renaming dated in the past waits: %+v", rn2)
		}
		if err := r.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		list, _ := ss.List(ctx)
		var cur *site.Site
		for _, s := range list {
			if s.Code == "xa-a" {
				cur = s
			}
		}
		for _, tt := range []struct {
			on         time.Time
			lang, name string
		}{
			{day("2024-12-31"), "vi", "Huyện A"},
			{day("2024-12-31"), "en", "A District"},
			{at(day("2025-06-30"), 23), "vi", "Huyện A"},
			{day("2025-07-01"), "vi", "Xã A"},
			{day("2026-02-28"), "en", "A Commune"},
			{day("2026-03-01"), "vi", "Phường A"},
			{day("2026-12-01"), "en", "A Ward"},
		} {
			if got := cur.NameOn(tt.on, tt.lang); got != tt.name {
				t.Errorf("NameOn(%s, %s) = %q; want %q", tt.on.Format(time.DateTime), tt.lang, got, tt.name)
			}
		}
		if f := cur.Formerly(); len(f) != 2 || f[0].Old.Name != "Xã A" || f[1].Old.Name != "Huyện A" || f[1].DecisionNo == "" {
			t.Errorf("Formerly = %+v; want Xã A then Huyện A", f)
		}
		if since := cur.Since(cur.Formerly()[0]); since == nil || !since.Equal(day("2025-07-01")) {
			t.Errorf("Since(second) = %v; want 2025-07-01", since)
		}

		// Every old host and prefix leads to the site of today in one step.
		for _, tt := range []struct {
			host, path, rest string
			byHost           bool
		}{
			{"portal.example", "/huyen-a/tin-tuc/x", "/tin-tuc/x", false},
			{"portal.example", "/xa-a", "/", false},
			{"portal.example", "/xa-a/en/", "/en/", false},
			{"huyena.example.vn", "/van-ban", "/van-ban", true},
			{"XAA.example.vn:443", "/feed.atom", "/feed.atom", true},
		} {
			mv := r.Moved(ctx, tt.host, tt.path)
			if mv == nil || mv.To.Code != "xa-a" || mv.To.PathPrefix != "/phuong-a" || mv.Rest != tt.rest || mv.ByHost != tt.byHost || len(mv.Via) != 0 {
				t.Errorf("Moved(%q, %q) = %+v; want xa-a at /phuong-a, %q, %v", tt.host, tt.path, mv, tt.rest, tt.byHost)
			}
		}
		for _, tt := range [][2]string{{"portal.example", "/phuong-a/x"}, {"phuonga.example.vn", "/huyen-a/x"}, {"portal.example", "/so-b/"}, {"portal.example", "/xa-ab"}} {
			if mv := r.Moved(ctx, tt[0], tt[1]); mv != nil {
				t.Errorf("Moved(%q, %q) = %s; want nothing (a live address)", tt[0], tt[1], mv.To.Code)
			}
		}
		// A live site that takes an old prefix wins over the redirect.
		if err := ss.Create(ctx, &site.Site{Code: "xa-moi", Kind: site.Commune, Name: "Xã mới", PathPrefix: "/huyen-a"}, audit.CLI); err != nil {
			t.Fatal(err)
		}
		r.Reload(ctx)
		if mv := r.Moved(ctx, "portal.example", "/huyen-a/"); mv != nil {
			t.Errorf("an old prefix taken by a new site still moves to %s", mv.To.Code)
		}

		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'site.rename'`).Scan(&n)
		var applied int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'site.rename.apply'`).Scan(&applied)
		if n != 2 || applied != 1 {
			t.Errorf("audit: %d site.rename, %d site.rename.apply; want 2 and 1", n, applied)
		}
		// Applying again does nothing.
		if k, err := ss.ApplyDue(ctx); err != nil || k != 0 {
			t.Errorf("ApplyDue again = %d, %v; want 0", k, err)
		}
	})
}

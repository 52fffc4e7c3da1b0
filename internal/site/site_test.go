package site_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		s     site.Site
		field string // "" when valid
	}{
		{"department by prefix", site.Site{Code: "so-khcn", Kind: site.Department, Name: "Sở KH&CN", PathPrefix: "/so-khcn"}, ""},
		{"prefix without slash is fixed", site.Site{Code: "so-tc", Kind: site.Department, Name: "Sở Tài chính", PathPrefix: "so-tc/"}, ""},
		{"host upper-case is fixed", site.Site{Code: "so-yt", Kind: site.Department, Name: "Sở Y tế", Host: "SoYT.DongNai.gov.vn"}, ""},
		{"main portal", site.Site{Code: "dong-nai", Kind: site.Portal, Main: true, Name: "UBND tỉnh"}, ""},
		{"code with diacritics", site.Site{Code: "sở", Kind: site.Department, Name: "X", PathPrefix: "/x"}, "code"},
		{"code with space", site.Site{Code: "so tc", Kind: site.Department, Name: "X", PathPrefix: "/x"}, "code"},
		{"unknown kind", site.Site{Code: "x", Kind: "huyen", Name: "X", PathPrefix: "/x"}, "kind"},
		{"no name", site.Site{Code: "x", Kind: site.Other, Name: "  ", PathPrefix: "/x"}, "name"},
		{"bad host", site.Site{Code: "x", Kind: site.Other, Name: "X", Host: "a..b"}, "host"},
		{"reserved prefix", site.Site{Code: "x", Kind: site.Other, Name: "X", PathPrefix: "/quan-tri"}, "path_prefix"},
		{"nested prefix", site.Site{Code: "x", Kind: site.Other, Name: "X", PathPrefix: "/a/b"}, "path_prefix"},
		{"component without address", site.Site{Code: "x", Kind: site.Other, Name: "X"}, "path_prefix"},
		{"main of wrong kind", site.Site{Code: "x", Kind: site.Commune, Main: true, Name: "X"}, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v; want valid", err)
				}
				return
			}
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || e.Fields[tt.field].VI == "" || e.Fields[tt.field].EN == "" {
				t.Fatalf("Validate = %v; want an Invalid error on %q in both languages", err, tt.field)
			}
		})
	}
}

func TestNameIsCleaned(t *testing.T) {
	s := site.Site{Code: "x", Kind: site.Other, Name: "  Ban Quản lý dự án Trƣởng  ", PathPrefix: "/x"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Name != "Ban Quản lý dự án Trưởng" {
		t.Errorf("Name = %q; want NFC, ƣ repaired, trimmed", s.Name)
	}
}

func TestStoreAndResolve(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ss := site.NewSites(db, time.Now)
		main := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
		dept := &site.Site{Code: "so-a", Kind: site.Department, Name: "Sở A", PathPrefix: "/so-a"}
		hosted := &site.Site{Code: "so-b", Kind: site.Department, Name: "Sở B", Host: "sob.example.vn", PathPrefix: "/so-b"}
		for _, s := range []*site.Site{main, dept, hosted} {
			if err := ss.Create(ctx, s, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		for _, dup := range []*site.Site{
			{Code: "tinh2", Kind: site.Portal, Main: true, Name: "Cổng thứ hai"},
			{Code: "so-a", Kind: site.Department, Name: "Trùng mã", PathPrefix: "/so-z"},
			{Code: "so-c", Kind: site.Department, Name: "Trùng tiền tố", PathPrefix: "/so-a"},
			{Code: "so-d", Kind: site.Department, Name: "Trùng tên miền", Host: "sob.example.vn"},
		} {
			if err := ss.Create(ctx, dup, audit.CLI); apperr.KindOf(err) != apperr.Conflict {
				t.Errorf("Create(%s) = %v; want Conflict", dup.Name, err)
			}
		}
		if err := ss.Archive(ctx, main, time.Now(), audit.CLI); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("archiving the main portal = %v; want Invalid", err)
		}
		if err := ss.Archive(ctx, dept, time.Now(), audit.CLI); err != nil {
			t.Fatal(err)
		}
		r := site.NewResolver(ss, time.Minute)
		if err := r.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		tests := []struct{ host, path, code, rest string }{
			{"portal.example", "/", "tinh", "/"},
			{"portal.example", "/gioi-thieu", "tinh", "/gioi-thieu"},
			{"portal.example", "/so-a/", "so-a", "/"},
			{"portal.example", "/so-a/lien-he", "so-a", "/lien-he"},
			{"portal.example", "/so-a", "so-a", "/"},
			{"portal.example", "/so-ab/x", "tinh", "/so-ab/x"},
			{"sob.example.vn", "/lien-he", "so-b", "/lien-he"},
			{"SOB.example.vn.:443", "/", "so-b", "/"},
			{"portal.example", "/so-b/x", "so-b", "/x"},
			{"", "", "tinh", ""},
		}
		for _, tt := range tests {
			s, rest := r.Resolve(ctx, tt.host, tt.path)
			if s == nil || s.Code != tt.code || rest != tt.rest {
				t.Errorf("Resolve(%q, %q) = %v, %q; want %s, %q", tt.host, tt.path, s, rest, tt.code, tt.rest)
			}
		}
		got, _ := ss.ByCode(ctx, "so-a")
		if got.Status != site.Archived || got.ArchivedAt == nil {
			t.Errorf("archived site = %+v", got)
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'site.%'`).Scan(&n)
		if n != 4 {
			t.Errorf("audit has %d site entries; want 4 (3 created, 1 archived)", n)
		}
	})
}

func FuzzResolve(f *testing.F) {
	db := storetest.SQLite(f)
	ctx := context.Background()
	ss := site.NewSites(db, time.Now)
	ss.Create(ctx, &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}, audit.CLI)
	ss.Create(ctx, &site.Site{Code: "so-a", Kind: site.Department, Name: "Sở A", PathPrefix: "/so-a"}, audit.CLI)
	r := site.NewResolver(ss, 0)
	if err := r.Reload(ctx); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][2]string{{"a.b", "/"}, {"", ""}, {"[::1]:80", "/so-a/x"}, {"x:y:z", "//"}, {"\xff", "/\xff/"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, host, path string) {
		s, rest := r.Resolve(ctx, host, path)
		if s == nil {
			t.Fatal("no site for a request while a main portal exists")
		}
		if rest != "/" && !strings.HasSuffix(path, rest) {
			t.Fatalf("rest %q is not a suffix of the path %q", rest, path)
		}
	})
}

func TestWorkflowSettingsRoundTrip(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ss := site.NewSites(db, time.Now)
		s := &site.Site{Code: "xa-a", Kind: site.Commune, Name: "Xã A", PathPrefix: "/xa-a", Workflow: "short", PostCheckHours: 8}
		if err := ss.Create(ctx, s, audit.CLI); err != nil {
			t.Fatal(err)
		}
		got, _ := ss.ByCode(ctx, "xa-a")
		if got.Workflow != "short" || got.PostCheckHours != 8 {
			t.Fatalf("stored %q, %d; want short, 8", got.Workflow, got.PostCheckHours)
		}
		got.Name = "Xã A mới"
		if err := ss.Update(ctx, got, audit.CLI); err != nil {
			t.Fatal(err)
		}
		again, _ := ss.ByCode(ctx, "xa-a")
		if again.Workflow != "short" || again.PostCheckHours != 8 || again.Name != "Xã A mới" {
			t.Errorf("after an update of the name: %q, %d, %q", again.Workflow, again.PostCheckHours, again.Name)
		}
		bad := &site.Site{Code: "xa-b", Kind: site.Commune, Name: "Xã B", PathPrefix: "/xa-b", Workflow: "nhanh"}
		if err := ss.Create(ctx, bad, audit.CLI); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("unknown workflow = %v; want Invalid", err)
		}
	})
}

package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

func TestSitesAnswerByPrefixAndHost(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ss := site.NewSites(db, h.clock.Now)
		hosted := &site.Site{Code: "so-tc", Kind: site.Department, Name: "Sở Tài chính", Host: "sotc.example.gov.vn", ParentID: h.main.ID}
		if err := ss.Create(context.Background(), hosted, audit.CLI); err != nil {
			t.Fatal(err)
		}
		// A fresh server sees the new site at start-up.
		srv, err := web.New(context.Background(), web.Options{DB: db, Log: discard(), Now: h.clock.Now, MediaDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		h.srv.Config.Handler = srv
		b := h.browser()
		tests := []struct {
			name, host, path string
			status           int
			want             []string
		}{
			{"main portal", "", "/", 200, []string{"Ủy ban nhân dân tỉnh Đồng Nai", `lang="vi"`, "Sơ đồ trang"}},
			{"main in English", "", "/en/", 200, []string{"Dong Nai Provincial People&#39;s Committee", `lang="en"`, "Site map"}},
			{"department by prefix", "", "/so-khcn/", 200, []string{"Sở Khoa học và Công nghệ tỉnh Đồng Nai", `href="/so-khcn/gioi-thieu"`}},
			{"department intro", "", "/so-khcn/gioi-thieu", 200, []string{"Sở, ban, ngành"}},
			{"department in English", "", "/so-khcn/en/lien-he", 200, []string{"Dong Nai Department of Science and Technology", `href="/so-khcn/en/so-do-trang"`}},
			{"commune", "", "/phuong-tran-bien/", 200, []string{"Ủy ban nhân dân phường Trấn Biên"}},
			{"archived site still answers", "", "/bien-hoa/", 200, []string{"Ủy ban nhân dân thành phố Biên Hòa", "được lưu trữ từ ngày"}},
			{"site by host name", "sotc.example.gov.vn", "/", 200, []string{"Sở Tài chính"}},
			{"host name with port", "SOTC.example.gov.vn:8080", "/lien-he", 200, []string{"Sở Tài chính"}},
			{"site map lists every site", "", "/so-do-trang", 200, []string{"Sở Khoa học", "phường Trấn Biên", "Biên Hòa", "Sở Tài chính",
				// every section and entrance, and the shortcut keys of REQ-54 (home 1, site map 3, search 4)
				`href="/nguoi-phat-ngon"`, `href="/hoi-dap"`, `href="/tim-kiem"`, `href="/chuyen-muc/tin-tuc-su-kien"`,
				"Phím tắt", `accesskey="1"`, `accesskey="3"`, `accesskey="4"`}},
			{"unknown page", "", "/khong-co", 404, []string{"Không tìm thấy trang"}},
			{"unknown page on a site", "", "/so-khcn/khong-co", 404, []string{"Không tìm thấy trang", "Sở Khoa học và Công nghệ"}},
			{"footer of REQ-15", "", "/", 200, []string{"Cơ quan chủ quản", "Chịu trách nhiệm chính", "Địa chỉ", "Điện thoại", "Thư điện tử", "banbientap@dongnai.gov.vn"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req, _ := http.NewRequest("GET", h.srv.URL+tt.path, nil)
				if tt.host != "" {
					req.Host = tt.host
				}
				p := b.do(req)
				if p.status != tt.status {
					t.Fatalf("GET %s%s = %d; want %d", tt.host, tt.path, p.status, tt.status)
				}
				for _, w := range tt.want {
					if !strings.Contains(p.body, w) {
						t.Errorf("GET %s%s: body lacks %q", tt.host, tt.path, w)
					}
				}
			})
		}
		if p := b.get("/so-khcn"); p.status != http.StatusMovedPermanently || p.location != "/so-khcn/" {
			t.Errorf("GET /so-khcn = %d %q; want 301 to /so-khcn/", p.status, p.location)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	db := storetest.SQLite(t)
	for _, tls := range []bool{false, true} {
		h := newHarness(t, db, func(o *web.Options) { o.BehindTLS = tls })
		for _, path := range []string{"/", "/dang-nhap", "/khong-co", "/healthz"} {
			p := h.browser().get(path)
			csp := p.header.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: CSP %q; want one without unsafe-inline, with frame-ancestors", path, csp)
			}
			for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY"} {
				if got := p.header.Get(k); got != want {
					t.Errorf("%s: %s = %q; want %q", path, k, got, want)
				}
			}
			if hsts := p.header.Get("Strict-Transport-Security"); (hsts != "") != tls {
				t.Errorf("%s behind TLS=%v: HSTS %q", path, tls, hsts)
			}
		}
		// Only the demo's first fill creates sites; later harnesses reuse them.
	}
}

func TestOperationsEndpoints(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		if p := b.get("/healthz"); p.status != 200 {
			t.Errorf("healthz = %d", p.status)
		}
		if p := b.get("/readyz"); p.status != 200 {
			t.Errorf("readyz = %d", p.status)
		}
		b.get("/")
		if p := b.get("/metrics"); p.status != 200 || !strings.Contains(p.body, `cong_http_requests_total{method="GET",route="site GET /{$}",status="200"}`) {
			t.Errorf("metrics = %d, lacks the request counter:\n%.500s", p.status, p.body)
		}
		db.Close()
		if p := b.get("/readyz"); p.status != http.StatusServiceUnavailable {
			t.Errorf("readyz with the database closed = %d; want 503", p.status)
		}
		if p := b.get("/healthz"); p.status != 200 {
			t.Errorf("healthz with the database closed = %d; want 200 (the process is up)", p.status)
		}
	})
}

func TestStaticAssetsAreFingerprinted(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	home := b.get("/")
	i := strings.Index(home.body, `href="/static/site.`)
	if i < 0 {
		t.Fatal("home page links no fingerprinted stylesheet")
	}
	href := home.body[i+6 : i+6+strings.Index(home.body[i+6:], `"`)]
	req, _ := http.NewRequest("GET", h.srv.URL+href, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	p := b.do(req)
	if p.status != 200 || !strings.Contains(p.header.Get("Cache-Control"), "immutable") || p.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("GET %s = %d, Cache-Control %q, Content-Encoding %q", href, p.status, p.header.Get("Cache-Control"), p.header.Get("Content-Encoding"))
	}
	if p := b.get("/static/site.00000000.css"); p.status != 404 {
		t.Errorf("unknown asset = %d; want 404", p.status)
	}
}

var _ = sql.ErrNoRows

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// A query parameter no page reads does not make a new page: "/?cb=RANDOM"
// is served from the cache like "/", so it cannot make every request
// render afresh. A parameter the page reads still does, once per value.
func TestPageCacheKeyIgnoresUnknownParameters(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()

		home := b.getWith("/?cb=1")
		if home.status != 200 || xcache(home) != "miss" {
			t.Fatalf("/?cb=1 = %d %s; want a fresh page", home.status, xcache(home))
		}
		for _, path := range []string{"/?cb=2", "/?cb=3&utm_source=x", "/", "/?trang=7", "/?q=x&nam=2010"} {
			if p := b.getWith(path); xcache(p) != "hit" || p.body != home.body {
				t.Errorf("%s = %s; want the home page from the cache", path, xcache(p))
			}
		}

		// /van-ban reads its filters and the page number, and nothing else.
		list := b.getWith("/van-ban")
		for _, path := range []string{"/van-ban?cb=1", "/van-ban?trang=1", "/van-ban?trang=abc", "/van-ban?trang=-1&x=y", "/van-ban?nam=xyz"} {
			if p := b.getWith(path); xcache(p) != "hit" || p.body != list.body {
				t.Errorf("%s = %s; want /van-ban from the cache", path, xcache(p))
			}
		}
		second := b.getWith("/van-ban?trang=2")
		if xcache(second) != "miss" || second.body == list.body {
			t.Fatalf("/van-ban?trang=2 = %s, same page as /van-ban: %v; want another page", xcache(second), second.body == list.body)
		}
		for _, path := range []string{"/van-ban?trang=02", "/van-ban?cb=9&trang=2", "/van-ban?tr%61ng=2"} {
			if p := b.getWith(path); xcache(p) != "hit" || p.body != second.body {
				t.Errorf("%s = %s; want page 2 from the cache", path, xcache(p))
			}
		}
		year := b.getWith("/van-ban?nam=2010&cb=1")
		if xcache(year) != "miss" || !strings.Contains(year.body, "2 kết quả") {
			t.Fatalf("/van-ban?nam=2010 = %s; want a fresh page with the year's 2 laws", xcache(year))
		}
		if p := b.getWith("/van-ban?sap-xep=&cb=2&nam=2010"); xcache(p) != "hit" || p.body != year.body {
			t.Errorf("the same filter in another order = %s; want a hit", xcache(p))
		}

		// A component site's list, reached by its prefix and in English.
		for _, base := range []string{"/so-khcn/van-ban", "/en/van-ban", "/so-khcn/en/van-ban"} {
			first := b.getWith(base + "?trang=2&cb=1")
			if p := b.getWith(base + "?cb=2&trang=2"); first.status != 200 || xcache(p) != "hit" || p.body != first.body {
				t.Errorf("%s: %d then %s; want the page from the cache", base, first.status, xcache(p))
			}
		}

		// One path, spelled two ways, is one page.
		intro := b.getWith("/gioi-thieu")
		if p := b.getWith("/%67ioi-thieu"); xcache(p) != "hit" || p.body != intro.body {
			t.Errorf("/%%67ioi-thieu = %s; want /gioi-thieu from the cache", xcache(p))
		}
	})
}

// What the key leaves out never reaches the page: a list that repeats its
// query in its paging links repeats only what it reads. Otherwise the
// page stored for "?trang=3&cb=X" would carry X to every reader of page 3.
func TestPageCacheUnknownParametersDoNotReachThePage(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		p := b.getWith("/van-ban?trang=3&cb=KHONG-DUOC-LUU&nam=2010")
		if p.status != 200 || xcache(p) != "miss" {
			t.Fatalf("GET = %d %s", p.status, xcache(p))
		}
		if strings.Contains(p.body, "KHONG-DUOC-LUU") || !strings.Contains(p.body, "nam=2010") {
			t.Errorf("the page's links carry an unknown parameter, or lost the year:\n%s", linksOf(p.body, "trang="))
		}
	})
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// linksOf lists the links of body that contain s.
func linksOf(body, s string) string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
		if strings.Contains(m[1], s) {
			out = append(out, m[1])
		}
	}
	return strings.Join(out, "\n")
}

// An escaped slash is not a slash: "/static%2Fsite.css" is one segment, a
// page of the site (a 404), and what is cached for it must never answer
// for the file /static/site.css.
func TestPageCacheKeyKeepsEscapedSlashes(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	css := regexp.MustCompile(`href="(/static/site\.[^"]+\.css)"`).FindStringSubmatch(b.get("/").body)
	if css == nil {
		t.Fatal("no stylesheet on the home page")
	}
	escaped := strings.Replace(css[1], "/static/", "/static%2F", 1)
	b.getWith(escaped)
	if p := b.getWith(escaped); p.status != 404 {
		t.Fatalf("%s = %d; want a site's 404", escaped, p.status)
	}
	if p := b.getWith(css[1]); p.status != 200 || !strings.Contains(p.header.Get("Content-Type"), "text/css") {
		t.Errorf("%s after %s = %d %q %s; want the stylesheet", css[1], escaped, p.status, p.header.Get("Content-Type"), xcache(p))
	}
}

// BenchmarkPageCacheHitQuery serves cached pages requested with a query:
// one no page reads (dropped from the key) and a page number (kept).
func BenchmarkPageCacheHitQuery(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(ctx, web.Options{DB: db, Log: discard(), MediaDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/?utm_source=zalo&cb=123", "/van-ban?trang=2&utm_source=zalo"} {
		b.Run(path, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			srv.ServeHTTP(httptest.NewRecorder(), req)
			b.ReportAllocs()
			w := &discardWriter{h: http.Header{}}
			for b.Loop() {
				clear(w.h)
				srv.ServeHTTP(w, req)
			}
			if w.h.Get("X-Cache") != "hit" {
				b.Fatalf("X-Cache = %q; want hit", w.h.Get("X-Cache"))
			}
		})
	}
}

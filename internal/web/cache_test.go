package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// getWith sends a GET with extra headers; the transport decodes nothing.
func (b *browser) getWith(path string, header ...string) page {
	b.h.t.Helper()
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func xcache(p page) string { return p.header.Get("X-Cache") }

// publish takes an article through the whole workflow as the board head
// and returns its admin path.
func (b *browser) publish(form url.Values) string {
	b.h.t.Helper()
	path := b.newItem(form)
	for _, a := range []string{"submit", "send", "approve"} {
		if p := b.post(path+"/buoc", url.Values{"action": {a}}); p.status != http.StatusSeeOther {
			b.h.t.Fatalf("%s = %d\n%.1500s", a, p.status, p.body)
		}
	}
	return path
}

// An unpublished item is never served again from the cache: not its
// page, not the home page listing it.
func TestPageCacheNeverServesAnUnpublishedItem(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("tban", account.BoardHead, "dong-nai")
		tb, anon := h.browser(), h.browser()
		tb.signIn("tban")
		path := tb.publish(article("Thông báo thử bộ nhớ đệm", "<p>Lịch tiếp công dân tháng 7.</p>"))
		const public = "/tin-tuc/thong-bao-thu-bo-nho-dem"

		first, second := anon.getWith(public), anon.getWith(public)
		if first.status != 200 || xcache(first) != "miss" || second.status != 200 || xcache(second) != "hit" || second.body != first.body {
			t.Fatalf("GET twice = %d %s, %d %s; want a miss then the same page from the cache",
				first.status, xcache(first), second.status, xcache(second))
		}
		anon.getWith("/")
		if home := anon.getWith("/"); xcache(home) != "hit" || !strings.Contains(home.body, "Thông báo thử bộ nhớ đệm") {
			t.Fatalf("home = %s; want a hit listing the article", xcache(home))
		}
		// Staff always get a fresh page and never a shared one.
		if p := tb.getWith(public); xcache(p) != "bypass" || !strings.Contains(p.header.Get("Cache-Control"), "private") {
			t.Errorf("staff GET = %s %q; want a bypass marked private", xcache(p), p.header.Get("Cache-Control"))
		}
		// A made-up session cookie is no way around the cache.
		forged := h.browser()
		u, _ := url.Parse(h.srv.URL)
		forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: "cong_session", Value: "gia-mao"}})
		if p := forged.getWith(public); xcache(p) != "hit" {
			t.Errorf("GET with a forged session cookie = %s; want a hit", xcache(p))
		}

		if p := tb.post(path+"/buoc", url.Values{"action": {"unpublish"}, "comment": {"Thông tin sai"}}); p.status != http.StatusSeeOther {
			t.Fatalf("unpublish = %d\n%.1500s", p.status, p.body)
		}
		for range 2 {
			if p := anon.getWith(public); p.status != http.StatusNotFound || strings.Contains(p.body, "Lịch tiếp công dân tháng 7") {
				t.Fatalf("after unpublishing: GET = %d %s; want 404", p.status, xcache(p))
			}
		}
		if home := anon.getWith("/"); strings.Contains(home.body, "Thông báo thử bộ nhớ đệm") {
			t.Errorf("after unpublishing the home page still lists the article (%s)", xcache(home))
		}
		// The stored 404 goes when the item comes back.
		if p := tb.post(path+"/buoc", url.Values{"action": {"republish"}}); p.status != http.StatusSeeOther {
			t.Fatalf("republish = %d", p.status)
		}
		if p := anon.getWith(public); p.status != 200 || xcache(p) != "miss" {
			t.Errorf("after republishing: GET = %d %s; want a fresh 200", p.status, xcache(p))
		}
	})
}

// A component site's news on the main portal's home goes when the
// component site unpublishes it, and scheduled publication reaches
// cached pages.
func TestPageCacheFollowsOtherSitesAndTheSchedule(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("tban", account.BoardHead, "dong-nai")
		tb, anon := h.browser(), h.browser()
		tb.signIn("tban")

		// Scheduled: the public gets (and the cache stores) a 404 until
		// the schedule publishes it.
		form := article("Bài hẹn giờ đăng", "<p>Hẹn giờ.</p>")
		form.Set("publish_at", h.clock.Now().Add(time.Hour).In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02T15:04"))
		tb.publish(form)
		anon.getWith("/tin-tuc/bai-hen-gio-dang")
		if p := anon.getWith("/tin-tuc/bai-hen-gio-dang"); p.status != 404 || xcache(p) != "hit" {
			t.Fatalf("scheduled item = %d %s; want a cached 404", p.status, xcache(p))
		}
		srv := h.srv.Config.Handler.(*web.Server)
		h.clock.Add(2 * time.Hour)
		ids, err := srv.Workflow().RunSchedule(context.Background(), h.clock.Now())
		if err != nil || len(ids) != 1 {
			t.Fatalf("schedule = %v, %v", ids, err)
		}
		if p := anon.getWith("/tin-tuc/bai-hen-gio-dang"); p.status != 200 {
			t.Errorf("after the scheduled publication: GET = %d %s; want 200", p.status, xcache(p))
		}
	})
}

func TestPageCacheCategoryAndSiteChanges(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("tban", account.BoardHead, "dong-nai")
		h.person("quantri9", account.Admin, "dong-nai")
		tb, admin, anon := h.browser(), h.browser(), h.browser()
		tb.signIn("tban")
		admin.signIn("quantri9")

		anon.getWith("/chuyen-muc/tin-tuc-su-kien")
		if p := anon.getWith("/chuyen-muc/tin-tuc-su-kien"); xcache(p) != "hit" {
			t.Fatalf("second GET = %s; want a hit", xcache(p))
		}
		if p := tb.post("/quan-tri/s/dong-nai/chuyen-muc", url.Values{"name": {"Chuyển đổi số"}, "in_menu": {"1"}, "position": {"9"}}); p.status != http.StatusSeeOther {
			t.Fatalf("category save = %d\n%.1500s", p.status, p.body)
		}
		if p := anon.getWith("/chuyen-muc/tin-tuc-su-kien"); xcache(p) != "miss" || !strings.Contains(p.body, "Chuyển đổi số") {
			t.Errorf("after a new menu category: %s, menu has it %v; want a fresh page with it", xcache(p), strings.Contains(p.body, "Chuyển đổi số"))
		}
		// Signed in, past the page cache: the menu kept for uncached pages
		// (menus.go) is emptied by the same change.
		if p := tb.get("/gioi-thieu"); !strings.Contains(p.body, "Chuyển đổi số") {
			t.Error("a page rendered afresh after the new category still shows the old menu")
		}

		// A site renamed: its pages and the main portal's (menus, site
		// map) change.
		anon.getWith("/so-khcn/")
		anon.getWith("/so-do-trang")
		st, err := site.NewSites(db, h.clock.Now).ByCode(context.Background(), "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"name": {"Sở Khoa học, Công nghệ và Đổi mới sáng tạo"}, "name_en": {st.NameEN}, "kind": {string(st.Kind)},
			"host": {st.Host}, "path_prefix": {st.PathPrefix}, "owner": {st.Owner}, "responsible": {st.Responsible},
			"address": {st.Address}, "phone": {st.Phone}, "email": {st.Email}, "workflow": {st.Workflow},
			"post_check_hours": {strconv.Itoa(st.PostCheckHours)}}
		if p := admin.post("/quan-tri/trang/so-khcn", form); p.status != http.StatusSeeOther {
			t.Fatalf("site update = %d\n%.1500s", p.status, p.body)
		}
		for _, path := range []string{"/so-khcn/", "/so-do-trang"} {
			if p := anon.getWith(path); !strings.Contains(p.body, "Đổi mới sáng tạo") {
				t.Errorf("%s after renaming the site (%s) shows the old name", path, xcache(p))
			}
		}
	})
}

func TestPageCacheHTTP(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	plain := b.getWith("/")
	if xcache(plain) != "miss" || plain.header.Get("Vary") != "Accept-Encoding" ||
		plain.header.Get("Cache-Control") != "public, max-age=0, s-maxage=60" ||
		plain.header.Get("CDN-Cache-Control") != "max-age=60, stale-while-revalidate=300" ||
		plain.header.Get("Content-Security-Policy") == "" {
		t.Fatalf("first GET: X-Cache %s, Vary %q, Cache-Control %q; security headers kept: %v", xcache(plain),
			plain.header.Get("Vary"), plain.header.Get("Cache-Control"), plain.header.Get("Content-Security-Policy") != "")
	}
	decoders := map[string]func(io.Reader) (io.Reader, error){
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for enc, decode := range decoders {
		p := b.getWith("/", "Accept-Encoding", enc)
		if p.header.Get("Content-Encoding") != enc || xcache(p) != "hit" {
			t.Errorf("Accept-Encoding %s: got %q %s", enc, p.header.Get("Content-Encoding"), xcache(p))
			continue
		}
		r, err := decode(strings.NewReader(p.body))
		if err != nil {
			t.Fatal(err)
		}
		if body, _ := io.ReadAll(r); string(body) != plain.body {
			t.Errorf("the %s body does not decode to the page", enc)
		}
		etag := p.header.Get("ETag")
		if nm := b.getWith("/", "Accept-Encoding", enc, "If-None-Match", etag); nm.status != http.StatusNotModified || nm.body != "" {
			t.Errorf("If-None-Match %s = %d; want 304", etag, nm.status)
		}
	}
	if p := b.getWith("/", "If-None-Match", `"an-old-version"`); p.status != 200 || p.body != plain.body {
		t.Errorf("an old ETag = %d; want the page", p.status)
	}
	// Pages outside the sites are not cached.
	for _, path := range []string{"/dang-nhap", "/healthz", "/quan-tri/"} {
		if p := b.getWith(path); xcache(p) != "" {
			t.Errorf("%s went through the page cache (%s)", path, xcache(p))
		}
	}
	// Unknown pages are stored as 404s; a POST is never looked up.
	b.getWith("/khong-co")
	if p := b.getWith("/khong-co"); p.status != 404 || xcache(p) != "hit" {
		t.Errorf("unknown page = %d %s; want a cached 404", p.status, xcache(p))
	}
	if p := b.post("/bao-loi", url.Values{"message": {"Lỗi chính tả"}, "page": {"/"}}); xcache(p) != "bypass" {
		t.Errorf("POST = %s; want a bypass", xcache(p))
	}
}

func TestPageCacheTTLAndSizeBound(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t), func(o *web.Options) { o.PageCacheBytes = 1 << 20 })
	b := h.browser()
	b.getWith("/gioi-thieu")
	if p := b.getWith("/gioi-thieu"); xcache(p) != "hit" {
		t.Fatalf("second GET = %s", xcache(p))
	}
	h.clock.Add(11 * time.Minute) // past the default TTL of ten minutes
	if p := b.getWith("/gioi-thieu"); xcache(p) != "miss" {
		t.Errorf("after the TTL: %s; want a miss", xcache(p))
	}
	// A megabyte holds some dozens of pages: the first of a few hundred
	// different ones (pages of a list: a parameter the page reads) is
	// gone by the end.
	b.getWith("/van-ban?trang=2")
	for i := range 300 {
		b.getWith("/van-ban?trang=" + strconv.Itoa(i+3))
	}
	if p := b.getWith("/van-ban?trang=2"); xcache(p) != "miss" {
		t.Errorf("the oldest unused page survived %s", xcache(p))
	}
}

func TestPageCacheRendersOnceUnderConcurrentMisses(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	const n = 30
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := map[string]int{}
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest("GET", h.srv.URL+"/so-do-trang", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			count[resp.Header.Get("X-Cache")]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	if count["miss"] != 1 || count["miss"]+count["shared"]+count["hit"] != n {
		t.Errorf("X-Cache of %d concurrent first requests: %v; want exactly one rendering", n, count)
	}
}

// discardWriter is the cheapest ResponseWriter, so that the benchmarks
// measure the handlers rather than a recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkPageCacheHit serves the main portal's home from the cache
// through the whole handler (logging, metrics, security headers, CSRF
// check, routing, site resolution) and compares it with a bare
// http.HandlerFunc writing the same bytes.
func BenchmarkPageCacheHit(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(ctx, web.Options{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MediaDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	for _, bb := range []struct {
		name string
		h    http.Handler
	}{{"cached", srv}, {"plain", plain}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			w := &discardWriter{h: http.Header{}}
			for b.Loop() {
				clear(w.h)
				bb.h.ServeHTTP(w, req)
			}
			if bb.name == "cached" && w.h.Get("X-Cache") != "hit" {
				b.Fatalf("X-Cache = %q; want hit", w.h.Get("X-Cache"))
			}
		})
	}
}

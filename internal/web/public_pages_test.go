package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// elementWithID is the part of a page from the <tag> with id to the
// first </tag> after it.
func elementWithID(body, id, tag string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<"+tag)
	end := strings.Index(body[i:], "</"+tag+">")
	if start < 0 || end < 0 {
		return ""
	}
	return body[start : i+end]
}

// mainMenu is the <nav class="mainnav"> of a page.
func mainMenu(body string) string {
	i := strings.Index(body, `<nav class="mainnav"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</nav>")
	if j < 0 {
		return ""
	}
	return body[i : i+j]
}

// TestPublicMenuOnEveryPageKind: every kind of public page, in both
// languages and the error page too, shows the same main menu, with the
// categories the site puts in it (the demo's three).
func TestPublicMenuOnEveryPageKind(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		want := []string{"/chuyen-muc/tin-tuc-su-kien", "/chuyen-muc/chi-dao-dieu-hanh", "/chuyen-muc/thong-bao",
			"/gioi-thieu", "/van-ban", "/to-chuc", "/dich-vu-cong", "/hoi-dap", "/lien-he", "/so-do-trang"}
		pages := []struct {
			path   string
			status int
		}{
			{"/", 200}, {"/gioi-thieu", 200}, {"/lien-he", 200}, {"/dich-vu-cong", 200}, {"/so-do-trang", 200},
			{"/chuyen-muc/thong-bao", 200}, {"/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027", 200},
			{"/van-ban", 200}, {"/van-ban/luat-thue-bao-ve-moi-truong", 200}, {"/to-chuc", 200}, {"/nguoi-phat-ngon", 200},
			{"/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91", 200}, {"/phan-anh-kien-nghi", 200}, {"/hoi-dap", 200},
			{"/khong-co-trang-nay", 404}, {"/tin-tuc/khong-co", 404}, {"/chuyen-muc/khong-co", 404},
			{"/en/", 200}, {"/en/gioi-thieu", 200}, {"/en/lien-he", 200}, {"/en/dich-vu-cong", 200}, {"/en/khong-co", 404},
		}
		for _, pg := range pages {
			p := b.get(pg.path)
			if p.status != pg.status {
				t.Errorf("%s: status %d, want %d", pg.path, p.status, pg.status)
				continue
			}
			menu := mainMenu(p.body)
			if menu == "" {
				t.Errorf("%s: no main menu", pg.path)
				continue
			}
			for _, link := range want {
				if !strings.Contains(menu, link+`"`) {
					t.Errorf("%s: the main menu has no link to %s", pg.path, link)
				}
			}
		}
	})
}

var hreflangRE = regexp.MustCompile(`<link rel="alternate" hreflang="([a-z]+)" href="([^"]*)">`)

// TestPublicHreflangIsAbsolute: the link to the page in the other
// language is a full URL on the host the page was asked from (search
// engines ignore a relative hreflang).
func TestPublicHreflangIsAbsolute(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	for _, c := range []struct{ path, lang, href string }{
		{"/", "en", "/en/"}, {"/gioi-thieu", "en", "/en/gioi-thieu"}, {"/en/lien-he", "vi", "/lien-he"},
		{"/so-khcn/", "en", "/so-khcn/en/"}, {"/khong-co", "en", "/en/khong-co"},
	} {
		p := b.get(c.path)
		m := hreflangRE.FindStringSubmatch(p.body)
		if m == nil {
			t.Errorf("%s: no hreflang link", c.path)
			continue
		}
		if m[1] != c.lang || m[2] != h.srv.URL+c.href {
			t.Errorf("%s: hreflang=%q href=%q, want %q and %q", c.path, m[1], m[2], c.lang, h.srv.URL+c.href)
		}
	}
}

// TestPublicSearchIsCompressed: result pages, which the page cache does
// not keep, still go out compressed to a client that takes gzip, and
// plain to one that does not.
func TestPublicSearchIsCompressed(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	c := h.browser().c
	get := func(path, accept string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", accept)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			r = zr
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return resp, string(body)
	}
	for _, path := range []string{"/tim-kiem?q=dong+nai", "/en/tim-kiem?q=dong+nai", "/so-khcn/tim-kiem?q=khoa+hoc", "/tim-kiem"} {
		resp, body := get(path, "gzip, deflate, br")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s with gzip: status %d, Content-Encoding %q; want 200 gzip", path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Vary %q lacks Accept-Encoding", path, resp.Header.Get("Vary"))
		}
		if !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.Contains(body, "</html>") {
			t.Errorf("%s: the unzipped page is not whole: %.80q…", path, body)
		}
		resp, body = get(path, "identity")
		if resp.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(body, "<!DOCTYPE html>") {
			t.Errorf("%s without gzip: Content-Encoding %q", path, resp.Header.Get("Content-Encoding"))
		}
	}
	// q=0 refuses gzip.
	if resp, _ := get("/tim-kiem?q=dong+nai", "gzip;q=0, identity"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
}

// TestPublicHomeNewsAndFeeds: "Tin mới" on the home page lists articles,
// not legal documents (which have their own link); the home and category
// pages show a link to their feed; the English home, which has no
// English news, is an English landing with links, not "Nothing has been
// published yet".
func TestPublicHomeNewsAndFeeds(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		home := b.get("/")
		latest := elementWithID(home.body, "tin-moi", "section")
		if latest == "" {
			t.Fatal("the home page has no Tin mới section")
		}
		if strings.Contains(latest, "/van-ban/") || strings.Contains(latest, "Luật") {
			t.Errorf("Tin mới lists legal documents:\n%s", latest)
		}
		if !strings.Contains(latest, "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027") {
			t.Errorf("Tin mới lacks the demo's article:\n%s", latest)
		}
		if !strings.Contains(latest, `href="/feed.atom"`) {
			t.Errorf("Tin mới has no visible feed link")
		}
		if !strings.Contains(home.body, `href="/van-ban"`) || !strings.Contains(elementWithID(home.body, "lien-ket-nhanh", "nav"), `href="/van-ban"`) {
			t.Errorf("the home page's quick links do not lead to the legal documents")
		}
		cat := b.get("/chuyen-muc/tin-tuc-su-kien")
		if !strings.Contains(cat.body, `<a href="/chuyen-muc/tin-tuc-su-kien/feed.atom"`) {
			t.Errorf("the category page has no visible link to its feed")
		}
		if f := b.get("/chuyen-muc/tin-tuc-su-kien/feed.atom"); f.status != 200 || !strings.Contains(f.body, "<feed") {
			t.Errorf("the category feed: %d", f.status)
		}
		en := b.get("/en/")
		if strings.Contains(en.body, "Nothing has been published yet") {
			t.Errorf("the English home says nothing has been published")
		}
		for _, link := range []string{`href="/en/gioi-thieu"`, `href="/en/van-ban"`, `href="/en/phan-anh-kien-nghi"`, `href="/en/lien-he"`, `href="/" hreflang="vi"`} {
			if !strings.Contains(en.body, link) {
				t.Errorf("the English home has no link %s", link)
			}
		}
	})
}

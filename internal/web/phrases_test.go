package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestPhrasesWrittenIn renders every page a crawl of the demo portal
// reaches — public pages in both languages, the staff pages of an editor
// and of an overseer in both languages — once with the catalogue's
// phrases written into the templates (writeInPhrases) and once with
// them left as actions, and wants the same bytes: writing them in
// changes how fast a page renders, never what it says.
func TestPhrasesWrittenIn(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	logins, err := demo.Fill(ctx, db, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(ctx, Options{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MediaDir: t.TempDir(), PageCacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	written := srv.tmpl
	plain, err := parseTemplates(false)
	if err != nil {
		t.Fatal(err)
	}
	password := map[string]string{}
	for _, l := range logins {
		password[l.Username] = l.Password
	}
	visitors := []struct {
		name, cookie string
		seeds        []string
	}{
		{"reader", "", []string{"/", "/en/", "/so-khcn/", "/so-khcn/en/", "/phuong-tran-bien/", "/bien-hoa/", "/khong-co"}},
		{"editor", signInCookie(t, srv, "bientap", password["bientap"]), []string{"/quan-tri/", "/quan-tri/khong-co"}},
		{"overseer", signInCookie(t, srv, "giamsat", password["giamsat"]), []string{"/quan-tri/", "/quan-tri/nhat-ky"}},
	}
	pages := 0
	for _, v := range visitors {
		for _, lang := range []string{"vi", "en"} {
			cookie := v.cookie
			if lang == "en" {
				if cookie == "" {
					continue // the public pages in English are under /en/, among the seeds
				}
				cookie += "; lang=en" // the staff pages' language
			}
			for _, path := range crawl(t, srv, cookie, v.seeds, 150) {
				srv.tmpl = written
				got := get(srv, cookie, path)
				srv.tmpl = plain
				want := get(srv, cookie, path)
				srv.tmpl = written
				pages++
				if !bytes.Equal(unrandom(got.Body.Bytes()), unrandom(want.Body.Bytes())) {
					t.Errorf("%s %s (%s): the page differs with the phrases written in:\n%s", v.name, path, lang,
						firstDifference(got.Body.String(), want.Body.String()))
				}
			}
		}
	}
	if pages < 100 {
		t.Errorf("the crawl compared only %d pages", pages)
	}
}

// signInCookie signs in and returns the session cookie.
func signInCookie(t *testing.T, srv http.Handler, username, password string) string {
	t.Helper()
	form := url.Values{"username": {username}, "password": {password}, "next": {"/quan-tri/"}}
	req := httptest.NewRequest("POST", "/dang-nhap", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("sign in as %s: %d, no cookie", username, rec.Code)
	return ""
}

func get(srv http.Handler, cookie, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

var hrefRE = regexp.MustCompile(`href="(/[^"#]*)"`)

// crawl follows the links of HTML pages from seeds, breadth first, and
// returns up to limit paths that answer with HTML. It leaves out what
// changes state on a GET (the language switch), files and feeds.
func crawl(t *testing.T, srv http.Handler, cookie string, seeds []string, limit int) []string {
	t.Helper()
	seen := map[string]bool{}
	queue := append([]string(nil), seeds...)
	var out []string
	for len(queue) > 0 && len(out) < limit {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		rec := get(srv, cookie, path)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		out = append(out, path)
		for _, m := range hrefRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(link, "/static/") || strings.HasPrefix(link, "/media/") || strings.HasPrefix(link, "/ngon-ngu") ||
				strings.HasPrefix(link, "/api/") || strings.Contains(link, ".atom") || strings.Contains(link, ".xml") ||
				strings.HasSuffix(link, ".png") || strings.HasSuffix(link, ".txt") {
				continue
			}
			if !seen[link] {
				queue = append(queue, link)
			}
		}
	}
	return out
}

// randomRE finds the values a page makes afresh at every request: the
// random keys of hidden fields (the idempotency key of a form).
var randomRE = regexp.MustCompile(`(<input type="hidden" name="[a-z_]+" value=")[A-Za-z0-9_-]{16,}"`)

// unrandom blanks those values for the comparison.
func unrandom(b []byte) []byte { return randomRE.ReplaceAll(b, []byte(`${1}…"`)) }

// firstDifference shows where two texts part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "with:    …" + a[from:min(len(a), i+80)] + "\nwithout: …" + b[from:min(len(b), i+80)]
}

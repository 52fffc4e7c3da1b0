package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/testenv"
)

// sitemapLint returns a function that validates a sitemap (urlset) or a
// sitemap index against its XML schema with xmllint: sitemap.xsd from the
// npm package sitemap (`npm ci`), and testdata/siteindex.xsd, which takes
// its types from it. Missing either skips, and fails under CI=true.
func sitemapLint(t *testing.T) func(name, body string) {
	t.Helper()
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		testenv.Missing(t, "xmllint not found (Debian: libxml2-utils): %v", err)
	}
	urlset, err := filepath.Abs("../../node_modules/sitemap/schema/sitemap.xsd")
	if err == nil {
		_, err = os.Stat(urlset)
	}
	if err != nil {
		testenv.Missing(t, "the sitemap schema is missing (run npm ci): %v", err)
	}
	index, _ := filepath.Abs("testdata/siteindex.xsd")
	dir := t.TempDir()
	return func(name, body string) {
		t.Helper()
		schema := urlset
		if strings.Contains(body, "<sitemapindex") {
			schema = index
		}
		f := filepath.Join(dir, strings.ReplaceAll(strings.Trim(name, "/"), "/", "_"))
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(lint, "--noout", "--nonet", "--schema", schema, f).CombinedOutput(); err != nil {
			t.Errorf("xmllint --schema %s %s: %v\n%s", filepath.Base(schema), name, err, out)
		}
	}
}

type sitemapDoc struct {
	XMLName xml.Name
	URLs    []string `xml:"url>loc"`
	Files   []string `xml:"sitemap>loc"`
}

// A site with more URLs than one sitemap file holds gets a sitemap index
// at /sitemap.xml, whose files hold at most 10,000 URLs each and together
// every page, category and published item of the site, once; each file
// and the index are valid against the protocol's schemas.
func TestSitemapIndexOfALargeSite(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		lint := sitemapLint(t)
		h := newHarness(t, db)
		fillVolume(t, db, volume{items: 30_000, requests: 10, audit: 10}, h.clock.Now())
		var want int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM items WHERE site_id = ? AND live`, h.main.ID).Scan(&want); err != nil {
			t.Fatal(err)
		}
		var cats int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM categories WHERE site_id = ?`, h.main.ID).Scan(&cats)
		want += 6 + cats // the site's own pages and its categories
		// The drafts for comment and the gazette's issues and documents
		// (the demo's), with their list pages.
		var drafts, issues, docs int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM consult_drafts WHERE site_id = ? AND state <> 'draft'`, h.main.ID).Scan(&drafts)
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM gazette_issues WHERE site_id = ? AND state = 'published'`, h.main.ID).Scan(&issues)
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM gazette_docs WHERE site_id = ? AND state <> 'received'`, h.main.ID).Scan(&docs)
		if drafts > 0 {
			want += 1 + drafts
		}
		if issues > 0 {
			want += 1 + issues + docs
		}
		// And the procedures of its catalogue.
		var procs int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM procedures WHERE site_id = ? AND removed_at IS NULL`, h.main.ID).Scan(&procs)
		want += procs
		if want <= 10000 {
			t.Fatalf("the test needs a site of more than 10,000 URLs; it has %d", want)
		}

		b := h.browser()
		p := b.get("/sitemap.xml")
		var index sitemapDoc
		if p.status != http.StatusOK || xml.Unmarshal([]byte(p.body), &index) != nil || index.XMLName.Local != "sitemapindex" {
			t.Fatalf("/sitemap.xml = %d, not a sitemap index:\n%.500s", p.status, p.body)
		}
		lint("sitemap.xml", p.body)
		seen := map[string]bool{}
		for _, loc := range index.Files {
			path := strings.TrimPrefix(loc, h.srv.URL)
			f := b.get(path)
			var set sitemapDoc
			if f.status != http.StatusOK || xml.Unmarshal([]byte(f.body), &set) != nil || set.XMLName.Local != "urlset" {
				t.Fatalf("%s = %d, not a sitemap:\n%.500s", path, f.status, f.body)
			}
			if len(set.URLs) == 0 || len(set.URLs) > 10000 {
				t.Errorf("%s holds %d URLs; want 1 to 10,000", path, len(set.URLs))
			}
			lint(path, f.body)
			for _, u := range set.URLs {
				if seen[u] {
					t.Errorf("%s is listed twice", u)
				}
				seen[u] = true
			}
		}
		if len(seen) != want {
			t.Errorf("the sitemap's files list %d URLs; the site has %d", len(seen), want)
		}
		for _, u := range []string{h.srv.URL + "/", h.srv.URL + "/tin-tuc/bai-so-0", h.srv.URL + "/en/tin-tuc/bai-so-103"} {
			if !seen[u] {
				t.Errorf("the sitemap lacks %s", u)
			}
		}
		for _, hidden := range []string{"/tin-tuc/bai-so-1", "/tin-tuc/bai-so-6"} { // a draft; another site's item
			if seen[h.srv.URL+hidden] {
				t.Errorf("the sitemap lists %s", hidden)
			}
		}
		// A file past the last, and names that are no file, are not found.
		for _, path := range []string{"/sitemap-999999.xml", "/sitemap-0.xml", "/sitemap-01.xml", "/sitemap-x.xml", "/sitemap-2.xml.gz", "/khong-co"} {
			if p := b.get(path); p.status != http.StatusNotFound {
				t.Errorf("%s = %d; want 404", path, p.status)
			}
		}
	})
}

// A small site keeps one sitemap file, valid against the schema, that
// lists its pages and published items and nothing unpublished.
func TestSitemapOfASmallSite(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		lint := sitemapLint(t)
		h := newHarness(t, db) // the demo
		b := h.browser()
		for _, path := range []string{"/sitemap.xml", "/so-khcn/sitemap.xml", "/sitemap-1.xml"} {
			p := b.get(path)
			var set sitemapDoc
			if p.status != http.StatusOK || xml.Unmarshal([]byte(p.body), &set) != nil || set.XMLName.Local != "urlset" {
				t.Fatalf("%s = %d, not a sitemap:\n%.500s", path, p.status, p.body)
			}
			lint(path, p.body)
		}
		p := b.get("/sitemap.xml")
		if !strings.Contains(p.body, "<loc>"+h.srv.URL+"/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027</loc><lastmod>") {
			t.Errorf("the sitemap lacks a published item with its date:\n%s", p.body)
		}
		// Each procedure of the catalogue has its page in the sitemap.
		if !regexp.MustCompile(`<loc>`+regexp.QuoteMeta(h.srv.URL)+`/dich-vu-cong/1\.009101</loc><lastmod>\d{4}-\d\d-\d\d</lastmod>`).MatchString(p.body) ||
			strings.Count(p.body, "/dich-vu-cong/1.") != 10 {
			t.Errorf("the sitemap does not list the demo's ten procedures:\n%s", p.body)
		}
		for _, hidden := range []string{"hoi-nghi-tong-ket", "khanh-thanh-trung-tam"} { // scheduled, awaiting approval
			if strings.Contains(p.body, hidden) {
				t.Errorf("the sitemap lists an unpublished item %q", hidden)
			}
		}
	})
}

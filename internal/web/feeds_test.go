package web_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestFeedsSitemapRobots(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // the demo: published, scheduled and awaiting-approval items
		b := h.browser()
		var feed struct {
			Title   string `xml:"title"`
			Entries []struct {
				Title  string `xml:"title"`
				ID     string `xml:"id"`
				Author string `xml:"author>name"`
			} `xml:"entry"`
		}
		p := b.get("/feed.atom")
		if p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed = %d %s", p.status, p.header.Get("Content-Type"))
		}
		if err := xml.Unmarshal([]byte(p.body), &feed); err != nil {
			t.Fatalf("feed is not XML: %v", err)
		}
		titles := ""
		for _, e := range feed.Entries {
			titles += e.Title + "\n"
			if e.Author == "" || !strings.HasPrefix(e.ID, h.srv.URL+"/") {
				t.Errorf("entry %q: author %q, id %q", e.Title, e.Author, e.ID)
			}
		}
		if !strings.Contains(titles, "Tỉnh triển khai kế hoạch chuyển đổi số năm 2027") {
			t.Errorf("the feed lacks a published item:\n%s", titles)
		}
		for _, hidden := range []string{"Hội nghị tổng kết", "Khánh thành trung tâm"} { // scheduled, awaiting approval
			if strings.Contains(titles, hidden) {
				t.Errorf("the feed shows an unpublished item %q", hidden)
			}
		}
		if p := b.get("/chuyen-muc/thong-bao/feed.atom"); p.status != 200 || !strings.Contains(p.body, "Thông báo lịch tiếp công dân") || strings.Contains(p.body, "kế hoạch chuyển đổi số") {
			t.Errorf("category feed = %d, wrong entries", p.status)
		}
		if p := b.get("/chuyen-muc/khong-co/feed.atom"); p.status != 404 {
			t.Errorf("feed of an unknown category = %d", p.status)
		}
		sm := b.get("/so-khcn/sitemap.xml")
		if sm.status != 200 || !strings.Contains(sm.body, "<loc>"+h.srv.URL+"/so-khcn/tin-tuc/") || !strings.Contains(sm.body, "<lastmod>") {
			t.Errorf("department sitemap = %d\n%.1000s", sm.status, sm.body)
		}
		var set struct {
			URLs []struct{ Loc string } `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(sm.body), &set); err != nil || len(set.URLs) < 5 {
			t.Errorf("sitemap: %v, %d URLs", err, len(set.URLs))
		}
		rb := b.get("/robots.txt")
		if !strings.Contains(rb.body, "Disallow: /quan-tri/") || !strings.Contains(rb.body, "Sitemap: "+h.srv.URL+"/so-khcn/sitemap.xml") {
			t.Errorf("robots.txt:\n%s", rb.body)
		}
		// xmllint, when installed, judges well-formedness independently.
		if lint, err := exec.LookPath("xmllint"); err == nil {
			dir := t.TempDir()
			for name, body := range map[string]string{"feed.xml": p.body, "sitemap.xml": sm.body} {
				f := filepath.Join(dir, name)
				os.WriteFile(f, []byte(body), 0o644)
				if out, err := exec.Command(lint, "--noout", "--nonet", f).CombinedOutput(); err != nil {
					t.Errorf("xmllint %s: %v\n%s", name, err, out)
				}
			}
		}
	})
}

func TestLegalDocumentsSection(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // the demo loads six laws, and its gazette publishes three documents
		b := h.browser()
		list := b.get("/van-ban")
		if list.status != 200 || !strings.Contains(list.body, "9 kết quả") || !strings.Contains(list.body, "57/2010/QH12") {
			t.Fatalf("/van-ban = %d\n%.2000s", list.status, list.body)
		}
		if p := b.get("/van-ban?nam=2010"); !strings.Contains(p.body, "2 kết quả") {
			t.Errorf("year filter: %.300s", p.body[strings.Index(p.body, "kết quả")-20:])
		}
		if p := b.get("/van-ban?hieu-luc=het-hieu-luc"); !strings.Contains(p.body, "0 kết quả") {
			t.Error("status filter: the demo's laws are all in force")
		}
		doc := b.get("/van-ban/luat-thue-bao-ve-moi-truong")
		for _, want := range []string{`id="dieu-1"`, "Tình trạng hiệu lực", "Còn hiệu lực", "57/2010/QH12", "Ngày ban hành", "ngày 15 tháng 11 năm 2010"} {
			if !strings.Contains(doc.body, want) {
				t.Errorf("legal document page lacks %q", want)
			}
		}
		// The page's JSON-LD blocks: the site's (the layout) and the
		// document's, which must be Legislation with its number.
		var meta struct {
			Type   string `json:"@type"`
			Number string `json:"legislationIdentifier"`
		}
		var ld string
		for _, ld = range jsonLD(doc.body) {
			if err := json.Unmarshal([]byte(ld), &meta); err == nil && meta.Type == "Legislation" {
				break
			}
		}
		if meta.Type != "Legislation" || meta.Number != "57/2010/QH12" {
			t.Errorf("JSON-LD %s: %+v", ld, meta)
		}
		if !strings.Contains(doc.body, `<meta property="og:title" content="Luật Thuế bảo vệ môi trường">`) {
			t.Error("no OpenGraph title")
		}
		if p := b.get("/van-ban?trang=abc&nam=xyz&hieu-luc=<script>"); p.status != 200 || strings.Contains(p.body, "<script>") {
			t.Errorf("bad filters = %d", p.status)
		}
	})
}

// jsonLD is the page's JSON-LD blocks in their order: the site's
// (the layout's) first, then the page's own.
func jsonLD(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestLegalDocumentsForCitizens (issue 20, point 4): a law's page has a
// table of contents of its Chương and Điều, each part a heading with an
// anchor and a visible link to itself; the box of /van-ban opens a
// document from its number typed any way, and sends other words to the
// search of legal documents; the English address of a document
// published in Vietnamese only leads to it instead of "not found".
func TestLegalDocumentsForCitizens(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		anon := h.browser()
		var slug string
		if err := db.QueryRow(context.Background(), `SELECT i.slug FROM items i JOIN legal_docs l ON l.item_id = i.id
			WHERE i.site_id = ? AND i.live AND l.number = '57/2010/QH12'`, h.main.ID).Scan(&slug); err != nil {
			t.Fatalf("the demo's environmental protection tax law: %v", err)
		}
		p := anon.get("/van-ban/" + slug)
		if p.status != 200 {
			t.Fatalf("the law: %d", p.status)
		}
		for _, want := range []string{
			`<nav class="legal-toc" aria-labelledby="muc-luc">`, `Mục lục văn bản`,
			`<a href="#chuong-1">Chương 1. NHỮNG QUY ĐỊNH CHUNG</a>`, `<a href="#dieu-1">Điều 1. Phạm vi điều chỉnh</a>`,
			`<section class="legal-chuong" id="chuong-1"><h2>Chương 1<br/>NHỮNG QUY ĐỊNH CHUNG <a class="anchor" href="#chuong-1">#<span class="visually-hidden"> Liên kết đến Chương 1</span></a></h2>`,
			`<section class="legal-dieu" id="dieu-1"><h3>Điều 1. Phạm vi điều chỉnh <a class="anchor" href="#dieu-1">`,
			`ngày 15 tháng 11 năm 2010`, // dates in words
		} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the law's page lacks %s", want)
			}
		}
		if n := strings.Count(p.body, `<a class="anchor" href="#`); n < 10 {
			t.Errorf("%d parts marked; the law has 3 chapters and 13 articles", n)
		}

		// The box: a number in any typing, then words.
		for _, q := range []string{"57/2010/QH12", "57/2010/qh12", "57 2010 QH12", "57-2010-QH12"} {
			r := anon.get("/van-ban/tra-cuu?" + url.Values{"q": {q}}.Encode())
			if r.status != 303 || r.header.Get("Location") != "/van-ban/"+slug {
				t.Errorf("%q: %d → %q", q, r.status, r.header.Get("Location"))
			}
		}
		r := anon.get("/van-ban/tra-cuu?q=" + url.QueryEscape("thuế bảo vệ môi trường"))
		if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/tim-kiem?") || !strings.Contains(r.header.Get("Location"), "loai=legal") {
			t.Errorf("words: %d → %q", r.status, r.header.Get("Location"))
		}
		if r := anon.get("/van-ban/tra-cuu?q=99/9999/XX-YY"); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/tim-kiem?") {
			t.Errorf("an unknown number: %d → %q", r.status, r.header.Get("Location"))
		}
		if p := anon.get("/van-ban"); !strings.Contains(p.body, `action="/van-ban/tra-cuu"`) {
			t.Errorf("/van-ban has no number-or-keyword box")
		}

		// The original file and the national database: with no link, the
		// database's search and the number; then the board head gives both.
		if p := anon.get("/van-ban/" + slug); !strings.Contains(p.body, "Tra cứu theo số, ký hiệu") || strings.Contains(p.body, "Tải tệp gốc") {
			t.Errorf("the law's page before its links")
		}
		h.person("lg.head", account.BoardHead, "dong-nai")
		head := h.browser()
		head.signIn("lg.head")
		var id string
		if err := db.QueryRow(context.Background(), `SELECT CAST(item_id AS TEXT) FROM legal_docs WHERE number = '57/2010/QH12'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		form := url.Values{"number": {"57/2010/QH12"}, "doc_type": {"Luật"}, "issuer": {"Quốc hội"}, "issued": {"2010-11-15"}, "effective": {"2012-01-01"},
			"original": {"javascript:alert(1)"}, "national": {"https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=25408"}}
		save := "/quan-tri/s/dong-nai/noi-dung/" + id + "/van-ban"
		if p := head.post(save, form); p.status != 422 || !strings.Contains(p.body, "Tệp gốc: hãy dán đường dẫn") {
			t.Errorf("a script as the original file: %d", p.status)
		}
		form.Set("original", "/media/1/"+strings.Repeat("ab", 32)+".pdf")
		if p := head.post(save, form); p.status != 303 {
			t.Fatalf("save the links: %d\n%.2000s", p.status, p.body)
		}
		p = anon.get("/van-ban/" + slug)
		for _, want := range []string{`<a href="/media/1/` + strings.Repeat("ab", 32) + `.pdf" download>Tải tệp gốc</a>`,
			`<a href="https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=25408">Xem văn bản trên Cơ sở dữ liệu quốc gia</a>`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the law's page lacks %s", want)
			}
		}

		// English.
		r = anon.get("/en/van-ban/" + slug)
		if r.status != 302 || r.header.Get("Location") != "/van-ban/"+slug {
			t.Errorf("/en/van-ban/%s: %d → %q", slug, r.status, r.header.Get("Location"))
		}
		if r := anon.get("/en/van-ban/khong-co-van-ban-nay"); r.status != 404 {
			t.Errorf("an English address of no document: %d", r.status)
		}
	})
}

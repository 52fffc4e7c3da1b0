package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var itemURLRE = regexp.MustCompile(`^/quan-tri/s/dong-nai/noi-dung/(\d+)`)

// newItem writes an item through the form and returns its admin path.
func (b *browser) newItem(form url.Values) string {
	b.h.t.Helper()
	p := b.post("/quan-tri/s/dong-nai/noi-dung", form)
	m := itemURLRE.FindStringSubmatch(p.location)
	if p.status != http.StatusSeeOther || m == nil {
		b.h.t.Fatalf("create item = %d %q\n%.2000s", p.status, p.location, p.body)
	}
	return "/quan-tri/s/dong-nai/noi-dung/" + m[1]
}

func article(title, body string) url.Values {
	return url.Values{"kind": {"article"}, "title": {title}, "summary": {"Tóm tắt."}, "body": {body},
		"author": {"Nguyễn Văn A"}, "source": {"Sở Khoa học và Công nghệ"}, "version": {"1"}}
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestContentThroughTheForms(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("ctv", account.Collaborator, "dong-nai")
		h.person("btv", account.Editor, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		ctv, btv, tb, anon := h.browser(), h.browser(), h.browser(), h.browser()
		ctv.signIn("ctv")
		btv.signIn("btv")
		tb.signIn("tban")

		// Script in the body is sanitised on the way in and never served.
		path := ctv.newItem(article("Bài có mã độc", `<p>Xin chào</p><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>`))
		if p := ctv.get(path); strings.Contains(p.body, "<script>alert") || strings.Contains(p.body, "onerror") || strings.Contains(p.body, "javascript:") {
			t.Fatalf("the editor page serves the script")
		}
		// Steps by the wrong role are refused by the server and change nothing.
		if p := ctv.post(path+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusForbidden {
			t.Errorf("collaborator approving = %d; want 403", p.status)
		}
		if p := ctv.post(path+"/buoc", url.Values{"action": {"submit"}}); p.status != http.StatusSeeOther {
			t.Fatalf("submit = %d\n%.1500s", p.status, p.body)
		}
		if p := btv.post(path+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusForbidden {
			t.Errorf("editor approving = %d; want 403", p.status)
		}
		if p := btv.post(path+"/buoc", url.Values{"action": {"return"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Hãy ghi rõ lý do.") {
			t.Errorf("return without a reason = %d; want 422 with the message", p.status)
		}
		// The collaborator may not edit once the item left their hands.
		if p := ctv.post(path, article("Sửa lén", "<p>x</p>")); p.status != http.StatusForbidden {
			t.Errorf("collaborator editing an item in editing = %d; want 403", p.status)
		}
		btv.post(path+"/buoc", url.Values{"action": {"send"}})
		if p := tb.post(path+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusSeeOther {
			t.Fatalf("approve = %d\n%.2000s", p.status, p.body)
		}
		pub := anon.get("/tin-tuc/bai-co-ma-doc")
		if pub.status != 200 || !strings.Contains(pub.body, "Xin chào") || !strings.Contains(pub.body, "Nguyễn Văn A") ||
			!strings.Contains(pub.body, "Sở Khoa học và Công nghệ") || !strings.Contains(pub.body, `name="DC.creator" content="Nguyễn Văn A"`) {
			t.Fatalf("public article = %d\n%.3000s", pub.status, pub.body)
		}
		if strings.Contains(pub.body, "alert(") {
			t.Error("the public page serves the script")
		}
		if !strings.Contains(anon.get("/").body, "Bài có mã độc") {
			t.Error("the home page does not list the new article")
		}

		// A new draft of a published item: the public keeps the old text.
		form := article("Bài có mã độc", "<p>Bản sửa mới</p>")
		form.Set("version", versionRE.FindStringSubmatch(tb.get(path).body)[1])
		form.Set("slug", "bai-da-doi-duong-dan") // a live item's path: the board head's to change
		if p := tb.post(path, form); p.status != http.StatusSeeOther {
			t.Fatalf("edit of a published item = %d", p.status)
		}
		// The old URL redirects permanently; the new one still serves the
		// published text until the new draft is approved.
		if p := anon.get("/tin-tuc/bai-co-ma-doc"); p.status != http.StatusMovedPermanently || p.location != "/tin-tuc/bai-da-doi-duong-dan" {
			t.Errorf("old slug = %d %q; want 301 to the new one", p.status, p.location)
		}
		if p := anon.get("/tin-tuc/bai-da-doi-duong-dan"); p.status != 200 || strings.Contains(p.body, "Bản sửa mới") || !strings.Contains(p.body, "Xin chào") {
			t.Errorf("the public sees the unapproved edit (%d)", p.status)
		}
		// Two editors from the same version: the second is told, and kept.
		v := versionRE.FindStringSubmatch(btv.get(path).body)[1]
		a, b := article("Bản của biên tập viên", "<p>A</p>"), article("Bản của trưởng ban", "<p>B</p>")
		a.Set("version", v)
		b.Set("version", v)
		btv.post(path, a)
		p := tb.post(path, b)
		if p.status != http.StatusConflict || !strings.Contains(p.body, "Bản của bạn không mất") {
			t.Errorf("racing save = %d; want 409 saying the text is kept", p.status)
		}
		var conflicts int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM revisions WHERE conflict AND title = 'Bản của trưởng ban'`).Scan(&conflicts)
		if conflicts != 1 {
			t.Errorf("the losing save was not kept as a revision")
		}
		// The revisions compare word by word.
		if p := btv.get(path + "/so-sanh?a=1&b=2"); p.status != 200 || !strings.Contains(p.body, "<ins>") {
			t.Errorf("diff page = %d", p.status)
		}
		// A reader reports an error; it lands in the post-publication queue.
		req := url.Values{"item": {"0"}, "page": {"/tin-tuc/bai-co-ma-doc"}, "message": {"Sai số điện thoại liên hệ."}}
		if p := anon.post("/bao-loi", req); p.status != http.StatusSeeOther {
			t.Errorf("report = %d", p.status)
		}
		if p := btv.get("/quan-tri/s/dong-nai/"); !strings.Contains(p.body, "Sai số điện thoại liên hệ.") {
			t.Error("the report is not in the editor's queue")
		}
	})
}

func TestUploadThatLiesIsRefused(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv", account.Editor, "dong-nai")
	b := h.browser()
	b.signIn("btv")
	p := b.upload("anh.jpg", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"), nil)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "không phải ảnh") {
		t.Fatalf("a PDF named .jpg = %d\n%.2000s", p.status, p.body)
	}
	var n int
	h.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM media`).Scan(&n)
	if n != 0 {
		t.Errorf("%d media rows stored after a refusal", n)
	}
}

func TestCoverImage(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv", account.Editor, "dong-nai")
	h.person("tban", account.BoardHead, "dong-nai")
	b, tb := h.browser(), h.browser()
	b.signIn("btv")
	tb.signIn("tban")
	// A 900×600 PNG photo-like image.
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	for x := 0; x < 900; x++ {
		for y := 0; y < 600; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var file bytes.Buffer
	png.Encode(&file, img)
	if p := b.upload("anh-hoi-nghi.png", file.Bytes(), map[string]string{"alt": "Quang cảnh hội nghị"}); p.status != http.StatusSeeOther {
		t.Fatalf("upload = %d\n%.1500s", p.status, p.body)
	}
	var id string
	h.db.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM media`).Scan(&id)
	form := article("Bài có ảnh đại diện", "<p>Nội dung.</p>")
	form.Set("cover", id)
	form.Set("cover_alt", "Quang cảnh hội nghị")
	path := b.newItem(form)
	b.post(path+"/buoc", url.Values{"action": {"submit"}})
	b.post(path+"/buoc", url.Values{"action": {"send"}})
	if p := tb.post(path+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusSeeOther {
		t.Fatalf("approve = %d\n%.2000s", p.status, p.body)
	}
	p := h.browser().get("/tin-tuc/bai-co-anh-dai-dien")
	if !strings.Contains(p.body, `alt="Quang cảnh hội nghị"`) || !strings.Contains(p.body, " 320w, ") ||
		!strings.Contains(p.body, `<source type="image/webp"`) {
		t.Fatalf("public article has no cover with srcset:\n%.3000s", p.body)
	}
	src := regexp.MustCompile(`<img src="(/media/[^"]+)"`).FindStringSubmatch(p.body)
	if src == nil {
		t.Fatal("no cover src")
	}
	if f := h.browser().get(src[1]); f.status != 200 || !strings.HasPrefix(f.header.Get("Content-Type"), "image/") {
		t.Errorf("cover file = %d %s", f.status, f.header.Get("Content-Type"))
	}
}

func TestReportRedirectStaysOnTheSite(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	for _, page := range []string{`/\ke-gian.example`, "//ke-gian.example/", "https://ke-gian.example/"} {
		p := h.browser().post("/bao-loi", url.Values{"page": {page}, "message": {"Có lỗi trên trang."}})
		if p.status != http.StatusSeeOther || p.location != "/" {
			t.Errorf("report from page %q redirected to %q; want the site's home", page, p.location)
		}
	}
}

func TestUploadOverTheRequestCap(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv", account.Editor, "dong-nai")
	b := h.browser()
	b.signIn("btv")
	p := b.upload("lon.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 33<<20)...), nil)
	if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "Tệp quá lớn") {
		t.Fatalf("a 33 MB upload = %d; want 413 saying the file is too large", p.status)
	}
}

// upload posts a file (and form fields) to the site's media library as
// the portal's own form would.
func (b *browser) upload(name string, data []byte, fields map[string]string) page {
	b.h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.h.srv.URL+"/quan-tri/s/dong-nai/tep", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.h.srv.URL)
	return b.do(req)
}

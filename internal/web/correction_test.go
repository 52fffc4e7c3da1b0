package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// The demo's corrected announcement (internal/demo/corrections.go).
const (
	correctedItem = "/thong-bao/lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026"
	correctedNote = "ngày đúng là thứ Tư, ngày 16 tháng 12 năm 2026"
)

var correctionLinkRE = regexp.MustCompile(`href="(/dinh-chinh/(\d+))"`)

// TestCorrectionsPublic (REQ-21): the corrected item shows the dated
// notice linked to the correction, which shows the old and the new text
// of the corrected passage; the site lists it; bad addresses are 404.
func TestCorrectionsPublic(t *testing.T) {
	db := storetest.SQLite(t)
	h := newHarness(t, db)
	b := h.browser()
	art := b.get(correctedItem)
	if art.status != 200 || !strings.Contains(art.body, `class="correction-notice"`) || !strings.Contains(art.body, correctedNote) {
		t.Fatalf("the corrected item: %d, notice shown %v", art.status, strings.Contains(art.body, correctedNote))
	}
	m := correctionLinkRE.FindStringSubmatch(art.body)
	if m == nil {
		t.Fatal("the notice does not link to the correction")
	}
	c := b.get(m[1])
	for _, want := range []string{correctedNote, "<del>", "thứ Ba, ngày 15", "<ins>", "thứ Tư, ngày 16", `href="` + correctedItem + `"`} {
		if c.status != 200 || !strings.Contains(c.body, want) {
			t.Errorf("the correction page (%d) lacks %q", c.status, want)
		}
	}
	list := b.get("/dinh-chinh")
	if list.status != 200 || !strings.Contains(list.body, `href="`+m[1]+`"`) || !strings.Contains(list.body, correctedNote) {
		t.Errorf("the list of corrections: %d, lists it %v", list.status, strings.Contains(list.body, m[1]))
	}
	if en := b.get("/en/dinh-chinh"); en.status != 200 || !strings.Contains(en.body, "No correction has been published.") {
		t.Errorf("the English list: %d", en.status)
	}
	for _, bad := range []string{"/dinh-chinh/abc", "/dinh-chinh/0", "/dinh-chinh/-4", "/dinh-chinh/99999999", "/dinh-chinh/99999999999999999999999",
		"/dinh-chinh?trang=-1", "/dinh-chinh?trang=abc", "/dinh-chinh?trang=99999999999"} {
		p := b.get(bad)
		if strings.Contains(bad, "?") {
			if p.status >= 500 {
				t.Errorf("GET %s: %d", bad, p.status)
			}
		} else if p.status != 404 {
			t.Errorf("GET %s: %d, want 404", bad, p.status)
		}
	}
	// Another site's correction is not this site's.
	if p := b.get("/so-khcn" + m[1]); p.status != 404 {
		t.Errorf("the correction on another site: %d", p.status)
	}
}

// TestPrintAndPDF (REQ-16): an article and a legal document have a print
// view and a PDF with their metadata; the article page links both; bad
// addresses are 404, never 500.
func TestPrintAndPDF(t *testing.T) {
	db := storetest.SQLite(t)
	h := newHarness(t, db)
	b := h.browser()
	art := b.get(correctedItem)
	for _, want := range []string{`href="/in` + correctedItem + `"`, `href="/pdf` + correctedItem + `.pdf"`, `data-read-aloud hidden`, "Đọc bài",
		`name="email"`} {
		if !strings.Contains(art.body, want) {
			t.Errorf("the article page lacks %q", want)
		}
	}
	pv := b.get("/in" + correctedItem)
	for _, want := range []string{`<html lang="vi">`, "Lịch tiếp công dân định kỳ tháng 12 năm 2026", "Ngày đăng", "ngày ", "Địa chỉ",
		h.srv.URL + correctedItem, "In trang này", "Tải PDF", correctedNote} {
		if pv.status != 200 || !strings.Contains(pv.body, want) {
			t.Errorf("the print view (%d) lacks %q", pv.status, want)
		}
	}
	if strings.Contains(pv.body, "ngày ngày") || strings.Contains(art.body, "ngày ngày") {
		t.Error("a date reads “ngày ngày”")
	}
	if strings.Contains(pv.body, "Cập nhật") {
		t.Error("the print view gives an update on the day of publication")
	}
	pdf := b.get("/pdf" + correctedItem + ".pdf")
	if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") {
		t.Fatalf("the PDF: %d %s %q", pdf.status, pdf.header.Get("Content-Type"), pdf.body[:min(len(pdf.body), 8)])
	}
	if !strings.Contains(pdf.header.Get("Content-Disposition"), "lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026.pdf") {
		t.Errorf("the PDF's name: %q", pdf.header.Get("Content-Disposition"))
	}
	pdfText(t, pdf.body, "LỊCH TIẾP CÔNG DÂN", "ngày 16 tháng 12 năm 2026", "Ngày đăng", "Đính chính ngày", h.srv.URL+correctedItem)

	var slug, number string
	if err := db.QueryRow(context.Background(), `SELECT i.slug, d.number FROM items i JOIN legal_docs d ON d.item_id = i.id
		WHERE i.live AND i.kind = 'legal' AND i.site_id = ? AND d.number <> '' ORDER BY i.id LIMIT 1`, h.main.ID).Scan(&slug, &number); err != nil {
		t.Fatal(err)
	}
	if p := b.get("/in/van-ban/" + slug); p.status != 200 || !strings.Contains(p.body, number) || !strings.Contains(p.body, "Số ký hiệu") {
		t.Errorf("the legal document's print view: %d, number %s shown %v", p.status, number, strings.Contains(p.body, number))
	}
	lp := b.get("/pdf/van-ban/" + slug + ".pdf")
	if lp.status != 200 || lp.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the legal document's PDF: %d %s", lp.status, lp.header.Get("Content-Type"))
	}
	pdfText(t, lp.body, number)

	for _, bad := range []string{"/in/khong-co/x", "/in/tin-tuc/khong-co-bai-nay", "/pdf/tin-tuc/khong-co.pdf", "/pdf" + correctedItem,
		"/pdf" + correctedItem + ".docx", "/pdf/thong-bao/.pdf", "/in/thong-bao/%00", "/pdf/x/y.pdf"} {
		if p := b.get(bad); p.status != 404 {
			t.Errorf("GET %s: %d, want 404", bad, p.status)
		}
	}
}

// pdfText checks with poppler's pdftotext, when present, that the PDF
// holds each of want, diacritics and all.
func pdfText(t *testing.T, pdf string, want ...string) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed: the PDF's text is not read")
		return
	}
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q:\n%s", w, text[:min(len(text), 1500)])
		}
	}
}

// publishCorrected publishes a new item on dong-nai and a corrected
// revision of it, as the board head does, and returns it.
func publishCorrected(t *testing.T, h *harness, lang, title string) *content.Item {
	t.Helper()
	ctx := context.Background()
	var siteID int64
	if err := h.db.QueryRow(ctx, `SELECT id FROM sites WHERE code = 'dong-nai'`).Scan(&siteID); err != nil {
		t.Fatal(err)
	}
	head := h.person("tb-"+lang+"-dc", account.BoardHead, "dong-nai")
	p := workflow.Person{User: head, MainID: h.main.ID}
	if u, err := h.users.ByID(ctx, head.ID); err == nil {
		p.User = u
	}
	cs := content.NewStore(h.db, h.clock.Now)
	flow := workflow.New(h.db, cs, h.clock.Now)
	it, err := cs.Create(ctx, siteID, content.Edit{Kind: content.Article, Lang: lang, Title: title, Summary: "Tóm tắt.",
		Body: "<p>Hạn nộp hồ sơ là ngày 10.</p>", Author: "Văn phòng", Source: "Văn phòng UBND tỉnh"}, head.Actor(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []workflow.Action{workflow.Submit, workflow.Send, workflow.Approve} {
		if it, err = flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: a}, p); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	d := content.Edit{Kind: it.Kind, Lang: it.Lang, Slug: it.Slug, Title: it.Rev.Title, Summary: it.Rev.Summary, Body: "<p>Hạn nộp hồ sơ là ngày 12.</p>",
		Author: it.Rev.Author, Source: it.Rev.Source, Version: it.Version}
	if it, err = flow.CorrectPublished(ctx, it.ID, d, workflow.CheckOptions{}, false, p); err != nil {
		t.Fatal(err)
	}
	return it
}

// TestCorrectionRoleMatrix: only the board head and deputy of the item's
// site publish a correction; the others are refused (403, audited), a
// visitor is sent to sign in; bad input comes back as the item page with
// the message and the notice kept; a second correction of the same
// revision is a conflict.
func TestCorrectionRoleMatrix(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		it := publishCorrected(t, h, "vi", "Thông báo hạn nộp hồ sơ xét tuyển")
		path := fmt.Sprintf("/quan-tri/s/dong-nai/noi-dung/%d/dinh-chinh", it.ID)
		const notice = "Bài đăng trước ghi nhầm hạn nộp hồ sơ là ngày 10; hạn đúng là ngày 12."
		people := map[string]account.Role{"bt-dc": account.Editor, "tv-dc": account.BoardMember, "ctv-dc": account.Collaborator,
			"tn-dc": account.TeamLead, "gs-dc": account.Overseer, "tb-dc": account.BoardHead, "pb-dc": account.BoardDeputy}
		for name, role := range people {
			h.person(name, role, "dong-nai")
		}
		h.person("tb-khcn-dc", account.BoardHead, "so-khcn")
		h.person("qt-dc", account.Admin, "dong-nai")
		signed := func(name string) *browser { b := h.browser(); b.signIn(name); return b }

		if p := h.browser().post(path, url.Values{"notice": {notice}}); p.status != 303 || !strings.HasPrefix(p.location, "/dang-nhap") {
			t.Errorf("a visitor: %d to %s", p.status, p.location)
		}
		denied := h.auditCount("denied")
		for _, name := range []string{"bt-dc", "tv-dc", "ctv-dc", "tn-dc", "gs-dc", "qt-dc", "tb-khcn-dc"} {
			if p := signed(name).post(path, url.Values{"notice": {notice}}); p.status != 403 && p.status != 404 {
				t.Errorf("%s publishes a correction: %d, want 403", name, p.status)
			}
		}
		if got := h.auditCount("denied"); got <= denied {
			t.Errorf("refusals audited: %d → %d", denied, got)
		}
		head := signed("tb-dc")
		for _, c := range []struct {
			name string
			form url.Values
			want string
		}{
			{"no notice", url.Values{"notice": {""}}, "Hãy ghi nội dung đính chính"},
			{"a short notice", url.Values{"notice": {"Sai"}}, "Hãy ghi nội dung đính chính"},
			{"a revision that is no number", url.Values{"notice": {notice}, "before": {"abc"}}, "Hãy chọn một bản đã đăng trước"},
			{"a revision never published", url.Values{"notice": {notice}, "before": {"77"}}, "Hãy chọn một bản đã đăng trước"},
		} {
			p := head.post(path, c.form)
			if p.status != 422 || !strings.Contains(p.body, c.want) {
				t.Errorf("%s: %d, message shown %v", c.name, p.status, strings.Contains(p.body, c.want))
			}
			if c.form.Get("notice") == notice && !strings.Contains(p.body, notice) {
				t.Errorf("%s: the notice typed is lost", c.name)
			}
		}
		if n := h.auditCount("correction.publish"); n != 1 { // the demo's
			t.Errorf("bad input published corrections: %d", n)
		}
		p := head.post(path, url.Values{"notice": {notice}})
		if p.status != 303 || !strings.Contains(p.location, "dinh-chinh=da-cong-bo") {
			t.Fatalf("the board head publishes: %d %s\n%s", p.status, p.location, p.body)
		}
		if page := head.get(p.location); !strings.Contains(page.body, "Đã công bố đính chính.") || !strings.Contains(page.body, notice) {
			t.Errorf("the item page after publishing does not show the correction")
		}
		if p := signed("pb-dc").post(path, url.Values{"notice": {notice}}); p.status != 409 {
			t.Errorf("a second correction of the same revision: %d, want 409", p.status)
		}
		if n := h.auditCount("correction.publish"); n != 2 {
			t.Errorf("correction.publish entries: %d, want 2", n)
		}
		if pub := h.browser().get(it.URL()); !strings.Contains(pub.body, notice) {
			t.Errorf("the public page does not show the notice (cache not dropped?)")
		}
	})
}

// TestCorrectionEnglish: an English item's page, print view and list
// speak English.
func TestCorrectionEnglish(t *testing.T) {
	db := storetest.SQLite(t)
	h := newHarness(t, db)
	it := publishCorrected(t, h, "en", "Application deadline notice")
	b := h.browser()
	art := b.get(it.URL())
	for _, want := range []string{"Print view", "Download PDF", "Listen", "Email for the answer (optional)"} {
		if art.status != 200 || !strings.Contains(art.body, want) {
			t.Errorf("the English article (%d) lacks %q", art.status, want)
		}
	}
	pv := b.get("/en/in/tin-tuc/" + it.Slug)
	for _, want := range []string{`<html lang="en">`, "Print this page", "Download PDF", "Back to the item", "Published"} {
		if pv.status != 200 || !strings.Contains(pv.body, want) {
			t.Errorf("the English print view (%d) lacks %q", pv.status, want)
		}
	}
	if p := b.get("/en/pdf/tin-tuc/" + it.Slug + ".pdf"); p.status != 200 || p.header.Get("Content-Type") != "application/pdf" {
		t.Errorf("the English PDF: %d", p.status)
	}
}

// TestReportDeadlineAndReply (REQ-21): a reader's report may leave an
// address (a bad one is refused with a message, nothing stored); the
// queue shows the report with its 15-day deadline; resolving it queues
// the answer in the outbox, erases the address and audits the reply.
func TestReportDeadlineAndReply(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		var itemID int64
		if err := db.QueryRow(ctx, `SELECT id FROM items WHERE slug = 'lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026'`).Scan(&itemID); err != nil {
			t.Fatal(err)
		}
		reader := h.browser()
		form := url.Values{"item": {fmt.Sprint(itemID)}, "page": {correctedItem}, "message": {"Giờ tiếp công dân bị ghi sai, đúng là 8 giờ."}}
		count := func() int {
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM error_reports`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("email", "khong-phai-thu")
		if p := reader.post("/bao-loi", bad); p.status != 422 || !strings.Contains(p.body, "Địa chỉ thư điện tử không hợp lệ") || count() != before {
			t.Errorf("a bad address: %d, stored %d", p.status, count()-before)
		}
		form.Set("email", "nguoi.doc@example.vn")
		if p := reader.post("/bao-loi", form); p.status != 303 || !strings.Contains(p.location, "da-bao-loi=1") {
			t.Fatalf("report: %d %s", p.status, p.location)
		}
		if p := reader.get(correctedItem + "?da-bao-loi=1"); !strings.Contains(p.body, "trả lời trong 15 ngày") {
			t.Error("the thanks do not say when the answer comes")
		}
		var id int64
		if err := db.QueryRow(ctx, `SELECT id FROM error_reports WHERE email = 'nguoi.doc@example.vn'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		h.person("bt-bl", account.Editor, "dong-nai")
		ed := h.browser()
		ed.signIn("bt-bl")
		due := h.clock.Now().AddDate(0, 0, 15)
		ws := ed.get("/quan-tri/s/dong-nai/")
		if !strings.Contains(ws.body, "Hạn trả lời") || !strings.Contains(ws.body, fmt.Sprintf("tháng %d năm %d", due.Month(), due.Year())) ||
			!strings.Contains(ws.body, "Bạn đọc để lại địa chỉ thư") {
			t.Errorf("the workspace does not show the report's deadline and address note")
		}
		mails := func() int {
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'nguoi.doc@example.vn'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if p := ed.post(fmt.Sprintf("/quan-tri/s/dong-nai/phan-anh/%d", id), url.Values{"resolution": {""}}); p.status != 422 || mails() != 0 {
			t.Errorf("no resolution: %d, %d mails", p.status, mails())
		}
		if p := ed.post(fmt.Sprintf("/quan-tri/s/dong-nai/phan-anh/%d", id), url.Values{"resolution": {"Đã sửa giờ tiếp công dân thành 8 giờ."}}); p.status != 303 {
			t.Fatalf("resolve: %d", p.status)
		}
		var subject, body, email string
		if err := db.QueryRow(ctx, `SELECT subject, body FROM mail_outbox WHERE to_addr = 'nguoi.doc@example.vn'`).Scan(&subject, &body); err != nil {
			t.Fatalf("no answer queued: %v", err)
		}
		if !strings.Contains(subject, "Trả lời phản ánh") || !strings.Contains(body, "Đã sửa giờ tiếp công dân thành 8 giờ.") ||
			!strings.Contains(body, correctedItem) || !strings.Contains(body, "/dinh-chinh/") {
			t.Errorf("the answer: %q\n%s", subject, body)
		}
		if err := db.QueryRow(ctx, `SELECT email FROM error_reports WHERE id = ?`, id).Scan(&email); err != nil || email != "" {
			t.Errorf("the address after the answer: %q, %v", email, err)
		}
		if h.auditCount("report.reply") != 1 {
			t.Error("the reply is not audited")
		}
	})
}

// TestCorrectionWithMinorRevision: an approver publishing a minor
// correction may write the public notice in the same form; a notice too
// short stops both, with nothing published; a good one publishes the
// revision and the notice naming the revision before.
func TestCorrectionWithMinorRevision(t *testing.T) {
	db := storetest.SQLite(t)
	h := newHarness(t, db)
	it := publishCorrected(t, h, "vi", "Thông báo tuyển dụng viên chức năm 2026")
	h.person("tb-minor", account.BoardHead, "dong-nai")
	head := h.browser()
	head.signIn("tb-minor")
	path := fmt.Sprintf("/quan-tri/s/dong-nai/noi-dung/%d", it.ID)
	form := url.Values{"version": {fmt.Sprint(it.Version)}, "title": {it.Rev.Title}, "summary": {it.Rev.Summary}, "body": {"Hạn nộp hồ sơ là ngày 14."},
		"author": {it.Rev.Author}, "source": {it.Rev.Source}, "slug": {it.Slug}, "minor": {"1"}, "notice": {"Sai"}}
	revisions := func() int {
		var n int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM revisions WHERE item_id = ?`, it.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := revisions()
	if p := head.post(path, form); p.status != 422 || !strings.Contains(p.body, "Hãy ghi nội dung đính chính") || revisions() != before {
		t.Errorf("a short notice: %d, %d new revisions", p.status, revisions()-before)
	}
	form.Set("notice", "Thông báo ghi nhầm hạn nộp hồ sơ; hạn đúng là ngày 14.")
	if p := head.post(path, form); p.status != 303 {
		t.Fatalf("minor correction with its notice: %d\n%s", p.status, p.body)
	}
	var beforeNo, afterNo int
	if err := db.QueryRow(context.Background(), `SELECT b.number, a.number FROM corrections c JOIN revisions b ON b.id = c.before_rev
		JOIN revisions a ON a.id = c.after_rev WHERE c.item_id = ?`, it.ID).Scan(&beforeNo, &afterNo); err != nil {
		t.Fatalf("no correction published with the revision: %v", err)
	}
	if afterNo != it.Rev.Number+1 || beforeNo != it.Rev.Number {
		t.Errorf("the correction names revisions %d → %d, want %d → %d", beforeNo, afterNo, it.Rev.Number, it.Rev.Number+1)
	}
	if pub := h.browser().get(it.URL()); !strings.Contains(pub.body, "hạn đúng là ngày 14") || !strings.Contains(pub.body, "Hạn nộp hồ sơ là ngày 14.") {
		t.Error("the public page lacks the new text or its notice")
	}
}

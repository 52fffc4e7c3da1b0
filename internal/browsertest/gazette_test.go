package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
)

// The document the gazette officer receives in TestGazetteJourney: it
// amends in part the demo's Quyết định 25/2026/QĐ-UBND, and its number is
// typed the careless way (dashes, no diacritics, lower case).
const (
	gazetteTyped    = "40-2026-qd-ubnd"
	gazetteNumber   = "40/2026/QĐ-UBND"
	gazetteSigner   = "Trần Minh Khoa"
	gazetteAbstract = "Sửa đổi, bổ sung một số điều của Quy định quản lý cây xanh đô thị ban hành kèm theo Quyết định số 25/2026/QĐ-UBND"
	gazetteText     = "Điều 1. Sửa đổi khoản 2 Điều 5 như sau: cây xanh trên vỉa hè được cắt tỉa định kỳ mỗi năm hai lần.\n\n" +
		"Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 12 năm 2026."
)

// gazetteLook checks the page open in ctx as name, like consultLook: in
// Vietnamese, no wider than a 320 or a 1280 px screen, shot at both when
// shot is set (gazette-NAME-WIDTH.png), then judged by axe at 1280 px.
// It returns the number of axe violations.
func gazetteLook(t *testing.T, ctx context.Context, dir, name string, shot bool) int {
	t.Helper()
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "vi" {
		t.Errorf("%s: the page's language is %q, want vi", name, lang)
	}
	text := eval[string](t, ctx, `document.body.innerText`)
	if m := englishUI.FindAllString(text, 5); len(m) > 0 {
		t.Errorf("%s: the Vietnamese page shows English %q", name, m)
	}
	for _, w := range consultWidths {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		o := eval[overflow](t, ctx, overflowJS)
		if inner := eval[int](t, ctx, `innerWidth`); o.ScrollWidth > inner {
			t.Errorf("%s at %dpx: the page is %d px wide, wider than the screen (%d); too wide: %v", name, w, o.ScrollWidth, inner, o.Wide)
		}
		if shot {
			savePNG(t, ctx, dir, fmt.Sprintf("gazette-%s-%d.png", name, w))
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	return len(Axe(t, ctx, ""))
}

// TestGazetteJourney (issue 16): the gazette officer signs in (enrolling
// an authenticator, as the role requires), receives a PDF signed with a
// throwaway certificate through the intake form, its number typed any
// way, and sees its signature verified; prepares issue 03 of the year
// from it and publishes it. A reader finds the issue on /cong-bao and by
// the number typed another way, opens the issue and the document, goes
// to its legal document in /van-ban, which names the issue and page, and
// back. axe judges every gazette page, public and staff; none is wider
// than 320 or 1280 px screens; screenshots of the list, the issue, the
// document and the staff queue go to CONG_SCREENSHOTS (the images of
// docs/gazette.md) or a temporary folder.
func TestGazetteJourney(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	violations := 0
	queue := p.URL + "/quan-tri/cong-bao"

	pdfFile := filepath.Join(t.TempDir(), "qd-40-2026.pdf")
	if err := os.WriteFile(pdfFile, pdfdoctest.Signed(t, gazetteText, gazetteSigner), 0o644); err != nil {
		t.Fatal(err)
	}
	todayTyped := time.Now().In(vnTime).Format("2/1/2006") // as an officer types it

	// Intake: the form, the PDF chosen in the file input.
	officer := p.signIn(t, Start(t), "congbao")
	if st := openPage(t, officer, queue); st != 200 {
		t.Fatalf("the gazette queue: HTTP %d", st)
	}
	violations += gazetteLook(t, officer, dir, "staff-queue-before", false)
	do(t, officer,
		chromedp.SendKeys(chromedp.ID("gz-number"), gazetteTyped),
		chromedp.SetValue(chromedp.ID("gz-type"), "Quyết định"),
		chromedp.SendKeys(chromedp.ID("gz-issuer"), "Ủy ban nhân dân tỉnh"),
		chromedp.SendKeys(chromedp.ID("gz-signer"), gazetteSigner),
		chromedp.SendKeys(chromedp.ID("gz-field"), "Xây dựng"),
		chromedp.SendKeys(chromedp.ID("gz-signed"), todayTyped),
		chromedp.SendKeys(chromedp.ID("gz-effective"), todayTyped),
		chromedp.SendKeys(chromedp.ID("gz-abstract"), gazetteAbstract),
		chromedp.SetValue(chromedp.ID("gz-rel"), "amends"),
		chromedp.SendKeys(chromedp.ID("gz-rel-no"), "25/2026/QĐ-UBND"),
		chromedp.Click(chromedp.ID("gz-partial")),
		chromedp.SetUploadFiles(chromedp.ID("gz-file"), []string{pdfFile}),
	)
	if st := followClick(t, officer, chromedp.Click(chromedp.CSS(`form[action="/quan-tri/cong-bao/van-ban"] button[type="submit"]`))); st != 200 {
		t.Fatalf("receiving the document: HTTP %d: %s", st, alertText(t, officer))
	}
	docPath := eval[string](t, officer, `location.pathname`)
	if !strings.HasPrefix(docPath, "/quan-tri/cong-bao/van-ban/") {
		t.Fatalf("after intake the officer is at %s: %s", docPath, alertText(t, officer))
	}
	docID := docPath[strings.LastIndex(docPath, "/")+1:]
	if h := textOf(t, officer, "main h1"); h != "Quyết định số "+gazetteNumber {
		t.Errorf("the received document is headed %q, want the number written canonically", h)
	}
	facts := textOf(t, officer, "main dl.facts")
	for _, want := range []string{"Chữ ký số hợp lệ", gazetteSigner, "Chờ đăng Công báo"} {
		if !strings.Contains(facts, want) {
			t.Errorf("the staff page of the document lacks %q: %q", want, facts)
		}
	}
	violations += gazetteLook(t, officer, dir, "staff-doc", true)

	// The issue: the document ticked in the queue, the next number.
	if st := openPage(t, officer, queue); st != 200 {
		t.Fatalf("the gazette queue: HTTP %d", st)
	}
	if got := eval[string](t, officer, `document.getElementById("gz-from").value`); got != "03" && got != "3" {
		t.Errorf("the next issue number is offered as %q, want 3 (the demo has 01 and 02)", got)
	}
	violations += gazetteLook(t, officer, dir, "staff-queue", true)
	do(t, officer, chromedp.Click(chromedp.ID("gz-doc-"+docID)))
	if st := followClick(t, officer, chromedp.Click(chromedp.CSS(`form[action="/quan-tri/cong-bao/so"] button[type="submit"]`))); st != 200 {
		t.Fatalf("preparing the issue: HTTP %d: %s", st, alertText(t, officer))
	}
	if path := eval[string](t, officer, `location.pathname`); !strings.HasPrefix(path, "/quan-tri/cong-bao/so/") {
		t.Fatalf("after preparing, the officer is at %s: %s", path, alertText(t, officer))
	}
	if h := textOf(t, officer, "main h1"); h != "Công báo Số 03/2026" && !strings.HasSuffix(h, fmt.Sprintf("03/%d", time.Now().In(vnTime).Year())) {
		t.Errorf("the issue is headed %q", h)
	}
	violations += gazetteLook(t, officer, dir, "staff-issue", false)
	if st := followClick(t, officer, chromedp.Click(chromedp.CSS(`form[action$="/phat-hanh"] button[type="submit"]`))); st != 200 {
		t.Fatalf("publishing: HTTP %d: %s", st, alertText(t, officer))
	}
	if got := textOf(t, officer, "main dl.facts"); !strings.Contains(got, "Đã phát hành") {
		t.Fatalf("after publishing the issue reads %q: %s", got, alertText(t, officer))
	}
	issueURL := eval[string](t, officer, `(document.querySelector(".subnav a:nth-of-type(2)") || {href: ""}).href`)
	if !strings.Contains(issueURL, "/cong-bao/so/") {
		t.Errorf("the published issue's staff page links to its public page as %q", issueURL)
	}
	violations += gazetteLook(t, officer, dir, "staff-issue-published", true)

	// The queue after publication: the document posted on time.
	if st := openPage(t, officer, queue); st != 200 {
		t.Fatalf("the gazette queue: HTTP %d", st)
	}
	if got := textOf(t, officer, "#da-dang + table"); !strings.Contains(got, gazetteNumber) || !strings.Contains(got, "đúng hạn") {
		t.Errorf("the queue's published documents do not show %s posted on time: %.600q", gazetteNumber, got)
	}
	violations += gazetteLook(t, officer, dir, "staff-queue-after", false)

	// The reader: the list, the issue, the document, its legal document.
	reader := personTab(t, Start(t))
	if st := openPage(t, reader, p.URL+"/cong-bao"); st != 200 {
		t.Fatalf("/cong-bao: HTTP %d", st)
	}
	violations += gazetteLook(t, reader, dir, "list", true)
	followClick(t, reader, chromedp.Click(chromedp.Search(`//main//h3/a[contains(normalize-space(), "Số 03/")]`)))
	issuePath := eval[string](t, reader, `location.pathname`)
	if !strings.HasPrefix(issuePath, "/cong-bao/so/") || !strings.HasSuffix(issueURL, issuePath) {
		t.Fatalf("the list's newest issue led to %s, want %s", issuePath, issueURL)
	}
	if got := textOf(t, reader, "main"); !strings.Contains(got, gazetteNumber) || !strings.Contains(got, gazetteAbstract) {
		t.Errorf("the issue page does not list the document: %.800q", got)
	}
	violations += gazetteLook(t, reader, dir, "issue", true)
	followClick(t, reader, chromedp.Click(chromedp.Search(`//main//a[contains(normalize-space(), `+xq(gazetteNumber)+`)]`)))
	if path := eval[string](t, reader, `location.pathname`); path != "/cong-bao/van-ban/"+docID {
		t.Fatalf("the issue's link led to %s", path)
	}
	facts = textOf(t, reader, "main dl.facts")
	for _, want := range []string{"Đã ký số bởi " + gazetteSigner, "tài liệu không bị thay đổi sau khi ký", "Trang 2"} {
		if !strings.Contains(facts, want) {
			t.Errorf("the public page of the document lacks %q: %q", want, facts)
		}
	}
	if got := textOf(t, reader, "main"); !strings.Contains(got, "25/2026/QĐ-UBND") {
		t.Errorf("the public page does not name the document it amends: %.800q", got)
	}
	violations += gazetteLook(t, reader, dir, "doc", true)

	// The legal document names the issue and the page, and links back.
	followClick(t, reader, chromedp.Click(chromedp.Search(`//main//a[normalize-space()="Xem trong Cơ sở dữ liệu văn bản"]`)))
	legalPath := eval[string](t, reader, `location.pathname`)
	if !strings.Contains(legalPath, "/van-ban/") {
		t.Fatalf("the link to the legal document led to %s", legalPath)
	}
	if got := eval[string](t, reader, `document.body.innerText`); !strings.Contains(got, "Số 03/") || !strings.Contains(got, "Trang 2") {
		t.Errorf("the legal document does not name its gazette issue and page: %.1200q", got)
	}
	violations += gazetteLook(t, reader, dir, "legal", false)
	followClick(t, reader, chromedp.Click(chromedp.Search(`//main//a[normalize-space()="Văn bản trên Công báo"]`)))
	if path := eval[string](t, reader, `location.pathname`); path != "/cong-bao/van-ban/"+docID {
		t.Errorf("the legal document's link to the gazette led to %s", path)
	}

	// The number typed another way finds it; the search page is judged.
	if st := openPage(t, reader, p.URL+"/cong-bao?q="+"40%2F2026%2FQD-UBND"); st != 200 {
		t.Fatalf("searching the gazette: HTTP %d", st)
	}
	if got := textOf(t, reader, "main"); !strings.Contains(got, gazetteNumber) {
		t.Errorf("searching 40/2026/QD-UBND does not find %s: %.600q", gazetteNumber, got)
	}
	violations += gazetteLook(t, reader, dir, "search", false)

	// The signed file downloads as the very PDF received.
	type download struct {
		Type string
		Size int
		Head string
	}
	got := eval2[download](t, reader, `(async () => {
		const r = await fetch("/cong-bao/van-ban/`+docID+`"), h = await r.text();
		const m = h.match(/href="([^"]*\/cong-bao\/tep\/[0-9a-f]{64}\.pdf)"/);
		if (!m) return {Type: "no PDF link", Size: 0, Head: ""};
		const f = await fetch(m[1]), b = new Uint8Array(await f.arrayBuffer());
		return {Type: f.headers.get("Content-Type") || "", Size: b.length, Head: String.fromCharCode(...b.slice(0, 5))};
	})()`)
	if want, _ := os.Stat(pdfFile); !strings.HasPrefix(got.Type, "application/pdf") || int64(got.Size) != want.Size() || got.Head != "%PDF-" {
		t.Errorf("the signed PDF: Content-Type %q, %d bytes (want %d), starting %q", got.Type, got.Size, want.Size(), got.Head)
	}

	if violations > 0 {
		t.Errorf("axe: %d violation(s) in all", violations)
	}
	t.Logf("screenshots in %s", dir)
}

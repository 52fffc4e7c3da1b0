package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The demo's corrected announcement (internal/demo/corrections.go).
const correctedPath = "/thong-bao/lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026"

// correctionLook checks the page open in ctx as name: in Vietnamese (no
// English word of the interface) unless english, no wider than 320 or
// 1280 px, and no axe violation at either width.
func correctionLook(t *testing.T, ctx context.Context, name string, english bool) {
	t.Helper()
	text := eval[string](t, ctx, `document.body.innerText`)
	if !english {
		if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "vi" {
			t.Errorf("%s: the page's language is %q, want vi", name, lang)
		}
		if m := englishUI.FindAllString(text, 5); len(m) > 0 {
			t.Errorf("%s: the Vietnamese page shows English %q", name, m)
		}
	}
	for _, w := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > int(w) {
			t.Errorf("%s at %dpx: %d px wide; too wide: %v", name, w, o.ScrollWidth, o.Wide)
		}
		Axe(t, ctx, "") // reports each violation
	}
}

// TestCorrectionPrintReadAloud (issue 20, points 5, 6 and 8): a reader
// sees the dated correction notice on the corrected announcement and
// follows it to what changed; the site's list of corrections; the print
// view with its metadata and a print button; "Tải PDF" answering a PDF;
// the "Đọc bài" control reached and worked with the keyboard alone —
// read, pause, resume, stop — reading in vi-VN and saying that no
// Vietnamese voice is installed; a browser without speech synthesis is
// told so. Every page passes axe at 320 and 1280 px, in Vietnamese
// throughout; the English list speaks English.
func TestCorrectionPrintReadAloud(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	dir := screenshotDir(t)

	// The notice on the item, and what changed.
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(p.URL+correctedPath))
	notice := eval[string](t, ctx, `(document.querySelector(".correction-notice") || {}).innerText || ""`)
	if !strings.Contains(notice, "Đính chính ngày") || !strings.Contains(notice, "ngày đúng là thứ Tư, ngày 16 tháng 12 năm 2026") {
		t.Errorf("the correction notice reads %q", notice)
	}
	if vis := eval[bool](t, ctx, `(() => { const r = document.querySelector(".correction-notice").getBoundingClientRect(); return r.width > 0 && r.height > 0; })()`); !vis {
		t.Error("the correction notice is not visible")
	}
	correctionLook(t, ctx, "the corrected item", false)
	shoot(t, ctx, p.URL+correctedPath, dir+"/correction-item-1280.png")
	if d := fetchDownload(t, ctx, "Tải PDF"); d.Status != 200 || d.Type != "application/pdf" || d.Head != "%P" || d.Size < 1000 {
		t.Errorf("Tải PDF: %+v", d)
	}

	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(".correction-notice a"))); err != nil {
		t.Fatalf("follow the notice: %v", err)
	}
	if path := eval[string](t, ctx, `location.pathname`); !strings.HasPrefix(path, "/dinh-chinh/") {
		t.Fatalf("the notice leads to %s", path)
	}
	changed := eval[string](t, ctx, `[...document.querySelectorAll(".diff del")].map(e => e.textContent).join("|") + "→" + [...document.querySelectorAll(".diff ins")].map(e => e.textContent).join("|")`)
	if !strings.Contains(changed, "Ba") || !strings.Contains(changed, "15") || !strings.Contains(changed, "Tư") || !strings.Contains(changed, "16") {
		t.Errorf("the corrected words: %q", changed)
	}
	correctionLook(t, ctx, "the correction", false)

	do(t, ctx, chromedp.Navigate(p.URL+"/dinh-chinh"))
	if n := eval[int](t, ctx, `document.querySelectorAll(".corrections-list li").length`); n < 1 {
		t.Error("the list of corrections is empty")
	}
	correctionLook(t, ctx, "the list of corrections", false)
	do(t, ctx, chromedp.Navigate(p.URL+"/en/dinh-chinh"))
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Corrections" {
		t.Errorf("the English list's heading: %q", h1)
	}
	correctionLook(t, ctx, "the English list of corrections", true)

	// The print view.
	do(t, ctx, chromedp.Navigate(p.URL+"/in"+correctedPath))
	meta := eval[string](t, ctx, `document.querySelector(".print-meta").innerText`)
	for _, want := range []string{"Ngày đăng", "tháng 12", "Địa chỉ", correctedPath} {
		if !strings.Contains(meta, want) {
			t.Errorf("the print view's metadata lacks %q: %s", want, meta)
		}
	}
	if hidden := eval[bool](t, ctx, `document.querySelector("[data-print]").hidden`); hidden {
		t.Error("the print button stays hidden with JavaScript on")
	}
	correctionLook(t, ctx, "the print view", false)
	if d := fetchPrintPDF(t, ctx); d.Status != 200 || d.Type != "application/pdf" || d.Head != "%P" {
		t.Errorf("the print view's PDF: %+v", d)
	}
	shoot(t, ctx, p.URL+"/in"+correctedPath, dir+"/correction-print-1280.png")

	// Read-aloud by keyboard. Headless Chromium has no voices; speak is
	// watched so the test sees what would be read.
	do(t, ctx, chromedp.EmulateViewport(320, 800), chromedp.Navigate(p.URL+correctedPath))
	eval[bool](t, ctx, `(() => { window.__spoken = []; speechSynthesis.getVoices = () => [];
		speechSynthesis.speak = u => window.__spoken.push({lang: u.lang, text: u.text});
		speechSynthesis.pause = () => { window.__paused = true; }; speechSynthesis.resume = () => { window.__paused = false; };
		speechSynthesis.cancel = () => { window.__cancelled = (window.__cancelled || 0) + 1; }; return true; })()`)
	const onSpeak = `document.activeElement.matches("[data-speak]")`
	for i := 0; i < 200 && !eval[bool](t, ctx, onSpeak); i++ {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	if !eval[bool](t, ctx, onSpeak) {
		t.Fatal("Tab never reaches “Đọc bài”")
	}
	if label := eval[string](t, ctx, `document.activeElement.textContent.trim()`); label != "Đọc bài" {
		t.Errorf("the read-aloud button reads %q", label)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	type spoken struct {
		Lang, Text string
	}
	said := eval[[]spoken](t, ctx, `window.__spoken`)
	if len(said) != 1 || said[0].Lang != "vi-VN" || !strings.Contains(said[0].Text, "Lịch tiếp công dân định kỳ tháng 12") || !strings.Contains(said[0].Text, "thứ Tư, ngày 16") {
		t.Errorf("spoken: %+v", said)
	}
	status := eval[string](t, ctx, `document.querySelector("[data-speak-status]").textContent`)
	if !strings.Contains(status, "Đang đọc bài.") || !strings.Contains(status, "chưa có giọng đọc tiếng Việt") {
		t.Errorf("the status while reading: %q", status)
	}
	if !eval[bool](t, ctx, `document.activeElement.matches("[data-speak-pause]")`) {
		t.Error("focus is not on “Tạm dừng” once reading starts")
	}
	do(t, ctx, chromedp.KeyEvent(" "))
	if got := eval[string](t, ctx, `[document.activeElement.textContent, document.activeElement.getAttribute("aria-pressed"), String(window.__paused)].join("|")`); got != "Đọc tiếp|true|true" {
		t.Errorf("after Space on “Tạm dừng”: %q", got)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := eval[string](t, ctx, `[document.activeElement.textContent, document.activeElement.getAttribute("aria-pressed"), String(window.__paused)].join("|")`); got != "Tạm dừng|false|false" {
		t.Errorf("after Enter on “Đọc tiếp”: %q", got)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if !eval[bool](t, ctx, `document.activeElement.matches("[data-speak-stop]")`) {
		t.Fatal("Tab from “Tạm dừng” does not reach “Dừng đọc”")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := eval[string](t, ctx, `document.querySelector("[data-speak-status]").textContent + "|" + document.activeElement.textContent.trim() + "|" + document.querySelector("[data-speak-stop]").disabled`); got != "Đã dừng đọc.|Đọc bài|true" {
		t.Errorf("after “Dừng đọc”: %q", got)
	}
	correctionLook(t, ctx, "the item while reading aloud", false)

	// A browser without speech synthesis says so and offers no button
	// that does nothing (last: the script stays with this tab).
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `Object.defineProperty(window, "speechSynthesis", {value: undefined, configurable: true});`}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(p.URL+correctedPath))
	if got := eval[string](t, ctx, `document.querySelector("[data-speak-status]").textContent + "|" + document.querySelector("[data-speak]").disabled + "|" + document.querySelector("[data-read-aloud]").hidden`); got != "Trình duyệt này không hỗ trợ đọc bài thành tiếng.|true|false" {
		t.Errorf("without speech synthesis: %q", got)
	}
	correctionLook(t, ctx, "the item without speech synthesis", false)
}

// fetchPrintPDF fetches the print view's "Tải PDF" link.
func fetchPrintPDF(t *testing.T, ctx context.Context) download {
	t.Helper()
	return eval2[download](t, ctx, fmt.Sprintf(`(async () => {
		const a = document.querySelector(".print-tools a[download]");
		if (!a) return {Status: 0, Type: "no link", Size: 0, Head: ""};
		const r = await fetch(a.href), b = new Uint8Array(await r.arrayBuffer());
		return {Status: r.status, Type: r.headers.get("Content-Type") || "", Size: b.length, Head: String.fromCharCode(...b.slice(0, %d))};
	})()`, 2))
}

// TestCorrectionStaffPages: the board head sees the corrected item's
// corrections section (the notice made public, the form to publish
// another) and the reader's report in the work queue with its 15-day
// deadline; both pages in Vietnamese, axe 0 at 320 and 1280 px.
func TestCorrectionStaffPages(t *testing.T) {
	p := startStaffPortal(t)
	bctx := Start(t)
	head := p.signIn(t, bctx, "truongban")
	var id int64
	if err := p.db.QueryRow(context.Background(), `SELECT id FROM items WHERE slug = 'lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if st := openPage(t, head, fmt.Sprintf("%s/quan-tri/s/dong-nai/noi-dung/%d", p.URL, id)); st != 200 {
		t.Fatalf("the item page: %d", st)
	}
	section := eval[string](t, head, `(document.querySelector("#dinh-chinh") || {parentElement: {innerText: ""}}).parentElement.innerText`)
	for _, want := range []string{"Đính chính công khai", "Đính chính ngày", "Bản 1 → 2", "Công bố đính chính", "Bản bạn đọc đã xem trước khi sửa"} {
		if !strings.Contains(section, want) {
			t.Errorf("the corrections section lacks %q:\n%s", want, section)
		}
	}
	correctionLook(t, head, "the corrected item's staff page", false)
	if st := openPage(t, head, p.URL+"/quan-tri/s/dong-nai/"); st != 200 {
		t.Fatalf("the work queue: %d", st)
	}
	queue := eval[string](t, head, `document.querySelector("main").innerText`)
	for _, want := range []string{"Hạn trả lời", "Bạn đọc để lại địa chỉ thư"} {
		if !strings.Contains(queue, want) {
			t.Errorf("the work queue lacks %q", want)
		}
	}
	correctionLook(t, head, "the work queue", false)
}

package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// channelLook checks the page open in ctx: its language, at 320 and 1280
// px no wider than the screen (a screenshot of each in dir), the footer
// linking the official channels and the accessibility statement with
// their names in lang, no English word on a Vietnamese page; then axe at
// 1280 px. It returns the number of axe violations.
func channelLook(t *testing.T, ctx context.Context, dir, name, lang string, footer map[string]string) int {
	t.Helper()
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != lang {
		t.Errorf("%s: the page's language is %q, want %s", name, got, lang)
	}
	if lang == "vi" {
		if m := englishUI.FindAllString(eval[string](t, ctx, `document.body.innerText`), 5); len(m) > 0 {
			t.Errorf("%s: the Vietnamese page shows English %q", name, m)
		}
	}
	for href, text := range footer {
		js := fmt.Sprintf(`[...document.querySelectorAll("footer a")].filter(a => a.getAttribute("href") === %q).map(a => a.textContent.trim()).join("|")`, href)
		if got := eval[string](t, ctx, js); got != text {
			t.Errorf("%s: the footer's link to %s reads %q, want %q", name, href, got, text)
		}
	}
	for _, w := range consultWidths {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		o := eval[overflow](t, ctx, overflowJS)
		if inner := eval[int](t, ctx, `innerWidth`); o.ScrollWidth > inner {
			t.Errorf("%s at %dpx: the page is %d px wide, wider than the screen (%d); too wide: %v", name, w, o.ScrollWidth, inner, o.Wide)
		}
		savePNG(t, ctx, dir, fmt.Sprintf("channels-%s-%d.png", name, w))
	}
	n := len(Axe(t, ctx, ""))
	do(t, ctx, chromedp.EmulateViewport(320, 900))
	return n + len(Axe(t, ctx, ""))
}

// TestChannelAndStatementPages (issue 20 points 7, 8): a reader follows
// the footer's links from the home page to the official channels and the
// accessibility statement, of the province and of a department, in
// Vietnamese and English; each page passes axe at 320 and 1280 px, fits
// both screens, shows no English word in Vietnamese and English headings
// in English. The board's pages for them, and the media page with a
// recording's captions and transcript form, pass axe too.
func TestChannelAndStatementPages(t *testing.T) {
	p := startStaffPortal(t)
	bctx := Start(t)
	dir := screenshotDir(t)
	violations := 0
	viFooter := func(prefix string) map[string]string {
		return map[string]string{prefix + "/kenh-chinh-thuc": "Kênh thông tin chính thức", prefix + "/tuyen-bo-tiep-can": "Tuyên bố về khả năng tiếp cận"}
	}

	// From the home page by the footer's link.
	do(t, bctx, chromedp.Navigate(p.URL+"/"), chromedp.WaitReady(chromedp.CSS("footer")))
	followClick(t, bctx, chromedp.Click(chromedp.Search(`//footer//a[normalize-space()="Kênh thông tin chính thức"]`)))
	if path := eval[string](t, bctx, `location.pathname`); path != "/kenh-chinh-thuc" {
		t.Fatalf("the footer's link led to %s", path)
	}
	if h1 := textOf(t, bctx, "main h1"); h1 != "Kênh thông tin chính thức" {
		t.Errorf("h1 %q", h1)
	}
	groups := eval[string](t, bctx, `[...document.querySelectorAll("main h2")].map(h => h.textContent).join("|")`)
	if groups != "Mạng xã hội|Ứng dụng di động|Đường dây nóng, tổng đài" {
		t.Errorf("groups %q", groups)
	}
	if n := eval[int](t, bctx, `[...document.querySelectorAll("main a[href^='https://']")].length`); n != 4 {
		t.Errorf("%d https links on the province's list, want the demo's 4", n)
	}
	if tel := eval[string](t, bctx, `(document.querySelector("main a[href^='tel:']") || {}).href || ""`); tel != "tel:02513822404" {
		t.Errorf("the hotline links %q", tel)
	}
	if ld := eval[string](t, bctx, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).sameAs.length + ""`); ld != "4" {
		t.Errorf("JSON-LD sameAs has %s addresses", ld)
	}
	violations += channelLook(t, bctx, dir, "province", "vi", viFooter(""))

	do(t, bctx, chromedp.Navigate(p.URL+"/"), chromedp.WaitReady(chromedp.CSS("footer")))
	followClick(t, bctx, chromedp.Click(chromedp.Search(`//footer//a[normalize-space()="Tuyên bố về khả năng tiếp cận"]`)))
	if h1 := textOf(t, bctx, "main h1"); h1 != "Tuyên bố về khả năng tiếp cận" {
		t.Errorf("statement h1 %q", h1)
	}
	text := eval[string](t, bctx, `document.querySelector("main").innerText`)
	for _, want := range []string{"WCAG 2.1", "AA", "Cách kiểm tra", "axe-core", "Những hạn chế còn tồn tại", "Liên hệ khi gặp khó khăn", "banbientap@dongnai.gov.vn"} {
		if !strings.Contains(text, want) {
			t.Errorf("the province's statement lacks %q", want)
		}
	}
	violations += channelLook(t, bctx, dir, "statement", "vi", viFooter(""))

	for _, c := range []struct{ path, name, lang, h1 string }{
		{"/so-khcn/kenh-chinh-thuc", "department", "vi", "Kênh thông tin chính thức"},
		{"/so-khcn/tuyen-bo-tiep-can", "department-statement", "vi", "Tuyên bố về khả năng tiếp cận"},
		{"/phuong-tran-bien/kenh-chinh-thuc", "commune-empty", "vi", "Kênh thông tin chính thức"},
		{"/en/kenh-chinh-thuc", "province-en", "en", "Official channels"},
		{"/so-khcn/en/tuyen-bo-tiep-can", "department-statement-en", "en", "Accessibility statement"},
	} {
		do(t, bctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(p.URL+c.path), chromedp.WaitReady(chromedp.CSS("footer")))
		if h1 := textOf(t, bctx, "main h1"); h1 != c.h1 {
			t.Errorf("%s: h1 %q, want %q", c.path, h1, c.h1)
		}
		prefix := c.path[:strings.LastIndex(c.path, "/")]
		footer := viFooter(prefix)
		if c.lang == "en" {
			footer = map[string]string{prefix + "/kenh-chinh-thuc": "Official channels", prefix + "/tuyen-bo-tiep-can": "Accessibility statement"}
			heads := eval[string](t, bctx, `[...document.querySelectorAll("main h2")].map(h => h.textContent).join("|")`)
			if !strings.Contains(heads, "Social networks") && !strings.Contains(heads, "How it was tested") {
				t.Errorf("%s: English headings %q", c.path, heads)
			}
		}
		violations += channelLook(t, bctx, dir, c.name, c.lang, footer)
	}

	// The board's pages, and the media page with a recording.
	if _, err := p.db.Exec(context.Background(), `INSERT INTO media (site_id, kind, sha256, mime, ext, size, original_name, created_at)
		VALUES ((SELECT id FROM sites WHERE code = 'dong-nai'), 'file', ?, 'video/mp4', 'mp4', 1000, 'le-hoi-mua-xuan.mp4', ?)`,
		strings.Repeat("ab", 32), time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	head := p.signIn(t, bctx, "truongban")
	for _, c := range []struct{ path, h1 string }{
		{"/quan-tri/s/dong-nai/kenh-chinh-thuc", "Kênh thông tin chính thức – Ủy ban nhân dân tỉnh Đồng Nai"},
		{"/quan-tri/s/dong-nai/tuyen-bo-tiep-can", "Tuyên bố về khả năng tiếp cận – Ủy ban nhân dân tỉnh Đồng Nai"},
		{"/quan-tri/s/dong-nai/tep", ""},
	} {
		openPage(t, head, p.URL+c.path)
		if c.h1 != "" {
			if h1 := textOf(t, head, "main h1"); h1 != c.h1 {
				t.Errorf("%s: h1 %q", c.path, h1)
			}
		}
		if m := englishUI.FindAllString(eval[string](t, head, `document.body.innerText`), 5); len(m) > 0 {
			t.Errorf("%s shows English %q", c.path, m)
		}
		for _, w := range consultWidths {
			do(t, head, chromedp.EmulateViewport(w, 900))
			violations += len(Axe(t, head, ""))
		}
	}
	if n := eval[int](t, head, `document.querySelectorAll("form[action$='/tiep-can'] textarea[name=transcript]").length`); n != 1 {
		t.Errorf("the media page has %d transcript fields, want 1 (the video)", n)
	}
	if violations > 0 {
		t.Errorf("%d axe violations in all", violations)
	}
}

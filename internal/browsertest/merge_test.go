package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// mergeLook checks the page open in ctx at 320 and 1280 px: no wider
// than the screen, Vietnamese throughout, a full-page PNG of each width
// saved as NAME-WIDTH.png; then axe at 1280 px, which must find nothing.
func mergeLook(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	text := eval[string](t, ctx, `document.body.innerText`)
	if m := englishUI.FindAllString(text, 5); len(m) > 0 {
		t.Errorf("%s: the Vietnamese page shows English %q", name, m)
	}
	for _, w := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		o := eval[overflow](t, ctx, overflowJS)
		if inner := eval[int](t, ctx, `innerWidth`); o.ScrollWidth > inner {
			t.Errorf("%s at %dpx: the page is %d px wide, wider than the screen (%d); too wide: %v", name, w, o.ScrollWidth, inner, o.Wide)
		}
		savePNG(t, ctx, dir, fmt.Sprintf("%s-%d.png", name, w))
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	if v := Axe(t, ctx, ""); len(v) > 0 {
		t.Errorf("%s: axe found %v", name, v)
	}
}

// TestMergePreviewAndRuleHistory (issue 17): the administrator opens the
// merge screen of the province, ticks the department, types the decision
// and asks for the preview (figures, conflicts, roles, the addresses that
// change; nothing changed yet), then merges; the department's old address
// then leads to the province. The rule sets' history page is looked at
// the same way. Every page at 320 and 1280 px, axe 0 violations.
func TestMergePreviewAndRuleHistory(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	bctx := Start(t)
	admin := p.signIn(t, bctx, "quantri")

	// The rule sets and one set's history.
	if st := openPage(t, admin, p.URL+"/quan-tri/quy-dinh"); st != 200 {
		t.Fatalf("/quan-tri/quy-dinh = %d", st)
	}
	href := eval[string](t, admin, `(a => a ? a.getAttribute("href") : "")(document.querySelector('main a[href^="/quan-tri/quy-dinh/"]'))`)
	if href == "" {
		t.Fatal("no link to a rule set's page")
	}
	if st := openPage(t, admin, p.URL+href); st != 200 {
		t.Fatalf("%s = %d", href, st)
	}
	mergeLook(t, admin, dir, "rule-set-history")

	// The merge screen, the preview, the merge.
	if st := openPage(t, admin, p.URL+"/quan-tri/trang/dong-nai/sap-nhap"); st != 200 {
		t.Fatalf("merge screen = %d", st)
	}
	mergeLook(t, admin, dir, "merge-form")
	do(t, admin, chromedp.Click(chromedp.ID("from-so-khcn")), chromedp.SendKeys(chromedp.ID("decision_no"), "2510/QĐ-UBND"),
		chromedp.SendKeys(chromedp.ID("decision_text"), "Hợp nhất Cổng thông tin của Sở vào Cổng tỉnh"))
	if st := followClick(t, admin, chromedp.Click(chromedp.CSS(`main form[method="get"] button[type="submit"]`))); st != 200 {
		t.Fatalf("preview = %d", st)
	}
	text := eval[string](t, admin, `document.querySelector("main").innerText`)
	for _, want := range []string{"Xem trước việc sáp nhập", "Chưa thay đổi gì", "Sở Khoa học và Công nghệ", "Bài, trang (tất cả)", "Vai trò"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview lacks %q:\n%s", want, text)
		}
	}
	mergeLook(t, admin, dir, "merge-preview")
	if st := followClick(t, admin, chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`))); st != 200 {
		t.Fatalf("merge = %d", st)
	}
	if text := eval[string](t, admin, `document.querySelector("main").innerText`); !strings.Contains(text, "Đã sáp nhập") || !strings.Contains(text, "2510/QĐ-UBND") {
		t.Errorf("after the merge:\n%s", text)
	}
	mergeLook(t, admin, dir, "merge-done")
	if st := openPage(t, admin, p.URL+"/so-khcn/"); st != 200 {
		t.Fatalf("the department's old address = %d", st)
	}
	if url := eval[string](t, admin, `location.pathname`); url != "/" {
		t.Errorf("the department's old address leads to %s; want the province's home", url)
	}
}

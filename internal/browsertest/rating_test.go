package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestRatingByKeyboard (issue 18, REQ-06): on a 320 px screen a reader
// rates an article with the keyboard alone — Tab to the comment, type,
// Tab to "Có", Enter — and lands back on the article with the thank-you
// announced; both pages pass axe with no violation and scroll no wider
// than the screen.
func TestRatingByKeyboard(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	const article = "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027"
	do(t, ctx, chromedp.EmulateViewport(320, 640))
	Axe(t, ctx, p.URL+article)
	if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > 320 {
		t.Errorf("the article at 320px: scrollWidth %d > 320; too wide: %v", o.ScrollWidth, o.Wide)
	}

	do(t, ctx, chromedp.Navigate(p.URL+article))
	const onYes = `document.activeElement.matches('#danh-gia button[name="tra-loi"][value="co"]')`
	typed := false
	for i := 0; i < 400 && !eval[bool](t, ctx, onYes); i++ {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
		if !typed && eval[string](t, ctx, `document.activeElement.id`) == "y-kien" {
			do(t, ctx, chromedp.KeyEvent("Ro rang, de hieu"))
			typed = true
		}
	}
	if !typed || !eval[bool](t, ctx, onYes) {
		f := eval[focused](t, ctx, focusedJS)
		t.Fatalf("Tab never reached the comment and the “Có” button (typed %v); focus on <%s id=%q>%s", typed, f.Tag, f.ID, f.Text)
	}
	if label := eval[string](t, ctx, `document.activeElement.closest("fieldset").querySelector("legend").textContent`); label != "Thông tin này có hữu ích không?" {
		t.Errorf("the buttons' fieldset is labelled %q", label)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter on “Có”: %v", err)
	}
	if got := eval[string](t, ctx, `location.pathname + location.search + location.hash`); got != article+"?danh-gia=cam-on#danh-gia" {
		t.Errorf("after Enter the browser is at %s", got)
	}
	if thanks := eval[string](t, ctx, `(document.querySelector('#danh-gia [role="status"]') || {}).textContent || ""`); !strings.HasPrefix(thanks, "Cảm ơn bạn đã đánh giá") {
		t.Errorf("the thank-you reads %q", thanks)
	}
	Axe(t, ctx, "")
	if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > 320 {
		t.Errorf("the thank-you at 320px: scrollWidth %d > 320; too wide: %v", o.ScrollWidth, o.Wide)
	}
	shoot(t, ctx, p.URL+article+"?danh-gia=cam-on", screenshotDir(t)+"/rating-thanks-320.png")
}

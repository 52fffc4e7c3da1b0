package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// rootState is what display.js leaves on <html> and on the contrast button.
type rootState struct {
	Classes  []string
	FontSize string // computed, of <html>
	Pressed  string // aria-pressed of the contrast button ("" where there is none)
}

const rootStateJS = `(() => {
	const b = document.querySelector("[data-display] [data-contrast]");
	return {Classes: Array.from(document.documentElement.classList),
		FontSize: getComputedStyle(document.documentElement).fontSize,
		Pressed: b ? b.getAttribute("aria-pressed") : ""};
})()`

func (s rootState) has(class string) bool {
	for _, c := range s.Classes {
		if c == class {
			return true
		}
	}
	return false
}

// TestDisplayControls: "A+" and the high-contrast button change the page at
// once, and the choice follows the reader to other pages and other sites of
// the portal (display.js keeps it in localStorage); "A" and a second press
// of the contrast button undo it.
func TestDisplayControls(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)

	do(t, ctx, chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("[data-display]")))
	before := eval[rootState](t, ctx, rootStateJS)
	if before.has("text-1") || before.has("contrast") || before.Pressed != "false" {
		t.Fatalf("a new visitor starts with %+v, want no display classes and aria-pressed=false", before)
	}
	larger := chromedp.CSS(`[data-display] button[data-size="1"]`)
	if text, err := chromedp.Run(ctx, chromedp.Text(larger)); err != nil || strings.TrimSpace(text) != "A+" {
		t.Fatalf(`the larger-text button reads %q (%v), want "A+"`, text, err)
	}
	do(t, ctx, chromedp.Click(larger), chromedp.Click(chromedp.CSS("[data-display] [data-contrast]")))
	now := eval[rootState](t, ctx, rootStateJS)
	if !now.has("text-1") || !now.has("contrast") || now.Pressed != "true" {
		t.Fatalf("after A+ and contrast the page has %+v, want classes text-1 and contrast, aria-pressed=true", now)
	}
	if now.FontSize == before.FontSize {
		t.Errorf("A+ left the root font size at %s", now.FontSize)
	}
	bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	if bg != "rgb(0, 0, 0)" {
		t.Errorf("high contrast body background is %s, want black", bg)
	}

	// Other pages, another site, the sign-in page (admin layout, no controls).
	for _, path := range []string{"/gioi-thieu", "/so-khcn/", "/dang-nhap"} {
		do(t, ctx, chromedp.Navigate(p.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
		got := eval[rootState](t, ctx, rootStateJS)
		if !got.has("text-1") || !got.has("contrast") {
			t.Errorf("%s: <html> classes %v, want text-1 and contrast kept from the previous page", path, got.Classes)
		}
		if got.FontSize != now.FontSize {
			t.Errorf("%s: root font size %s, want %s", path, got.FontSize, now.FontSize)
		}
		if path != "/dang-nhap" && got.Pressed != "true" {
			t.Errorf("%s: contrast button aria-pressed=%q, want true", path, got.Pressed)
		}
	}

	// Undo both, and the undoing persists too.
	do(t, ctx, chromedp.Navigate(p.URL+"/en/"), chromedp.WaitVisible(chromedp.CSS("[data-display]")),
		chromedp.Click(chromedp.CSS(`[data-display] button[data-size="0"]`)),
		chromedp.Click(chromedp.CSS("[data-display] [data-contrast]")),
		chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("[data-display]")))
	after := eval[rootState](t, ctx, rootStateJS)
	if after.has("text-1") || after.has("contrast") || after.Pressed != "false" || after.FontSize != before.FontSize {
		t.Errorf("after A and contrast off, the next page has %+v, want %+v", after, before)
	}
}

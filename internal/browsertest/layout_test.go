package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// overflow reports the page's scroll width and the elements that stick out
// to the right of the viewport.
type overflow struct {
	ScrollWidth, ClientWidth int
	Wide                     []string
}

const overflowJS = `(() => {
	const w = document.documentElement.clientWidth, wide = [];
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.right > w + 0.5 && wide.length < 5) {
			wide.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
				(typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "") +
				" right=" + Math.round(r.right));
		}
	}
	return {ScrollWidth: document.documentElement.scrollWidth, ClientWidth: w, Wide: wide};
})()`

// TestNarrowScreen: at 320 CSS pixels (WCAG 2.1 reflow) no page scrolls
// sideways, even with the largest text. Screenshots of the home page at 320
// and 1280 pixels go to CONG_SCREENSHOTS, when set, for a person to look at.
func TestNarrowScreen(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	dir := screenshotDir(t)

	do(t, ctx, chromedp.EmulateViewport(320, 640))
	for _, path := range []string{"/", "/dang-nhap", "/en/", "/so-khcn/", "/bien-hoa/", "/so-do-trang", "/lien-he"} {
		do(t, ctx, chromedp.Navigate(p.URL+path))
		if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > 320 {
			t.Errorf("%s at 320px: scrollWidth %d > 320 (client width %d); too wide: %v", path, o.ScrollWidth, o.ClientWidth, o.Wide)
		}
	}
	shoot(t, ctx, p.URL+"/", filepath.Join(dir, "home-320.png"))
	shoot(t, ctx, p.URL+"/dang-nhap", filepath.Join(dir, "login-320.png"))

	// The largest text and high contrast at 320 px: still no sideways scroll.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("cong-text", "3"); localStorage.setItem("cong-contrast", "1")`))
	for _, path := range []string{"/", "/dang-nhap"} {
		do(t, ctx, chromedp.Navigate(p.URL+path))
		if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > 320 {
			t.Errorf("%s at 320px with the largest text: scrollWidth %d > 320; too wide: %v", path, o.ScrollWidth, o.Wide)
		}
	}
	shoot(t, ctx, p.URL+"/", filepath.Join(dir, "home-320-large-contrast.png"))
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`))

	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	shoot(t, ctx, p.URL+"/", filepath.Join(dir, "home-1280.png"))
	shoot(t, ctx, p.URL+"/bien-hoa/", filepath.Join(dir, "archived-1280.png"))
	t.Logf("screenshots in %s", dir)
}

// shoot saves a full-page PNG screenshot of url.
func shoot(t *testing.T, ctx context.Context, url, file string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(url))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", url, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Errorf("%s is not a PNG", file)
	}
}

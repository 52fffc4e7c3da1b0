package browsertest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReflow: every page TestAxe judges is loaded at 320 CSS pixels (WCAG
// 2.1, 1.4.10 Reflow), with the default text and with the largest text
// and high contrast, and fails if the document is wider than the screen.
// The demo holds what used to widen pages — a 1600-pixel cover image, a
// long <option> in the feedback form, a long unbroken address and word in
// an article — and the test first shows that, without the stylesheet's
// rules for them, those pages do overflow: the check can fail.
func TestReflow(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	do(t, ctx, chromedp.EmulateViewport(320, 640))

	t.Run("the demo can fail it", func(t *testing.T) {
		for _, c := range []struct {
			why, path string
			drop      []string // the rules that keep the page narrow
		}{
			{"the cover image", "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027",
				[]string{".cover img", "img, video, svg, iframe", "img, video"}},
			{"the long address and word", "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027",
				[]string{"main", ".article h1, .article-body, .teaser, .search-results, .news-list"}},
			{"the long option", "/phan-anh-kien-nghi", []string{"fieldset", "input, select, textarea"}},
		} {
			do(t, ctx, chromedp.Navigate(p.URL+c.path))
			sels, _ := json.Marshal(c.drop)
			n := eval[int](t, ctx, `((sels) => { let n = 0;
				for (const sh of document.styleSheets) for (let i = sh.cssRules.length - 1; i >= 0; i--)
					if (sels.includes(sh.cssRules[i].selectorText)) { sh.deleteRule(i); n++; }
				return n; })(`+string(sels)+`)`)
			if n != len(c.drop) {
				t.Errorf("%s: found %d of the rules %s in the stylesheet; the test no longer matches it", c.why, n, c.drop)
			}
			if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth <= 320 {
				t.Errorf("%s: without %s, %s is still %d px wide: the demo no longer tests it", c.why, c.drop, c.path, o.ScrollWidth)
			}
		}
		do(t, ctx, chromedp.Navigate(p.URL+"/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027"))
		if w := eval[string](t, ctx, `(document.querySelector(".cover img") || {getAttribute: () => ""}).getAttribute("width")`); w != "1600" {
			t.Errorf("the demo article's cover is %q wide, want the demo's 1600-pixel image", w)
		}
	})

	check := func(t *testing.T, path string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(p.URL+path))
		if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > 320 {
			t.Errorf("%s at 320px: scrollWidth %d > 320; too wide: %v", path, o.ScrollWidth, o.Wide)
		}
	}
	for _, pg := range axePages {
		t.Run(pg.name, func(t *testing.T) { check(t, pg.path) })
	}
	t.Run("largest text and high contrast", func(t *testing.T) {
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("cong-text", "3"); localStorage.setItem("cong-contrast", "1")`))
		t.Cleanup(func() { chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)) })
		for _, pg := range axePages {
			check(t, pg.path)
		}
	})
}

// TestNoLayoutShift: the text-size and contrast box, which its script
// shows after the page has loaded, takes its place from the start, so
// showing it moves nothing (Lighthouse's layout shift); the cover image
// has its size before it loads.
func TestNoLayoutShift(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	for _, w := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(w, 800))
		for _, path := range []string{"/", "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027", "/en/", "/phan-anh-kien-nghi"} {
			do(t, ctx, chromedp.Navigate(p.URL+path))
			tops := eval[[]float64](t, ctx, `(() => {
				const box = document.querySelector("[data-display]"), main = document.getElementById("noi-dung");
				const shown = box.hidden ? -1 : main.getBoundingClientRect().top;
				box.hidden = true;
				const hidden = main.getBoundingClientRect().top;
				box.hidden = false;
				return [hidden, shown];
			})()`)
			if tops[1] < 0 {
				t.Errorf("%s at %dpx: the display box is still hidden after load", path, w)
			} else if tops[0] != tops[1] {
				t.Errorf("%s at %dpx: showing the display box moves <main> from %vpx to %vpx", path, w, tops[0], tops[1])
			}
		}
		do(t, ctx, chromedp.Navigate(p.URL+"/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027"))
		// Before the image arrives its box already has the image's shape.
		ratio := eval[float64](t, ctx, `(() => { const i = document.querySelector(".cover img"); const c = i.cloneNode();
			c.removeAttribute("src"); c.removeAttribute("srcset"); i.parentNode.appendChild(c);
			const r = c.getBoundingClientRect(); c.remove(); return r.width / r.height; })()`)
		if ratio < 1.7 || ratio > 1.8 {
			t.Errorf("at %dpx the cover's box before its image loads is %v wide per unit of height, want 16:9", w, ratio)
		}
	}
}

// TestPublicScreenshots saves each public page changed by issue 13 at 320
// and 1280 px into CONG_SCREENSHOTS (or a temporary folder), for a person
// to look at; it fails only if a page cannot be shot.
func TestPublicScreenshots(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	dir := screenshotDir(t)
	for _, w := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		for _, pg := range []struct{ name, path string }{
			{"home", "/"}, {"home-en", "/en/"}, {"article", "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027"},
			{"category", "/chuyen-muc/tin-tuc-su-kien"}, {"intro", "/gioi-thieu"}, {"feedback", "/phan-anh-kien-nghi"},
			{"search", "/tim-kiem?q=dong+nai"}, {"search-en", "/en/tim-kiem?q=dong+nai"}, {"notfound", "/khong-co"},
		} {
			shoot(t, ctx, p.URL+pg.path, filepath.Join(dir, fmt.Sprintf("%s-%d.png", strings.ReplaceAll(pg.name, " ", "-"), w)))
		}
	}
	t.Logf("screenshots in %s", dir)
}

package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLawAtAnAnchor (issue 20, point 4): a citizen types a law's number
// the wrong way into the box of /van-ban and lands on the law; its table
// of contents leads to Điều 2, which is then marked on the screen; an
// address with #dieu-3 opens on Điều 3, marked the same. Every page at
// 320 and 1280 px: no wider than the screen, Vietnamese only, axe 0.
func TestLawAtAnAnchor(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	bctx := Start(t)
	var slug string
	if err := p.db.QueryRow(context.Background(), `SELECT i.slug FROM items i JOIN legal_docs l ON l.item_id = i.id
		WHERE i.live AND l.number = '57/2010/QH12'`).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	citizen := personTab(t, bctx)
	if st := openPage(t, citizen, p.URL+"/van-ban"); st != 200 {
		t.Fatalf("/van-ban = %d", st)
	}
	mergeLook(t, citizen, dir, "legal-list")
	do(t, citizen, chromedp.SendKeys(chromedp.ID("tra-cuu-q"), "57 2010 qh12"))
	if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`form[action$="/van-ban/tra-cuu"] button[type="submit"]`))); st != 200 {
		t.Fatalf("the number typed the wrong way = %d", st)
	}
	if got := eval[string](t, citizen, `location.pathname`); got != "/van-ban/"+slug {
		t.Fatalf("the box led to %s, want /van-ban/%s", got, slug)
	}
	mergeLook(t, citizen, dir, "legal-doc")

	marked := func(id string) string {
		return eval[string](t, citizen, `(() => { const e = document.getElementById("`+id+`"); if (!e || !e.matches(":target")) return "not the target";
			return getComputedStyle(e).backgroundColor; })()`)
	}
	do(t, citizen, chromedp.Click(chromedp.CSS(`nav.legal-toc a[href="#dieu-2"]`)))
	if got := marked("dieu-2"); got != "rgb(255, 244, 194)" {
		t.Errorf("Điều 2 after its entry in the contents: %s", got)
	}
	if st := openPage(t, citizen, p.URL+"/van-ban"); st != 200 { // a new page: a fragment alone loads nothing
		t.Fatalf("/van-ban = %d", st)
	}
	if st := openPage(t, citizen, p.URL+"/van-ban/"+slug+"#dieu-3"); st != 200 {
		t.Fatalf("the law at #dieu-3 = %d", st)
	}
	if got := marked("dieu-3"); got != "rgb(255, 244, 194)" {
		t.Errorf("Điều 3 opened from an address: %s", got)
	}
	if text := eval[string](t, citizen, `document.querySelector("#dieu-3 .anchor").getAttribute("href")`); text != "#dieu-3" {
		t.Errorf("Điều 3's link to itself: %q", text)
	}
	if !strings.Contains(eval[string](t, citizen, `document.querySelector("article").innerText`), "Cơ sở dữ liệu quốc gia về văn bản pháp luật") {
		t.Errorf("no link to the national database")
	}
	savePNG(t, citizen, dir, "legal-anchor-1280.png")
	t.Logf("screenshots in %s", dir)
}

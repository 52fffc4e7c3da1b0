package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSearchFromTheHeader: a reader types words without diacritics into
// the header's search box, lands on the results page with the words
// marked in the snippets, pages through nothing broken, and the page has
// no axe violations.
func TestSearchFromTheHeader(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	do(t, ctx,
		chromedp.Navigate(p.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("hdr-q")),
		chromedp.SendKeys(chromedp.ID("hdr-q"), "chuyen doi so"),
	)
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.site-search button`))); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Path, Query, Status string
		Marks, Results      int
		Heading             string
	}
	s := eval[state](t, ctx, `({Path: location.pathname, Query: document.getElementById("tk-q").value,
		Status: document.querySelector("[role=status]")?.textContent || "",
		Marks: document.querySelectorAll(".search-results mark").length,
		Results: document.querySelectorAll(".search-results > li").length,
		Heading: document.querySelector(".search-results h3 a")?.textContent || ""})`)
	if s.Path != "/tim-kiem" || s.Query != "chuyen doi so" || s.Results == 0 || s.Marks == 0 {
		t.Fatalf("after searching from the header: %+v", s)
	}
	t.Logf("results page: %+v", s)
	// The search pages in their states, through axe (a test of their own,
	// with the browser's time budget to themselves).
	for _, path := range []string{"/tim-kiem?q=chuyen+doi+so", "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
		"/tim-kiem?q=chuyen+doi+sok", "/tim-kiem?q=chuyeenr+ddooir+soos", "/tim-kiem", "/so-khcn/tim-kiem?q=khoa+hoc&pham-vi=all", "/en/tim-kiem?q=giao+thong"} {
		Axe(t, ctx, p.URL+path)
	}

	// Nothing found: "did you mean" offers a link that finds something.
	// ("sox" would be Telex for "sõ", read as such since issue 21; "sok"
	// is no key sequence, only a typo.)
	do(t, ctx, chromedp.Navigate(p.URL+"/tim-kiem?q=chuyen+doi+sok"))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main p a[href*="tim-kiem"]`))); err != nil {
		t.Fatalf("no did-you-mean link: %v", err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".search-results > li").length`); n == 0 {
		t.Errorf("the suggested query finds nothing")
	}
}

package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAxe runs axe-core's WCAG 2.0/2.1 A and AA rules on the public pages of
// every kind of site, in both languages, on the sign-in page, and on the
// admin dashboard of a signed-in editor.
func TestAxe(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"home-en", "/en/"},
		{"login", "/dang-nhap"},
		{"department", "/so-khcn/"},
		{"department-en", "/so-khcn/en/"},
		{"commune", "/phuong-tran-bien/"},
		{"archived", "/bien-hoa/"},
		{"sitemap", "/so-do-trang"},
		{"intro", "/gioi-thieu"},
		{"services", "/dich-vu-cong"},
		{"contact", "/lien-he"},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) { Axe(t, ctx, p.URL+pg.path) })
	}

	// The reader's own display settings must keep the page within AA too:
	// high contrast and the largest text.
	t.Run("home-contrast-large-text", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`localStorage.setItem("cong-contrast", "1"); localStorage.setItem("cong-text", "3")`),
		)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)) })
		Axe(t, ctx, p.URL+"/")
		for _, path := range []string{"/so-khcn/", "/bien-hoa/", "/dang-nhap"} {
			Axe(t, ctx, p.URL+path)
		}
	})

	t.Run("dashboard", func(t *testing.T) {
		if got := login(t, ctx, p.URL, "bientap", p.password(t, "bientap")); got != "/quan-tri/" {
			t.Fatalf("bientap landed on %s, want /quan-tri/", got)
		}
		Axe(t, ctx, "")                          // the page the form led to
		Axe(t, ctx, p.URL+"/quan-tri/tai-khoan") // the editor's own account page
	})
}

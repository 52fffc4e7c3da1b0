package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// portal is the demo portal served on a loopback port for one test.
type portal struct {
	URL    string
	logins map[string]string // username → password
}

// startPortal serves a fresh demo portal on a migrated SQLite database.
func startPortal(t *testing.T) *portal {
	t.Helper()
	return startStaffPortal(t).portal
}

func (p *portal) password(t *testing.T, username string) string {
	t.Helper()
	pw, ok := p.logins[username]
	if !ok {
		t.Fatalf("the demo has no account %q", username)
	}
	return pw
}

// login signs in through the real form, typing as a person would, and
// returns the path the browser lands on.
func login(t *testing.T, ctx context.Context, base, username, password string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), password),
	)
	if err == nil {
		// RunResponse waits for the page the form leads to, redirects and all.
		_, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	}
	var path string
	if err == nil {
		path, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	}
	if err != nil {
		t.Fatalf("log in as %s: %v", username, err)
	}
	return path
}

// screenshotDir is CONG_SCREENSHOTS when set (created if needed), else a
// temporary folder of the test.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CONG_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshots: %v", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// do runs actions in the tab of ctx and stops the test on an error.
func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the tab of ctx.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

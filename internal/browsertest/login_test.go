package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLogin signs in through the real form: a wrong password shows the
// Vietnamese error and keeps the person on the form; the right one lands on
// the dashboard.
func TestLogin(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)

	if got := login(t, ctx, p.URL, "bientap", "sai-mat-khau-123"); got != "/dang-nhap" {
		t.Errorf("a wrong password led to %s, want the form again", got)
	}
	errText := eval[string](t, ctx, `(document.querySelector('main [role="alert"]') || {innerText: ""}).innerText`)
	if !strings.Contains(errText, "Tên đăng nhập hoặc mật khẩu không đúng.") {
		t.Errorf("error box reads %q, want it to say %q", errText, "Tên đăng nhập hoặc mật khẩu không đúng.")
	}
	if v := eval[string](t, ctx, `document.getElementById("username").value`); v != "bientap" {
		t.Errorf("the form forgot the user name: %q", v)
	}
	if v := eval[string](t, ctx, `document.getElementById("password").value`); v != "" {
		t.Errorf("the form gave the password back to the page")
	}
	Axe(t, ctx, "") // the form with its error message

	if got := login(t, ctx, p.URL, "bientap", p.password(t, "bientap")); got != "/quan-tri/" {
		t.Fatalf("the right password led to %s, want /quan-tri/", got)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(h1) != "Bảng điều khiển" {
		t.Errorf("dashboard heading %q, want %q", h1, "Bảng điều khiển")
	}
	if body := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(body, "bientap") {
		t.Errorf("the dashboard does not show who is signed in")
	}
}

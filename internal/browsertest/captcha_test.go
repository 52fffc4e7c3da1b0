package browsertest

import (
	"context"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// captchaPage is the smallest form that uses the captcha, served beside
// the portal (same origin, same Content-Security-Policy: no inline script).
var captchaPage = template.Must(template.New("").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thử captcha</title>
<script src="{{.}}" defer></script></head>
<body><main><h1>Thử captcha</h1>
<form method="post" action="/thu-captcha">
<label for="q">Câu hỏi</label> <input id="q" name="q" value="Xin hỏi giờ làm việc">
<div data-captcha></div>
<button type="submit">Gửi</button>
</form></main></body></html>`))

// TestCaptchaInBrowser: Chromium fetches a challenge, solves it with Web
// Crypto under the portal's CSP, says so in the status line, and the
// server accepts the form once; the same solution sent again is refused.
func TestCaptchaInBrowser(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		t.Fatal(err)
	}
	iss, err := captcha.New(db, captcha.Options{}) // the default difficulty: what citizens' browsers do
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(ctx, web.Options{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test",
		MediaDir: t.TempDir(), Captcha: iss})
	if err != nil {
		t.Fatal(err)
	}
	var csp string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /thu-captcha", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		captchaPage.Execute(w, srv.StaticURL("captcha.js"))
	})
	mux.HandleFunc("POST /thu-captcha", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := iss.Verify(r.Context(), r.PostFormValue("altcha")); err != nil {
			w.WriteHeader(http.StatusUnprocessableEntity)
			io.WriteString(w, `<!doctype html><html lang="vi"><title>Lỗi</title><main><p role="alert">`+template.HTMLEscapeString(err.Error())+`</p></main></html>`)
			return
		}
		io.WriteString(w, `<!doctype html><html lang="vi"><title>Đã nhận</title><main><h1>Đã nhận câu hỏi</h1></main></html>`)
	})
	mux.Handle("/", srv)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	resp, err := http.Get(hs.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp = resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("the portal's CSP is %q", csp)
	}

	bctx := Start(t)
	if err := chromedp.Do(bctx, chromedp.Navigate(hs.URL+"/thu-captcha")); err != nil {
		t.Fatal(err)
	}
	state := ""
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		state = eval[string](t, bctx, `document.querySelector("[data-captcha]").getAttribute("data-captcha-state") || ""`)
		if state != "" {
			break
		}
	}
	status := eval[string](t, bctx, `document.querySelector('[data-captcha] [role="status"]').textContent`)
	if state != "solved" {
		t.Fatalf("captcha state %q, status line %q", state, status)
	}
	if status != "Đã xác minh chống thư rác. Bạn có thể gửi biểu mẫu." {
		t.Errorf("status line %q", status)
	}
	payload := eval[string](t, bctx, `document.querySelector('input[name="altcha"]').value`)
	if payload == "" {
		t.Fatal("the hidden field altcha is empty")
	}
	Axe(t, bctx, "") // the form with its status line

	if _, err := chromedp.RunResponse(bctx, chromedp.Click(chromedp.CSS(`form button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	if h1 := eval[string](t, bctx, `(document.querySelector("h1") || {textContent: ""}).textContent`); h1 != "Đã nhận câu hỏi" {
		t.Errorf("after sending, the page reads %q: the server refused the browser's solution", eval[string](t, bctx, `document.body.innerText`))
	}
	e, ok := apperr.As(iss.Verify(ctx, payload))
	if !ok || !strings.Contains(e.Fields[captcha.Field].VI, "đã được dùng") {
		t.Errorf("the browser's solution sent again: %v, want refused as used", e)
	}
}

// TestCaptchaOnFeedbackForm: on the real public form, a person fills the
// fields, the browser solves the captcha while they type, and sending
// leads to the private page with a tracking code.
func TestCaptchaOnFeedbackForm(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	do(t, ctx,
		chromedp.Navigate(p.URL+"/phan-anh-kien-nghi"),
		chromedp.WaitVisible(chromedp.ID("fb-name")),
		chromedp.SendKeys(chromedp.ID("fb-name"), "Trần Thị Bích"),
		chromedp.SendKeys(chromedp.ID("fb-address"), "12 đường Hùng Vương, phường Phú Nhuận"),
		chromedp.SendKeys(chromedp.ID("fb-email"), "bich.tran@example.vn"),
		chromedp.SendKeys(chromedp.ID("fb-title"), "Hỏi về thời hạn cấp giấy phép xây dựng"),
		chromedp.SendKeys(chromedp.ID("fb-body"), "Xin cho biết thời hạn giải quyết hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ."),
	)
	// Sent at once, before the captcha may be solved: the script holds
	// the form and sends it when the work is done.
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); err != nil {
		t.Fatalf("send the form: %v", err)
	}
	path := eval[string](t, ctx, `location.pathname`)
	if !strings.HasPrefix(path, "/phan-anh-kien-nghi/PAKN-") {
		t.Fatalf("after sending, the browser is at %s: %q", path, eval[string](t, ctx, `document.body.innerText`))
	}
}

package browsertest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/mail/mailtest"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

var confirmLinkRE = regexp.MustCompile(`(/nhan-tin-moi/xac-nhan/[A-Za-z0-9_-]{43})\b`)

// TestSubscriptionByMail (issue 20, point 9): from a category page a
// reader opens the subscription form with that section chosen, types an
// address, ticks the consent and sends while the browser solves the
// captcha; the confirmation mail arrives at a real SMTP server (mailpit)
// and the link in it, opened in the browser, confirms. The form, the page
// after it and the confirmation at 320 and 1280 px: no wider than the
// screen, Vietnamese only, axe 0 violations; the English form too.
func TestSubscriptionByMail(t *testing.T) {
	mp := mailtest.Start(t)
	ctx := context.Background()
	db := storetest.SQLite(t)
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	outbox := mail.New(db, mail.Options{SMTPAddr: mp.SMTPAddr, From: "Cổng thông tin <noreply@example.gov.vn>", Log: log})
	srv, err := web.New(ctx, web.Options{DB: db, Log: log, Version: "test", MediaDir: t.TempDir(), Mail: outbox})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	dir := screenshotDir(t)
	bctx := Start(t)
	reader := personTab(t, bctx)

	if st := openPage(t, reader, hs.URL+"/chuyen-muc/tin-tuc-su-kien"); st != 200 {
		t.Fatalf("the category page = %d", st)
	}
	if st := followClick(t, reader, chromedp.Click(chromedp.CSS(`main a[href="/nhan-tin-moi?chuyen-muc=tin-tuc-su-kien"]`))); st != 200 {
		t.Fatalf("the form = %d", st)
	}
	if v := eval[string](t, reader, `document.getElementById("sub-section").value`); v != "tin-tuc-su-kien" {
		t.Errorf("the section chosen is %q, want the category's", v)
	}
	mergeLook(t, reader, dir, "subscription-form")
	do(t, reader,
		chromedp.SendKeys(chromedp.ID("sub-email"), "ban.doc@example.org"),
		chromedp.Click(chromedp.ID("sub-consent")))
	state := ""
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && state != "solved"; time.Sleep(100 * time.Millisecond) {
		state = eval[string](t, reader, `document.querySelector("[data-captcha]").getAttribute("data-captcha-state") || ""`)
	}
	if state != "solved" {
		t.Fatalf("captcha state %q", state)
	}
	if st := followClick(t, reader, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); st != 200 {
		t.Fatalf("sending the form = %d: %s", st, alertText(t, reader))
	}
	if path := eval[string](t, reader, `location.pathname`); path != "/nhan-tin-moi/da-gui" {
		t.Fatalf("after sending the reader is on %s: %s", path, alertText(t, reader))
	}
	mergeLook(t, reader, dir, "subscription-sent")

	if err := outbox.Deliver(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	msgs := mp.Messages(t)
	if len(msgs) != 1 || msgs[0].To[0].Address != "ban.doc@example.org" {
		t.Fatalf("mailpit holds %v", msgs)
	}
	m := confirmLinkRE.FindStringSubmatch(msgs[0].Text)
	if m == nil {
		t.Fatalf("no confirmation link in:\n%s", msgs[0].Text)
	}
	if st := openPage(t, reader, hs.URL+m[1]); st != 200 {
		t.Fatalf("the confirmation link = %d", st)
	}
	if h1 := eval[string](t, reader, `document.querySelector("h1").textContent`); h1 != "Đã xác nhận đăng ký" {
		t.Errorf("the confirmation page reads %q", h1)
	}
	mergeLook(t, reader, dir, "subscription-confirmed")
	var state2 string
	if err := db.QueryRow(ctx, `SELECT s.state FROM subscribers s JOIN categories c ON c.id = s.category_id
		WHERE s.email = 'ban.doc@example.org' AND c.slug = 'tin-tuc-su-kien'`).Scan(&state2); err != nil || state2 != "active" {
		t.Errorf("the subscription is %q (%v)", state2, err)
	}

	// The English form: English labels, axe 0.
	if st := openPage(t, reader, hs.URL+"/en/nhan-tin-moi"); st != 200 {
		t.Fatalf("the English form = %d", st)
	}
	if text := eval[string](t, reader, `document.querySelector("main").innerText`); !strings.Contains(text, "Subscribe to new items by email") || !strings.Contains(text, "Email address") {
		t.Errorf("the English form reads:\n%s", text)
	}
	if v := Axe(t, reader, ""); len(v) > 0 {
		t.Errorf("the English form: axe found %v", v)
	}
	t.Logf("screenshots in %s", dir)
}

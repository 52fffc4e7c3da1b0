package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
)

// TestOutboxPageAccessible: the administrators' outbox page, with a
// queued and a failed message, passes axe, and the retry button puts the
// failed one back in the queue.
func TestOutboxPageAccessible(t *testing.T) {
	p := startStaffPortal(t)
	ctx := context.Background()
	for _, to := range []string{"anh.nguyen@example.vn", "bich.tran@example.vn"} {
		if err := p.db.InTx(ctx, func(tx *store.Tx) error {
			return p.srv.Mail().Enqueue(ctx, tx, mail.Message{To: to, Subject: "Xác nhận phản ánh, kiến nghị", Text: "Kính gửi…"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	// As if the last attempt had failed (the mail tests reach this state
	// through a real SMTP server that is down).
	if _, err := p.db.Exec(ctx, `UPDATE mail_outbox SET status = 'failed', attempts = 10, last_error = 'dial tcp: connection refused'
		WHERE to_addr = 'bich.tran@example.vn'`); err != nil {
		t.Fatal(err)
	}
	bctx := Start(t)
	admin := p.signIn(t, bctx, "quantri")
	if st := openPage(t, admin, p.URL+"/quan-tri/thu-di"); st != 200 {
		t.Fatalf("/quan-tri/thu-di = %d", st)
	}
	Axe(t, admin, "")
	text := eval[string](t, admin, `document.querySelector("main").innerText`)
	if !strings.Contains(text, "b•••@example.vn") || strings.Contains(text, "bich.tran@") {
		t.Errorf("the page should show the recipient partly hidden:\n%s", text)
	}
	if st := followClick(t, admin, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); st != 200 {
		t.Fatalf("retry button: HTTP %d", st)
	}
	if c, _ := p.srv.Mail().Counts(ctx); c["failed"] != 0 || c["queued"] != 2 {
		t.Errorf("after the retry button: %v", c)
	}
	Axe(t, admin, "") // with the confirmation
}

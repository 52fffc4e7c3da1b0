package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/mail/mailtest"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestFeedbackReceiptThroughSMTP: the receipt mail goes through the
// outbox to a real SMTP server (mailpit); while the server is down
// nothing is lost, and it arrives once the server is back.
func TestFeedbackReceiptThroughSMTP(t *testing.T) {
	mp := mailtest.Start(t)
	db := storetest.SQLite(t)
	var outbox *mail.Outbox
	h := newHarness(t, db, func(o *web.Options) {
		outbox = mail.New(db, mail.Options{SMTPAddr: mp.SMTPAddr, From: "Cổng thông tin <noreply@example.gov.vn>", Log: discard(),
			Now: o.Now, FirstDelay: time.Millisecond, MaxDelay: time.Millisecond})
		o.Mail = outbox
	})
	mp.Stop()
	b := h.browser()
	p := b.postMultipart("/phan-anh-kien-nghi", map[string]string{"name": "Mai Văn Thư", "address": "3 Phan Chu Trinh",
		"email": "thu@example.vn", "category": "khac", "title": "Hỏi giờ tiếp dân", "body": "Xin hỏi giờ tiếp công dân.",
		"altcha": b.solveCaptcha()}, nil)
	m := linkRE.FindStringSubmatch(p.location)
	if p.status != 303 || m == nil {
		t.Fatalf("submit: %d %q", p.status, p.location)
	}
	ctx := context.Background()
	if err := outbox.Deliver(ctx, h.clock.Now()); err == nil {
		t.Error("delivery with the SMTP server down reported no error")
	}
	mp.Restart(t)
	var got []mailtest.Message
	for i := 0; i < 50 && len(got) == 0; i++ {
		h.clock.Add(time.Minute)
		outbox.Deliver(ctx, h.clock.Now())
		got = mp.Messages(t)
	}
	if len(got) != 1 {
		t.Fatalf("mailpit received %d messages, want 1", len(got))
	}
	msg := got[0]
	if msg.To[0].Address != "thu@example.vn" || !strings.Contains(msg.Subject, m[1]) || !strings.Contains(msg.Text, "/phan-anh-kien-nghi/"+m[1]+"/"+m[2]) {
		t.Errorf("receipt mail: to %v, subject %q, text %q", msg.To, msg.Subject, msg.Text)
	}
}

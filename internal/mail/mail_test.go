package mail_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/mail/mailtest"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var day = time.Date(2026, 6, 13, 9, 0, 0, 0, time.UTC)

const (
	subject = "Xác nhận phản ánh PAKN-2026-000123: đường Nguyễn Trãi ngập nước"
	body    = "Kính gửi ông Nguyễn Văn Ánh,\n\nCổng thông tin điện tử đã nhận phản ánh, kiến nghị của ông.\nMã theo dõi: PAKN-2026-000123.\n\nTrân trọng."
)

func enqueue(t *testing.T, db *store.DB, o *mail.Outbox, m mail.Message) {
	t.Helper()
	if err := db.InTx(context.Background(), func(tx *store.Tx) error { return o.Enqueue(context.Background(), tx, m) }); err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

func counts(t *testing.T, o *mail.Outbox) map[string]int {
	t.Helper()
	c, err := o.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDeliver: a queued message reaches a real SMTP server with its
// Vietnamese subject and body intact, once.
func TestDeliver(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smtp := mailtest.Start(t)
		o := mail.New(db, mail.Options{SMTPAddr: smtp.SMTPAddr, From: "Cổng thông tin điện tử <noreply@tinh.gov.vn>",
			Now: func() time.Time { return day }})
		const unsub = "https://tinh.gov.vn/nhan-tin-moi/huy/abc_DEF-123"
		enqueue(t, db, o, mail.Message{To: "anh.nguyen@example.vn", Subject: subject, Text: body, Unsubscribe: unsub})
		// A link that is not one http(s) address is refused: it would be
		// a header.
		for _, bad := range []string{"/nhan-tin-moi/huy/x", "https://a.vn/x>\r\nBcc: b@c.vn", "javascript:alert(1)"} {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				return o.Enqueue(ctx, tx, mail.Message{To: "anh.nguyen@example.vn", Subject: subject, Text: body, Unsubscribe: bad})
			})
			if err == nil {
				t.Errorf("unsubscribe link %q accepted", bad)
			}
		}

		if err := o.Deliver(ctx, day); err != nil {
			t.Fatalf("deliver: %v", err)
		}
		if err := o.Deliver(ctx, day.Add(time.Hour)); err != nil { // nothing left to send
			t.Fatalf("second deliver: %v", err)
		}
		got := smtp.Messages(t)
		if len(got) != 1 {
			t.Fatalf("mailpit received %d messages, want 1", len(got))
		}
		m := got[0]
		if m.Subject != subject {
			t.Errorf("subject %q, want %q", m.Subject, subject)
		}
		if strings.TrimSpace(strings.ReplaceAll(m.Text, "\r\n", "\n")) != body {
			t.Errorf("body arrived as %q, want %q", m.Text, body)
		}
		if len(m.To) != 1 || m.To[0].Address != "anh.nguyen@example.vn" {
			t.Errorf("to %+v", m.To)
		}
		if m.From.Address != "noreply@tinh.gov.vn" || m.From.Name != "Cổng thông tin điện tử" {
			t.Errorf("from %+v", m.From)
		}
		if lu := m.ListUnsubscribe; lu.Header != "<"+unsub+">" || len(lu.Links) != 1 || lu.Links[0] != unsub {
			t.Errorf("List-Unsubscribe %+v; want <%s>", lu, unsub)
		}
		if !strings.HasSuffix(m.MessageID, "@tinh.gov.vn") {
			t.Errorf("message id %q", m.MessageID)
		}
		if c := counts(t, o); c["sent"] != 1 || c["queued"] != 0 {
			t.Errorf("counts %v", c)
		}
	})
}

// TestServerDown: while the SMTP server is down messages stay queued and
// are retried after a delay; once it is back each is delivered exactly
// once.
func TestServerDown(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smtp := mailtest.Start(t)
		smtp.Stop()
		o := mail.New(db, mail.Options{SMTPAddr: smtp.SMTPAddr, From: "noreply@tinh.gov.vn", FirstDelay: time.Minute, Timeout: 3 * time.Second,
			Now: func() time.Time { return day }})
		for _, to := range []string{"a@example.vn", "b@example.vn", "c@example.vn"} {
			enqueue(t, db, o, mail.Message{To: to, Subject: subject, Text: body})
		}
		if err := o.Deliver(ctx, day); err == nil {
			t.Fatal("delivering with the server down reported no error")
		}
		if c := counts(t, o); c["queued"] != 3 {
			t.Fatalf("after a failed attempt: %v, want 3 queued", c)
		}
		list, _ := o.List(ctx, "queued", 10)
		for _, e := range list {
			if e.Attempts != 1 || e.LastError == "" || !e.NextAt.Equal(day.Add(time.Minute)) {
				t.Errorf("after one failure: %+v, want 1 attempt, an error, next try at %v", e, day.Add(time.Minute))
			}
		}

		smtp.Restart(t)
		// Not due yet: the backoff holds them back.
		if err := o.Deliver(ctx, day.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if n := len(smtp.Messages(t)); n != 0 {
			t.Fatalf("%d messages sent before the retry was due", n)
		}
		if err := o.Deliver(ctx, day.Add(time.Minute)); err != nil {
			t.Fatalf("retry: %v", err)
		}
		if err := o.Deliver(ctx, day.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got := smtp.Messages(t)
		seen := map[string]int{}
		for _, m := range got {
			seen[m.To[0].Address]++
		}
		if len(got) != 3 || seen["a@example.vn"] != 1 || seen["b@example.vn"] != 1 || seen["c@example.vn"] != 1 {
			t.Errorf("received %d messages %v, want each of the three once", len(got), seen)
		}
		if c := counts(t, o); c["sent"] != 3 {
			t.Errorf("counts %v", c)
		}
	})
}

// TestGiveUp: after MaxAttempts the row stays, failed and visible; an
// administrator can put it back in the queue.
func TestGiveUp(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smtp := mailtest.Start(t)
		smtp.Stop()
		o := mail.New(db, mail.Options{SMTPAddr: smtp.SMTPAddr, From: "noreply@tinh.gov.vn", MaxAttempts: 3,
			FirstDelay: time.Minute, Timeout: 3 * time.Second, Now: func() time.Time { return day }})
		enqueue(t, db, o, mail.Message{To: "a@example.vn", Subject: subject, Text: body})
		now := day
		for range 3 {
			o.Deliver(ctx, now)
			now = now.Add(time.Hour)
		}
		failed, err := o.List(ctx, "failed", 10)
		if err != nil || len(failed) != 1 || failed[0].Attempts != 3 {
			t.Fatalf("failed list %+v (%v), want the message after 3 attempts", failed, err)
		}
		o.Deliver(ctx, now.Add(24*time.Hour)) // a failed row is not tried again
		if l, _ := o.List(ctx, "failed", 10); len(l) != 1 || l[0].Attempts != 3 {
			t.Errorf("a failed message was tried again: %+v", l)
		}
		smtp.Restart(t)
		if err := o.Retry(ctx, failed[0].ID, audit.Actor{ID: 1, Name: "quantri"}); err != nil {
			t.Fatal(err)
		}
		var audited int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'mail.retry'`).Scan(&audited)
		if audited != 1 {
			t.Errorf("retry audited %d times, want once", audited)
		}
		if err := o.Deliver(ctx, now.Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n := len(smtp.Messages(t)); n != 1 {
			t.Errorf("after retry %d messages, want 1", n)
		}
		if apperr.KindOf(o.Retry(ctx, 999, audit.Actor{})) != apperr.NotFound {
			t.Error("retrying a message that is not failed should be NotFound")
		}
	})
}

// TestNoPasswordInClear: with a user name configured and a server that
// offers no TLS, the outbox refuses to send the password in clear; the
// message stays queued for a later try.
func TestNoPasswordInClear(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smtp := mailtest.Start(t)
		var logs strings.Builder
		o := mail.New(db, mail.Options{SMTPAddr: smtp.SMTPAddr, From: "noreply@tinh.gov.vn", Username: "cong", Password: "mật-khẩu-bí-mật",
			Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: func() time.Time { return day }})
		enqueue(t, db, o, mail.Message{To: "a@example.vn", Subject: subject, Text: body})
		err := o.Deliver(ctx, day)
		if err == nil {
			t.Fatal("sent with a password over a connection without TLS")
		}
		if strings.Contains(err.Error()+logs.String(), "mật-khẩu-bí-mật") {
			t.Error("the password appears in an error or the log")
		}
		if n := len(smtp.Messages(t)); n != 0 {
			t.Errorf("%d messages arrived", n)
		}
		if c := counts(t, o); c["queued"] != 1 {
			t.Errorf("counts %v, want the message still queued", c)
		}
	})
}

// TestRollback: a message enqueued in a transaction that rolls back is
// never sent.
func TestRollback(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := mail.New(db, mail.Options{})
		boom := errors.New("the request could not be stored")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := o.Enqueue(ctx, tx, mail.Message{To: "a@example.vn", Subject: subject, Text: body}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if c := counts(t, o); c["queued"] != 0 {
			t.Errorf("rolled back message is queued: %v", c)
		}
	})
}

// TestNotConfigured: without an SMTP server messages stay queued and the
// warning is logged once, not on every run.
func TestNotConfigured(t *testing.T) {
	db := storetest.SQLite(t)
	var logs strings.Builder
	o := mail.New(db, mail.Options{From: "noreply@tinh.gov.vn", Password: "bí-mật-123", Log: slog.New(slog.NewTextHandler(&logs, nil))})
	enqueue(t, db, o, mail.Message{To: "a@example.vn", Subject: subject, Text: body})
	for range 3 {
		if err := o.Deliver(context.Background(), day); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Errorf("warning logged %d times, want once:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), "bí-mật-123") {
		t.Error("the password was logged")
	}
	if c := counts(t, o); c["queued"] != 1 {
		t.Errorf("counts %v", c)
	}
}

// TestBadAddress: what a citizen might type as an address.
func TestBadAddress(t *testing.T) {
	db := storetest.SQLite(t)
	o := mail.New(db, mail.Options{})
	for _, to := range []string{"", "khong-co-a-cong", "a@b", "Ánh <a@example.vn>", "a@example.vn, b@example.vn",
		"a@example.vn\r\nBcc: x@example.vn", strings.Repeat("a", 250) + "@example.vn"} {
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return o.Enqueue(context.Background(), tx, mail.Message{To: to, Subject: subject, Text: body})
		})
		e, ok := apperr.As(err)
		if !ok || e.Fields["email"].VI == "" {
			t.Errorf("to %q: %v, want a message on the email field", to, err)
		}
	}
	if c := counts(t, o); c["queued"] != 0 {
		t.Errorf("bad addresses were queued: %v", c)
	}
}

// FuzzAddress: Address never panics, and what it accepts is one address
// without anything that could break a header.
func FuzzAddress(f *testing.F) {
	for _, s := range []string{"a@example.vn", "", "a@b", "\"x\"@example.vn", "a@example.vn\nBcc: b@c.d", "Ánh <a@example.vn>", "a@[127.0.0.1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := mail.Address(s)
		if err != nil {
			if apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if strings.ContainsAny(got, "\r\n,;<>\"") || !strings.Contains(got, "@") {
			t.Fatalf("accepted %q as %q", s, got)
		}
	})
}

func TestMasked(t *testing.T) {
	for in, want := range map[string]string{"anh.nguyen@example.vn": "a•••@example.vn", "ánh@example.vn": "á•••@example.vn", "x": "•••", "@a.vn": "•••"} {
		if got := mail.Masked(in); got != want {
			t.Errorf("Masked(%q) = %q, want %q", in, got, want)
		}
	}
}

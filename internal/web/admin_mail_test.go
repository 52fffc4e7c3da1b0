package web_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestMailAdmin: a message that could not be sent stays visible to
// administrators as failed, with the recipient partly hidden; they can
// put it back in the queue (audited); others may not see the page.
func TestMailAdmin(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		down := l.Addr().String() // nobody listens there once closed
		l.Close()
		outbox := mail.New(db, mail.Options{SMTPAddr: down, From: "noreply@tinh.gov.vn", MaxAttempts: 1, Timeout: 2 * time.Second, Log: discard()})
		h := newHarness(t, db, func(o *web.Options) { o.Mail = outbox })
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return outbox.Enqueue(ctx, tx, mail.Message{To: "anh.nguyen@example.vn", Subject: "Xác nhận phản ánh PAKN-2026-000001", Text: "Kính gửi…"})
		}); err != nil {
			t.Fatal(err)
		}
		if err := outbox.Deliver(ctx, time.Now().Add(time.Minute)); err == nil {
			t.Fatal("delivered to a closed port")
		}

		h.person("qtri", account.Admin, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		admin, tb := h.browser(), h.browser()
		admin.signIn("qtri")
		tb.signIn("tban")
		if p := tb.get("/quan-tri/thu-di"); p.status != http.StatusForbidden {
			t.Errorf("board head on the outbox = %d; want 403", p.status)
		}
		p := admin.get("/quan-tri/thu-di")
		for _, want := range []string{"Thư đi", "a•••@example.vn", "Xác nhận phản ánh PAKN-2026-000001", "Lỗi", "Gửi lại"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("outbox page lacks %q", want)
			}
		}
		if strings.Contains(p.body, "anh.nguyen@example.vn") {
			t.Error("the outbox page shows the citizen's whole address")
		}
		failed, _ := outbox.List(ctx, "failed", 10)
		if len(failed) != 1 {
			t.Fatalf("failed messages %+v", failed)
		}
		id := failed[0].ID
		if p := tb.post("/quan-tri/thu-di/"+strconv.FormatInt(id, 10)+"/gui-lai", url.Values{}); p.status != http.StatusForbidden {
			t.Errorf("board head retrying = %d; want 403", p.status)
		}
		before := h.auditCount("mail.retry")
		if p := admin.post("/quan-tri/thu-di/"+strconv.FormatInt(id, 10)+"/gui-lai", url.Values{}); p.status != http.StatusSeeOther {
			t.Fatalf("retry = %d %.500s", p.status, p.body)
		}
		if h.auditCount("mail.retry") != before+1 {
			t.Error("the retry was not audited")
		}
		if c, _ := outbox.Counts(ctx); c["queued"] != 1 || c["failed"] != 0 {
			t.Errorf("after retry %v", c)
		}
		if p := admin.post("/quan-tri/thu-di/"+strconv.FormatInt(id, 10)+"/gui-lai", url.Values{}); p.status != http.StatusNotFound {
			t.Errorf("retrying a queued message = %d; want 404", p.status)
		}
	})
}

package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/mail/mailtest"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestReportReplyThroughSMTP (REQ-21): a reader reports an error on the
// corrected announcement and leaves an address; the editor resolves the
// report from the queue; the answer reaches a real SMTP server (mailpit)
// with what was done and the link to the item's correction, in
// Vietnamese with its diacritics intact.
func TestReportReplyThroughSMTP(t *testing.T) {
	mp := mailtest.Start(t)
	db := storetest.SQLite(t)
	var outbox *mail.Outbox
	h := newHarness(t, db, func(o *web.Options) {
		outbox = mail.New(db, mail.Options{SMTPAddr: mp.SMTPAddr, From: "Cổng thông tin <noreply@example.gov.vn>", Log: discard(),
			Now: o.Now, FirstDelay: time.Millisecond, MaxDelay: time.Millisecond})
		o.Mail = outbox
	})
	ctx := context.Background()
	var itemID int64
	if err := db.QueryRow(ctx, `SELECT id FROM items WHERE slug = 'lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026'`).Scan(&itemID); err != nil {
		t.Fatal(err)
	}
	reader := h.browser()
	if p := reader.post("/bao-loi", url.Values{"item": {fmt.Sprint(itemID)}, "page": {correctedItem},
		"message": {"Địa điểm tiếp công dân ghi thiếu số nhà."}, "email": {"ban.doc.thu@example.vn"}}); p.status != 303 {
		t.Fatalf("report: %d", p.status)
	}
	var id int64
	if err := db.QueryRow(ctx, `SELECT id FROM error_reports WHERE email = 'ban.doc.thu@example.vn'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	h.person("bt-mail", account.Editor, "dong-nai")
	ed := h.browser()
	ed.signIn("bt-mail")
	if p := ed.post(fmt.Sprintf("/quan-tri/s/dong-nai/phan-anh/%d", id), url.Values{"resolution": {"Đã bổ sung số nhà: số 2 đường Nguyễn Văn Trị."}}); p.status != 303 {
		t.Fatalf("resolve: %d", p.status)
	}
	var got []mailtest.Message
	for i := 0; i < 50 && len(got) == 0; i++ {
		if err := outbox.Deliver(ctx, h.clock.Now()); err != nil {
			t.Logf("deliver: %v", err)
		}
		got = mp.Messages(t)
		if len(got) == 0 {
			h.clock.Add(time.Second)
		}
	}
	var answer *mailtest.Message
	for i := range got {
		if len(got[i].To) == 1 && got[i].To[0].Address == "ban.doc.thu@example.vn" {
			answer = &got[i]
		}
	}
	if answer == nil {
		t.Fatalf("mailpit received %d messages, none to the reader", len(got))
	}
	for _, want := range []string{"Đã bổ sung số nhà: số 2 đường Nguyễn Văn Trị.", "Địa điểm tiếp công dân ghi thiếu số nhà.", correctedItem, "/dinh-chinh/",
		"đã được xóa khỏi hệ thống"} {
		if !strings.Contains(answer.Text, want) {
			t.Errorf("the answer lacks %q:\n%s", want, answer.Text)
		}
	}
	if !strings.HasPrefix(answer.Subject, "Trả lời phản ánh lỗi thông tin – Ủy ban nhân dân tỉnh Đồng Nai") {
		t.Errorf("subject %q", answer.Subject)
	}
}

package web_test

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/mail/mailtest"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/web"
)

var (
	subConfirmRE = regexp.MustCompile(`(/nhan-tin-moi/xac-nhan/[A-Za-z0-9_-]{43})\b`)
	subUnsubRE   = regexp.MustCompile(`(/nhan-tin-moi/huy/[A-Za-z0-9_-]{43})\b`)
)

// subscriptionHarness is a portal behind a trusted proxy on this
// machine, so that each form can come from its own address (the form is
// limited per address), with mail through outbox to smtp ("" queues).
func subscriptionHarness(t *testing.T, db *store.DB, smtp string) (*harness, *mail.Outbox) {
	t.Helper()
	var outbox *mail.Outbox
	h := newHarness(t, db, func(o *web.Options) {
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		outbox = mail.New(db, mail.Options{SMTPAddr: smtp, From: "Cổng thông tin <noreply@example.gov.vn>", Log: discard(),
			Now: o.Now, FirstDelay: time.Millisecond, MaxDelay: time.Millisecond})
		o.Mail = outbox
	})
	return h, outbox
}

// subscribeForm is the public form as a reader fills it.
func subscribeForm(b *browser, email, section string) url.Values {
	return url.Values{"email": {email}, "section": {section}, "consent": {"1"}, "altcha": {b.solveCaptcha()}}
}

// runDigest runs the portal's jobs at the clock's time.
func runDigest(t *testing.T, h *harness) {
	t.Helper()
	r := jobs.New(h.db, discard(), h.clock.Now, "subscription-test-"+time.Now().Format("150405.000000"))
	h.web.Jobs(r)
	if err := r.RunOnce(context.Background()); err != nil {
		t.Errorf("jobs: %v", err)
	}
}

// nextMorning is 7:00 in Viet Nam on the day after t.
func nextMorning(t time.Time) time.Time {
	l := t.In(vn.ICT)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 7, 0, 0, 0, vn.ICT)
}

// TestSubscriptionThroughSMTP: a reader subscribes on the form; the
// confirmation mail arrives at a real SMTP server (mailpit) and its link
// confirms; an item is published; the next morning's digest arrives with
// the item's link and the unsubscribe link; that link erases the address.
func TestSubscriptionThroughSMTP(t *testing.T) {
	mp := mailtest.Start(t)
	db := storetest.SQLite(t)
	h, outbox := subscriptionHarness(t, db, mp.SMTPAddr)
	ctx := context.Background()
	reader := h.browser()
	p := reader.postFrom(nextAddress(), "/nhan-tin-moi", subscribeForm(reader, "ban.doc@example.org", ""))
	if p.status != http.StatusSeeOther || p.location != "/nhan-tin-moi/da-gui" {
		t.Fatalf("subscribe = %d %q\n%.2000s", p.status, p.location, p.body)
	}
	if sent := reader.get(p.location); sent.status != http.StatusOK || !strings.Contains(sent.body, "48 giờ") {
		t.Errorf("the page after the form = %d\n%.2000s", sent.status, sent.body)
	}
	deliver := func(want int) []mailtest.Message {
		t.Helper()
		if err := outbox.Deliver(ctx, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
		got := mp.Messages(t)
		if len(got) != want {
			t.Fatalf("mailpit holds %d mails, want %d", len(got), want)
		}
		return got
	}
	confirm := deliver(1)[0]
	m := subConfirmRE.FindStringSubmatch(confirm.Text)
	if confirm.To[0].Address != "ban.doc@example.org" || m == nil || !subUnsubRE.MatchString(confirm.Text) {
		t.Fatalf("confirmation mail to %v, subject %q:\n%s", confirm.To, confirm.Subject, confirm.Text)
	}
	// Nothing but the confirmation before it is confirmed: no digest.
	ed, head := h.browser(), h.browser()
	h.person("sub.editor", account.Editor, "dong-nai")
	h.person("sub.head", account.BoardHead, "dong-nai")
	ed.signIn("sub.editor")
	head.signIn("sub.head")
	c := reader.get(m[1])
	if c.status != http.StatusOK || !strings.Contains(c.body, "Đã xác nhận đăng ký") || c.header.Get("Cache-Control") != "no-store" ||
		c.header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("confirmation link = %d %v\n%.2000s", c.status, c.header, c.body)
	}
	if again := reader.get(m[1]); again.status != http.StatusGone || !strings.Contains(again.body, "đã được dùng") {
		t.Errorf("the confirmation link again = %d\n%.1500s", again.status, again.body)
	}

	h.clock.Add(time.Minute)
	path := ed.newItem(article("Khánh thành cầu Đồng Nai mới", "<p>Cây cầu mới nối hai bờ sông.</p>"))
	publishAll(t, ed, head, path)
	var slug string
	if err := db.QueryRow(ctx, `SELECT slug FROM items WHERE id = ?`, itemID(t, path)).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(time.Minute)
	runDigest(t, h) // the same day, after the item: not yet the next digest
	deliver(1)
	h.clock.Add(nextMorning(h.clock.Now()).Sub(h.clock.Now()))
	runDigest(t, h)
	runDigest(t, h) // run again: not sent twice
	var digest mailtest.Message
	for _, msg := range deliver(2) {
		if msg.MessageID != confirm.MessageID {
			digest = msg
		}
	}
	if !strings.Contains(digest.Subject, "Tin mới ngày") || !strings.Contains(digest.Text, "Khánh thành cầu Đồng Nai mới") ||
		!strings.Contains(digest.Text, "/"+slug) || !subUnsubRE.MatchString(digest.Text) || subConfirmRE.MatchString(digest.Text) {
		t.Fatalf("digest %q:\n%s", digest.Subject, digest.Text)
	}
	u := subUnsubRE.FindStringSubmatch(digest.Text)[1]
	gone := reader.get(u)
	if gone.status != http.StatusOK || !strings.Contains(gone.body, "Đã hủy đăng ký") {
		t.Fatalf("unsubscribe link = %d\n%.2000s", gone.status, gone.body)
	}
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM subscribers WHERE email = 'ban.doc@example.org'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("after unsubscribing %d rows hold the address (%v)", n, err)
	}
	if again := reader.get(u); again.status != http.StatusNotFound || !strings.Contains(again.body, "Không tìm thấy đăng ký") {
		t.Errorf("the unsubscribe link again = %d\n%.1500s", again.status, again.body)
	}
	// The day after: nothing for an erased address.
	h.clock.Add(nextMorning(h.clock.Now()).Sub(h.clock.Now()))
	runDigest(t, h)
	deliver(2)
}

// TestSubscriptionBadInput: every wrong input gets a clear message and a
// 4xx, never a 500; the answer for an address already subscribed is the
// one for a new address.
func TestSubscriptionBadInput(t *testing.T) {
	db := storetest.SQLite(t)
	h, _ := subscriptionHarness(t, db, "")
	ctx := context.Background()
	b := h.browser()
	post := func(form url.Values) page { return b.postFrom(nextAddress(), "/nhan-tin-moi", form) }
	for _, c := range []struct {
		what   string
		form   url.Values
		want   string
		marked bool // a field of the page is marked invalid (the captcha's is made by script)
	}{
		{"invalid address", subscribeForm(b, "ban doc@", ""), "Địa chỉ thư điện tử không hợp lệ", true},
		{"unknown section", subscribeForm(b, "a@example.org", "khong-co-chuyen-muc-nay"), "Chuyên mục đã chọn không có", true},
		{"no consent", url.Values{"email": {"a@example.org"}, "altcha": {b.solveCaptcha()}}, "đánh dấu ô đồng ý", true},
		{"no captcha", url.Values{"email": {"a@example.org"}, "consent": {"1"}}, "role=\"alert\"", false},
	} {
		p := post(c.form)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, c.want) || strings.Contains(p.body, `aria-invalid="true"`) != c.marked {
			t.Errorf("%s = %d, want 422 with %q and a field marked\n%.3000s", c.what, p.status, c.want, p.body)
		}
	}
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM subscribers`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("bad input stored %d rows", n)
	}
	// Already subscribed or not: the same answer.
	first := post(subscribeForm(b, "cu@example.org", "tin-tuc-su-kien"))
	again := post(subscribeForm(b, "cu@example.org", "tin-tuc-su-kien"))
	fresh := post(subscribeForm(b, "moi@example.org", "tin-tuc-su-kien"))
	for _, p := range []page{first, again, fresh} {
		if p.status != first.status || p.location != first.location || p.body != first.body {
			t.Errorf("answers differ: %d %q vs %d %q", p.status, p.location, first.status, first.location)
		}
	}
	if first.status != http.StatusSeeOther {
		t.Errorf("subscribe to a section = %d\n%.2000s", first.status, first.body)
	}
	// Links that are wrong, used or expired.
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/nhan-tin-moi/xac-nhan/khong-dung", http.StatusNotFound, "Liên kết không đúng"},
		{"/nhan-tin-moi/xac-nhan/" + strings.Repeat("A", 43), http.StatusNotFound, "Liên kết không đúng"},
		{"/nhan-tin-moi/xac-nhan/%00%27%22", http.StatusNotFound, "Liên kết không đúng"},
		{"/nhan-tin-moi/huy/" + strings.Repeat("A", 43), http.StatusNotFound, "Không tìm thấy đăng ký"},
		{"/en/nhan-tin-moi/huy/x", http.StatusNotFound, "No such subscription"},
	} {
		if p := b.get(c.path); p.status != c.status || !strings.Contains(p.body, c.want) {
			t.Errorf("GET %s = %d, want %d with %q\n%.1500s", c.path, p.status, c.status, c.want, p.body)
		}
	}
	var body string
	if err := db.QueryRow(ctx, `SELECT body FROM mail_outbox WHERE to_addr = 'moi@example.org'`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	link := subConfirmRE.FindStringSubmatch(body)
	h.clock.Add(49 * time.Hour)
	if p := b.get(link[1]); p.status != http.StatusGone || !strings.Contains(p.body, "hết hạn") {
		t.Errorf("an expired link = %d\n%.1500s", p.status, p.body)
	}
	if p := b.get(link[1]); p.status != http.StatusNotFound {
		t.Errorf("an expired link again = %d", p.status)
	}
	// The English form reads English and answers in English.
	if p := b.get("/en/nhan-tin-moi"); p.status != http.StatusOK || !strings.Contains(p.body, "Subscribe to new items by email") {
		t.Errorf("/en/nhan-tin-moi = %d\n%.1500s", p.status, p.body)
	}
	if p := b.postFrom(nextAddress(), "/en/nhan-tin-moi", subscribeForm(b, "bad@", "")); p.status != 422 || !strings.Contains(p.body, "The email address is not valid") {
		t.Errorf("English bad address = %d\n%.1500s", p.status, p.body)
	}
	// The form chooses the section named in the link of a category page.
	if p := b.get("/nhan-tin-moi?chuyen-muc=tin-tuc-su-kien"); !regexp.MustCompile(`<option value="tin-tuc-su-kien" selected>`).MatchString(p.body) {
		t.Errorf("the section of the link is not chosen:\n%.3000s", p.body)
	}
	// Linked from the home page and a category page.
	if p := b.get("/"); !strings.Contains(p.body, `href="/nhan-tin-moi"`) {
		t.Error("the home page does not link to the form")
	}
	if p := b.get("/chuyen-muc/tin-tuc-su-kien"); !strings.Contains(p.body, `href="/nhan-tin-moi?chuyen-muc=tin-tuc-su-kien"`) {
		t.Error("the category page does not link to its form")
	}
}

// TestSubscriptionRoles: the role matrix of the staff pages over HTTP.
// The counts: those who read the site's reports and the administrator;
// the addresses and their erasure: the administrator only. Refusals are
// audited; the administrator's look and erasure too.
func TestSubscriptionRoles(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h, _ := subscriptionHarness(t, db, "")
		ctx := context.Background()
		reader := h.browser()
		if p := reader.postFrom(nextAddress(), "/nhan-tin-moi", subscribeForm(reader, "doc.gia@example.org", "tin-tuc-su-kien")); p.status != http.StatusSeeOther {
			t.Fatalf("subscribe = %d", p.status)
		}
		var id string
		if err := db.QueryRow(ctx, `SELECT CAST(id AS TEXT) FROM subscribers WHERE email = 'doc.gia@example.org'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		const counts, list = "/quan-tri/s/dong-nai/nhan-tin-moi", "/quan-tri/s/dong-nai/nhan-tin-moi/dia-chi"
		var admin *browser
		for _, c := range []struct {
			role          account.Role
			site          string
			counts, addrs int
		}{
			{account.Admin, "dong-nai", 200, 200},
			{account.BoardHead, "dong-nai", 200, 403},
			{account.BoardDeputy, "dong-nai", 200, 403},
			{account.BoardMember, "dong-nai", 200, 403},
			{account.TeamLead, "dong-nai", 200, 403},
			{account.Overseer, "dong-nai", 200, 403},
			{account.Editor, "dong-nai", 403, 403},
			{account.Collaborator, "dong-nai", 403, 403},
			{account.Liaison, "dong-nai", 403, 403},
			{account.Gazette, "dong-nai", 403, 403},
			{account.BoardHead, "so-khcn", 403, 403}, // another site's board
		} {
			name := "sub." + string(c.role) + "." + c.site
			h.person(name, c.role, c.site)
			b := h.browser()
			b.signIn(name)
			if c.role == account.Admin {
				admin = b
			}
			p := b.get(counts)
			if p.status != c.counts {
				t.Errorf("%s on %s: counts = %d, want %d", c.role, c.site, p.status, c.counts)
			}
			if p.status == 200 && (strings.Contains(p.body, "doc.gia@example.org") || !strings.Contains(p.body, "Tin tức – Sự kiện")) {
				t.Errorf("%s: the counts page shows an address or no section", c.role)
			}
			if p.status == 200 && strings.Contains(p.body, "/nhan-tin-moi/dia-chi") != (c.addrs == 200) {
				t.Errorf("%s: the link to the addresses is offered wrongly", c.role)
			}
			if p := b.get(list); p.status != c.addrs || (p.status == 200) != strings.Contains(p.body, "doc.gia@example.org") {
				t.Errorf("%s on %s: addresses = %d, want %d", c.role, c.site, p.status, c.addrs)
			}
			if c.addrs != 200 {
				if p := b.post("/quan-tri/s/dong-nai/nhan-tin-moi/"+id+"/xoa", nil); p.status != http.StatusForbidden {
					t.Errorf("%s erases = %d, want 403", c.role, p.status)
				}
			}
		}
		if got := h.auditCount("denied"); got < 10 {
			t.Errorf("%d refusals audited", got)
		}
		if got := h.auditCount("subscription.list"); got != 1 {
			t.Errorf("the administrator's look audited %d times", got)
		}
		if anon := h.browser().get(counts); anon.status != http.StatusSeeOther {
			t.Errorf("anonymous = %d, want a redirect to sign in", anon.status)
		}
		if p := admin.post("/quan-tri/s/dong-nai/nhan-tin-moi/"+id+"/xoa", nil); p.status != http.StatusSeeOther {
			t.Fatalf("the administrator erases = %d\n%.1500s", p.status, p.body)
		}
		if p := admin.post("/quan-tri/s/dong-nai/nhan-tin-moi/"+id+"/xoa", nil); p.status != http.StatusNotFound {
			t.Errorf("erasing again = %d, want 404", p.status)
		}
		if p := admin.post("/quan-tri/s/dong-nai/nhan-tin-moi/abc/xoa", nil); p.status != http.StatusNotFound {
			t.Errorf("erasing a bad id = %d, want 404", p.status)
		}
		if got := h.auditCount("subscription.erase"); got != 1 {
			t.Errorf("erasure audited %d times", got)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE (action LIKE 'subscription.%' OR action = 'denied') AND (detail LIKE '%@%' OR target LIKE '%@%')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d audit entries of subscriptions hold an address", n)
		}
	})
}

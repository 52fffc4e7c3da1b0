package subscription

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// outbox collects the mails a Store queues.
type outbox struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (o *outbox) notify(_ context.Context, _ *store.Tx, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	return nil
}

func (o *outbox) take() []mail.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := o.msgs
	o.msgs = nil
	return out
}

// clock is a settable time.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

var (
	confirmRE = regexp.MustCompile(`https://portal\.example\.org/s\d+(/en)?/nhan-tin-moi/xac-nhan/([A-Za-z0-9_-]{43})`)
	unsubRE   = regexp.MustCompile(`https://portal\.example\.org/s\d+(/en)?/nhan-tin-moi/huy/([A-Za-z0-9_-]{43})`)
)

type fixture struct {
	db           *store.DB
	clock        *testClock
	box          *outbox
	subs         *Store
	site, other  int64
	news, events int64 // categories of site
	otherCat     int64 // a category of other
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, clock: &testClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, vn.ICT)}, box: &outbox{}}
	sites := site.NewSites(db, f.clock.Now)
	st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Cổng tỉnh", NameEN: "Province portal"}
	other := &site.Site{Code: "so", Kind: site.Department, PathPrefix: "/so", Name: "Sở"}
	for _, s := range []*site.Site{st, other} {
		if err := sites.Create(ctx, s, audit.CLI); err != nil {
			t.Fatal(err)
		}
	}
	f.site, f.other = st.ID, other.ID
	f.news = category(t, db, st.ID, "tin-tuc", "Tin tức")
	f.events = category(t, db, st.ID, "su-kien", "Sự kiện")
	f.otherCat = category(t, db, other.ID, "thong-bao", "Thông báo")
	f.subs = New(db, Options{Now: f.clock.Now, Notify: f.box.notify, Link: func(siteID int64, path string) string {
		return "https://portal.example.org/s" + itoa(siteID) + path
	}})
	return f
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func category(t *testing.T, db *store.DB, siteID int64, slug, name string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), `INSERT INTO categories (site_id, slug, name, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		siteID, slug, name, time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// item adds a live item first published at pub.
func item(t *testing.T, db *store.DB, siteID, catID int64, lang, slug, title string, pub time.Time) {
	t.Helper()
	ctx := context.Background()
	var cat any
	if catID != 0 {
		cat = catID
	}
	var id, rev int64
	if err := db.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, category_id, live, first_published_at, published_at, created_at, updated_at)
		VALUES (?, 'article', 'published', ?, ?, ?, TRUE, ?, ?, ?, ?) RETURNING id`, siteID, lang, slug, cat, pub.UTC(), pub.UTC(), pub.UTC(), pub.UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `INSERT INTO revisions (item_id, number, title, created_at) VALUES (?, 1, ?, ?) RETURNING id`, id, title, pub.UTC()).Scan(&rev); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE items SET current_rev = ?, published_rev = ? WHERE id = ?`, rev, rev, id); err != nil {
		t.Fatal(err)
	}
}

const consent = "Tôi đồng ý để Cổng giữ địa chỉ thư điện tử này để gửi bản tin."

func (f *fixture) subscribe(t *testing.T, email string, cat int64, lang string) {
	t.Helper()
	if err := f.subs.Subscribe(context.Background(), Request{SiteID: f.site, CategoryID: cat, Email: email, Lang: lang, Consent: true, ConsentText: consent}, nil); err != nil {
		t.Fatalf("subscribe %s: %v", email, err)
	}
}

// link finds the token of a link in the one mail queued.
func (f *fixture) link(t *testing.T, re *regexp.Regexp) (mail.Message, string) {
	t.Helper()
	msgs := f.box.take()
	if len(msgs) != 1 {
		t.Fatalf("%d mails queued, want 1: %v", len(msgs), msgs)
	}
	m := re.FindStringSubmatch(msgs[0].Text)
	if m == nil {
		t.Fatalf("no link %s in:\n%s", re, msgs[0].Text)
	}
	return msgs[0], m[2]
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid || e.Fields[field].VI == "" || e.Fields[field].EN == "" {
		t.Errorf("%s: %v; want a message on %s in both languages", what, err, field)
	}
}

// TestSubscribeConfirmUnsubscribe: a request records the consent and
// mails a confirmation link, and nothing else; the link works once; a
// request sent again gets the same treatment whatever the state; the
// unsubscribe link erases the row; bad input is refused by field.
func TestSubscribeConfirmUnsubscribe(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)

		// Bad input, each on its field, nothing stored, nothing mailed.
		for _, c := range []struct {
			what  string
			req   Request
			field string
		}{
			{"not an address", Request{SiteID: f.site, Email: "ban đọc@", Consent: true, ConsentText: consent}, FieldEmail},
			{"two addresses", Request{SiteID: f.site, Email: "a@example.org, b@example.org", Consent: true, ConsentText: consent}, FieldEmail},
			{"no consent", Request{SiteID: f.site, Email: "a@example.org", ConsentText: consent}, FieldConsent},
			{"another site's section", Request{SiteID: f.site, CategoryID: f.otherCat, Email: "a@example.org", Consent: true, ConsentText: consent}, FieldSection},
			{"no such section", Request{SiteID: f.site, CategoryID: 999999, Email: "a@example.org", Consent: true, ConsentText: consent}, FieldSection},
		} {
			wantField(t, c.what, f.subs.Subscribe(ctx, c.req, nil), c.field)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM subscribers`); n != 0 || len(f.box.take()) != 0 {
			t.Fatalf("bad input left %d rows or mail", n)
		}

		f.subscribe(t, "  Ban.Doc@Example.ORG ", 0, "vi")
		msg, token := f.link(t, confirmRE)
		if msg.To != "ban.doc@example.org" || !strings.Contains(msg.Subject, "Xác nhận") || !unsubRE.MatchString(msg.Text) {
			t.Errorf("confirmation mail: to %q, subject %q, text:\n%s", msg.To, msg.Subject, msg.Text)
		}
		var text string
		var at time.Time
		if err := db.QueryRow(ctx, `SELECT consent_text, consent_at FROM subscribers WHERE email = ?`, "ban.doc@example.org").Scan(&text, &at); err != nil ||
			text != consent || !at.Equal(f.clock.Now().UTC()) {
			t.Errorf("consent recorded: %q at %v (%v)", text, at, err)
		}
		// Sent again at once: no second mail (the gap), the same nil answer.
		f.subscribe(t, "ban.doc@example.org", 0, "vi")
		if m := f.box.take(); len(m) != 0 {
			t.Errorf("a second request within the gap mailed %d", len(m))
		}
		// Later: a new link; the first no longer works.
		f.clock.Set(f.clock.Now().Add(MailGap + time.Minute))
		f.subscribe(t, "ban.doc@example.org", 0, "vi")
		_, token2 := f.link(t, confirmRE)
		if out, _, err := f.subs.Confirm(ctx, token); err != nil || out != Unknown {
			t.Errorf("the replaced link: %v, %v; want Unknown", out, err)
		}
		out, sub, err := f.subs.Confirm(ctx, token2)
		if err != nil || out != Confirmed || sub.State != Active || sub.Email != "ban.doc@example.org" {
			t.Fatalf("confirm: %v %+v %v", out, sub, err)
		}
		if out, _, _ := f.subs.Confirm(ctx, token2); out != AlreadyConfirmed {
			t.Errorf("the link followed again: %v, want AlreadyConfirmed", out)
		}
		for _, bad := range []string{"", "abc", strings.Repeat("!", 43), "../../etc/passwd"} {
			if out, _, err := f.subs.Confirm(ctx, bad); err != nil || out != Unknown {
				t.Errorf("confirm %q: %v %v", bad, out, err)
			}
			if out, _, err := f.subs.Unsubscribe(ctx, bad); err != nil || out != Unknown {
				t.Errorf("unsubscribe %q: %v %v", bad, out, err)
			}
		}
		// Subscribed already: a notice with the unsubscribe link, no new
		// confirmation; the caller's answer is the same (nil).
		f.clock.Set(f.clock.Now().Add(MailGap + time.Minute))
		f.subscribe(t, "ban.doc@example.org", 0, "vi")
		notice, unsub := f.link(t, unsubRE)
		if confirmRE.MatchString(notice.Text) || !strings.Contains(notice.Subject, "đã đăng ký") {
			t.Errorf("notice to a subscriber: %q\n%s", notice.Subject, notice.Text)
		}
		// The same address on a section is another subscription.
		f.subscribe(t, "ban.doc@example.org", f.news, "en")
		enMsg, _ := f.link(t, confirmRE)
		if !strings.Contains(enMsg.Subject, "Confirm") || !strings.Contains(enMsg.Text, "/en/nhan-tin-moi/xac-nhan/") || !strings.Contains(enMsg.Text, `"Tin tức"`) {
			t.Errorf("English confirmation: %q\n%s", enMsg.Subject, enMsg.Text)
		}
		counts, err := f.subs.Counts(ctx, f.site)
		if err != nil || len(counts) != 2 || counts[0] != (Count{0, 1, 0}) || counts[1] != (Count{f.news, 0, 1}) {
			t.Errorf("counts %+v %v", counts, err)
		}

		// Unsubscribe: the row, its consent and digests go.
		if _, err := db.Exec(ctx, `INSERT INTO subscription_digests (subscriber_id, day, items, made_at) VALUES (?, '2026-12-01', 3, ?)`,
			sub.ID, f.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		out, gone, err := f.subs.Unsubscribe(ctx, unsub)
		if err != nil || out != Unsubscribed || gone.ID != sub.ID {
			t.Fatalf("unsubscribe: %v %+v %v", out, gone, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM subscribers WHERE id = ?`, sub.ID) + f.count(t, `SELECT COUNT(*) FROM subscription_digests WHERE subscriber_id = ?`, sub.ID); n != 0 {
			t.Errorf("after unsubscribing %d rows remain", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM subscribers WHERE email = 'ban.doc@example.org' AND category_id IS NULL`); n != 0 {
			t.Errorf("the address is still kept for the site")
		}
		if out, _, _ := f.subs.Unsubscribe(ctx, unsub); out != Unknown {
			t.Errorf("unsubscribing again: %v", out)
		}
		// The section's request was not touched.
		if n := f.count(t, `SELECT COUNT(*) FROM subscribers WHERE category_id = ?`, f.news); n != 1 {
			t.Errorf("the section's request: %d rows", n)
		}

		// The administrator erases one, audited without the address.
		var id int64
		if err := db.QueryRow(ctx, `SELECT id FROM subscribers WHERE category_id = ?`, f.news).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if err := f.subs.Erase(ctx, f.other, id, audit.Actor{Name: "quantri"}); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("erase through another site: %v", err)
		}
		if err := f.subs.Erase(ctx, f.site, id, audit.Actor{Name: "quantri"}); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.erase' AND detail NOT LIKE '%@%' AND target NOT LIKE '%@%'`); n != 1 {
			t.Errorf("erase audited %d times", n)
		}
	})
}

// TestExpire: an unconfirmed request is erased when its link expires,
// by the job or by the link followed too late; a confirmed one stays.
func TestExpire(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		f.subscribe(t, "cham@example.org", 0, "vi")
		_, late := f.link(t, confirmRE)
		f.subscribe(t, "quen@example.org", 0, "vi")
		f.box.take()
		f.subscribe(t, "kip@example.org", 0, "vi")
		_, ok := f.link(t, confirmRE)
		if out, _, err := f.subs.Confirm(ctx, ok); out != Confirmed || err != nil {
			t.Fatal(out, err)
		}
		f.clock.Set(f.clock.Now().Add(PendingFor))
		if out, _, err := f.subs.Confirm(ctx, late); err != nil || out != Expired {
			t.Errorf("a link followed too late: %v %v", out, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM subscribers WHERE email = 'cham@example.org'`); n != 0 {
			t.Errorf("the expired request is kept")
		}
		n, err := f.subs.Expire(ctx, f.clock.Now())
		if err != nil || n != 1 {
			t.Errorf("expire: %d %v", n, err)
		}
		if got := f.count(t, `SELECT COUNT(*) FROM subscribers`); got != 1 {
			t.Errorf("%d subscribers left, want the confirmed one", got)
		}
		if out, _, _ := f.subs.Confirm(ctx, late); out != Unknown {
			t.Errorf("after erasure the link reads %v", out)
		}
	})
}

// TestDigest: the day's digest lists the items first published since
// the subscriber's last digest, of its site or section and language,
// with links and the unsubscribe link; nothing before confirmation,
// nothing on a day without news, and each day once, even with two
// stores (two nodes) racing and a run repeated.
func TestDigest(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		day1 := time.Date(2026, 12, 3, 9, 0, 0, 0, vn.ICT) // confirmations at 9:00 on the 3rd
		item(t, db, f.site, f.news, "vi", "tin-cu", "Tin trước khi đăng ký", day1.Add(-time.Hour))
		f.subscribe(t, "ca-trang@example.org", 0, "vi")
		_, tokSite := f.link(t, confirmRE)
		f.subscribe(t, "su-kien@example.org", f.events, "vi")
		_, tokEvents := f.link(t, confirmRE)
		f.subscribe(t, "english@example.org", 0, "en")
		_, tokEN := f.link(t, confirmRE)
		f.subscribe(t, "chua-xac-nhan@example.org", 0, "vi")
		f.box.take()
		for _, tok := range []string{tokSite, tokEvents, tokEN} {
			if out, _, err := f.subs.Confirm(ctx, tok); out != Confirmed || err != nil {
				t.Fatal(out, err)
			}
		}
		item(t, db, f.site, f.news, "vi", "tin-moi", "Khánh thành cầu mới", day1.Add(2*time.Hour))
		item(t, db, f.site, f.events, "vi", "hoi-cho", "Hội chợ xuân", day1.Add(3*time.Hour))
		item(t, db, f.site, f.events, "en", "spring-fair", "Spring fair", day1.Add(3*time.Hour))
		item(t, db, f.other, f.otherCat, "vi", "cua-so", "Tin của sở", day1.Add(3*time.Hour))
		item(t, db, f.site, f.news, "vi", "sau-gio-chot", "Tin sau giờ chốt", day1.Add(22*time.Hour)) // the 4th, 7:00: in the 5th's digest

		// Before the hour of the day, no digest.
		if made, _, err := f.subs.Digest(ctx, time.Date(2026, 12, 4, 5, 59, 0, 0, vn.ICT)); made != 0 || err != nil {
			t.Fatalf("before the hour: %d %v", made, err)
		}
		// Two nodes at once, then a run again after a "crash".
		now := time.Date(2026, 12, 4, 8, 0, 0, 0, vn.ICT)
		other := New(db, Options{Now: f.clock.Now, Notify: f.box.notify, Link: f.subs.o.Link})
		var wg sync.WaitGroup
		var made [2]int
		var errs [2]error
		for i, s := range []*Store{f.subs, other} {
			wg.Go(func() { made[i], _, errs[i] = s.Digest(ctx, now) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if again, _, err := f.subs.Digest(ctx, now.Add(time.Hour)); err != nil || made[0]+made[1]+again != 3 {
			t.Errorf("digests made: %v + %d, want 3 in all (%v)", made, again, err)
		}
		msgs := f.box.take()
		byTo := map[string]mail.Message{}
		for _, m := range msgs {
			if _, dup := byTo[m.To]; dup {
				t.Errorf("two digests to %s", m.To)
			}
			byTo[m.To] = m
		}
		if len(msgs) != 3 {
			t.Errorf("%d digests mailed, want 3", len(msgs))
		}
		if _, ok := byTo["chua-xac-nhan@example.org"]; ok {
			t.Error("a digest went to an unconfirmed address")
		}
		whole := byTo["ca-trang@example.org"]
		for _, want := range []string{"Khánh thành cầu mới", "https://portal.example.org/s" + itoa(f.site) + "/tin-tuc/tin-moi", "Hội chợ xuân", "/nhan-tin-moi/huy/"} {
			if !strings.Contains(whole.Text, want) {
				t.Errorf("the site's digest lacks %q:\n%s", want, whole.Text)
			}
		}
		// Its unsubscribe link also goes out as List-Unsubscribe.
		if m := unsubRE.FindString(whole.Text); m == "" || whole.Unsubscribe != m {
			t.Errorf("the digest's Unsubscribe %q; want its link %q", whole.Unsubscribe, m)
		}
		for _, not := range []string{"Tin trước khi đăng ký", "Tin của sở", "Spring fair", "Tin sau giờ chốt", "<img", "?utm"} {
			if strings.Contains(whole.Text, not) {
				t.Errorf("the site's digest has %q:\n%s", not, whole.Text)
			}
		}
		if !strings.Contains(whole.Subject, "4/12/2026") {
			t.Errorf("subject %q", whole.Subject)
		}
		events := byTo["su-kien@example.org"]
		if !strings.Contains(events.Text, "Hội chợ xuân") || strings.Contains(events.Text, "Khánh thành") {
			t.Errorf("the section's digest:\n%s", events.Text)
		}
		if en := byTo["english@example.org"]; !strings.Contains(en.Text, "Spring fair") || !strings.Contains(en.Text, "/en/tin-tuc/spring-fair") ||
			strings.Contains(en.Text, "Hội chợ") || !strings.Contains(en.Text, "Unsubscribe") {
			t.Errorf("the English digest:\n%s", en.Text)
		}

		// The next day: only what came since, for the whole site; the
		// section had nothing new and gets no mail.
		made5, mailed5, err := f.subs.Digest(ctx, time.Date(2026, 12, 5, 6, 30, 0, 0, vn.ICT))
		if err != nil || made5 != 3 || mailed5 != 1 {
			t.Errorf("the 5th: made %d, mailed %d, %v", made5, mailed5, err)
		}
		msgs = f.box.take()
		if len(msgs) != 1 || msgs[0].To != "ca-trang@example.org" || !strings.Contains(msgs[0].Text, "Tin sau giờ chốt") || strings.Contains(msgs[0].Text, "Khánh thành") {
			t.Errorf("the 5th's digests: %v", msgs)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM subscription_digests WHERE day = '2026-12-05'`); n != 3 {
			t.Errorf("%d rows for the 5th", n)
		}
	})
}

package web_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/web"
)

// consultText is a draft with articles, clauses and points.
const consultText = `ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI
QUYẾT ĐỊNH
Ban hành Quy định về quản lý chợ truyền thống

Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc quản lý chợ truyền thống trên địa bàn tỉnh.

Điều 2. Đối tượng áp dụng
1. Ban quản lý chợ.
2. Thương nhân kinh doanh tại chợ.

Điều 3. Nguyên tắc quản lý
1. Chợ được quản lý công khai, minh bạch.
2. Bảo đảm an toàn thực phẩm:
a) Hàng hóa có nguồn gốc rõ ràng;
b) Khu bán thực phẩm tươi sống tách riêng.
`

// consultTextV2 is the second version: Điều 3 loses its Khoản 2.
const consultTextV2 = `ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI
QUYẾT ĐỊNH
Ban hành Quy định về quản lý chợ truyền thống

Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc quản lý chợ truyền thống và chợ đầu mối trên địa bàn tỉnh.

Điều 2. Đối tượng áp dụng
1. Ban quản lý chợ.
2. Thương nhân kinh doanh tại chợ.

Điều 3. Nguyên tắc quản lý
Chợ được quản lý công khai, minh bạch.
`

// consultKit prepares consultations through the server's own store, as
// board heads of the sites would.
type consultKit struct {
	h      *harness
	cs     *consult.Store
	bosses map[string]consult.Person
}

func newConsultKit(h *harness) *consultKit {
	return &consultKit{h: h, cs: h.web.Consult(), bosses: map[string]consult.Person{}}
}

// boss is a board head of the site with code siteCode.
func (k *consultKit) boss(siteCode string) consult.Person {
	k.h.t.Helper()
	if p, ok := k.bosses[siteCode]; ok {
		return p
	}
	u := k.h.person("cs-truongban-"+siteCode, account.BoardHead, siteCode)
	u, err := k.h.users.ByID(context.Background(), u.ID)
	if err != nil {
		k.h.t.Fatal(err)
	}
	p := consult.Person{User: u, MainID: k.h.main.ID, IP: "test"}
	k.bosses[siteCode] = p
	return p
}

func (k *consultKit) siteID(code string) int64 {
	k.h.t.Helper()
	var id int64
	if err := k.h.db.QueryRow(context.Background(), `SELECT id FROM sites WHERE code = ?`, code).Scan(&id); err != nil {
		k.h.t.Fatal(err)
	}
	return id
}

// create stores a draft, not yet public, on a site.
func (k *consultKit) create(siteCode, title, body string) *consult.Draft {
	k.h.t.Helper()
	d, err := k.cs.Create(context.Background(), k.siteID(siteCode), consult.Details{Title: title, DocKind: "Quyết định",
		Agency: "Sở Công Thương", RecvUnit: "Phòng Quản lý thương mại", RecvEmail: "gopy@example.vn"}, body, k.boss(siteCode))
	if err != nil {
		k.h.t.Fatal(err)
	}
	return d
}

// open opens d now for period; under the minimum, by the shortened
// procedure.
func (k *consultKit) open(d *consult.Draft, period time.Duration) *consult.Draft {
	k.h.t.Helper()
	now := k.h.clock.Now()
	req := consult.OpenRequest{OpensAt: now, ClosesAt: now.Add(period)}
	if period < 20*24*time.Hour {
		req.Shortened, req.Basis = true, "Khoản 1 Điều 51 Luật Ban hành văn bản quy phạm pháp luật 2025"
	}
	d, err := k.cs.Open(context.Background(), d.ID, req, k.bossOf(d))
	if err != nil {
		k.h.t.Fatal(err)
	}
	return d
}

func (k *consultKit) bossOf(d *consult.Draft) consult.Person {
	k.h.t.Helper()
	var code string
	if err := k.h.db.QueryRow(context.Background(), `SELECT code FROM sites WHERE id = ?`, d.SiteID).Scan(&code); err != nil {
		k.h.t.Fatal(err)
	}
	return k.boss(code)
}

// draftOn creates a draft with consultText, opened for 30 days when open.
func (k *consultKit) draftOn(siteCode, title string, open bool) *consult.Draft {
	d := k.create(siteCode, title, consultText)
	if open {
		d = k.open(d, 30*24*time.Hour)
	}
	return d
}

// comment0 files a citizen's comment through the store: pending.
func (k *consultKit) comment0(d *consult.Draft, anchor, name, email, body string) *consult.Comment {
	k.h.t.Helper()
	sub := consult.Submission{DraftID: d.ID, Anchor: anchor, Name: name, Email: email, Body: body, IP: "203.0.113.9"}
	if email == "" {
		sub.Phone = "0912345678"
	}
	c, err := k.cs.Submit(context.Background(), sub)
	if err != nil {
		k.h.t.Fatal(err)
	}
	return c
}

// published files a comment and publishes it.
func (k *consultKit) published(d *consult.Draft, anchor, name, email, body string) *consult.Comment {
	k.h.t.Helper()
	c := k.comment0(d, anchor, name, email, body)
	c, err := k.cs.Moderate(context.Background(), c.ID, consult.Publish, "", k.bossOf(d))
	if err != nil {
		k.h.t.Fatal(err)
	}
	return c
}

func (k *consultKit) handle(c *consult.Comment, h consult.Handling, explanation string) {
	k.h.t.Helper()
	d := k.draft(c.DraftID)
	if _, err := k.cs.Handle(context.Background(), c.ID, h, explanation, "", k.bossOf(d)); err != nil {
		k.h.t.Fatal(err)
	}
}

func (k *consultKit) closeEarly(d *consult.Draft) {
	k.h.t.Helper()
	if _, err := k.cs.CloseEarly(context.Background(), d.ID, "Khoản 3 Điều 51 Luật 64/2025/QH15", k.bossOf(d)); err != nil {
		k.h.t.Fatal(err)
	}
}

func (k *consultKit) draft(id int64) *consult.Draft {
	k.h.t.Helper()
	d, err := k.cs.Get(context.Background(), id)
	if err != nil {
		k.h.t.Fatal(err)
	}
	return d
}

func (k *consultKit) comment(id int64) *consult.Comment {
	k.h.t.Helper()
	c, err := k.cs.Comment(context.Background(), id)
	if err != nil {
		k.h.t.Fatal(err)
	}
	return c
}

var idemKeyRE = regexp.MustCompile(`name="idempotency_key" value="([A-Za-z0-9_-]{16,})"`)

// commentForm opens the public comment form and returns its fields with
// the view's idempotency key.
func commentForm(b *browser, path string) (page, map[string]string) {
	b.h.t.Helper()
	p := b.get(path)
	m := idemKeyRE.FindStringSubmatch(p.body)
	if p.status != http.StatusOK || m == nil {
		b.h.t.Fatalf("the form %s: %d, key %v\n%.2000s", path, p.status, m, p.body)
	}
	return p, map[string]string{"idempotency_key": m[1]}
}

// sendComment posts the public comment form (multipart, as the page
// does) from a client address of its own, with a solved captcha.
func sendComment(b *browser, slugPath string, fields map[string]string) page {
	b.h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if _, ok := fields["altcha"]; !ok {
		mw.WriteField("altcha", b.solveCaptcha())
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.h.srv.URL+slugPath+"/gop-y", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", nextAddress())
	return b.do(req)
}

// TestConsultCitizenComment (issue 14 item 4): a citizen opens the form
// on Điều 3 Khoản 2, sends a comment with the captcha and is taken to
// the thanks page; the comment waits for moderation, unseen by the
// public, and the receipt is queued in the mail outbox; the same form
// sent again files nothing new; /metrics counts it; once staff publish
// it the draft's page shows it and the provision's count; after the
// closing time — reached while the form was open — the form answers 409
// with the closing time and keeps the text written.
func TestConsultCitizenComment(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback, func(o *web.Options) { o.MetricsToken = metricsToken })
		k := newConsultKit(h)
		ctx := context.Background()
		d := k.open(k.create("dong-nai", "Dự thảo Quy định quản lý chợ truyền thống", consultText), 3*time.Hour)
		path := consult.Path(d.Slug)
		citizen := h.browser()

		form, fields := commentForm(citizen, path+"/gop-y?muc=dieu-3-khoan-2")
		for _, want := range []string{"Điều 3, Khoản 2", "Bảo đảm an toàn thực phẩm", `name="muc"`, `value="dieu-3-khoan-2"`, `name="phien-ban"`} {
			if !strings.Contains(form.body, want) {
				t.Errorf("the form for Điều 3 Khoản 2 lacks %q", want)
			}
		}
		if form.header.Get("Cache-Control") != "no-store" {
			t.Errorf("the form is cacheable: %q", form.header.Get("Cache-Control"))
		}
		const text = "Đề nghị bổ sung việc kiểm tra định kỳ nguồn gốc hàng hóa tại chợ."
		for k, v := range map[string]string{"muc": "dieu-3-khoan-2", "phien-ban": "1", "author_kind": "citizen", "name": "Vũ Thị Hằng",
			"display": "full", "email": "hang@example.vn", "body": text, "altcha": citizen.solveCaptcha()} {
			fields[k] = v
		}
		sent := sendComment(citizen, path, fields)
		if sent.status != http.StatusSeeOther || sent.location != path+"/da-gui" {
			t.Fatalf("the comment: %d %q\n%.3000s", sent.status, sent.location, sent.body)
		}
		if p := citizen.get(sent.location); p.status != http.StatusOK {
			t.Errorf("the thanks page: %d", p.status)
		}
		var id int64
		var state, anchor, provision string
		var version int
		if err := db.QueryRow(ctx, `SELECT id, state, anchor, provision, version FROM consult_comments WHERE body = ?`, text).
			Scan(&id, &state, &anchor, &provision, &version); err != nil {
			t.Fatal(err)
		}
		if state != string(consult.Pending) || anchor != "dieu-3-khoan-2" || provision != "Điều 3, Khoản 2" || version != 1 {
			t.Errorf("stored: %s %s %q v%d", state, anchor, provision, version)
		}
		for _, p := range []string{path, path + "/y-kien?muc=dieu-3-khoan-2", path + "/y-kien?muc="} {
			if pg := citizen.get(p); pg.status != 200 || strings.Contains(pg.body, text) {
				t.Errorf("%s before moderation: %d, shows the comment=%v", p, pg.status, strings.Contains(pg.body, text))
			}
		}
		// The receipt, queued in the outbox with the comment.
		var mails int
		var mailBody string
		if err := db.QueryRow(ctx, `SELECT COUNT(*), MAX(body) FROM mail_outbox WHERE to_addr = ? AND subject = ?`,
			"hang@example.vn", "Đã nhận ý kiến góp ý dự thảo").Scan(&mails, &mailBody); err != nil {
			t.Fatal(err)
		}
		if mails != 1 || !strings.Contains(mailBody, d.Title) || !strings.Contains(mailBody, "Điều 3, Khoản 2") {
			t.Errorf("receipts queued: %d\n%s", mails, mailBody)
		}
		// The same form sent again (a double click): the first answer, nothing new.
		fields["altcha"] = citizen.solveCaptcha()
		again := sendComment(citizen, path, fields)
		if again.status != http.StatusSeeOther || again.location != sent.location || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the form sent twice: %d %q replayed=%q", again.status, again.location, again.header.Get("Idempotent-Replayed"))
		}
		if n := k.count(`SELECT COUNT(*) FROM consult_comments WHERE body = ?`, text); n != 1 {
			t.Errorf("the form sent twice filed %d comments", n)
		}
		if n := k.count(`SELECT COUNT(*) FROM mail_outbox WHERE to_addr = ?`, "hang@example.vn"); n != 1 {
			t.Errorf("the form sent twice queued %d receipts", n)
		}
		// /metrics counts the comment received.
		if p := h.browser().getWith("/metrics", "Authorization", "Bearer "+metricsToken); !strings.Contains(p.body, `cong_consult_comments_total{state="pending"} 1`) {
			t.Errorf("/metrics after one comment: %d\n%s", p.status, grepLines(p.body, "cong_consult"))
		}
		// Staff publish it: the page shows it and the provision's count.
		h.person("cs-bientap", account.Editor, "dong-nai")
		editor := h.browser()
		editor.signIn("cs-bientap")
		staff := editor.get(draftPath(d))
		if staff.status != 200 || !strings.Contains(staff.body, text) {
			t.Fatalf("the staff page does not list the pending comment: %d", staff.status)
		}
		if p := editor.post(draftPath(d)+"/y-kien/"+itoa(id)+"/kiem-duyet", url.Values{"action": {"publish"}}); p.status != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%.2000s", p.status, p.body)
		}
		pub := citizen.get(path)
		for _, want := range []string{text, "Vũ Thị Hằng", `>1 ý kiến<span class="visually-hidden"> – Điều 3, Khoản 2</span>`} {
			if !strings.Contains(pub.body, want) {
				t.Errorf("the draft's page after publication lacks %q", want)
			}
		}
		if strings.Contains(pub.body, "hang@example.vn") {
			t.Error("the commenter's email is on the public page")
		}
		if p := citizen.get(path + "/y-kien?muc=dieu-3-khoan-2"); !strings.Contains(p.body, text) {
			t.Error("the provision's comments do not list it")
		}
		// The period ends while the form is open.
		_, fields = commentForm(citizen, path+"/gop-y?muc=dieu-3-khoan-2")
		h.clock.Add(3*time.Hour + time.Minute)
		const late = "Ý kiến viết xong sau giờ kết thúc, xin giữ lại nội dung này."
		for k, v := range map[string]string{"muc": "dieu-3-khoan-2", "phien-ban": "1", "name": "Đinh Văn Khoa", "email": "khoa@example.vn",
			"body": late, "altcha": citizen.solveCaptcha()} {
			fields[k] = v
		}
		refused := sendComment(citizen, path, fields)
		closes := vn.DateTimeWords(d.ClosesAt.In(vn.ICT))
		if refused.status != http.StatusConflict || !strings.Contains(refused.body, "Đã hết thời hạn lấy ý kiến dự thảo lúc "+closes) ||
			!strings.Contains(refused.body, late) || !strings.Contains(refused.body, "Đinh Văn Khoa") {
			t.Errorf("a comment after the closing time (%s): %d\n%.3000s", closes, refused.status, refused.body)
		}
		if n := k.count(`SELECT COUNT(*) FROM consult_comments WHERE body = ?`, late); n != 0 {
			t.Errorf("a comment after the closing time was stored")
		}
	})
}

// grepLines keeps the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestConsultBadInput (issue 14 proof, bad input): each answered with a
// clear Vietnamese message, never a 500, and nothing lost: a text with
// no Điều, legacy-encoded text, an attachment that is not the PDF it
// claims, a 100 KB comment, a comment on a provision the new version
// removed; and the English pages speak English.
func TestConsultBadInput(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		k := newConsultKit(h)
		h.person("cs-btv", account.Editor, "dong-nai")
		editor := h.browser()
		editor.signIn("cs-btv")

		// A text with no Điều: refused, everything typed kept.
		const noArticles = "Quy định chung về chợ, viết liền một đoạn, không chia điều khoản."
		p := editor.post("/quan-tri/s/dong-nai/lay-y-kien", url.Values{"title": {"Dự thảo không có điều"}, "kind": {"Quyết định"},
			"agency": {"Sở Công Thương"}, "recv_unit": {"Phòng Thương mại"}, "body": {noArticles}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Không tìm thấy điều nào trong toàn văn") ||
			!strings.Contains(p.body, noArticles) || !strings.Contains(p.body, "Dự thảo không có điều") || !strings.Contains(p.body, "Phòng Thương mại") {
			t.Errorf("a text with no Điều: %d\n%.3000s", p.status, p.body)
		}
		if n := k.count(`SELECT COUNT(*) FROM consult_drafts WHERE title = ?`, "Dự thảo không có điều"); n != 0 {
			t.Error("a draft with no Điều was stored")
		}

		// Legacy-encoded text (TCVN3 read as Latin-1) is stored as Unicode.
		p = editor.post("/quan-tri/s/dong-nai/lay-y-kien", url.Values{"title": {"Dù th¶o Quy ®Þnh vÒ qu¶n lý chî truyÒn thèng"},
			"kind": {"Quyết định"}, "agency": {"Së C«ng Th\u00ad¬ng"}, "body": {consultText}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("a legacy-encoded title: %d\n%.3000s", p.status, p.body)
		}
		if n := k.count(`SELECT COUNT(*) FROM consult_drafts WHERE title = ? AND agency = ?`, "Dự thảo Quy định về quản lý chợ truyền thống", "Sở Công Thương"); n != 1 {
			var title, agency string
			db.QueryRow(context.Background(), `SELECT title, agency FROM consult_drafts ORDER BY id DESC LIMIT 1`).Scan(&title, &agency)
			t.Errorf("the legacy-encoded title was stored as %q, %q", title, agency)
		}

		// An attachment named .pdf that is not a PDF.
		prep := k.draftOn("dong-nai", "Dự thảo có tài liệu", false)
		p = editor.postFile(draftPath(prep)+"/tai-lieu", map[string]string{"label": "Tờ trình số 17/TTr"}, "file", "to-trinh.pdf",
			[]byte("Đây là văn bản thường, không phải tệp PDF.\n"))
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Tệp có đuôi .pdf nhưng nội dung không phải tài liệu PDF") ||
			!strings.Contains(p.body, "Tờ trình số 17/TTr") {
			t.Errorf("a text file named .pdf: %d\n%.3000s", p.status, p.body)
		}
		if n := k.count(`SELECT COUNT(*) FROM consult_attachments WHERE draft_id = ?`, prep.ID); n != 0 {
			t.Error("the false PDF was attached")
		}
		// A real PDF goes through.
		if p := editor.postFile(draftPath(prep)+"/tai-lieu", map[string]string{"label": "Tờ trình"}, "file", "to-trinh.pdf", minimalPDF); p.status != http.StatusSeeOther {
			t.Errorf("a PDF attachment: %d\n%.2000s", p.status, p.body)
		}

		// A 100 KB comment: refused with its length, the text kept whole.
		d := k.draftOn("dong-nai", "Dự thảo nhận góp ý dài", true)
		path := consult.Path(d.Slug)
		citizen := h.browser()
		long := strings.TrimSpace(strings.Repeat("Góp ý rất dài về quản lý chợ. ", 100<<10/32))
		_, fields := commentForm(citizen, path+"/gop-y")
		fields["name"], fields["phone"], fields["body"] = "Lý Thị Mai", "0912345678", long
		p = sendComment(citizen, path, fields)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "quá mức 20000 ký tự") || !strings.Contains(p.body, long) {
			t.Errorf("a %d-byte comment: %d, message=%v, text kept=%v", len(long), p.status,
				strings.Contains(p.body, "quá mức 20000 ký tự"), strings.Contains(p.body, long))
		}

		// A comment on a provision the new version removed.
		if _, err := k.cs.NewVersion(context.Background(), d.ID, consultTextV2, "Bỏ Khoản 2 Điều 3", k.boss("dong-nai")); err != nil {
			t.Fatal(err)
		}
		const onRemoved = "Khoản 2 nên giữ lại vì liên quan an toàn thực phẩm."
		for _, version := range []string{"2", ""} {
			_, fields = commentForm(citizen, path+"/gop-y")
			for k, v := range map[string]string{"muc": "dieu-3-khoan-2", "phien-ban": version, "name": "Lý Thị Mai", "phone": "0912345678", "body": onRemoved} {
				fields[k] = v
			}
			p = sendComment(citizen, path, fields)
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "không có trong phiên bản hiện tại của dự thảo") ||
				!strings.Contains(p.body, onRemoved) {
				t.Errorf("a comment on the removed Khoản 2 (phien-ban=%q): %d\n%.3000s", version, p.status, p.body)
			}
		}
		if n := k.count(`SELECT COUNT(*) FROM consult_comments WHERE draft_id = ?`, d.ID); n != 0 {
			t.Errorf("refused comments were stored: %d", n)
		}
		// The same comment from a form opened on version 1 is kept where
		// its writer saw it, with its version.
		fields["phien-ban"] = "1"
		if p = sendComment(citizen, path, fields); p.status != http.StatusSeeOther {
			t.Errorf("a comment made on version 1: %d\n%.2000s", p.status, p.body)
		}
		var version int
		var provision string
		if err := db.QueryRow(context.Background(), `SELECT version, provision FROM consult_comments WHERE draft_id = ?`, d.ID).Scan(&version, &provision); err != nil ||
			version != 1 || provision != "Điều 3, Khoản 2" {
			t.Errorf("the comment on version 1: v%d %q %v", version, provision, err)
		}

		// English pages.
		for path, want := range map[string][]string{
			"/en/lay-y-kien":                        {"Draft documents open for comment", "Kind of document"},
			"/en" + consult.Path(d.Slug):            {"Full text of the draft", "Comment on", "Comment period", "Unit receiving comments"},
			"/en" + consult.Path(d.Slug) + "/gop-y": {"Comment"},
		} {
			p := citizen.get(path)
			if p.status != 200 || !strings.Contains(p.body, `lang="en"`) {
				t.Errorf("%s: %d", path, p.status)
			}
			for _, w := range want {
				if !strings.Contains(p.body, w) {
					t.Errorf("%s lacks the English %q", path, w)
				}
			}
			for _, vi := range []string{"Lấy ý kiến dự thảo văn bản", "Toàn văn dự thảo", "Thời gian lấy ý kiến", "Đơn vị tiếp nhận ý kiến"} {
				if strings.Contains(p.body, vi) {
					t.Errorf("%s shows the Vietnamese label %q", path, vi)
				}
			}
		}
	})
}

// TestConsultSearch (issue 14 item 3): a public draft is found by the
// portal's search page and API; one being prepared is not, until it
// opens.
func TestConsultSearch(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		k := newConsultKit(h)
		anon := h.browser()
		const demo = "Dự thảo Nghị quyết quy định mức hỗ trợ chuyển đổi số cho hợp tác xã trên địa bàn tỉnh"
		var slug string
		if err := db.QueryRow(context.Background(), `SELECT slug FROM consult_drafts WHERE title = ?`, demo).Scan(&slug); err != nil {
			t.Fatalf("the demo's open draft: %v", err)
		}
		for _, q := range []string{"chuyển đổi số hợp tác xã", "chuyen doi so hop tac xa"} {
			if p := anon.get("/tim-kiem?q=" + url.QueryEscape(q)); p.status != 200 || !strings.Contains(p.body, demo) ||
				!strings.Contains(p.body, `href="/lay-y-kien/`+slug+`"`) {
				t.Errorf("the search page for %q does not link the demo draft: %d", q, p.status)
			}
			if status, a := anon.api("/api/v1/search?q=" + url.QueryEscape(q)); status != 200 || !a.has(demo) {
				t.Errorf("the search API for %q: %d %+v", q, status, a)
			}
		}
		const secret = "Dự thảo Quy chế quản lý nghề nuôi chim yến"
		d := k.create("dong-nai", secret, consultText)
		find := func() (bool, bool) {
			p := anon.get("/tim-kiem?q=" + url.QueryEscape("nuôi chim yến"))
			_, a := anon.api("/api/v1/search?q=" + url.QueryEscape("nuôi chim yến"))
			return strings.Contains(p.body, secret), a.has(secret)
		}
		if page, api := find(); page || api {
			t.Errorf("a draft being prepared is found: page=%v api=%v", page, api)
		}
		k.open(d, 30*24*time.Hour)
		if page, api := find(); !page || !api {
			t.Errorf("the draft, once open, is not found: page=%v api=%v", page, api)
		}
	})
}

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Entries []struct {
		Title string `xml:"title"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func (a atomDoc) find(title string) string {
	for _, e := range a.Entries {
		if e.Title == title {
			return e.Link.Href
		}
	}
	return ""
}

func readAtom(b *browser, path string) atomDoc {
	b.h.t.Helper()
	p := b.get(path)
	var a atomDoc
	if p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Type"), "application/atom+xml") {
		b.h.t.Fatalf("%s: %d %q", path, p.status, p.header.Get("Content-Type"))
	}
	dec := xml.NewDecoder(strings.NewReader(p.body))
	if err := dec.Decode(&a); err != nil {
		b.h.t.Fatalf("%s is not valid Atom XML: %v\n%.2000s", path, err, p.body)
	}
	return a
}

// TestConsultFeed (issue 14 item 3): /lay-y-kien/feed.atom is Atom XML
// listing a site's public drafts and not those being prepared; the main
// portal's lists the component sites' drafts, at their own addresses; a
// component site's lists its own only.
func TestConsultFeed(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		k := newConsultKit(h)
		anon := h.browser()
		const demoOpen = "Dự thảo Nghị quyết quy định mức hỗ trợ chuyển đổi số cho hợp tác xã trên địa bàn tỉnh"
		const demoClosed = "Dự thảo Quyết định ban hành Quy định về quản lý, vận hành hệ thống camera giám sát công cộng trên địa bàn tỉnh"
		prep := k.create("dong-nai", "Dự thảo còn đang soạn thảo nội bộ", consultText)
		so := k.open(k.create("so-khcn", "Dự thảo Kế hoạch chuyển đổi số của Sở Khoa học và Công nghệ", consultText), 30*24*time.Hour)
		soPrep := k.create("so-khcn", "Dự thảo của Sở chưa công khai", consultText)

		main := readAtom(anon, "/lay-y-kien/feed.atom")
		for _, title := range []string{demoOpen, demoClosed, so.Title} {
			if main.find(title) == "" {
				t.Errorf("the main portal's feed lacks %q", title)
			}
		}
		if href := main.find(so.Title); !strings.HasSuffix(href, "/so-khcn"+consult.Path(so.Slug)) {
			t.Errorf("the department's draft is linked at %q", href)
		}
		for _, title := range []string{prep.Title, soPrep.Title} {
			if main.find(title) != "" {
				t.Errorf("the feed lists %q, still being prepared", title)
			}
		}
		dept := readAtom(anon, "/so-khcn/lay-y-kien/feed.atom")
		if dept.find(so.Title) == "" || dept.find(demoOpen) != "" || dept.find(soPrep.Title) != "" || len(dept.Entries) != 1 {
			t.Errorf("the department's feed: %+v", dept.Entries)
		}
		if p := anon.get("/lay-y-kien"); !strings.Contains(p.body, so.Title) || strings.Contains(p.body, prep.Title) {
			t.Errorf("the main portal's list: has the department's draft=%v, has the one being prepared=%v",
				strings.Contains(p.body, so.Title), strings.Contains(p.body, prep.Title))
		}
		if en := readAtom(anon, "/en/lay-y-kien/feed.atom"); en.find(demoOpen) == "" {
			t.Error("the English feed lacks the open draft")
		}
	})
}

// The comments of the exported synthesis: between them every letter of
// Vietnamese, lower and upper case, with every tone.
var diacriticComments = []string{
	"Một: aàáảãạ ăằắẳẵặ âầấẩẫậ đ",
	"Hai: eèéẻẽẹ êềếểễệ iìíỉĩị",
	"Ba: oòóỏõọ ôồốổỗộ ơờớởỡợ",
	"Bốn: uùúủũụ ưừứửữự yỳýỷỹỵ",
	"Năm: AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ Đ",
	"Sáu: EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ",
	"Bảy: OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ",
	"Tám: UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ",
}

var commenters = []string{"Nguyễn Thị Ánh", "Trương Văn Ỷ", "Phạm Đức Ưng", "Lê Thị Ỡm", "Hồ Quốc Ẩn", "Đặng Thị Ửng", "Vương Văn Ổn", "Bùi Thị Ễnh"}

// need finds a program or fails naming the Debian package that has it.
func need(t *testing.T, cmd, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(cmd)
	if err != nil {
		t.Fatalf("%s not found: install the Debian package %s", cmd, pkg)
	}
	return p
}

func runTool(t *testing.T, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out.String()
}

// TestConsultSynthesisOpensElsewhere (issue 14 proof): a synthesis of
// comments with every Vietnamese diacritic, approved over HTTP and
// downloaded as DOCX, XLSX and PDF from the draft's public page, is read
// by programs nobody here wrote: LibreOffice turns the DOCX and the XLSX
// into PDF, pdftotext finds every comment, every commenter and every
// diacritic in all three, and pdffonts shows our PDF embeds its font.
func TestConsultSynthesisOpensElsewhere(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui and libreoffice-calc-nogui")
	need(t, "pdftotext", "poppler-utils")
	need(t, "pdffonts", "poppler-utils")
	h := newHarness(t, storetest.SQLite(t))
	k := newConsultKit(h)
	d := k.open(k.create("dong-nai", "Dự thảo Quy định về quản lý chợ truyền thống", consultText), 24*time.Hour)
	anchors := []string{"", "dieu-1", "dieu-2-khoan-1", "dieu-2-khoan-2", "dieu-3", "dieu-3-khoan-1", "dieu-3-khoan-2", "dieu-3-khoan-2-diem-a"}
	for i, text := range diacriticComments {
		c := k.published(d, anchors[i], commenters[i], "", text)
		hd := []consult.Handling{consult.Accepted, consult.Partly, consult.NotAccepted}[i%3]
		k.handle(c, hd, "Giải trình số "+itoa(int64(i+1))+".")
	}
	k.closeEarly(d)
	h.person("cs-pho", account.BoardDeputy, "dong-nai")
	deputy := h.browser()
	deputy.signIn("cs-pho")
	if p := deputy.post(draftPath(d)+"/cong-bo", url.Values{"note": {"Đã trình Ủy ban nhân dân tỉnh."}}); p.status != http.StatusSeeOther {
		t.Fatalf("approve the synthesis: %d\n%.2000s", p.status, p.body)
	}
	dir := t.TempDir()
	anon := h.browser()
	mimes := map[string]string{"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
	files := map[string]string{}
	for ext, mime := range mimes {
		p := anon.get(consult.Path(d.Slug) + "/tong-hop." + ext)
		if p.status != 200 || p.header.Get("Content-Type") != mime || !strings.Contains(p.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("tong-hop.%s: %d %q %q", ext, p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"))
		}
		files[ext] = filepath.Join(dir, "tong-hop-"+ext+"."+ext)
		if err := os.WriteFile(files[ext], []byte(p.body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	runTool(t, 5*time.Minute, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", out, files["docx"], files["xlsx"])
	pdfs := map[string]string{"DOCX via LibreOffice": filepath.Join(out, "tong-hop-docx.pdf"),
		"XLSX via LibreOffice": filepath.Join(out, "tong-hop-xlsx.pdf"), "our PDF": files["pdf"]}
	for what, pdf := range pdfs {
		if _, err := os.Stat(pdf); err != nil {
			t.Errorf("%s: no PDF: %v", what, err)
			continue
		}
		text := norm.NFC.String(runTool(t, time.Minute, "pdftotext", "-layout", pdf, "-"))
		words := strings.Fields(text)
		has := map[string]bool{}
		for _, w := range words {
			has[w] = true
		}
		missing := 0
		for _, s := range append(append([]string{}, diacriticComments...), commenters...) {
			for _, w := range strings.Fields(s) {
				if !has[w] {
					t.Errorf("%s: %q (of %q) missing", what, w, s)
					missing++
				}
			}
		}
		for _, r := range strings.Join(diacriticComments, "") {
			if !strings.ContainsRune(text, r) {
				t.Errorf("%s: %q missing", what, r)
				missing++
			}
		}
		for _, s := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẢN TỔNG HỢP", "Điều 3, Khoản 2"} {
			if !strings.Contains(text, s) {
				t.Errorf("%s: %q missing", what, s)
				missing++
			}
		}
		if missing > 0 {
			t.Logf("%s:\n%s", what, text)
		}
	}
	fonts := runTool(t, time.Minute, "pdffonts", files["pdf"])
	embedded := false
	for _, line := range strings.Split(fonts, "\n")[2:] {
		f := strings.Fields(line)
		if len(f) >= 7 && f[len(f)-5] == "yes" {
			embedded = true
		}
		if len(f) >= 7 && f[len(f)-5] != "yes" {
			t.Errorf("our PDF does not embed a font: %s", line)
		}
	}
	if !embedded {
		t.Errorf("pdffonts shows no embedded font:\n%s", fonts)
	}
}

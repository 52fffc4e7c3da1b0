package consult_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// SampleText is a short draft with chapters, articles, clauses and points.
const SampleText = `ỦY BAN NHÂN DÂN TỈNH THỬ
QUYẾT ĐỊNH
Ban hành Quy định về quản lý cây xanh đô thị

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy định này quy định về quản lý cây xanh đô thị trên địa bàn tỉnh.

Điều 2. Đối tượng áp dụng
Cơ quan, tổ chức, cá nhân có liên quan.

Chương II
QUẢN LÝ CÂY XANH

Điều 3. Trồng cây xanh
1. Cây trồng phải phù hợp quy hoạch.
2. Khoảng cách trồng cây như sau:
a) Cây tiểu mộc: 4 đến 6 mét;
b) Cây trung mộc: 6 đến 8 mét.

Điều 4. Chặt hạ cây xanh
Việc chặt hạ phải có giấy phép.
`

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time                   { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration)              { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *clock) Set(t time.Time)                  { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (f *fixture) person(n string) consult.Person { return f.people[n] }

type mail struct{ to, subject, text string }

type fixture struct {
	t      *testing.T
	db     *store.DB
	clock  *clock
	cs     *consult.Store
	site   *site.Site
	people map[string]consult.Person
	mu     sync.Mutex
	mails  []mail
}

var ict = time.FixedZone("ICT", 7*3600)

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: db, clock: &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, ict)}, people: map[string]consult.Person{}}
	f.site = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Thử"}
	if err := site.NewSites(db, f.clock.Now).Create(ctx, f.site, audit.CLI); err != nil {
		t.Fatal(err)
	}
	if err := rules.NewStore(db, f.clock.Now).EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	users := account.NewUsers(db, f.clock.Now)
	for name, role := range map[string]account.Role{"bientap": account.Editor, "truongban": account.BoardHead,
		"ctv": account.Collaborator, "thanhvien": account.BoardMember} {
		u, err := users.Create(ctx, account.NewUser{Username: name, FullName: "Ông " + name, Email: name + "@example.vn", Password: "mật-khẩu-dài-đủ-1"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if err := users.Grant(ctx, u.ID, f.site.ID, role, audit.CLI); err != nil {
			t.Fatal(err)
		}
		u, _ = users.ByID(ctx, u.ID)
		f.people[name] = consult.Person{User: u, MainID: f.site.ID, IP: "127.0.0.1"}
	}
	f.cs = consult.NewStore(db, consult.Options{Now: f.clock.Now, Notify: func(_ context.Context, _ *store.Tx, to, subject, text string) error {
		f.mu.Lock()
		f.mails = append(f.mails, mail{to, subject, text})
		f.mu.Unlock()
		return nil
	}})
	return f
}

func details() consult.Details {
	return consult.Details{Title: "Dự thảo Quyết định ban hành Quy định về quản lý cây xanh đô thị", DocKind: "Quyết định",
		Agency: "Sở Xây dựng", RecvUnit: "Phòng Hạ tầng kỹ thuật", RecvAddress: "2 Nguyễn Văn Trị, phường Trấn Biên",
		RecvEmail: "hatang@example.vn", RecvPhone: "0251 3822 000"}
}

func (f *fixture) openDraft() *consult.Draft {
	f.t.Helper()
	ctx := context.Background()
	d, err := f.cs.Create(ctx, f.site.ID, details(), SampleText, f.person("bientap"))
	if err != nil {
		f.t.Fatal(err)
	}
	now := f.clock.Now()
	d, err = f.cs.Open(ctx, d.ID, consult.OpenRequest{OpensAt: now, ClosesAt: now.Add(20 * 24 * time.Hour)}, f.person("bientap"))
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func comment(d *consult.Draft, anchor, body string) consult.Submission {
	return consult.Submission{DraftID: d.ID, Anchor: anchor, Name: "Trần Thị Bình", Display: consult.ShowInitials,
		Email: "binh@example.vn", Body: body, IP: "203.0.113.7"}
}

func fieldOf(t *testing.T, err error, field string) string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		t.Fatalf("want a message on %s, got %v", field, err)
	}
	m, ok := e.Fields[field]
	if !ok {
		t.Fatalf("want a message on %s, got %v", field, e.Fields)
	}
	return m.VI
}

// TestConsultation follows a draft from preparation to its published
// synthesis on both databases.
func TestConsultation(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		// A text with no Điều is refused with a message; nothing stored.
		_, err := f.cs.Create(ctx, f.site.ID, details(), "Một đoạn văn không có điều nào.", f.person("bientap"))
		if msg := fieldOf(t, err, "body"); !strings.Contains(msg, "Không tìm thấy điều nào") {
			t.Errorf("no Điều: %q", msg)
		}
		if _, err := f.cs.Create(ctx, f.site.ID, details(), SampleText, f.person("ctv")); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a collaborator created a draft: %v", err)
		}
		// Legacy-encoded text (TCVN3 read as Windows-1252) is converted.
		det := details()
		det.Agency = "Së X©y dùng"
		d, err := f.cs.Create(ctx, f.site.ID, det, SampleText, f.person("bientap"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Agency != "Sở Xây dựng" || d.State != consult.Preparing || d.Slug != "du-thao-quyet-dinh-ban-hanh-quy-dinh-ve-quan-ly-cay-xanh-do-thi" {
			t.Errorf("draft %q %q %q", d.Agency, d.State, d.Slug)
		}
		// Not public yet: the list of the public leaves it out, and no
		// one can comment.
		if list, _, _ := f.cs.List(ctx, consult.Filter{SiteID: f.site.ID}); len(list) != 0 {
			t.Errorf("a draft in preparation is listed: %d", len(list))
		}
		if _, err := f.cs.Submit(ctx, comment(d, "", "Góp ý")); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("comment on a draft in preparation: %v", err)
		}

		// The period: 19 days is refused under Law 64/2025 (20 days),
		// accepted with the shortened procedure and its basis.
		now := f.clock.Now()
		short := consult.OpenRequest{OpensAt: now, ClosesAt: now.Add(19 * 24 * time.Hour)}
		_, err = f.cs.Open(ctx, d.ID, short, f.person("bientap"))
		if msg := fieldOf(t, err, "closes_at"); !strings.Contains(msg, "ít nhất 20 ngày") || !strings.Contains(msg, rules.ConsultLaw64) {
			t.Errorf("short period: %q", msg)
		}
		short.Shortened = true
		if _, err := f.cs.Open(ctx, d.ID, short, f.person("bientap")); !strings.Contains(fieldOf(t, err, "basis"), "căn cứ pháp lý") {
			t.Errorf("shortened without a basis: %v", err)
		}
		short.Basis = "Điều 51 Luật Ban hành văn bản quy phạm pháp luật (trường hợp khẩn cấp)"
		d, err = f.cs.Open(ctx, d.ID, short, f.person("bientap"))
		if err != nil {
			t.Fatal(err)
		}
		if !d.Shortened || d.MinDays != 20 || d.RuleCode != rules.ConsultLaw64 || !d.Accepting(f.clock.Now()) {
			t.Errorf("opened: shortened %v min %d rule %s", d.Shortened, d.MinDays, d.RuleCode)
		}

		// A citizen comments on Điều 3 Khoản 2 and on Điểm a.
		c1, err := f.cs.Submit(ctx, comment(d, "dieu-3-khoan-2", "Đề nghị quy định khoảng cách tối thiểu cho cây đại mộc."))
		if err != nil {
			t.Fatal(err)
		}
		if c1.Provision != "Điều 3, Khoản 2" || c1.State != consult.Pending || c1.Version != 1 {
			t.Errorf("comment: %q %q v%d", c1.Provision, c1.State, c1.Version)
		}
		c2, err := f.cs.Submit(ctx, comment(d, "#dieu-3-khoan-2-diem-a", "4 mét là quá gần."))
		if err != nil {
			t.Fatal(err)
		}
		if c2.Provision != "Điều 3, Khoản 2, Điểm a" {
			t.Errorf("point: %q", c2.Provision)
		}
		if len(f.mails) != 2 || f.mails[0].to != "binh@example.vn" || !strings.Contains(f.mails[0].text, "Điều 3, Khoản 2") {
			t.Errorf("receipts: %+v", f.mails)
		}
		// A provision that does not exist; a 100 KB comment.
		if msg := fieldOf(t, mustErr(f.cs.Submit(ctx, comment(d, "dieu-9", "?"))), "anchor"); !strings.Contains(msg, "không có trong phiên bản hiện tại") {
			t.Errorf("unknown provision: %q", msg)
		}
		if msg := fieldOf(t, mustErr(f.cs.Submit(ctx, comment(d, "", strings.Repeat("ý kiến ", 100<<10/8)))), "body"); !strings.Contains(msg, "quá mức 20000 ký tự") {
			t.Errorf("100 KB: %q", msg)
		}
		// An attachment that is not what it claims.
		bad := comment(d, "", "Xem tệp.")
		bad.File = &consult.Upload{Name: "gop-y.pdf", Data: []byte("MZ\x90\x00 this is a program")}
		if msg := fieldOf(t, mustErr(f.cs.Submit(ctx, bad)), "file"); !strings.Contains(msg, "gop-y.pdf") {
			t.Errorf("fake PDF: %q", msg)
		}
		// Prohibited content is held, never published by itself.
		if _, err := db.Exec(ctx, `INSERT INTO prohibited_terms (site_id, term, created_at) VALUES (NULL, 'phản động', ?)`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		held, err := f.cs.Submit(ctx, comment(d, "", "Nội dung phản động."))
		if err != nil {
			t.Fatal(err)
		}
		if held.State != consult.Held || held.HeldTerms != "phản động" {
			t.Errorf("held: %q %q", held.State, held.HeldTerms)
		}

		// A new version during the period: the earlier stays readable,
		// comments keep their version and provision; a comment on a
		// provision the new version no longer has is refused.
		v2 := strings.Replace(SampleText, "b) Cây trung mộc: 6 đến 8 mét.", "b) Cây trung mộc: 6 đến 8 mét;\nc) Cây đại mộc: trên 8 mét.", 1)
		v2 = strings.Replace(v2, "Điều 4. Chặt hạ cây xanh\nViệc chặt hạ phải có giấy phép.\n", "", 1)
		c4, err := f.cs.Submit(ctx, comment(d, "dieu-4", "Cần quy định thời hạn cấp giấy phép."))
		if err != nil {
			t.Fatal(err)
		}
		if d, err = f.cs.NewVersion(ctx, d.ID, v2, "Bổ sung cây đại mộc", f.person("bientap")); err != nil {
			t.Fatal(err)
		}
		if d.Version != 2 {
			t.Errorf("version %d", d.Version)
		}
		if old, err := f.cs.VersionText(ctx, d.ID, 1); err != nil || old != strings.TrimSpace(SampleText) {
			t.Errorf("version 1 not readable: %v", err)
		}
		if msg := fieldOf(t, mustErr(f.cs.Submit(ctx, comment(d, "dieu-4", "?"))), "anchor"); msg == "" {
			t.Error("no message")
		}
		// The form still showing version 1 files its comment on it.
		late := comment(d, "dieu-4", "Đề nghị giữ Điều 4.")
		late.Version = 1
		c5, err := f.cs.Submit(ctx, late)
		if err != nil || c5.Version != 1 || c5.Provision != "Điều 4" {
			t.Fatalf("comment on version 1: %v %+v", err, c5)
		}

		// Staff enter a letter from an organisation.
		letter := consult.Submission{DraftID: d.ID, Anchor: "dieu-3-khoan-2-diem-c", AuthorKind: consult.Organisation,
			Organisation: "Hội Kiến trúc sư tỉnh", Body: "Đồng ý bổ sung cây đại mộc.", Channel: consult.Mail,
			File: &consult.Upload{Name: "cong-van.pdf", Data: []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")}}
		if _, err := f.cs.Enter(ctx, letter, f.person("ctv")); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("collaborator entered a comment: %v", err)
		}
		c6, err := f.cs.Enter(ctx, letter, f.person("bientap"))
		if err != nil {
			t.Fatal(err)
		}
		if c6.State != consult.Shown || c6.Channel != consult.Mail || len(c6.Files) != 1 || c6.Who("vi") != "Hội Kiến trúc sư tỉnh" {
			t.Errorf("letter: %+v", c6)
		}

		// Moderation.
		if _, err := f.cs.Moderate(ctx, held.ID, consult.Reject, "", f.person("bientap")); fieldOf(t, err, "reason") == "" {
			t.Error("rejected without a reason")
		}
		mod := func(c *consult.Comment, m consult.Moderation, reason string) {
			t.Helper()
			if _, err := f.cs.Moderate(ctx, c.ID, m, reason, f.person("bientap")); err != nil {
				t.Fatal(err)
			}
		}
		mod(held, consult.Reject, "Nội dung vi phạm Điều 6")
		for _, c := range []*consult.Comment{c1, c2, c4, c5} {
			mod(c, consult.Publish, "")
		}
		counts, _ := f.cs.Counts(ctx, d.ID)
		if counts["dieu-3-khoan-2"] != 1 || counts["dieu-3-khoan-2-diem-a"] != 1 || counts["dieu-4"] != 2 {
			t.Errorf("counts %v", counts)
		}
		// c5 says what c4 says: grouped, answered once.
		if err := f.cs.MarkDuplicate(ctx, c5.ID, c4.ID, f.person("bientap")); err != nil {
			t.Fatal(err)
		}

		// The period ends: comments are refused with the closing time.
		f.clock.Add(20 * 24 * time.Hour)
		if msg := mustErr(f.cs.Submit(ctx, comment(d, "", "Muộn"))).Error(); !strings.Contains(msg, "Đã hết thời hạn lấy ý kiến") {
			t.Errorf("after closing: %q", msg)
		}
		// The synthesis waits for every comment to be handled.
		if _, err := f.cs.PublishSynthesis(ctx, d.ID, "", f.person("truongban")); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("published with comments unhandled: %v", err)
		}
		handle := func(c *consult.Comment, h consult.Handling, why string) {
			t.Helper()
			if _, err := f.cs.Handle(ctx, c.ID, h, why, "", f.person("bientap")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.cs.Handle(ctx, c2.ID, consult.NotAccepted, "", "", f.person("bientap")); fieldOf(t, err, "explanation") == "" {
			t.Error("not accepted without an explanation")
		}
		handle(c1, consult.Accepted, "Đã bổ sung điểm c.")
		handle(c2, consult.NotAccepted, "Khoảng cách 4 mét phù hợp với QCVN.")
		handle(c4, consult.Partly, "Thời hạn cấp phép quy định tại văn bản khác.")
		handle(c6, consult.Accepted, "")
		if _, err := f.cs.PublishSynthesis(ctx, d.ID, "", f.person("bientap")); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an editor approved the synthesis: %v", err)
		}
		syn, err := f.cs.Synthesis(ctx, d, "vi")
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, g := range syn.Groups {
			for _, r := range g.Rows {
				order = append(order, r.Provision+" | "+r.Who)
			}
		}
		// Rows say the version a comment was made on when it is not
		// the current one.
		want := []string{"Điều 3, Khoản 2 (phiên bản 1) | T.T.B.", "Điều 3, Khoản 2, Điểm a (phiên bản 1) | T.T.B.", "Điều 3, Khoản 2, Điểm c | Hội Kiến trúc sư tỉnh",
			"Điều 4 (phiên bản 1) | T.T.B.; T.T.B."}
		if strings.Join(order, "\n") != strings.Join(want, "\n") {
			t.Errorf("synthesis order:\n%s\nwant\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
		}
		if syn.Total != 5 || syn.Rows != 4 || syn.ByHandled[consult.Accepted] != 2 || syn.Unhandled != 0 {
			t.Errorf("totals %d rows %d by %v unhandled %d", syn.Total, syn.Rows, syn.ByHandled, syn.Unhandled)
		}
		d, err = f.cs.PublishSynthesis(ctx, d.ID, "Đã tiếp thu và hoàn thiện dự thảo.", f.person("truongban"))
		if err != nil {
			t.Fatal(err)
		}
		if d.State != consult.Published || d.PublishedAt == nil || d.ApprovedBy != "Ông truongban" {
			t.Errorf("published: %q %v %q", d.State, d.PublishedAt, d.ApprovedBy)
		}
		fig, err := f.cs.Figures(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if fig.Received != 6 || fig.ByChannel[consult.Web] != 5 || fig.ByChannel[consult.Mail] != 1 || fig.ByState[consult.Rejected] != 1 ||
			fig.ByHandling[consult.Partly] != 2 || fig.ToSynthesis != 24*time.Hour { // the 19-day period closed a day before
			t.Errorf("figures %+v", fig)
		}
		// Every step is in the audit log.
		for _, a := range []string{"consult.create", "consult.open", "consult.comment", "consult.version", "consult.enter",
			"consult.moderate", "consult.duplicate", "consult.handle", "consult.publish"} {
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = ?`, a).Scan(&n); err != nil || n == 0 {
				t.Errorf("audit %s: %d %v", a, n, err)
			}
		}
	})
}

func mustErr[T any](_ T, err error) error { return err }

// TestPeriodRules applies the rule in force on the day a draft opens: 60
// days under Law 80/2015 before 1 April 2025.
func TestPeriodRules(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, c := range []struct {
			day  time.Time
			want int
			code string
		}{
			{time.Date(2024, 6, 1, 8, 0, 0, 0, ict), 60, rules.ConsultLaw80},
			{time.Date(2025, 4, 1, 8, 0, 0, 0, ict), 20, rules.ConsultLaw64},
		} {
			n, code, err := f.cs.MinPeriod(ctx, c.day)
			if err != nil || n != c.want || code != c.code {
				t.Errorf("%s: %d %s %v", c.day, n, code, err)
			}
		}
		// Closing early needs the basis too.
		d := f.openDraft()
		if _, err := f.cs.CloseEarly(ctx, d.ID, "", f.person("bientap")); fieldOf(t, err, "basis") == "" {
			t.Error("closed early without a basis")
		}
		d, err := f.cs.CloseEarly(ctx, d.ID, "Quyết định 12/QĐ-UBND áp dụng thủ tục rút gọn", f.person("bientap"))
		if err != nil || d.StateAt(f.clock.Now()) != consult.Closed || d.ClosedEarlyBasis == "" {
			t.Fatalf("close early: %v", err)
		}
	})
}

// TestReminders mails the receiving unit before the end and after it,
// once each, while comments wait.
func TestReminders(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.openDraft()
		if _, err := f.cs.Submit(ctx, comment(d, "dieu-1", "Góp ý")); err != nil {
			t.Fatal(err)
		}
		f.mails = nil
		f.clock.Add(16 * 24 * time.Hour) // four days before the end: not yet
		if n, _ := f.cs.Watch(ctx, f.clock.Now()); n != 0 {
			t.Errorf("reminded %d days early", n)
		}
		f.clock.Add(2 * 24 * time.Hour)
		for range 2 {
			if _, err := f.cs.Watch(ctx, f.clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.Add(10 * 24 * time.Hour)
		for range 2 {
			if _, err := f.cs.Watch(ctx, f.clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if len(f.mails) != 2 || f.mails[0].to != "hatang@example.vn" || !strings.Contains(f.mails[0].subject, "Sắp hết thời hạn") ||
			!strings.Contains(f.mails[1].text, "còn 1 ý kiến") {
			t.Errorf("reminders: %+v", f.mails)
		}
		got, _ := f.cs.Get(ctx, d.ID)
		if got.State != consult.Closed {
			t.Errorf("state after the job %q", got.State)
		}
	})
}

// TestErase removes a commenter's name and contacts; the comment stays
// under the initials.
func TestErase(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.openDraft()
		sub := comment(d, "", "Góp ý chung")
		sub.Display = consult.ShowFull
		c, err := f.cs.Submit(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.cs.Erase(ctx, c.ID, f.person("bientap")); err != nil {
			t.Fatal(err)
		}
		c, _ = f.cs.Comment(ctx, c.ID)
		if c.Name != "" || c.Email != "" || c.ErasedAt == nil || c.Who("vi") != "T.T.B." || c.Body != "Góp ý chung" {
			t.Errorf("erased: %+v", c)
		}
	})
}

package gazette_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var ict = time.FixedZone("ICT", 7*3600)

type fixture struct {
	t      *testing.T
	db     *store.DB
	clock  *clock
	gz     *gazette.Store
	site   *site.Site
	people map[string]gazette.Person
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: db, clock: &clock{t: time.Date(2026, 3, 10, 9, 0, 0, 0, ict)}, people: map[string]gazette.Person{}}
	f.site = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Thử"}
	if err := site.NewSites(db, f.clock.Now).Create(ctx, f.site, audit.CLI); err != nil {
		t.Fatal(err)
	}
	if err := rules.NewStore(db, f.clock.Now).EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	users := account.NewUsers(db, f.clock.Now)
	for name, role := range map[string]account.Role{"congbao": account.Gazette, "bientap": account.Editor, "truongban": account.BoardHead} {
		u, err := users.Create(ctx, account.NewUser{Username: name, FullName: name, Password: "mật-khẩu-dài-đủ-1"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if err := users.Grant(ctx, u.ID, f.site.ID, role, audit.CLI); err != nil {
			t.Fatal(err)
		}
		u, _ = users.ByID(ctx, u.ID)
		f.people[name] = gazette.Person{User: u, MainID: f.site.ID, IP: "127.0.0.1"}
	}
	f.gz = gazette.NewStore(db, gazette.Options{Now: f.clock.Now})
	return f
}

func (f *fixture) intake(number, signed string, pdf []byte) gazette.Intake {
	return gazette.Intake{Number: number, DocType: "Quyết định", Issuer: "Ủy ban nhân dân tỉnh", Signer: "Nguyễn Văn A",
		Field: "Xây dựng", SignedOn: signed, EffectiveOn: signed, Abstract: "Ban hành Quy định quản lý cây xanh đô thị " + number, PDF: pdf}
}

func field(t *testing.T, err error, name string) string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Fields[name].VI == "" {
		t.Fatalf("want a message on %s, got %v", name, err)
	}
	return e.Fields[name].VI
}

// TestGazette follows documents from intake to a published issue, on both
// databases: the signature check, the deadline, the compiled PDF, the
// legal documents and the log.
func TestGazette(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		signed := pdfdoctest.Signed(t, "Quyết định số 12 về cây xanh: Điều 1. Phạm vi điều chỉnh", "Nguyễn Văn A")
		// Only the gazette office receives.
		if _, err := f.gz.Receive(ctx, f.site.ID, f.intake("12/2026/QĐ-UBND", "2026-03-08", signed), f.people["bientap"]); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an editor received a gazette document: %v", err)
		}
		// Bad input, each a message.
		in := f.intake("mười hai", "2026-03-20", []byte("không phải PDF"))
		_, err := f.gz.Receive(ctx, f.site.ID, in, f.people["congbao"])
		if !strings.Contains(field(t, err, "number"), "Số ký hiệu") || !strings.Contains(field(t, err, "signed_on"), "tương lai") || field(t, err, "file") == "" {
			t.Errorf("bad intake: %v", err)
		}
		// A number typed any way is read.
		in1 := f.intake("12-2026-qd-ubnd", "2026-03-08", signed)
		in1.Text = "Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về cây xanh đô thị.\nĐiều 2. Trồng cây\n1. Cây trồng phải phù hợp quy hoạch."
		d1, err := f.gz.Receive(ctx, f.site.ID, in1, f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if d1.Number != "12/2026/QĐ-UBND" || d1.SigStatus != gazette.SigVerified || d1.SigSigner == "" || d1.DueOn != "2026-03-11" || d1.RuleCode != rules.GazetteLaw64 {
			t.Errorf("received: %q %q %q %q %q", d1.Number, d1.SigStatus, d1.SigSigner, d1.DueOn, d1.RuleCode)
		}
		if _, err := f.gz.Receive(ctx, f.site.ID, f.intake("12/2026/QD-UBND", "2026-03-08", signed), f.people["congbao"]); field(t, err, "number") == "" {
			t.Error("the same number received twice")
		}
		// A PDF changed after signing is flagged; an unsigned one too.
		d2, err := f.gz.Receive(ctx, f.site.ID, f.intake("13/2026/QĐ-UBND", "2026-03-09", pdfdoctest.Tamper(pdfdoctest.Signed(t, "Quyết định số 13", "Trần B"))), f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if d2.SigStatus != gazette.SigAltered || d2.SigProblem == "" {
			t.Errorf("tampered: %q %q", d2.SigStatus, d2.SigProblem)
		}
		in3 := f.intake("05/2026/NQ-HĐND", "2026-03-02", pdfdoctest.Unsigned(t, "Nghị quyết số 05"))
		in3.DocType, in3.Issuer = "Nghị quyết", "Hội đồng nhân dân tỉnh"
		in3.Relations = []gazette.Relation{{Kind: legal.Replaces, Number: "01/2020/NQ-HĐND"}}
		d3, err := f.gz.Receive(ctx, f.site.ID, in3, f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if d3.SigStatus != gazette.SigUnsigned || !d3.Overdue("2026-03-10") {
			t.Errorf("unsigned: %q overdue %v", d3.SigStatus, d3.Overdue("2026-03-10"))
		}

		// An issue: the unverified ones block its publication until an
		// override is recorded.
		is, err := f.gz.CreateIssue(ctx, f.site.ID, gazette.IssueRequest{Year: 2026, NumFrom: 1, NumTo: 2, IssueDate: "2026-03-10",
			DocIDs: []int64{d1.ID, d2.ID, d3.ID}}, f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if is.Label != "Số 01 + 02/2026" || is.Docs[0].Issuer != "Hội đồng nhân dân tỉnh" {
			t.Errorf("issue %q, first %q", is.Label, is.Docs[0].Issuer)
		}
		cover := gazette.Cover{Agency: "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", Place: "Thử"}
		if _, err := f.gz.PublishIssue(ctx, is.ID, cover, f.people["congbao"]); apperr.KindOf(err) != apperr.Conflict ||
			!strings.Contains(err.Error(), "13/2026/QĐ-UBND") {
			t.Errorf("published with unverified signatures: %v", err)
		}
		if err := f.gz.Override(ctx, d2.ID, "", f.people["congbao"]); field(t, err, "reason") == "" {
			t.Error("an override without a reason")
		}
		for _, d := range []*gazette.Doc{d2, d3} {
			if err := f.gz.Override(ctx, d.ID, "Bản gốc giấy đã đối chiếu, đóng dấu", f.people["congbao"]); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.Add(24 * time.Hour) // posted on 11 March
		is, err = f.gz.PublishIssue(ctx, is.ID, cover, f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if is.State != "published" || is.Pages < 4 || is.PDFSHA256 == "" {
			t.Errorf("published: %q %d pages", is.State, is.Pages)
		}
		got, _ := f.gz.Get(ctx, d3.ID)
		if got.State != gazette.Published || got.LateDays != 6 || got.PageStart < 2 || got.ItemID == 0 {
			t.Errorf("d3: %q late %d page %d item %d", got.State, got.LateDays, got.PageStart, got.ItemID)
		}
		if got, _ := f.gz.Get(ctx, d1.ID); got.LateDays != 0 {
			t.Errorf("d1 posted on its last day is late by %d", got.LateDays)
		}
		// The legal document exists with the gazette's metadata.
		ld, err := legal.NewStore(db, f.clock.Now).ByNumber(ctx, f.site.ID, "12/2026/QĐ-UBND")
		if err != nil || ld == nil || ld.Issued != "2026-03-08" {
			t.Fatalf("legal document: %+v %v", ld, err)
		}
		if d, issue, err := f.gz.ByItem(ctx, ld.ItemID); err != nil || d == nil || issue.ID != is.ID {
			t.Errorf("by item: %v %v", d, err)
		}
		// The text given at intake is the legal document's body, each
		// Điều and Khoản addressable.
		var body string
		if err := db.QueryRow(ctx, `SELECT r.body FROM items i JOIN revisions r ON r.id = i.published_rev WHERE i.id = ?`, ld.ItemID).Scan(&body); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, `id="dieu-2-khoan-1"`) || !strings.Contains(body, "cây xanh đô thị") {
			t.Errorf("the legal document's body:\n%s", body)
		}
		// The compiled PDF: every document's text and the Vietnamese
		// table of contents.
		pdf, err := f.gz.File(ctx, is.PDFSHA256)
		if err != nil {
			t.Fatal(err)
		}
		text := pdftotext(t, pdf)
		for _, want := range []string{"CÔNG BÁO", "MỤC LỤC", "Số 01 + 02/2026", "Quyết định số 12 về cây xanh", "Nghị quyết số 05", "HỘI ĐỒNG NHÂN DÂN TỈNH"} {
			if !strings.Contains(text, want) {
				t.Errorf("the issue's PDF lacks %q", want)
			}
		}
		// A published issue does not change.
		if _, err := f.gz.PublishIssue(ctx, is.ID, cover, f.people["congbao"]); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("published twice: %v", err)
		}
		// Withdrawal is a new entry; the log verifies.
		if err := f.gz.Withdraw(ctx, d2.ID, "Văn bản ban hành sai thẩm quyền", f.people["congbao"]); err != nil {
			t.Fatal(err)
		}
		if problems, err := f.gz.Verify(ctx, nil); err != nil || len(problems) != 0 {
			t.Fatalf("verify: %v %v", problems, err)
		}
		entries, _ := f.gz.Log(ctx, 0, 100)
		if len(entries) != 5 || entries[4].Kind != "doc.withdraw" {
			t.Errorf("log: %d entries", len(entries))
		}
	})
}

// TestTampering changes a stored file, a log entry, a published record,
// and deletes an entry: verify names each.
func TestTampering(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		var ids []int64
		for i, n := range []string{"20/2026/QĐ-UBND", "21/2026/QĐ-UBND", "22/2026/QĐ-UBND"} {
			d, err := f.gz.Receive(ctx, f.site.ID, f.intake(n, "2026-03-09", pdfdoctest.Signed(t, "Văn bản "+n, "Lê C")), f.people["congbao"])
			if err != nil {
				t.Fatal(err, i)
			}
			ids = append(ids, d.ID)
		}
		is, err := f.gz.CreateIssue(ctx, f.site.ID, gazette.IssueRequest{Year: 2026, NumFrom: 3, IssueDate: "2026-03-10", DocIDs: ids}, f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.gz.PublishIssue(ctx, is.ID, gazette.Cover{Agency: "VĂN PHÒNG"}, f.people["congbao"]); err != nil {
			t.Fatal(err)
		}
		check := func(want string) {
			t.Helper()
			problems, err := f.gz.Verify(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range problems {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), want) {
				t.Errorf("verify did not say %q: %v", want, all)
			}
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.Exec(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// A record changed behind the log's back.
		exec(`UPDATE gazette_docs SET abstract = 'Sửa lén' WHERE id = ?`, ids[0])
		check("đã bị sửa mà không ghi nhật ký")
		// One byte of a stored file.
		var data string
		var sum string
		if err := db.QueryRow(ctx, `SELECT sha256, data FROM gazette_files WHERE sha256 = (SELECT pdf_sha256 FROM gazette_docs WHERE id = ?)`, ids[1]).Scan(&sum, &data); err != nil {
			t.Fatal(err)
		}
		b := []byte(data)
		b[len(b)/2] ^= 1
		if b[len(b)/2] == '=' || b[len(b)/2] < '+' {
			b[len(b)/2] = 'A'
		}
		exec(`UPDATE gazette_files SET data = ? WHERE sha256 = ?`, string(b), sum)
		check("tệp " + sum[:12])
		// A log entry changed.
		exec(`UPDATE gazette_log SET record = REPLACE(record, 'Lê C', 'Lê D') WHERE id = 2`)
		exec(`UPDATE gazette_log SET ref = ref || '' WHERE id = 2`)
		exec(`UPDATE gazette_log SET kind = 'doc.publish ' WHERE id = 2`)
		check("mục 2")
		// An entry deleted (after putting the changed one back would not
		// help: the chain already broke at 2; delete entry 1 on a fresh
		// chain check).
		exec(`DELETE FROM gazette_log WHERE id = 1`)
		check("mục 2")
	})
}

func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (Debian package poppler-utils): %v", err)
	}
	return string(bytes.ToValidUTF8(out, nil))
}

// TestExpiredCertificate flags a document signed with a certificate that
// had expired: the bytes are intact, the signature is not valid.
func TestExpiredCertificate(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		signedAt := time.Date(2026, 3, 8, 9, 0, 0, 0, ict)
		cert := pdfdoctest.NewCert(t, "Nguyễn Văn Hết Hạn", "UBND tỉnh", signedAt.AddDate(-2, 0, 0), signedAt.AddDate(0, 0, -1))
		pdf := pdfdoctest.Sign(t, pdfdoctest.Unsigned(t, "Quyết định số 30"), cert, signedAt)
		d, err := f.gz.Receive(context.Background(), f.site.ID, f.intake("30/2026/QĐ-UBND", "2026-03-08", pdf), f.people["congbao"])
		if err != nil {
			t.Fatal(err)
		}
		if d.SigStatus != gazette.SigCertInvalid || d.Publishable() || !strings.Contains(d.SigProblem, "hết hạn") {
			t.Errorf("expired certificate: %q %q", d.SigStatus, d.SigProblem)
		}
	})
}

// TestTrustedRoots: with the roots the server trusts, a document signed
// under one of them is "trusted" and may be published; one signed with a
// certificate of its own making, intact as it is, is "untrusted", says
// why, and needs the override like an unsigned one. Without roots the
// same file is "verified" (integrity only), as before.
func TestTrustedRoots(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		signedAt := time.Date(2026, 3, 8, 9, 0, 0, 0, ict)
		root := pdfdoctest.NewCA(t, "Root CA thử nghiệm", signedAt.AddDate(-5, 0, 0), signedAt.AddDate(15, 0, 0))
		ca := root.IssueCA(t, "CA chuyên dùng Chính phủ thử nghiệm", signedAt.AddDate(-3, 0, 0), signedAt.AddDate(10, 0, 0))
		signer := ca.Issue(t, "Nguyễn Văn A", "UBND tỉnh", signedAt.AddDate(-1, 0, 0), signedAt.AddDate(2, 0, 0))
		self := pdfdoctest.NewCert(t, "Nguyễn Văn A", "UBND tỉnh", signedAt.AddDate(-1, 0, 0), signedAt.AddDate(2, 0, 0))
		roots := x509.NewCertPool()
		roots.AddCert(root.Cert)
		trusting := gazette.NewStore(db, gazette.Options{Now: f.clock.Now, Roots: roots})
		receive := func(st *gazette.Store, number string, c pdfdoctest.Cert) *gazette.Doc {
			t.Helper()
			pdf := pdfdoctest.Sign(t, pdfdoctest.Unsigned(t, "Quyết định số "+number), c, signedAt)
			d, err := st.Receive(ctx, f.site.ID, f.intake(number, "2026-03-08", pdf), f.people["congbao"])
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		d := receive(trusting, "31/2026/QĐ-UBND", signer)
		if d.SigStatus != gazette.SigTrusted || !d.Publishable() || d.SigProblem != "" || d.SigIssuer != "CA chuyên dùng Chính phủ thử nghiệm" {
			t.Errorf("signed under a trusted root: %q %q issuer %q", d.SigStatus, d.SigProblem, d.SigIssuer)
		}
		d = receive(trusting, "32/2026/QĐ-UBND", self)
		if d.SigStatus != gazette.SigUntrusted || d.Publishable() || !strings.Contains(d.SigProblem, "không do tổ chức chứng thực được tin cậy cấp") {
			t.Errorf("self-made certificate: %q %q", d.SigStatus, d.SigProblem)
		}
		if err := trusting.Override(ctx, d.ID, "Đã đối chiếu bản gốc giấy có chữ ký, đóng dấu.", f.people["congbao"]); err != nil {
			t.Fatal(err)
		}
		if got, err := trusting.Get(ctx, d.ID); err != nil || got.SigStatus != gazette.SigUntrusted || !got.Publishable() {
			t.Errorf("after the override: %+v, %v", got, err)
		}
		if d := receive(f.gz, "33/2026/QĐ-UBND", self); d.SigStatus != gazette.SigVerified || !d.Publishable() {
			t.Errorf("without roots: %q", d.SigStatus)
		}
	})
}

package web_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/royalty"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// TestRoyaltyListsOverHTTP (issue 19, point 3 and 4): the accountant's
// payment list of August 2026 with totals in figures and words and the
// authors' tax codes, its XLSX and PDF read back, the editor refused,
// the author's own statement, marking the list paid (audited) and a bad
// period.
func TestRoyaltyListsOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("kt-nb", account.BoardHead, "so-khcn")
		h.person("bt-nb", account.Editor, "so-khcn")
		author := h.person("tg-nb", account.Collaborator, "so-khcn")
		acct, editor, writer := h.browser(), h.browser(), h.browser()
		acct.signIn("kt-nb")
		editor.signIn("bt-nb")
		writer.signIn("tg-nb")

		// Two of the department's items, first published in August 2026
		// (Decree 18/2014, base salary 2,530,000; one unit 253,000).
		rows, err := db.Query(ctx, `SELECT i.id FROM items i JOIN sites s ON s.id = i.site_id
			WHERE s.code = 'so-khcn' AND i.state = 'published' AND i.kind <> 'legal' ORDER BY i.id LIMIT 1`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) != 1 {
			t.Fatalf("the demo's department has %d published items", len(ids))
		}
		at := time.Date(2026, 8, 10, 9, 0, 0, 0, vn.ICT).UTC()
		if _, err := db.Exec(ctx, `UPDATE items SET first_published_at = ?, published_at = ? WHERE id = ?`, at, at, ids[0]); err != nil {
			t.Fatal(err)
		}
		rs := royalty.NewStore(db, rules.NewStore(db, h.clock.Now), h.clock.Now)
		by := audit.Actor{Name: "bientap", IP: "local"}
		outside := royalty.Author{Name: "Trần Thị B", TaxCode: "0312345678", BankAccount: "0071000123456", BankName: "Vietcombank Đồng Nai"}
		// The item, published 10/08, due 10/08 + 60 days = 09/10/2026:
		//   the article, news, coefficient 5: 5 × 253,000 = 1,265,000;
		//     the author 60 % = 759,000, Trần Thị B 40 % = 506,000;
		//   a photo credited separately, coefficient 3: 3 × 253,000 =
		//     759,000 to the author.
		// List: 2,024,000 đồng; the author's statement: 1,518,000 đồng.
		for _, p := range []*royalty.Proposal{
			{ItemID: ids[0], Works: []*royalty.ProposedWork{{Work: royalty.Work{Kind: "tin", Coefficient: 5000},
				Credits: []royalty.Credit{{Author: royalty.Author{UserID: author.ID}, ShareBP: 6000}, {Author: outside, ShareBP: 4000}}},
				{Work: royalty.Work{Kind: "anh", Coefficient: 3000}, Credits: []royalty.Credit{{Author: royalty.Author{UserID: author.ID}, ShareBP: 10000}}}}},
		} {
			if err := rs.Propose(ctx, p, by); err != nil {
				t.Fatal(err)
			}
			if err := rs.Approve(ctx, p.ID, by); err != nil {
				t.Fatal(err)
			}
		}
		const listWords, mineWords = "Hai triệu không trăm hai mươi tư nghìn đồng", "Một triệu năm trăm mười tám nghìn đồng"
		base := "/quan-tri/s/so-khcn/nhuan-but"

		// The accountant's list.
		p := acct.get(base + "?ky=2026-08")
		if p.status != 200 {
			t.Fatalf("list: %d\n%.3000s", p.status, p.body)
		}
		for _, want := range []string{"Bảng kê thanh toán nhuận bút, thù lao", "8 năm 2026", "2.024.000", listWords, "0312345678",
			"0071000123456", "759.000", "506.000", "ngày 9 tháng 10 năm 2026", "Đã duyệt, chưa chi", "Tin tức, trả lời bạn đọc",
			`action="/quan-tri/s/so-khcn/nhuan-but/da-tra"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the list lacks %q", want)
			}
		}
		if !regexp.MustCompile(`href="/quan-tri/s/so-khcn/nhuan-but\?ky=\d{4}-\d{2}"`).MatchString(p.body) {
			t.Errorf("the list has no quick periods")
		}

		// The downloads.
		dir := t.TempDir()
		for _, ext := range []string{"xlsx", "docx", "pdf"} {
			f := acct.get(base + "/bang-ke." + ext + "?ky=2026-08")
			if f.status != 200 || !strings.Contains(f.header.Get("Content-Disposition"), "bang-ke-nhuan-but-so-khcn-2026-08."+ext) {
				t.Fatalf("bang-ke.%s: %d %q", ext, f.status, f.header.Get("Content-Disposition"))
			}
			os.WriteFile(filepath.Join(dir, "bang-ke."+ext), []byte(f.body), 0o644)
		}
		x, err := excelize.OpenFile(filepath.Join(dir, "bang-ke.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		xrows, _ := x.GetRows(x.GetSheetList()[0])
		x.Close()
		if flat := flatten(xrows); !strings.Contains(flat, "2.024.000") || !strings.Contains(flat, listWords) || !strings.Contains(flat, "BẢNG KÊ THANH TOÁN NHUẬN BÚT, THÙ LAO") {
			t.Errorf("the XLSX lacks its title or total: %v", xrows)
		}
		need(t, "pdftotext", "poppler-utils")
		pdfs := []string{filepath.Join(dir, "bang-ke.pdf")}
		if soffice, err := execLook("soffice"); err == nil {
			out := filepath.Join(dir, "out")
			runTool(t, 5*time.Minute, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
				"--convert-to", "pdf", "--outdir", out, filepath.Join(dir, "bang-ke.docx"))
			pdfs = append(pdfs, filepath.Join(out, "bang-ke.pdf"))
		} else {
			t.Logf("soffice not found: the DOCX is not converted")
		}
		for _, pdf := range pdfs {
			text := strings.Join(strings.Fields(norm.NFC.String(runTool(t, time.Minute, "pdftotext", pdf, "-"))), " ")
			for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẢNG KÊ THANH TOÁN NHUẬN BÚT, THÙ LAO", listWords, "2.024.000"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: %q missing\n%s", pdf, want, text)
				}
			}
		}

		// Without royalty.manage: refused, and the refusal logged.
		denied := h.auditCount("denied")
		for _, path := range []string{base + "?ky=2026-08", base + "/bang-ke.xlsx?ky=2026-08", base + "/bang-ke.docx?ky=2026-08", base + "/bang-ke.pdf?ky=2026-08"} {
			if p := editor.get(path); p.status != 403 {
				t.Errorf("the editor opens %s: %d", path, p.status)
			}
		}
		if p := editor.post(base+"/da-tra", url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}}); p.status != 403 {
			t.Errorf("the editor marks the list paid: %d", p.status)
		}
		if p := acct.get("/quan-tri/s/dong-nai/nhuan-but?ky=2026-08"); p.status != 403 {
			t.Errorf("the department's accountant opens the province's list: %d", p.status)
		}
		if n := h.auditCount("denied"); n != denied+6 {
			t.Errorf("%d refusals logged, want 6", n-denied)
		}

		// The author sees their own lines, not their co-author's.
		p = writer.get("/quan-tri/nhuan-but-cua-toi?ky=2026-08")
		if p.status != 200 {
			t.Fatalf("own statement: %d\n%.3000s", p.status, p.body)
		}
		for _, want := range []string{"Nhuận bút, thù lao của tôi", "1.518.000", mineWords, "Ảnh"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the author's statement lacks %q", want)
			}
		}
		for _, not := range []string{"Trần Thị B", "0312345678", "506.000", "2.024.000"} {
			if strings.Contains(p.body, not) {
				t.Errorf("the author's statement shows %q", not)
			}
		}
		if f := writer.get("/quan-tri/nhuan-but-cua-toi/sao-ke.pdf?ky=2026-08"); f.status != 200 || !strings.HasPrefix(f.body, "%PDF-") {
			t.Errorf("the statement's PDF: %d", f.status)
		} else {
			os.WriteFile(filepath.Join(dir, "sao-ke.pdf"), []byte(f.body), 0o644)
			text := strings.Join(strings.Fields(norm.NFC.String(runTool(t, time.Minute, "pdftotext", filepath.Join(dir, "sao-ke.pdf"), "-"))), " ")
			if !strings.Contains(text, "SAO KÊ NHUẬN BÚT, THÙ LAO") || !strings.Contains(text, mineWords) {
				t.Errorf("the statement's PDF lacks its title or total\n%s", text)
			}
		}
		if p := writer.get(base + "?ky=2026-08"); p.status != 403 {
			t.Errorf("the author opens the site's list: %d", p.status)
		}

		// The author's statement as XLSX and DOCX too; LibreOffice opens
		// the XLSX and its text is read back.
		for _, ext := range []string{"xlsx", "docx"} {
			f := writer.get("/quan-tri/nhuan-but-cua-toi/sao-ke." + ext + "?ky=2026-08")
			if f.status != 200 || !strings.Contains(f.header.Get("Content-Disposition"), "sao-ke-nhuan-but-2026-08."+ext) {
				t.Fatalf("sao-ke.%s: %d %q", ext, f.status, f.header.Get("Content-Disposition"))
			}
			os.WriteFile(filepath.Join(dir, "sao-ke."+ext), []byte(f.body), 0o644)
		}
		if soffice, err := execLook("soffice"); err == nil {
			out := filepath.Join(dir, "csv")
			runTool(t, 5*time.Minute, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
				"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", out, filepath.Join(dir, "sao-ke.xlsx"))
			b, err := os.ReadFile(filepath.Join(out, "sao-ke.csv"))
			if err != nil {
				t.Fatalf("LibreOffice did not convert the statement's XLSX: %v", err)
			}
			csv := norm.NFC.String(string(b))
			for _, want := range []string{"SAO KÊ NHUẬN BÚT, THÙ LAO", mineWords, "1.518.000", "Ảnh"} {
				if !strings.Contains(csv, want) {
					t.Errorf("the statement's XLSX read back by LibreOffice lacks %q\n%s", want, csv)
				}
			}
		} else if os.Getenv("CI") != "" {
			t.Fatal("soffice not found: .ci/setup installs LibreOffice")
		}

		// Unclaimed (REQ-50): Trần Thị B's 506,000 after three notices
		// moves to 2027's fund (now is December 2026): the list's total
		// becomes 2,024,000 − 506,000 = 1,518,000.
		var bLine int64
		if err := db.QueryRow(ctx, `SELECT id FROM royalty_lines WHERE author_name = 'Trần Thị B'`).Scan(&bLine); err != nil {
			t.Fatal(err)
		}
		lineBase := base + "/dong/" + strconv.FormatInt(bLine, 10)
		denied = h.auditCount("denied")
		for _, step := range []string{"/thong-bao", "/khong-nhan"} {
			if p := editor.post(lineBase+step, url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}}); p.status != 403 {
				t.Errorf("the editor posts %s: %d", step, p.status)
			}
			if p := writer.post(lineBase+step, url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}}); p.status != 403 {
				t.Errorf("the author posts %s: %d", step, p.status)
			}
		}
		if n := h.auditCount("denied"); n != denied+4 {
			t.Errorf("%d refusals logged, want 4", n-denied)
		}
		if p := acct.post(lineBase+"/khong-nhan", url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}}); p.status != 422 ||
			!strings.Contains(p.body, "mới được thông báo 0 lần") {
			t.Errorf("unclaimed without notices: %d\n%.2000s", p.status, p.body)
		}
		if p := acct.get(base + "?ky=2026-08"); !strings.Contains(p.body, "Chuyển quỹ năm sau được khi đã thông báo 3 lần") || strings.Contains(p.body, lineBase+"/khong-nhan") {
			t.Errorf("before three notices the list offers to close the line, or does not say when it may")
		}
		for i := 1; i <= 3; i++ {
			p := acct.post(lineBase+"/thong-bao", url.Values{"ky": {"2026-08"}, "ghi-chu": {"Gọi điện mời nhận"}})
			if p.status != 303 || !strings.Contains(p.header.Get("Location"), "thong-bao="+strconv.Itoa(i)) {
				t.Fatalf("notice %d: %d %q", i, p.status, p.header.Get("Location"))
			}
		}
		p = acct.get(base + "?ky=2026-08")
		if !strings.Contains(p.body, "(đã thông báo 3 lần)") || !strings.Contains(p.body, lineBase+"/khong-nhan") {
			t.Errorf("after three notices:\n%.6000s", p.body)
		}
		if p := acct.post(lineBase+"/khong-nhan", url.Values{"ky": {"2026-08"}}); p.status != 422 {
			t.Errorf("closed as unclaimed without confirming: %d", p.status)
		}
		p = acct.post(lineBase+"/khong-nhan", url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}})
		if p.status != 303 || h.auditCount("royalty.unclaimed") != 1 || h.auditCount("royalty.notice") != 3 {
			t.Fatalf("closed as unclaimed: %d; audit %d unclaimed, %d notices", p.status, h.auditCount("royalty.unclaimed"), h.auditCount("royalty.notice"))
		}
		p = acct.get(p.header.Get("Location"))
		for _, want := range []string{"Tác giả không nhận: chuyển quỹ nhuận bút năm 2027", "1.518.000", mineWords, "Không nhận, đã chuyển quỹ năm sau: 1 · 506.000 đồng"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the list after the unclaimed line lacks %q", want)
			}
		}
		if p := acct.post(lineBase+"/thong-bao", url.Values{"ky": {"2026-08"}}); p.status != 409 && p.status != 422 {
			t.Errorf("a notice on an unclaimed line: %d", p.status)
		}

		// Marking paid: confirmed, audited, the lines' state changes.
		if p := acct.post(base+"/da-tra", url.Values{"ky": {"2026-08"}}); p.status != 422 {
			t.Errorf("marked paid without confirming: %d", p.status)
		}
		p = acct.post(base+"/da-tra", url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}})
		if p.status != 303 || h.auditCount("royalty.paid") != 1 {
			t.Fatalf("mark paid: %d, %d audit entries\n%.2000s", p.status, h.auditCount("royalty.paid"), p.body)
		}
		p = acct.get(p.header.Get("Location"))
		if !strings.Contains(p.body, "Đã chi (") || strings.Contains(p.body, "Đã duyệt, chưa chi") || !strings.Contains(p.body, "Mọi dòng của kỳ này đã chi.") {
			t.Errorf("the list after payment:\n%.6000s", p.body)
		}
		if p := writer.get("/quan-tri/nhuan-but-cua-toi?ky=2026-08"); !strings.Contains(p.body, "Đã chi (") {
			t.Errorf("the author does not see the payment")
		}
		if p := acct.post(base+"/da-tra", url.Values{"ky": {"2026-08"}, "xac-nhan": {"1"}}); p.status != 422 || h.auditCount("royalty.paid") != 1 {
			t.Errorf("marked paid twice: %d", p.status)
		}

		// A bad period.
		for _, path := range []string{base + "?ky=2026-13", "/quan-tri/nhuan-but-cua-toi?ky=2026-13", base + "/bang-ke.pdf?ky=xyz"} {
			if p := acct.get(path); p.status != 422 {
				t.Errorf("%s: %d, want 422", path, p.status)
			}
		}
	})
}

func execLook(cmd string) (string, error) { return exec.LookPath(cmd) }

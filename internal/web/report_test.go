package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestReportsOverHTTP (issue 18): who reads which report, the figures
// and charts on the page, the page counters, the three downloads, the
// dashboard's filter and sort, a bad period, and the monthly mailing.
func TestReportsOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("gs-bc", account.Overseer, "dong-nai")
		h.person("tb-khcn", account.BoardHead, "so-khcn")
		h.person("ctv-bc", account.Collaborator, "dong-nai")
		overseer, head, ctv, visitor := h.browser(), h.browser(), h.browser(), h.browser()
		overseer.signIn("gs-bc")
		head.signIn("tb-khcn")
		ctv.signIn("ctv-bc")

		// Readers visit the province's home and an article: counted, with
		// no cookie set for it.
		home := visitor.get("/")
		link := regexp.MustCompile(`href="(/tin-tuc/[a-z0-9-]+)"`).FindStringSubmatch(home.body)
		if link == nil {
			t.Fatalf("no article on the home page")
		}
		for range 3 {
			if p := visitor.get(link[1]); p.status != 200 || p.header.Get("Set-Cookie") != "" {
				t.Fatalf("article: %d, cookie %q", p.status, p.header.Get("Set-Cookie"))
			}
		}
		if err := h.web.FlushViews(ctx); err != nil {
			t.Fatal(err)
		}

		// Who may read what.
		for _, c := range []struct {
			b    *browser
			path string
			want int
		}{
			{overseer, "/quan-tri/bao-cao", 200}, {overseer, "/quan-tri/giam-sat", 200}, {overseer, "/quan-tri/s/so-khcn/bao-cao", 200},
			{head, "/quan-tri/s/so-khcn/bao-cao", 200}, {head, "/quan-tri/s/dong-nai/bao-cao", 403}, {head, "/quan-tri/bao-cao", 403},
			{head, "/quan-tri/giam-sat", 403}, {ctv, "/quan-tri/s/dong-nai/bao-cao", 403}, {ctv, "/quan-tri/bao-cao/bao-cao.pdf", 403},
		} {
			if p := c.b.get(c.path); p.status != c.want {
				t.Errorf("%s: %d, want %d", c.path, p.status, c.want)
			}
		}
		if p := visitor.get("/quan-tri/bao-cao"); p.status == 200 {
			t.Errorf("a visitor reads the province's report")
		}
		if p := head.post("/quan-tri/giam-sat", url.Values{"stale_days": {"5"}}); p.status != 403 {
			t.Errorf("a board head changes the oversight settings: %d", p.status)
		}

		// The province's report this month: the demo's publications, the
		// chart with its table, the article's views.
		p := overseer.get("/quan-tri/bao-cao")
		for _, want := range []string{"Báo cáo hoạt động toàn tỉnh", "Sở Khoa học và Công nghệ", `<svg class="chart"`, "Số liệu của biểu đồ",
			"Lượt truy cập", "Tin, bài được xem nhiều nhất"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("province report lacks %q", want)
			}
		}
		if !strings.Contains(p.body, "Tổng lượt xem trang: <strong>4</strong>") {
			t.Errorf("views: want 4 (home + 3 article views)\n%.6000s", p.body)
		}
		if bad := overseer.get("/quan-tri/bao-cao?ky=2026-13"); bad.status != 422 || !strings.Contains(bad.body, "Kỳ báo cáo phải có dạng") {
			t.Errorf("a bad period: %d", bad.status)
		}
		// A site's report: the required sections judged, the ratings, and
		// each figure a link to the list it counts.
		p = head.get("/quan-tri/s/so-khcn/bao-cao")
		for _, want := range []string{"Chuyên mục bắt buộc và thời hạn đăng", "Đăng trễ hạn", "Mức hài lòng của bạn đọc",
			`href="/quan-tri/s/so-khcn/kien-nghi?ky=`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("site report lacks %q", want)
			}
		}
		total := regexp.MustCompile(`Tin, bài đăng mới trong kỳ: <strong><a href="([^"]+)">(\d+)</a>`).FindStringSubmatch(p.body)
		if total == nil {
			t.Fatalf("the site report's total is no link\n%.4000s", p.body)
		}
		list := head.get(html.UnescapeString(total[1]))
		if list.status != 200 || !strings.Contains(list.body, "Đang lọc theo báo cáo") || !strings.Contains(list.body, total[2]+" ") {
			t.Errorf("the list behind the total (%s, %s items): %d\n%.3000s", total[1], total[2], list.status, list.body)
		}
		sec := regexp.MustCompile(`href="(/quan-tri/s/so-khcn/noi-dung\?chuyen-muc=\d+&amp;tao=[^"]+)"`).FindStringSubmatch(p.body)
		if sec == nil {
			t.Errorf("no required section links its items")
		} else if l := head.get(html.UnescapeString(sec[1])); l.status != 200 || !strings.Contains(l.body, "tạo trong") {
			t.Errorf("a required section's list: %d", l.status)
		}
		if l := head.get("/quan-tri/s/so-khcn/noi-dung?chuyen-muc=999999"); l.status != 404 {
			t.Errorf("another site's section: %d", l.status)
		}
		if l := head.get("/quan-tri/s/so-khcn/noi-dung?dang=2026-13"); l.status != 422 {
			t.Errorf("a bad period in the list: %d", l.status)
		}
		// The dashboard: the departments only, sorted.
		p = overseer.get("/quan-tri/giam-sat?loai=department&sap-xep=dang&chieu=giam")
		if p.status != 200 || !strings.Contains(p.body, "Sở Khoa học và Công nghệ") || strings.Contains(p.body, `href="/quan-tri/s/dong-nai/bao-cao`) {
			t.Errorf("dashboard filtered on departments: %d", p.status)
		}
		if p := overseer.post("/quan-tri/giam-sat", url.Values{"stale_days": {"0"}}); p.status != 422 {
			t.Errorf("0 days accepted: %d", p.status)
		}
		if p := overseer.post("/quan-tri/giam-sat", url.Values{"stale_days": {"14"}}); p.status != 303 || h.auditCount("report.settings") != 1 {
			t.Errorf("settings: %d", p.status)
		}

		// The downloads, opened by their readers.
		dir := t.TempDir()
		year := time.Now().Format("2006")
		for _, ext := range []string{"xlsx", "docx", "pdf"} {
			f := overseer.get("/quan-tri/bao-cao/bao-cao." + ext + "?ky=" + year)
			if f.status != 200 || !strings.Contains(f.header.Get("Content-Disposition"), "bao-cao-tinh-"+year+"."+ext) {
				t.Fatalf("bao-cao.%s: %d %q", ext, f.status, f.header.Get("Content-Disposition"))
			}
			os.WriteFile(filepath.Join(dir, "bao-cao."+ext), []byte(f.body), 0o644)
			switch ext {
			case "xlsx":
				x, err := excelize.OpenReader(strings.NewReader(f.body))
				if err != nil {
					t.Fatal(err)
				}
				rows, _ := x.GetRows(x.GetSheetList()[0])
				if !strings.Contains(flatten(rows), "Sở Khoa học và Công nghệ") {
					t.Errorf("the XLSX lacks the department: %v", rows)
				}
			case "docx":
				z, err := zip.NewReader(bytes.NewReader([]byte(f.body)), int64(len(f.body)))
				if err != nil {
					t.Fatal(err)
				}
				var doc string
				for _, zf := range z.File {
					if zf.Name == "word/document.xml" {
						rc, _ := zf.Open()
						var b bytes.Buffer
						b.ReadFrom(rc)
						rc.Close()
						doc = b.String()
					}
				}
				if !strings.Contains(doc, "BÁO CÁO HOẠT ĐỘNG CỔNG THÔNG TIN ĐIỆN TỬ") {
					t.Errorf("the DOCX lacks its title")
				}
			case "pdf":
				if !strings.HasPrefix(f.body, "%PDF-") {
					t.Errorf("not a PDF")
				}
			}
		}
		{
			soffice := need(t, "soffice", "libreoffice-writer-nogui")
			need(t, "pdftotext", "poppler-utils")
			out := filepath.Join(dir, "out")
			runTool(t, 5*time.Minute, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
				"--convert-to", "pdf", "--outdir", out, filepath.Join(dir, "bao-cao.docx"))
			for _, pdf := range []string{filepath.Join(out, "bao-cao.pdf"), filepath.Join(dir, "bao-cao.pdf")} {
				text := norm.NFC.String(runTool(t, time.Minute, "pdftotext", "-layout", pdf, "-"))
				for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO HOẠT ĐỘNG", "Phản ánh, kiến nghị", "Sở Khoa học và Công nghệ"} {
					if !strings.Contains(text, want) {
						t.Errorf("%s: %q missing", pdf, want)
					}
				}
			}
		}

		// The monthly mailing: subscribed this month, the letter goes out
		// once the month is over, once.
		if _, err := db.Exec(ctx, `UPDATE users SET email = 'giamsat@example.vn' WHERE username = 'gs-bc'`); err != nil {
			t.Fatal(err)
		}
		if p := overseer.post("/quan-tri/bao-cao/dang-ky", url.Values{"scope": {"province"}, "period": {"month"}, "on": {"1"}}); p.status != 303 {
			t.Fatalf("subscribe: %d\n%.2000s", p.status, p.body)
		}
		if n, err := h.web.MailReports(ctx, time.Now()); err != nil || n != 0 {
			t.Errorf("mailed before the month is over: %d %v", n, err)
		}
		next := time.Now().AddDate(0, 1, 0)
		if n, err := h.web.MailReports(ctx, next); err != nil || n != 1 {
			t.Errorf("mailed after the month: %d %v", n, err)
		}
		if n, _ := h.web.MailReports(ctx, next); n != 0 {
			t.Errorf("mailed twice")
		}
		var subject string
		db.QueryRow(ctx, `SELECT subject FROM mail_outbox WHERE to_addr = 'giamsat@example.vn'`).Scan(&subject)
		if !strings.HasPrefix(subject, "Báo cáo hoạt động toàn tỉnh tháng ") {
			t.Errorf("subject %q", subject)
		}
	})
}

func flatten(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

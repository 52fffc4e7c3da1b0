package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// TestSpokesOverHTTP (issue 18 point 3): who may record and read the
// spokesperson's records and annual report, the records sent through the
// forms (one sent back with its field marked, one corrected), the report
// of 2026 with its counters and its three downloads.
//
// The records of the department, answers written first (report year
// 2026: 15 December 2025 – 14 December 2026):
//
//	conference 2025-12-14 23:59 (the 2025 report's) · conference 2026-03-10 · briefing 2026-06-01
//	event received 2026-07-01 08:00, stated 2026-07-02 08:00 (due then: on time)
//	event received 2026-08-10 09:00, stated later as 2026-08-12 09:00 (late)
//	question 2026-04-01 answered · question 2026-12-14 20:00 not answered
//	correction request 2026-07-20 sent
//
//	2026: conferences 1, briefings 1, questions 1/2, events 2/2, on time 1/2, corrections 1/1
func TestSpokesOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("pn-ban", account.BoardDeputy, "so-khcn") // edits the department's directory
		h.person("pn-ctv", account.Collaborator, "so-khcn")
		h.person("pn-gs", account.Overseer, "dong-nai")
		board, ctv, overseer, visitor := h.browser(), h.browser(), h.browser(), h.browser()
		board.signIn("pn-ban")
		ctv.signIn("pn-ctv")
		overseer.signIn("pn-gs")
		one := func(q string, args ...any) string {
			t.Helper()
			var v string
			if err := db.QueryRow(ctx, q, args...).Scan(&v); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return v
		}
		spk := one(`SELECT CAST(MIN(id) AS TEXT) FROM spokespersons WHERE site_id = (SELECT id FROM sites WHERE code = 'so-khcn') AND kind = 'regular'`)
		mainSpk := one(`SELECT CAST(MIN(id) AS TEXT) FROM spokespersons WHERE site_id = (SELECT id FROM sites WHERE code = 'dong-nai')`)
		base := "/quan-tri/s/so-khcn/phat-ngon"

		// Who may do what.
		meeting := url.Values{"kind": {"conference"}, "held_at": {"2026-03-10T09:00"}, "spokesperson": {spk}, "topics": {"Chuyển đổi số"}}
		for _, c := range []struct {
			who  string
			b    *browser
			path string
			form url.Values
			want int
		}{
			{"collaborator", ctv, base, nil, 403},
			{"collaborator", ctv, base + "/bao-cao?nam=2026", nil, 403},
			{"collaborator", ctv, base + "/bao-cao.pdf?nam=2026", nil, 403},
			{"collaborator", ctv, base + "/hop-bao", meeting, 403},
			{"overseer", overseer, base + "/hop-bao", meeting, 403},
			{"board of the department", board, "/quan-tri/s/dong-nai/phat-ngon", nil, 403},
			{"board of the department", board, "/quan-tri/s/dong-nai/phat-ngon/hop-bao", url.Values{"kind": {"conference"}, "held_at": {"2026-03-10T09:00"},
				"spokesperson": {mainSpk}, "topics": {"x"}}, 403},
			{"overseer", overseer, base, nil, 200},
			{"overseer", overseer, base + "/bao-cao?nam=2026", nil, 200},
			{"board", board, base, nil, 200},
		} {
			var p page
			if c.form != nil {
				p = c.b.post(c.path, c.form)
			} else {
				p = c.b.get(c.path)
			}
			if p.status != c.want {
				t.Errorf("%s %s: %d, want %d", c.who, c.path, p.status, c.want)
			}
		}
		for _, path := range []string{base, base + "/bao-cao", base + "/bao-cao.xlsx"} {
			if p := visitor.get(path); p.status == http.StatusOK {
				t.Errorf("a visitor reads %s", path)
			}
		}
		if p := visitor.post(base+"/hop-bao", meeting); p.status == http.StatusSeeOther && strings.HasPrefix(p.location, base) {
			t.Errorf("a visitor records a press conference")
		}
		if n := h.auditCount("spokes.meeting.save"); n != 0 {
			t.Fatalf("refused requests recorded %d meetings", n)
		}

		// The board records.
		send := func(kind string, form url.Values, wantYear int) {
			t.Helper()
			p := board.post(base+"/"+kind, form)
			if want := fmt.Sprintf("%s?nam=%d&luu=1#%s", base, wantYear, kind); p.status != http.StatusSeeOther || p.location != want {
				t.Fatalf("record %s %v: %d %q, want 303 to %s\n%s", kind, form, p.status, p.location, want, p.body)
			}
		}
		send("hop-bao", meeting, 2026)
		send("hop-bao", url.Values{"kind": {"conference"}, "held_at": {"2025-12-14T23:59"}, "spokesperson": {spk}, "topics": {"Tổng kết năm"}}, 2025)
		send("hop-bao", url.Values{"kind": {"briefing"}, "held_at": {"2026-06-01T08:00"}, "spokesperson": {spk}, "topics": {"Giao ban tháng 6"}}, 2026)
		send("su-kien", url.Values{"title": {"Sự cố mất điện diện rộng"}, "received_at": {"2026-07-01T08:00"}, "stated_at": {"2026-07-02T08:00"}}, 2026)
		send("su-kien", url.Values{"title": {"Sạt lở bờ sông"}, "received_at": {"2026-08-10T09:00"}}, 2026)
		send("cau-hoi", url.Values{"asked_at": {"2026-04-01T09:00"}, "outlet": {"Báo Đồng Nai"}, "question": {"Tiến độ?"}, "answered_at": {"2026-04-02T09:00"}}, 2026)
		send("cau-hoi", url.Values{"asked_at": {"2026-12-14T20:00"}, "outlet": {"VTV"}, "question": {"Kế hoạch năm sau?"}}, 2026)
		send("dinh-chinh", url.Values{"dated_at": {"2026-07-20"}, "outlet": {"Báo X"}, "false_info": {"Tin sai về dự án"}, "sent": {"1"}}, 2026)

		// A mistake comes back with its field marked, in Vietnamese.
		p := board.post(base+"/su-kien", url.Values{"title": {"Ngập úng"}, "received_at": {"2026-09-01T10:00"}, "stated_at": {"2026-09-01T09:00"}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Thời điểm phát ngôn không thể trước khi tiếp nhận sự kiện.") ||
			!strings.Contains(p.body, `aria-invalid="true"`) || !strings.Contains(p.body, `value="Ngập úng"`) {
			t.Errorf("statement before the event: %d\n%s", p.status, p.body)
		}
		// Another site's spokesperson is refused by field.
		p = board.post(base+"/hop-bao", url.Values{"kind": {"conference"}, "held_at": {"2026-03-11T09:00"}, "spokesperson": {mainSpk}, "topics": {"x"}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Người phát ngôn không thuộc trang này.") {
			t.Errorf("another site's spokesperson: %d", p.status)
		}

		// The second event's statement, recorded later through its edit form.
		ev := one(`SELECT CAST(id AS TEXT) FROM spokes_events WHERE title = ?`, "Sạt lở bờ sông")
		p = board.get(base + "?nam=2026&sua=su-kien-" + ev)
		if p.status != 200 || !strings.Contains(p.body, `name="id" value="`+ev+`"`) || !strings.Contains(p.body, `value="10/08/2026 09:00"`) {
			t.Fatalf("edit form of the event: %d", p.status)
		}
		send("su-kien", url.Values{"id": {ev}, "title": {"Sạt lở bờ sông"}, "received_at": {"2026-08-10T09:00"}, "stated_at": {"2026-08-12T09:00"}}, 2026)

		// The records page: the deadline in hours, dates in words.
		p = board.get(base + "?nam=2026")
		for _, want := range []string{"Sự cố mất điện diện rộng", "08:00, ngày 2 tháng 7 năm 2026", "Đúng hạn", "Trễ hạn", "ngày 15 tháng 12 năm 2025",
			"ngày 14 tháng 12 năm 2026", "Tin sai về dự án", "Chuyển đổi số"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the records page lacks %q", want)
			}
		}
		if strings.Contains(p.body, "Tổng kết năm") {
			t.Error("the 2026 records list a conference of 14 December 2025")
		}
		if n := h.auditCount("spokes.event.save"); n != 3 {
			t.Errorf("event saves audited: %d, want 3", n)
		}

		// The report of 2026, read by the overseer.
		p = overseer.get(base + "/bao-cao?nam=2026")
		wantFigures := []string{"1", "1", "1/2", "2/2", "1/2", "1/1"}
		for i, want := range wantFigures {
			if cell := fmt.Sprintf(`<td data-figure="%d">%s</td>`, i+1, want); !strings.Contains(p.body, cell) {
				t.Errorf("report figure %d: want %s", i+1, want)
			}
		}
		for _, want := range []string{"ngày 20 tháng 12 năm 2026", "Số cuộc họp báo đã tổ chức", "bao-cao.xlsx?nam=2026"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the report page lacks %q", want)
			}
		}
		if p := overseer.get(base + "/bao-cao?nam=1999"); p.status != http.StatusUnprocessableEntity {
			t.Errorf("year 1999: %d", p.status)
		}

		// The downloads.
		dir := t.TempDir()
		for _, ext := range []string{"xlsx", "docx", "pdf"} {
			f := overseer.get(base + "/bao-cao." + ext + "?nam=2026")
			if f.status != 200 || !strings.Contains(f.header.Get("Content-Disposition"), "bao-cao-phat-ngon-so-khcn-2026."+ext) {
				t.Fatalf("bao-cao.%s: %d %q", ext, f.status, f.header.Get("Content-Disposition"))
			}
			switch ext {
			case "xlsx":
				x, err := excelize.OpenReader(strings.NewReader(f.body))
				if err != nil {
					t.Fatal(err)
				}
				rows, err := x.GetRows(x.GetSheetList()[0])
				if err != nil {
					t.Fatal(err)
				}
				var all []string
				for _, r := range rows {
					all = append(all, strings.Join(r, "|"))
				}
				text := strings.Join(all, "\n")
				for _, want := range []string{"Số cuộc họp báo đã tổ chức|1", "Số lần phát ngôn ban đầu đúng thời hạn / tổng số có thời hạn|1/2",
					"Số văn bản đề nghị cải chính đã gửi / tổng số|1/1", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"} {
					if !strings.Contains(text, want) {
						t.Errorf("the XLSX lacks %q:\n%s", want, text)
					}
				}
			case "docx":
				z, err := zip.NewReader(bytes.NewReader([]byte(f.body)), int64(len(f.body)))
				if err != nil {
					t.Fatalf("the DOCX is no zip: %v", err)
				}
				var doc string
				for _, zf := range z.File {
					if zf.Name == "word/document.xml" {
						rc, err := zf.Open()
						if err != nil {
							t.Fatal(err)
						}
						b, _ := io.ReadAll(rc)
						rc.Close()
						doc = string(b)
					}
				}
				if !strings.Contains(doc, "BÁO CÁO") || !strings.Contains(doc, "Kính gửi: Bộ Văn hóa, Thể thao và Du lịch") {
					t.Errorf("the DOCX lacks its title or addressee")
				}
			case "pdf":
				need(t, "pdftotext", "poppler-utils")
				file := filepath.Join(dir, "bao-cao.pdf")
				if err := os.WriteFile(file, []byte(f.body), 0o644); err != nil {
					t.Fatal(err)
				}
				text := strings.Join(strings.Fields(norm.NFC.String(runTool(t, time.Minute, "pdftotext", file, "-"))), " ")
				for _, want := range []string{"BÁO CÁO", "Kính gửi: Bộ Văn hóa, Thể thao và Du lịch", "Số cuộc họp báo đã tổ chức", "1/2",
					"ngày 14 tháng 12 năm 2026"} {
					if !strings.Contains(text, want) {
						t.Errorf("the PDF's text lacks %q:\n%s", want, text)
					}
				}
			}
		}
	})
}

// TestSpokesQuarterReminderJob: the job mails the board of a site with a
// spokesperson and no press conference this quarter when the quarter
// ends within 15 days, once.
func TestSpokesQuarterReminderJob(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		u := h.person("pn-nhac", account.BoardHead, "so-khcn")
		if _, err := db.Exec(ctx, `UPDATE users SET email = ? WHERE id = ?`, "pn-nhac@dongnai.gov.vn", u.ID); err != nil {
			t.Fatal(err)
		}
		mails := func() int {
			t.Helper()
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE to_addr = ? AND subject LIKE ?`,
				"pn-nhac@dongnai.gov.vn", "Nhắc tổ chức họp báo quý IV năm 2026%").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		run := func(at time.Time) {
			t.Helper()
			h.clock.mu.Lock()
			h.clock.t = at
			h.clock.mu.Unlock()
			r := jobs.New(h.db, discard(), h.clock.Now, "spokes-"+at.Format("150405"))
			h.web.Jobs(r)
			if err := r.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		run(time.Date(2026, 12, 10, 9, 0, 0, 0, vn.ICT)) // 21 days before the quarter ends
		if n := mails(); n != 0 {
			t.Fatalf("reminded 21 days before the end: %d", n)
		}
		run(time.Date(2026, 12, 20, 9, 0, 0, 0, vn.ICT))
		run(time.Date(2026, 12, 21, 9, 0, 0, 0, vn.ICT))
		if n := mails(); n != 1 {
			t.Errorf("reminders to the department's board: %d, want 1", n)
		}
	})
}

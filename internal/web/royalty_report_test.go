package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/royalty"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// TestReportRoyaltyFigures (issue 19, point 5): the "Nhuận bút" section
// of the activity reports — for the department's board (royalty.manage)
// in its site report, linked to its payment lists, in Vietnamese and
// English and in the XLSX; for the overseer in the province's report,
// per site and without links (the lists are the accountant's); never for
// a board member who reads reports but not royalties.
func TestReportRoyaltyFigures(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("tb-rr", account.BoardHead, "so-khcn")
		h.person("tv-rr", account.BoardMember, "so-khcn")
		h.person("gs-rr", account.Overseer, "dong-nai")
		author := h.person("tg-rr", account.Collaborator, "so-khcn")
		head, member, overseer := h.browser(), h.browser(), h.browser()
		head.signIn("tb-rr")
		member.signIn("tv-rr")
		overseer.signIn("gs-rr")

		// One published item on the department and one on the portal,
		// first published in August 2026 (Decree 18/2014, base salary
		// 2,530,000; one unit 253,000).
		item := func(code string, day int) int64 {
			t.Helper()
			var id int64
			if err := db.QueryRow(ctx, `SELECT i.id FROM items i JOIN sites s ON s.id = i.site_id
				WHERE s.code = ? AND i.state = 'published' AND i.kind <> 'legal' ORDER BY i.id LIMIT 1`, code).Scan(&id); err != nil {
				t.Fatalf("a published item of %s: %v", code, err)
			}
			at := time.Date(2026, 8, day, 9, 0, 0, 0, vn.ICT).UTC()
			if _, err := db.Exec(ctx, `UPDATE items SET first_published_at = ?, published_at = ? WHERE id = ?`, at, at, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		dept, portal := item("so-khcn", 10), item("dong-nai", 20)
		rs := royalty.NewStore(db, rules.NewStore(db, h.clock.Now), h.clock.Now)
		by := audit.Actor{Name: "bientap", IP: "local"}
		// The department's (so-khcn), 3 lines, 2 authors:
		//   news, coefficient 5: 5 × 253,000 = 1,265,000: the author
		//     60 % = 759,000, Trần Thị B 40 % = 506,000;
		//   a photo, coefficient 3: 3 × 253,000 = 759,000 to the author.
		//   Total 759,000 + 506,000 + 759,000 = 2,024,000, not paid.
		// The portal's (dong-nai): news, coefficient 4: 4 × 253,000 =
		//   1,012,000 to Lê Văn C, paid.
		outside := royalty.Author{Name: "Trần Thị B", TaxCode: "0312345678"}
		for _, p := range []*royalty.Proposal{
			{ItemID: dept, Works: []*royalty.ProposedWork{{Work: royalty.Work{Kind: "tin", Coefficient: 5000},
				Credits: []royalty.Credit{{Author: royalty.Author{UserID: author.ID}, ShareBP: 6000}, {Author: outside, ShareBP: 4000}}},
				{Work: royalty.Work{Kind: "anh", Coefficient: 3000}, Credits: []royalty.Credit{{Author: royalty.Author{UserID: author.ID}, ShareBP: 10000}}}}},
			{ItemID: portal, Works: []*royalty.ProposedWork{{Work: royalty.Work{Kind: "tin", Coefficient: 4000},
				Credits: []royalty.Credit{{Author: royalty.Author{Name: "Lê Văn C"}, ShareBP: 10000}}}}},
		} {
			if err := rs.Propose(ctx, p, by); err != nil {
				t.Fatal(err)
			}
			if err := rs.Approve(ctx, p.ID, by); err != nil {
				t.Fatal(err)
			}
		}
		aug, _ := report.ParsePeriod("2026-08")
		if n, total, err := rs.MarkPaid(ctx, h.main.ID, aug, by); err != nil || n != 1 || total != 1_012_000 {
			t.Fatalf("the portal's August list paid: %d, %d, %v", n, total, err)
		}

		// The department's board: its report of August, each figure a
		// link to its list (of the month for the month's row).
		site := "/quan-tri/s/so-khcn/bao-cao?ky=2026-08"
		p := head.get(site)
		if p.status != 200 {
			t.Fatalf("site report: %d", p.status)
		}
		sec := royaltySection(t, p.body, "<h2>Nhuận bút</h2>")
		for _, want := range []string{"Đã duyệt, chưa chi (đồng)", "Đã chi (đồng)", "Số tác giả", "Tổng cộng", "2.024.000",
			"Loại tác phẩm: Tin tức, trả lời bạn đọc", "1.265.000", "Loại tác phẩm: Ảnh", "759.000", "Tháng 08/2026",
			`<a href="/quan-tri/s/so-khcn/nhuan-but?ky=2026-08">2.024.000</a>`} {
			if !strings.Contains(sec, want) {
				t.Errorf("the department's royalty figures lack %q:\n%s", want, sec)
			}
		}
		if strings.Contains(sec, "1.012.000") {
			t.Errorf("the department's report counts the portal's royalties")
		}

		// In English.
		u, _ := url.Parse(h.srv.URL)
		head.c.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: "en"}})
		en := royaltySection(t, head.get(site).body, "<h2>Royalties</h2>")
		for _, want := range []string{"Approved, to pay (VND)", "Paid (VND)", "Authors", "Total", "2,024,000", "Kind of work: Photo", "Month 08/2026"} {
			if !strings.Contains(en, want) {
				t.Errorf("the English royalty figures lack %q:\n%s", want, en)
			}
		}
		head.c.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: "vi"}})

		// The XLSX of the site report carries them.
		f := head.get("/quan-tri/s/so-khcn/bao-cao/bao-cao.xlsx?ky=2026-08")
		if f.status != 200 {
			t.Fatalf("bao-cao.xlsx: %d", f.status)
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(f.body)))
		if err != nil {
			t.Fatal(err)
		}
		xrows, _ := x.GetRows(x.GetSheetList()[0])
		x.Close()
		if flat := flatten(xrows); !strings.Contains(flat, "Nhuận bút") || !strings.Contains(flat, "2.024.000") || !strings.Contains(flat, "Đã chi (đồng)") {
			t.Errorf("the report's XLSX lacks the royalty figures:\n%s", flat)
		}

		// A board member reads the report, not the royalties.
		if p := member.get(site); p.status != 200 || strings.Contains(p.body, "<h2>Nhuận bút</h2>") || strings.Contains(p.body, "2.024.000") {
			t.Errorf("a board member (report.read only) sees the royalty figures: %d", p.status)
		}

		// The overseer: the province's report, per site, no link to the
		// lists. Province: approved 2,024,000, paid 1,012,000, 4 lines,
		// 3 authors (the author, Trần Thị B, Lê Văn C).
		p = overseer.get("/quan-tri/bao-cao?ky=2026-08")
		if p.status != 200 {
			t.Fatalf("province report: %d", p.status)
		}
		sec = royaltySection(t, p.body, "<h2>Nhuận bút</h2>")
		for _, want := range []string{"<td>Tổng cộng</td><td>2.024.000</td><td>1.012.000</td><td>0</td><td>4</td><td>3</td>",
			"<td>2.024.000</td><td>0</td><td>0</td><td>3</td><td>2</td>", "<td>0</td><td>1.012.000</td><td>0</td><td>1</td><td>1</td>",
			"Sở Khoa học và Công nghệ"} {
			if !strings.Contains(sec, want) {
				t.Errorf("the province's royalty figures lack %q:\n%s", want, sec)
			}
		}
		if strings.Contains(sec, "/nhuan-but") {
			t.Errorf("the overseer is sent to payment lists he may not open:\n%s", sec)
		}
		if !strings.Contains(overseer.get(site).body, "<h2>Nhuận bút</h2>") {
			t.Errorf("the overseer (oversight.read) does not see the department's royalty figures")
		}
		if p := overseer.get("/quan-tri/s/so-khcn/nhuan-but?ky=2026-08"); p.status != 403 {
			t.Errorf("the overseer opens a payment list: %d", p.status)
		}
	})
}

// royaltySection is the part of body from the heading start to the next h2.
func royaltySection(t *testing.T, body, start string) string {
	t.Helper()
	i := strings.Index(body, start)
	if i < 0 {
		t.Errorf("no %q on the page", start)
		return ""
	}
	rest := body[i+len(start):]
	if j := strings.Index(rest, "<h2"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

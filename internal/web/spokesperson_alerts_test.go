package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// TestSpokespersonDeadlineByDecisionDate: the posting deadline of an
// appointment is the rule in force on the day of its decision, not
// today's. The default deadlines sets change on 1 July 2026: before, Law
// 104/2016's five working days (no rule of its own for spokespersons);
// from then, Decree 244/2026's 24 hours. A decision of 29 June 2026 is
// due five working days later and, posted 30 hours after it, is not late;
// one of 1 July 2026 is due 24 hours later. Read with today's set (24
// hours since July 2026), the first would be due on 30 June and late.
func TestSpokespersonDeadlineByDecisionDate(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		khcn, err := site.NewSites(db, h.clock.Now).ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		at := func(day string, hour int) *time.Time {
			d, err := time.ParseInLocation("2006-01-02", day, vn.ICT)
			if err != nil {
				t.Fatal(err)
			}
			d = d.Add(time.Duration(hour) * time.Hour)
			return &d
		}
		dir := directory.NewStore(db, h.clock.Now)
		for _, sp := range []*directory.Spokesperson{
			// Waiting, decided under Law 104: due at the end of the fifth
			// working day after Monday 29 June, i.e. by midnight 6–7 July.
			{FullName: "Bùi Văn Cũ", Decision: "60/QĐ-SKHCN", DecidedAt: at("2026-06-29", 9), AppointedOn: "2026-07-01"},
			// Waiting, decided under Decree 244: due 24 hours later.
			{FullName: "Bùi Văn Mới", Decision: "61/QĐ-SKHCN", DecidedAt: at("2026-07-01", 9), AppointedOn: "2026-07-01"},
			// Posted 30 hours after a decision made under Law 104: on time.
			{FullName: "Bùi Thị Đúng", Decision: "62/QĐ-SKHCN", DecidedAt: at("2026-06-29", 9), AppointedOn: "2026-07-01",
				PublishedAt: at("2026-06-30", 15)},
			// Posted 30 hours after a decision made under Decree 244: late.
			{FullName: "Bùi Thị Muộn", Decision: "63/QĐ-SKHCN", DecidedAt: at("2026-07-01", 9), AppointedOn: "2026-07-01",
				PublishedAt: at("2026-07-02", 15)},
		} {
			sp.SiteID, sp.Kind, sp.Title = khcn.ID, directory.Regular, "Phó Giám đốc Sở"
			sp.Phone, sp.Email, sp.ValidUntil = "0251 3000 001", "pgd@dongnai.gov.vn", "2026-08-31"
			if err := dir.SaveSpokesperson(ctx, sp, audit.CLI); err != nil {
				t.Fatalf("%s: %v", sp.FullName, err)
			}
		}
		h.person("tb.khcn", account.BoardHead, "so-khcn")
		head := h.browser()
		head.signIn("tb.khcn")
		p := head.get("/quan-tri/s/so-khcn/to-chuc")
		if p.status != 200 {
			t.Fatalf("directory admin = %d\n%.2000s", p.status, p.body)
		}
		dateTime := func(t time.Time) string { return t.Format("15:04") + ", " + vn.DateWords(t) }
		for _, tt := range []struct {
			name     string
			due, not time.Time
		}{
			{"Bùi Văn Cũ", time.Date(2026, 7, 7, 0, 0, 0, 0, vn.ICT), time.Date(2026, 6, 30, 9, 0, 0, 0, vn.ICT)},
			{"Bùi Văn Mới", time.Date(2026, 7, 2, 9, 0, 0, 0, vn.ICT), time.Date(2026, 7, 8, 0, 0, 0, 0, vn.ICT)},
		} {
			alert := regexp.MustCompile(`<li[^>]*>[^<]*<strong>` + tt.name + `</strong>[\s\S]*?</li>`).FindString(p.body)
			if alert == "" {
				t.Errorf("no alert for %s:\n%.4000s", tt.name, p.body)
				continue
			}
			if !strings.Contains(alert, dateTime(tt.due)) || strings.Contains(alert, dateTime(tt.not)) {
				t.Errorf("the alert for %s does not say due %s (the rule in force on its decision's day):\n%s", tt.name, dateTime(tt.due), alert)
			}
		}
		for name, late := range map[string]bool{"Bùi Thị Đúng": false, "Bùi Thị Muộn": true} {
			row := regexp.MustCompile(`<tr><th scope="row">` + name + `[\s\S]*?</tr>`).FindString(p.body)
			if row == "" {
				t.Errorf("no row for %s", name)
				continue
			}
			if got := strings.Contains(row, `class="flag">Đăng trễ hạn`); got != late {
				t.Errorf("%s flagged late = %v; want %v (the rule in force on its decision's day):\n%s", name, got, late, row)
			}
		}
	})
}

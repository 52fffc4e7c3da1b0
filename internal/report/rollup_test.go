package report

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

func TestMonthSplit(t *testing.T) {
	for _, c := range []struct {
		from, to   string
		mFrom, mTo string
		days       [2][2]string
	}{
		{"2026-01-05", "2026-03-11", "2026-02", "2026-03", [2][2]string{{"2026-01-05", "2026-02-01"}, {"2026-03-01", "2026-03-11"}}},
		{"2026-01-01", "2027-01-01", "2026-01", "2027-01", [2][2]string{{"2026-01-01", "2026-01-01"}, {"2027-01-01", "2027-01-01"}}},
		{"2026-11-01", "2026-12-01", "2026-11", "2026-12", [2][2]string{{"2026-11-01", "2026-11-01"}, {"2026-12-01", "2026-12-01"}}},
		{"2026-02-10", "2026-02-21", "", "", [2][2]string{{"2026-02-10", "2026-02-21"}, {"2026-02-21", "2026-02-21"}}},
		{"2026-01-31", "2026-03-01", "2026-02", "2026-03", [2][2]string{{"2026-01-31", "2026-02-01"}, {"2026-03-01", "2026-03-01"}}},
		{"2026-01-31", "2026-02-28", "", "", [2][2]string{{"2026-01-31", "2026-02-28"}, {"2026-02-28", "2026-02-28"}}},
		{"2025-12-25", "2026-02-01", "2026-01", "2026-02", [2][2]string{{"2025-12-25", "2026-01-01"}, {"2026-02-01", "2026-02-01"}}},
	} {
		mFrom, mTo, days := monthSplit(c.from, c.to)
		if mFrom != c.mFrom || mTo != c.mTo || days != c.days {
			t.Errorf("monthSplit(%s, %s) = %s, %s, %v; want %s, %s, %v", c.from, c.to, mFrom, mTo, days, c.mFrom, c.mTo, c.days)
		}
	}
}

// TestViewsFromMonths: the report's view figures, read from the monthly
// sums for whole months and from page_views for the days of partial
// months, are those page_views alone gives, over periods cut anywhere;
// and page_views_month is page_views summed by month, as Counter.Flush
// keeps it.
func TestViewsFromMonths(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := newDataset(t, db)
		sites := []*site.Site{d.main, d.dept, d.comm}
		// Views every third day from 20 December 2025 to the end of
		// 2026, on an item with a section, an item without, a home page
		// and a list, flushed in several batches (a row counted again).
		pages := []struct {
			site *site.Site
			path string
		}{{d.main, "/tin-tuc/bai-1"}, {d.main, "/"}, {d.dept, "/van-ban/bai-6"}, {d.comm, "/"}, {d.main, "/chuyen-muc/tin-tuc"}}
		c := NewCounter()
		day := time.Date(2025, 12, 20, 10, 0, 0, 0, vn.ICT)
		for i := 0; day.Year() < 2027; i++ {
			p := pages[i%len(pages)]
			for range i%5 + 1 {
				c.Add(p.site.ID, p.path, day)
			}
			c.Add(d.main.ID, "/tin-tuc/bai-1", day)
			if i%7 == 0 {
				if err := c.Flush(ctx, db); err != nil {
					t.Fatal(err)
				}
				c.Add(p.site.ID, p.path, day) // the same row again
			}
			day = day.AddDate(0, 0, 3)
		}
		if err := c.Flush(ctx, db); err != nil {
			t.Fatal(err)
		}

		var diff int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM (
			SELECT site_id, substr(day, 1, 7) AS month, item_id, category_id, SUM(views) AS views FROM page_views
				GROUP BY site_id, substr(day, 1, 7), item_id, category_id) d
			FULL JOIN page_views_month m ON m.site_id = d.site_id AND m.month = d.month AND m.item_id = d.item_id AND m.category_id = d.category_id
			WHERE d.views IS NULL OR m.views IS NULL OR d.views <> m.views`).Scan(&diff); err != nil {
			t.Fatal(err)
		}
		if diff != 0 {
			t.Errorf("page_views_month differs from page_views in %d rows", diff)
		}

		r := New(db, func() time.Time { return at(12, 2, 12, 0) })
		for _, v := range []string{"2026-01-05..2026-03-10", "2026-01-01..2026-03-31", "2026-02-10..2026-02-20", "2025-12-25..2026-01-31",
			"2026", "2026-11", "2026-Q1", "2026-03-02..2026-04-01", "2026-10-15..2026-11-20", "2025-12-01..2026-12-31"} {
			p, err := ParsePeriod(v)
			if err != nil {
				t.Fatal(err)
			}
			a, err := r.Activity(ctx, Scope{Sites: sites, Period: p, Province: true})
			if err != nil {
				t.Fatal(err)
			}
			// The same figures from page_views alone.
			from, to := p.dayRange()
			rows, err := db.Query(ctx, `SELECT site_id, item_id, category_id, SUM(views) FROM page_views WHERE day >= ? AND day < ?
				GROUP BY site_id, item_id, category_id`, from, to)
			if err != nil {
				t.Fatal(err)
			}
			total, bySite, byCat, byItem := 0, map[int64]int{}, map[int64]int{}, map[string]int{}
			for rows.Next() {
				var s, i, c int64
				var n int
				if err := rows.Scan(&s, &i, &c, &n); err != nil {
					t.Fatal(err)
				}
				total += n
				bySite[s] += n
				byCat[c] += n
				if i != 0 {
					byItem[fmt.Sprint(i, "@", s)] += n
				}
			}
			rows.Close()
			if total == 0 {
				t.Fatalf("%s: no views in page_views", v)
			}
			if a.Views.Total != total {
				t.Errorf("%s: %d views, page_views %d", v, a.Views.Total, total)
			}
			for _, s := range a.BySite {
				if s.Views != bySite[s.Site.ID] {
					t.Errorf("%s: site %s %d views, page_views %d", v, s.Site.Code, s.Views, bySite[s.Site.ID])
				}
			}
			for _, s := range a.Sections {
				if s.Views != byCat[s.CategoryID] {
					t.Errorf("%s: section %d %d views, page_views %d", v, s.CategoryID, s.Views, byCat[s.CategoryID])
				}
			}
			if len(a.Views.Items) != len(byItem) {
				t.Errorf("%s: %d items read, page_views %d", v, len(a.Views.Items), len(byItem))
			}
			for _, it := range a.Views.Items {
				if n := byItem[fmt.Sprint(it.ItemID, "@", it.SiteID)]; it.Views != n || it.Path == "" {
					t.Errorf("%s: item %d %d views at %q, page_views %d", v, it.ItemID, it.Views, it.Path, n)
				}
			}
		}
	})
}

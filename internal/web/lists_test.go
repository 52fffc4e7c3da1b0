package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// resultCount reads "N kết quả" (with its thousands dots) from a page.
var resultCount = regexp.MustCompile(`(hơn )?([0-9.]+) kết quả`)

func countOn(t *testing.T, p page) string {
	t.Helper()
	m := resultCount.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no count on the page (%d):\n%.2000s", p.status, p.body)
	}
	return m[1] + m[2]
}

// The staff item list filters by title in the database, over all of a
// site's items (not a first page of them), without diacritics if typed
// so, and its count and pages are those of the filter.
func TestItemListFiltersAndPagesInTheDatabase(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		h.person("bt.khcn", account.Editor, "so-khcn")
		fillVolume(t, db, volume{items: 3000, requests: 10, audit: 10}, h.clock.Now())
		b := h.browser()
		b.signIn("bt.khcn")
		var siteID int64
		db.QueryRow(ctx, `SELECT id FROM sites WHERE code = 'so-khcn'`).Scan(&siteID)
		var all int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE site_id = ?`, siteID).Scan(&all)

		// Six items of so-khcn are titled "Luật Cư trú sửa đổi lần N", the
		// oldest changed far past the first page of the list.
		for _, q := range []string{"C%C6%B0+tr%C3%BA", "cu+tru", "CƯ+TRÚ"} {
			p := b.get("/quan-tri/s/so-khcn/noi-dung?q=" + q)
			if got := countOn(t, p); got != "6" {
				t.Errorf("?q=%s: %s results; want 6", q, got)
			}
			for _, n := range []int{17, 517, 1017, 1517, 2017, 2517} {
				if !strings.Contains(p.body, fmt.Sprintf("Luật Cư trú sửa đổi lần %d", n)) {
					t.Errorf("?q=%s does not list Luật Cư trú sửa đổi lần %d", q, n)
				}
			}
		}
		if p := b.get("/quan-tri/s/so-khcn/noi-dung?q=khong+co+tu+nay"); countOn(t, p) != "0" {
			t.Errorf("a title no item has: %s results", countOn(t, p))
		}

		// Without a filter: every item of the site, fifty a page.
		p := b.get("/quan-tri/s/so-khcn/noi-dung")
		if got, want := countOn(t, p), fmt.Sprint(all); got != want {
			t.Errorf("the unfiltered list counts %s; the site has %s items", got, want)
		}
		last := (all + 49) / 50
		if !strings.Contains(p.body, `rel="next"`) {
			t.Error("the first page has no link to the next")
		}
		end := b.get(fmt.Sprintf("/quan-tri/s/so-khcn/noi-dung?trang=%d", last))
		if rows := strings.Count(end.body, "<tr><th scope=\"row\">"); rows != all-(last-1)*50 {
			t.Errorf("the last page (%d) shows %d items; want %d", last, rows, all-(last-1)*50)
		}
		if strings.Contains(end.body, `rel="next"`) || !strings.Contains(end.body, `rel="prev"`) {
			t.Error("the last page's links are wrong")
		}
		// A state filter counts that state only.
		var approval int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE site_id = ? AND state = 'approval'`, siteID).Scan(&approval)
		if got := countOn(t, b.get("/quan-tri/s/so-khcn/noi-dung?trang-thai=approval")); got != fmt.Sprint(approval) {
			t.Errorf("?trang-thai=approval counts %s; want %d", got, approval)
		}
	})
}

// A category pages its items in the database: each page links to the
// next exactly while more items follow.
func TestCategoryPagesToItsEnd(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		fillVolume(t, db, volume{items: 2000, requests: 10, audit: 10}, h.clock.Now())
		var slug string
		var n int
		db.QueryRow(ctx, `SELECT c.slug, COUNT(*) FROM categories c JOIN items i ON i.category_id = c.id
			WHERE c.site_id = ? AND i.live AND i.lang = 'vi' GROUP BY c.slug ORDER BY COUNT(*) DESC LIMIT 1`, h.main.ID).Scan(&slug, &n)
		if n < 41 {
			t.Fatalf("the largest category has %d items; the test needs three pages", n)
		}
		b := h.browser()
		last := (n + 19) / 20
		for page := 1; page <= last+1; page++ {
			p := b.get(fmt.Sprintf("/chuyen-muc/%s?trang=%d", slug, page))
			if p.status != http.StatusOK {
				t.Fatalf("page %d = %d", page, p.status)
			}
			if next := strings.Contains(p.body, `rel="next"`); next != (page < last) {
				t.Errorf("page %d of %d: a link to the next page is %v", page, last, next)
			}
		}
	})
}

// The audit log pages in the database, with how many entries match, and
// filters by action and by site.
func TestAuditLogPagesAndFilters(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		h.person("qt.nhatky", account.Admin, "dong-nai")
		fillVolume(t, db, volume{items: 10, requests: 10, audit: 700}, h.clock.Now())
		b := h.browser()
		b.signIn("qt.nhatky")
		count := func(q string, args ...any) string {
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log`+q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return strings.ReplaceAll(fmt.Sprintf("%d", n), ",", ".")
		}
		p := b.get("/quan-tri/nhat-ky")
		if got, want := countOn(t, p), count(""); got != want {
			t.Errorf("the log counts %s entries; it holds %s", got, want)
		}
		if !strings.Contains(p.body, `rel="next"`) {
			t.Error("no link to the next page")
		}
		// Page two holds the next hundred, older than the first page's.
		var hundredth int64
		db.QueryRow(ctx, `SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET 100`).Scan(&hundredth)
		var target string
		db.QueryRow(ctx, `SELECT target FROM audit_log WHERE id = ?`, hundredth).Scan(&target)
		// The target's cell: the target, then the site's name under it.
		cell := "<td>" + target + "<"
		if p2 := b.get("/quan-tri/nhat-ky?trang=2"); !strings.Contains(p2.body, cell) || strings.Contains(p.body, cell) {
			t.Errorf("entry %d (target %s) is not on page two alone", hundredth, target)
		}
		if got, want := countOn(t, b.get("/quan-tri/nhat-ky?action=login.fail")), count(" WHERE action = 'login.fail'"); got != want {
			t.Errorf("?action=login.fail counts %s; want %s", got, want)
		}
		var khcn int64
		db.QueryRow(ctx, `SELECT id FROM sites WHERE code = 'so-khcn'`).Scan(&khcn)
		if got, want := countOn(t, b.get("/quan-tri/nhat-ky?trang-web=so-khcn")), count(" WHERE site_id = ?", khcn); got != want {
			t.Errorf("?trang-web=so-khcn counts %s; want %s", got, want)
		}
	})
}

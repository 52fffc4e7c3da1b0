package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/vn"
)

// reportData gives the demo portal a few months of work for the charts
// and the dashboard: the province's published items spread over the three
// months before this one and this one, the department's item two months
// back, one answer late and one request overdue, ratings, and page views.
// It returns the period covering those months, as the reports' addresses
// write it (a range of days, so that the chart is drawn per month).
func reportData(t *testing.T, p *staffPortal) string {
	t.Helper()
	ctx := context.Background()
	db := p.db
	now := time.Now().In(vn.ICT)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vn.ICT)
	month := func(back, day, hour int) time.Time { // a moment `back` months before this one
		return first.AddDate(0, -back, day-1).Add(time.Duration(hour) * time.Hour).UTC()
	}
	ids := func(q string, args ...any) []int64 {
		t.Helper()
		rows, err := db.Query(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	site := func(code string) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRow(ctx, `SELECT id FROM sites WHERE code = ?`, code).Scan(&id); err != nil {
			t.Fatalf("site %s: %v", code, err)
		}
		return id
	}
	main, dept := site("dong-nai"), site("so-khcn")

	// Publications: the province's items over four months, the
	// department's one two months back.
	items := ids(`SELECT id FROM items WHERE site_id = ? AND first_published_at IS NOT NULL ORDER BY id`, main)
	if len(items) < 4 {
		t.Fatalf("the demo's province published %d items; want 4 or more", len(items))
	}
	for i, id := range items {
		back := []int{3, 2, 2, 1, 1, 1}[i%6]
		if i >= 6 {
			back = 0 // the rest stay in this month
		}
		at := month(back, 3+2*i, 9)
		if back == 0 {
			at = time.Now().UTC().Add(-time.Duration(i) * time.Hour).Truncate(time.Second)
		}
		exec(`UPDATE items SET first_published_at = ?, published_at = ? WHERE id = ?`, at, at, id)
		exec(`UPDATE transitions SET at = ? WHERE item_id = ? AND action = 'submit'`, at.Add(-time.Duration(2+5*(i%4))*time.Hour), id)
	}
	for _, id := range ids(`SELECT id FROM items WHERE site_id = ? AND first_published_at IS NOT NULL`, dept) {
		at := month(2, 20, 10)
		exec(`UPDATE items SET first_published_at = ?, published_at = ? WHERE id = ?`, at, at, id)
	}

	// Feedback: of the demo's two answered requests one was answered
	// late; the open one is past its deadline.
	answered := ids(`SELECT id FROM feedback_requests WHERE site_id = ? AND answered_at IS NOT NULL ORDER BY id`, main)
	open := ids(`SELECT id FROM feedback_requests WHERE site_id = ? AND answered_at IS NULL ORDER BY id`, main)
	if len(answered) < 2 || len(open) < 1 {
		t.Fatalf("the demo has %d answered and %d open requests; want 2 and 1", len(answered), len(open))
	}
	exec(`UPDATE feedback_requests SET received_at = ?, answer_due = ?, answered_at = ? WHERE id = ?`, month(2, 2, 9), month(2, 23, 10), month(2, 16, 9), answered[0])
	exec(`UPDATE feedback_requests SET received_at = ?, answer_due = ?, answered_at = ? WHERE id = ?`, month(1, 2, 9), month(1, 23, 10), month(1, 27, 9), answered[1])
	exec(`UPDATE feedback_requests SET received_at = ?, answer_due = ? WHERE id = ?`, month(1, 5, 9), month(1, 26, 10), open[0])

	// Readers' ratings: four useful, one not, on the province's first item.
	hour := time.Now().UTC().Truncate(time.Hour)
	for i, useful := range []bool{true, true, true, false, true} {
		exec(`INSERT INTO ratings (site_id, item_id, useful, hour) VALUES (?, ?, ?, ?)`, main, items[0], useful, hour.Add(-time.Duration(i)*time.Hour))
	}

	// Page views, counted the way the server counts them.
	var slug string
	if err := db.QueryRow(ctx, `SELECT slug FROM items WHERE id = ?`, items[0]).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	c := report.NewCounter()
	for i := range 12 {
		c.Add(main, "/tin-tuc/"+slug, month(i%3, 10, 9))
	}
	for range 7 {
		c.Add(main, "/", month(1, 12, 9))
	}
	for range 3 {
		c.Add(dept, "/", month(2, 21, 9))
	}
	if err := c.Flush(ctx, db); err != nil {
		t.Fatal(err)
	}
	last := first.AddDate(0, 1, -1)
	return first.AddDate(0, -3, 0).Format(time.DateOnly) + ".." + last.Format(time.DateOnly)
}

// TestReportDashboardAndSiteReport (issue 18): the Office's overseer
// opens the oversight dashboard over four months, sorts it by a column
// with a click and by another with the keyboard, filters it by kind of
// site, and follows the province's row to its activity report, whose
// chart of publications has bars and its table of figures, and whose
// feedback chart shows the answers on time and late. Both pages at 320
// and 1280 px: no wider than the screen, Vietnamese throughout, axe 0
// violations. CONG_DOCS_IMG, when set, receives the dashboard at 1280 px
// for docs/reports.md.
func TestReportDashboardAndSiteReport(t *testing.T) {
	p := startStaffPortal(t)
	period := reportData(t, p)
	dir := screenshotDir(t)
	bctx := Start(t)
	office := p.signIn(t, bctx, "giamsat")

	// The dashboard over the period.
	if st := openPage(t, office, p.URL+"/quan-tri/giam-sat?ky="+period); st != 200 {
		t.Fatalf("the dashboard = %d", st)
	}
	text := eval[string](t, office, `document.querySelector("main").innerText`)
	for _, want := range []string{"Giám sát các trang thông tin", "Đăng gần nhất", "Tin, bài trong kỳ", "Phản ánh quá hạn", "Mức hài lòng",
		"Sở Khoa học và Công nghệ", "80% (4/5)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dashboard lacks %q:\n%s", want, text)
		}
	}
	rowOf := func(code string) []string { // the cells of a site's row
		return eval[[]string](t, office, `Array.from((document.querySelector('table.oversight tbody a[href^="/quan-tri/s/`+code+`/"]') || {closest: () => ({cells: []})}).closest("tr").cells).map(c => c.innerText.trim())`)
	}
	if r := rowOf("dong-nai"); len(r) != 8 || r[4] != "1" || r[7] != "19" {
		t.Errorf("the province's row: %q; want 1 request overdue and 19 views", r)
	}
	mergeLook(t, office, dir, "oversight")

	// Sort by items published, with a click: largest last, then the
	// other way round.
	order := func() []string {
		return eval[[]string](t, office, `Array.from(document.querySelectorAll("table.oversight tbody th a")).map(a => a.textContent)`)
	}
	sortState := func(col string) string {
		return eval[string](t, office, `(h => h ? h.getAttribute("aria-sort") : "")(document.querySelector('table.oversight th a[href*="sap-xep=`+col+`"]').closest("th"))`)
	}
	published := func() []string {
		return eval[[]string](t, office, `Array.from(document.querySelectorAll("table.oversight tbody tr")).map(r => r.cells[2].innerText.trim())`)
	}
	if st := followClick(t, office, chromedp.Click(chromedp.CSS(`table.oversight th a[href*="sap-xep=dang"]`))); st != 200 {
		t.Fatalf("sort = %d", st)
	}
	if s := sortState("dang"); s != "ascending" {
		t.Errorf("after a click on the column, aria-sort = %q", s)
	}
	if n := published(); len(n) == 0 || n[len(n)-1] == "0" {
		t.Errorf("sorted up by items published: %q", n)
	}
	if st := followClick(t, office, chromedp.Click(chromedp.CSS(`table.oversight th a[href*="sap-xep=dang"]`))); st != 200 {
		t.Fatalf("sort down = %d", st)
	}
	if s, n := sortState("dang"), published(); s != "descending" || len(n) == 0 || n[0] == "0" {
		t.Errorf("a second click: aria-sort %q, items %q", s, n)
	}
	if o := order(); len(o) == 0 || o[0] != "Ủy ban nhân dân tỉnh Đồng Nai" {
		t.Errorf("sorted down by items published, the province is not first: %q", o)
	}

	// Sort by views with the keyboard: Tab to the column's title, Enter.
	const onViews = `document.activeElement.matches('table.oversight th a[href*="sap-xep=luot-xem"]')`
	for i := 0; i < 200 && !eval[bool](t, office, onViews); i++ {
		do(t, office, chromedp.KeyEvent(kb.Tab))
	}
	if !eval[bool](t, office, onViews) {
		t.Fatal("Tab never reached the title of the views column")
	}
	if _, err := chromedp.RunResponse(office, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter on the views column: %v", err)
	}
	if s := sortState("luot-xem"); s != "ascending" {
		t.Errorf("after Enter on the views column, aria-sort = %q (%s)", s, eval[string](t, office, `location.search`))
	}
	if q := eval[string](t, office, `location.search`); !strings.Contains(q, "ky="+period) {
		t.Errorf("sorting lost the period: %s", q)
	}

	// Filter by kind: the departments, then the province's own portal.
	do(t, office, chromedp.SetValue(chromedp.ID("loai"), "department"))
	if st := followClick(t, office, chromedp.Click(chromedp.CSS(`main form[method="get"] button[type="submit"]`))); st != 200 {
		t.Fatalf("filter = %d", st)
	}
	if o := order(); len(o) != 1 || o[0] != "Sở Khoa học và Công nghệ tỉnh Đồng Nai" {
		t.Errorf("filtered on departments: %q", o)
	}
	if r := rowOf("so-khcn"); len(r) != 8 || r[2] != "1" || r[7] != "3" {
		t.Errorf("the department's row: %q; want 1 item and 3 views", r)
	}
	mergeLook(t, office, dir, "oversight-departments")
	do(t, office, chromedp.SetValue(chromedp.ID("loai"), "portal"))
	followClick(t, office, chromedp.Click(chromedp.CSS(`main form[method="get"] button[type="submit"]`)))
	if o := order(); len(o) != 1 {
		t.Fatalf("filtered on portals: %q", o)
	}

	// Follow the row to the site's report.
	if st := followClick(t, office, chromedp.Click(chromedp.CSS(`table.oversight tbody th a`))); st != 200 {
		t.Fatalf("the site's report = %d", st)
	}
	if got := eval[string](t, office, `location.pathname + location.search`); got != "/quan-tri/s/dong-nai/bao-cao?ky="+period {
		t.Errorf("the row leads to %s", got)
	}
	text = eval[string](t, office, `document.querySelector("main").innerText`)
	for _, want := range []string{"Báo cáo hoạt động", "Thông tin được đăng", "Phản ánh, kiến nghị của người dân", "Lượt truy cập", "Tải về"} {
		if !strings.Contains(text, want) {
			t.Errorf("the site's report lacks %q:\n%s", want, text)
		}
	}
	type chart struct {
		Bars, Rows, Months int
		Label              string
	}
	c := eval[chart](t, office, `(() => {
		const svg = document.querySelector("figure.chart-box svg.chart");
		const rows = Array.from(document.querySelectorAll("figure.chart-box + details table tbody tr"));
		const label = svg ? Array.from((svg.getAttribute("aria-labelledby") || "").split(" ")).map(id => (document.getElementById(id) || {}).textContent || "").join(" — ") : "";
		return {Bars: svg ? Array.from(svg.querySelectorAll("rect.bar")).filter(r => parseFloat(r.getAttribute("height")) > 0).length : -1,
			Rows: rows.length, Months: rows.filter(r => r.cells[1].textContent !== "0").length, Label: label};
	})()`)
	if c.Bars < 3 || c.Rows != 4 || c.Months < 3 || c.Label == "" {
		t.Errorf("the chart of publications: %+v; want bars in 3 months or more, a table of 4 months and a name", c)
	}
	fb := eval[[]string](t, office, `Array.from(document.querySelectorAll("#kien-nghi ~ dl.facts")).slice(0, 1).flatMap(dl => Array.from(dl.querySelectorAll("dd")).map(d => d.textContent.trim()))`)
	if len(fb) < 5 || fb[1] != "1" || fb[2] != "1" || !strings.HasPrefix(fb[4], "1") {
		t.Errorf("the feedback figures (received, on time, late, open, overdue): %q", fb)
	}
	if n := eval[int](t, office, `document.querySelectorAll("svg.chart rect.bar-ok, svg.chart rect.bar-late").length`); n < 2 {
		t.Errorf("the feedback chart has %d bars on time or late; want 2", n)
	}
	mergeLook(t, office, dir, "site-report")

	// The dashboard at 1280 px for docs/reports.md (CONG_DOCS_IMG=path).
	if out := os.Getenv("CONG_DOCS_IMG"); out != "" {
		openPage(t, office, p.URL+"/quan-tri/giam-sat?ky="+period+"&sap-xep=dang&chieu=giam")
		do(t, office, chromedp.EmulateViewport(1280, 900))
		png, err := chromedp.Run(office, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("docs image %s", filepath.Clean(out))
	}
}

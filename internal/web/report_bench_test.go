package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/web"
)

// BenchmarkProvinceYearReport asks for the province's activity report of
// the current year, its downloads and the oversight dashboard of the same
// year (issue 18, "proof point"), signed in as an administrator, over a
// real HTTP listener with the page cache off, on SQLite and PostgreSQL,
// with a province's data:
//
//   - the news corpus of ../shared/corpus (about 13,800 articles,
//     imported as `cong import news` does), spread over
//     reportBenchSites new sites (communes and departments) beside the
//     demo's, the articles the import dated today spread over the days
//     of the year so far;
//   - reportBenchViews rows in page_views (one per site, day and path,
//     written in multi-row INSERTs in one transaction), spread over the
//     sites, the days of the year so far and each site's pages (its home
//     page, a section and its articles), and their sums per month in
//     page_views_month, which report.Counter.Flush keeps beside them.
//
// The set-up (minutes: the import) is outside the timer and done once per
// database; each page is a sub-benchmark. Beside ns/op each reports:
//
//   - heap-before-B, peak-heap-B: runtime.MemStats.HeapInuse after a GC
//     before the requests, and its highest value sampled every 10 ms
//     during them (server and client are one process);
//   - peak-rss-B: the process's resident memory (/proc/self/statm), its
//     highest value sampled likewise (0 where there is no /proc);
//   - alloc-B/op: TotalAlloc's growth per request; cpu-ms/op as in the
//     corpus benchmarks; size-B: the answer's length.
//
// The "plain" sub-benchmark is a bare handler writing the report page's
// bytes over the same kind of listener, the yardstick of
// docs/performance.md.
//
//	go test ./internal/web -run '^$' -bench ProvinceYearReport -benchtime 3x -timeout 60m
//
// It is reported by testenv.Missing when the corpus is not there; the
// postgres sub-benchmark when storetest's PostgreSQL cannot be reached.
func BenchmarkProvinceYearReport(b *testing.B) {
	news := filepath.Join(corpusDir(b), "news.jsonl")
	benchBackends(b, func(b *testing.B, backend string, db *store.DB) {
		start := time.Now()
		f := newReportBenchFixture(b, db, news)
		b.Logf("%s: fixture built in %s", backend, time.Since(start).Round(time.Second))
		year := f.year
		pages := []struct{ name, path, want string }{
			{"report", "/quan-tri/bao-cao?ky=" + year, "text/html"},
			{"report.xlsx", "/quan-tri/bao-cao/bao-cao.xlsx?ky=" + year, "spreadsheetml"},
			{"report.docx", "/quan-tri/bao-cao/bao-cao.docx?ky=" + year, "wordprocessingml"},
			{"report.pdf", "/quan-tri/bao-cao/bao-cao.pdf?ky=" + year, "application/pdf"},
			{"oversight", "/quan-tri/giam-sat?ky=" + year, "text/html"},
		}
		var html []byte
		for _, p := range pages {
			b.Run(p.name, func(b *testing.B) {
				body := f.benchGet(b, p.path, p.want)
				if p.name == "report" {
					html = body
				}
			})
		}
		if html != nil {
			b.Run("plain", func(b *testing.B) { benchPlain(b, html) })
		}
	})
}

const (
	reportBenchSites = 100
	reportBenchViews = 1_000_000
)

// reportBenchFixture is a portal with the corpus, the sites and the page
// counters, behind a listener, and an administrator's session.
type reportBenchFixture struct {
	ts     *httptest.Server
	client *http.Client
	cookie *http.Cookie
	year   string
}

func newReportBenchFixture(b *testing.B, db *store.DB, news string) *reportBenchFixture {
	b.Helper()
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		b.Fatal(err)
	}
	sites := site.NewSites(db, time.Now)
	main, err := sites.Main(ctx)
	if err != nil {
		b.Fatal(err)
	}

	// The corpus on the main portal, as `cong import news` files it.
	start := time.Now()
	if _, err := importInto(ctx, db, main, "news", news); err != nil {
		b.Fatal(err)
	}
	b.Logf("corpus imported in %s", time.Since(start).Round(time.Second))

	// The sites: communes and departments, by path.
	var ids []int64
	for i := range reportBenchSites {
		st := &site.Site{Code: fmt.Sprintf("xa-%03d", i+1), Kind: site.Commune, Name: fmt.Sprintf("Ủy ban nhân dân xã Thử Nghiệm %03d", i+1),
			Workflow: "short", PostCheckHours: 24}
		if i%4 == 3 {
			st.Code, st.Kind, st.Name, st.Workflow = fmt.Sprintf("so-%03d", i+1), site.Department, fmt.Sprintf("Sở Thử Nghiệm %03d", i+1), "full"
		}
		st.PathPrefix = "/" + st.Code
		if err := sites.Create(ctx, st, audit.CLI); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, st.ID)
	}

	// The corpus spread over them, and the articles the import dated
	// now (the corpus gives no date for most) over the year so far.
	now := time.Now().In(vn.ICT)
	yearStart := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vn.ICT)
	days := int(now.Sub(yearStart).Hours()/24) + 1
	type article struct {
		id, cat int64
		slug    string
	}
	var all []article
	rows, err := db.Query(ctx, `SELECT id, COALESCE(category_id, 0), slug, first_published_at FROM items
		WHERE site_id = ? AND source_id <> '' AND kind = 'article' AND lang = 'vi' ORDER BY id`, main.ID)
	if err != nil {
		b.Fatal(err)
	}
	var dated []int64 // the items first published this year
	for rows.Next() {
		var a article
		var first time.Time
		if err := rows.Scan(&a.id, &a.cat, &a.slug, &first); err != nil {
			b.Fatal(err)
		}
		all = append(all, a)
		if !first.Before(yearStart) {
			dated = append(dated, a.id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if len(all) < 10000 {
		b.Fatalf("%d corpus articles after the import, not the corpus", len(all))
	}
	thisYear := map[int64]bool{}
	for _, id := range dated {
		thisYear[id] = true
	}
	paths := make(map[int64][]article, len(ids)) // per site: its pages, item 0 for a list
	for _, id := range ids {
		paths[id] = []article{{slug: "/"}, {slug: "/chuyen-muc/tin-tuc-su-kien"}}
	}
	start = time.Now()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for i, a := range all {
			siteID := ids[i%len(ids)]
			if thisYear[a.id] {
				at := yearStart.Add(time.Duration(i%days)*24*time.Hour + time.Duration(7+i%11)*time.Hour).UTC()
				if _, err := tx.Exec(ctx, `UPDATE items SET site_id = ?, first_published_at = ?, published_at = ? WHERE id = ?`,
					siteID, at, at, a.id); err != nil {
					return err
				}
			} else if _, err := tx.Exec(ctx, `UPDATE items SET site_id = ? WHERE id = ?`, siteID, a.id); err != nil {
				return err
			}
			a.slug = (&content.Item{Kind: content.Article, Lang: "vi", Slug: a.slug}).URL()
			paths[siteID] = append(paths[siteID], a)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d articles spread over %d sites (%d dated over the %d days of %d so far) in %s", len(all), len(ids), len(dated), days,
		now.Year(), time.Since(start).Round(time.Second))

	// The page counters: reportBenchViews rows, site after site, day
	// after day, each (site, day) on consecutive pages of the site.
	start = time.Now()
	const batch = 1000
	var total int64
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var sb strings.Builder
		args := make([]any, 0, 6*batch)
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			_, err := tx.Exec(ctx, sb.String(), args...)
			sb.Reset()
			args = args[:0]
			return err
		}
		for k := range reportBenchViews {
			siteID := ids[k%len(ids)]
			r := k / len(ids)
			day, j := r%days, r/days
			ps := paths[siteID]
			p := ps[(j+day*3)%len(ps)]
			n := int64(1 + (k*7919)%(40+160/(j+1)))
			total += n
			if len(args) == 0 {
				sb.WriteString(`INSERT INTO page_views (site_id, day, path, item_id, category_id, views) VALUES `)
			} else {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?)")
			args = append(args, siteID, yearStart.AddDate(0, 0, day).Format(time.DateOnly), p.slug, p.id, p.cat, n)
			if len(args) == 6*batch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		// Their monthly sums, which report.Counter.Flush keeps beside
		// them, as migration 038 fills them.
		_, err := tx.Exec(ctx, `INSERT INTO page_views_month (site_id, month, item_id, category_id, views)
			SELECT site_id, substr(day, 1, 7), item_id, category_id, SUM(views) FROM page_views
			GROUP BY site_id, substr(day, 1, 7), item_id, category_id`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var months int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM page_views_month`).Scan(&months); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d page_views rows (%d views), %d page_views_month rows, written in %s", reportBenchViews, total, months, time.Since(start).Round(time.Second))
	if db.Dialect == store.Postgres {
		// What autovacuum would have done by now on a running server.
		if _, err := db.Exec(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}

	// The portal, page cache off, and an administrator's session.
	srv, err := web.New(ctx, web.Options{DB: db, Log: discard(), MediaDir: b.TempDir(), PageCacheBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	users := account.NewUsers(db, time.Now)
	u, err := users.Create(ctx, account.NewUser{Username: "bench-quantri", FullName: "Người quản trị", Password: testPassword}, audit.CLI)
	if err != nil {
		b.Fatal(err)
	}
	// The province's report and the dashboard are oversight.read, which
	// only the Office's overseers hold (account/matrix.go): the
	// administrator holds both roles, as a provincial IT officer would.
	for _, role := range []account.Role{account.Admin, account.Overseer} {
		if err := users.Grant(ctx, u.ID, main.ID, role, audit.CLI); err != nil {
			b.Fatal(err)
		}
	}
	if u, err = users.ByID(ctx, u.ID); err != nil {
		b.Fatal(err)
	}
	token, err := account.NewSessions(db, time.Now).Create(ctx, u.ID, false, "127.0.0.1", "bench")
	if err != nil {
		b.Fatal(err)
	}
	// An administrator must have a second factor: enrolled as the
	// enrolment page does, which marks the session as having passed it.
	key, err := account.NewTOTPKey("Cổng", u)
	if err != nil {
		b.Fatal(err)
	}
	code, err := totp.GenerateCode(key.Secret(), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := users.EnrollTOTP(ctx, account.Enrolment{User: u, Secret: key.Secret(), Code: code, Session: token, IP: "127.0.0.1"}); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	b.Cleanup(client.CloseIdleConnections)
	return &reportBenchFixture{ts: ts, client: client, cookie: &http.Cookie{Name: "cong_session", Value: token}, year: strconv.Itoa(now.Year())}
}

// get asks for path as the administrator.
func (f *reportBenchFixture) get(path string) (*http.Response, []byte, error) {
	req, err := http.NewRequest("GET", f.ts.URL+path, nil)
	if err != nil {
		return nil, nil, err
	}
	req.AddCookie(f.cookie)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// benchGet checks that path answers 200 with a Content-Type holding want,
// then asks for it b.N times, sampling the memory; it returns the first
// answer's body.
func (f *reportBenchFixture) benchGet(b *testing.B, path, want string) []byte {
	resp, body, err := f.get(path)
	if err != nil {
		b.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), want) {
		b.Fatalf("%s answers %d %s:\n%.500s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if want == "text/html" && !bytes.Contains(body, []byte("Thử Nghiệm 100")) {
		b.Fatalf("%s does not list the last site", path)
	}
	run := func() {
		for i := 0; i < b.N; i++ {
			resp, _, err := f.get(path)
			if err != nil {
				b.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("%s answers %d", path, resp.StatusCode)
			}
		}
	}
	sampleMemory(b, func() {
		defer web.CPUPerOp(b)()
		run()
	})
	b.ReportMetric(float64(len(body)), "size-B") // after CPUPerOp's ResetTimer, which drops the metrics reported
	return body
}

// benchPlain serves body from a bare handler over a listener, b.N times.
func benchPlain(b *testing.B, body []byte) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	defer ts.Close()
	client := &http.Client{}
	defer client.CloseIdleConnections()
	sampleMemory(b, func() {
		defer web.CPUPerOp(b)()
		for i := 0; i < b.N; i++ {
			resp, err := client.Get(ts.URL)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

// sampleMemory runs fn, sampling HeapInuse and the resident memory every
// 10 ms, and reports them as merge_bench_test.go does.
func sampleMemory(b *testing.B, fn func()) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak, peakRSS := before.HeapInuse, residentBytes()
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				peakRSS = max(peakRSS, residentBytes())
			}
		}
	}()
	fn()
	close(stop)
	<-sampled
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapInuse)
	b.ReportMetric(float64(before.HeapInuse), "heap-before-B")
	b.ReportMetric(float64(peak), "peak-heap-B")
	b.ReportMetric(float64(peakRSS), "peak-rss-B")
	if b.N > 0 {
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N), "alloc-B/op")
	}
}

// residentBytes is the process's resident memory, 0 where /proc is not.
func residentBytes() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(fields[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/merge"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/web"
)

// BenchmarkMergeCorpus merges a site holding the news corpus of
// ../shared/corpus (about 14,000 articles, imported as `cong import news
// --site so-khcn` does, with their search entries) into the main portal,
// as `cong site merge dong-nai so-khcn` does, on SQLite and PostgreSQL,
// while readers keep asking the receiving site's pages over a real HTTP
// listener (issue 17, "Benchmarks"). The import is set-up, outside the
// timer; the timer covers the merge alone. It reports:
//
//   - merge-s: the merge's wall time;
//   - heap-before-B, peak-heap-B: runtime.MemStats.HeapInuse after a GC
//     before the merge, and its highest value sampled every 10 ms during
//     it; alloc-B: TotalAlloc's growth during the merge. The readers and
//     the server run in the same process, so these include their work;
//   - reqs, errors: the requests mergeBenchReaders readers answered
//     during the merge, in a loop over the home page, an article and the
//     legal-documents list of the receiving site (page cache off: each
//     one reads the database), and those not answered 200;
//   - p50-ms, p99-ms, max-ms: their latency; base-p50-ms, base-p99-ms:
//     the same readers' for 3 s just before the merge, without it.
//
// After the merge every item the merged site held must be on the
// receiving site and a corpus article must answer there. The whole run
// takes minutes (the import), so run it once:
//
//	go test ./internal/web -run '^$' -bench MergeCorpus -benchtime 1x -timeout 30m
//
// It is reported by testenv.Missing when the corpus is not there; the
// postgres sub-benchmark when storetest's PostgreSQL cannot be reached.
func BenchmarkMergeCorpus(b *testing.B) {
	news := filepath.Join(corpusDir(b), "news.jsonl")
	benchBackends(b, func(b *testing.B, _ string, db *store.DB) {
		// One merge whatever b.N: the second would find nothing left
		// to move, and a new import per iteration takes minutes.
		runMergeBench(b, db, news)
	})
}

// mergeBenchReaders is the number of goroutines asking for pages during
// the merge.
const mergeBenchReaders = 4

func runMergeBench(b *testing.B, db *store.DB, news string) {
	ctx := context.Background()
	b.StopTimer()

	// The demo installation, and the corpus in the department's site.
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		b.Fatal(err)
	}
	sites := site.NewSites(db, time.Now)
	target, err := sites.ByCode(ctx, "dong-nai")
	if err != nil {
		b.Fatal(err)
	}
	dept, err := sites.ByCode(ctx, "so-khcn")
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	changed, err := importInto(ctx, db, dept, "news", news)
	if err != nil {
		b.Fatal(err)
	}
	imported := time.Since(start)
	start = time.Now()
	if err := search.New(db, time.Now).Refresh(ctx, changed...); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d corpus items imported into %s in %s, indexed in %s", len(changed), dept.Code,
		imported.Round(time.Second), time.Since(start).Round(time.Second))

	// What the merged site holds, to find on the receiving site after.
	var ids []int64
	rows, err := db.Query(ctx, `SELECT id FROM items WHERE site_id = ? ORDER BY id`, dept.ID)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if len(ids) < 10000 {
		b.Fatalf("the department holds %d items after the import, not the corpus", len(ids))
	}
	var corpusItem int64 // a corpus article, to read on the receiving site after
	if err := db.QueryRow(ctx, `SELECT MAX(id) FROM items WHERE site_id = ? AND source_id <> '' AND kind = 'article' AND lang = 'vi'`,
		dept.ID).Scan(&corpusItem); err != nil {
		b.Fatal(err)
	}

	// The portal behind a real listener, page cache off.
	srv, err := web.New(ctx, web.Options{DB: db, Log: discard(), MediaDir: b.TempDir(), PageCacheBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	var article string
	if err := db.QueryRow(ctx, `SELECT slug FROM items WHERE site_id = ? AND kind = 'article' AND lang = 'vi' AND live = TRUE
		ORDER BY id LIMIT 1`, target.ID).Scan(&article); err != nil {
		b.Fatal(err)
	}
	pages := []string{"/", (&content.Item{Kind: content.Article, Lang: "vi", Slug: article}).URL(), "/van-ban"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: mergeBenchReaders}, Timeout: 2 * time.Minute}
	defer client.CloseIdleConnections()
	get := func(path string) (int, error) {
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, err
	}
	for _, p := range pages { // warm: templates, connections, and a check
		if code, err := get(p); err != nil || code != http.StatusOK {
			b.Fatalf("%s before the merge: %d %v", p, code, err)
		}
	}

	// The same readers for 3 s without a merge, for comparison; then the
	// readers and the heap sampler from the merge's start to its end.
	baseStop := make(chan struct{})
	time.AfterFunc(3*time.Second, func() { close(baseStop) })
	base := readLoad(pages, get, baseStop)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := before.HeapInuse
	stop := make(chan struct{})
	during := make(chan readStats)
	go func() { during <- readLoad(pages, get, stop) }()
	sampled := make(chan struct{})
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
			}
		}
	}()

	m := merge.New(db, sites, merge.Options{Mail: srv.Mail()})
	b.StartTimer()
	t0 := time.Now()
	plan, err := m.Run(ctx, merge.Order{Target: target.Code, Sources: []string{dept.Code}, Mode: merge.Move, DecisionNo: "1/QĐ"}, audit.CLI)
	took := time.Since(t0)
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	close(stop)
	load := <-during
	<-sampled
	peak = max(peak, after.HeapInuse)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s in %s", plan.Summary(), took.Round(time.Millisecond))

	// Every item the merged site held is the receiving site's.
	var left, moved int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE site_id = ?`, dept.ID).Scan(&left); err != nil {
		b.Fatal(err)
	}
	for chunk := range slices.Chunk(ids, 500) {
		args := []any{target.ID}
		for _, id := range chunk {
			args = append(args, id)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE site_id = ? AND id IN (`+store.Placeholders(len(chunk))+`)`,
			args...).Scan(&n); err != nil {
			b.Fatal(err)
		}
		moved += n
	}
	if left != 0 || moved != len(ids) {
		b.Fatalf("after the merge: %d of %d items on %s, %d left on %s", moved, len(ids), target.Code, left, dept.Code)
	}
	// and answers there, at the address the merge gave it.
	var slug string
	if err := db.QueryRow(ctx, `SELECT slug FROM items WHERE id = ?`, corpusItem).Scan(&slug); err != nil {
		b.Fatal(err)
	}
	p := (&content.Item{Kind: content.Article, Lang: "vi", Slug: slug}).URL()
	if code, err := get(p); err != nil || code != http.StatusOK {
		b.Fatalf("%s on the receiving site after the merge: %d %v", p, code, err)
	}

	if load.firstErr != "" {
		b.Logf("first failed request during the merge: %s", load.firstErr)
	}
	b.Logf("without a merge: %d requests in 3 s, %d errors, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
		len(base.lats), base.failures, base.pct(0.5), base.pct(0.99), base.pct(1))
	b.ReportMetric(took.Seconds(), "merge-s")
	b.ReportMetric(float64(before.HeapInuse), "heap-before-B")
	b.ReportMetric(float64(peak), "peak-heap-B")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc), "alloc-B")
	b.ReportMetric(float64(len(load.lats)), "reqs")
	b.ReportMetric(float64(load.failures), "errors")
	b.ReportMetric(load.pct(0.50), "p50-ms")
	b.ReportMetric(load.pct(0.99), "p99-ms")
	b.ReportMetric(load.pct(1), "max-ms")
	b.ReportMetric(base.pct(0.50), "base-p50-ms")
	b.ReportMetric(base.pct(0.99), "base-p99-ms")
}

// readStats are the requests of a readLoad.
type readStats struct {
	lats     []time.Duration // sorted
	failures int             // not answered 200
	firstErr string
}

// pct is the latency at quantile q (0–1) in milliseconds.
func (s readStats) pct(q float64) float64 {
	if len(s.lats) == 0 {
		return 0
	}
	return float64(s.lats[min(len(s.lats)-1, int(q*float64(len(s.lats))))]) / float64(time.Millisecond)
}

// readLoad has mergeBenchReaders goroutines get pages in turn until stop
// is closed.
func readLoad(pages []string, get func(string) (int, error), stop <-chan struct{}) readStats {
	var (
		mu  sync.Mutex
		out readStats
		wg  sync.WaitGroup
	)
	for r := range mergeBenchReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lats []time.Duration
			var failures int
			var firstErr string
			for i := r; ; i++ {
				select {
				case <-stop:
					mu.Lock()
					out.lats = append(out.lats, lats...)
					out.failures += failures
					if out.firstErr == "" {
						out.firstErr = firstErr
					}
					mu.Unlock()
					return
				default:
				}
				p := pages[i%len(pages)]
				t0 := time.Now()
				code, err := get(p)
				lats = append(lats, time.Since(t0))
				if (err != nil || code != http.StatusOK) && failures == 0 {
					firstErr = fmt.Sprintf("%s: %d %v", p, code, err)
				}
				if err != nil || code != http.StatusOK {
					failures++
				}
			}
		}()
	}
	wg.Wait()
	slices.Sort(out.lats)
	return out
}

// Command search measures the search index (issue 5, point 7): it builds
// a corpus of N documents by recombining the titles and paragraphs of
// ../shared/corpus/news.jsonl, indexes it on SQLite or PostgreSQL, then
// times two-word queries through search.Index.Search (the public search:
// count, candidates, common ranking, snippets) and, beside them, a naive
// LIKE scan over the same rows for the ratio.
//
//	go run ./bench/search -db sqlite -n 100000
//	go run ./bench/search -db postgres -n 1000000 -pg postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
//	go run ./bench/search -db sqlite -real     # the corpus itself, as `cong import` would index it
//
// It writes one line of figures to stdout. It is a program, not a test,
// so `go test ./...` never runs it.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/search/searchcorpus"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

func main() {
	dbKind := flag.String("db", "sqlite", "sqlite or postgres")
	n := flag.Int("n", 100000, "documents to generate")
	corpus := flag.String("corpus", "../shared/corpus/news.jsonl", "the news corpus")
	pg := flag.String("pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server (the database -pgdb is made on it)")
	pgDB := flag.String("pgdb", "cong_bench_search", "PostgreSQL database the benchmark makes (dropped first) or, with -reuse, reads")
	explain := flag.String("explain", "", "PostgreSQL: write to this file the statements of the median, p90, p99 and slowest queries with their EXPLAIN (ANALYZE, BUFFERS)")
	dir := flag.String("dir", "", "SQLite folder (default: a temporary one, removed after)")
	queries := flag.Int("queries", 300, "two-word queries to time")
	likeQueries := flag.Int("like", 20, "queries to time with the LIKE scan (0: none)")
	realCorpus := flag.Bool("real", false, "index the corpus itself (legal.jsonl and news.jsonl as `cong import` stores them) instead of -n generated documents")
	reuse := flag.Bool("reuse", false, "query the index already built (SQLite: in -dir; PostgreSQL: cong_bench_search), without indexing")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	useMirror := flag.Bool("mirror", false, "PostgreSQL: hold the index's words in memory (Index.UseMirror) and answer from them; the time to read them and the heap they take are printed")
	phases := flag.Bool("phases", false, "print where the timed queries' wall time went: from each statement's start to the next one's (or to the end of the search), by statement, and the statements a search ran")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()

	titles, paras := readCorpus(*corpus)
	db := open(ctx, *dbKind, *pg, *pgDB, *dir, *reuse)
	defer db.Close()
	ix := search.New(db, time.Now)

	// Indexing.
	rng := rand.New(rand.NewPCG(1, 2))
	const batch = 1000
	var realDocs []search.Doc
	if *realCorpus {
		var err error
		if realDocs, err = searchcorpus.Docs(filepath.Dir(*corpus)); err != nil {
			log.Fatal(err)
		}
		*n = len(realDocs)
	}
	var textBytes int64
	start := time.Now()
	// As cong search reindex does (Index.PutAll): a batch is generated and
	// prepared while the one before is written.
	next := 0
	err := ix.PutAll(ctx, func() ([]search.Doc, error) {
		if *reuse || next >= *n {
			return nil, nil
		}
		var docs []search.Doc
		if *realCorpus {
			docs = realDocs[next:min(*n, next+batch)]
		} else {
			docs = generate(rng, next, min(*n, next+batch), titles, paras)
		}
		for _, d := range docs {
			textBytes += int64(len(d.Title) + len(d.Body))
		}
		next += len(docs)
		return docs, nil
	}, func(done int) {
		if (done/batch-1)%50 == 0 {
			log.Printf("indexed %d (%.0f docs/s)", done, float64(done)/time.Since(start).Seconds())
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	indexSecs := time.Since(start).Seconds()
	start = time.Now()
	if err := ix.Optimize(ctx); err != nil {
		log.Fatal(err)
	}
	optimizeSecs := time.Since(start).Seconds()
	if *reuse {
		for range *n { // the same random stream as when indexing, for the same queries
			rng.IntN(3)
		}
		indexSecs = 0
	}

	// Two-word queries: adjacent words of real titles, half of them
	// typed without diacritics.
	qs := make([]string, 0, *queries)
	for len(qs) < *queries {
		ws := strings.Fields(strings.Map(func(r rune) rune {
			if strings.ContainsRune(`,.:;!?"'“”‘’()[]-–—/`, r) {
				return ' '
			}
			return r
		}, titles[rng.IntN(len(titles))]))
		if len(ws) < 2 {
			continue
		}
		i := rng.IntN(len(ws) - 1)
		q := strings.ToLower(ws[i] + " " + ws[i+1])
		if len(qs)%2 == 1 {
			q = vn.Fold(q)
		}
		qs = append(qs, q)
	}
	if *useMirror {
		waitMirror(ctx, ix)
	}
	for _, q := range qs[:min(20, len(qs))] { // warm the caches
		search1(ctx, ix, q)
	}
	type timed struct {
		q string
		d time.Duration
	}
	var lat []timed
	var hits int
	ph := newPhases(db, *phases)
	for _, q := range qs {
		t := time.Now()
		ph.begin(t)
		total := search1(ctx, ix, q)
		ph.end()
		lat = append(lat, timed{q, time.Since(t)})
		if total > 0 {
			hits++
		}
	}
	ph.print(len(qs))
	slices.SortFunc(lat, func(a, b timed) int { return int(a.d - b.d) })
	med, p99 := lat[len(lat)/2].d, lat[len(lat)*99/100].d
	if *explain != "" {
		var picked []string
		for _, i := range []int{len(lat) / 2, len(lat) * 9 / 10, len(lat) * 99 / 100, len(lat) - 1} {
			picked = append(picked, fmt.Sprintf("%s (%s)", lat[i].q, ms(lat[i].d)))
		}
		explainQueries(ctx, db, ix, picked, *explain)
	}

	// The naive scan: every row's title and body folded by LIKE.
	var likeMed time.Duration
	if *likeQueries > 0 {
		var ll []time.Duration
		for _, q := range qs[:min(*likeQueries, len(qs))] {
			t := time.Now()
			like(ctx, db, q)
			ll = append(ll, time.Since(t))
		}
		slices.Sort(ll)
		likeMed = ll[len(ll)/2]
	}
	what := "generated"
	if *realCorpus {
		what = "corpus"
	}
	fmt.Printf("%s n=%d (%s, %.0f MB of text): indexing %.0f docs/s (%.1f s, then %.1f s to optimize); %d two-word queries (%d with results): median %s, p99 %s; LIKE scan median %s (%.0f× slower)\n",
		db.Dialect, *n, what, float64(textBytes)/1e6, float64(*n)/indexSecs, indexSecs, optimizeSecs, len(qs), hits, ms(med), ms(p99), ms(likeMed), float64(likeMed)/float64(max(med, 1)))
}

// generate makes documents from..to-1 of the generated corpus: a real
// title and two to four real paragraphs each, published some time in
// 2017–2019, spread over 20 sites.
func generate(rng *rand.Rand, from, to int, titles, paras []string) []search.Doc {
	day := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]search.Doc, 0, to-from)
	for i := from; i < to; i++ {
		var body strings.Builder
		for k := 0; k < 2+rng.IntN(3); k++ {
			body.WriteString(paras[rng.IntN(len(paras))])
			body.WriteByte('\n')
		}
		pub := day.Add(time.Duration(rng.IntN(3*365*24)) * time.Hour)
		docs = append(docs, search.Doc{ItemID: int64(i + 1), SiteID: int64(1 + i%20), Kind: "article", Live: true,
			State: "published", Title: titles[rng.IntN(len(titles))], Body: body.String(),
			URL: fmt.Sprintf("/tin-tuc/bai-%d", i+1), SourceID: fmt.Sprintf("gen-%d", i+1), PublishedAt: &pub})
	}
	return docs
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func search1(ctx context.Context, ix *search.Index, q string) int {
	res, err := ix.Search(ctx, search.Parse(q), search.Filter{})
	if err != nil {
		log.Fatalf("%q: %v", q, err)
	}
	return res.Total
}

// like is the naive search a portal without an index would run: both
// words anywhere in the title or body, case-insensitively, newest first.
func like(ctx context.Context, db *store.DB, q string) {
	ws := strings.Fields(q)
	rows, err := db.Query(ctx, `SELECT item_id FROM search_docs WHERE live = TRUE
		AND lower(title || ' ' || body) LIKE ? AND lower(title || ' ' || body) LIKE ?
		ORDER BY published_at DESC LIMIT 10`, "%"+ws[0]+"%", "%"+ws[1]+"%")
	if err != nil {
		log.Fatal(err)
	}
	for rows.Next() {
	}
	rows.Close()
}

// explainQueries runs each query (written "text (time)") again, records
// the statements Search runs, and writes each with the plan EXPLAIN
// (ANALYZE, BUFFERS) gives it to file.
func explainQueries(ctx context.Context, db *store.DB, ix *search.Index, picked []string, file string) {
	type stmt struct {
		query string
		args  []any
	}
	var b strings.Builder
	for _, p := range picked {
		q := p[:strings.LastIndex(p, " (")]
		var mu sync.Mutex
		var stmts []stmt
		stop := db.Trace(func(query string, args []any) {
			mu.Lock()
			stmts = append(stmts, stmt{query, slices.Clone(args)})
			mu.Unlock()
		})
		search1(ctx, ix, q)
		stop()
		fmt.Fprintf(&b, "=== query %q, timed %s\n", q, p[len(q)+1:])
		for _, s := range stmts {
			if q := strings.TrimSpace(s.query); !strings.HasPrefix(q, "SELECT") && !strings.HasPrefix(q, "WITH") || strings.Contains(s.query, "search_terms") || strings.Contains(s.query, "pg_class") {
				continue
			}
			fmt.Fprintf(&b, "\n-- %s\n-- args: %v\n", strings.Join(strings.Fields(s.query), " "), s.args)
			if db.Dialect != store.Postgres {
				continue
			}
			rows, err := db.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+s.query, s.args...)
			if err != nil {
				log.Fatal(err)
			}
			for rows.Next() {
				var line string
				rows.Scan(&line)
				b.WriteString(line + "\n")
			}
			rows.Close()
		}
		b.WriteString("\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

func readCorpus(path string) (titles, paras []string) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatalf("%v (run from the module root, next to ../shared)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct{ Title, Body string }
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		if t := strings.TrimSpace(r.Title); t != "" && len(t) < 200 {
			titles = append(titles, t)
		}
		for _, p := range strings.Split(r.Body, "\n") {
			if p = strings.TrimSpace(p); len(p) > 80 && len(p) < 800 {
				paras = append(paras, p)
			}
		}
	}
	return titles, paras
}

func open(ctx context.Context, kind, pg, pgDB, dir string, reuse bool) *store.DB {
	var db *store.DB
	var err error
	switch kind {
	case "sqlite":
		if dir == "" {
			if dir, err = os.MkdirTemp("", "cong-bench-search-"); err != nil {
				log.Fatal(err)
			}
			defer func() { log.Printf("SQLite database in %s (remove it when done)", filepath.Join(dir, "cong.db")) }()
		}
		db, err = store.Open(ctx, "", dir)
	case "postgres":
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			log.Fatal(err)
		}
		if !reuse {
			if _, err := admin.Exec("DROP DATABASE IF EXISTS " + pgDB + " WITH (FORCE)"); err != nil {
				log.Fatal(err)
			}
			if _, err := admin.Exec("CREATE DATABASE " + pgDB); err != nil {
				log.Fatal(err)
			}
		}
		admin.Close()
		u := pg[:strings.LastIndex(pg[:strings.IndexByte(pg+"?", '?')], "/")] + "/" + pgDB
		if i := strings.IndexByte(pg, '?'); i >= 0 {
			u += pg[i:]
		}
		db, err = store.Open(ctx, u, "")
		if err != nil {
			log.Fatal(err)
		}
	default:
		log.Fatalf("-db sqlite or postgres, not %q", kind)
	}
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	return db
}

// waitMirror has ix read its words into memory and waits until it
// answers from them, printing how long that took and the heap it holds.
func waitMirror(ctx context.Context, ix *search.Index) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	ix.UseMirror(nil)
	for {
		ok, err := ix.MirrorReady(ctx)
		if err != nil {
			log.Fatal(err)
		}
		if ok {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("mirror: read in %.1f s, %.0f MB of heap\n", took.Seconds(), float64(after.HeapAlloc-before.HeapAlloc)/1e6)
}

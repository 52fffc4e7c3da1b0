// Command bigdata fills a portal's database with N generated items — a
// province's portal after many years of publishing — so that every page
// can be measured at that size (issue 12, point 1): several sites with
// their categories, items of every kind (legal documents with their
// metadata and relations), revisions, workflow history, the audit log,
// post-publication checks, citizen requests with their timelines, and the
// search index the search pages read.
//
//	/tmp/cong serve --demo --data /tmp/big      # once, then stop it (or let this program fill the demo)
//	go run ./bench/bigdata -data /tmp/big -n 1000000
//	createdb -h 127.0.0.1 -U postgres big
//	go run ./bench/bigdata -database 'postgres://postgres@127.0.0.1:5432/big?sslmode=disable' -data /tmp/big-pg -n 1000000
//
// The database is migrated first, as `cong migrate` does, and the demo
// filled when it has no main portal yet. The text comes from
// ../shared/corpus at run time (titles, paragraphs and legal texts
// recombined); nothing of it is kept in this repository. Rows go many to
// a statement in large transactions, with the ids chosen here, so a
// million items take minutes. Running it again adds N more.
//
// It is a program, not a test: `go test ./...` never runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"

	"github.com/congportal/cong/bench/internal/machine"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bigdata:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	dataDir  string
	dbURL    string
	n        int
	corpus   string
	feedback int
	batch    int
	search   bool
	seed     uint64
}

func run() error {
	var o options
	flag.StringVar(&o.dataDir, "data", "", "data folder: the SQLite file, and where demo-logins.txt is written")
	flag.StringVar(&o.dbURL, "database", "", "postgres://… to fill PostgreSQL instead of SQLite in -data")
	flag.IntVar(&o.n, "n", 1_000_000, "items to generate")
	flag.StringVar(&o.corpus, "corpus", "../shared/corpus", "folder of news.jsonl and legal.jsonl (read at run time)")
	flag.IntVar(&o.feedback, "feedback", -1, "citizen requests to generate (default: n/50)")
	flag.IntVar(&o.batch, "batch", 5000, "items per transaction")
	flag.BoolVar(&o.search, "search", true, "fill the search index too (false: leave it; `cong search reindex` builds it later)")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same data")
	flag.Parse()
	if o.dataDir == "" && o.dbURL == "" {
		return errors.New("give -data DIR (SQLite) or -database postgres://…")
	}
	if o.feedback < 0 {
		o.feedback = o.n / 50
	}
	if o.dataDir == "" {
		dir, err := os.MkdirTemp("", "cong-bigdata-")
		if err != nil {
			return err
		}
		o.dataDir = dir
	}
	if err := os.MkdirAll(o.dataDir, 0o750); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	db, err := store.Open(ctx, o.dbURL, o.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := fillDemo(ctx, db, o.dataDir); err != nil {
		return err
	}
	fmt.Printf("database %s (%s); load average %s\n", db.Location, db.Dialect, machine.LoadAvg())

	t0 := time.Now()
	text, err := readCorpus(o.corpus)
	if err != nil {
		return err
	}
	fmt.Printf("corpus read in %s: %d titles, %d paragraphs, %d legal texts\n",
		since(t0), len(text.titles), len(text.paras), len(text.legal))

	t0 = time.Now()
	sites, err := structure(ctx, db)
	if err != nil {
		return err
	}
	fmt.Printf("%d sites with their categories ready in %s\n", len(sites), since(t0))

	g, err := newGenerator(ctx, db, text, sites, rand.New(rand.NewPCG(o.seed, uint64(time.Now().UnixNano()))))
	if err != nil {
		return err
	}
	ix := search.New(db, time.Now)
	var rep report
	start := time.Now()
	for done := 0; done < o.n; {
		k := min(o.batch, o.n-done)
		b := g.batch(k)
		t := time.Now()
		if err := b.write(ctx, db); err != nil {
			return err
		}
		rep.content += time.Since(t)
		if o.search {
			t = time.Now()
			if err := ix.Put(ctx, b.docs); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
			rep.search += time.Since(t)
		}
		done += b.count
		rep.rows += b.rows
		if done/50_000 != (done-b.count)/50_000 || done == o.n {
			fmt.Printf("  %d/%d items (%.0f items/s; content %s, search index %s)\n", done, o.n,
				float64(done)/time.Since(start).Seconds(), rep.content.Round(time.Second), rep.search.Round(time.Second))
		}
	}
	t := time.Now()
	fbRows, err := g.feedback(ctx, db, o.feedback, o.batch)
	if err != nil {
		return err
	}
	rep.feedback = time.Since(t)
	t = time.Now()
	if o.search {
		if err := ix.Optimize(ctx); err != nil {
			return fmt.Errorf("search optimize: %w", err)
		}
	}
	if err := finish(ctx, db); err != nil {
		return err
	}
	rep.finish = time.Since(t)
	fmt.Printf("%d items (%d rows) and %d citizen requests (%d rows) in %s: content %s, search index %s, requests %s, finishing %s; load average %s\n",
		o.n, rep.rows, o.feedback, fbRows, since(start), rep.content.Round(time.Second), rep.search.Round(time.Second),
		rep.feedback.Round(time.Second), rep.finish.Round(time.Second), machine.LoadAvg())
	return nil
}

// report adds up where the time went.
type report struct {
	content, search, feedback, finish time.Duration
	rows                              int
}

// fillDemo fills the demo sites and accounts into a database without a
// main portal, as `cong serve --demo` does, and keeps the logins in
// DIR/demo-logins.txt.
func fillDemo(ctx context.Context, db *store.DB, dir string) error {
	logins, err := demo.Fill(ctx, db, time.Now)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(logins) == 0 {
		return nil
	}
	var b strings.Builder
	for _, l := range logins {
		fmt.Fprintf(&b, "  %-24s tên đăng nhập: %-12s mật khẩu: %s\n", l.Role, l.Username, l.Password)
	}
	path := filepath.Join(dir, "demo-logins.txt")
	fmt.Printf("demo filled; logins in %s\n", path)
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// finish leaves the database as a running portal would find it: on
// PostgreSQL the identity sequences past the ids chosen here and fresh
// planner statistics and the visibility map (autovacuum would make them within minutes); on
// SQLite the write-ahead log folded back into the file.
func finish(ctx context.Context, db *store.DB) error {
	if db.Dialect == store.Postgres {
		for _, t := range []string{"items", "revisions", "feedback_requests"} {
			if _, err := db.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
				return fmt.Errorf("sequence of %s: %w", t, err)
			}
		}
		// VACUUM too, as autovacuum would after the inserts: it marks the
		// pages all-visible, so that counts read the indexes alone.
		_, err := db.Exec(ctx, `VACUUM ANALYZE`)
		return err
	}
	_, err := db.Exec(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

// Command searchload measures the public search under concurrent load
// with two nodes on PostgreSQL (issue 21, point 4): 64 clients for 60 s
// against GET /api/v1/search, with throughput, latency, errors and the
// servers' CPU per query.
//
//	go run ./bench/searchload -rev HEAD             # 100,000 documents, 64 clients, 60 s
//	go run ./bench/searchload -n 2000 -d 10s        # a quick try
//	go run ./bench/searchload -rev HEAD -keep       # keep the loaded database, then
//	go run ./bench/searchload -rev HEAD -reuse cong_searchload_PID [-keep]   # measure it again
//	go run ./bench/searchload -pg-sample -profile /tmp/node1.prof            # and where the time goes
//
// Run it from the module root, next to ../shared. It
//
//  1. creates a fresh database cong_searchload_PID on -pg and builds
//     `cong` once into a temporary folder, from the working tree or, with
//     -rev, from a commit (the shared working tree may hold others'
//     unfinished edits);
//  2. makes the main portal (`cong site add --main`) and loads -n news
//     articles generated like bench/search's — a real title, summary and
//     category of ../shared/corpus/news.jsonl with two to four real
//     paragraphs — written as JSON lines in the corpus's format and loaded
//     by `cong import news` (-import-procs processes at once, each given
//     the titles of its own slugs so that they never race for a slug; a
//     record one of them still skipped is imported again alone), plus the
//     233 laws of legal.jsonl (`cong import legal`); the import indexes
//     what it loads. It runs ANALYZE on items every 10 s during the
//     import and VACUUM (ANALYZE) on the whole database after it, as
//     autovacuum (off on some servers) or Index.Optimize would;
//  3. starts two `cong serve` on free 127.0.0.1 ports against that
//     database, with one data folder (and so one secret key), and waits
//     until both answer a search;
//  4. runs -c clients (goroutines with their own http.Client and
//     keep-alive connections) for -d, each alternating between the two
//     nodes, each request a query drawn (-seed) from two- and three-word
//     phrases of real titles (some without diacritics) and the numbers of
//     the laws in several typings; every answer must be 200 with JSON
//     holding a results array;
//  5. reads the CPU time of both nodes and of PostgreSQL before and
//     after, from /proc: the postmaster's own, its reaped children's
//     (backends that ended, parallel workers) and its live children's,
//     so the figure holds the whole server's work (run it on a machine
//     where nothing else uses PostgreSQL); the backends of the database
//     that lived through the run are also given apart, with the number of
//     connections opened meanwhile (pg_stat_database.sessions); then it
//     prints the figures and a Markdown table row for docs/search.md.
//
// It stops the nodes, drops the database and removes its folders when it
// ends, also on failure or Ctrl+C (with -keep, it keeps the database and
// its data folder, which holds the secret key, for -reuse), and exits 1
// if any request failed.
// It is a program, not a test, so `go test ./...` never runs it.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/congportal/cong/bench/internal/machine"
)

// options are the command's flags.
type options struct {
	n, clients, importProcs int
	d, warmup               time.Duration
	seed                    uint64
	pg, corpus              string
	legal, keep, pgSample   bool
	queries                 int
	profile, rev, reuse     string
	built                   string // what was built, for the report
	loadStart               string // the load average when the program started
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 100000, "news articles to generate and load")
	flag.DurationVar(&o.d, "d", 60*time.Second, "how long the clients run")
	flag.IntVar(&o.clients, "c", 64, "concurrent clients")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the generated documents and of the queries")
	flag.StringVar(&o.pg, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server on this machine (a database cong_searchload_PID is made on it and dropped after)")
	flag.StringVar(&o.corpus, "corpus", "../shared/corpus", "folder of news.jsonl and legal.jsonl")
	flag.BoolVar(&o.legal, "legal", true, "also load the laws of legal.jsonl (their numbers are among the queries)")
	flag.IntVar(&o.importProcs, "import-procs", 3, "`cong import news` processes run at once")
	flag.IntVar(&o.queries, "queries", 2000, "distinct queries the clients draw from")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "load before the measured run (checked, not measured)")
	flag.StringVar(&o.profile, "profile", "", "write a CPU profile of the first node over the run to this file, and its heap after the run to FILE.heap (go tool pprof)")
	flag.BoolVar(&o.pgSample, "pg-sample", false, "sample the statements PostgreSQL runs for the database every 50 ms, and print the commonest")
	flag.StringVar(&o.rev, "rev", "", "build cong from this commit (git archive) instead of the working tree, which others may be editing")
	flag.BoolVar(&o.keep, "keep", false, "keep the database and its data folder for a later -reuse instead of dropping them")
	flag.StringVar(&o.reuse, "reuse", "", "measure the database kept by an earlier -keep instead of loading a new one (dropped after unless -keep)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) (err error) {
	o.loadStart = machine.LoadAvg()
	if _, err := os.Stat("cmd/cong"); err != nil {
		return errors.New("run it from the module root (go run ./bench/searchload)")
	}
	if err := checkLocal(o.pg); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cong-searchload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// The corpus and the queries first: a missing corpus fails before
	// anything is built or made.
	src, err := readCorpus(o.corpus, o.legal)
	if err != nil {
		return err
	}
	queries := makeQueries(src, o.queries, o.seed)

	cong := filepath.Join(tmp, "cong")
	built, err := buildCong(ctx, o.rev, tmp, cong)
	if err != nil {
		return err
	}

	admin, err := sql.Open("pgx", o.pg)
	if err != nil {
		return err
	}
	defer admin.Close()
	dbName := fmt.Sprintf("cong_searchload_%d", os.Getpid())
	if o.reuse != "" {
		dbName = o.reuse
	} else if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+dbName); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	dbURL := withDB(o.pg, dbName)
	// The data folder holds the secret key, whose fingerprint the
	// database records: it is kept with the database.
	data := filepath.Join(os.TempDir(), dbName+"-data")
	defer func() {
		if o.keep {
			logf("database %s and data folder %s kept: measure them again with -reuse %s (add -keep to keep them again)", dbName, data, dbName)
			return
		}
		// A fresh context: the run's may be cancelled (Ctrl+C).
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, derr := admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+dbName+" WITH (FORCE)"); derr != nil {
			logf("drop database %s: %v", dbName, derr)
			if err == nil {
				err = derr
			}
		} else {
			logf("database %s dropped", dbName)
		}
		_ = os.RemoveAll(data)
	}()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()

	c := &congCmd{bin: cong, dbURL: dbURL, data: data, dir: tmp}
	var ld *loaded
	if o.reuse != "" {
		ld, err = reused(ctx, db)
	} else {
		ld, err = load(ctx, c, db, src, o)
	}
	if err != nil {
		return err
	}

	var pprofAddr string
	if o.profile != "" {
		port, err := freePort()
		if err != nil {
			return err
		}
		pprofAddr = fmt.Sprintf("127.0.0.1:%d", port)
	}
	nodes, err := startNodes(ctx, c, 2, pprofAddr)
	defer stopNodes(nodes)
	if err != nil {
		return err
	}
	pgm, err := pgMonitor(ctx, admin, dbName)
	if err != nil {
		return err
	}
	var diag diagnostics
	if o.profile != "" {
		diag.profile = func(d time.Duration) func() error {
			wait := profileNode(ctx, pprofAddr, d, o.profile)
			return func() error {
				if err := wait(); err != nil {
					return err
				}
				return heapProfile(ctx, pprofAddr, o.profile+".heap")
			}
		}
	}
	if o.pgSample {
		diag.sample = func() (*pgSampler, func()) { return samplePG(ctx, db, dbName) }
	}
	res, err := measure(ctx, o, nodes, queries, pgm, diag)
	if err != nil {
		return err
	}
	o.built = built
	report(o, ld, nodes, res)
	if res.errors > 0 {
		return fmt.Errorf("%d of %d requests failed", res.errors, res.requests+res.errors)
	}
	return nil
}

// buildCong builds cmd/cong into bin, from the working tree or, with
// rev, from that commit exported into dir/src; it says what it built.
func buildCong(ctx context.Context, rev, dir, bin string) (string, error) {
	src := "."
	commit, _ := exec.CommandContext(ctx, "git", "rev-parse", "--short=10", firstNonEmpty(rev, "HEAD")).Output() // #nosec G204 -- the operator's -rev, as an argument, not through a shell
	built := strings.TrimSpace(string(commit))
	if rev != "" {
		src = filepath.Join(dir, "src")
		if err := os.MkdirAll(src, 0o750); err != nil {
			return "", err
		}
		// #nosec G204 -- the operator's -rev and this program's folder, as positional arguments of a fixed script
		export := exec.CommandContext(ctx, "sh", "-c", `git archive --format=tar "$1" | tar -x -C "$2"`, "sh", rev, src)
		export.Stderr = os.Stderr
		if err := export.Run(); err != nil {
			return "", fmt.Errorf("git archive %s: %w", rev, err)
		}
	} else {
		dirty, _ := exec.CommandContext(ctx, "git", "status", "--porcelain", "--", "cmd", "internal", "go.mod", "go.sum").Output()
		if len(dirty) > 0 {
			built += " with the working tree's uncommitted changes"
		}
	}
	logf("building cong (%s)", built)
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/cong") // #nosec G204 -- into this program's temporary folder
	build.Dir = src
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/cong: %w", err)
	}
	return built, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// checkLocal refuses a PostgreSQL server elsewhere: the CPU figures are
// read from this machine's /proc, and the load stays on 127.0.0.1.
func checkLocal(pg string) error {
	u, err := url.Parse(pg)
	if err != nil {
		return fmt.Errorf("-pg: %w", err)
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return nil
	}
	return fmt.Errorf("-pg: %s is not this machine (127.0.0.1)", u.Hostname())
}

// withDB is the URL pg with its database replaced by name.
func withDB(pg, name string) string {
	u, err := url.Parse(pg)
	if err != nil {
		return pg
	}
	u.Path = "/" + name
	return u.String()
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

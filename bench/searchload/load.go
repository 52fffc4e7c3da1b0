package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/bench/internal/machine"
)

// client is one of the concurrent clients: its own http.Client (so its
// own keep-alive connections, one to each node) and its own queries.
type client struct {
	http  *http.Client
	rng   *rand.Rand
	next  int // the node of its next request
	stats stats
}

// stats are what the clients saw.
type stats struct {
	lat         []time.Duration
	errors      int
	errSamples  []string
	errKinds    map[string]int // errors by status or kind
	withResults int
	perNode     [2]int
	slowest     []slowQuery
}

type slowQuery struct {
	q    string
	node int
	d    time.Duration
}

func (s *stats) add(o stats) {
	s.lat = append(s.lat, o.lat...)
	s.errors += o.errors
	s.errSamples = append(s.errSamples, o.errSamples...)
	for k, v := range o.errKinds {
		if s.errKinds == nil {
			s.errKinds = map[string]int{}
		}
		s.errKinds[k] += v
	}
	s.withResults += o.withResults
	for i := range s.perNode {
		s.perNode[i] += o.perNode[i]
	}
	s.slowest = append(s.slowest, o.slowest...)
	slices.SortFunc(s.slowest, func(a, b slowQuery) int { return int(b.d - a.d) })
	s.slowest = s.slowest[:min(len(s.slowest), 5)]
}

// result is the measured run.
type result struct {
	stats
	requests      int // answered correctly
	warmRequests  int
	warmErrors    int
	elapsed       time.Duration
	nodeCPU       []time.Duration
	pgAll, pgDB   time.Duration
	self          time.Duration
	loadBefore    string
	loadAfter     string
	rss           []string
	logs          []logSummary
	queries       int
	started       time.Time
	clients       int
	warmupElapsed time.Duration
	pgSamples     *pgSampler
	newSessions   int64   // connections opened to the database during the run
	fromMemory    []int64 // per node, searches of the run answered from the words in memory; -1: none held
}

// diagnostics are started with the measured run when asked for.
type diagnostics struct {
	profile func(time.Duration) func() error // starts a CPU profile; the result waits for it
	sample  func() (*pgSampler, func())      // starts sampling PostgreSQL; the func stops it
}

// measure runs the clients for the warm-up, then for the measured run,
// reading the CPU times around the latter.
func measure(ctx context.Context, o options, nodes []*node, queries []string, pg *pgCPU, diag diagnostics) (*result, error) {
	clients := make([]*client, o.clients)
	for i := range clients {
		clients[i] = &client{
			http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
				MaxIdleConnsPerHost: 1, IdleConnTimeout: 5 * time.Minute}},
			rng:  rand.New(rand.NewPCG(o.seed, uint64(1000+i))), // #nosec G404 -- queries reproducible from -seed
			next: i % len(nodes),
		}
	}
	res := &result{queries: len(queries), clients: o.clients}
	var warm stats // its errors count; its latencies do not
	if o.warmup > 0 {
		logf("warm-up: %d clients for %s", o.clients, o.warmup)
		w, el := phase(ctx, clients, nodes, queries, o.warmup)
		res.warmRequests, res.warmErrors, res.warmupElapsed = len(w.lat), w.errors, el
		warm = stats{errors: w.errors, errSamples: w.errSamples, errKinds: w.errKinds}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	res.loadBefore = machine.LoadAvg()
	cpu0 := make([]time.Duration, len(nodes))
	for i, n := range nodes {
		cpu0[i] = cpuOf(n.pid())
	}
	mem0 := make([]int64, len(nodes))
	for i, n := range nodes {
		mem0[i] = memoryAnswers(ctx, n)
	}
	pgAll0, pgDB0 := pg.read()
	sessions0 := pg.sessions(ctx)
	self0 := selfCPU()
	res.started = time.Now().UTC()
	logf("run: %d clients for %s against %s and %s; load average %s", o.clients, o.d, nodes[0].base, nodes[1].base, res.loadBefore)
	var profiled func() error
	if diag.profile != nil {
		profiled = diag.profile(o.d)
	}
	var stopSampling func()
	if diag.sample != nil {
		res.pgSamples, stopSampling = diag.sample()
	}
	st, el := phase(ctx, clients, nodes, queries, o.d)
	if stopSampling != nil {
		stopSampling()
	}
	res.elapsed = el
	for i, n := range nodes {
		res.nodeCPU = append(res.nodeCPU, cpuOf(n.pid())-cpu0[i])
	}
	for i, n := range nodes {
		m := memoryAnswers(ctx, n)
		if m >= 0 && mem0[i] >= 0 {
			m -= mem0[i]
		}
		res.fromMemory = append(res.fromMemory, m)
	}
	pgAll1, pgDB1 := pg.read()
	res.pgAll, res.pgDB = pgAll1-pgAll0, pgDB1-pgDB0
	if sessions0 >= 0 {
		res.newSessions = pg.sessions(ctx) - sessions0
	}
	res.self = selfCPU() - self0
	res.loadAfter = machine.LoadAvg()
	if profiled != nil {
		if err := profiled(); err != nil {
			logf("CPU profile: %v", err)
		} else {
			logf("CPU profile of %s written to %s", nodes[0].name, o.profile)
		}
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("interrupted: %w", ctx.Err())
	}
	res.stats = st
	res.stats.add(warm)
	res.requests = len(st.lat)
	slices.Sort(res.lat)
	for _, n := range nodes {
		if n.exited() {
			res.errors++
			res.errSamples = append(res.errSamples, n.name+" ended during the run:\n"+logTail(n.log, 20))
			res.rss = append(res.rss, "?")
			continue
		}
		res.rss = append(res.rss, rss(n.pid()))
	}
	for _, n := range nodes {
		res.logs = append(res.logs, readLog(n.log))
	}
	return res, nil
}

// phase runs every client for d and returns what they saw, with the
// time until the last answer came.
func phase(ctx context.Context, clients []*client, nodes []*node, queries []string, d time.Duration) (stats, time.Duration) {
	start := time.Now()
	end := start.Add(d)
	var wg sync.WaitGroup
	for _, c := range clients {
		c.stats = stats{lat: make([]time.Duration, 0, 4096)}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) && ctx.Err() == nil {
				c.one(ctx, nodes, queries)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all stats
	for _, c := range clients {
		all.add(c.stats)
	}
	return all, elapsed
}

// answer is the part of the API's answer that is checked.
type answer struct {
	Total   *int              `json:"total"`
	Results *[]map[string]any `json:"results"`
}

// one sends a query to the client's next node and checks the answer.
func (c *client) one(ctx context.Context, nodes []*node, queries []string) {
	q := queries[c.rng.IntN(len(queries))]
	ni := c.next
	c.next = (c.next + 1) % len(nodes)
	fail := func(kind, format string, args ...any) {
		c.stats.errors++
		if c.stats.errKinds == nil {
			c.stats.errKinds = map[string]int{}
		}
		c.stats.errKinds[kind]++
		if len(c.stats.errSamples) < 3 {
			c.stats.errSamples = append(c.stats.errSamples, fmt.Sprintf("%s, q=%q: ", nodes[ni].name, q)+fmt.Sprintf(format, args...))
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, nodes[ni].base+"/api/v1/search?q="+url.QueryEscape(q), nil)
	if err != nil {
		fail("request", "%v", err)
		return
	}
	t := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			fail("transport", "%v", err)
		}
		return
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	d := time.Since(t)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			fail("transport", "reading the answer: %v", err)
		}
		return
	case resp.StatusCode != http.StatusOK:
		fail(resp.Status, "%s: %.300s", resp.Status, body)
		return
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		fail("bad JSON", "not JSON (%v): %.300s", err, body)
		return
	}
	if a.Results == nil || a.Total == nil {
		fail("bad JSON", "no results array or total: %.300s", body)
		return
	}
	c.stats.lat = append(c.stats.lat, d)
	c.stats.perNode[ni]++
	if len(*a.Results) > 0 {
		c.stats.withResults++
	}
	if len(c.stats.slowest) < 5 || d > c.stats.slowest[len(c.stats.slowest)-1].d {
		c.stats.slowest = append(c.stats.slowest, slowQuery{q: q, node: ni, d: d})
		slices.SortFunc(c.stats.slowest, func(a, b slowQuery) int { return int(b.d - a.d) })
		c.stats.slowest = c.stats.slowest[:min(len(c.stats.slowest), 5)]
	}
}

// rss is a process's resident memory, from /proc/PID/status.
func rss(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// pct is the q-quantile of sorted durations (nearest rank).
func pct(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

// report prints the figures to stderr and the Markdown row to stdout.
func report(o options, ld *loaded, nodes []*node, r *result) {
	perQ := func(d time.Duration) float64 {
		if r.requests == 0 {
			return 0
		}
		return float64(d) / 1e6 / float64(r.requests)
	}
	var cong time.Duration
	for _, d := range r.nodeCPU {
		cong += d
	}
	rps := float64(r.requests) / r.elapsed.Seconds()
	med, p90, p99, mx := pct(r.lat, 0.5), pct(r.lat, 0.9), pct(r.lat, 0.99), pct(r.lat, 1)
	w := os.Stderr
	fmt.Fprintf(w, "\ncong %s\n", o.built)
	if o.reuse != "" {
		fmt.Fprintf(w, "%d documents (%d generated news articles and %d laws) of the database %s, loaded by an earlier run\n", ld.indexed, ld.news, ld.laws, o.reuse)
	} else {
		fmt.Fprintf(w, "%d documents (%d generated news articles, %.0f MB of text, and %d laws), loaded and indexed in %s with %d import processes (%d records imported again), VACUUM (ANALYZE) %s\n",
			ld.indexed, ld.news, ld.textMB, ld.laws, ld.took.Round(time.Second), ld.importProcs, ld.retried, ld.analyze.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "warm-up: %d requests in %s, %d errors\n", r.warmRequests, r.warmupElapsed.Round(time.Millisecond), r.warmErrors)
	fmt.Fprintf(w, "run: %d clients, %s (%s), %d distinct queries (seed %d), started %s\n",
		r.clients, o.d, r.elapsed.Round(time.Millisecond), r.queries, o.seed, r.started.Format("2006-01-02 15:04 UTC"))
	kinds := make([]string, 0, len(r.errKinds))
	for k, v := range r.errKinds {
		kinds = append(kinds, fmt.Sprintf("%s: %d", k, v))
	}
	slices.Sort(kinds)
	fmt.Fprintf(w, "  requests   %d answered (%d by %s, %d by %s), %.1f %% with results; errors %d (warm-up included) %v\n",
		r.requests, r.perNode[0], nodes[0].name, r.perNode[1], nodes[1].name, 100*float64(r.withResults)/float64(max(1, r.requests)), r.errors, kinds)
	fmt.Fprintf(w, "  throughput %.1f requests/s\n", rps)
	fmt.Fprintf(w, "  latency    median %s, p90 %s, p99 %s, max %s\n", ms(med), ms(p90), ms(p99), ms(mx))
	for i, n := range nodes {
		fmt.Fprintf(w, "  %s CPU %.1f s (%.2f ms a query it answered), resident %s\n", n.name, r.nodeCPU[i].Seconds(),
			float64(r.nodeCPU[i])/1e6/float64(max(1, r.perNode[i])), r.rss[i])
	}
	for i, n := range nodes {
		if m := r.fromMemory[i]; m < 0 {
			fmt.Fprintf(w, "  %s holds no words in memory: every search ran the statements\n", n.name)
		} else {
			fmt.Fprintf(w, "  %s answered %d of its %d searches from the words in memory (the others need positions or ran the statements)\n", n.name, m, r.perNode[i])
		}
	}
	fmt.Fprintf(w, "  CPU a query: cong %.2f ms (both nodes), PostgreSQL %.2f ms (every process of the server; %.2f ms in the backends of this database that lived through the run), the clients %.2f ms\n",
		perQ(cong), perQ(r.pgAll), perQ(r.pgDB), perQ(r.self))
	fmt.Fprintf(w, "  PostgreSQL connections opened during the run: %d (%.2f a query)\n", r.newSessions, float64(r.newSessions)/float64(max(1, r.requests)))
	fmt.Fprintf(w, "  CPU busy   %.2f of 2 cores on average (cong %.2f, PostgreSQL %.2f, clients %.2f)\n",
		(cong+r.pgAll+r.self).Seconds()/r.elapsed.Seconds(), cong.Seconds()/r.elapsed.Seconds(), r.pgAll.Seconds()/r.elapsed.Seconds(), r.self.Seconds()/r.elapsed.Seconds())
	fmt.Fprintf(w, "  load average before %s, after %s (when the program started: %s)\n", r.loadBefore, r.loadAfter, o.loadStart)
	fmt.Fprintf(w, "  slowest answers:")
	for _, s := range r.slowest {
		fmt.Fprintf(w, " %s %q (%s);", ms(s.d), s.q, nodes[s.node].name)
	}
	fmt.Fprintln(w)
	for i, l := range r.logs {
		fmt.Fprintf(w, "  %s log: %d errors, %d warnings, %d requests logged as slow (≥ 1 s; slowest %s)\n", nodes[i].name, l.errors, l.warnings, l.slow, ms(l.slowest))
		for _, s := range l.samples {
			fmt.Fprintf(w, "    %.400s\n", s)
		}
	}
	if r.pgSamples != nil {
		r.pgSamples.print(w)
	}
	for i, s := range r.errSamples {
		if i == 5 {
			fmt.Fprintf(w, "  … and %d more errors of the %d\n", len(r.errSamples)-5, r.errors)
			break
		}
		fmt.Fprintf(w, "  error: %s\n", strings.TrimSpace(s))
	}
	fmt.Fprintln(os.Stdout, "| date | documents | nodes × clients | duration | requests | req/s | median | p90 | p99 | max | errors | cong CPU/query | PostgreSQL CPU/query | load average (before → after) |")
	fmt.Fprintln(os.Stdout, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	fmt.Fprintf(os.Stdout, "| %s | %s | 2 × %d | %s | %s | %.0f | %s | %s | %s | %s | %d | %.2f ms | %.2f ms | %s → %s |\n",
		r.started.Format("2006-01-02 15:04 UTC"), thousands(ld.indexed), r.clients, o.d, thousands(r.requests), rps,
		ms(med), ms(p90), ms(p99), ms(mx), r.errors, perQ(cong), perQ(r.pgAll), r.loadBefore, r.loadAfter)
}

// thousands writes n with commas, as the docs do.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

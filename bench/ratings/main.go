// Command ratings is the load benchmark of readers' satisfaction ratings
// (issue 18, "Proof": the rating endpoint at 500 requests a second with
// none lost). It starts the portal in this process on a loopback port
// (demo data, on SQLite in a temporary folder or on the PostgreSQL
// database given), posts the real rating form (POST /danh-gia/{id}, as
// the item page's "Có" and "Không" buttons do, a quarter of them with a
// comment) at a fixed rate, open loop, and then compares the answers
// acknowledged (303 back to the item with ?danh-gia=cam-on) with the
// rows the ratings table holds: lost = acknowledged − stored, and stored
// − acknowledged (rows for answers that were refused or failed) must both
// be 0.
//
//	go run ./bench/ratings                      # SQLite
//	createdb -h 127.0.0.1 -U postgres bench_ratings
//	go run ./bench/ratings -database 'postgres://postgres@127.0.0.1:5432/bench_ratings?sslmode=disable'
//
// The portal's limit is 10 answers a minute per address and one per item
// per address a day. Each answer comes "through the proxy": the portal
// trusts 127.0.0.1 and counts the address in X-Forwarded-For, each
// answer's own 10.x.y.z, as a province's many readers would. A last phase
// sends -flood answers at once from ONE address on distinct items (the
// demo has 13 live items): the limit must let 10 through and answer the
// rest 429.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/web"

	"github.com/congportal/cong/bench/internal/machine"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ratings bench:", err)
		os.Exit(1)
	}
}

type config struct {
	dbURL    string
	rate     int
	duration time.Duration
	flood    int
}

func run() error {
	var c config
	flag.StringVar(&c.dbURL, "database", "", "PostgreSQL URL (default: SQLite in a temporary folder)")
	flag.IntVar(&c.rate, "rate", 500, "answers per second")
	flag.DurationVar(&c.duration, "duration", 20*time.Second, "how long to send")
	flag.IntVar(&c.flood, "flood", 12, "answers at once from one address at the end, each on its own item (0: none; more than 10 to see the limit)")
	flag.Parse()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	dir, err := os.MkdirTemp("", "cong-bench-ratings-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, c.dbURL, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	base, err := startPortal(ctx, db, dir)
	if err != nil {
		return err
	}
	items, err := liveItems(ctx, db)
	if err != nil {
		return err
	}
	before, err := count(ctx, db)
	if err != nil {
		return err
	}
	if c.flood > len(items) {
		return fmt.Errorf("-flood %d: the demo has %d live items", c.flood, len(items))
	}
	fmt.Printf("portal %s, database %s (%s), %d live items\n", base, db.Location, db.Dialect, len(items))

	client := &http.Client{Timeout: 30 * time.Second,
		Transport:     &http.Transport{MaxIdleConns: 2000, MaxIdleConnsPerHost: 2000, IdleConnTimeout: 30 * time.Second},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	g := &generator{base: base, client: client, items: items}

	fmt.Printf("steady: %d answers/s for %s, each from its own address (X-Forwarded-For)\n", c.rate, c.duration)
	cpu0 := cpuTime()
	steady := g.steady(c.rate, c.duration)
	cpu := cpuTime() - cpu0
	steady.print()
	fmt.Printf("  CPU of this process (generator and portal): %.1f s = %.2f cores; load average %s\n",
		cpu.Seconds(), cpu.Seconds()/steady.elapsed.Seconds(), machine.LoadAvg())

	var flood *result
	if c.flood > 0 {
		fmt.Printf("flood: %d answers at once from ONE address, each on its own item\n", c.flood)
		flood = g.oneAddress(c.flood)
		fmt.Printf("  accepted %d, limited (429) %d, other %d\n", flood.status[http.StatusSeeOther],
			flood.status[http.StatusTooManyRequests], flood.sent-flood.status[http.StatusSeeOther]-flood.status[http.StatusTooManyRequests])
	}

	after, err := count(ctx, db)
	if err != nil {
		return err
	}
	acked := steady.status[http.StatusSeeOther]
	if flood != nil {
		acked += flood.status[http.StatusSeeOther]
	}
	stored := after - before
	fmt.Printf("database: %d rows stored, %d answers acknowledged (303): lost %d, extra %d\n", stored, acked, max(acked-stored, 0), max(stored-acked, 0))
	switch {
	case stored != acked:
		return errors.New("FAILED: the rows stored differ from the answers acknowledged")
	case steady.wrong > 0:
		return errors.New("FAILED: some answers were sent elsewhere than their item's thank-you")
	case steady.status[http.StatusSeeOther] != steady.sent:
		return errors.New("FAILED: some answers of the steady phase were not acknowledged")
	case flood != nil && (flood.status[http.StatusSeeOther] != min(c.flood, 10) || flood.status[http.StatusTooManyRequests] != max(c.flood-10, 0)):
		return errors.New("FAILED: the flood from one address was not limited to 10 a minute")
	}
	fmt.Println("OK")
	return nil
}

// startPortal runs the portal in this process on a free loopback port,
// with demo data and 127.0.0.1 as trusted proxy.
func startPortal(ctx context.Context, db *store.DB, dir string) (string, error) {
	if _, err := db.Migrate(ctx); err != nil {
		return "", err
	}
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		return "", err
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := web.New(ctx, web.Options{DB: db, Log: quiet, Version: "bench", MediaDir: dir,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	go func() { <-ctx.Done(); _ = hs.Close() }()
	return "http://" + ln.Addr().String(), nil
}

// item is a live item of a site: where its form posts and where
// the answer must lead.
type item struct{ post, back string }

func liveItems(ctx context.Context, db *store.DB) ([]item, error) {
	rows, err := db.Query(ctx, `SELECT id, site_id, kind, lang, slug FROM items WHERE live ORDER BY id`)
	if err != nil {
		return nil, err
	}
	type row struct {
		id, site int64
		it       content.Item
	}
	var found []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.site, &r.it.Kind, &r.it.Lang, &r.it.Slug); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, r)
	}
	rows.Close()
	sites := site.NewSites(db, time.Now)
	var out []item
	for _, r := range found {
		st, err := sites.ByID(ctx, r.site)
		if err != nil {
			return nil, err
		}
		out = append(out, item{post: st.URL("/danh-gia/" + strconv.FormatInt(r.id, 10)), back: st.URL(r.it.URL()) + "?danh-gia=cam-on#danh-gia"})
	}
	return out, nil
}

func count(ctx context.Context, db *store.DB) (int, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT COUNT(*) FROM ratings`).Scan(&n)
	return n, err
}

// generator sends answers.
type generator struct {
	base   string
	client *http.Client
	items  []item
	seq    atomic.Int64
}

// result gathers the outcomes of a phase.
type result struct {
	mu      sync.Mutex
	sent    int
	status  map[int]int
	errs    []string
	wrong   int // a 303 that led elsewhere than the item's thank-you
	lat     []time.Duration
	elapsed time.Duration
}

func (r *result) add(status int, err error, wrongPlace bool, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent++
	if err != nil {
		if len(r.errs) < 5 {
			r.errs = append(r.errs, err.Error())
		}
		r.status[0]++
		return
	}
	r.status[status]++
	if wrongPlace {
		r.wrong++
	}
	r.lat = append(r.lat, d)
}

func (r *result) print() {
	slices.Sort(r.lat)
	q := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))].Round(100 * time.Microsecond)
	}
	fmt.Printf("  sent %d in %.2f s (%.0f/s); statuses %v; 303 to the wrong place %d; errors %v\n",
		r.sent, r.elapsed.Seconds(), float64(r.sent)/r.elapsed.Seconds(), r.status, r.wrong, r.errs)
	fmt.Printf("  latency p50 %v, p90 %v, p99 %v, max %v\n", q(0.5), q(0.9), q(0.99), q(1))
}

// answer posts one rating from the address ip.
func (g *generator) answer(ip string, it item, n int64, res *result) {
	form := url.Values{"tra-loi": {"co"}}
	if n%2 == 1 {
		form.Set("tra-loi", "khong")
	}
	if n%4 == 0 {
		form.Set("y-kien", "Thông tin rõ ràng, dễ tìm — lượt "+strconv.FormatInt(n, 10))
	}
	req, _ := http.NewRequest("POST", g.base+it.post, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", g.base)
	req.Header.Set("X-Forwarded-For", ip)
	t0 := time.Now()
	resp, err := g.client.Do(req)
	d := time.Since(t0)
	if err != nil {
		res.add(0, err, false, d)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	res.add(resp.StatusCode, nil, resp.StatusCode == http.StatusSeeOther && resp.Header.Get("Location") != it.back, d)
}

// steady starts an answer every 1/rate seconds, whether or not the
// earlier ones were answered (open loop), each from its own address.
func (g *generator) steady(rate int, d time.Duration) *result {
	res := &result{status: map[int]int{}}
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range total {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			time.Sleep(wait)
		}
		n := g.seq.Add(1)
		ip := fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
		wg.Add(1)
		go func() { defer wg.Done(); g.answer(ip, g.items[int(n)%len(g.items)], n, res) }()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// oneAddress sends n answers at once from one address, on n items.
func (g *generator) oneAddress(n int) *result {
	res := &result{status: map[int]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); g.answer("198.51.100.7", g.items[i], g.seq.Add(1), res) }()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

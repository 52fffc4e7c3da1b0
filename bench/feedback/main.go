// Command feedback is the load benchmark of citizen feedback (issue 6,
// point 9): it posts requests to the real public form at a fixed rate,
// solving the proof-of-work captcha of each as a browser would, then
// looks in the database for lost, duplicated or half-stored requests.
//
//	go run ./bench/feedback                          # 200/s for 60 s, portal in this process, SQLite in a temp folder
//	go run ./bench/feedback -database postgres://postgres@127.0.0.1:5432/bench?sslmode=disable
//	go run ./bench/feedback -target http://127.0.0.1:8080 -data ./data   # a running `cong serve`
//
// A portal started by the benchmark trusts 127.0.0.1 as a proxy and uses
// a captcha of small difficulty (-captcha-max-number, default 1000); a
// running portal must be started with the same options:
//
//	cong serve --trusted-proxies 127.0.0.1 --captcha-max-number 1000
//
// Every submission comes "through the proxy" with its own address in
// X-Forwarded-For, so the per-address limit of the form does not stop
// the run. A second, short phase then sends a flood from ONE address and
// counts how many were let through. See README.md beside this file.
package main

import (
	"context"
	"encoding/json"
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
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/web"

	"github.com/congportal/cong/bench/internal/machine"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "feedback bench:", err)
		os.Exit(1)
	}
}

type config struct {
	target   string
	dbURL    string
	dataDir  string
	rate     int
	duration time.Duration
	flood    int
	maxNum   int
	inflight int
}

func run() error {
	var c config
	flag.StringVar(&c.target, "target", "", "URL of a running portal (empty: start one in this process)")
	flag.StringVar(&c.dbURL, "database", "", "the portal's database: postgres://… (empty: SQLite in -data)")
	flag.StringVar(&c.dataDir, "data", "", "the portal's data folder (empty with no -target: a temporary one)")
	flag.IntVar(&c.rate, "rate", 200, "submissions per second")
	flag.DurationVar(&c.duration, "duration", 60*time.Second, "how long to send")
	flag.IntVar(&c.flood, "flood", 50, "requests of the one-address flood (0: none)")
	flag.IntVar(&c.maxNum, "captcha-max-number", 1000, "captcha difficulty of a portal this program starts")
	flag.IntVar(&c.inflight, "max-inflight", 2000, "submissions in flight at most; more are counted as dropped by the generator")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of this process (generator and, when started here, portal)")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if c.dataDir == "" && c.dbURL == "" {
		if c.target != "" {
			return errors.New("-target needs -data or -database to check the stored requests")
		}
		dir, err := os.MkdirTemp("", "cong-bench-feedback-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.dataDir = dir
	}
	db, err := store.Open(ctx, c.dbURL, c.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	base := c.target
	if base == "" {
		if base, err = startPortal(ctx, db, c); err != nil {
			return err
		}
	}
	fmt.Printf("portal %s, database %s (%s)\n", base, db.Location, db.Dialect)

	runID := fmt.Sprintf("%x", time.Now().UnixNano())[6:]
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: 30 * time.Second,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	g := &generator{base: base, client: client, run: runID}

	// Phase 1: the steady rate, every submission from its own address.
	fmt.Printf("phase 1: %d submissions/s for %s, each from its own address (X-Forwarded-For)\n", c.rate, c.duration)
	cpu0 := cpuTime()
	res := g.steady(ctx, c)
	cpu := cpuTime() - cpu0
	res.print()
	fmt.Printf("  CPU of this process (generator%s): %.1f s over %.1f s = %.2f cores; %.2f ms per accepted submission; load average %s\n",
		map[bool]string{true: " and portal", false: ""}[c.target == ""], cpu.Seconds(), res.elapsed.Seconds(),
		cpu.Seconds()/res.elapsed.Seconds(), float64(cpu.Microseconds())/1000/float64(max(res.ok(), 1)), machine.LoadAvg())

	// Phase 2: a flood from one address.
	var flood *result
	if c.flood > 0 {
		fmt.Printf("phase 2: %d submissions as fast as possible from ONE address\n", c.flood)
		flood = g.oneAddress(ctx, c.flood)
		fmt.Printf("  accepted %d, limited (HTTP 429) %d, other %d\n", flood.ok(), flood.status[http.StatusTooManyRequests], flood.sent-flood.ok()-flood.status[http.StatusTooManyRequests])
	}

	// The database, after the last response.
	fmt.Println("integrity check in the database:")
	codes := res.codes()
	if flood != nil {
		codes = append(codes, flood.codes()...)
	}
	bad, err := check(context.Background(), db, runID, codes)
	if err != nil {
		return err
	}
	if bad || res.errors() > 0 {
		return errors.New("FAILED (see above)")
	}
	if flood != nil && flood.status[http.StatusTooManyRequests] == 0 {
		return errors.New("FAILED: the flood from one address was not limited")
	}
	fmt.Println("OK")
	return nil
}

// startPortal runs the portal in this process on a free loopback port,
// with demo data, 127.0.0.1 as trusted proxy and an easy captcha.
func startPortal(ctx context.Context, db *store.DB, c config) (string, error) {
	if _, err := db.Migrate(ctx); err != nil {
		return "", err
	}
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		return "", err
	}
	iss, err := captcha.New(db, captcha.Options{MaxNumber: c.maxNum})
	if err != nil {
		return "", err
	}
	media := filepath.Join(c.dataDir, "media")
	if c.dataDir == "" {
		if media, err = os.MkdirTemp("", "cong-bench-media-"); err != nil {
			return "", err
		}
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := web.New(ctx, web.Options{DB: db, Log: quiet, Captcha: iss, Version: "bench",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		MediaDir:       media})
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	go func() { <-ctx.Done(); hs.Close() }()
	return "http://" + ln.Addr().String(), nil
}

// generator sends submissions.
type generator struct {
	base   string
	client *http.Client
	run    string
	seq    atomic.Int64
}

// outcome is one submission.
type outcome struct {
	status  int
	code    string        // the tracking code of an accepted request
	total   time.Duration // captcha fetched and solved, form posted
	post    time.Duration // the POST alone
	err     error
	errBody string
}

type result struct {
	mu       sync.Mutex
	out      []outcome
	sent     int
	dropped  int // not sent: too many in flight
	status   map[int]int
	elapsed  time.Duration // from the first send to the last response
	sendTime time.Duration // from the first send to the last send
}

func (r *result) add(o outcome) {
	r.mu.Lock()
	r.out = append(r.out, o)
	if r.status == nil {
		r.status = map[int]int{}
	}
	r.status[o.status]++
	r.mu.Unlock()
}

func (r *result) ok() int {
	n := 0
	for _, o := range r.out {
		if o.code != "" {
			n++
		}
	}
	return n
}

func (r *result) errors() int { return len(r.out) - r.ok() + r.dropped }

func (r *result) codes() []string {
	var c []string
	for _, o := range r.out {
		if o.code != "" {
			c = append(c, o.code)
		}
	}
	return c
}

func (r *result) print() {
	var post, total []time.Duration
	for _, o := range r.out {
		if o.code != "" {
			post = append(post, o.post)
			total = append(total, o.total)
		}
	}
	slices.Sort(post)
	slices.Sort(total)
	fmt.Printf("  sent %d in %.1f s (offered %.1f/s); accepted %d: %.1f/s over %.1f s until the last response\n",
		r.sent, r.sendTime.Seconds(), float64(r.sent)/r.sendTime.Seconds(), r.ok(), float64(r.ok())/r.elapsed.Seconds(), r.elapsed.Seconds())
	fmt.Printf("  POST latency: median %s, p99 %s, max %s\n", pct(post, 50), pct(post, 99), pct(post, 100))
	fmt.Printf("  captcha GET + solve + POST: median %s, p99 %s\n", pct(total, 50), pct(total, 99))
	fmt.Printf("  errors %d (dropped by the generator %d); HTTP statuses %v\n", r.errors(), r.dropped, r.status)
	shown := 0
	for _, o := range r.out {
		if o.code == "" && shown < 5 {
			fmt.Printf("    e.g. status %d err %v %s\n", o.status, o.err, o.errBody)
			shown++
		}
	}
}

func pct(d []time.Duration, p int) string {
	if len(d) == 0 {
		return "-"
	}
	i := (len(d)*p + 99) / 100
	i = min(max(i-1, 0), len(d)-1)
	return d[i].Round(10 * time.Microsecond).String()
}

// steady sends c.rate submissions a second for c.duration, open loop: a
// slow server does not slow the sending, it shows as latency.
func (g *generator) steady(ctx context.Context, c config) *result {
	res := &result{}
	var wg sync.WaitGroup
	sem := make(chan struct{}, c.inflight)
	interval := time.Second / time.Duration(c.rate)
	start := time.Now()
	total := int(c.duration / interval)
	for i := 0; i < total && ctx.Err() == nil; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		select {
		case sem <- struct{}{}:
		default:
			res.dropped++
			continue
		}
		res.sent++
		n := g.seq.Add(1)
		wg.Go(func() {
			defer func() { <-sem }()
			res.add(g.submit(ctx, n, addressOf(n), "tải"))
		})
	}
	res.sendTime = time.Since(start)
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// oneAddress sends n submissions from one address, all at once.
func (g *generator) oneAddress(ctx context.Context, n int) *result {
	res := &result{}
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		res.sent++
		i := g.seq.Add(1)
		wg.Go(func() { res.add(g.submit(ctx, i, "198.51.100.7", "lũ")) })
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// addressOf gives submission n an address of its own in 10.0.0.0/8.
func addressOf(n int64) string {
	return fmt.Sprintf("10.%d.%d.%d", (n>>16)&255, (n>>8)&255, n&255)
}

var codeRE = regexp.MustCompile(`PAKN-\d{4}-\d{6,}`)

// submit fetches a captcha, solves it, and posts the form as the
// address ip.
func (g *generator) submit(ctx context.Context, n int64, ip, phase string) outcome {
	began := time.Now()
	var o outcome
	req, _ := http.NewRequestWithContext(ctx, "GET", g.base+"/api/v1/captcha", nil)
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := g.client.Do(req)
	if err != nil {
		o.err = err
		return o
	}
	var ch captcha.Challenge
	err = json.NewDecoder(resp.Body).Decode(&ch)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		o.status, o.err = resp.StatusCode, fmt.Errorf("captcha: %v", err)
		return o
	}
	payload, err := captcha.Solve(ch)
	if err != nil {
		o.err = err
		return o
	}
	cat := feedback.Categories[int(n)%len(feedback.Categories)]
	form := url.Values{
		"name":     {"Nguyễn Thị Tải Thử"},
		"address":  {"Số " + fmt.Sprint(n) + " đường Lê Lợi, phường Bến Thành"},
		"email":    {fmt.Sprintf("bench-%s-%d@example.vn", g.run, n)},
		"category": {string(cat)},
		"title":    {fmt.Sprintf("Thử %s %s %d: đề nghị sửa đèn chiếu sáng", phase, g.run, n)},
		"body":     {"Đèn chiếu sáng trên đường Lê Lợi đoạn trước số nhà " + fmt.Sprint(n) + " bị hỏng nhiều ngày, đề nghị cơ quan chức năng kiểm tra, sửa chữa."},
		"consent":  {"1"},
		"altcha":   {payload},
	}
	req, _ = http.NewRequestWithContext(ctx, "POST", g.base+"/phan-anh-kien-nghi", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", ip)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", g.base)
	posted := time.Now()
	resp, err = g.client.Do(req)
	o.post = time.Since(posted)
	if err != nil {
		o.err = err
		return o
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	o.total = time.Since(began)
	o.status = resp.StatusCode
	if resp.StatusCode == http.StatusSeeOther {
		o.code = codeRE.FindString(resp.Header.Get("Location"))
	}
	if o.code == "" {
		o.errBody = firstError(string(body))
	}
	return o
}

// firstError pulls a short message out of an error page.
func firstError(body string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		s := body[i:]
		s = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, " ")
		s = strings.Join(strings.Fields(s), " ")
		return s[:min(len(s), 200)]
	}
	return body[:min(len(body), 120)]
}

// check compares the codes the clients received with what the database
// holds for this run: same count, unique codes, each request with its
// timeline event and its confirmation mail. It reports and returns
// whether something was wrong.
func check(ctx context.Context, db *store.DB, run string, got []string) (bool, error) {
	mails := map[string]int{}
	mrows, err := db.Query(ctx, `SELECT to_addr, COUNT(*) FROM mail_outbox WHERE to_addr LIKE ? GROUP BY to_addr`, "bench-"+run+"-%")
	if err != nil {
		return true, err
	}
	for mrows.Next() {
		var to string
		var k int
		if err := mrows.Scan(&to, &k); err != nil {
			return true, err
		}
		mails[to] = k
	}
	mrows.Close()
	rows, err := db.Query(ctx, `SELECT r.code, r.email, (SELECT COUNT(*) FROM feedback_events e WHERE e.request_id = r.id)
		FROM feedback_requests r WHERE r.title LIKE ?`, "Thử % "+run+" %")
	if err != nil {
		return true, err
	}
	defer rows.Close()
	stored := map[string]int{}
	var noEvent, noMail, extraMail, n int
	for rows.Next() {
		var code, email string
		var events int
		if err := rows.Scan(&code, &email, &events); err != nil {
			return true, err
		}
		mails := mails[email]
		n++
		stored[code]++
		if events == 0 {
			noEvent++
		}
		switch {
		case mails == 0:
			noMail++
		case mails > 1:
			extraMail++
		}
	}
	if err := rows.Err(); err != nil {
		return true, err
	}
	var lost, dup, phantom int
	answered := map[string]bool{}
	for _, c := range got {
		if answered[c] {
			dup++ // two clients were given the same code
		}
		answered[c] = true
		if stored[c] == 0 {
			lost++
		}
	}
	for c, k := range stored {
		if k > 1 {
			dup += k - 1
		}
		if !answered[c] {
			phantom++ // stored, but its sender was told it failed
		}
	}
	fmt.Printf("  accepted by the portal %d, rows stored %d, distinct codes %d\n", len(got), n, len(stored))
	fmt.Printf("  lost %d, duplicated %d, stored without an accepted answer %d, without a timeline event %d, without the confirmation mail %d, with more than one %d\n",
		lost, dup, phantom, noEvent, noMail, extraMail)
	return lost+dup+phantom+noEvent+noMail+extraMail > 0 || n != len(got), nil
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Command consult is the load benchmark of the draft consultation's
// comment form (issue 14, "Benchmarks": 100 comment submissions a second
// for 60 s on PostgreSQL, none lost). It starts nothing itself: it
// targets a running `cong serve`, opens a draft of its own in the
// portal's database (or uses one named with -draft), posts comments to
// the real public form (POST /lay-y-kien/{slug}/gop-y) at a fixed rate,
// each with a fresh idempotency key and a proof-of-work captcha solved
// as a browser does, and stops by itself. Then it compares what the
// portal acknowledged (303 to the thank-you page) with the rows stored
// for the draft: lost = acknowledged − stored, which must be 0.
//
//	createdb -h 127.0.0.1 -U postgres cong_consult_load
//	DB='postgres://postgres@127.0.0.1:5432/cong_consult_load?sslmode=disable'
//	cong serve --demo --database "$DB" --addr 127.0.0.1:18131 --trusted-proxies 127.0.0.1 --captcha-max-number 1000 &
//	go run ./bench/consult -target http://127.0.0.1:18131 -database "$DB"
//
// Every submission comes "through the proxy": the portal trusts
// 127.0.0.1 (--trusted-proxies) and counts each comment against the
// address in X-Forwarded-For, its own 10.x.y.z, so the form's limit of
// 5 comments a minute per address does not refuse the run (the limit
// itself is shown by bench/feedback's flood phase and the web tests).
// --captcha-max-number 1000 makes the challenges cheap for the
// generator, which solves 100 a second on the same cores as the portal;
// the portal's own cost (issue, verify, spend) is the same at any
// difficulty.
//
// With -double (default 0.01) that fraction of the submissions is sent a
// second time with the same key and captcha, as a double click would:
// the portal must answer it as the first (303) and store it once.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"

	"github.com/congportal/cong/bench/internal/machine"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "consult bench:", err)
		os.Exit(1)
	}
}

type config struct {
	target   string
	dbURL    string
	dataDir  string
	slug     string
	rate     int
	duration time.Duration
	double   float64
	inflight int
	pid      int
	articles int
}

func run() error {
	var c config
	flag.StringVar(&c.target, "target", "http://127.0.0.1:8080", "URL of the running portal (its main portal's address)")
	flag.StringVar(&c.dbURL, "database", "", "the portal's database, postgres://… (empty: SQLite in -data)")
	flag.StringVar(&c.dataDir, "data", "", "the portal's data folder, for SQLite")
	flag.StringVar(&c.slug, "draft", "", "slug of an open draft of the main portal to comment on (empty: open a new one)")
	flag.IntVar(&c.rate, "rate", 100, "submissions per second")
	flag.DurationVar(&c.duration, "duration", 60*time.Second, "how long to send")
	flag.Float64Var(&c.double, "double", 0.01, "fraction of submissions sent twice with the same idempotency key")
	flag.IntVar(&c.inflight, "max-inflight", 2000, "submissions in flight at most; beyond, the generator counts them as dropped")
	flag.IntVar(&c.articles, "articles", 300, "Điều of the draft the run opens (the benchmarks' draft has 300)")
	flag.IntVar(&c.pid, "portal-pid", 0, "the portal's process id, to report its CPU time per submission (/proc/PID/stat)")
	flag.Parse()
	if c.dbURL == "" && c.dataDir == "" {
		return errors.New("-database (or -data) is needed: the stored comments are counted in the portal's database")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	db, err := store.Open(ctx, c.dbURL, c.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	base := strings.TrimSuffix(c.target, "/")
	runID := fmt.Sprintf("%x", time.Now().UnixNano())[6:]

	d, anchors, err := draft(ctx, db, c.slug, runID, c.articles)
	if err != nil {
		return err
	}
	var before int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM consult_comments WHERE draft_id = ?`, d.ID).Scan(&before); err != nil {
		return err
	}
	fmt.Printf("portal %s, database %s (%s); draft %q (id %d, %d provisions, %d comments before the run)\n",
		base, db.Location, db.Dialect, d.Slug, d.ID, len(anchors), before)
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: 30 * time.Second,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	g := &generator{base: base, client: client, run: runID, draft: d, anchors: anchors}
	// The page must answer before the clock starts.
	if resp, err := client.Get(base + consult.Path(d.Slug)); err != nil {
		return err
	} else if resp.Body.Close(); resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s%s answers %d: is the portal running on this database?", base, consult.Path(d.Slug), resp.StatusCode)
	}

	fmt.Printf("%d submissions/s for %s, each from its own address (X-Forwarded-For), %.1f %% sent twice with the same key\n",
		c.rate, c.duration, c.double*100)
	cpu0 := portalCPU(c.pid)
	res := g.steady(ctx, c)
	cpu := portalCPU(c.pid) - cpu0
	res.print()
	if c.pid > 0 {
		fmt.Printf("  portal CPU: %.1f s over %.1f s = %.2f cores; %.2f ms per acknowledged submission\n",
			cpu.Seconds(), res.elapsed.Seconds(), cpu.Seconds()/res.elapsed.Seconds(), float64(cpu.Microseconds())/1000/float64(max(res.acked(), 1)))
	}
	fmt.Printf("  load average at the end: %s\n", machine.LoadAvg())

	fmt.Println("the database, after the last answer:")
	bad, err := check(context.Background(), db, d.ID, runID, res)
	if err != nil {
		return err
	}
	if bad || res.failed() > 0 {
		return errors.New("FAILED (see above)")
	}
	fmt.Println("OK")
	return nil
}

// draft returns the open draft to comment on, with the anchors of its
// provisions: the one named, or a new one opened for 30 days on the main
// portal by an editor account made for the run.
func draft(ctx context.Context, db *store.DB, slug, run string, articles int) (*consult.Draft, []string, error) {
	main, err := site.NewSites(db, time.Now).Main(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("the portal's main site (was `cong serve --demo` or `cong init` run on this database?): %w", err)
	}
	cs := consult.NewStore(db, consult.Options{})
	var d *consult.Draft
	if slug != "" {
		if d, err = cs.BySlug(ctx, main.ID, slug); err != nil {
			return nil, nil, err
		}
		if !d.Accepting(time.Now()) {
			return nil, nil, fmt.Errorf("draft %q is not open for comment", slug)
		}
	} else {
		users := account.NewUsers(db, time.Now)
		u, err := users.Create(ctx, account.NewUser{Username: "bench-consult-" + run, FullName: "Tải thử " + run,
			Password: "bench-consult-" + run + "-mật-khẩu"}, audit.CLI)
		if err != nil {
			return nil, nil, err
		}
		if err := users.Grant(ctx, u.ID, main.ID, account.Editor, audit.CLI); err != nil {
			return nil, nil, err
		}
		if u, err = users.ByID(ctx, u.ID); err != nil {
			return nil, nil, err
		}
		p := consult.Person{User: u, MainID: main.ID, IP: "127.0.0.1"}
		d, err = cs.Create(ctx, main.ID, consult.Details{Title: "Dự thảo Quy định tải thử " + run + " về quản lý chợ trên địa bàn tỉnh",
			DocKind: "Quyết định", Agency: "Sở Công Thương", RecvUnit: "Phòng Quản lý thương mại",
			RecvEmail: "thuongmai@example.vn"}, text(articles), p)
		if err != nil {
			return nil, nil, err
		}
		now := time.Now()
		if d, err = cs.Open(ctx, d.ID, consult.OpenRequest{OpensAt: now, ClosesAt: now.AddDate(0, 0, 30)}, p); err != nil {
			return nil, nil, err
		}
	}
	anchors := []string{""} // the draft as a whole
	vn.ParseLegal(d.Body).Walk(func(n *vn.Node) {
		if n.Kind == vn.KindArticle || n.Kind == vn.KindClause || n.Kind == vn.KindPoint {
			anchors = append(anchors, n.Anchor)
		}
	})
	return d, anchors, nil
}

// text is a draft of n articles in chapters of 25, with clauses and points.
func text(n int) string {
	var sb strings.Builder
	sb.WriteString("ỦY BAN NHÂN DÂN TỈNH\nQUYẾT ĐỊNH\nBan hành Quy định về quản lý chợ\n\n")
	for i := 1; i <= n; i++ {
		if i%25 == 1 {
			fmt.Fprintf(&sb, "Chương %s\nQUY ĐỊNH VỀ NHÓM %d\n\n", roman(i/25+1), i/25+1)
		}
		fmt.Fprintf(&sb, "Điều %d. Quản lý hoạt động thứ %d của chợ\n", i, i)
		for k := 1; k <= 2+i%3; k++ {
			fmt.Fprintf(&sb, "%d. Ban quản lý chợ có trách nhiệm bố trí, sắp xếp ngành hàng, bảo đảm vệ sinh, phòng cháy, chữa cháy theo quy định.\n", k)
			if (i+k)%3 == 0 {
				sb.WriteString("a) Chợ hạng 1 do Ủy ban nhân dân tỉnh quyết định;\nb) Chợ hạng 2 và hạng 3 do Ủy ban nhân dân cấp xã quyết định.\n")
			}
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// roman writes n (1–39) in Roman numerals, as chapters are numbered.
func roman(n int) string {
	return strings.Repeat("X", n/10) + []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}[n%10]
}

// generator sends submissions.
type generator struct {
	base    string
	client  *http.Client
	run     string
	draft   *consult.Draft
	anchors []string
	seq     atomic.Int64
}

// outcome is one submission.
type outcome struct {
	n       int64
	status  int
	acked   bool          // 303 to the thank-you page
	twice   bool          // sent a second time with the same key
	again   int           // the second answer's status
	total   time.Duration // captcha fetched and solved, form posted
	post    time.Duration // the POST alone
	err     error
	errBody string
}

type result struct {
	mu       sync.Mutex
	out      []outcome
	sent     int
	dropped  int
	status   map[int]int
	elapsed  time.Duration
	sendTime time.Duration
}

func (r *result) add(o outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out = append(r.out, o)
	if r.status == nil {
		r.status = map[int]int{}
	}
	r.status[o.status]++
}

func (r *result) acked() int {
	n := 0
	for _, o := range r.out {
		if o.acked {
			n++
		}
	}
	return n
}

// failed counts submissions not acknowledged, second sendings answered
// otherwise than the first, and submissions the generator dropped.
func (r *result) failed() int {
	n := r.dropped
	for _, o := range r.out {
		if !o.acked || (o.twice && o.status == http.StatusSeeOther && o.again != http.StatusSeeOther) {
			n++
		}
	}
	return n
}

func (r *result) print() {
	var post, total []time.Duration
	twice, again := 0, map[int]int{}
	for _, o := range r.out {
		if o.acked {
			post = append(post, o.post)
			total = append(total, o.total)
		}
		if o.twice {
			twice++
			again[o.again]++
		}
	}
	slices.Sort(post)
	slices.Sort(total)
	fmt.Printf("  sent %d in %.1f s (offered %.1f/s); acknowledged (303) %d: %.1f/s over %.1f s until the last answer\n",
		r.sent, r.sendTime.Seconds(), float64(r.sent)/r.sendTime.Seconds(), r.acked(), float64(r.acked())/r.elapsed.Seconds(), r.elapsed.Seconds())
	fmt.Printf("  POST latency: p50 %s, p90 %s, p99 %s, max %s\n", pct(post, 50), pct(post, 90), pct(post, 99), pct(post, 100))
	fmt.Printf("  captcha GET + solve + POST: p50 %s, p99 %s\n", pct(total, 50), pct(total, 99))
	fmt.Printf("  sent twice with the same key: %d, the second answered %v\n", twice, again)
	fmt.Printf("  not acknowledged %d, dropped by the generator %d; HTTP statuses %v\n", len(r.out)-r.acked(), r.dropped, r.status)
	shown := 0
	for _, o := range r.out {
		if !o.acked && shown < 5 {
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
// slow portal shows as latency, not as a lower offered rate.
func (g *generator) steady(ctx context.Context, c config) *result {
	res := &result{}
	var wg sync.WaitGroup
	sem := make(chan struct{}, c.inflight)
	interval := time.Second / time.Duration(c.rate)
	every := 0
	if c.double > 0 {
		every = int(1 / c.double)
	}
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
		twice := every > 0 && n%int64(every) == 0
		wg.Go(func() {
			defer func() { <-sem }()
			res.add(g.submit(ctx, n, twice))
		})
	}
	res.sendTime = time.Since(start)
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// addressOf gives submission n an address of its own in 10.0.0.0/8.
func addressOf(n int64) string {
	return fmt.Sprintf("10.%d.%d.%d", (n>>16)&255, (n>>8)&255, n&255)
}

func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// submit fetches a captcha, solves it and posts a comment as address
// addressOf(n), with a fresh idempotency key; when twice, it posts the
// same form again after the answer.
func (g *generator) submit(ctx context.Context, n int64, twice bool) outcome {
	began := time.Now()
	o := outcome{n: n, twice: twice}
	ip := addressOf(n)
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
	if err != nil || resp.StatusCode != http.StatusOK {
		o.status, o.err = resp.StatusCode, fmt.Errorf("captcha: %v", err)
		return o
	}
	payload, err := captcha.Solve(ch)
	if err != nil {
		o.err = err
		return o
	}
	form := url.Values{
		"muc":             {g.anchors[int(n)%len(g.anchors)]},
		"phien-ban":       {strconv.Itoa(g.draft.Version)},
		"author_kind":     {"citizen"},
		"name":            {"Nguyễn Thị Tải Thử"},
		"display":         {[]string{"full", "initials", "anonymous"}[n%3]},
		"email":           {fmt.Sprintf("bench-%s-%d@example.vn", g.run, n)},
		"body":            {fmt.Sprintf("Đề nghị cơ quan soạn thảo làm rõ thẩm quyền và thời hạn giải quyết tại quy định này (tải thử %s, ý kiến %d).", g.run, n)},
		idempotency.Field: {newKey()},
		captcha.Field:     {payload},
	}
	post := func() (int, string, string, time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", g.base+consult.Path(g.draft.Slug)+"/gop-y", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", ip)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", g.base)
		t := time.Now()
		resp, err := g.client.Do(req)
		if err != nil {
			return 0, "", "", time.Since(t), err
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location"), string(body), time.Since(t), nil
	}
	status, loc, body, took, err := post()
	o.post, o.total, o.status, o.err = took, time.Since(began), status, err
	o.acked = status == http.StatusSeeOther && strings.HasSuffix(loc, "/da-gui")
	if !o.acked {
		o.errBody = firstError(body)
	}
	if twice {
		// A second sending is answered as the first was, when the first
		// was stored; when the first was refused (a 503 under overload),
		// the second may be stored, and is then this submission's
		// acknowledgement.
		o.again, loc, _, _, err = post()
		if o.again == http.StatusSeeOther && !strings.HasSuffix(loc, "/da-gui") {
			o.again = -o.again
		}
		if !o.acked && err == nil && o.again == http.StatusSeeOther {
			o.acked, o.errBody = true, ""
		}
	}
	return o
}

// firstError pulls a short message out of an error page.
func firstError(body string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		s := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body[i:], " ")
		s = strings.Join(strings.Fields(s), " ")
		return s[:min(len(s), 200)]
	}
	return body[:min(len(body), 120)]
}

var emailRE = regexp.MustCompile(`^bench-[0-9a-f]+-(\d+)@example\.vn$`)

// check compares the acknowledged submissions with the draft's rows of
// this run (by their email address, which carries the submission's
// number) and the receipt mails in the outbox, and reports.
func check(ctx context.Context, db *store.DB, draftID int64, run string, res *result) (bool, error) {
	stored := map[int64]int{}
	rows, err := db.Query(ctx, `SELECT email, state FROM consult_comments WHERE draft_id = ? AND email LIKE ?`, draftID, "bench-"+run+"-%")
	if err != nil {
		return true, err
	}
	states := map[string]int{}
	total := 0
	for rows.Next() {
		var email, state string
		if err := rows.Scan(&email, &state); err != nil {
			rows.Close()
			return true, err
		}
		total++
		states[state]++
		if m := emailRE.FindStringSubmatch(email); m != nil {
			n, _ := strconv.ParseInt(m[1], 10, 64)
			stored[n]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return true, err
	}
	var mails int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE to_addr LIKE ?`, "bench-"+run+"-%").Scan(&mails); err != nil {
		return true, err
	}
	acked := map[int64]bool{}
	for _, o := range res.out {
		if o.acked {
			acked[o.n] = true
		}
	}
	var lost, dup, phantom int
	for n := range acked {
		if stored[n] == 0 {
			lost++
		}
	}
	for n, k := range stored {
		if k > 1 {
			dup += k - 1
		}
		if !acked[n] {
			phantom++
		}
	}
	fmt.Printf("  acknowledged %d, rows stored for the draft %d (%v), receipt mails queued %d\n", len(acked), total, states, mails)
	fmt.Printf("  lost (acknowledged − stored) %d, stored twice %d, stored without an acknowledgement %d, without their receipt mail %d\n",
		lost, dup, phantom, len(acked)-mails)
	return lost+dup+phantom > 0 || total != len(acked) || mails != len(acked), nil
}

// portalCPU is the user and system time of process pid (0: none).
func portalCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

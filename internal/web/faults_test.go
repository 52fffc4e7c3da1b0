package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// The fault tests of issue 12: a write lock held past the deadline, the
// same submission retried with its idempotency key, PostgreSQL stopped, a
// full disk, a read-only file, and writes held up by a lock that must not
// take the pool from everyone else. Each runs the real portal on a real
// database behind an HTTP server with a write timeout, as cong serve.

// lockedLog is a log the test reads while the server writes to it.
type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// faultPortal is a portal whose request deadlines and write timeout are
// short, so that a fault shows in a second.
type faultPortal struct {
	*harness
	log    *lockedLog
	apiKey string // an Open311 key
}

// timeouts are a faultPortal's write timeout, request deadline and queue
// wait.
type timeouts struct{ write, request, queue time.Duration }

func newFaultPortal(t *testing.T, db *store.DB, to timeouts) *faultPortal {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: time.Now()}
	if _, err := demo.Fill(ctx, db, c.Now); err != nil {
		t.Fatal(err)
	}
	log := &lockedLog{}
	srv, err := web.New(ctx, web.Options{DB: db, Log: slog.New(slog.NewJSONHandler(log, nil)), Version: "test", Now: c.Now,
		MediaDir: t.TempDir(), SecretKey: testSecretKey, WriteTimeout: to.write, RequestTimeout: to.request, QueueWait: to.queue})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout, ts.Config.WriteTimeout = to.write, to.write
	ts.Start()
	t.Cleanup(ts.Close)
	main, err := site.NewSites(db, c.Now).Main(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key, err := srv.Feedback().IssueKey(ctx, "Ứng dụng đối tác", audit.CLI)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, srv: ts, clock: c, main: main, users: account.NewUsers(db, c.Now), usedStep: map[string]int64{}}
	return &faultPortal{harness: h, log: log, apiKey: key}
}

// answer is what a client got: a status and body, or no answer at all.
type answer struct {
	status int
	body   string
	header http.Header
	err    error // the connection failed: no answer
}

// open311 files a request whose description carries marker, with the
// idempotency key idem (none when empty).
func (p *faultPortal) open311(client *http.Client, apiKey, idem, marker string) answer {
	form := url.Values{"api_key": {apiKey}, "service_code": {"vuong-mac"}, "description": {"Phản ánh thử " + marker},
		"first_name": {"Lê"}, "last_name": {"Văn Cường"}, "address_string": {"1 Đồng Khởi"}, "email": {"cuong@example.vn"}}
	req, _ := http.NewRequest("POST", p.srv.URL+"/open311/v2/requests.json", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, body: string(body), header: resp.Header, err: err}
}

// stored is the tracking code of the request whose text carries marker,
// or "" when there is none; more than one fails the test.
func (p *faultPortal) stored(marker string) string {
	p.t.Helper()
	rows, err := p.db.Query(context.Background(), `SELECT code FROM feedback_requests WHERE body = ?`, "Phản ánh thử "+marker)
	if err != nil {
		p.t.Fatal(err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	if len(codes) > 1 {
		p.t.Errorf("%s filed %d times: %v", marker, len(codes), codes)
	}
	if len(codes) == 0 {
		return ""
	}
	return codes[0]
}

var createdRE = regexp.MustCompile(`"service_request_id":"(PAKN-\d{4}-\d{6})"`)

// TestWriteLockPastTheDeadline: another process holds the write lock
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: LOCK TABLE) for longer than the
// server's write timeout while partners keep filing. Every client gets
// an answer; a 503 (with Retry-After, in GeoReport's format) means the
// request is not stored, a 201 that it is, under the code the answer
// gives — never the mix. A client that gives up is not filed either.
// The same submissions retried with their keys are then stored once.
//
// Before the request deadlines, the writes waited for the lock past the
// write timeout, committed when it was released, and their clients got
// no answer: filed, and retried as new.
func TestWriteLockPastTheDeadline(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		p := newFaultPortal(t, db, timeouts{write: 3 * time.Second, request: time.Second, queue: 500 * time.Millisecond})
		release := storetest.HoldWriteLock(t, db, "feedback_requests")
		client := &http.Client{}
		impatient := &http.Client{Timeout: 300 * time.Millisecond}
		const n = 16
		answers := make([]answer, n)
		var wg sync.WaitGroup
		start := time.Now()
		// One request every 250 ms for 4 s; the lock goes at 3.5 s.
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(time.Duration(i) * 250 * time.Millisecond)
				c := client
				if i == 1 {
					c = impatient
				}
				answers[i] = p.open311(c, p.apiKey, fmt.Sprintf("khoa-thu-lan-dau-%04d", i), fmt.Sprintf("#%d", i))
			}()
		}
		time.Sleep(3500*time.Millisecond - time.Since(start))
		release()
		wg.Wait()
		time.Sleep(500 * time.Millisecond) // anything still running ends
		refused, filed := 0, 0
		for i, a := range answers {
			marker := fmt.Sprintf("#%d", i)
			code := p.stored(marker)
			switch {
			case i == 1:
				if a.err == nil {
					t.Errorf("the impatient client got an answer: %d", a.status)
				}
				if code != "" {
					t.Errorf("the request of a client that gave up was filed as %s", code)
				}
			case a.err != nil:
				t.Errorf("%s: no answer (%v); filed as %q", marker, a.err, code)
			case a.status == http.StatusServiceUnavailable:
				refused++
				if code != "" {
					t.Errorf("%s: answered 503 but filed as %s", marker, code)
				}
				if a.header.Get("Retry-After") == "" || !strings.Contains(a.body, `"code":503`) {
					t.Errorf("%s: 503 without Retry-After or in another format: %v %s", marker, a.header, a.body)
				}
			case a.status == http.StatusCreated:
				filed++
				if m := createdRE.FindStringSubmatch(a.body); m == nil || m[1] != code {
					t.Errorf("%s: answered %s but filed as %q", marker, a.body, code)
				}
			default:
				t.Errorf("%s: %d %s", marker, a.status, a.body)
			}
		}
		t.Logf("%d refused with 503, %d filed with 201", refused, filed)
		if refused == 0 || filed == 0 {
			t.Errorf("refused %d, filed %d: the lock should have refused the early ones and let the late ones through", refused, filed)
		}
		if !strings.Contains(p.log.String(), `"msg":"database unavailable"`) {
			t.Errorf("no ERROR line for the refusals:\n%.2000s", p.log.String())
		}
		// Every partner retries with its key: each submission is filed
		// once, the ones answered 201 keep their code.
		for i := range answers {
			if i == 1 {
				continue
			}
			marker := fmt.Sprintf("#%d", i)
			before := p.stored(marker)
			a := p.open311(client, p.apiKey, fmt.Sprintf("khoa-thu-lan-dau-%04d", i), marker)
			m := createdRE.FindStringSubmatch(a.body)
			if a.status != http.StatusCreated || m == nil || m[1] != p.stored(marker) || (before != "" && m[1] != before) {
				t.Errorf("%s retried: %d %s (filed before as %q)", marker, a.status, a.body, before)
			}
			if (before != "") != (a.header.Get("Idempotent-Replayed") == "true") {
				t.Errorf("%s retried: Idempotent-Replayed = %q, filed before as %q", marker, a.header.Get("Idempotent-Replayed"), before)
			}
		}
	})
}

// TestIdempotentSubmissions: an Open311 POST and the feedback form sent
// twice with the same key — one after the other, and at the same moment —
// are filed once and answered alike; a key reused for other content is
// refused; the form's key is made per view, so the form is not cached.
func TestIdempotentSubmissions(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		p := newFaultPortal(t, db, timeouts{})
		client := &http.Client{}
		const key = "0b7c2f2e-7a4e-4bd0-9d53-1f0e4f6a9c11"
		first := p.open311(client, p.apiKey, key, "lặp")
		again := p.open311(client, p.apiKey, `"`+key+`"`, "lặp") // the draft's quoted form
		if first.status != 201 || again.status != 201 || again.body != first.body || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("first %d %s; again %d %s %v", first.status, first.body, again.status, again.body, again.header)
		}
		if code := p.stored("lặp"); !strings.Contains(first.body, code) {
			t.Errorf("filed as %q, answered %s", code, first.body)
		}
		if a := p.open311(client, p.apiKey, key, "khác"); a.status != http.StatusUnprocessableEntity || p.stored("khác") != "" {
			t.Errorf("a key reused for another request: %d %s", a.status, a.body)
		}
		if a := p.open311(client, p.apiKey, "ngắn", "ngắn"); a.status != http.StatusBadRequest || !strings.Contains(a.body, "Idempotency-Key") {
			t.Errorf("a malformed key: %d %s", a.status, a.body)
		}
		// Without a key, as before: each POST is a new request.
		p.open311(client, p.apiKey, "", "không khóa")
		if a := p.open311(client, p.apiKey, "", "không khóa"); a.status != 201 {
			t.Errorf("a second POST without a key: %d", a.status)
		}
		if n := p.count("không khóa"); n != 2 {
			t.Errorf("two POSTs without a key filed %d requests", n)
		}
		// Ten twins at once.
		var wg sync.WaitGroup
		bodies := make([]answer, 10)
		for i := range bodies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				bodies[i] = p.open311(client, p.apiKey, "twin-0123456789abcdef", "sinh đôi")
			}()
		}
		wg.Wait()
		code := p.stored("sinh đôi")
		for _, a := range bodies {
			if a.status != 201 || !strings.Contains(a.body, `"`+code+`"`) {
				t.Errorf("a twin got %d %s; the request is %s", a.status, a.body, code)
			}
		}

		// The form: each view has its own key, and is never cached.
		b := p.browser()
		var keys []string
		for range 2 {
			f := b.get("/phan-anh-kien-nghi")
			m := regexp.MustCompile(`name="idempotency_key" value="([A-Za-z0-9_-]{16,})"`).FindStringSubmatch(f.body)
			if f.status != 200 || m == nil || f.header.Get("Cache-Control") != "no-store" {
				t.Fatalf("form: %d %q %v", f.status, f.header.Get("Cache-Control"), m)
			}
			keys = append(keys, m[1])
		}
		if keys[0] == keys[1] {
			t.Error("two views of the form carry the same key")
		}
		fields := map[string]string{"name": "Trần Thị Bình", "address": "5 Hà Huy Giáp", "phone": "0912345678",
			"category": "khong-phu-hop", "title": "Gửi hai lần", "body": "Phản ánh thử biểu mẫu", "altcha": b.solveCaptcha(),
			"idempotency_key": keys[0]}
		sent := b.postMultipart("/phan-anh-kien-nghi", fields, map[string][]byte{"anh.jpg": photo()})
		resent := b.postMultipart("/phan-anh-kien-nghi", fields, map[string][]byte{"anh.jpg": photo()})
		if sent.status != 303 || resent.status != 303 || resent.location != sent.location || resent.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("form sent twice: %d %q, then %d %q\n%s", sent.status, sent.location, resent.status, resent.location, resent.body)
		}
		if n := p.count("biểu mẫu"); n != 1 {
			t.Errorf("the form sent twice filed %d requests", n)
		}
	})
}

// count is how many requests carry marker.
func (p *faultPortal) count(marker string) int {
	p.t.Helper()
	var n int
	if err := p.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM feedback_requests WHERE body = ?`, "Phản ánh thử "+marker).Scan(&n); err != nil {
		p.t.Fatal(err)
	}
	return n
}

// TestFormRetriedAfterALock: the form refused with 503 while the lock was
// held is sent again, as it was, once the lock is gone, and is filed: the
// refused attempt spent neither its captcha solution nor its key.
func TestFormRetriedAfterALock(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		p := newFaultPortal(t, db, timeouts{write: 3 * time.Second, request: time.Second, queue: 500 * time.Millisecond})
		b := p.browser()
		fields := map[string]string{"name": "Trần Thị Bình", "address": "5 Hà Huy Giáp", "phone": "0912345678",
			"category": "khong-phu-hop", "title": "Gửi lại", "body": "Phản ánh thử gửi lại", "altcha": b.solveCaptcha(),
			"idempotency_key": "form-key-0123456789"}
		release := storetest.HoldWriteLock(t, db, "feedback_requests")
		if db.Dialect == store.SQLite { // PostgreSQL locks the one table: the node takes other writes
			if r := b.get("/readyz"); r.status != 503 || !strings.Contains(r.body, "not ready: ") {
				t.Errorf("readyz under another process's write lock: %d %s", r.status, r.body)
			}
		}
		refused := b.postMultipart("/phan-anh-kien-nghi", fields, nil)
		release()
		if refused.status != http.StatusServiceUnavailable || refused.header.Get("Retry-After") == "" ||
			!strings.Contains(refused.body, "Xin thử lại sau ít giây") {
			t.Fatalf("form under the lock: %d %v\n%.3000s", refused.status, refused.header, refused.body)
		}
		if n := p.count("gửi lại"); n != 0 {
			t.Fatalf("refused, yet filed %d", n)
		}
		if again := b.postMultipart("/phan-anh-kien-nghi", fields, nil); again.status != 303 {
			t.Fatalf("the same form after the lock: %d\n%.3000s", again.status, again.body)
		}
		if n := p.count("gửi lại"); n != 1 {
			t.Errorf("filed %d times", n)
		}
	})
}

// TestPostgresStopped: with the database server down, Open311 answers 503
// in its format — never 403 "invalid api_key" — and so do pages, the API,
// the form and staff screens; /readyz says the database is unreachable,
// and the log has an ERROR line naming the fault.
func TestPostgresStopped(t *testing.T) {
	c := storetest.NewCluster(t)
	p := newFaultPortal(t, c.Database(t), timeouts{write: 6 * time.Second, request: 2 * time.Second, queue: time.Second})
	client := &http.Client{}
	if a := p.open311(client, p.apiKey, "", "trước"); a.status != 201 {
		t.Fatalf("before the stop: %d %s", a.status, a.body)
	}
	p.person("bientap9", account.Editor, "dong-nai")
	staff := p.browser()
	staff.signIn("bientap9")
	citizen := p.browser()
	solved := citizen.solveCaptcha()
	// Pages that look a thing up by its address: with the database down
	// each must say so, never "not found" (a 404 that caches and search
	// engines keep).
	lookups := []string{"/hoi-dap", "/tim-kiem?q=lu%E1%BA%ADt", "/open311/v2/requests.json", "/to-chuc", "/feed.atom"}
	for _, q := range []string{
		`SELECT '/tin-tuc/' || slug FROM items WHERE kind = 'article' AND live AND lang = 'vi' ORDER BY id LIMIT 1`,
		`SELECT '/van-ban/' || slug FROM items WHERE kind = 'legal' AND live AND lang = 'vi' ORDER BY id LIMIT 1`,
		`SELECT '/chuyen-muc/' || slug FROM categories WHERE site_id = (SELECT id FROM sites WHERE code = 'dong-nai') ORDER BY id LIMIT 1`,
		`SELECT '/chuyen-muc/' || slug || '/feed.atom' FROM categories WHERE site_id = (SELECT id FROM sites WHERE code = 'dong-nai') ORDER BY id LIMIT 1`,
	} {
		var path string
		if err := p.db.QueryRow(context.Background(), q).Scan(&path); err != nil {
			t.Fatal(err)
		}
		lookups = append(lookups, path, path+"?trang=2")
	}
	c.Stop(t)

	for _, key := range []string{p.apiKey, "a-key-nobody-issued"} {
		a := p.open311(client, key, "", "khi dừng")
		if a.status != http.StatusServiceUnavailable || !strings.Contains(a.body, `"code":503`) || a.header.Get("Retry-After") == "" ||
			strings.Contains(a.body, "api_key") {
			t.Errorf("Open311 POST with the database down: %d %v %s", a.status, a.header, a.body)
		}
	}
	if r := citizen.get("/readyz"); r.status != 503 || !strings.Contains(r.body, "unreachable") {
		t.Errorf("readyz: %d %s", r.status, r.body)
	}
	for _, path := range lookups {
		if r := citizen.get(path); r.status != 503 || r.header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down: %d %.300s", path, r.status, r.body)
		}
	}
	if r := citizen.get("/hoi-dap?q=x"); !strings.Contains(r.body, "Không kết nối được cơ sở dữ liệu") {
		t.Errorf("the page does not name the cause:\n%.3000s", r.body)
	}
	r := citizen.get("/api/v1/search?q=lu%E1%BA%ADt")
	var e map[string]string
	if r.status != 503 || json.Unmarshal([]byte(r.body), &e) != nil || !strings.Contains(e["error_en"], "cannot be reached") {
		t.Errorf("API: %d %s", r.status, r.body)
	}
	form := citizen.postMultipart("/phan-anh-kien-nghi", map[string]string{"name": "Bình", "address": "5 Hà Huy Giáp",
		"phone": "0912345678", "category": "khac", "title": "Khi dừng", "body": "Phản ánh", "altcha": solved}, nil)
	if form.status != 503 || !strings.Contains(form.body, "Không kết nối được cơ sở dữ liệu") {
		t.Errorf("form: %d\n%.3000s", form.status, form.body)
	}
	if r := staff.get("/quan-tri/"); r.status != 503 {
		t.Errorf("staff dashboard: %d %.300s", r.status, r.body)
	}
	if log := p.log.String(); !strings.Contains(log, `"level":"ERROR","msg":"database unavailable"`) || !strings.Contains(log, `"fault":"unreachable"`) {
		t.Errorf("no ERROR line naming the fault:\n%.3000s", log)
	}
}

// TestDiskFull: with the disk full, /readyz is not ready and says why,
// a submission is refused with 503 naming the full disk and not stored;
// once there is room again, the same submission is filed.
func TestDiskFull(t *testing.T) {
	dir := storetest.Tmpfs(t, 12<<20)
	db := storetest.SQLiteIn(t, dir)
	p := newFaultPortal(t, db, timeouts{write: 6 * time.Second, request: 2 * time.Second, queue: time.Second})
	b := p.browser()
	if r := b.get("/readyz"); r.status != 200 {
		t.Fatalf("readyz before: %d %s", r.status, r.body)
	}
	if _, err := db.Exec(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	storetest.FillDisk(t, dir)
	r := b.get("/readyz")
	if r.status != 503 || !strings.Contains(r.body, "disk full") || !strings.Contains(r.body, dir) {
		t.Errorf("readyz on a full disk: %d %s", r.status, r.body)
	}
	client := &http.Client{}
	a := p.open311(client, p.apiKey, "disk-full-key-0123456789", "đĩa đầy")
	if a.status != 503 || !strings.Contains(a.body, "disk is full") || p.stored("đĩa đầy") != "" {
		t.Errorf("Open311 on a full disk: %d %s (filed as %q)", a.status, a.body, p.stored("đĩa đầy"))
	}
	if err := os.Remove(filepath.Join(dir, "fill")); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/readyz"); r.status != 200 {
		t.Errorf("readyz with room again: %d %s", r.status, r.body)
	}
	if a := p.open311(client, p.apiKey, "disk-full-key-0123456789", "đĩa đầy"); a.status != 201 || p.stored("đĩa đầy") == "" {
		t.Errorf("the same submission with room again: %d %s", a.status, a.body)
	}
}

// TestReadOnlyDatabase: a database file that may not be written is named
// as such — by /readyz, Open311 and the form, which used to call it a
// captcha error.
func TestReadOnlyDatabase(t *testing.T) {
	dir := t.TempDir()
	db := storetest.SQLiteIn(t, dir)
	p := newFaultPortal(t, db, timeouts{write: 6 * time.Second, request: 2 * time.Second, queue: time.Second})
	b := p.browser()
	solved := b.solveCaptcha()
	path := filepath.Join(dir, "cong.db")
	storetest.Immutable(t, path, path+"-wal")
	if r := b.get("/readyz"); r.status != 503 || !strings.Contains(r.body, "read-only") {
		t.Errorf("readyz: %d %s", r.status, r.body)
	}
	if a := p.open311(&http.Client{}, p.apiKey, "", "chỉ đọc"); a.status != 503 || !strings.Contains(a.body, "read-only") {
		t.Errorf("Open311: %d %s", a.status, a.body)
	}
	form := b.postMultipart("/phan-anh-kien-nghi", map[string]string{"name": "Bình", "address": "5 Hà Huy Giáp",
		"phone": "0912345678", "category": "khac", "title": "Chỉ đọc", "body": "Phản ánh", "altcha": solved}, nil)
	if form.status != 503 || !strings.Contains(form.body, "chỉ đọc") || strings.Contains(form.body, "chống thư rác") {
		t.Errorf("form: %d\n%.3000s", form.status, form.body)
	}
}

// TestBlockedWritesLeaveRoomForOthers: two dozen Open311 POSTs wait
// behind a lock — more than the 20 connections of PostgreSQL's pool —
// while /readyz, an uncached page and the API still answer at once: the
// submissions have their own few places, and the rest queue outside the
// pool and are refused with 503 at their queue's deadline.
func TestBlockedWritesLeaveRoomForOthers(t *testing.T) {
	db := storetest.Postgres(t)
	p := newFaultPortal(t, db, timeouts{write: 30 * time.Second, request: 6 * time.Second, queue: 5 * time.Second})
	release := storetest.HoldWriteLock(t, db, "feedback_requests")
	client := &http.Client{}
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.open311(client, p.apiKey, "", fmt.Sprintf("chờ %d", i))
		}()
	}
	time.Sleep(500 * time.Millisecond)
	quick := &http.Client{Timeout: 3 * time.Second}
	for _, path := range []string{"/readyz", "/tim-kiem?q=lu%E1%BA%ADt", "/api/v1/search?q=lu%E1%BA%ADt", "/hoi-dap?q=abc"} {
		start := time.Now()
		resp, err := quick.Get(p.srv.URL + path)
		if err != nil {
			t.Errorf("%s while the writes wait: %v", path, err)
			continue
		}
		resp.Body.Close()
		if took := time.Since(start); resp.StatusCode != 200 || took > 1500*time.Millisecond {
			t.Errorf("%s while the writes wait: %d after %v", path, resp.StatusCode, took)
		}
	}
	release()
	wg.Wait()
}

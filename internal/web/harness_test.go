package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/web"
)

// clock is a settable time source shared by the server and the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness is a real portal on a real database behind a real HTTP server.
type harness struct {
	t     *testing.T
	db    *store.DB
	srv   *httptest.Server
	web   *web.Server // the portal behind srv
	clock *clock
	main  *site.Site
	users *account.Users
	// usedStep is the 30-second step of the last code given for each
	// TOTP secret (see browser.code).
	usedStep map[string]int64
}

const testPassword = "mật-khẩu-thử-nghiệm"

// testSecretKey seals the TOTP secrets of every test server.
var testSecretKey = []byte("cong test key: 32 bytes exactly!")

func newHarness(t *testing.T, db *store.DB, opts ...func(*web.Options)) *harness {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: time.Now()}
	if _, err := demo.Fill(ctx, db, c.Now); err != nil {
		t.Fatal(err)
	}
	// With a sealing key, as cong serve runs: every TOTP test goes through
	// sealed secrets. One key for all, as the nodes of one database share
	// theirs.
	o := web.Options{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", Now: c.Now, MediaDir: t.TempDir(),
		SecretKey: testSecretKey}
	for _, f := range opts {
		f(&o)
	}
	srv, err := web.New(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	main, err := site.NewSites(db, c.Now).Main(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, db: db, srv: ts, web: srv, clock: c, main: main, users: account.NewUsers(db, c.Now), usedStep: map[string]int64{}}
}

// person creates an account holding role on the site with code siteCode.
func (h *harness) person(username string, role account.Role, siteCode string) *account.User {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.users.Create(ctx, account.NewUser{Username: username, FullName: "Người " + username, Password: testPassword}, audit.CLI)
	if err != nil {
		h.t.Fatal(err)
	}
	if role != "" {
		st, err := site.NewSites(h.db, h.clock.Now).ByCode(ctx, siteCode)
		if err != nil {
			h.t.Fatal(err)
		}
		if err := h.users.Grant(ctx, u.ID, st.ID, role, audit.CLI); err != nil {
			h.t.Fatal(err)
		}
	}
	return u
}

// browser is an HTTP client with its own cookies that does not follow
// redirects, so tests see where the portal sends people.
type browser struct {
	h      *harness
	c      *http.Client
	secret string // TOTP secret once enrolled
	// recovery holds the recovery codes shown at the last enrolment.
	recovery []string
}

var recoveryCodeRE = regexp.MustCompile(`<li><code>([0-9a-z]{5}-[0-9a-z]{5})</code></li>`)

// recoveryCodesIn reads the recovery codes a page shows.
func recoveryCodesIn(body string) []string {
	var out []string
	for _, m := range recoveryCodeRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (b *browser) do(req *http.Request) page {
	b.h.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location"), header: resp.Header}
}

func (b *browser) get(path string) page {
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	return b.do(req)
}

// post sends a form as a browser on the portal's own pages would.
func (b *browser) post(path string, form url.Values) page {
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

var secretRE = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

// signIn logs in and, when the role needs it, enrols or gives the
// second factor, so the browser ends on a working staff session.
func (b *browser) signIn(username string) {
	b.h.t.Helper()
	// Each sign-in from its own address: tests that sign many people in
	// behind a trusted proxy stay clear of the per-address limit (without
	// a trusted proxy the header is ignored).
	ip := nextAddress()
	p := b.postFrom(ip, "/dang-nhap", url.Values{"username": {username}, "password": {testPassword}, "next": {"/quan-tri/"}})
	if p.status != http.StatusSeeOther {
		b.h.t.Fatalf("sign in %s: status %d\n%s", username, p.status, p.body)
	}
	switch {
	case p.location == "/quan-tri/xac-thuc/dang-ky":
		form := b.get(p.location)
		m := secretRE.FindStringSubmatch(form.body)
		if m == nil {
			b.h.t.Fatalf("no TOTP secret on the enrolment page:\n%s", form.body)
		}
		b.secret = m[1]
		p = b.postFrom(ip, p.location, url.Values{"code": {b.code()}})
		// The enrolment answers with the recovery codes, shown once; the
		// person then goes on to the dashboard.
		if b.recovery = recoveryCodesIn(p.body); p.status == http.StatusOK && len(b.recovery) > 0 {
			p = page{status: http.StatusSeeOther, location: "/quan-tri/"}
		}
	case strings.HasPrefix(p.location, "/dang-nhap/xac-thuc"):
		p = b.postFrom(ip, "/dang-nhap/xac-thuc", url.Values{"code": {b.code()}, "next": {"/quan-tri/"}})
	}
	if p.status != http.StatusSeeOther || p.location != "/quan-tri/" {
		b.h.t.Fatalf("sign in %s ended at %d %q", username, p.status, p.location)
	}
}

// code is the authenticator's current code. The portal accepts a code
// once (RFC 6238 §5.2), so when this secret's code of the current
// 30-second step was already given, the clock moves to the next step, as
// a person would wait for the next code.
func (b *browser) code() string {
	b.h.t.Helper()
	step := b.h.clock.Now().Unix() / 30
	if last, ok := b.h.usedStep[b.secret]; ok && step <= last {
		b.h.clock.Add(time.Duration(last-step+1) * 30 * time.Second)
		step = last + 1
	}
	b.h.usedStep[b.secret] = step
	code, err := totp.GenerateCode(b.secret, b.h.clock.Now())
	if err != nil {
		b.h.t.Fatal(err)
	}
	return code
}

// auditCount counts audit entries of an action.
func (h *harness) auditCount(action string) int {
	h.t.Helper()
	var n int
	if err := h.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

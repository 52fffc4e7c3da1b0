package web_test

// The security suite (docs/security.md): the second factor, body limits
// on every POST route, the redirect validator, the role matrix with its
// grants, and the drafts. An operator reruns it with
//
//	go test ./internal/web -run Security -v
//
// Every test runs on SQLite and on PostgreSQL.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// trustLoopback makes the test's loopback client a trusted proxy, so a
// request can name its client address in X-Forwarded-For: the per-address
// limits then leave a test that signs in many times alone.
func trustLoopback(o *web.Options) {
	o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
}

var addressCount atomic.Int64

// nextAddress is a new documentation address (RFC 5737) for each call.
func nextAddress() string {
	n := addressCount.Add(1)
	return fmt.Sprintf("198.51.%d.%d", n/250, n%250+1)
}

// postFrom posts a form as if from the client address ip.
func (b *browser) postFrom(ip, path string, form url.Values) page {
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("X-Forwarded-For", ip)
	return b.do(req)
}

// totpSecretOf reads the stored (sealed) secret of an account.
func (h *harness) totpSecretOf(username string) string {
	h.t.Helper()
	var s string
	if err := h.db.QueryRow(context.Background(), `SELECT totp_secret FROM users WHERE username = ?`, username).Scan(&s); err != nil {
		h.t.Fatal(err)
	}
	return s
}

// TestSecuritySecondFactorCannotBeReplacedWithThePassword: the password
// alone never reaches the enrolment of a new secret for an account that
// has one (issue 11, finding 1), and moving to a new device needs the
// current code.
func TestSecuritySecondFactorCannotBeReplacedWithThePassword(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("quantri9", account.Admin, "dong-nai")
		owner := h.browser()
		owner.signIn("quantri9") // enrols at the first sign-in
		before := h.totpSecretOf("quantri9")

		// The attacker knows the password only.
		thief := h.browser()
		p := thief.post("/dang-nhap", url.Values{"username": {"quantri9"}, "password": {testPassword}})
		if !strings.HasPrefix(p.location, "/dang-nhap/xac-thuc") {
			t.Fatalf("sign-in with a second factor went to %q", p.location)
		}
		for _, path := range []string{"/quan-tri/xac-thuc/dang-ky", "/quan-tri/xac-thuc/qr.png", "/quan-tri/"} {
			if p := thief.get(path); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/dang-nhap/xac-thuc") {
				t.Errorf("GET %s with the password alone = %d %q; want the code page", path, p.status, p.location)
			}
		}
		if p := thief.post("/quan-tri/xac-thuc/dang-ky", url.Values{"code": {"123456"}}); p.status != http.StatusSeeOther ||
			!strings.HasPrefix(p.location, "/dang-nhap/xac-thuc") {
			t.Errorf("POST enrolment with the password alone = %d %q; want the code page", p.status, p.location)
		}
		if h.totpSecretOf("quantri9") != before {
			t.Fatal("the secret changed after a password-only session")
		}

		// The owner, past the code, moves to a new phone: the current
		// code is required.
		form := owner.get("/quan-tri/xac-thuc/dang-ky")
		if form.status != 200 || !strings.Contains(form.body, `name="current_code"`) {
			t.Fatalf("re-enrolment form = %d, asks for the current code: %v", form.status, strings.Contains(form.body, "current_code"))
		}
		newSecret := secretRE.FindStringSubmatch(form.body)[1]
		newPhone := &browser{h: h, secret: newSecret}
		if p := owner.post("/quan-tri/xac-thuc/dang-ky", url.Values{"code": {newPhone.code()}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("re-enrolment without the current code = %d; want 422", p.status)
		}
		if p := owner.post("/quan-tri/xac-thuc/dang-ky", url.Values{"code": {newPhone.code()}, "current_code": {"000000"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("re-enrolment with a wrong current code = %d; want 422", p.status)
		}
		if h.totpSecretOf("quantri9") != before {
			t.Fatal("the secret changed without the current code")
		}
		other := h.browser()
		other.secret = owner.secret
		other.signIn("quantri9")
		p = owner.post("/quan-tri/xac-thuc/dang-ky", url.Values{"code": {newPhone.code()}, "current_code": {owner.code()}})
		if p.status != http.StatusOK || len(recoveryCodesIn(p.body)) != 10 {
			t.Fatalf("re-enrolment with both codes = %d %q; want the page of new recovery codes\n%.2000s", p.status, p.location, p.body)
		}
		if h.totpSecretOf("quantri9") == before {
			t.Error("the secret did not change")
		}
		if p := owner.get("/quan-tri/"); p.status != 200 {
			t.Errorf("the moving session after re-enrolment = %d; want 200", p.status)
		}
		if p := other.get("/quan-tri/"); p.status != http.StatusSeeOther {
			t.Errorf("another session after re-enrolment = %d; want it ended", p.status)
		}
		if h.auditCount("totp.reenroll") != 1 {
			t.Errorf("re-enrolment audited %d times; want 1", h.auditCount("totp.reenroll"))
		}
	})
}

// TestSecurityTOTPCodeIsAcceptedOnce: a code seen over a shoulder or in
// a proxy's log cannot be used again (finding 8).
func TestSecurityTOTPCodeIsAcceptedOnce(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("truongban9", account.BoardHead, "dong-nai")
		first := h.browser()
		first.signIn("truongban9")
		h.clock.Add(30 * time.Second)
		code := first.code()
		a, b := h.browser(), h.browser()
		for _, x := range []*browser{a, b} {
			x.post("/dang-nhap", url.Values{"username": {"truongban9"}, "password": {testPassword}})
		}
		if p := a.post("/dang-nhap/xac-thuc", url.Values{"code": {code}, "next": {"/quan-tri/"}}); p.location != "/quan-tri/" {
			t.Fatalf("first use of the code = %d %q", p.status, p.location)
		}
		if p := b.post("/dang-nhap/xac-thuc", url.Values{"code": {code}, "next": {"/quan-tri/"}}); p.status != http.StatusUnauthorized ||
			!strings.Contains(p.body, "đã được dùng") {
			t.Errorf("second use of the code = %d %q; want 401 saying it was used", p.status, p.location)
		}
	})
}

// TestSecurityTOTPAttemptsAreCountedPerAccount: wrong codes lock the
// account whatever address they come from; the right code is then
// refused too (finding 8).
func TestSecurityTOTPAttemptsAreCountedPerAccount(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("phoban9", account.BoardDeputy, "dong-nai")
		owner := h.browser()
		owner.signIn("phoban9")
		h.clock.Add(30 * time.Second)

		thief := h.browser()
		thief.post("/dang-nhap", url.Values{"username": {"phoban9"}, "password": {testPassword}})
		var last page
		for i := range 5 {
			req, _ := http.NewRequest("POST", h.srv.URL+"/dang-nhap/xac-thuc", strings.NewReader(url.Values{"code": {fmt.Sprintf("%06d", 100000+i)}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", h.srv.URL)
			req.Header.Set("X-Forwarded-For", nextAddress()) // a new address each time
			last = thief.do(req)
		}
		if last.status != http.StatusTooManyRequests {
			t.Fatalf("fifth wrong code from a fifth address = %d; want 429 (locked)", last.status)
		}
		if p := thief.post("/dang-nhap/xac-thuc", url.Values{"code": {owner.code()}}); p.status != http.StatusTooManyRequests {
			t.Errorf("the right code on a locked account = %d; want 429", p.status)
		}
		if h.auditCount("totp.fail") < 5 {
			t.Errorf("wrong codes audited %d times; want 5", h.auditCount("totp.fail"))
		}
	})
}

// TestSecurityUsernamesCannotBeToldApart: wrong passwords for a known and
// for an unknown username get the same answers, lock included, and a
// username with a NUL byte is an ordinary wrong sign-in (findings 8, 9).
func TestSecurityUsernamesCannotBeToldApart(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("coso", account.Editor, "dong-nai")
		statuses := func(name string) []int {
			var out []int
			for range 6 { // from many addresses, as an attacker would
				p := h.browser().postFrom(nextAddress(), "/dang-nhap", url.Values{"username": {name}, "password": {"sai-mat-khau"}})
				out = append(out, p.status)
			}
			return out
		}
		known, unknown := statuses("coso"), statuses("khongco")
		if fmt.Sprint(known) != fmt.Sprint(unknown) {
			t.Errorf("answers for a known username %v, for an unknown one %v; want the same", known, unknown)
		}
		if known[5] != http.StatusTooManyRequests {
			t.Errorf("sixth wrong password = %d; want 429", known[5])
		}
		for _, name := range []string{"co\x00so", "\x00", "\xff\xfe", "quantri\x00'--"} {
			p := h.browser().post("/dang-nhap", url.Values{"username": {name}, "password": {"x"}})
			if p.status >= 500 {
				t.Errorf("username %q = %d", name, p.status)
			}
		}
	})
}

// postRoutes reads every POST route from routes.go, so a new one is
// covered by the body-limit test without anyone remembering to add it.
func postRoutes(t *testing.T) []string {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fill := strings.NewReplacer("{site}", "dong-nai", "{id}", "1", "{code}", "dong-nai", "{file}", "requests.json", "{token}", "x", "{$}", "")
	for _, m := range regexp.MustCompile(`"POST (/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		out = append(out, fill.Replace(m[1]))
	}
	if len(out) < 40 {
		t.Fatalf("found %d POST routes in routes.go; the pattern no longer matches", len(out))
	}
	return out
}

// endlessBody is a well-formed multipart form with one file of total
// bytes, made as it is read (never held in memory), counting what the
// server read.
type endlessBody struct {
	sent, total int64
	head, tail  []byte
}

func newEndlessBody(total int64) *endlessBody {
	return &endlessBody{total: total,
		head: []byte("--B\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nx\r\n" +
			"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
		tail: []byte("\r\n--B--\r\n")}
}

func (b *endlessBody) Read(p []byte) (int, error) {
	sent := atomic.LoadInt64(&b.sent)
	if sent >= b.total {
		return 0, io.EOF
	}
	n := min(int64(len(p)), b.total-sent)
	switch tailAt := b.total - int64(len(b.tail)); {
	case sent < int64(len(b.head)):
		n = int64(copy(p[:n], b.head[sent:]))
	case sent >= tailAt:
		n = int64(copy(p[:n], b.tail[sent-tailAt:]))
	default:
		n = min(n, tailAt-sent)
		for i := range p[:n] {
			p[i] = 'x'
		}
	}
	atomic.AddInt64(&b.sent, n)
	return int(n), nil
}

// TestSecurityBodyLimitsOnEveryPostRoute sends a 100 MB body to every
// POST route, as an outsider and as a signed-in editor, both with its
// length declared and streamed without one: every answer is 413 or a
// refusal, the server stops reading near the route's limit, and no
// temporary file is left (finding 2).
func TestSecurityBodyLimitsOnEveryPostRoute(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where mime/multipart spools large files
	const size = 100 << 20
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("btv9", account.Editor, "dong-nai")
		editor := h.browser()
		editor.signIn("btv9")
		for _, who := range []struct {
			name string
			b    *browser
		}{{"anonymous", h.browser()}, {"editor", editor}} {
			for _, path := range postRoutes(t) {
				for _, declared := range []bool{true, false} {
					body := newEndlessBody(size)
					req, _ := http.NewRequest("POST", h.srv.URL+path, body)
					req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
					req.Header.Set("Origin", h.srv.URL)
					if declared {
						req.ContentLength = size
					} else {
						req.ContentLength = -1
					}
					resp, err := who.b.c.Do(req)
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusRequestEntityTooLarge {
							t.Errorf("%s POST %s (declared %v): %d; want 413", who.name, path, declared, resp.StatusCode)
						}
					} // a connection the server closed mid-upload is a refusal too
					if read := atomic.LoadInt64(&body.sent); read > 48<<20 {
						t.Errorf("%s POST %s (declared %v): the server read %d MB of a 100 MB body", who.name, path, declared, read>>20)
					}
				}
			}
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*")); len(left) > 0 {
			t.Errorf("temporary files left behind: %v", left)
		}
	})
}

// TestSecurityUploadsLeaveNoTemporaryFiles: a whole, well-formed form
// larger than what is kept in memory is spooled to temporary files; they
// are removed when the request ends, whatever the handler answered. The
// reported case: a 40 MB file sent with a reader's error report.
func TestSecurityUploadsLeaveNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("btv8", account.Editor, "dong-nai")
		editor := h.browser()
		editor.signIn("btv8")
		for _, tc := range []struct {
			b    *browser
			path string
			size int64
		}{
			{h.browser(), "/bao-loi", 40 << 20},                  // over its class: refused
			{h.browser(), "/phan-anh-kien-nghi", 4 << 20},        // read, then refused (no captcha)
			{editor, "/quan-tri/s/dong-nai/tep", 3 << 20},        // read, then refused (not a file type we take)
			{editor, "/quan-tri/s/dong-nai/noi-dung/1", 3 << 20}, // read, then refused or saved
		} {
			req, _ := http.NewRequest("POST", h.srv.URL+tc.path, newEndlessBody(tc.size))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
			req.Header.Set("Origin", h.srv.URL)
			req.Header.Set("X-Forwarded-For", nextAddress())
			req.ContentLength = -1
			if p := tc.b.do(req); p.status >= 500 {
				t.Errorf("POST %s = %d", tc.path, p.status)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*")); len(left) > 0 {
				t.Errorf("POST %s left temporary files: %v", tc.path, left)
				for _, f := range left {
					os.Remove(f)
				}
			}
		}
	})
}

// trickyTargets are redirect targets that lead off the portal in some
// browser, or look as if they might (finding 3).
var trickyTargets = []string{
	"https://ke-gian.example/", "//ke-gian.example", "/\\ke-gian.example", "\\\\ke-gian.example",
	"/\t/ke-gian.example", "/\n/ke-gian.example", "/\r/ke-gian.example", "/ /ke-gian.example",
	"\t//ke-gian.example", " //ke-gian.example", "/%09/ke-gian.example", "/%2F/ke-gian.example", "/%5Cke-gian.example",
	"javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "http:ke-gian.example", "https:/ke-gian.example",
	"///ke-gian.example", "/\\/ke-gian.example", "/\u00a0/ke-gian.example", "/\x00/ke-gian.example",
	"ke-gian.example", "@ke-gian.example", "/.ke-gian.example@", "",
}

// offSite reports whether a Location header could take a browser to
// another host: what WHATWG URL parsing does with it, by hand — tabs and
// newlines dropped, backslashes read as slashes, leading spaces trimmed.
func offSite(loc string) bool {
	clean := strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(strings.TrimLeft(loc, " \x00"))
	clean = strings.ReplaceAll(clean, "\\", "/")
	u, err := url.Parse(clean)
	return err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(clean, "//") || !strings.HasPrefix(clean, "/")
}

// TestSecurityRedirectTargetsStayOnThePortal tries every tricky target
// on every form that takes one.
func TestSecurityRedirectTargetsStayOnThePortal(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("btv7", account.Editor, "dong-nai")
		h.person("pb7", account.BoardDeputy, "dong-nai")
		for _, next := range trickyTargets {
			check := func(where string, p page) {
				t.Helper()
				// A redirect on the portal, or a refusal of the request.
				if p.status >= 500 || (p.status == http.StatusSeeOther && offSite(p.location)) || (p.status != http.StatusSeeOther && p.location != "") {
					t.Errorf("%s with next=%q went to %d %q", where, next, p.status, p.location)
				}
			}
			check("language switch", h.browser().get("/ngon-ngu?lang=en&next="+url.QueryEscape(next)))
			check("sign-in", h.browser().postFrom(nextAddress(), "/dang-nhap", url.Values{"username": {"btv7"}, "password": {testPassword}, "next": {next}}))
		}
		// The second factor's form, for a person who has one.
		b := h.browser()
		b.signIn("pb7")
		for _, next := range trickyTargets {
			c := h.browser()
			c.secret = b.secret
			c.postFrom(nextAddress(), "/dang-nhap", url.Values{"username": {"pb7"}, "password": {testPassword}})
			p := c.postFrom(nextAddress(), "/dang-nhap/xac-thuc", url.Values{"code": {c.code()}, "next": {next}})
			if p.status >= 500 || (p.status == http.StatusSeeOther && offSite(p.location)) || (p.status != http.StatusSeeOther && p.location != "") {
				t.Errorf("second factor with next=%q went to %d %q", next, p.status, p.location)
			}
		}
		// Legitimate targets still work.
		for _, next := range []string{"/quan-tri/s/dong-nai/noi-dung?trang-thai=draft", "/en/", "/so-khcn/tin-tuc/a-b"} {
			if p := h.browser().get("/ngon-ngu?lang=vi&next=" + url.QueryEscape(next)); p.location != next {
				t.Errorf("next=%q went to %q", next, p.location)
			}
		}
	})
}

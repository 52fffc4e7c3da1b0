package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestSignInAndLockout(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("nguyenvana", account.Editor, "dong-nai")
		b := h.browser()

		p := b.post("/dang-nhap", url.Values{"username": {"nguyenvana"}, "password": {"sai-mat-khau"}})
		if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Fatalf("wrong password = %d; want 401 with the Vietnamese message", p.status)
		}
		p = b.post("/dang-nhap", url.Values{"username": {"khongco"}, "password": {"x"}})
		if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Fatalf("unknown user = %d; want the same message as a wrong password", p.status)
		}
		for i := 0; i < 4; i++ { // 5 wrong in a row lock the account
			p = b.post("/dang-nhap", url.Values{"username": {"nguyenvana"}, "password": {"sai"}})
		}
		if p.status != http.StatusTooManyRequests || !strings.Contains(p.body, "tạm khóa") {
			t.Fatalf("fifth wrong password = %d; want 429 saying the account is locked:\n%s", p.status, p.body)
		}
		p = b.post("/dang-nhap", url.Values{"username": {"nguyenvana"}, "password": {testPassword}})
		if p.status != http.StatusTooManyRequests {
			t.Fatalf("right password while locked = %d; want 429", p.status)
		}
		if n := h.auditCount("login.fail"); n != 6 {
			t.Errorf("audit has %d login.fail; want 6", n)
		}
		if n := h.auditCount("login.locked"); n != 1 {
			t.Errorf("audit has %d login.locked; want 1", n)
		}
		h.clock.Add(16 * time.Minute)
		b2 := h.browser() // another address would not be rate limited; the lock has passed
		b2.signIn("nguyenvana")
		if p := b2.get("/quan-tri/"); p.status != 200 || !strings.Contains(p.body, "Bảng điều khiển") {
			t.Fatalf("dashboard after lock expiry = %d", p.status)
		}
		if n := h.auditCount("login.ok"); n != 1 {
			t.Errorf("audit has %d login.ok; want 1", n)
		}
	})
}

func TestSignInRateLimitPerAddress(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	var last page
	for i := 0; i < 12; i++ {
		last = b.post("/dang-nhap", url.Values{"username": {"ai-do-" + string(rune('a'+i))}, "password": {"x"}})
	}
	if last.status != http.StatusTooManyRequests || !strings.Contains(last.body, "Quá nhiều lần đăng nhập") {
		t.Fatalf("12th attempt in a minute = %d; want 429", last.status)
	}
}

func TestStaffPagesNeedASession(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		p := b.get("/quan-tri/nguoi-dung")
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/dang-nhap?next=") {
			t.Fatalf("anonymous admin page = %d %q; want a redirect to sign in", p.status, p.location)
		}
		// A forged or expired session cookie: sign in again, audited.
		u, _ := url.Parse(h.srv.URL)
		b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "cong_session", Value: "gia-mao"}})
		p = b.get("/quan-tri/")
		if p.status != http.StatusSeeOther || !strings.Contains(p.location, "het-han=1") {
			t.Fatalf("forged session = %d %q; want a redirect saying the session expired", p.status, p.location)
		}
		if !strings.Contains(b.get(p.location).body, "Phiên đăng nhập đã hết hạn") {
			t.Error("the sign-in page does not say the session expired")
		}
		if h.auditCount("session.expired") != 1 {
			t.Error("expired session not audited")
		}
	})
}

func TestSessionExpiresWhenIdle(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("bientapvien", account.Editor, "dong-nai")
		b := h.browser()
		b.signIn("bientapvien")
		h.clock.Add(3 * time.Hour)
		before := h.users
		p := b.post("/quan-tri/nguoi-dung", url.Values{"username": {"moi"}, "full_name": {"Mới"}, "password": {testPassword}})
		if p.status != http.StatusSeeOther || !strings.Contains(p.location, "het-han=1") {
			t.Fatalf("post with an idle session = %d %q; want a redirect to sign in again", p.status, p.location)
		}
		if _, err := before.ByUsername(t.Context(), "moi"); err == nil {
			t.Error("an expired session created a user")
		}
	})
}

func TestForgedCrossSitePostIsRefused(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("quantri2", account.Admin, "dong-nai")
		b := h.browser()
		b.signIn("quantri2")
		form := url.Values{"username": {"ke-gian"}, "full_name": {"Kẻ gian"}, "password": {testPassword}}
		req, _ := http.NewRequest("POST", h.srv.URL+"/quan-tri/nguoi-dung", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://ke-gian.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		p := b.do(req)
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "không đến từ trang của cổng") {
			t.Fatalf("cross-site post = %d; want 403 with a clear message\n%s", p.status, p.body)
		}
		if _, err := h.users.ByUsername(t.Context(), "ke-gian"); err == nil {
			t.Error("the forged post created a user")
		}
		if h.auditCount("csrf.reject") != 1 {
			t.Error("the forged post was not audited")
		}
		// The same form from the portal's own page works.
		if p := b.post("/quan-tri/nguoi-dung", form); p.status != http.StatusSeeOther {
			t.Errorf("same-origin post = %d; want 303", p.status)
		}
	})
}

func TestSecondFactorRequiredForApproversAndAdmins(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("truongban2", account.BoardHead, "dong-nai")
		b := h.browser()
		p := b.post("/dang-nhap", url.Values{"username": {"truongban2"}, "password": {testPassword}})
		if p.location != "/quan-tri/xac-thuc/dang-ky" {
			t.Fatalf("board head sign-in went to %q; want the TOTP enrolment", p.location)
		}
		if p := b.get("/quan-tri/"); p.location != "/quan-tri/xac-thuc/dang-ky" {
			t.Fatalf("dashboard before enrolment = %d %q; want the enrolment", p.status, p.location)
		}
		form := b.get("/quan-tri/xac-thuc/dang-ky")
		if qr := b.get("/quan-tri/xac-thuc/qr.png"); qr.status != 200 || qr.header.Get("Content-Type") != "image/png" {
			t.Errorf("QR code = %d %s", qr.status, qr.header.Get("Content-Type"))
		}
		b.secret = secretRE.FindStringSubmatch(form.body)[1]
		if p := b.post("/quan-tri/xac-thuc/dang-ky", url.Values{"code": {"000000"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("wrong enrolment code = %d; want 422", p.status)
		}
		if p := b.post("/quan-tri/xac-thuc/dang-ky", url.Values{"code": {b.code()}}); p.status != http.StatusOK || len(recoveryCodesIn(p.body)) != 10 {
			t.Fatalf("right enrolment code = %d %q; want the page of 10 recovery codes", p.status, p.location)
		}
		if p := b.get("/quan-tri/"); p.status != 200 {
			t.Fatalf("dashboard after enrolment = %d", p.status)
		}
		var stored string
		db.QueryRow(context.Background(), `SELECT totp_secret FROM users WHERE username = 'truongban2'`).Scan(&stored)
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, b.secret) {
			t.Errorf("the TOTP secret is stored in clear: %q", stored)
		}
		// Next time the code is asked after the password.
		b2 := h.browser()
		b2.secret = b.secret
		p = b2.post("/dang-nhap", url.Values{"username": {"truongban2"}, "password": {testPassword}})
		if !strings.HasPrefix(p.location, "/dang-nhap/xac-thuc") {
			t.Fatalf("second sign-in went to %q; want the code", p.location)
		}
		if p := b2.get("/quan-tri/"); !strings.HasPrefix(p.location, "/dang-nhap/xac-thuc") {
			t.Errorf("dashboard before the code = %q; want the code page", p.location)
		}
		if p := b2.post("/dang-nhap/xac-thuc", url.Values{"code": {"123456"}}); p.status != http.StatusUnauthorized {
			t.Errorf("wrong code = %d; want 401", p.status)
		}
		if p := b2.post("/dang-nhap/xac-thuc", url.Values{"code": {b2.code()}, "next": {"/quan-tri/"}}); p.location != "/quan-tri/" {
			t.Fatalf("right code went to %q", p.location)
		}
		if h.auditCount("totp.fail") != 1 || h.auditCount("totp.enroll") != 1 {
			t.Errorf("audit: totp.fail %d, totp.enroll %d; want 1 and 1", h.auditCount("totp.fail"), h.auditCount("totp.enroll"))
		}
	})
}

func TestSignOutEverywhere(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("bientap2", account.Editor, "dong-nai")
		laptop, phone := h.browser(), h.browser()
		laptop.signIn("bientap2")
		phone.signIn("bientap2")
		if p := laptop.get("/quan-tri/tai-khoan"); !strings.Contains(p.body, "<dd>2</dd>") {
			t.Errorf("account page does not show 2 open sessions")
		}
		if p := laptop.post("/quan-tri/tai-khoan/dang-xuat-het", nil); p.status != http.StatusSeeOther {
			t.Fatalf("sign out everywhere = %d", p.status)
		}
		if p := phone.get("/quan-tri/"); p.status != http.StatusSeeOther {
			t.Errorf("the other device still has a session: %d", p.status)
		}
		if h.auditCount("logout.all") != 1 {
			t.Error("sign-out everywhere not audited")
		}
	})
}

func TestSafeRedirectAfterSignIn(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("bientap3", account.Editor, "dong-nai")
	for _, next := range []string{"https://ke-gian.example/", "//ke-gian.example", "/\\ke-gian.example"} {
		p := h.browser().post("/dang-nhap", url.Values{"username": {"bientap3"}, "password": {testPassword}, "next": {next}})
		if p.location != "/quan-tri/" {
			t.Errorf("next=%q redirected to %q; want /quan-tri/", next, p.location)
		}
	}
}

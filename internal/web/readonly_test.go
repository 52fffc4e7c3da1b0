package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

const readOnlyVI = "Cổng đang tạm ngừng nhận thông tin gửi đến để bảo trì"

// refusedReadOnly fails unless p is the read-only refusal.
func refusedReadOnly(t *testing.T, what string, p page, wantPage bool) {
	t.Helper()
	if p.status != http.StatusServiceUnavailable {
		t.Fatalf("%s in read-only mode: %d, want 503\n%s", what, p.status, p.body)
	}
	if n, err := strconv.Atoi(p.header.Get("Retry-After")); err != nil || n < 60 {
		t.Errorf("%s: Retry-After %q", what, p.header.Get("Retry-After"))
	}
	if wantPage && !strings.Contains(p.body, readOnlyVI) {
		t.Errorf("%s: the refusal does not say why:\n%s", what, p.body)
	}
}

// itemOf is a published item of the main portal.
func (h *harness) itemOf() int64 {
	h.t.Helper()
	var id int64
	if err := h.db.QueryRow(context.Background(), `SELECT id FROM items WHERE site_id = ? AND state = 'published' ORDER BY id LIMIT 1`,
		h.main.ID).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// TestReadOnlySwitch: the administrator's switch, stored in the
// database, makes every node refuse writes — a citizen's feedback, an
// editor's item save, an Open311 request — with 503 and Retry-After,
// while every page is served with the banner; signing in still works, so
// an administrator turns it off again.
func TestReadOnlySwitch(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		other := newHarness(t, db) // a second node on the same database
		h.person("quantri-cd", account.Admin, "dong-nai")
		h.person("bientap-cd", account.Editor, "dong-nai")
		admin := h.browser()
		admin.signIn("quantri-cd")
		citizen := h.browser()
		item := "/quan-tri/s/dong-nai/noi-dung/" + strconv.FormatInt(h.itemOf(), 10)

		// Before: the feedback form is judged by its handler (not 503).
		if p := citizen.post("/phan-anh-kien-nghi", url.Values{"title": {"Đèn đường hỏng"}}); p.status == http.StatusServiceUnavailable {
			t.Fatalf("feedback before read-only: %d", p.status)
		}

		if p := admin.post("/quan-tri/bao-tri/chi-doc", url.Values{"on": {"1"}, "ro_reason": {"Khôi phục dữ liệu"}}); p.status != http.StatusSeeOther {
			t.Fatalf("turn read-only on: %d\n%s", p.status, p.body)
		}
		if h.auditCount("maintenance.readonly") != 1 {
			t.Error("switch not audited")
		}
		for _, n := range []*harness{h, other} {
			b := n.browser()
			refusedReadOnly(t, "feedback", b.post("/phan-anh-kien-nghi", url.Values{"title": {"Đèn đường hỏng"}}), true)
			refusedReadOnly(t, "feedback in English", b.post("/en/phan-anh-kien-nghi", url.Values{}), false)
			refusedReadOnly(t, "error report", b.post("/so-khcn/bao-loi", url.Values{}), true)
			if p := b.post("/open311/v2/requests.json", url.Values{}); p.status != http.StatusServiceUnavailable ||
				!strings.Contains(p.body, `"error_en"`) {
				t.Fatalf("Open311 in read-only mode: %d %s", p.status, p.body)
			}
			for _, path := range []string{"/", "/en/", "/gioi-thieu", "/so-khcn/", "/phan-anh-kien-nghi", "/van-ban", "/bien-hoa/"} {
				p := b.get(path)
				if p.status != http.StatusOK || !strings.Contains(p.body, "chế độ chỉ đọc") && !strings.Contains(p.body, "read-only") {
					t.Fatalf("GET %s in read-only mode: %d, banner: %t", path, p.status, strings.Contains(p.body, "upkeep-banner"))
				}
			}
			if d := b.status(); !d.ReadOnly {
				t.Fatal("/api/v1/status does not say read-only")
			}
		}
		if p := citizen.post("/en/phan-anh-kien-nghi", url.Values{}); !strings.Contains(p.body, "not accepting submissions") {
			t.Errorf("the English refusal is not in English:\n%s", p.body)
		}

		// Staff: editing refused; signing in still works.
		editor := h.browser()
		editor.signIn("bientap-cd")
		refusedReadOnly(t, "item save", editor.post(item, url.Values{"title": {"Sửa"}}), false)
		if p := editor.post(item, url.Values{}); !strings.Contains(p.body, readOnlyVI) {
			t.Errorf("the staff refusal does not say why:\n%s", p.body)
		}
		if p := editor.get(item); p.status != http.StatusOK {
			t.Fatalf("an editor reads the item in read-only mode: %d", p.status)
		}
		// An editor may not use the maintenance screen's open door.
		if p := editor.post("/quan-tri/bao-tri/chi-doc", url.Values{"on": {"0"}}); p.status != http.StatusForbidden {
			t.Fatalf("an editor turns read-only off: %d", p.status)
		}

		// The administrator turns it off (on the other node: every node reads the switch).
		other.person("quantri-cd2", account.Admin, "dong-nai")
		admin2 := other.browser()
		admin2.signIn("quantri-cd2")
		if p := admin2.post("/quan-tri/bao-tri/chi-doc", url.Values{"on": {"0"}}); p.status != http.StatusSeeOther {
			t.Fatalf("turn read-only off: %d\n%s", p.status, p.body)
		}
		h.clock.Add(10 * time.Second) // within upkeepRefresh the first node may still read the old switch
		time.Sleep(5100 * time.Millisecond)
		if p := h.browser().post("/phan-anh-kien-nghi", url.Values{}); p.status == http.StatusServiceUnavailable {
			t.Fatalf("feedback after read-only was turned off on the other node: %d", p.status)
		}
		if p := h.browser().get("/"); strings.Contains(p.body, "upkeep-banner") {
			t.Fatal("the read-only banner outlived the switch")
		}
	})
}

// TestReadOnlyFlag: cong serve --read-only (Options.ReadOnly) refuses
// writes whatever the switch says, and says so on the admin screen.
func TestReadOnlyFlag(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, func(o *web.Options) { o.ReadOnly = true })
		h.person("quantri-fl", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("quantri-fl") // signing in is allowed
		refusedReadOnly(t, "feedback", h.browser().post("/phan-anh-kien-nghi", url.Values{}), true)
		refusedReadOnly(t, "user creation", admin.post("/quan-tri/nguoi-dung", url.Values{"username": {"x"}}), false)
		if p := admin.get("/quan-tri/bao-tri"); p.status != http.StatusOK || !strings.Contains(p.body, "--read-only") {
			t.Fatalf("the admin screen does not name the flag: %d", p.status)
		}
		if d := h.browser().status(); !d.ReadOnly {
			t.Fatal("/api/v1/status does not say read-only")
		}
		if p := h.browser().get("/lay-y-kien"); p.status != http.StatusOK {
			t.Fatalf("GET /lay-y-kien: %d", p.status)
		}
		if p := admin.post("/dang-xuat", url.Values{}); p.status != http.StatusSeeOther {
			t.Fatalf("sign out in read-only mode: %d", p.status)
		}
	})
}

// TestReadOnlyArchivedSite: an archived site (the demo's Biên Hòa) is
// read-only for everyone: its feedback form and its staff pages refuse
// writes with a clear message; its pages stay readable; an active site's
// forms are untouched.
func TestReadOnlyArchivedSite(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("quantri-lt", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("quantri-lt")
		citizen := h.browser()
		for _, path := range []string{"/bien-hoa/phan-anh-kien-nghi", "/bien-hoa/bao-loi", "/bien-hoa/en/phan-anh-kien-nghi"} {
			p := citizen.post(path, url.Values{"title": {"Hỏi"}})
			if p.status != http.StatusForbidden || !strings.Contains(p.body, "lưu trữ, chỉ để đọc") && !strings.Contains(p.body, "read-only archive") {
				t.Fatalf("POST %s on the archived site: %d\n%s", path, p.status, p.body)
			}
		}
		p := admin.post("/quan-tri/s/bien-hoa/noi-dung", url.Values{"title": {"Tin mới"}, "kind": {"article"}})
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "lưu trữ, chỉ để đọc") {
			t.Fatalf("staff POST on the archived site: %d\n%s", p.status, p.body)
		}
		for _, path := range []string{"/bien-hoa/", "/bien-hoa/gioi-thieu", "/bien-hoa/en/"} {
			if p := citizen.get(path); p.status != http.StatusOK || !strings.Contains(p.body, `class="archived-banner"`) {
				t.Fatalf("GET %s on the archived site: %d, banner shown: %v", path, p.status, strings.Contains(p.body, "archived-banner"))
			}
		}
		// A comment on a draft, and a request through Open311 naming the
		// archived site: refused, nothing stored.
		if p := citizen.post("/bien-hoa/lay-y-kien/du-thao-bat-ky/gop-y", url.Values{"body": {"Góp ý"}}); p.status != http.StatusForbidden {
			t.Errorf("a comment on the archived site: %d", p.status)
		}
		km := regexp.MustCompile(`<code class="secret">([A-Za-z0-9_-]+)</code>`).FindStringSubmatch(admin.post("/quan-tri/open311", url.Values{"name": {"Ứng dụng thử"}}).body)
		if km == nil {
			t.Fatal("no Open311 key issued")
		}
		before := countRows(t, h, `SELECT COUNT(*) FROM feedback_requests`)
		form := url.Values{"api_key": {km[1]}, "jurisdiction_id": {"bien-hoa"}, "service_code": {"vuong-mac"}, "description": {"Hồ sơ chậm trả kết quả."},
			"first_name": {"Lê"}, "last_name": {"Văn Cường"}, "email": {"cuong@example.vn"}, "address_string": {"1 Đồng Khởi"}}
		req, _ := http.NewRequest("POST", h.srv.URL+"/open311/v2/requests.json", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if p := citizen.do(req); p.status != http.StatusForbidden || !strings.Contains(p.body, "lưu trữ") {
			t.Errorf("Open311 to the archived site: %d %s", p.status, p.body)
		}
		if n := countRows(t, h, `SELECT COUNT(*) FROM feedback_requests`); n != before {
			t.Errorf("Open311 stored %d requests on the archived site", n-before)
		}
		// An active site: the same forms reach their handlers.
		if p := citizen.post("/so-khcn/phan-anh-kien-nghi", url.Values{}); p.status == http.StatusForbidden {
			t.Fatalf("feedback on an active site refused: %d", p.status)
		}
		if p := admin.post("/quan-tri/s/so-khcn/noi-dung", url.Values{}); p.status == http.StatusForbidden && strings.Contains(p.body, "lưu trữ") {
			t.Fatal("staff POST on an active site refused as archived")
		}
	})
}

func countRows(t *testing.T, h *harness, q string, args ...any) int {
	t.Helper()
	var n int
	if err := h.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestStaffGrantBoardFromTheUserPage: the administrator gives a new site,
// made in the admin shell, its board — Trưởng ban, Phó Trưởng ban and a
// member — from the person's page, and every grant ends on that page with
// a sentence saying what was done, the role in the table and an audit
// entry; the new board head then signs in and finds the site. What the
// rules refuse (separate duties, a grant to oneself, no such site) is said
// on the same page, with its status, in Vietnamese and in English, and
// nothing is stored (issue 13, item 1).
func TestStaffGrantBoardFromTheUserPage(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("qt13", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("qt13")

		if p := admin.post("/quan-tri/trang", url.Values{"code": {"so-tc"}, "name": {"Sở Tài chính tỉnh Đồng Nai"}, "kind": {"department"}}); p.status != http.StatusSeeOther {
			t.Fatalf("new site = %d\n%.2000s", p.status, p.body)
		}
		p := admin.post("/quan-tri/nguoi-dung", url.Values{"username": {"tranthib"}, "full_name": {"Trần Thị B"}, "password": {testPassword}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("new user = %d\n%.2000s", p.status, p.body)
		}
		head := p.location
		p = admin.post("/quan-tri/nguoi-dung", url.Values{"username": {"levanc"}, "full_name": {"Lê Văn C"}, "password": {testPassword}})
		deputy := p.location

		for _, c := range []struct {
			user, role, label string
		}{
			{head, "board_head", "Trưởng ban Biên tập"},
			{deputy, "board_deputy", "Phó Trưởng ban Biên tập"},
			{deputy, "board_member", "Thành viên Ban Biên tập"},
		} {
			p := admin.postFrom(nextAddress(), c.user+"/giao", url.Values{"site": {"so-tc"}, "role": {c.role}})
			if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, c.user+"?") {
				t.Fatalf("granting %s = %d %q\n%.2000s", c.role, p.status, p.location, p.body)
			}
			p = admin.get(p.location)
			want := "Đã giao vai trò " + c.label + " trên Sở Tài chính tỉnh Đồng Nai."
			if p.status != http.StatusOK || !strings.Contains(html.UnescapeString(p.body), want) {
				t.Errorf("after granting %s the page (%d) does not say %q:\n%.3000s", c.role, p.status, want, p.body)
			}
		}
		n := 0
		entries, err := audit.List(t.Context(), db, audit.Filter{Action: "role.grant", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Actor == "qt13" && (e.Detail == "board_head" || e.Detail == "board_deputy" || e.Detail == "board_member") {
				n++
			}
		}
		if n != 3 {
			t.Errorf("%d audit entries of the three board grants; want 3", n)
		}
		// The new site's approver reaches it from the dashboard.
		tb := h.browser()
		tb.signIn("tranthib")
		if p := tb.get("/quan-tri/"); !strings.Contains(p.body, `href="/quan-tri/s/so-tc/"`) {
			t.Errorf("the new board head's dashboard does not list the new site:\n%.3000s", p.body)
		}
		// A revocation says so too.
		p = admin.postFrom(nextAddress(), deputy+"/thu-hoi", url.Values{"site": {"so-tc"}, "role": {"board_member"}})
		if p = admin.get(p.location); !strings.Contains(html.UnescapeString(p.body), "Đã thu hồi vai trò Thành viên Ban Biên tập trên Sở Tài chính tỉnh Đồng Nai.") {
			t.Errorf("after a revocation the page does not say so:\n%.3000s", p.body)
		}

		// Refusals, on the person's page.
		other := h.person("qt13b", account.Admin, "dong-nai")
		me, _ := h.users.ByID(t.Context(), mustUserID(t, h, "qt13"))
		refused := []struct {
			user         int64
			site, role   string
			status       int
			name, say    string
			lang, sayEng string
		}{
			{other.ID, "so-tc", "board_head", http.StatusConflict, "Người qt13b",
				"Không thể giao vai trò Trưởng ban Biên tập cho người đang giữ vai trò Quản trị hệ thống", "", ""},
			{other.ID, "so-tc", "board_deputy", http.StatusConflict, "Người qt13b", "", "en",
				"Cannot grant Board deputy to a person who holds System administrator"},
			{me.ID, "so-tc", "board_member", http.StatusForbidden, "Người qt13",
				"Không ai tự giao vai trò cho chính mình", "", ""},
			{other.ID, "khong-co", "board_member", http.StatusUnprocessableEntity, "Người qt13b",
				"Hãy chọn một trang thông tin có trong danh sách.", "", ""},
		}
		for _, c := range refused {
			if c.lang == "en" {
				admin.get("/ngon-ngu?lang=en&next=/quan-tri/")
			}
			before, _ := h.users.ByID(t.Context(), c.user)
			p := admin.postFrom(nextAddress(), fmt.Sprintf("/quan-tri/nguoi-dung/%d/giao", c.user), url.Values{"site": {c.site}, "role": {c.role}})
			body := html.UnescapeString(p.body)
			say := c.say
			if c.lang == "en" {
				say = c.sayEng
			}
			if p.status != c.status || !strings.Contains(body, say) || !strings.Contains(body, "<h1>"+c.name) ||
				!strings.Contains(body, `role="alert"`) {
				t.Errorf("granting %s on %s to %s = %d; want %d on the person's page saying %q:\n%.3000s",
					c.role, c.site, c.name, p.status, c.status, say, p.body)
			}
			after, _ := h.users.ByID(t.Context(), c.user)
			if len(after.Grants) != len(before.Grants) {
				t.Errorf("a refused grant changed the roles: %+v", after.Grants)
			}
			if c.lang == "en" {
				admin.get("/ngon-ngu?lang=vi&next=/quan-tri/")
			}
		}
	})
}

// mustUserID is the id of the account username.
func mustUserID(t *testing.T, h *harness, username string) int64 {
	t.Helper()
	var id int64
	if err := h.db.QueryRow(t.Context(), `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

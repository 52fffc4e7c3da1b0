package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var (
	auditCodeRE   = regexp.MustCompile(`<small class="muted"><code>([a-z0-9_.-]+)</code></small>`)
	auditOptionRE = regexp.MustCompile(`<option value="([a-z0-9_.-]+)"(?: selected)?>([^<]*)</option>`)
	nextRE        = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// TestStaffAuditLogInWords: the audit log names each action in words
// (Vietnamese, English in the English UI) with its code in small type,
// each person by full name, and the account a role change concerns by
// name with a link; its filter is a list of the actions by name, and
// the filter and the pages work together. The user list names each
// person's roles with their sites (issue 13, item 10).
func TestStaffAuditLogInWords(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		ctx := context.Background()
		h.person("qt10", account.Admin, "dong-nai")
		h.person("btv10", account.Editor, "so-khcn")
		subject, err := h.users.Create(ctx, account.NewUser{Username: "nguyenthidung", FullName: "Nguyễn Thị Dung", Password: testPassword}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		// A page and more of failed sign-ins, older than the changes.
		for i := 0; i < 130; i++ {
			if err := audit.Record(ctx, db, audit.Entry{At: h.clock.Now(), Actor: fmt.Sprintf("ai-do-%d", i), Action: "login.fail", IP: "192.0.2.1"}); err != nil {
				t.Fatal(err)
			}
		}
		admin, editor := h.browser(), h.browser()
		admin.signIn("qt10")
		editor.signIn("btv10")
		if p := admin.postFrom(nextAddress(), fmt.Sprintf("/quan-tri/nguoi-dung/%d/giao", subject.ID),
			url.Values{"site": {"so-khcn"}, "role": {"editor"}}); p.status != http.StatusSeeOther {
			t.Fatalf("grant = %d", p.status)
		}
		editor.get("/quan-tri/nguoi-dung") // refused: a "denied" entry

		p := admin.get("/quan-tri/nhat-ky")
		body := html.UnescapeString(p.body)
		for _, want := range []string{
			"Giao vai trò", "<code>role.grant</code>", "Từ chối do không có quyền", "<code>denied</code>",
			fmt.Sprintf(`<a href="/quan-tri/nguoi-dung/%d">Nguyễn Thị Dung</a>`, subject.ID),
			"Người qt10 <small class=\"muted\">(qt10)</small>", "Biên tập viên", "Sở Khoa học và Công nghệ tỉnh Đồng Nai",
			"Đăng nhập không thành công",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the audit log does not show %q", want)
			}
		}
		if strings.Contains(body, "<td>role.grant</td>") || strings.Contains(body, "<td>denied</td>") {
			t.Error("the audit log shows bare action codes")
		}
		// What a refusal refused, in words (the editor asked for the user
		// list: the right to manage users).
		if !strings.Contains(body, "<td>Quản lý người dùng</td>") || strings.Contains(body, "<td>user.manage</td>") {
			t.Error("a denied entry does not say in words what was refused")
		}
		// The kind of a site created, in words.
		created := html.UnescapeString(admin.get("/quan-tri/nhat-ky?action=site.create").body)
		if !strings.Contains(created, "<td>Sở, ban, ngành</td>") || strings.Contains(created, "<td>department</td>") {
			t.Errorf("site.create entries do not name the kind in words:\n%.3000s", created)
		}
		// The filter lists every action by its name.
		options := auditOptionRE.FindAllStringSubmatch(body, -1)
		named := 0
		for _, o := range options {
			if audit.Known(o[1]) {
				named++
				if o[2] == o[1] || o[2] != audit.Label(o[1], "vi") {
					t.Errorf("the filter shows %q for %s", o[2], o[1])
				}
			}
		}
		if named != len(audit.Actions()) {
			t.Errorf("the filter lists %d actions; the portal records %d", named, len(audit.Actions()))
		}
		// Filter and pages: every row of every page is of the action chosen.
		path, pages, rows := "/quan-tri/nhat-ky?action=login.fail", 0, 0
		for path != "" && pages < 5 {
			p := admin.get(path)
			if p.status != http.StatusOK {
				t.Fatalf("%s = %d", path, p.status)
			}
			pages++
			for _, m := range auditCodeRE.FindAllStringSubmatch(p.body, -1) {
				rows++
				if m[1] != "login.fail" {
					t.Errorf("%s lists a %s entry", path, m[1])
				}
			}
			if !strings.Contains(p.body, `<option value="login.fail" selected>`) {
				t.Errorf("%s: the filter does not show the action chosen", path)
			}
			path = ""
			if m := nextRE.FindStringSubmatch(p.body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		if pages != 2 || rows < 130 {
			t.Errorf("the filtered log took %d pages and %d rows; want 2 pages and at least 130 rows", pages, rows)
		}
		// In English.
		admin.get("/ngon-ngu?lang=en&next=/quan-tri/")
		p = admin.get("/quan-tri/nhat-ky?action=role.grant")
		if body := html.UnescapeString(p.body); !strings.Contains(body, "Role granted") || !strings.Contains(body, "<code>role.grant</code>") {
			t.Errorf("the English audit log does not name the action:\n%.3000s", p.body)
		}
		if body := html.UnescapeString(admin.get("/quan-tri/nhat-ky?action=denied").body); !strings.Contains(body, "<td>Manage users</td>") {
			t.Errorf("the English audit log does not say what was refused:\n%.3000s", body)
		}
		if body := html.UnescapeString(admin.get("/quan-tri/nhat-ky?action=site.create").body); !strings.Contains(body, "<td>Department</td>") {
			t.Errorf("the English audit log does not name the kind of site:\n%.3000s", body)
		}
		p = admin.get("/quan-tri/nguoi-dung")
		if body := html.UnescapeString(p.body); !strings.Contains(body, "Editor – ") ||
			!strings.Contains(body, "System administrator – every site") {
			t.Errorf("the English user list does not name the roles:\n%.3000s", p.body)
		}
		admin.get("/ngon-ngu?lang=vi&next=/quan-tri/")

		// The user list: roles with their sites, in words.
		p = admin.get("/quan-tri/nguoi-dung")
		body = html.UnescapeString(p.body)
		for _, want := range []string{"Biên tập viên – Sở Khoa học và Công nghệ tỉnh Đồng Nai", "Quản trị hệ thống – mọi trang"} {
			if !strings.Contains(body, want) {
				t.Errorf("the user list does not show %q:\n%.4000s", want, p.body)
			}
		}
		if regexp.MustCompile(`<td>\d+</td>`).MatchString(body) {
			t.Error("the user list shows a count of roles")
		}
	})
}

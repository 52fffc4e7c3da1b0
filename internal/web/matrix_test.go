package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestRoleMatrixOverHTTP asks the server, as a holder of each role, to do
// each installation-level action the admin shell offers, and checks the
// answer against the role matrix: allowed → done, otherwise 403 and
// nothing changed. The check is on the server, not only in the menus.
func TestRoleMatrixOverHTTP(t *testing.T) {
	type request struct {
		method, path string
		form         url.Values
	}
	actions := map[account.Action][]request{
		account.ManageUsers: {
			{"GET", "/quan-tri/nguoi-dung", nil},
			{"POST", "/quan-tri/nguoi-dung", url.Values{"username": {"moi-%s"}, "full_name": {"Người mới"}, "password": {testPassword}}},
		},
		account.ManageSites: {
			{"GET", "/quan-tri/trang", nil},
			{"POST", "/quan-tri/trang", url.Values{"code": {"trang-%s"}, "name": {"Trang thử"}, "kind": {"other"}}},
		},
		account.ReadAudit: {{"GET", "/quan-tri/nhat-ky", nil}},
	}
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		for i, role := range account.Roles {
			name := fmt.Sprintf("vaitro%d", i)
			h.person(name, role, "dong-nai")
			b := h.browser()
			b.signIn(name)
			for action, reqs := range actions {
				want := account.Allows(role, action)
				for _, rq := range reqs {
					t.Run(fmt.Sprintf("%s/%s/%s %s", role, action, rq.method, rq.path), func(t *testing.T) {
						var p page
						if rq.method == "GET" {
							p = b.get(rq.path)
						} else {
							form := url.Values{}
							for k, v := range rq.form {
								form.Set(k, strings.ReplaceAll(v[0], "%s", name))
							}
							p = b.post(rq.path, form)
						}
						allowed := p.status == http.StatusOK || p.status == http.StatusSeeOther
						if allowed != want || (!want && p.status != http.StatusForbidden) {
							t.Errorf("%s as %s = %d; matrix says allowed=%v\n%.3000s", rq.path, role, p.status, want, p.body)
						}
					})
				}
			}
		}
		// Refusals left nothing behind: only the administrator's posts stored.
		var users, sites int
		db.QueryRow(t.Context(), `SELECT COUNT(*) FROM users WHERE username LIKE 'moi-%'`).Scan(&users)
		db.QueryRow(t.Context(), `SELECT COUNT(*) FROM sites WHERE code LIKE 'trang-%'`).Scan(&sites)
		if users != 1 || sites != 1 {
			t.Errorf("after the matrix: %d new users, %d new sites; want 1 and 1 (the administrator's)", users, sites)
		}
		if h.auditCount("denied") == 0 {
			t.Error("refusals were not audited")
		}
	})
}

// TestRoleGrantIsAudited grants and revokes a role through the admin shell.
func TestRoleGrantIsAudited(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("admin2", account.Admin, "dong-nai")
		subject := h.person("nhanvien", "", "")
		b := h.browser()
		b.signIn("admin2")
		path := fmt.Sprintf("/quan-tri/nguoi-dung/%d", subject.ID)
		if p := b.post(path+"/giao", url.Values{"site": {"so-khcn"}, "role": {"editor"}}); p.status != http.StatusSeeOther {
			t.Fatalf("grant = %d", p.status)
		}
		u, _ := h.users.ByID(t.Context(), subject.ID)
		if len(u.Grants) != 1 || u.Grants[0].Role != account.Editor {
			t.Fatalf("grants after grant = %+v", u.Grants)
		}
		if p := b.get(path); p.status != 200 {
			t.Fatalf("user page = %d", p.status)
		}
		if p := b.post(path+"/giao", url.Values{"site": {"so-khcn"}, "role": {"vua"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("unknown role = %d; want 422", p.status)
		}
		if p := b.post(path+"/thu-hoi", url.Values{"site": {"so-khcn"}, "role": {"editor"}}); p.status != http.StatusSeeOther {
			t.Fatalf("revoke = %d", p.status)
		}
		u, _ = h.users.ByID(t.Context(), subject.ID)
		if len(u.Grants) != 0 {
			t.Errorf("grants after revoke = %+v", u.Grants)
		}
		if h.auditCount("role.grant") < 2 || h.auditCount("role.revoke") != 1 {
			t.Errorf("audit: grant %d revoke %d", h.auditCount("role.grant"), h.auditCount("role.revoke"))
		}
	})
}

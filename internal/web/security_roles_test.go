package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestSecurityWhoMayGrantWhatToWhom grants every role as a holder of
// every role, over HTTP, and checks the answer against the rule of
// docs/roles.md (account.MayGrant); then the rules on who may receive a
// role: nobody grants to themselves, and the administrator and those who
// approve are never the same person (finding 7).
func TestSecurityWhoMayGrantWhatToWhom(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		for i, actorRole := range account.Roles {
			actor := fmt.Sprintf("capquyen%d", i)
			h.person(actor, actorRole, "dong-nai")
			subject := h.person(fmt.Sprintf("nhanquyen%d", i), "", "")
			b := h.browser()
			b.signIn(actor)
			path := fmt.Sprintf("/quan-tri/nguoi-dung/%d", subject.ID)
			for _, target := range account.Roles {
				want := account.MayGrant(actorRole, target)
				p := b.postFrom(nextAddress(), path+"/giao", url.Values{"site": {"dong-nai"}, "role": {string(target)}})
				if got := p.status == http.StatusSeeOther; got != want || (!want && p.status != http.StatusForbidden) {
					t.Errorf("%s granting %s = %d; the rule says allowed=%v", actorRole, target, p.status, want)
				}
				if want {
					b.postFrom(nextAddress(), path+"/thu-hoi", url.Values{"site": {"dong-nai"}, "role": {string(target)}})
				}
			}
			if u, _ := h.users.ByID(t.Context(), subject.ID); len(u.Grants) != 0 {
				t.Errorf("after %s's grants and revokes the subject holds %+v", actorRole, u.Grants)
			}
		}

		admin := h.person("quantri8", account.Admin, "dong-nai")
		head := h.person("truongban8", account.BoardHead, "dong-nai")
		deputy := h.person("phoban8", account.BoardDeputy, "so-khcn")
		qt, tb := h.browser(), h.browser()
		qt.signIn("quantri8")
		tb.signIn("truongban8")
		refused := []struct {
			who    *browser
			user   *account.User
			site   string
			role   account.Role
			status int
		}{
			{tb, admin, "dong-nai", account.BoardDeputy, http.StatusConflict}, // the reported case
			{tb, admin, "dong-nai", account.BoardHead, http.StatusConflict},
			{qt, head, "dong-nai", account.Admin, http.StatusConflict},
			{qt, deputy, "so-khcn", account.Admin, http.StatusConflict},   // approval on another site counts
			{qt, admin, "dong-nai", account.Editor, http.StatusForbidden}, // to oneself
			{tb, head, "dong-nai", account.BoardMember, http.StatusForbidden},
		}
		for _, c := range refused {
			before, _ := h.users.ByID(t.Context(), c.user.ID)
			p := c.who.postFrom(nextAddress(), fmt.Sprintf("/quan-tri/nguoi-dung/%d/giao", c.user.ID), url.Values{"site": {c.site}, "role": {string(c.role)}})
			if p.status != c.status {
				t.Errorf("granting %s to %s = %d; want %d", c.role, c.user.Username, p.status, c.status)
			}
			after, _ := h.users.ByID(t.Context(), c.user.ID)
			if len(after.Grants) != len(before.Grants) {
				t.Errorf("a refused grant changed %s's roles: %+v", c.user.Username, after.Grants)
			}
		}
		// The command line (no actor) is bound by the separation too.
		if err := h.users.Grant(t.Context(), admin.ID, h.main.ID, account.BoardDeputy, audit.CLI); err == nil {
			t.Error("the command line made an administrator an approver")
		}
	})
}

// TestSecurityDraftsAreTheEditorsBusiness: a liaison, an overseer and an
// administrator hold roles on a site without taking part in its
// editorial work: they do not read its drafts, in the item page, the item
// list or the staff search, nor a published item's later draft
// (finding 6).
func TestSecurityDraftsAreTheEditorsBusiness(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("btv6", account.Editor, "dong-nai")
		h.person("tb6", account.BoardHead, "dong-nai")
		h.person("ctv6", account.Collaborator, "dong-nai")
		bt, tb, ctv := h.browser(), h.browser(), h.browser()
		bt.signIn("btv6")
		tb.signIn("tb6")
		ctv.signIn("ctv6")
		draft := bt.newItem(article("Dự thảo mật khẩn cấp", "<p>Nội dung chưa công bố.</p>"))
		ctvDraft := ctv.newItem(article("Bài cộng tác riêng", "<p>Của cộng tác viên.</p>"))

		pub := bt.newItem(article("Thông báo lịch tiếp dân", "<p>Đã công bố.</p>"))
		bt.post(pub+"/buoc", url.Values{"action": {"submit"}})
		bt.post(pub+"/buoc", url.Values{"action": {"send"}})
		if p := tb.post(pub+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusSeeOther {
			t.Fatalf("approve = %d\n%.1500s", p.status, p.body)
		}
		form := bt.get(pub)
		later := article("Tiêu đề sửa chưa duyệt", "<p>Bản sửa chưa duyệt.</p>")
		later.Set("version", versionRE.FindStringSubmatch(form.body)[1])
		bt.post(pub, later)

		for _, role := range []account.Role{account.Liaison, account.Overseer, account.Admin} {
			name := "xem" + strings.ReplaceAll(string(role), "_", "")
			h.person(name, role, "dong-nai")
			b := h.browser()
			b.signIn(name)
			for _, path := range []string{draft, draft + "/so-sanh?a=1&b=1", ctvDraft} {
				if p := b.get(path); p.status != http.StatusForbidden {
					t.Errorf("%s opening %s = %d; want 403", role, path, p.status)
				}
			}
			for _, path := range []string{"/quan-tri/s/dong-nai/noi-dung", "/quan-tri/s/dong-nai/noi-dung?q=mat",
				"/quan-tri/s/dong-nai/noi-dung?q=chưa+duyệt", "/quan-tri/s/dong-nai/tim-kiem?q=mật+khẩn",
				"/quan-tri/s/dong-nai/tim-kiem?q=chưa+duyệt", pub} {
				p := b.get(path)
				for _, secret := range []string{"Dự thảo mật khẩn cấp", "Bài cộng tác riêng", "Tiêu đề sửa chưa duyệt", "Bản sửa chưa duyệt"} {
					if strings.Contains(p.body, secret) {
						t.Errorf("%s sees %q at %s", role, secret, path)
					}
				}
			}
			if p := b.get(pub); p.status == http.StatusOK && !strings.Contains(p.body, "Thông báo lịch tiếp dân") {
				t.Errorf("%s does not see the published title on its page (%d)", role, p.status)
			}
		}
		// Those who take part still read everything.
		for _, b := range []*browser{bt, tb} {
			if p := b.get(draft); p.status != http.StatusOK || !strings.Contains(p.body, "Dự thảo mật khẩn cấp") {
				t.Errorf("an editor or the board head cannot read the draft: %d", p.status)
			}
		}
		if p := ctv.get(ctvDraft); p.status != http.StatusOK {
			t.Errorf("the collaborator cannot read their own draft: %d", p.status)
		}
		if p := ctv.get(draft); p.status != http.StatusForbidden {
			t.Errorf("a collaborator reading another's draft = %d; want 403", p.status)
		}
	})
}

package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var subnavRE = regexp.MustCompile(`(?s)<p class="subnav">(.*?)</p>`)
var mainnavRE = regexp.MustCompile(`(?s)<nav class="mainnav"[^>]*>(.*?)</nav>`)
var staffHrefRE = regexp.MustCompile(`href="(/quan-tri/[^"]*)"`)

// TestStaffWorkspaceLinksOnlyWhatOpens: for every role, each staff page
// the workspace of a site links opens (200), and each page it leaves out
// is one the server refuses (403): the links follow the handlers' rule.
// Editors and administrators were linked to the required sections and
// got 403 (issue 13, item 5).
func TestStaffWorkspaceLinksOnlyWhatOpens(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		pages := []string{"/noi-dung", "/chuyen-muc", "/chuyen-muc-bat-buoc", "/tep", "/kien-nghi", "/lay-y-kien"}
		for i, role := range account.Roles {
			name := fmt.Sprintf("ws%d", i)
			h.person(name, role, "dong-nai")
			b := h.browser()
			b.signIn(name)
			ws := "/quan-tri/s/dong-nai"
			p := b.get(ws + "/")
			if p.status != http.StatusOK {
				t.Fatalf("%s: workspace = %d", role, p.status)
			}
			m := subnavRE.FindStringSubmatch(p.body)
			if m == nil {
				t.Fatalf("%s: no subnav in the workspace", role)
			}
			linked := map[string]bool{}
			for _, l := range staffHrefRE.FindAllStringSubmatch(m[1], -1) {
				linked[l[1]] = true
				if got := b.get(l[1]).status; got != http.StatusOK {
					t.Errorf("%s: the workspace links %s, which answers %d", role, l[1], got)
				}
			}
			for _, pg := range pages {
				if !linked[ws+pg] {
					if got := b.get(ws + pg).status; got != http.StatusForbidden {
						t.Errorf("%s: the workspace does not link %s, which answers %d", role, pg, got)
					}
				}
			}
			// The main menu of the admin shell follows the same rule.
			if m := mainnavRE.FindStringSubmatch(b.get("/quan-tri/").body); m != nil {
				for _, l := range staffHrefRE.FindAllStringSubmatch(m[1], -1) {
					if got := b.get(l[1]).status; got != http.StatusOK {
						t.Errorf("%s: the admin menu links %s, which answers %d", role, l[1], got)
					}
				}
			} else {
				t.Errorf("%s: no admin menu", role)
			}
			if role == account.Editor && linked[ws+"/chuyen-muc-bat-buoc"] {
				t.Errorf("an editor is linked to the required sections")
			}
			if role == account.BoardHead && !strings.Contains(m[1], "/chuyen-muc-bat-buoc") {
				t.Errorf("the board head is not linked to the required sections")
			}
		}
	})
}

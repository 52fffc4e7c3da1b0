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
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// sectionRow is the table row of one required section.
func sectionRow(t *testing.T, body, slug string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)data-section="` + regexp.QuoteMeta(slug) + `">.*?</tr>`).FindString(body)
	if m == "" {
		t.Fatalf("no row for section %s:\n%.3000s", slug, body)
	}
	return m
}

func TestRequiredSections(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		rs := rules.NewStore(db, h.clock.Now)
		cs := content.NewStore(db, h.clock.Now)

		// The demo's main portal has a category for every required section.
		set, err := rs.InForce(ctx, rules.KindSections, rs.Today())
		if err != nil {
			t.Fatal(err)
		}
		secs := set.Sections(h.main.Kind)
		if len(secs) < 10 {
			t.Fatalf("%d required sections for the main portal", len(secs))
		}
		for _, sec := range secs {
			if _, err := cs.CategoryBySlug(ctx, h.main.ID, sec.Slug); err != nil {
				t.Errorf("the demo portal lacks the category of %s", sec.Key)
			}
		}
		// EnsureSections again creates nothing.
		if n, err := (&rules.Sites{Rules: rs, Content: cs}).EnsureSections(ctx, h.main, audit.CLI); err != nil || n != 0 {
			t.Errorf("second EnsureSections = %d, %v", n, err)
		}

		h.person("tban", account.BoardHead, "dong-nai")
		h.person("ctv", account.Collaborator, "dong-nai")
		tb, ctv := h.browser(), h.browser()
		tb.signIn("tban")
		ctv.signIn("ctv")
		const path = "/quan-tri/s/dong-nai/chuyen-muc-bat-buoc"

		if p := ctv.get(path); p.status != http.StatusForbidden {
			t.Errorf("collaborator on the sections page = %d; want 403", p.status)
		}
		p := tb.get(path)
		if p.status != 200 {
			t.Fatalf("sections page = %d\n%.2000s", p.status, p.body)
		}
		for _, sec := range secs {
			if !strings.Contains(p.body, sec.Name) {
				t.Errorf("the page does not list %q", sec.Name)
			}
		}
		// The demo fills the statistics section; the board head takes its
		// items down, and the section is empty again.
		cat, _ := cs.CategoryBySlug(ctx, h.main.ID, "thong-ke")
		demo, _, err := cs.List(ctx, content.Filter{SiteID: h.main.ID, CategoryID: cat.ID, States: []content.State{content.Published}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range demo {
			path := "/quan-tri/s/dong-nai/noi-dung/" + strconv.FormatInt(it.ID, 10)
			if p := tb.post(path+"/buoc", url.Values{"action": {"unpublish"}, "comment": {"Số liệu cần rà soát"}}); p.status != http.StatusSeeOther {
				t.Fatalf("unpublish %s = %d\n%.1500s", path, p.status, p.body)
			}
		}
		p = tb.get(path)
		if row := sectionRow(t, p.body, "thong-ke"); !strings.Contains(row, "Trống") || !strings.Contains(row, `href="/chuyen-muc/thong-ke"`) {
			t.Errorf("an empty section is not flagged with its link: %s", row)
		}

		// Publish an item in the statistics section: no longer empty.
		form := article("Niên giám thống kê năm 2026", "<p>Số liệu.</p>")
		form.Set("category", strconv.FormatInt(cat.ID, 10))
		item := tb.newItem(form)
		for _, a := range []string{"submit", "send", "approve"} {
			if p := tb.post(item+"/buoc", url.Values{"action": {a}}); p.status != http.StatusSeeOther {
				t.Fatalf("%s = %d\n%.1500s", a, p.status, p.body)
			}
		}
		row := sectionRow(t, tb.get(path).body, "thong-ke")
		if strings.Contains(row, "Trống") || strings.Contains(row, "Quá hạn") || !strings.Contains(row, "<td>1</td>") ||
			!strings.Contains(row, "5 ngày làm việc") {
			t.Errorf("a fresh section: %s", row)
		}

		// Ten days later its newest item is older than 5 working days.
		h.clock.Add(10 * 24 * time.Hour)
		tb2 := h.browser()
		tb2.secret = tb.secret
		tb2.signIn("tban")
		if row := sectionRow(t, tb2.get(path).body, "thong-ke"); !strings.Contains(row, "Quá hạn") {
			t.Errorf("a stale section is not overdue: %s", row)
		}
	})
}

func TestRuleSetAdmin(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("qtri", account.Admin, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		admin, tb := h.browser(), h.browser()
		admin.signIn("qtri")
		tb.signIn("tban")

		if p := tb.get("/quan-tri/quy-dinh"); p.status != http.StatusForbidden {
			t.Errorf("board head on the rule sets = %d; want 403", p.status)
		}
		p := admin.get("/quan-tri/quy-dinh")
		if p.status != 200 || !strings.Contains(p.body, "Luật Tiếp cận thông tin 104/2016/QH13 Điều 18 khoản 4") ||
			!strings.Contains(p.body, "2011-08-01 – 2022-08-15") || !strings.Contains(p.body, `href="/quan-tri/quy-dinh"`) {
			t.Fatalf("rule sets page = %d\n%.3000s", p.status, p.body)
		}
		set, err := rules.NewStore(db, h.clock.Now).InForce(context.Background(), rules.KindDeadlines, "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(set.ID, 10)
		if p := tb.post("/quan-tri/quy-dinh", url.Values{"set": {id}, "key": {"deadline.default"}, "value": {"9"}}); p.status != http.StatusForbidden {
			t.Errorf("board head editing a rule = %d; want 403", p.status)
		}
		if p := admin.post("/quan-tri/quy-dinh", url.Values{"set": {id}, "key": {"deadline.default"}, "value": {"không"}, "reason": {"thử"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("a non-number deadline = %d; want 422", p.status)
		}
		before := h.auditCount("rules.save")
		if p := admin.post("/quan-tri/quy-dinh", url.Values{"set": {id}, "key": {"deadline.default"}, "value": {"7"}, "reason": {"Quy chế của tỉnh"}}); p.status != http.StatusSeeOther {
			t.Fatalf("edit rule = %d\n%.2000s", p.status, p.body)
		}
		if h.auditCount("rules.save") != before+1 {
			t.Errorf("the edit was not audited")
		}
		var actor, detail string
		db.QueryRow(context.Background(), `SELECT actor, detail FROM audit_log WHERE action = 'rules.save' ORDER BY id DESC LIMIT 1`).Scan(&actor, &detail)
		if actor != "qtri" || !strings.Contains(detail, "deadline.default: 5") {
			t.Errorf("audit entry: %q %q", actor, detail)
		}
		if p := admin.get("/quan-tri/quy-dinh"); !regexp.MustCompile(`name="key" value="deadline.default">\s*<label[^>]*>[^<]*</label><input [^>]*value="7"`).MatchString(p.body) {
			t.Errorf("the new value is not shown:\n%.4000s", p.body)
		}
		// The sections page uses the new number.
		if p := tb.get("/quan-tri/s/dong-nai/chuyen-muc-bat-buoc"); !strings.Contains(p.body, "7 ngày làm việc") {
			t.Errorf("the sections page does not use the edited deadline")
		}
	})
}

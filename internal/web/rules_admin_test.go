package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestRuleSetVersionsAdmin: over HTTP, an administrator (settings.manage)
// changes a rule with a reason, supersedes the set from a date and sees
// the history; anyone else gets 403 on every page and action.
func TestRuleSetVersionsAdmin(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("qtri", account.Admin, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		admin, tb := h.browser(), h.browser()
		admin.signIn("qtri")
		tb.signIn("tban")
		ctx := context.Background()
		rs := rules.NewStore(db, h.clock.Now)
		set, err := rs.InForce(ctx, rules.KindFeedback, rs.Today())
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(set.ID, 10)
		page := "/quan-tri/quy-dinh/" + id

		// Not an administrator: 403 everywhere, nothing changed.
		if p := tb.get(page); p.status != http.StatusForbidden {
			t.Errorf("board head on a rule set = %d; want 403", p.status)
		}
		for _, a := range []string{"sua", "quy-dinh", "bo", "thay-the"} {
			if p := tb.post(page+"/"+a, url.Values{"key": {"feedback.answer"}, "value": {"1"}, "reason": {"x"}, "from": {"2030-01-01"}}); p.status != http.StatusForbidden {
				t.Errorf("board head POST %s = %d; want 403", a, p.status)
			}
		}
		if h, _ := rs.History(ctx, set.ID); len(h) != 1 {
			t.Errorf("history after refused changes: %d entries", len(h))
		}

		p := admin.get(page)
		if p.status != 200 || !strings.Contains(p.body, set.Source) || !strings.Contains(p.body, `id="past-cases"`) ||
			!strings.Contains(p.body, `action="/quan-tri/quy-dinh/`+id+`/thay-the"`) {
			t.Fatalf("rule set page = %d\n%.3000s", p.status, p.body)
		}
		// A reason is required.
		if p := admin.post(page+"/quy-dinh", url.Values{"key": {"feedback.answer"}, "value": {"12"}, "unit": {"working_days"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("a change without a reason = %d; want 422", p.status)
		}
		if p := admin.post(page+"/quy-dinh", url.Values{"key": {"feedback.answer.vuong-mac"}, "value": {"10"}, "unit": {"working_days"},
			"note": {"Quy chế Điều 7"}, "reason": {"Quy chế của tỉnh 2026"}}); p.status != http.StatusSeeOther {
			t.Fatalf("add a category deadline = %d\n%.2000s", p.status, p.body)
		}
		if p := admin.post(page+"/quy-dinh", url.Values{"key": {"feedback.remind"}, "value": {"24"}, "unit": {"hours"}, "reason": {"Nhắc theo giờ"}}); p.status != http.StatusSeeOther {
			t.Fatalf("change a unit = %d\n%.2000s", p.status, p.body)
		}
		// Supersede from 1 January 2027.
		p = admin.post(page+"/thay-the", url.Values{"from": {"2027-01-01"}, "code": {"feedback-qd-2027"}, "source": {"Quyết định 9/2026/QĐ-UBND"},
			"reason": {"Quy chế mới từ năm 2027"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("supersede = %d\n%.2000s", p.status, p.body)
		}
		next, err := rs.InForce(ctx, rules.KindFeedback, "2027-01-02")
		if err != nil || next.Code != "feedback-qd-2027" || next.Rule("feedback.answer.vuong-mac") == nil {
			t.Fatalf("the new set = %+v, %v", next, err)
		}
		if loc := p.header.Get("Location"); loc != "/quan-tri/quy-dinh/"+strconv.FormatInt(next.ID, 10)+"?luu=1" {
			t.Errorf("after supersede, to %q", loc)
		}
		if p := admin.post(page+"/bo", url.Values{"key": {"feedback.answer.vuong-mac"}, "reason": {"Chỉ áp dụng từ 2027"}}); p.status != http.StatusSeeOther {
			t.Fatalf("remove = %d", p.status)
		}
		// The old set's page shows its history, with the reasons.
		p = admin.get(page)
		for _, want := range []string{"Quy chế của tỉnh 2026", "Nhắc theo giờ", "Quy chế mới từ năm 2027", "Chỉ áp dụng từ 2027",
			"feedback-qd-2027", "qtri", `<code>feedback.answer.vuong-mac</code>`, "2027-01-01"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("history lacks %q", want)
			}
		}
		if !strings.Contains(p.body, `id="rule-history"`) {
			t.Errorf("no history table:\n%.3000s", p.body)
		}
		// A bad date is refused with the page again.
		if p := admin.post(page+"/sua", url.Values{"name": {set.Name}, "source": {set.Source}, "valid_from": {"15/08/2022"}, "reason": {"x"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("a bad date = %d; want 422", p.status)
		}
		if p := admin.get("/quan-tri/quy-dinh/999999"); p.status != http.StatusNotFound {
			t.Errorf("a missing set = %d; want 404", p.status)
		}
	})
}

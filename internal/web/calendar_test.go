package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestCalendarAdmin: administrators enter a year's decision (days off
// added, Saturdays worked) on the calendar page; others may not.
func TestCalendarAdmin(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("qtri", account.Admin, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		admin, tb := h.browser(), h.browser()
		admin.signIn("qtri")
		tb.signIn("tban")

		if p := tb.get("/quan-tri/lich-nghi?nam=2027"); p.status != http.StatusForbidden {
			t.Errorf("board head on the calendar = %d; want 403", p.status)
		}
		if p := tb.post("/quan-tri/lich-nghi", url.Values{"day": {"2027-02-13"}, "type": {"worked"}, "name": {"Làm bù"}}); p.status != http.StatusForbidden {
			t.Errorf("board head entering a day = %d; want 403", p.status)
		}
		p := admin.get("/quan-tri/lich-nghi?nam=2027")
		// Tết Đinh Mùi is Saturday 6 February 2027; Giỗ Tổ (10/3 lunar) is Friday 16 April 2027.
		for _, want := range []string{"6 tháng 2 năm 2027", `datetime="2027-04-16"`, "Giỗ Tổ", "Tính theo Bộ luật Lao động", `href="/quan-tri/lich-nghi"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("calendar 2027 lacks %q", want)
			}
		}
		if t.Failed() {
			t.Fatalf("%.5000s", p.body)
		}

		before := h.auditCount("rules.save")
		if p := admin.post("/quan-tri/lich-nghi", url.Values{"day": {"2027-02-20"}, "type": {"worked"}, "name": {"Làm bù cho ngày 12/2"},
			"source": {"Thông báo thử nghiệm 99/TB-BNV"}}); p.status != http.StatusSeeOther {
			t.Fatalf("enter a worked Saturday = %d\n%.2000s", p.status, p.body)
		}
		if p := admin.post("/quan-tri/lich-nghi", url.Values{"day": {"2027-02-12"}, "type": {"off"}, "name": {"Nghỉ thêm dịp Tết"}}); p.status != http.StatusSeeOther {
			t.Fatalf("enter a day off = %d", p.status)
		}
		if h.auditCount("rules.save") <= before {
			t.Error("entering days was not audited")
		}
		p = admin.get("/quan-tri/lich-nghi?nam=2027")
		for _, want := range []string{"Làm bù cho ngày 12/2", "Nghỉ thêm dịp Tết", "Thông báo thử nghiệm 99/TB-BNV", "Theo quyết định"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("after entering, the page lacks %q", want)
			}
		}

		// Bad input: a clear message, the typed values kept, nothing stored.
		p = admin.post("/quan-tri/lich-nghi", url.Values{"day": {"31/02/2027"}, "type": {"off"}, "name": {"<script>x</script>"}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Ngày không hợp lệ") || strings.Contains(p.body, "<script>x") {
			t.Errorf("bad date = %d\n%.3000s", p.status, p.body)
		}
		if p := admin.get("/quan-tri/lich-nghi?nam=99999"); p.status != http.StatusNotFound {
			t.Errorf("year 99999 = %d; want 404", p.status)
		}

		if p := admin.post("/quan-tri/lich-nghi/bo", url.Values{"day": {"2027-02-20"}}); p.status != http.StatusSeeOther {
			t.Fatalf("withdraw = %d", p.status)
		}
		if p := admin.get("/quan-tri/lich-nghi?nam=2027"); strings.Contains(p.body, "Làm bù cho ngày 12/2") {
			t.Error("a withdrawn day is still listed")
		}
	})
}

package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestDirectoryAndSpokespersons(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // the demo: two units, two spokespersons
		ctx := context.Background()
		khcn, err := site.NewSites(db, h.clock.Now).ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		// An appointment that has ended is not listed.
		ended := &directory.Spokesperson{SiteID: khcn.ID, FullName: "Hoàng Văn Hết", Title: "Chánh Văn phòng Sở",
			Phone: "0251 3000 000", Email: "het@dongnai.gov.vn", Decision: "9/QĐ-SKHCN", AppointedOn: "2025-01-01", ValidUntil: "2025-12-31"}
		if err := directory.NewStore(db, h.clock.Now).SaveSpokesperson(ctx, ended, audit.CLI); err != nil {
			t.Fatal(err)
		}
		anon := h.browser()

		p := anon.get("/to-chuc")
		if p.status != 200 {
			t.Fatalf("/to-chuc = %d\n%s", p.status, p.body)
		}
		for _, want := range []string{"Văn phòng UBND tỉnh", "Ban Tiếp công dân", "Nguyễn Văn A", "Chánh Văn phòng", "0251 3822 404",
			"nva@dongnai.gov.vn", "Trần Thị B", "ttb@dongnai.gov.vn", `<th scope="col">`, "<caption>",
			`"@type":"GovernmentOrganization"`, `href="/to-chuc" aria-current="page"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("/to-chuc lacks %q", want)
			}
		}
		if p := anon.get("/so-khcn/to-chuc"); p.status != 200 || strings.Contains(p.body, "Nguyễn Văn A") {
			t.Errorf("the department's directory = %d, or shows the province's units", p.status)
		}

		p = anon.get("/nguoi-phat-ngon")
		if p.status != 200 {
			t.Fatalf("/nguoi-phat-ngon = %d\n%s", p.status, p.body)
		}
		for _, want := range []string{"Lê Văn C", "1234/QĐ-UBND", "phatngon@dongnai.gov.vn", "Ủy ban nhân dân tỉnh Đồng Nai",
			"Phạm Thị D", "56/QĐ-SKHCN", "Sở Khoa học và Công nghệ tỉnh Đồng Nai", `<th scope="row">`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the province-wide list lacks %q", want)
			}
		}
		if strings.Contains(p.body, "Hoàng Văn Hết") {
			t.Error("a spokesperson whose appointment ended is listed")
		}
		if p := anon.get("/so-khcn/nguoi-phat-ngon"); p.status != 200 || !strings.Contains(p.body, "Phạm Thị D") ||
			strings.Contains(p.body, "Lê Văn C") || strings.Contains(p.body, "Hoàng Văn Hết") {
			t.Errorf("the department's list = %d, wrong people", p.status)
		}

		// An editor may not edit the directory.
		h.person("bt.dir", account.Editor, "dong-nai")
		ed := h.browser()
		ed.signIn("bt.dir")
		denied := h.auditCount("denied")
		if p := ed.get("/quan-tri/s/dong-nai/to-chuc"); p.status != 403 {
			t.Errorf("editor GET admin directory = %d", p.status)
		}
		if p := ed.post("/quan-tri/s/dong-nai/to-chuc", url.Values{"form": {"spokesperson"}, "full_name": {"X"}}); p.status != 403 {
			t.Errorf("editor POST admin directory = %d", p.status)
		}
		if n := h.auditCount("denied"); n != denied+2 {
			t.Errorf("denials audited: %d, want %d", n, denied+2)
		}

		// A board head adds a spokesperson through the form.
		h.person("tb.dir", account.BoardHead, "dong-nai")
		head := h.browser()
		head.signIn("tb.dir")
		if p := head.get("/quan-tri/s/dong-nai/to-chuc"); p.status != 200 || !strings.Contains(p.body, "Lê Văn C") {
			t.Fatalf("board head GET admin directory = %d", p.status)
		}
		form := url.Values{"form": {"spokesperson"}, "full_name": {"Vũ Thị Mới"}, "title": {"Phó Chủ tịch UBND tỉnh"},
			"phone": {"+84 251 3822 999"}, "email": {"khong-hop-le"}, "decision": {"2000/QĐ-UBND"}, "appointed_on": {"2026-08-01"}}
		p = head.post("/quan-tri/s/dong-nai/to-chuc", form)
		if p.status != 422 || !strings.Contains(p.body, "Thư điện tử phải có dạng") || !strings.Contains(p.body, `value="Vũ Thị Mới"`) {
			t.Errorf("bad email = %d\n%.2000s", p.status, p.body)
		}
		form.Set("email", "vtm@dongnai.gov.vn")
		saves := h.auditCount("directory.spokesperson.save")
		if p := head.post("/quan-tri/s/dong-nai/to-chuc", form); p.status != 303 || p.location != "/quan-tri/s/dong-nai/to-chuc?luu=1" {
			t.Fatalf("add spokesperson = %d %q\n%.2000s", p.status, p.location, p.body)
		}
		if n := h.auditCount("directory.spokesperson.save"); n != saves+1 {
			t.Errorf("spokesperson saves audited: %d, want %d", n, saves+1)
		}
		if p := anon.get("/nguoi-phat-ngon"); !strings.Contains(p.body, "Vũ Thị Mới") || !strings.Contains(p.body, "2000/QĐ-UBND") {
			t.Errorf("the new spokesperson is not listed publicly (X-Cache %s)", p.header.Get("X-Cache"))
		}
		// A unit and a leader through the forms.
		if p := head.post("/quan-tri/s/dong-nai/to-chuc", url.Values{"form": {"unit"}, "name": {"Phòng Thông tin"}, "kind": {"Phòng"}}); p.status != 303 {
			t.Errorf("add unit = %d\n%.1000s", p.status, p.body)
		}
		if p := anon.get("/to-chuc"); !strings.Contains(p.body, "Phòng Thông tin") {
			t.Error("the new unit is not listed publicly")
		}
	})
}

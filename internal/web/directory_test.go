package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
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
		decided := time.Date(2024, 12, 30, 9, 0, 0, 0, vn.ICT)
		ended := &directory.Spokesperson{SiteID: khcn.ID, FullName: "Hoàng Văn Hết", Title: "Chánh Văn phòng Sở",
			Phone: "0251 3000 000", Email: "het@dongnai.gov.vn", Decision: "9/QĐ-SKHCN", AppointedOn: "2025-01-01", ValidUntil: "2025-12-31",
			DecidedAt: &decided, Publish: true}
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
			"phone": {"+84 251 3822 999"}, "email": {"khong-hop-le"}, "decision": {"2000/QĐ-UBND"}, "appointed_on": {"2026-08-01"},
			"decided_at": {"2026-07-31T16:30"}, "publish": {"1"}}
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

var spokespersonIDRE = regexp.MustCompile(`sua=spokesperson-(\d+)#them-nguoi-phat-ngon">[^<]*<span class="visually-hidden">: ([^<]+)</span>`)

// spokespersonID finds the id of a spokesperson on the staff directory page.
func spokespersonID(t *testing.T, body, name string) string {
	t.Helper()
	for _, m := range spokespersonIDRE.FindAllStringSubmatch(body, -1) {
		if m[2] == name {
			return m[1]
		}
	}
	t.Fatalf("no edit link for %s", name)
	return ""
}

// TestSpokespersonAlertsEditingAndStatements: an appointment entered but
// not posted is not public and raises an alert that becomes overdue 24
// hours after the decision; posting it lists it; entries are edited
// through the form; a delegation is shown with its case; a press item
// names its spokesperson, publicly (REQ-36..38).
func TestSpokespersonAlertsEditingAndStatements(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // the demo: Đỗ Văn G of so-khcn decided 20 hours ago, not posted
		h.person("tb.khcn", account.BoardHead, "so-khcn")
		h.person("tb.tinh", account.BoardHead, "dong-nai")
		head, main, anon := h.browser(), h.browser(), h.browser()
		head.signIn("tb.khcn")
		main.signIn("tb.tinh")

		if p := anon.get("/so-khcn/nguoi-phat-ngon"); strings.Contains(p.body, "Đỗ Văn G") {
			t.Error("an appointment not yet posted is public")
		}
		p := head.get("/quan-tri/s/so-khcn/")
		if !strings.Contains(p.body, "Chưa đăng công khai:") || !strings.Contains(p.body, "Đỗ Văn G") || strings.Contains(p.body, `class="overdue"`) {
			t.Errorf("the workspace lacks the 24-hour alert, or shows it overdue already:\n%.4000s", p.body)
		}
		h.clock.Add(5 * time.Hour) // 25 hours after the decision; the sessions expired meanwhile
		head.signIn("tb.khcn")
		main.signIn("tb.tinh")
		p = head.get("/quan-tri/s/so-khcn/to-chuc")
		if !strings.Contains(p.body, `class="overdue"`) || !strings.Contains(p.body, "hạn đăng là") {
			t.Errorf("the alert is not overdue after 25 hours:\n%.4000s", p.body)
		}
		id := spokespersonID(t, p.body, "Đỗ Văn G")
		if p := anon.post("/quan-tri/s/so-khcn/to-chuc/dang", url.Values{"id": {id}}); p.status != 303 || !strings.Contains(p.location, "dang-nhap") {
			t.Errorf("anonymous posting = %d %q; want a redirect to sign in", p.status, p.location)
		}
		if p := main.post("/quan-tri/s/so-khcn/to-chuc/dang", url.Values{"id": {id}}); p.status != 403 {
			t.Errorf("another site's board head posting = %d; want 403", p.status)
		}
		if p := head.post("/quan-tri/s/so-khcn/to-chuc/dang", url.Values{"id": {id}}); p.status != 303 {
			t.Fatalf("post the appointment = %d\n%.2000s", p.status, p.body)
		}
		if p := anon.get("/so-khcn/nguoi-phat-ngon"); !strings.Contains(p.body, "Đỗ Văn G") {
			t.Error("the posted appointment is not listed")
		}
		p = head.get("/quan-tri/s/so-khcn/to-chuc")
		if !strings.Contains(p.body, "Đăng trễ hạn (theo thời hạn của quy định)") || strings.Contains(p.body, "Chưa đăng công khai:") {
			t.Errorf("after posting late: no late flag, or still alerted")
		}

		// Editing through the form: opened with the stored values.
		p = head.get("/quan-tri/s/so-khcn/to-chuc?sua=spokesperson-" + id)
		if !strings.Contains(p.body, `name="id" value="`+id+`"`) || !strings.Contains(p.body, `value="dvg.khcn@dongnai.gov.vn"`) ||
			!strings.Contains(p.body, "Sửa người phát ngôn") {
			t.Fatalf("edit form not filled:\n%.3000s", p.body)
		}
		decidedAt := regexp.MustCompile(`name="decided_at" type="text" autocomplete="off" size="16" maxlength="19" required value="(\d\d/\d\d/\d{4} \d\d:\d\d)"`).FindStringSubmatch(p.body)
		if decidedAt == nil {
			t.Fatal("the decision time is not in the edit form")
		}
		form := url.Values{"form": {"spokesperson"}, "id": {id}, "kind": {"regular"}, "full_name": {"Đỗ Văn G"},
			"title": {"Phó Giám đốc Sở Khoa học và Công nghệ"}, "phone": {"0915 111 222"}, "email": {"dvg.khcn@dongnai.gov.vn"},
			"decision": {"97/QĐ-SKHCN"}, "decided_at": {decidedAt[1]}, "appointed_on": {h.clock.Now().In(vn.ICT).Format("2006-01-02")}}
		if p := head.post("/quan-tri/s/so-khcn/to-chuc", form); p.status != 303 {
			t.Fatalf("edit = %d\n%.2000s", p.status, p.body)
		}
		if p := anon.get("/so-khcn/nguoi-phat-ngon"); !strings.Contains(p.body, "Phó Giám đốc Sở Khoa học và Công nghệ</td>") {
			t.Error("the edited title is not shown")
		}
		if p := head.get("/quan-tri/s/so-khcn/to-chuc?sua=spokesperson-999999"); p.status != 404 {
			t.Errorf("editing a missing entry = %d; want 404", p.status)
		}
		// Someone else's entry cannot be edited through this site.
		mainPage := main.get("/quan-tri/s/dong-nai/to-chuc")
		other := spokespersonID(t, mainPage.body, "Lê Văn C")
		form.Set("id", other)
		if p := head.post("/quan-tri/s/so-khcn/to-chuc", form); p.status != 404 {
			t.Errorf("editing another site's spokesperson = %d; want 404", p.status)
		}
		// Units and people are edited the same way.
		unit := regexp.MustCompile(`sua=unit-(\d+)`).FindStringSubmatch(mainPage.body)
		if unit == nil {
			t.Fatal("no edit link for a unit")
		}
		if p := main.post("/quan-tri/s/dong-nai/to-chuc", url.Values{"form": {"unit"}, "id": {unit[1]}, "name": {"Văn phòng Ủy ban nhân dân tỉnh"},
			"kind": {"Văn phòng"}}); p.status != 303 {
			t.Fatalf("edit unit = %d", p.status)
		}
		if p := anon.get("/to-chuc"); !strings.Contains(p.body, "Văn phòng Ủy ban nhân dân tỉnh") {
			t.Error("the edited unit is not shown")
		}

		// The province-wide list shows the delegation with its case.
		p = anon.get("/nguoi-phat-ngon")
		if !strings.Contains(p.body, "Người được ủy quyền phát ngôn") || !strings.Contains(p.body, "Võ Minh E") ||
			!strings.Contains(p.body, "Thông tin về tình hình ngập úng sau mưa lớn") {
			t.Errorf("the delegation is not listed:\n%.4000s", p.body)
		}

		// A press statement names its spokesperson.
		press := url.Values{"kind": {"press"}, "title": {"Thông cáo về kết quả kỳ họp"}, "summary": {"Tóm tắt."},
			"body": {"<p>Nội dung thông cáo.</p>"}, "author": {"Văn phòng UBND tỉnh"}, "source": {"UBND tỉnh Đồng Nai"},
			"version": {"1"}, "spokesperson": {other}}
		path := main.newItem(press)
		if p := main.get(path); !regexp.MustCompile(`<option value="` + other + `" selected>Lê Văn C`).MatchString(p.body) {
			t.Errorf("the press item does not keep its spokesperson")
		}
		for _, step := range []string{"submit", "send", "approve"} {
			if p := main.post(path+"/buoc", url.Values{"action": {step}}); p.status != 303 {
				t.Fatalf("%s = %d\n%.2000s", step, p.status, p.body)
			}
		}
		pub := anon.get("/bao-chi/thong-cao-ve-ket-qua-ky-hop")
		if pub.status != 200 || !strings.Contains(pub.body, "Phát ngôn của:</strong> Lê Văn C") {
			t.Errorf("the statement page does not name its spokesperson (%d)\n%.3000s", pub.status, pub.body)
		}
		if p := anon.get("/nguoi-phat-ngon"); !strings.Contains(p.body, "Thông cáo về kết quả kỳ họp") {
			t.Error("the spokesperson page does not list the statement")
		}
		// A spokesperson of another site cannot be named.
		bad := url.Values{"kind": {"press"}, "title": {"Thông cáo khác"}, "body": {"<p>x</p>"}, "version": {"1"}, "spokesperson": {id}}
		if p := main.post("/quan-tri/s/dong-nai/noi-dung", bad); p.status != 422 || !strings.Contains(p.body, "không thuộc trang này") {
			t.Errorf("naming another site's spokesperson = %d", p.status)
		}
		var n int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM revisions WHERE title = 'Thông cáo khác'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("the refused item was stored (%d, %v)", n, err)
		}
	})
}

package web_test

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// feedbackDesk is the staff of the main portal who take a request from
// intake to publication, each signed in once, and a unit to route to.
type feedbackDesk struct {
	h      *harness
	unit   *directory.Unit
	people map[string]*browser
}

func newFeedbackDesk(h *harness) *feedbackDesk {
	h.t.Helper()
	unit := &directory.Unit{SiteID: h.main.ID, Name: "Sở Tư pháp"}
	if err := directory.NewStore(h.db, h.clock.Now).SaveUnit(context.Background(), unit, audit.CLI); err != nil {
		h.t.Fatal(err)
	}
	d := &feedbackDesk{h: h, unit: unit, people: map[string]*browser{}}
	for name, role := range map[string]account.Role{"fbtiepnhan": account.Editor, "fbtotruong": account.TeamLead,
		"fbdaumoi": account.Liaison, "fbtruongban": account.BoardHead} {
		h.person(name, role, "dong-nai")
	}
	return d
}

// as is the signed-in browser of one of the desk's people.
func (d *feedbackDesk) as(who string) *browser {
	if b := d.people[who]; b != nil {
		return b
	}
	b := d.h.browser()
	b.signIn(who)
	d.people[who] = b
	return b
}

// step takes a step on request id as who, and fails the test unless it
// is done.
func (d *feedbackDesk) step(who string, id int64, form url.Values) {
	d.h.t.Helper()
	p := d.as(who).post("/quan-tri/s/dong-nai/kien-nghi/"+itoa(id)+"/buoc", form)
	if p.status != http.StatusSeeOther {
		d.h.t.Fatalf("%s %s: %d\n%s", who, form.Get("action"), p.status, p.body)
	}
}

// publish takes request id from received to a published answer.
func (d *feedbackDesk) publish(id int64, answer string) {
	d.h.t.Helper()
	d.step("fbtiepnhan", id, url.Values{"action": {"register"}})
	d.step("fbtiepnhan", id, url.Values{"action": {"accept"}})
	d.step("fbtotruong", id, url.Values{"action": {"assign"}, "unit": {itoa(d.unit.ID)}})
	d.step("fbdaumoi", id, url.Values{"action": {"answer"}, "answer": {answer}})
	d.step("fbtruongban", id, url.Values{"action": {"approve"}})
}

// fileFeedback sends the public form as a citizen and returns the
// tracking code, the private link and the request's id.
func fileFeedback(h *harness, citizen *browser, fields map[string]string) (code, link string, id int64) {
	h.t.Helper()
	form := map[string]string{"name": "Lê Văn Cường", "address": "7 Đồng Khởi", "phone": "0987 654 321", "email": "cuong@example.vn",
		"category": "vuong-mac", "title": "Chứng thực bản sao", "body": "Phải chờ lâu."}
	for k, v := range fields {
		form[k] = v
	}
	form["altcha"] = citizen.solveCaptcha()
	p := citizen.postMultipart("/phan-anh-kien-nghi", form, nil)
	m := linkRE.FindStringSubmatch(p.location)
	if p.status != http.StatusSeeOther || m == nil {
		h.t.Fatalf("submit: %d %q\n%s", p.status, p.location, p.body)
	}
	if err := h.db.QueryRow(context.Background(), `SELECT id FROM feedback_requests WHERE code = ?`, m[1]).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return m[1], p.location, id
}

// TestFeedbackAnswerSearchable (issue 13 item 6): a published answer is
// found by the portal's search from the moment it is published, with
// the kind "Hỏi đáp" and a link to /hoi-dap/{code}; never before, never
// by the sender's name; `cong search reindex` (Reindex) keeps it; and an
// answer no longer published leaves the index.
func TestFeedbackAnswerSearchable(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		desk := newFeedbackDesk(h)
		citizen := h.browser()
		code, _, id := fileFeedback(h, citizen, map[string]string{"name": "Phạm Thị Xuyến",
			"title": "Chứng thực chữ ký ở xã Phước Thiền", "body": "Hồ sơ chứng thực chữ ký phải nộp hai lần."})
		find := func(q string) page {
			t.Helper()
			p := citizen.get("/tim-kiem?q=" + url.QueryEscape(q))
			if p.status != 200 {
				t.Fatalf("search %q: %d", q, p.status)
			}
			return p
		}
		link := `href="/hoi-dap/` + code + `"`
		if p := find("phuoc thien"); strings.Contains(p.body, code) {
			t.Fatal("a request not yet answered is found by search")
		}
		desk.publish(id, "Ủy ban nhân dân xã đã bố trí thêm một cán bộ tiếp nhận hồ sơ chứng thực.")
		for _, q := range []string{"phuoc thien", "Phước Thiền", "bố trí thêm một cán bộ"} {
			p := find(q)
			if !strings.Contains(p.body, link) || !strings.Contains(p.body, "Hỏi đáp") {
				t.Errorf("search %q after publication: no answer linked to /hoi-dap/%s with its kind\n%.2000s", q, code, p.body)
			}
		}
		if p := citizen.get("/en/tim-kiem?q=phuoc+thien"); !strings.Contains(p.body, "Question and answer") {
			t.Error("the English search does not name the kind of a published answer")
		}
		if p := find("Xuyến"); strings.Contains(p.body, code) {
			t.Error("the sender's name finds the answer")
		}
		if p := citizen.get("/hoi-dap/" + code); p.status != 200 {
			t.Errorf("the linked page: %d", p.status)
		}
		// The rebuild of `cong search reindex` keeps the answers.
		ctx := context.Background()
		ix := search.New(db, h.clock.Now)
		if _, err := ix.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if p := find("phuoc thien"); !strings.Contains(p.body, link) {
			t.Error("after a reindex the answer is not found")
		}
		// Staff search of items never lists an answer as an item.
		if p := desk.as("fbtiepnhan").get("/quan-tri/s/dong-nai/tim-kiem?q=phuoc+thien"); p.status != 200 || strings.Contains(p.body, "noi-dung/"+itoa(search.QADocID(id))) {
			t.Errorf("staff search: %d, or it links an answer as an item\n%s", p.status, p.body)
		}
		// An answer no longer published leaves the index.
		if _, err := db.Exec(ctx, `UPDATE feedback_requests SET state = 'closed' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if err := ix.RefreshQA(ctx, id); err != nil {
			t.Fatal(err)
		}
		if p := find("phuoc thien"); strings.Contains(p.body, code) {
			t.Error("an answer no longer published is still found")
		}
	})
}

// lookup posts the look-up form from a client address of its own (the
// server trusts the test's proxy), or from ip when given.
func lookup(b *browser, ip string, form url.Values) page {
	b.h.t.Helper()
	if ip == "" {
		ip = nextAddress()
	}
	return b.postFrom(ip, "/phan-anh-kien-nghi/tra-cuu", form)
}

func trustLocalProxy(o *web.Options) {
	o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
}

// TestFeedbackLookupByCode (issue 13 item 8a): the tracking code with
// the phone or the email given opens the sender's private page, in any
// typing; a wrong code and a wrong proof get the same answer; the
// look-up is rate-limited; the form and the Q&A link to it.
func TestFeedbackLookupByCode(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLocalProxy)
		citizen := h.browser()
		code, _, _ := fileFeedback(h, citizen, map[string]string{"title": "Đèn đường hỏng ở ấp 3"})
		for _, path := range []string{"/phan-anh-kien-nghi", "/hoi-dap"} {
			if p := citizen.get(path); !strings.Contains(p.body, `href="/phan-anh-kien-nghi/tra-cuu"`) {
				t.Errorf("%s does not link the look-up", path)
			}
		}
		if p := citizen.get("/phan-anh-kien-nghi/tra-cuu"); p.status != 200 || !strings.Contains(p.body, `name="xac-minh"`) || !strings.Contains(p.body, "Tra cứu phản ánh") {
			t.Fatalf("look-up form: %d", p.status)
		}
		if p := citizen.get("/en/phan-anh-kien-nghi/tra-cuu"); p.status != 200 || !strings.Contains(p.body, "Look up a request") || strings.Contains(p.body, "Tra cứu phản ánh") {
			t.Errorf("English look-up form: %d", p.status)
		}
		for _, proof := range []string{"0987654321", "+84 987 654 321", "CUONG@example.vn"} {
			p := lookup(citizen, "", url.Values{"ma": {strings.ToLower(code)}, "xac-minh": {proof}})
			if p.status != 200 || !strings.Contains(p.body, "Đèn đường hỏng") || !strings.Contains(p.body, "Quá trình xử lý") ||
				p.header.Get("Cache-Control") != "no-store" || p.header.Get("X-Robots-Tag") != "noindex" {
				t.Errorf("look-up with %q: %d %q", proof, p.status, p.header.Get("Cache-Control"))
			}
		}
		wrongProof := lookup(citizen, "", url.Values{"ma": {code}, "xac-minh": {"0900000000"}})
		noCode := lookup(citizen, "", url.Values{"ma": {"PAKN-2020-999999"}, "xac-minh": {"0987654321"}})
		for _, p := range []page{wrongProof, noCode} {
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Không tìm thấy phản ánh với mã số") || strings.Contains(p.body, "Đèn đường") {
				t.Errorf("a wrong look-up: %d\n%.1500s", p.status, p.body)
			}
		}
		strip := func(p page, code string) string { return strings.ReplaceAll(p.body, code, "") }
		if strip(wrongProof, code) != strip(noCode, "PAKN-2020-999999") {
			t.Error("a wrong proof and an unknown code are answered differently")
		}
		// One address, many tries: refused after five a minute.
		var last page
		for range 7 {
			last = lookup(citizen, "203.0.113.77", url.Values{"ma": {"PAKN-2020-00000" + "1"}, "xac-minh": {"0911111111"}})
		}
		if last.status != http.StatusTooManyRequests {
			t.Errorf("the seventh look-up of a minute: %d", last.status)
		}
	})
}

// TestFeedbackConfirmationKeepsTheLink (issue 13 item 8b): with no mail
// server, the confirmation says plainly that the link is shown once,
// shows it whole, and says the code with the phone or email works too.
func TestFeedbackConfirmationKeepsTheLink(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		citizen := h.browser()
		_, link, _ := fileFeedback(h, citizen, nil)
		p := citizen.get(link)
		for _, want := range []string{"Xin lưu lại đường dẫn riêng", "chỉ hiện một lần", h.srv.URL + strings.TrimSuffix(link, "?moi=1"),
			"mã số phản ánh kèm số điện thoại hoặc thư điện tử", `href="/phan-anh-kien-nghi/tra-cuu"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the confirmation lacks %q", want)
			}
		}
		if again := citizen.get(strings.TrimSuffix(link, "?moi=1")); strings.Contains(again.body, "chỉ hiện một lần") {
			t.Error("the private page repeats the confirmation")
		}
	})
}

// TestFeedbackEraseAsksFirst (issue 13 item 8c): the erasure is a
// secondary button behind a required box saying what goes and that it
// cannot be undone; without the box nothing is erased; with it, by the
// private link or by the look-up, the contacts go.
func TestFeedbackEraseAsksFirst(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLocalProxy)
		ctx := context.Background()
		citizen := h.browser()
		_, link, id := fileFeedback(h, citizen, nil)
		link = strings.TrimSuffix(link, "?moi=1")
		phone := func(id int64) string {
			var p string
			if err := db.QueryRow(ctx, `SELECT phone FROM feedback_requests WHERE id = ?`, id).Scan(&p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		p := citizen.get(link)
		if !strings.Contains(p.body, `<button type="submit" class="secondary">Xóa hẳn thông tin liên hệ</button>`) ||
			!regexp.MustCompile(`<input type="checkbox" id="fb-erase-ok" name="dong-y" value="1" required>`).MatchString(p.body) ||
			!strings.Contains(p.body, "không hoàn tác được") {
			t.Fatalf("the erasure is not a secondary button behind a required confirmation\n%s", p.body)
		}
		if p := citizen.post(link+"/xoa", url.Values{}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "xin đánh dấu ô xác nhận") {
			t.Errorf("erase without the box: %d", p.status)
		}
		if phone(id) == "" {
			t.Fatal("the contacts were erased without confirmation")
		}
		if p := citizen.post(link+"/xoa", url.Values{"dong-y": {"1"}}); p.status != http.StatusSeeOther {
			t.Fatalf("erase: %d", p.status)
		}
		if phone(id) != "" {
			t.Error("the contacts are still there")
		}
		// By the look-up: the page's own erasure form, the box required too.
		code2, _, id2 := fileFeedback(h, citizen, map[string]string{"title": "Rác thải ở chợ"})
		proof := url.Values{"ma": {code2}, "xac-minh": {"cuong@example.vn"}}
		p = lookup(citizen, "", proof)
		if !strings.Contains(p.body, `action="/phan-anh-kien-nghi/tra-cuu"`) || !strings.Contains(p.body, `name="xoa" value="1"`) {
			t.Fatalf("the looked-up page has no erasure form\n%s", p.body)
		}
		proof.Set("xoa", "1")
		if p := lookup(citizen, "", proof); p.status != http.StatusUnprocessableEntity || phone(id2) == "" {
			t.Errorf("erase by look-up without the box: %d", p.status)
		}
		proof.Set("dong-y", "1")
		if p := lookup(citizen, "", proof); p.status != 200 || !strings.Contains(p.body, "Thông tin liên hệ đã được xóa") || phone(id2) != "" {
			t.Errorf("erase by look-up: %d", p.status)
		}
		proof.Del("xoa")
		if p := lookup(citizen, "", proof); p.status != http.StatusUnprocessableEntity {
			t.Errorf("a look-up after erasure: %d", p.status)
		}
	})
}

// TestFeedbackInternalNoteStaysInside (issue 13 item 8d): the staff step
// form says which text the sender sees and takes a separate internal
// note; an internal note, taken with a step or alone, is on the staff
// timeline and never on the sender's page, in the Q&A or in Open311.
func TestFeedbackInternalNoteStaysInside(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		desk := newFeedbackDesk(h)
		citizen := h.browser()
		code, link, id := fileFeedback(h, citizen, nil)
		link = strings.TrimSuffix(link, "?moi=1")
		casePath := "/quan-tri/s/dong-nai/kien-nghi/" + itoa(id)
		form := desk.as("fbtiepnhan").get(casePath)
		for _, want := range []string{`name="internal"`, "Ghi chú nội bộ", "Người gửi thấy nội dung này", "không bao giờ hiện trên trang của người gửi"} {
			if !strings.Contains(form.body, want) {
				t.Errorf("the staff step form lacks %q", want)
			}
		}
		desk.step("fbtiepnhan", id, url.Values{"action": {"register"}, "reason": {"Đã vào sổ tiếp nhận số 12."}, "internal": {"NOIBO-1 gọi lại cho phường"}})
		desk.step("fbtiepnhan", id, url.Values{"action": {"accept"}, "internal": {"NOIBO-2 hồ sơ thiếu"}})
		desk.step("fbtiepnhan", id, url.Values{"action": {"note"}, "internal": {"NOIBO-3 đã hỏi Sở"}})
		desk.step("fbtiepnhan", id, url.Values{"action": {"note"}, "reason": {"NOIBO-4 ô cũ"}})
		desk.step("fbtotruong", id, url.Values{"action": {"assign"}, "unit": {itoa(desk.unit.ID)}, "internal": {"NOIBO-5 ưu tiên"}})
		desk.step("fbdaumoi", id, url.Values{"action": {"answer"}, "answer": {"Đã giải quyết xong."}, "internal": {"NOIBO-6 xem lại"}})
		desk.step("fbtruongban", id, url.Values{"action": {"approve"}, "internal": {"NOIBO-7 đã duyệt"}})
		staff := desk.as("fbtiepnhan").get(casePath)
		for i := 1; i <= 7; i++ {
			if !strings.Contains(staff.body, "NOIBO-"+itoa(int64(i))) {
				t.Errorf("the staff timeline lacks internal note %d", i)
			}
		}
		public := citizen.get(link)
		if !strings.Contains(public.body, "Đã vào sổ tiếp nhận số 12.") {
			t.Error("the message for the sender is not on their page")
		}
		for _, p := range []page{public, citizen.get("/hoi-dap/" + code), citizen.get("/open311/v2/requests/" + code + ".json"),
			citizen.get("/open311/v2/requests/" + code + ".xml"), citizen.get("/open311/v2/requests.json")} {
			if p.status != 200 {
				t.Errorf("status %d", p.status)
			}
			if strings.Contains(p.body, "NOIBO") {
				t.Errorf("an internal note is shown to the public:\n%.3000s", p.body)
			}
		}
	})
}

// TestFeedbackRoutesToEveryUnit (issue 13 item 8e): the main portal
// routes a request to any unit of any active site of the province,
// offered grouped by site; the liaison of a department's or a commune's
// unit then opens and answers it, and no other site's liaison may; a
// component site routes to its own units only.
func TestFeedbackRoutesToEveryUnit(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		desk := newFeedbackDesk(h)
		dir := directory.NewStore(db, h.clock.Now)
		sites := map[string]int64{}
		rows, err := db.Query(ctx, `SELECT code, id FROM sites`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var code string
			var id int64
			rows.Scan(&code, &id)
			sites[code] = id
		}
		rows.Close()
		commune := &directory.Unit{SiteID: sites["phuong-tran-bien"], Name: "Bộ phận Một cửa phường Trấn Biên"}
		dept := &directory.Unit{SiteID: sites["so-khcn"], Name: "Phòng Quản lý công nghệ"}
		for _, u := range []*directory.Unit{commune, dept} {
			if err := dir.SaveUnit(ctx, u, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		h.person("daumoi.xa", account.Liaison, "phuong-tran-bien")
		h.person("daumoi.so", account.Liaison, "so-khcn")
		citizen := h.browser()
		_, link, id := fileFeedback(h, citizen, nil)
		desk.step("fbtiepnhan", id, url.Values{"action": {"register"}})
		desk.step("fbtiepnhan", id, url.Values{"action": {"accept"}})
		casePath := "/quan-tri/s/dong-nai/kien-nghi/" + itoa(id)
		form := desk.as("fbtotruong").get(casePath).body
		// Every unit of every active site is offered, under its site.
		units, err := db.Query(ctx, `SELECT u.id, s.name FROM directory_units u JOIN sites s ON s.id = u.site_id WHERE s.status = 'active'`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for units.Next() {
			var uid int64
			var site string
			units.Scan(&uid, &site)
			n++
			if !strings.Contains(form, `<option value="`+itoa(uid)+`"`) || !strings.Contains(form, `<optgroup label="`+site+`">`) {
				t.Errorf("unit %d of %s is not offered under its site", uid, site)
			}
		}
		units.Close()
		if n < 4 || strings.Count(form, "<optgroup") < 3 {
			t.Errorf("%d units, %d groups offered", n, strings.Count(form, "<optgroup"))
		}
		desk.step("fbtotruong", id, url.Values{"action": {"assign"}, "unit": {itoa(commune.ID)}})
		if p := citizen.get(strings.TrimSuffix(link, "?moi=1")); !strings.Contains(p.body, "Bộ phận Một cửa phường Trấn Biên") {
			t.Error("the sender's page does not name the commune's unit")
		}
		// Another site's liaison may not; the commune's liaison opens and answers.
		other := h.browser()
		other.signIn("daumoi.so")
		if p := other.get(casePath); p.status != http.StatusForbidden {
			t.Errorf("the department's liaison opens a request routed to the commune: %d", p.status)
		}
		if p := other.get("/quan-tri/s/dong-nai/kien-nghi/999999"); p.status != http.StatusForbidden {
			t.Errorf("an unknown request, for someone without a part on the site: %d; want 403 as for any", p.status)
		}
		liaison := h.browser()
		liaison.signIn("daumoi.xa")
		if p := liaison.get(casePath); p.status != 200 || !strings.Contains(p.body, `name="answer"`) {
			t.Fatalf("the commune's liaison: %d", p.status)
		}
		if p := liaison.post(casePath+"/buoc", url.Values{"action": {"answer"}, "answer": {"Phường đã bố trí thêm người trực."}}); p.status != http.StatusSeeOther {
			t.Fatalf("the commune's liaison answers: %d\n%s", p.status, p.body)
		}
		// The commune's own requests go to its own units only.
		fb := h.web.Feedback()
		own, err := fb.RoutingUnits(ctx, sites["phuong-tran-bien"], h.main.ID)
		if err != nil || len(own) != 1 || own[0].SiteID != sites["phuong-tran-bien"] {
			t.Errorf("a commune's routing: %v %v", own, err)
		}
	})
}

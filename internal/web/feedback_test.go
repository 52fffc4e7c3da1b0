package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// solveCaptcha fetches a challenge as the browser's script would and
// solves it.
func (b *browser) solveCaptcha() string {
	b.h.t.Helper()
	p := b.get("/api/v1/captcha")
	var c captcha.Challenge
	if err := json.Unmarshal([]byte(p.body), &c); err != nil {
		b.h.t.Fatal(err)
	}
	payload, err := captcha.Solve(c)
	if err != nil {
		b.h.t.Fatal(err)
	}
	return payload
}

// postMultipart sends the feedback form with files.
func (b *browser) postMultipart(path string, fields map[string]string, files map[string][]byte) page {
	b.h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func photo() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

var linkRE = regexp.MustCompile(`/phan-anh-kien-nghi/(PAKN-\d{4}-\d{6})/([A-Za-z0-9_-]+)`)

// TestFeedbackOverHTTP: the form with a photo and the captcha, the
// private page, bad input, replayed captcha, the staff steps, the Q&A
// without contacts, and the audit of staff views.
func TestFeedbackOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		unit := &directory.Unit{SiteID: h.main.ID, Name: "Sở Xây dựng"}
		if err := directory.NewStore(db, h.clock.Now).SaveUnit(ctx, unit, audit.CLI); err != nil {
			t.Fatal(err)
		}
		h.person("totruong", account.TeamLead, "dong-nai")
		h.person("daumoi", account.Liaison, "dong-nai")
		h.person("bientap2", account.Editor, "dong-nai")
		h.person("truongban2", account.BoardHead, "dong-nai")
		var before int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM feedback_requests`).Scan(&before)
		citizen := h.browser()
		if p := citizen.get("/phan-anh-kien-nghi"); p.status != 200 || !strings.Contains(p.body, "data-captcha") || !strings.Contains(p.body, "Khiếu nại, tố cáo") {
			t.Fatalf("form: %d %s", p.status, p.body)
		}
		fields := map[string]string{"name": "Trần Thị Bình", "address": "5 Hà Huy Giáp", "phone": "0912345678", "email": "binh@example.vn",
			"category": "khong-phu-hop", "title": "Giấy phép <script>alert(1)</script>", "body": "Thủ tục kéo dài quá lâu."}
		// Without a solved captcha nothing is stored.
		if p := citizen.postMultipart("/phan-anh-kien-nghi", fields, nil); p.status != 422 {
			t.Fatalf("no captcha: %d", p.status)
		}
		fields["altcha"] = citizen.solveCaptcha()
		p := citizen.postMultipart("/phan-anh-kien-nghi", fields, map[string][]byte{"anh.jpg": photo()})
		if p.status != http.StatusSeeOther {
			t.Fatalf("submit: %d\n%s", p.status, p.body)
		}
		m := linkRE.FindStringSubmatch(p.location)
		if m == nil {
			t.Fatalf("redirect to %q", p.location)
		}
		code := m[1]
		status := citizen.get(p.location)
		if status.status != 200 || !strings.Contains(status.body, code) || status.header.Get("Cache-Control") != "no-store" ||
			strings.Contains(status.body, "<script>alert") {
			t.Fatalf("status page: %d %q", status.status, status.header.Get("Cache-Control"))
		}
		// The same captcha again is refused, and nothing is stored.
		if p := citizen.postMultipart("/phan-anh-kien-nghi", fields, nil); p.status != 422 || !strings.Contains(p.body, "đã được dùng") {
			t.Errorf("replayed captcha: %d", p.status)
		}
		// A lying attachment is refused with a message.
		fields["altcha"] = citizen.solveCaptcha()
		if p := citizen.postMultipart("/phan-anh-kien-nghi", fields, map[string][]byte{"anh.jpg": []byte("%PDF-1.4\n")}); p.status != 422 || !strings.Contains(p.body, "anh.jpg") {
			t.Errorf("lying file: %d", p.status)
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM feedback_requests`).Scan(&n)
		if n != before+1 {
			t.Fatalf("%d requests stored, want %d", n, before+1)
		}
		var id int64
		db.QueryRow(ctx, `SELECT id FROM feedback_requests WHERE code = ?`, code).Scan(&id)
		var exif int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM feedback_attachments WHERE request_id = ? AND mime = 'image/jpeg'`, id).Scan(&exif)
		if exif != 1 {
			t.Error("the photo is not stored as a re-encoded JPEG")
		}

		// Staff: the editor registers and accepts, the team lead routes,
		// the liaison answers, the board head approves.
		steps := []struct {
			who, action string
			form        url.Values
		}{
			{"bientap2", "register", nil}, {"bientap2", "accept", nil},
			{"totruong", "assign", url.Values{"unit": {itoa(unit.ID)}}},
			{"daumoi", "answer", url.Values{"answer": {"Sở đã rút ngắn thời gian giải quyết còn 5 ngày."}}},
			{"truongban2", "approve", nil},
		}
		for _, s := range steps {
			b := h.browser()
			b.signIn(s.who)
			form := url.Values{"action": {s.action}}
			for k, v := range s.form {
				form[k] = v
			}
			path := "/quan-tri/s/dong-nai/kien-nghi/" + itoa(id)
			if p := b.get(path); p.status != 200 {
				t.Fatalf("%s sees the case: %d", s.who, p.status)
			}
			if p := b.post(path+"/buoc", form); p.status != http.StatusSeeOther {
				t.Fatalf("%s %s: %d\n%s", s.who, s.action, p.status, p.body)
			}
		}
		if h.auditCount("feedback.view") < len(steps) {
			t.Error("staff views are not audited")
		}
		qa := citizen.get("/hoi-dap?q=giay+phep")
		if qa.status != 200 || !strings.Contains(qa.body, code) || !strings.Contains(qa.body, "T.T.B.") {
			t.Fatalf("Q&A list: %d", qa.status)
		}
		one := citizen.get("/hoi-dap/" + code)
		for _, private := range []string{"Trần Thị Bình", "0912345678", "binh@example.vn", "Hà Huy Giáp"} {
			if strings.Contains(one.body, private) || strings.Contains(qa.body, private) {
				t.Errorf("the Q&A shows %q", private)
			}
		}
		if !strings.Contains(one.body, "rút ngắn") {
			t.Error("the answer is not on the Q&A page")
		}
		timeline := citizen.get(p.location)
		if !strings.Contains(timeline.body, "Sở Xây dựng") || !strings.Contains(timeline.body, "rút ngắn") {
			t.Error("the sender's page lacks the unit or the answer")
		}
		// A collaborator cannot open the case.
		h.person("ctv", account.Collaborator, "dong-nai")
		b := h.browser()
		b.signIn("ctv")
		if p := b.get("/quan-tri/s/dong-nai/kien-nghi/" + itoa(id)); p.status != 403 {
			t.Errorf("collaborator: %d", p.status)
		}
	})
}

// TestFeedbackFlood: one address is limited, with a Vietnamese message.
func TestFeedbackFlood(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	var last page
	for i := 0; i < 8; i++ {
		last = b.postMultipart("/phan-anh-kien-nghi", map[string]string{"name": "x"}, nil)
	}
	if last.status != http.StatusTooManyRequests || !strings.Contains(last.body, "thử lại sau") {
		t.Errorf("flood: %d", last.status)
	}
}

// TestOpen311RoundTrip: services, a POST with an issued key, GET by id
// and in the list, JSON and XML, errors in the GeoReport format.
func TestOpen311RoundTrip(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		var services []map[string]any
		if p := b.get("/open311/v2/services.json"); p.status != 200 || json.Unmarshal([]byte(p.body), &services) != nil || len(services) != 8 {
			t.Fatalf("services: %d %s", p.status, p.body)
		}
		if p := b.get("/open311/v2/services.xml"); p.status != 200 || xml.Unmarshal([]byte(p.body), new(struct{})) != nil || !strings.Contains(p.body, "<service_code>vuong-mac</service_code>") {
			t.Fatalf("services.xml: %s", p.body)
		}
		if p := b.get("/open311/v2/services/khac.json"); p.status != 200 || !strings.Contains(p.body, `"service_code":"khac"`) {
			t.Errorf("definition: %s", p.body)
		}
		// The administrator issues a key in the admin page.
		h.person("quantri2", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("quantri2")
		p := admin.post("/quan-tri/open311", url.Values{"name": {"Ứng dụng Đồng Nai"}})
		km := regexp.MustCompile(`<code class="secret">([A-Za-z0-9_-]+)</code>`).FindStringSubmatch(p.body)
		if p.status != 200 || km == nil {
			t.Fatalf("issue key: %d", p.status)
		}
		post := func(form url.Values, ext string) page {
			req, _ := http.NewRequest("POST", h.srv.URL+"/open311/v2/requests."+ext, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return b.do(req)
		}
		form := url.Values{"service_code": {"vuong-mac"}, "description": {"Hồ sơ đất đai chậm trả kết quả."}, "first_name": {"Lê"},
			"last_name": {"Văn Cường"}, "email": {"cuong@example.vn"}, "address_string": {"1 Đồng Khởi"}, "lat": {"10.95"}, "long": {"106.82"}}
		if p := post(form, "json"); p.status != 403 || !strings.Contains(p.body, `"code":403`) {
			t.Errorf("without a key: %d %s", p.status, p.body)
		}
		form.Set("api_key", km[1])
		p = post(form, "json")
		var created []map[string]string
		if p.status != 201 || json.Unmarshal([]byte(p.body), &created) != nil || !feedback.CodePattern.MatchString(created[0]["service_request_id"]) {
			t.Fatalf("post: %d %s", p.status, p.body)
		}
		code := created[0]["service_request_id"]
		got := b.get("/open311/v2/requests/" + code + ".json")
		var reqs []map[string]string
		if got.status != 200 || json.Unmarshal([]byte(got.body), &reqs) != nil || reqs[0]["status"] != "open" || reqs[0]["service_code"] != "vuong-mac" {
			t.Fatalf("get: %d %s", got.status, got.body)
		}
		if strings.Contains(got.body, "cuong@example.vn") || strings.Contains(got.body, "Cường") {
			t.Error("GET shows the sender's data")
		}
		if x := b.get("/open311/v2/requests/" + code + ".xml"); x.status != 200 || !strings.Contains(x.body, "<service_request_id>"+code+"</service_request_id>") {
			t.Errorf("get xml: %s", x.body)
		}
		if l := b.get("/open311/v2/requests.json?status=open"); !strings.Contains(l.body, code) {
			t.Errorf("list: %s", l.body)
		}
		// start_date and end_date: the newest request first by default,
		// none in a range of 2020, bad dates refused with a message.
		now := h.clock.Now()
		var listed []map[string]string
		if l := b.get("/open311/v2/requests.json"); json.Unmarshal([]byte(l.body), &listed) != nil || len(listed) == 0 || listed[0]["service_request_id"] != code {
			t.Errorf("the default list does not start with the newest request %s: %.500s", code, l.body)
		}
		if l := b.get("/open311/v2/requests.json?start_date=" + url.QueryEscape(now.Add(-time.Hour).Format(time.RFC3339)) +
			"&end_date=" + url.QueryEscape(now.Add(time.Hour).Format(time.RFC3339))); !strings.Contains(l.body, code) {
			t.Errorf("the range around now lacks the request: %s", l.body)
		}
		// "+07:00" as people type it, unescaped (a "+" in a query is a space).
		if l := b.get("/open311/v2/requests.json?start_date=" + now.Add(-time.Hour).In(vn.ICT).Format("2006-01-02T15:04:05+07:00")); l.status != 200 || !strings.Contains(l.body, code) {
			t.Errorf("start_date with an unescaped +07:00: %d %s", l.status, l.body)
		}
		if l := b.get("/open311/v2/requests.json?start_date=" + url.QueryEscape(now.Add(time.Hour).Format(time.RFC3339))); l.status != 200 || strings.TrimSpace(l.body) != "[]" {
			t.Errorf("from an hour ahead: %d %s", l.status, l.body)
		}
		if l := b.get("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00Z"); l.status != 200 || strings.TrimSpace(l.body) != "[]" {
			t.Errorf("a range in 2020: %d %s", l.status, l.body)
		}
		for _, q := range []string{"start_date=hom-qua", "start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z", "start_date=2020-03-01T00:00:00Z&end_date=2020-01-01T00:00:00Z"} {
			if l := b.get("/open311/v2/requests.json?" + q); l.status != 400 || !strings.Contains(l.body, "90") {
				t.Errorf("%s: %d %s", q, l.status, l.body)
			}
		}
		form.Set("service_code", "khong-co")
		if p := post(form, "xml"); p.status != 400 || !strings.Contains(p.body, "<errors><error><code>400</code>") {
			t.Errorf("bad service code: %d %s", p.status, p.body)
		}
		if p := b.get("/open311/v2/requests/PAKN-2026-999999.json"); p.status != 404 || !strings.Contains(p.body, `"code":404`) {
			t.Errorf("unknown id: %d %s", p.status, p.body)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestFeedbackEnglish: the English form and its messages are English.
func TestFeedbackEnglish(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	b := h.browser()
	if p := b.get("/en/phan-anh-kien-nghi"); p.status != 200 || !strings.Contains(p.body, "Send feedback or a question") || !strings.Contains(p.body, "Complaints and denunciations") {
		t.Fatalf("English form: %d", p.status)
	}
	p := b.postMultipart("/en/phan-anh-kien-nghi", map[string]string{"name": "", "altcha": b.solveCaptcha()}, nil)
	if p.status != 422 || !strings.Contains(p.body, "Give your full name.") || strings.Contains(p.body, "Xin ghi họ và tên") {
		t.Errorf("English errors: %d", p.status)
	}
}

// TestFeedbackStaffListPages: the staff list of a busy site comes in
// pages of 50 with the count; out-of-range page numbers land on the
// nearest page; a tracking code typed in its box opens that request.
func TestFeedbackStaffListPages(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		before, err := fb.Count(ctx, feedback.Filter{SiteID: h.main.ID}) // the demo's
		if err != nil {
			t.Fatal(err)
		}
		var first *feedback.Request
		for i := range 55 {
			r, _, err := fb.Submit(ctx, feedback.Submission{SiteID: h.main.ID, Category: feedback.Unsuitable,
				Title: fmt.Sprintf("Kiến nghị số %d về thủ tục", i+1), Body: "Hồ sơ phải nộp quá nhiều bản sao.",
				Name: "Nguyễn Văn An", Address: "12 Lê Lợi, Biên Hòa", Email: "an@example.vn", IP: "203.0.113.9"})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = r
			}
		}
		total := before + 55
		pages := (total + 49) / 50
		h.person("bientap3", account.Editor, "dong-nai")
		b := h.browser()
		b.signIn("bientap3")
		list := "/quan-tri/s/dong-nai/kien-nghi"
		p := b.get(list)
		if p.status != 200 || !strings.Contains(p.body, fmt.Sprintf("%d phản ánh, kiến nghị · trang 1/%d", total, pages)) || !strings.Contains(p.body, `rel="next"`) {
			t.Fatalf("first page: %d\n%.3000s", p.status, p.body)
		}
		if n := strings.Count(p.body, `<th scope="row">`); n != 50 {
			t.Errorf("first page lists %d requests; want 50", n)
		}
		last := fmt.Sprintf("trang %d/%d", pages, pages)
		for _, q := range []string{fmt.Sprintf("?trang=%d", pages), "?trang=99"} {
			p := b.get(list + q)
			if p.status != 200 || !strings.Contains(p.body, last) || !strings.Contains(p.body, "Kiến nghị số 55 ") ||
				!strings.Contains(p.body, `rel="prev"`) || strings.Contains(p.body, `rel="next"`) {
				t.Errorf("%s: %d, not the last page", q, p.status)
			}
		}
		// A tracking code typed in the box, in any case, opens the request.
		if p := b.get(list + "?ma=" + strings.ToLower(first.Code)); p.status != http.StatusSeeOther || p.location != list+"/"+itoa(first.ID) {
			t.Errorf("?ma=%s = %d %q; want the request's page", first.Code, p.status, p.location)
		}
		if p := b.get(list + "?ma=PAKN-2020-999999"); p.status != 200 || !strings.Contains(p.body, "Không có phản ánh mã PAKN-2020-999999") {
			t.Errorf("an unknown code = %d, without its message", p.status)
		}
		if p := b.get(list + "?trang=-1"); p.status != 200 || !strings.Contains(p.body, fmt.Sprintf("trang 1/%d", pages)) {
			t.Errorf("?trang=-1: %d", p.status)
		}
	})
}

package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

type apiSearch struct {
	Total   int `json:"total"`
	Results []struct {
		ID          int64   `json:"id"`
		SourceID    *string `json:"source_id"`
		Type        string  `json:"type"`
		Title       string  `json:"title"`
		URL         string  `json:"url"`
		Snippet     *string `json:"snippet"`
		PublishedAt *string `json:"published_at"`
	} `json:"results"`
	Error string `json:"error"`
	Read  string `json:"read"`
	Names []struct {
		Typed string `json:"typed"`
		Term  string `json:"term"`
	} `json:"names"`
}

func (a apiSearch) has(title string) bool {
	for _, r := range a.Results {
		if r.Title == title {
			return true
		}
	}
	return false
}

func (b *browser) api(path string) (int, apiSearch) {
	b.h.t.Helper()
	p := b.get(path)
	var out apiSearch
	if err := json.Unmarshal([]byte(p.body), &out); err != nil {
		b.h.t.Fatalf("GET %s = %d, not JSON: %v\n%.500s", path, p.status, err, p.body)
	}
	if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		b.h.t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	return p.status, out
}

// Search through the real server: the page, the API, and freshness as an
// item goes through the workflow (drafts only for staff).
func TestSearchPageAndAPI(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("tban-tk", account.BoardHead, "dong-nai")
		tb, anon := h.browser(), h.browser()
		tb.signIn("tban-tk")

		// The demo content was indexed when the server started.
		p := anon.get("/tim-kiem?q=chuyen+doi+so")
		if p.status != 200 || !strings.Contains(p.body, "<mark>chuyển</mark>") || !strings.Contains(p.body, "kết quả") {
			t.Fatalf("search page = %d\n%.3000s", p.status, p.body)
		}
		// Every kind of result is named: the demo's draft for comment is
		// among these.
		if !strings.Contains(p.body, "Dự thảo lấy ý kiến · Nghị quyết") {
			t.Errorf("the draft for comment is not named as one:\n%.6000s", p.body)
		}
		if cc := p.header.Get("Cache-Control"); !strings.Contains(cc, "private") || xcache(p) != "bypass" {
			t.Errorf("search page Cache-Control %q, X-Cache %q; want private, bypass", cc, xcache(p))
		}
		status, res := anon.api("/api/v1/search?q=chuyen+doi+so")
		if status != 200 || res.Total == 0 || res.Results[0].SourceID == nil || res.Results[0].Snippet == nil ||
			!strings.HasPrefix(res.Results[0].URL, "/") || res.Results[0].Type == "" {
			t.Fatalf("API = %d %+v", status, res)
		}

		// Typed with the Vietnamese keyboard off, in Telex and in VNI: the
		// page and the API say what they searched for (issue 21).
		for _, typed := range []string{"chuyeenr ddooir soos", "chuye63n d9o63i so61"} {
			p := anon.get("/tim-kiem?q=" + url.QueryEscape(typed))
			if !strings.Contains(p.body, "đã tìm theo <strong>chuyển đổi số</strong>") || !strings.Contains(p.body, "<mark>chuyển</mark>") {
				t.Errorf("%q: the page does not say it read the keys:\n%.3000s", typed, p.body)
			}
			if _, res := anon.api("/api/v1/search?q=" + url.QueryEscape(typed)); res.Read != "chuyển đổi số" || res.Total == 0 {
				t.Errorf("%q: API read %q, %d results", typed, res.Read, res.Total)
			}
		}
		if _, res := anon.api("/api/v1/search?q=chuyen+doi+so"); res.Read != "" {
			t.Errorf("plain words read as keys: %q", res.Read)
		}

		// A draft: staff search finds it, the public does not.
		const title = "Thông báo tuyển sinh trường Quảng Xương"
		path := tb.newItem(article(title, "<p>Trường Quảng Xương tuyển sinh lớp mười.</p>"))
		if _, res := anon.api("/api/v1/search?q=quang+xuong"); res.has(title) {
			t.Errorf("a draft in public results: %+v", res)
		}
		if p := tb.get("/quan-tri/s/dong-nai/tim-kiem?q=quang+xuong"); p.status != 200 || !strings.Contains(p.body, title) {
			t.Errorf("staff search = %d, draft missing\n%.2000s", p.status, p.body)
		}
		if p := anon.get("/quan-tri/s/dong-nai/tim-kiem?q=quang+xuong"); p.status == 200 {
			t.Errorf("staff search open to anyone")
		}
		// Published: found at once, on the page and through the API.
		for _, a := range []string{"submit", "send", "approve"} {
			if p := tb.post(path+"/buoc", url.Values{"action": {a}}); p.status != http.StatusSeeOther {
				t.Fatalf("%s = %d", a, p.status)
			}
		}
		if _, res := anon.api("/api/v1/search?q=quang+xuong"); res.Total == 0 || res.Results[0].Title != title {
			t.Fatalf("after publishing: %+v", res)
		}
		if p := anon.get("/tim-kiem?q=Qu%E1%BA%A3ng+X%C6%B0%C6%A1ng"); !strings.Contains(p.body, title) {
			t.Errorf("search page after publishing lacks the item")
		}
		// An everyday name ("ly dị") finds what uses the law's term ("ly
		// hôn"), and the page and the API say so (issue 21).
		const divorce = "Hướng dẫn thủ tục ly hôn tại Tòa án nhân dân"
		dpath := tb.newItem(article(divorce, "<p>Người dân nộp đơn ly hôn tại Tòa án nhân dân cấp huyện.</p>"))
		for _, a := range []string{"submit", "send", "approve"} {
			if p := tb.post(dpath+"/buoc", url.Values{"action": {a}}); p.status != http.StatusSeeOther {
				t.Fatalf("%s = %d", a, p.status)
			}
		}
		if p := anon.get("/tim-kiem?q=" + url.QueryEscape("thủ tục ly dị")); !strings.Contains(p.body, divorce) ||
			!strings.Contains(p.body, "Đã tìm cả theo tên gọi trong văn bản pháp luật: <strong>ly hôn</strong> (cho “ly dị”).") {
			t.Errorf("everyday name: the page does not find or say it:\n%.3000s", p.body)
		}
		if _, res := anon.api("/api/v1/search?q=" + url.QueryEscape("ly dị")); !res.has(divorce) ||
			len(res.Names) != 1 || res.Names[0].Typed != "ly dị" || res.Names[0].Term != "ly hôn" {
			t.Errorf("everyday name: API %+v", res)
		}
		if _, res := anon.api("/api/v1/search?q=quang+xuong"); len(res.Names) != 0 {
			t.Errorf("names read in plain words: %+v", res.Names)
		}

		// Unpublished: gone at once.
		if p := tb.post(path+"/buoc", url.Values{"action": {"unpublish"}, "comment": {"Sai thông tin"}}); p.status != http.StatusSeeOther {
			t.Fatalf("unpublish = %d", p.status)
		}
		if _, res := anon.api("/api/v1/search?q=quang+xuong"); res.has(title) {
			t.Errorf("after unpublishing: %+v", res)
		}
		if p := anon.get("/tim-kiem?q=quang+xuong"); strings.Contains(p.body, title) {
			t.Errorf("search page still lists the unpublished item")
		}

		// Bad input: a clear message, never a 500.
		for _, q := range []string{"", "q=", "q=%22%22%22", "q=***", "q=" + strings.Repeat("a%20", 4000), "q=NEAR(a+b)+OR+-c:d^",
			"q=%FF%FE", "q=%00%01", "q=a&page=0", "q=a&page=x", "q=a&type=khong-co", "q=a&site=khong-co", "q=a&from=13/6/2011",
			"q=a&from=2024-02-01&to=2024-01-01"} {
			status, res := anon.api("/api/v1/search?" + q)
			if status != 200 && (status != 400 || res.Error == "") {
				t.Errorf("API %q = %d %+v", q, status, res)
			}
			if p := anon.get("/tim-kiem?" + strings.NewReplacer("page=", "trang=", "type=", "loai=", "from=", "tu-ngay=", "to=", "den-ngay=", "site=", "don-vi=").Replace(q)); p.status != 200 {
				t.Errorf("page %q = %d", q, p.status)
			}
		}
		if status, res := anon.api("/api/v1/search?q=a&page=0"); status != 400 || !strings.Contains(res.Error, "Số trang") {
			t.Errorf("page=0: %d %+v", status, res)
		}
		if status, res := anon.api("/api/v1/search?q=%21%21%21"); status != 400 || !strings.Contains(res.Error, "từ khóa") {
			t.Errorf("punctuation only: %d %+v", status, res)
		}
		// The OpenAPI document.
		doc := anon.get("/api/v1/openapi.json")
		var oa map[string]any
		if doc.status != 200 || json.Unmarshal([]byte(doc.body), &oa) != nil || oa["openapi"] == nil ||
			!strings.Contains(doc.body, `"/api/v1/search"`) || !strings.Contains(doc.body, `"/api/v1/captcha"`) ||
			!strings.Contains(doc.body, `"/open311/v2/requests.{format}"`) {
			t.Errorf("openapi.json = %d %.300s", doc.status, doc.body)
		}

		// /metrics says whether the node answers from the index's words
		// in memory (PostgreSQL), and how often it did.
		series := func(name string) (float64, bool) {
			m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindStringSubmatch(metricsFrom(h.web, "127.0.0.1:40000").Body.String())
			if m == nil {
				return 0, false
			}
			v, _ := strconv.ParseFloat(m[1], 64)
			return v, true
		}
		if db.Dialect != store.Postgres {
			if _, ok := series("cong_search_memory_ready"); ok {
				t.Error("SQLite reports words in memory")
			}
			return
		}
		for deadline := time.Now().Add(30 * time.Second); ; {
			anon.api("/api/v1/search?q=chuyen+doi+so") // a search brings the words up to date
			if v, _ := series("cong_search_memory_ready"); v == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the words in memory were not ready after 30 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
		before, _ := series("cong_search_memory_answers_total")
		if _, res := anon.api("/api/v1/search?q=chuyen+doi+so"); res.Total == 0 {
			t.Errorf("from memory: %+v", res)
		}
		if after, _ := series("cong_search_memory_answers_total"); after != before+1 {
			t.Errorf("answers from memory %v → %v; want one more", before, after)
		}
		if n, _ := series("cong_search_memory_documents"); n == 0 {
			t.Error("no documents in memory")
		}
	})
}

// The public search's dates are typed day first, as Vietnamese readers
// write them, and read in the year-first form of older links too: both
// filter alike, the field shows the day first, and a date that is not one
// gets a message saying the form, never a 500.
func TestSearchDatesDayFirst(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		anon := h.browser()
		const q = "/tim-kiem?q=%C4%90%E1%BB%93ng+Nai"
		// The results: the page after the form.
		hits := func(p page) string {
			t.Helper()
			i, j := strings.Index(p.body, "</form>"), strings.LastIndex(p.body, "</main>")
			if p.status != 200 || i < 0 || j < i {
				t.Fatalf("search = %d:\n%.1500s", p.status, p.body)
			}
			return p.body[i:j]
		}
		for _, c := range []struct{ typed, iso, shown string }{
			{"1/1/2000", "2000-01-01", "01/01/2000"},
			{"01.01.2999", "2999-01-01", "01/01/2999"},
		} {
			typed, link := anon.get(q+"&tu-ngay="+url.QueryEscape(c.typed)), anon.get(q+"&tu-ngay="+c.iso)
			if hits(typed) != hits(link) {
				t.Errorf("from %s and from %s give different results", c.typed, c.iso)
			}
			for _, p := range []page{typed, link} {
				if !strings.Contains(p.body, `name="tu-ngay" type="text"`) || strings.Contains(p.body, `type="date"`) {
					t.Errorf("the date fields are not text fields")
				}
				if !strings.Contains(p.body, `value="`+c.shown+`"`) || strings.Contains(p.body, "phải có dạng") {
					t.Errorf("from %s: the field does not show %s, or the date is refused", c.typed, c.shown)
				}
			}
		}
		if strings.Contains(hits(anon.get(q+"&tu-ngay=01/01/2000")), "Không tìm thấy") ||
			!strings.Contains(hits(anon.get(q+"&tu-ngay=01/01/2999")), "Không tìm thấy") {
			t.Errorf("the date filter does not filter: the demo's articles are all after 2000, none after 2999")
		}
		for _, bad := range []string{"31/02/2024", "13/2024", "2024/06/13", "hôm qua"} {
			p := anon.get(q + "&den-ngay=" + url.QueryEscape(bad))
			if p.status != 200 || !strings.Contains(p.body, `<div class="errors" role="alert"><ul><li>Ngày “`) ||
				!strings.Contains(p.body, "phải có dạng ngày/tháng/năm, ví dụ 13/06/2024") {
				t.Errorf("to %q = %d, without the message in the page's error box", bad, p.status)
			}
			if en := anon.get("/en" + q + "&den-ngay=" + url.QueryEscape(bad)); en.status != 200 || !strings.Contains(en.body, "must be day/month/year") {
				t.Errorf("to %q in English = %d, without the English message", bad, en.status)
			}
		}
		if p := anon.get(q); !strings.Contains(p.body, "ngày/tháng/năm") {
			t.Errorf("the form does not say how to write a date")
		}
	})
}

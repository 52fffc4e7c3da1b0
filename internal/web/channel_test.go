package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// channelPeople signs in one person of each kind that matters to the
// registry and the statement: the department's board deputy (keeps its
// own site's), the installation's administrator (keeps every site's), and
// people who may not.
func channelPeople(t *testing.T, h *harness) map[string]*browser {
	t.Helper()
	for _, p := range []struct {
		name string
		role account.Role
		site string
	}{
		{"kc-ban", account.BoardDeputy, "so-khcn"}, {"kc-admin", account.Admin, "dong-nai"},
		{"kc-btv", account.Editor, "so-khcn"}, {"kc-ctv", account.Collaborator, "so-khcn"},
		{"kc-gs", account.Overseer, "dong-nai"}, {"kc-dm", account.Liaison, "so-khcn"},
		{"kc-ban-tinh", account.BoardHead, "dong-nai"},
	} {
		h.person(p.name, p.role, p.site)
	}
	out := map[string]*browser{"visitor": h.browser()}
	for _, n := range []string{"kc-ban", "kc-admin", "kc-btv", "kc-ctv", "kc-gs", "kc-dm", "kc-ban-tinh"} {
		b := h.browser()
		b.signIn(n)
		out[n] = b
	}
	return out
}

// TestChannelRoleMatrix: who may open, add to, change and take from the
// department's registry of official channels, and open and save its
// accessibility statement, over HTTP; each refusal of a signed-in person
// is audited as a named refusal and changes nothing.
func TestChannelRoleMatrix(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		people := channelPeople(t, h)
		const base = "/quan-tri/s/so-khcn/"
		add := url.Values{"kind": {"social"}, "name": {"Trang Facebook của Sở"}, "link": {"https://www.facebook.com/sokhcn.thu"}, "verified_on": {"2026-01-05"}}
		stmt := url.Values{"standard": {"WCAG 2.1"}, "level": {"AA"}, "methods": {"axe-core"}, "contact": {"sokhcn@example.vn"}, "reviewed_on": {"2026-01-05"}}
		mayKeep := map[string]bool{"kc-ban": true, "kc-admin": true}
		ctx := context.Background()
		var before int // the demo's channels of the department
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM official_channels WHERE site_id = (SELECT id FROM sites WHERE code = 'so-khcn')`).Scan(&before); err != nil {
			t.Fatal(err)
		}
		adds, saves := h.auditCount("channel.add"), h.auditCount("a11y.statement.save")
		for _, who := range []string{"kc-ban", "kc-admin", "kc-btv", "kc-ctv", "kc-gs", "kc-dm", "kc-ban-tinh", "visitor"} {
			b := people[who]
			for _, c := range []struct {
				path string
				form url.Values
			}{
				{base + "kenh-chinh-thuc", nil}, {base + "kenh-chinh-thuc", add},
				{base + "tuyen-bo-tiep-can", nil}, {base + "tuyen-bo-tiep-can", stmt},
			} {
				var p page
				if c.form != nil {
					f := url.Values{}
					for k, v := range c.form {
						f[k] = v
					}
					if f.Get("name") != "" {
						f.Set("link", f.Get("link")+"-"+who) // each its own address
					}
					p = b.post(c.path, f)
				} else {
					p = b.get(c.path)
				}
				want := http.StatusForbidden
				switch {
				case mayKeep[who] && c.form != nil:
					want = http.StatusSeeOther
				case mayKeep[who]:
					want = http.StatusOK
				case who == "visitor":
					want = http.StatusSeeOther // to the sign-in page
				}
				if p.status != want || (who == "visitor" && !strings.HasPrefix(p.location, "/dang-nhap")) {
					t.Errorf("%s %s %s: %d %q, want %d", who, map[bool]string{true: "POST", false: "GET"}[c.form != nil], c.path, p.status, p.location, want)
				}
			}
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM official_channels WHERE site_id = (SELECT id FROM sites WHERE code = 'so-khcn')`).Scan(&n); err != nil || n != before+2 {
			t.Errorf("%d channels stored (%v), want the 2 of those who may", n-before, err)
		}
		if got := h.auditCount("channel.add") - adds; got != 2 {
			t.Errorf("channel.add audited %d times", got)
		}
		if got := h.auditCount("a11y.statement.save") - saves; got != 2 {
			t.Errorf("a11y.statement.save audited %d times", got)
		}
		var denied int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND detail IN ('channel.read', 'channel.save', 'a11y.read', 'a11y.save')`).Scan(&denied); err != nil || denied != 5*4 {
			t.Errorf("%d named refusals audited (%v), want 20 (5 people × 4 requests)", denied, err)
		}

		// Removing: another site's board may not, the department's may.
		var id int64
		if err := db.QueryRow(ctx, `SELECT MAX(id) FROM official_channels`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		rm := fmt.Sprintf("%skenh-chinh-thuc/%d/bo", base, id)
		for _, who := range []string{"kc-btv", "kc-ctv", "kc-gs", "kc-ban-tinh"} {
			if p := people[who].post(rm, url.Values{}); p.status != http.StatusForbidden {
				t.Errorf("%s removes a channel: %d", who, p.status)
			}
		}
		if p := people["kc-ban-tinh"].post(fmt.Sprintf("/quan-tri/s/dong-nai/kenh-chinh-thuc/%d/bo", id), url.Values{}); p.status != http.StatusNotFound {
			t.Errorf("the main portal's board removes the department's channel through its own site: %d", p.status)
		}
		if p := people["kc-ban"].post(rm, url.Values{}); p.status != http.StatusSeeOther {
			t.Errorf("the department's board removes its channel: %d\n%.1500s", p.status, p.body)
		}
		if got := h.auditCount("channel.remove"); got != 1 {
			t.Errorf("channel.remove audited %d times", got)
		}
	})
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestChannelPublishedEverywhere: a channel the board adds appears on the
// site's public page at once (the page cache dropped), in both languages,
// in the JSON-LD of that page and of the directory as sameAs, a hotline
// as a contact point; every page's footer links the page and the
// statement; bad input comes back with a Vietnamese message, the field
// marked and what was typed kept, and nothing stored.
func TestChannelPublishedEverywhere(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("kc-ban", account.BoardDeputy, "phuong-tran-bien")
		board, visitor := h.browser(), h.browser()
		board.signIn("kc-ban")
		const admin = "/quan-tri/s/phuong-tran-bien/kenh-chinh-thuc"

		// Cached before the change.
		if p := visitor.get("/phuong-tran-bien/kenh-chinh-thuc"); p.status != 200 || !strings.Contains(p.body, "Cơ quan chưa công bố kênh thông tin nào") {
			t.Fatalf("empty public page: %d\n%.2000s", p.status, p.body)
		}
		for _, f := range []url.Values{
			{"kind": {"social"}, "name": {"Trang Facebook của Sở"}, "link": {"https://www.facebook.com/sokhcn.thu"}, "verified_on": {"2026-01-05"}},
			{"kind": {"hotline"}, "name": {"Đường dây nóng"}, "link": {"0251 3822 999"}, "verified_on": {"2026-01-05"}, "note": {"Giờ hành chính"}},
		} {
			if p := board.post(admin, f); p.status != http.StatusSeeOther || p.location != admin+"?luu=1" {
				t.Fatalf("add %v: %d %q\n%.2000s", f, p.status, p.location, p.body)
			}
		}
		p := visitor.get("/phuong-tran-bien/kenh-chinh-thuc")
		for _, want := range []string{`href="https://www.facebook.com/sokhcn.thu"`, "Trang Facebook của Sở", `href="tel:02513822999"`, "Giờ hành chính",
			"Mạng xã hội", "Đường dây nóng, tổng đài", "Kiểm tra <time", "ngày 5 tháng 1 năm 2026"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		if strings.Contains(p.body, "ngày <time") {
			t.Errorf("the day of a check reads “ngày ngày”")
		}
		checkLD := func(path string) {
			t.Helper()
			body := visitor.get(path).body
			m := ldRE.FindStringSubmatch(body)
			if m == nil {
				t.Errorf("%s has no JSON-LD", path)
				return
			}
			var ld struct {
				SameAs       []string `json:"sameAs"`
				ContactPoint []struct {
					Telephone string `json:"telephone"`
				} `json:"contactPoint"`
			}
			if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
				t.Fatalf("%s: JSON-LD: %v\n%s", path, err, m[1])
			}
			if len(ld.SameAs) != 1 || ld.SameAs[0] != "https://www.facebook.com/sokhcn.thu" || len(ld.ContactPoint) != 1 || ld.ContactPoint[0].Telephone != "0251 3822 999" {
				t.Errorf("%s JSON-LD: %s", path, m[1])
			}
		}
		checkLD("/phuong-tran-bien/kenh-chinh-thuc")
		checkLD("/phuong-tran-bien/to-chuc")
		checkLD("/phuong-tran-bien/")
		en := visitor.get("/phuong-tran-bien/en/kenh-chinh-thuc")
		if en.status != 200 || !strings.Contains(en.body, "Social networks") || !strings.Contains(en.body, "Verified on") || !strings.Contains(en.body, `<html lang="en">`) {
			t.Errorf("English page: %d\n%.1500s", en.status, en.body)
		}
		// The footer of every page links both pages, in the page's language.
		for path, want := range map[string][]string{
			"/":                     {`href="/kenh-chinh-thuc">Kênh thông tin chính thức</a>`, `href="/tuyen-bo-tiep-can">Tuyên bố về khả năng tiếp cận</a>`},
			"/so-khcn/gioi-thieu":   {`href="/so-khcn/kenh-chinh-thuc">`, `href="/so-khcn/tuyen-bo-tiep-can">`},
			"/en/":                  {`href="/en/kenh-chinh-thuc">Official channels</a>`, `href="/en/tuyen-bo-tiep-can">Accessibility statement</a>`},
			"/khong-co-trang-nay-x": {`href="/kenh-chinh-thuc">`},
		} {
			body := visitor.get(path).body
			i := strings.Index(body, `<footer`)
			for _, w := range want {
				if i < 0 || !strings.Contains(body[i:], w) {
					t.Errorf("footer of %s lacks %s", path, w)
				}
			}
		}

		// Bad input.
		for _, c := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"kind": {"social"}, "name": {"Giả"}, "link": {"javascript:alert(document.cookie)"}, "verified_on": {"2026-01-05"}}, "không nhận địa chỉ dạng javascript:"},
			{url.Values{"kind": {"social"}, "name": {"Giả"}, "link": {"http://facebook.com/gia"}, "verified_on": {"2026-01-05"}}, "https://"},
			{url.Values{"kind": {"app"}, "name": {"Giả"}, "link": {"https://a.vn"}, "verified_on": {"2999-01-05"}}, "không thể sau hôm nay"},
			{url.Values{"kind": {"khac-la"}, "name": {"Giả"}, "link": {"https://a.vn"}, "verified_on": {"2026-01-05"}}, "Hãy chọn loại kênh"},
			{url.Values{"kind": {"hotline"}, "name": {"Giả"}, "link": {"gọi ngay"}, "verified_on": {"2026-01-05"}}, "chỉ gồm chữ số"},
			{url.Values{"kind": {"social"}, "name": {""}, "link": {"https://a.vn"}, "verified_on": {"hôm qua"}}, "Hãy nhập tên kênh"},
		} {
			p := board.post(admin, c.form)
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, c.want) || !strings.Contains(p.body, `aria-invalid="true"`) {
				t.Errorf("%v: %d, want 422 saying %q\n%.1500s", c.form, p.status, c.want, p.body)
			}
			if !strings.Contains(p.body, `value="`+c.form.Get("name")+`"`) {
				t.Errorf("%v: the name typed is lost", c.form)
			}
		}
		for _, path := range []string{admin + "?sua=abc", admin + "?sua=999999", admin + "/abc/bo", admin + "/999999/bo"} {
			var p page
			if strings.HasSuffix(path, "/bo") {
				p = board.post(path, url.Values{})
			} else {
				p = board.get(path)
			}
			if p.status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, p.status)
			}
		}
		if p := board.post(admin, url.Values{"id": {"x"}, "kind": {"social"}, "name": {"A"}, "link": {"https://a.vn"}, "verified_on": {"2026-01-05"}}); p.status != http.StatusNotFound {
			t.Errorf("a malformed id: %d", p.status)
		}
		var n int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM official_channels WHERE site_id = (SELECT id FROM sites WHERE code = 'phuong-tran-bien')`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d channels after the bad input, want 2", n)
		}
		// The edit form opens with the stored values.
		var id int64
		if err := db.QueryRow(context.Background(), `SELECT id FROM official_channels WHERE kind = 'hotline' AND site_id = (SELECT id FROM sites WHERE code = 'phuong-tran-bien')`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if p := board.get(fmt.Sprintf("%s?sua=%d", admin, id)); p.status != 200 || !strings.Contains(p.body, `value="0251 3822 999"`) || !strings.Contains(p.body, `name="id" value="`) {
			t.Errorf("edit form: %d", p.status)
		}
	})
}

// TestAccessStatementOverHTTP (issue 20 point 8): every site has its
// statement from the first day, made from its data; the board's version
// replaces it at once; bad input comes back marked and nothing changes.
func TestAccessStatementOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("kc-ban", account.BoardDeputy, "so-khcn")
		board, visitor := h.browser(), h.browser()
		board.signIn("kc-ban")
		saves := h.auditCount("a11y.statement.save") // the demo's
		p := visitor.get("/so-khcn/tuyen-bo-tiep-can")
		for _, want := range []string{"<h1>Tuyên bố về khả năng tiếp cận</h1>", "WCAG 2.1", "<dd>AA</dd>", "axe-core", "Những hạn chế còn tồn tại",
			"Liên hệ khi gặp khó khăn", "Cách kiểm tra"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("default statement lacks %q", want)
			}
		}
		if en := visitor.get("/so-khcn/en/tuyen-bo-tiep-can"); !strings.Contains(en.body, "Accessibility statement") || !strings.Contains(en.body, "keyboard") {
			t.Errorf("English default statement: %d", en.status)
		}
		const admin = "/quan-tri/s/so-khcn/tuyen-bo-tiep-can"
		if p := board.get(admin); p.status != 200 || !strings.Contains(p.body, "tuyên bố mặc định") || !strings.Contains(p.body, "axe-core") {
			t.Errorf("staff form: %d", p.status)
		}
		good := url.Values{"standard": {"WCAG 2.1"}, "level": {"AA"}, "methods": {"Kiểm tra bằng axe-core\nDùng bàn phím"},
			"known_issues": {"Bản đồ địa giới chưa có mô tả bằng chữ"}, "contact": {"Tổ giúp việc: 0251 3822 111"}, "reviewed_on": {"2026-01-05"}}
		if p := board.post(admin, good); p.status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%.1500s", p.status, p.body)
		}
		p = visitor.get("/so-khcn/tuyen-bo-tiep-can")
		for _, want := range []string{"<li>Kiểm tra bằng axe-core</li>", "<li>Dùng bàn phím</li>", "Bản đồ địa giới chưa có mô tả bằng chữ", "Tổ giúp việc: 0251 3822 111", "ngày 5 tháng 1 năm 2026"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("saved statement lacks %q", want)
			}
		}
		if en := visitor.get("/so-khcn/en/tuyen-bo-tiep-can"); !strings.Contains(en.body, `<ul lang="vi"><li>Kiểm tra bằng axe-core</li>`) {
			t.Errorf("the English page does not mark the Vietnamese text")
		}
		for _, c := range []struct{ field, value, want string }{
			{"level", "ZZ", "Hãy chọn mức tuân thủ"},
			{"standard", "<script>", "Hãy chọn tiêu chuẩn"},
			{"methods", "  ", "Hãy ghi cách đã kiểm tra"},
			{"contact", "", "Hãy ghi địa chỉ liên hệ"},
			{"reviewed_on", "2999-01-01", "không thể sau hôm nay"},
			{"reviewed_on", "01/13/2026", "ngày/tháng/năm"}, // month first: no 13th month
			{"known_issues", strings.Repeat("x", 4001), "tối đa 4000 ký tự"},
		} {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			f.Set(c.field, c.value)
			p := board.post(admin, f)
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, c.want) || !strings.Contains(p.body, `aria-invalid="true"`) ||
				(c.field != "methods" && !strings.Contains(p.body, "Dùng bàn phím")) {
				t.Errorf("%s=%.20q: %d, want 422 saying %q", c.field, c.value, p.status, c.want)
			}
		}
		if got := h.auditCount("a11y.statement.save") - saves; got != 1 {
			t.Errorf("audited %d saves, want 1", got)
		}
	})
}

// TestChannelsSectionShowsTheList: the required section "Kênh thông tin
// chính thức" is not an empty list of items: its page shows the site's
// official channels, as /kenh-chinh-thuc does.
func TestChannelsSectionShowsTheList(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		var name, link string
		if err := db.QueryRow(context.Background(), `SELECT name, link FROM official_channels WHERE site_id = ? AND kind = 'social' ORDER BY id LIMIT 1`,
			h.main.ID).Scan(&name, &link); err != nil {
			t.Fatalf("the demo's province has no channel: %v", err)
		}
		p := h.browser().get("/chuyen-muc/kenh-thong-tin-chinh-thuc")
		body := html.UnescapeString(p.body)
		if p.status != 200 || !strings.Contains(body, name) || !strings.Contains(body, `href="`+link+`"`) || !strings.Contains(p.body, `href="/kenh-chinh-thuc"`) {
			t.Errorf("the section's page: %d, without %q (%s) or the link to the list:\n%.3000s", p.status, name, link, p.body)
		}
	})
}

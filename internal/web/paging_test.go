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

// badPages are page numbers a list may be asked for: past any int, the
// largest and smallest int64 (whose offset overflowed into a negative
// OFFSET, which PostgreSQL refuses with a 500), and what is no page.
var badPages = []string{"9223372036854775807", "-9223372036854775808", "99999999999999999999999", "100001",
	"-1", "0", "abc", "", "1e3", "%20", "２"}

// Every list that takes a page number answers any page number with a
// page (an empty one past the end), never a server error.
func TestListsTakeAnyPageNumber(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("bientap-trang", account.Editor, "dong-nai")
		staff, anon := h.browser(), h.browser()
		staff.signIn("bientap-trang")
		lists := []struct {
			b     *browser
			path  string // with the page number's parameter last
			codes []int  // the answers allowed
		}{
			{anon, "/van-ban?trang=", []int{200}},
			{anon, "/so-khcn/van-ban?nam=2010&trang=", []int{200}},
			{anon, "/chuyen-muc/tin-tuc-su-kien?trang=", []int{200}},
			{anon, "/en/chuyen-muc/news-and-events?trang=", []int{200, 404}},
			{anon, "/hoi-dap?trang=", []int{200}},
			{anon, "/hoi-dap?q=giay+phep&trang=", []int{200}},
			{anon, "/so-khcn/hoi-dap?trang=", []int{200}},
			{anon, "/tim-kiem?q=chuyen+doi+so&trang=", []int{200}},
			{anon, "/api/v1/search?q=chuyen+doi+so&page=", []int{200, 400}},
			{staff, "/quan-tri/s/dong-nai/tep?trang=", []int{200}},
			{staff, "/quan-tri/s/dong-nai/kien-nghi?trang=", []int{200}},
			{staff, "/quan-tri/s/dong-nai/kien-nghi?trang-thai=moi&trang=", []int{200}},
			{staff, "/quan-tri/s/dong-nai/tim-kiem?q=chuyen+doi+so&trang=", []int{200}},
		}
		for _, l := range lists {
			for _, n := range badPages {
				path := l.path + url.QueryEscape(n)
				p := l.b.get(path)
				ok := false
				for _, c := range l.codes {
					ok = ok || p.status == c
				}
				if !ok {
					t.Errorf("GET %s = %d; want one of %v", path, p.status, l.codes)
				}
				if p.status >= http.StatusInternalServerError || strings.Contains(p.body, "OFFSET") {
					t.Errorf("GET %s = %d: a server error", path, p.status)
				}
			}
		}
	})
}

package web_test

import (
	"context"
	"strings"
	"testing"
)

// Subscriptions by mail: the form (the whole site, a section), the page
// after it, the links of the mails (a wrong one: the real ones are
// secrets), and the staff's counts and the administrator's addresses.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		var cat string
		if err := h.db.QueryRow(context.Background(), `SELECT slug FROM categories WHERE site_id = ? ORDER BY id LIMIT 1`, h.main.ID).Scan(&cat); err != nil {
			t.Fatal(err)
		}
		token := strings.Repeat("A", 43)
		return []stop{
			{"GET /nhan-tin-moi", "anon", "/nhan-tin-moi"},
			{"GET /nhan-tin-moi", "anon", "/nhan-tin-moi?chuyen-muc=" + cat},
			{"GET /nhan-tin-moi/da-gui", "anon", "/nhan-tin-moi/da-gui"},
			{"GET /nhan-tin-moi/xac-nhan/{token}", "anon", "/nhan-tin-moi/xac-nhan/" + token},
			{"GET /nhan-tin-moi/huy/{token}", "anon", "/nhan-tin-moi/huy/" + token},
			{"GET /quan-tri/s/{site}/nhan-tin-moi", "tq.head", "/quan-tri/s/dong-nai/nhan-tin-moi"},
			{"GET /quan-tri/s/{site}/nhan-tin-moi/dia-chi", "tq.admin", "/quan-tri/s/dong-nai/nhan-tin-moi/dia-chi"},
			{"GET /quan-tri/s/{site}/nhan-tin-moi/dia-chi", "tq.admin", "/quan-tri/s/dong-nai/nhan-tin-moi/dia-chi?q=example&trang=2"},
		}
	})
}

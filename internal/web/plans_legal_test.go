package web_test

import (
	"context"
	"testing"
)

// A legal document's page (its outline) and the number-or-keyword box.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		var law string
		if err := h.db.QueryRow(context.Background(), `SELECT slug FROM items WHERE site_id = ? AND kind = 'legal' AND live AND lang = 'vi' ORDER BY id LIMIT 1`,
			h.main.ID).Scan(&law); err != nil {
			t.Fatal(err)
		}
		return []stop{
			{"GET /van-ban/{slug}", "anon", "/van-ban/" + law},
			{"GET /van-ban/{slug}", "anon", "/en/van-ban/" + law},
			{"GET /van-ban/tra-cuu", "anon", "/van-ban/tra-cuu?q=57%2F2010%2FQH12"},
			{"GET /van-ban/tra-cuu", "anon", "/van-ban/tra-cuu?q=thue+moi+truong"},
		}
	})
}

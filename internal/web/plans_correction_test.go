package web_test

import (
	"context"
	"testing"
)

// The plan guard's visits of corrections and of the print view and PDF
// (issue 20, points 5 and 6): the site's list and one correction, an
// article's and a legal document's print view and PDF, and the staff
// item page of the corrected item, whose corrections section reads them.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		ctx := context.Background()
		var id, item, law string
		if err := h.db.QueryRow(ctx, `SELECT CAST(c.id AS TEXT), CAST(c.item_id AS TEXT) FROM corrections c ORDER BY c.id LIMIT 1`).Scan(&id, &item); err != nil {
			t.Fatalf("the demo's correction: %v", err)
		}
		if err := h.db.QueryRow(ctx, `SELECT slug FROM items WHERE site_id = ? AND kind = 'legal' AND live AND lang = 'vi' ORDER BY id DESC LIMIT 1`,
			h.main.ID).Scan(&law); err != nil {
			t.Fatal(err)
		}
		const notice = "/thong-bao/lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026"
		return []stop{
			{"GET /dinh-chinh", "anon", "/dinh-chinh"},
			{"GET /dinh-chinh", "anon", "/dinh-chinh?trang=2"},
			{"GET /dinh-chinh", "anon", "/en/dinh-chinh"},
			{"GET /dinh-chinh/{id}", "anon", "/dinh-chinh/" + id},
			{"GET /in/{kind}/{slug}", "anon", "/in" + notice},
			{"GET /in/{kind}/{slug}", "anon", "/in/van-ban/" + law},
			{"GET /pdf/{kind}/{file}", "anon", "/pdf" + notice + ".pdf"},
			{"GET /pdf/{kind}/{file}", "anon", "/pdf/van-ban/" + law + ".pdf"},
			{"GET /quan-tri/s/{site}/noi-dung/{id}", "tq.head", "/quan-tri/s/dong-nai/noi-dung/" + item},
		}
	})
}

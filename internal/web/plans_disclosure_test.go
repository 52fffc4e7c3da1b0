package web_test

import "testing"

// The catalogue of information to be published: the board's page, the
// public catalogue (a year, a second page) and its downloads.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		return []stop{
			{"GET /quan-tri/s/{site}/tiep-can-thong-tin", "tq.head", "/quan-tri/s/dong-nai/tiep-can-thong-tin"},
			{"GET /tiep-can-thong-tin", "anon", "/tiep-can-thong-tin"},
			{"GET /tiep-can-thong-tin", "anon", "/tiep-can-thong-tin?nam=2026&trang=2"},
			{"GET /tiep-can-thong-tin/danh-muc.xlsx", "anon", "/tiep-can-thong-tin/danh-muc.xlsx?nam=2026"},
			{"GET /tiep-can-thong-tin/danh-muc.csv", "anon", "/tiep-can-thong-tin/danh-muc.csv"},
		}
	})
}

package web_test

import "testing"

// The plan guard's visits of the official channels and the accessibility
// statement (issue 20, points 7 and 8): the staff pages as the board
// head, the public pages in both languages.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		return []stop{
			{"GET /quan-tri/s/{site}/kenh-chinh-thuc", "tq.head", "/quan-tri/s/dong-nai/kenh-chinh-thuc"},
			{"GET /quan-tri/s/{site}/tuyen-bo-tiep-can", "tq.head", "/quan-tri/s/dong-nai/tuyen-bo-tiep-can"},
			{"GET /kenh-chinh-thuc", "anon", "/kenh-chinh-thuc"},
			{"GET /kenh-chinh-thuc", "anon", "/en/kenh-chinh-thuc"},
			{"GET /tuyen-bo-tiep-can", "anon", "/tuyen-bo-tiep-can"},
			{"GET /tuyen-bo-tiep-can", "anon", "/so-khcn/tuyen-bo-tiep-can"},
		}
	})
}

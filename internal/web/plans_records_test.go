package web_test

import "testing"

// The typed records (issue 20 point 3): each list, filtered and paged,
// its feed, and a statistic's table as CSV.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		return []stop{
			{"GET /du-an", "anon", "/du-an?linh-vuc=Giao+th%C3%B4ng&trang-thai=dang-thuc-hien&nam=2026"},
			{"GET /du-an/feed.atom", "anon", "/du-an/feed.atom"},
			{"GET /ngan-sach", "anon", "/ngan-sach?ky=2026&loai=du-toan"},
			{"GET /ngan-sach/feed.atom", "anon", "/ngan-sach/feed.atom"},
			{"GET /thong-ke", "anon", "/thong-ke?ky=2025"},
			{"GET /thong-ke/feed.atom", "anon", "/thong-ke/feed.atom"},
			{"GET /thong-ke/{slug}/so-lieu.csv", "anon", "/thong-ke/ho-so-truc-tuyen-2025/so-lieu.csv"},
			{"GET /khoa-hoc", "anon", "/khoa-hoc?cap=tinh&trang=2"},
			{"GET /khoa-hoc/feed.atom", "anon", "/khoa-hoc/feed.atom"},
			{"GET /ke-hoach", "anon", "/ke-hoach?loai=ke-hoach&nam=2027"},
			{"GET /ke-hoach/feed.atom", "anon", "/ke-hoach/feed.atom"},
		}
	})
}

package web_test

import "testing"

// The administrative procedures catalogue: the staff list and forms, the
// public catalogue (facets, words, a second page) and a procedure's page
// (another year's figures), on the main portal and in English.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		return []stop{
			{"GET /quan-tri/s/{site}/dich-vu-cong", "tq.head", "/quan-tri/s/dong-nai/dich-vu-cong"},
			{"GET /quan-tri/s/{site}/dich-vu-cong/moi", "tq.head", "/quan-tri/s/dong-nai/dich-vu-cong/moi"},
			{"GET /quan-tri/s/{site}/dich-vu-cong/{code}", "tq.head", "/quan-tri/s/dong-nai/dich-vu-cong/1.009101"},
			{"GET /dich-vu-cong", "anon", "/dich-vu-cong?linh-vuc=H%E1%BB%99+t%E1%BB%8Bch"},
			{"GET /dich-vu-cong", "anon", "/dich-vu-cong?cap=tinh&muc-do=mot-phan&q=giay+chung+nhan"},
			{"GET /dich-vu-cong", "anon", "/dich-vu-cong?trang=2"},
			{"GET /dich-vu-cong/{code}", "anon", "/dich-vu-cong/1.009101"},
			{"GET /dich-vu-cong/{code}", "anon", "/dich-vu-cong/1.009202?nam=2025"},
			{"GET /dich-vu-cong/{code}", "anon", "/en/dich-vu-cong/1.009101"},
		}
	})
}

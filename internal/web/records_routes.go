package web

import "net/http"

// recordsStaffRoutes: the typed records of an item (issue 20 point 3),
// each saved by its own form on the item's page: du-an (a project),
// ngan-sach and thong-ke (a statistics item's budget report and data
// table), khoa-hoc and ke-hoach (a plan item's science programme and
// plan).
func (s *Server) recordsStaffRoutes(mux *http.ServeMux) {
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/ho-so/{type}", s.staff(s.recordSave))
}

// recordsPublicRoutes: a list per record type with its filters and its
// feed, and a statistic's table as CSV. Each list is one segment, which
// wins over GET /{name}; the items themselves stay at /{kind}/{slug}.
func (s *Server) recordsPublicRoutes(mux *http.ServeMux) {
	for _, l := range recordLists {
		mux.Handle("GET "+l.path, s.public(s.recordList(l.path)))
		mux.Handle("GET "+l.path+"/feed.atom", s.public(s.recordFeed(l.path)))
	}
	mux.Handle("GET /thong-ke/{slug}/so-lieu.csv", s.public(s.statisticCSV))
}

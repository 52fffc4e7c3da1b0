package web

import "net/http"

// correctionStaffRoutes are the staff pages of public corrections and
// readers' error reports (issue 20, point 5).
func (s *Server) correctionStaffRoutes(mux *http.ServeMux) {
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/dinh-chinh", s.staff(s.correctionPublish))
}

// correctionPublicRoutes are the public pages of corrections and of the
// print view and PDF of an item (issue 20, points 5 and 6).
func (s *Server) correctionPublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /dinh-chinh", s.public(s.correctionList))
	mux.Handle("GET /dinh-chinh/{id}", s.public(s.correctionShow))
	mux.Handle("GET /in/{kind}/{slug}", s.public(s.printView))
	mux.Handle("GET /pdf/{kind}/{file}", s.public(s.printPDF)) // {slug}.pdf
}

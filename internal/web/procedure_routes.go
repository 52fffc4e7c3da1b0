package web

import "net/http"

// procedureStaffRoutes are the staff pages of the administrative
// procedures catalogue (issue 20, point 1): the list, a procedure's form,
// the import of the catalogue and of the yearly figures from a file (the
// paths ending in /tep take an upload's size, body.go).
func (s *Server) procedureStaffRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/dich-vu-cong", s.staff(s.procedureAdmin))
	mux.Handle("GET /quan-tri/s/{site}/dich-vu-cong/moi", s.staff(s.procedureForm))
	mux.Handle("GET /quan-tri/s/{site}/dich-vu-cong/{code}", s.staff(s.procedureForm))
	mux.Handle("POST /quan-tri/s/{site}/dich-vu-cong/luu", s.staff(s.procedureSave))
	mux.Handle("POST /quan-tri/s/{site}/dich-vu-cong/{code}/bo", s.staff(s.procedureRemove))
	mux.Handle("POST /quan-tri/s/{site}/dich-vu-cong/tep", s.staff(s.procedureUpload))
	mux.Handle("POST /quan-tri/s/{site}/dich-vu-cong/so-lieu/tep", s.staff(s.procedureUpload))
}

// procedurePublicRoutes are the public pages of the catalogue, by path
// within a site: the faceted catalogue and each procedure's page.
func (s *Server) procedurePublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /dich-vu-cong", s.public(s.procedureCatalogueOf))
	mux.Handle("GET /dich-vu-cong/{code}", s.public(s.procedureShow))
}

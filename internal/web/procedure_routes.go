package web

import "net/http"

// procedureStaffRoutes are the staff pages of the administrative
// procedures catalogue (issue 20, point 1).
func (s *Server) procedureStaffRoutes(mux *http.ServeMux) {}

// procedurePublicRoutes are the public pages of the catalogue, by path
// within a site.
func (s *Server) procedurePublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /dich-vu-cong", s.public(s.services))
}

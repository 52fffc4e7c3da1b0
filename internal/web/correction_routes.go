package web

import "net/http"

// correctionStaffRoutes are the staff pages of public corrections and
// readers' error reports (issue 20, point 5).
func (s *Server) correctionStaffRoutes(mux *http.ServeMux) {}

// correctionPublicRoutes are the public pages of corrections and of the
// print view and PDF of an item (issue 20, points 5 and 6).
func (s *Server) correctionPublicRoutes(mux *http.ServeMux) {}

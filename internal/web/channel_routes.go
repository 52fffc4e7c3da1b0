package web

import "net/http"

// channelStaffRoutes are the staff pages of the official channels
// registry and the accessibility statement (issue 20, points 7 and 8).
func (s *Server) channelStaffRoutes(mux *http.ServeMux) {}

// channelPublicRoutes are their public pages, by path within a site.
func (s *Server) channelPublicRoutes(mux *http.ServeMux) {}

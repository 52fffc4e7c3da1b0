package web

import (
	"net/http"

	"github.com/congportal/cong/internal/jobs"
)

// ratingPublicRoutes are the readers' side of satisfaction ratings
// (issue 18, point 4), by path within a site.
func (s *Server) ratingPublicRoutes(mux *http.ServeMux) {}

// ratingStaffRoutes are the editors' side of satisfaction ratings.
func (s *Server) ratingStaffRoutes(mux *http.ServeMux) {}

// ratingJobs is the ratings' scheduled work.
func (s *Server) ratingJobs(r *jobs.Runner) {}

package web

import (
	"net/http"

	"github.com/congportal/cong/internal/jobs"
)

// reportRoutes are the activity reports and the oversight dashboard
// (issue 18, points 1, 2, 5, 6).
func (s *Server) reportRoutes(mux *http.ServeMux) {}

// reportJobs is the reports' scheduled work (page counters, mailings).
func (s *Server) reportJobs(r *jobs.Runner) {}

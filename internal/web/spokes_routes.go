package web

import (
	"net/http"

	"github.com/congportal/cong/internal/jobs"
)

// spokesRoutes are the staff pages of the spokesperson's records and
// annual report (issue 18, point 3).
func (s *Server) spokesRoutes(mux *http.ServeMux) {}

// spokesJobs is the spokesperson's scheduled work (the quarterly
// press-conference reminder).
func (s *Server) spokesJobs(r *jobs.Runner) {}

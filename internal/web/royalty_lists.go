package web

import "net/http"

// royaltyListRoutes: payment lists and statements.
func (s *Server) royaltyListRoutes(mux *http.ServeMux) {}

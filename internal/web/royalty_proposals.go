package web

import "net/http"

// royaltyProposalRoutes: the proposal on an item and its approval.
func (s *Server) royaltyProposalRoutes(mux *http.ServeMux) {}

package web

import "net/http"

// royaltyRoutes are the royalty screens (issue 19): the proposal and
// approval on a published item (royalty_proposals.go), and the payment
// lists and statements (royalty_lists.go).
func (s *Server) royaltyRoutes(mux *http.ServeMux) {
	s.royaltyProposalRoutes(mux)
	s.royaltyListRoutes(mux)
	s.reportExtras = append(s.reportExtras, s.royaltyFigures) // royalty_report.go: the figures in the activity reports
}

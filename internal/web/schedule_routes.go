package web

import "net/http"

// schedulePublicRoutes: the leaders' weekly working schedule on every
// site (issue 20, point 3; REQ-11, REQ-13) — the week, its calendar and
// the feed of its changes.
func (s *Server) schedulePublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /lich-cong-tac", s.public(s.schedulePublic))
	mux.Handle("GET /lich-cong-tac/lich.ics", s.public(s.scheduleICS))
	mux.Handle("GET /lich-cong-tac/thay-doi.atom", s.public(s.scheduleFeed))
}

// scheduleStaffRoutes: a site's editors enter the week's entries, the
// board head or deputy publishes the week (content.edit, content.publish;
// audited).
func (s *Server) scheduleStaffRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/lich-cong-tac", s.staff(s.scheduleAdmin))
	mux.Handle("POST /quan-tri/s/{site}/lich-cong-tac/muc", s.staff(s.scheduleEntrySave))
	mux.Handle("POST /quan-tri/s/{site}/lich-cong-tac/muc/{id}/bo", s.staff(s.scheduleEntryRemove))
	mux.Handle("POST /quan-tri/s/{site}/lich-cong-tac/cong-bo", s.staff(s.schedulePublish))
	mux.Handle("POST /quan-tri/s/{site}/lich-cong-tac/sao-chep", s.staff(s.scheduleCopy))
}

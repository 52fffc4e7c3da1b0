package web

import "net/http"

// disclosureStaffRoutes: the board keeps a site's catalogue of
// information to be published — the entries published outside the
// portal — and its focal point for information requests (issue 20,
// point 2; REQ-11 đ, REQ-12).
func (s *Server) disclosureStaffRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/tiep-can-thong-tin", s.staff(s.disclosureAdmin))
	mux.Handle("POST /quan-tri/s/{site}/tiep-can-thong-tin/dau-moi", s.staff(s.disclosureContactSave))
	mux.Handle("POST /quan-tri/s/{site}/tiep-can-thong-tin/muc", s.staff(s.disclosureEntrySave))
	mux.Handle("POST /quan-tri/s/{site}/tiep-can-thong-tin/muc/{id}/bo", s.staff(s.disclosureEntryRemove))
}

// disclosurePublicRoutes: the catalogue on every site, in its "Tiếp cận
// thông tin" section, and its downloads.
func (s *Server) disclosurePublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /tiep-can-thong-tin", s.public(s.disclosurePublic))
	mux.Handle("GET /tiep-can-thong-tin/danh-muc.xlsx", s.public(s.disclosureFile))
	mux.Handle("GET /tiep-can-thong-tin/danh-muc.csv", s.public(s.disclosureFile))
}

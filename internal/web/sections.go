package web

import (
	"net/http"

	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
)

// sectionsPage shows, per required section of a site (from the sections
// rule set in force), its category, what is published and whether it is
// empty or overdue against the deadlines rule set in force.
type sectionsPage struct {
	*AdminPage
	Work      *site.Site
	Set       *rules.Set
	Deadlines *rules.Set // nil when no deadlines set is in force
	Sections  []rules.SectionStatus
	Empty     int
	Overdue   int
}

// sectionsShow is GET /quan-tri/s/{site}/chuyen-muc-bat-buoc, for those
// who read the site's reports or decide its structure.
func (s *Server) sectionsShow(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	p := s.person(r)
	if !maySeeSections(p.User, st.ID, p.MainID) {
		s.deny(r, st.ID, st.Code, "sections.read")
		return errForbidden
	}
	set, deadlines, secs, err := s.sections.Status(r.Context(), st, s.now())
	if err != nil {
		return err
	}
	page := &sectionsPage{AdminPage: s.adminPage(r, p.User, translate(langOf(r), "sections.required")), Work: st,
		Set: set, Deadlines: deadlines, Sections: secs}
	for _, x := range secs {
		if x.Empty {
			page.Empty++
		}
		if x.Overdue {
			page.Overdue++
		}
	}
	return s.tmpl.render(w, http.StatusOK, "admin/sections", page)
}

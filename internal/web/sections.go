package web

import (
	"context"
	"net/http"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/jobs"
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
	// Former is the site's categories whose sections an earlier sections
	// set required and the set in force no longer does.
	Former []rules.Former
}

// Say is a phrase of the part of the page on sections no longer required.
func (p *sectionsPage) Say(key string) string {
	m := map[string][2]string{
		"former":      {"Chuyên mục không còn bắt buộc", "Sections no longer required"},
		"former.help": {"Các chuyên mục này được bộ quy định trước đây yêu cầu nhưng bộ quy định đang có hiệu lực không còn yêu cầu. Có thể giữ, đổi tên hoặc thôi cập nhật; nội dung đã đăng vẫn giữ nguyên.", "Earlier rule sets required these sections; the set in force no longer does. They may be kept, renamed or no longer updated; what they published stays."},
		"former.by":   {"Từng được yêu cầu bởi", "Required by"},
		"category":    {"Chuyên mục", "Category"},
	}[key]
	return pick(p.Lang, m[0], m[1])
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
	if page.Former, err = s.sections.NoLongerRequired(r.Context(), st); err != nil {
		return err
	}
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

// sectionsActor records the categories the sections job gives sites.
var sectionsActor = audit.Actor{Name: "system", IP: "local"}

// SectionsJob schedules, every hour and once at start, the giving of the
// sections of the sections set in force to every live site
// (rules.Sites.ApplyAll): on the day a new set takes effect, every site
// gets the categories of the sections it adds. A site is given a set's
// sections once, so a second run creates nothing.
func (s *Server) SectionsJob(r *jobs.Runner) {
	r.Every("sections.apply", time.Hour, func(ctx context.Context, _ time.Time) error {
		n, err := s.sections.ApplyAll(ctx, s.sites, sectionsActor)
		if n > 0 {
			s.log.Info("required sections given", "categories", n)
		}
		return err
	})
}

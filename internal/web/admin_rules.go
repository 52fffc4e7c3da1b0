package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/rules"
)

// rulesPage lists the rule sets (DESIGN.md, "Rules are dated data") with
// their source and validity, and lets administrators edit values.
type rulesPage struct {
	*AdminPage
	Sets  []*rules.Set
	Today string
}

func (s *Server) mayManageRules(r *http.Request) bool {
	main := s.mainSite(r)
	return userOf(r).Can(main.ID, main.ID, account.ManageSettings)
}

// rulesShow is GET /quan-tri/quy-dinh.
func (s *Server) rulesShow(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "quy-dinh", "rules.read")
		return errForbidden
	}
	return s.renderRules(w, r, http.StatusOK, noticeOf(r), nil)
}

func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, status int, notice string, errs []string) error {
	all, err := s.rules.List(r.Context())
	if err != nil {
		return err
	}
	// The yearly calendar decisions have their own page (lich-nghi).
	var sets []*rules.Set
	for _, set := range all {
		if set.Kind != rules.KindCalendar {
			sets = append(sets, set)
		}
	}
	p := &rulesPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "rules")), Sets: sets, Today: s.rules.Today()}
	p.Notice, p.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/rules", p)
}

// ruleSave is POST /quan-tri/quy-dinh: set=<id>&key=<key>&value=<value>.
func (s *Server) ruleSave(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "quy-dinh", "rules.save")
		return errForbidden
	}
	id, err := strconv.ParseInt(r.PostFormValue("set"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found.")
	}
	if err := s.rules.SetValue(r.Context(), id, r.PostFormValue("key"), r.PostFormValue("value"), s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderRules(w, fr, statusOf(err), "", msgs)
		}
		return err
	}
	http.Redirect(w, r, "/quan-tri/quy-dinh?luu=1", http.StatusSeeOther)
	return nil
}

// CanRules says whether the menu shows the rule sets: administrators of
// the installation edit them (settings.manage).
func (p *AdminPage) CanRules() bool {
	return p.User != nil && p.Main != nil && p.User.Can(p.Main.ID, p.Main.ID, account.ManageSettings)
}

package web

import (
	"net/http"

	"github.com/congportal/cong/internal/a11y"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/site"
)

// statementPage is /tuyen-bo-tiep-can: the site's accessibility
// statement (REQ-54, REQ-55), linked from every page's footer.
type statementPage struct {
	*Page
	Statement *a11y.Statement
	// TextLang is the language of the statement's own text when it is
	// not the page's: a saved statement is written in Vietnamese, and an
	// English page marks it so (lang="vi") for screen readers.
	TextLang string
}

// Lines splits a field of the statement into its points.
func (p *statementPage) Lines(s string) []string { return a11y.Lines(s) }

// Day writes a day (YYYY-MM-DD) in words.
func (p *statementPage) Day(day string) string { return dayWords(p.Page, day) }

func (s *Server) statementPublic(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	stmt, err := s.statements().Get(r.Context(), st, lang)
	if err != nil {
		return err
	}
	p := &statementPage{Page: s.publicPage(r, translate(lang, "a11y.title")), Statement: stmt}
	p.Description = translate(lang, "a11y.lead.short") + " " + st.DisplayName(lang) + "."
	if stmt.Saved && lang != "vi" {
		p.TextLang = "vi"
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/channel_statement", p)
}

// statementAdminPage is GET /quan-tri/s/{site}/tuyen-bo-tiep-can: the
// statement's form, filled with the saved statement or the defaults.
type statementAdminPage struct {
	*AdminPage
	Work      *site.Site
	Statement *a11y.Statement
	Standards []string
	Levels    []string
}

func (s *Server) statementAdmin(w http.ResponseWriter, r *http.Request) error {
	st, ok, err := s.channelSite(r)
	if err != nil {
		return err
	}
	if !ok {
		s.deny(r, st.ID, st.Code, "a11y.read")
		return errForbidden
	}
	// The defaults are offered in Vietnamese, the statement's language.
	stmt, err := s.statements().Get(r.Context(), st, "vi")
	if err != nil {
		return err
	}
	return s.renderStatement(w, r, http.StatusOK, st, stmt, nil)
}

func (s *Server) renderStatement(w http.ResponseWriter, r *http.Request, status int, st *site.Site, stmt *a11y.Statement, errs []string) error {
	lang := langOf(r)
	p := &statementAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "a11y.title")+" – "+st.DisplayName(lang)),
		Work: st, Statement: stmt, Standards: a11y.Standards, Levels: a11y.Levels}
	p.Notice, p.Errors = noticeOf(r), errs
	return s.tmpl.render(w, status, "admin/channel_statement", p)
}

// statementSave is POST /quan-tri/s/{site}/tuyen-bo-tiep-can.
func (s *Server) statementSave(w http.ResponseWriter, r *http.Request) error {
	st, ok, err := s.channelSite(r)
	if err != nil {
		return err
	}
	if !ok {
		s.deny(r, st.ID, st.Code, "a11y.save")
		return errForbidden
	}
	f := r.PostFormValue
	stmt := &a11y.Statement{SiteID: st.ID, Standard: f("standard"), Level: f("level"), Methods: f("methods"),
		KnownIssues: f("known_issues"), Contact: f("contact"), ReviewedOn: isoDay(f("reviewed_on"))}
	if err := s.statements().Save(r.Context(), stmt, s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderStatement(w, fr, statusOf(err), st, stmt, msgs)
		}
		return err
	}
	s.contentChanged(st.ID, 0)
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/tuyen-bo-tiep-can?luu=1", http.StatusSeeOther)
	return nil
}

package web

import (
	"net/http"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/site"
)

// siteRenamePage is the admin's screen to rename a site: its renamings so
// far (and the one waiting for its date) and the form for a new one.
type siteRenamePage struct {
	*AdminPage
	Site      *site.Site
	Kinds     []site.Kind
	To        site.Identity // the form: today's identity, or what was sent back
	Effective string
	Decision  string
	Text      string
}

func (s *Server) siteRenameForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p := s.siteRenamePage(r, st)
	if r.URL.Query().Get("luu") != "" {
		p.Notice = translate(p.Lang, "site.rename.done")
	}
	return s.tmpl.render(w, http.StatusOK, "admin/site_rename", p)
}

func (s *Server) siteRenamePage(r *http.Request, st *site.Site) *siteRenamePage {
	return &siteRenamePage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "site.rename")+": "+st.Name),
		Site: st, Kinds: site.Kinds, To: st.Identity()}
}

// siteRename records a renaming ordered by a decision (site.manage, the
// administrators only); it is audited, and in force at once when its date
// has come.
func (s *Server) siteRename(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	o, err := renameOrder(r)
	if err == nil {
		_, err = s.sites.Rename(r.Context(), st, o, s.actor(r))
	}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		p := s.siteRenamePage(fr, st)
		p.To, p.Effective, p.Decision, p.Text = o.To, r.PostFormValue("effective"), r.PostFormValue("decision_no"), r.PostFormValue("decision_text")
		p.Errors = msgs
		return s.tmpl.render(w, statusOf(err), "admin/site_rename", p)
	}
	s.reloadSites(r)
	http.Redirect(w, r, "/quan-tri/trang/"+st.Code+"/doi-ten?luu=1", http.StatusSeeOther)
	return nil
}

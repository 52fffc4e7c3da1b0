package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/site"
)

type sitesPage struct {
	*AdminPage
	Sites []*site.Site
	Form  *site.Site
	Kinds []site.Kind
}

// mainOf is the main portal among sites, nil when none.
func mainOf(sites []*site.Site) *site.Site {
	for _, st := range sites {
		if st.Main {
			return st
		}
	}
	return nil
}

// SiteName is the name of the site with id, "" when none.
func (p *sitesPage) SiteName(id int64) string {
	for _, st := range p.Sites {
		if st.ID == id {
			return st.Name
		}
	}
	return ""
}

// HostWarning is the warning on st's host name when it does not follow
// REQ-02's scheme (site.CheckHost), "" when it does.
func (p *sitesPage) HostWarning(st *site.Site) string {
	return site.CheckHost(st, mainOf(p.Sites)).Message(p.Lang)
}

func (s *Server) siteList(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	return s.renderSites(w, r, http.StatusOK, &site.Site{Kind: site.Department}, nil)
}

func (s *Server) renderSites(w http.ResponseWriter, r *http.Request, status int, form *site.Site, errs []string) error {
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p := &sitesPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "site.list")), Sites: all, Form: form, Kinds: site.Kinds}
	p.Errors = errs
	return s.tmpl.render(w, status, "admin/sites", p)
}

// siteFromForm reads the fields of the site form into st.
func siteFromForm(r *http.Request, st *site.Site) {
	st.Name, st.NameEN = r.PostFormValue("name"), r.PostFormValue("name_en")
	st.Kind = site.Kind(r.PostFormValue("kind"))
	st.Host, st.PathPrefix = r.PostFormValue("host"), r.PostFormValue("path_prefix")
	st.Owner, st.Responsible = r.PostFormValue("owner"), r.PostFormValue("responsible")
	st.Address, st.Phone, st.Email = r.PostFormValue("address"), r.PostFormValue("phone"), r.PostFormValue("email")
	st.Workflow = r.PostFormValue("workflow")
	st.PostCheckHours, _ = strconv.Atoi(r.PostFormValue("post_check_hours"))
}

func (s *Server) siteCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st := &site.Site{Code: r.PostFormValue("code")}
	siteFromForm(r, st)
	if st.PathPrefix == "" && st.Host == "" {
		st.PathPrefix = "/" + st.Code
	}
	if main, _ := s.resolver.Resolve(r.Context(), "", "/"); main != nil {
		st.ParentID = main.ID
	}
	// The site and, from the sections set in force, the categories of
	// the sections its kind requires (issue 17).
	if _, err := s.sections.CreateSite(r.Context(), s.sites, st, s.actor(r)); err != nil {
		if st.ID == 0 {
			if e, ok := apperr.As(err); ok {
				fr, msgs := withInvalid(r, e)
				return s.renderSites(w, fr, statusOf(err), st, msgs)
			}
			return err
		}
		// The site is made; the sections job gives them later.
		s.log.Error("required sections of a new site", "site", st.Code, "err", err)
	}
	s.reloadSites(r)
	http.Redirect(w, r, "/quan-tri/trang/"+st.Code, http.StatusSeeOther)
	return nil
}

type sitePage struct {
	*AdminPage
	Form  *site.Site
	Kinds []site.Kind
	// HostWarning is the warning on the site's host name when it does not
	// follow REQ-02's scheme, with a suggestion; never a refusal.
	HostWarning string
}

// hostWarning is the warning on st's host name (site.CheckHost) in lang.
func (s *Server) hostWarning(r *http.Request, st *site.Site, lang string) string {
	var main *site.Site
	if !st.Main {
		main, _ = s.sites.Main(r.Context())
	}
	return site.CheckHost(st, main).Message(lang)
}

func (s *Server) siteShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p := &sitePage{AdminPage: s.adminPage(r, userOf(r), st.Name), Form: st, Kinds: site.Kinds}
	p.HostWarning = s.hostWarning(r, st, p.Lang)
	if r.URL.Query().Get("luu") != "" {
		p.Notice = translate(p.Lang, "saved")
	}
	return s.tmpl.render(w, http.StatusOK, "admin/site", p)
}

func (s *Server) siteUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	siteFromForm(r, st)
	if err := s.sites.Update(r.Context(), st, s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok {
			p := &sitePage{AdminPage: s.adminPage(r, userOf(r), st.Name), Form: st, Kinds: site.Kinds}
			p.SetInvalid(e)
			return s.tmpl.render(w, statusOf(err), "admin/site", p)
		}
		return err
	}
	s.reloadSites(r)
	http.Redirect(w, r, "/quan-tri/trang/"+st.Code+"?luu=1", http.StatusSeeOther)
	return nil
}

func (s *Server) siteArchive(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := s.sites.Archive(r.Context(), st, s.now(), s.actor(r)); err != nil {
		return err
	}
	s.reloadSites(r)
	http.Redirect(w, r, "/quan-tri/trang/"+st.Code+"?luu=1", http.StatusSeeOther)
	return nil
}

// reloadSites refreshes the routing table after a change here; other
// nodes see it within the resolver's refresh period.
func (s *Server) reloadSites(r *http.Request) {
	if err := s.resolver.Reload(r.Context()); err != nil {
		s.log.Error("reload sites", "err", err)
	}
	s.sitesChanged()
}

package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
)

// directoryPage is a site's organisation: units, leaders and contacts.
type directoryPage struct {
	*Page
	Units []*directory.Unit
	base  string
}

// JSONLD describes the site as a schema.org GovernmentOrganization with
// its units as departments. It is marshalled by encoding/json, which
// escapes <, > and &, so it cannot end the script.
func (p *directoryPage) JSONLD() template.JS {
	st := p.Site
	org := map[string]any{
		"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": st.DisplayName(p.Lang),
		"url": p.base + st.URL("/"),
	}
	if st.Address != "" {
		org["address"] = st.Address
	}
	if st.Phone != "" {
		org["telephone"] = st.Phone
	}
	if st.Email != "" {
		org["email"] = st.Email
	}
	var depts []map[string]any
	for _, u := range p.Units {
		if u.ID == 0 {
			continue
		}
		d := map[string]any{"@type": "GovernmentOrganization", "name": u.Name}
		for k, v := range map[string]string{"telephone": u.Phone, "email": u.Email, "address": u.Address} {
			if v != "" {
				d[k] = v
			}
		}
		var staff []map[string]string
		for _, l := range u.Leaders() {
			staff = append(staff, map[string]string{"@type": "Person", "name": l.FullName, "jobTitle": l.Title})
		}
		if staff != nil {
			d["employee"] = staff
		}
		depts = append(depts, d)
	}
	if depts != nil {
		org["department"] = depts
	}
	out, err := json.Marshal(org)
	if err != nil {
		return "{}"
	}
	return template.JS(out)
}

// directoryShow serves /to-chuc: the site's units with their leaders and
// contacts.
func (s *Server) directoryShow(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	units, err := s.dir.Units(r.Context(), st.ID)
	if err != nil {
		return err
	}
	p := &directoryPage{Page: s.publicPage(r, translate(langOf(r), "dir.title")), Units: units, base: s.baseURL(r)}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/directory", p)
}

// spokespersonRow is a spokesperson with the site they speak for.
type spokespersonRow struct {
	*directory.Spokesperson
	Site *site.Site
}

type spokespersonsPage struct {
	*Page
	Rows      []spokespersonRow
	Today     string
	Provinces bool // the main portal's province-wide list
}

// spokespersons serves /nguoi-phat-ngon: the spokespersons whose
// appointment holds today (REQ-36). The main portal lists every active
// site's, labelled by site; a component site lists its own.
func (s *Server) spokespersons(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	bySite := map[int64]*site.Site{st.ID: st}
	ids := []int64{st.ID}
	if st.Main {
		all, err := s.sites.List(r.Context())
		if err != nil {
			return err
		}
		for _, x := range all {
			if x.Status == site.Active && x.ID != st.ID {
				bySite[x.ID] = x
				ids = append(ids, x.ID)
			}
		}
	}
	today := s.dir.Today()
	list, err := s.dir.Spokespersons(r.Context(), ids, today)
	if err != nil {
		return err
	}
	p := &spokespersonsPage{Page: s.publicPage(r, translate(langOf(r), "spk.title")), Today: today, Provinces: st.Main}
	for _, sp := range list {
		p.Rows = append(p.Rows, spokespersonRow{Spokesperson: sp, Site: bySite[sp.SiteID]})
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/spokespersons", p)
}

// directoryAdminPage is GET /quan-tri/s/{site}/to-chuc.
type directoryAdminPage struct {
	*AdminPage
	Work          *site.Site
	Units         []*directory.Unit
	Spokespersons []*directory.Spokesperson
	Today         string
	Form          string // the form that failed, to open it with the values
	Values        map[string]string
}

// V is a value the person typed into the form that failed.
func (p *directoryAdminPage) V(form, field string) string {
	if p.Form != form {
		return ""
	}
	return p.Values[field]
}

// mayEditDirectory: the site's board (content.approve) or administrators
// of the installation (settings.manage).
func (s *Server) mayEditDirectory(r *http.Request, st *site.Site) bool {
	u, main := userOf(r), s.mainSite(r)
	return u.Can(st.ID, main.ID, account.ApproveContent) || u.Can(main.ID, main.ID, account.ManageSettings)
}

// directorySite finds the site of an admin directory request and checks
// the person may edit its directory.
func (s *Server) directorySite(r *http.Request, what string) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	if !s.mayEditDirectory(r, st) {
		s.deny(r, st.ID, st.Code, what)
		return nil, errForbidden
	}
	return st, nil
}

func (s *Server) directoryAdmin(w http.ResponseWriter, r *http.Request) error {
	st, err := s.directorySite(r, "directory.read")
	if err != nil {
		return err
	}
	return s.renderDirectoryAdmin(w, r, http.StatusOK, st, noticeOf(r), "", nil)
}

func (s *Server) renderDirectoryAdmin(w http.ResponseWriter, r *http.Request, status int, st *site.Site, notice, form string, errs []string) error {
	units, err := s.dir.Units(r.Context(), st.ID)
	if err != nil {
		return err
	}
	today := s.dir.Today()
	// Every appointment, past and future too, for the editors.
	sps, err := s.dir.AllSpokespersons(r.Context(), st.ID)
	if err != nil {
		return err
	}
	p := &directoryAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "dir.title")), Work: st, Units: units,
		Spokespersons: sps, Today: today, Form: form, Values: map[string]string{}}
	if form != "" {
		for k, v := range r.PostForm {
			if len(v) > 0 {
				p.Values[k] = v[0]
			}
		}
	}
	p.Notice, p.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/directory", p)
}

// directorySave is POST /quan-tri/s/{site}/to-chuc with form=unit,
// person or spokesperson.
func (s *Server) directorySave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.directorySite(r, "directory.save")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	id, _ := strconv.ParseInt(f("id"), 10, 64)
	position, _ := strconv.Atoi(f("position"))
	form := f("form")
	switch form {
	case "unit":
		err = s.dir.SaveUnit(r.Context(), &directory.Unit{ID: id, SiteID: st.ID, Name: f("name"), Kind: f("kind"), Position: position,
			Address: f("address"), Phone: f("phone"), Email: f("email"), Functions: f("functions")}, s.actor(r))
	case "person":
		unit, _ := strconv.ParseInt(f("unit"), 10, 64)
		err = s.dir.SavePerson(r.Context(), &directory.Person{ID: id, SiteID: st.ID, UnitID: unit, FullName: f("full_name"),
			Title: f("title"), Phone: f("phone"), Email: f("email"), Leader: f("is_leader") == "1", Position: position}, s.actor(r))
	case "spokesperson":
		err = s.dir.SaveSpokesperson(r.Context(), &directory.Spokesperson{ID: id, SiteID: st.ID, FullName: f("full_name"),
			Title: f("title"), Phone: f("phone"), Email: f("email"), Decision: f("decision"), AppointedOn: f("appointed_on"),
			ValidUntil: f("valid_until")}, s.actor(r))
	default:
		err = apperr.New(apperr.Invalid, "Biểu mẫu không hợp lệ.", "Unknown form.")
	}
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			return s.renderDirectoryAdmin(w, r, statusOf(err), st, "", form, fieldMessages(e, langOf(r)))
		}
		return err
	}
	s.directoryChanged(r, st.ID)
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/to-chuc?luu=1", http.StatusSeeOther)
	return nil
}

// directoryChanged drops the cached pages that show a site's directory:
// the site's own, and the main portal's, whose list of spokespersons is
// province-wide.
func (s *Server) directoryChanged(r *http.Request, siteID int64) {
	if s.pages == nil {
		return
	}
	tags := []string{siteTag(siteID)}
	if main := s.mainSite(r); main != nil && main.ID != siteID {
		tags = append(tags, siteTag(main.ID))
	}
	s.pages.Invalidate(tags...)
}

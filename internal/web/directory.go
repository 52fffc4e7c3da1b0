package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// directoryPage is a site's organisation: units, leaders and contacts.
type directoryPage struct {
	*Page
	Units    []*directory.Unit
	base     string
	channels []*channel.Channel // the site's official channels: sameAs (channel_public.go)
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
	addChannels(org, p.channels)
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
	p := &directoryPage{Page: s.publicPage(r, translate(langOf(r), "dir.title")), Units: units, base: s.baseURL(r),
		channels: s.siteChannels(r.Context(), st.ID)}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/directory", p)
}

// spokespersonRow is a spokesperson with the site they speak for and
// their latest statements.
type spokespersonRow struct {
	*directory.Spokesperson
	Site       *site.Site
	Statements []*content.Item
}

type spokespersonsPage struct {
	*Page
	Rows      []spokespersonRow // regular spokespersons
	Delegated []spokespersonRow // delegated for one case (REQ-37)
	Today     string
	Provinces bool // the main portal's province-wide list
}

// StatementURL is the public address of a statement, on its own site.
func (p *spokespersonsPage) StatementURL(row spokespersonRow, it *content.Item) string {
	if row.Site == nil {
		return it.URL()
	}
	return row.Site.URL(it.URL())
}

// spokespersons serves /nguoi-phat-ngon: the spokespersons whose
// appointment holds today and who are posted (REQ-36), the delegations
// in force (REQ-37), and each one's latest statements (REQ-38). The main
// portal lists every active site's, labelled by site; a component site
// lists its own.
func (s *Server) spokespersons(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := siteOf(r)
	bySite := map[int64]*site.Site{st.ID: st}
	ids := []int64{st.ID}
	if st.Main {
		all, err := s.sites.List(ctx)
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
	// A statement published on any of these sites changes the page.
	for _, id := range ids {
		tagPage(r, siteTag(id))
	}
	today := s.dir.Today()
	list, err := s.dir.Spokespersons(ctx, ids, today)
	if err != nil {
		return err
	}
	spIDs := make([]int64, len(list))
	for i, sp := range list {
		spIDs[i] = sp.ID
	}
	said, err := s.dir.Statements(ctx, spIDs, 3)
	if err != nil {
		return err
	}
	var itemIDs []int64
	for _, l := range said {
		itemIDs = append(itemIDs, l...)
	}
	items := map[int64]*content.Item{}
	if len(itemIDs) > 0 {
		got, _, err := s.content.Published(ctx, content.Public{SiteIDs: ids, IDs: itemIDs, Limit: 100})
		if err != nil {
			return err
		}
		for _, it := range got {
			items[it.ID] = it
		}
	}
	p := &spokespersonsPage{Page: s.publicPage(r, translate(langOf(r), "spk.title")), Today: today, Provinces: st.Main}
	for _, sp := range list {
		row := spokespersonRow{Spokesperson: sp, Site: bySite[sp.SiteID]}
		for _, id := range said[sp.ID] {
			if it := items[id]; it != nil {
				row.Statements = append(row.Statements, it)
			}
		}
		if sp.IsDelegated() {
			p.Delegated = append(p.Delegated, row)
		} else {
			p.Rows = append(p.Rows, row)
		}
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
	Alerts        []spokespersonAlert
	Late          map[int64]bool // posted after their 24 hours
	Today         string
	Form          string // the form that failed or is being edited, to open it with the values
	Values        map[string]string
}

// V is a value the person typed into the form that failed, or the stored
// value of the entry being edited.
func (p *directoryAdminPage) V(form, field string) string {
	if p.Form != form {
		return ""
	}
	return p.Values[field]
}

// Editing reports whether form holds an existing entry.
func (p *directoryAdminPage) Editing(form string) bool {
	return p.V(form, "id") != "" && p.V(form, "id") != "0"
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
	form, values, err := s.directoryEdit(r, st)
	if err != nil {
		return err
	}
	return s.renderDirectoryAdmin(w, r, http.StatusOK, st, noticeOf(r), form, values, nil)
}

// directoryEdit reads ?sua=unit-ID, person-ID or spokesperson-ID: the
// entry to open in its form.
func (s *Server) directoryEdit(r *http.Request, st *site.Site) (string, map[string]string, error) {
	kind, idText, ok := strings.Cut(r.URL.Query().Get("sua"), "-")
	if !ok {
		return "", nil, nil
	}
	id, _ := strconv.ParseInt(idText, 10, 64)
	notFound := apperr.New(apperr.NotFound, "Không tìm thấy mục cần sửa.", "The entry to edit was not found.")
	v := map[string]string{"id": idText}
	switch kind {
	case "spokesperson":
		sp, err := s.dir.Spokesperson(r.Context(), st.ID, id)
		if err != nil {
			return "", nil, err
		}
		v["kind"], v["full_name"], v["title"], v["phone"], v["email"] = sp.Kind, sp.FullName, sp.Title, sp.Phone, sp.Email
		v["decision"], v["appointed_on"], v["valid_until"] = sp.Decision, sp.AppointedOn, sp.ValidUntil
		v["delegated_by"], v["case"] = sp.DelegatedBy, sp.Case
		if sp.DecidedAt != nil {
			v["decided_at"] = vn.MomentShort(*sp.DecidedAt)
		}
		return kind, v, nil
	case "unit", "person":
		units, err := s.dir.Units(r.Context(), st.ID)
		if err != nil {
			return "", nil, err
		}
		for _, u := range units {
			if kind == "unit" && u.ID == id && id != 0 {
				v["name"], v["kind"], v["position"], v["address"] = u.Name, u.Kind, strconv.Itoa(u.Position), u.Address
				v["phone"], v["email"], v["functions"] = u.Phone, u.Email, u.Functions
				return kind, v, nil
			}
			for _, p := range u.People {
				if kind == "person" && p.ID == id {
					v["unit"], v["full_name"], v["title"], v["phone"] = strconv.FormatInt(p.UnitID, 10), p.FullName, p.Title, p.Phone
					v["email"], v["position"] = p.Email, strconv.Itoa(p.Position)
					if p.Leader {
						v["is_leader"] = "1"
					}
					return kind, v, nil
				}
			}
		}
	}
	return "", nil, notFound
}

func (s *Server) renderDirectoryAdmin(w http.ResponseWriter, r *http.Request, status int, st *site.Site, notice, form string, values map[string]string, errs []string) error {
	ctx := r.Context()
	units, err := s.dir.Units(ctx, st.ID)
	if err != nil {
		return err
	}
	today := s.dir.Today()
	// Every appointment, past and future too, for the editors.
	sps, err := s.dir.AllSpokespersons(ctx, st.ID)
	if err != nil {
		return err
	}
	alerts, err := s.spokespersonAlerts(ctx, st)
	if err != nil {
		return err
	}
	p := &directoryAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "dir.title")), Work: st, Units: units,
		Spokespersons: sps, Alerts: alerts, Late: map[int64]bool{}, Today: today, Form: form, Values: values}
	deadline, err := s.spokespersonDeadline(ctx)
	if err != nil {
		return err
	}
	for _, sp := range sps {
		p.Late[sp.ID] = postedLate(deadline, sp)
	}
	if p.Values == nil {
		p.Values = map[string]string{}
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
// person or spokesperson; an id edits that entry.
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
		sp := &directory.Spokesperson{ID: id, SiteID: st.ID, Kind: f("kind"), FullName: f("full_name"),
			Title: f("title"), Phone: f("phone"), Email: f("email"), Decision: f("decision"), AppointedOn: isoDay(f("appointed_on")),
			ValidUntil: isoDay(f("valid_until")), DelegatedBy: f("delegated_by"), Case: f("case"), Publish: f("publish") == "1"}
		if t, ok := formMoment(f("decided_at")); ok && !t.IsZero() {
			sp.DecidedAt = &t
		}
		err = s.dir.SaveSpokesperson(r.Context(), sp, s.actor(r))
	default:
		err = apperr.New(apperr.Invalid, "Biểu mẫu không hợp lệ.", "Unknown form.")
	}
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderDirectoryAdmin(w, fr, statusOf(err), st, "", form, nil, msgs)
		}
		return err
	}
	s.directoryChanged(r, st.ID)
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/to-chuc?luu=1", http.StatusSeeOther)
	return nil
}

// spokespersonPublish is POST /quan-tri/s/{site}/to-chuc/dang: id. It
// posts a waiting appointment to the public list.
func (s *Server) spokespersonPublish(w http.ResponseWriter, r *http.Request) error {
	st, err := s.directorySite(r, "directory.publish")
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err := s.dir.PublishSpokesperson(r.Context(), st.ID, id, s.actor(r)); err != nil {
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

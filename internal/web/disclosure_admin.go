package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/disclosure"
	"github.com/congportal/cong/internal/site"
)

// disclosureAdminPage is the board's page of a site's catalogue: the
// focal point and the entries published elsewhere.
type disclosureAdminPage struct {
	*AdminPage
	Work    *site.Site
	Contact *disclosure.Contact
	Entries []*disclosure.Entry
	Edit    *disclosure.Entry // the entry in the form (ID 0: a new one)
}

// disclosureSite reads the site and checks that the person publishes on
// it (content.publish: the board head or deputy, who answer for what the
// site publishes); a refusal is logged as what.
func (s *Server) disclosureSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main := s.resolver.Main()
	if main == nil || !userOf(r).Can(st.ID, main.ID, account.PublishContent) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, "disclosure.manage")
		return nil, errForbidden
	}
	return st, nil
}

func (s *Server) renderDisclosureAdmin(w http.ResponseWriter, r *http.Request, status int, st *site.Site, c *disclosure.Contact, edit *disclosure.Entry, errs []string) error {
	ds := disclosure.NewStore(s.db, s.now)
	entries, err := ds.Entries(r.Context(), st.ID, 0)
	if err != nil {
		return err
	}
	if c == nil {
		if c, err = ds.ContactOf(r.Context(), st.ID); err != nil {
			return err
		}
	}
	if edit == nil {
		edit = &disclosure.Entry{}
	}
	lang := langOf(r)
	p := &disclosureAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "disc.title")+" – "+st.DisplayName(lang)),
		Work: st, Contact: c, Entries: entries, Edit: edit}
	p.Notice, p.Errors = noticeOf(r), errs
	return s.tmpl.render(w, status, "admin/disclosure", p)
}

// disclosureAdmin is GET /quan-tri/s/{site}/tiep-can-thong-tin; ?sua=ID
// opens an entry in the form.
func (s *Server) disclosureAdmin(w http.ResponseWriter, r *http.Request) error {
	st, err := s.disclosureSite(r)
	if err != nil {
		return err
	}
	var edit *disclosure.Entry
	if v := r.URL.Query().Get("sua"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		if edit, err = disclosure.NewStore(s.db, s.now).Entry(r.Context(), st.ID, id); err != nil {
			return err
		}
	}
	return s.renderDisclosureAdmin(w, r, http.StatusOK, st, nil, edit, nil)
}

// disclosureDone drops the site's cached pages (its catalogue) and goes
// back to the board's page.
func (s *Server) disclosureDone(w http.ResponseWriter, r *http.Request, st *site.Site) error {
	if s.pages != nil {
		s.pages.Invalidate(siteTag(st.ID))
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/tiep-can-thong-tin?luu=1", http.StatusSeeOther)
	return nil
}

// invalidAgain shows the board's page again with a form's messages and
// what was typed, for an error of the engine about the input; any other
// error goes up.
func (s *Server) invalidAgain(w http.ResponseWriter, r *http.Request, err error, show func(*http.Request, []string) error) error {
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		fr, msgs := withInvalid(r, e)
		return show(fr, msgs)
	}
	return err
}

// disclosureContactSave is POST …/tiep-can-thong-tin/dau-moi.
func (s *Server) disclosureContactSave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.disclosureSite(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	c := &disclosure.Contact{SiteID: st.ID, Unit: f("unit"), Person: f("person"), Position: f("position"), Phone: f("phone"),
		Email: f("email"), Address: f("address"), Hours: f("hours")}
	if err := disclosure.NewStore(s.db, s.now).SaveContact(r.Context(), c, s.actor(r)); err != nil {
		return s.invalidAgain(w, r, err, func(fr *http.Request, msgs []string) error {
			return s.renderDisclosureAdmin(w, fr, http.StatusUnprocessableEntity, st, c, nil, msgs)
		})
	}
	return s.disclosureDone(w, r, st)
}

// disclosureEntrySave is POST …/tiep-can-thong-tin/muc: a new entry, or
// with id a change.
func (s *Server) disclosureEntrySave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.disclosureSite(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	id, _ := strconv.ParseInt(f("id"), 10, 64)
	e := &disclosure.Entry{ID: id, SiteID: st.ID, Name: f("name"), Number: f("number"), CreatedOn: f("created_on"), Form: f("form"),
		PublishedOn: f("published_on"), Duration: f("duration"), URL: f("url"), Note: f("note")}
	if err := disclosure.NewStore(s.db, s.now).SaveEntry(r.Context(), e, s.actor(r)); err != nil {
		return s.invalidAgain(w, r, err, func(fr *http.Request, msgs []string) error {
			return s.renderDisclosureAdmin(w, fr, http.StatusUnprocessableEntity, st, nil, e, msgs)
		})
	}
	return s.disclosureDone(w, r, st)
}

// disclosureEntryRemove is POST …/tiep-can-thong-tin/muc/{id}/bo.
func (s *Server) disclosureEntryRemove(w http.ResponseWriter, r *http.Request) error {
	st, err := s.disclosureSite(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := disclosure.NewStore(s.db, s.now).RemoveEntry(r.Context(), st.ID, id, s.actor(r)); err != nil {
		return err
	}
	return s.disclosureDone(w, r, st)
}

// Day writes a YYYY-MM-DD day in words.
func (p *disclosureAdminPage) Day(day string) string { return dayText(p.Lang, day) }

package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/schedule"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// scheduleAdminPage is the staff's page of a week of a site's schedule:
// its entries by day, the form of an entry, the copy of last week's
// recurring entries and the publication.
type scheduleAdminPage struct {
	*AdminPage
	scheduleView
	Work       *site.Site
	People     []*directory.Person // the site's directory, to choose the leader
	Edit       *schedule.Entry     // the entry in the form (ID 0: a new one)
	CanWrite   bool                // content.edit: the editors
	CanPublish bool                // content.publish: the board head or deputy
}

// scheduleSite reads the site and checks that the person writes its
// schedule (content.edit: editors, team leads, the board head and
// deputy) or, for opening the page, publishes it.
func (s *Server) scheduleSite(r *http.Request, orPublish bool) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main, u := s.resolver.Main(), userOf(r)
	if main == nil || !(u.Can(st.ID, main.ID, account.EditContent) || orPublish && u.Can(st.ID, main.ID, account.PublishContent)) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, "schedule.write")
		return nil, errForbidden
	}
	return st, nil
}

// schedulePublisher reads the site and checks that the person publishes
// on it (content.publish: the board head or deputy).
func (s *Server) schedulePublisher(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main := s.resolver.Main()
	if main == nil || !userOf(r).Can(st.ID, main.ID, account.PublishContent) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, "schedule.publish")
		return nil, errForbidden
	}
	return st, nil
}

func (s *Server) renderScheduleAdmin(w http.ResponseWriter, r *http.Request, status int, st *site.Site, week string, edit *schedule.Entry, errs []string) error {
	ctx := r.Context()
	wk, err := schedule.NewStore(s.db, s.now).Week(ctx, st.ID, week, false)
	if err != nil {
		return err
	}
	units, err := s.dir.Units(ctx, st.ID)
	if err != nil {
		return err
	}
	if edit == nil {
		edit = &schedule.Entry{}
	}
	lang, u, main := langOf(r), userOf(r), s.resolver.Main()
	p := &scheduleAdminPage{AdminPage: s.adminPage(r, u, translate(lang, "sched.title")+" – "+st.DisplayName(lang)),
		scheduleView: newScheduleView(wk, vn.Day(s.now()), lang, nil), Work: st, Edit: edit,
		CanWrite: u.Can(st.ID, main.ID, account.EditContent), CanPublish: u.Can(st.ID, main.ID, account.PublishContent)}
	for _, un := range units {
		p.People = append(p.People, un.People...)
	}
	p.Notice, p.Errors = scheduleNotice(r), errs
	return s.tmpl.render(w, status, "admin/schedule", p)
}

// scheduleNotice is the message of a redirect back to the page.
func scheduleNotice(r *http.Request) string {
	lang, q := langOf(r), r.URL.Query()
	switch {
	case q.Get("cong-bo") != "":
		return translate(lang, "sched.published.notice")
	case q.Get("sao-chep") != "":
		n, _ := strconv.Atoi(q.Get("sao-chep"))
		if n <= 0 {
			return translate(lang, "sched.copy.none")
		}
		return translate(lang, "sched.copy.done") + " " + strconv.Itoa(n) + "."
	}
	return noticeOf(r)
}

// URL is the staff page of another week.
func (p *scheduleAdminPage) URL(week string) string {
	return "/quan-tri/s/" + p.Work.Code + "/lich-cong-tac?tuan=" + week
}

// scheduleAdmin is GET /quan-tri/s/{site}/lich-cong-tac?tuan=…; &sua=ID
// opens an entry in the form.
func (s *Server) scheduleAdmin(w http.ResponseWriter, r *http.Request) error {
	st, err := s.scheduleSite(r, true)
	if err != nil {
		return err
	}
	week := s.scheduleWeekOf(r.URL.Query().Get("tuan"))
	var edit *schedule.Entry
	if v := r.URL.Query().Get("sua"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		if edit, err = schedule.NewStore(s.db, s.now).Entry(r.Context(), st.ID, id); err != nil {
			return err
		}
		week = edit.Week
	}
	return s.renderScheduleAdmin(w, r, http.StatusOK, st, week, edit, nil)
}

// scheduleDone drops the site's cached pages (its schedule) and goes back
// to the week on the staff page, with what to say.
func (s *Server) scheduleDone(w http.ResponseWriter, r *http.Request, st *site.Site, week, notice string) error {
	if s.pages != nil {
		s.pages.Invalidate(siteTag(st.ID))
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/lich-cong-tac?tuan="+url.QueryEscape(schedule.Name(week))+"&"+notice, http.StatusSeeOther)
	return nil
}

// scheduleAgain shows the week again with the messages of a refused
// request (the form with what was typed); any other error goes up.
func (s *Server) scheduleAgain(w http.ResponseWriter, r *http.Request, err error, st *site.Site, week string, edit *schedule.Entry) error {
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.Invalid && e.Kind != apperr.Conflict) {
		return err
	}
	status := http.StatusUnprocessableEntity
	if e.Kind == apperr.Conflict {
		status = http.StatusConflict
	}
	fr, msgs := withInvalid(r, e)
	return s.renderScheduleAdmin(w, fr, status, st, week, edit, msgs)
}

// scheduleEntrySave is POST …/lich-cong-tac/muc: a new entry of the
// week ?tuan= names, or with id a change.
func (s *Server) scheduleEntrySave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.scheduleSite(r, false)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	id, _ := strconv.ParseInt(f("id"), 10, 64)
	person, _ := strconv.ParseInt(f("person_id"), 10, 64)
	week := s.scheduleWeekOf(f("tuan"))
	e := &schedule.Entry{ID: id, SiteID: st.ID, Week: week, Day: f("day"), Start: f("start"), End: f("end"), PersonID: person,
		Leader: f("leader"), Title: f("title"), Content: f("content"), Place: f("place"), Chair: f("chair"), Participants: f("participants"),
		Unit: f("unit"), Note: f("note"), Recurring: f("recurring") != ""}
	if err := schedule.NewStore(s.db, s.now).Save(r.Context(), e, s.actor(r)); err != nil {
		if e.Week != "" {
			week = e.Week
		}
		return s.scheduleAgain(w, r, err, st, week, e)
	}
	return s.scheduleDone(w, r, st, e.Week, "luu=1")
}

// scheduleEntryRemove is POST …/lich-cong-tac/muc/{id}/bo: deleted from
// a week not yet published, cancelled (and shown so) in a published one.
func (s *Server) scheduleEntryRemove(w http.ResponseWriter, r *http.Request) error {
	st, err := s.scheduleSite(r, false)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	ss := schedule.NewStore(s.db, s.now)
	e, err := ss.Entry(r.Context(), st.ID, id)
	if err != nil {
		return err
	}
	if err := ss.Remove(r.Context(), st.ID, id, s.actor(r)); err != nil {
		return err
	}
	return s.scheduleDone(w, r, st, e.Week, "luu=1")
}

// schedulePublish is POST …/lich-cong-tac/cong-bo: the board head or
// deputy publishes the week ?tuan= names, as a whole.
func (s *Server) schedulePublish(w http.ResponseWriter, r *http.Request) error {
	st, err := s.schedulePublisher(r)
	if err != nil {
		return err
	}
	week := s.scheduleWeekOf(r.PostFormValue("tuan"))
	if err := schedule.NewStore(s.db, s.now).Publish(r.Context(), st.ID, week, s.actor(r)); err != nil {
		return s.scheduleAgain(w, r, err, st, week, nil)
	}
	return s.scheduleDone(w, r, st, week, "cong-bo=1")
}

// scheduleCopy is POST …/lich-cong-tac/sao-chep: last week's recurring
// entries into the week ?tuan= names.
func (s *Server) scheduleCopy(w http.ResponseWriter, r *http.Request) error {
	st, err := s.scheduleSite(r, false)
	if err != nil {
		return err
	}
	week := s.scheduleWeekOf(r.PostFormValue("tuan"))
	n, err := schedule.NewStore(s.db, s.now).CopyRecurring(r.Context(), st.ID, week, s.actor(r))
	if err != nil {
		return s.scheduleAgain(w, r, err, st, week, nil)
	}
	return s.scheduleDone(w, r, st, week, "sao-chep="+strconv.Itoa(n))
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/site"
)

// feedbackPerson is the signed-in person as the feedback store sees them.
func (s *Server) feedbackPerson(r *http.Request) feedback.Person {
	return feedback.Person{User: userOf(r), MainID: s.mainSite(r).ID, IP: s.clientIP(r)}
}

// feedbackSite finds the site of a staff feedback page and checks the
// person has some part in handling its requests.
func (s *Server) feedbackSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	if maySeeFeedback(userOf(r), st.ID, s.mainSite(r).ID) {
		return st, nil
	}
	s.deny(r, st.ID, st.Code, "feedback.read")
	return nil, errForbidden
}

// caseSites are the sites of citizen requests listed on a site's staff
// page that are not that site's: a liaison of a component site's unit
// answers the main portal's requests routed to it, on the main portal's
// staff pages (feedbackRequest lets them in).
type caseSites map[int64]*site.Site

// caseSites looks up the sites of reqs other than own.
func (s *Server) caseSites(r *http.Request, own *site.Site, reqs []*feedback.Request) (caseSites, error) {
	out := caseSites{}
	for _, q := range reqs {
		if q.SiteID == own.ID || out[q.SiteID] != nil {
			continue
		}
		st, err := s.sites.ByID(r.Context(), q.SiteID)
		if err != nil {
			return nil, err
		}
		out[q.SiteID] = st
	}
	return out, nil
}

// url is the staff page of request q listed on site own's page.
func (c caseSites) url(own *site.Site, q *feedback.Request) string {
	code := own.Code
	if st := c[q.SiteID]; st != nil {
		code = st.Code
	}
	return "/quan-tri/s/" + code + "/kien-nghi/" + strconv.FormatInt(q.ID, 10)
}

// other is the site of q when it is not own.
func (c caseSites) other(own *site.Site, q *feedback.Request) *site.Site {
	if q.SiteID == own.ID {
		return nil
	}
	return c[q.SiteID]
}

// feedbackListPage is the staff list of a site's requests.
type feedbackListPage struct {
	*AdminPage
	Work     *site.Site
	Requests []*feedback.Request
	Units    map[int64]string
	State    string
	States   []feedback.State
	At       time.Time
	// Total is how many requests the filter holds (up to a cap); PageNo
	// and Pages place this page among them.
	Total         listCount
	PageNo, Pages int
	Prev, Next    string
	Cases         caseSites
	Period        string // the report period the list is narrowed to, in words
}

// CaseURL is the staff page of a listed request, on its own site.
func (p *feedbackListPage) CaseURL(r *feedback.Request) string { return p.Cases.url(p.Work, r) }

// CaseSite is the site of a listed request when it is not this page's.
func (p *feedbackListPage) CaseSite(r *feedback.Request) *site.Site { return p.Cases.other(p.Work, r) }

// feedbackPerPage is how many requests one page of the staff list shows.
const feedbackPerPage = 50

// Overdue reports whether a request is past its deadline now.
func (p *feedbackListPage) Overdue(r *feedback.Request) bool { return r.Overdue(p.At) }

func (s *Server) feedbackList(w http.ResponseWriter, r *http.Request) error {
	st, err := s.feedbackSite(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	state := q.Get("trang-thai")
	person := s.feedbackPerson(r)
	// A tracking code typed in the list's box opens that request, when it
	// is this site's (or the main portal's routed to a unit of this site)
	// and the person handles it.
	var lookupErr string
	if code := strings.ToUpper(strings.TrimSpace(q.Get("ma"))); code != "" {
		req, err := s.feedback.ByCode(r.Context(), code)
		here, handles := err == nil && req.SiteID == st.ID, false
		if err == nil && !here && !st.Main && req.AssignedUnitID != 0 {
			var unitSite int64
			unitSite, err = s.feedback.UnitSite(r.Context(), req.AssignedUnitID)
			here = unitSite == st.ID
		}
		if err == nil && here {
			handles, err = s.feedback.Handles(r.Context(), req, person)
		}
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return err // the database failing is not "no such request"
		}
		if handles {
			cases, err := s.caseSites(r, st, []*feedback.Request{req})
			if err != nil {
				return err
			}
			http.Redirect(w, r, cases.url(st, req), http.StatusSeeOther)
			return nil
		}
		lookupErr = pick(langOf(r), "Không có phản ánh mã ", "No request ") + code +
			pick(langOf(r), " trong các phản ánh bạn xử lý ở trang này.", " among those you handle on this site.")
	}
	f := feedback.Filter{SiteID: st.ID, State: feedback.State(state), Limit: feedbackPerPage}
	// Who sees which requests is decided by the database, with the rule
	// feedback.Handles applies to one request, so every page is theirs.
	mayList := true
	switch {
	case s.feedback.HandlesSite(st.ID, person):
	case person.User.Can(st.ID, person.MainID, account.AnswerFeedback):
		f.Answerer = person.User.ID // a liaison: what is routed to their unit
		if !st.Main {
			// the main portal's requests routed to the site's units too
			f.SiteID, f.UnitSiteID = 0, st.ID
		}
	default: // the figures only (ReadReports): no request
		mayList = false
	}
	// ?ky= (a report's period, from its feedback figures): every request
	// received in it, whatever its state.
	var period string
	if v := q.Get("ky"); v != "" {
		per, err := report.ParsePeriod(v)
		if err != nil {
			return err
		}
		f.From, f.To, f.All, f.State = per.From, per.To.Add(-time.Nanosecond), true, ""
		period = per.Label(langOf(r))
	}
	var total int
	if mayList {
		if total, err = s.feedback.Count(r.Context(), f); err != nil {
			return err
		}
	}
	count := countOf(total, feedback.CountCap)
	pages := max(1, (count.N+feedbackPerPage-1)/feedbackPerPage)
	n := min(pageNumber(q.Get("trang")), pages)
	f.Offset = (n - 1) * feedbackPerPage
	var list []*feedback.Request
	if mayList {
		if list, err = s.feedback.List(r.Context(), f); err != nil {
			return err
		}
	}
	p := &feedbackListPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "fb.staff")), Work: st, State: state, At: s.now(),
		States: append(append([]feedback.State{}, feedback.OpenStates...), feedback.Published, feedback.Closed, feedback.Rejected, feedback.Forwarded, feedback.Merged),
		Units:  s.unitNames(r, st.ID), Total: count, PageNo: n, Pages: pages, Period: period}
	pageURL := func(k int) string {
		v := url.Values{"trang": {strconv.Itoa(k)}}
		if state != "" {
			v.Set("trang-thai", state)
		}
		if ky := q.Get("ky"); ky != "" {
			v.Set("ky", ky)
		}
		return "?" + v.Encode()
	}
	if n > 1 {
		p.Prev = pageURL(n - 1)
	}
	if n < pages {
		p.Next = pageURL(n + 1)
	}
	p.Requests = list
	if p.Cases, err = s.caseSites(r, st, list); err != nil {
		return err
	}
	p.Notice = noticeOf(r)
	if lookupErr != "" {
		p.Errors = []string{lookupErr}
	}
	return s.tmpl.render(w, http.StatusOK, "admin/feedback_list", p)
}

// unitNames names the units the site's requests may be routed to (on
// the main portal, those of every site).
func (s *Server) unitNames(r *http.Request, siteID int64) map[int64]string {
	out := map[int64]string{}
	groups, _ := s.feedback.RoutingUnits(r.Context(), siteID, s.mainSite(r).ID)
	for _, g := range groups {
		for _, u := range g.Units {
			out[u.ID] = u.Name
		}
	}
	return out
}

// feedbackCasePage is one request for staff, with the sender's data.
type feedbackCasePage struct {
	*AdminPage
	Work     *site.Site
	Request  *feedback.Request
	Events   []*feedback.Event
	Actions  []feedback.Action
	Routes   []*feedback.RouteGroup // the units it may be routed to, by site
	UnitName map[int64]string
	Template string
	// ListURL is the staff list of requests the person may open: the
	// site's, or for a liaison of another site's unit, that site's.
	ListURL string
}

// ActionLabel names a step.
func (p *feedbackCasePage) ActionLabel(a feedback.Action) string { return a.Label(p.Lang) }

// StepLabel names a timeline event.
func (p *feedbackCasePage) StepLabel(kind string) string { return feedback.Action(kind).Label(p.Lang) }

// Can reports whether step a is offered.
func (p *feedbackCasePage) Can(a string) bool {
	for _, x := range p.Actions {
		if string(x) == a {
			return true
		}
	}
	return false
}

func (s *Server) feedbackRequest(r *http.Request) (*site.Site, *feedback.Request, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, nil, err
	}
	// Those without a part in the site's requests reach only what is
	// routed to a unit of theirs on another site (the main portal routes
	// to every site's units); for anything else they are refused before
	// the request is looked up, so that ids tell them nothing.
	siteWide := maySeeFeedback(userOf(r), st.ID, s.mainSite(r).ID)
	if !siteWide && !st.Main {
		s.deny(r, st.ID, st.Code, "feedback.read")
		return nil, nil, errForbidden
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	req, err := s.feedback.Get(r.Context(), id)
	if !siteWide && (apperr.KindOf(err) == apperr.NotFound || (err == nil && req.SiteID != st.ID)) {
		s.deny(r, st.ID, st.Code, "feedback.read")
		return nil, nil, errForbidden
	}
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && req.SiteID != st.ID) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	handles, err := s.feedback.Handles(r.Context(), req, s.feedbackPerson(r))
	if err != nil {
		return nil, nil, err // the database failing, not a refusal
	}
	if !handles {
		s.deny(r, st.ID, req.Code, "feedback.view")
		return nil, nil, errForbidden
	}
	return st, req, nil
}

func (s *Server) feedbackCase(w http.ResponseWriter, r *http.Request) error {
	st, req, err := s.feedbackRequest(r)
	if err != nil {
		return err
	}
	return s.renderFeedbackCase(w, r, http.StatusOK, st, req, nil)
}

func (s *Server) renderFeedbackCase(w http.ResponseWriter, r *http.Request, status int, st *site.Site, req *feedback.Request, errs []string) error {
	ctx := r.Context()
	person := s.feedbackPerson(r)
	// Law 91/2025: the page shows the sender's personal data; the view
	// is recorded before the page is sent.
	if err := s.feedback.Seen(ctx, req, person); err != nil {
		return err
	}
	events, err := s.feedback.Timeline(ctx, req.ID, false)
	if err != nil {
		return err
	}
	p := &feedbackCasePage{AdminPage: s.adminPage(r, userOf(r), req.Code), Work: st, Request: req, Events: events,
		Actions: s.feedback.Actions(ctx, req, person), UnitName: map[int64]string{}}
	if p.Can("assign") {
		if p.Routes, err = s.feedback.RoutingUnits(ctx, st.ID, person.MainID); err != nil {
			return err
		}
	}
	p.ListURL = "/quan-tri/s/" + st.Code + "/kien-nghi"
	if !maySeeFeedback(person.User, st.ID, person.MainID) && req.AssignedUnitID != 0 {
		// A liaison of another site's unit: their own site's list holds it.
		unitSite, err := s.feedback.UnitSite(ctx, req.AssignedUnitID)
		if err != nil {
			return err
		}
		if unitSite != 0 {
			us, err := s.sites.ByID(ctx, unitSite)
			if err != nil {
				return err
			}
			p.ListURL = "/quan-tri/s/" + us.Code + "/kien-nghi"
		}
	}
	for _, id := range []int64{req.UnitID, req.AssignedUnitID} {
		if id != 0 {
			if p.UnitName[id], err = s.feedback.UnitName(ctx, id); err != nil {
				return err
			}
		}
	}
	if p.Can("answer") {
		if p.Template, err = s.feedback.ReplyTemplate(ctx, st.ID, req.Category); err != nil {
			return err
		}
	}
	p.Notice, p.Errors = noticeOf(r), errs
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, status, "admin/feedback_case", p)
}

// feedbackStep is POST /quan-tri/s/{site}/kien-nghi/{id}/buoc.
func (s *Server) feedbackStep(w http.ResponseWriter, r *http.Request) error {
	st, req, err := s.feedbackRequest(r)
	if err != nil {
		return err
	}
	unit, _ := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	out, err := s.feedback.Step(r.Context(), feedback.StepRequest{ID: req.ID, Action: feedback.Action(r.PostFormValue("action")),
		Reason: r.PostFormValue("reason"), Answer: r.PostFormValue("answer"), UnitID: unit, Into: r.PostFormValue("into"),
		Internal: r.PostFormValue("internal")}, s.feedbackPerson(r))
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		fr, msgs := withInvalid(r, e)
		if len(msgs) == 0 {
			msgs = []string{e.Msg.In(langOf(r))}
		}
		return s.renderFeedbackCase(w, fr, statusOf(err), st, req, msgs)
	}
	if err != nil {
		return err
	}
	if out.State == feedback.Published {
		s.feedbackChanged(st.ID)
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/kien-nghi/"+strconv.FormatInt(req.ID, 10)+"?luu=1", http.StatusSeeOther)
	return nil
}

// feedbackFile serves an attachment to the staff handling the request.
func (s *Server) feedbackFile(w http.ResponseWriter, r *http.Request) error {
	_, req, err := s.feedbackRequest(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	a, err := s.feedback.Attachment(r.Context(), req.ID, id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", a.Mime)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(a.Data)
	return err
}

// feedbackFiguresPage shows on-time figures per unit.
type feedbackFiguresPage struct {
	*AdminPage
	Work    *site.Site
	Figures []*feedback.UnitFigures
	Units   []*directory.Unit
	Cats    []feedback.Category
}

// CategoryLabel names a category.
func (p *feedbackFiguresPage) CategoryLabel(c feedback.Category) string { return c.Label(p.Lang) }

func (s *Server) feedbackFigures(w http.ResponseWriter, r *http.Request) error {
	st, err := s.feedbackSite(r)
	if err != nil {
		return err
	}
	figs, err := s.feedback.Figures(r.Context(), st.ID, s.now())
	if err != nil {
		return err
	}
	units, _ := s.dir.Units(r.Context(), st.ID)
	p := &feedbackFiguresPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "fb.figures")), Work: st, Figures: figs, Cats: feedback.Categories}
	for _, u := range units {
		if u.ID != 0 {
			p.Units = append(p.Units, u)
		}
	}
	p.Notice = noticeOf(r)
	return s.tmpl.render(w, http.StatusOK, "admin/feedback_figures", p)
}

// feedbackSettings is POST /quan-tri/s/{site}/kien-nghi/cai-dat: a
// unit's liaison (form=liaison) or a reply template (form=template).
func (s *Server) feedbackSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.feedbackSite(r)
	if err != nil {
		return err
	}
	person := s.feedbackPerson(r)
	switch r.PostFormValue("form") {
	case "liaison":
		unit, _ := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
		u, uerr := s.users.ByUsername(r.Context(), r.PostFormValue("username"))
		if uerr != nil {
			err = apperr.Field("username", "Không có tài khoản này.", "No such account.")
		} else {
			err = s.feedback.SetLiaison(r.Context(), st.ID, unit, u, r.PostFormValue("on") != "0", person)
		}
	case "template":
		err = s.feedback.SetReplyTemplate(r.Context(), st.ID, feedback.Category(r.PostFormValue("category")), r.PostFormValue("body"), person)
	default:
		err = apperr.New(apperr.Invalid, "Biểu mẫu không hợp lệ.", "Unknown form.")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/kien-nghi/dung-han?luu=1", http.StatusSeeOther)
	return nil
}

// open311KeysPage lists the Open311 API keys.
type open311KeysPage struct {
	*AdminPage
	Keys   []*feedback.APIKey
	NewKey string
}

func (s *Server) open311Keys(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSettings); err != nil {
		return err
	}
	return s.renderOpen311Keys(w, r, "")
}

func (s *Server) renderOpen311Keys(w http.ResponseWriter, r *http.Request, key string) error {
	keys, err := s.feedback.Keys(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, http.StatusOK, "admin/feedback_keys", &open311KeysPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "o311.keys")), Keys: keys, NewKey: key})
}

// open311KeyIssue is POST /quan-tri/open311: issue (the key is shown
// once, on this response) or revoke.
func (s *Server) open311KeyIssue(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSettings); err != nil {
		return err
	}
	if id, _ := strconv.ParseInt(r.PostFormValue("revoke"), 10, 64); id != 0 {
		if err := s.feedback.RevokeKey(r.Context(), id, s.actor(r)); err != nil {
			return err
		}
		http.Redirect(w, r, "/quan-tri/open311", http.StatusSeeOther)
		return nil
	}
	key, err := s.feedback.IssueKey(r.Context(), r.PostFormValue("name"), s.actor(r))
	if err != nil {
		return err
	}
	return s.renderOpen311Keys(w, r, key)
}

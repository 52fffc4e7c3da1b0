package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
)

// siteWork is one site on the dashboard with the roles the person holds.
type siteWork struct {
	Site  *site.Site
	Roles []account.Role
	// Requests is how many citizen requests of the site wait for the
	// person's step (feedback.Waits).
	Requests int
}

// RequestsText says how many citizen requests wait, in words.
func (p *dashboardPage) RequestsText(n int) string {
	en := "%d citizen requests waiting for you"
	if n == 1 {
		en = "%d citizen request waiting for you"
	}
	return fmt.Sprintf(pick(p.Lang, "%d phản ánh, kiến nghị đang chờ bạn", en), n)
}

type dashboardPage struct {
	*AdminPage
	Work []siteWork
}

// dashboard lists the sites the person may work on: those where they hold
// a role, and every site for installation-wide roles.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	u := userOf(r)
	p := &dashboardPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "dashboard"))}
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	var wide []account.Role
	for _, role := range u.RolesOn(p.Main.ID) {
		if role.InstallationWide() {
			wide = append(wide, role)
		}
	}
	for _, st := range all {
		roles := u.RolesOn(st.ID)
		if !st.Main && len(wide) > 0 {
			roles = append(roles, wide...)
		}
		if len(roles) > 0 {
			n := 0
			if st.Status != site.Archived { // an archived site is out of the open work queues
				if n, err = feedback.Waits(r.Context(), s.db, feedback.Person{User: u, MainID: p.Main.ID}, st.ID); err != nil {
					return err
				}
			}
			p.Work = append(p.Work, siteWork{Site: st, Roles: roles, Requests: n})
		}
	}
	return s.tmpl.render(w, http.StatusOK, "admin/dashboard", p)
}

// mainSiteCan checks an installation-level action (users, sites, audit).
func (s *Server) mainSiteCan(r *http.Request, a account.Action) error {
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	if main == nil || !userOf(r).Can(main.ID, main.ID, a) {
		u := userOf(r)
		audit.Record(r.Context(), s.db, audit.Entry{At: s.now(), ActorID: u.ID, Actor: u.Username, Action: "denied",
			Target: r.Method + " " + r.URL.Path, Detail: string(a), IP: s.clientIP(r)})
		return errForbidden
	}
	return nil
}

type auditPage struct {
	*AdminPage
	Entries []audit.Entry
	Total   listCount
	Action  string
	Actions []string // every action code, for the filter
	Sites   []*site.Site
	Site    string // the code of the site filtered on
	Prev    string
	Next    string
	// names are the full names of the people the page's entries name (who
	// did it, and whom a change to an account concerns), by id; sites the
	// sites by id.
	names map[int64]string
	sites map[int64]*site.Site
}

// ActionName is an action code's name in the page's language.
func (p *auditPage) ActionName(code string) string { return audit.Label(code, p.Lang) }

// Who is the person who did what an entry records: their full name, or
// the name typed (a failed sign-in) or the command line.
func (p *auditPage) Who(e audit.Entry) string {
	if n, ok := p.names[e.ActorID]; ok && n != "" {
		return n
	}
	if e.ActorID == 0 && e.Actor == audit.CLI.Name {
		return pick(p.Lang, "Dòng lệnh (cong)", "Command line (cong)")
	}
	if e.ActorID == 0 && e.Actor == "demo" && e.IP == audit.CLI.IP {
		return pick(p.Lang, "Tạo dữ liệu mẫu", "Demo data")
	}
	return e.Actor
}

// Address is where an entry's request came from: an address, or the
// server itself for the command line.
func (p *auditPage) Address(e audit.Entry) string {
	if e.IP == audit.CLI.IP {
		return pick(p.Lang, "máy chủ", "the server")
	}
	return e.IP
}

// Username is the account name shown beside Who, when it says more.
func (p *auditPage) Username(e audit.Entry) string {
	if _, ok := p.names[e.ActorID]; ok {
		return e.Actor
	}
	return ""
}

// accountTargets are the actions whose target is an account's id.
var accountTargets = map[string]bool{"role.grant": true, "role.revoke": true, "user.enable": true, "user.disable": true,
	"user.password": true, "totp.reset": true}

// entryTarget is what an entry was done to, in words, with a link to it
// when it is an account.
type entryTarget struct {
	Text, Link, Code string
}

// Target is what an entry was done to: a person by name, or the target
// as recorded; with the site concerned.
func (p *auditPage) Target(e audit.Entry) entryTarget {
	t := entryTarget{Text: e.Target}
	if accountTargets[e.Action] {
		if id, err := strconv.ParseInt(e.Target, 10, 64); err == nil {
			if n, ok := p.names[id]; ok {
				t = entryTarget{Text: n, Link: "/quan-tri/nguoi-dung/" + e.Target, Code: "#" + e.Target}
			}
		}
	}
	return t
}

// SiteName is the name of the site an entry concerns, "" for none.
func (p *auditPage) SiteName(e audit.Entry) string {
	if st, ok := p.sites[e.SiteID]; ok {
		return st.DisplayName(p.Lang)
	}
	return ""
}

// Detail is an entry's detail in words: a role, a site's kind, what a
// refusal refused and the other details audit.Detail knows.
func (p *auditPage) Detail(e audit.Entry) string {
	if r := account.Role(e.Detail); (e.Action == "role.grant" || e.Action == "role.revoke") && r.Valid() {
		return r.Label(p.Lang)
	}
	if k := site.Kind(e.Detail).Label(p.Lang); e.Action == "site.create" && k != "" {
		return k
	}
	if d, ok := feedbackStates(e.Detail, p.Lang); ok && strings.HasPrefix(e.Action, "feedback.") {
		return d
	}
	return audit.Detail(e.Action, e.Detail, p.Lang)
}

// feedbackStates names the states a feedback entry's detail records by
// their codes: the state a request was received in ("received"), or the
// step's from and to ("assigned → answered"). Any other detail is not
// states, and ok is false.
func feedbackStates(detail, lang string) (string, bool) {
	parts := strings.Split(detail, " → ")
	if len(parts) > 2 {
		return "", false
	}
	for i, code := range parts {
		label := feedback.State(code).Label(lang)
		if label == "" {
			return "", false
		}
		parts[i] = label
	}
	return strings.Join(parts, " → "), true
}

// auditPerPage is the length of a page of the audit log.
const auditPerPage = 100

// auditList serves /quan-tri/nhat-ky: the log, newest first, of one
// action or one site if asked, paged, with how many entries match; each
// action named in words, each person by name.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ReadAudit); err != nil {
		return err
	}
	q := r.URL.Query()
	n := min(pageNumber(q.Get("trang")), audit.CountCap/auditPerPage+1)
	f := audit.Filter{Action: strings.TrimSpace(q.Get("action")), Limit: auditPerPage, Offset: (n - 1) * auditPerPage}
	sites, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p := &auditPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "audit")), Action: f.Action,
		Actions: audit.Actions(), Sites: sites, sites: map[int64]*site.Site{}}
	for _, st := range sites {
		p.sites[st.ID] = st
	}
	if code := q.Get("trang-web"); code != "" {
		for _, st := range sites {
			if st.Code == code {
				f.SiteID, p.Site = st.ID, st.Code
			}
		}
	}
	total, err := audit.Count(r.Context(), s.db, f)
	if err != nil {
		return err
	}
	if p.Entries, err = audit.List(r.Context(), s.db, f); err != nil {
		return err
	}
	var ids []int64
	for _, e := range p.Entries {
		ids = append(ids, e.ActorID)
		if accountTargets[e.Action] {
			if id, err := strconv.ParseInt(e.Target, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	if p.names, err = s.users.Names(r.Context(), ids); err != nil {
		return err
	}
	p.Total = countOf(total, audit.CountCap)
	p.Prev, p.Next = pageLinks(r.URL.Path, q, n, n*auditPerPage < p.Total.N)
	return s.tmpl.render(w, http.StatusOK, "admin/audit", p)
}

func (s *Server) adminNotFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }

// actor is who makes the request, for the audit log.
func (s *Server) actor(r *http.Request) audit.Actor {
	a := audit.Actor{IP: s.clientIP(r)}
	if u := userOf(r); u != nil {
		a.ID, a.Name = u.ID, u.Username
	}
	return a
}

// The staff pages of a site that not everyone with a role there may
// open. Each page's handler asks its rule here, and the workspace links a
// page only when the same rule lets the person in: a link never leads to
// a refusal.

// maySeeSections is who opens a site's required sections
// (/quan-tri/s/SITE/chuyen-muc-bat-buoc): those who read its reports or
// approve what it publishes.
func maySeeSections(u *account.User, siteID, mainID int64) bool {
	return u.Can(siteID, mainID, account.ReadReports) || u.Can(siteID, mainID, account.ApproveContent)
}

// feedbackActions are the actions that give a part in handling a site's
// citizen requests.
var feedbackActions = []account.Action{account.HandleFeedback, account.RouteFeedback, account.AnswerFeedback,
	account.ApproveAnswer, account.ReadReports}

// maySeeFeedback is who opens a site's citizen requests
// (/quan-tri/s/SITE/kien-nghi): those with a part in handling them.
func maySeeFeedback(u *account.User, siteID, mainID int64) bool {
	for _, a := range feedbackActions {
		if u.Can(siteID, mainID, a) {
			return true
		}
	}
	return false
}

// MaySections reports whether the workspace links the required sections.
func (p *workspacePage) MaySections() bool { return maySeeSections(p.User, p.Work.ID, p.Main.ID) }

// MayConsult reports whether the workspace links the drafts open for
// comment: consultSite's rule.
func (p *workspacePage) MayConsult() bool {
	return p.User.Can(p.Work.ID, p.Main.ID, account.ManageConsult) || p.User.Can(p.Work.ID, p.Main.ID, account.ApproveSynthesis)
}

// MayFeedback reports whether the workspace links the citizen requests.
func (p *workspacePage) MayFeedback() bool { return maySeeFeedback(p.User, p.Work.ID, p.Main.ID) }

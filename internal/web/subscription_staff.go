package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/subscription"
)

// Who sees what of the subscriptions. The counts are a figure of the
// site's reach, for those who read its reports (the board, the team
// lead, the overseer) and the administrator. The addresses are personal
// data (Law 91/2025): only the administrator, who answers a person's
// request about their data, sees them, and each look is audited.
func (s *Server) subscriptionSite(r *http.Request, addresses bool) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main := s.resolver.Main()
	u := userOf(r)
	if main == nil {
		return nil, errForbidden
	}
	if addresses {
		if !u.Can(st.ID, main.ID, account.ManageUsers) {
			s.deny(r, st.ID, r.Method+" "+r.URL.Path, "subscription.addresses")
			return nil, errForbidden
		}
		return st, nil
	}
	if !u.Can(st.ID, main.ID, account.ReadReports) && !u.Can(st.ID, main.ID, account.ManageUsers) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, "subscription.read")
		return nil, errForbidden
	}
	return st, nil
}

// subscriptionCountRow is one line of the counts: the whole site or one
// of its sections.
type subscriptionCountRow struct {
	Name            string
	Active, Pending int
}

// subscriptionCountsPage is the staff page of the counts.
type subscriptionCountsPage struct {
	*AdminPage
	Work          *site.Site
	Rows          []subscriptionCountRow
	Active        int
	Pending       int
	SeesAddresses bool
}

// subscriptionCounts is GET /quan-tri/s/{site}/nhan-tin-moi.
func (s *Server) subscriptionCounts(w http.ResponseWriter, r *http.Request) error {
	st, err := s.subscriptionSite(r, false)
	if err != nil {
		return err
	}
	counts, err := s.subscriptions().Counts(r.Context(), st.ID)
	if err != nil {
		return err
	}
	cats, err := s.content.Categories(r.Context(), st.ID)
	if err != nil {
		return err
	}
	lang := langOf(r)
	by := map[int64]subscription.Count{}
	for _, c := range counts {
		by[c.CategoryID] = c
	}
	p := &subscriptionCountsPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "sub.staff.title")+" – "+st.DisplayName(lang)), Work: st}
	add := func(name string, c subscription.Count) {
		p.Rows = append(p.Rows, subscriptionCountRow{Name: name, Active: c.Active, Pending: c.Pending})
		p.Active += c.Active
		p.Pending += c.Pending
	}
	add(translate(lang, "sub.whole"), by[0])
	for _, c := range cats {
		add(c.DisplayName(lang), by[c.ID])
	}
	if main := s.resolver.Main(); main != nil {
		p.SeesAddresses = userOf(r).Can(st.ID, main.ID, account.ManageUsers)
	}
	return s.tmpl.render(w, http.StatusOK, "admin/subscription_counts", p)
}

// subscriptionAddressesPage is the administrator's list of addresses.
type subscriptionAddressesPage struct {
	*AdminPage
	Work     *site.Site
	Q        string
	List     []*subscription.Subscriber
	Sections map[int64]string
	PageNo   int
	Next     string
}

// SectionName names what a subscriber subscribes to.
func (p *subscriptionAddressesPage) SectionName(id int64) string {
	if id == 0 {
		return p.T("sub.whole")
	}
	return p.Sections[id]
}

// StateName names a subscriber's state.
func (p *subscriptionAddressesPage) StateName(st subscription.State) string {
	if st == subscription.Active {
		return p.T("sub.state.active")
	}
	return p.T("sub.state.pending")
}

// subscriptionAddresses is GET /quan-tri/s/{site}/nhan-tin-moi/dia-chi
// (?q= part of an address, ?trang=N): the administrator only, audited.
func (s *Server) subscriptionAddresses(w http.ResponseWriter, r *http.Request) error {
	st, err := s.subscriptionSite(r, true)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	page, _ := strconv.Atoi(r.URL.Query().Get("trang"))
	page = max(page, 1)
	list, more, err := s.subscriptions().List(r.Context(), st.ID, q, page)
	if err != nil {
		return err
	}
	// Who looked at the addresses, and when (not what they searched:
	// that may be part of an address).
	if err := audit.Record(r.Context(), s.db, s.actor(r).Entry("subscription.list", st.ID, "site:"+st.Code, "")); err != nil {
		return err
	}
	cats, err := s.content.Categories(r.Context(), st.ID)
	if err != nil {
		return err
	}
	lang := langOf(r)
	p := &subscriptionAddressesPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "sub.addresses")+" – "+st.DisplayName(lang)),
		Work: st, Q: q, List: list, Sections: map[int64]string{}, PageNo: page}
	for _, c := range cats {
		p.Sections[c.ID] = c.DisplayName(lang)
	}
	if more {
		p.Next = "?q=" + urlQueryEscape(q) + "&trang=" + strconv.Itoa(page+1)
	}
	if r.URL.Query().Get("da-xoa") != "" {
		p.Notice = translate(lang, "sub.erased")
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, http.StatusOK, "admin/subscription_addresses", p)
}

// subscriptionErase is POST /quan-tri/s/{site}/nhan-tin-moi/{id}/xoa:
// the administrator erases one address (a person asked by other means,
// a mailbox that no longer exists). Audited.
func (s *Server) subscriptionErase(w http.ResponseWriter, r *http.Request) error {
	st, err := s.subscriptionSite(r, true)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := s.subscriptions().Erase(r.Context(), st.ID, id, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/nhan-tin-moi/dia-chi?da-xoa=1", http.StatusSeeOther)
	return nil
}

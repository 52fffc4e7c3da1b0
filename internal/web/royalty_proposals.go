package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/royalty"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// The sizes of the proposal form, which works without JavaScript: this
// many author lines for the article and photo lines (one author each).
const (
	royaltyAuthorRows = 4
	royaltyPhotoRows  = 3
)

// royaltyProposalRoutes: the proposal on an item and its approval.
func (s *Server) royaltyProposalRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/noi-dung/{id}/nhuan-but", s.staff(s.royaltyItem))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/nhuan-but", s.staff(s.royaltyPropose))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/nhuan-but/duyet", s.staff(s.royaltyApprove))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/nhuan-but/tra-lai", s.staff(s.royaltyReturn))
	mux.Handle("GET /quan-tri/s/{site}/nhuan-but/can-quyet-dinh", s.staff(s.royaltyUndecided))
}

// proposalBook is the royalty engine; it holds no state of its own.
func (s *Server) proposalBook() *royalty.Store { return royalty.NewStore(s.db, s.rules, s.now) }

// royaltyRights is what a person may do with a site's royalty proposals:
// editors propose (content.edit: not collaborators), the board head and
// deputy decide (content.approve), royalty.manage holders read all and
// see the authors' tax codes and bank details.
type royaltyRights struct{ Propose, Decide, Manage bool }

func (rr royaltyRights) read() bool { return rr.Propose || rr.Decide || rr.Manage }

// royaltySite finds the site of a royalty page and the person's rights
// there; a person who may do none of it is refused as "royalty.read".
func (s *Server) royaltySite(r *http.Request) (*site.Site, royaltyRights, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, royaltyRights{}, err
	}
	u, main := userOf(r), s.mainSite(r)
	rr := royaltyRights{Propose: u.Can(st.ID, main.ID, account.EditContent), Decide: u.Can(st.ID, main.ID, account.ApproveContent),
		Manage: u.Can(st.ID, main.ID, account.ManageRoyalties)}
	if !rr.read() {
		s.deny(r, st.ID, st.Code, "royalty.read")
		return nil, rr, errForbidden
	}
	return st, rr, nil
}

// royaltyItemOf finds the item of a royalty page, refusing (as what)
// those whose rights lack need.
func (s *Server) royaltyItemOf(r *http.Request, what string, need func(royaltyRights) bool) (*site.Site, *content.Item, royaltyRights, error) {
	st, rr, err := s.royaltySite(r)
	if err != nil {
		return nil, nil, rr, err
	}
	if !need(rr) {
		s.deny(r, st.ID, st.Code, what)
		return nil, nil, rr, errForbidden
	}
	_, it, err := s.workItem(r)
	if err != nil {
		return nil, nil, rr, err
	}
	return st, it, rr, nil
}

// royaltyItemPage is GET /quan-tri/s/{site}/noi-dung/{id}/nhuan-but.
type royaltyItemPage struct {
	*AdminPage
	Work      *site.Site
	Item      *content.Item
	Proposals []*royalty.Proposal // newest first; personal data hidden
	Totals    map[int64]int64     // approved proposals' totals by id
	// The schedule in force on the item's first publication day, or why
	// there is none.
	PubDay      string
	Schedule    *royalty.Schedule
	BaseSalary  int64
	ScheduleErr string
	Authors     []royalty.Author // the site's people
	Rights      royaltyRights
	Open        bool // a proposal waits or is approved: no new one
	AuthorRows  []int
	PhotoRows   []int
	Values      url.Values // the form sent back
}

// V is a value of the proposal form sent back.
func (p *royaltyItemPage) V(name string) string { return p.Values.Get(name) }

// Row names field of author line i ("a1_share").
func (p *royaltyItemPage) Row(prefix string, i int, field string) string {
	return prefix + strconv.Itoa(i) + "_" + field
}

// Chosen reports whether the form sent back chose account id in name.
func (p *royaltyItemPage) Chosen(name string, id int64) bool {
	return p.Values.Get(name) == strconv.FormatInt(id, 10)
}

// Base is the page's address.
func (p *royaltyItemPage) Base() string {
	return "/quan-tri/s/" + p.Work.Code + "/noi-dung/" + strconv.FormatInt(p.Item.ID, 10) + "/nhuan-but"
}

// StateLabel names a proposal's state.
func (p *royaltyItemPage) StateLabel(state string) string { return p.T("royalty.state." + state) }

// KindName names a kind of work of the proposal's schedule, or its slug.
func (p *royaltyItemPage) KindName(slug string) string {
	if p.Schedule != nil {
		if k, ok := p.Schedule.Kinds[slug]; ok {
			return k.Name
		}
	}
	return slug
}

// AddOnsText writes a line's add-ons.
func (p *royaltyItemPage) AddOnsText(list []royalty.AddOnUse) string {
	parts := make([]string, 0, len(list))
	for _, a := range list {
		name := a.Slug
		if p.Schedule != nil {
			if d, ok := p.Schedule.AddOns[a.Slug]; ok {
				name = d.Name
			}
		}
		parts = append(parts, name+" "+a.Percent.String()+"%")
	}
	return strings.Join(parts, "; ")
}

// Share writes basis points as a percentage.
func (p *royaltyItemPage) Share(bp int64) string { return royalty.Milli(bp*10).String() + "%" }

// Money writes whole đồng with the Vietnamese thousands separator.
func (p *royaltyItemPage) Money(n int64) string { return groupedDong(p.Lang, n) + " đồng" }

// Words writes an amount in Vietnamese words.
func (p *royaltyItemPage) Words(n int64) string { return vn.MoneyWords(n) }

func (s *Server) royaltyItem(w http.ResponseWriter, r *http.Request) error {
	st, it, rr, err := s.royaltyItemOf(r, "royalty.read", royaltyRights.read)
	if err != nil {
		return err
	}
	return s.renderRoyaltyItem(w, r, http.StatusOK, st, it, rr, nil, nil)
}

// renderRoyaltyItem draws the item's royalty page; values, when not nil,
// are the proposal form sent back.
func (s *Server) renderRoyaltyItem(w http.ResponseWriter, r *http.Request, status int, st *site.Site, it *content.Item,
	rr royaltyRights, values url.Values, errs []string) error {
	ctx, u, book := r.Context(), userOf(r), s.proposalBook()
	p := &royaltyItemPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "royalty.title")+" – "+it.Rev.Title),
		Work: st, Item: it, Rights: rr, Values: values, Totals: map[int64]int64{}}
	if p.Values == nil {
		p.Values = url.Values{}
	}
	for i := 1; i <= royaltyAuthorRows; i++ {
		p.AuthorRows = append(p.AuthorRows, i)
	}
	for i := 1; i <= royaltyPhotoRows; i++ {
		p.PhotoRows = append(p.PhotoRows, i)
	}
	props, err := book.ForItem(ctx, it.ID)
	if err != nil {
		return err
	}
	for _, pr := range props {
		for _, l := range pr.Lines {
			// Tax codes and bank details: the accountant and the author only.
			if !rr.Manage && (l.UserID == 0 || l.UserID != u.ID) {
				l.TaxCode, l.BankAccount, l.BankName = "", "", ""
			}
			p.Totals[pr.ID] += l.Amount
		}
		if pr.State != royalty.Returned {
			p.Open = true
		}
	}
	p.Proposals = props
	if it.FirstPublishedAt != nil {
		p.PubDay = vn.Day(*it.FirstPublishedAt)
		sch, salary, err := book.ScheduleOn(ctx, p.PubDay)
		if e, ok := apperr.As(err); ok {
			p.ScheduleErr = e.Msg.In(p.Lang)
		} else if err != nil {
			return err
		}
		p.Schedule, p.BaseSalary = sch, salary
	}
	if rr.Propose && !p.Open && it.FirstPublishedAt != nil {
		if p.Authors, err = book.SiteAuthors(ctx, st.ID); err != nil {
			return err
		}
	}
	p.Notice, p.Errors = noticeOf(r), append(p.Errors, errs...)
	return s.tmpl.render(w, status, "admin/royalty_item", p)
}

// royaltyBack sends an invalid request back to the item's page with the
// engine's message (422), the form's values kept; other errors go on.
func (s *Server) royaltyBack(w http.ResponseWriter, r *http.Request, st *site.Site, it *content.Item, rr royaltyRights, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		return err
	}
	fr, msgs := withInvalid(r, e)
	return s.renderRoyaltyItem(w, fr, statusOf(err), st, it, rr, r.PostForm, msgs)
}

// royaltyPropose is POST …/nhuan-but: the editor's proposal.
func (s *Server) royaltyPropose(w http.ResponseWriter, r *http.Request) error {
	st, it, rr, err := s.royaltyItemOf(r, "royalty.propose", func(rr royaltyRights) bool { return rr.Propose })
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "Biểu mẫu không đọc được.", "The form could not be read.")
	}
	prop, err := royaltyForm(r.PostForm, it.ID)
	if err == nil {
		err = s.proposalBook().Propose(r.Context(), prop, s.actor(r))
	}
	if err != nil {
		return s.royaltyBack(w, r, st, it, rr, err)
	}
	http.Redirect(w, r, royaltyItemURL(st, it)+"?luu=1", http.StatusSeeOther)
	return nil
}

func royaltyItemURL(st *site.Site, it *content.Item) string {
	return "/quan-tri/s/" + st.Code + "/noi-dung/" + strconv.FormatInt(it.ID, 10) + "/nhuan-but"
}

// royaltyForm reads the proposal form: the article (kind, coefficient,
// add-ons "addon.SLUG" in percent, author lines a1..aN) and the photo
// lines p1..pM, each a work of kind "anh" with one author.
func royaltyForm(f url.Values, itemID int64) (*royalty.Proposal, error) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	coef := func(field string) (royalty.Milli, error) {
		m, err := royalty.ParseMilli(get(field))
		if err != nil {
			return 0, apperr.Field(field, "Hệ số phải là một số, ví dụ 5 hoặc 7,5.", "The coefficient must be a number, e.g. 5 or 7.5.")
		}
		return m, nil
	}
	author := func(prefix string) (royalty.Author, bool, error) {
		a := royalty.Author{Name: get(prefix + "name"), TaxCode: get(prefix + "tax"), BankAccount: get(prefix + "bank_account"),
			BankName: get(prefix + "bank")}
		if v := get(prefix + "user"); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return a, false, apperr.Field(prefix+"user", "Tài khoản tác giả không hợp lệ.", "Invalid author account.")
			}
			a.UserID = id
		}
		return a, a.UserID != 0 || a.Name != "", nil
	}
	p := &royalty.Proposal{ItemID: itemID, Note: f.Get("note")}
	article := &royalty.ProposedWork{Work: royalty.Work{Kind: get("kind")}}
	var err error
	if article.Coefficient, err = coef("coefficient"); err != nil {
		return nil, err
	}
	for k := range f {
		slug, ok := strings.CutPrefix(k, "addon.")
		if !ok || get(k) == "" {
			continue
		}
		pc, err := royalty.ParseMilli(get(k))
		if err != nil {
			return nil, apperr.Field(k, "Tỷ lệ cộng thêm phải là một số phần trăm, ví dụ 15.", "An add-on must be a percentage, e.g. 15.")
		}
		article.AddOns = append(article.AddOns, royalty.AddOnUse{Slug: slug, Percent: pc})
	}
	sortAddOns(article.AddOns)
	filled := 0
	for i := 1; i <= royaltyAuthorRows; i++ {
		prefix := "a" + strconv.Itoa(i) + "_"
		a, ok, err := author(prefix)
		if err != nil {
			return nil, err
		}
		if ok {
			filled++
		}
		share := get(prefix + "share")
		if !ok {
			if share != "" {
				return nil, apperr.Field(prefix+"name", "Dòng có tỷ lệ hưởng nhưng chưa có tác giả.", "A line has a share but no author.")
			}
			continue
		}
		article.Credits = append(article.Credits, royalty.Credit{Author: a})
		if share == "" {
			continue // one author alone takes 100 %; otherwise the engine says the sum
		}
		m, err := royalty.ParseMilli(strings.TrimSuffix(share, "%"))
		if err != nil || m%10 != 0 {
			return nil, apperr.Field(prefix+"share", "Tỷ lệ hưởng là một số phần trăm, tối đa hai chữ số thập phân.", "A share is a percentage with at most two decimals.")
		}
		article.Credits[len(article.Credits)-1].ShareBP = int64(m) / 10
	}
	if filled == 1 && article.Credits[0].ShareBP == 0 {
		article.Credits[0].ShareBP = 10_000
	}
	p.Works = append(p.Works, article)
	for j := 1; j <= royaltyPhotoRows; j++ {
		prefix := "p" + strconv.Itoa(j) + "_"
		a, ok, err := author(prefix)
		if err != nil {
			return nil, err
		}
		if !ok {
			if get(prefix+"coef") != "" {
				return nil, apperr.Field(prefix+"name", "Ảnh có hệ số nhưng chưa có tác giả.", "A photo has a coefficient but no author.")
			}
			continue
		}
		c, err := coef(prefix + "coef")
		if err != nil {
			return nil, err
		}
		p.Works = append(p.Works, &royalty.ProposedWork{Work: royalty.Work{Kind: "anh", Coefficient: c},
			Credits: []royalty.Credit{{Author: a, ShareBP: 10_000}}})
	}
	return p, nil
}

// sortAddOns orders add-ons by slug, so that a proposal reads the same
// whatever the form's order.
func sortAddOns(list []royalty.AddOnUse) {
	sort.Slice(list, func(i, j int) bool { return list[i].Slug < list[j].Slug })
}

// royaltyDecision reads the proposal a decision names and checks it is
// the item's.
func (s *Server) royaltyDecision(w http.ResponseWriter, r *http.Request, decide func(id int64) error) error {
	st, it, rr, err := s.royaltyItemOf(r, "royalty.decide", func(rr royaltyRights) bool { return rr.Decide })
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PostFormValue("proposal"), 10, 64)
	prop, err := s.proposalBook().ByID(r.Context(), id)
	if err != nil {
		return err
	}
	if prop.ItemID != it.ID {
		return errNotFound
	}
	if err := decide(id); err != nil {
		return s.royaltyBack(w, r, st, it, rr, err)
	}
	http.Redirect(w, r, royaltyItemURL(st, it)+"?luu=1", http.StatusSeeOther)
	return nil
}

// royaltyApprove is POST …/nhuan-but/duyet.
func (s *Server) royaltyApprove(w http.ResponseWriter, r *http.Request) error {
	return s.royaltyDecision(w, r, func(id int64) error { return s.proposalBook().Approve(r.Context(), id, s.actor(r)) })
}

// royaltyReturn is POST …/nhuan-but/tra-lai, with a reason.
func (s *Server) royaltyReturn(w http.ResponseWriter, r *http.Request) error {
	return s.royaltyDecision(w, r, func(id int64) error {
		return s.proposalBook().Return(r.Context(), id, r.PostFormValue("reason"), s.actor(r))
	})
}

// royaltyPendingPage is GET /quan-tri/s/{site}/nhuan-but/can-quyet-dinh:
// the published items of a period that wait for a royalty decision.
type royaltyPendingPage struct {
	*AdminPage
	Work   *site.Site
	Period report.Period
	Items  []*royalty.Undecided
}

// Link is an item's royalty page.
func (p *royaltyPendingPage) Link(id int64) string {
	return "/quan-tri/s/" + p.Work.Code + "/noi-dung/" + strconv.FormatInt(id, 10) + "/nhuan-but"
}

// Day writes a YYYY-MM-DD day in words ("ngày 14 tháng 10 năm 2026"), as
// the payment list does.
func (p *royaltyItemPage) Day(day string) string { return dayWords(&p.AdminPage.Page, day) }

// Day writes a YYYY-MM-DD day as dd/mm/yyyy.
func (p *royaltyPendingPage) Day(day string) string {
	if t, err := time.Parse(time.DateOnly, day); err == nil {
		return vn.DateShort(t)
	}
	return day
}

func (s *Server) royaltyUndecided(w http.ResponseWriter, r *http.Request) error {
	st, _, err := s.royaltySite(r)
	if err != nil {
		return err
	}
	period, _ := report.ParsePeriod(strconv.Itoa(s.now().In(vn.ICT).Year()))
	if v := r.URL.Query().Get("ky"); v != "" {
		if period, err = report.ParsePeriod(v); err != nil {
			return err
		}
	}
	items, err := s.proposalBook().Undecided(r.Context(), st.ID, period)
	if err != nil {
		return err
	}
	p := &royaltyPendingPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "royalty.pending")+" – "+st.DisplayName(langOf(r))),
		Work: st, Period: period, Items: items}
	return s.tmpl.render(w, http.StatusOK, "admin/royalty_pending", p)
}

package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/royalty"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// royaltyListRoutes: a site's payment list of a period for its
// accountant and board (royalty.manage), downloadable in Decree 30/2020's
// presentation and marked paid; and each author's own statement
// (royalty.own) across sites.
func (s *Server) royaltyListRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/nhuan-but", s.staff(s.royaltyList))
	for _, ext := range []string{"xlsx", "docx", "pdf"} {
		mux.Handle("GET /quan-tri/s/{site}/nhuan-but/bang-ke."+ext, s.staff(s.royaltyListFile))
	}
	mux.Handle("POST /quan-tri/s/{site}/nhuan-but/da-tra", s.staff(s.royaltyMarkPaid))
	mux.Handle("POST /quan-tri/s/{site}/nhuan-but/dong/{line}/thong-bao", s.staff(s.royaltyLineAction))
	mux.Handle("POST /quan-tri/s/{site}/nhuan-but/dong/{line}/khong-nhan", s.staff(s.royaltyLineAction))
	mux.Handle("GET /quan-tri/nhuan-but-cua-toi", s.staff(s.royaltyMine))
	for _, ext := range []string{"xlsx", "docx", "pdf"} {
		mux.Handle("GET /quan-tri/nhuan-but-cua-toi/sao-ke."+ext, s.staff(s.royaltyMineFile))
	}
}

// royalties is the royalty engine on the server's database and rules.
func (s *Server) royaltyLists() *royalty.Store { return royalty.NewStore(s.db, s.rules, s.now) }

// royaltyText writes a list's or statement's lines for the page and the
// documents: amounts, days, kinds, shares, states, titles.
type royaltyText struct {
	lang   string
	titles map[int64]string
	sites  map[int64]*site.Site
}

// Money writes whole đồng with the language's digit grouping.
func (t *royaltyText) Money(n int64) string { return groupedDong(t.lang, n) }

func groupedDong(lang string, n int64) string {
	sep := pick(lang, ".", ",")
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Day writes a YYYY-MM-DD day as "ngày 13 tháng 6 năm 2011", "" as "—".
func (t *royaltyText) Day(day string) string { return dayText(t.lang, day) }

// dayText writes a YYYY-MM-DD day in words in lang ("ngày 13 tháng 6 năm
// 2011", "13 June 2011"); anything else as "—".
func dayText(lang, day string) string {
	d, err := time.ParseInLocation("2006-01-02", day, vn.ICT)
	if err != nil {
		return "—"
	}
	if lang == "en" {
		return vn.DateWordsEN(d)
	}
	return vn.DateWords(d)
}

// royaltyKinds are the names of the kinds of work of the shipped
// schedule (docs/royalties.md); a kind of a provincial schedule not
// listed reads as its key.
var royaltyKinds = map[string][2]string{
	"tin":            {"Tin tức, trả lời bạn đọc", "News, answers to readers"},
	"tranh":          {"Tranh (minh họa, biếm họa)", "Drawing"},
	"anh":            {"Ảnh", "Photo"},
	"binh-luan":      {"Bình luận, chính luận, chuyên luận", "Commentary"},
	"phong-su":       {"Phóng sự, ký sự, ký", "Reportage"},
	"phong-van":      {"Phỏng vấn", "Interview"},
	"van-hoc":        {"Sáng tác văn học", "Literary work"},
	"nghien-cuu":     {"Nghiên cứu", "Research"},
	"da-phuong-tien": {"Tác phẩm trực tuyến, đa phương tiện", "Multimedia work"},
}

// KindName is the name of a kind of work.
func (t *royaltyText) KindName(slug string) string {
	if k, ok := royaltyKinds[slug]; ok {
		return pick(t.lang, k[0], k[1])
	}
	return slug
}

// Share writes a share in basis points as a percentage: "60 %", "33,33 %".
func (t *royaltyText) Share(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		s += pick(t.lang, ",", ".") + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	return s + " %"
}

// Coef writes a coefficient.
func (t *royaltyText) Coef(m royalty.Milli) string {
	if t.lang == "en" {
		return strings.Replace(m.String(), ",", ".", 1)
	}
	return m.String()
}

// State is a line's state: approved (with the notices sent), paid, or
// unclaimed (with the year of the fund its amount went to).
func (t *royaltyText) State(l *royalty.Line) string {
	switch {
	case l.Paid():
		return translate(t.lang, "rlist.state.paid") + " (" + vn.DateShort(l.PaidAt.In(vn.ICT)) + ")"
	case l.Unclaimed():
		return fmt.Sprintf(translate(t.lang, "rlist.state.unclaimed"), l.FundYear())
	case l.Notices > 0:
		return translate(t.lang, "rlist.state.approved") + fmt.Sprintf(translate(t.lang, "rlist.state.notices"), l.Notices)
	}
	return translate(t.lang, "rlist.state.approved")
}

// ItemTitle is the title of a line's item.
func (t *royaltyText) ItemTitle(id int64) string {
	if v := t.titles[id]; v != "" {
		return v
	}
	return "#" + strconv.FormatInt(id, 10)
}

// SiteName is the name of a line's site.
func (t *royaltyText) SiteName(id int64) string {
	if st := t.sites[id]; st != nil {
		return st.DisplayName(t.lang)
	}
	return ""
}

// Words is an amount in words (Vietnamese, as documents write them).
func (t *royaltyText) Words(n int64) string { return vn.MoneyWords(n) }

// royaltyListPage is a site's payment list of a period.
type royaltyListPage struct {
	*AdminPage
	*royaltyText
	Work    *site.Site
	Period  report.Period
	Periods []report.Period
	List    *royalty.PaymentList
	Private bool // tax codes and bank details shown (royalty.manage)
	CanPay  bool
	Base    string
	Marked  string // ?da-tra=N after marking the list paid
	Noticed string // ?thong-bao=N after recording a notice
	Closed  string // ?chuyen-quy=YEAR after closing a line as unclaimed
	// needed is, by publication day of the list's lines still to pay,
	// how many notices close a line as unclaimed (0: the schedule sets
	// none).
	needed map[string]int
}

// MayClose reports whether line l may be closed as unclaimed now: still
// to pay, and notified as often as its schedule asks.
func (p *royaltyListPage) MayClose(l *royalty.Line) bool {
	n := p.needed[l.PubDay]
	return l.Payable() && n > 0 && l.Notices >= n
}

// Needed is how many notices line l's schedule asks for (0: none set).
func (p *royaltyListPage) Needed(l *royalty.Line) int { return p.needed[l.PubDay] }

// Query is the address of the list for another period.
func (p *royaltyListPage) Query(per report.Period) string { return p.Base + "?ky=" + per.Value }

// File is the address of a download of the list.
func (p *royaltyListPage) File(ext string) string {
	return p.Base + "/bang-ke." + ext + "?ky=" + p.Period.Value
}

// royaltyListPageOf reads the site and period and loads the list; only
// a holder of royalty.manage on the site reads it.
func (s *Server) royaltyListPageOf(r *http.Request) (*royaltyListPage, error) {
	st, err := s.royaltyManaged(r)
	if err != nil {
		return nil, err
	}
	u := userOf(r)
	per, err := s.periodOf(r)
	if err != nil {
		return nil, err
	}
	rs := s.royaltyLists()
	list, err := rs.PaymentList(r.Context(), st.ID, per)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range list.Authors {
		for _, l := range a.Lines {
			ids = append(ids, l.ItemID)
		}
	}
	titles, err := rs.ItemTitles(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	needed := map[string]int{}
	for _, a := range list.Authors {
		for _, l := range a.Lines {
			if _, ok := needed[l.PubDay]; ok || !l.Payable() {
				continue
			}
			sch, _, err := rs.ScheduleOn(r.Context(), l.PubDay)
			if err != nil {
				return nil, err
			}
			needed[l.PubDay] = sch.UnclaimedNotices
		}
	}
	lang := langOf(r)
	p := &royaltyListPage{AdminPage: s.adminPage(r, u, translate(lang, "rlist.title")+": "+st.DisplayName(lang)),
		royaltyText: &royaltyText{lang: lang, titles: titles, sites: map[int64]*site.Site{st.ID: st}},
		Work:        st, Period: per, Periods: s.quickPeriods(), List: list, Private: true, CanPay: true,
		Base: "/quan-tri/s/" + st.Code + "/nhuan-but", Marked: r.URL.Query().Get("da-tra"),
		Noticed: r.URL.Query().Get("thong-bao"), Closed: r.URL.Query().Get("chuyen-quy"), needed: needed}
	return p, nil
}

func (s *Server) royaltyList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.royaltyListPageOf(r)
	if err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/royalty_list", p)
}

func (s *Server) royaltyListFile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.royaltyListPageOf(r)
	if err != nil {
		return err
	}
	ext := r.URL.Path[strings.LastIndexByte(r.URL.Path, '.')+1:]
	name := fmt.Sprintf("bang-ke-nhuan-but-%s-%s.%s", p.Work.Code, strings.ReplaceAll(p.Period.Value, "..", "-den-"), ext)
	return s.writeRoyaltyDoc(w, ext, name, royaltyListDoc(p, s.resolver.Main(), s.now()))
}

// royaltyManaged is the request's site when the person holds
// royalty.manage on it; a refusal otherwise, logged.
func (s *Server) royaltyManaged(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main := s.resolver.Main()
	if main == nil || !userOf(r).Can(st.ID, main.ID, account.ManageRoyalties) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, "royalty.manage")
		return nil, errForbidden
	}
	return st, nil
}

// royaltyMarkPaid marks the period's list paid (royalty.manage; the
// engine audits it) and goes back to the list.
func (s *Server) royaltyMarkPaid(w http.ResponseWriter, r *http.Request) error {
	st, err := s.royaltyManaged(r)
	if err != nil {
		return err
	}
	per, err := report.ParsePeriod(r.PostFormValue("ky"))
	if err != nil {
		return err
	}
	if r.PostFormValue("xac-nhan") != "1" {
		return apperr.Field("xac-nhan", "Hãy đánh dấu ô xác nhận đã chi trả trước khi đánh dấu danh sách đã chi.",
			"Tick the box confirming the payment before marking the list paid.")
	}
	n, _, err := s.royaltyLists().MarkPaid(r.Context(), st.ID, per, s.actor(r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/quan-tri/s/%s/nhuan-but?ky=%s&da-tra=%d", st.Code, per.Value, n), http.StatusSeeOther)
	return nil
}

// royaltyLineAction records a notice to a line's author (…/thong-bao)
// or closes the line as unclaimed (…/khong-nhan, confirmed), for a
// holder of royalty.manage on the site; the engine audits both. Back to
// the period's list.
func (s *Server) royaltyLineAction(w http.ResponseWriter, r *http.Request) error {
	st, err := s.royaltyManaged(r)
	if err != nil {
		return err
	}
	line, err := strconv.ParseInt(r.PathValue("line"), 10, 64)
	if err != nil {
		return errNotFound
	}
	per, err := report.ParsePeriod(r.PostFormValue("ky"))
	if err != nil {
		return err
	}
	rs, done := s.royaltyLists(), ""
	if strings.HasSuffix(r.URL.Path, "/thong-bao") {
		n, err := rs.RecordNotice(r.Context(), st.ID, line, r.PostFormValue("ghi-chu"), s.actor(r))
		if err != nil {
			return err
		}
		done = "thong-bao=" + strconv.Itoa(n)
	} else {
		if r.PostFormValue("xac-nhan") != "1" {
			return apperr.Field("xac-nhan", "Hãy đánh dấu ô xác nhận tác giả không đến nhận sau các lần thông báo.",
				"Tick the box confirming the author did not claim the royalty after the notices.")
		}
		l, err := rs.MarkUnclaimed(r.Context(), st.ID, line, s.actor(r))
		if err != nil {
			return err
		}
		done = "chuyen-quy=" + strconv.Itoa(l.FundYear())
	}
	http.Redirect(w, r, fmt.Sprintf("/quan-tri/s/%s/nhuan-but?ky=%s&%s#dong-%d", st.Code, per.Value, done, line), http.StatusSeeOther)
	return nil
}

// royaltyMinePage is the signed-in author's own statement.
type royaltyMinePage struct {
	*AdminPage
	*royaltyText
	Period  report.Period
	Periods []report.Period
	St      *royalty.Statement
	Base    string
}

// Query is the address of the statement for another period.
func (p *royaltyMinePage) Query(per report.Period) string { return p.Base + "?ky=" + per.Value }

// File is the address of a download of the statement.
func (p *royaltyMinePage) File(ext string) string {
	return p.Base + "/sao-ke." + ext + "?ky=" + p.Period.Value
}

func (s *Server) royaltyMinePageOf(r *http.Request) (*royaltyMinePage, error) {
	u, main := userOf(r), s.resolver.Main()
	may := false
	for _, g := range u.Grants {
		may = may || account.Allows(g.Role, account.SeeOwnRoyalties)
	}
	if main == nil || !may {
		var mainID int64
		if main != nil {
			mainID = main.ID
		}
		s.deny(r, mainID, r.Method+" "+r.URL.Path, "royalty.own")
		return nil, errForbidden
	}
	per, err := s.periodOf(r)
	if err != nil {
		return nil, err
	}
	rs := s.royaltyLists()
	st, err := rs.Statement(r.Context(), royalty.Author{UserID: u.ID, Name: u.FullName}, per)
	if err != nil {
		return nil, err
	}
	var ids []int64
	sites := map[int64]*site.Site{}
	for _, l := range st.Lines {
		ids = append(ids, l.ItemID)
		if sites[l.SiteID] == nil {
			if sites[l.SiteID], err = s.sites.ByID(r.Context(), l.SiteID); err != nil {
				return nil, err
			}
		}
	}
	titles, err := rs.ItemTitles(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	lang := langOf(r)
	return &royaltyMinePage{AdminPage: s.adminPage(r, u, translate(lang, "rlist.mine")),
		royaltyText: &royaltyText{lang: lang, titles: titles, sites: sites},
		Period:      per, Periods: s.quickPeriods(), St: st, Base: "/quan-tri/nhuan-but-cua-toi"}, nil
}

func (s *Server) royaltyMine(w http.ResponseWriter, r *http.Request) error {
	p, err := s.royaltyMinePageOf(r)
	if err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/royalty_mine", p)
}

func (s *Server) royaltyMineFile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.royaltyMinePageOf(r)
	if err != nil {
		return err
	}
	ext := r.URL.Path[strings.LastIndexByte(r.URL.Path, '.')+1:]
	name := fmt.Sprintf("sao-ke-nhuan-but-%s.%s", strings.ReplaceAll(p.Period.Value, "..", "-den-"), ext)
	return s.writeRoyaltyDoc(w, ext, name, royaltyStatementDoc(p, s.resolver.Main(), s.now()))
}

package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/site"
)

// oversightPage is the dashboard of every site for the Office and the
// Department (oversight.read on the main portal).
type oversightPage struct {
	*AdminPage
	Period  report.Period
	Periods []report.Period
	O       *report.Oversight
	Kind    string
	Kinds   []site.Kind
	SortBy  string
	Desc    bool
}

// SortLink is the address that sorts by key (the other way when the
// table is sorted by it already).
func (p *oversightPage) SortLink(key string) string {
	v := url.Values{"ky": {p.Period.Value}, "sap-xep": {key}}
	if p.Kind != "" {
		v.Set("loai", p.Kind)
	}
	if key == p.SortBy && !p.Desc {
		v.Set("chieu", "giam")
	}
	return "/quan-tri/giam-sat?" + v.Encode()
}

// SortState is aria-sort for a column.
func (p *oversightPage) SortState(key string) string {
	switch {
	case key != p.SortBy:
		return "none"
	case p.Desc:
		return "descending"
	}
	return "ascending"
}

// Report is a row's site report for the period.
func (p *oversightPage) Report(st *site.Site) string {
	return "/quan-tri/s/" + st.Code + "/bao-cao?ky=" + p.Period.Value
}

// Query is the dashboard for another period, same filter.
func (p *oversightPage) Query(per report.Period) string {
	v := url.Values{"ky": {per.Value}}
	if p.Kind != "" {
		v.Set("loai", p.Kind)
	}
	return "/quan-tri/giam-sat?" + v.Encode()
}

func (s *Server) oversight(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ReadAllOversight); err != nil {
		return err
	}
	per, err := s.periodOf(r)
	if err != nil {
		return err
	}
	sites, err := s.liveSites(r.Context())
	if err != nil {
		return err
	}
	o, err := s.reporter().Oversight(r.Context(), sites, per, s.ratingTotals)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &oversightPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "oversight")), Period: per, Periods: s.quickPeriods(),
		O: o, Kind: q.Get("loai"), Kinds: site.Kinds, SortBy: q.Get("sap-xep"), Desc: q.Get("chieu") == "giam"}
	o.Filter(p.Kind)
	o.Sort(p.SortBy, p.Desc)
	if q.Get("luu") != "" {
		p.Notice = translate(p.Lang, "oversight.saved")
	}
	return s.tmpl.render(w, http.StatusOK, "admin/oversight", p)
}

// oversightSettings sets after how many days without a publication a
// site is flagged.
func (s *Server) oversightSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ReadAllOversight); err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PostFormValue("stale_days"))
	if err != nil || n < 1 || n > 365 {
		return apperr.Field("stale_days", "Số ngày phải từ 1 đến 365.", "The number of days must be 1 to 365.")
	}
	if err := s.reporter().SetStaleDays(r.Context(), n); err != nil {
		return err
	}
	if err := audit.Record(r.Context(), s.db, s.actor(r).Entry("report.settings", s.resolver.Main().ID, "stale_days", strconv.Itoa(n))); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/giam-sat?luu=1", http.StatusSeeOther)
	return nil
}

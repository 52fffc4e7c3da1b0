package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/site"
)

// reportRoutes are the activity reports and the oversight dashboard
// (issue 18, points 1, 2, 5, 6): the province's report and dashboard for
// the Office and the Department (oversight.read), each site's report for
// its board (report.read), each downloadable as XLSX, DOCX and PDF.
func (s *Server) reportRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/bao-cao", s.staff(s.provinceReport))
	mux.Handle("GET /quan-tri/bao-cao/{file}", s.staff(s.provinceReportFile)) // bao-cao.xlsx, .docx, .pdf
	mux.Handle("GET /quan-tri/giam-sat", s.staff(s.oversight))
	mux.Handle("POST /quan-tri/giam-sat", s.staff(s.oversightSettings))
	mux.Handle("GET /quan-tri/s/{site}/bao-cao", s.staff(s.siteReport))
	mux.Handle("GET /quan-tri/s/{site}/bao-cao/{file}", s.staff(s.siteReportFile))
	mux.Handle("POST /quan-tri/bao-cao/dang-ky", s.staff(s.reportSubscribe))
}

// reportJobs writes the page counters every minute and mails the
// periodic reports to their subscribers once a day.
func (s *Server) reportJobs(r *jobs.Runner) {
	r.Every("report.views", time.Minute, func(ctx context.Context, _ time.Time) error {
		return s.views.Flush(ctx, s.db)
	})
	r.Every("report.mail", 6*time.Hour, func(ctx context.Context, now time.Time) error {
		n, err := s.mailReports(ctx, now)
		if n > 0 {
			s.log.Info("periodic reports mailed", "n", n)
		}
		return err
	})
}

// countView counts a view of a public page answered 200: not the staff
// pages, files, feeds and sitemaps, nor a robot that says it is one. No
// cookie is set and nothing about the reader is kept.
func (s *Server) countView(r *http.Request, status int) {
	if status != http.StatusOK || r.Method != http.MethodGet || s.views == nil {
		return
	}
	p := r.URL.Path
	for _, pre := range []string{"/quan-tri", "/static/", "/media/", "/api/", "/open311/", "/dang-nhap", "/dang-xuat", "/healthz", "/readyz", "/metrics", "/ngon-ngu"} {
		if strings.HasPrefix(p, pre) {
			return
		}
	}
	if i := strings.LastIndexByte(p, '/'); strings.Contains(p[i+1:], ".") {
		return // feed.atom, sitemap.xml, robots.txt, files
	}
	ua := strings.ToLower(r.UserAgent())
	for _, bot := range []string{"bot", "crawl", "spider", "slurp", "preview", "monitor"} {
		if strings.Contains(ua, bot) {
			return
		}
	}
	st, rest := s.resolver.Resolve(r.Context(), r.Host, p)
	if st == nil {
		return
	}
	s.views.Add(st.ID, rest, s.now())
}

// reportPage is a site's or the province's activity report.
type reportPage struct {
	*AdminPage
	Period   report.Period
	Periods  []report.Period // quick choices: this and last month, quarter, year
	A        *report.Activity
	Province bool
	Site     *site.Site // the site of a site report
	Base     string     // the report's address, without the query
	Subs     map[string]bool
}

// periodOf reads ?ky= (default: the current month).
func (s *Server) periodOf(r *http.Request) (report.Period, error) {
	v := r.URL.Query().Get("ky")
	if v == "" {
		return report.MonthOf(s.now()), nil
	}
	return report.ParsePeriod(v)
}

func (s *Server) quickPeriods() []report.Period {
	now := s.now()
	m, q := report.MonthOf(now), report.QuarterOf(now)
	y, _ := report.ParsePeriod(strconv.Itoa(m.From.Year()))
	return []report.Period{m, m.Previous(), q, q.Previous(), y, y.Previous()}
}

func (s *Server) reporter() *report.Reporter {
	r := report.New(s.db, s.now)
	r.Rules, r.Extras = s.rules, s.reportExtras
	return r
}

// liveSites are the sites a province report covers: all but those
// merged into another (their content is the receiving site's).
func (s *Server) liveSites(ctx context.Context) ([]*site.Site, error) {
	all, err := s.sites.List(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, st := range all {
		if st.MergedInto == 0 {
			out = append(out, st)
		}
	}
	return out, nil
}

func (s *Server) buildReport(r *http.Request, sites []*site.Site, province bool) (*reportPage, error) {
	per, err := s.periodOf(r)
	if err != nil {
		return nil, err
	}
	a, err := s.reporter().Activity(r.Context(), report.Scope{Sites: sites, Period: per, Province: province, Lang: langOf(r)})
	if err != nil {
		return nil, err
	}
	title := translate(langOf(r), "report.site")
	if province {
		title = translate(langOf(r), "report.province")
	}
	p := &reportPage{AdminPage: s.adminPage(r, userOf(r), title), Period: per, Periods: s.quickPeriods(), A: a, Province: province,
		Subs: map[string]bool{}}
	return p, nil
}

func (s *Server) provinceReport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.provinceReportPage(r)
	if err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/report", p)
}

func (s *Server) provinceReportPage(r *http.Request) (*reportPage, error) {
	if err := s.mainSiteCan(r, account.ReadAllOversight); err != nil {
		return nil, err
	}
	sites, err := s.liveSites(r.Context())
	if err != nil {
		return nil, err
	}
	p, err := s.buildReport(r, sites, true)
	if err != nil {
		return nil, err
	}
	p.Site, p.Base = s.resolver.Main(), "/quan-tri/bao-cao"
	return p, s.loadSubs(r, p)
}

// reportSite finds the site of a site report and checks who asks.
func (s *Server) reportSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main := s.resolver.Main()
	if main == nil || !userOf(r).Can(st.ID, main.ID, account.ReadReports) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, string(account.ReadReports))
		return nil, errForbidden
	}
	return st, nil
}

func (s *Server) siteReportPage(r *http.Request) (*reportPage, error) {
	st, err := s.reportSite(r)
	if err != nil {
		return nil, err
	}
	p, err := s.buildReport(r, []*site.Site{st}, false)
	if err != nil {
		return nil, err
	}
	p.Site, p.Base = st, "/quan-tri/s/"+st.Code+"/bao-cao"
	p.Title = translate(p.Lang, "report.site") + ": " + st.Name
	return p, s.loadSubs(r, p)
}

func (s *Server) siteReport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.siteReportPage(r)
	if err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/report", p)
}

func (s *Server) provinceReportFile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.provinceReportPage(r)
	if err != nil {
		return err
	}
	return s.writeReport(w, r, p)
}

func (s *Server) siteReportFile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.siteReportPage(r)
	if err != nil {
		return err
	}
	return s.writeReport(w, r, p)
}

// writeReport sends the report as bao-cao.xlsx, .docx or .pdf.
func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, p *reportPage) error {
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	f, ok := synthesisFormats[ext]
	if name != "bao-cao" || !ok {
		return errNotFound
	}
	var buf bytes.Buffer
	if err := f.write(&buf, reportDoc(p, s.resolver.Main(), s.now())); err != nil {
		return err
	}
	code := "tinh"
	if !p.Province {
		code = p.Site.Code
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-%s-%s.%s"`, code, strings.ReplaceAll(p.Period.Value, "..", "-den-"), ext))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}

// KindLabel is an item kind's name.
func (p *reportPage) KindLabel(k content.Kind) string { return k.Label(p.Lang) }

// Hours writes a duration in hours, one decimal.
func (p *reportPage) Hours(d time.Duration) string {
	return strings.Replace(strconv.FormatFloat(d.Hours(), 'f', 1, 64), ".", pick(p.Lang, ",", "."), 1)
}

// Query is the address of the report for another period.
func (p *reportPage) Query(per report.Period) string { return p.Base + "?ky=" + per.Value }

// File is the address of a download of the report.
func (p *reportPage) File(ext string) string {
	return p.Base + "/bao-cao." + ext + "?ky=" + p.Period.Value
}

// SiteReport is the address of one site's report for the same period.
func (p *reportPage) SiteReport(st *site.Site) string {
	return "/quan-tri/s/" + st.Code + "/bao-cao?ky=" + p.Period.Value
}

// Chart is the publications series as an SVG bar chart.
func (p *reportPage) Chart() chartSVG {
	return barChart(p.A.Series, translate(p.Lang, "report.chart.published")+" — "+p.Period.Label(p.Lang), p.Lang)
}

// UnitChart is the on-time share per unit as an SVG chart.
func (p *reportPage) UnitChart() chartSVG {
	return unitChart(p.A.Feedback.Units, translate(p.Lang, "report.chart.units"), p.Lang)
}

// SubPeriods are the mailings one can subscribe to.
func (p *reportPage) SubPeriods() []string { return []string{report.Month, report.Quarter} }

// FlushViews writes the page counters now (the job does it every
// minute); for tests and the benchmarks.
func (s *Server) FlushViews(ctx context.Context) error { return s.views.Flush(ctx, s.db) }

// MailReports mails the periodic reports due at now (the job does it);
// for tests.
func (s *Server) MailReports(ctx context.Context, now time.Time) (int, error) {
	return s.mailReports(ctx, now)
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/merge"
	"github.com/congportal/cong/internal/site"
)

// siteMergePage is the administrator's screen to merge sites into one:
// the merges into it so far, the order form, and — after "Xem trước" —
// the preview: what each site holds, the conflicts, the roles and the
// addresses that change, with the button that runs it.
type siteMergePage struct {
	*AdminPage
	Site       *site.Site
	Candidates []*site.Site // the sites that could go into it
	Chosen     map[string]bool
	Mode       merge.Mode
	Modes      []merge.Mode
	Decision   string
	Text       string
	Effective  string
	Plan       *merge.Plan
	Records    []*merge.Record
	names      map[int64]string
}

// SiteName is a site's name by id, for the list of merges.
func (p *siteMergePage) SiteName(id int64) string { return p.names[id] }

// Query is the order as a query string, for the form that runs it.
func (p *siteMergePage) Query() string {
	v := url.Values{}
	for code := range p.Chosen {
		v.Add("from", code)
	}
	v.Set("mode", string(p.Mode))
	v.Set("decision_no", p.Decision)
	v.Set("decision_text", p.Text)
	v.Set("effective", p.Effective)
	return v.Encode()
}

// MaxPaths is how many changed addresses the preview lists per site.
func (p *siteMergePage) MaxPaths() int { return 200 }

func (s *Server) merger() *merge.Merger {
	return merge.New(s.db, s.sites, merge.Options{Now: s.now, Mail: s.mail, Link: s.absoluteURL})
}

// mergeOrder reads the order from the form (POST) or the query (the
// preview's GET).
func mergeOrder(r *http.Request, target string) (merge.Order, map[string]bool, error) {
	form := r.URL.Query()
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	o := merge.Order{Target: target, Mode: merge.Mode(form.Get("mode")), DecisionNo: form.Get("decision_no"), DecisionText: form.Get("decision_text")}
	chosen := map[string]bool{}
	for _, code := range form["from"] {
		if code = strings.TrimSpace(code); code != "" && !chosen[code] {
			chosen[code] = true
			o.Sources = append(o.Sources, code)
		}
	}
	if v := form.Get("effective"); v != "" {
		var err error
		if o.EffectiveAt, err = parseEffective(v); err != nil {
			return o, chosen, err
		}
	}
	return o, chosen, nil
}

func (s *Server) siteMergePage(r *http.Request, st *site.Site) (*siteMergePage, error) {
	all, err := s.sites.List(r.Context())
	if err != nil {
		return nil, err
	}
	p := &siteMergePage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "site.merge")+": "+st.Name),
		Site: st, Mode: merge.Move, Modes: []merge.Mode{merge.Move, merge.Archive}, Chosen: map[string]bool{}, names: map[int64]string{}}
	for _, c := range all {
		p.names[c.ID] = c.Name
		if c.ID != st.ID && !c.Main && c.MergedInto == 0 {
			p.Candidates = append(p.Candidates, c)
		}
	}
	p.Records, err = s.merger().Records(r.Context(), st.ID)
	return p, err
}

// siteMergeForm shows the merges into a site and the order form; with
// the order in its query ("Xem trước") it shows the preview too.
func (s *Server) siteMergeForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p, err := s.siteMergePage(r, st)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("xong") != "" {
		p.Notice = translate(p.Lang, "site.merge.done")
	}
	if q.Get("xem") == "" {
		return s.tmpl.render(w, http.StatusOK, "admin/site_merge", p)
	}
	o, chosen, err := mergeOrder(r, st.Code)
	p.Chosen, p.Mode, p.Decision, p.Text, p.Effective = chosen, o.Mode, q.Get("decision_no"), q.Get("decision_text"), q.Get("effective")
	if err == nil {
		p.Plan, err = s.merger().Preview(r.Context(), o)
	}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		bad, perr := s.siteMergePage(fr, st)
		if perr != nil {
			return perr
		}
		bad.Chosen, bad.Mode, bad.Decision, bad.Text, bad.Effective = p.Chosen, p.Mode, p.Decision, p.Text, p.Effective
		bad.Errors = msgs
		return s.tmpl.render(w, statusOf(err), "admin/site_merge", bad)
	}
	return s.tmpl.render(w, http.StatusOK, "admin/site_merge", p)
}

// siteMerge runs the merge (site.manage, the administrators only): one
// audited operation; the merged sites' addresses answer 301 at once.
func (s *Server) siteMerge(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSites); err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	o, chosen, err := mergeOrder(r, st.Code)
	var plan *merge.Plan
	if err == nil {
		plan, err = s.merger().Run(r.Context(), o, s.actor(r))
	}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		p, perr := s.siteMergePage(fr, st)
		if perr != nil {
			return perr
		}
		p.Chosen, p.Mode, p.Decision, p.Text, p.Effective = chosen, o.Mode, r.PostFormValue("decision_no"), r.PostFormValue("decision_text"), r.PostFormValue("effective")
		p.Errors = msgs
		return s.tmpl.render(w, statusOf(err), "admin/site_merge", p)
	}
	s.reloadSites(r)
	http.Redirect(w, r, "/quan-tri/trang/"+st.Code+"/sap-nhap?xong="+strconv.FormatInt(plan.Record.ID, 10), http.StatusSeeOther)
	return nil
}

// introPage is a site's introduction, with the sites merged into it.
type introPage struct {
	*Page
	Merges []mergedFrom
}

// mergedFrom is one finished merge into a site, for its introduction:
// "hợp nhất từ …".
type mergedFrom struct {
	Names      []string
	DecisionNo string
	Text       string
	On         time.Time
}

// mergesInto lists the finished merges into st, the latest first.
func (s *Server) mergesInto(r *http.Request, st *site.Site) ([]mergedFrom, error) {
	recs, err := s.merger().Records(r.Context(), st.ID)
	if err != nil {
		return nil, err
	}
	var out []mergedFrom
	for _, rec := range recs {
		if rec.State != "done" {
			continue
		}
		m := mergedFrom{DecisionNo: rec.DecisionNo, Text: rec.Text, On: rec.EffectiveAt}
		for _, id := range rec.SourceIDs {
			if src, err := s.sites.ByID(r.Context(), id); err == nil {
				m.Names = append(m.Names, src.DisplayName(langOf(r)))
			}
		}
		out = append(out, m)
	}
	return out, nil
}

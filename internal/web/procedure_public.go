package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/procedure"
	"github.com/congportal/cong/internal/vn"
)

// The catalogue lists 50 procedures a page when nothing is chosen; once
// a facet or words narrow it, the whole result is one page, so that every
// procedure is three clicks from the home page (menu, facet, procedure).
const (
	procedurePer      = 50
	procedureFiltered = 1000
)

// procedureCatalogue is /dich-vu-cong: the site's procedures by field,
// agency, level and service level, with a search box.
type procedureCatalogue struct {
	*Page
	Filter     procedure.Filter
	Facets     procedure.Facets
	List       []*procedure.Procedure
	Total      int // procedures of the site
	Found      int // procedures the filter keeps
	PageNo     int
	Prev, Next string
}

// procedureFilter reads the reader's choice from the query; a level or a
// service level that is not one is ignored (a typed address).
func procedureFilter(q url.Values) procedure.Filter {
	f := procedure.Filter{Field: vn.Clean(q.Get("linh-vuc")), Agency: vn.Clean(q.Get("co-quan")), Q: vn.Clean(q.Get("q"))}
	if l, ok := procedure.ParseLevel(q.Get("cap")); ok {
		f.Level = l
	}
	if s, ok := procedure.ParseServiceLevel(q.Get("muc-do")); ok {
		f.ServiceLevel = s
	}
	if r := []rune(f.Q); len(r) > 200 {
		f.Q = string(r[:200])
	}
	return f
}

// filterQuery writes a filter as the catalogue's query string.
func filterQuery(f procedure.Filter) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"linh-vuc": f.Field, "co-quan": f.Agency, "cap": string(f.Level), "muc-do": string(f.ServiceLevel), "q": f.Q} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// URLWith is the catalogue with one facet set to a value (or, when it
// already holds that value, unset), the other choices kept.
func (p *procedureCatalogue) URLWith(facet, value string) string {
	f := p.Filter
	switch facet {
	case "linh-vuc":
		f.Field = toggle(f.Field, value)
	case "co-quan":
		f.Agency = toggle(f.Agency, value)
	case "cap":
		f.Level = procedure.Level(toggle(string(f.Level), value))
	case "muc-do":
		f.ServiceLevel = procedure.ServiceLevel(toggle(string(f.ServiceLevel), value))
	}
	return p.catalogueURL(f, 1)
}

func toggle(cur, v string) string {
	if cur == v {
		return ""
	}
	return v
}

// Chosen reports whether a facet holds value.
func (p *procedureCatalogue) Chosen(facet, value string) bool {
	return filterQuery(p.Filter).Get(facet) == value
}

// Clear is the catalogue with nothing chosen.
func (p *procedureCatalogue) Clear() string { return p.Link("/dich-vu-cong") }

func (p *procedureCatalogue) catalogueURL(f procedure.Filter, page int) string {
	q := filterQuery(f)
	if page > 1 {
		q.Set("trang", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return p.Link("/dich-vu-cong")
	}
	return p.Link("/dich-vu-cong") + "?" + q.Encode()
}

// ProcedureURL is the address of a procedure's page.
func (p *Page) ProcedureURL(x *procedure.Procedure) string { return p.Link("/dich-vu-cong/" + x.Code) }

// LevelLabel names a level (as stored) in the page's language.
func (p *Page) LevelLabel(v string) string { return procedure.Level(v).Label(p.Lang) }

// ServiceLabel names a service level (as stored) in the page's language.
func (p *Page) ServiceLabel(v string) string { return procedure.ServiceLevel(v).Label(p.Lang) }

// ProactiveLabel names a proactive level (REQ-25).
func (p *Page) ProactiveLabel(n int) string {
	if n == 0 {
		return p.T("proc.proactive.none")
	}
	return fmt.Sprintf("%s %d – %s", p.T("proc.proactive.level"), n, p.T("proc.proactive."+strconv.Itoa(n)))
}

// procedureCatalogueOf serves /dich-vu-cong.
func (s *Server) procedureCatalogueOf(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	all, err := procedure.NewStore(s.db, s.now).List(r.Context(), st.ID)
	if err != nil {
		return err
	}
	p := &procedureCatalogue{Page: s.publicPage(r, translate(lang, "services")), Filter: procedureFilter(r.URL.Query()), Total: len(all)}
	p.Description = translate(lang, "proc.lead.short") + " " + st.DisplayName(lang) + "."
	list, facets := p.Filter.Apply(all)
	p.Facets, p.Found = facets, len(list)
	per := procedurePer
	if !p.Filter.Empty() {
		per = procedureFiltered
	}
	p.PageNo = pageNumber(r.URL.Query().Get("trang"))
	from := min((p.PageNo-1)*per, len(list))
	p.List = list[from:min(from+per, len(list))]
	if p.PageNo > 1 {
		p.Prev = p.catalogueURL(p.Filter, p.PageNo-1)
	}
	if from+per < len(list) {
		p.Next = p.catalogueURL(p.Filter, p.PageNo+1)
	}
	tagPage(r, siteTag(st.ID))
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/services", p)
}

// procedurePage is /dich-vu-cong/{code}: every field of a procedure, its
// dossier, the figures of the year and the link to the service.
type procedurePage struct {
	*Page
	Proc      *procedure.Procedure
	Stats     *procedure.Stats   // of the year shown; nil when none
	Years     []*procedure.Stats // every year with figures
	Year      int
	Canonical string
	ld        template.JS
}

// JSONLD is the procedure as a schema.org GovernmentService.
func (p *procedurePage) JSONLD() template.JS { return p.ld }

// Percent writes a share (-1: none) with a decimal comma in Vietnamese.
func (p *procedurePage) Percent(v float64) string {
	if v < 0 {
		return "—"
	}
	out := strconv.FormatFloat(v, 'f', 1, 64) + " %"
	if p.Lang != "en" {
		out = replaceDot(out)
	}
	return out
}

func replaceDot(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

// Number writes a count with the thousands grouped (1.234 in Vietnamese).
func (p *procedurePage) Number(n int) string {
	s := strconv.Itoa(n)
	sep := "."
	if p.Lang == "en" {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// Lines splits a text into its non-empty lines, each shown as a
// paragraph.
func (p *procedurePage) Lines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Ordinal is the number of the i-th line of a table, from 1.
func (p *procedurePage) Ordinal(i int) int { return i + 1 }

// Day is the day the procedure was last changed, YYYY-MM-DD.
func (p *procedurePage) Day() string { return vn.Day(p.Proc.UpdatedAt) }

// YearURL is the page showing a year's figures.
func (p *procedurePage) YearURL(year int) string {
	return p.ProcedureURL(p.Proc) + "?nam=" + strconv.Itoa(year)
}

// procedureShow serves /dich-vu-cong/{code}; ?nam= shows another year's
// figures (the current year by default).
func (s *Server) procedureShow(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	ps := procedure.NewStore(s.db, s.now)
	x, err := ps.ByCode(r.Context(), st.ID, r.PathValue("code"))
	if err != nil {
		return err
	}
	years, err := ps.Stats(r.Context(), x.ID)
	if err != nil {
		return err
	}
	p := &procedurePage{Page: s.publicPage(r, x.Name), Proc: x, Years: years, Year: s.now().In(vn.ICT).Year()}
	if v := r.URL.Query().Get("nam"); v != "" {
		if y, err := strconv.Atoi(v); err == nil && y >= 2000 && y <= 2200 {
			p.Year = y
		}
	}
	for _, y := range years {
		if y.Year == p.Year {
			p.Stats = y
		}
	}
	p.Description = fmt.Sprintf("%s %s – %s, %s. %s", translate(lang, "proc.code"), x.Code, x.Field, x.Agency, x.ServiceLevel.Label(lang))
	p.Canonical = p.Base + p.ProcedureURL(x)
	p.ld = procedureJSONLD(x, lang, p.Canonical, st.DisplayName(lang))
	tagPage(r, siteTag(st.ID))
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/procedure_page", p)
}

// procedureJSONLD describes a procedure as a schema.org GovernmentService
// whose channel is the service on the National Public Service Portal. It
// is marshalled by encoding/json, which escapes <, > and &, so it cannot
// end the script.
func procedureJSONLD(x *procedure.Procedure, lang, canonical, publisher string) template.JS {
	svc := map[string]any{"@context": "https://schema.org", "@type": "GovernmentService", "name": x.Name, "identifier": x.Code,
		"url": canonical, "serviceType": x.Field, "category": x.ServiceLevel.Label(lang), "areaServed": publisher,
		"provider": map[string]any{"@type": "GovernmentOrganization", "name": x.Agency}}
	if x.Subjects != "" {
		svc["audience"] = map[string]any{"@type": "Audience", "audienceType": x.Subjects}
	}
	if x.ServiceURL != "" {
		svc["availableChannel"] = map[string]any{"@type": "ServiceChannel", "serviceUrl": x.ServiceURL,
			"name": pick(lang, "Cổng Dịch vụ công quốc gia", "National Public Service Portal")}
	}
	if x.Result != "" {
		svc["serviceOutput"] = map[string]any{"@type": "Thing", "name": x.Result}
	}
	out, err := json.Marshal(svc)
	if err != nil {
		return "{}"
	}
	return template.JS(out)
}

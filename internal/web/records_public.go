package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/records"
	"github.com/congportal/cong/internal/vn"
)

// The public side of the typed records (issue 20 point 3; REQ-11, 13):
// the metadata table of an item's record on its page (record-meta in
// templates/public/_records.html) with its JSON-LD, a list per record
// type with its filters, an Atom feed per list, and a statistic's table
// as CSV.

// recordView is an item's records as its public page shows them; nil
// for an item without any.
type recordView struct {
	Lang      string
	Project   *records.Project
	Budget    *records.Budget
	Files     []*media.Media // the budget report's files, in its order
	Statistic *records.Statistic
	CSVURL    string // the statistic's table as CSV
	Science   *records.Science
	Plan      *records.Plan
	JSONLD    template.JS
}

// Money writes an amount grouped with dots, in đồng.
func (v *recordView) Money(n int64) string { return moneyText(v.Lang, n) }

// Day writes a YYYY-MM-DD day in words.
func (v *recordView) Day(day string) string { return records.DayWords(day, v.Lang) }

// Num reports whether a table cell is a number, aligned right.
func (v *recordView) Num(cell string) bool { return records.Numeric(cell) }

func moneyText(lang string, n int64) string {
	if lang == "en" {
		return records.Money(n) + " VND"
	}
	return records.Money(n) + " đồng"
}

// recordView loads the records of an article page's item, and their
// JSON-LD.
func (s *Server) recordView(r *http.Request, p *articlePage) error {
	it := p.Item
	if it.Kind != content.Project && it.Kind != content.Statistics && it.Kind != content.Plan {
		return nil
	}
	ctx, rs := r.Context(), s.recordStore()
	v := &recordView{Lang: p.Lang}
	var err error
	switch it.Kind {
	case content.Project:
		v.Project, err = rs.Project(ctx, it.ID)
	case content.Statistics:
		if v.Statistic, err = rs.Statistic(ctx, it.ID); err != nil {
			return err
		}
		if v.Statistic != nil && v.Statistic.Table != nil {
			v.CSVURL = p.Link("/thong-ke/" + it.Slug + "/so-lieu.csv")
		}
		if v.Budget, err = rs.Budget(ctx, it.ID); err == nil && v.Budget != nil && len(v.Budget.Files) > 0 {
			var got map[int64]*media.Media
			if got, err = s.media.GetMany(ctx, v.Budget.Files); err == nil {
				for _, id := range v.Budget.Files {
					if m := got[id]; m != nil && m.SiteID == it.SiteID {
						v.Files = append(v.Files, m)
					}
				}
			}
		}
	case content.Plan:
		if v.Plan, err = rs.Plan(ctx, it.ID); err == nil {
			v.Science, err = rs.Science(ctx, it.ID)
		}
	}
	if err != nil {
		return err
	}
	if v.Project == nil && v.Budget == nil && v.Statistic == nil && v.Science == nil && v.Plan == nil {
		return nil
	}
	v.JSONLD = recordJSONLD(p, v)
	p.Record = v
	return nil
}

// recordJSONLD describes the record in schema.org terms: a Project, a
// ResearchProject, a Dataset whose distribution is the table's CSV, a
// Report, or a CreativeWork for a plan.
func recordJSONLD(p *articlePage, v *recordView) template.JS {
	it := p.Item
	doc := map[string]any{"@context": "https://schema.org", "name": it.Rev.Title, "description": it.Rev.Summary,
		"url": p.Canonical, "inLanguage": it.Lang}
	publisher := map[string]string{"@type": "GovernmentOrganization", "name": p.Publisher}
	span := func(start, end string) string {
		if start == "" && end == "" {
			return ""
		}
		if start == "" {
			start = ".."
		}
		if end == "" {
			end = ".."
		}
		return start + "/" + end
	}
	switch {
	case v.Project != nil:
		x := v.Project
		doc["@type"], doc["identifier"], doc["description"] = "Project", x.Code, firstOf(x.Objective, it.Rev.Summary)
		if x.Investor != "" {
			doc["parentOrganization"] = map[string]string{"@type": "GovernmentOrganization", "name": x.Investor}
		}
		if x.Location != "" {
			doc["location"] = map[string]string{"@type": "Place", "name": x.Location}
		}
		if x.Donor != "" {
			doc["funder"] = map[string]string{"@type": "Organization", "name": x.Donor}
		}
		if x.Start != "" {
			doc["foundingDate"] = x.Start
		}
		if x.End != "" {
			doc["dissolutionDate"] = x.End
		}
		doc["keywords"] = []string{x.Field, x.TypeLabel(it.Lang), x.StatusLabel(it.Lang)}
	case v.Science != nil:
		x := v.Science
		doc["@type"], doc["identifier"] = "ResearchProject", x.Code
		doc["parentOrganization"] = map[string]string{"@type": "Organization", "name": x.Host}
		if x.Start != "" {
			doc["foundingDate"] = x.Start
		}
		if x.End != "" {
			doc["dissolutionDate"] = x.End
		}
		doc["keywords"] = []string{x.Field, x.LevelLabel(it.Lang), x.StatusLabel(it.Lang)}
	case v.Statistic != nil:
		x := v.Statistic
		doc["@type"], doc["temporalCoverage"] = "Dataset", string(x.Period)
		doc["variableMeasured"] = x.Indicator
		doc["creator"] = publisher
		if x.Methodology != "" {
			doc["measurementTechnique"] = x.Methodology
		}
		if x.Source != "" {
			doc["isBasedOn"] = x.Source
		}
		if v.CSVURL != "" {
			doc["distribution"] = map[string]string{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": p.base + v.CSVURL}
		}
	case v.Budget != nil:
		x := v.Budget
		doc["@type"], doc["temporalCoverage"], doc["reportNumber"] = "Report", string(x.Period), x.TypeLabel(it.Lang)
		doc["publisher"] = publisher
		var files []map[string]string
		for _, m := range v.Files {
			files = append(files, map[string]string{"@type": "MediaObject", "contentUrl": p.base + m.URL(), "encodingFormat": m.MIME,
				"name": m.OriginalName})
		}
		if files != nil {
			doc["associatedMedia"] = files
		}
	case v.Plan != nil:
		x := v.Plan
		doc["@type"], doc["temporalCoverage"] = "CreativeWork", strconv.Itoa(x.FromYear)+"/"+strconv.Itoa(x.ToYear)
		doc["genre"], doc["publisher"] = x.TypeLabel(it.Lang), publisher
		if x.Decided != "" {
			doc["dateCreated"] = x.Decided
		}
		if x.Decision != "" {
			doc["identifier"] = x.Decision
		}
	}
	if v.Project != nil {
		if t := span(v.Project.Start, v.Project.End); t != "" {
			doc["temporalCoverage"] = t
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return "{}"
	}
	return template.JS(out)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// recordList is the address and heading of each list.
var recordLists = []struct{ path, title string }{
	{"/du-an", "rec.projects"},
	{"/ngan-sach", "rec.budgets"},
	{"/thong-ke", "rec.statistics"},
	{"/khoa-hoc", "rec.sciences"},
	{"/ke-hoach", "rec.plans"},
}

// recordsPer is the length of a page of a list.
const recordsPer = 20

// recordListPage is a list of one record type with its filters.
type recordListPage struct {
	*Page
	Which string // the list's path: "/du-an", "/ngan-sach"…
	Feed  string
	// The filters as read (invalid values dropped) and their choices.
	Field, Type, Status, Level string
	Year                       int
	Period                     records.Period
	Fields                     []string
	Years                      []int
	Periods                    []records.Period
	Filtered                   bool

	Projects   []*records.ProjectRow
	Budgets    []*records.BudgetRow
	Statistics []*records.StatisticRow
	Sciences   []*records.ScienceRow
	Plans      []*records.PlanRow

	PageNo     int
	Prev, Next string
}

// The closed lists the filters choose from.
func (*recordListPage) ProjectTypes() []records.Option  { return records.ProjectTypes }
func (*recordListPage) Statuses() []records.Option      { return records.Statuses }
func (*recordListPage) BudgetTypes() []records.Option   { return records.BudgetTypes }
func (*recordListPage) ScienceLevels() []records.Option { return records.ScienceLevels }
func (*recordListPage) PlanTypes() []records.Option     { return records.PlanTypes }

// Money writes an amount grouped with dots, in đồng.
func (p *recordListPage) Money(n int64) string { return moneyText(p.Lang, n) }

// Day writes a YYYY-MM-DD day in words, "—" for none.
func (p *recordListPage) Day(day string) string { return dayText(p.Lang, day) }

// ItemURL is a listed item's address on the site.
func (p *recordListPage) ItemURL(l records.Listed) string {
	return p.Link("/" + l.Kind.Path() + "/" + l.Slug)
}

// known returns v when it is one of opts' codes, else "".
func knownCode(opts []records.Option, v string) string {
	for _, o := range opts {
		if o.Code == v {
			return v
		}
	}
	return ""
}

// recordList serves the list at path: its filters from the query.
func (s *Server) recordList(path string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.recordListOf(r, path, recordsPer)
		if err != nil {
			return err
		}
		if err := s.loadMenu(r, p.Page); err != nil {
			return err
		}
		return s.tmpl.render(w, http.StatusOK, "public/records_list", p)
	}
}

// recordListOf reads a list's filters and loads a page of it (n rows).
func (s *Server) recordListOf(r *http.Request, path string, n int) (*recordListPage, error) {
	title := ""
	for _, l := range recordLists {
		if l.path == path {
			title = l.title
		}
	}
	st, lang, q := siteOf(r), langOf(r), r.URL.Query()
	p := &recordListPage{Page: s.publicPage(r, translate(lang, title)), Which: path, PageNo: pageNumber(q.Get("trang"))}
	p.Path = path
	p.Feed = p.Link(path + "/feed.atom")
	pg := records.Page{Limit: n + 1, Offset: (p.PageNo - 1) * n}
	ctx, rs := r.Context(), s.recordStore()
	p.Year, _ = strconv.Atoi(q.Get("nam"))
	if p.Year < 1945 || p.Year > 2100 {
		p.Year = 0
	}
	if per, ok := records.PeriodOf(q.Get("ky")); ok {
		p.Period = per
	}
	p.Field = vn.Clean(q.Get("linh-vuc"))
	if len(p.Field) > records.MaxText {
		p.Field = ""
	}
	var err error
	more := false
	switch path {
	case "/du-an":
		p.Type, p.Status = knownCode(records.ProjectTypes, q.Get("loai")), knownCode(records.Statuses, q.Get("trang-thai"))
		if p.Fields, err = rs.ProjectFields(ctx, st.ID, lang); err != nil {
			return nil, err
		}
		p.Projects, err = rs.Projects(ctx, records.ProjectFilter{SiteID: st.ID, Lang: lang, Field: p.Field, Type: p.Type,
			Status: p.Status, Year: p.Year, Page: pg})
		if more = len(p.Projects) > n; more {
			p.Projects = p.Projects[:n]
		}
		p.Years = recordYears(s.now())
	case "/ngan-sach":
		p.Field, p.Type = "", knownCode(records.BudgetTypes, q.Get("loai"))
		if p.Periods, err = rs.BudgetPeriods(ctx, st.ID, lang); err != nil {
			return nil, err
		}
		p.Budgets, err = rs.Budgets(ctx, records.BudgetFilter{SiteID: st.ID, Lang: lang, Period: p.Period, Type: p.Type, Page: pg})
		if more = len(p.Budgets) > n; more {
			p.Budgets = p.Budgets[:n]
		}
	case "/thong-ke":
		p.Field = ""
		if p.Periods, err = rs.StatisticPeriods(ctx, st.ID, lang); err != nil {
			return nil, err
		}
		p.Statistics, err = rs.Statistics(ctx, records.StatisticFilter{SiteID: st.ID, Lang: lang, Period: p.Period, Page: pg})
		if more = len(p.Statistics) > n; more {
			p.Statistics = p.Statistics[:n]
		}
	case "/khoa-hoc":
		p.Level, p.Status = knownCode(records.ScienceLevels, q.Get("cap")), knownCode(records.Statuses, q.Get("trang-thai"))
		if p.Fields, err = rs.ScienceFields(ctx, st.ID, lang); err != nil {
			return nil, err
		}
		p.Sciences, err = rs.Sciences(ctx, records.ScienceFilter{SiteID: st.ID, Lang: lang, Level: p.Level, Field: p.Field,
			Status: p.Status, Page: pg})
		if more = len(p.Sciences) > n; more {
			p.Sciences = p.Sciences[:n]
		}
	case "/ke-hoach":
		p.Field, p.Type = "", knownCode(records.PlanTypes, q.Get("loai"))
		p.Plans, err = rs.Plans(ctx, records.PlanFilter{SiteID: st.ID, Lang: lang, Type: p.Type, Year: p.Year, Page: pg})
		if more = len(p.Plans) > n; more {
			p.Plans = p.Plans[:n]
		}
		p.Years = recordYears(s.now())
	}
	if err != nil {
		return nil, err
	}
	p.Filtered = p.Field != "" || p.Type != "" || p.Status != "" || p.Level != "" || p.Year != 0 || p.Period != ""
	page := func(k int) string {
		v := url.Values{}
		for name, val := range map[string]string{"linh-vuc": p.Field, "loai": p.Type, "trang-thai": p.Status, "cap": p.Level,
			"ky": string(p.Period)} {
			if val != "" {
				v.Set(name, val)
			}
		}
		if p.Year != 0 {
			v.Set("nam", strconv.Itoa(p.Year))
		}
		if k > 1 {
			v.Set("trang", strconv.Itoa(k))
		}
		if len(v) == 0 {
			return p.Link(path)
		}
		return p.Link(path) + "?" + v.Encode()
	}
	if p.PageNo > 1 {
		p.Prev = page(p.PageNo - 1)
	}
	if more {
		p.Next = page(p.PageNo + 1)
	}
	return p, nil
}

// recordYears are the years the filters offer: ten back, five ahead.
func recordYears(now time.Time) []int {
	y := now.In(vn.ICT).Year()
	var out []int
	for k := y + 5; k >= y-10; k-- {
		out = append(out, k)
	}
	return out
}

// recordFeed serves the Atom feed of a list: its newest twenty items.
func (s *Server) recordFeed(path string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.recordListOf(r, path, 20)
		if err != nil {
			return err
		}
		ids := p.itemIDs()
		st, lang := siteOf(r), langOf(r)
		var items []*content.Item
		if len(ids) > 0 {
			if items, _, err = s.content.Published(r.Context(), content.Public{SiteIDs: []int64{st.ID}, IDs: ids, Lang: lang, Limit: 20}); err != nil {
				return err
			}
		}
		base := s.baseURL(r)
		self := st.URL(langPath(lang, path+"/feed.atom"))
		f := atomFeed{Lang: lang, ID: base + self, Title: p.Title + " – " + st.DisplayName(lang), Author: atomPerson{Name: st.DisplayName(lang)},
			Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self},
				{Rel: "alternate", Type: "text/html", Href: base + st.URL(langPath(lang, path))}}}
		updated := st.CreatedAt
		for _, it := range items {
			e := atomEntry{ID: base + st.URL(it.URL()), Title: it.Rev.Title, Link: atomLink{Href: base + st.URL(it.URL())},
				Author: atomPerson{Name: it.Rev.Author}, Summary: it.Rev.Summary}
			if it.PublishedAt != nil {
				e.Updated = it.PublishedAt.UTC().Format(time.RFC3339)
				if it.PublishedAt.After(updated) {
					updated = *it.PublishedAt
				}
			}
			if it.FirstPublishedAt != nil {
				e.Published = it.FirstPublishedAt.UTC().Format(time.RFC3339)
			}
			f.Entries = append(f.Entries, e)
		}
		f.Updated = updated.UTC().Format(time.RFC3339)
		return writeXML(w, "application/atom+xml; charset=utf-8", f)
	}
}

// itemIDs are the items of the list, in its order.
func (p *recordListPage) itemIDs() []int64 {
	var ids []int64
	for _, x := range p.Projects {
		ids = append(ids, x.Project.ItemID)
	}
	for _, x := range p.Budgets {
		ids = append(ids, x.Budget.ItemID)
	}
	for _, x := range p.Statistics {
		ids = append(ids, x.Statistic.ItemID)
	}
	for _, x := range p.Sciences {
		ids = append(ids, x.Science.ItemID)
	}
	for _, x := range p.Plans {
		ids = append(ids, x.Plan.ItemID)
	}
	return ids
}

// statisticCSV serves /thong-ke/{slug}/so-lieu.csv: a published
// statistic's table, UTF-8 with a byte-order mark for spreadsheets.
func (s *Server) statisticCSV(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	it, _, err := s.content.PublishedBySlug(r.Context(), st.ID, langOf(r), content.Statistics, r.PathValue("slug"))
	if err != nil {
		return err
	}
	tagPage(r, itemTag(it.ID))
	x, err := s.recordStore().Statistic(r.Context(), it.ID)
	if err != nil {
		return err
	}
	if x == nil || x.Table == nil {
		return errNotFound
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(it.Slug, `"`, "")+`.csv"`)
	_, err = w.Write([]byte("\ufeff" + x.Table.CSV()))
	return err
}

package web

import (
	"context"
	_ "embed"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/workflow"
)

// searchRefresh brings the search index up to date with an item right
// after a change of it committed (content.Store.OnSaved), so that a
// publication, an edit or an unpublication shows in search at once. A
// failure is logged; `cong search reindex` repairs the index.
func (s *Server) searchRefresh(itemID int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.search.Refresh(ctx, itemID); err != nil {
		s.log.Error("search index refresh", "item", itemID, "err", err)
	}
}

// buildSearchIndex fills an empty search index when there is content: a
// database from before the index existed, or content written without
// the portal (the demo). A small one is built before serving; a large
// one in the background, while search answers with what is done.
func (s *Server) buildSearchIndex(ctx context.Context) error {
	const small = 20000 // built before serving; a larger index in the background
	empty, items, err := s.search.Empty(ctx, small)
	if err != nil || !empty || items == 0 {
		return err
	}
	build := func(ctx context.Context) error {
		n, err := s.search.Reindex(ctx, nil)
		s.log.Info("search index built", "documents", n, "err", err)
		return err
	}
	if items <= small {
		return build(ctx)
	}
	go build(context.Background())
	return nil
}

// searchParams are the names of the query parameters: the public page
// speaks Vietnamese, the API the names DESIGN.md gives.
type searchParams struct{ site, kind, docType, field, from, to, page string }

var (
	pageParams = searchParams{"don-vi", "loai", "loai-van-ban", "linh-vuc", "tu-ngay", "den-ngay", "trang"}
	apiParams  = searchParams{"site", "type", "doc_type", "field", "from", "to", "page"}
)

// searchFilter reads a filter from the query string. Each mistake is
// reported as a message in both languages; what is valid still applies.
func (s *Server) searchFilter(ctx context.Context, q url.Values, names searchParams, sites []*site.Site) (search.Filter, []apperr.Msg) {
	var f search.Filter
	var errs []apperr.Msg
	if code := q.Get(names.site); code != "" {
		found := false
		for _, st := range sites {
			if st.Code == code {
				f.SiteIDs, found = []int64{st.ID}, true
			}
		}
		if !found {
			errs = append(errs, apperr.Msg{VI: "Không có trang thành phần có mã “" + clip(code) + "”.", EN: "There is no site with code “" + clip(code) + "”."})
		}
	}
	if k := q.Get(names.kind); k != "" {
		if content.Kind(k).Valid() {
			f.Kinds = []string{k}
		} else {
			errs = append(errs, apperr.Msg{VI: "Loại nội dung “" + clip(k) + "” không có.", EN: "Unknown kind of content “" + clip(k) + "”."})
		}
	}
	f.DocType = vn.Clean(q.Get(names.docType))
	f.Field = vn.Clean(q.Get(names.field))
	for _, d := range []struct {
		name string
		t    *time.Time
		add  int
	}{{names.from, &f.From, 0}, {names.to, &f.To, 1}} {
		v := strings.TrimSpace(q.Get(d.name))
		if v == "" {
			continue
		}
		day, ok := vn.ParseDay(v)
		if !ok {
			errs = append(errs, apperr.Msg{VI: "Ngày “" + clip(v) + "” phải có dạng ngày/tháng/năm, ví dụ 13/06/2024 (hoặc 2024-06-13).",
				EN: "The date “" + clip(v) + "” must be day/month/year, e.g. 13/06/2024 (or 2024-06-13)."})
			continue
		}
		*d.t = day.AddDate(0, 0, d.add) // "to" includes its whole day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		errs = append(errs, apperr.Msg{VI: "Ngày bắt đầu phải trước ngày kết thúc.", EN: "The start date must come before the end date."})
		f.From, f.To = time.Time{}, time.Time{}
	}
	f.Page = 1
	if v := q.Get(names.page); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			errs = append(errs, apperr.Msg{VI: "Số trang phải là số từ 1 đến 100.", EN: "The page must be a number from 1 to 100."})
		} else {
			f.Page = n
		}
	}
	return f, errs
}

// clip shortens what a reader typed before it is quoted back.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "")
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// activeSites lists the live sites a reader may narrow a search to, and
// by id every site whose content a search finds: archived sites' too,
// whose results are labelled (issue 17).
func (s *Server) activeSites(ctx context.Context) ([]*site.Site, map[int64]*site.Site, error) {
	all, err := s.sites.List(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []*site.Site
	byID := map[int64]*site.Site{}
	for _, st := range all {
		byID[st.ID] = st
		if st.Status == site.Active {
			out = append(out, st)
		}
	}
	return out, byID, nil
}

// Archived reports whether a result comes from an archived site: the
// page labels it "Lưu trữ".
func (p *searchPage) Archived(h search.Hit) bool {
	st := p.SiteOf[h.SiteID]
	return st != nil && st.Status == site.Archived
}

// searchPage is the public search page of a site.
type searchPage struct {
	*Page
	Query      string
	Results    *search.Results
	Filter     search.Filter
	Scope      string // "site" or "all"
	SiteCode   string
	Kind       string
	From, To   string
	Kinds      []content.Kind
	Sites      []*site.Site
	DocTypes   []string
	Fields     []string
	SiteOf     map[int64]*site.Site
	Suggest    string
	Prev, Next string
	First      int // number of the first result shown
}

// HitURL is the link to a result on the site that published it.
func (p *searchPage) HitURL(h search.Hit) string {
	if st := p.SiteOf[h.SiteID]; st != nil {
		return st.URL(h.URL)
	}
	return h.URL
}

// SiteName names a result's site, on a province-wide search.
func (p *searchPage) SiteName(h search.Hit) string {
	if st := p.SiteOf[h.SiteID]; st != nil && st.ID != p.Site.ID {
		return st.DisplayName(p.Lang)
	}
	return ""
}

// HitDate is a result's publication day in words.
func (p *searchPage) HitDate(h search.Hit) string {
	if h.PublishedAt == nil {
		return ""
	}
	return p.Date(*h.PublishedAt)
}

// Last is the number of the last result shown.
func (p *searchPage) Last() int { return p.First + len(p.Results.Hits) - 1 }

// KindLabel names a result's kind.
func (p *searchPage) KindLabel(k string) string {
	switch k {
	case search.KindQA:
		return translate(p.Lang, "qa.kind")
	case search.KindDraft:
		return translate(p.Lang, "search.kind.draft")
	case search.KindGazette:
		return translate(p.Lang, "gz.short")
	}
	return content.Kind(k).Label(p.Lang)
}

// searchPublic serves /tim-kiem: on the main portal it searches every
// site unless the reader narrows it; on a component site, that site
// unless the reader asks for the whole province.
func (s *Server) searchPublic(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := siteOf(r)
	q := r.URL.Query()
	lang := langOf(r)
	sites, byID, err := s.activeSites(ctx)
	if err != nil {
		return err
	}
	p := &searchPage{Page: s.publicPage(r, translate(lang, "search")), Query: vn.Clean(strings.ToValidUTF8(q.Get("q"), "")),
		Kinds: content.Kinds, Sites: sites, SiteOf: byID, Kind: q.Get("loai"), SiteCode: q.Get("don-vi"),
		From: dayField(q.Get("tu-ngay")), To: dayField(q.Get("den-ngay"))}
	p.Scope = q.Get("pham-vi")
	if p.Scope != "site" && p.Scope != "all" {
		p.Scope = "site"
		if st.Main {
			p.Scope = "all"
		}
	}
	f, errs := s.searchFilter(ctx, q, pageParams, sites)
	for _, e := range errs {
		p.Errors = append(p.Errors, e.In(lang))
	}
	if p.Scope == "site" {
		f.SiteIDs = []int64{st.ID}
	}
	p.Filter = f
	if p.DocTypes, p.Fields, err = s.search.Facets(ctx, f.SiteIDs); err != nil {
		return err
	}
	if p.Query != "" {
		parsed := search.Parse(p.Query)
		if parsed.Empty() {
			p.Errors = append(p.Errors, translate(lang, "search.nowords"))
		} else {
			if p.Results, err = s.search.Search(ctx, parsed, f); err != nil {
				return err
			}
			p.links(q, p.Results)
		}
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	// Result pages stay out of the page cache and of shared caches: their
	// keys are as many as the queries people type, so caching them would
	// only push the real pages out (see docs/search.md).
	// The page cache compresses the pages it keeps; these it does not,
	// and compress (middleware.go) does, as for every other response.
	w.Header().Set("Cache-Control", "private, no-cache")
	return s.tmpl.render(w, http.StatusOK, "public/search", p)
}

// links fills the pager and the "did you mean" link.
func (p *searchPage) links(q url.Values, res *search.Results) {
	link := func(set map[string]string) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		for k, val := range set {
			v.Set(k, val)
		}
		return p.Link("/tim-kiem") + "?" + v.Encode()
	}
	if res.Suggestion != "" {
		p.Suggest = link(map[string]string{"q": res.Suggestion, "trang": "1"})
	}
	if res.Page > 1 {
		p.Prev = link(map[string]string{"trang": strconv.Itoa(res.Page - 1)})
	}
	if res.Page < res.Pages() && res.Page < 100 {
		p.Next = link(map[string]string{"trang": strconv.Itoa(res.Page + 1)})
	}
	p.First = (res.Page-1)*res.PerPage + 1
}

// staffSearchPage is the search of a site's items for its staff: every
// item, drafts included, with its workflow state.
type staffSearchPage struct {
	*AdminPage
	Work    *site.Site
	Query   string
	Results *search.Results
}

// StateLabel names a result's workflow state.
func (p *staffSearchPage) StateLabel(s string) string { return content.State(s).Label(p.Lang) }

// searchStaff serves /quan-tri/s/{site}/tim-kiem. Whoever may work on
// the site (workSite) sees its items in every state, as in its item list.
func (s *Server) searchStaff(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	lang := langOf(r)
	p := &staffSearchPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "search")), Work: st,
		Query: vn.Clean(strings.ToValidUTF8(r.URL.Query().Get("q"), ""))}
	if p.Query != "" {
		page, _ := strconv.Atoi(r.URL.Query().Get("trang"))
		p.Results, err = s.search.Search(r.Context(), search.Parse(p.Query),
			search.Filter{SiteIDs: []int64{st.ID}, Staff: workflow.SeesWork(userOf(r), s.mainSite(r).ID, st.ID), ItemsOnly: true, Page: page, PerPage: 20})
		if err != nil {
			return err
		}
	}
	return s.tmpl.render(w, http.StatusOK, "admin/search", p)
}

// apiHit is one result of GET /api/v1/search, as DESIGN.md gives it.
type apiHit struct {
	ID          int64   `json:"id"`
	SourceID    string  `json:"source_id"`
	Type        string  `json:"type"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Snippet     string  `json:"snippet"`
	PublishedAt *string `json:"published_at"`
	Site        string  `json:"site"`
	DocType     string  `json:"doc_type,omitempty"`
	// Archived says the result comes from an archived site.
	Archived bool `json:"archived,omitempty"`
}

type apiResults struct {
	Total      int    `json:"total"`
	MoreThan   bool   `json:"more_than,omitempty"`
	Page       int    `json:"page"`
	PerPage    int    `json:"per_page"`
	Suggestion string `json:"suggestion,omitempty"`
	Read       string `json:"read,omitempty"`
	// Names are the everyday names read in the query ("ly dị") and the
	// laws' terms searched for with them ("ly hôn").
	Names   []search.Name `json:"names,omitempty"`
	Results []apiHit      `json:"results"`
}

// apiError is the body of a 4xx answer of the API.
type apiError struct {
	Error   string `json:"error"`
	ErrorEN string `json:"error_en"`
}

// searchAPI serves GET /api/v1/search?q=&site=&type=&page= (plus
// doc_type, field, from, to): published content of every site, or of one.
func (s *Server) searchAPI(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	sites, byID, err := s.activeSites(ctx)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	f, errs := s.searchFilter(ctx, q, apiParams, sites)
	text := q.Get("q")
	parsed := search.Parse(text)
	if strings.TrimSpace(text) == "" || parsed.Empty() {
		errs = append([]apperr.Msg{{VI: "Hãy nhập từ khóa tìm kiếm (tham số q) có ít nhất một chữ hoặc số.",
			EN: "Give search words (parameter q) with at least one letter or digit."}}, errs...)
	}
	if len(errs) > 0 {
		var vi, en []string
		for _, e := range errs {
			vi, en = append(vi, e.VI), append(en, e.EN)
		}
		writeJSON(w, http.StatusBadRequest, apiError{Error: strings.Join(vi, " "), ErrorEN: strings.Join(en, " ")})
		return
	}
	res, err := s.search.Search(ctx, parsed, f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiResults{Total: res.Total, MoreThan: res.MoreThan, Page: res.Page, PerPage: res.PerPage, Suggestion: res.Suggestion, Read: res.Query.Read, Names: res.Query.Names, Results: []apiHit{}}
	for _, h := range res.Hits {
		a := apiHit{ID: h.ItemID, SourceID: h.SourceID, Type: h.Kind, Title: h.Title, URL: h.URL, Snippet: string(h.Snippet),
			DocType: h.DocType}
		if st := byID[h.SiteID]; st != nil {
			a.URL, a.Site, a.Archived = st.URL(h.URL), st.Code, st.Status == site.Archived
			if st.Host != "" {
				a.URL = "https://" + st.Host + a.URL
			}
		}
		if h.PublishedAt != nil {
			t := h.PublishedAt.In(vn.ICT).Format(time.RFC3339)
			a.PublishedAt = &t
		}
		out.Results = append(out.Results, a)
	}
	w.Header().Set("Cache-Control", "no-cache") // an unpublished item leaves at once
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if m, ok := s.unavailable(w, r, err); ok { // a database failure: 503 and Retry-After
		writeJSON(w, http.StatusServiceUnavailable, apiError{Error: m.VI, ErrorEN: m.EN})
		return
	}
	s.log.Error("api", "path", r.URL.Path, "err", err)
	writeJSON(w, http.StatusInternalServerError, apiError{Error: "Hệ thống đang gặp sự cố, xin thử lại sau.",
		ErrorEN: "Something went wrong, please try again later."})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// openAPI is the description of /api/v1/, kept as its own JSON file so
// that other capabilities (Open311 feedback) add their paths to it.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) openAPIDoc(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openAPI)
}

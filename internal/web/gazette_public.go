package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/vn"
)

// setupGazette makes the gazette store; after a publication or a
// withdrawal the main portal's pages are dropped from the cache and the
// documents indexed again.
func (s *Server) setupGazette() {
	s.gazette = gazette.NewStore(s.db, gazette.Options{Now: s.now, Rules: s.rules, Content: s.content, Legal: s.legal, Roots: s.gazetteRoots,
		Changed: func(siteID int64, ids []int64) {
			s.contentChanged(siteID, 0)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := s.search.RefreshGazette(ctx, s.gazette, ids...); err != nil {
				s.log.Error("search index refresh", "gazette documents", ids, "err", err)
			}
		}})
}

// Gazette exposes the gazette store (the demo and the command line).
func (s *Server) Gazette() *gazette.Store { return s.gazette }

// gazetteSite is the site whose gazette a public request asks for: the
// province's gazette lives on the main portal only.
func gazetteSite(r *http.Request) (int64, error) {
	st := siteOf(r)
	if st == nil || !st.Main {
		return 0, errNotFound
	}
	return st.ID, nil
}

// gazetteListPage is /cong-bao: the issues, newest first, and the search
// of documents by number, words, year, issuing body, type and field.
type gazetteListPage struct {
	*Page
	Issues  []*gazette.Issue
	Docs    []*gazette.Doc
	Total   int
	Years   []int
	Issuers []string
	Types   []string
	Fields  []string
	Q       string
	Year    int
	Issuer  string
	Type    string
	Field   string
	Search  bool // a search was asked for: the documents found are shown
	Prev    string
	Next    string
}

// DocURL is a document's page.
func (p *gazetteListPage) DocURL(d *gazette.Doc) string { return p.Link(gazette.DocPath(d)) }

// IssueURL is an issue's page.
func (p *gazetteListPage) IssueURL(is *gazette.Issue) string { return p.Link(gazette.IssuePath(is)) }

// Day writes an ISO day in the page's words.
func (p *gazetteListPage) Day(day string) string { return dayWords(p.Page, day) }

func dayWords(p *Page, day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, vn.ICT)
	if err != nil {
		return day
	}
	return p.Date(t)
}

const gazettePerPage = 20

func (s *Server) gazetteList(w http.ResponseWriter, r *http.Request) error {
	siteID, err := gazetteSite(r)
	if err != nil {
		return err
	}
	ctx, q := r.Context(), r.URL.Query()
	p := &gazetteListPage{Page: s.publicPage(r, translate(langOf(r), "gz.title")), Q: vn.Clean(q.Get("q")), Issuer: q.Get("co-quan"),
		Type: q.Get("loai"), Field: q.Get("linh-vuc")}
	p.Year, _ = strconv.Atoi(q.Get("nam"))
	p.Search = p.Q != "" || p.Issuer != "" || p.Type != "" || p.Field != ""
	page := pageNumber(q.Get("trang"))
	var more bool
	if p.Search {
		p.Docs, p.Total, err = s.gazette.Docs(ctx, gazette.Filter{SiteID: siteID, States: []gazette.State{gazette.Published, gazette.Withdrawn},
			Year: p.Year, Issuer: p.Issuer, Type: p.Type, Field: p.Field, Q: p.Q, Limit: gazettePerPage, Offset: (page - 1) * gazettePerPage})
		more = page*gazettePerPage < p.Total
	} else {
		p.Issues, p.Total, err = s.gazette.Issues(ctx, siteID, p.Year, false, gazettePerPage, (page-1)*gazettePerPage)
		more = page*gazettePerPage < p.Total
	}
	if err != nil {
		return err
	}
	if p.Years, p.Issuers, p.Types, p.Fields, err = s.gazette.Facets(ctx, siteID); err != nil {
		return err
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("trang", strconv.Itoa(n))
		return p.Link("/cong-bao") + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if more {
		p.Next = link(page + 1)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/gazette_list", p)
}

// gazetteIssuePage is one issue: its documents grouped by issuing body
// and type, the compiled PDF, Dublin Core metadata.
type gazetteIssuePage struct {
	*Page
	Issue  *gazette.Issue
	Groups []gazetteGroup
}

type gazetteGroup struct {
	Issuer, Type string
	Docs         []*gazette.Doc
}

// DocURL is a document's page.
func (p *gazetteIssuePage) DocURL(d *gazette.Doc) string { return p.Link(gazette.DocPath(d)) }

// FileURL is a file's address.
func (p *gazetteIssuePage) FileURL(sum string) string { return p.Link(gazette.FilePath(sum)) }

// Day writes an ISO day in the page's words.
func (p *gazetteIssuePage) Day(day string) string { return dayWords(p.Page, day) }

func (s *Server) gazetteIssue(w http.ResponseWriter, r *http.Request) error {
	siteID, err := gazetteSite(r)
	if err != nil {
		return err
	}
	is, err := s.gazette.IssueBySlug(r.Context(), siteID, r.PathValue("slug"))
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && is.State != "published") {
		return errNotFound
	}
	if err != nil {
		return err
	}
	p := &gazetteIssuePage{Page: s.publicPage(r, translate(langOf(r), "gz.short")+" "+is.Label), Issue: is}
	p.Description = translate(langOf(r), "gz.short") + " " + is.Label + ", " + dayWords(p.Page, is.IssueDate)
	for _, d := range is.Docs {
		if n := len(p.Groups); n == 0 || p.Groups[n-1].Issuer != d.Issuer || p.Groups[n-1].Type != d.DocType {
			p.Groups = append(p.Groups, gazetteGroup{Issuer: d.Issuer, Type: d.DocType})
		}
		g := &p.Groups[len(p.Groups)-1]
		g.Docs = append(g.Docs, d)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/gazette_issue", p)
}

// gazetteDocPage is one published document.
type gazetteDocPage struct {
	*Page
	Doc         *gazette.Doc
	Issue       *gazette.Issue
	Corrects    *gazette.Doc
	Corrections []*gazette.Doc
	LegalURL    string
}

// FileURL is a file's address.
func (p *gazetteDocPage) FileURL(sum string) string { return p.Link(gazette.FilePath(sum)) }

// DocURL is a document's page.
func (p *gazetteDocPage) DocURL(d *gazette.Doc) string { return p.Link(gazette.DocPath(d)) }

// Day writes an ISO day in the page's words.
func (p *gazetteDocPage) Day(day string) string { return dayWords(p.Page, day) }

// Relation names how the document acts on another.
func (p *gazetteDocPage) Relation(r gazette.Relation) string {
	return legal.Relation{Kind: r.Kind, Outgoing: true}.Label(p.Lang)
}

func (s *Server) gazetteDoc(w http.ResponseWriter, r *http.Request) error {
	siteID, err := gazetteSite(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, err := s.gazette.Get(r.Context(), id)
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && (d.SiteID != siteID || d.State == gazette.Received)) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	p := &gazetteDocPage{Page: s.publicPage(r, d.DocType+" "+d.Number), Doc: d}
	p.Description = d.Abstract
	if p.Issue, err = s.gazette.Issue(r.Context(), d.IssueID); err != nil {
		return err
	}
	if d.CorrectsID != 0 {
		p.Corrects, _ = s.gazette.Get(r.Context(), d.CorrectsID)
	}
	if p.Corrections, err = s.gazette.Corrections(r.Context(), d.ID); err != nil {
		return err
	}
	if d.ItemID != 0 {
		if it, err := s.content.Get(r.Context(), d.ItemID); err == nil && it.Live {
			p.LegalURL = p.Link(it.URL())
		}
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/gazette_doc", p)
}

// gazetteFile serves /cong-bao/tep/{sha256}.pdf: a published document's
// signed PDF or a published issue, as stored (its bytes checked against
// its hash on the way out); a file not yet published is not found.
func (s *Server) gazetteFile(w http.ResponseWriter, r *http.Request) error {
	siteID, err := gazetteSite(r)
	if err != nil {
		return err
	}
	sum, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok || len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return errNotFound
	}
	public, err := s.gazette.PublicFile(r.Context(), siteID, sum)
	if err != nil {
		return err
	}
	if !public {
		return errNotFound
	}
	data, err := s.gazette.File(r.Context(), sum)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="cong-bao-`+sum[:12]+`.pdf"`)
	h.Set("Cache-Control", "public, max-age=31536000, immutable") // named by its hash: never changes
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(data)
	return err
}

// gazetteLog serves /cong-bao/nhat-ky.json?sau=ID: the publication log,
// 500 entries from after the entry ID, with the link to the next page.
func (s *Server) gazetteLog(w http.ResponseWriter, r *http.Request) error {
	if _, err := gazetteSite(r); err != nil {
		return err
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("sau"), 10, 64)
	const size = 500
	list, err := s.gazette.Log(r.Context(), max(after, 0), size)
	if err != nil {
		return err
	}
	out := struct {
		About   string           `json:"about"`
		Entries []*gazette.Entry `json:"entries"`
		Next    string           `json:"next,omitempty"`
	}{About: "Nhật ký phát hành Công báo điện tử: mỗi mục giữ mã SHA-256 của tệp và của mục trước; kiểm tra bằng cong gazette verify.",
		Entries: list}
	if out.Entries == nil {
		out.Entries = []*gazette.Entry{}
	}
	if len(list) == size {
		out.Next = s.link(r, "/cong-bao/nhat-ky.json") + "?sau=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}

// gazetteFeed serves /cong-bao/feed.atom: the newest published issues.
func (s *Server) gazetteFeed(w http.ResponseWriter, r *http.Request) error {
	siteID, err := gazetteSite(r)
	if err != nil {
		return err
	}
	st, lang := siteOf(r), langOf(r)
	list, _, err := s.gazette.Issues(r.Context(), siteID, 0, false, 30, 0)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	self := st.URL(langPath(lang, "/cong-bao/feed.atom"))
	f := atomFeed{Lang: lang, ID: base + self, Title: translate(lang, "gz.title") + " – " + st.DisplayName(lang),
		Author: atomPerson{Name: st.DisplayName(lang)},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + st.URL(langPath(lang, "/cong-bao"))}}}
	updated := st.CreatedAt
	for _, is := range list {
		href := base + st.URL(langPath(lang, gazette.IssuePath(is)))
		e := atomEntry{ID: href, Title: translate(lang, "gz.short") + " " + is.Label, Link: atomLink{Href: href},
			Author: atomPerson{Name: st.DisplayName(lang)}}
		if is.PublishedAt != nil {
			e.Updated, e.Published = is.PublishedAt.UTC().Format(time.RFC3339), is.PublishedAt.UTC().Format(time.RFC3339)
			if is.PublishedAt.After(updated) {
				updated = *is.PublishedAt
			}
		}
		e.Summary = translate(lang, "gz.issued") + " " + dayWords(&Page{Lang: lang}, is.IssueDate)
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	return writeXML(w, "application/atom+xml; charset=utf-8", f)
}

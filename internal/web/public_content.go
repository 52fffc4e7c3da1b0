package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/correction"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
)

// articlePage is a published item as the public sees it.
type articlePage struct {
	*Page
	Item       *content.Item
	Category   *content.Category
	SourceSite *site.Site
	SourceURL  string // the original on its site, or the site's home
	Canonical  string
	base       string       // scheme and host, for absolute URLs
	Legal      *legal.Doc   // the metadata of a legal document
	Status     legal.Status // its effect today
	Cover      *media.Media
	Reported   bool
	Rated      bool                    // the reader just rated the item (rating_routes.go)
	Speaker    *directory.Spokesperson // who made a press statement
	Gazette    *articleGazette         // where a legal document was published in the gazette
	// Publisher is the issuing agency: the site's name on the item's
	// first publication, which a later renaming does not change (byline,
	// DC.publisher, the JSON-LD publisher).
	Publisher string
	Record    *recordView // a project's, statistic's or plan's record (records_public.go)
	// Corrections are the item's public corrections, newest first, and
	// Print its print and PDF links (print_view.go).
	Corrections []*correction.Correction
	Print       *printLinks
}

// articleGazette is the gazette issue and page of a legal document, and
// the reason when it was withdrawn from the gazette.
type articleGazette struct {
	Label, IssueURL, DocURL string
	Page                    int
	Withdrawn               string
}

// article serves /{kind-path}/{slug} of a site: the published revision,
// never a draft; an old slug redirects to the current one.
func (s *Server) article(w http.ResponseWriter, r *http.Request) error {
	kind, ok := content.KindOfPath(r.PathValue("kind"))
	if !ok {
		return errNotFound
	}
	st := siteOf(r)
	it, moved, err := s.content.PublishedBySlug(r.Context(), st.ID, langOf(r), kind, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if moved {
		http.Redirect(w, r, st.URL(it.URL()), http.StatusMovedPermanently)
		return nil
	}
	tagPage(r, itemTag(it.ID))
	if it.SourceSiteID != 0 { // the page links to the original on that site
		tagPage(r, siteTag(it.SourceSiteID))
	}
	p := &articlePage{Page: s.publicPage(r, it.Rev.Title), Item: it, Canonical: s.baseURL(r) + st.URL(it.URL()), base: s.baseURL(r),
		Reported: r.URL.Query().Get("da-bao-loi") != "", Rated: r.URL.Query().Get("danh-gia") != ""}
	p.Path = "/" // the other language has its own items: switch to its home
	p.Publisher = s.publisherOf(r, st, it)
	p.Description = it.Rev.Summary
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	if it.CategoryID != 0 { // one of the site's, which the menu has read
		for _, c := range p.Categories {
			if c.ID == it.CategoryID {
				p.Category = c
			}
		}
		if p.Category == nil {
			p.Category, _ = s.content.CategoryByID(r.Context(), it.CategoryID)
		}
	}
	if it.SourceSiteID != 0 {
		if p.SourceSite, _ = s.sites.ByID(r.Context(), it.SourceSiteID); p.SourceSite != nil {
			p.SourceURL = p.SourceSite.URL("/")
			if orig, err := s.content.Get(r.Context(), it.SourceItemID); err == nil && orig.Live && orig.SiteID == p.SourceSite.ID {
				p.SourceURL = p.SourceSite.URL(orig.URL())
			}
		}
	}
	if it.Kind == content.Legal {
		if p.Legal, err = s.legal.Get(r.Context(), it.ID); err == nil {
			p.Status = p.Legal.StatusOn(legal.Today(s.now()))
		}
		gd, is, err := s.gazette.ByItem(r.Context(), it.ID)
		if err != nil {
			return err
		}
		if gd != nil {
			p.Gazette = &articleGazette{Label: is.Label, IssueURL: gazette.IssuePath(is), DocURL: gazette.DocPath(gd), Page: gd.PageStart,
				Withdrawn: gd.Withdrawn}
		}
	}
	if it.Rev.CoverMediaID != 0 {
		p.Cover, _ = s.media.Get(r.Context(), it.Rev.CoverMediaID)
	}
	if it.Kind == content.Press {
		if p.Speaker, err = s.dir.StatementBy(r.Context(), it.ID); err != nil {
			return err
		}
	}
	if err := s.recordView(r, p); err != nil { // records_public.go
		return err
	}
	if err := s.articleExtras(r, p); err != nil { // print_view.go
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/article", p)
}

// listPage is a list of published items: a category or a kind.
type listPage struct {
	*Page
	Category *content.Category
	Items    []*content.Item
	PageNo   int
	Prev     string
	Next     string
	Channels *channelsPage // the section of the official channels: the list itself
}

func (s *Server) category(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	c, err := s.content.CategoryBySlug(r.Context(), st.ID, r.PathValue("slug"))
	if err != nil {
		return err
	}
	n := pageNumber(r.URL.Query().Get("trang"))
	const per = 20
	// One item more than the page says whether a next page exists,
	// without counting the category.
	items, _, err := s.content.Published(r.Context(), content.Public{SiteIDs: []int64{st.ID}, CategoryID: c.ID,
		Lang: langOf(r), Limit: per + 1, Offset: (n - 1) * per})
	if err != nil {
		return err
	}
	more := len(items) > per
	items = items[:min(len(items), per)]
	p := &listPage{Page: s.publicPage(r, c.DisplayName(langOf(r))), Category: c, Items: items, PageNo: n}
	if n > 1 {
		p.Prev = p.Link(c.URL("vi")) + "?trang=" + strconv.Itoa(n-1)
	}
	if more {
		p.Next = p.Link(c.URL("vi")) + "?trang=" + strconv.Itoa(n+1)
	}
	if c.Slug == channelsSection { // the required section shows the list itself
		if p.Channels, err = s.channelGroups(r, p.Page); err != nil {
			return err
		}
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/category", p)
}

// reportError takes a reader's report of an error on a page (Art. 12.7).
func (s *Server) reportError(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	if !s.limits.allow(r.Context(), "report:"+s.clientIP(r)) {
		return apperr.New(apperr.TooMany, "Bạn đã gửi nhiều phản ánh; hãy thử lại sau ít phút.", "Too many reports; try again in a few minutes.")
	}
	itemID, _ := strconv.ParseInt(r.PostFormValue("item"), 10, 64)
	page := r.PostFormValue("page")
	if itemID != 0 {
		if it, err := s.content.Get(r.Context(), itemID); err != nil || it.SiteID != st.ID || !it.Live {
			itemID = 0
		}
	}
	if err := s.flow.ReportErrorFrom(r.Context(), st.ID, itemID, page, r.PostFormValue("message"), r.PostFormValue("email"), s.clientIP(r)); err != nil {
		return reportInvalid(err) // correction_reply.go
	}
	// Back to the article when the report was about one; otherwise to
	// the site's home. Never to an address taken from the form.
	back := st.URL("/")
	if itemID != 0 {
		if it, err := s.content.Get(r.Context(), itemID); err == nil {
			back = st.URL(it.URL()) + "?da-bao-loi=1#bao-loi"
		}
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// loadMenu adds the site's categories for the menu and footer, unless
// publicPage already has.
func (s *Server) loadMenu(r *http.Request, p *Page) error {
	if p.Categories != nil {
		return nil
	}
	cats, err := s.menus.get(r.Context(), p.Site.ID, s.content.Categories)
	p.Categories = cats
	return err
}

// pageExists tells the link check whether path (as written in a body:
// with or without the site prefix) leads to a page of the site.
func (s *Server) pageExists(r *http.Request, st *site.Site, path string) bool {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	target, rest := s.resolver.Resolve(r.Context(), st.Host, path)
	if target == nil {
		return false
	}
	rest = strings.TrimPrefix(rest, "/en")
	switch rest {
	case "", "/", "/gioi-thieu", "/dich-vu-cong", "/lien-he", "/so-do-trang", "/kenh-chinh-thuc", "/tuyen-bo-tiep-can":
		return true
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	if len(parts) != 2 {
		return strings.HasPrefix(rest, "/media/") || strings.HasPrefix(rest, "/static/")
	}
	if parts[0] == "chuyen-muc" {
		_, err := s.content.CategoryBySlug(r.Context(), target.ID, parts[1])
		return err == nil
	}
	kind, ok := content.KindOfPath(parts[0])
	if !ok {
		return false
	}
	for _, lang := range []string{"vi", "en"} {
		if _, _, err := s.content.PublishedBySlug(r.Context(), target.ID, lang, kind, parts[1]); err == nil {
			return true
		}
	}
	return false
}

// AbsoluteURL turns a path on this host into a full URL.
func (p *articlePage) AbsoluteURL(path string) string { return p.base + path }

// JSONLD describes the page for search engines (schema.org): a
// NewsArticle, or a Legislation for a legal document. It is marshalled by
// encoding/json, which escapes <, > and &, so it cannot end the script.
func (p *articlePage) JSONLD() template.JS {
	it := p.Item
	doc := map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle", "headline": it.Rev.Title,
		"description": it.Rev.Summary, "url": p.Canonical, "inLanguage": it.Lang,
		"author":    map[string]string{"@type": "Person", "name": it.Rev.Author},
		"publisher": map[string]string{"@type": "GovernmentOrganization", "name": p.Publisher},
	}
	if it.PublishedAt != nil {
		doc["dateModified"] = it.PublishedAt.UTC().Format(time.RFC3339)
	}
	if it.FirstPublishedAt != nil {
		doc["datePublished"] = it.FirstPublishedAt.UTC().Format(time.RFC3339)
	}
	if l := p.Legal; l != nil {
		doc["@type"], doc["name"] = "Legislation", it.Rev.Title
		delete(doc, "headline")
		doc["legislationIdentifier"], doc["legislationType"] = l.Number, l.Type
		doc["legislationPassedBy"] = map[string]string{"@type": "GovernmentOrganization", "name": l.Issuer}
		if l.Issued != "" {
			doc["legislationDate"] = l.Issued
		}
		if l.Effective != "" {
			doc["legislationLegalForce"] = map[legal.Status]string{legal.InForce: "InForce", legal.Expired: "NotInForce",
				legal.PartlyExpired: "PartiallyInForce", legal.NotYet: "NotInForce"}[p.Status]
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return "{}"
	}
	return template.JS(out)
}

package web

import (
	"bufio"
	"context"
	"encoding/xml"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/procedure"
	"github.com/congportal/cong/internal/site"
)

// A site's sitemap (the Sitemaps protocol, sitemaps.org) lists its pages,
// categories and published items. A site with up to sitemapURLs of them
// has one file, /sitemap.xml; a larger one gets there an index of files
// of at most sitemapURLs each: /sitemap-1.xml with the pages and
// categories, then /sitemap-N.xml with the items whose ids are in the
// (N-2)th range of sitemapURLs ids. The ranges are found by skipping
// through the site's index, and each file is written as its items are
// read, a page at a time: no request reads or holds the whole site.

// sitemapURLs is the most URLs one sitemap file holds (the protocol
// allows 50,000; smaller files each answer quickly).
const sitemapURLs = 10000

// sitemapPages are the pages every site has, in its sitemap.
var sitemapPages = []string{"/", "/gioi-thieu", "/dich-vu-cong", "/lien-he", "/so-do-trang", "/en/"}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemapXML serves /sitemap.xml: the whole sitemap of a small site, or
// the index of a large one's files.
func (s *Server) sitemapXML(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	cats, err := s.content.Categories(r.Context(), st.ID)
	if err != nil {
		return err
	}
	room := sitemapURLs - len(sitemapPages) - len(cats) - sitemapExtrasMax
	n, err := s.content.LiveCount(r.Context(), st.ID, room)
	if err != nil {
		return err
	}
	if n > room {
		ranges, err := s.content.LiveRanges(r.Context(), st.ID, sitemapURLs)
		if err != nil {
			return err
		}
		sm := s.newSitemap(w, r, "sitemapindex")
		sm.file(1)
		for _, k := range ranges {
			sm.file(k + 2)
		}
		return sm.end()
	}
	sm := s.newSitemap(w, r, "urlset")
	sm.pages(cats)
	if err := s.sitemapExtras(r.Context(), st, sm); err != nil {
		return sm.abort(err)
	}
	if err := s.content.LiveItems(r.Context(), st.ID, 0, 1<<62, sm.item); err != nil {
		return sm.abort(err)
	}
	return sm.end()
}

// sitemapPart serves /sitemap-N.xml, a file of a large site's sitemap;
// any other one-segment path that no route has is not found.
func (s *Server) sitemapPart(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	num, ok := strings.CutPrefix(name, "sitemap-")
	num, ok2 := strings.CutSuffix(num, ".xml")
	n, err := strconv.ParseInt(num, 10, 64)
	if !ok || !ok2 || err != nil || n < 1 || n > 1<<40 || strconv.FormatInt(n, 10) != num {
		return errNotFound
	}
	st := siteOf(r)
	if n == 1 {
		cats, err := s.content.Categories(r.Context(), st.ID)
		if err != nil {
			return err
		}
		sm := s.newSitemap(w, r, "urlset")
		sm.pages(cats)
		if err := s.sitemapExtras(r.Context(), st, sm); err != nil {
			return sm.abort(err)
		}
		return sm.end()
	}
	from := (n - 2) * sitemapURLs
	sm := s.newSitemap(w, r, "urlset")
	if err := s.content.LiveItems(r.Context(), st.ID, from, from+sitemapURLs, sm.item); err != nil {
		return sm.abort(err)
	}
	if sm.count == 0 {
		return errNotFound // a range with nothing (any more): a sitemap has at least one URL
	}
	return sm.end()
}

// sitemapWriter writes a sitemap or a sitemap index as it goes. Nothing
// is sent before the first entry, so that a failure before it is still
// answered with an error page.
type sitemapWriter struct {
	w     http.ResponseWriter
	bw    *bufio.Writer
	site  *site.Site
	base  string
	root  string // "urlset" or "sitemapindex"
	log   *slog.Logger
	count int
	err   error
}

func (s *Server) newSitemap(w http.ResponseWriter, r *http.Request, root string) *sitemapWriter {
	return &sitemapWriter{w: w, site: siteOf(r), base: s.baseURL(r), root: root, log: s.log}
}

// start sends the header and opens the root element, once.
func (sm *sitemapWriter) start() {
	if sm.bw != nil {
		return
	}
	sm.w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	sm.bw = bufio.NewWriterSize(sm.w, 32<<10)
	sm.put(xml.Header + `<` + sm.root + ` xmlns="` + sitemapNS + `">` + "\n")
}

// put writes s unless an earlier write failed: the first failure (a
// client gone) is kept in sm.err and ends the sitemap.
func (sm *sitemapWriter) put(s string) {
	if sm.err == nil {
		_, sm.err = sm.bw.WriteString(s)
	}
}

// entry writes one <url> or <sitemap> with its location (a path within
// the site) and, when known, its last change. A failure is kept in
// sm.err, which end returns.
func (sm *sitemapWriter) entry(path string, t *time.Time) {
	if sm.err != nil {
		return
	}
	sm.start()
	tag := "url"
	if sm.root == "sitemapindex" {
		tag = "sitemap"
	}
	sm.put("  <" + tag + "><loc>")
	if sm.err == nil {
		sm.err = xml.EscapeText(sm.bw, []byte(sm.base+sm.site.URL(path)))
	}
	sm.put("</loc>")
	if t != nil {
		sm.put("<lastmod>" + t.UTC().Format("2006-01-02") + "</lastmod>")
	}
	sm.put("</" + tag + ">\n")
	sm.count++
}

// pages writes the site's own pages and its categories.
func (sm *sitemapWriter) pages(cats []*content.Category) {
	for _, p := range sitemapPages {
		sm.entry(p, nil)
	}
	for _, c := range cats {
		sm.entry(c.URL("vi"), nil)
	}
}

// item writes a published item (content.Store.LiveItems calls it, and
// stops at its error).
func (sm *sitemapWriter) item(it *content.Item) error {
	sm.entry(it.URL(), it.PublishedAt)
	return sm.err
}

// file writes the index's entry of /sitemap-N.xml.
func (sm *sitemapWriter) file(n int64) { sm.entry("/sitemap-"+strconv.FormatInt(n, 10)+".xml", nil) }

// abort ends a sitemap whose reading failed: with an error page when
// nothing was sent yet; otherwise the connection is cut, so that no
// client and no cache takes the part sent for the whole.
func (sm *sitemapWriter) abort(err error) error {
	if sm.bw == nil {
		return err
	}
	sm.log.Error("sitemap cut short", "site", sm.site.Code, "err", err)
	sm.w.Header().Set("Cache-Control", "no-store") // a recording page cache keeps nothing
	panic(http.ErrAbortHandler)
}

// end closes the root element and sends what is left.
func (sm *sitemapWriter) end() error {
	if sm.err != nil {
		return sm.err
	}
	sm.start()
	sm.put("</" + sm.root + ">\n")
	if sm.err != nil {
		return sm.err
	}
	return sm.bw.Flush()
}

// sitemapExtrasMax bounds what sitemapExtras writes: the list pages, 100
// drafts, 2,000 issues and 200 gazette documents.
const sitemapExtrasMax = 2 + 100 + 2000 + 200 + sitemapProcedures

// sitemapProcedures bounds the administrative procedures a sitemap lists
// (a province's catalogue holds about two thousand).
const sitemapProcedures = 5000

// sitemapExtras writes the pages that are not items: the site's public
// drafts for comment and, on the main portal, the gazette's published
// issues and documents (REQ-04), newest first, bounded so that the first
// file of a sitemap stays within its limit.
func (s *Server) sitemapExtras(ctx context.Context, st *site.Site, sm *sitemapWriter) error {
	drafts, _, err := s.consult.List(ctx, consult.Filter{SiteID: st.ID, Size: 100})
	if err != nil {
		return err
	}
	if len(drafts) > 0 {
		sm.entry("/lay-y-kien", nil)
	}
	for _, d := range drafts {
		t := d.UpdatedAt
		sm.entry(consult.Path(d.Slug), &t)
	}
	// The procedures of the site's catalogue, each with its page (the
	// list itself is among sitemapPages).
	procs, err := procedure.NewStore(s.db, s.now).List(ctx, st.ID)
	if err != nil {
		return err
	}
	for i, p := range procs {
		if i == sitemapProcedures {
			break
		}
		t := p.UpdatedAt
		sm.entry("/dich-vu-cong/"+p.Code, &t)
	}
	if !st.Main {
		return nil
	}
	issues, _, err := s.gazette.Issues(ctx, st.ID, 0, false, 2000, 0)
	if err != nil || len(issues) == 0 {
		return err
	}
	sm.entry("/cong-bao", nil)
	for _, is := range issues {
		sm.entry(gazette.IssuePath(is), is.PublishedAt)
	}
	docs, _, err := s.gazette.Docs(ctx, gazette.Filter{SiteID: st.ID, States: []gazette.State{gazette.Published, gazette.Withdrawn}, Limit: 200})
	if err != nil {
		return err
	}
	for _, d := range docs {
		sm.entry(gazette.DocPath(d), d.PublishedAt)
	}
	return sm.err
}

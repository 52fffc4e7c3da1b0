package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// setupConsult makes the consultation store: periods from the rule sets,
// mail through the outbox in the comment's own transaction, and after
// every public change the site's cached pages dropped and the draft
// indexed again.
func (s *Server) setupConsult() {
	s.consult = consult.NewStore(s.db, consult.Options{Now: s.now, Rules: s.rules,
		Notify: func(ctx context.Context, tx *store.Tx, to, subject, text string) error {
			return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: subject, Text: text})
		},
		BaseURL: func(siteID int64, path string) string { return s.absoluteURL(siteID, path) },
		Changed: func(siteID, id int64) {
			s.contentChanged(siteID, 0)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d, err := s.consult.Get(ctx, id)
			if err == nil {
				err = s.search.RefreshDraft(ctx, d)
			}
			if err != nil {
				s.log.Error("search index refresh", "draft", id, "err", err)
			}
		}})
	s.consultLimits = newLimiter(5, time.Minute)
	s.consultCounter = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cong_consult_comments_total", Help: "Comments on drafts received through the portal, by where they went: pending (awaiting moderation) or held (prohibited terms).",
	}, []string{"state"})
	s.metrics.reg.MustRegister(s.consultCounter)
}

// consultJobs: periods closed, and reminders sent, every 10 minutes.
func (s *Server) consultJobs(r *jobs.Runner) {
	r.Every("consult.watch", 10*time.Minute, func(ctx context.Context, now time.Time) error {
		n, err := s.consult.Watch(ctx, now)
		if n > 0 {
			s.log.Info("consultation reminders", "sent", n)
		}
		return err
	})
}

// Consult exposes the consultation store (the demo and the benchmarks).
func (s *Server) Consult() *consult.Store { return s.consult }

// consultListPage is /lay-y-kien.
type consultListPage struct {
	*Page
	Drafts []*consult.Draft
	Total  int
	Kinds  []string
	Sites  []*site.Site // the main portal's filter: sites with drafts
	Kind   string
	State  string
	SiteQ  string
	Query  string
	Prev   string
	Next   string
	now    time.Time
	sites  map[int64]*site.Site
}

// DraftURL is a draft's address, on its own site.
func (p *consultListPage) DraftURL(d *consult.Draft) string {
	if st, ok := p.sites[d.SiteID]; ok && st.ID != p.Site.ID {
		return (&Page{Lang: p.Lang, Site: st}).Link(consult.Path(d.Slug))
	}
	return p.Link(consult.Path(d.Slug))
}

// SiteName is the name of a draft's site when it is another's.
func (p *consultListPage) SiteName(d *consult.Draft) string {
	if st, ok := p.sites[d.SiteID]; ok && st.ID != p.Site.ID {
		return st.DisplayName(p.Lang)
	}
	return ""
}

// StateOf is a draft's state now.
func (p *consultListPage) StateOf(d *consult.Draft) string { return d.StateAt(p.now).Label(p.Lang) }

// Open reports whether a draft takes comments now.
func (p *consultListPage) Open(d *consult.Draft) bool { return d.Accepting(p.now) }

// Left is the time left to comment, in words.
func (p *consultListPage) Left(d *consult.Draft) string { return timeLeft(p.Page, d.Remaining(p.now)) }

// timeLeft writes a duration as days and hours in the page's language.
func timeLeft(p *Page, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	out := ""
	if days > 0 {
		out = strconv.Itoa(days) + " " + p.T("cs.days") + " "
	}
	return out + strconv.Itoa(hours) + " " + p.T("cs.hours")
}

// consultList serves /lay-y-kien: open drafts first, then the closed
// ones and their syntheses, with filters; the main portal lists every
// site's drafts.
func (s *Server) consultList(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	q := r.URL.Query()
	p := &consultListPage{Page: s.publicPage(r, translate(lang, "cs.title")), Kinds: consult.Kinds, Kind: q.Get("loai"),
		State: q.Get("trang-thai"), SiteQ: q.Get("don-vi"), Query: vn.Clean(q.Get("q")), now: s.now()}
	f := consult.Filter{SiteID: st.ID, Kind: p.Kind, Q: p.Query, Page: pageNumber(q.Get("trang")), Size: 20}
	switch consult.State(p.State) {
	case consult.Open, consult.Closed, consult.Published:
		f.State = consult.State(p.State)
	default:
		p.State = ""
	}
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p.sites = map[int64]*site.Site{}
	for _, o := range all {
		p.sites[o.ID] = o
		if st.Main && o.Status == site.Active {
			p.Sites = append(p.Sites, o)
		}
	}
	if st.Main {
		f.SiteID = 0
		for _, o := range p.Sites {
			if o.Code == p.SiteQ {
				f.SiteID = o.ID
			}
		}
	}
	if p.Drafts, p.Total, err = s.consult.List(r.Context(), f); err != nil {
		return err
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("trang", strconv.Itoa(n))
		return p.Link("/lay-y-kien") + "?" + v.Encode()
	}
	if f.Page > 1 {
		p.Prev = link(f.Page - 1)
	}
	if f.Page*f.Size < p.Total {
		p.Next = link(f.Page + 1)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/consult_list", p)
}

// consultPage is a draft's public page.
type consultPage struct {
	*Page
	Draft       *consult.Draft
	Text        template.HTML
	Attachments []consultAttachment
	Versions    []*consult.Version
	Shown       int // the version shown
	Old         bool
	Open        bool
	Upcoming    bool
	Left        string
	Total       int // published comments
	General     int // on the draft as a whole
	Recent      []*consult.Comment
	Synthesis   *consult.Synthesis
	SynRows     int
	SynMore     bool // the table goes on on the synthesis's pages
	Shortened   bool
}

type consultAttachment struct{ Label, URL, Name string }

// Handled is how many comments of the synthesis got a handling.
func (p *consultPage) Handled(h string) int {
	if p.Synthesis == nil {
		return 0
	}
	return p.Synthesis.ByHandled[consult.Handling(h)]
}

// Who is a commenter as published.
func (p *consultPage) Who(c *consult.Comment) string { return c.Who(p.Lang) }

// Provision is where a comment is anchored, in words.
func (p *consultPage) Provision(c *consult.Comment) string {
	if c.Provision == "" {
		return p.T("cs.general")
	}
	if c.Version != p.Draft.Version {
		return c.Provision + " (" + p.T("cs.version") + " " + strconv.Itoa(c.Version) + ")"
	}
	return c.Provision
}

// CommentsURL lists the comments on a provision ("" for general ones).
func (p *consultPage) CommentsURL(anchor string) string {
	return p.Link(consult.Path(p.Draft.Slug)+"/y-kien") + "?muc=" + url.QueryEscape(anchor)
}

// FormURL is the comment form for a provision.
func (p *consultPage) FormURL(anchor string) string {
	u := p.Link(consult.Path(p.Draft.Slug) + "/gop-y")
	if anchor != "" {
		u += "?muc=" + url.QueryEscape(anchor)
	}
	return u + "#gop-y"
}

// synthesisPageRows is how many rows of a synthesis one page shows.
const synthesisPageRows = 50

// SynthesisURL is the page n of the whole synthesis table.
func (p *consultPage) SynthesisURL(n int) string {
	return p.Link(consult.Path(p.Draft.Slug)+"/tong-hop") + "?trang=" + strconv.Itoa(n)
}

// FileURL is the address of one of the synthesis documents.
func (p *consultPage) FileURL(ext string) string {
	return p.Link(consult.Path(p.Draft.Slug) + "/tong-hop." + ext)
}

// draftFor finds the public draft a request's path names on its site.
func (s *Server) draftFor(r *http.Request) (*consult.Draft, error) {
	d, err := s.consult.BySlug(r.Context(), siteOf(r).ID, r.PathValue("slug"))
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && !d.Public()) {
		return nil, errNotFound
	}
	return d, err
}

// consultShow serves /lay-y-kien/{slug}: the draft, its period and
// receiving unit, its text with a comment control on every provision,
// the latest published comments and, once published, the synthesis.
func (s *Server) consultShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	ctx, lang, now := r.Context(), langOf(r), s.now()
	p := &consultPage{Page: s.publicPage(r, d.Title), Draft: d, Shown: d.Version, Open: d.Accepting(now),
		Upcoming: d.Upcoming(now), Left: "", Shortened: d.Shortened}
	p.Description = d.DocKind + " – " + d.Agency
	if p.Open {
		p.Left = timeLeft(p.Page, d.Remaining(now))
	}
	body := d.Body
	if v, _ := strconv.Atoi(r.URL.Query().Get("phien-ban")); v > 0 && v != d.Version {
		if body, err = s.consult.VersionText(ctx, d.ID, v); err != nil {
			return err
		}
		p.Shown, p.Old = v, true
	}
	if p.Versions, err = s.consult.Versions(ctx, d.ID); err != nil {
		return err
	}
	counts, err := s.consult.Counts(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, n := range counts {
		p.Total += n
	}
	p.General = counts[""]
	var form func(string) string
	if p.Open && !p.Old {
		form = p.FormURL
	}
	p.Text = renderDraftText(s.consult.Parsed(d.ID, p.Shown, body), counts, form, p.CommentsURL, lang)
	if err := s.draftAttachments(ctx, d, p); err != nil {
		return err
	}
	if p.Recent, err = s.consult.Recent(ctx, d.ID, 10); err != nil {
		return err
	}
	if d.State == consult.Published {
		syn, err := s.consult.Synthesis(ctx, d, lang)
		if err != nil {
			return err
		}
		// The page shows the table's first rows; the rest are on the
		// synthesis's own pages and in its documents.
		p.Synthesis, p.SynMore = syn.Page(1, synthesisPageRows, nil)
		p.SynRows = syn.Rows
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/consult_show", p)
}

// draftAttachments fills the attachment links of a draft's page.
func (s *Server) draftAttachments(ctx context.Context, d *consult.Draft, p *consultPage) error {
	list, err := s.consult.Attachments(ctx, d.ID)
	if err != nil || len(list) == 0 {
		return err
	}
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.MediaID
	}
	ms, err := s.media.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	for _, a := range list {
		if m, ok := ms[a.MediaID]; ok {
			p.Attachments = append(p.Attachments, consultAttachment{Label: a.Label, URL: m.URL(), Name: m.OriginalName})
		}
	}
	return nil
}

// consultSynthesisPage is one page of a published synthesis's table.
type consultSynthesisPage struct {
	*consultPage
	Prev, Next string
}

// consultSynthesis serves /lay-y-kien/{slug}/tong-hop?trang=N: the whole
// table of a published synthesis, a page of rows at a time.
func (s *Server) consultSynthesis(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	if d.State != consult.Published {
		return errNotFound
	}
	lang := langOf(r)
	syn, err := s.consult.Synthesis(r.Context(), d, lang)
	if err != nil {
		return err
	}
	n := pageNumber(r.URL.Query().Get("trang"))
	p := &consultSynthesisPage{consultPage: &consultPage{Page: s.publicPage(r, translate(lang, "cs.synthesis")+" – "+d.Title), Draft: d, SynRows: syn.Rows}}
	var more bool
	p.Synthesis, more = syn.Page(n, synthesisPageRows, nil)
	if n > 1 {
		p.Prev = p.SynthesisURL(n - 1)
	}
	if more {
		p.Next = p.SynthesisURL(n + 1)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/consult_synthesis", p)
}

// consultCommentsPage lists a draft's published comments on one
// provision, or all of them, paged.
type consultCommentsPage struct {
	*consultPage
	Anchor   string
	Label    string
	Comments []*consult.Comment
	Prev     string
	Next     string
}

// consultComments serves /lay-y-kien/{slug}/y-kien?muc=…: the published
// comments (REQ-32: people can read what others said), with the handling
// once the synthesis is published.
func (s *Server) consultComments(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	ctx, lang := r.Context(), langOf(r)
	q := r.URL.Query()
	anchor := q.Get("muc")
	p := &consultCommentsPage{consultPage: &consultPage{Draft: d}, Anchor: anchor}
	p.Label = translate(lang, "cs.general")
	if anchor != "" {
		doc := s.consult.Parsed(d.ID, d.Version, d.Body)
		if n := doc.Find(anchor); n != nil {
			p.Label = consult.ProvisionLabel(doc, n)
		} else {
			p.Label = anchor
		}
	}
	p.Page = s.publicPage(r, translate(lang, "cs.published")+" – "+p.Label)
	const size = 50
	page := pageNumber(q.Get("trang"))
	list, err := s.consult.Published(ctx, d.ID, anchor, (page-1)*size, size+1)
	if err != nil {
		return err
	}
	link := func(n int) string {
		return p.Link(consult.Path(d.Slug)+"/y-kien") + "?muc=" + url.QueryEscape(anchor) + "&trang=" + strconv.Itoa(n)
	}
	if len(list) > size {
		list, p.Next = list[:size], link(page+1)
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	p.Comments = list
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/consult_comments", p)
}

// consultFeed serves /lay-y-kien/feed.atom: a site's public drafts, the
// newest opened first (the main portal's: every site's).
func (s *Server) consultFeed(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	f := consult.Filter{SiteID: st.ID, Size: 50}
	if st.Main {
		f.SiteID = 0
	}
	list, _, err := s.consult.List(r.Context(), f)
	if err != nil {
		return err
	}
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	byID := map[int64]*site.Site{}
	for _, o := range all {
		byID[o.ID] = o
	}
	base := s.baseURL(r)
	self := st.URL(langPath(lang, "/lay-y-kien/feed.atom"))
	feed := atomFeed{Lang: lang, ID: base + self, Title: translate(lang, "cs.feed") + " – " + st.DisplayName(lang),
		Author: atomPerson{Name: st.DisplayName(lang)},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + st.URL(langPath(lang, "/lay-y-kien"))}}}
	updated := st.CreatedAt
	for _, d := range list {
		owner := byID[d.SiteID]
		if owner == nil {
			continue
		}
		href := base + owner.URL(langPath(lang, consult.Path(d.Slug)))
		e := atomEntry{ID: href, Title: d.Title, Link: atomLink{Href: href}, Author: atomPerson{Name: d.Agency},
			Updated: d.UpdatedAt.UTC().Format(time.RFC3339), Category: &atomCat{Term: string(d.State), Label: d.State.Label(lang)}}
		if d.OpensAt != nil {
			e.Published = d.OpensAt.UTC().Format(time.RFC3339)
			e.Summary = fmt.Sprintf("%s – %s: %s – %s", d.DocKind, d.Agency, vn.DateTimeWords(d.OpensAt.In(vn.ICT)), vn.DateTimeWords(d.ClosesAt.In(vn.ICT)))
			if lang == "en" {
				e.Summary = fmt.Sprintf("%s – %s: %s – %s", d.DocKind, d.Agency, d.OpensAt.In(vn.ICT).Format("2 Jan 2006 15:04"), d.ClosesAt.In(vn.ICT).Format("2 Jan 2006 15:04"))
			}
		}
		if d.UpdatedAt.After(updated) {
			updated = d.UpdatedAt
		}
		feed.Entries = append(feed.Entries, e)
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	return writeXML(w, "application/atom+xml; charset=utf-8", feed)
}

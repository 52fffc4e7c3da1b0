package web

import (
	"time"

	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// public adapts a public handler: errors become the site's own error
// page. A page being rendered (not served from the page cache) takes its
// place among the public reads first (admit).
func (s *Server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		release, err := s.admitPage(r)
		if err != nil {
			s.fail(w, r, err, true)
			return
		}
		defer release()
		s.run(w, r, h, true)
	})
}

// nationalServicesURL is the National Public Service Portal (Cổng Dịch vụ
// công quốc gia), where a province's administrative procedures are done
// online; every government portal links to it. Sites have no setting
// for it (the address is the same for every province).
const nationalServicesURL = "https://dichvucong.gov.vn/"

// homeMessages are the interface texts of the home page, added to the
// catalogue (messages) at start.
var homeMessages = map[string][2]string{
	"home.lead":           {"Tin nổi bật", "Featured"},
	"home.more":           {"Tin nổi bật khác", "More featured news"},
	"home.all":            {"Xem tất cả", "See all"},
	"home.all.of":         {"Xem tất cả tin của chuyên mục", "See all news in"},
	"home.photos":         {"Hình ảnh", "Photos"},
	"home.photos.videos":  {"Ảnh – Video", "Photos and videos"},
	"home.videos":         {"Video", "Videos"},
	"home.video.download": {"Tải video về", "Download the video"},
	"home.statements":     {"Phát ngôn của người phát ngôn", "Spokesperson statements"},
	"home.statements.all": {"Tất cả người phát ngôn và phát ngôn", "All spokespersons and statements"},
	"home.drafts":         {"Dự thảo đang lấy ý kiến", "Drafts open for comment"},
	"home.drafts.until":   {"góp ý đến", "comments until"},
	"home.drafts.all":     {"Tất cả dự thảo lấy ý kiến", "All drafts for comment"},
	"home.services":       {"Cổng Dịch vụ công quốc gia", "National Public Service Portal"},
	"home.services.lead":  {"Nộp hồ sơ, tra cứu thủ tục hành chính và theo dõi kết quả trực tuyến.", "File applications, look up administrative procedures and follow their results online."},
	"home.quick.legal":    {"Tra cứu văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành", "Laws, decrees and the province's decisions, searchable"},
	"home.quick.feedback": {"Về quy định, thủ tục hành chính và dịch vụ công; theo dõi bằng mã hồ sơ", "On regulations, procedures and public services; followed by its code"},
	"home.quick.qa":       {"Các câu hỏi đã được trả lời công khai", "Questions answered in public"},
	"home.sites.lead":     {"Cổng thông tin của các sở, ban, ngành và chính quyền cấp xã trong tỉnh.", "The portals of the province's departments and communes."},
}

func init() {
	for k, v := range homeMessages {
		messages[k] = v
	}
}

// homePage is a site's home page: the lead story (the newest featured
// article, with its cover) and the other featured items; the latest
// articles (on the main portal, from every site, labelled by source); a
// block per category that editors put on the home page, with
// thumbnails; quick links; the latest spokesperson statements; the
// newest covers as photos and the site's newest videos; and, on the main
// portal, the component sites grouped by kind; the drafts open for comment (on the main portal,
// every site's). The province has no leaders' schedule or gazette yet, so
// the page shows none (no empty box, no dead link).
type homePage struct {
	*Page
	Components []*site.Site
	Featured   []*content.Item // the lead first
	Lead       *homeStory
	Latest     []*content.Item
	Blocks     []homeBlock
	Statements []homeStatement
	Drafts     []homeDraft
	HasGazette bool // the main portal has published a gazette issue
	Photos     []homeStory
	Videos     []homeVideo
	SiteGroups []homeSiteGroup
	SiteNames  map[int64]*site.Site // component sites, to label and link their items
	covers     map[int64]*media.Media
}

// homeDraft is a draft open for comment as the home page lists it.
type homeDraft struct {
	URL, Title, Agency, SiteName, Closes, ClosesOn string
}

// homeDrafts are the drafts open for comment now, closing soonest first:
// the site's, or on the main portal every active site's.
func (s *Server) homeDrafts(r *http.Request, p *homePage) ([]homeDraft, error) {
	f := consult.Filter{SiteID: p.Site.ID, State: consult.Open, Size: homeDraftsShown, ActiveSites: true}
	if p.Site.Main {
		f.SiteID = 0
	}
	list, _, err := s.consult.List(r.Context(), f)
	if err != nil {
		return nil, err
	}
	out := make([]homeDraft, 0, len(list))
	for _, d := range list {
		h := homeDraft{Title: d.Title, Agency: d.Agency, URL: p.Link(consult.Path(d.Slug))}
		if d.SiteID != p.Site.ID {
			st, ok := p.SiteNames[d.SiteID] // active (the filter), so listed
			if !ok {
				continue // made a moment ago
			}
			h.URL, h.SiteName = (&Page{Lang: p.Lang, Site: st}).Link(consult.Path(d.Slug)), st.DisplayName(p.Lang)
		}
		if d.ClosesAt != nil {
			h.Closes, h.ClosesOn = p.DateTime(*d.ClosesAt), d.ClosesAt.UTC().Format(time.RFC3339)
		}
		out = append(out, h)
	}
	return out, nil
}

// homeVideo is a video of the site's media library as the home page
// shows it: played only when the reader asks (controls, preload none, no
// autoplay: REQ-54), with its captions when the library has them (WCAG
// 1.2.2), its text (the upload's alternative text, or its file name) and
// a link to download it.
type homeVideo struct {
	Src, Type string // the file and its MIME type
	Captions  string // the WebVTT file, or ""
	Title     string
	Format    string // "MP4", "WebM"
	Size      string // "3,2 MB"
}

// homeVideosShown is how many videos the home page shows.
const homeVideosShown = 2

// homeVideos are the site's newest videos, homeVideosShown at most, with
// their captions: two bounded queries.
func (s *Server) homeVideos(r *http.Request, p *homePage) ([]homeVideo, error) {
	videos, err := s.media.RecentVideos(r.Context(), p.Site.ID, homeVideosShown)
	if err != nil || len(videos) == 0 {
		return nil, err
	}
	captions, err := s.media.Captions(r.Context(), p.Site.ID, videos)
	if err != nil {
		return nil, err
	}
	out := make([]homeVideo, 0, len(videos))
	for _, m := range videos {
		v := homeVideo{Src: m.URL(), Type: m.MIME, Title: m.Alt, Format: strings.ToUpper(m.Ext), Size: fileSize(m.Size, p.Lang)}
		if m.Ext == "webm" {
			v.Format = "WebM"
		}
		if v.Title == "" {
			v.Title = strings.TrimSuffix(m.OriginalName, path.Ext(m.OriginalName))
		}
		if c := captions[m.ID]; c != nil {
			v.Captions = c.URL()
		}
		out = append(out, v)
	}
	return out, nil
}

// fileSize writes a size in bytes as readers read it: "850 KB", "3,2 MB"
// (in English "3.2 MB").
func fileSize(n int64, lang string) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", max(1, (n+1023)>>10))
	}
	out := fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	if lang != "en" {
		out = strings.Replace(out, ".", ",", 1)
	}
	return out
}

// homeDraftsShown is how many open drafts the home page lists.
const homeDraftsShown = 5

// ServicesURL is the National Public Service Portal.
func (p *homePage) ServicesURL() string { return nationalServicesURL }

// MoreFeatured are the featured items after the lead.
func (p *homePage) MoreFeatured() []*content.Item {
	if len(p.Featured) < 2 {
		return nil
	}
	return p.Featured[1:]
}

type homeBlock struct {
	Category *content.Category
	Items    []*content.Item
}

// homeStory is an item as the home shows it: its teaser and its cover.
type homeStory struct {
	teaserData
	Cover *homeCover
}

// homeCover is an item's cover as an <img> (and a WebP <source>) prints
// it: the variant src, the srcsets, the size that keeps the layout from
// shifting while it loads, and the item's text for it.
type homeCover struct {
	Src, Srcset, WebP string
	Width, Height     int
	Alt               string
}

// homeStatement is a statement of a spokesperson.
type homeStatement struct {
	homeStory
	Speaker string
}

// homeSiteGroup is the component sites of one kind.
type homeSiteGroup struct {
	Kind  site.Kind
	Label string
	Sites []*site.Site
}

// Stories are the block's items with their thumbnails.
func (p *homePage) Stories(items []*content.Item) []homeStory {
	ts := teasers(p.Page, items, p.SiteNames)
	out := make([]homeStory, len(items))
	for i, it := range items {
		out[i] = homeStory{teaserData: ts[i], Cover: p.cover(it, 320)}
	}
	return out
}

// cover is the cover of it, with the smallest variant at least width
// pixels wide as its src, or nil when it has none (or its upload is gone).
func (p *homePage) cover(it *content.Item, width int) *homeCover {
	m := p.covers[it.Rev.CoverMediaID]
	if m == nil || len(m.Variants) == 0 || m.Width == 0 {
		return nil
	}
	format := m.Format()
	var pick media.Variant
	for _, v := range m.Variants { // smallest first
		if v.Format != format {
			continue
		}
		pick = v
		if v.Width >= width {
			break
		}
	}
	if pick.Path == "" {
		return nil
	}
	alt := it.Rev.CoverAlt
	if alt == "" {
		alt = m.Alt
	}
	return &homeCover{Src: pick.URL(), Srcset: media.Srcset(m, format), WebP: media.Srcset(m, "webp"),
		Width: pick.Width, Height: pick.Width * m.Height / m.Width, Alt: alt}
}

// Limits of the home page's lists: each is one index range of at most
// this many rows.
const (
	homeFeatured   = 4  // the lead and three more
	homeLatest     = 8  // articles in "Tin mới"
	homeBlockItems = 4  // items per home block
	homeBlocks     = 8  // home blocks at most
	homePhotoScan  = 40 // newest items looked through for covers
	homePhotos     = 6
	homeStatements = 4
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &homePage{Page: s.publicPage(r, ""), SiteNames: map[int64]*site.Site{}, covers: map[int64]*media.Media{}}
	ids := []int64{p.Site.ID}
	if p.Site.Main {
		all, err := s.sites.List(ctx)
		if err != nil {
			return err
		}
		for _, st := range all {
			if !st.Main {
				p.Components = append(p.Components, st)
				if st.Status == site.Active {
					ids = append(ids, st.ID)
					p.SiteNames[st.ID] = st
				}
			}
		}
		p.SiteGroups = groupSites(p.Components, p.Lang)
	}
	lang := langOf(r)
	var err error
	if p.Featured, _, err = s.content.Published(ctx, content.Public{SiteIDs: []int64{p.Site.ID}, Lang: lang, Featured: true, Limit: homeFeatured}); err != nil {
		return err
	}
	// The latest news are articles: legal documents, announcements and
	// the other kinds have their own pages and blocks, and a law imported
	// with its date of 2010 is not news.
	if p.Latest, _, err = s.content.Published(ctx, content.Public{SiteIDs: ids, Kind: content.Article, Lang: lang, HideCopied: true, Limit: homeLatest}); err != nil {
		return err
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	for _, c := range p.Categories {
		if !c.HomeBlock || len(p.Blocks) == homeBlocks {
			continue
		}
		items, _, err := s.content.Published(ctx, content.Public{SiteIDs: []int64{p.Site.ID}, CategoryID: c.ID, Lang: lang, Limit: homeBlockItems})
		if err != nil {
			return err
		}
		if len(items) > 0 { // a block with nothing in this language is left out
			p.Blocks = append(p.Blocks, homeBlock{Category: c, Items: items})
		}
	}
	// Photos: the covers of the site's newest items, looked for among a
	// bounded number of them (one index range), never the whole site.
	recent, _, err := s.content.Published(ctx, content.Public{SiteIDs: []int64{p.Site.ID}, Lang: lang, Limit: homePhotoScan})
	if err != nil {
		return err
	}
	var withCover []*content.Item
	for _, it := range recent {
		if it.Rev.CoverMediaID != 0 && len(withCover) < homePhotos {
			withCover = append(withCover, it)
		}
	}
	statements, err := s.homeStatements(r, ids, lang)
	if err != nil {
		return err
	}
	if p.Drafts, err = s.homeDrafts(r, p); err != nil {
		return err
	}
	if p.Site.Main {
		latest, _, err := s.gazette.Issues(ctx, p.Site.ID, 0, false, 1, 0)
		if err != nil {
			return err
		}
		p.HasGazette = len(latest) > 0
	}
	// The covers shown, each upload read once.
	need := map[int64]bool{}
	for _, list := range [][]*content.Item{p.Featured[:min(1, len(p.Featured))], withCover} {
		for _, it := range list {
			need[it.Rev.CoverMediaID] = true
		}
	}
	for _, b := range p.Blocks {
		for _, it := range b.Items {
			need[it.Rev.CoverMediaID] = true
		}
	}
	delete(need, 0)
	coverIDs := make([]int64, 0, len(need))
	for id := range need {
		coverIDs = append(coverIDs, id)
	}
	found, err := s.media.GetMany(ctx, coverIDs)
	if err != nil {
		return err
	}
	for id, m := range found {
		if m.Kind == media.Image {
			p.covers[id] = m
		}
	}
	if len(p.Featured) > 0 {
		lead := p.Stories(p.Featured[:1])[0]
		lead.Cover = p.cover(p.Featured[0], 1024)
		p.Lead = &lead
	}
	p.Photos = p.Stories(withCover)
	// Videos: the site's newest in its media library, on the Vietnamese
	// home only (their texts and captions are Vietnamese, as the English
	// home's photos are those of its English items).
	if p.Lang == "vi" {
		if p.Videos, err = s.homeVideos(r, p); err != nil {
			return err
		}
	}
	for _, st := range statements {
		p.Statements = append(p.Statements, homeStatement{homeStory: p.Stories([]*content.Item{st.item})[0], Speaker: st.speaker})
	}
	return s.tmpl.render(w, http.StatusOK, "public/home", p)
}

type statementItem struct {
	item    *content.Item
	speaker string
}

// homeStatements are the newest statements of the spokespersons of the
// sites ids (REQ-38), at most homeStatements: each spokesperson's newest
// few from their own index range, then the items by id.
func (s *Server) homeStatements(r *http.Request, ids []int64, lang string) ([]statementItem, error) {
	ctx := r.Context()
	list, err := s.dir.Spokespersons(ctx, ids, s.dir.Today())
	if err != nil || len(list) == 0 {
		return nil, err
	}
	spIDs := make([]int64, len(list))
	names := map[int64]string{}
	for i, sp := range list {
		spIDs[i] = sp.ID
		names[sp.ID] = sp.FullName
	}
	said, err := s.dir.Statements(ctx, spIDs, homeStatements)
	if err != nil {
		return nil, err
	}
	var itemIDs []int64
	by := map[int64]string{}
	for sp, l := range said {
		for _, id := range l {
			itemIDs = append(itemIDs, id)
			by[id] = names[sp]
		}
	}
	if len(itemIDs) == 0 {
		return nil, nil
	}
	items, _, err := s.content.Published(ctx, content.Public{SiteIDs: ids, IDs: itemIDs, Lang: lang, Limit: homeStatements})
	if err != nil {
		return nil, err
	}
	out := make([]statementItem, len(items))
	for i, it := range items {
		out[i] = statementItem{item: it, speaker: by[it.ID]}
	}
	return out, nil
}

// groupSites puts the component sites in groups by kind, in the order
// of site.Kinds (departments, then communes, other agencies and the
// archived districts).
func groupSites(sites []*site.Site, lang string) []homeSiteGroup {
	var out []homeSiteGroup
	for _, k := range site.Kinds {
		g := homeSiteGroup{Kind: k, Label: k.Label(lang)}
		for _, st := range sites {
			if st.Kind == k {
				g.Sites = append(g.Sites, st)
			}
		}
		if len(g.Sites) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func (s *Server) intro(w http.ResponseWriter, r *http.Request) error {
	p := &introPage{Page: s.publicPage(r, translate(langOf(r), "intro"))}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	var err error
	if p.Merges, err = s.mergesInto(r, p.Site); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/intro", p)
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "contact"))
	if err := s.loadMenu(r, p); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/contact", p)
}

func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "sitemap"))
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p.Sites = all
	if err := s.loadMenu(r, p); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/sitemap", p)
}

func (s *Server) publicNotFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database takes a write now, so a load
// balancer sends no traffic to a node that cannot serve it: a database
// that is unreachable, locked beyond the busy timeout, out of disk or
// read-only is 503 with the cause in the body, such as
// "not ready: ổ đĩa đầy (disk full: 0 B free on the file system of /srv/cong)".
// A change between ready and not ready is logged once (ERROR, with the
// cause; INFO when it is ready again), not at every poll.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err := s.db.ProbeWrite(r.Context(), s.now(), min(store.BusyTimeout, s.requestTimeout))
	if err != nil {
		cause := s.db.Cause(err)
		if !s.notReady.Swap(true) {
			f, _ := s.db.Diagnose(err)
			s.log.Error("readyz: not ready", "fault", f.String(), "cause", cause)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %s\n", cause)
		return
	}
	if s.notReady.Swap(false) {
		s.log.Info("readyz: ready again")
	}
	w.Write([]byte("ready\n"))
}

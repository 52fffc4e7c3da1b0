package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/cache"
)

// Tags of the page cache. Every public page carries the tag of its site;
// the main portal's home, which shows the news of every site, carries
// tagHome too; an article carries its item (and the site it was taken
// from, which it links to).
const tagHome = "home"

// searchPath is the search page, whose results are never cached.
const searchPath = "/tim-kiem"

func siteTag(id int64) string { return "site:" + strconv.FormatInt(id, 10) }
func itemTag(id int64) string { return "item:" + strconv.FormatInt(id, 10) }

// newPageCache builds the page cache from the options; nil when the
// operator turned it off (PageCacheBytes < 0).
func newPageCache(o Options) *cache.Cache {
	if o.PageCacheBytes < 0 {
		return nil
	}
	return cache.New(cache.Options{MaxBytes: o.PageCacheBytes, TTL: o.PageCacheTTL, Now: o.Now,
		OnInvalidate: o.OnInvalidate})
}

// pageCache serves a site's public pages from memory. It sits inside
// sitePages, so the site and language are known. Staff (anyone carrying
// the session cookie) bypass it: they must see a change the moment they
// make it, and an anonymous page depends on no cookie — the language is
// in the path — so nothing else needs to.
//
// Cached pages go out with "Cache-Control: public, max-age=0,
// s-maxage=60" and "CDN-Cache-Control: max-age=60,
// stale-while-revalidate=300" (see cache.Options): browsers revalidate
// every view with the ETag (a 304 from memory), so a reader who reloads
// never sees an unpublished item; a CDN keeps a page a minute and serves
// the old copy while it refetches. This node itself never serves an
// unpublished item once the unpublishing is committed.
func (s *Server) pageCache(next http.Handler) http.Handler {
	if s.pages == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sitePathOf(r) == searchPath { // see searchPublic: result pages are not cached
			w.Header().Set("X-Cache", cache.Bypass)
			next.ServeHTTP(w, r)
			return
		}
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || s.signedInStaff(r) {
			w.Header().Set("X-Cache", cache.Bypass)
			if r.Method == http.MethodGet {
				// Rendered for someone signed in: no shared cache keeps it.
				w.Header().Set("Cache-Control", "private, no-cache")
			}
			next.ServeHTTP(w, r)
			return
		}
		st := siteOf(r)
		tags := []string{siteTag(st.ID)}
		if st.Main && sitePathOf(r) == "/" {
			tags = append(tags, tagHome)
		}
		key, query := pageKey(r.Host, outerURL(r))
		// The page is rendered from what its key holds and nothing else:
		// the handler sees the known parameters in their canonical form,
		// never one the key left out.
		u := *r.URL
		u.RawQuery = query
		keyed := r.WithContext(r.Context())
		keyed.URL = &u
		s.pages.Serve(w, keyed, key, tags, next)
		r.Pattern = keyed.Pattern // for sitePages, which labels the metrics
	})
}

// signedInStaff reports whether r carries a live staff session. A cookie
// that names no session (forged, or expired) does not bypass the cache:
// otherwise anyone could make every request render afresh.
func (s *Server) signedInStaff(r *http.Request) bool {
	token := s.sessionToken(r)
	if token == "" {
		return false
	}
	_, err := s.sessions.Lookup(r.Context(), token)
	return err == nil
}

// cacheHits answers an anonymous GET from the page cache before the
// router and the cross-origin check, which a cached public page does not
// need; anything else goes on to next (where pageCache stores misses).
func (s *Server) cacheHits(next http.Handler) http.Handler {
	if s.pages == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !s.signedInStaff(r) &&
			s.pages.ServeHit(w, r, hitKey(r)) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hitKey is pageKey for a request not yet routed, whose URL is still the
// one it was sent with.
func hitKey(r *http.Request) string {
	key, _ := pageKey(r.Host, r.URL)
	return key
}

// tagPage adds tags to the page being rendered for r (see cache.Tag).
func tagPage(r *http.Request, tags ...string) { cache.Tag(r, tags...) }

// contentChanged drops the pages that may show a change to the content
// of a site (an item's state, slug, category or featured flag, or a
// category): every page of the site, and the main portal's home. The
// domain packages call it after they commit.
func (s *Server) contentChanged(siteID, itemID int64) {
	s.menus.reset()
	if s.pages == nil {
		return
	}
	tags := []string{siteTag(siteID), tagHome}
	if itemID != 0 {
		tags = append(tags, itemTag(itemID))
	}
	s.pages.Invalidate(tags...)
}

// sitesChanged drops every page: site names, menus and footers appear on
// all of them. Call it after the resolver reloaded, or a page rendered in
// between would be stored with the old site.
func (s *Server) sitesChanged() {
	s.menus.reset()
	if s.pages != nil {
		s.pages.Invalidate(cache.TagAll)
	}
}

// invalidationChannel is the PostgreSQL channel on which nodes announce
// cache invalidations to each other.
const invalidationChannel = "cong_cache"

// nodeID names this process among the nodes sharing a database.
func nodeID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ListenForInvalidations applies the invalidations other nodes announce
// until ctx ends (PostgreSQL only: SQLite serves one node), so an
// unpublished item is never served again on any node. A site change
// (TagAll) also reloads the site routing at once. ready, when not nil, is
// closed once the node listens.
func (s *Server) ListenForInvalidations(ctx context.Context, ready chan<- struct{}) {
	s.db.Listen(ctx, invalidationChannel, func(payload string) {
		from, list, ok := strings.Cut(payload, "|")
		if !ok || from == s.node || list == "" {
			return
		}
		tags := strings.Split(list, ",")
		s.menus.reset()
		if s.pages != nil {
			s.pages.InvalidateLocal(tags...)
		}
		for _, t := range tags {
			if t == cache.TagAll {
				if err := s.resolver.Reload(ctx); err != nil {
					s.log.Warn("reload sites after another node's change", "err", err)
				}
			}
		}
	}, ready)
}

// The page cache's keys. A page is stored under its host, its path and
// only the query parameters its route reads, each in a canonical form:
// otherwise "/?cb=RANDOM", "/van-ban?trang=01" or "/%67ioi-thieu" would
// each render the page afresh, and a few requests a second would keep
// the server busy. What the key leaves out the handler never sees
// (pageCache rewrites the query), so a page cannot depend on it.

// queryParam is a query parameter that some cached page reads.
type queryParam struct {
	name string
	// canon gives the value as the key and the handler get it; "" leaves
	// the parameter out (as absent, or as its default).
	canon func(string) string
}

// queryParams are the parameters read by cached pages, in the order a
// key lists them.
var queryParams = [...]queryParam{
	{"cap", asIs},          // /dich-vu-cong: administrative level (procedure_public.go)
	{"chuyen-muc", asIs},   // /nhan-tin-moi: the section chosen (subscription_public.go)
	{"co-quan", asIs},      // /van-ban: issuer
	{"da-bao-loi", set},    // an item: the reader's error report was received
	{"da-xoa", one},        // a feedback request's status: erased
	{"danh-gia", set},      // an item: the reader's rating was received (rating_routes.go)
	{"don-vi", asIs},       // /lay-y-kien on the main portal: the site
	{"hieu-luc", asIs},     // /van-ban: status
	{"ky", asIs},           // /thong-ke, /ngan-sach: the period, 2025, 2025-Q1 or 2025-03 (records_public.go)
	{"lanh-dao", asIs},     // /lich-cong-tac: the leader (schedule_public.go)
	{"linh-vuc", asIs},     // /cong-bao: field
	{"loai", asIs},         // /van-ban: type
	{"moi", one},           // a feedback request's status: just sent
	{"muc", asIs},          // a draft's comment form: the provision
	{"muc-do", asIs},       // /dich-vu-cong: online service level (procedure_public.go)
	{"nam", integer},       // /van-ban: year
	{"phien-ban", integer}, // a draft: an earlier version of its text
	{"q", asIs},            // /hoi-dap: words searched
	{"sap-xep", asIs},      // /van-ban: order
	{"sau", integer},       // /cong-bao/nhat-ky.json: the entries after this one
	{"trang", pageParam},   // every paged list
	{"trang-thai", asIs},   // /lay-y-kien: state
	{"tuan", weekParam},    // /lich-cong-tac: the week, 2026-W50 (schedule_public.go)
}

// pageRoutes are the routes of publicRoutes that read query parameters,
// each with those it reads, the more specific first (the first that
// matches a path is the one ServeMux runs). Every other page reads none.
// /tim-kiem reads many but its results are never cached (searchPath).
var pageRoutes = compileRoutes([]struct {
	pattern string
	params  []string
}{
	{"/van-ban", []string{"loai", "co-quan", "hieu-luc", "sap-xep", "nam", "trang"}},
	{"/hoi-dap", []string{"q", "trang"}},
	{"/hoi-dap/{code}", nil},
	{"/chuyen-muc/{slug}", []string{"trang"}},
	{"/nhan-tin-moi", []string{"chuyen-muc"}},
	{"/van-ban/tra-cuu", []string{"q"}},
	{"/tiep-can-thong-tin", []string{"nam", "trang"}},
	{"/tiep-can-thong-tin/danh-muc.xlsx", []string{"nam"}},
	{"/tiep-can-thong-tin/danh-muc.csv", []string{"nam"}},
	{"/lich-cong-tac", []string{"tuan", "lanh-dao"}},
	{"/lich-cong-tac/lich.ics", []string{"tuan"}},
	{"/lich-cong-tac/thay-doi.atom", []string{"tuan"}},
	{"/dinh-chinh", []string{"trang"}},
	{"/dich-vu-cong", []string{"linh-vuc", "co-quan", "cap", "muc-do", "q", "trang"}},
	{"/dich-vu-cong/{code}", []string{"nam"}},
	{"/du-an", []string{"linh-vuc", "loai", "trang-thai", "nam", "trang"}}, // records_public.go
	{"/ngan-sach", []string{"ky", "loai", "trang"}},
	{"/thong-ke", []string{"ky", "trang"}},
	{"/khoa-hoc", []string{"cap", "linh-vuc", "trang-thai", "trang"}},
	{"/ke-hoach", []string{"loai", "nam", "trang"}},
	{"/{kind}/{slug}", []string{"da-bao-loi", "danh-gia"}},
	{"/phan-anh-kien-nghi/{code}/{token}", []string{"moi", "da-xoa"}},
	{"/lay-y-kien", []string{"loai", "trang-thai", "don-vi", "q", "trang"}},
	{"/cong-bao", []string{"q", "nam", "co-quan", "loai", "linh-vuc", "trang"}},
	{"/cong-bao/nhat-ky.json", []string{"sau"}},
	{"/lay-y-kien/{slug}", []string{"phien-ban"}},
	{"/lay-y-kien/{slug}/y-kien", []string{"muc", "trang"}},
	{"/lay-y-kien/{slug}/tong-hop", []string{"trang"}},
	{"/lay-y-kien/{slug}/gop-y", []string{"muc"}},
})

// routeQuery is a route of pageRoutes: its path segments ("" for a
// wildcard) and its parameters, bit i standing for queryParams[i].
type routeQuery struct {
	segs   []string
	params uint32
}

func compileRoutes(list []struct {
	pattern string
	params  []string
}) []routeQuery {
	out := make([]routeQuery, len(list))
	for i, rt := range list {
		for seg := range strings.SplitSeq(rt.pattern[1:], "/") {
			if strings.HasPrefix(seg, "{") {
				seg = ""
			}
			out[i].segs = append(out[i].segs, seg)
		}
		for _, name := range rt.params {
			j := slices.IndexFunc(queryParams[:], func(p queryParam) bool { return p.name == name })
			if j < 0 {
				panic("web: route " + rt.pattern + " reads an undeclared query parameter " + name)
			}
			out[i].params |= 1 << j
		}
	}
	return out
}

// match reports whether the path (escaped, as canonicalPath gives it)
// is one of the route's.
func (rq *routeQuery) match(path string) bool {
	for _, want := range rq.segs {
		if path == "" || path[0] != '/' {
			return false
		}
		seg := path[1:]
		if i := strings.IndexByte(seg, '/'); i >= 0 {
			seg = seg[:i]
		}
		if seg == "" || (want != "" && seg != want) {
			return false
		}
		path = path[len(seg)+1:]
	}
	return path == ""
}

// paramsOf returns the parameters the page at path may read. The key is
// made before routing, when the site and language are not known yet, so
// the path within the site may be the whole path, or what follows a site
// prefix, the /en prefix or both: the page may read the parameters of
// any of them. (Reading more than it does only costs a few more keys;
// reading fewer would break the page.)
func paramsOf(path string) uint32 {
	var params uint32
	for range 3 {
		for i := range pageRoutes {
			if pageRoutes[i].match(path) {
				params |= pageRoutes[i].params
				break
			}
		}
		i := strings.IndexByte(path[min(1, len(path)):], '/')
		if i < 0 {
			break
		}
		path = path[i+1:]
	}
	return params
}

// pageKey returns the key of the page for a request to host and u (the
// URL as sent, before the site prefix is taken off), and the canonical
// query the page is rendered with. A key holds the host, since feeds and
// canonical links are written with it.
func pageKey(host string, u *url.URL) (key, query string) {
	path := canonicalPath(u)
	if u.RawQuery != "" {
		if params := paramsOf(path); params != 0 {
			query = canonicalQuery(u.RawQuery, params)
		}
	}
	if query == "" {
		return host + " " + path, ""
	}
	return host + " " + path + "?" + query, query
}

// canonicalPath is the path as ServeMux routes it (segment by segment,
// each unescaped) in one spelling: "/%67ioi-thieu" and "/gioi-thieu" are
// one page. An escaped slash stays escaped ("/static%2Fx" is one segment,
// a page of some site, and must not share the key of the file
// "/static/x"), and so do escaped dot segments, which ServeMux does not
// clean. Most paths are already canonical, and cost nothing.
func canonicalPath(u *url.URL) string {
	p := u.EscapedPath()
	if u.RawPath == "" && !strings.ContainsAny(u.Path, ";,") {
		return p // escaped by url.URL itself, as PathEscape would
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if v, err := url.PathUnescape(seg); err == nil && v != "." && v != ".." {
			segs[i] = url.PathEscape(v)
		}
	}
	return strings.Join(segs, "/")
}

// canonicalQuery keeps the parameters of raw named by params, the first
// value of each in its canonical form, in the order of queryParams.
func canonicalQuery(raw string, params uint32) string {
	var b strings.Builder
	for i := range queryParams {
		if params&(1<<i) == 0 {
			continue
		}
		v, ok := firstValue(raw, queryParams[i].name)
		if !ok {
			continue
		}
		if v = queryParams[i].canon(v); v == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(queryParams[i].name) // none needs escaping
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	return b.String()
}

// firstValue finds the first value of name in a raw query, decoded the
// way url.ParseQuery decodes it, without building the whole map.
func firstValue(raw, name string) (string, bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if strings.Contains(pair, ";") { // url.ParseQuery refuses these
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if k != name {
			if !strings.ContainsAny(k, "%+") {
				continue
			}
			if k, err := url.QueryUnescape(k); err != nil || k != name {
				continue
			}
		}
		if v, err := url.QueryUnescape(v); err == nil {
			return v, true
		}
	}
	return "", false
}

// Canonical forms of parameter values (queryParam.canon).

func asIs(v string) string { return v }

// set is for a flag read as "present and not empty".
func set(v string) string {
	if v == "" {
		return ""
	}
	return "1"
}

// one is for a flag read as "equal to 1".
func one(v string) string {
	if v != "1" {
		return ""
	}
	return "1"
}

// integer is for a number where anything else, and 0, mean "no filter".
func integer(v string) string {
	n, err := strconv.Atoi(v)
	if err != nil || n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func pageParam(v string) string {
	if n := pageNumber(v); n > 1 {
		return strconv.Itoa(n)
	}
	return ""
}

// maxPage is the last page number a list reads: page 100000 is far past
// the end of any list the portal holds, and (maxPage-1) × the page size
// stays far from overflowing an OFFSET (PostgreSQL refuses a negative one).
const maxPage = 100000

// pageNumber reads a list's page number ("trang"): every list reads it
// here. What is not a number, or is below 1, is the first page; a number
// past maxPage (however large) is maxPage, an empty page.
func pageNumber(v string) int {
	n, err := strconv.Atoi(v)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-"):
		return maxPage
	case err != nil || n < 1:
		return 1
	}
	return min(n, maxPage)
}

// outerURL is the URL r was sent with, before sitePages took the site
// and language prefixes off its path.
func outerURL(r *http.Request) *url.URL {
	if r.RequestURI != "" {
		if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
			return u
		}
	}
	return r.URL
}

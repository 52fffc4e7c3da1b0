package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
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
		s.pages.Serve(w, r, pageKey(r), tags, next)
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

// pageKey names a page: host and the request URI as sent (with the site
// prefix, the /en language prefix and the query), which together decide
// the page; so the same key can be computed before routing.
func pageKey(r *http.Request) string {
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	return r.Host + " " + uri
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
			s.pages.ServeHit(w, r, pageKey(r)) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// tagPage adds tags to the page being rendered for r (see cache.Tag).
func tagPage(r *http.Request, tags ...string) { cache.Tag(r, tags...) }

// contentChanged drops the pages that may show a change to the content
// of a site (an item's state, slug, category or featured flag, or a
// category): every page of the site, and the main portal's home. The
// domain packages call it after they commit.
func (s *Server) contentChanged(siteID, itemID int64) {
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
